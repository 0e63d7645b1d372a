"""Events that stop or pause payment: death, declared missing, suspension and resumption, termination."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from policy.rules import add_months, first_of_month

from ...models import EndReason, Entitlement, EntitlementEvent, LifeEvent, Person, SuspendReason
from ..entitlements import (
    entitlement_end,
    entitlement_resume,
    entitlement_suspend,
)
from .common import (
    OPEN,
    REASSESSMENT_WAIT_MONTHS,
    TERMINATION_REASONS,
    Status,
    _check_alive,
    _check_day,
    _covered_by_monthly,
    _new_event,
    _open_entitlements,
    _require_officer,
    _ym,
)


@transaction.atomic
def life_event_record_death(
    *,
    actor,
    person: Person,
    died_on: date,
    organiser_name: str = "",
    organiser_relation: str = "",
    organiser_id_number: str = "",
    note: str = "",
) -> LifeEvent:
    """Báo tử. Every open entitlement the person receives, and care support paid for them as the person cared
    for, ends with the month of death as the last paid month (Circular 02 Art. 2.1: stops from the month after).
    When the person was on the monthly allowance that month, a funeral-support dossier (Art. 11.1, at least
    20 × the standard level of the month of death) is opened as a draft for the funeral organiser.
    """
    _require_officer(actor, person)
    _check_day(died_on, "died_on", person, "Ngày mất")
    # Lock the person row: two clerks recording the same death cannot both pass the check below.
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if locked.death_date is not None or LifeEvent.objects.filter(person=person, kind=LifeEvent.Kind.DEATH).exists():
        day = locked.death_date or died_on
        raise ValidationError({"died_on": f"Đối tượng đã được báo tử (ngày mất {day:%d/%m/%Y}); không ghi nhận lại."})
    month = first_of_month(died_on)
    to_end = list(
        Entitlement.objects.filter(Q(person=person) | Q(subject=person), status__in=OPEN)
        .select_related("category")
        .order_by("start_month", "pk")
    )
    funeral = _covered_by_monthly(person, month)
    person.death_date = died_on
    person.save(update_fields=["death_date", "updated_at"])
    dossier = None
    if funeral:
        from dossiers.services import dossier_open  # dossiers builds on beneficiaries: import at call time

        dossier = dossier_open(
            actor=actor,
            person=person,
            kind="funeral",
            death_date=died_on,
            organiser_name=organiser_name,
            organiser_relation=organiser_relation,
            organiser_id_number=organiser_id_number,
        )
    event = _new_event(
        person,
        LifeEvent.Kind.DEATH,
        actor=actor,
        occurred_on=died_on,
        reason=EndReason.DEATH,
        note=note,
        data={
            "last_paid_month": _ym(month),
            "ended": [e.pk for e in to_end],
            "funeral_dossier": dossier.pk if dossier else None,
            "funeral_amount": dossier.proposed_amount if dossier else None,
            "organiser_name": organiser_name,
        },
    )
    for entitlement in to_end:
        entitlement_end(
            entitlement=entitlement, last_month=month, reason=EndReason.DEATH, actor=actor, life_event=event
        )
    return event


@transaction.atomic
def life_event_record_missing(*, actor, person: Person, declared_on: date, note: str = "") -> LifeEvent:
    """Legally declared missing (Circular 02 Art. 2.1.a): ended as for a death, without a funeral dossier."""
    _require_officer(actor, person)
    _check_day(declared_on, "declared_on", person, "Ngày tuyên bố mất tích")
    _check_alive(person, "declared_on")
    if LifeEvent.objects.filter(person=person, kind=LifeEvent.Kind.MISSING).exists():
        raise ValidationError({"declared_on": "Đối tượng đã được ghi nhận mất tích."})
    month = first_of_month(declared_on)
    to_end = list(
        Entitlement.objects.filter(Q(person=person) | Q(subject=person), status__in=OPEN).select_related("category")
    )
    event = _new_event(
        person,
        LifeEvent.Kind.MISSING,
        actor=actor,
        occurred_on=declared_on,
        reason=EndReason.DEATH,
        note=note,
        data={"last_paid_month": _ym(month), "ended": [e.pk for e in to_end]},
    )
    for entitlement in to_end:
        entitlement_end(
            entitlement=entitlement, last_month=month, reason=EndReason.DEATH, actor=actor, life_event=event
        )
    return event


# --- Suspension, resumption, termination -------------------------------------------------------------------


@transaction.atomic
def life_event_suspend(
    *, actor, person: Person, reason: str, from_month: date, note: str = "", occurred_on: date | None = None
) -> LifeEvent:
    """Tạm dừng (Circular 02 Art. 2.3): nothing is paid from `from_month` until the person's entitlements are
    resumed — not collected for 3 months in a row, not complying with re-assessment, detained for 1 month or more.
    """
    _require_officer(actor, person)
    if reason not in SuspendReason.values:
        raise ValidationError({"reason": "Chọn lý do tạm dừng."})
    month = first_of_month(from_month)
    targets = _open_entitlements(person, statuses=(Status.ACTIVE,))
    if not targets:
        raise ValidationError({"from_month": "Đối tượng không có chế độ đang hưởng để tạm dừng."})
    for entitlement in targets:
        if month < entitlement.start_month:
            raise ValidationError(
                {
                    "from_month": f"Chế độ diện {entitlement.category.code} hưởng từ tháng "
                    f"{entitlement.start_month:%m/%Y}: tháng tạm dừng không thể trước tháng đó."
                }
            )
    event = _new_event(
        person,
        LifeEvent.Kind.SUSPENSION,
        actor=actor,
        occurred_on=occurred_on or timezone.localdate(),
        reason=reason,
        note=note,
        data={"from_month": _ym(month), "entitlements": [e.pk for e in targets]},
    )
    for entitlement in targets:
        entitlement_suspend(
            entitlement=entitlement, from_month=month, reason=reason, actor=actor, life_event=event, note=note
        )
    return event


def facility_hold(person: Person, suspended: list[Entitlement] | None = None) -> str:
    """Why the commune cannot resume by hand, or "": while the person lives in a public facility on a path the
    nurturing allowance pays (not a service contract), every monthly allowance is held — the one suspended on
    admission (`in_facility`) and one the commune had suspended before (Art. 6 vs Art. 25). Only the facility's
    discharge resumes the `in_facility` ones. With no open stay left (old data), the commune may resume. The stay is
    read through the person (beneficiaries does not import facilities)."""
    stay = person.residencies.filter(discharged_on__isnull=True).select_related("facility").first()
    if stay is None:
        return ""
    if suspended is None:
        suspended = _open_entitlements(person, statuses=(Status.SUSPENDED,))
    # A stay the nurturing allowance pays (public facility, not a service contract) holds every monthly allowance,
    # also one the commune had suspended for another reason before the admission.
    nurtured = stay.facility.ownership == "public" and stay.path != "contract"
    for entitlement in suspended:
        latest = (
            EntitlementEvent.objects.filter(entitlement=entitlement, kind=EntitlementEvent.Kind.SUSPENDED)
            .order_by("-at", "-id")
            .first()
        )
        held = nurtured and entitlement.category.kind == "monthly"
        if held or (latest is not None and latest.reason == SuspendReason.IN_FACILITY):
            return (
                f"Đối tượng đang được nuôi dưỡng tại {stay.facility.name} từ {stay.admitted_on:%d/%m/%Y}: trợ cấp "
                "hàng tháng chỉ tiếp tục khi rời cơ sở (Điều 25 Nghị định 20/2021/NĐ-CP)."
            )
    return ""


@transaction.atomic
def life_event_resume(
    *,
    actor,
    person: Person,
    from_month: date,
    pay_arrears: bool,
    note: str = "",
    occurred_on: date | None = None,
) -> LifeEvent:
    """Tiếp tục hưởng from `from_month`. With arrears (truy lĩnh), the suspended months are listed on the event
    and on each entitlement's resumption; the payments module pays them on the next roll. Refused as a whole while
    one of the entitlements is held by a stay in a public facility (`facility_hold`)."""
    _require_officer(actor, person)
    month = first_of_month(from_month)
    targets = _open_entitlements(person, statuses=(Status.SUSPENDED,))
    if not targets:
        raise ValidationError({"from_month": "Đối tượng không có chế độ đang tạm dừng."})
    hold = facility_hold(person, targets)
    if hold:
        raise ValidationError({"from_month": hold})
    event = _new_event(
        person,
        LifeEvent.Kind.RESUMPTION,
        actor=actor,
        occurred_on=occurred_on or timezone.localdate(),
        note=note,
        data={"from_month": _ym(month), "pay_arrears": pay_arrears, "entitlements": [e.pk for e in targets]},
    )
    arrears: set[str] = set()
    for entitlement in targets:
        resumed = entitlement_resume(
            entitlement=entitlement, from_month=month, pay_arrears=pay_arrears, actor=actor, life_event=event, note=note
        )
        arrears.update(resumed.arrears_months)
    event.data["arrears_months"] = sorted(arrears)
    event.save(update_fields=["data"])
    return event


@transaction.atomic
def life_event_terminate(
    *,
    actor,
    person: Person,
    reason: str,
    from_month: date,
    entitlement: Entitlement | None = None,
    note: str = "",
    occurred_on: date | None = None,
) -> LifeEvent:
    """Thôi hưởng (Circular 02 Art. 2.1) from `from_month`: the last paid month is the month before — or, for a
    death or a declaration of missing (reason `death`), `from_month` is the month it happened and is paid.
    Without `entitlement`, every open entitlement the person receives ends."""
    _require_officer(actor, person)
    if reason not in TERMINATION_REASONS:
        raise ValidationError({"reason": "Chọn lý do thôi hưởng."})
    month = first_of_month(from_month)
    last_month = month if reason == EndReason.DEATH else add_months(month, -1)
    if entitlement is not None:
        if entitlement.person_id != person.pk or entitlement.status not in OPEN:
            raise ValidationError({"entitlement": "Chế độ này không còn hưởng."})
        targets = [entitlement]
    else:
        targets = _open_entitlements(person)
    if not targets:
        raise ValidationError({"from_month": "Đối tượng không có chế độ đang hưởng hoặc tạm dừng."})
    if reason == EndReason.REASSESSMENT:
        _check_reassessment_wait(targets, month)
    event = _new_event(
        person,
        LifeEvent.Kind.TERMINATION,
        actor=actor,
        occurred_on=occurred_on or timezone.localdate(),
        reason=reason,
        note=note,
        data={"from_month": _ym(month), "last_paid_month": _ym(last_month), "ended": [e.pk for e in targets]},
    )
    for target in targets:
        entitlement_end(
            entitlement=target, last_month=last_month, reason=reason, actor=actor, life_event=event, note=note
        )
    return event


def _check_reassessment_wait(targets: list[Entitlement], month: date) -> None:
    for entitlement in targets:
        suspension = (
            EntitlementEvent.objects.filter(entitlement=entitlement, kind=EntitlementEvent.Kind.SUSPENDED)
            .order_by("-at", "-id")
            .first()
        )
        earliest = add_months(suspension.month, REASSESSMENT_WAIT_MONTHS) if suspension else None
        if (
            entitlement.status != Status.SUSPENDED
            or suspension is None
            or suspension.reason != SuspendReason.REASSESSMENT
            or month < earliest
        ):
            hint = (
                f" (sớm nhất từ tháng {earliest:%m/%Y})" if earliest and entitlement.status == Status.SUSPENDED else ""
            )
            raise ValidationError(
                {
                    "reason": "Chỉ thôi hưởng vì không chấp hành rà soát sau 3 tháng tạm dừng vì lý do đó"
                    f"{hint} (khoản 1 Điều 2 Thông tư 02/2021/TT-BLĐTBXH)."
                }
            )


# --- Disability level ---------------------------------------------------------------------------------------
