"""Each role sees its own unit's people and nothing else; everything outside answers 404."""

import pytest
from django.urls import reverse

VISIBLE = {
    "officer_a": {"a"},
    "leader_a": {"a"},
    "officer_b": {"b"},
    "officer_c": {"c"},
    "district_officer": {"a", "b"},
    "district_leader": {"a", "b"},
    "province_officer": {"a", "b", "c"},
    "auditor": {"a", "b", "c"},
    "officer_2level": {"2a"},
}


@pytest.mark.parametrize("persona", sorted(VISIBLE))
def test_person_list_shows_only_people_inside_the_unit(world, login, persona):
    client = login(world.user(persona))
    html = client.get(reverse("beneficiaries:person_list")).content.decode()
    shown = {key for key, person in world.people.items() if person.full_name in html}
    assert shown == VISIBLE[persona]


@pytest.mark.parametrize("persona", sorted(VISIBLE))
def test_person_page_outside_the_unit_is_404(world, login, persona):
    client = login(world.user(persona))
    for key, person in world.people.items():
        response = client.get(reverse("beneficiaries:person_detail", args=[person.pk]))
        assert response.status_code == (200 if key in VISIBLE[persona] else 404), (persona, key)


def test_missing_person_and_out_of_scope_person_answer_the_same(world, login):
    client = login(world.user("officer_a"))
    outside = client.get(reverse("beneficiaries:person_detail", args=[world.people["c"].pk]))
    missing = client.get(reverse("beneficiaries:person_detail", args=[999999]))
    assert outside.status_code == missing.status_code == 404
    assert "Không tìm thấy" in outside.content.decode()


def test_facility_staff_cannot_open_the_people_registry(world, login):
    client = login(world.user("facility_staff"))
    assert client.get(reverse("beneficiaries:person_list")).status_code == 403
    assert client.get(reverse("beneficiaries:person_detail", args=[world.people["a"].pk])).status_code == 403


def test_unit_flag_of_a_commune_in_another_province_is_404_and_unchanged(world, login):
    client = login(world.user("province_officer"))
    response = client.post(reverse("locations:unit_flag", args=[world.commune_2a.pk]), {"especially_difficult": "on"})
    assert response.status_code == 404
    world.commune_2a.refresh_from_db()
    assert world.commune_2a.especially_difficult is False


def test_commune_officer_cannot_flag_units(world, login):
    client = login(world.user("officer_a"))
    response = client.post(reverse("locations:unit_flag", args=[world.commune_a.pk]), {"especially_difficult": "on"})
    assert response.status_code == 403
    world.commune_a.refresh_from_db()
    assert world.commune_a.especially_difficult is False


def test_id_numbers_are_masked_in_lists_without_the_permission(world, login):
    person = world.people["a"]
    masked = person.id_number[:3] + "******" + person.id_number[-3:]
    province_html = login(world.user("province_officer")).get(reverse("beneficiaries:person_list")).content.decode()
    assert person.id_number in province_html  # the province officer holds view_full_id_number
    auditor_html = login(world.user("auditor")).get(reverse("beneficiaries:person_list")).content.decode()
    assert person.id_number not in auditor_html
    assert masked in auditor_html


def test_hiv_status_is_shown_only_with_the_permission(world, login):
    person = world.people["a"]
    person.hiv_positive = True
    person.save()
    url = reverse("beneficiaries:person_detail", args=[person.pk])
    assert "Tình trạng HIV" in login(world.user("officer_a")).get(url).content.decode()
    assert "Tình trạng HIV" not in login(world.user("province_officer")).get(url).content.decode()
