"""Shared by the admission and resident pages: service errors on forms, deadlines in working days, event labels."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.selectors import work_calendar

EVENT_LABELS = {
    "open": _("Lập hồ sơ"),
    "submit": _("Nộp hồ sơ"),
    "post": _("Duyệt và niêm yết công khai"),
    "forward": _("Chuyển Phòng thẩm định"),
    "appraise": _("Thẩm định đạt"),
    "to_province": _("Đề nghị Sở tiếp nhận"),
    "return": _("Trả lại để bổ sung"),
    "reject": _("Không tiếp nhận"),
    "place": _("Quyết định tiếp nhận vào cơ sở"),
    "admit": _("Vào cơ sở"),
    "edit": _("Cập nhật thông tin"),
    "file_done": _("Hoàn thiện hồ sơ tiếp nhận khẩn cấp"),
    "media_notice": _("Đã thông báo trên phương tiện truyền thông"),
    "discharge_propose": _("Đề nghị rời cơ sở"),
    "discharge_cancel": _("Rút đề nghị rời cơ sở"),
    "discharge": _("Quyết định rời cơ sở"),
}


def working_role(request) -> str:
    assignment = getattr(request, "assignment", None)
    return assignment.role if assignment is not None else ""


def apply_errors(form, exc: Exception) -> None:
    """A service's refusal on the form: on the named field when the form has it, else on top."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
        return
    for message in getattr(exc, "messages", None) or [str(exc)]:
        form.add_error(None, message)


@dataclass
class Deadline:
    day: date
    remaining: int  # working days left (0: due today); negative when overdue

    @property
    def overdue(self) -> bool:
        return self.remaining < 0


def deadline_of(due_on: date | None, unit) -> Deadline | None:
    if due_on is None:
        return None
    calendar = work_calendar(province=unit.province or unit)
    return Deadline(due_on, calendar.between(timezone.localdate(), due_on))


def history_of(events) -> list[dict]:
    return [
        {
            "at": e.at,
            "label": EVENT_LABELS.get(e.action, e.action),
            "actor": e.actor,
            "note": e.note,
            "due_on": e.due_on,
        }
        for e in events
    ]
