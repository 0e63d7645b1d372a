"""What a person's line on a monthly roll holds: the month's allowance and care support, arrears (truy lĩnh) and
recovery (truy thu) for earlier months, each with the months it covers. Pure: no ORM, no clock.

The ledger idea: for every entitlement and month, what is *due* (the rules engine on the facts of that month,
zero outside the entitlement's months or while suspended, unless the resumption paid the suspended months back)
minus what was already *paid* for that month (items of earlier approved rolls whose line was not marked unpaid)
is owed now: a positive difference is arrears, a negative one recovery. Backdated decisions, resumptions with
arrears, retroactive raises of the level, deaths recorded late and lines the person never collected all fall out
of that one comparison (decree20.md §1, §5, §8).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from policy.rules import Facts, RateTables, add_months, first_of_month, line_for


@dataclass(frozen=True)
class Period:
    """One entitlement as the roll sees it."""

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

    def covers(self, month: date) -> bool:
        return self.start_month <= month and (self.end_month is None or month <= self.end_month)

    def suspended_in(self, month: date) -> bool:
        return any(start <= month and (until is None or month < until) for start, until in self.suspensions)


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
    """(amount due for `month`, the rules' Line or None)."""
    month = first_of_month(month)
    if not period.covers(month):
        return 0, None
    if period.suspended_in(month) and month not in period.arrears_months:
        return 0, None
    line = line_for(period.category, period.facts, month, tables)
    return (line.amount, line) if line is not None else (0, None)


def person_line(
    periods: Iterable[Period],
    month: date,
    tables: RateTables,
    *,
    paid: Mapping[tuple[int, date], int],
    recheck: Mapping[int, Iterable[date]] | None = None,
) -> LineAmounts:
    """One person's amounts for the roll of `month`.

    `paid` maps (entitlement id, month) to what approved rolls already paid for that month. `recheck` lists, per
    entitlement, the earlier months to compare again (only those whose inputs changed since they were paid —
    the caller decides; comparing every month of every person every month would be wasted work).
    """
    month = first_of_month(month)
    result = LineAmounts()
    arrears_months: set[date] = set()
    recovery_months: set[date] = set()
    for period in sorted(periods, key=lambda p: (p.kind != "monthly", p.category, p.entitlement_id)):
        amount, line = due(period, month, tables)
        if amount:
            result.items.append(Item(period.entitlement_id, "regular", month, amount))
            if period.kind == "monthly":
                result.monthly_amount += amount
            else:
                result.care_amount += amount
            result.categories.append(period.category)
            result.basis.append(line.explanation)
            if period.kind == "monthly":
                result.coefficient = (result.coefficient or Decimal(0)) + line.coefficient
                result.level = line.level
        for earlier in sorted(set((recheck or {}).get(period.entitlement_id, ()))):
            earlier = first_of_month(earlier)
            if earlier >= month:
                continue
            owed = due(period, earlier, tables)[0] - paid.get((period.entitlement_id, earlier), 0)
            if owed > 0:
                result.items.append(Item(period.entitlement_id, "arrears", earlier, owed))
                result.arrears_amount += owed
                arrears_months.add(earlier)
            elif owed < 0:
                result.items.append(Item(period.entitlement_id, "recovery", earlier, owed))
                result.recovery_amount += -owed
                recovery_months.add(earlier)
    result.arrears_months = sorted(arrears_months)
    result.recovery_months = sorted(recovery_months)
    return result


def months_to_recheck(period: Period, month: date, *, since: date) -> list[date]:
    """Every month from max(start, `since`) to the month before `month`: the window a changed entitlement is
    compared over (e.g. `since` = the effective date of a retroactive raise, or the first roll of the portal)."""
    first = max(first_of_month(period.start_month), first_of_month(since))
    months, current = [], first
    while current < first_of_month(month):
        months.append(current)
        current = add_months(current, 1)
    return months
