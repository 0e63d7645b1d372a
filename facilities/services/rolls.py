"""The monthly nurturing allowance roll of a public facility (Decree 20/2021 Art. 25–26; SPEC §5).

Generating is idempotent: a draft is replaced by what the same facts give now (its lines deleted and written
again in bulk), an approved roll is refused with a message and never changes. Approving is compare-and-set on
`status`; whoever generated the roll cannot approve it (maker ≠ checker, SPEC §1). The roll has no event table
of its own: NurturingRoll is registered with auditlog (facilities.apps) and every write here runs under
`set_actor`, so the audit history (written in the same transaction) records who generated and approved it.
"""

from copy import copy

from auditlog.context import set_actor
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.jurisdiction import active_assignment
from accounts.roles import ROLE_PERMISSIONS
from policy.rules import add_months, first_of_month, month_end
from policy.selectors import rate_tables

from ..models import Facility, NurturingLine, NurturingRoll, Resident
from ..nurturing import Stay, nurturing_line
from ..selectors.facilities import facility_q

Status = NurturingRoll.Status
GENERATE = "facilities.change_nurturingroll"
APPROVE = "facilities.approve_nurturingroll"


class ConcurrentChange(Exception):
    message = "Danh sách vừa được người khác thay đổi. Vui lòng tải lại trang để xem trạng thái mới nhất."


def _require(actor, permission: str, facility: Facility, message: str) -> None:
    """`actor` works in a role holding `permission` and the facility is in their scope. None = the system."""
    if actor is None:
        return
    assignment = active_assignment(actor)
    if assignment is None or permission not in ROLE_PERMISSIONS.get(assignment.role, ()):
        raise PermissionDenied(message)
    if not Facility.objects.filter(facility_q(actor), pk=facility.pk).exists():
        raise PermissionDenied(message)


def _update_draft(roll: NurturingRoll, **fields) -> None:
    """Update the roll only while it is still the draft the caller read (compare-and-set on status and generation
    time), and write the change to the audit history (auditlog follows save(), not a conditional update())."""
    before = copy(roll)
    updated = NurturingRoll.objects.filter(pk=roll.pk, status=Status.DRAFT, generated_at=roll.generated_at).update(
        **fields
    )
    if not updated:
        raise ConcurrentChange(ConcurrentChange.message)
    for name, value in fields.items():
        setattr(roll, name, value)
    changes = model_instance_diff(before, roll)
    if changes:
        LogEntry.objects.log_create(roll, action=LogEntry.Action.UPDATE, changes=changes)


def check_month(month, *, today=None):
    """The roll's month as its first day, at most next month (the roll is made before the month is paid)."""
    month = first_of_month(month)
    latest = add_months(first_of_month(today or timezone.localdate()), 1)
    if month > latest:
        raise ValidationError(
            {"month": f"Tháng lập danh sách: chỉ lập được đến tháng {latest:%m/%Y}; tháng {month:%m/%Y} còn quá xa."}
        )
    return month


def _stay(resident: Resident) -> Stay:
    return Stay(
        birth_date=resident.person.birth_date,
        admitted_on=resident.admitted_on,
        discharged_on=resident.discharged_on,
        died=resident.discharge_reason == Resident.DischargeReason.DEATH,
        contract=resident.path == Resident.Path.CONTRACT,
        allowance_paid_until=resident.allowance_paid_until,
        support_until=resident.support_until,
        funeral_amount=resident.funeral_amount,
    )


def candidates(facility: Facility, month):
    """Residents who may be owed something in `month`: admitted by its end, and still there at its start, or
    supported after leaving (Art. 26) up to it. Voluntary residents (service contract) pay their own fee."""
    start = first_of_month(month)
    return (
        Resident.objects.filter(facility=facility, admitted_on__lte=month_end(start))
        .exclude(path=Resident.Path.CONTRACT)
        .filter(Q(discharged_on__isnull=True) | Q(discharged_on__gte=start) | Q(support_until__gte=start))
        .select_related("person")
        .order_by("person__full_name", "admitted_on", "id")
    )


