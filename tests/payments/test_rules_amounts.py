"""The regular amounts of a roll line: every category across the level changes (360.000 → 500.000 from
07/2024, 540.000 from 07/2026; decree20.md §1, §3, §4), automatic age changes inside the roll month (Art. 8.1),
and Art. 6.2 (only the highest monthly allowance; 5.4 single parent plus 5.5/5.6/5.8 gets both).

Every expectation is level × coefficient worked out by hand."""

from datetime import date
from decimal import Decimal

import pytest

from payments.rules import person_line
from policy.rules import Facts

from .rules_cases import ADULT, CHILD, ELDER, OLDEST, TODDLER, build_tables, items_of, m, period

TABLES = build_tables()

STUDENT = Facts(birth_date=date(2007, 3, 1), studying=True)  # 17–19 in 2024–2026 (5.2)
INFANT = Facts(birth_date=date(2024, 1, 20), poverty="poor", especially_difficult_area=True)  # under 3 until 01/2027
B_ELDER = Facts(birth_date=date(1948, 2, 1), poverty="near_poor", especially_difficult_area=True)  # 76–78 (5.5.b)


def disabled(facts: Facts, level: str) -> Facts:
    return Facts(**{**facts.__dict__, "disability_level": level})


ES, SEVERE = "especially_severe", "severe"

# (reads like the law, category, facts, amount 06/2024 at 360.000, 07/2024 at 500.000, 07/2026 at 540.000)
MONTHLY = [
    ("5.1 under 4 (2.5)", "5.1.b", TODDLER, 900_000, 1_250_000, 1_350_000),
    ("5.1 from 4 (1.5)", "5.1.a", CHILD, 540_000, 750_000, 810_000),
    ("5.2 studying 16–22 (1.5)", "5.2", STUDENT, 540_000, 750_000, 810_000),
    (
        "5.3 HIV under 4 (2.5)",
        "5.3",
        Facts(birth_date=TODDLER.birth_date, hiv=True, poverty="poor"),
        900_000,
        1_250_000,
        1_350_000,
    ),
    (
        "5.3 HIV from 4 (2.0)",
        "5.3",
        Facts(birth_date=CHILD.birth_date, hiv=True, poverty="poor"),
        720_000,
        1_000_000,
        1_080_000,
    ),
    (
        "5.4 single parent, 2 children (2 × 1.0)",
        "5.4",
        Facts(birth_date=ADULT.birth_date, poverty="poor", children_count=2),
        720_000,
        1_000_000,
        1_080_000,
    ),
    (
        "5.4 single parent, 3 children (3 × 1.0)",
        "5.4",
        Facts(birth_date=ADULT.birth_date, poverty="near_poor", children_count=3),
        1_080_000,
        1_500_000,
        1_620_000,
    ),
    ("5.5.a 60 to under 80 (1.5)", "5.5.a", ELDER, 540_000, 750_000, 810_000),
    ("5.5.a from 80 (2.0)", "5.5.a", OLDEST, 720_000, 1_000_000, 1_080_000),
    ("5.5.b 75–80, ended 30/06/2025 (1.0)", "5.5.b", B_ELDER, 360_000, 500_000, 0),
    ("5.5.c 80+, ended 30/06/2025 (1.0)", "5.5.c", OLDEST, 360_000, 500_000, 0),
    ("5.5.d taken in by the community (3.0)", "5.5.d", ELDER, 1_080_000, 1_500_000, 1_620_000),
    ("5.6 especially severe adult (2.0)", "5.6", disabled(ADULT, ES), 720_000, 1_000_000, 1_080_000),
    ("5.6 especially severe elderly (2.5)", "5.6", disabled(ELDER, ES), 900_000, 1_250_000, 1_350_000),
    ("5.6 especially severe child (2.5)", "5.6", disabled(CHILD, ES), 900_000, 1_250_000, 1_350_000),
    ("5.6 severe adult (1.5)", "5.6", disabled(ADULT, SEVERE), 540_000, 750_000, 810_000),
    ("5.6 severe elderly (2.0)", "5.6", disabled(ELDER, SEVERE), 720_000, 1_000_000, 1_080_000),
    ("5.6 severe child (2.0)", "5.6", disabled(CHILD, SEVERE), 720_000, 1_000_000, 1_080_000),
    ("5.7 under 3, especially difficult area (1.5)", "5.7", INFANT, 540_000, 750_000, 810_000),
    (
        "5.8 HIV, poor (1.5)",
        "5.8",
        Facts(birth_date=ADULT.birth_date, hiv=True, poverty="poor"),
        540_000,
        750_000,
        810_000,
    ),
]

