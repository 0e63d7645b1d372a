"""Working-day arithmetic for legal deadlines (Decree 20/2021 Art. 8: deadlines are in working days).

Pure functions: the caller passes the set of days off (public holidays, province-declared days) and the
make-up working days (a Saturday worked in exchange for a bridge day off).
"""

from collections.abc import Collection
from datetime import date, timedelta

SATURDAY = 5


def is_working_day(day: date, *, days_off: Collection[date] = (), working_days: Collection[date] = ()) -> bool:
    if day in working_days:
        return True
    return day.weekday() < SATURDAY and day not in days_off


def add_working_days(
    start: date, n: int, *, days_off: Collection[date] = (), working_days: Collection[date] = ()
) -> date:
    """The date `n` working days after `start` (the start day itself is not counted).

    A dossier received on Friday with a 2-working-day step is due on Tuesday; across Tết the
    holiday week is skipped. n == 0 returns `start`.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    day = start
    remaining = n
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, days_off=days_off, working_days=working_days):
            remaining -= 1
    return day


def working_days_between(
    start: date, end: date, *, days_off: Collection[date] = (), working_days: Collection[date] = ()
) -> int:
    """Working days after `start` up to and including `end`; negative when `end` comes first."""
    if end <= start:
        return -working_days_between(end, start, days_off=days_off, working_days=working_days) if end < start else 0
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, days_off=days_off, working_days=working_days):
            count += 1
    return count
