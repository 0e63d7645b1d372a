"""What the facts contradict (decree20.md §2): each problem names the form field and says why in Vietnamese.
And the categories that ended: 5.5.b and 5.5.c pay nothing from 07/2025 (moved to the social pension, §9)."""

from datetime import date

import pytest

from policy.rules import Facts, assess, eligibility_problems, line_for

MARCH_2025 = date(2025, 3, 1)
ES = "especially_severe"
SEVERE = "severe"


def aged(age: int, **other) -> Facts:
    """Someone `age` years old all through 03/2025 (born 15 January)."""
    return Facts(birth_date=date(2025 - age, 1, 15), **other)


AREA = dict(especially_difficult_area=True)

# (reads like the law, category, facts, month, [(field, message)])
TABLE = [
    # 5.5 elderly
    ("5.5.a under 60 → birth_date", "5.5.a", aged(58, poverty="poor"), MARCH_2025,
     [("birth_date", "Diện 5.5.a yêu cầu từ đủ 60 tuổi (đang 58 tuổi).")]),
    ("5.5.d under 60 → birth_date", "5.5.d", aged(59, poverty="poor"), MARCH_2025,
     [("birth_date", "Diện 5.5.d yêu cầu từ đủ 60 tuổi (đang 59 tuổi).")]),
    ("5.5.a not poor → poverty", "5.5.a", aged(65, poverty="near_poor"), MARCH_2025,
     [("poverty", "Diện 5.5.a yêu cầu thuộc hộ nghèo.")]),
    ("5.5.a under 60 and not poor → both", "5.5.a", aged(55), MARCH_2025,
     [("birth_date", "Diện 5.5.a yêu cầu từ đủ 60 tuổi (đang 55 tuổi)."),
      ("poverty", "Diện 5.5.a yêu cầu thuộc hộ nghèo.")]),
    ("5.5.a in the 60th-birthday month → fine", "5.5.a", Facts(birth_date=date(1965, 3, 31), poverty="poor"),
     MARCH_2025, []),
    ("5.5.b under 75 → birth_date", "5.5.b", aged(70, poverty="near_poor", **AREA), MARCH_2025,
     [("birth_date", "Diện 5.5.b yêu cầu từ đủ 75 tuổi (đang 70 tuổi).")]),
    ("5.5.b over 80 → birth_date", "5.5.b", aged(81, poverty="near_poor", **AREA), MARCH_2025,
     [("birth_date", "Diện 5.5.b dành cho người từ 75 đến dưới 80 tuổi (đang 81 tuổi).")]),
    ("5.5.b not poor or near-poor → poverty", "5.5.b", aged(77, **AREA), MARCH_2025,
     [("poverty", "Diện 5.5.b yêu cầu thuộc hộ nghèo hoặc cận nghèo.")]),
    ("5.5.b outside a difficult area → village", "5.5.b", aged(77, poverty="poor"), MARCH_2025,
     [("village", "Diện 5.5.b yêu cầu sống ở xã, thôn đặc biệt khó khăn.")]),
    ("5.5.c under 80 → birth_date", "5.5.c", aged(78), MARCH_2025,
     [("birth_date", "Diện 5.5.c yêu cầu từ đủ 80 tuổi (đang 78 tuổi).")]),
    # 5.7 child under 3
    ("5.7 child aged 4 → birth_date", "5.7", aged(4, poverty="poor", **AREA), MARCH_2025,
     [("birth_date", "Diện 5.7 chỉ dành cho trẻ em dưới 3 tuổi (đang 4 tuổi).")]),
    ("5.7 the month after turning 3 → birth_date", "5.7",
     Facts(birth_date=date(2022, 3, 15), poverty="poor", **AREA), date(2025, 4, 1),
     [("birth_date", "Diện 5.7 chỉ dành cho trẻ em dưới 3 tuổi (đang 3 tuổi).")]),
    ("5.7 in the 3rd-birthday month on the 1st → fine", "5.7",
     Facts(birth_date=date(2022, 3, 1), poverty="poor", **AREA), MARCH_2025, []),
    ("5.7 neither poor nor in a difficult area → poverty and village", "5.7", aged(1), MARCH_2025,
     [("poverty", "Diện 5.7 yêu cầu thuộc hộ nghèo hoặc cận nghèo."),
      ("village", "Diện 5.7 yêu cầu sống ở xã, thôn đặc biệt khó khăn.")]),
    ("5.7 not born yet → birth_date", "5.7", Facts(birth_date=date(2025, 3, 20), poverty="poor", **AREA),
     date(2025, 2, 1), [("birth_date", "Ngày sinh 20/03/2025 sau tháng 02/2025.")]),
    # 5.2 studying 16–22
    ("5.2 not studying → studying", "5.2", aged(18), MARCH_2025, [("studying", "Diện 5.2 yêu cầu đang đi học.")]),
    ("5.2 aged 23 → birth_date", "5.2", aged(23, studying=True), MARCH_2025,
     [("birth_date", "Diện 5.2 dành cho người từ 16 đến 22 tuổi (đang 23 tuổi).")]),
    ("5.2 aged 15 → birth_date", "5.2", aged(15, studying=True), MARCH_2025,
     [("birth_date", "Diện 5.2 dành cho người từ 16 đến 22 tuổi (đang 15 tuổi).")]),
    ("5.2 in the 16th-birthday month → still 5.1 that month", "5.2",
     Facts(birth_date=date(2009, 3, 15), studying=True), MARCH_2025,
     [("birth_date", "Diện 5.2 áp dụng từ tháng sau tháng đủ 16 tuổi; tháng này vẫn hưởng theo khoản 1 Điều 5.")]),
    ("5.2 in the 22nd-birthday month → fine", "5.2", Facts(birth_date=date(2003, 3, 1), studying=True), MARCH_2025,
     []),
    # 5.1 and 5.3 children
    ("5.1 aged 17 → birth_date", "5.1.b", aged(17), MARCH_2025,
     [("birth_date", "Diện 5.1.b chỉ dành cho trẻ em dưới 16 tuổi (đang 17 tuổi).")]),
    ("5.1 turned 16 on the 1st, birthday month → fine", "5.1.b", Facts(birth_date=date(2009, 3, 1)), MARCH_2025, []),
    ("5.1 turned 16 on the 1st, month after → birth_date", "5.1.b", Facts(birth_date=date(2009, 3, 1)),
     date(2025, 4, 1), [("birth_date", "Diện 5.1.b chỉ dành cho trẻ em dưới 16 tuổi (đang 16 tuổi).")]),
    ("5.3 without HIV → hiv", "5.3", aged(8, poverty="poor"), MARCH_2025,
     [("hiv", "Diện 5.3 yêu cầu có xác nhận nhiễm HIV.")]),
    ("5.3 near-poor → poverty", "5.3", aged(8, hiv=True, poverty="near_poor"), MARCH_2025,
     [("poverty", "Diện 5.3 yêu cầu thuộc hộ nghèo.")]),
    ("5.3 aged 17 → birth_date", "5.3", aged(17, hiv=True, poverty="poor"), MARCH_2025,
     [("birth_date", "Diện 5.3 chỉ dành cho trẻ em dưới 16 tuổi (đang 17 tuổi).")]),
    # 5.8 HIV
    ("5.8 without HIV and not poor → hiv and poverty", "5.8", aged(40), MARCH_2025,
     [("hiv", "Diện 5.8 yêu cầu có xác nhận nhiễm HIV."), ("poverty", "Diện 5.8 yêu cầu thuộc hộ nghèo.")]),
    ("5.8 with HIV, near-poor → poverty", "5.8", aged(40, hiv=True, poverty="near_poor"), MARCH_2025,
     [("poverty", "Diện 5.8 yêu cầu thuộc hộ nghèo.")]),
    ("5.8 with HIV, poor → fine", "5.8", aged(40, hiv=True, poverty="poor"), MARCH_2025, []),
    # 5.6 disability
    ("5.6 mild disability → disability_level", "5.6", aged(30, disability_level="mild"), MARCH_2025,
     [("disability_level", "Diện 5.6 yêu cầu mức độ khuyết tật nặng hoặc đặc biệt nặng.")]),
    ("5.6 no disability level → disability_level", "5.6", aged(30), MARCH_2025,
     [("disability_level", "Diện 5.6 yêu cầu mức độ khuyết tật nặng hoặc đặc biệt nặng.")]),
    ("5.6 especially severe → fine", "5.6", aged(30, disability_level=ES), MARCH_2025, []),
    # 5.4 single parent
    ("5.4 not poor or near-poor → poverty", "5.4", aged(30, children_count=2), MARCH_2025,
     [("poverty", "Diện 5.4 yêu cầu thuộc hộ nghèo hoặc cận nghèo.")]),
    ("5.4 raising no child → children_count", "5.4", aged(30, poverty="near_poor"), MARCH_2025,
     [("children_count", "Diện 5.4 yêu cầu đang nuôi ít nhất một con.")]),
    ("5.4 near-poor raising one child → fine", "5.4", aged(30, poverty="near_poor", children_count=1), MARCH_2025, []),
    # Art. 20 care support
    ("20.2 neither pregnant nor raising a child under 36 months → young_children_birth_dates", "20.2",
     aged(30, disability_level=SEVERE), MARCH_2025,
     [("young_children_birth_dates", "Diện 20.2 yêu cầu đang mang thai hoặc nuôi con dưới 36 tháng tuổi.")]),
    ("20.2 pregnant with a mild disability → disability_level", "20.2", aged(30, disability_level="mild",
     pregnant=True), MARCH_2025,
     [("disability_level", "Diện 20.2 yêu cầu mức độ khuyết tật nặng hoặc đặc biệt nặng.")]),
    ("20.4 no cared-for person → subject", "20.4", aged(50), MARCH_2025,
     [("subject", "Diện 20.4 cần chọn người được chăm sóc, nuôi dưỡng.")]),
    ("20.1 taking in a 5.5.d elderly person → fine", "20.1", aged(50, subject_category="5.5.d"), MARCH_2025, []),
    # The catalogue
    ("unknown category → category", "9.9", aged(30), MARCH_2025,
     [("category", "Diện hưởng «9.9» không có trong danh mục.")]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("category", "facts", "month", "expected"), [pytest.param(*row[1:], id=row[0]) for row in TABLE]
)
def test_eligibility_problems_name_the_field(tables, category, facts, month, expected):
    problems = eligibility_problems(category, facts, month, tables)

    assert [(problem.field, problem.message) for problem in problems] == expected


# 5.5.b and 5.5.c end on 30/06/2025 (decree20.md §2, §9): (reads like the law, category, facts, month, amount)
ELDER_75 = aged(77, poverty="near_poor", **AREA)
ELDER_80 = aged(85)
ENDED = [
    ("5.5.b paid in 06/2025 → 1.0 × 500.000", "5.5.b", ELDER_75, date(2025, 6, 1), 500_000),
    ("5.5.b ended in 07/2025 → nothing", "5.5.b", ELDER_75, date(2025, 7, 1), None),
    ("5.5.b ended in 07/2026 → nothing", "5.5.b", ELDER_75, date(2026, 7, 1), None),
    ("5.5.c paid in 06/2025 → 1.0 × 500.000", "5.5.c", ELDER_80, date(2025, 6, 1), 500_000),
    ("5.5.c ended in 07/2025 → nothing", "5.5.c", ELDER_80, date(2025, 7, 1), None),
    ("5.5.c paid in 03/2022 → 1.0 × 360.000", "5.5.c", ELDER_80, date(2022, 3, 1), 360_000),
]


@pytest.mark.parametrize(("category", "facts", "month", "amount"), [pytest.param(*r[1:], id=r[0]) for r in ENDED])
def test_ended_categories_pay_nothing_from_july_2025(tables, category, facts, month, amount):
    line = line_for(category, facts, month, tables)

    assert (line.amount if line else None) == amount


@pytest.mark.parametrize(
    ("category", "facts", "month", "expected"),
    [
        pytest.param("5.5.b", ELDER_75, date(2025, 6, 1), [], id="5.5.b in 06/2025 → fine"),
        pytest.param(
            "5.5.b",
            ELDER_75,
            date(2025, 7, 1),
            [("category", "Diện 5.5.b không còn áp dụng trong tháng 07/2025 (chỉ áp dụng đến hết ngày 30/06/2025).")],
            id="5.5.b in 07/2025 → ended",
        ),
        pytest.param(
            "5.5.c",
            ELDER_80,
            date(2025, 8, 1),
            [("category", "Diện 5.5.c không còn áp dụng trong tháng 08/2025 (chỉ áp dụng đến hết ngày 30/06/2025).")],
            id="5.5.c in 08/2025 → ended",
        ),
    ],
)
def test_eligibility_problems_say_the_category_ended(tables, category, facts, month, expected):
    problems = eligibility_problems(category, facts, month, tables)

    assert [(problem.field, problem.message) for problem in problems] == expected


def test_poor_elder_on_5_5_c_keeps_only_5_5_a_from_july_2025(tables):
    elder = aged(85, poverty="poor")

    june = assess(["5.5.c", "5.5.a"], elder, date(2025, 6, 1), tables)
    july = assess(["5.5.c", "5.5.a"], elder, date(2025, 7, 1), tables)

    assert [(line.category, line.amount) for line in june.lines] == [("5.5.a", 1_000_000)]
    assert [(line.category, line.amount) for line, _ in june.set_aside] == [("5.5.c", 500_000)]
    assert [(line.category, line.amount) for line in july.lines] == [("5.5.a", 1_000_000)]
    assert july.set_aside == []
