"""Who sees which incident and which part of it: another commune's incident is 404; a district incident is
visible to its communes only for their own part; the district sees its communes, the province everything."""

import pytest
from django.urls import reverse

from beneficiaries.models import Household
from emergency.models import Assessment, Incident
from emergency.selectors import assessment_list_for_user, incident_list_for_user, totals_for

from .flow import assess, household, incident


@pytest.fixture
def district_flood(world):
    event = incident(world, actor="district_officer", communes=[world.commune_a, world.commune_b], name="Lũ huyện")
    in_a = assess(
        world, event, household(world.commune_a, "Hộ xã A", Household.Poverty.POOR), house_damage="lost", members=4
    )
    in_b = assess(
        world,
        event,
        household(world.commune_b, "Hộ xã B", Household.Poverty.POOR),
        actor="officer_b",
        house_damage="serious",
        members=2,
    )
    return event, in_a, in_b


def test_another_communes_incident_is_404(world, login):
    event = incident(world)  # commune A's own
    client = login(world.user("officer_b"))
    assert client.get(reverse("emergency:incident_detail", args=[event.pk])).status_code == 404
    assert event not in incident_list_for_user(world.user("officer_b"))
    assert client.get(reverse("emergency:incident_edit", args=[event.pk])).status_code == 404


def test_a_district_incident_shows_each_commune_only_its_part(world, login, district_flood):
    event, in_a, in_b = district_flood
    officer_a = world.user("officer_a")
    assert list(assessment_list_for_user(officer_a, event)) == [in_a]
    assert totals_for(assessment_list_for_user(officer_a, event)).people == 4
    client = login(officer_a)
    page = client.get(reverse("emergency:incident_detail", args=[event.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Hộ xã A" in text and "Hộ xã B" not in text and "Xã Mỹ Hiệp" not in text
    assert client.get(reverse("emergency:assessment_detail", args=[in_b.pk])).status_code == 404
    # A commune cannot add an assessment for another commune of the same incident.
    url = reverse("emergency:assessment_create", args=[event.pk, world.commune_b.pk])
    assert client.get(url).status_code == 404


def test_the_district_sees_both_parts_and_another_district_nothing(world, login, district_flood):
    event, in_a, in_b = district_flood
    assert set(assessment_list_for_user(world.user("district_officer"), event)) == {in_a, in_b}
    assert totals_for(assessment_list_for_user(world.user("province_officer"), event)).people == 6
    client = login(world.user("officer_c"))
    assert client.get(reverse("emergency:incident_detail", args=[event.pk])).status_code == 404
    assert client.get(reverse("emergency:assessment_detail", args=[in_a.pk])).status_code == 404


def test_facility_staff_have_no_emergency_pages(world, login):
    event = incident(world)
    client = login(world.user("facility_staff"))
    assert client.get(reverse("emergency:index")).status_code == 403
    assert client.get(reverse("emergency:incident_detail", args=[event.pk])).status_code == 403


def test_another_commune_cannot_touch_an_assessment(world, login):
    event = incident(world, especially_urgent=True)
    assessment = assess(world, event, household(world.commune_a), lost_goods=True)
    client = login(world.user("officer_b"))
    response = client.post(
        reverse("emergency:assessment_step", args=[assessment.pk, "propose"]), {"version": assessment.version}
    )
    assert response.status_code == 404
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT


def test_the_auditor_reads_but_cannot_decide_or_open(world, login):
    event = incident(world, especially_urgent=True)
    assessment = assess(world, event, household(world.commune_a), lost_goods=True)
    client = login(world.user("auditor"))
    assert client.get(reverse("emergency:assessment_detail", args=[assessment.pk])).status_code == 200
    response = client.post(
        reverse("emergency:assessment_step", args=[assessment.pk, "approve"]),
        {"version": assessment.version, "decision_number": "1/QĐ"},
    )
    assert response.status_code == 403
    assert client.get(reverse("emergency:incident_create")).status_code == 403
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT
    assert Incident.objects.count() == 1


def test_the_commune_leader_cannot_record_a_disbursement(world, login):
    event = incident(world, especially_urgent=True)
    assessment = assess(world, event, household(world.commune_a, poverty=Household.Poverty.POOR), house_damage="lost")
    line = assessment.lines.get()
    client = login(world.user("leader_a"))
    response = client.post(reverse("emergency:disburse", args=[assessment.pk, line.pk]), {"amount": 1})
    assert response.status_code == 403
    assert not line.disbursements.exists()
