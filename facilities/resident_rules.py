"""Pure rules of a resident's stay (Decree 20/2021 Art. 6, 25.3, 26, 28.2, 30): no ORM, no clock.

- No double payment (decree20.md §3, §7): a resident on the nurturing allowance gets no Art. 6 monthly allowance.
  The commune pays the admission month in full; the allowance stops from the month after it, and comes back from
  the month after the discharge month — or after the last month of the Art. 26 continued support.
- Emergency admission (Art. 28.2): the file is completed within 10 working days; an abandoned child's media notice
  within 25 working days. Discharge (Art. 30) is decided within 7 working days of the proposal.
- Emergency protection (Art. 28.2; decree20.md §7) lasts at most 3 months: from 10 days before the day 3 months after
  admission, the portal asks to complete a regular admission or to discharge.
- Reaching 16 (22 while studying) ends the stay of a child (Art. 30); the portal proposes it 2 months ahead.
- Art. 26: a 5.1 or 5.3 person may keep the nurturing allowance up to 24 months after leaving.
- Art. 25.3: a resident's funeral, at least 50 × the standard level of the month of death.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from core.templatetags.vn_format import format_vnd
from policy.rules import CoefficientRow, LevelRow, add_months, allowance_amount, first_of_month, month_end

EMERGENCY_FILE_DAYS = 10
MEDIA_NOTICE_DAYS = 25
DISCHARGE_DAYS = 7
AGE_OUT = 16
STUDY_AGE_OUT = 22
REMINDER_MONTHS = 2
# A child past the age who is still there (the proposal was missed) stays on the list this long.
OVERDUE_MONTHS = 12
MAX_SUPPORT_MONTHS = 24
EMERGENCY_STAY_MONTHS = 3
EMERGENCY_STAY_WARN_DAYS = 10
SUPPORT_GROUPS = ("5.1", "5.3")
FUNERAL_RULE = "25.3:funeral"


@dataclass(frozen=True)
class Funeral:
    amount: int
    basis: str  # "Khoản 3 Điều 25 …: Mai táng phí …, 50 × 500.000 ₫ = 25.000.000 ₫"


def funeral(*, level: LevelRow, coefficient: CoefficientRow) -> Funeral:
    """Art. 25.3: coefficient × the standard level of the month of death, whole đồng, with its citation."""
    amount = allowance_amount(level=level.amount, coefficient=coefficient.value)
    factor = format(coefficient.value.normalize(), "f").replace(".", ",")
    basis = (
        f"{coefficient.legal_basis}: {coefficient.label}, {factor} × {format_vnd(level.amount)} = {format_vnd(amount)}"
    )
    return Funeral(amount=amount, basis=basis.replace("\u00a0", " ")[:300])


def allowance_stops_from(admitted_on: date) -> date:
    """The first month the commune's monthly allowance is not paid: the month after admission."""
    return add_months(first_of_month(admitted_on), 1)


def allowance_resumes_from(discharged_on: date, support_until: date | None) -> date:
    """The month after the discharge month, or after the last month of the Art. 26 continued support."""
    last = max(first_of_month(discharged_on), first_of_month(support_until) if support_until else date.min)
    return add_months(last, 1)


def support_until(discharged_on: date, months: int) -> date | None:
    """The last month of the Art. 26 continued support: `months` months after the discharge month."""
    if months <= 0:
        return None
    return add_months(first_of_month(discharged_on), months)


def may_continue_support(category_code: str) -> bool:
    return category_code.startswith(SUPPORT_GROUPS)


def birthday(birth_date: date, age: int) -> date:
    try:
        return birth_date.replace(year=birth_date.year + age)
    except ValueError:  # born on 29 February
        return date(birth_date.year + age, 3, 1)


def age_out_day(birth_date: date, *, studying: bool) -> date:
    """The day a child's stay ends by age (Art. 30): the 16th birthday, the 22nd while studying."""
    return birthday(birth_date, STUDY_AGE_OUT if studying else AGE_OUT)


def emergency_stay_ends(admitted_on: date) -> date:
    """The day an emergency protection stay reaches 3 months: the same day 3 months later (the month's last day
    when that month is shorter: admitted 30/11 → 28/02)."""
    return _shift(admitted_on, EMERGENCY_STAY_MONTHS)


def emergency_stay_due(admitted_on: date, today: date) -> bool:
    """The stay is in its last 10 days before 3 months, or past them."""
    return today >= emergency_stay_ends(admitted_on) - timedelta(days=EMERGENCY_STAY_WARN_DAYS)


def emergency_admitted_before(today: date) -> date:
    """A coarse bound for a database filter: a stay admitted after this day is not yet due (3 months are at least
    89 days, minus the 10 days of warning)."""
    return today - timedelta(days=89 - EMERGENCY_STAY_WARN_DAYS)


def birth_window(
    today: date, age: int, *, ahead: int = REMINDER_MONTHS, back: int = OVERDUE_MONTHS
) -> tuple[date, date]:
    """Birth dates whose `age`-th birthday falls from `back` months before `today` to `ahead` months after it."""
    return _years_before(_shift(today, -back), age), _years_before(_shift(today, ahead), age)


def _shift(day: date, months: int) -> date:
    """The same day `months` months away, or that month's last day when it is shorter."""
    start = add_months(first_of_month(day), months)
    return min(day.replace(year=start.year, month=start.month, day=1) + (day - first_of_month(day)), month_end(start))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none: the 28th
        return day.replace(year=day.year - years, day=28)


def over_capacity(*, occupied: int, capacity: int) -> bool:
    """One more resident would pass the capacity (no capacity recorded: nothing to compare, no warning)."""
    return capacity > 0 and occupied + 1 > capacity
