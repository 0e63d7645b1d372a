"""Working-day arithmetic for legal deadlines, across weekends, Tết and province-declared days."""

from datetime import date

import pytest

from core.calendar import add_working_days, working_days_between
from core.models import CalendarDay
from core.selectors import work_calendar


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        (date(2025, 3, 3), 0, date(2025, 3, 3)),  # Monday + 0
        (date(2025, 3, 3), 1, date(2025, 3, 4)),
        (date(2025, 3, 7), 1, date(2025, 3, 10)),  # Friday + 1 → Monday
        (date(2025, 3, 7), 2, date(2025, 3, 11)),  # public posting of 2 working days from a Friday
        (date(2025, 3, 8), 1, date(2025, 3, 10)),  # received on a Saturday
        (date(2025, 3, 3), 22, date(2025, 4, 2)),  # the whole three-level flow: 22 working days
    ],
)
def test_add_working_days_skips_weekends(start, n, due):
    assert add_working_days(start, n) == due


def test_tet_2025_is_skipped_with_the_national_calendar(db):
    cal = work_calendar(years=range(2024, 2027))
    # Tết Ất Tỵ: 27/01–31/01/2025 off (Mon–Fri), so 7 working days from Friday 24/01 end on Wednesday 12/02.
    assert cal.add(date(2025, 1, 24), 1) == date(2025, 2, 3)
    assert cal.add(date(2025, 1, 24), 7) == date(2025, 2, 11)
    assert cal.add(date(2025, 1, 24), 10) == date(2025, 2, 14)


def test_tet_2026_and_hung_kings_day(db):
    cal = work_calendar(years=range(2025, 2028))
    # Tết Bính Ngọ: 16/02–20/02/2026 off; Hùng Kings 2026 falls on Sunday 26/04, observed Monday 27/04.
    assert cal.add(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert cal.add(date(2026, 4, 24), 1) == date(2026, 4, 28)
    assert not cal.is_working_day(date(2026, 4, 27))


def test_reunification_and_labour_day_2025(db):
    cal = work_calendar(years=range(2025, 2026))
    # 30/04 and 01/05/2025 off, and 02/05 swapped for Saturday 26/04.
    assert cal.add(date(2025, 4, 29), 1) == date(2025, 5, 5)
    assert cal.is_working_day(date(2025, 4, 26))  # the make-up Saturday
    assert cal.add(date(2025, 4, 25), 1) == date(2025, 4, 26)


def test_province_declared_day_off_and_make_up_day(world):
    CalendarDay.objects.create(province=world.province, day=date(2025, 3, 10), name="Nghỉ bù của tỉnh")
    CalendarDay.objects.create(
        province=world.province, day=date(2025, 3, 8), kind=CalendarDay.Kind.WORKING_DAY, name="Làm bù"
    )
    local = work_calendar(province=world.province, years=range(2025, 2026))
    national = work_calendar(years=range(2025, 2026))
    assert local.add(date(2025, 3, 7), 1) == date(2025, 3, 8)
    assert local.add(date(2025, 3, 7), 2) == date(2025, 3, 11)
    assert national.add(date(2025, 3, 7), 2) == date(2025, 3, 11)
    other_province = work_calendar(province=world.province2, years=range(2025, 2026))
    assert other_province.add(date(2025, 3, 7), 1) == date(2025, 3, 10)


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (date(2025, 3, 3), date(2025, 3, 3), 0),
        (date(2025, 3, 7), date(2025, 3, 10), 1),
        (date(2025, 3, 10), date(2025, 3, 7), -1),
    ],
)
def test_working_days_between(start, end, days):
    assert working_days_between(start, end) == days


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2025, 1, 1), -1)
