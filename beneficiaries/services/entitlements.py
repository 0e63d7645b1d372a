"""Writes for entitlements: grant, end, suspend, resume, adjust and move (decree20.md §5, Circular 02 Art. 2).

Each change is a compare-and-set on the row's status plus an append-only `EntitlementEvent` in the same
transaction. A change of facts or of paying commune ends the row and opens a new one from the next month, so
no month is paid twice and none is skipped.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from policy.rules import Line, add_months, first_of_month, months_between

from ..models import EndReason, Entitlement, EntitlementEvent

Status = Entitlement.Status


class ConcurrentChange(Exception):
    """The row changed under us: someone else acted first."""


def _cas(entitlement: Entitlement, *, expected: tuple[str, ...], **changes) -> None:
    updated = Entitlement.objects.filter(pk=entitlement.pk, status__in=expected).update(**changes)
    if not updated:
        raise ConcurrentChange("Chế độ này vừa được người khác thay đổi; vui lòng tải lại trang.")
    for name, value in changes.items():
        setattr(entitlement, name, value)


def _event(entitlement, kind, month, *, actor, reason="", note="", decision=None, life_event=None, arrears=()):
    return EntitlementEvent.objects.create(
        entitlement=entitlement,
        kind=kind,
        month=month,
        reason=reason,
        note=note,
        decision=decision,
        life_event=life_event,
        actor=actor,
        arrears_months=[f"{m:%Y-%m}" for m in arrears],
    )


@transaction.atomic
def entitlement_grant(
    *,
    person,
    category,
    commune,
    start_month: date,
    line: Line,
    actor,
    subject=None,
    decision=None,
    decision_number: str = "",
    decision_date: date | None = None,
    disability_level: str = "",
    studying: bool = False,
    children_count: int = 0,
    pregnant: bool = False,
    young_children_birth_dates: list[str] | None = None,
    note: str = "",
    life_event=None,
) -> Entitlement:
    """Open an entitlement from `start_month` with the amount the rules computed (kept beside it)."""
    entitlement = Entitlement.objects.create(
        person=person,
        subject=subject,
        category=category,
        commune=commune,
        decision=decision,
        decision_number=decision_number or (decision.number if decision else ""),
        decision_date=decision_date or (decision.signed_on if decision else None),
        start_month=first_of_month(start_month),
        disability_level=disability_level,
        studying=studying,
        children_count=children_count,
        pregnant=pregnant,
        young_children_birth_dates=young_children_birth_dates or [],
        coefficient=Decimal(line.coefficient),
        level=line.level,
        amount=line.amount,
        basis=line.explanation[:300],
    )
    _event(
        entitlement,
        EntitlementEvent.Kind.GRANTED,
        entitlement.start_month,
        actor=actor,
        decision=decision,
        note=note,
        life_event=life_event,
    )
    return entitlement


@transaction.atomic
def entitlement_end(
    *,
    entitlement: Entitlement,
    last_month: date,
    reason: str,
    actor,
    decision=None,
    life_event=None,
    note: str = "",
) -> Entitlement:
    """Stop paying after `last_month` (Circular 02 Art. 2.1: from the month after death or loss of eligibility)."""
    if reason not in EndReason.values:
        raise ValidationError({"reason": "Lý do thôi hưởng không hợp lệ."})
    last_month = first_of_month(last_month)
    if last_month < entitlement.start_month:
        # Ended before its first month (e.g. death before the decision took effect): it never pays. The row is
        # kept, voided, with its end the month before its start.
        last_month = add_months(entitlement.start_month, -1)
    _cas(
        entitlement,
        expected=(Status.ACTIVE, Status.SUSPENDED),
        status=Status.ENDED,
        end_month=last_month,
        end_reason=reason,
    )
    _event(
        entitlement,
        EntitlementEvent.Kind.ENDED,
        add_months(last_month, 1),
        actor=actor,
        reason=reason,
        decision=decision,
        life_event=life_event,
        note=note,
    )
    return entitlement


@transaction.atomic
def entitlement_suspend(*, entitlement: Entitlement, from_month: date, reason: str, actor, life_event=None, note=""):
    """Tạm dừng (Circular 02 Art. 2.3): nothing is paid from `from_month` until it is resumed."""
    _cas(entitlement, expected=(Status.ACTIVE,), status=Status.SUSPENDED)
    return _event(
        entitlement,
        EntitlementEvent.Kind.SUSPENDED,
        first_of_month(from_month),
        actor=actor,
        reason=reason,
        life_event=life_event,
        note=note,
    )


@transaction.atomic
def entitlement_resume(
    *, entitlement: Entitlement, from_month: date, pay_arrears: bool, actor, life_event=None, note=""
) -> EntitlementEvent:
    """Paid again from `from_month`; with arrears, the suspended months are listed for the next roll."""
    suspension = entitlement.events.filter(kind=EntitlementEvent.Kind.SUSPENDED).order_by("-at", "-id").first()
    from_month = first_of_month(from_month)
    if suspension is not None and from_month < suspension.month:
        raise ValidationError({"from_month": "Tháng tiếp tục hưởng phải sau tháng bắt đầu tạm dừng."})
    _cas(entitlement, expected=(Status.SUSPENDED,), status=Status.ACTIVE)
    arrears = []
    if pay_arrears and suspension is not None and suspension.month < from_month:
        arrears = months_between(suspension.month, add_months(from_month, -1))
    return _event(
        entitlement,
        EntitlementEvent.Kind.RESUMED,
        from_month,
        actor=actor,
        life_event=life_event,
        note=note,
        arrears=arrears,
    )


@transaction.atomic
def entitlement_replace(
    *,
    entitlement: Entitlement,
    from_month: date,
    line: Line,
    actor,
    reason: str,
    commune=None,
    category=None,
    life_event=None,
    decision=None,
    note: str = "",
    **facts,
) -> Entitlement:
    """End `entitlement` at the month before `from_month` and open its successor from `from_month` — a new
    disability level, a move to another commune (no gap, no double payment), or 5.1 → 5.2 at 16."""
    from_month = first_of_month(from_month)
    entitlement_end(
        entitlement=entitlement,
        last_month=add_months(from_month, -1),
        reason=reason,
        actor=actor,
        life_event=life_event,
        decision=decision,
        note=note,
    )
    keep = {
        "disability_level": entitlement.disability_level,
        "studying": entitlement.studying,
        "children_count": entitlement.children_count,
        "pregnant": entitlement.pregnant,
        "young_children_birth_dates": entitlement.young_children_birth_dates,
    }
    keep.update(facts)
    return entitlement_grant(
        person=entitlement.person,
        subject=entitlement.subject,
        category=category or entitlement.category,
        commune=commune or entitlement.commune,
        start_month=from_month,
        line=line,
        actor=actor,
        decision=decision,
        decision_number=decision.number if decision else entitlement.decision_number,
        decision_date=decision.signed_on if decision else entitlement.decision_date,
        note=note,
        life_event=life_event,
        **keep,
    )
