"""Age boundaries, each on both sides: the month before, the month of, and the month after the birthday.

decree20.md §3 (Art. 8.1): a coefficient that changes with age applies from the birthday month. §5 (Circular 02):
losing eligibility stops payment from the month after — so the birthday month itself is still paid, whether the
birthday falls on the 1st or the 31st. Level 500.000 ₫ in 2025, 360.000 ₫ in the first half of 2024.
"""

from datetime import date
from decimal import Decimal

import pytest

from policy.rules import Facts, line_for

ES = "especially_severe"
SEVERE = "severe"
FEB, MAR, APR = date(2025, 2, 1), date(2025, 3, 1), date(2025, 4, 1)

# Birthdays in March 2025 (on the 15th) for each age limit.
TURNS_4 = date(2021, 3, 15)
TURNS_16 = date(2009, 3, 15)
TURNS_22 = date(2003, 3, 15)
TURNS_60 = date(1965, 3, 15)
TURNS_75 = date(1950, 3, 15)
TURNS_80 = date(1945, 3, 15)
TURNS_3 = date(2022, 3, 15)  # also: reaches 36 months on 15/03/2025
PARENT = date(1995, 6, 1)
CARER = date(1980, 6, 1)

STUDYING = dict(studying=True)
HIV_POOR = dict(hiv=True, poverty="poor")
POOR = dict(poverty="poor")
AREA = dict(poverty="near_poor", especially_difficult_area=True)


def child_cared_for(born):
    return dict(birth=CARER, subject_birth_date=born, subject_category="5.1")


def young_children(*born, **other):
    return dict(birth=PARENT, disability_level=SEVERE, young_children_birth_dates=born, **other)


def paid(rule, coefficient, amount):
    return (rule, Decimal(coefficient), amount)


