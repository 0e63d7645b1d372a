"""Generating a commune's monthly roll (SPEC §3, decree20.md §8), and the province- or district-wide job that
generates every paying commune's roll through Celery, one task per commune.

`roll_generate` works on one commune in one transaction: it locks the roll row, loads the inputs with a handful
of set-based queries (`payments.inputs`, which also documents which earlier months are compared again), computes
every line in memory with the pure rules (`payments.rules.person_line`), and writes lines, ledger items and the
changes since last month with bulk inserts. A worker killed midway leaves the old draft or the new one, never
half of either. The same inputs give the same roll: a digest of what would be written is compared first, and an
unchanged draft is left exactly as it was (only a "generated" event with `unchanged: true` is recorded). Only a
draft is (re)generated; an approved roll never changes, its mistakes are corrected in a later roll.
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from beneficiaries.models import EndReason, Entitlement, PaymentMethod
from core.models import Job
from core.services import job_claim, job_create, job_fail, job_finish, job_progress
from core.text import fold
from dossiers.models import Decision, Dossier
from locations.models import AdministrativeUnit, Level
from policy.rules import add_months, first_of_month, funeral_line

from .inputs import GENERATED, LOOKBACK_MONTHS, PAYING_KINDS, CommuneInputs, inputs_load, recheck_months
from .models import PaymentItem, PaymentLine, PaymentRoll, RollChange, RollEvent
from .rules import LineAmounts, person_line

BATCH = 2_000
JOB_KIND = "payment_rolls"
ACCOUNT_METHODS = (PaymentMethod.BANK, PaymentMethod.E_WALLET)
Status = PaymentRoll.Status


# --- Checks ---------------------------------------------------------------------------------------------------


def check_month(month: date) -> date:
    """The roll's month as its first day; refused when more than one month after today's month."""
    month = first_of_month(month)
    latest = add_months(first_of_month(timezone.localdate()), 1)
    if month > latest:
        raise ValidationError(
            {
                "month": f"Chỉ lập được danh sách chi trả đến tháng {latest:%m/%Y} (tháng sau); "
                f"tháng {month:%m/%Y} còn quá xa."
            }
        )
    return month


def _check_draft(roll: PaymentRoll) -> None:
    if roll.status == Status.DRAFT:
        return
    if roll.status == Status.SUBMITTED:
        message = (
            f"Danh sách tháng {roll.month:%m/%Y} đã trình duyệt, không thể lập lại; cần được trả lại trước khi lập lại."
        )
    else:
        message = (
            f"Danh sách tháng {roll.month:%m/%Y} đã phê duyệt, không thể lập lại; "
            "sai sót được điều chỉnh ở danh sách tháng sau (truy lĩnh hoặc truy thu)."
        )
    raise ValidationError({"month": message})


# --- Computing the roll in memory -----------------------------------------------------------------------------


@dataclass
class ComputedLine:
    person: object
    amounts: LineAmounts
    funerals: list = field(default_factory=list)  # Decisions paid on this line
    row_no: int = 0

    @property
    def funeral_amount(self) -> int:
        return sum(amount for _, amount in self.funerals)

    @property
    def regular(self) -> int:
        return self.amounts.monthly_amount + self.amounts.care_amount

    @property
    def total(self) -> int:
        return self.amounts.total + self.funeral_amount

    @cached_property
    def columns(self) -> dict:
        """The PaymentLine's columns (everything but the roll); read after the lines are numbered."""
        person, amounts = self.person, self.amounts
        categories = list(dict.fromkeys(amounts.categories))
        basis = list(amounts.basis)
        payee, method, account, bank = "", person.payment_method, person.account_number, person.bank_name
        if self.funerals:
            categories.append("11")
            basis.extend(f"Mai táng phí theo quyết định số {decision.number}" for decision, _ in self.funerals)
            # The organiser of the funeral receives the money, in cash: the deceased's account is closed.
            payee = self.funerals[0][0].dossier.organiser_name
            method, account, bank = PaymentMethod.CASH, "", ""
        return {
            "row_no": self.row_no,
            "person_id": person.pk,
            "categories": ", ".join(categories)[:60],
            "coefficient": amounts.coefficient,
            "level": amounts.level,
            "monthly_amount": amounts.monthly_amount,
            "care_amount": amounts.care_amount,
            "arrears_amount": amounts.arrears_amount,
            "arrears_months": [f"{m:%Y-%m}" for m in amounts.arrears_months],
            "recovery_amount": amounts.recovery_amount,
            "recovery_months": [f"{m:%Y-%m}" for m in amounts.recovery_months],
            "funeral_amount": self.funeral_amount,
            "total": self.total,
            "payee_name": payee[:150],
            "payment_method": method,
            "account_number": account,
            "bank_name": bank,
            "basis": "\n".join(basis),
        }

    def items(self, month: date) -> list[dict]:
        rows = [
            {"entitlement_id": item.entitlement_id, "decision_id": None, "kind": item.kind, "month": item.month,
             "amount": item.amount}
            for item in self.amounts.items
        ]  # fmt: skip
        rows.extend(
            {"entitlement_id": None, "decision_id": decision.pk, "kind": PaymentItem.Kind.FUNERAL, "month": month,
             "amount": amount}
            for decision, amount in self.funerals
        )  # fmt: skip
        return rows


