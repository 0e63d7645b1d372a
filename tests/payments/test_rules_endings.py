"""Ends and replacements on a roll line: death (paid through the death month, recovery of what was paid after),
voided entitlements, moves between communes (no gap, no double payment; decree20.md §5), a backdated adjustment
to another category, and the window of months compared again (months_to_recheck)."""

from datetime import date

import pytest

from payments.rules import Period, months_to_recheck, person_line
from policy.rules import Facts

from .rules_cases import (
    ADULT,
    CHILD,
    ELDER,
    PORTAL_START,
    TODDLER,
    build_tables,
    items_of,
    m,
    months,
    paid_each,
    period,
    run_rolls,
)

TABLES = build_tables()
DISABLED = Facts(birth_date=ADULT.birth_date, disability_level="especially_severe")  # 5.6 adult: 2.0


def _recheck(periods, month, since=PORTAL_START):
    return {p.entitlement_id: months_to_recheck(p, m(month), since=since) for p in periods}


def _died(on: date, start: str = "01/2024") -> Period:
    """5.5.a (1.5 × 500.000 = 750.000 in 2025) ended by death: end_month is the death month (given as the day)."""
    return Period(entitlement_id=1, category="5.5.a", kind="monthly", facts=ELDER, start_month=m(start), end_month=on)


# --- Death -----------------------------------------------------------------------------------------------------


def test_death_mid_month_is_paid_through_the_death_month():
    periods = [_died(date(2025, 3, 17))]

    line = person_line(periods, m("03/2025"), TABLES, paid={})

    assert items_of(line) == [(1, "regular", "03/2025", 750_000)]


@pytest.mark.parametrize("day", [1, 17, 31])
def test_roll_of_the_month_after_the_death_pays_nothing(day):
    periods = [_died(date(2025, 3, day))]
    paid = paid_each(1, 750_000, "01/2025", "02/2025", "03/2025")

    line = person_line(
        periods, m("04/2025"), TABLES, paid=paid, recheck=_recheck(periods, "04/2025", since=m("01/2025"))
    )

    assert line.empty
    assert (line.total, line.monthly_amount, line.arrears_amount, line.recovery_amount) == (0, 0, 0, 0)


def test_death_recorded_late_recovers_exactly_the_months_paid_after_it():
    # Died 17/03/2025; the 04 and 05/2025 rolls were approved and paid before anyone knew.
    periods = [_died(date(2025, 3, 17))]
    paid = paid_each(1, 750_000, "01/2025", "02/2025", "03/2025", "04/2025", "05/2025")

    line = person_line(
        periods, m("06/2025"), TABLES, paid=paid, recheck=_recheck(periods, "06/2025", since=m("01/2025"))
    )

    assert items_of(line) == [(1, "recovery", "04/2025", -750_000), (1, "recovery", "05/2025", -750_000)]
    assert (line.recovery_amount, line.recovery_months) == (1_500_000, months("04/2025", "05/2025"))
    assert (line.monthly_amount, line.arrears_amount, line.arrears_months) == (0, 0, [])
    assert line.total == -1_500_000


def test_death_recorded_late_across_the_level_change_recovers_what_was_paid():
    # Died 20/06/2024 (last paid month 06 at 1.5 × 360.000); 07 and 08/2024 were paid at 1.5 × 500.000.
    periods = [_died(date(2024, 6, 20))]
    paid = {**paid_each(1, 540_000, "05/2024", "06/2024"), **paid_each(1, 750_000, "07/2024", "08/2024")}

    line = person_line(
        periods, m("09/2024"), TABLES, paid=paid, recheck=_recheck(periods, "09/2024", since=m("05/2024"))
    )

    assert line.recovery_months == months("07/2024", "08/2024")
    assert line.recovery_amount == 1_500_000