CARER = ADULT
# (reads like the law, category, carer's facts, 06/2024, 07/2024, 07/2026)
CARE = [
    (
        "20.1 taking in a 5.1 child under 4 (2.5)",
        "20.1",
        Facts(birth_date=CARER.birth_date, subject_birth_date=TODDLER.birth_date, subject_category="5.1"),
        900_000,
        1_250_000,
        1_350_000,
    ),
    (
        "20.1 taking in a 5.1 child from 4 (1.5)",
        "20.1",
        Facts(birth_date=CARER.birth_date, subject_birth_date=CHILD.birth_date, subject_category="5.1"),
        540_000,
        750_000,
        810_000,
    ),
    (
        "20.1 taking in a 5.5.d elderly person (1.5)",
        "20.1",
        Facts(birth_date=CARER.birth_date, subject_birth_date=ELDER.birth_date, subject_category="5.5.d"),
        540_000,
        750_000,
        810_000,
    ),
    (
        "20.2 disabled, one child under 36 months (1.5)",
        "20.2",
        Facts(birth_date=CARER.birth_date, disability_level=SEVERE, young_children_birth_dates=(INFANT.birth_date,)),
        540_000,
        750_000,
        810_000,
    ),
    (
        "20.2 disabled, pregnant and one child under 36 months (2.0)",
        "20.2",
        Facts(
            birth_date=CARER.birth_date,
            disability_level=ES,
            pregnant=True,
            young_children_birth_dates=(INFANT.birth_date,),
        ),
        720_000,
        1_000_000,
        1_080_000,
    ),
    (
        "20.3 household caring for its member (1.0)",
        "20.3",
        Facts(birth_date=CARER.birth_date),
        360_000,
        500_000,
        540_000,
    ),
    (
        "20.4 taking in an especially severe adult (1.5)",
        "20.4",
        Facts(birth_date=CARER.birth_date, subject_birth_date=ADULT.birth_date),
        540_000,
        750_000,
        810_000,
    ),
    (
        "20.4 taking in an especially severe child (2.5)",
        "20.4",
        Facts(birth_date=CARER.birth_date, subject_birth_date=CHILD.birth_date),
        900_000,
        1_250_000,
        1_350_000,
    ),
]

MONTHS = [("06/2024", 3), ("07/2024", 4), ("07/2026", 5)]


def _cases(rows, kind):
    return [
        pytest.param(category, facts, kind, month, row[index], id=f"{row[0]} {month}")
        for row in rows
        for month, index in MONTHS
        for category, facts in [(row[1], row[2])]
    ]


@pytest.mark.parametrize(
    ("category", "facts", "kind", "month", "amount"), _cases(MONTHLY, "monthly") + _cases(CARE, "care")
)
def test_regular_amount_of_every_category_across_the_level_changes(category, facts, kind, month, amount):
    line = person_line([period(7, category, facts, "01/2024", kind=kind)], m(month), TABLES, paid={})

    expected_items = [(7, "regular", month, amount)] if amount else []
    assert items_of(line) == expected_items
    assert (line.monthly_amount, line.care_amount) == ((amount, 0) if kind == "monthly" else (0, amount))
    assert line.total == amount
    assert (line.arrears_amount, line.recovery_amount) == (0, 0)
    assert line.categories == ([category] if amount else [])