@dataclass
class ComputedRoll:
    lines: list[ComputedLine]
    changes: list[dict]
    previous_total: int
    increase_total: int
    decrease_total: int
    digest: str = ""

    def totals(self) -> dict:
        lines = self.lines
        account = [line for line in lines if line.columns["payment_method"] in ACCOUNT_METHODS]
        return {
            "lines_count": len(lines),
            "monthly_total": sum(line.amounts.monthly_amount for line in lines),
            "care_total": sum(line.amounts.care_amount for line in lines),
            "arrears_total": sum(line.amounts.arrears_amount for line in lines),
            "recovery_total": sum(line.amounts.recovery_amount for line in lines),
            "funeral_total": sum(line.funeral_amount for line in lines),
            "total": sum(line.total for line in lines),
            "previous_total": self.previous_total,
            "increase_total": self.increase_total,
            "decrease_total": self.decrease_total,
            "account_lines": len(account),
            "account_total": sum(line.total for line in account),
        }


def roll_compute(inputs: CommuneInputs) -> ComputedRoll:
    """Every line of the roll, its ledger items and the changes since last month, in memory (no queries)."""
    month = inputs.month
    recheck = recheck_months(inputs)
    by_person: dict[int, list] = defaultdict(list)
    people: dict[int, object] = {}
    for entitlement in inputs.entitlements:
        by_person[entitlement.person_id].append(entitlement)
        people[entitlement.person_id] = entitlement.person
    funerals: dict[int, list] = defaultdict(list)
    for decision in inputs.funerals:
        person = decision.dossier.person
        people.setdefault(person.pk, person)
        amount = decision.amount
        if amount is None:
            death = decision.dossier.death_date or decision.signed_on
            amount = funeral_line(first_of_month(death), inputs.tables).amount
        funerals[person.pk].append((decision, amount))

    lines: list[ComputedLine] = []
    for person_id, person in people.items():
        periods = [inputs.periods[e.id] for e in by_person.get(person_id, ())]
        amounts = (
            person_line(periods, month, inputs.tables, paid=inputs.paid, recheck=recheck) if periods else LineAmounts()
        )
        if amounts.empty and not funerals.get(person_id):
            continue
        lines.append(ComputedLine(person=person, amounts=amounts, funerals=funerals.get(person_id, [])))
    villages: dict[int | None, str] = {None: "\uffff"}  # people without a village last
    for line in lines:
        if line.person.village_id not in villages:
            villages[line.person.village_id] = fold(line.person.village.name)
    lines.sort(
        key=lambda line: (
            villages[line.person.village_id],
            line.person.name_folded or fold(line.person.full_name),
            line.person.pk,
        )
    )
    for number, line in enumerate(lines, start=1):
        line.row_no = number

    changes, previous_total, increase, decrease = _changes(inputs, lines, by_person)
    computed = ComputedRoll(lines, changes, previous_total, increase, decrease)
    computed.digest = _digest(computed, month)
    return computed