def test_death_recorded_late_with_an_unpaid_month_recovers_only_what_was_collected():
    # 04/2025 was paid, the 05/2025 line was never collected (marked unpaid): only 04 comes back.
    periods = [_died(date(2025, 3, 17))]
    paid = paid_each(1, 750_000, "01/2025", "02/2025", "03/2025", "04/2025")

    line = person_line(
        periods, m("06/2025"), TABLES, paid=paid, recheck=_recheck(periods, "06/2025", since=m("01/2025"))
    )

    assert (line.recovery_amount, line.recovery_months) == (750_000, months("04/2025"))


# --- Voided entitlements ---------------------------------------------------------------------------------------


def test_voided_entitlement_pays_nothing():
    periods = [period(1, "5.1.b", TODDLER, "03/2025", "02/2025")]

    for month in ("03/2025", "04/2025", "12/2025"):
        line = person_line(periods, m(month), TABLES, paid={}, recheck=_recheck(periods, month))
        assert line.empty


def test_voided_after_a_payment_recovers_it():
    periods = [period(1, "5.1.b", TODDLER, "03/2025", "02/2025")]
    paid = paid_each(1, 1_250_000, "03/2025")

    line = person_line(periods, m("04/2025"), TABLES, paid=paid, recheck=_recheck(periods, "04/2025"))

    assert items_of(line) == [(1, "recovery", "03/2025", -1_250_000)]
    assert line.total == -1_250_000


# --- Moving between communes: the old entitlement ends at the move month, the new one starts the month after ---

OLD = period(1, "5.6", DISABLED, "01/2025", "03/2025")  # commune A, moved in 03/2025
NEW = period(2, "5.6", DISABLED, "04/2025")  # commune B from 04/2025


@pytest.mark.parametrize(
    ("month", "entitlement_id"),
    [("01/2025", 1), ("02/2025", 1), ("03/2025", 1), ("04/2025", 2), ("05/2025", 2), ("12/2025", 2)],
)
def test_move_pays_exactly_one_regular_item_each_month(month, entitlement_id):
    line = person_line([OLD, NEW], m(month), TABLES, paid={})

    assert items_of(line) == [(entitlement_id, "regular", month, 1_000_000)]


def test_a_year_across_the_move_pays_each_month_once():
    lines, ledger = run_rolls(lambda month: [OLD, NEW], "01/2025", "12/2025", TABLES)

    regular = [
        (item.month, item.entitlement_id) for line in lines.values() for item in line.items if item.kind == "regular"
    ]
    assert regular == [(m(f"{n:02d}/2025"), 1 if n <= 3 else 2) for n in range(1, 13)]
    assert all(line.arrears_amount == 0 and line.recovery_amount == 0 for line in lines.values())
    assert sum(line.total for line in lines.values()) == 12 * 1_000_000


def test_move_recorded_late_owes_nothing_for_the_month_the_old_commune_paid():
    # The 04/2025 roll still paid the old entitlement; the 05/2025 roll compares 04 again for both (the old one
    # was paid a month it no longer pays, the new one pays a month nothing was paid for under it): the person
    # got 1.000.000 for 04, which is what was due — neither arrears nor a recovery.
    paid = paid_each(1, 1_000_000, "01/2025", "02/2025", "03/2025", "04/2025")

    line = person_line(
        [OLD, NEW], m("05/2025"), TABLES, paid=paid, recheck={1: months("04/2025"), 2: months("04/2025")}
    )

    assert items_of(line) == [(2, "regular", "05/2025", 1_000_000)]
    assert (line.arrears_amount, line.recovery_amount) == (0, 0)


def test_move_not_yet_ended_in_the_old_commune_still_pays_once():
    # The new decision exists but the old entitlement was not closed yet: one payment, under the new decision.
    still_open = period(1, "5.6", DISABLED, "01/2025")

    line = person_line([still_open, NEW], m("05/2025"), TABLES, paid={})

    assert items_of(line) == [(2, "regular", "05/2025", 1_000_000)]
    assert line.total == 1_000_000


