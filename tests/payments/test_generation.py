"""Generating monthly rolls (payments.generation): exact lines per category across the 07/2024 level change,
arrears (backdated decision, retroactive provincial raise, resumption, unpaid line), recovery after a death
recorded late, moves between communes, funeral money paid once, idempotent regeneration, refusals, reconciled
totals, constant query count, the Celery job and the command.

Today is controlled by monkeypatching `django.utils.timezone.localdate` (the `set_today` fixture): each roll is
generated "on the 5th" of the month before or of its own month, as an office would, so amounts never depend on the
day the suite runs. Levels: 360.000 ₫ until 06/2024, 500.000 ₫ from 07/2024, 540.000 ₫ from 07/2026.
"""

from dataclasses import replace
from datetime import date
from io import StringIO

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from beneficiaries.facts import entitlement_facts
from beneficiaries.models import EndReason, PaymentMethod, Person, SuspendReason
from beneficiaries.services.entitlements import (
    entitlement_end,
    entitlement_replace,
    entitlement_resume,
    entitlement_suspend,
)
from core.models import Job
from payments.generation import generation_progress, generation_start, roll_generate
from payments.generation import write as write_module
from payments.models import PaymentItem, PaymentLine, PaymentRoll, RollChange, RollEvent
from payments.tasks import monthly_generate_task, roll_generate_task
from policy.models import StandardLevel
from policy.rules import line_for
from policy.selectors import rate_tables

from .conftest import approve, funeral_decision, granted, person_in

ELDER_BORN = date(1950, 5, 17)  # 5.5.a, 60 to under 80: coefficient 1.5


@pytest.fixture
def rolls(world, set_today):
    """`rolls.paid(commune, month)`: generate the roll of `month` on the 5th of that month, then approve it."""

    class Rolls:
        def make(self, commune, month: date, *, actor=None) -> PaymentRoll:
            set_today(month.replace(day=5))
            return roll_generate(commune=commune, month=month, actor=actor)

        def paid(self, commune, month: date) -> PaymentRoll:
            return approve(self.make(commune, month))

    return Rolls()


def lines_of(roll) -> list[PaymentLine]:
    return list(PaymentLine.objects.filter(roll=roll).select_related("person").order_by("row_no"))


def line_for_person(roll, person) -> PaymentLine:
    return PaymentLine.objects.get(roll=roll, person=person)


def changes_of(roll) -> list[tuple]:
    return [
        (change.person.full_name, change.kind, change.old_amount, change.new_amount, change.decision_number)
        for change in RollChange.objects.filter(roll=roll)
        .select_related("person")
        .order_by("person__full_name", "kind")
    ]


def assert_reconciles(roll):
    roll.refresh_from_db()
    assert roll.previous_total + roll.increase_total - roll.decrease_total == roll.total
    lines = PaymentLine.objects.filter(roll=roll)
    assert roll.total == sum(line.total for line in lines)
    assert roll.lines_count == lines.count()
    effects = 0
    for change in RollChange.objects.filter(roll=roll):
        delta = change.new_amount - change.old_amount
        effects += -delta if change.kind == RollChange.Kind.RECOVERY else delta
    assert effects == roll.increase_total - roll.decrease_total


def elder(commune, name, **fields):
    return person_in(commune, full_name=name, birth_date=ELDER_BORN, **fields)


# --- Exact lines across the 07/2024 level change ----------------------------------------------------------------


