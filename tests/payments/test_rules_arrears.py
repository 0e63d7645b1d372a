"""Arrears (truy lĩnh) on a roll line: retroactive raises of the level, backdated decisions, lines the person
never collected, and resumptions after a suspension (decree20.md §1, §5, §8). Each carries exactly the months it
covers. Amounts by hand: (new level − old level) × coefficient per month."""

from datetime import date

import pytest

from payments.rules import Period, months_to_recheck, person_line
from policy.rules import Facts

from .rules_cases import (
    ADULT,
    ELDER,
    LEVEL_2026,
    PORTAL_START,
    TODDLER,
    build_tables,
    items_of,
    m,
    months,
    paid_each,
    period,
    provincial_level,
    run_rolls,
)

TABLES = build_tables()
RAISED = build_tables(extra_levels=(provincial_level(600_000, m("01/2025")),))


def _recheck(periods, month, since=PORTAL_START):
    return {p.entitlement_id: months_to_recheck(p, m(month), since=since) for p in periods}


# --- A retroactive raise: the province's own level of 600.000 from 01/2025, added after 01–03/2025 were paid --

# (reads like the law, category, facts, kind, paid per month at 500.000, due per month at 600.000)
RAISE = [
    ("5.1 under 4 (2.5)", "5.1.b", TODDLER, "monthly", 1_250_000, 1_500_000),
    ("5.5.a 60 to under 80 (1.5)", "5.5.a", ELDER, "monthly", 750_000, 900_000),
    (
        "5.4 with 2 children (2 × 1.0)",
        "5.4",
        Facts(birth_date=ADULT.birth_date, poverty="poor", children_count=2),
        "monthly",
        1_000_000,
        1_200_000,
    ),
    ("5.5.d (3.0)", "5.5.d", ELDER, "monthly", 1_500_000, 1_800_000),
    (
        "5.6 especially severe elderly (2.5)",
        "5.6",
        Facts(birth_date=ELDER.birth_date, disability_level="especially_severe"),
        "monthly",
        1_250_000,
        1_500_000,
    ),
    (
        "20.3 household caring for its member (1.0)",
        "20.3",
        Facts(birth_date=ADULT.birth_date),
        "care",
        500_000,
        600_000,
    ),
]


@pytest.mark.parametrize(
    ("category", "facts", "kind", "old", "new"), [pytest.param(*row[1:], id=row[0]) for row in RAISE]
)
def test_retroactive_raise_pays_the_difference_for_the_months_already_paid(category, facts, kind, old, new):
    periods = [period(1, category, facts, "01/2024", kind=kind)]
    paid = paid_each(1, old, "01/2025", "02/2025", "03/2025")

    line = person_line(
        periods, m("04/2025"), RAISED, paid=paid, recheck=_recheck(periods, "04/2025", since=m("01/2025"))
    )

    difference = new - old  # 100.000 × coefficient
    assert items_of(line) == [
        (1, "regular", "04/2025", new),
        (1, "arrears", "01/2025", difference),
        (1, "arrears", "02/2025", difference),
        (1, "arrears", "03/2025", difference),
    ]
    assert line.arrears_amount == 3 * difference
    assert line.arrears_months == months("01/2025", "02/2025", "03/2025")
    assert (line.recovery_amount, line.recovery_months) == (0, [])
    assert line.total == new + 3 * difference


def test_retroactive_raise_for_a_5_1_child_in_figures():
    periods = [period(1, "5.1.b", TODDLER, "01/2024")]
    paid = paid_each(1, 1_250_000, "01/2025", "02/2025", "03/2025")

    line = person_line(
        periods, m("04/2025"), RAISED, paid=paid, recheck=_recheck(periods, "04/2025", since=m("01/2025"))
    )

    assert (line.monthly_amount, line.arrears_amount, line.total) == (1_500_000, 750_000, 2_250_000)


