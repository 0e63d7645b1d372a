"""Every coefficient row of decree20.md §3 (Art. 6) and §4 (Art. 20), and the funeral multiple (Art. 11), at the
standard level of 360.000 ₫ (03/2022) and 500.000 ₫ (03/2025). Expected amounts are worked out by hand.

Every person is born on 15 January, so in March their age is stable (no birthday that month or the month before).
"""

from datetime import date
from decimal import Decimal

import pytest

from policy.rules import Facts, add_months, line_for

MARCH_2022 = date(2022, 3, 1)  # level 360.000 ₫ (Decree 20/2021 Art. 4.2)
MARCH_2025 = date(2025, 3, 1)  # level 500.000 ₫ (Decree 76/2024)

ES = "especially_severe"
SEVERE = "severe"


def facts_in(month: date, *, age: int, subject_age=None, children_months=(), **other) -> Facts:
    """Facts for a person `age` years old all through `month`, a cared-for subject `subject_age` years old, and
    own young children born `children_months` months before `month` (0: born this month)."""
    return Facts(
        birth_date=date(month.year - age, 1, 15),
        subject_birth_date=None if subject_age is None else date(month.year - subject_age, 1, 15),
        young_children_birth_dates=tuple(add_months(month, -months) for months in children_months),
        **other,
    )


# (reads like the law, category, person, rule, coefficient, amount at 360.000 ₫, amount at 500.000 ₫)
TABLE = [
    ("5.1 child under 4 → 2.5", "5.1.b", dict(age=2), "5.1:under_4", "2.5", 900_000, 1_250_000),
    ("5.1 child from 4 → 1.5", "5.1.b", dict(age=9), "5.1:from_4", "1.5", 540_000, 750_000),
    ("5.2 aged 16–22 studying → 1.5", "5.2", dict(age=18, studying=True), "5.2:default", "1.5", 540_000, 750_000),
    ("5.3 HIV child under 4 → 2.5", "5.3", dict(age=3, hiv=True, poverty="poor"), "5.3:under_4", "2.5", 900_000,
     1_250_000),
    ("5.3 HIV child 4 to under 16 → 2.0", "5.3", dict(age=12, hiv=True, poverty="poor"), "5.3:from_4", "2.0",
     720_000, 1_000_000),
    ("5.4 single parent raising 1 child → 1.0 × 1", "5.4", dict(age=30, poverty="poor", children_count=1),
     "5.4:per_child", "1.0", 360_000, 500_000),
    ("5.4 single parent raising 2 children → 1.0 × 2", "5.4", dict(age=30, poverty="near_poor", children_count=2),
     "5.4:per_child", "2.0", 720_000, 1_000_000),
    ("5.4 single parent raising 3 children → 1.0 × 3", "5.4", dict(age=30, poverty="poor", children_count=3),
     "5.4:per_child", "3.0", 1_080_000, 1_500_000),
    ("5.5.a elderly 60 to under 80 → 1.5", "5.5.a", dict(age=70, poverty="poor"), "5.5.a:60_to_80", "1.5", 540_000,
     750_000),
    ("5.5.a elderly 80 and over → 2.0", "5.5.a", dict(age=85, poverty="poor"), "5.5.a:from_80", "2.0", 720_000,
     1_000_000),
    ("5.5.b aged 75 to 80 in a difficult area → 1.0", "5.5.b",
     dict(age=77, poverty="near_poor", especially_difficult_area=True), "5.5.b:default", "1.0", 360_000, 500_000),
    ("5.5.c aged 80+ without pension → 1.0", "5.5.c", dict(age=82), "5.5.c:default", "1.0", 360_000, 500_000),
    ("5.5.d elderly taken in by the community → 3.0", "5.5.d", dict(age=72, poverty="poor"), "5.5.d:default", "3.0",
     1_080_000, 1_500_000),
    ("5.6 especially severe adult → 2.0", "5.6", dict(age=35, disability_level=ES), "5.6:especially_severe:adult",
     "2.0", 720_000, 1_000_000),
    ("5.6 especially severe child → 2.5", "5.6", dict(age=8, disability_level=ES),
     "5.6:especially_severe:child_or_elderly", "2.5", 900_000, 1_250_000),
    ("5.6 especially severe elderly → 2.5", "5.6", dict(age=66, disability_level=ES),
     "5.6:especially_severe:child_or_elderly", "2.5", 900_000, 1_250_000),
    ("5.6 severe adult → 1.5", "5.6", dict(age=35, disability_level=SEVERE), "5.6:severe:adult", "1.5", 540_000,
     750_000),
    ("5.6 severe child → 2.0", "5.6", dict(age=8, disability_level=SEVERE), "5.6:severe:child_or_elderly", "2.0",
     720_000, 1_000_000),
    ("5.6 severe elderly → 2.0", "5.6", dict(age=66, disability_level=SEVERE), "5.6:severe:child_or_elderly", "2.0",
     720_000, 1_000_000),
    ("5.7 child under 3 in a difficult area → 1.5", "5.7",
     dict(age=1, poverty="near_poor", especially_difficult_area=True), "5.7:default", "1.5", 540_000, 750_000),
    ("5.8 person with HIV, poor → 1.5", "5.8", dict(age=40, hiv=True, poverty="poor"), "5.8:default", "1.5", 540_000,
     750_000),
    ("20.1 taking in a 5.1 child under 4 → 2.5", "20.1", dict(age=45, subject_age=2, subject_category="5.1"),
     "20.1:child_under_4", "2.5", 900_000, 1_250_000),
    ("20.1 taking in a 5.1 child 4 to under 16 → 1.5", "20.1", dict(age=45, subject_age=10, subject_category="5.1"),
     "20.1:child_from_4", "1.5", 540_000, 750_000),
    ("20.1 taking in a 5.5.d elderly person → 1.5", "20.1", dict(age=45, subject_age=75, subject_category="5.5.d"),
     "20.1:elderly", "1.5", 540_000, 750_000),
    ("20.2 severely disabled and pregnant → 1.5", "20.2", dict(age=28, disability_level=SEVERE, pregnant=True),
     "20.2:one", "1.5", 540_000, 750_000),
    ("20.2 severely disabled raising one child under 36 months → 1.5", "20.2",
     dict(age=28, disability_level=ES, children_months=(9,)), "20.2:one", "1.5", 540_000, 750_000),
    ("20.2 pregnant and raising one child under 36 months → 2.0", "20.2",
     dict(age=28, disability_level=SEVERE, pregnant=True, children_months=(9,)), "20.2:two", "2.0", 720_000,
     1_000_000),
    ("20.2 raising two children under 36 months → 2.0", "20.2",
     dict(age=28, disability_level=SEVERE, children_months=(9, 0)), "20.2:two", "2.0", 720_000, 1_000_000),
    ("20.3 household caring for its especially severe member → 1.0", "20.3", dict(age=50), "20.3:default", "1.0",
     360_000, 500_000),
    ("20.4 taking in an especially severe adult → 1.5", "20.4", dict(age=50, subject_age=30), "20.4:adult", "1.5",
     540_000, 750_000),
    ("20.4 taking in an especially severe child → 2.5", "20.4", dict(age=50, subject_age=7), "20.4:child", "2.5",
     900_000, 1_250_000),
    ("11 funeral support → 20 × level", "11", dict(age=70), "11:default", "20", 7_200_000, 10_000_000),
]  # fmt: skip