def test_a_month_asked_for_one_entitlement_is_not_compared_for_another():
    # The 04/2025 roll is still awaiting approval: its 5.6 item is not in `paid`, and the caller leaves 04 out
    # for the 5.6 entitlement. Care support (20.2) decided late from 04/2025 asks for 04: only the care support
    # of 04 is owed — comparing 04 for 5.6 as well would pay its 04 a second time.
    mother = Facts(birth_date=ADULT.birth_date, disability_level="severe", pregnant=True)
    own = period(1, "5.6", mother, "01/2025")  # severe adult 1.5 → 750.000
    care = period(2, "20.2", mother, "04/2025", kind="care")  # pregnant 1.5 → 750.000
    paid = paid_each(1, 750_000, "01/2025", "02/2025", "03/2025")

    line = person_line([own, care], m("05/2025"), TABLES, paid=paid, recheck={2: months("04/2025")})

    assert items_of(line) == [
        (1, "regular", "05/2025", 750_000),
        (2, "regular", "05/2025", 750_000),
        (2, "arrears", "04/2025", 750_000),
    ]
    assert (line.monthly_amount, line.care_amount, line.arrears_amount) == (750_000, 750_000, 750_000)


def test_recheck_of_other_peoples_entitlements_is_ignored():
    line = person_line([NEW], m("05/2025"), TABLES, paid={}, recheck={99: months("01/2025", "04/2025")})

    assert items_of(line) == [(2, "regular", "05/2025", 1_000_000)]


# --- A backdated adjustment to another category -------------------------------------------------------------


def test_backdated_adjustment_pays_only_the_difference():
    # A 5.1 child (1.5 → 750.000) is found especially severely disabled: 5.6 (2.5 → 1.250.000) from 01/2025,
    # decided in 03/2025, so 5.1 ends at 12/2024. 01–03/2025 were paid at 750.000 under 5.1.
    child = Facts(birth_date=CHILD.birth_date, disability_level="especially_severe")
    old = period(1, "5.1.b", child, "01/2024", "12/2024")
    new = period(2, "5.6", child, "01/2025")
    paid = paid_each(1, 750_000, "01/2025", "02/2025", "03/2025")

    line = person_line(
        [old, new],
        m("04/2025"),
        TABLES,
        paid=paid,
        recheck={1: months("01/2025", "02/2025", "03/2025"), 2: months("01/2025", "02/2025", "03/2025")},
    )

    assert items_of(line) == [
        (2, "regular", "04/2025", 1_250_000),
        (2, "arrears", "01/2025", 500_000),
        (2, "arrears", "02/2025", 500_000),
        (2, "arrears", "03/2025", 500_000),
    ]
    assert (line.arrears_amount, line.recovery_amount) == (1_500_000, 0)
    assert line.total == 2_750_000


def test_backdated_adjustment_to_a_lower_amount_recovers_the_difference():
    # 5.6 especially severe adult (2.0 → 1.000.000) reassessed as severe (1.5 → 750.000) from 02/2025, decided
    # after 02 and 03 were paid at the old amount.
    severe = Facts(birth_date=ADULT.birth_date, disability_level="severe")
    old = period(1, "5.6", DISABLED, "01/2024", "01/2025")
    new = period(2, "5.6", severe, "02/2025")
    paid = paid_each(1, 1_000_000, "01/2025", "02/2025", "03/2025")

    line = person_line(
        [old, new],
        m("04/2025"),
        TABLES,
        paid=paid,
        recheck={1: months("02/2025", "03/2025"), 2: months("02/2025", "03/2025")},
    )

    assert items_of(line) == [
        (2, "regular", "04/2025", 750_000),
        (1, "recovery", "02/2025", -250_000),
        (1, "recovery", "03/2025", -250_000),
    ]
    assert (line.recovery_amount, line.recovery_months) == (500_000, months("02/2025", "03/2025"))
    assert line.total == 250_000