def test_line_shows_level_coefficient_and_basis_of_the_month():
    single_parent = Facts(birth_date=ADULT.birth_date, poverty="poor", children_count=2)

    june = person_line([period(1, "5.4", single_parent, "01/2024")], m("06/2024"), TABLES, paid={})
    july = person_line([period(1, "5.4", single_parent, "01/2024")], m("07/2024"), TABLES, paid={})

    assert (june.level, june.coefficient, june.monthly_amount) == (360_000, Decimal("2.0"), 720_000)
    assert (july.level, july.coefficient, july.monthly_amount) == (500_000, Decimal("2.0"), 1_000_000)
    assert july.basis == [
        "Điểm đ khoản 1 Điều 6 Nghị định 20/2021/NĐ-CP: Mỗi con đang nuôi, hệ số 1 × 2 con × 500.000 ₫ = 1.000.000 ₫"
    ]


def test_a_care_only_line_has_no_monthly_level_or_coefficient():
    carer = Facts(birth_date=CARER.birth_date)

    line = person_line([period(3, "20.3", carer, "01/2024", kind="care")], m("07/2024"), TABLES, paid={})

    assert (line.monthly_amount, line.care_amount, line.total) == (0, 500_000, 500_000)
    assert (line.level, line.coefficient) == (None, None)


# --- Age changes inside the roll month (Art. 8.1: from the month the person becomes eligible) ----------------

# (reads like the law, category, facts, kind, month, amount)
AGE_CHANGES = [
    ("5.1 child the month before turning 4: 2.5 × 540.000", "5.1.b", TODDLER, "monthly", "11/2026", 1_350_000),
    ("5.1 child turning 4 in the roll month (15/12): 1.5 × 540.000", "5.1.b", TODDLER, "monthly", "12/2026", 810_000),
    (
        "5.1 child born on the 1st turning 4 in the roll month: 1.5",
        "5.1.b",
        Facts(birth_date=date(2021, 8, 1)),
        "monthly",
        "08/2025",
        750_000,
    ),
    (
        "5.1 child born on the 31st turning 4 in the roll month: 1.5",
        "5.1.b",
        Facts(birth_date=date(2021, 8, 31)),
        "monthly",
        "08/2025",
        750_000,
    ),
    (
        "5.1 child born on the 31st, the month before: 2.5",
        "5.1.b",
        Facts(birth_date=date(2021, 8, 31)),
        "monthly",
        "07/2025",
        1_250_000,
    ),
    (
        "5.3 child turning 4: 2.0 × 500.000",
        "5.3",
        Facts(birth_date=date(2021, 8, 31), hiv=True, poverty="poor"),
        "monthly",
        "08/2025",
        1_000_000,
    ),
    (
        "5.5.a turning 80 in the roll month: 2.0 × 540.000",
        "5.5.a",
        Facts(birth_date=date(1946, 7, 31), poverty="poor"),
        "monthly",
        "07/2026",
        1_080_000,
    ),
    (
        "5.5.a the month before turning 80: 1.5 × 500.000",
        "5.5.a",
        Facts(birth_date=date(1946, 7, 31), poverty="poor"),
        "monthly",
        "06/2026",
        750_000,
    ),
    (
        "5.1 child turning 16 is still paid that month",
        "5.1.b",
        Facts(birth_date=date(2010, 7, 5)),
        "monthly",
        "07/2026",
        810_000,
    ),
    (
        "5.1 child who turned 16 the month before: nothing",
        "5.1.b",
        Facts(birth_date=date(2010, 7, 5)),
        "monthly",
        "08/2026",
        0,
    ),
    ("5.7 child turning 3 is still paid that month", "5.7", INFANT, "monthly", "01/2027", 810_000),
    ("5.7 child who turned 3 the month before: nothing", "5.7", INFANT, "monthly", "02/2027", 0),
    (
        "20.1 carer of a child turning 4 in the roll month: 1.5 × 540.000",
        "20.1",
        Facts(birth_date=CARER.birth_date, subject_birth_date=TODDLER.birth_date, subject_category="5.1"),
        "care",
        "12/2026",
        810_000,
    ),
    (
        "20.2 the child reaches 36 months in the roll month: still 1.5",
        "20.2",
        Facts(birth_date=CARER.birth_date, disability_level=SEVERE, young_children_birth_dates=(date(2023, 7, 10),)),
        "care",
        "07/2026",
        810_000,
    ),
    (
        "20.2 the child reached 36 months the month before: nothing",
        "20.2",
        Facts(birth_date=CARER.birth_date, disability_level=SEVERE, young_children_birth_dates=(date(2023, 7, 10),)),
        "care",
        "08/2026",
        0,
    ),
    (
        "20.4 the cared-for child turns 16: adult 1.5 × 540.000",
        "20.4",
        Facts(birth_date=CARER.birth_date, subject_birth_date=date(2010, 7, 5)),
        "care",
        "07/2026",
        810_000,
    ),
    (
        "20.4 the month before: child 2.5 × 500.000",
        "20.4",
        Facts(birth_date=CARER.birth_date, subject_birth_date=date(2010, 7, 5)),
        "care",
        "06/2026",
        1_250_000,
    ),
]


