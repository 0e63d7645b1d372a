"""The monthly nurturing allowance of a facility resident (Decree 20/2021 Art. 25.1, 25.3, 26): pure rules.

No ORM, no clock: the caller passes the stay's facts (`Stay`) and a `policy.rules.RateTables` snapshot.

- Amount for a whole month = standard level in force that month × coefficient, whole đồng (half up). The
  coefficient is 5.0 for a resident under 4 and 4.0 from 4 (rules `25.1:under_4`, `25.1:from_4`); a province may
  set more with its own coefficient rows, never less (the decree says "at least"), so the higher of the national
  and the provincial row in force applies.
- Age follows the portal's month rule for 5.1 children (`policy.rules.age_in_month`): the month of the 4th
  birthday already pays 4.0, whatever the day of the birthday.
- Days present: from the admission day to the discharge day, **both counted**, so a resident admitted on the
  31st is paid 1 day and one admitted and discharged on the same day is paid 1 day. A month the resident is
  present only partly pays full × days present / days in the month, rounded half up to the đồng.
- No double payment with the commune's monthly allowance (Art. 6 vs Art. 25): months up to
  `allowance_paid_until` pay 0 (the line stays, saying why).
- Art. 26: a resident who leaves keeps the allowance up to `support_until` (a month), paid in **full** for every
  month after leaving and for the discharge month itself (the days before and after leaving together make the
  whole month). A resident who died is never paid after death.
- Art. 25.3: the funeral money the facility recorded is paid on the roll of the month of death.
- Voluntary residents under a service contract pay their fee: they get no line (the caller leaves them out, and
  `nurturing_line` answers None for them too).
"""

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from core.templatetags.vn_format import format_vnd
from policy.rules import CoefficientRow, RateTables, age_in_month, allowance_amount, first_of_month, month_end

UNDER_4 = "25.1:under_4"
FROM_4 = "25.1:from_4"
AFTER_LEAVING_BASIS = "Điều 26 Nghị định 20/2021/NĐ-CP"
FUNERAL_BASIS = "khoản 3 Điều 25"
BASIS_MAX = 300


@dataclass(frozen=True)
class Stay:
    """What the rules need about one resident's stay."""

    birth_date: date
    admitted_on: date
    discharged_on: date | None = None
    died: bool = False
    contract: bool = False
    allowance_paid_until: date | None = None  # a month: the commune's monthly allowance paid through it
    support_until: date | None = None  # a month: Art. 26, paid in full up to it after leaving
    funeral_amount: int | None = None


@dataclass(frozen=True)
class NurturingAmount:
    coefficient: Decimal
    level: int
    full_amount: int
    days: int
    days_in_month: int
    amount: int
    funeral_amount: int
    after_leaving: bool
    basis: str

    @property
    def total(self) -> int:
        return self.amount + self.funeral_amount


def days_in_month(month: date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


def days_present(admitted_on: date, discharged_on: date | None, month: date) -> int:
    """Days of `month` from the admission day to the discharge day, both included (0 when not there)."""
    start = max(admitted_on, first_of_month(month))
    end = month_end(month) if discharged_on is None else min(discharged_on, month_end(month))
    return max((end - start).days + 1, 0)


def prorated(full_amount: int, days: int, days_in_month: int) -> int:
    """full × days / days in the month, whole đồng, half up."""
    if days >= days_in_month:
        return full_amount
    return int((Decimal(full_amount) * days / days_in_month).to_integral_value(ROUND_HALF_UP))


def coefficient_row(tables: RateTables, birth_date: date, month: date) -> CoefficientRow:
    """The coefficient row for the resident's age in `month`: the higher of national and provincial (at least)."""
    month = first_of_month(month)
    rule = UNDER_4 if age_in_month(birth_date, month) < 4 else FROM_4
    in_force = [row for row in tables.coefficients if row.rule == rule and row.in_force(month)]
    if not in_force:
        raise LookupError(f"Chưa có hệ số trợ cấp nuôi dưỡng ({rule}) áp dụng cho tháng {month:%m/%Y}.")
    # The latest row of each kind, then the higher value; on a tie the province's own row (its citation is local).
    latest: dict[bool, CoefficientRow] = {}
    for row in sorted(in_force, key=lambda row: row.effective_from):
        latest[row.provincial] = row
    return max(latest.values(), key=lambda row: (row.value, row.provincial))


def coefficient_text(value: Decimal) -> str:
    """At least one decimal, Vietnamese comma: 5 → '5,0', 4.5 → '4,5', 4.25 → '4,25'."""
    text = format(value.normalize(), "f")
    if "." not in text:
        text += ".0"
    return text.replace(".", ",")


def _money(amount: int) -> str:
    return format_vnd(amount).replace("\u00a0", " ")


def nurturing_line(stay: Stay, month: date, tables: RateTables) -> NurturingAmount | None:
    """The resident's nurturing allowance (and funeral money) for `month`, or None when nothing is owed."""
    month = first_of_month(month)
    if stay.contract or stay.admitted_on > month_end(month):
        return None
    dim = days_in_month(month)
    present = days_present(stay.admitted_on, stay.discharged_on, month)
    left_before_end = stay.discharged_on is not None and stay.discharged_on < month_end(month)
    supported = (
        left_before_end
        and not stay.died
        and stay.support_until is not None
        and first_of_month(stay.support_until) >= month
    )
    died_this_month = stay.died and stay.discharged_on is not None and first_of_month(stay.discharged_on) == month
    funeral = (stay.funeral_amount or 0) if died_this_month else 0
    if present == 0 and not supported and not funeral:
        return None

    row = coefficient_row(tables, stay.birth_date, month)
    level = tables.level_for(month).amount
    full = allowance_amount(level=level, coefficient=row.value)
    days = dim if supported else present
    factor = f"{coefficient_text(row.value)} × {_money(level)}"
    if stay.allowance_paid_until is not None and month <= first_of_month(stay.allowance_paid_until):
        amount, days = 0, 0
        basis = (
            f"Không chi: đã hưởng trợ cấp xã hội hàng tháng tại xã đến hết tháng "
            f"{first_of_month(stay.allowance_paid_until):%m/%Y} (không hưởng trùng)"
        )
    elif days >= dim:
        amount = full
        basis = f"{row.legal_basis}: {factor} = {_money(full)}"
    else:
        amount = prorated(full, days, dim)
        basis = f"{row.legal_basis}: {factor} × {days}/{dim} ngày = {_money(amount)}"
    if supported and amount:
        until = first_of_month(stay.support_until)
        basis += f"; tiếp tục hưởng sau khi rời cơ sở đến tháng {until:%m/%Y} ({AFTER_LEAVING_BASIS})"
    if funeral:
        basis += f"; mai táng phí {_money(funeral)} ({FUNERAL_BASIS})"
    return NurturingAmount(
        coefficient=row.value,
        level=level,
        full_amount=full,
        days=days,
        days_in_month=dim,
        amount=amount,
        funeral_amount=funeral,
        after_leaving=supported,
        basis=basis[:BASIS_MAX],
    )
