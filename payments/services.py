"""State changes of a monthly roll: submit, approve, return, record each line paid/unpaid, finish, close.

Generating (and regenerating) a draft lives in `payments.generation`. Every change here checks the allowed
transition and the actor's role and unit, then updates the roll only if it still has the status and version the
caller read (compare-and-set: works on SQLite and PostgreSQL) and writes a `RollEvent` in the same transaction.
Maker ≠ checker: whoever generated or submitted a roll never approves it (SPEC §1). An approved roll never
changes; a mistake found later is corrected in a later month's roll as arrears or recovery (SPEC §3).
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.jurisdiction import active_assignment
from accounts.models import Role
from accounts.roles import ROLE_PERMISSIONS
from locations.models import DecidingLevel
from locations.selectors import deciding_level_on

from .models import PaymentLine, PaymentRoll, RollEvent

Status = PaymentRoll.Status


class ConcurrentChange(Exception):
    """Someone else changed the roll first; the caller shows the message and reloads."""

    message = "Danh sách chi trả vừa được người khác thay đổi. Vui lòng tải lại trang để xem trạng thái mới nhất."


@dataclass(frozen=True)
class Step:
    action: str  # the RollEvent action
    label: str
    sources: tuple[str, ...]
    target: str


STEPS = {
    "submit": Step("submitted", "Trình duyệt", (Status.DRAFT,), Status.SUBMITTED),
    "approve": Step("approved", "Phê duyệt", (Status.SUBMITTED,), Status.APPROVED),
    "return": Step("returned", "Trả lại", (Status.SUBMITTED,), Status.DRAFT),
    "finish": Step("paid", "Hoàn tất chi trả", (Status.APPROVED,), Status.PAID),
    "close": Step("closed", "Khoá sổ", (Status.PAID,), Status.CLOSED),
}

# The RollEvent actions that make someone a maker of the roll (payments.generation writes "generated").
MAKER_ACTIONS = ("generated", "submitted")

EMPTY_ROLL = "Danh sách không có người nào, không thể trình duyệt"


def _month(roll: PaymentRoll) -> str:
    return f"{roll.month:%m/%Y}"


def _check_state(roll: PaymentRoll, step: Step) -> None:
    if roll.status in step.sources:
        return
    if roll.locked and step.target in (Status.SUBMITTED, Status.APPROVED, Status.DRAFT):
        raise ValidationError(
            f"Danh sách tháng {_month(roll)} đã được phê duyệt, không được thay đổi. "
            "Sai sót được điều chỉnh vào danh sách tháng sau (truy lĩnh hoặc truy thu)."
        )
    raise ValidationError(f"Không thể «{step.label}» khi danh sách đang ở trạng thái «{roll.get_status_display()}».")


def _require(actor, permission: str, message: str) -> None:
    """The actor's working role must carry `permission` (accounts.roles; read from the assignment itself, so a
    switched assignment is never answered from a stale permission cache)."""
    assignment = active_assignment(actor)
    if assignment is None or permission not in ROLE_PERMISSIONS.get(assignment.role, ()):
        raise PermissionDenied(message)


def _require_commune_officer(actor, roll: PaymentRoll, permission: str, message: str) -> None:
    """A commune officer working in the roll's own commune, holding `permission`."""
    assignment = active_assignment(actor)
    if assignment is None or assignment.role != Role.COMMUNE_OFFICER or assignment.unit_id != roll.commune_id:
        raise PermissionDenied(message)
    _require(actor, permission, message)


def deciding_office(roll: PaymentRoll) -> tuple[str, int]:
    """(role, unit id) of whoever approves the roll: the province's deciding level on the first day of the roll's
    month — the district leader of the commune's district, or the commune leader in two-level mode (SPEC §1)."""
    level = deciding_level_on(roll.commune.province, roll.month.replace(day=1))
    if level == DecidingLevel.COMMUNE or roll.commune.parent_id is None:
        return Role.COMMUNE_LEADER, roll.commune_id
    return Role.DISTRICT_LEADER, roll.commune.parent_id


def makers(roll: PaymentRoll) -> set[int]:
    """Everyone who generated or submitted the roll, in this cycle or an earlier one (maker ≠ checker)."""
    earlier = RollEvent.objects.filter(roll=roll, action__in=MAKER_ACTIONS, actor__isnull=False)
    return {pk for pk in (roll.generated_by_id, roll.submitted_by_id) if pk} | set(
        earlier.values_list("actor_id", flat=True)
    )