def test_lines_for_each_category_across_the_july_2024_level_change(world, rolls):
    a = world.commune_a
    old = elder(a, "Lê Thị Ba")
    child = person_in(a, full_name="Trần Văn Bốn", birth_date=date(2020, 7, 20))  # turns 4 in 07/2024
    disabled = person_in(
        a,
        full_name="Phạm Văn Năm",
        birth_date=date(1990, 1, 1),
        payment_method=PaymentMethod.BANK,
        account_number="0123456789",
        bank_name="Agribank",
    )
    carer = person_in(a, full_name="Võ Thị Sáu", birth_date=date(1965, 3, 3))
    parent = person_in(a, full_name="Đỗ Thị Bảy", birth_date=date(1988, 8, 8), poverty="poor")
    granted(world, old, "5.5.a", date(2024, 1, 1), decision_number="01/QĐ")
    granted(world, child, "5.1.b", date(2024, 1, 1), decision_number="02/QĐ")
    granted(world, disabled, "5.6", date(2024, 1, 1), disability_level="especially_severe", decision_number="03/QĐ")
    granted(world, carer, "20.4", date(2024, 1, 1), subject=disabled, decision_number="04/QĐ")
    granted(world, parent, "5.4", date(2024, 1, 1), children_count=2, decision_number="05/QĐ")

    june = rolls.paid(a, date(2024, 6, 1))
    assert [(line.person.full_name, line.monthly_amount, line.care_amount, line.total) for line in lines_of(june)] == [
        ("Đỗ Thị Bảy", 720_000, 0, 720_000),
        ("Lê Thị Ba", 540_000, 0, 540_000),
        ("Phạm Văn Năm", 720_000, 0, 720_000),
        ("Trần Văn Bốn", 900_000, 0, 900_000),
        ("Võ Thị Sáu", 0, 540_000, 540_000),
    ]
    assert june.total == 3_420_000 and june.previous_total == 0 and june.increase_total == 3_420_000
    assert {kind for _, kind, *_ in changes_of(june)} == {RollChange.Kind.NEW}

    july = rolls.make(a, date(2024, 7, 1))
    rows = {
        line.person.full_name: (
            line.row_no, line.categories, line.coefficient, line.level, line.monthly_amount, line.care_amount,
            line.arrears_amount, line.total, line.payment_method,
        )
        for line in lines_of(july)
    }  # fmt: skip
    assert rows == {
        "Đỗ Thị Bảy": (1, "5.4", 2, 500_000, 1_000_000, 0, 0, 1_000_000, "cash"),
        "Lê Thị Ba": (2, "5.5.a", 1.5, 500_000, 750_000, 0, 0, 750_000, "cash"),
        "Phạm Văn Năm": (3, "5.6", 2, 500_000, 1_000_000, 0, 0, 1_000_000, "bank"),
        # The 4th birthday in July: 1.5 from the birthday month (Art. 8.1).
        "Trần Văn Bốn": (4, "5.1.b", 1.5, 500_000, 750_000, 0, 0, 750_000, "cash"),
        "Võ Thị Sáu": (5, "20.4", None, None, 0, 750_000, 0, 750_000, "cash"),
    }
    july.refresh_from_db()
    assert (july.monthly_total, july.care_total, july.total) == (3_500_000, 750_000, 4_250_000)
    assert (july.account_lines, july.account_total) == (1, 1_000_000)
    assert (july.previous_total, july.increase_total, july.decrease_total) == (3_420_000, 980_000, 150_000)
    assert changes_of(july) == [
        ("Lê Thị Ba", "changed", 540_000, 750_000, "01/QĐ"),
        ("Phạm Văn Năm", "changed", 720_000, 1_000_000, "03/QĐ"),
        ("Trần Văn Bốn", "changed", 900_000, 750_000, "02/QĐ"),
        ("Võ Thị Sáu", "changed", 540_000, 750_000, "04/QĐ"),
        ("Đỗ Thị Bảy", "changed", 720_000, 1_000_000, "05/QĐ"),
    ]
    assert_reconciles(july)
    # The ledger: one regular item per entitlement for the roll's month.
    items = PaymentItem.objects.filter(line__roll=july)
    assert sorted(items.values_list("kind", "month", "amount")) == sorted(
        [("regular", date(2024, 7, 1), amount) for amount in (1_000_000, 750_000, 1_000_000, 750_000, 750_000)]
    )
    assert "hệ số 1,5 × 500.000 ₫ = 750.000 ₫" in line_for_person(july, old).basis


# --- Arrears and recovery ---------------------------------------------------------------------------------------


