"""Who sees which residents and admission cases (SPEC §1): facility staff only their facility's residents, a
commune the residents who came from it and the cases it opened, a district or province its own, and 404 outside.
Pages that write refuse without the capability, and nothing changes."""

from datetime import date

import pytest

from accounts.models import Role
from facilities.models import AdmissionCase, CareGroup, Resident
from facilities.services.admissions import admission_open
from tests import factories as f

from .residents_helpers import admit, persona


@pytest.fixture
def stays(world):
    other_centre = f.FacilityFactory(name="Trung tâm Nuôi dưỡng Lấp Vò", unit=world.commune_c)
    from_a = admit(world, f.PersonFactory(full_name="Người Xã A", commune=world.commune_a), date(2026, 10, 5))
    staff_c = persona("canbo_lapvo", Role.FACILITY_STAFF, world.commune_c, facility=other_centre)
    from_c = admit(
        world, f.PersonFactory(full_name="Người Xã C", commune=world.commune_c), date(2026, 10, 5),
        facility=other_centre, actor=staff_c,
    )  # fmt: skip
    return from_a, from_c


# persona → which of (from_a, from_c) it sees
VISIBLE = {
    "facility_staff": (True, False),
    "officer_a": (True, False),
    "leader_a": (True, False),
    "officer_b": (False, False),
    "officer_c": (False, True),
    "district_officer": (True, False),
    "district_leader": (True, False),
    "province_officer": (True, True),
    "auditor": (True, True),
    "officer_2level": (False, False),
}


@pytest.mark.parametrize("key", list(VISIBLE))
def test_each_role_sees_only_its_residents(world, login, stays, key):
    client = login(world.user(key))
    listing = client.get("/co-so/doi-tuong/")
    assert listing.status_code == 200
    html = listing.content.decode()
    for stay, visible in zip(stays, VISIBLE[key], strict=True):
        assert (stay.person.full_name in html) is visible
        assert client.get(f"/co-so/doi-tuong/{stay.pk}/").status_code == (200 if visible else 404)


def test_facility_staff_see_the_cases_placed_with_them_and_communes_those_they_opened(world, login):
    person = f.PersonFactory(full_name="Trẻ Xã A", commune=world.commune_a)
    case = admission_open(actor=world.user("officer_a"), person=person, care_group=CareGroup.CHILDREN,
                          reason="Mồ côi", received_on=date(2026, 10, 5))  # fmt: skip
    url = f"/co-so/ho-so-tiep-nhan/{case.pk}/"
    for key, status in [("officer_a", 200), ("officer_b", 404), ("district_officer", 200), ("officer_c", 404),
                        ("province_officer", 200), ("facility_staff", 404)]:  # fmt: skip
        assert login(world.user(key)).get(url).status_code == status, key
    AdmissionCase.objects.filter(pk=case.pk).update(facility=world.facility, status=AdmissionCase.Status.PLACED)
    assert login(world.user("facility_staff")).get(url).status_code == 200
    listing = login(world.user("officer_b")).get("/co-so/ho-so-tiep-nhan/").content.decode()
    assert "Trẻ Xã A" not in listing


def test_writes_refused_outside_the_role_and_nothing_changes(world, login, stays):
    from_a, from_c = stays
    officer = login(world.user("officer_a"))
    assert officer.post(f"/co-so/doi-tuong/{from_a.pk}/roi-co-so/", {"reason": "own_request"}).status_code == 403
    assert officer.post("/co-so/doi-tuong/khan-cap/", {"full_name": "X"}).status_code == 403
    staff = login(world.user("facility_staff"))
    assert staff.post(f"/co-so/doi-tuong/{from_c.pk}/roi-co-so/", {"reason": "own_request"}).status_code == 404
    assert staff.post(f"/co-so/doi-tuong/{from_c.pk}/edit/", {"care_group": "elderly"}).status_code == 404
    auditor = login(world.user("auditor"))
    assert auditor.post(f"/co-so/doi-tuong/{from_a.pk}/file_done/", {"day": "20/10/2026"}).status_code == 403
    assert Resident.objects.filter(discharge_proposed_on__isnull=False).count() == 0
    assert Resident.objects.get(pk=from_a.pk).file_completed_on is None
    assert Resident.objects.get(pk=from_c.pk).care_group == CareGroup.CHILDREN
