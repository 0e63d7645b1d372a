"""Month arithmetic the rules stand on: ages by month, month steps, the month list, and rounding of amounts."""

from datetime import date
from decimal import Decimal

import pytest

from policy.rules import (
    add_months,
    age_at_start,
    age_before,
    age_in_month,
    allowance_amount,
    first_of_month,
    months_between,
)


@pytest.mark.parametrize(
    ("birth", "month", "age"),
    [
        pytest.param(date(2009, 3, 15), date(2025, 2, 1), 15, id="month before the 16th birthday → 15"),
        pytest.param(date(2009, 3, 15), date(2025, 3, 1), 16, id="16th-birthday month counts as 16"),
        pytest.param(date(2009, 3, 31), date(2025, 3, 1), 16, id="birthday on the 31st counts in its month"),
        pytest.param(date(2009, 12, 31), date(2025, 11, 1), 15, id="december birthday, november → 15"),
        pytest.param(date(2020, 2, 29), date(2024, 2, 1), 4, id="29/02 in a leap year → 4"),
        pytest.param(date(2020, 2, 29), date(2025, 2, 1), 5, id="29/02 in a common year → 5"),
    ],
)
def test_age_in_month_counts_the_birthday_month(birth, month, age):
    assert age_in_month(birth, month) == age


@pytest.mark.parametrize(
    ("birth", "month", "age"),
    [
        pytest.param(date(2009, 3, 1), date(2025, 3, 1), 15, id="16 on the 1st: still 15 before the month"),
        pytest.param(date(2009, 3, 1), date(2025, 4, 1), 16, id="16 on the 1st: 16 before the next month"),
        pytest.param(date(2009, 3, 31), date(2025, 4, 1), 16, id="16 on the 31st: 16 before the next month"),
        pytest.param(date(2009, 1, 31), date(2025, 1, 1), 15, id="16 on 31/01: 15 before january"),
        pytest.param(date(2009, 1, 31), date(2025, 2, 1), 16, id="16 on 31/01: 16 before february"),
    ],
)
def test_age_before_is_the_age_at_the_end_of_the_previous_month(birth, month, age):
    assert age_before(birth, month) == age


@pytest.mark.parametrize(
    ("birth", "month", "age"),
    [
        pytest.param(date(2009, 3, 1), date(2025, 3, 1), 16, id="birthday on the 1st → already 16"),
        pytest.param(date(2009, 3, 15), date(2025, 3, 1), 15, id="birthday on the 15th → not yet 16"),
        pytest.param(date(2020, 2, 29), date(2025, 2, 1), 4, id="29/02 birthday in a common year, 1/2 → 4"),
        pytest.param(date(2020, 2, 29), date(2025, 3, 1), 5, id="29/02 birthday in a common year, 1/3 → 5"),
    ],
)
def test_age_at_start_is_the_age_on_the_first_day(birth, month, age):
    assert age_at_start(birth, month) == age


@pytest.mark.parametrize(
    ("month", "n", "expected"),
    [
        pytest.param(date(2025, 11, 1), 2, date(2026, 1, 1), id="11/2025 + 2 → 01/2026"),
        pytest.param(date(2025, 1, 1), -1, date(2024, 12, 1), id="01/2025 − 1 → 12/2024"),
        pytest.param(date(2025, 3, 31), 1, date(2025, 4, 1), id="31/03/2025 + 1 → 01/04/2025"),
        pytest.param(date(2022, 3, 1), 36, date(2025, 3, 1), id="03/2022 + 36 → 03/2025"),
        pytest.param(date(2025, 3, 1), 0, date(2025, 3, 1), id="+ 0 → same month"),
    ],
)
def test_add_months(month, n, expected):
    assert add_months(month, n) == expected


def test_first_of_month():
    assert first_of_month(date(2025, 3, 31)) == date(2025, 3, 1)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        pytest.param(
            date(2025, 11, 20),
            date(2026, 2, 3),
            [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)],
            id="11/2025 to 02/2026 → 4 months",
        ),
        pytest.param(date(2025, 3, 5), date(2025, 3, 28), [date(2025, 3, 1)], id="same month → 1"),
        pytest.param(date(2025, 4, 1), date(2025, 3, 1), [], id="end before start → none"),
    ],
)
def test_months_between_includes_both_ends(start, end, months):
    assert months_between(start, end) == months


@pytest.mark.parametrize(
    ("level", "coefficient", "amount"),
    [
        pytest.param(500_000, "2.5", 1_250_000, id="500.000 × 2,5 → 1.250.000"),
        pytest.param(360_000, "20", 7_200_000, id="360.000 × 20 → 7.200.000"),
        pytest.param(333_333, "1.5", 500_000, id="333.333 × 1,5 = 499.999,5 → half up 500.000"),
        pytest.param(270_001, "0.5", 135_001, id="270.001 × 0,5 = 135.000,5 → half up 135.001"),
        pytest.param(333_333, "1.0", 333_333, id="333.333 × 1 → 333.333"),
    ],
)
def test_allowance_amount_rounds_half_up_to_whole_dong(level, coefficient, amount):
    result = allowance_amount(level=level, coefficient=Decimal(coefficient))

    assert (result, type(result)) == (amount, int)
