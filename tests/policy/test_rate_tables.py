"""policy.selectors.rate_tables(province): the seeded national rows (data migration) plus the province's own."""

from datetime import date
from decimal import Decimal

from policy.models import StandardLevel
from policy.rules import Facts, line_for
from policy.selectors import rate_tables

CHILD = Facts(birth_date=date(2023, 1, 15))  # 5.1 under 4 (2.5) until 12/2026


def test_rate_tables_carry_the_seeded_national_rows(world):
    tables = rate_tables(world.province)

    assert sorted((row.amount, row.effective_from, row.provincial) for row in tables.levels) == [
        (270_000, date(2014, 1, 1), False),
        (360_000, date(2021, 7, 1), False),
        (500_000, date(2024, 7, 1), False),
        (540_000, date(2026, 7, 1), False),
    ]
    under_4 = tables.coefficient_for("5.1:under_4", date(2025, 3, 1))
    assert (under_4.value, under_4.label, under_4.legal_basis) == (
        Decimal("2.5"),
        "Trẻ em dưới 4 tuổi",
        "Điểm a khoản 1 Điều 6 Nghị định 20/2021/NĐ-CP",
    )
    assert tables.coefficient_for("5.5.c:default", date(2025, 7, 1)) is None
    assert tables.categories["5.5.b"].effective_to == date(2025, 6, 30)
    assert line_for("5.1.b", CHILD, date(2025, 3, 1), tables).amount == 1_250_000


def test_province_level_wins_when_higher_and_only_for_that_province(world):
    StandardLevel.objects.create(
        province=world.province,
        amount=600_000,
        effective_from=date(2025, 1, 1),
        legal_basis="Nghị quyết 10/2024/NQ-HĐND",
    )

    mine = rate_tables(world.province)
    other = rate_tables(world.province2)

    assert (mine.level_for(date(2024, 12, 1)).amount, mine.level_for(date(2025, 1, 1)).amount) == (500_000, 600_000)
    assert mine.level_for(date(2025, 1, 1)).legal_basis == "Nghị quyết 10/2024/NQ-HĐND"
    assert line_for("5.1.b", CHILD, date(2025, 3, 1), mine).amount == 1_500_000
    assert other.level_for(date(2025, 1, 1)).amount == 500_000
    assert line_for("5.1.b", CHILD, date(2025, 3, 1), other).amount == 1_250_000


def test_province_level_lower_than_a_later_national_raise_loses(world):
    StandardLevel.objects.create(
        province=world.province,
        amount=400_000,
        effective_from=date(2023, 1, 1),
        legal_basis="Nghị quyết 05/2022/NQ-HĐND",
    )

    tables = rate_tables(world.province)

    assert tables.level_for(date(2024, 6, 1)).amount == 400_000
    assert tables.level_for(date(2024, 7, 1)).amount == 500_000