def _numbers(values) -> str:
    return ", ".join(dict.fromkeys(value for value in values if value))[:40]


def _months(months) -> str:
    return ", ".join(f"{m:%m/%Y}" for m in months)


PARTS = ("regular", "arrears", "recovery", "funeral")
# The decision behind a change: the event that caused it when it names one, else the granting decision.
CAUSES = {"regular": ("granted", "resumed"), "ended": ("ended", "suspended"), "arrears": ("resumed",),
          "recovery": ("ended", "suspended")}  # fmt: skip


def _parts(line: ComputedLine | None) -> dict[str, int]:
    if line is None:
        return dict.fromkeys(PARTS, 0)
    amounts = line.amounts
    return {"regular": line.regular, "arrears": amounts.arrears_amount, "recovery": amounts.recovery_amount,
            "funeral": line.funeral_amount}  # fmt: skip


def _changes(inputs: CommuneInputs, lines: list[ComputedLine], by_person: dict[int, list]):
    """Tăng/giảm against last month's approved roll: one row per person and part (regular, arrears, recovery,
    funeral) whose amount differs, with the decision behind it. Each row moves the total by its effect (a
    recovery lowers it), so previous_total + increase_total − decrease_total = total, exactly."""
    previous = {row["person_id"]: row for row in inputs.previous_lines}
    previous_total = sum(row["total"] for row in inputs.previous_lines)
    current = {line.person.pk: line for line in lines}
    rows: list[dict] = []
    increase = decrease = 0
    order = sorted(set(previous) - set(current)) + [line.person.pk for line in lines]  # gone first, then by row
    for person_id in order:
        row = previous.get(person_id, {})
        line = current.get(person_id)
        old = {
            "regular": row.get("monthly_amount", 0) + row.get("care_amount", 0),
            "arrears": row.get("arrears_amount", 0),
            "recovery": row.get("recovery_amount", 0),
            "funeral": row.get("funeral_amount", 0),
        }
        new = _parts(line)
        for part in PARTS:
            if old[part] == new[part]:
                continue
            effect = old[part] - new[part] if part == "recovery" else new[part] - old[part]
            kind, number, note = _describe(part, old[part], new[part], line, by_person.get(person_id, []), inputs)
            if effect > 0:
                increase += effect
            else:
                decrease -= effect
            rows.append(
                {"person_id": person_id, "kind": kind, "old_amount": old[part], "new_amount": new[part],
                 "decision_number": number, "note": note[:300]}
            )  # fmt: skip
    return rows, previous_total, increase, decrease


