"""Emergency admission (Art. 28.2) and its reminders, voluntary residents (form 08), admission by law, the capacity
warning, and the reminders of children reaching 16 (22 while studying).

Admitted Monday 05/10/2026: the file is due 10 working days later (19/10/2026), an abandoned child's media notice
25 working days later (09/11/2026) — no public holiday in between.
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from beneficiaries.models import Person
from facilities import resident_rules as rules
from facilities.models import CareGroup, FacilityEvent, Resident
from facilities.selectors.residents import reminders_for_user
from facilities.services import residents as services
from facilities.services.discharge import discharge_propose
from tests import factories as f

from .residents_helpers import admit, set_today  # noqa: F401

ADMITTED = date(2026, 10, 5)


def baby(world, name="Bé Nguyễn Thị An", birth_date=date(2026, 9, 20)):
    return f.PersonFactory(full_name=name, commune=world.commune_a, birth_date=birth_date, id_number=None)


def test_emergency_admission_sets_the_file_and_media_deadlines(world):
    resident = admit(world, baby(world), ADMITTED, abandoned_child=True)
    assert (resident.path, resident.file_due_on, resident.media_notice_due_on) == (
        Resident.Path.EMERGENCY, date(2026, 10, 19), date(2026, 11, 9),
    )  # fmt: skip
    assert resident.home_commune == world.commune_a
    event = FacilityEvent.objects.get(resident=resident)
    assert (event.action, event.due_on, event.actor) == ("admit", date(2026, 10, 19), world.user("facility_staff"))


def test_reminders_list_the_file_and_the_notice_until_done(world):
    resident = admit(world, baby(world), ADMITTED, abandoned_child=True)
    other = admit(world, baby(world, "Trần Văn Bình", date(2012, 3, 3)), date(2026, 10, 12))
    staff = world.user("facility_staff")
    reminders = reminders_for_user(staff, date(2026, 10, 20))
    assert [r.person.full_name for r in reminders.files_due] == ["Bé Nguyễn Thị An", "Trần Văn Bình"]
    assert [(r.person.full_name, r.media_notice_due_on) for r in reminders.media_due] == [
        ("Bé Nguyễn Thị An", date(2026, 11, 9))
    ]
    services.resident_complete_file(actor=staff, resident=resident, completed_on=date(2026, 10, 20),
                                    today=date(2026, 10, 20))  # fmt: skip
    reminders = reminders_for_user(staff, date(2026, 10, 20))
    assert [r.person.full_name for r in reminders.files_due] == ["Trần Văn Bình"]
    assert len(reminders.media_due) == 1
    services.resident_record_media_notice(actor=staff, resident=resident, notice_on=date(2026, 10, 22),
                                          today=date(2026, 10, 22))  # fmt: skip
    reminders = reminders_for_user(staff, date(2026, 10, 22))
    assert (reminders.media_due, reminders.count) == ([], 1)
    assert other.file_completed_on is None
    with pytest.raises(ValidationError) as refused:  # the notice is recorded once
        services.resident_record_media_notice(actor=staff, resident=resident, notice_on=date(2026, 10, 23),
                                              today=date(2026, 10, 23))  # fmt: skip
    assert "media_notice_on" in refused.value.message_dict


def test_the_resident_list_shows_the_reminders_to_the_staff(world, login, set_today):  # noqa: F811
    admit(world, baby(world), ADMITTED, abandoned_child=True)
    set_today(date(2026, 10, 21))
    client = login(world.user("facility_staff"))
    home = client.get("/").content.decode()
    assert 'data-testid="facility-reminders">2</div>' in home  # the file and the media notice
    html = client.get("/co-so/doi-tuong/").content.decode()
    assert "Bé Nguyễn Thị An</a>: hoàn thiện hồ sơ tiếp nhận khẩn cấp trước 19/10/2026 (quá hạn)" in html
    assert "thông báo trẻ em bị bỏ rơi trên phương tiện truyền thông trước 09/11/2026" in html


def test_children_reaching_16_or_22_while_studying_are_proposed_two_months_ahead(world):
    staff = world.user("facility_staff")
    admit(world, baby(world, "Lê Văn Mười Sáu", date(2010, 12, 10)), ADMITTED)
    admit(world, baby(world, "Lê Thị Hai Hai", date(2004, 12, 20)), ADMITTED, studying=True, care_group="general")
    admit(world, baby(world, "Lê Văn Chưa Tới", date(2011, 3, 1)), ADMITTED)
    admit(world, baby(world, "Lê Văn Không Học", date(2004, 12, 21)), ADMITTED, care_group="general")
    turning = reminders_for_user(staff, date(2026, 11, 1)).turning
    assert [(t.resident.person.full_name, t.day, t.age) for t in turning] == [
        ("Lê Văn Mười Sáu", date(2026, 12, 10), 16),
        ("Lê Thị Hai Hai", date(2026, 12, 20), 22),
    ]


def test_a_child_past_16_who_is_still_there_stays_on_the_list(world):
    admit(world, baby(world, "Lê Văn Quá Tuổi", date(2010, 8, 1)), date(2026, 7, 1))
    turning = reminders_for_user(world.user("facility_staff"), date(2026, 11, 1)).turning
    assert [(t.resident.person.full_name, t.day) for t in turning] == [("Lê Văn Quá Tuổi", date(2026, 8, 1))]


def test_voluntary_resident_by_contract(world):
    elder = f.PersonFactory(full_name="Võ Thị Tám", commune=world.commune_b, birth_date=date(1940, 1, 1))
    resident = admit(world, elder, ADMITTED, path=Resident.Path.CONTRACT, care_group=CareGroup.ELDERLY)
    assert (resident.contract_number, resident.contract_end_on, resident.monthly_fee, resident.file_due_on) == (
        "HĐ-01/2026", date(2027, 12, 31), 3_000_000, None,
    )  # fmt: skip
    other = f.PersonFactory(commune=world.commune_b)
    with pytest.raises(ValidationError) as refused:
        admit(world, other, ADMITTED, path=Resident.Path.CONTRACT, contract_end_on=date(2026, 10, 1))
    assert list(refused.value.message_dict) == ["contract_end_on"]
    with pytest.raises(ValidationError) as refused:
        admit(world, other, ADMITTED, path=Resident.Path.CONTRACT, monthly_fee=0)
    assert list(refused.value.message_dict) == ["monthly_fee"]
    assert not Resident.objects.filter(person=other).exists()


def test_admission_by_law_needs_the_authoritys_decision(world):
    person = f.PersonFactory(commune=world.commune_a)
    with pytest.raises(ValidationError) as refused:
        admit(world, person, ADMITTED, path=Resident.Path.BY_LAW, admission_decision_number="")
    assert list(refused.value.message_dict) == ["admission_decision_number"]
    resident = admit(world, person, ADMITTED, path=Resident.Path.BY_LAW)
    assert (resident.path, resident.admission_decision_number) == (Resident.Path.BY_LAW, "12/QĐ-TA")


def test_admitting_beyond_the_capacity_of_the_care_group_warns_until_confirmed(world):
    facility = world.facility
    facility.capacity_children, facility.capacity_elderly, facility.capacity = 1, 5, 6
    facility.save()
    admit(world, baby(world), ADMITTED)
    second = baby(world, "Bé Trần Văn Hai")
    with pytest.raises(services.OverCapacity) as warned:
        admit(world, second, ADMITTED)
    assert warned.value.message_dict == {
        "confirm_over_capacity": [
            "Nhóm «Trẻ em» của cơ sở đã có 1/1 người theo công suất. Đánh dấu xác nhận để vẫn tiếp nhận vượt công suất."
        ]
    }
    assert not Resident.objects.filter(person=second).exists()
    admit(world, second, ADMITTED, confirm_over_capacity=True)
    elder = f.PersonFactory(commune=world.commune_a)
    admit(world, elder, ADMITTED, care_group=CareGroup.ELDERLY)  # another group still has room
    assert Resident.objects.filter(facility=facility, discharged_on__isnull=True).count() == 3


def test_a_person_in_two_facilities_or_a_dead_person_is_refused(world):
    other_facility = f.FacilityFactory(name="Cơ sở Bảo trợ xã hội Kim Bửu", unit=world.commune_c)
    person = baby(world)
    admit(world, person, ADMITTED)
    staff_c = world.user("facility_staff")
    staff_c.active_assignment.facility = other_facility  # the same person at another facility's door
    with pytest.raises(ValidationError) as refused:
        admit(world, person, date(2026, 10, 6), facility=other_facility, actor=staff_c)
    assert refused.value.message_dict == {
        "person": ["Đối tượng đang sống tại Trung tâm Bảo trợ xã hội tổng hợp từ ngày 05/10/2026."]
    }
    dead = f.PersonFactory(commune=world.commune_a, death_date=date(2026, 9, 30))
    with pytest.raises(ValidationError, match="đã mất ngày 30/09/2026"):
        admit(world, dead, ADMITTED, facility=other_facility, actor=staff_c)
    assert Resident.objects.filter(facility=other_facility).count() == 0


def test_only_staff_of_the_facility_admit(world):
    person = baby(world)
    for key in ("officer_a", "province_officer", "auditor"):
        with pytest.raises(PermissionDenied):
            admit(world, person, ADMITTED, actor=world.user(key))
    assert not Resident.objects.filter(person=person).exists()


def test_staff_record_a_person_not_yet_in_the_registry(world):
    staff = world.user("facility_staff")
    person = services.resident_intake_person(
        actor=staff, facility=world.facility, home_commune=world.commune_b, full_name="  Bé   Vô Danh ",
        birth_date=date(2026, 10, 1), sex=Person.Sex.FEMALE, id_number="",
    )  # fmt: skip
    assert (person.full_name, person.commune, person.id_number, person.created_by) == (
        "Bé Vô Danh", world.commune_b, None, staff,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.resident_intake_person(
            actor=staff, facility=world.facility, home_commune=world.commune_b, full_name="Bé Hai",
            birth_date=date(2027, 1, 1), sex=Person.Sex.MALE,
        )  # fmt: skip
    assert list(refused.value.message_dict) == ["birth_date"]


# --- Emergency protection lasts at most 3 months (decree20.md §7) --------------------------------------------


@pytest.mark.parametrize(
    ("admitted_on", "today", "ends_on", "due"),
    [
        (date(2026, 10, 5), date(2026, 12, 25), date(2027, 1, 5), False),  # 11 days before: not yet
        (date(2026, 10, 5), date(2026, 12, 26), date(2027, 1, 5), True),  # the last 10 days begin
        (date(2026, 10, 5), date(2027, 1, 5), date(2027, 1, 5), True),  # the day it reaches 3 months
        (date(2026, 10, 5), date(2027, 1, 6), date(2027, 1, 5), True),  # overdue
        (date(2026, 11, 30), date(2027, 2, 17), date(2027, 2, 28), False),  # no 30 February: the month's last day
        (date(2026, 11, 30), date(2027, 2, 18), date(2027, 2, 28), True),
        (date(2027, 11, 30), date(2028, 2, 19), date(2028, 2, 29), True),  # leap year
    ],
)
def test_emergency_stay_limit_rule(admitted_on, today, ends_on, due):
    assert rules.emergency_stay_ends(admitted_on) == ends_on
    assert rules.emergency_stay_due(admitted_on, today) is due
    # The selector's coarse database bound never leaves a due stay out.
    assert not due or admitted_on <= rules.emergency_admitted_before(today)


def emergency_stays(world, today):
    return [(r.person.full_name, r.emergency_ends_on) for r in reminders_for_user(world.user("facility_staff"), today)
            .emergency_stays]  # fmt: skip


def test_emergency_stays_are_reminded_from_10_days_before_3_months_until_a_discharge_is_proposed(world):
    resident = admit(world, baby(world), ADMITTED)
    later = admit(world, baby(world, "Trần Văn Bình", date(2012, 3, 3)), date(2026, 10, 6))
    admit(world, baby(world, "Lê Thị Hợp Đồng", date(1950, 1, 1)), ADMITTED, path=Resident.Path.CONTRACT,
          care_group=CareGroup.ELDERLY)  # fmt: skip
    admit(world, baby(world, "Lê Văn Theo Luật", date(1990, 1, 1)), ADMITTED, path=Resident.Path.BY_LAW,
          care_group=CareGroup.GENERAL)  # fmt: skip
    assert emergency_stays(world, date(2026, 12, 25)) == []
    assert emergency_stays(world, date(2026, 12, 26)) == [("Bé Nguyễn Thị An", date(2027, 1, 5))]
    assert emergency_stays(world, date(2027, 1, 6)) == [
        ("Bé Nguyễn Thị An", date(2027, 1, 5)), ("Trần Văn Bình", date(2027, 1, 6)),
    ]  # fmt: skip
    discharge_propose(actor=world.user("facility_staff"), resident=resident, reason=Resident.DischargeReason.CASE_ENDED,
                      proposed_on=date(2027, 1, 6), today=date(2027, 1, 6))  # fmt: skip
    reminders = reminders_for_user(world.user("facility_staff"), date(2027, 1, 6))
    assert [r.person.full_name for r in reminders.emergency_stays] == ["Trần Văn Bình"]
    assert [r.person.full_name for r in reminders.discharges_due] == ["Bé Nguyễn Thị An"]  # reminded as such
    assert later.discharge_proposed_on is None


def test_the_resident_list_and_the_home_page_show_the_emergency_stay_limit(world, login, set_today):  # noqa: F811
    staff = world.user("facility_staff")
    resident = admit(world, baby(world), ADMITTED)
    services.resident_complete_file(actor=staff, resident=resident, completed_on=date(2026, 10, 9),
                                    today=date(2026, 10, 9))  # fmt: skip
    set_today(date(2026, 12, 26))
    client = login(staff)
    assert 'data-testid="facility-reminders">1</div>' in client.get("/").content.decode()
    html = client.get("/co-so/doi-tuong/").content.decode()
    assert (
        "Bé Nguyễn Thị An</a>: bảo vệ khẩn cấp tối đa 3 tháng, đến 05/01/2027 — hoàn thiện tiếp nhận theo Điều 28.1 "
        "hoặc đề nghị rời cơ sở</li>"
    ) in html
    set_today(date(2027, 1, 6))
    html = client.get("/co-so/doi-tuong/").content.decode()
    assert "hoặc đề nghị rời cơ sở (quá hạn)</li>" in html
