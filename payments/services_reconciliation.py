"""Reconciling an approved roll with the payment organisation's result file (decree20.md §8; SPEC §3).

`reconciliation_check` reads the file, matches it against the roll's lines (`payments.reconciliation`) and keeps
the file and the outcome on a `Reconciliation` — no line changes. The officer reads the matches and the problems;
`reconciliation_apply` then records the matched rows' paid/unpaid results in one transaction, after moving the
reconciliation from "checked" to "applied" by compare-and-set, so a double click applies once. A file that cannot
be read at all raises ValidationError on "file" and leaves nothing behind.

Who: the commune officer of the roll's commune (payments.add_reconciliation and payments.record_payment), on an
approved or paid roll. Unpaid lines are owed again in the next month's roll (`payments.inputs`: items of lines
marked paid=False are not counted as paid, so the next generation pays those months as arrears).
"""

from collections import defaultdict
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.jurisdiction import active_assignment, get_or_404, scope
from accounts.roles import ROLE_PERMISSIONS

from .models import PaymentLine, PaymentRoll, Reconciliation, RollEvent
from .reconciliation import FileRejected, Outcome, RollLine, read_table, reconcile
from .services import ConcurrentChange, _check_record

MAX_BYTES = 10 * 1024 * 1024
PERMISSION = "payments.add_reconciliation"
Status = Reconciliation.Status
OPEN_ROLL = (PaymentRoll.Status.APPROVED, PaymentRoll.Status.PAID)


# --- Reads ----------------------------------------------------------------------------------------------------


def reconciliation_list_for_user(user) -> QuerySet:
    return scope(Reconciliation.objects.select_related("roll", "roll__commune", "uploaded_by"), user,
                 unit_field="roll__commune")  # fmt: skip


def reconciliation_get_for_user(user, pk: int) -> Reconciliation:
    queryset = Reconciliation.objects.select_related(
        "roll", "roll__commune", "roll__commune__parent", "roll__commune__province", "uploaded_by"
    )
    return get_or_404(queryset, user, unit_field="roll__commune", pk=pk)


def roll_line_tuples(roll: PaymentRoll) -> list[RollLine]:
    """The roll's lines as the matcher reads them (one query)."""
    rows = PaymentLine.objects.filter(roll=roll).values_list(
        "pk", "row_no", "person__id_number", "person__full_name", "total"
    )
    return [RollLine(pk, row_no, id_number or "", name, total) for pk, row_no, id_number, name, total in rows]


# --- Checks ---------------------------------------------------------------------------------------------------


def check_actor(actor, roll: PaymentRoll) -> None:
    """An approved or paid roll, and the commune officer of its commune with both permissions."""
    _check_record(actor, roll)
    assignment = active_assignment(actor)
    if PERMISSION not in ROLE_PERMISSIONS.get(assignment.role, ()):
        raise PermissionDenied("Bạn không có quyền đối soát kết quả chi trả.")


def can_reconcile(*, actor, roll: PaymentRoll) -> str | None:
    """None when `actor` may upload a result file for `roll` now, else the reason (for the page)."""
    try:
        check_actor(actor, roll)
    except (PermissionDenied, ValidationError) as exc:
        return " ".join(exc.messages) if isinstance(exc, ValidationError) else (str(exc) or "Không có quyền.")
    return None


def _read(uploaded_file) -> bytes:
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError({"file": "Tệp lớn hơn 10 MB. Hãy chia nhỏ tệp theo thôn/ấp."})
    uploaded_file.seek(0)
    content = uploaded_file.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise ValidationError({"file": "Tệp lớn hơn 10 MB. Hãy chia nhỏ tệp theo thôn/ấp."})
    return content


def _stored(outcome: Outcome) -> tuple[list[dict], list[dict]]:
    matches = [
        {
            "line": match.line,
            "row": match.row,
            "paid": match.paid,
            "paid_on": match.paid_on.isoformat() if match.paid_on else None,
            "note": match.note,
        }
        for match in outcome.matches
    ]
    problems = [problem._asdict() for problem in outcome.problems]
    return matches, problems


# --- Writes ---------------------------------------------------------------------------------------------------