def test_comparing_the_whole_history_finds_only_the_raised_months():
    # 2024 was paid right (360.000 then 500.000 from 07/2024): comparing it again owes nothing.
    periods = [period(1, "5.1.b", TODDLER, "01/2024")]
    paid = {
        **paid_each(1, 900_000, "01/2024", "02/2024", "03/2024", "04/2024", "05/2024", "06/2024"),
        **paid_each(1, 1_250_000, "07/2024", "08/2024", "09/2024", "10/2024", "11/2024", "12/2024"),
        **paid_each(1, 1_250_000, "01/2025", "02/2025", "03/2025"),
    }

    line = person_line(periods, m("04/2025"), RAISED, paid=paid, recheck=_recheck(periods, "04/2025"))

    assert line.arrears_months == months("01/2025", "02/2025", "03/2025")
    assert line.arrears_amount == 750_000


def test_once_the_arrears_are_paid_the_next_roll_owes_nothing_more():
    periods = [period(1, "5.1.b", TODDLER, "01/2024")]
    # 01–03 paid at 500.000 and their arrears with the 04/2025 roll; 04 paid at 600.000.
    paid = {**paid_each(1, 1_500_000, "01/2025", "02/2025", "03/2025", "04/2025")}

    line = person_line(
        periods, m("05/2025"), RAISED, paid=paid, recheck=_recheck(periods, "05/2025", since=m("01/2025"))
    )

    assert items_of(line) == [(1, "regular", "05/2025", 1_500_000)]
    assert line.arrears_months == []


def test_a_provincial_level_below_the_national_one_changes_nothing():
    lower = build_tables(extra_levels=(provincial_level(450_000, m("01/2025")),))
    periods = [period(1, "5.1.b", TODDLER, "01/2024")]
    paid = paid_each(1, 1_250_000, "01/2025", "02/2025", "03/2025")

    line = person_line(
        periods, m("04/2025"), lower, paid=paid, recheck=_recheck(periods, "04/2025", since=m("01/2025"))
    )

    assert items_of(line) == [(1, "regular", "04/2025", 1_250_000)]


def test_national_raise_to_540_000_decreed_late_pays_back_to_07_2026():
    # Decree 335/2026 was signed 21/08/2026: the 07 and 08/2026 rolls were approved at 500.000.
    before = build_tables(without=(LEVEL_2026,))
    periods = [period(1, "5.1.b", TODDLER, "01/2024")]
    july = person_line(periods, m("07/2026"), before, paid={})
    paid = paid_each(1, 1_250_000, "07/2026", "08/2026")

    september = person_line(
        periods, m("09/2026"), TABLES, paid=paid, recheck=_recheck(periods, "09/2026", since=LEVEL_2026)
    )

    assert july.total == 1_250_000
    # 2 months × 40.000 × 2.5
    assert items_of(september) == [
        (1, "regular", "09/2026", 1_350_000),
        (1, "arrears", "07/2026", 100_000),
        (1, "arrears", "08/2026", 100_000),
    ]
    assert september.arrears_months == months("07/2026", "08/2026")
    assert september.total == 1_550_000


# --- A backdated decision ------------------------------------------------------------------------------------


def test_backdated_decision_pays_the_months_before_the_first_roll():
    periods = [period(1, "5.1.b", TODDLER, "01/2025")]

    line = person_line(periods, m("04/2025"), TABLES, paid={}, recheck=_recheck(periods, "04/2025"))

    assert items_of(line) == [
        (1, "regular", "04/2025", 1_250_000),
        (1, "arrears", "01/2025", 1_250_000),
        (1, "arrears", "02/2025", 1_250_000),
        (1, "arrears", "03/2025", 1_250_000),
    ]
    assert (line.arrears_amount, line.arrears_months) == (3_750_000, months("01/2025", "02/2025", "03/2025"))
    assert line.total == 5_000_000


def test_backdated_decision_across_the_level_change_uses_each_months_level():
    # 5.5.a from 05/2024, first roll 08/2024: 05 and 06 at 1.5 × 360.000, 07 at 1.5 × 500.000.
    periods = [period(1, "5.5.a", ELDER, "05/2024")]

    line = person_line(periods, m("08/2024"), TABLES, paid={}, recheck=_recheck(periods, "08/2024"))

    assert items_of(line) == [
        (1, "regular", "08/2024", 750_000),
        (1, "arrears", "05/2024", 540_000),
        (1, "arrears", "06/2024", 540_000),
        (1, "arrears", "07/2024", 750_000),
    ]
    assert line.arrears_amount == 1_830_000
    assert line.total == 2_580_000