def test_backdated_decision_carries_arrears_for_the_months_already_paid_to_others(world, rolls):
    a = world.commune_a
    granted(world, elder(a, "Lê Văn An"), "5.5.a", date(2026, 1, 1))
    for month in (8, 9, 10):
        rolls.paid(a, date(2026, month, 1))
    late = elder(a, "Nguyễn Thị Hoa")
    # Signed in November, effective from August: August to October were paid to everyone else already.
    granted(world, late, "5.5.a", date(2026, 8, 1), decision_number="15/QĐ-UBND")

    november = rolls.make(a, date(2026, 11, 1))
    line = line_for_person(november, late)
    assert (line.monthly_amount, line.arrears_amount, line.total) == (810_000, 2_430_000, 3_240_000)
    assert line.arrears_months == ["2026-08", "2026-09", "2026-10"]
    assert sorted(PaymentItem.objects.filter(line=line).values_list("kind", "month", "amount")) == [
        ("arrears", date(2026, 8, 1), 810_000),
        ("arrears", date(2026, 9, 1), 810_000),
        ("arrears", date(2026, 10, 1), 810_000),
        ("regular", date(2026, 11, 1), 810_000),
    ]
    assert changes_of(november) == [
        ("Nguyễn Thị Hoa", "arrears", 0, 2_430_000, "15/QĐ-UBND"),
        ("Nguyễn Thị Hoa", "new", 0, 810_000, "15/QĐ-UBND"),
    ]
    change = RollChange.objects.get(roll=november, kind="arrears")
    assert change.note == "Truy lĩnh các tháng 08/2026, 09/2026, 10/2026"
    assert_reconciles(november)
    # Once November is approved, December owes nothing more for those months.
    approve(november)
    december = rolls.make(a, date(2026, 12, 1))
    assert line_for_person(december, late).arrears_amount == 0


def test_decision_signed_after_the_first_roll_owes_its_months_before_that_roll_too(world, rolls):
    a = world.commune_a
    granted(world, elder(a, "Lê Văn An"), "5.5.a", date(2026, 1, 1), decision_date=date(2026, 1, 10))
    rolls.paid(a, date(2026, 10, 1))  # the portal's first approved roll in this commune
    late = elder(a, "Nguyễn Thị Hoa")
    # Signed in November, effective from September: nobody paid September outside the portal either.
    granted(world, late, "5.5.a", date(2026, 9, 1), decision_number="16/QĐ-UBND", decision_date=date(2026, 11, 3))
    november = rolls.make(a, date(2026, 11, 1))
    assert line_for_person(november, late).arrears_months == ["2026-09", "2026-10"]
    # The person decided before the portal started is not owed September again.
    assert line_for_person(november, Person.objects.get(full_name="Lê Văn An")).arrears_amount == 0


def test_retroactive_provincial_raise_after_an_approved_roll_is_paid_as_arrears(world, rolls):
    a = world.commune_a
    person = elder(a, "Lê Văn An")
    granted(world, person, "5.5.a", date(2026, 1, 1))
    rolls.paid(a, date(2026, 9, 1))
    october = rolls.paid(a, date(2026, 10, 1))
    assert line_for_person(october, person).monthly_amount == 810_000
    # The province raises its own level to 600.000 ₫, back to September (decree20.md §1: raises can be retroactive).
    StandardLevel.objects.create(
        province=world.province, amount=600_000, effective_from=date(2026, 9, 1), legal_basis="Nghị quyết 99/2026"
    )

    november = rolls.make(a, date(2026, 11, 1))
    line = line_for_person(november, person)
    # 1.5 × 600.000 = 900.000 ₫ now; September and October were paid 810.000 ₫: 90.000 ₫ each.
    assert (line.monthly_amount, line.level, line.arrears_amount, line.total) == (900_000, 600_000, 180_000, 1_080_000)
    assert line.arrears_months == ["2026-09", "2026-10"]
    assert changes_of(november) == [
        ("Lê Văn An", "arrears", 0, 180_000, ""),
        ("Lê Văn An", "changed", 810_000, 900_000, ""),
    ]
    assert_reconciles(november)


def test_death_recorded_after_next_month_was_approved_is_recovered(world, rolls):
    a = world.commune_a
    other = elder(a, "Lê Văn An")
    deceased = elder(a, "Nguyễn Thị Hoa")
    granted(world, other, "5.5.a", date(2026, 1, 1))
    entitlement = granted(world, deceased, "5.5.a", date(2026, 1, 1), decision_number="07/QĐ")
    rolls.paid(a, date(2026, 10, 1))
    rolls.paid(a, date(2026, 11, 1))
    # She died on 14/10/2026; the death was recorded only after November's roll was approved and paid.
    entitlement_end(entitlement=entitlement, last_month=date(2026, 10, 1), reason=EndReason.DEATH, actor=None)

    december = rolls.make(a, date(2026, 12, 1))
    line = line_for_person(december, deceased)
    assert (line.monthly_amount, line.recovery_amount, line.total) == (0, 810_000, -810_000)
    assert line.recovery_months == ["2026-11"]
    assert list(PaymentItem.objects.filter(line=line).values_list("kind", "month", "amount")) == [
        ("recovery", date(2026, 11, 1), -810_000)
    ]
    assert changes_of(december) == [
        ("Nguyễn Thị Hoa", "ended", 810_000, 0, "07/QĐ"),
        ("Nguyễn Thị Hoa", "recovery", 0, 810_000, "07/QĐ"),
    ]
    ended = RollChange.objects.get(roll=december, kind="ended")
    assert ended.note == "Chết hoặc bị tuyên bố mất tích (hưởng đến hết tháng 10/2026)"
    december.refresh_from_db()
    assert (december.previous_total, december.increase_total, december.decrease_total, december.total) == (
        1_620_000, 0, 1_620_000, 0,
    )  # fmt: skip
    assert_reconciles(december)


