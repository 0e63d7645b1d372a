"""The facility registry: registering and editing (capacity = sum by type, audited, bad input), occupancy figures,
and who sees and edits which facility."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import Role
from accounts.services import assignment_grant
from facilities.models import CareGroup, Facility
from facilities.selectors.facilities import facility_list_for_user, occupancy_by_group
from facilities.services.registry import facility_create, facility_update
from tests import factories as f

from .roll_world import resident, staff

pytestmark = pytest.mark.django_db


def data(world, **changes):
    values = {
        "name": "Trung tâm Công tác xã hội tỉnh",
        "ownership": Facility.Ownership.PUBLIC,
        "managing_level": Facility.ManagingLevel.PROVINCE,
        "unit": world.commune_b,
        "address": "Quốc lộ 30",
        "licence_number": "",
        "licence_date": None,
        "capacity_elderly": 40,
        "capacity_children": 30,
        "capacity_disability": 20,
        "capacity_mental": 0,
        "capacity_general": 18,
        "phone": "0277 3851 000",
        "contact_name": "Nguyễn Thị Lan",
        "email": "",
        "active": True,
    }
    values.update(changes)
    return values


def form_data(world, **changes):
    values = data(world, **changes)
    values["unit"] = values["unit"].pk
    values["licence_date"] = values["licence_date"] or ""
    values["active"] = "on" if values["active"] else ""
    return values


def test_capacity_is_the_sum_by_type_and_the_write_is_audited(world):
    officer = world.user("province_officer")
    facility = facility_create(data=data(world), actor=officer)
    assert facility.capacity == 108
    facility_update(facility=facility, data=data(world, capacity_general=0, capacity_mental=12), actor=officer)
    facility.refresh_from_db()
    assert (facility.capacity, facility.capacity_mental, facility.capacity_general) == (102, 12, 0)
    entries = LogEntry.objects.get_for_object(facility).order_by("timestamp", "id")
    assert [(entry.action, entry.actor) for entry in entries] == [(0, officer), (1, officer)]
    assert entries.last().changes_dict["capacity"] == ["108", "102"]


def test_register_from_the_page(world, login):
    response = login(world.user("province_officer")).post(
        reverse("facilities:facility_create"), form_data(world), follow=True
    )
    facility = Facility.objects.get(name="Trung tâm Công tác xã hội tỉnh")
    assert response.redirect_chain[-1][0] == reverse("facilities:facility_detail", args=[facility.pk])
    assert "Đã đăng ký cơ sở «Trung tâm Công tác xã hội tỉnh»." in response.content.decode()
    assert (facility.capacity, facility.unit, facility.capacity_children) == (108, world.commune_b, 30)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"ownership": Facility.Ownership.NON_PUBLIC},
            "licence_number",
            "Số giấy phép: cơ sở ngoài công lập phải có giấy phép hoạt động.",
        ),
        (
            {"capacity_elderly": 0, "capacity_children": 0, "capacity_disability": 0, "capacity_general": 0},
            "capacity_general",
            "Công suất: nhập số chỗ cho ít nhất một nhóm đối tượng.",
        ),
        (
            {"name": "trung tâm bảo trợ xã hội tổng hợp"},
            "name",
            "Tên cơ sở: «trung tâm bảo trợ xã hội tổng hợp» đã có trong danh mục của tỉnh.",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_field(world, login, changes, field, message):
    response = login(world.user("province_officer")).post(
        reverse("facilities:facility_create"), form_data(world, **changes)
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert Facility.objects.count() == 1  # only the world's own


def test_unit_must_be_a_commune_of_the_officers_province(world):
    with pytest.raises(ValidationError) as exc:
        facility_create(data=data(world, unit=world.commune_2a), actor=world.user("province_officer"))
    assert exc.value.message_dict == {"unit": ["Địa bàn: chọn một xã, phường thuộc tỉnh của bạn."]}
    assert Facility.objects.count() == 1


def test_two_level_province_has_no_district_managing_level(world):
    officer2 = f.UserFactory(username="canbo.so.cantho")
    officer2.active_assignment = assignment_grant(
        user=officer2, role=Role.PROVINCE_OFFICER, unit=world.province2, actor=None
    )
    with pytest.raises(ValidationError) as exc:
        facility_create(
            data=data(world, unit=world.commune_2a, managing_level=Facility.ManagingLevel.DISTRICT), actor=officer2
        )
    assert "không còn cấp huyện" in exc.value.message_dict["managing_level"][0]


@pytest.mark.parametrize("persona", ["officer_a", "leader_a", "district_officer", "district_leader", "facility_staff"])
def test_only_the_province_officer_edits(world, login, persona):
    client = login(world.user(persona))
    url = reverse("facilities:facility_edit", args=[world.facility.pk])
    assert client.post(url, form_data(world, name="Đổi tên")).status_code == 403
    assert client.post(reverse("facilities:facility_create"), form_data(world, name="Cơ sở mới")).status_code == 403
    with pytest.raises(PermissionDenied):
        facility_update(facility=world.facility, data=data(world, name="Đổi tên"), actor=world.user(persona))
    world.facility.refresh_from_db()
    assert world.facility.name == "Trung tâm Bảo trợ xã hội tổng hợp"
    assert Facility.objects.count() == 1


def test_another_provinces_officer_gets_404_and_changes_nothing(world, login):
    officer2 = f.UserFactory(username="canbo.so.cantho")
    officer2.active_assignment = assignment_grant(
        user=officer2, role=Role.PROVINCE_OFFICER, unit=world.province2, actor=None
    )
    client = login(officer2)
    for name in ("facility_detail", "facility_edit"):
        assert client.get(reverse(f"facilities:{name}", args=[world.facility.pk])).status_code == 404
    assert (
        client.post(reverse("facilities:facility_edit", args=[world.facility.pk]), form_data(world)).status_code == 404
    )
    with pytest.raises(PermissionDenied):
        facility_update(facility=world.facility, data=data(world, name="Đổi tên"), actor=officer2)
    world.facility.refresh_from_db()
    assert world.facility.name == "Trung tâm Bảo trợ xã hội tổng hợp"


@pytest.fixture
def spread(world):
    """The world's facility in commune A, one in commune B, one in commune C (other district), one in Cần Thơ."""
    return {
        "a": world.facility,
        "b": f.FacilityFactory(name="Mái ấm Mỹ Hiệp", unit=world.commune_b, ownership=Facility.Ownership.NON_PUBLIC),
        "c": f.FacilityFactory(name="Trung tâm Lấp Vò", unit=world.commune_c),
        "2a": f.FacilityFactory(name="Trung tâm Cần Thơ", unit=world.commune_2a),
    }