def compute_lines(facility: Facility, month) -> list[NurturingLine]:
    """The roll's lines (unsaved) for `month`, in name order."""
    try:
        tables = rate_tables(facility.unit.province)
        lines = []
        for resident in candidates(facility, month):
            amount = nurturing_line(_stay(resident), month, tables)
            if amount is None:
                continue
            lines.append(
                NurturingLine(
                    resident=resident,
                    person_id=resident.person_id,
                    coefficient=amount.coefficient,
                    level=amount.level,
                    full_amount=amount.full_amount,
                    days=amount.days,
                    days_in_month=amount.days_in_month,
                    amount=amount.amount,
                    funeral_amount=amount.funeral_amount,
                    after_leaving=amount.after_leaving,
                    basis=amount.basis,
                )
            )
    except LookupError as exc:
        raise ValidationError({"month": f"Tháng {month:%m/%Y}: {exc}"}) from None
    return lines


def _check_draft(roll: NurturingRoll) -> None:
    if roll.status != Status.DRAFT:
        raise ValidationError(
            {
                "month": f"Danh sách trợ cấp nuôi dưỡng tháng {roll.month:%m/%Y} của {roll.facility} đã được duyệt, "
                "không lập lại được. Sai sót được điều chỉnh vào danh sách tháng sau."
            }
        )


@transaction.atomic
def nurturing_roll_generate(*, facility: Facility, month, actor) -> NurturingRoll:
    """Write (or rewrite) the draft roll of a public facility for `month` (Art. 25.1); actor None = the schedule."""
    _require(actor, GENERATE, facility, "Bạn không có quyền lập danh sách trợ cấp nuôi dưỡng của cơ sở này.")
    if facility.ownership != Facility.Ownership.PUBLIC:
        raise ValidationError(
            {"facility": f"Cơ sở «{facility}» là cơ sở ngoài công lập: không lập danh sách trợ cấp nuôi dưỡng."}
        )
    month = check_month(month)
    lines = compute_lines(facility, month)
    now = timezone.now()
    fields = {
        "people": len(lines),
        "total": sum(line.amount + line.funeral_amount for line in lines),
        "generated_at": now,
        "generated_by": actor,
        "approved_at": None,
        "approved_by": None,
    }
    with set_actor(actor):
        roll = NurturingRoll.objects.select_for_update().filter(facility=facility, month=month).first()
        if roll is None:
            roll = NurturingRoll.objects.create(facility=facility, month=month, status=Status.DRAFT, **fields)
        else:
            _check_draft(roll)
            roll.lines.all().delete()
            # Compare-and-set: an approval that slipped in since the read leaves the roll alone.
            _update_draft(roll, **fields)
        for line in lines:
            line.roll = roll
        NurturingLine.objects.bulk_create(lines, batch_size=1000)
    return roll


def approve_problem(*, actor, roll: NurturingRoll) -> str | None:
    """Why `actor` may not approve `roll` now (None when they may); PermissionDenied when they never could."""
    _require(actor, APPROVE, roll.facility, "Bạn không có quyền duyệt danh sách trợ cấp nuôi dưỡng của cơ sở này.")
    if roll.status != Status.DRAFT:
        return f"Danh sách tháng {roll.month:%m/%Y} đã được duyệt."
    if actor is not None and roll.generated_by_id == actor.pk:
        return "Người lập danh sách không được tự duyệt danh sách của mình."
    if not roll.lines.exists():
        return "Danh sách không có người nào, không thể duyệt."
    return None


@transaction.atomic
def nurturing_roll_approve(*, roll: NurturingRoll, actor) -> NurturingRoll:
    """Draft → approved by someone other than whoever generated it; the lines never change afterwards."""
    problem = approve_problem(actor=actor, roll=roll)
    if problem:
        raise ValidationError({"status": problem})
    with set_actor(actor):
        _update_draft(roll, status=Status.APPROVED, approved_at=timezone.now(), approved_by=actor)
    return roll


def public_facilities():
    return Facility.objects.filter(ownership=Facility.Ownership.PUBLIC, active=True).select_related("unit__province")