def test_resumption_with_arrears_pays_the_suspended_months(world, rolls):
    a = world.commune_a
    granted(world, elder(a, "Lê Văn An"), "5.5.a", date(2026, 1, 1))
    person = elder(a, "Nguyễn Thị Hoa")
    entitlement = granted(world, person, "5.5.a", date(2026, 1, 1))
    rolls.paid(a, date(2026, 8, 1))
    entitlement_suspend(
        entitlement=entitlement, from_month=date(2026, 9, 1), reason=SuspendReason.DETENTION, actor=None
    )
    september = rolls.paid(a, date(2026, 9, 1))
    assert not PaymentLine.objects.filter(roll=september, person=person).exists()
    assert changes_of(september) == [("Nguyễn Thị Hoa", "ended", 810_000, 0, "")]
    rolls.paid(a, date(2026, 10, 1))
    entitlement_resume(entitlement=entitlement, from_month=date(2026, 11, 1), pay_arrears=True, actor=None)

    november = rolls.make(a, date(2026, 11, 1))
    line = line_for_person(november, person)
    assert (line.monthly_amount, line.arrears_amount, line.total) == (810_000, 1_620_000, 2_430_000)
    assert line.arrears_months == ["2026-09", "2026-10"]
    assert RollChange.objects.get(roll=november, person=person, kind="new").note == "Tiếp tục hưởng từ tháng 11/2026"
    assert_reconciles(november)


def test_backdated_change_of_disability_level_pays_only_the_difference(world, rolls):
    a = world.commune_a
    person = person_in(a, full_name="Phạm Văn Năm", birth_date=date(1980, 2, 2))
    entitlement = granted(world, person, "5.6", date(2026, 1, 1), disability_level="severe", decision_number="03/QĐ")
    rolls.paid(a, date(2026, 9, 1))
    rolls.paid(a, date(2026, 10, 1))
    # Re-assessed as especially severe from September (2.0 instead of 1.5): the old row ends, a new one opens.
    month = date(2026, 9, 1)
    facts = entitlement_facts(entitlement, month=month)
    stronger = line_for("5.6", replace(facts, disability_level="especially_severe"), month, rate_tables(world.province))
    entitlement_replace(
        entitlement=entitlement,
        from_month=month,
        line=stronger,
        actor=None,
        reason=EndReason.ADJUSTED,
        disability_level="especially_severe",
    )

    november = rolls.make(a, date(2026, 11, 1))
    line = line_for_person(november, person)
    # 1.080.000 ₫ due, 810.000 ₫ paid for September and October: 270.000 ₫ each, no recovery.
    assert (line.monthly_amount, line.arrears_amount, line.recovery_amount) == (1_080_000, 540_000, 0)
    assert line.arrears_months == ["2026-09", "2026-10"]
    assert [(kind, old, new) for _, kind, old, new, _ in changes_of(november)] == [
        ("arrears", 0, 540_000),
        ("changed", 810_000, 1_080_000),
    ]
    assert_reconciles(november)


def test_unpaid_line_carries_to_the_next_roll(world, rolls):
    a = world.commune_a
    person = elder(a, "Lê Văn An")
    granted(world, person, "5.5.a", date(2026, 1, 1))
    october = rolls.paid(a, date(2026, 10, 1))
    PaymentLine.objects.filter(roll=october, person=person).update(paid=False)

    november = rolls.make(a, date(2026, 11, 1))
    line = line_for_person(november, person)
    assert (line.monthly_amount, line.arrears_amount, line.arrears_months) == (810_000, 810_000, ["2026-10"])


