"""Shared checks and constants of the life-event services."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.jurisdiction import active_assignment
from accounts.models import Role

from ...facts import person_facts
from ...models import EndReason, Entitlement, LifeEvent, Person

Status = Entitlement.Status
OPEN = (Status.ACTIVE, Status.SUSPENDED)
# Reasons a commune officer records by hand; ADJUSTED and MOVED are written by the replacing events.
TERMINATION_REASONS = (
    EndReason.DEATH,
    EndReason.NOT_ELIGIBLE,
    EndReason.PRISON,
    EndReason.REFUSED,
    EndReason.REASSESSMENT,
    EndReason.AGED_OUT,
    EndReason.CATEGORY_ENDED,
)
# Circular 02 Art. 2.1.đ: ended 3 months after a suspension for not complying with re-assessment.
REASSESSMENT_WAIT_MONTHS = 3
# Entitlements that follow the person's own disability level (Art. 5.6, Art. 20.2) and those that follow the
# level of the person cared for (Art. 20.3, 20.4: especially severe only).
OWN_LEVEL_CATEGORIES = ("5.6", "20.2")
SUBJECT_LEVEL_CATEGORIES = ("20.3", "20.4")
# A turning-16 or turning-22 event may be recorded up to this many months ahead of the birthday month.
AGE_EVENT_LEAD_MONTHS = 3


# --- Shared checks ------------------------------------------------------------------------------------------


def _require_officer(actor, person: Person) -> None:
    assignment = active_assignment(actor)
    if assignment is None or assignment.role != Role.COMMUNE_OFFICER or assignment.unit_id != person.commune_id:
        raise PermissionDenied("Chỉ cán bộ cấp xã nơi đối tượng cư trú được ghi nhận sự kiện của đối tượng.")


def _check_day(value: date, field: str, person: Person, what: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: f"{what} không được sau hôm nay."})
    if value < person.birth_date:
        raise ValidationError({field: f"{what} không được trước ngày sinh của đối tượng."})


def _check_alive(person: Person, field: str) -> None:
    if person.death_date is not None:
        raise ValidationError({field: f"Đối tượng đã mất ngày {person.death_date:%d/%m/%Y}."})


def _open_entitlements(person: Person, *, statuses=OPEN, **filters) -> list[Entitlement]:
    return list(
        Entitlement.objects.filter(person=person, status__in=statuses, **filters)
        .select_related("category", "subject", "commune__province")
        .order_by("start_month", "pk")
    )


def _refuse_suspended(entitlements: list[Entitlement], field: str) -> None:
    suspended = [e.category.code for e in entitlements if e.status == Status.SUSPENDED]
    if suspended:
        raise ValidationError(
            {field: f"Chế độ diện {', '.join(suspended)} đang tạm dừng: ghi nhận tiếp tục hưởng hoặc thôi hưởng trước."}
        )


def _check_covers(entitlements: list[Entitlement], last_month: date, field: str) -> None:
    """The last paid month cannot fall before a row's first month (the row would have to pay one month)."""
    for entitlement in entitlements:
        if last_month < entitlement.start_month:
            raise ValidationError(
                {
                    field: f"Chế độ diện {entitlement.category.code} hưởng từ tháng "
                    f"{entitlement.start_month:%m/%Y}: tháng cuối được hưởng không thể trước tháng đó."
                }
            )


def _facts(person: Person, entitlement: Entitlement, month: date, **override):
    """The rules' facts for `entitlement` in `month`, read from `person` as it is now (new residence, level…)."""
    values = {
        "disability_level": entitlement.disability_level,
        "studying": entitlement.studying,
        "children_count": entitlement.children_count,
        "pregnant": entitlement.pregnant,
        "young_children_birth_dates": entitlement.young_children_birth_dates,
        "subject": entitlement.subject if entitlement.category.kind == "care" else None,
        "month": month,
    }
    values.update(override)
    return person_facts(person, **values)


def _ym(month: date) -> str:
    return f"{month:%Y-%m}"


def _birthday(birth_date: date, age: int) -> date:
    try:
        return birth_date.replace(year=birth_date.year + age)
    except ValueError:  # born on 29 February
        return date(birth_date.year + age, 3, 1)


def _new_event(person: Person, kind: str, *, actor, occurred_on: date, reason="", note="", data=None, **extra):
    return LifeEvent.objects.create(
        person=person,
        kind=kind,
        occurred_on=occurred_on,
        reason=reason,
        note=note,
        data=data or {},
        recorded_by=actor,
        **extra,
    )


def _covered_by_monthly(person: Person, month: date) -> bool:
    """Art. 11.1: the deceased was on the monthly allowance in the month of death (as dossiers.assessment)."""
    return (
        Entitlement.objects.filter(person=person, category__kind="monthly", start_month__lte=month)
        .exclude(end_month__lt=month)
        .exists()
    )


# --- Death and missing --------------------------------------------------------------------------------------
