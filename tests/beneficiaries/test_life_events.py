"""Life events drive entitlements (decree20.md §3, §5): death mid-month, suspension and resumption with arrears,
termination, disability change, moving between districts, a 5.1 child turning 16 — services and pages."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from accounts.jurisdiction import scope
from beneficiaries.facts import person_facts
from beneficiaries.models import Entitlement, EntitlementEvent, LifeEvent, Person
from beneficiaries.selectors import person_get_for_user
from beneficiaries.services.entitlements import entitlement_grant
from beneficiaries.services.life_events import (
    life_event_change_disability,
    life_event_record_death,
    life_event_relocate,
    life_event_resume,
    life_event_suspend,
    life_event_terminate,
    life_event_turn_16,
    life_event_turn_22,
)
from dossiers.models import Dossier
from policy.models import Category
from policy.rules import line_for
from policy.selectors import rate_tables
from tests import factories as f

Status = Entitlement.Status


def grant(world, person, code, start, **facts) -> Entitlement:
    """An entitlement as a decision would open it, with the amount the rules give in `start`."""
    line = line_for(code, person_facts(person, month=start, **facts), start, rate_tables(world.province))
    return entitlement_grant(
        person=person,
        category=Category.objects.get(code=code, province=None),
        commune=person.commune,
        start_month=start,
        line=line,
        actor=world.user("officer_a"),
        **facts,
    )


def elderly(world, commune=None, **kwargs) -> Person:
    commune = commune or world.commune_a
    village = f.VillageFactory(commune=commune)
    return f.PersonFactory(commune=commune, village=village, birth_date=date(1950, 5, 17), **kwargs)


# --- Death --------------------------------------------------------------------------------------------------


def test_death_mid_month_pays_that_month_and_drafts_the_funeral_dossier(world):
    person = elderly(world, full_name="Trần Văn Bảy")
    allowance = grant(world, person, "5.5.a", date(2024, 8, 1))
    assert allowance.amount == 750_000

    event = life_event_record_death(
        actor=world.user("officer_a"),
        person=person,
        died_on=date(2025, 3, 15),
        organiser_name="Trần Thị Hoa",
        organiser_relation="Con gái",
    )

    allowance.refresh_from_db()
    assert (allowance.status, allowance.end_month, allowance.end_reason) == (Status.ENDED, date(2025, 3, 1), "death")
    ended = allowance.events.get(kind=EntitlementEvent.Kind.ENDED)
    assert ended.month == date(2025, 4, 1)  # nothing paid from 04/2025
    assert ended.life_event == event
    person.refresh_from_db()
    assert person.death_date == date(2025, 3, 15)
    assert (event.kind, event.occurred_on, event.recorded_by) == ("death", date(2025, 3, 15), world.user("officer_a"))
    dossier = Dossier.objects.get(person=person)
    assert (dossier.kind, dossier.status) == ("funeral", "draft")
    assert (dossier.organiser_name, dossier.organiser_relation) == ("Trần Thị Hoa", "Con gái")
    assert dossier.death_date == date(2025, 3, 15)
    assert dossier.proposed_amount == 10_000_000  # 20 × 500.000 ₫ (Art. 11.1)
    assert event.data["funeral_dossier"] == dossier.pk


def test_death_before_the_first_paid_month_voids_the_entitlement(world):
    person = elderly(world)
    allowance = grant(world, person, "5.5.a", date(2025, 4, 1))  # decided to start next month
    life_event_record_death(actor=world.user("officer_a"), person=person, died_on=date(2025, 3, 20))
    allowance.refresh_from_db()
    # Ends the month before it would have started: no month is ever paid.
    assert (allowance.status, allowance.start_month, allowance.end_month) == (Status.ENDED, date(2025, 4, 1),
                                                                             date(2025, 3, 1))  # fmt: skip


def test_death_of_a_cared_for_child_ends_the_carers_support_too(world):
    child = f.PersonFactory(commune=world.commune_a, birth_date=date(2015, 2, 1), full_name="Lê Văn Tí")
    carer = f.PersonFactory(commune=world.commune_a, full_name="Lê Thị Mai")
    allowance = grant(world, child, "5.1.b", date(2024, 8, 1))
    care = grant(world, carer, "20.1", date(2024, 8, 1), subject=child)
    assert care.amount == 750_000

    life_event_record_death(actor=world.user("officer_a"), person=child, died_on=date(2025, 9, 30))

    for row in (allowance, care):
        row.refresh_from_db()
        assert (row.status, row.end_month) == (Status.ENDED, date(2025, 9, 1))
    assert Dossier.objects.get(person=child).proposed_amount == 10_000_000


def test_a_second_death_record_is_refused(world):
    person = elderly(world)
    grant(world, person, "5.5.a", date(2024, 8, 1))
    officer = world.user("officer_a")
    life_event_record_death(actor=officer, person=person, died_on=date(2025, 3, 15))

    with pytest.raises(ValidationError) as error:
        life_event_record_death(actor=officer, person=Person.objects.get(pk=person.pk), died_on=date(2025, 4, 2))

    assert "died_on" in error.value.message_dict
    assert LifeEvent.objects.filter(person=person).count() == 1
    assert Dossier.objects.filter(person=person).count() == 1
    assert Person.objects.get(pk=person.pk).death_date == date(2025, 3, 15)


def test_death_without_a_monthly_allowance_opens_no_funeral_dossier(world):
    person = elderly(world)

    event = life_event_record_death(actor=world.user("officer_a"), person=person, died_on=date(2025, 3, 15))

    assert event.data["funeral_dossier"] is None
    assert not Dossier.objects.filter(person=person).exists()


# --- Suspension, resumption, termination --------------------------------------------------------------------


def test_resumption_with_arrears_lists_exactly_the_suspended_months(world):
    person = elderly(world)
    allowance = grant(world, person, "5.5.a", date(2024, 8, 1))
    officer = world.user("officer_a")

    life_event_suspend(actor=officer, person=person, reason="uncollected", from_month=date(2025, 2, 1))
    assert Entitlement.objects.get(pk=allowance.pk).status == Status.SUSPENDED
    event = life_event_resume(actor=officer, person=person, from_month=date(2025, 5, 1), pay_arrears=True)

    allowance.refresh_from_db()
    assert allowance.status == Status.ACTIVE
    assert event.data["arrears_months"] == ["2025-02", "2025-03", "2025-04"]
    resumed = allowance.events.get(kind=EntitlementEvent.Kind.RESUMED)
    assert (resumed.month, resumed.arrears_months) == (date(2025, 5, 1), ["2025-02", "2025-03", "2025-04"])
    assert allowance.events.get(kind=EntitlementEvent.Kind.SUSPENDED).reason == "uncollected"


def test_resumption_without_arrears_pays_nothing_back(world):
    person = elderly(world)
    grant(world, person, "5.5.a", date(2024, 8, 1))
    officer = world.user("officer_a")
    life_event_suspend(actor=officer, person=person, reason="detention", from_month=date(2025, 2, 1))

    event = life_event_resume(actor=officer, person=person, from_month=date(2025, 5, 1), pay_arrears=False)

    assert event.data["arrears_months"] == []


def test_termination_for_a_prison_sentence_pays_through_the_month_before(world):
    person = elderly(world)
    allowance = grant(world, person, "5.5.a", date(2024, 8, 1))

    life_event_terminate(actor=world.user("officer_a"), person=person, reason="prison", from_month=date(2025, 6, 1))

    allowance.refresh_from_db()
    assert (allowance.status, allowance.end_month, allowance.end_reason) == (Status.ENDED, date(2025, 5, 1), "prison")


@pytest.mark.parametrize("reason", ["not_eligible", "refused"])
def test_termination_reasons_of_circular_02(world, reason):
    person = elderly(world)
    allowance = grant(world, person, "5.5.a", date(2024, 8, 1))

    event = life_event_terminate(
        actor=world.user("officer_a"), person=person, reason=reason, from_month=date(2025, 1, 1)
    )

    allowance.refresh_from_db()
    assert (allowance.end_month, allowance.end_reason, event.reason) == (date(2024, 12, 1), reason, reason)


def test_reassessment_termination_only_after_three_months_of_suspension(world):
    person = elderly(world)
    allowance = grant(world, person, "5.5.a", date(2024, 8, 1))
    officer = world.user("officer_a")
    life_event_suspend(actor=officer, person=person, reason="reassessment", from_month=date(2025, 3, 1))

    with pytest.raises(ValidationError) as error:
        life_event_terminate(actor=officer, person=person, reason="reassessment", from_month=date(2025, 5, 1))
    assert "06/2025" in error.value.message_dict["reason"][0]
    assert Entitlement.objects.get(pk=allowance.pk).status == Status.SUSPENDED

    life_event_terminate(actor=officer, person=person, reason="reassessment", from_month=date(2025, 6, 1))
    allowance.refresh_from_db()
    assert (allowance.status, allowance.end_month) == (Status.ENDED, date(2025, 5, 1))


# --- Disability level ---------------------------------------------------------------------------------------


def test_severe_to_especially_severe_adult_gets_the_new_coefficient_from_the_certificate_month(world):
    person = f.PersonFactory(commune=world.commune_a, birth_date=date(1990, 4, 2), disability_level="severe")
    old = grant(world, person, "5.6", date(2024, 8, 1), disability_level="severe")
    assert (old.coefficient, old.amount) == (Decimal("1.5"), 750_000)

    life_event_change_disability(
        actor=world.user("officer_a"), person=person, level="especially_severe", cert_date=date(2025, 3, 12)
    )

    old.refresh_from_db()
    assert (old.status, old.end_month, old.end_reason) == (Status.ENDED, date(2025, 2, 1), "adjusted")
    new = Entitlement.objects.get(person=person, status=Status.ACTIVE)
    assert (new.category.code, new.start_month, new.disability_level) == ("5.6", date(2025, 3, 1), "especially_severe")
    assert (new.coefficient, new.amount) == (Decimal("2.0"), 1_000_000)
    person.refresh_from_db()
    assert (person.disability_level, person.disability_cert_date) == ("especially_severe", date(2025, 3, 12))


def test_a_mild_level_ends_5_6_after_the_certificate_month(world):
    person = f.PersonFactory(commune=world.commune_a, birth_date=date(1990, 4, 2), disability_level="severe")
    old = grant(world, person, "5.6", date(2024, 8, 1), disability_level="severe")

    life_event_change_disability(
        actor=world.user("officer_a"), person=person, level="mild", cert_date=date(2025, 3, 12)
    )

    old.refresh_from_db()
    assert (old.status, old.end_month, old.end_reason) == (Status.ENDED, date(2025, 3, 1), "not_eligible")
    assert not Entitlement.objects.filter(person=person, status=Status.ACTIVE).exists()


# --- Change of residence ------------------------------------------------------------------------------------


def test_move_between_districts_no_gap_no_double_payment_and_visibility_follows(world):
    person = elderly(world, full_name="Phạm Văn Tám")
    old = grant(world, person, "5.5.a", date(2024, 8, 1))
    new_village = f.VillageFactory(commune=world.commune_c, name="Ấp Hòa Bình")
    officer_a, officer_c = world.user("officer_a"), world.user("officer_c")
    assert scope(Entitlement.objects.all(), officer_c).count() == 0

    event = life_event_relocate(
        actor=officer_a, person=person, to_commune=world.commune_c, to_village=new_village, moved_on=date(2025, 6, 20)
    )

    old.refresh_from_db()
    assert (old.status, old.end_month, old.end_reason, old.commune) == (
        Status.ENDED,
        date(2025, 6, 1),
        "moved",
        world.commune_a,
    )
    new = Entitlement.objects.get(person=person, status=Status.ACTIVE)
    assert (new.commune, new.start_month, new.amount, new.category.code) == (
        world.commune_c,
        date(2025, 7, 1),
        750_000,
        "5.5.a",
    )
    assert (event.from_commune, event.to_commune, event.data["within_district"]) == (
        world.commune_a,
        world.commune_c,
        False,
    )
    person.refresh_from_db()
    assert (person.commune, person.village) == (world.commune_c, new_village)
    # The new commune's officer now sees the person and pays the new entitlement; the old one sees neither.
    assert person_get_for_user(officer_c, person.pk) == person
    assert list(scope(Entitlement.objects.filter(status=Status.ACTIVE), officer_c)) == [new]
    with pytest.raises(Http404):
        person_get_for_user(officer_a, person.pk)
    assert not scope(Entitlement.objects.filter(status=Status.ACTIVE), officer_a).exists()


def test_move_within_the_district_is_recorded_as_such(world):
    person = elderly(world)
    grant(world, person, "5.5.a", date(2024, 8, 1))

    event = life_event_relocate(
        actor=world.user("officer_a"), person=person, to_commune=world.commune_b, moved_on=date(2025, 6, 1)
    )

    assert event.data["within_district"] is True
    new = Entitlement.objects.get(person=person, status=Status.ACTIVE)
    assert (new.commune, new.start_month) == (world.commune_b, date(2025, 7, 1))


def test_a_village_of_another_commune_is_refused_and_nothing_moves(world):
    person = elderly(world)
    old = grant(world, person, "5.5.a", date(2024, 8, 1))
    wrong_village = f.VillageFactory(commune=world.commune_b)

    with pytest.raises(ValidationError) as error:
        life_event_relocate(
            actor=world.user("officer_a"),
            person=person,
            to_commune=world.commune_c,
            to_village=wrong_village,
            moved_on=date(2025, 6, 1),
        )

    assert "to_village" in error.value.message_dict
    assert Person.objects.get(pk=person.pk).commune == world.commune_a
    assert Entitlement.objects.get(pk=old.pk).status == Status.ACTIVE


# --- Age limits ---------------------------------------------------------------------------------------------


def orphan(world, born=date(2009, 6, 10)) -> Person:
    return f.PersonFactory(commune=world.commune_a, birth_date=born, full_name="Võ Thị Út")


def test_child_turning_16_while_studying_moves_to_5_2_from_the_month_after(world):
    child = orphan(world)
    old = grant(world, child, "5.1.b", date(2024, 8, 1))

    life_event_turn_16(actor=world.user("officer_a"), entitlement=old, studying=True)

    old.refresh_from_db()
    assert (old.status, old.end_month, old.end_reason) == (Status.ENDED, date(2025, 6, 1), "adjusted")
    new = Entitlement.objects.get(person=child, status=Status.ACTIVE)
    assert (new.category.code, new.start_month, new.coefficient, new.amount, new.studying) == (
        "5.2",
        date(2025, 7, 1),
        Decimal("1.5"),
        750_000,
        True,
    )
    assert Person.objects.get(pk=child.pk).studying is True


def test_child_turning_16_not_studying_is_paid_through_the_birthday_month(world):
    child = orphan(world)
    old = grant(world, child, "5.1.b", date(2024, 8, 1))

    event = life_event_turn_16(actor=world.user("officer_a"), entitlement=old, studying=False)

    old.refresh_from_db()
    assert (old.status, old.end_month, old.end_reason) == (Status.ENDED, date(2025, 6, 1), "aged_out")
    assert not Entitlement.objects.filter(person=child, status=Status.ACTIVE).exists()
    assert (event.kind, event.occurred_on) == ("study_status", date(2025, 6, 10))


def test_5_2_reaching_22_ends_after_the_birthday_month(world):
    student = f.PersonFactory(commune=world.commune_a, birth_date=date(2003, 3, 5), studying=True)
    row = grant(world, student, "5.2", date(2024, 8, 1), studying=True)

    life_event_turn_22(actor=world.user("officer_a"), entitlement=row)

    row.refresh_from_db()
    assert (row.status, row.end_month, row.end_reason) == (Status.ENDED, date(2025, 3, 1), "aged_out")


def test_turning_16_is_only_for_5_1(world):
    person = elderly(world)
    row = grant(world, person, "5.5.a", date(2024, 8, 1))

    with pytest.raises(ValidationError):
        life_event_turn_16(actor=world.user("officer_a"), entitlement=row, studying=True)

    assert Entitlement.objects.get(pk=row.pk).status == Status.ACTIVE


# --- Permissions --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["leader_a", "officer_b", "district_officer", "auditor"])
def test_only_the_commune_officer_of_the_person_records_events(world, persona):
    person = elderly(world)
    row = grant(world, person, "5.5.a", date(2024, 8, 1))

    with pytest.raises(PermissionDenied):
        life_event_record_death(actor=world.user(persona), person=person, died_on=date(2025, 3, 15))

    assert Person.objects.get(pk=person.pk).death_date is None
    assert Entitlement.objects.get(pk=row.pk).status == Status.ACTIVE
    assert not LifeEvent.objects.exists()


# --- Pages --------------------------------------------------------------------------------------------------


def url(person, kind=""):
    base = reverse("beneficiaries:life_event_create", kwargs={"pk": person.pk})
    return f"{base}?loai={kind}" if kind else base


def test_the_officer_records_a_death_on_the_page(world, login):
    person = elderly(world)
    row = grant(world, person, "5.5.a", date(2024, 8, 1))
    client = login(world.user("officer_a"))

    chooser = client.get(url(person))
    assert chooser.status_code == 200
    assert "Báo tử" in chooser.text and "Chuyển nơi cư trú" in chooser.text
    response = client.post(
        url(person, "death"), {"died_on": "15/03/2025", "organiser_name": "Trần Thị Hoa"}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("beneficiaries:person_detail", kwargs={"pk": person.pk})
    assert "Trợ cấp được chi đến hết tháng 03/2025" in response.text
    assert "10.000.000" in response.text
    assert Entitlement.objects.get(pk=row.pk).end_month == date(2025, 3, 1)


def test_a_future_death_date_is_shown_next_to_the_field(world, login):
    person = elderly(world)
    client = login(world.user("officer_a"))

    response = client.post(url(person, "death"), {"died_on": "15/03/2099"})

    assert response.status_code == 200
    assert "Ngày mất không được sau hôm nay." in response.text
    assert Person.objects.get(pk=person.pk).death_date is None


def test_the_old_communes_officer_records_a_move_and_then_no_longer_sees_the_person(world, login):
    person = elderly(world)
    grant(world, person, "5.5.a", date(2024, 8, 1))
    village = f.VillageFactory(commune=world.commune_c, name="Ấp Mới")
    client = login(world.user("officer_a"))

    villages = client.get(reverse("beneficiaries:life_event_villages"), {"to_commune": world.commune_c.pk})
    assert "Ấp Mới" in villages.text
    response = client.post(
        url(person, "relocate"),
        {"to_commune": world.commune_c.pk, "to_village": village.pk, "moved_on": "20/06/2025"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("beneficiaries:person_list")
    assert "Thị trấn Mỹ Thọ chi trả đến hết tháng 06/2025; Xã Vĩnh Thạnh chi trả từ tháng 07/2025" in response.text
    assert client.get(reverse("beneficiaries:person_detail", kwargs={"pk": person.pk})).status_code == 404
    other = login(world.user("officer_c"))
    assert other.get(reverse("beneficiaries:person_detail", kwargs={"pk": person.pk})).status_code == 200


def test_the_suspension_form_resumes_with_arrears(world, login):
    person = elderly(world)
    row = grant(world, person, "5.5.a", date(2024, 8, 1))
    client = login(world.user("officer_a"))

    client.post(url(person, "suspend"), {"reason": "uncollected", "from_month": "02/2025"})
    response = client.post(url(person, "resume"), {"from_month": "05/2025", "pay_arrears": "on"}, follow=True)

    assert "tiếp tục hưởng từ tháng 05/2025; truy lĩnh các tháng 02/2025, 03/2025, 04/2025" in response.text
    assert Entitlement.objects.get(pk=row.pk).status == Status.ACTIVE


def test_a_person_of_another_commune_answers_404_and_nothing_is_recorded(world, login):
    person = elderly(world)
    row = grant(world, person, "5.5.a", date(2024, 8, 1))
    client = login(world.user("officer_b"))

    response = client.post(url(person, "death"), {"died_on": "15/03/2025"})

    assert response.status_code == 404
    assert Person.objects.get(pk=person.pk).death_date is None
    assert Entitlement.objects.get(pk=row.pk).status == Status.ACTIVE


@pytest.mark.parametrize("persona", ["leader_a", "auditor", "district_officer"])
def test_readers_cannot_record_on_the_page(world, login, persona):
    person = elderly(world)
    row = grant(world, person, "5.5.a", date(2024, 8, 1))
    client = login(world.user(persona))

    response = client.post(url(person, "terminate"), {"reason": "refused", "from_month": "05/2025"})

    assert response.status_code == 403
    assert Entitlement.objects.get(pk=row.pk).status == Status.ACTIVE
    assert not LifeEvent.objects.exists()