def test_move_between_communes_pays_each_month_exactly_once(world, rolls):
    a, b = world.commune_a, world.commune_b
    granted(world, elder(b, "Trần Văn Bình"), "5.5.a", date(2026, 1, 1))
    mover = elder(a, "Nguyễn Thị Hoa")
    entitlement = granted(world, mover, "5.5.a", date(2026, 1, 1))
    rolls.paid(a, date(2026, 9, 1))
    rolls.paid(b, date(2026, 9, 1))
    moved = entitlement_replace(
        entitlement=entitlement,
        from_month=date(2026, 10, 1),
        line=line_for("5.5.a", entitlement_facts(entitlement, month=date(2026, 10, 1)), date(2026, 10, 1),
                      rate_tables(world.province)),
        actor=None,
        reason=EndReason.MOVED,
        commune=b,
    )  # fmt: skip
    october_a, october_b = rolls.paid(a, date(2026, 10, 1)), rolls.paid(b, date(2026, 10, 1))
    assert not PaymentLine.objects.filter(roll=october_a, person=mover).exists()
    assert line_for_person(october_b, mover).total == 810_000
    assert RollChange.objects.get(roll=october_a, person=mover).kind == "ended"
    assert RollChange.objects.get(roll=october_b, person=mover).kind == "new"

    regular = PaymentItem.objects.filter(entitlement__in=[entitlement, moved], kind="regular")
    assert sorted(regular.values_list("month", "line__roll__commune__code")) == [
        (date(2026, 9, 1), "30001"),
        (date(2026, 10, 1), "30002"),
    ]


def test_move_recorded_late_is_recovered_in_one_commune_and_paid_in_the_other(world, rolls):
    a, b = world.commune_a, world.commune_b
    granted(world, elder(b, "Trần Văn Bình"), "5.5.a", date(2026, 1, 1))
    mover = elder(a, "Nguyễn Thị Hoa")
    entitlement = granted(world, mover, "5.5.a", date(2026, 1, 1))
    for month in (9, 10):
        rolls.paid(a, date(2026, month, 1))
        rolls.paid(b, date(2026, month, 1))
    # The move from October is recorded only now: commune A paid October, commune B did not.
    entitlement_replace(
        entitlement=entitlement,
        from_month=date(2026, 10, 1),
        line=line_for("5.5.a", entitlement_facts(entitlement, month=date(2026, 10, 1)), date(2026, 10, 1),
                      rate_tables(world.province)),
        actor=None,
        reason=EndReason.MOVED,
        commune=b,
    )  # fmt: skip
    november_a, november_b = rolls.paid(a, date(2026, 11, 1)), rolls.paid(b, date(2026, 11, 1))
    line_a, line_b = line_for_person(november_a, mover), line_for_person(november_b, mover)
    assert (line_a.total, line_a.recovery_months) == (-810_000, ["2026-10"])
    assert (line_b.total, line_b.monthly_amount, line_b.arrears_months) == (1_620_000, 810_000, ["2026-10"])
    # Across both communes' approved rolls, each month is paid once, net.
    items = PaymentItem.objects.filter(line__person=mover, line__roll__status="approved")
    net = {}
    for month, amount in items.values_list("month", "amount"):
        net[month] = net.get(month, 0) + amount
    assert net == {date(2026, 9, 1): 810_000, date(2026, 10, 1): 810_000, date(2026, 11, 1): 810_000}


def test_funeral_decision_is_paid_once_to_the_organiser(world, rolls):
    a = world.commune_a
    granted(world, elder(a, "Lê Văn An"), "5.5.a", date(2026, 1, 1))
    deceased = elder(a, "Nguyễn Thị Hoa", death_date=date(2026, 9, 20))
    entitlement = granted(world, deceased, "5.5.a", date(2026, 1, 1))
    entitlement_end(entitlement=entitlement, last_month=date(2026, 9, 1), reason=EndReason.DEATH, actor=None)
    rolls.paid(a, date(2026, 10, 1))
    funeral_decision(
        world, deceased, number="88/QĐ-UBND", signed_on=date(2026, 10, 20), amount=10_800_000, organiser="Trần Văn Tư"
    )

    november = rolls.paid(a, date(2026, 11, 1))
    line = line_for_person(november, deceased)
    assert (line.funeral_amount, line.total, line.payee_name, line.payment_method) == (
        10_800_000, 10_800_000, "Trần Văn Tư", "cash",
    )  # fmt: skip
    assert line.categories == "11"
    assert changes_of(november) == [("Nguyễn Thị Hoa", "funeral", 0, 10_800_000, "88/QĐ-UBND")]
    assert november.funeral_total == 10_800_000
    assert_reconciles(november)

    december = rolls.make(a, date(2026, 12, 1))
    assert not PaymentLine.objects.filter(roll=december, person=deceased).exists()
    assert PaymentItem.objects.filter(kind="funeral").count() == 1
    assert changes_of(december) == [("Nguyễn Thị Hoa", "funeral", 10_800_000, 0, "")]
    assert_reconciles(december)