def test_decision_signed_mid_month_pays_from_that_month():
    # Signed 17/01/2025: January is paid in full (decree20.md §5, from the month the decision is signed).
    signed = [Period(entitlement_id=1, category="5.1.b", kind="monthly", facts=TODDLER, start_month=date(2025, 1, 17))]

    line = person_line(signed, m("03/2025"), TABLES, paid={}, recheck={1: [date(2025, 1, 17), date(2025, 2, 3)]})

    assert line.arrears_months == months("01/2025", "02/2025")
    assert line.arrears_amount == 2_500_000


def test_months_not_asked_for_are_not_compared():
    periods = [period(1, "5.1.b", TODDLER, "01/2025")]

    line = person_line(periods, m("04/2025"), TABLES, paid={}, recheck={1: months("03/2025")})

    assert line.arrears_months == months("03/2025")
    assert line.arrears_amount == 1_250_000


def test_the_roll_month_itself_in_recheck_is_not_paid_twice():
    periods = [period(1, "5.1.b", TODDLER, "01/2025")]

    line = person_line(periods, m("04/2025"), TABLES, paid={}, recheck={1: months("04/2025", "05/2025")})

    assert items_of(line) == [(1, "regular", "04/2025", 1_250_000)]


# --- A line the person did not collect -----------------------------------------------------------------------


def test_unpaid_line_is_carried_as_arrears_next_month():
    periods = [period(1, "5.5.a", ELDER, "01/2024")]
    paid = paid_each(1, 750_000, "01/2025", "02/2025")  # the 03/2025 line was marked unpaid: left out

    line = person_line(
        periods, m("04/2025"), TABLES, paid=paid, recheck=_recheck(periods, "04/2025", since=m("01/2025"))
    )

    assert items_of(line) == [(1, "regular", "04/2025", 750_000), (1, "arrears", "03/2025", 750_000)]
    assert (line.arrears_amount, line.arrears_months, line.total) == (750_000, months("03/2025"), 1_500_000)


def test_an_unpaid_line_with_arrears_carries_its_arrears_too():
    # The 04/2025 line (regular 04 plus arrears for 03) was not collected either: 05/2025 owes 03 and 04.
    periods = [period(1, "5.5.a", ELDER, "01/2024")]
    paid = paid_each(1, 750_000, "01/2025", "02/2025")

    line = person_line(
        periods, m("05/2025"), TABLES, paid=paid, recheck=_recheck(periods, "05/2025", since=m("01/2025"))
    )

    assert line.arrears_months == months("03/2025", "04/2025")
    assert (line.arrears_amount, line.total) == (1_500_000, 2_250_000)


# --- Suspension and resumption (Circular 02 Art. 2.3) --------------------------------------------------------

SUSPENDED = (("02/2025", "05/2025"),)  # suspended from 02/2025, resumed from 05/2025


def test_nothing_is_paid_while_suspended():
    periods = [period(1, "5.5.a", ELDER, "01/2024", suspensions=(("02/2025", None),))]

    for month in ("02/2025", "03/2025", "04/2025"):
        line = person_line(periods, m(month), TABLES, paid={}, recheck=_recheck(periods, month, since=m("02/2025")))
        assert line.empty
        assert line.total == 0


def test_resumption_with_arrears_pays_the_suspended_months_back():
    periods = [
        period(1, "5.5.a", ELDER, "01/2024", suspensions=SUSPENDED, arrears_months=("02/2025", "03/2025", "04/2025"))
    ]
    paid = paid_each(1, 750_000, "01/2025")

    line = person_line(
        periods, m("05/2025"), TABLES, paid=paid, recheck=_recheck(periods, "05/2025", since=m("01/2025"))
    )

    assert items_of(line) == [
        (1, "regular", "05/2025", 750_000),
        (1, "arrears", "02/2025", 750_000),
        (1, "arrears", "03/2025", 750_000),
        (1, "arrears", "04/2025", 750_000),
    ]
    assert line.arrears_months == months("02/2025", "03/2025", "04/2025")
    assert (line.arrears_amount, line.total) == (2_250_000, 3_000_000)


