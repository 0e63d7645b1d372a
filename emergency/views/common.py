"""Shared by the emergency pages: service refusals shown on forms or as messages, labels of events."""

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import Assessment, AssessmentPerson, Disbursement, Incident

EVENT_LABELS = {
    "create": _("Lập phiếu đánh giá"),
    "edit": _("Sửa thông tin thiệt hại"),
    "household": _("Đổi hộ gia đình"),
    "person_add": _("Thêm người bị thương, chết, mất tích"),
    "person_remove": _("Bỏ người bị thương, chết, mất tích"),
    "amount": _("Điều chỉnh số tiền hỗ trợ"),
    "propose": _("Đề xuất hỗ trợ"),
    "review": _("Xét duyệt"),
    "return": _("Trả lại để sửa"),
    "escalate": _("Chuyển cấp trên quyết định"),
    "approve": _("Quyết định hỗ trợ"),
    "reject": _("Quyết định không hỗ trợ"),
    "disbursed": _("Đã cấp phát đủ"),
}
EXTRA_LABELS = {
    "communes": _("Xã bị ảnh hưởng"),
    "head_name": _("Chủ hộ"),
    "birth_year": _("Năm sinh"),
    "reason": _("Lý do"),
    "sex": _("Giới tính"),
}


def field_label(name: str) -> str:
    if name in EXTRA_LABELS:
        return str(EXTRA_LABELS[name])
    for model in (Assessment, AssessmentPerson, Disbursement, Incident):
        try:
            return str(model._meta.get_field(name).verbose_name).capitalize()
        except FieldDoesNotExist:
            continue
    return name


def error_messages(exc: ValidationError) -> list[str]:
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    out = []
    for name, errors in exc.message_dict.items():
        for message in errors:
            # Service messages usually start with the field's label already ("Người nhận: …").
            named = name == "__all__" or message.startswith(field_label(name).split(" (")[0])
            out.append(message if named else f"{field_label(name)}: {message}")
    return out


def add_service_errors(form, exc: ValidationError, rename: dict | None = None) -> None:
    """A service's errors on the form's own fields; anything else above the form."""
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    rename = rename or {}
    for name, errors in exc.message_dict.items():
        target = rename.get(name, name)
        for message in errors:
            if target in form.fields:
                form.add_error(target, message)
            else:
                form.add_error(None, message if name == "__all__" else f"{field_label(name)}: {message}")


def flash_errors(request, exc: ValidationError) -> None:
    for message in error_messages(exc):
        messages.error(request, message)