CASES = [
    pytest.param(category, person, month, rule, Decimal(coefficient), level, amount, id=f"{label} at {level:,}")
    for label, category, person, rule, coefficient, amount_2022, amount_2025 in TABLE
    for month, level, amount in ((MARCH_2022, 360_000, amount_2022), (MARCH_2025, 500_000, amount_2025))
]


@pytest.mark.parametrize(("category", "person", "month", "rule", "coefficient", "level", "amount"), CASES)
def test_coefficient_row_gives_level_times_coefficient(tables, category, person, month, rule, coefficient, level,
                                                       amount):  # fmt: skip
    line = line_for(category, facts_in(month, **person), month, tables)

    assert line is not None
    assert (line.category, line.rule, line.coefficient, line.level, line.amount) == (
        category, rule, coefficient, level, amount,
    )  # fmt: skip


@pytest.mark.parametrize("point", ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l"])
def test_every_point_of_5_1_is_paid_as_5_1(tables, point):
    """Art. 6.1 pays every case of Art. 5.1 (a to l) the same: 2.5 under 4 years."""
    line = line_for(f"5.1.{point}", facts_in(MARCH_2025, age=1), MARCH_2025, tables)

    assert line is not None
    assert (line.rule, line.coefficient, line.amount) == ("5.1:under_4", Decimal("2.5"), 1_250_000)


# Facts that rule a category out whatever the level: (reads like the law, category, person)
NOT_PAID = [
    ("5.6 mild disability → nothing", "5.6", dict(age=35, disability_level="mild")),
    ("5.6 no disability recorded → nothing", "5.6", dict(age=35)),
    ("5.4 raising no child → nothing", "5.4", dict(age=35, poverty="poor", children_count=0)),
    ("5.2 not studying → nothing", "5.2", dict(age=18)),
    ("5.2 aged 23 → nothing", "5.2", dict(age=23, studying=True)),
    ("5.1 aged 17 → nothing", "5.1.a", dict(age=17)),
    ("5.3 aged 17 → nothing", "5.3", dict(age=17, hiv=True, poverty="poor")),
    ("5.5.a aged 59 → nothing", "5.5.a", dict(age=59, poverty="poor")),
    ("5.5.b aged 74 → nothing", "5.5.b", dict(age=74, poverty="poor", especially_difficult_area=True)),
    ("5.5.c aged 79 → nothing", "5.5.c", dict(age=79)),
    ("5.7 aged 3 → nothing", "5.7", dict(age=3, poverty="poor", especially_difficult_area=True)),
    ("20.1 child subject aged 16 → nothing", "20.1", dict(age=45, subject_age=16, subject_category="5.1")),
    ("20.2 severe, not pregnant, no young child → nothing", "20.2", dict(age=28, disability_level=SEVERE)),
    ("20.2 pregnant without severe disability → nothing", "20.2", dict(age=28, pregnant=True)),
    ("20.4 no cared-for person chosen → nothing", "20.4", dict(age=50)),
]


@pytest.mark.parametrize(("category", "person"), [pytest.param(c, p, id=i) for i, c, p in NOT_PAID])
def test_facts_outside_the_category_give_no_line(tables, category, person):
    assert line_for(category, facts_in(MARCH_2025, **person), MARCH_2025, tables) is None
