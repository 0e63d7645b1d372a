"""Discharge of a resident (Decree 20/2021 Art. 30, form 09): a proposal with its legal reason, decided within 7
working days by another staff member (maker ≠ checker), with the hand-over to a commune.

Leaving restores the right flow: the monthly allowance suspended on admission (reason `in_facility`) resumes, with
no arrears, from the month after the discharge month — or after the last month of the Art. 26 continued support.
A death sets the Art. 25.3 funeral support (at least 50 × the standard level of the month of death, paid on the
facility's roll) and records the death on the person, ending their entitlements with the month of death as the
last paid month. No Art. 11 funeral dossier is opened: the facility's funeral replaces it; when the commune had
already decided an Art. 11 funeral support, the facility pays none.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from beneficiaries.models import EndReason, Entitlement, EntitlementEvent, LifeEvent, Person, SuspendReason
from beneficiaries.services.entitlements import entitlement_end, entitlement_resume
from dossiers.models import Decision
from policy.rules import first_of_month
from policy.selectors import rate_tables

from .. import resident_rules as rules
from ..models import FacilityEvent, Resident
from .resident_common import calendar_of, cas_update, check_day, event, require_staff, today_or

Reason = Resident.DischargeReason
# Art. 26 continued support follows a 5.1/5.3 person who leaves to live on; not a death, a run-away or a contract.
NO_CONTINUED_SUPPORT = (Reason.DEATH, Reason.NO_CONTACT, Reason.CONTRACT_END)


@transaction.atomic
def discharge_propose(
    *, actor, resident: Resident, reason: str, proposed_on: date | None = None, note: str = "", today=None
) -> Resident:
    """Đề nghị rời cơ sở (form 09) with its Art. 30 reason; the decision is due within 7 working days."""
    require_staff(actor, resident.facility)
    today = today_or(today)
    proposed_on = proposed_on or today
    if not resident.in_residence:
        raise ValidationError({"reason": "Đối tượng đã rời cơ sở."})
    if resident.discharge_proposed_on is not None:
        raise ValidationError({"reason": f"Đã có đề nghị rời cơ sở ngày {resident.discharge_proposed_on:%d/%m/%Y}."})
    if reason not in Reason.values:
        raise ValidationError({"reason": "Chọn lý do rời cơ sở."})
    if reason == Reason.CONTRACT_END and resident.path != Resident.Path.CONTRACT:
        raise ValidationError({"reason": "Đối tượng không ở cơ sở theo hợp đồng dịch vụ."})
    check_day(proposed_on, "proposed_on", "Ngày đề nghị", today=today, not_before=resident.admitted_on)
    due_on = calendar_of(resident.facility.unit).add(proposed_on, rules.DISCHARGE_DAYS)
    cas_update(resident, discharge_reason=reason, discharge_proposed_on=proposed_on, discharge_due_on=due_on)
    event(actor=actor, action="discharge_propose", resident=resident, due_on=due_on,
          note=f"{Reason(reason).label}. {note}".strip())  # fmt: skip
    return resident


@transaction.atomic
def discharge_cancel(*, actor, resident: Resident, note: str = "") -> Resident:
    """Withdraw a proposal not yet decided (the child came back, the family changed its mind)."""
    require_staff(actor, resident.facility)
    if not resident.in_residence or resident.discharge_proposed_on is None:
        raise ValidationError({"reason": "Không có đề nghị rời cơ sở nào đang chờ quyết định."})
    cas_update(resident, discharge_reason="", discharge_proposed_on=None, discharge_due_on=None)
    event(actor=actor, action="discharge_cancel", resident=resident, note=note)
    return resident


def _proposer(resident: Resident) -> int | None:
    row = FacilityEvent.objects.filter(resident=resident, action="discharge_propose").order_by("-at", "-id").first()
    return row.actor_id if row else None


@transaction.atomic
def discharge_decide(
    *,
    actor,
    resident: Resident,
    decision_number: str,
    discharged_on: date,
    handover_commune=None,
    support_months: int = 0,
    funeral_organiser: str = "",
    today: date | None = None,
) -> Resident:
    """Quyết định rời cơ sở. `discharged_on` is the day of leaving (of death for a death). `support_months`
    (1–24) continues the nurturing allowance after leaving for a 5.1/5.3 person (Art. 26)."""
    require_staff(actor, resident.facility)
    today = today_or(today)
    if not resident.in_residence or resident.discharge_proposed_on is None:
        raise ValidationError({"discharged_on": "Cần có đề nghị rời cơ sở đang chờ quyết định."})
    if _proposer(resident) == actor.pk:
        raise PermissionDenied("Người đề nghị không được tự quyết định cho đối tượng rời cơ sở.")
    if not decision_number.strip():
        raise ValidationError({"decision_number": "Số quyết định rời cơ sở: vui lòng nhập."})
    what = "Ngày mất" if resident.discharge_reason == Reason.DEATH else "Ngày rời cơ sở"
    if discharged_on is not None and discharged_on < resident.admitted_on:
        raise ValidationError(
            {"discharged_on": f"{what} không được trước ngày vào cơ sở ({resident.admitted_on:%d/%m/%Y})."}
        )
    check_day(discharged_on, "discharged_on", what, today=today)
    support_until = _support_until(resident, discharged_on, support_months)
    changes = {
        "discharged_on": discharged_on,
        "discharge_decision_number": decision_number.strip(),
        "support_until": support_until,
        "handover_commune": None
        if resident.discharge_reason == Reason.DEATH
        else handover_commune or resident.home_commune,
    }
    if resident.discharge_reason == Reason.DEATH:
        changes.update(_funeral(resident, discharged_on, funeral_organiser))
    cas_update(resident, **changes)
    event(actor=actor, action="discharge", resident=resident, from_status="in", to_status="out",
          note=f"{resident.get_discharge_reason_display()} – QĐ {resident.discharge_decision_number}")  # fmt: skip
    if resident.discharge_reason == Reason.DEATH:
        _record_death(resident, actor)
    else:
        _resume_allowances(resident, actor)
    return resident


def _support_until(resident: Resident, discharged_on: date, months) -> date | None:
    months = int(months or 0)
    if not months:
        return None
    code = resident.category.code if resident.category_id else ""
    if not 1 <= months <= rules.MAX_SUPPORT_MONTHS:
        raise ValidationError({"support_months": "Tiếp tục trợ cấp sau khi rời cơ sở tối đa 24 tháng (Điều 26)."})
    if resident.discharge_reason in NO_CONTINUED_SUPPORT or not rules.may_continue_support(code):
        raise ValidationError(
            {"support_months": "Chỉ đối tượng diện 5.1, 5.3 rời cơ sở để tự lập mới được tiếp tục trợ cấp (Điều 26)."}
        )
    return rules.support_until(discharged_on, months)


def _funeral(resident: Resident, died_on: date, organiser: str) -> dict:
    """Art. 25.3 at the level of the month of death — unless an Art. 11 funeral support was already decided."""
    organiser = organiser.strip() or resident.facility.name
    earlier = (
        Decision.objects.filter(dossier__person=resident.person, dossier__kind="funeral", outcome="approved")
        .order_by("signed_on")
        .first()
    )
    if earlier is not None:
        basis = (
            f"Đã hỗ trợ mai táng phí theo Quyết định số {earlier.number} ngày {earlier.signed_on:%d/%m/%Y} (Điều 11)"
        )
        return {"funeral_amount": 0, "funeral_basis": basis, "funeral_organiser": organiser}
    tables = rate_tables(resident.facility.unit.province or resident.facility.unit)
    month = first_of_month(died_on)
    coefficient = tables.coefficient_for(rules.FUNERAL_RULE, month)
    if coefficient is None:
        raise ValidationError({"discharged_on": "Chưa có hệ số mai táng phí (khoản 3 Điều 25) áp dụng cho tháng này."})
    line = rules.funeral(level=tables.level_for(month), coefficient=coefficient)
    return {"funeral_amount": line.amount, "funeral_basis": line.basis, "funeral_organiser": organiser}


def _record_death(resident: Resident, actor) -> None:
    """The death on the person (as the commune's báo tử would write it), ending every open entitlement with the
    month of death as the last paid month. Already recorded by the commune: nothing more to do."""
    person = Person.objects.select_for_update().get(pk=resident.person_id)
    if person.death_date is not None:
        return
    died_on = resident.discharged_on
    month = first_of_month(died_on)
    open_rows = (Entitlement.Status.ACTIVE, Entitlement.Status.SUSPENDED)
    to_end = list(Entitlement.objects.filter(Q(person=person) | Q(subject=person), status__in=open_rows))
    person.death_date = died_on
    person.save(update_fields=["death_date", "updated_at"])
    life_event = LifeEvent.objects.create(
        person=person,
        kind=LifeEvent.Kind.DEATH,
        occurred_on=died_on,
        reason=EndReason.DEATH,
        note=f"Mất tại {resident.facility.name}; mai táng phí theo khoản 3 Điều 25 do cơ sở chi trả.",
        data={
            "last_paid_month": f"{month:%Y-%m}",
            "ended": [row.pk for row in to_end],
            "funeral_dossier": None,
            "funeral_amount": resident.funeral_amount,
            "organiser_name": resident.funeral_organiser,
            "resident": resident.pk,
        },
        recorded_by=actor,
    )
    for row in to_end:
        entitlement_end(entitlement=row, last_month=month, reason=EndReason.DEATH, actor=actor, life_event=life_event)


def _resume_allowances(resident: Resident, actor) -> None:
    """Entitlements whose latest suspension is this stay's resume from the month after the discharge month (or after
    the continued support), without arrears: the nurturing allowance paid those months (Art. 6 vs Art. 25)."""
    from_month = rules.allowance_resumes_from(resident.discharged_on, resident.support_until)
    suspended = Entitlement.objects.filter(person=resident.person, status=Entitlement.Status.SUSPENDED)
    note = f"Rời {resident.facility.name} ngày {resident.discharged_on:%d/%m/%Y}"
    for entitlement in suspended.order_by("start_month", "pk"):
        latest = (
            EntitlementEvent.objects.filter(entitlement=entitlement, kind=EntitlementEvent.Kind.SUSPENDED)
            .order_by("-at", "-id")
            .first()
        )
        if latest is not None and latest.reason == SuspendReason.IN_FACILITY:
            entitlement_resume(
                entitlement=entitlement, from_month=from_month, pay_arrears=False, actor=actor, note=note
            )