def test_care_support_of_different_children_is_not_netted():
    # One child left the carer (20.1 ended 01/2025, paid 02 by mistake); another was taken in from 02/2025,
    # decided late: the 02 recovery for the first and the 02 arrears for the second both show.
    first = Facts(birth_date=ADULT.birth_date, subject_birth_date=TODDLER.birth_date, subject_category="5.1")
    second = Facts(birth_date=ADULT.birth_date, subject_birth_date=CHILD.birth_date, subject_category="5.1")
    periods = [
        period(1, "20.1", first, "01/2024", "01/2025", kind="care", subject_id=101),
        period(2, "20.1", second, "02/2025", kind="care", subject_id=102),
    ]
    paid = paid_each(1, 1_250_000, "01/2025", "02/2025")

    line = person_line(periods, m("03/2025"), TABLES, paid=paid, recheck={1: months("02/2025"), 2: months("02/2025")})

    assert items_of(line) == [
        (2, "regular", "03/2025", 750_000),
        (1, "recovery", "02/2025", -1_250_000),
        (2, "arrears", "02/2025", 750_000),
    ]
    assert (line.care_amount, line.arrears_amount, line.recovery_amount) == (750_000, 750_000, 1_250_000)


# --- The window compared again ---------------------------------------------------------------------------------

# (reads like the law, start, end, roll month, since, expected months)
WINDOWS = [
    (
        "from the start to the month before the roll",
        "01/2025",
        None,
        "04/2025",
        "01/2024",
        ["01/2025", "02/2025", "03/2025"],
    ),
    ("a later `since` cuts the window", "01/2025", None, "04/2025", "03/2025", ["03/2025"]),
    ("`since` the roll month: nothing", "01/2025", None, "04/2025", "04/2025", []),
    ("`since` after the roll month: nothing", "01/2025", None, "04/2025", "06/2025", []),
    ("starting in the roll month: nothing", "04/2025", None, "04/2025", "01/2024", []),
    ("starting after the roll month: nothing", "05/2025", None, "04/2025", "01/2024", []),
    ("started the month before: that month only", "03/2025", None, "04/2025", "01/2024", ["03/2025"]),
    ("across a year end", "11/2024", None, "02/2025", "01/2024", ["11/2024", "12/2024", "01/2025"]),
    (
        "past the end month, so payments after a death are found",
        "01/2025",
        "02/2025",
        "05/2025",
        "01/2025",
        ["01/2025", "02/2025", "03/2025", "04/2025"],
    ),
    ("a voided entitlement: from its start", "03/2025", "02/2025", "05/2025", "01/2024", ["03/2025", "04/2025"]),
]


@pytest.mark.parametrize(
    ("start", "end", "month", "since", "expected"), [pytest.param(*row[1:], id=row[0]) for row in WINDOWS]
)
def test_months_to_recheck(start, end, month, since, expected):
    assert months_to_recheck(period(1, "5.1.b", TODDLER, start, end), m(month), since=m(since)) == months(*expected)


def test_months_to_recheck_takes_any_day_of_the_month():
    entitlement = Period(
        entitlement_id=1, category="5.1.b", kind="monthly", facts=TODDLER, start_month=date(2025, 1, 17)
    )

    assert months_to_recheck(entitlement, date(2025, 3, 5), since=date(2024, 12, 31)) == months("01/2025", "02/2025")
    assert months_to_recheck(entitlement, date(2025, 3, 31), since=date(2025, 2, 28)) == months("02/2025")


def test_period_keeps_months_as_the_first_day():
    entitlement = Period(
        entitlement_id=1,
        category="5.5.a",
        kind="monthly",
        facts=ELDER,
        start_month=date(2025, 1, 17),
        end_month=date(2025, 6, 30),
        suspensions=((date(2025, 2, 10), date(2025, 4, 3)),),
        arrears_months=frozenset({date(2025, 3, 15)}),
    )

    assert (entitlement.start_month, entitlement.end_month) == (date(2025, 1, 1), date(2025, 6, 1))
    assert entitlement.suspensions == ((date(2025, 2, 1), date(2025, 4, 1)),)
    assert entitlement.arrears_months == frozenset({date(2025, 3, 1)})
    # The suspended month paid back at resumption is due; the other suspended month is not.
    line = person_line([entitlement], m("04/2025"), TABLES, paid={}, recheck={1: months("02/2025", "03/2025")})
    assert line.arrears_months == months("03/2025")