# --- Regeneration and refusals ----------------------------------------------------------------------------------


def test_regenerating_with_the_same_inputs_leaves_the_draft_untouched(world, rolls):
    a = world.commune_a
    granted(world, elder(a, "Lê Văn An"), "5.5.a", date(2026, 1, 1))
    granted(world, elder(a, "Nguyễn Thị Hoa"), "5.5.a", date(2026, 1, 1))
    first = rolls.make(a, date(2026, 11, 1), actor=world.user("officer_a"))
    ids = list(PaymentLine.objects.filter(roll=first).values_list("id", flat=True))
    items = list(PaymentItem.objects.filter(line__roll=first).values_list("id", flat=True))

    again = roll_generate(commune=a, month=date(2026, 11, 1), actor=world.user("officer_a"))
    assert again.pk == first.pk
    assert (again.inputs_digest, again.version) == (first.inputs_digest, 1)
    assert list(PaymentLine.objects.filter(roll=again).values_list("id", flat=True)) == ids
    assert list(PaymentItem.objects.filter(line__roll=again).values_list("id", flat=True)) == items
    events = list(RollEvent.objects.filter(roll=again).values_list("action", "from_status", "to_status", "reason"))
    assert events == [
        ("generated", "", "draft", ""),
        ("generated", "draft", "draft", "Lập lại, không thay đổi"),
    ]
    assert RollEvent.objects.filter(roll=again).last().data["unchanged"] is True

    # A new person changes the inputs: the draft is rebuilt, its version goes up.
    granted(world, elder(a, "Phạm Văn Cường"), "5.5.a", date(2026, 11, 1))
    third = roll_generate(commune=a, month=date(2026, 11, 1), actor=world.user("officer_a"))
    assert third.version == 2 and third.lines_count == 3 and third.total == 2_430_000
    assert third.inputs_digest != first.inputs_digest


def test_a_generation_that_dies_midway_leaves_the_old_draft(world, rolls, monkeypatch):
    a = world.commune_a
    granted(world, elder(a, "Lê Văn An"), "5.5.a", date(2026, 1, 1))
    draft = rolls.make(a, date(2026, 11, 1))
    lines = list(PaymentLine.objects.filter(roll=draft).values_list("id", "total"))
    granted(world, elder(a, "Nguyễn Thị Hoa"), "5.5.a", date(2026, 11, 1))

    def killed(*args, **kwargs):
        raise SystemExit("worker killed")  # after the new lines were inserted, before their items

    # Both write paths: bulk_create (SQLite) and COPY (PostgreSQL) die at the items.
    monkeypatch.setattr(PaymentItem.objects, "bulk_create", killed)
    copy = write_module._copy
    monkeypatch.setattr(
        write_module, "_copy", lambda model, rows: killed() if model is PaymentItem else copy(model, rows)
    )
    with pytest.raises(SystemExit):
        roll_generate(commune=a, month=date(2026, 11, 1))
    draft.refresh_from_db()
    assert (draft.version, draft.lines_count, draft.total) == (1, 1, 810_000)
    assert list(PaymentLine.objects.filter(roll=draft).values_list("id", "total")) == lines
    assert PaymentItem.objects.filter(line__roll=draft).count() == 1
    assert RollEvent.objects.filter(roll=draft).count() == 1


def test_an_approved_or_submitted_roll_cannot_be_regenerated(world, rolls):
    a = world.commune_a
    granted(world, elder(a, "Lê Văn An"), "5.5.a", date(2026, 1, 1))
    roll = rolls.paid(a, date(2026, 11, 1))
    granted(world, elder(a, "Nguyễn Thị Hoa"), "5.5.a", date(2026, 11, 1))
    with pytest.raises(ValidationError) as refused:
        roll_generate(commune=a, month=date(2026, 11, 1))
    assert refused.value.message_dict["month"] == [
        "Danh sách tháng 11/2026 đã phê duyệt, không thể lập lại; "
        "sai sót được điều chỉnh ở danh sách tháng sau (truy lĩnh hoặc truy thu)."
    ]
    roll.refresh_from_db()
    assert (roll.lines_count, roll.total, roll.status) == (1, 810_000, "approved")
    assert PaymentLine.objects.filter(roll=roll).count() == 1

    PaymentRoll.objects.filter(pk=roll.pk).update(status="submitted")
    with pytest.raises(ValidationError, match="đã trình duyệt, không thể lập lại"):
        roll_generate(commune=a, month=date(2026, 11, 1))