@pytest.mark.parametrize(
    ("category", "facts", "kind", "month", "amount"), [pytest.param(*row[1:], id=row[0]) for row in AGE_CHANGES]
)
def test_age_change_inside_the_roll_month(category, facts, kind, month, amount):
    line = person_line([period(1, category, facts, "01/2021", kind=kind)], m(month), TABLES, paid={})

    assert line.total == amount
    assert items_of(line) == ([(1, "regular", month, amount)] if amount else [])


def test_5_5_b_and_5_5_c_stop_with_the_social_pension_switch():
    b_line = [period(1, "5.5.b", B_ELDER, "01/2024")]
    c_line = [period(2, "5.5.c", OLDEST, "01/2024")]

    assert person_line(b_line, m("06/2025"), TABLES, paid={}).total == 500_000
    assert person_line(c_line, m("06/2025"), TABLES, paid={}).total == 500_000
    assert person_line(b_line, m("07/2025"), TABLES, paid={}).empty
    assert person_line(c_line, m("07/2025"), TABLES, paid={}).empty


# --- Art. 6.2: one monthly allowance, the highest; the 5.4 single parent exception ----------------------------


def test_single_parent_in_5_4_and_5_6_gets_both_on_one_line():
    parent = Facts(birth_date=ADULT.birth_date, poverty="poor", children_count=2, disability_level=ES)
    periods = [period(11, "5.4", parent, "01/2024"), period(12, "5.6", parent, "01/2024")]

    june = person_line(periods, m("06/2024"), TABLES, paid={})
    july = person_line(periods, m("07/2024"), TABLES, paid={})

    # 5.4: 2 children × 1.0; 5.6 especially severe adult: 2.0.
    assert items_of(june) == [(11, "regular", "06/2024", 720_000), (12, "regular", "06/2024", 720_000)]
    assert june.monthly_amount == 1_440_000
    assert items_of(july) == [(11, "regular", "07/2024", 1_000_000), (12, "regular", "07/2024", 1_000_000)]
    assert (july.monthly_amount, july.total) == (2_000_000, 2_000_000)
    assert july.categories == ["5.4", "5.6"]
    assert july.coefficient == Decimal("4.0")


def test_single_parent_in_5_4_and_5_8_gets_both():
    parent = Facts(birth_date=ADULT.birth_date, poverty="poor", children_count=1, hiv=True)
    periods = [period(11, "5.4", parent, "01/2024"), period(12, "5.8", parent, "01/2024")]

    line = person_line(periods, m("07/2024"), TABLES, paid={})

    assert line.monthly_amount == 500_000 + 750_000