def _require_decider(actor, roll: PaymentRoll, label: str) -> None:
    role, unit_id = deciding_office(roll)
    assignment = active_assignment(actor)
    who = "lãnh đạo UBND xã" if role == Role.COMMUNE_LEADER else "lãnh đạo cấp huyện"
    if assignment is None or assignment.role != role or assignment.unit_id != unit_id:
        raise PermissionDenied(f"Chỉ {who} nơi có xã chi trả được «{label}» danh sách tháng {_month(roll)}.")
    _require(actor, "payments.approve_paymentroll", f"Bạn không có quyền «{label}» danh sách chi trả.")


def _require_lines(roll: PaymentRoll, message: str) -> None:
    if not roll.lines.exists():
        raise ValidationError({"lines": message})


def _move(roll: PaymentRoll, step: Step, *, actor, reason: str = "", data: dict | None = None, **fields):
    source = roll.status
    updated = PaymentRoll.objects.filter(pk=roll.pk, status=source, version=roll.version).update(
        status=step.target, version=F("version") + 1, **fields
    )
    if not updated:
        raise ConcurrentChange(ConcurrentChange.message)
    roll.status, roll.version = step.target, roll.version + 1
    for name, value in fields.items():
        setattr(roll, name, value)
    RollEvent.objects.create(
        roll=roll,
        action=step.action,
        from_status=source,
        to_status=step.target,
        actor=actor,
        reason=reason,
        data=data or {},
    )
    return roll


# --- Checks without writing: which buttons the roll page shows ------------------------------------------------


def _check_submit(actor, roll: PaymentRoll) -> None:
    _check_state(roll, STEPS["submit"])
    _require_commune_officer(
        actor,
        roll,
        "payments.submit_paymentroll",
        "Chỉ cán bộ cấp xã của xã chi trả được trình duyệt danh sách.",
    )
    _require_lines(roll, EMPTY_ROLL)


def _check_decide(actor, roll: PaymentRoll, action: str) -> None:
    step = STEPS[action]
    _check_state(roll, step)
    _require_decider(actor, roll, step.label)
    if action == "approve":
        if actor.pk in makers(roll):
            raise PermissionDenied("Người lập hoặc trình danh sách không được tự phê duyệt danh sách của mình.")
        _require_lines(roll, "Danh sách không có người nào, không thể phê duyệt")


def _check_record(actor, roll: PaymentRoll) -> None:
    if roll.status not in (Status.APPROVED, Status.PAID):
        if roll.status == Status.CLOSED:
            raise ValidationError(f"Danh sách tháng {_month(roll)} đã khoá sổ, không ghi nhận thêm kết quả chi trả.")
        raise ValidationError("Chỉ ghi nhận kết quả chi trả trên danh sách đã được phê duyệt.")
    _require_commune_officer(
        actor, roll, "payments.record_payment", "Chỉ cán bộ cấp xã của xã chi trả được ghi nhận kết quả chi trả."
    )


def _check_finish(actor, roll: PaymentRoll) -> None:
    _check_state(roll, STEPS["finish"])
    _require_commune_officer(
        actor, roll, "payments.record_payment", "Chỉ cán bộ cấp xã của xã chi trả được hoàn tất chi trả."
    )
    waiting = roll.lines.filter(paid__isnull=True).count()
    if waiting:
        raise ValidationError({"lines": f"Còn {waiting} người chưa ghi nhận đã nhận hay chưa nhận tiền."})


def _check_close(actor, roll: PaymentRoll) -> None:
    _check_state(roll, STEPS["close"])
    _require_commune_officer(actor, roll, "payments.record_payment", "Chỉ cán bộ cấp xã của xã chi trả được khoá sổ.")


CHECKS = {
    "submit": _check_submit,
    "approve": lambda actor, roll: _check_decide(actor, roll, "approve"),
    "return": lambda actor, roll: _check_decide(actor, roll, "return"),
    "finish": _check_finish,
    "close": _check_close,
}


