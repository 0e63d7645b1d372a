"""Each amount explains itself the way an officer would read it aloud: the article, the condition, the
coefficient with a decimal comma, the level and the result in đồng. Funeral support is 20 × the level (Art. 11)."""

from datetime import date
from decimal import Decimal

import pytest

from policy.rules import Facts, funeral_line, line_for

from .conftest import provincial_level

# (reads like the law, category, facts, month, explanation)
TABLE = [
    ("5.1 under 4 in 03/2025", "5.1.b", Facts(birth_date=date(2023, 1, 15)), date(2025, 3, 1),
     "Điểm a khoản 1 Điều 6 Nghị định 20/2021/NĐ-CP: Trẻ em dưới 4 tuổi, hệ số 2,5 × 500.000 ₫ = 1.250.000 ₫"),
    ("5.3 from 4 in 03/2022", "5.3", Facts(birth_date=date(2012, 1, 15), hiv=True, poverty="poor"), date(2022, 3, 1),
     "Điểm d khoản 1 Điều 6 Nghị định 20/2021/NĐ-CP: Trẻ em nhiễm HIV từ đủ 4 tuổi đến dưới 16 tuổi, "
     "hệ số 2 × 360.000 ₫ = 720.000 ₫"),
    ("5.4 raising 2 children in 03/2025", "5.4", Facts(birth_date=date(1990, 1, 15), poverty="poor", children_count=2),
     date(2025, 3, 1),
     "Điểm đ khoản 1 Điều 6 Nghị định 20/2021/NĐ-CP: Mỗi con đang nuôi, hệ số 1 × 2 con × 500.000 ₫ = 1.000.000 ₫"),
    ("5.6 especially severe adult in 07/2026", "5.6",
     Facts(birth_date=date(1990, 1, 15), disability_level="especially_severe"), date(2026, 7, 1),
     "Điểm i khoản 1 Điều 6 Nghị định 20/2021/NĐ-CP: Người khuyết tật đặc biệt nặng (16–59 tuổi), "
     "hệ số 2 × 540.000 ₫ = 1.080.000 ₫"),
    ("20.4 taking in an especially severe child in 03/2025", "20.4",
     Facts(birth_date=date(1975, 1, 15), subject_birth_date=date(2015, 1, 15)), date(2025, 3, 1),
     "Khoản 4 Điều 20 Nghị định 20/2021/NĐ-CP: Nhận chăm sóc trẻ em khuyết tật đặc biệt nặng, "
     "hệ số 2,5 × 500.000 ₫ = 1.250.000 ₫"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("category", "facts", "month", "explanation"), [pytest.param(*row[1:], id=row[0]) for row in TABLE]
)
def test_explanation_reads_like_the_law(tables, category, facts, month, explanation):
    line = line_for(category, facts, month, tables)

    assert line.explanation == explanation


def test_line_keeps_the_basis_of_the_coefficient_and_of_the_level(tables):
    line = line_for("5.5.a", Facts(birth_date=date(1940, 1, 15), poverty="poor"), date(2025, 3, 1), tables)

    assert line.basis == "Điểm e khoản 1 Điều 6 Nghị định 20/2021/NĐ-CP"
    assert line.level_basis == "Nghị định 76/2024/NĐ-CP sửa đổi khoản 2 Điều 4 Nghị định 20/2021/NĐ-CP"
    assert line.explanation == (
        "Điểm e khoản 1 Điều 6 Nghị định 20/2021/NĐ-CP: Người cao tuổi từ đủ 80 tuổi trở lên, "
        "hệ số 2 × 500.000 ₫ = 1.000.000 ₫"
    )


# (reads like the law, month of death, province's own level rows, amount)
FUNERAL = [
    ("03/2022 20 × 360.000", date(2022, 3, 1), (), 7_200_000),
    ("06/2024 20 × 360.000", date(2024, 6, 1), (), 7_200_000),
    ("07/2024 20 × 500.000", date(2024, 7, 1), (), 10_000_000),
    ("07/2026 20 × 540.000", date(2026, 7, 1), (), 10_800_000),
    ("03/2025 province level 600.000 → 20 × 600.000", date(2025, 3, 1),
     (provincial_level(600_000, date(2025, 1, 1)),), 12_000_000),
]  # fmt: skip


@pytest.mark.parametrize(("month", "province_rows", "amount"), [pytest.param(*row[1:], id=row[0]) for row in FUNERAL])
def test_funeral_is_twenty_times_the_level(tables_with, month, province_rows, amount):
    line = funeral_line(month, tables_with(*province_rows))

    assert (line.category, line.rule, line.coefficient, line.amount) == ("11", "11:default", Decimal("20"), amount)


def test_funeral_explanation(tables):
    line = funeral_line(date(2025, 3, 1), tables)

    assert line.explanation == (
        "Khoản 1 Điều 11 Nghị định 20/2021/NĐ-CP: Hỗ trợ mai táng phí: tối thiểu 20 lần mức chuẩn, "
        "hệ số 20 × 500.000 ₫ = 10.000.000 ₫"
    )


def test_funeral_before_decree_20_has_no_coefficient(tables):
    with pytest.raises(LookupError, match=r"Chưa có hệ số hỗ trợ mai táng phí \(Điều 11\)\."):
        funeral_line(date(2021, 6, 1), tables)