@transaction.atomic
def reconciliation_check(*, actor, roll: PaymentRoll, uploaded_file) -> Reconciliation:
    """Read the result file and keep it with its matches and problems; nothing is applied to the lines."""
    check_actor(actor, roll)
    content = _read(uploaded_file)
    try:
        table = read_table(content)
        outcome = reconcile(table, roll_line_tuples(roll), month=roll.month, today=timezone.localdate())
    except FileRejected as exc:
        raise ValidationError({"file": exc.messages}) from None
    matches, problems = _stored(outcome)
    name = (getattr(uploaded_file, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1][:255]
    reconciliation = Reconciliation(
        roll=roll, original_name=name or f"ket-qua.{table.kind}", matches=matches, problems=problems,
        uploaded_by=actor,
    )  # fmt: skip
    reconciliation.file.save(f"ket-qua-chi-tra-{roll.pk}.{table.kind}", ContentFile(content), save=False)
    reconciliation.save()
    return reconciliation


def _cas(reconciliation: Reconciliation, to: str, **fields) -> None:
    """CHECKED → `to`, only if nobody moved it first."""
    updated = Reconciliation.objects.filter(pk=reconciliation.pk, status=Status.CHECKED).update(status=to, **fields)
    if updated:
        reconciliation.status = to
        for name, value in fields.items():
            setattr(reconciliation, name, value)
        return
    current = Reconciliation.objects.filter(pk=reconciliation.pk).values_list("status", "applied_at").first()
    if current and current[0] == Status.APPLIED:
        at = timezone.localtime(current[1]) if current[1] else None
        when = f" lúc {at:%H:%M %d/%m/%Y}" if at else ""
        raise ValidationError(f"Kết quả chi trả trong tệp này đã được ghi nhận{when}; không ghi nhận lần nữa.")
    raise ValidationError("Lần đối soát này đã huỷ; hãy tải tệp lên lại nếu cần.")


@transaction.atomic
def reconciliation_apply(*, actor, reconciliation: Reconciliation) -> Reconciliation:
    """Record the matched rows on the roll's lines: đã nhận (with the day) or chưa nhận (with the note).

    Only the matched rows; rows with problems and lines without a result stay as they were. One transaction:
    either every match is recorded or none (a roll closed meanwhile refuses the whole file).
    """
    roll = reconciliation.roll
    check_actor(actor, roll)
    if not reconciliation.matches:
        raise ValidationError({"matches": "Tệp không có dòng nào khớp với danh sách, không có gì để ghi nhận."})
    today = timezone.localdate()
    _cas(reconciliation, Status.APPLIED, applied_at=timezone.now())
    # Set-based: one UPDATE per (result, day, note) — a commune's file has a handful of distinct days.
    groups: dict[tuple, list[int]] = defaultdict(list)
    for match in reconciliation.matches:
        paid_on = (date.fromisoformat(match["paid_on"]) if match["paid_on"] else today) if match["paid"] else None
        groups[(match["paid"], paid_on, "" if match["paid"] else match["note"])].append(match["line"])
    written = 0
    for (paid, paid_on, reason), ids in groups.items():
        written += PaymentLine.objects.filter(pk__in=ids, roll=roll, roll__status__in=OPEN_ROLL).update(
            paid=paid, paid_on=paid_on, unpaid_reason=reason
        )
    if written != len(reconciliation.matches):
        raise ConcurrentChange(ConcurrentChange.message)
    paid_count = sum(1 for match in reconciliation.matches if match["paid"])
    RollEvent.objects.create(
        roll=roll,
        action="reconciled",
        from_status=roll.status,
        to_status=roll.status,
        actor=actor,
        reason=reconciliation.original_name,
        data={
            "reconciliation": reconciliation.pk,
            "paid": paid_count,
            "unpaid": len(reconciliation.matches) - paid_count,
            "problems": len(reconciliation.problems),
        },
    )
    return reconciliation


@transaction.atomic
def reconciliation_discard(*, actor, reconciliation: Reconciliation) -> Reconciliation:
    """Drop a checked file without recording anything (a wrong file, or one to correct and upload again)."""
    roll = reconciliation.roll
    # Discarding changes no line: the officer of the commune may do it even after the roll was closed.
    assignment = active_assignment(actor)
    if (
        assignment is None
        or assignment.unit_id != roll.commune_id
        or PERMISSION not in ROLE_PERMISSIONS.get(assignment.role, ())
    ):
        raise PermissionDenied("Chỉ cán bộ cấp xã của xã chi trả được huỷ lần đối soát này.")
    _cas(reconciliation, Status.DISCARDED)
    return reconciliation