def test_a_month_more_than_one_ahead_is_refused(world, set_today):
    granted(world, elder(world.commune_a, "Lê Văn An"), "5.5.a", date(2026, 1, 1))
    set_today(date(2026, 11, 10))
    with pytest.raises(ValidationError) as refused:
        roll_generate(commune=world.commune_a, month=date(2027, 1, 1))
    assert refused.value.message_dict["month"] == [
        "Chỉ lập được danh sách chi trả đến tháng 12/2026 (tháng sau); tháng 01/2027 còn quá xa."
    ]
    assert not PaymentRoll.objects.exists()
    assert roll_generate(commune=world.commune_a, month=date(2026, 12, 1)).total == 810_000


# --- Scale: the number of queries does not grow with the number of people --------------------------------------


def _commune_with(world, rolls, n: int):
    commune = world.commune_a
    for i in range(n):
        person = elder(commune, f"Người Số {i:03d}", payment_method=PaymentMethod.BANK if i % 2 else "cash")
        granted(world, person, "5.5.a", date(2026, 1, 1))
    rolls.paid(commune, date(2026, 10, 1))
    late = elder(commune, "Người Đến Muộn")
    granted(world, late, "5.5.a", date(2026, 9, 1))
    funeral_decision(world, late, number="90/QĐ", signed_on=date(2026, 10, 20), amount=10_800_000, organiser="Con")
    return commune


@pytest.mark.parametrize("people", [5, 50])
def test_generation_queries_do_not_grow_with_people(world, rolls, people, django_assert_max_num_queries):
    commune = _commune_with(world, rolls, people)
    rolls.make(commune, date(2026, 11, 1))
    # Regenerate after a change so the delete-and-rewrite path is counted too.
    granted(world, elder(commune, "Người Mới"), "5.5.a", date(2026, 11, 1))
    with django_assert_max_num_queries(30):
        roll = roll_generate(commune=commune, month=date(2026, 11, 1))
    assert roll.lines_count == people + 2
    assert roll.total == 810_000 * (people + 2) + 810_000 + 10_800_000  # + September arrears + funeral


# --- The job, the schedule and the command ----------------------------------------------------------------------


def test_generation_job_finishes_with_every_commune_and_its_progress(
    world, set_today, django_capture_on_commit_callbacks
):
    granted(world, elder(world.commune_a, "Lê Văn An"), "5.5.a", date(2026, 1, 1))
    granted(world, elder(world.commune_b, "Trần Văn Bình"), "5.5.a", date(2026, 1, 1))
    granted(world, elder(world.commune_c, "Phạm Văn Cường"), "5.5.a", date(2026, 1, 1))
    set_today(date(2026, 11, 15))
    approved = approve(roll_generate(commune=world.commune_c, month=date(2026, 12, 1)))
    with django_capture_on_commit_callbacks(execute=True):
        job = generation_start(unit=world.province, month=date(2026, 12, 1), actor=world.user("province_officer"))
    job.refresh_from_db()
    assert (job.kind, job.status, job.percent) == ("payment_rolls", "done", 100)
    assert job.params == {
        "month": "2026-12-01",
        "communes": [world.commune_a.pk, world.commune_b.pk],
        "skipped": [world.commune_c.pk],
    }
    assert job.result == {"communes": 2, "lines": 2, "total": 1_620_000, "skipped": 1}
    progress = generation_progress(job)
    assert [(commune.code, roll.status, roll.total) for commune, roll in progress] == [
        ("30001", "draft", 810_000),
        ("30002", "draft", 810_000),
        ("30003", "approved", 810_000),
    ]
    assert [roll.generated_by for _, roll in progress[:2]] == [world.user("province_officer")] * 2

    # A redelivered task changes nothing: same roll, same version, the approved roll untouched.
    roll_generate_task.apply(args=[world.commune_a.pk, "2026-12-01", job.pk])
    roll_generate_task.apply(args=[world.commune_c.pk, "2026-12-01", job.pk])
    assert [(roll.pk, roll.version) for roll in PaymentRoll.objects.order_by("commune__code")] == [
        (progress[0][1].pk, 1),
        (progress[1][1].pk, 1),
        (approved.pk, 1),
    ]
    job.refresh_from_db()
    assert (job.status, job.percent) == ("done", 100)


