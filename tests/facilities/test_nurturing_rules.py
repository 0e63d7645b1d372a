"""The nurturing allowance rules (Art. 25.1, 25.3, 26) as tables of cases, without the database.

Expected amounts are computed by hand: level × coefficient, then × days present / days in the month (half up).
"""

from datetime import date
from decimal import Decimal

import pytest

from facilities.nurturing import Stay, coefficient_text, days_present, nurturing_line
from policy import seed
from policy.rules import CoefficientRow, LevelRow, RateTables

A = "Điểm a khoản 1 Điều 25 Nghị định 20/2021/NĐ-CP"
B = "Điểm b khoản 1 Điều 25 Nghị định 20/2021/NĐ-CP"
PROVINCE_BASIS = "Nghị quyết 15/2025/NQ-HĐND tỉnh Đồng Tháp"


def tables(*extra: CoefficientRow) -> RateTables:
    levels = tuple(LevelRow(amount=a, effective_from=d, legal_basis=b) for a, d, b in seed.NATIONAL_LEVELS)
    coefficients = tuple(
        CoefficientRow(rule=rule, value=value, label=label, legal_basis=basis, effective_from=seed.DECREE20_START)
        for rule, value, label, basis, _to in seed.coefficient_rows()
        if rule.startswith("25.")
    )
    return RateTables(levels=levels, coefficients=coefficients + extra)


NATIONAL = tables()
ADULT = date(1950, 5, 17)


def line(month: date, **facts):
    facts.setdefault("birth_date", ADULT)
    facts.setdefault("admitted_on", date(2020, 1, 1))
    return nurturing_line(Stay(**facts), month, NATIONAL)


@pytest.mark.parametrize(
    ("month", "birth_date", "coefficient", "level", "amount"),
    [
        # 360.000 ₫ (07/2021 – 06/2024) and 500.000 ₫ (from 07/2024); 540.000 ₫ from 07/2026.
        (date(2023, 3, 1), ADULT, "4.0", 360_000, 1_440_000),
        (date(2023, 3, 1), date(2021, 1, 10), "5.0", 360_000, 1_800_000),
        (date(2024, 6, 1), ADULT, "4.0", 360_000, 1_440_000),
        (date(2024, 7, 1), ADULT, "4.0", 500_000, 2_000_000),
        (date(2024, 7, 1), date(2022, 2, 2), "5.0", 500_000, 2_500_000),
        (date(2026, 7, 1), ADULT, "4.0", 540_000, 2_160_000),
        # The 4th birthday month already pays 4.0, whatever the day (born 31/03/2021: 03/2025 is 4.0).
        (date(2025, 2, 1), date(2021, 3, 31), "5.0", 500_000, 2_500_000),
        (date(2025, 3, 1), date(2021, 3, 31), "4.0", 500_000, 2_000_000),
        (date(2025, 3, 1), date(2021, 3, 1), "4.0", 500_000, 2_000_000),
        (date(2025, 4, 1), date(2021, 3, 31), "4.0", 500_000, 2_000_000),
    ],
)
def test_full_month_amount_by_level_and_age(month, birth_date, coefficient, level, amount):
    result = line(month, birth_date=birth_date)
    assert (result.coefficient, result.level, result.full_amount, result.amount) == (
        Decimal(coefficient),
        level,
        amount,
        amount,
    )
    assert result.days == result.days_in_month
    assert result.after_leaving is False


def test_full_month_basis_cites_the_point_of_article_25():
    assert line(date(2025, 1, 1), birth_date=date(2023, 6, 1)).basis == f"{A}: 5,0 × 500.000 ₫ = 2.500.000 ₫"
    assert line(date(2023, 1, 1)).basis == f"{B}: 4,0 × 360.000 ₫ = 1.440.000 ₫"


@pytest.mark.parametrize(
    ("admitted_on", "discharged_on", "month", "days", "dim", "amount"),
    [
        # Admission day counts: admitted 20/01/2025 → 12 of 31 days; 2.000.000 × 12/31 = 774.193,5… → 774.194.
        (date(2025, 1, 20), None, date(2025, 1, 1), 12, 31, 774_194),
        # Admitted on the last day: 1 day.
        (date(2025, 1, 31), None, date(2025, 1, 1), 1, 31, 64_516),
        # February 2025 (28 days): admitted 15/02 → 14 days = exactly half.
        (date(2025, 2, 15), None, date(2025, 2, 1), 14, 28, 1_000_000),
        # February 2024 (29 days, level 360.000): admitted 15/02 → 15 days; 1.440.000 × 15/29 = 744.827,6 → 744.828.
        (date(2024, 2, 15), None, date(2024, 2, 1), 15, 29, 744_828),
        # A 30-day month: discharged on 10/04/2025 → 10 days (discharge day counts); 2.000.000 / 3 → 666.667.
        (date(2024, 1, 1), date(2025, 4, 10), date(2025, 4, 1), 10, 30, 666_667),
        # In and out the same month: 05/07/2025 to 20/07/2025 → 16 of 31 days; 2.000.000 × 16/31 = 1.032.258,06…
        (date(2025, 7, 5), date(2025, 7, 20), date(2025, 7, 1), 16, 31, 1_032_258),
        # Admitted and discharged on one day: 1 day.
        (date(2025, 7, 5), date(2025, 7, 5), date(2025, 7, 1), 1, 31, 64_516),
        # Discharged on the last day of the month: the whole month.
        (date(2024, 1, 1), date(2025, 6, 30), date(2025, 6, 1), 30, 30, 2_000_000),
    ],
)
def test_pro_rating_by_days_present(admitted_on, discharged_on, month, days, dim, amount):
    result = line(month, admitted_on=admitted_on, discharged_on=discharged_on)
    assert (result.days, result.days_in_month, result.amount) == (days, dim, amount)