def test_single_parent_in_5_4_5_5_a_and_5_6_gets_5_4_plus_the_higher_of_the_others():
    parent = Facts(birth_date=ELDER.birth_date, poverty="poor", children_count=1, disability_level=SEVERE)
    periods = [
        period(11, "5.4", parent, "01/2024"),
        period(12, "5.5.a", parent, "01/2024"),
        period(13, "5.6", parent, "01/2024"),
    ]

    line = person_line(periods, m("07/2024"), TABLES, paid={})

    # 5.4: 1 × 500.000; 5.6 severe elderly 2.0 = 1.000.000 beats 5.5.a 1.5 = 750.000.
    assert items_of(line) == [(11, "regular", "07/2024", 500_000), (13, "regular", "07/2024", 1_000_000)]
    assert line.monthly_amount == 1_500_000


def test_elderly_in_5_5_a_and_5_6_gets_only_the_highest():
    elder = disabled(ELDER, SEVERE)
    periods = [period(21, "5.5.a", elder, "01/2024"), period(22, "5.6", elder, "01/2024")]

    line = person_line(periods, m("07/2024"), TABLES, paid={})

    assert items_of(line) == [(22, "regular", "07/2024", 1_000_000)]
    assert (line.monthly_amount, line.categories) == (1_000_000, ["5.6"])


def test_highest_follows_the_age_change_month_by_month():
    # 5.1 under 4 (2.5) ties 5.6 especially severe child (2.5): one payment; from the 4th-birthday month 5.1
    # drops to 1.5 and 5.6 pays.
    toddler = disabled(TODDLER, ES)
    periods = [period(31, "5.1.b", toddler, "01/2024"), period(32, "5.6", toddler, "01/2024")]

    november = person_line(periods, m("11/2026"), TABLES, paid={})
    december = person_line(periods, m("12/2026"), TABLES, paid={})

    assert items_of(november) == [(31, "regular", "11/2026", 1_350_000)]
    assert items_of(december) == [(32, "regular", "12/2026", 1_350_000)]


def test_care_support_is_paid_beside_the_own_allowance():
    # Art. 20.2: the disabled parent keeps their own 5.6 allowance as well.
    mother = Facts(birth_date=ADULT.birth_date, disability_level=ES, young_children_birth_dates=(INFANT.birth_date,))
    periods = [period(41, "5.6", mother, "01/2024"), period(42, "20.2", mother, "01/2024", kind="care")]

    line = person_line(periods, m("07/2024"), TABLES, paid={})

    assert items_of(line) == [(41, "regular", "07/2024", 1_000_000), (42, "regular", "07/2024", 750_000)]
    assert (line.monthly_amount, line.care_amount, line.total) == (1_000_000, 750_000, 1_750_000)


def test_carer_of_two_children_gets_care_support_for_each():
    first = Facts(birth_date=CARER.birth_date, subject_birth_date=TODDLER.birth_date, subject_category="5.1")
    second = Facts(birth_date=CARER.birth_date, subject_birth_date=CHILD.birth_date, subject_category="5.1")
    periods = [
        period(51, "20.1", first, "01/2024", kind="care", subject_id=501),
        period(52, "20.1", second, "01/2024", kind="care", subject_id=502),
    ]

    line = person_line(periods, m("07/2024"), TABLES, paid={})

    assert line.care_amount == 1_250_000 + 750_000
    assert [item.entitlement_id for item in line.items] == [51, 52]


def test_the_order_the_periods_come_in_changes_nothing():
    parent = Facts(birth_date=ADULT.birth_date, poverty="poor", children_count=2, disability_level=ES)
    periods = [
        period(11, "5.4", parent, "01/2024"),
        period(12, "5.6", parent, "01/2024"),
        period(13, "20.3", ADULT, "01/2024", kind="care"),
    ]

    forward = person_line(periods, m("07/2024"), TABLES, paid={})
    backward = person_line(list(reversed(periods)), m("07/2024"), TABLES, paid={})

    assert forward == backward
    assert forward.total == 1_000_000 + 1_000_000 + 500_000