def test_generation_job_for_a_district_fails_naming_the_commune(
    world, set_today, monkeypatch, django_capture_on_commit_callbacks
):
    granted(world, elder(world.commune_a, "Lê Văn An"), "5.5.a", date(2026, 1, 1))
    granted(world, elder(world.commune_b, "Trần Văn Bình"), "5.5.a", date(2026, 1, 1))
    granted(world, elder(world.commune_c, "Phạm Văn Cường"), "5.5.a", date(2026, 1, 1))
    set_today(date(2026, 11, 15))
    from payments import generation

    real = generation.inputs_load

    def broken(*, commune, **kwargs):
        if commune.code == "30002":
            raise RuntimeError("hỏng dữ liệu")
        return real(commune=commune, **kwargs)

    monkeypatch.setattr(generation, "inputs_load", broken)
    with django_capture_on_commit_callbacks(execute=True):
        job = generation_start(unit=world.district, month=date(2026, 12, 1), actor=world.user("district_officer"))
    job.refresh_from_db()
    assert job.params["communes"] == [world.commune_a.pk, world.commune_b.pk]  # commune C is in another district
    assert job.status == "failed"
    assert "Xã Mỹ Hiệp: hỏng dữ liệu" in job.error
    assert [(c.code, r is not None) for c, r in generation_progress(job)] == [("30001", True), ("30002", False)]


def test_monthly_schedule_generates_next_month_for_every_paying_province(
    world, set_today, django_capture_on_commit_callbacks
):
    schedule = settings.CELERY_BEAT_SCHEDULE["payment-rolls-monthly"]
    assert schedule["task"] == "payments.monthly_generate"
    assert schedule["schedule"].day_of_month == {15} and schedule["schedule"].hour == {1}
    granted(world, elder(world.commune_a, "Lê Văn An"), "5.5.a", date(2026, 1, 1))
    granted(world, elder(world.commune_2a, "Trần Văn Bình"), "5.5.a", date(2026, 1, 1), commune=world.commune_2a)
    set_today(date(2026, 11, 15))
    with django_capture_on_commit_callbacks(execute=True):
        monthly_generate_task.apply()
    assert sorted(PaymentRoll.objects.values_list("commune__code", "month", "total")) == [
        ("30001", date(2026, 12, 1), 810_000),
        ("31001", date(2026, 12, 1), 810_000),
    ]
    assert set(Job.objects.values_list("status", flat=True)) == {"done"}


def test_command_generates_commune_by_commune_and_prints_totals(world, set_today):
    granted(world, elder(world.commune_a, "Lê Văn An"), "5.5.a", date(2026, 1, 1))
    granted(world, elder(world.commune_a, "Nguyễn Thị Hoa"), "5.5.a", date(2026, 1, 1))
    granted(world, elder(world.commune_b, "Trần Văn Bình"), "5.5.a", date(2026, 1, 1))
    set_today(date(2026, 11, 15))
    out = StringIO()
    call_command("generate_payment_rolls", "--month", "12/2026", "--unit", "873", stdout=out)
    assert out.getvalue().splitlines() == [
        "Thị trấn Mỹ Thọ (30001): 2 người, 1.620.000 ₫",
        "Xã Mỹ Hiệp (30002): 1 người, 810.000 ₫",
        "Tháng 12/2026: đã lập 2 xã, 3 người, tổng cộng 2.430.000 ₫.",
    ]
    approve(PaymentRoll.objects.get(commune=world.commune_a))
    out = StringIO()
    call_command("generate_payment_rolls", "--month", "12/2026", stdout=out)
    assert out.getvalue().splitlines() == [
        "Thị trấn Mỹ Thọ (30001): giữ nguyên, danh sách Đã phê duyệt — 2 người, 1.620.000 ₫",
        "Xã Mỹ Hiệp (30002): 1 người, 810.000 ₫",
        "Tháng 12/2026: đã lập 1 xã, 1 người, tổng cộng 810.000 ₫.",
    ]
    with pytest.raises(CommandError, match="còn quá xa"):
        call_command("generate_payment_rolls", "--month", "02/2027", stdout=StringIO())
    with pytest.raises(CommandError, match="không đúng dạng MM/YYYY"):
        call_command("generate_payment_rolls", "--month", "2026-12", stdout=StringIO())
