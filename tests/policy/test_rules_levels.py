"""The standard level of each month (decree20.md §1, Art. 4): national changes, a province's higher level, and
retroactive raises. A 5.1 child under 4 (coefficient 2.5) and a 5.5.a elderly person (1.5) show the amounts."""

from datetime import date

import pytest

from policy.rules import Facts, LevelRow, funeral_line, line_for

from .conftest import build_tables, provincial_level, seeded_levels

CHILD = Facts(birth_date=date(2023, 12, 15))  # under 4 until 12/2027
ELDER = Facts(birth_date=date(1955, 12, 15), poverty="poor")  # 60 to under 80 until 11/2035

# (reads like the law, month, level, 5.1 under 4 at 2.5, 5.5.a at 1.5, funeral at 20 ×)
NATIONAL = [
    ("06/2024 last month at 360.000", date(2024, 6, 1), 360_000, 900_000, 540_000, 7_200_000),
    ("07/2024 first month at 500.000 (Decree 76/2024)", date(2024, 7, 1), 500_000, 1_250_000, 750_000, 10_000_000),
    ("06/2026 last month at 500.000", date(2026, 6, 1), 500_000, 1_250_000, 750_000, 10_000_000),
    ("07/2026 first month at 540.000 (Decree 335/2026)", date(2026, 7, 1), 540_000, 1_350_000, 810_000, 10_800_000),
    ("12/2026 still 540.000", date(2026, 12, 1), 540_000, 1_350_000, 810_000, 10_800_000),
]


@pytest.mark.parametrize(
    ("month", "level", "child", "elder", "funeral"), [pytest.param(*row[1:], id=row[0]) for row in NATIONAL]
)
def test_national_level_of_the_month(tables, month, level, child, elder, funeral):
    child_line = line_for("5.1.b", CHILD, month, tables)
    elder_line = line_for("5.5.a", ELDER, month, tables)

    assert tables.level_for(month).amount == level
    assert (child_line.level, child_line.amount) == (level, child)
    assert (elder_line.level, elder_line.amount) == (level, elder)
    assert funeral_line(month, tables).amount == funeral


@pytest.mark.parametrize(
    ("month", "amount", "basis"),
    [
        pytest.param(date(2021, 6, 1), 270_000, "Nghị định 136/2013/NĐ-CP", id="06/2021 Decree 136/2013 → 270.000"),
        pytest.param(date(2021, 7, 1), 360_000, "Khoản 2 Điều 4 Nghị định 20/2021/NĐ-CP", id="07/2021 → 360.000"),
        pytest.param(
            date(2024, 7, 1),
            500_000,
            "Nghị định 76/2024/NĐ-CP sửa đổi khoản 2 Điều 4 Nghị định 20/2021/NĐ-CP",
            id="07/2024 → 500.000",
        ),
    ],
)
def test_level_carries_its_legal_basis(tables, month, amount, basis):
    level = tables.level_for(month)

    assert (level.amount, level.legal_basis) == (amount, basis)


def test_no_level_before_the_first_row_is_an_error_in_vietnamese(tables):
    with pytest.raises(LookupError, match="Chưa có mức chuẩn trợ giúp xã hội áp dụng cho tháng 12/2013"):
        tables.level_for(date(2013, 12, 1))


# A province's own level (Art. 4.3) against the national one:
# (reads like the law, province rows, month, level, 5.5.a amount at 1.5)
PROVINCE_600_2025 = (provincial_level(600_000, date(2025, 1, 1)),)
PROVINCE_400_2023 = (provincial_level(400_000, date(2023, 1, 1)),)
PROVINCIAL = [
    ("12/2024 before the province's 600.000 → national 500.000", PROVINCE_600_2025, date(2024, 12, 1), 500_000,
     750_000),
    ("01/2025 province 600.000 higher than national 500.000 → 600.000", PROVINCE_600_2025, date(2025, 1, 1), 600_000,
     900_000),
    ("07/2026 province 600.000 higher than national 540.000 → 600.000", PROVINCE_600_2025, date(2026, 7, 1), 600_000,
     900_000),
    ("01/2023 province 400.000 higher than national 360.000 → 400.000", PROVINCE_400_2023, date(2023, 1, 1), 400_000,
     600_000),
    ("06/2024 province 400.000 still higher → 400.000", PROVINCE_400_2023, date(2024, 6, 1), 400_000, 600_000),
    ("07/2024 national raise to 500.000 beats province 400.000 → 500.000", PROVINCE_400_2023, date(2024, 7, 1),
     500_000, 750_000),
    ("07/2026 national 540.000 beats province 400.000 → 540.000", PROVINCE_400_2023, date(2026, 7, 1), 540_000,
     810_000),
    ("province 500.000 equal to national → 500.000", (provincial_level(500_000, date(2024, 7, 1)),),
     date(2025, 1, 1), 500_000, 750_000),
    ("province raises 600.000 then 650.000 → the latest 650.000",
     (provincial_level(600_000, date(2025, 1, 1)), provincial_level(650_000, date(2026, 1, 1))), date(2026, 3, 1),
     650_000, 975_000),
]  # fmt: skip