def test_resumption_without_arrears_pays_only_from_the_resumption_month():
    periods = [period(1, "5.5.a", ELDER, "01/2024", suspensions=SUSPENDED)]
    paid = paid_each(1, 750_000, "01/2025")

    line = person_line(
        periods, m("05/2025"), TABLES, paid=paid, recheck=_recheck(periods, "05/2025", since=m("01/2025"))
    )

    assert items_of(line) == [(1, "regular", "05/2025", 750_000)]
    assert (line.arrears_amount, line.arrears_months) == (0, [])


def test_resumption_paying_back_some_months_pays_only_those():
    periods = [period(1, "5.5.a", ELDER, "01/2024", suspensions=SUSPENDED, arrears_months=("04/2025",))]
    paid = paid_each(1, 750_000, "01/2025")

    line = person_line(
        periods, m("05/2025"), TABLES, paid=paid, recheck=_recheck(periods, "05/2025", since=m("01/2025"))
    )

    assert line.arrears_months == months("04/2025")
    assert line.arrears_amount == 750_000


def test_resumed_arrears_across_the_level_change():
    # Suspended 05–08/2024, resumed 09/2024 with all four months: 05, 06 at 360.000, 07, 08 at 500.000 (× 2.5).
    periods = [
        period(
            1,
            "5.1.b",
            TODDLER,
            "01/2024",
            suspensions=(("05/2024", "09/2024"),),
            arrears_months=("05/2024", "06/2024", "07/2024", "08/2024"),
        )
    ]
    paid = paid_each(1, 900_000, "01/2024", "02/2024", "03/2024", "04/2024")

    line = person_line(periods, m("09/2024"), TABLES, paid=paid, recheck=_recheck(periods, "09/2024"))

    assert line.arrears_months == months("05/2024", "06/2024", "07/2024", "08/2024")
    assert line.arrears_amount == 900_000 * 2 + 1_250_000 * 2
    assert line.monthly_amount == 1_250_000


# --- A year of rolls, end to end -----------------------------------------------------------------------------


def test_a_year_of_rolls_pays_exactly_what_was_due():
    # 5.5.a from 01/2024; the 03/2025 line not collected; died 10/08/2025, recorded only after the 09 and 10
    # rolls were paid. Due: 6 × 540.000 (01–06/2024) + 14 × 750.000 (07/2024–08/2025) = 13.740.000.
    alive = [period(1, "5.5.a", ELDER, "01/2024")]
    dead = [
        Period(
            entitlement_id=1,
            category="5.5.a",
            kind="monthly",
            facts=ELDER,
            start_month=m("01/2024"),
            end_month=date(2025, 8, 10),
        )
    ]

    lines, ledger = run_rolls(
        lambda month: dead if month >= m("11/2025") else alive, "01/2024", "12/2025", TABLES, unpaid=("03/2025",)
    )

    assert lines["06/2024"].total == 540_000
    assert lines["07/2024"].total == 750_000
    assert lines["03/2025"].total == 750_000
    assert (lines["04/2025"].total, lines["04/2025"].arrears_months) == (1_500_000, months("03/2025"))
    assert lines["09/2025"].total == 750_000  # not known yet
    assert (lines["11/2025"].total, lines["11/2025"].recovery_months) == (-1_500_000, months("09/2025", "10/2025"))
    assert lines["12/2025"].empty
    collected = sum(line.total for month, line in lines.items() if month != "03/2025")
    assert collected == 13_740_000
    assert sum(ledger.values()) == 13_740_000
    assert ledger[(1, m("03/2025"))] == 750_000
    assert ledger[(1, m("09/2025"))] == 0
