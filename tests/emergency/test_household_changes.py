"""Households on the spot by a district or province officer, and the household of a draft changed after a wrong
pick (duplicate refused, poverty status copied again, lines proposed afresh, an event; not once proposed)."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from beneficiaries.models import Household, Person
from emergency import services
from emergency.models import AidLine, Assessment, AssessmentEvent
from tests import factories as f

from .flow import assess, household, incident

Status = Assessment.Status
NEW = {"head_name": "Huỳnh Thị Lan", "sex": "F", "birth_year": 1968, "poverty_status": "poor", "poverty_year": 2024}


def lines(assessment):
    return list(
        AidLine.objects.filter(assessment=assessment).order_by("id").values_list("aid_type", "minimum_amount", "amount")
    )


def registry_size():
    return Household.objects.count(), Person.objects.count()


def on_the_spot(world, event, commune, actor="district_officer", **head):
    return services.assessment_create(
        actor=world.user(actor),
        incident=event,
        commune=commune,
        new_household={**NEW, **head},
        house_damage="lost",
        members=3,
    )


# --- Households added on the spot by a district or province officer -------------------------------------------


def test_the_district_officer_adds_a_household_for_a_commune_of_its_incident(world):
    event = incident(world, actor="district_officer", communes=[world.commune_a, world.commune_b])
    assessment = on_the_spot(world, event, world.commune_b)
    home = assessment.household
    assert (home.head_name, home.commune, home.poverty_status, home.poverty_year) == (
        "Huỳnh Thị Lan",
        world.commune_b,
        "poor",
        2024,
    )
    head = Person.objects.get(household=home)
    assert (head.full_name, head.birth_date.year, head.birth_year_only, head.commune) == (
        "Huỳnh Thị Lan",
        1968,
        True,
        world.commune_b,
    )
    assert head.created_by == world.user("district_officer")
    assert LogEntry.objects.get_for_object(home).get().actor == world.user("district_officer")
    assert LogEntry.objects.get_for_object(head).get().actor == world.user("district_officer")
    assert (assessment.commune, assessment.poverty_status) == (world.commune_b, "poor")
    assert lines(assessment) == [("house_lost", 40_000_000, 40_000_000)]


def test_the_province_officer_adds_one_too(world):
    event = incident(world, actor="province_officer", communes=[world.commune_a, world.commune_c])
    assessment = on_the_spot(world, event, world.commune_c, actor="province_officer", poverty_status="none")
    assert (assessment.household.commune, assessment.poverty_status, lines(assessment)) == (world.commune_c, "none", [])


def test_not_for_a_commune_outside_the_incident(world):
    event = incident(world, actor="district_officer", communes=[world.commune_a])
    before = registry_size()
    with pytest.raises(ValidationError) as error:
        on_the_spot(world, event, world.commune_b)
    assert error.value.message_dict == {"household": ["Xã Mỹ Hiệp không thuộc địa bàn bị ảnh hưởng của sự kiện này."]}
    assert registry_size() == before
    assert not Assessment.objects.exists()


def test_not_for_a_commune_of_another_district(world):
    event = incident(world, actor="province_officer", communes=[world.commune_a, world.commune_c])
    before = registry_size()
    with pytest.raises(PermissionDenied):
        on_the_spot(world, event, world.commune_c)
    assert registry_size() == before
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    ("head", "errors"),
    [
        ({"poverty_year": None}, {"poverty_year": ["Năm công nhận: bắt buộc với hộ nghèo hoặc cận nghèo."]}),
        ({"poverty_year": 1999}, {"poverty_year": [f"Năm công nhận phải từ 2000 đến {timezone.localdate().year}."]}),
        ({"sex": ""}, {"sex": ["Giới tính: vui lòng chọn Nam hoặc Nữ."]}),
    ],
)
def test_the_registry_rules_apply_to_the_district_officer(world, head, errors):
    event = incident(world, actor="district_officer", communes=[world.commune_a, world.commune_b])
    before = registry_size()
    with pytest.raises(ValidationError) as error:
        on_the_spot(world, event, world.commune_b, **head)
    assert error.value.message_dict == errors
    assert registry_size() == before


def test_a_village_of_another_commune_is_refused(world):
    event = incident(world, actor="district_officer", communes=[world.commune_a, world.commune_b])
    elsewhere = f.VillageFactory(commune=world.commune_a, name="Ấp 9")
    before = registry_size()
    with pytest.raises(ValidationError) as error:
        on_the_spot(world, event, world.commune_b, village=elsewhere)
    assert error.value.message_dict == {"village": ["Thôn/ấp: vui lòng chọn một thôn/ấp của Xã Mỹ Hiệp."]}
    assert registry_size() == before


def test_the_district_officer_adds_one_from_the_page(world, login):
    event = incident(world, actor="district_officer", communes=[world.commune_a, world.commune_b])
    client = login(world.user("district_officer"))
    url = reverse("emergency:assessment_create", args=[event.pk, world.commune_b.pk])
    response = client.post(
        url,
        {"new_household": "on", "head_name": "Mai Văn Tư", "sex": "M", "birth_year": "1975", "poverty_status": "none"}
        | {"house_damage": "serious", "members": "2"},
    )
    created = Assessment.objects.get(household__head_name="Mai Văn Tư")
    assert response.url == reverse("emergency:assessment_detail", args=[created.pk])
    assert created.household.commune == world.commune_b


def test_a_commune_officer_still_cannot_add_one_for_another_commune(world, login):
    event = incident(world, actor="district_officer", communes=[world.commune_a, world.commune_b])
    before = registry_size()
    with pytest.raises(PermissionDenied):
        on_the_spot(world, event, world.commune_b, actor="officer_a")
    client = login(world.user("officer_a"))
    url = reverse("emergency:assessment_create", args=[event.pk, world.commune_b.pk])
    form = {"new_household": "on", "head_name": "Mai Văn Tư", "sex": "M", "birth_year": "1975", "house_damage": "none"}
    assert client.post(url, form).status_code == 404
    assert registry_size() == before
    assert not Assessment.objects.exists()


# --- Changing the household of a draft ------------------------------------------------------------------------


@pytest.fixture
def wrong_pick(world):
    """A draft in commune A for the wrong (non-poor) household; the officer raised the rice-free goods line."""
    event = incident(world)
    wrong = household(world.commune_a, "Nguyễn Văn Sai", members=2)
    right = household(world.commune_a, "Nguyễn Văn Đúng", Household.Poverty.POOR, members=4)
    assessment = assess(world, event, wrong, house_damage="lost", lost_goods=True)
    line = assessment.lines.get(aid_type="goods")
    assessment.refresh_from_db()
    services.aidline_set_amount(
        actor=world.user("officer_a"), assessment=assessment, version=assessment.version, line=line, amount=700_000
    )
    assessment.refresh_from_db()
    return event, assessment, wrong, right


def snapshot(assessment):
    assessment.refresh_from_db()
    return (
        (assessment.household_id, assessment.poverty_status, assessment.members, assessment.version),
        lines(assessment),
        assessment.events.count(),
    )


def test_the_household_of_a_draft_changes_and_the_lines_follow(world, wrong_pick):
    event, assessment, wrong, right = wrong_pick
    assert (assessment.poverty_status, assessment.members) == ("none", 2)
    assert lines(assessment) == [("goods", 0, 700_000)]
    version = assessment.version
    services.assessment_change_household(
        actor=world.user("officer_a"), assessment=assessment, version=version, household=right
    )
    assessment.refresh_from_db()
    assert (assessment.household, assessment.poverty_status, assessment.members) == (right, "poor", 4)
    assert assessment.version == version + 1
    # The poor household's collapsed house now gets its line; the raised amount was for the other household.
    assert lines(assessment) == [("goods", 0, 0), ("house_lost", 40_000_000, 40_000_000)]
    event_row = assessment.events.last()
    assert (event_row.action, event_row.note, event_row.actor) == (
        "household",
        "Nguyễn Văn Sai → Nguyễn Văn Đúng",
        world.user("officer_a"),
    )
    assert event_row.from_status == event_row.to_status == Status.DRAFT


def test_a_typed_number_of_members_is_kept(world):
    event = incident(world)
    wrong = household(world.commune_a, "Nguyễn Văn Sai", members=2)
    right = household(world.commune_a, "Nguyễn Văn Đúng", members=4)
    assessment = assess(world, event, wrong, members=6, food_short_members=6, food_months=1)
    services.assessment_change_household(
        actor=world.user("officer_a"), assessment=assessment, version=assessment.version, household=right
    )
    assessment.refresh_from_db()
    assert (assessment.household, assessment.members, lines(assessment)) == (right, 6, [("rice_disaster", 0, 0)])


def test_the_right_household_can_be_added_on_the_spot(world, wrong_pick):
    event, assessment, wrong, right = wrong_pick
    services.assessment_change_household(
        actor=world.user("officer_a"), assessment=assessment, version=assessment.version, new_household=NEW
    )
    assessment.refresh_from_db()
    assert (assessment.household.head_name, assessment.household.commune, assessment.poverty_status) == (
        "Huỳnh Thị Lan",
        world.commune_a,
        "poor",
    )
    assert assessment.members == 1  # the head just registered; the old household's 2 had been copied
    assert assessment.events.last().note == "Nguyễn Văn Sai → Huỳnh Thị Lan"


def test_a_household_already_assessed_in_the_incident_is_refused(world, wrong_pick):
    event, assessment, wrong, right = wrong_pick
    assess(world, event, right)
    before = snapshot(assessment)
    with pytest.raises(ValidationError) as error:
        services.assessment_change_household(
            actor=world.user("officer_a"), assessment=assessment, version=assessment.version, household=right
        )
    assert error.value.message_dict == {
        "household": ["Hộ Nguyễn Văn Đúng đã có phiếu đánh giá trong sự kiện này; hãy sửa phiếu đó."]
    }
    assert snapshot(assessment) == before


def test_a_proposed_assessment_keeps_its_household(world, login, wrong_pick):
    event, assessment, wrong, right = wrong_pick
    services.assessment_propose(actor=world.user("officer_a"), assessment=assessment)
    before = snapshot(assessment)
    with pytest.raises(ValidationError) as error:
        services.assessment_change_household(
            actor=world.user("officer_a"), assessment=assessment, version=assessment.version, household=right
        )
    assert error.value.messages == [
        "Chỉ sửa được phiếu đang lập; phiếu này đang ở trạng thái «Đã đề xuất, chờ xét duyệt»."
    ]
    assert snapshot(assessment) == before
    client = login(world.user("officer_a"))
    response = client.post(
        reverse("emergency:assessment_household", args=[assessment.pk]),
        {"version": assessment.version, "household": right.pk},
        follow=True,
    )
    assert "Chỉ đổi được hộ gia đình khi phiếu đang lập." in response.content.decode()
    assert snapshot(assessment) == before
    assert not AssessmentEvent.objects.filter(action="household").exists()


def test_a_stale_version_changes_nothing(world, wrong_pick):
    event, assessment, wrong, right = wrong_pick
    before = snapshot(assessment)
    with pytest.raises(services.ConcurrentChange):
        services.assessment_change_household(
            actor=world.user("officer_a"), assessment=assessment, version=assessment.version - 1, household=right
        )
    assert snapshot(assessment) == before


def test_a_household_of_another_commune_is_refused(world, wrong_pick):
    event, assessment, wrong, right = wrong_pick
    before = snapshot(assessment)
    with pytest.raises(ValidationError) as error:
        services.assessment_change_household(
            actor=world.user("district_officer"),
            assessment=assessment,
            version=assessment.version,
            household=household(world.commune_b, "Hộ xã B"),
        )
    assert error.value.message_dict == {"household": ["Hộ gia đình: chọn một hộ của Thị trấn Mỹ Thọ."]}
    assert snapshot(assessment) == before


def test_the_household_is_changed_from_the_page(world, login, wrong_pick):
    event, assessment, wrong, right = wrong_pick
    client = login(world.user("officer_a"))
    detail_url = reverse("emergency:assessment_detail", args=[assessment.pk])
    url = reverse("emergency:assessment_household", args=[assessment.pk])
    assert url in client.get(detail_url).content.decode()
    page = client.get(url).content.decode()
    assert "Phiếu đang gắn với hộ <strong>Nguyễn Văn Sai</strong>" in page and "Thiệt hại về nhà ở" not in page
    response = client.post(url, {"version": assessment.version, "household": right.pk})
    assert response.url == detail_url
    detail = client.get(detail_url).content.decode()
    assert "Đã đổi sang hộ Nguyễn Văn Đúng; các khoản hỗ trợ đã được đề xuất lại theo quy định." in detail
    assert "Đổi hộ gia đình" in detail and "Nguyễn Văn Sai → Nguyễn Văn Đúng" in detail
    assessment.refresh_from_db()
    assert assessment.household == right


def test_the_page_refuses_a_stale_form(world, login, wrong_pick):
    event, assessment, wrong, right = wrong_pick
    client = login(world.user("officer_a"))
    url = reverse("emergency:assessment_household", args=[assessment.pk])
    response = client.post(url, {"version": assessment.version - 1, "household": right.pk})
    assert response.status_code == 200
    assert services.ConcurrentChange.message in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.household == wrong
