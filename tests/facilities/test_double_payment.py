"""No double payment (decree20.md §3, §7; Art. 6 vs Art. 25): a 5.1 child admitted to a public facility mid-month
is paid by the commune for the admission month and not after; leaving brings the allowance back from the month after
the discharge month (or after the Art. 26 continued support), without arrears. A voluntary resident and a resident
of a non-public facility keep their monthly allowance.

Child born 10/03/2016: 5.1 from 4 years, 1,5 × 500.000 ₫ = 750.000 ₫ (07/2024–06/2026), × 540.000 ₫ = 810.000 ₫
from 07/2026. Each roll is generated on the 5th of its month.
"""

from datetime import date

import pytest

from beneficiaries.models import Entitlement, EntitlementEvent, SuspendReason
from facilities.models import Facility, Resident
from facilities.services.discharge import discharge_decide, discharge_propose
from payments.generation import roll_generate
from payments.models import PaymentLine
from policy.models import Category
from tests.payments.conftest import approve, granted, person_in

from .residents_helpers import admit, second_staff, set_today  # noqa: F401

BORN = date(2016, 3, 10)


@pytest.fixture
def paid(world, set_today):  # noqa: F811
    def _paid(month: date):
        set_today(month.replace(day=5))
        return approve(roll_generate(commune=world.commune_a, month=month, actor=None))

    return _paid


def monthly(roll, person) -> int | None:
    """The person's monthly amount on `roll`, None when the roll has no line for them."""
    line = PaymentLine.objects.filter(roll=roll, person=person).first()
    return None if line is None else line.monthly_amount


@pytest.fixture
def orphan(world):
    child = person_in(world.commune_a, full_name="Hồ Văn Út", birth_date=BORN)
    entitlement = granted(world, child, "5.1.b", date(2026, 1, 1))
    return child, entitlement


def test_admission_mid_month_stops_the_allowance_from_next_month_and_discharge_resumes_it(world, orphan, paid):
    child, entitlement = orphan
    september = paid(date(2026, 9, 1))
    assert monthly(september, child) == 810_000
    category = Category.objects.get(code="5.1.b", province=None)
    resident = admit(world, child, date(2026, 9, 15), category=category, today=date(2026, 9, 15))
    assert resident.allowance_paid_until == date(2026, 9, 1)
    entitlement.refresh_from_db()
    assert entitlement.status == Entitlement.Status.SUSPENDED
    suspension = entitlement.events.get(kind=EntitlementEvent.Kind.SUSPENDED)
    assert (suspension.month, suspension.reason) == (date(2026, 10, 1), SuspendReason.IN_FACILITY)

    assert monthly(paid(date(2026, 10, 1)), child) is None  # no line at all: nothing paid twice

    discharge_propose(actor=world.user("facility_staff"), resident=resident, reason=Resident.DischargeReason.ADOPTED,
                      proposed_on=date(2026, 10, 26), today=date(2026, 10, 26))  # fmt: skip
    discharge_decide(actor=second_staff(world), resident=resident, decision_number="20/QĐ-TTBT",
                     discharged_on=date(2026, 10, 28), today=date(2026, 10, 28))  # fmt: skip
    entitlement.refresh_from_db()
    assert entitlement.status == Entitlement.Status.ACTIVE
    resumption = entitlement.events.get(kind=EntitlementEvent.Kind.RESUMED)
    assert (resumption.month, resumption.arrears_months) == (date(2026, 11, 1), [])

    november = paid(date(2026, 11, 1))
    line = PaymentLine.objects.get(roll=november, person=child)
    assert (line.monthly_amount, line.arrears_amount, line.recovery_amount) == (810_000, 0, 0)


def test_continued_support_delays_the_allowance_until_after_it(world, orphan, paid):
    child, entitlement = orphan
    category = Category.objects.get(code="5.1.b", province=None)
    resident = admit(world, child, date(2026, 6, 3), category=category, today=date(2026, 6, 3))
    discharge_propose(actor=world.user("facility_staff"), resident=resident, reason=Resident.DischargeReason.CASE_ENDED,
                      proposed_on=date(2026, 8, 3), today=date(2026, 8, 3))  # fmt: skip
    discharge_decide(actor=second_staff(world), resident=resident, decision_number="21/QĐ-TTBT",
                     discharged_on=date(2026, 8, 10), support_months=3, today=date(2026, 8, 10))  # fmt: skip
    resumption = Entitlement.objects.get(pk=entitlement.pk).events.get(kind=EntitlementEvent.Kind.RESUMED)
    assert resumption.month == date(2026, 12, 1)  # nurturing allowance paid through 11/2026 (Art. 26)
    assert monthly(paid(date(2026, 11, 1)), child) is None
    assert monthly(paid(date(2026, 12, 1)), child) == 810_000


def test_voluntary_residents_and_non_public_facilities_keep_the_monthly_allowance(world, paid):
    elder = person_in(world.commune_a, full_name="Châu Thị Mười", birth_date=date(1950, 5, 17))
    elder_right = granted(world, elder, "5.5.a", date(2026, 1, 1))
    contract = admit(world, elder, date(2026, 9, 15), path=Resident.Path.CONTRACT, care_group="elderly",
                     today=date(2026, 9, 15))  # fmt: skip
    private = Facility.objects.create(
        name="Cơ sở Mái ấm tuổi thơ Bửu Nghiêm", ownership=Facility.Ownership.NON_PUBLIC,
        managing_level=Facility.ManagingLevel.DISTRICT, unit=world.commune_b, capacity=40,
    )  # fmt: skip
    child = person_in(world.commune_a, full_name="Hồ Văn Út", birth_date=BORN)
    child_right = granted(world, child, "5.1.b", date(2026, 1, 1))
    staff = second_staff(world, "canbo_bun_nghiem")
    staff.active_assignment.facility = private
    in_private = admit(world, child, date(2026, 9, 15), facility=private, actor=staff, today=date(2026, 9, 15))
    assert (contract.allowance_paid_until, in_private.allowance_paid_until) == (None, None)
    for right in (elder_right, child_right):
        right.refresh_from_db()
        assert right.status == Entitlement.Status.ACTIVE
    october = paid(date(2026, 10, 1))
    assert (monthly(october, elder), monthly(october, child)) == (810_000, 810_000)


def test_a_person_without_an_allowance_has_nothing_paid_until(world):
    person = person_in(world.commune_a, full_name="Bé Không Trợ Cấp", birth_date=date(2020, 1, 1))
    resident = admit(world, person, date(2026, 9, 15))
    assert resident.allowance_paid_until is None