@pytest.mark.parametrize(
    ("persona", "seen"),
    [
        ("province_officer", ["a", "b", "c"]),
        ("auditor", ["a", "b", "c"]),
        ("district_officer", ["a", "b"]),
        ("district_leader", ["a", "b"]),
        ("officer_a", ["a"]),
        ("officer_b", ["b"]),
        ("officer_c", ["c"]),
        ("facility_staff", ["a"]),
        ("officer_2level", ["2a"]),
    ],
)
def test_each_role_sees_the_facilities_in_its_unit(world, login, spread, persona, seen):
    user = world.user(persona)
    assert sorted(facility_list_for_user(user), key=lambda x: x.name) == sorted(
        (spread[key] for key in seen), key=lambda x: x.name
    )
    client = login(user)
    for key, facility in spread.items():
        status = client.get(reverse("facilities:facility_detail", args=[facility.pk])).status_code
        assert status == (200 if key in seen else 404), key


def test_facility_staff_land_on_their_facility(world, login):
    response = login(world.user("facility_staff")).get(reverse("facilities:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("facilities:facility_detail", args=[world.facility.pk])


@pytest.fixture
def occupied(world):
    facility = world.facility
    facility.capacity_elderly, facility.capacity_children, facility.capacity_general = 3, 2, 5
    facility.capacity = 10
    facility.save()
    for n in range(3):
        resident(world, f"Người cao tuổi {n}")
    resident(world, "Trẻ em 1", care_group=CareGroup.CHILDREN, birth_date=date(2020, 1, 1))
    resident(world, "Đã rời", discharged_on=date(2025, 1, 10))
    resident(world, "Tự nguyện", care_group=CareGroup.MENTAL, path="contract")
    return facility


def test_occupancy_counts_residents_in_residence_by_group(world, occupied, django_assert_num_queries):
    with django_assert_num_queries(1):
        facilities = list(facility_list_for_user(world.user("province_officer")))
    facility = facilities[0]
    assert (facility.occupied, facility.capacity) == (5, 10)
    rows = [(row.label, row.occupied, row.capacity, row.percent, row.over) for row in occupancy_by_group(facility)]
    assert rows == [
        ("Người cao tuổi", 3, 3, 100, False),
        ("Trẻ em", 1, 2, 50, False),
        ("Người tâm thần", 1, 0, None, True),
        ("Tổng hợp", 0, 5, 0, False),
    ]


def test_list_and_detail_show_occupancy(world, login, occupied):
    client = login(world.user("province_officer"))
    listing = client.get(reverse("facilities:index")).content.decode()
    assert '<span data-testid="occupancy-figures">5/10</span> · 50%' in listing
    assert 'data-testid="total-occupied">5<' in listing
    detail = client.get(reverse("facilities:facility_detail", args=[occupied.pk])).content.decode()
    assert '<span data-testid="occupancy-figures">3/3</span> · 100%' in detail
    assert '<span data-testid="occupancy-figures">1/2</span> · 50%' in detail


def test_detail_links_to_the_rolls_for_public_facilities(world, login):
    checker = staff(world, "giamdoc.coso")
    page = login(checker).get(reverse("facilities:facility_detail", args=[world.facility.pk])).content.decode()
    assert f"{reverse('facilities:roll_list')}?co_so={world.facility.pk}" in page
