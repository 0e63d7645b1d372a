"""The commune opens form 07 by finding the person first (no drop-down of the whole commune)."""

from django.urls import reverse

from facilities.models import AdmissionCase
from tests import factories as f

URL = reverse("facilities:admission_create")


def test_the_officer_finds_the_person_by_name_without_accents_then_fills_the_form(world, login):
    client = login(world.user("officer_a"))
    f.PersonFactory(full_name="Lê Thị Hoa", commune=world.commune_a)
    f.PersonFactory(full_name="Lê Thị Hoa", commune=world.commune_b)  # another commune: not offered
    picker = client.get(URL, {"q": "le thi hoa"})
    assert picker.templates[0].name == "facilities/admission_person_picker.html"
    assert [p.commune_id for p in picker.context["people"]] == [world.commune_a.pk]
    chosen = picker.context["people"][0]
    form = client.get(URL, {"person": chosen.pk})
    assert "Lê Thị Hoa" in form.content.decode() and form.context["person"] == chosen


def test_a_person_of_another_commune_is_refused_and_nothing_is_saved(world, login):
    client = login(world.user("officer_a"))
    other = f.PersonFactory(full_name="Trần Văn Bé", commune=world.commune_b)
    response = client.post(
        URL,
        {"person": other.pk, "care_group": "children", "reason": "Mồ côi.", "received_on": "20/11/2026"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["person"] == [
        "Đối tượng: chỉ chọn được người của xã, còn sống và chưa ở cơ sở trợ giúp xã hội."
    ]
    assert "chỉ chọn được người của xã" in response.content.decode()
    assert not AdmissionCase.objects.exists()
