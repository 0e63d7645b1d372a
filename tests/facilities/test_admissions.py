"""Admission cases (form 07, Art. 28.1): each step with its working-day deadline in the three-level flow (district
places, or the province does) and the two-level flow (the commune chairman places), then the facility admits.

October 2026 has no public holiday: Monday 05/10 + 10 working days = Monday 19/10. The end of August crosses the
National Day days off (31/08, 01/09, 02/09).
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from facilities import workflow
from facilities.models import AdmissionCase, CareGroup, Facility, FacilityEvent, Resident
from facilities.services import admissions as services
from facilities.services.residents import admission_admit
from tests import factories as f

from .residents_helpers import admit, persona

Status = AdmissionCase.Status
RECEIVED = date(2026, 10, 5)


def child(commune, name="Lê Thị Hoa"):
    return f.PersonFactory(full_name=name, commune=commune, birth_date=date(2015, 6, 1), id_number=None)


def opened(world, person, *, officer="officer_a", received_on=RECEIVED):
    actor = world.user(officer) if isinstance(officer, str) else officer
    return services.admission_open(
        actor=actor, person=person, care_group=CareGroup.CHILDREN, reason="Mồ côi cả cha và mẹ",
        received_on=received_on,
    )  # fmt: skip


def posted(world, case, *, leader=None, on=date(2026, 10, 7)):
    services.admission_submit(actor=case.created_by, case=case, today=RECEIVED)
    return services.admission_post(actor=leader or world.user("leader_a"), case=case, today=on)


def appraised(world, case, *, leader=None):
    leader = leader or world.user("leader_a")
    posted(world, case, leader=leader)
    services.admission_forward(actor=leader, case=case, today=date(2026, 10, 19))
    return services.admission_appraise(actor=world.user("district_officer"), case=case, today=date(2026, 10, 20))


@pytest.fixture
def district_centre(world):
    return f.FacilityFactory(
        name="Trung tâm Công tác xã hội huyện Cao Lãnh", managing_level=Facility.ManagingLevel.DISTRICT,
        unit=world.commune_b,
    )  # fmt: skip


def test_three_level_flow_district_places_and_facility_admits_with_each_deadline(world, district_centre):
    person = child(world.commune_a)
    case = opened(world, person)
    assert (case.flow, case.status, case.commune) == (workflow.THREE_LEVEL, Status.DRAFT, world.commune_a)

    services.admission_submit(actor=world.user("officer_a"), case=case, today=RECEIVED)
    assert (case.status, case.due_on) == (Status.SUBMITTED, date(2026, 10, 19))  # commune review: 10 working days

    services.admission_post(actor=world.user("leader_a"), case=case, today=date(2026, 10, 7))
    # Posted 7 working days (08/10 → 16/10), forwarded the next working day.
    assert (case.status, case.posted_until, case.due_on) == (Status.POSTED, date(2026, 10, 16), date(2026, 10, 19))

    with pytest.raises(ValidationError, match="niêm yết công khai đến hết ngày 16/10/2026"):
        services.admission_forward(actor=world.user("leader_a"), case=case, today=date(2026, 10, 16))
    services.admission_forward(actor=world.user("officer_a"), case=case, today=date(2026, 10, 19))
    assert (case.status, case.due_on) == (Status.FORWARDED, date(2026, 10, 28))  # Division: 7 working days

    services.admission_appraise(actor=world.user("district_officer"), case=case, today=date(2026, 10, 20))
    assert (case.status, case.due_on) == (Status.APPRAISED, date(2026, 10, 23))  # district chairman: 3

    services.admission_place(
        actor=world.user("district_leader"), case=case, facility=district_centre, decision_number="45/QĐ-UBND",
        decision_date=date(2026, 10, 22), today=date(2026, 10, 22),
    )  # fmt: skip
    case.refresh_from_db()
    assert (case.status, case.facility, case.decision_number, case.due_on) == (
        Status.PLACED, district_centre, "45/QĐ-UBND", None,
    )  # fmt: skip

    head = persona("truong_tt_huyen", Role.FACILITY_STAFF, world.commune_b, facility=district_centre)
    resident = admission_admit(actor=head, case=case, admitted_on=date(2026, 10, 26), today=date(2026, 10, 26))
    case.refresh_from_db()
    assert case.status == Status.ADMITTED
    assert (resident.facility, resident.path, resident.admission_case, resident.home_commune) == (
        district_centre, Resident.Path.REGULAR, case, world.commune_a,
    )  # fmt: skip
    assert (resident.admission_decision_number, resident.admission_decision_date) == ("45/QĐ-UBND", date(2026, 10, 22))
    events = FacilityEvent.objects.filter(admission_case=case).order_by("id")
    assert [(e.action, e.due_on) for e in events] == [
        ("open", None),
        ("submit", date(2026, 10, 19)),
        ("post", date(2026, 10, 19)),
        ("forward", date(2026, 10, 28)),
        ("appraise", date(2026, 10, 23)),
        ("place", None),
        ("admit", None),
    ]


def test_posting_skips_the_national_day_holidays(world):
    case = opened(world, child(world.commune_a), received_on=date(2026, 8, 24))
    services.admission_submit(actor=world.user("officer_a"), case=case, today=date(2026, 8, 24))
    assert case.due_on == date(2026, 9, 10)  # 31/08, 01/09 and 02/09 are days off
    services.admission_post(actor=world.user("leader_a"), case=case, today=date(2026, 8, 28))
    assert (case.posted_until, case.due_on) == (date(2026, 9, 11), date(2026, 9, 14))


def test_district_sends_to_the_province_which_places_in_its_centre(world, district_centre):
    case = appraised(world, opened(world, child(world.commune_a)))
    services.admission_send_to_province(actor=world.user("district_officer"), case=case, today=date(2026, 10, 21))
    assert (case.status, case.due_on) == (Status.SENT_TO_PROVINCE, date(2026, 10, 30))  # department: 7 working days

    with pytest.raises(ValidationError) as refused:
        services.admission_place(
            actor=world.user("province_officer"), case=case, facility=district_centre, decision_number="9/QĐ-SYT",
            decision_date=date(2026, 10, 23), today=date(2026, 10, 23),
        )  # fmt: skip
    assert "facility" in refused.value.message_dict
    services.admission_place(
        actor=world.user("province_officer"), case=case, facility=world.facility, decision_number="9/QĐ-SYT",
        decision_date=date(2026, 10, 23), today=date(2026, 10, 23),
    )  # fmt: skip
    resident = admission_admit(
        actor=world.user("facility_staff"), case=case, admitted_on=date(2026, 10, 26), today=date(2026, 10, 26)
    )
    assert (resident.facility, case.status) == (world.facility, Status.ADMITTED)


def test_two_level_flow_the_commune_chairman_places_after_the_posting(world):
    leader = persona("lanhdao_2a", Role.COMMUNE_LEADER, world.commune_2a)
    ward_home = f.FacilityFactory(
        name="Nhà xã hội phường Ninh Kiều", managing_level=Facility.ManagingLevel.COMMUNE, unit=world.commune_2a
    )
    case = opened(world, child(world.commune_2a), officer="officer_2level")
    assert case.flow == workflow.TWO_LEVEL
    services.admission_submit(actor=world.user("officer_2level"), case=case, today=RECEIVED)
    assert case.due_on == date(2026, 10, 19)
    services.admission_post(actor=leader, case=case, today=date(2026, 10, 7))
    # The commune chairman decides within 3 working days of the posting's end (16/10).
    assert (case.posted_until, case.due_on) == (date(2026, 10, 16), date(2026, 10, 21))
    assert [s.action for s in workflow.available_steps(case.flow, case.status, Role.COMMUNE_LEADER)] == [
        "return", "place", "to_province", "reject",
    ]  # fmt: skip
    with pytest.raises(ValidationError, match="chưa thể quyết định tiếp nhận"):
        services.admission_place(
            actor=leader, case=case, facility=ward_home, decision_number="3/QĐ-UBND", decision_date=date(2026, 10, 9),
            today=date(2026, 10, 9),
        )  # fmt: skip
    services.admission_place(
        actor=leader, case=case, facility=ward_home, decision_number="3/QĐ-UBND", decision_date=date(2026, 10, 19),
        today=date(2026, 10, 19),
    )  # fmt: skip
    assert (case.status, case.facility) == (Status.PLACED, ward_home)


def test_two_level_commune_sends_to_the_province(world):
    leader = persona("lanhdao_2a", Role.COMMUNE_LEADER, world.commune_2a)
    case = opened(world, child(world.commune_2a), officer="officer_2level")
    posted(world, case, leader=leader)
    services.admission_send_to_province(actor=leader, case=case, today=date(2026, 10, 19))
    assert (case.status, case.due_on) == (Status.SENT_TO_PROVINCE, date(2026, 10, 28))


def test_returned_case_is_resubmitted_with_a_new_review_deadline(world):
    case = opened(world, child(world.commune_a))
    services.admission_submit(actor=world.user("officer_a"), case=case, today=RECEIVED)
    with pytest.raises(ValidationError) as refused:
        services.admission_return(actor=world.user("leader_a"), case=case, reason="  ", today=date(2026, 10, 6))
    assert "reason" in refused.value.message_dict
    services.admission_return(actor=world.user("leader_a"), case=case, reason="Thiếu giấy khai sinh", today=RECEIVED)
    assert (case.status, case.return_reason, case.due_on) == (Status.RETURNED, "Thiếu giấy khai sinh", None)
    services.admission_submit(actor=world.user("officer_a"), case=case, today=date(2026, 10, 12))
    assert (case.status, case.due_on, case.return_reason) == (Status.SUBMITTED, date(2026, 10, 26), "")


def test_refusal_in_writing_ends_the_case(world):
    case = appraised(world, opened(world, child(world.commune_a)))
    services.admission_reject(
        actor=world.user("district_leader"), case=case, reason="Có người thân nhận nuôi", today=date(2026, 10, 21)
    )
    case.refresh_from_db()
    assert (case.status, case.return_reason, case.decided_by) == (
        Status.REJECTED, "Có người thân nhận nuôi", world.user("district_leader"),
    )  # fmt: skip


def test_maker_is_not_the_checker(world):
    both = persona("kiemnhiem", Role.COMMUNE_OFFICER, world.commune_a)
    leader_role = both.assignments.create(role=Role.COMMUNE_LEADER, unit=world.commune_a)
    case = opened(world, child(world.commune_a), officer=both)
    services.admission_submit(actor=both, case=case, today=RECEIVED)
    both.active_assignment = leader_role
    with pytest.raises(PermissionDenied, match="Người lập hồ sơ"):
        services.admission_post(actor=both, case=case, today=date(2026, 10, 7))
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED


def test_other_units_cannot_take_a_step_and_nothing_changes(world, district_centre):
    case = opened(world, child(world.commune_a))
    services.admission_submit(actor=world.user("officer_a"), case=case, today=RECEIVED)
    other_leader = persona("lanhdao_b", Role.COMMUNE_LEADER, world.commune_b)
    for actor in (other_leader, world.user("officer_a"), world.user("district_leader")):
        with pytest.raises(PermissionDenied):
            services.admission_post(actor=actor, case=case, today=date(2026, 10, 7))
    case.refresh_from_db()
    assert (case.status, case.version) == (Status.SUBMITTED, 2)

    case_b = opened(world, child(world.commune_b, "Trần Văn Bé"), officer="officer_b")
    appraised_case = appraised(world, case_b, leader=other_leader)
    services.admission_place(
        actor=world.user("district_leader"), case=appraised_case, facility=district_centre,
        decision_number="46/QĐ-UBND", decision_date=date(2026, 10, 22), today=date(2026, 10, 22),
    )  # fmt: skip
    with pytest.raises(PermissionDenied):  # staff of another facility
        admission_admit(actor=world.user("facility_staff"), case=appraised_case, admitted_on=date(2026, 10, 26))
    assert not Resident.objects.filter(person=appraised_case.person).exists()


def test_dead_person_or_one_already_in_a_facility_cannot_be_proposed(world):
    dead = f.PersonFactory(commune=world.commune_a, death_date=date(2026, 9, 1))
    with pytest.raises(ValidationError, match="đã mất ngày 01/09/2026"):
        opened(world, dead)
    living_there = child(world.commune_a, "Phạm Văn Tí")
    admit(world, living_there, date(2026, 10, 1))
    with pytest.raises(ValidationError) as refused:
        opened(world, living_there)
    assert refused.value.message_dict["person"] == [
        "Đối tượng đang sống tại Trung tâm Bảo trợ xã hội tổng hợp từ ngày 01/10/2026."
    ]
    person = child(world.commune_a)
    opened(world, person)
    with pytest.raises(ValidationError, match="đã có hồ sơ đề nghị vào cơ sở đang xử lý"):
        opened(world, person)
    assert AdmissionCase.objects.filter(person=person).count() == 1