# (reads like the law, category, facts (birth = the person's birth date), month, paid(...) or None)
TABLE = [
    # Turning 4: 5.1, 5.3 and 20.1 drop from 2.5 to the next coefficient in the birthday month.
    ("5.1 month before turning 4 → 2.5", "5.1.b", dict(birth=TURNS_4), FEB, paid("5.1:under_4", "2.5", 1_250_000)),
    ("5.1 turns 4 in birthday month → 1.5", "5.1.b", dict(birth=TURNS_4), MAR, paid("5.1:from_4", "1.5", 750_000)),
    ("5.1 month after turning 4 → 1.5", "5.1.b", dict(birth=TURNS_4), APR, paid("5.1:from_4", "1.5", 750_000)),
    ("5.3 month before turning 4 → 2.5", "5.3", dict(birth=TURNS_4, **HIV_POOR), FEB,
     paid("5.3:under_4", "2.5", 1_250_000)),
    ("5.3 turns 4 in birthday month → 2.0", "5.3", dict(birth=TURNS_4, **HIV_POOR), MAR,
     paid("5.3:from_4", "2.0", 1_000_000)),
    ("5.3 month after turning 4 → 2.0", "5.3", dict(birth=TURNS_4, **HIV_POOR), APR,
     paid("5.3:from_4", "2.0", 1_000_000)),
    ("20.1 child taken in, month before 4 → 2.5", "20.1", child_cared_for(TURNS_4), FEB,
     paid("20.1:child_under_4", "2.5", 1_250_000)),
    ("20.1 child taken in turns 4 in birthday month → 1.5", "20.1", child_cared_for(TURNS_4), MAR,
     paid("20.1:child_from_4", "1.5", 750_000)),
    ("20.1 child taken in, month after 4 → 1.5", "20.1", child_cared_for(TURNS_4), APR,
     paid("20.1:child_from_4", "1.5", 750_000)),
    # Turning 16: 5.1 is paid through the birthday month; 5.2 takes over from the month after, only if studying.
    ("5.1 month before turning 16 → 1.5", "5.1.b", dict(birth=TURNS_16), FEB, paid("5.1:from_4", "1.5", 750_000)),
    ("5.1 still paid in the 16th-birthday month → 1.5", "5.1.b", dict(birth=TURNS_16), MAR,
     paid("5.1:from_4", "1.5", 750_000)),
    ("5.1 ends the month after turning 16 → nothing", "5.1.b", dict(birth=TURNS_16), APR, None),
    ("5.3 still paid in the 16th-birthday month → 2.0", "5.3", dict(birth=TURNS_16, **HIV_POOR), MAR,
     paid("5.3:from_4", "2.0", 1_000_000)),
    ("5.3 ends the month after turning 16 → nothing", "5.3", dict(birth=TURNS_16, **HIV_POOR), APR, None),
    ("5.2 month before turning 16 → nothing", "5.2", dict(birth=TURNS_16, **STUDYING), FEB, None),
    ("5.2 not in the 16th-birthday month (5.1 still pays) → nothing", "5.2", dict(birth=TURNS_16, **STUDYING), MAR,
     None),
    ("5.2 starts the month after turning 16 when studying → 1.5", "5.2", dict(birth=TURNS_16, **STUDYING), APR,
     paid("5.2:default", "1.5", 750_000)),
    ("5.2 month after turning 16, not studying → nothing", "5.2", dict(birth=TURNS_16), APR, None),
    ("5.6 especially severe child, month before 16 → 2.5", "5.6", dict(birth=TURNS_16, disability_level=ES), FEB,
     paid("5.6:especially_severe:child_or_elderly", "2.5", 1_250_000)),
    ("5.6 especially severe turns 16 in birthday month → adult 2.0", "5.6", dict(birth=TURNS_16, disability_level=ES),
     MAR, paid("5.6:especially_severe:adult", "2.0", 1_000_000)),
    ("5.6 especially severe, month after 16 → adult 2.0", "5.6", dict(birth=TURNS_16, disability_level=ES), APR,
     paid("5.6:especially_severe:adult", "2.0", 1_000_000)),
    ("5.6 severe child, month before 16 → 2.0", "5.6", dict(birth=TURNS_16, disability_level=SEVERE), FEB,
     paid("5.6:severe:child_or_elderly", "2.0", 1_000_000)),
    ("5.6 severe turns 16 in birthday month → adult 1.5", "5.6", dict(birth=TURNS_16, disability_level=SEVERE), MAR,
     paid("5.6:severe:adult", "1.5", 750_000)),
    ("20.1 child taken in, 16th-birthday month → 1.5", "20.1", child_cared_for(TURNS_16), MAR,
     paid("20.1:child_from_4", "1.5", 750_000)),
    ("20.1 child taken in, month after 16 → nothing", "20.1", child_cared_for(TURNS_16), APR, None),
    ("20.4 especially severe child taken in, month before 16 → 2.5", "20.4",
     dict(birth=CARER, subject_birth_date=TURNS_16), FEB, paid("20.4:child", "2.5", 1_250_000)),
    ("20.4 especially severe child taken in turns 16 → adult 1.5", "20.4",
     dict(birth=CARER, subject_birth_date=TURNS_16), MAR, paid("20.4:adult", "1.5", 750_000)),
    # Turning 22: 5.2 is paid through the birthday month.
    ("5.2 month before turning 22 → 1.5", "5.2", dict(birth=TURNS_22, **STUDYING), FEB,
     paid("5.2:default", "1.5", 750_000)),
    ("5.2 still paid in the 22nd-birthday month → 1.5", "5.2", dict(birth=TURNS_22, **STUDYING), MAR,
     paid("5.2:default", "1.5", 750_000)),
    ("5.2 ends the month after turning 22 → nothing", "5.2", dict(birth=TURNS_22, **STUDYING), APR, None),
    # Turning 60: 5.5.a and 5.5.d start, 5.6 moves from the adult to the elderly coefficient.
    ("5.5.a month before turning 60 → nothing", "5.5.a", dict(birth=TURNS_60, **POOR), FEB, None),
    ("5.5.a starts in the 60th-birthday month → 1.5", "5.5.a", dict(birth=TURNS_60, **POOR), MAR,
     paid("5.5.a:60_to_80", "1.5", 750_000)),
    ("5.5.a month after turning 60 → 1.5", "5.5.a", dict(birth=TURNS_60, **POOR), APR,
     paid("5.5.a:60_to_80", "1.5", 750_000)),
    ("5.5.d month before turning 60 → nothing", "5.5.d", dict(birth=TURNS_60, **POOR), FEB, None),
    ("5.5.d starts in the 60th-birthday month → 3.0", "5.5.d", dict(birth=TURNS_60, **POOR), MAR,
     paid("5.5.d:default", "3.0", 1_500_000)),
    ("5.6 especially severe adult, month before 60 → 2.0", "5.6", dict(birth=TURNS_60, disability_level=ES), FEB,
     paid("5.6:especially_severe:adult", "2.0", 1_000_000)),
    ("5.6 especially severe turns 60 in birthday month → elderly 2.5", "5.6",
     dict(birth=TURNS_60, disability_level=ES), MAR, paid("5.6:especially_severe:child_or_elderly", "2.5", 1_250_000)),
    ("5.6 especially severe, month after 60 → elderly 2.5", "5.6", dict(birth=TURNS_60, disability_level=ES), APR,
     paid("5.6:especially_severe:child_or_elderly", "2.5", 1_250_000)),
    ("5.6 severe adult, month before 60 → 1.5", "5.6", dict(birth=TURNS_60, disability_level=SEVERE), FEB,
     paid("5.6:severe:adult", "1.5", 750_000)),
    ("5.6 severe turns 60 in birthday month → elderly 2.0", "5.6", dict(birth=TURNS_60, disability_level=SEVERE), MAR,
     paid("5.6:severe:child_or_elderly", "2.0", 1_000_000)),
    # Turning 75: 5.5.b starts in the birthday month (decree20.md §5: "for 5.5.b from the month the person turns 75").
    ("5.5.b month before turning 75 → nothing", "5.5.b", dict(birth=TURNS_75, **AREA), FEB, None),
    ("5.5.b starts in the 75th-birthday month → 1.0", "5.5.b", dict(birth=TURNS_75, **AREA), MAR,
     paid("5.5.b:default", "1.0", 500_000)),
    ("5.5.b month after turning 75 → 1.0", "5.5.b", dict(birth=TURNS_75, **AREA), APR,
     paid("5.5.b:default", "1.0", 500_000)),
    # Turning 80: 5.5.a rises to 2.0; 5.5.c starts ("from the month they turn 80") and 5.5.b hands over to it.
    ("5.5.a month before turning 80 → 1.5", "5.5.a", dict(birth=TURNS_80, **POOR), FEB,
     paid("5.5.a:60_to_80", "1.5", 750_000)),
    ("5.5.a turns 80 in birthday month → 2.0", "5.5.a", dict(birth=TURNS_80, **POOR), MAR,
     paid("5.5.a:from_80", "2.0", 1_000_000)),
    ("5.5.a month after turning 80 → 2.0", "5.5.a", dict(birth=TURNS_80, **POOR), APR,
     paid("5.5.a:from_80", "2.0", 1_000_000)),
    ("5.5.c month before turning 80 → nothing", "5.5.c", dict(birth=TURNS_80), FEB, None),
    ("5.5.c starts in the 80th-birthday month → 1.0", "5.5.c", dict(birth=TURNS_80), MAR,
     paid("5.5.c:default", "1.0", 500_000)),
    ("5.5.c month after turning 80 → 1.0", "5.5.c", dict(birth=TURNS_80), APR, paid("5.5.c:default", "1.0", 500_000)),
    ("5.5.b month before turning 80 → 1.0", "5.5.b", dict(birth=TURNS_80, **AREA), FEB,
     paid("5.5.b:default", "1.0", 500_000)),
    ("5.5.b hands over to 5.5.c in the 80th-birthday month → nothing", "5.5.b", dict(birth=TURNS_80, **AREA), MAR,
     None),
    # Turning 3: 5.7 is paid through the birthday month.
    ("5.7 month before turning 3 → 1.5", "5.7", dict(birth=TURNS_3, **AREA), FEB, paid("5.7:default", "1.5", 750_000)),
    ("5.7 still paid in the 3rd-birthday month → 1.5", "5.7", dict(birth=TURNS_3, **AREA), MAR,
     paid("5.7:default", "1.5", 750_000)),
    ("5.7 ends the month after turning 3 → nothing", "5.7", dict(birth=TURNS_3, **AREA), APR, None),
    # 36 months: the parent's child counts for 20.2 through the month it reaches 36 months.
    ("20.2 child month before 36 months → one 1.5", "20.2", young_children(TURNS_3), FEB,
     paid("20.2:one", "1.5", 750_000)),
    ("20.2 child still counts in the month it reaches 36 months → 1.5", "20.2", young_children(TURNS_3), MAR,
     paid("20.2:one", "1.5", 750_000)),
    ("20.2 child no longer counts the month after 36 months → nothing", "20.2", young_children(TURNS_3), APR, None),
    ("20.2 pregnant with a child reaching 36 months → two 2.0", "20.2", young_children(TURNS_3, pregnant=True), MAR,
     paid("20.2:two", "2.0", 1_000_000)),
    ("20.2 pregnant, child past 36 months → one 1.5", "20.2", young_children(TURNS_3, pregnant=True), APR,
     paid("20.2:one", "1.5", 750_000)),
    ("20.2 two young children, both count → two 2.0", "20.2", young_children(TURNS_3, date(2024, 5, 20)), MAR,
     paid("20.2:two", "2.0", 1_000_000)),
    ("20.2 two young children, elder past 36 months → one 1.5", "20.2", young_children(TURNS_3, date(2024, 5, 20)),
     APR, paid("20.2:one", "1.5", 750_000)),
    ("20.2 child born this month counts → one 1.5", "20.2", young_children(date(2025, 3, 31)), MAR,
     paid("20.2:one", "1.5", 750_000)),
    ("20.2 child not yet born does not count → nothing", "20.2", young_children(date(2025, 3, 31)), FEB, None),
]  # fmt: skip