@pytest.mark.parametrize(
    ("province_rows", "month", "level", "elder"), [pytest.param(*row[1:], id=row[0]) for row in PROVINCIAL]
)
def test_provincial_level_wins_only_when_higher(tables_with, province_rows, month, level, elder):
    tables = tables_with(*province_rows)

    line = line_for("5.5.a", ELDER, month, tables)

    assert tables.level_for(month).amount == level
    assert (line.level, line.amount) == (level, elder)


def test_provincial_level_explains_its_own_basis(tables_with):
    tables = tables_with(*PROVINCE_600_2025)

    line = line_for("5.1.b", CHILD, date(2025, 3, 1), tables)

    assert line.amount == 1_500_000
    assert line.level_basis == "Nghị quyết của Hội đồng nhân dân tỉnh về mức chuẩn trợ giúp xã hội"
    assert line.explanation == (
        "Điểm a khoản 1 Điều 6 Nghị định 20/2021/NĐ-CP: Trẻ em dưới 4 tuổi, hệ số 2,5 × 600.000 ₫ = 1.500.000 ₫"
    )


def test_equal_provincial_level_keeps_the_national_basis(tables_with):
    tables = tables_with(provincial_level(500_000, date(2024, 7, 1)))

    assert tables.level_for(date(2025, 1, 1)).provincial is False


# Retroactive raises: rows entered later with an earlier effective_from change months already past.
BEFORE_335 = tuple(row for row in seeded_levels() if row.amount != 540_000)
DECREE_335 = LevelRow(540_000, date(2026, 7, 1), "Nghị định 335/2026/NĐ-CP")
RETROACTIVE = [
    ("07/2026 before Decree 335 was entered → 500.000", BEFORE_335, (), date(2026, 7, 1), 1_250_000, 750_000),
    ("07/2026 after Decree 335 (signed 21/08/2026) was entered → 540.000", BEFORE_335, (DECREE_335,),
     date(2026, 7, 1), 1_350_000, 810_000),
    ("08/2026 after Decree 335 was entered → 540.000", BEFORE_335, (DECREE_335,), date(2026, 8, 1), 1_350_000,
     810_000),
    ("06/2026 untouched by Decree 335 → 500.000", BEFORE_335, (DECREE_335,), date(2026, 6, 1), 1_250_000, 750_000),
    ("03/2025 before the province's retroactive 600.000 → 500.000", seeded_levels(), (), date(2025, 3, 1), 1_250_000,
     750_000),
    ("03/2025 after the province backdates 600.000 to 01/01/2025 → 600.000", seeded_levels(), PROVINCE_600_2025,
     date(2025, 3, 1), 1_500_000, 900_000),
]  # fmt: skip


@pytest.mark.parametrize(
    ("levels", "added", "month", "child", "elder"), [pytest.param(*row[1:], id=row[0]) for row in RETROACTIVE]
)
def test_retroactive_raise_changes_months_already_past(levels, added, month, child, elder):
    tables = build_tables(levels=levels, extra_levels=added)

    assert line_for("5.1.b", CHILD, month, tables).amount == child
    assert line_for("5.5.a", ELDER, month, tables).amount == elder


def test_level_from_the_middle_of_a_month_applies_from_the_next_month(tables_with):
    """Payment is monthly: a level from 15/03/2025 is first paid for 04/2025."""
    tables = tables_with(provincial_level(600_000, date(2025, 3, 15)))

    assert tables.level_for(date(2025, 3, 1)).amount == 500_000
    assert tables.level_for(date(2025, 4, 1)).amount == 600_000
