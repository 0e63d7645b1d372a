"""Shared by the admission, resident and discharge services: the clock, the calendar, the actor checks and the
compare-and-set update with its `FacilityEvent`."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils import timezone

from accounts.jurisdiction import active_assignment
from accounts.models import Role
from core.selectors import WorkCalendar, work_calendar

from ..models import AdmissionCase, Facility, FacilityEvent, Resident


class ConcurrentChange(Exception):
    """Someone else changed the row first; the page shows the message and reloads."""

    message = "Hồ sơ vừa được người khác thay đổi. Vui lòng tải lại trang để xem nội dung mới nhất."


def today_or(today: date | None) -> date:
    return today or timezone.localdate()


def calendar_of(unit) -> WorkCalendar:
    return work_calendar(province=unit.province or unit)


def require_staff(actor, facility: Facility) -> None:
    """Only staff working at `facility` admit, discharge and manage its residents (SPEC §1)."""
    assignment = active_assignment(actor)
    if assignment is None or assignment.role != Role.FACILITY_STAFF or assignment.facility_id != facility.pk:
        raise PermissionDenied(
            "Chỉ cán bộ của cơ sở này được tiếp nhận, quản lý và giải quyết cho đối tượng rời cơ sở."
        )


def check_day(value: date | None, field: str, what: str, *, today: date, not_before: date | None = None) -> None:
    if value is None:
        raise ValidationError({field: f"{what}: vui lòng nhập ngày."})
    if value > today:
        raise ValidationError({field: f"{what} không được sau hôm nay."})
    if not_before is not None and value < not_before:
        raise ValidationError({field: f"{what} không được trước ngày {not_before:%d/%m/%Y}."})


def cas_update(row, *, expected_status: str | None = None, **changes) -> None:
    """Compare-and-set on `version` (and `status` for a case): raises ConcurrentChange when someone acted first."""
    model = type(row)
    lookup = {"pk": row.pk, "version": row.version}
    if expected_status is not None:
        lookup["status"] = expected_status
    if not model.objects.filter(**lookup).update(version=F("version") + 1, **changes):
        raise ConcurrentChange(ConcurrentChange.message)
    row.version += 1
    for name, value in changes.items():
        setattr(row, name, value)


def event(
    *,
    actor,
    action: str,
    case: AdmissionCase | None = None,
    resident: Resident | None = None,
    from_status: str = "",
    to_status: str = "",
    due_on: date | None = None,
    note: str = "",
) -> FacilityEvent:
    return FacilityEvent.objects.create(
        admission_case=case,
        resident=resident,
        action=action,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        due_on=due_on,
        note=note[:2000],
    )