# The day of the birthday never moves a boundary to another month.
DAY_OF_MONTH = [
    ("5.1 turns 16 on the 1st: still paid that month → 1.5", "5.1.b", dict(birth=date(2009, 3, 1)), MAR,
     paid("5.1:from_4", "1.5", 750_000)),
    ("5.1 turns 16 on the 1st: ends the month after → nothing", "5.1.b", dict(birth=date(2009, 3, 1)), APR, None),
    ("5.1 turns 16 on the 31st: still paid that month → 1.5", "5.1.b", dict(birth=date(2009, 3, 31)), MAR,
     paid("5.1:from_4", "1.5", 750_000)),
    ("5.1 turns 16 on the 31st: ends the month after → nothing", "5.1.b", dict(birth=date(2009, 3, 31)), APR, None),
    ("5.1 turns 16 on 31/01: ends in February → nothing", "5.1.b", dict(birth=date(2009, 1, 31)), FEB, None),
    ("5.2 on the 1st: starts the month after turning 16 → 1.5", "5.2", dict(birth=date(2009, 3, 1), **STUDYING), APR,
     paid("5.2:default", "1.5", 750_000)),
    ("5.2 on the 1st: not in the 16th-birthday month → nothing", "5.2", dict(birth=date(2009, 3, 1), **STUDYING), MAR,
     None),
    ("5.1 turns 4 on the 1st: month before → 2.5", "5.1.b", dict(birth=date(2021, 3, 1)), FEB,
     paid("5.1:under_4", "2.5", 1_250_000)),
    ("5.1 turns 4 on the 1st: birthday month → 1.5", "5.1.b", dict(birth=date(2021, 3, 1)), MAR,
     paid("5.1:from_4", "1.5", 750_000)),
    ("5.1 turns 4 on the 31st: birthday month → 1.5", "5.1.b", dict(birth=date(2021, 3, 31)), MAR,
     paid("5.1:from_4", "1.5", 750_000)),
    ("5.1 turns 4 on 29/02/2024: month before at 360.000 → 2.5", "5.1.b", dict(birth=date(2020, 2, 29)),
     date(2024, 1, 1), paid("5.1:under_4", "2.5", 900_000)),
    ("5.1 turns 4 on 29/02/2024: birthday month at 360.000 → 1.5", "5.1.b", dict(birth=date(2020, 2, 29)),
     date(2024, 2, 1), paid("5.1:from_4", "1.5", 540_000)),
    ("5.2 turns 22 on the 1st: still paid that month → 1.5", "5.2", dict(birth=date(2003, 3, 1), **STUDYING), MAR,
     paid("5.2:default", "1.5", 750_000)),
    ("5.2 turns 22 on the 1st: ends the month after → nothing", "5.2", dict(birth=date(2003, 3, 1), **STUDYING), APR,
     None),
    ("5.7 turns 3 on the 1st: still paid that month → 1.5", "5.7", dict(birth=date(2022, 3, 1), **AREA), MAR,
     paid("5.7:default", "1.5", 750_000)),
    ("5.7 turns 3 on the 1st: ends the month after → nothing", "5.7", dict(birth=date(2022, 3, 1), **AREA), APR, None),
    ("5.7 turns 3 on the 31st: still paid that month → 1.5", "5.7", dict(birth=date(2022, 3, 31), **AREA), MAR,
     paid("5.7:default", "1.5", 750_000)),
    ("5.7 turns 3 on 31/01: ends in February → nothing", "5.7", dict(birth=date(2022, 1, 31), **AREA), FEB, None),
    ("5.7 born on the 31st: paid in the month of birth → 1.5", "5.7", dict(birth=date(2025, 3, 31), **AREA), MAR,
     paid("5.7:default", "1.5", 750_000)),
    ("5.7 not yet born → nothing", "5.7", dict(birth=date(2025, 3, 20), **AREA), FEB, None),
    ("20.2 child reaches 36 months on the 1st: still counts that month → 1.5", "20.2",
     young_children(date(2022, 3, 1)), MAR, paid("20.2:one", "1.5", 750_000)),
    ("20.2 child reaches 36 months on the 1st: not the month after → nothing", "20.2",
     young_children(date(2022, 3, 1)), APR, None),
    ("20.2 child reaches 36 months on 31/01: not in February → nothing", "20.2", young_children(date(2022, 1, 31)),
     FEB, None),
    ("20.1 child taken in turns 16 on the 1st: still paid that month → 1.5", "20.1",
     child_cared_for(date(2009, 3, 1)), MAR, paid("20.1:child_from_4", "1.5", 750_000)),
    ("20.1 child taken in turns 16 on the 1st: ends the month after → nothing", "20.1",
     child_cared_for(date(2009, 3, 1)), APR, None),
    ("5.5.a turns 60 on the 1st: starts that month → 1.5", "5.5.a", dict(birth=date(1965, 3, 1), **POOR), MAR,
     paid("5.5.a:60_to_80", "1.5", 750_000)),
    ("5.5.a turns 60 on the 31st: starts that month → 1.5", "5.5.a", dict(birth=date(1965, 3, 31), **POOR), MAR,
     paid("5.5.a:60_to_80", "1.5", 750_000)),
    ("5.5.a turns 80 on the 31st: 2.0 that month", "5.5.a", dict(birth=date(1945, 3, 31), **POOR), MAR,
     paid("5.5.a:from_80", "2.0", 1_000_000)),
]  # fmt: skip


def _facts(values: dict) -> Facts:
    values = dict(values)
    return Facts(birth_date=values.pop("birth"), **values)


@pytest.mark.parametrize(
    ("category", "facts", "month", "expected"),
    [pytest.param(c, f, m, e, id=i) for i, c, f, m, e in TABLE + DAY_OF_MONTH],
)
def test_age_boundary(tables, category, facts, month, expected):
    line = line_for(category, _facts(facts), month, tables)

    if expected is None:
        assert line is None
    else:
        assert line is not None
        assert (line.rule, line.coefficient, line.amount) == expected
