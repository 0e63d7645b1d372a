"""emergency.rules: each aid type at the 360.000 ₫ level (incident in 2023) and the 500.000 ₫ level (2025), the
minimums, Tết vs disaster rice months, eligibility by poverty status — tables of cases, no database."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from emergency import rules
from emergency.rules import Facts, Hurt
from policy import seed
from policy.rules import FixedRow
from tests.policy.conftest import build_tables

IN_2023 = date(2023, 9, 18)  # level 360.000 ₫
IN_2025 = date(2025, 10, 2)  # level 500.000 ₫


def fixed_rows() -> tuple[FixedRow, ...]:
    return tuple(
        FixedRow(
            rule=rule, amount=amount, unit=unit, label=label, legal_basis=basis, effective_from=seed.DECREE20_START
        )
        for rule, amount, unit, label, basis in seed.fixed_amount_rows()
    )


TABLES = replace(build_tables(), fixed=fixed_rows())


def lines_of(facts: Facts):
    proposal = rules.propose(facts, TABLES)
    assert proposal.problems == []
    return [(line.aid_type, line.minimum_amount, line.rice_kg) for line in proposal.lines]


@pytest.mark.parametrize(
    ("month", "harm", "days", "expected"),
    [
        (IN_2023, "injured", 3, ("injured", 3_600_000)),
        (IN_2025, "injured", 7, ("injured", 5_000_000)),
        (IN_2023, "dead", None, ("death", 18_000_000)),
        (IN_2025, "dead", None, ("death", 25_000_000)),
        (IN_2023, "missing", None, ("death", 18_000_000)),
        (IN_2025, "missing", None, ("death", 25_000_000)),
    ],
)
def test_people_hurt_get_a_multiple_of_the_level_of_the_incident_month(month, harm, days, expected):
    facts = Facts(month=month, people=(Hurt("Trần Văn Bảy", harm, days),))
    assert lines_of(facts) == [(*expected, Decimal(0))]


@pytest.mark.parametrize(("month", "amount"), [(IN_2023, 18_000_000), (IN_2025, 25_000_000)])
def test_burial_by_an_organisation_is_fifty_times_the_level(month, amount):
    facts = Facts(month=month, organisation=True, people=(Hurt("Người không rõ tên", "dead"),))
    assert lines_of(facts) == [("burial", amount, Decimal(0))]


def test_the_citation_shows_the_article_and_the_arithmetic():
    facts = Facts(month=IN_2025, people=(Hurt("Trần Văn Bảy", "injured", 5),))
    (line,) = rules.propose(facts, TABLES).lines
    assert line.basis == (
        "Điều 13 Nghị định 20/2021/NĐ-CP: Trần Văn Bảy bị thương nặng, điều trị 5 ngày, 10 × 500.000 ₫ = 5.000.000 ₫"
    )
    death = rules.propose(Facts(month=IN_2023, people=(Hurt("Lê Thị Tư", "dead"),)), TABLES).lines[0]
    assert death.basis == (
        "Khoản 1 Điều 14 Nghị định 20/2021/NĐ-CP: hộ có người chết: Lê Thị Tư, 50 × 360.000 ₫ = 18.000.000 ₫"
    )


@pytest.mark.parametrize("days", [0, 1, 2, None])
def test_injured_under_three_days_of_treatment_is_explained_not_paid(days):
    proposal = rules.propose(Facts(month=IN_2025, people=(Hurt("Phạm Văn Tám", "injured", days),)), TABLES)
    assert proposal.lines == []
    shown = days or 0
    assert [e.message for e in proposal.explanations] == [
        f"Không đủ điều kiện Điều 13 cho Phạm Văn Tám: điều trị {shown} ngày, cần từ 3 ngày trở lên mới là bị "
        "thương nặng."
    ]


@pytest.mark.parametrize(
    ("damage", "poverty", "hardship", "expected"),
    [
        ("lost", "poor", False, ("house_lost", 40_000_000)),
        ("lost", "near_poor", False, ("house_lost", 40_000_000)),
        ("lost", "none", True, ("house_lost", 40_000_000)),
        ("serious", "poor", False, ("house_damaged", 20_000_000)),
        ("serious", "none", True, ("house_damaged", 20_000_000)),
        ("relocation", "none", False, ("relocation", 30_000_000)),
        ("relocation", "poor", False, ("relocation", 30_000_000)),
    ],
)
@pytest.mark.parametrize("month", [IN_2023, IN_2025])
def test_housing_support_is_a_fixed_minimum_per_household(month, damage, poverty, hardship, expected):
    facts = Facts(month=month, house_damage=damage, poverty=poverty, hardship=hardship, members=4)
    assert lines_of(facts) == [(*expected, Decimal(0))]


@pytest.mark.parametrize(
    ("damage", "rule", "clause"), [("lost", "15.1", "khoản 1 Điều 15"), ("serious", "15.3", "khoản 3 Điều 15")]
)
def test_a_household_neither_poor_nor_in_hardship_is_told_why_there_is_no_housing_support(damage, rule, clause):
    proposal = rules.propose(Facts(month=IN_2025, house_damage=damage, poverty="none", members=3), TABLES)
    assert proposal.lines == []
    assert [(e.rule, e.message) for e in proposal.explanations] == [
        (
            rule,
            f"Không đủ điều kiện {clause}: hộ không thuộc hộ nghèo, cận nghèo hoặc hoàn cảnh khó khăn",
        )
    ]


def test_house_lost_citation_names_the_household_status():
    facts = Facts(month=IN_2025, house_damage="lost", poverty="near_poor", members=4)
    (line,) = rules.propose(facts, TABLES).lines
    assert line.basis == (
        "Khoản 1 Điều 15 Nghị định 20/2021/NĐ-CP: Nhà ở bị đổ, sập, trôi, cháy hoàn toàn (hộ nghèo, cận nghèo, "
        "hoàn cảnh khó khăn); hộ cận nghèo, tối thiểu 40.000.000 ₫/hộ"
    )


@pytest.mark.parametrize(
    ("tet", "people", "months", "aid_type", "kg"),
    [
        (False, 4, 3, "rice_disaster", Decimal(180)),
        (False, 1, 1, "rice_disaster", Decimal(15)),
        (False, 6, 2, "rice_disaster", Decimal(180)),
        (True, 5, 1, "rice_tet", Decimal(75)),
    ],
)
def test_rice_is_fifteen_kg_per_person_per_month(tet, people, months, aid_type, kg):
    facts = Facts(month=IN_2025, tet=tet, members=6, food_short_members=people, food_months=months)
    assert lines_of(facts) == [(aid_type, 0, kg)]
    (line,) = rules.propose(facts, TABLES).lines
    assert (line.quantity, line.unit) == (Decimal(people), f"người × {months} tháng")


def test_rice_citation():
    facts = Facts(month=IN_2023, members=4, food_short_members=4, food_months=3)
    (line,) = rules.propose(facts, TABLES).lines
    assert line.basis == (
        "Khoản 1 Điều 12 Nghị định 20/2021/NĐ-CP: hỗ trợ gạo khi thiên tai, mất mùa, giáp hạt, 15 kg × 4 người × "
        "3 tháng = 180 kg"
    )


@pytest.mark.parametrize(
    ("tet", "months", "message"),
    [
        (False, 4, "Mỗi đợt chỉ hỗ trợ gạo tối đa 3 tháng (khoản 1 Điều 12); đã nhập 4 tháng."),
        (True, 2, "Dịp Tết chỉ hỗ trợ gạo 1 tháng mỗi đợt (khoản 1 Điều 12); đã nhập 2."),
    ],
)
def test_food_beyond_the_months_of_a_round_is_refused(tet, months, message):
    proposal = rules.propose(Facts(month=IN_2025, tet=tet, members=3, food_short_members=3, food_months=months), TABLES)
    assert proposal.lines == []
    assert [(p.field, p.message) for p in proposal.problems] == [("food_months", message)]


@pytest.mark.parametrize(
    ("facts", "problem"),
    [
        (Facts(month=IN_2025, members=-1), ("members", "Số lượng không được âm.")),
        (Facts(month=IN_2025, food_short_members=-2), ("food_short_members", "Số lượng không được âm.")),
        (
            Facts(month=IN_2025, members=2, food_short_members=3, food_months=1),
            ("food_short_members", "Số người thiếu đói (3) lớn hơn số nhân khẩu của hộ (2)."),
        ),
        (
            Facts(month=IN_2025, members=2, food_short_members=2),
            ("food_months", "Có người thiếu đói: cần nhập số tháng thiếu đói (ít nhất 1 tháng)."),
        ),
        (
            Facts(month=IN_2025, people=(Hurt("A", "injured", -3),)),
            ("treatment_days", "Số ngày điều trị của A không được âm."),
        ),
    ],
)
def test_negative_and_inconsistent_numbers_are_refused(facts, problem):
    assert [(p.field, p.message) for p in rules.propose(facts, TABLES).problems] == [problem]


def test_a_household_with_several_losses_gets_every_line():
    facts = Facts(
        month=IN_2025,
        poverty="poor",
        members=5,
        house_damage="lost",
        food_short_members=5,
        food_months=3,
        lost_goods=True,
        lost_goods_note="Chăn màn, nồi niêu",
        people=(Hurt("Ông A", "dead", key=1), Hurt("Bà B", "injured", 4, key=2), Hurt("Cháu C", "injured", 1, key=3)),
    )
    proposal = rules.propose(facts, TABLES)
    assert [(x.aid_type, x.minimum_amount, x.rice_kg, x.person_key) for x in proposal.lines] == [
        ("rice_disaster", 0, Decimal(225), None),
        ("goods", 0, Decimal(0), None),
        ("death", 25_000_000, Decimal(0), 1),
        ("injured", 5_000_000, Decimal(0), 2),
        ("house_lost", 40_000_000, Decimal(0), None),
    ]
    assert proposal.minimum_total == 70_000_000
    assert proposal.rice_kg == Decimal(225)
    assert proposal.lines[1].goods_description == "Chăn màn, nồi niêu"
    assert len(proposal.explanations) == 1


def test_a_province_row_raises_the_fixed_minimum():
    mine = FixedRow(
        rule="15.1:house_lost",
        amount=50_000_000,
        unit="đồng/hộ",
        label="Nhà ở bị sập (mức của tỉnh)",
        legal_basis="Nghị quyết 12/2024/NQ-HĐND",
        effective_from=date(2024, 1, 1),
        provincial=True,
    )
    tables = replace(TABLES, fixed=TABLES.fixed + (mine,))
    facts = Facts(month=IN_2025, house_damage="lost", poverty="poor")
    assert rules.propose(facts, tables).lines[0].minimum_amount == 50_000_000
    # Before the province's row took effect the national minimum applies.
    assert rules.propose(replace(facts, month=IN_2023), tables).lines[0].minimum_amount == 40_000_000