def _describe(part: str, old: int, new: int, line, entitlements: list, inputs: CommuneInputs):
    """(RollChange kind, decision number(s), note) of one part's change."""
    month, events = inputs.month, inputs.events

    def numbers(chosen: list, cause: str) -> str:
        kinds = CAUSES[cause]
        caused = [
            ev.decision.number for e in chosen for ev in events.get(e.id, []) if ev.kind in kinds and ev.decision_id
        ]
        return _numbers(caused + [e.decision_number for e in chosen])

    def with_items(kind: str) -> list:
        ids = {item.entitlement_id for item in line.amounts.items if item.kind == kind} if line else set()
        return sorted((e for e in entitlements if e.id in ids), key=lambda e: e.start_month, reverse=True)

    if part == "funeral":
        decisions = [decision for decision, _ in line.funerals] if line and new else []
        if not decisions:
            return RollChange.Kind.FUNERAL, "", "Mai táng phí đã chi tháng trước"
        organiser = decisions[0].dossier.organiser_name
        return RollChange.Kind.FUNERAL, _numbers(d.number for d in decisions), f"Mai táng phí, người nhận: {organiser}"
    if part in ("arrears", "recovery"):
        kind = RollChange.Kind.ARREARS if part == "arrears" else RollChange.Kind.RECOVERY
        label = "Truy lĩnh" if part == "arrears" else "Truy thu"
        if not new:
            return kind, "", f"{label} đã chi tháng trước"
        months = line.amounts.arrears_months if part == "arrears" else line.amounts.recovery_months
        return kind, numbers(with_items(part), part), f"{label} các tháng {_months(months)}"
    paying = with_items("regular")
    if not old:
        return RollChange.Kind.NEW, numbers(paying, "regular"), _new_note(paying, events, month)
    if new:
        return RollChange.Kind.CHANGED, numbers(paying, "regular"), f"Diện {line.columns['categories']}"
    last_month = add_months(month, -1)
    # What paid last month: its regular item, or its months (when last month's roll was generated before it).
    stopped = [
        e for e in entitlements if (e.id, last_month) in inputs.paid_regular or inputs.periods[e.id].covers(last_month)
    ]
    return RollChange.Kind.ENDED, numbers(stopped, "ended"), _ended_note(stopped, inputs)


def _new_note(entitlements: list, events: dict, month: date) -> str:
    resumed = [
        event.month
        for entitlement in entitlements
        for event in events.get(entitlement.id, [])
        if event.kind == "resumed" and event.month <= month
    ]
    if resumed:
        return f"Tiếp tục hưởng từ tháng {max(resumed):%m/%Y}"
    starts = min((entitlement.start_month for entitlement in entitlements), default=month)
    return f"Hưởng từ tháng {starts:%m/%Y}"


def _ended_note(stopped: list, inputs: CommuneInputs) -> str:
    reasons = dict(EndReason.choices)
    for entitlement in stopped:
        if entitlement.end_month is not None and entitlement.end_month < inputs.month:
            reason = reasons.get(entitlement.end_reason, "Thôi hưởng")
            return f"{reason} (hưởng đến hết tháng {entitlement.end_month:%m/%Y})"
        if inputs.periods[entitlement.id].suspended_in(inputs.month):
            return "Tạm dừng hưởng"
    return "Không còn trong danh sách chi trả của xã"


def _jsonable(value):
    if isinstance(value, (date, Decimal)):
        return str(value)
    raise TypeError(type(value))