def test_pro_rated_basis_shows_the_days():
    result = line(date(2025, 1, 1), admitted_on=date(2025, 1, 20))
    assert result.basis == f"{B}: 4,0 × 500.000 ₫ × 12/31 ngày = 774.194 ₫"


def test_under_4_pro_rated_matches_the_issue_example():
    # 5,0 × 500.000 ₫ × 12/31 ngày = 967.741,9… → 967.742 ₫.
    result = line(date(2025, 1, 1), birth_date=date(2023, 5, 5), admitted_on=date(2025, 1, 20))
    assert result.amount == 967_742
    assert result.basis == f"{A}: 5,0 × 500.000 ₫ × 12/31 ngày = 967.742 ₫"


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (date(2024, 12, 1), None),  # not yet admitted
        (date(2025, 2, 1), 0),  # the commune's allowance paid February: no double payment
        (date(2025, 3, 1), 2_000_000),  # the first month after it
    ],
)
def test_months_up_to_the_commune_allowance_pay_nothing(month, expected):
    result = line(month, admitted_on=date(2025, 2, 10), allowance_paid_until=date(2025, 2, 1))
    if expected is None:
        assert result is None
    else:
        assert result.amount == expected
    if expected == 0:
        assert result.days == 0
        assert "không hưởng trùng" in result.basis
        assert "02/2025" in result.basis


def test_after_leaving_paid_in_full_up_to_support_until():
    stay = dict(admitted_on=date(2020, 1, 1), discharged_on=date(2025, 3, 10), support_until=date(2025, 5, 1))
    discharge_month = line(date(2025, 3, 1), **stay)
    assert (discharge_month.amount, discharge_month.days, discharge_month.after_leaving) == (2_000_000, 31, True)
    april = line(date(2025, 4, 1), **stay)
    assert (april.amount, april.days, april.after_leaving) == (2_000_000, 30, True)
    assert april.basis.endswith("tiếp tục hưởng sau khi rời cơ sở đến tháng 05/2025 (Điều 26 Nghị định 20/2021/NĐ-CP)")
    assert line(date(2025, 5, 1), **stay).amount == 2_000_000
    assert line(date(2025, 6, 1), **stay) is None


def test_discharge_without_support_stops_after_the_discharge_month():
    stay = dict(admitted_on=date(2020, 1, 1), discharged_on=date(2025, 3, 10))
    assert line(date(2025, 3, 1), **stay).amount == 645_161  # 2.000.000 × 10/31 = 645.161,29…
    assert line(date(2025, 4, 1), **stay) is None


def test_death_pays_days_to_death_and_the_funeral_once():
    stay = dict(
        admitted_on=date(2020, 1, 1),
        discharged_on=date(2025, 4, 15),
        died=True,
        funeral_amount=25_000_000,
        support_until=date(2025, 12, 1),  # never paid after death
    )
    april = line(date(2025, 4, 1), **stay)
    assert (april.amount, april.funeral_amount, april.total, april.after_leaving) == (
        1_000_000,
        25_000_000,
        26_000_000,
        False,
    )
    assert april.basis.endswith("; mai táng phí 25.000.000 ₫ (khoản 3 Điều 25)")
    assert line(date(2025, 5, 1), **stay) is None


def test_contract_residents_get_nothing():
    assert line(date(2025, 1, 1), contract=True) is None


def test_a_province_may_set_more_never_less():
    more = CoefficientRow(
        rule="25.1:from_4",
        value=Decimal("4.5"),
        label="Tỉnh nâng mức",
        legal_basis=PROVINCE_BASIS,
        effective_from=date(2025, 1, 1),
        provincial=True,
    )
    less = CoefficientRow(
        rule="25.1:under_4",
        value=Decimal("4.0"),
        label="Thấp hơn mức tối thiểu",
        legal_basis=PROVINCE_BASIS,
        effective_from=date(2025, 1, 1),
        provincial=True,
    )
    rates = tables(more, less)
    adult = nurturing_line(Stay(birth_date=ADULT, admitted_on=date(2020, 1, 1)), date(2025, 1, 1), rates)
    assert (adult.coefficient, adult.amount) == (Decimal("4.5"), 2_250_000)
    assert adult.basis == f"{PROVINCE_BASIS}: 4,5 × 500.000 ₫ = 2.250.000 ₫"
    before = nurturing_line(Stay(birth_date=ADULT, admitted_on=date(2020, 1, 1)), date(2024, 12, 1), rates)
    assert before.amount == 2_000_000
    child = nurturing_line(Stay(birth_date=date(2024, 1, 1), admitted_on=date(2024, 1, 1)), date(2025, 1, 1), rates)
    assert (child.coefficient, child.amount) == (Decimal("5.0"), 2_500_000)


@pytest.mark.parametrize(
    ("admitted_on", "discharged_on", "month", "days"),
    [
        (date(2024, 12, 31), None, date(2025, 1, 1), 31),
        (date(2025, 2, 1), None, date(2025, 2, 1), 28),
        (date(2025, 2, 2), date(2025, 1, 30), date(2025, 1, 1), 0),
        (date(2025, 1, 1), date(2024, 12, 31), date(2025, 1, 1), 0),
    ],
)
def test_days_present(admitted_on, discharged_on, month, days):
    assert days_present(admitted_on, discharged_on, month) == days


@pytest.mark.parametrize(("value", "text"), [("5", "5,0"), ("4.00", "4,0"), ("4.5", "4,5"), ("4.25", "4,25")])
def test_coefficient_text(value, text):
    assert coefficient_text(Decimal(value)) == text
