"""A commune's roll computed in memory from its inputs (no queries): the lines with their ledger items, the
changes since last month (tăng/giảm) and the digest that makes regeneration idempotent."""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from beneficiaries.models import EndReason, PaymentMethod
from core.text import fold
from policy.rules import add_months, first_of_month, funeral_line

from ..inputs import CommuneInputs, recheck_months
from ..models import PaymentItem, RollChange
from ..rules import LineAmounts, person_line

ACCOUNT_METHODS = (PaymentMethod.BANK, PaymentMethod.E_WALLET)


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
