"""Shared by the dossier pages: who may press which step, labels, service errors as form errors or messages,
and the rules' preview worded for the page (HIV categories masked)."""

from dataclasses import dataclass, field
from datetime import date
from functools import wraps

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beneficiaries.selectors import HIV_PERMISSION
from policy.models import Category

from .. import printing
from ..assessment import Preview
from ..models import Decision, Dossier

Status = Dossier.Status

# Who may press a step's button at all (else 403); the service then checks the exact role, the unit and
# maker ≠ checker, and its refusal comes back as a message.
STEP_PERMISSIONS = {
    "submit": ("dossiers.submit_dossier",),
    "post": ("dossiers.review_dossier",),
    "forward": ("dossiers.review_dossier", "dossiers.submit_dossier"),
    "appraise": ("dossiers.appraise_dossier",),
    "return": ("dossiers.review_dossier", "dossiers.appraise_dossier", "dossiers.decide_dossier"),
    "approve": ("dossiers.decide_dossier",),
    "reject": ("dossiers.decide_dossier", "dossiers.appraise_dossier"),
}
EVENT_LABELS = {
    "open": gettext_lazy("Lập hồ sơ"),
    "edit": gettext_lazy("Sửa hồ sơ"),
    "submit": gettext_lazy("Nộp hồ sơ"),
    "post": gettext_lazy("Duyệt và niêm yết công khai"),
    "appraise": gettext_lazy("Thẩm định đạt"),
    "return": gettext_lazy("Trả lại để bổ sung"),
    "approve": gettext_lazy("Quyết định hưởng"),
    "reject": gettext_lazy("Không đủ điều kiện"),
}
# Fields the rules name that are facts of the person (or of a signature) rather than of the dossier form.
FIELD_LABELS = {
    "attachments": gettext_lazy("Giấy tờ đính kèm"),
    "birth_date": gettext_lazy("Ngày sinh"),
    "poverty": gettext_lazy("Hộ nghèo/cận nghèo"),
    "hiv": gettext_lazy("Xác nhận nhiễm HIV"),
    "village": gettext_lazy("Thôn/ấp"),
    "number": gettext_lazy("Số văn bản"),
    "signed_on": gettext_lazy("Ngày ký"),
    "reasons": gettext_lazy("Lý do"),
    "reason": gettext_lazy("Lý do"),
}
DEADLINE_LABELS = {
    Status.SUBMITTED: gettext_lazy("Hạn xét duyệt tại xã"),
    Status.POSTED: gettext_lazy("Hạn chuyển hồ sơ sau niêm yết"),
    Status.FORWARDED: gettext_lazy("Hạn thẩm định"),
    Status.APPRAISED: gettext_lazy("Hạn ký quyết định"),
}


def any_permission_required(*perms):
    """403 unless the working role holds one of `perms` (Django's decorator wants all of them)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not any(request.user.has_perm(perm) for perm in perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def working_role(request) -> str:
    assignment = getattr(request, "assignment", None)
    return assignment.role if assignment is not None else ""


def field_label(name: str) -> str:
    if name in FIELD_LABELS:
        return str(FIELD_LABELS[name])
    try:
        return str(Dossier._meta.get_field(name).verbose_name).capitalize()
    except FieldDoesNotExist:
        return name


def error_messages(exc: ValidationError) -> list[str]:
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    return [
        message if name == "__all__" else f"{field_label(name)}: {message}"
        for name, errors in exc.message_dict.items()
        for message in errors
    ]


def add_service_errors(form, exc: ValidationError) -> None:
    """A service's errors on the form's own fields; facts of the person (age, household…) on top of the form."""
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for name, errors in exc.message_dict.items():
        for message in errors:
            if name in form.fields:
                form.add_error(name, message)
            else:
                form.add_error(None, message if name == "__all__" else f"{field_label(name)}: {message}")


def sees_hiv(request) -> bool:
    return request.user.has_perm(HIV_PERMISSION)


def is_masked(request, dossier: Dossier) -> bool:
    """An HIV category (5.3, 5.8) stays hidden from users without the HIV permission (SPEC §2)."""
    return bool(dossier.category_id and dossier.category.sensitive and not sees_hiv(request))


def decision_of(dossier: Dossier) -> Decision | None:
    decision = Decision.objects.select_related("unit", "signer").filter(dossier=dossier).first()
    if decision is not None:
        decision.dossier = dossier  # the scoped, select_related row: no second fetch
    return decision


# --- The preview card ---------------------------------------------------------------------------------------


@dataclass
class PreviewView:
    """The rules' answer, worded for the page (Art. 6.2 sentence included), HIV categories masked."""

    month: date
    amount: int | None = None
    coefficient: str = ""  # "2,5": Vietnamese decimal comma, no trailing zeros
    explanation: str = ""
    problems: list[tuple[str, str]] = field(default_factory=list)
    comparison: str = ""
    loses: bool = False  # the chosen category is not the one Art. 6.2 pays
    set_aside: list[str] = field(default_factory=list)
    current: list[str] = field(default_factory=list)
    hidden: bool = False


def preview_for_page(preview: Preview, dossier: Dossier, *, can_see_hiv: bool) -> PreviewView:
    sensitive: set[str] = set()
    if not can_see_hiv:
        sensitive = set(Category.objects.filter(sensitive=True).values_list("code", flat=True))
    view = PreviewView(month=preview.month)
    if dossier.category is not None and dossier.category.code in sensitive:
        view.hidden = True
        return view
    line = preview.line
    if line is not None:
        view.amount, view.explanation = line.amount, line.explanation
        view.coefficient = printing.coefficient_text(line.coefficient)
    view.problems = [(field_label(p.field), p.message) for p in preview.problems]
    view.current = [code for code in preview.current if code not in sensitive]
    compared = preview.compared
    if compared is None or line is None:
        return view
    winners = [x.category for x in compared.lines]
    codes = {*winners, *(x.category for x, _why in compared.set_aside)}
    others = sorted(code for code in codes if code != line.category and code not in sensitive)
    shown_winners = [code for code in winners if code not in sensitive] or ["—"]
    view.loses = line.category not in winners
    if others and len(winners) > 1:
        view.comparison = _(
            "Đối tượng cũng thuộc diện %(others)s; theo khoản 2 Điều 6, người đơn thân nuôi con thuộc hộ nghèo, "
            "hộ cận nghèo được hưởng cả hai: diện %(winners)s."
        ) % {"others": ", ".join(others), "winners": " và diện ".join(shown_winners)}
    elif others:
        view.comparison = _(
            "Đối tượng cũng có thể thuộc diện %(others)s; theo khoản 2 Điều 6 chỉ hưởng mức cao nhất: diện %(winner)s."
        ) % {"others": ", ".join(others), "winner": ", ".join(shown_winners)}
    view.set_aside = [why for x, why in compared.set_aside if x.category not in sensitive]
    return view
