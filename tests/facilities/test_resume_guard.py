"""The commune cannot resume by hand a monthly allowance held by a stay in a public facility (Art. 6 vs Art. 25: the
nurturing allowance pays meanwhile); only the facility's discharge resumes it.

Hồ Văn Út, born 10/03/2016, 5.1.b from 01/2026, admitted to the world's public facility on 15/09/2026: his allowance
is suspended (`in_facility`) from 10/2026.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from beneficiaries.models import Entitlement, EntitlementEvent, LifeEvent
from beneficiaries.services.life_events import life_event_resume
from facilities.models import Resident
from facilities.services.discharge import discharge_decide, discharge_propose
from policy.models import Category
from tests.payments.conftest import granted, person_in

from .residents_helpers import admit, second_staff

HELD = (
    "Đối tượng đang được nuôi dưỡng tại Trung tâm Bảo trợ xã hội tổng hợp từ 15/09/2026: trợ cấp hàng tháng chỉ "
    "tiếp tục khi rời cơ sở (Điều 25 Nghị định 20/2021/NĐ-CP)."
)


@pytest.fixture
def resident(world):
    child = person_in(world.commune_a, full_name="Hồ Văn Út", birth_date=date(2016, 3, 10))
    granted(world, child, "5.1.b", date(2026, 1, 1))
    category = Category.objects.get(code="5.1.b", province=None)
    return admit(world, child, date(2026, 9, 15), category=category)


def entitlement_of(resident) -> Entitlement:
    return Entitlement.objects.get(person=resident.person)


def life_event_url(person, kind=""):
    base = reverse("beneficiaries:life_event_create", kwargs={"pk": person.pk})
    return f"{base}?loai={kind}" if kind else base


def test_the_commune_cannot_resume_an_allowance_held_by_the_stay(world, resident):
    with pytest.raises(ValidationError) as refused:
        life_event_resume(
            actor=world.user("officer_a"), person=resident.person, from_month=date(2026, 11, 1), pay_arrears=True
        )
    assert refused.value.message_dict == {"from_month": [HELD]}
    entitlement = entitlement_of(resident)
    assert entitlement.status == Entitlement.Status.SUSPENDED
    assert not entitlement.events.filter(kind=EntitlementEvent.Kind.RESUMED).exists()
    assert not LifeEvent.objects.filter(person=resident.person, kind=LifeEvent.Kind.RESUMPTION).exists()


def test_the_life_event_page_does_not_offer_the_resumption_and_says_why(world, resident, login):
    client = login(world.user("officer_a"))
    chooser = client.get(life_event_url(resident.person)).text
    assert "?loai=resume" not in chooser
    assert "?loai=terminate" in chooser  # the other events stay open to the commune
    assert HELD in chooser

    form = client.get(life_event_url(resident.person, "resume")).text
    assert 'data-testid="resume-held"' in form and HELD in form
    posted = client.post(life_event_url(resident.person, "resume"), {"from_month": "11/2026", "pay_arrears": "on"})
    assert posted.status_code == 200
    assert HELD in posted.text
    assert entitlement_of(resident).status == Entitlement.Status.SUSPENDED
    assert not LifeEvent.objects.filter(person=resident.person).exists()


def test_the_discharge_resumes_it_and_the_page_offers_resumption_again_afterwards(world, resident, login):
    discharge_propose(actor=world.user("facility_staff"), resident=resident, reason=Resident.DischargeReason.ADOPTED,
                      proposed_on=date(2026, 10, 26), today=date(2026, 10, 26))  # fmt: skip
    discharge_decide(actor=second_staff(world), resident=resident, decision_number="20/QĐ-TTBT",
                     discharged_on=date(2026, 10, 28), today=date(2026, 10, 28))  # fmt: skip
    entitlement = entitlement_of(resident)
    assert entitlement.status == Entitlement.Status.ACTIVE
    resumed = entitlement.events.get(kind=EntitlementEvent.Kind.RESUMED)
    assert (resumed.month, resumed.arrears_months) == (date(2026, 11, 1), [])

    # Suspended again by the commune (not collected), the allowance is the commune's to resume: no hold any more.
    officer = world.user("officer_a")
    client = login(officer)
    client.post(life_event_url(resident.person, "suspend"), {"reason": "uncollected", "from_month": "12/2026"})
    assert entitlement_of(resident).status == Entitlement.Status.SUSPENDED
    chooser = client.get(life_event_url(resident.person)).text
    assert "?loai=resume" in chooser and HELD not in chooser
    event = life_event_resume(actor=officer, person=resident.person, from_month=date(2027, 1, 1), pay_arrears=False)
    assert event.data["entitlements"] == [entitlement.pk]
    assert entitlement_of(resident).status == Entitlement.Status.ACTIVE


def test_an_allowance_the_commune_suspended_before_admission_is_held_too(world):
    from beneficiaries.models import SuspendReason
    from beneficiaries.services.life_events import life_event_suspend

    child = person_in(world.commune_a, full_name="Lý Thị Nhi", birth_date=date(2015, 6, 1))
    granted(world, child, "5.1.b", date(2026, 1, 1))
    # The commune suspended it (not collected for 3 months) before the child entered the public facility.
    life_event_suspend(
        actor=world.user("officer_a"), person=child, reason=SuspendReason.UNCOLLECTED, from_month=date(2026, 8, 1)
    )
    admit(world, child, date(2026, 9, 15), category=Category.objects.get(code="5.1.b", province=None))

    with pytest.raises(ValidationError) as refused:
        life_event_resume(actor=world.user("officer_a"), person=child, from_month=date(2026, 11, 1), pay_arrears=False)
    assert "Trung tâm Bảo trợ xã hội tổng hợp" in refused.value.message_dict["from_month"][0]
    entitlement = Entitlement.objects.get(person=child)
    assert entitlement.status == Entitlement.Status.SUSPENDED
    assert not entitlement.events.filter(kind=EntitlementEvent.Kind.RESUMED).exists()
