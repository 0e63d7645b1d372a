"""Temporary emergency protection in the community (Decree 20/2021 Art. 18.2; Circular 02/2021 Art. 3).

Pure rules: no ORM, no clock. The caller reads the meal rate and the cap in force (`18.2:meals`, `18.2:max_months`
through `policy.selectors.rate_tables`) and passes them in.

Day count: a stay from `start` to `end` counts both days, so 01/03 → 31/03 is 31 days of meals. A move to another
host starts the new stay on the move day and ends the previous one the day before, so no day is paid twice.

The cap counts the whole protection (every host one after another) from its first day: `max_months` months as
the Civil Code counts a period in months (Bộ luật Dân sự 2015, Art. 147–148): it ends on the same date
`max_months` later, or on the last day of that month when it has no such date (01/03 → 01/06; 30/11 → 28/02 or
29/02). Meals are still paid for every day actually spent, both ends included.

Reminder: `REMINDER_DAYS` calendar days before the planned end the stay shows as «sắp hết hạn», so the commune has
time to move the person to another host or propose facility admission (Art. 18.2 leaves the lead time open).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from core.templatetags.vn_format import format_vnd
from policy.rules import Problem, add_months

MEALS_RULE = "18.2:meals"
MAX_MONTHS_RULE = "18.2:max_months"
REMINDER_DAYS = 10
BASIS = "Khoản 2 Điều 18 Nghị định 20/2021/NĐ-CP"

ACTIVE = "active"
ENDING_SOON = "ending_soon"
OVERDUE = "overdue"
ENDED = "ended"


def add_months_to_day(day: date, months: int) -> date:
    """The same day of the month `months` later, or that month's last day when it is shorter (31/01 → 28/02)."""
    first = add_months(day.replace(day=1), months)
    last_day = (add_months(first, 1) - timedelta(days=1)).day
    return first.replace(day=min(day.day, last_day))


def last_allowed_day(first_day: date, max_months: int) -> date:
    """The last day the whole protection may last: the same date `max_months` later (or that month's last day)."""
    return add_months_to_day(first_day, max_months)


def days_between(start: date, end: date) -> int:
    """Days of a stay, both ends counted; 0 when `end` is before `start`."""
    return max((end - start).days + 1, 0)


def meals_amount(*, days: int, rate: int) -> int:
    return days * rate


@dataclass(frozen=True)
class Costs:
    days: int
    rate: int
    meals: int
    treatment: int
    transport: int
    total: int
    explanation: str  # "Khoản 2 Điều 18 …: 31 ngày × 60.000 ₫ = 1.860.000 ₫; …"


def stay_costs(*, start: date, end: date, rate: int, treatment: int = 0, transport: int = 0) -> Costs:
    """Meals (days × rate), treatment and transport for a stay from `start` to `end`, both days counted."""
    days = days_between(start, end)
    meals = meals_amount(days=days, rate=rate)
    total = meals + treatment + transport
    parts = [f"tiền ăn {days} ngày × {format_vnd(rate)} = {format_vnd(meals)}"]
    if treatment:
        parts.append(f"điều trị {format_vnd(treatment)}")
    if transport:
        parts.append(f"đưa về {format_vnd(transport)}")
    explanation = f"{BASIS}: " + "; ".join(parts)
    if len(parts) > 1:
        explanation += f"; tổng cộng {format_vnd(total)}"
    return Costs(days, rate, meals, treatment, transport, total, explanation)


def plan_problems(
    *, first_day: date, start: date, planned_end: date, max_months: int, treatment: int = 0, transport: int = 0
) -> list[Problem]:
    """What is wrong with a planned stay: the end before the start, past the cap, negative costs.

    `first_day` is the first day of the whole protection (the first host's start), `start` this stay's first day.
    """
    problems = []
    if planned_end < start:
        problems.append(Problem("planned_end_on", "Ngày kết thúc dự kiến không được trước ngày bắt đầu."))
    cap = last_allowed_day(first_day, max_months)
    if planned_end > cap:
        problems.append(
            Problem(
                "planned_end_on",
                f"Chăm sóc khẩn cấp tạm thời tối đa {max_months} tháng ({BASIS}): từ {first_day:%d/%m/%Y} "
                f"chậm nhất đến hết ngày {cap:%d/%m/%Y}.",
            )
        )
    return problems + cost_problems(treatment=treatment, transport=transport)


def cost_problems(*, treatment: int, transport: int) -> list[Problem]:
    """Costs are whole đồng, never negative."""
    labels = (("treatment_cost", treatment, "Chi phí điều trị"), ("transport_cost", transport, "Chi phí đưa về"))
    return [Problem(field, f"{label} không được âm.") for field, value, label in labels if value < 0]


def status_on(*, planned_end: date, ended_on: date | None, today: date, reminder_days: int = REMINDER_DAYS) -> str:
    """ended, overdue (planned end passed and still open), ending_soon (within `reminder_days`), or active."""
    if ended_on is not None:
        return ENDED
    if today > planned_end:
        return OVERDUE
    if today >= reminder_due(planned_end, reminder_days):
        return ENDING_SOON
    return ACTIVE


def reminder_due(planned_end: date, reminder_days: int = REMINDER_DAYS) -> date:
    return planned_end - timedelta(days=reminder_days)
