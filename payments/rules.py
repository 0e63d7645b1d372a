"""What a person's line on a monthly roll holds: the month's allowance and care support, arrears (truy lĩnh) and
recovery (truy thu) for earlier months, each with the months it covers. Pure: no ORM, no clock.

The ledger idea: for every entitlement and month, what is *due* (the rules engine on the facts of that month,
zero outside the entitlement's months or while suspended, unless the resumption paid the suspended months back)
minus what was already *paid* for that month (items of earlier approved rolls whose line was not marked unpaid)
is owed now: a positive difference is arrears, a negative one recovery. Backdated decisions, resumptions with
arrears, retroactive raises of the level, deaths recorded late and lines the person never collected all fall out
of that one comparison (decree20.md §1, §5, §8).

Two rules work on the person rather than on one entitlement:
- Only the highest monthly allowance is paid when several monthly entitlements are in force in the same month;
  a single parent in 5.4 who is also in 5.5, 5.6 or 5.8 gets both (Decree 20/2021 Art. 6.2). Care support
  (Art. 20) is never compared.
- What is owed for an earlier month is netted within the same allowance: the person's monthly allowance (one
  per person, Art. 6.2), and care support per category and cared-for person. A move or an adjustment recorded
  late (the old entitlement paid a month the new one now covers) then owes only the difference, not a recovery
  and an arrears of the same month side by side.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from policy.rules import (
    SINGLE_PARENT_EXCEPTION,
    Facts,
    Line,
    RateTables,
    add_months,
    first_of_month,
    group_of,
    line_for,
)


@dataclass(frozen=True)
class Period:
    """One entitlement as the roll sees it. Months may be given as any day: they are kept as the 1st."""

    entitlement_id: int
    category: str
    kind: str  # monthly | care
    facts: Facts
    start_month: date
    end_month: date | None = None  # last paid month; before start_month when voided
    # Suspensions as [from, until) month pairs; until None: still suspended.
    suspensions: tuple[tuple[date, date | None], ...] = ()
    # Suspended months the resumption decided to pay back.
    arrears_months: frozenset[date] = frozenset()
    # Care support: the person cared for (netting of earlier months is per category and cared-for person).
    subject_id: int | None = None

    def __post_init__(self):
        # A decision signed on the 17th pays from that month (decree20.md §5); a death on the 17th is paid
        # through that month. Comparing a mid-month date with the 1st would lose the first or last month.
        set_ = object.__setattr__
        set_(self, "start_month", first_of_month(self.start_month))
        if self.end_month is not None:
            set_(self, "end_month", first_of_month(self.end_month))
        set_(
            self,
            "suspensions",
            tuple(
                (first_of_month(start), None if until is None else first_of_month(until))
                for start, until in self.suspensions
            ),
        )
        set_(self, "arrears_months", frozenset(first_of_month(month) for month in self.arrears_months))

    def covers(self, month: date) -> bool:
        month = first_of_month(month)
        return self.start_month <= month and (self.end_month is None or month <= self.end_month)

    def suspended_in(self, month: date) -> bool:
        month = first_of_month(month)
        return any(start <= month and (until is None or month < until) for start, until in self.suspensions)

    @property
    def netting_group(self) -> tuple:
        if self.kind == "monthly":
            return ("monthly",)
        subject = self.subject_id if self.subject_id is not None else self.facts.subject_birth_date
        return (self.kind, self.category, subject)


@dataclass(frozen=True)
class Item:
    entitlement_id: int
    kind: str  # regular | arrears | recovery
    month: date
    amount: int


@dataclass
class LineAmounts:
    items: list[Item] = field(default_factory=list)
    monthly_amount: int = 0
    care_amount: int = 0
    arrears_amount: int = 0
    recovery_amount: int = 0  # positive number taken back
    arrears_months: list[date] = field(default_factory=list)
    recovery_months: list[date] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    coefficient: Decimal | None = None
    level: int | None = None
    basis: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.monthly_amount + self.care_amount + self.arrears_amount - self.recovery_amount

    @property
    def empty(self) -> bool:
        return not self.items


def due(period: Period, month: date, tables: RateTables):
    """(amount due for `month`, the rules' Line or None) for this entitlement alone (no Art. 6.2 comparison)."""
    month = first_of_month(month)
    if not period.covers(month):
        return 0, None
    if period.suspended_in(month) and month not in period.arrears_months:
        return 0, None
    line = line_for(period.category, period.facts, month, tables)
    return (line.amount, line) if line is not None else (0, None)


def person_due(periods: Iterable[Period], month: date, tables: RateTables) -> dict[int, tuple[int, Line | None]]:
    """What each of one person's entitlements is due for `month`, once Art. 6.2 has set aside the lower monthly
    allowances: {entitlement id: (amount, Line or None)}."""
    result: dict[int, tuple[int, Line | None]] = {}
    monthly: list[tuple[Period, Line]] = []
    for period in periods:
        amount, line = due(period, month, tables)
        if period.kind == "monthly" and line is not None:
            monthly.append((period, line))
            result[period.entitlement_id] = (0, None)
        else:
            result[period.entitlement_id] = (amount, line)
    for period, line in _highest_only(monthly):
        result[period.entitlement_id] = (line.amount, line)
    return result


def _highest_only(candidates: list[tuple[Period, Line]]) -> list[tuple[Period, Line]]:
    """Decree 20/2021 Art. 6.2: only the highest monthly allowance; a single parent in 5.4 who is also in 5.5,
    5.6 or 5.8 gets both. On a tie the lower category code, then the newer entitlement (a later decision — a
    move, an adjustment — replaces the earlier one), so the result never depends on the order given."""
    if not candidates:
        return []
    ordered = sorted(
        candidates,
        key=lambda pair: (-pair[1].amount, pair[0].category, -pair[0].start_month.toordinal(), -pair[0].entitlement_id),
    )
    best = ordered[0]
    single_parent = next((pair for pair in ordered if group_of(pair[0].category) == "5.4"), None)
    partner = next((pair for pair in ordered if pair[0].category.startswith(SINGLE_PARENT_EXCEPTION)), None)
    if (
        single_parent is not None
        and partner is not None
        and single_parent[1].amount + partner[1].amount > best[1].amount
    ):
        return [single_parent, partner]
    return [best]


def person_line(
    periods: Iterable[Period],
    month: date,
    tables: RateTables,
    *,
    paid: Mapping[tuple[int, date], int],
    recheck: Mapping[int, Iterable[date]] | None = None,
) -> LineAmounts:
    """One person's amounts for the roll of `month`.

    `paid` maps (entitlement id, month) to what approved rolls already paid for that month (leave out the items
    of lines marked unpaid). `recheck` lists, per entitlement, the earlier months to compare again (only those
    whose inputs changed since they were paid — the caller decides; comparing every month of every person every
    month would be wasted work). Differences of the same month within one allowance are netted: list the month
    for both sides of a replacement (the new entitlement that now pays it, the old one that was paid for it) and
    only the difference is owed. `recheck` may hold other people's entitlements too (one mapping per roll).
    """
    month = first_of_month(month)
    periods = sorted(periods, key=lambda p: (p.kind != "monthly", p.category, p.start_month, p.entitlement_id))
    result = LineAmounts()

    dues = person_due(periods, month, tables)
    for period in periods:
        amount, line = dues[period.entitlement_id]
        if not amount:
            continue
        result.items.append(Item(period.entitlement_id, "regular", month, amount))
        result.categories.append(period.category)
        result.basis.append(line.explanation)
        if period.kind == "monthly":
            result.monthly_amount += amount
            result.coefficient = (result.coefficient or Decimal(0)) + line.coefficient
            result.level = line.level
        else:
            result.care_amount += amount

    # Only this person's entitlements, and each only for its own months: the caller leaves out months an earlier
    # roll still in progress holds, so comparing them here would pay them twice.
    asked: dict[date, set[int]] = {}
    for period in periods:
        for earlier in (recheck or {}).get(period.entitlement_id, ()):
            if first_of_month(earlier) < month:
                asked.setdefault(first_of_month(earlier), set()).add(period.entitlement_id)
    arrears_months: set[date] = set()
    recovery_months: set[date] = set()
    for earlier in sorted(asked):
        for item in _owed(periods, earlier, tables, paid, compared=asked[earlier]):
            result.items.append(item)
            if item.kind == "arrears":
                result.arrears_amount += item.amount
                arrears_months.add(earlier)
            else:
                result.recovery_amount += -item.amount
                recovery_months.add(earlier)
    result.arrears_months = sorted(arrears_months)
    result.recovery_months = sorted(recovery_months)
    return result


def _owed(
    periods: list[Period],
    month: date,
    tables: RateTables,
    paid: Mapping[tuple[int, date], int],
    *,
    compared: set[int],
) -> list[Item]:
    """Arrears and recovery items for the earlier `month`: due − paid for each entitlement in `compared`,
    netted within each allowance (Period.netting_group) so only the difference is owed, and put on the
    entitlements whose difference has the sign of the net. Due comes from all the person's entitlements
    (Art. 6.2 sets the lower monthly allowances aside)."""
    dues = person_due(periods, month, tables)
    groups: dict[tuple, list[tuple[Period, int]]] = {}
    for period in periods:
        if period.entitlement_id not in compared:
            continue
        owed = dues[period.entitlement_id][0] - paid.get((period.entitlement_id, month), 0)
        if owed:
            groups.setdefault(period.netting_group, []).append((period, owed))
    items = []
    for owed_items in groups.values():
        net = sum(owed for _period, owed in owed_items)
        remaining = abs(net)
        for period, owed in owed_items:
            if remaining == 0 or (owed > 0) != (net > 0):
                continue
            amount = min(abs(owed), remaining)
            remaining -= amount
            if net > 0:
                items.append(Item(period.entitlement_id, "arrears", month, amount))
            else:
                items.append(Item(period.entitlement_id, "recovery", month, -amount))
    return items


def months_to_recheck(period: Period, month: date, *, since: date) -> list[date]:
    """Every month from max(start, `since`) to the month before `month`: the window a changed entitlement is
    compared over (e.g. `since` = the effective date of a retroactive raise, or the first roll of the portal)."""
    first = max(first_of_month(period.start_month), first_of_month(since))
    months, current = [], first
    while current < first_of_month(month):
        months.append(current)
        current = add_months(current, 1)
    return months