def _digest(computed: ComputedRoll, month: date) -> str:
    """sha256 of everything the roll would store: same inputs → same digest → the draft is left as it is."""
    payload = {
        "month": month,
        "lines": [[line.columns, line.items(month)] for line in computed.lines],
        "changes": computed.changes,
        "totals": computed.totals(),
    }
    text = json.dumps(payload, default=_jsonable, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


# --- Writing ----------------------------------------------------------------------------------------------------


@transaction.atomic
def roll_generate(*, commune, month: date, actor=None) -> PaymentRoll:
    """Generate (or regenerate) `commune`'s draft roll for `month` (SPEC §3).

    Decree 20/2021 Art. 6 and 20 (monthly allowance and care support), Circular 02/2021 Art. 2 (ending, suspending,
    resuming with arrears), Art. 11 (funeral support), decree20.md §8 (the list for next month). Refused for a
    month more than one month after today's and for a roll that is no longer a draft.
    """
    month = check_month(month)
    if commune.level != Level.COMMUNE:
        raise ValidationError({"commune": "Danh sách chi trả được lập cho từng xã."})
    # The lock makes two generations of the same roll wait for each other: the second finds the first's result.
    roll, created = PaymentRoll.objects.select_for_update().get_or_create(commune=commune, month=month)
    _check_draft(roll)
    inputs = inputs_load(commune=commune, month=month, roll=None if created else roll)
    computed = roll_compute(inputs)
    now = timezone.now()
    data = {"digest": computed.digest, "rates": inputs.rates}
    if not created and roll.inputs_digest == computed.digest:
        # Same inputs, same roll: the lines stay exactly as they are; only the generation is recorded.
        PaymentRoll.objects.filter(pk=roll.pk).update(generated_at=now, generated_by=actor)
        roll.generated_at, roll.generated_by = now, actor
        _event(roll, Status.DRAFT, actor, reason="Lập lại, không thay đổi", data={**data, "unchanged": True})
        return roll
    if not created:
        PaymentItem.objects.filter(line__roll=roll).delete()
        PaymentLine.objects.filter(roll=roll).delete()
        RollChange.objects.filter(roll=roll).delete()
        roll.version += 1
    _write(roll, computed, month)
    for name, value in computed.totals().items():
        setattr(roll, name, value)
    roll.inputs_digest = computed.digest
    roll.generated_at, roll.generated_by = now, actor
    roll.save()
    _event(
        roll,
        "" if created else Status.DRAFT,
        actor,
        reason="" if created else "Lập lại",
        data={**data, "unchanged": False, "version": roll.version, "lines": roll.lines_count, "total": roll.total},
    )
    return roll


def _event(roll: PaymentRoll, from_status: str, actor, *, reason: str = "", data: dict) -> None:
    RollEvent.objects.create(
        roll=roll,
        action=GENERATED,
        from_status=from_status,
        to_status=Status.DRAFT,
        actor=actor,
        reason=reason,
        data=data,
    )


def _write(roll: PaymentRoll, computed: ComputedRoll, month: date) -> None:
    lines = [PaymentLine(roll=roll, **line.columns) for line in computed.lines]
    PaymentLine.objects.bulk_create(lines, batch_size=BATCH)
    PaymentItem.objects.bulk_create(
        (
            PaymentItem(line=stored, **item)
            for stored, line in zip(lines, computed.lines, strict=True)
            for item in line.items(month)
        ),
        batch_size=BATCH,
    )
    RollChange.objects.bulk_create((RollChange(roll=roll, **row) for row in computed.changes), batch_size=BATCH)


# --- Many communes at once: a job with one Celery task per commune ---------------------------------------------


def paying_communes(unit, month: date):
    """The communes inside `unit` (a province, district or commune) that have something to pay for `month`:
    entitlements paying in, or owing for, the look-back window, or an approved funeral decision."""
    month = first_of_month(month)
    communes = AdministrativeUnit.objects.filter(level=Level.COMMUNE)
    if unit.level == Level.PROVINCE:
        communes = communes.filter(province=unit)
    elif unit.level == Level.DISTRICT:
        communes = communes.filter(parent=unit)
    else:
        communes = communes.filter(pk=unit.pk)
    window_start = add_months(month, -LOOKBACK_MONTHS - 1)
    entitled = Entitlement.objects.filter(
        Q(end_month__isnull=True) | Q(end_month__gte=window_start),
        start_month__lte=month,
        category__kind__in=PAYING_KINDS,
    ).values("commune_id")
    funerals = Decision.objects.filter(
        outcome=Decision.Outcome.APPROVED, dossier__kind=Dossier.Kind.FUNERAL, payment_items__isnull=True
    ).values("dossier__commune_id")
    return communes.filter(Q(pk__in=entitled) | Q(pk__in=funerals)).order_by("code")


@transaction.atomic
def generation_start(*, unit, month: date, actor) -> Job:
    """Queue the generation of `month`'s roll for every paying commune inside `unit` (one Celery task each, sent
    after commit). Communes whose roll is already submitted or approved are left out (listed in the job)."""
    month = check_month(month)
    communes = list(paying_communes(unit, month).values_list("id", flat=True))
    locked = set(
        PaymentRoll.objects.filter(commune_id__in=communes, month=month)
        .exclude(status=Status.DRAFT)
        .values_list("commune_id", flat=True)
    )
    todo = [pk for pk in communes if pk not in locked]
    job = job_create(
        kind=JOB_KIND,
        title=f"Lập danh sách chi trả tháng {month:%m/%Y} – {unit.name}",
        actor=actor,
        unit=unit,
        params={"month": month.isoformat(), "communes": todo, "skipped": sorted(locked)},
    )
    if not todo:
        job_claim(job_id=job.pk)
        job_finish(job_id=job.pk, result={"communes": 0, "lines": 0, "total": 0, "skipped": len(locked)})
        job.refresh_from_db()
        return job
    month_iso = month.isoformat()

    def dispatch() -> None:
        from celery import group

        from .tasks import roll_generate_task

        group(roll_generate_task.s(pk, month_iso, job.pk) for pk in todo).apply_async()

    # After commit, so the tasks find the job row; robust: a broker hiccup is logged, the job shows it queued.
    transaction.on_commit(dispatch, robust=True)
    return job


def roll_generate_for_job(*, commune_id: int, month: date, job_id: int | None = None) -> PaymentRoll | None:
    """One commune of a generation job: generate its roll, then advance the job (the last commune finishes it;
    a failing commune fails it, naming the commune). A roll submitted or approved since the job started is left
    as it is and counts as done."""
    commune = AdministrativeUnit.objects.select_related("province").get(pk=commune_id)
    job = Job.objects.select_related("created_by").filter(pk=job_id).first() if job_id else None
    if job is not None:
        job_claim(job_id=job.pk)  # the first commune moves the job to running; the others find it claimed
    roll = None
    try:
        if not PaymentRoll.objects.filter(commune=commune, month=month).exclude(status=Status.DRAFT).exists():
            roll = roll_generate(commune=commune, month=month, actor=job.created_by if job else None)
    except Exception as exc:
        if job is not None:
            detail = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            job_fail(job_id=job.pk, error=GenerationFailed(f"{commune.name}: {detail}"))
            Job.objects.filter(pk=job.pk).update(message=f"Lỗi khi lập danh sách của {commune.name}"[:255])
        raise
    if job is not None:
        _job_advance(job, month, last=commune.name)
    return roll


class GenerationFailed(Exception):
    """A commune's roll could not be generated; the message names the commune."""


def _job_advance(job: Job, month: date, *, last: str) -> None:
    communes = job.params.get("communes", [])
    done = PaymentRoll.objects.filter(commune_id__in=communes, month=month).filter(
        Q(generated_at__gte=job.created_at) | ~Q(status=Status.DRAFT)
    )
    count = done.count()
    total = len(communes) or 1
    job_progress(
        job_id=job.pk,
        percent=count * 100 // total,
        message=f"Đã lập {count}/{len(communes)} xã (vừa xong: {last})",
    )
    if count >= len(communes) and Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).exists():
        rows = list(done.values_list("lines_count", "total"))
        job_finish(
            job_id=job.pk,
            result={
                "communes": len(rows),
                "lines": sum(lines for lines, _ in rows),
                "total": sum(total for _, total in rows),
                "skipped": len(job.params.get("skipped", [])),
            },
        )


def generation_progress(job: Job) -> list[tuple[AdministrativeUnit, PaymentRoll | None]]:
    """Each commune of a generation job with its roll for the month (None until generated), by commune code."""
    month = date.fromisoformat(job.params["month"])
    ids = job.params.get("communes", []) + job.params.get("skipped", [])
    communes = AdministrativeUnit.objects.filter(pk__in=ids).select_related("parent").order_by("code")
    rolls = {roll.commune_id: roll for roll in PaymentRoll.objects.filter(commune_id__in=ids, month=month)}
    return [(commune, rolls.get(commune.pk)) for commune in communes]