def roll_actions(*, actor, roll: PaymentRoll) -> dict[str, str | None]:
    """The steps `actor` could take on `roll` now: action → None when allowed, or the reason it is not (only for
    refusals the actor should read, e.g. lines still unrecorded). Steps the actor may never take are left out."""
    available: dict[str, str | None] = {}
    for action, check in CHECKS.items():
        try:
            check(actor, roll)
        except PermissionDenied:
            continue
        except ValidationError as exc:
            if roll.status in STEPS[action].sources:
                available[action] = " ".join(exc.messages)
            continue
        available[action] = None
    return available


def can_record(*, actor, roll: PaymentRoll) -> bool:
    try:
        _check_record(actor, roll)
    except (PermissionDenied, ValidationError):
        return False
    return True


# --- The steps -----------------------------------------------------------------------------------------------


@transaction.atomic
def roll_submit(*, actor, roll: PaymentRoll) -> PaymentRoll:
    """The commune officer sends the reviewed draft to the deciding office (decree20.md §8: before the 25th)."""
    _check_submit(actor, roll)
    return _move(roll, STEPS["submit"], actor=actor, submitted_by=actor, return_reason="")


@transaction.atomic
def roll_approve(*, actor, roll: PaymentRoll) -> PaymentRoll:
    """The deciding office approves: from now on the lines never change (only their paid/unpaid result)."""
    _check_decide(actor, roll, "approve")
    return _move(roll, STEPS["approve"], actor=actor, approved_by=actor, approved_at=timezone.now())


@transaction.atomic
def roll_return(*, actor, roll: PaymentRoll, reason: str) -> PaymentRoll:
    """Back to draft with the reason the commune officer will read."""
    reason = (reason or "").strip()
    _check_decide(actor, roll, "return")
    if not reason:
        raise ValidationError({"reason": "Cần ghi rõ lý do trả lại danh sách."})
    return _move(roll, STEPS["return"], actor=actor, reason=reason, return_reason=reason)


@transaction.atomic
def line_record(*, actor, line: PaymentLine, paid: bool, paid_on: date | None = None, reason: str = "") -> PaymentLine:
    """Record whether the person received the money (after payment; decree20.md §8). Unpaid lines are owed again
    in the next month's roll."""
    roll = line.roll
    _check_record(actor, roll)
    reason = (reason or "").strip()
    if paid:
        paid_on = paid_on or timezone.localdate()
        if paid_on > timezone.localdate():
            raise ValidationError({"paid_on": "Ngày nhận tiền không được sau hôm nay."})
        reason = ""
    else:
        paid_on = None
    if len(reason) > 200:
        raise ValidationError({"reason": "Lý do chưa nhận tối đa 200 ký tự."})
    # On an approved roll the line's paid fields are the ONLY thing that may change: amounts, people and totals
    # stay exactly as approved. The update is conditional on the roll still being approved or paid, so a roll
    # closed meanwhile is never touched.
    updated = PaymentLine.objects.filter(pk=line.pk, roll__status__in=(Status.APPROVED, Status.PAID)).update(
        paid=paid, paid_on=paid_on, unpaid_reason=reason
    )
    if not updated:
        raise ConcurrentChange(ConcurrentChange.message)
    previous = line.paid
    line.paid, line.paid_on, line.unpaid_reason = paid, paid_on, reason
    RollEvent.objects.create(
        roll=roll,
        action="recorded",
        from_status=roll.status,
        to_status=roll.status,
        actor=actor,
        reason=reason,
        data={
            "line": line.pk,
            "row_no": line.row_no,
            "person": line.person_id,
            "paid": paid,
            "previous": previous,
            "paid_on": paid_on.isoformat() if paid_on else None,
        },
    )
    return line


@transaction.atomic
def roll_finish(*, actor, roll: PaymentRoll) -> PaymentRoll:
    """Approved → paid once every line is recorded as received or not received."""
    _check_finish(actor, roll)
    paid = roll.lines.filter(paid=True).count()
    return _move(roll, STEPS["finish"], actor=actor, data={"paid": paid, "unpaid": roll.lines_count - paid})


@transaction.atomic
def roll_close(*, actor, roll: PaymentRoll) -> PaymentRoll:
    """Paid → closed: the month's books are shut; no result changes afterwards."""
    _check_close(actor, roll)
    return _move(roll, STEPS["close"], actor=actor)
