"""emergency.services: assessments and their lines, the approval workflow (states, especially urgent, escalation,
maker ≠ checker, compare-and-set), disbursements (funding split, limits, completion) and bad input."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Role
from accounts.services import assignment_grant
from beneficiaries.models import Household, Person
from emergency import services
from emergency.models import AidLine, Assessment, AssessmentEvent, Disbursement, Incident
from emergency.selectors import awaiting_user, totals_for
from tests import factories as f

from .flow import approved, assess, household, hurt, incident

Status = Assessment.Status


def second_officer(world):
    user = f.UserFactory(username="officer_a2")
    user.active_assignment = assignment_grant(user=user, role=Role.COMMUNE_OFFICER, unit=world.commune_a, actor=None)
    return user


def lines(assessment):
    return list(
        AidLine.objects.filter(assessment=assessment).order_by("id").values_list("aid_type", "minimum_amount", "amount")
    )


# --- Assessments and their lines ------------------------------------------------------------------------------


def test_a_poor_household_whose_house_collapsed_gets_the_lines_of_the_rules(world):
    event = incident(world)
    home = household(world.commune_a, "Lê Văn Sáu", Household.Poverty.POOR, members=4)
    assessment = assess(world, event, home, house_damage="lost", food_short_members=4, food_months=3)
    assert (assessment.poverty_status, assessment.members, assessment.status) == ("poor", 4, Status.DRAFT)
    assert lines(assessment) == [("rice_disaster", 0, 0), ("house_lost", 40_000_000, 40_000_000)]
    assert AidLine.objects.get(assessment=assessment, aid_type="rice_disaster").rice_kg == Decimal(180)
    hurt(world, assessment, "Lê Văn Bảy", "injured", 5)
    hurt(world, assessment, "Lê Thị Tám", "dead", death_date=date(2025, 10, 2), death_cause="Lũ cuốn")
    assert lines(assessment) == [
        ("rice_disaster", 0, 0),
        ("injured", 5_000_000, 5_000_000),
        ("death", 25_000_000, 25_000_000),
        ("house_lost", 40_000_000, 40_000_000),
    ]
    assert list(assessment.events.values_list("action", flat=True)) == ["create", "person_add", "person_add"]


def test_the_level_of_the_incident_month_applies(world):
    event = incident(world, occurred_on=date(2023, 9, 18), name="Bão số 3")
    assessment = assess(world, event, household(world.commune_a))
    hurt(world, assessment, "Trần Văn Chín", "injured", 3)
    assert lines(assessment) == [("injured", 3_600_000, 3_600_000)]


def test_a_non_poor_household_gets_no_house_line_and_the_page_can_say_why(world):
    event = incident(world)
    assessment = assess(world, event, household(world.commune_a), house_damage="lost", members=3)
    assert lines(assessment) == []
    (why,) = services.proposal_for(assessment).explanations
    assert why.message == (
        "Không đủ điều kiện khoản 1 Điều 15: hộ không thuộc hộ nghèo, cận nghèo hoặc hoàn cảnh khó khăn"
    )
    assessment.refresh_from_db()
    services.assessment_update(
        actor=world.user("officer_a"), assessment=assessment, version=assessment.version, hardship=True
    )
    assert lines(assessment) == [("house_lost", 40_000_000, 40_000_000)]


def test_a_household_is_created_on_the_spot_with_its_head(world):
    event = incident(world)
    assessment = services.assessment_create(
        actor=world.user("officer_a"),
        incident=event,
        new_household={
            "head_name": "Đỗ Thị Mười",
            "sex": "F",
            "birth_year": 1971,
            "poverty_status": "near_poor",
            "poverty_year": 2024,
        },
        house_damage="serious",
        members=2,
    )
    home = assessment.household
    assert (home.head_name, home.poverty_status, home.commune) == ("Đỗ Thị Mười", "near_poor", world.commune_a)
    head = Person.objects.get(household=home)
    assert (head.full_name, head.birth_date, head.birth_year_only) == ("Đỗ Thị Mười", date(1971, 1, 1), True)
    assert lines(assessment) == [("house_damaged", 20_000_000, 20_000_000)]


def test_the_same_household_twice_in_one_incident_is_refused(world):
    event = incident(world)
    home = household(world.commune_a, "Phan Văn Hai")
    assess(world, event, home)
    with pytest.raises(ValidationError) as error:
        assess(world, event, home, members=3)
    assert error.value.message_dict == {
        "household": ["Hộ Phan Văn Hai đã có phiếu đánh giá trong sự kiện này; hãy sửa phiếu đó."]
    }
    assert Assessment.objects.filter(household=home).count() == 1


@pytest.mark.parametrize(
    ("facts", "field", "message"),
    [
        (
            {"food_short_members": 3, "food_months": 4},
            "food_months",
            "Mỗi đợt chỉ hỗ trợ gạo tối đa 3 tháng (khoản 1 Điều 12); đã nhập 4 tháng.",
        ),
        ({"members": -2}, "members", "Số lượng không được âm."),
        ({"food_short_members": -1}, "food_short_members", "Số lượng không được âm."),
    ],
)
def test_bad_numbers_are_refused_and_nothing_is_saved(world, facts, field, message):
    event = incident(world)
    with pytest.raises(ValidationError) as error:
        assess(world, event, household(world.commune_a), **facts)
    assert error.value.message_dict[field] == [message]
    assert not Assessment.objects.exists()


def test_tet_gives_one_month_of_rice_and_refuses_two(world):
    event = incident(world, kind=Incident.Kind.TET, name="Hỗ trợ gạo Tết Bính Ngọ", occurred_on=date(2025, 12, 20))
    assessment = assess(world, event, household(world.commune_a), members=5, food_short_members=5, food_months=1)
    assert AidLine.objects.get(assessment=assessment).rice_kg == Decimal(75)
    with pytest.raises(ValidationError) as error:
        assess(world, event, household(world.commune_a, "Võ Văn Ba"), members=3, food_short_members=3, food_months=2)
    assert error.value.message_dict["food_months"] == [
        "Dịp Tết chỉ hỗ trợ gạo 1 tháng mỗi đợt (khoản 1 Điều 12); đã nhập 2."
    ]


def test_an_injured_person_with_negative_treatment_days_is_refused(world):
    assessment = assess(world, incident(world), household(world.commune_a))
    with pytest.raises(ValidationError) as error:
        hurt(world, assessment, "Ngô Văn Tư", "injured", -1)
    assert error.value.message_dict == {"treatment_days": ["Số ngày điều trị không được âm."]}
    assert not assessment.people.exists()


def test_an_amount_below_the_minimum_needs_a_reason_and_above_is_kept_when_facts_change(world):
    home = household(world.commune_a, "Hồ Văn Năm", Household.Poverty.POOR)
    assessment = assess(world, incident(world), home, house_damage="serious", members=3)
    line = assessment.lines.get()
    with pytest.raises(ValidationError) as error:
        services.aidline_set_amount(
            actor=world.user("officer_a"),
            assessment=assessment,
            version=assessment.version,
            line=line,
            amount=15_000_000,
        )
    assert error.value.message_dict == {
        "reason": ["Số tiền 15.000.000 ₫ thấp hơn mức tối thiểu 20.000.000 ₫ theo quy định: cần ghi lý do."]
    }
    line.refresh_from_db()
    assert line.amount == 20_000_000
    services.aidline_set_amount(
        actor=world.user("officer_a"), assessment=assessment, version=assessment.version, line=line, amount=25_000_000
    )
    assessment.refresh_from_db()
    services.assessment_update(
        actor=world.user("officer_a"), assessment=assessment, version=assessment.version, lost_goods=True
    )
    assert lines(assessment) == [("goods", 0, 0), ("house_damaged", 20_000_000, 25_000_000)]
    line = assessment.lines.get(aid_type="house_damaged")
    services.aidline_set_amount(
        actor=world.user("officer_a"),
        assessment=assessment,
        version=assessment.version,
        line=line,
        amount=18_000_000,
        reason="Hộ đã nhận 2.000.000 ₫ từ Mặt trận",
    )
    line.refresh_from_db()
    assert (line.amount, line.below_minimum_reason) == (18_000_000, "Hộ đã nhận 2.000.000 ₫ từ Mặt trận")


def test_a_stale_version_loses(world):
    assessment = assess(world, incident(world), household(world.commune_a))
    stale = assessment.version
    hurt(world, assessment, "Mai Văn Một", "dead")
    with pytest.raises(services.ConcurrentChange):
        services.assessment_update(actor=world.user("officer_a"), assessment=assessment, version=stale, members=9)
    assessment.refresh_from_db()
    assert assessment.members == 0


# --- Workflow -------------------------------------------------------------------------------------------------


def test_propose_review_approve_at_the_commune_with_a_two_day_deadline(world):
    reviewer = second_officer(world)
    home = household(world.commune_a, "Cao Văn Sáu", Household.Poverty.POOR)
    assessment = assess(world, incident(world), home, house_damage="lost")
    today = timezone.localdate()
    services.assessment_propose(actor=world.user("officer_a"), assessment=assessment, today=today)
    assert (assessment.status, assessment.due_on) == (Status.PROPOSED, today + timedelta(days=2))
    with pytest.raises(ValidationError):
        # Not especially urgent: the chairman waits for the review.
        services.assessment_decide(
            actor=world.user("leader_a"), assessment=assessment, approve=True, decision_number="1/QĐ"
        )
    assert list(awaiting_user(reviewer)) == [assessment]
    services.assessment_review(actor=reviewer, assessment=assessment)
    assert list(awaiting_user(world.user("leader_a"))) == [assessment]
    services.assessment_decide(
        actor=world.user("leader_a"), assessment=assessment, approve=True, decision_number="21/QĐ-UBND"
    )
    assessment.refresh_from_db()
    assert (assessment.status, assessment.decision_number, assessment.decided_by) == (
        Status.APPROVED,
        "21/QĐ-UBND",
        world.user("leader_a"),
    )
    assert list(assessment.events.values_list("action", "from_status", "to_status")) == [
        ("create", "", "draft"),
        ("propose", "draft", "proposed"),
        ("review", "proposed", "reviewed"),
        ("approve", "reviewed", "approved"),
    ]


def test_the_maker_can_neither_review_nor_decide(world):
    reviewer = second_officer(world)
    assessment = assess(
        world,
        incident(world),
        household(world.commune_a),
        members=2,
        food_short_members=2,
        food_months=1,
        actor="officer_a",
    )
    services.assessment_propose(actor=reviewer, assessment=assessment)
    with pytest.raises(PermissionDenied):
        services.assessment_review(actor=reviewer, assessment=assessment)
    with pytest.raises(PermissionDenied):
        services.assessment_review(actor=world.user("officer_a"), assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.status == Status.PROPOSED


def test_especially_urgent_incident_is_decided_without_review(world):
    event = incident(world, especially_urgent=True)
    assessment = assess(
        world, event, household(world.commune_a, "Tạ Văn Bốn"), members=3, food_short_members=3, food_months=3
    )
    assessment = approved(world, assessment, number="7/QĐ-UBND")
    assert assessment.status == Status.APPROVED
    assert assessment.events.get(action="approve").note == "Quyết định không qua bước xét duyệt (khoản 2 Điều 17)"


def test_a_commune_leader_from_elsewhere_or_another_role_cannot_decide(world):
    event = incident(world, especially_urgent=True)
    assessment = assess(world, event, household(world.commune_a), lost_goods=True)
    services.assessment_propose(actor=world.user("officer_a"), assessment=assessment)
    for persona in ("district_leader", "province_officer", "auditor"):
        with pytest.raises(PermissionDenied):
            services.assessment_decide(
                actor=world.user(persona), assessment=assessment, approve=True, decision_number="9/QĐ"
            )
    assessment.refresh_from_db()
    assert (assessment.status, assessment.decided_by) == (Status.PROPOSED, None)


def test_escalate_to_the_district_then_the_province_keeps_the_history(world):
    home = household(world.commune_a, "Kiều Văn Hai", Household.Poverty.POOR)
    assessment = assess(world, incident(world), home, house_damage="lost")
    today = date(2025, 10, 3)  # a Friday: 3 working days after it is Wednesday 08/10
    services.assessment_propose(actor=world.user("officer_a"), assessment=assessment, today=today)
    services.assessment_escalate(
        actor=world.user("leader_a"), assessment=assessment, today=today, reason="Ngân sách xã không đủ"
    )
    assert (assessment.deciding_level, assessment.status, assessment.due_on) == (
        "district",
        Status.PROPOSED,
        date(2025, 10, 8),
    )
    with pytest.raises(PermissionDenied):
        services.assessment_review(actor=second_officer(world), assessment=assessment)
    services.assessment_review(actor=world.user("district_officer"), assessment=assessment)
    services.assessment_escalate(actor=world.user("district_leader"), assessment=assessment, today=today)
    assert (assessment.deciding_level, assessment.status) == ("province", Status.REVIEWED)
    with pytest.raises(PermissionDenied):
        services.assessment_decide(
            actor=world.user("district_leader"), assessment=assessment, approve=True, decision_number="3/QĐ-UBND"
        )
    services.assessment_decide(
        actor=world.user("province_officer"), assessment=assessment, approve=True, decision_number="88/QĐ-UBND"
    )
    events = list(assessment.events.values_list("action", "deciding_level", "note"))
    assert events == [
        ("create", "commune", ""),
        ("propose", "commune", ""),
        ("escalate", "district", "Ngân sách xã không đủ"),
        ("review", "district", ""),
        ("escalate", "province", "Vượt khả năng ngân sách của cấp dưới"),
        ("approve", "province", ""),
    ]
    with pytest.raises(ValidationError):
        services.assessment_escalate(actor=world.user("province_officer"), assessment=assessment)


def test_a_two_level_province_escalates_straight_to_the_province(world):
    officer = world.user("officer_2level")
    event = services.incident_open(
        actor=officer,
        communes=[world.commune_2a],
        name="Sạt lở bờ sông",
        kind="landslide",
        occurred_on=date(2025, 9, 1),
    )
    home = household(world.commune_2a, "Lâm Văn Ba", Household.Poverty.POOR)
    assessment = services.assessment_create(actor=officer, incident=event, household=home, house_damage="relocation")
    services.assessment_propose(actor=officer, assessment=assessment)
    services.assessment_escalate(actor=officer, assessment=assessment)
    assert assessment.deciding_level == "province"


def test_reject_needs_a_reason_and_return_sends_back_to_draft(world):
    reviewer = second_officer(world)
    assessment = assess(world, incident(world), household(world.commune_a), lost_goods=True)
    services.assessment_propose(actor=world.user("officer_a"), assessment=assessment)
    services.assessment_return(actor=reviewer, assessment=assessment, reason="Thiếu số nhân khẩu")
    assert (assessment.status, assessment.due_on) == (Status.DRAFT, None)
    services.assessment_propose(actor=world.user("officer_a"), assessment=assessment)
    services.assessment_review(actor=reviewer, assessment=assessment)
    with pytest.raises(ValidationError) as error:
        services.assessment_decide(actor=world.user("leader_a"), assessment=assessment, approve=False)
    assert error.value.message_dict == {"reason": ["Lý do không hỗ trợ: vui lòng ghi rõ lý do."]}
    services.assessment_decide(
        actor=world.user("leader_a"), assessment=assessment, approve=False, reason="Hộ đã được hỗ trợ từ nguồn khác"
    )
    assert (assessment.status, assessment.reject_reason) == (Status.REJECTED, "Hộ đã được hỗ trợ từ nguồn khác")


def test_only_a_draft_is_edited(world):
    event = incident(world, especially_urgent=True)
    assessment = approved(world, assess(world, event, household(world.commune_a), lost_goods=True))
    with pytest.raises(ValidationError):
        services.assessment_update(
            actor=world.user("officer_a"), assessment=assessment, version=assessment.version, members=7
        )
    assessment.refresh_from_db()
    assert assessment.members == 0


# --- Disbursement -----------------------------------------------------------------------------------------------


def _pay(world, line, **kwargs):
    defaults = {
        "source": "commune",
        "method": "cash",
        "paid_on": date(2025, 10, 5),
        "recipient_name": "Chủ hộ",
        "recipient_signed": True,
    }
    return services.disbursement_record(actor=world.user("officer_a"), line=line, **{**defaults, **kwargs})


def test_money_from_two_sources_and_rice_in_kind_complete_the_assessment(world):
    event = incident(world, especially_urgent=True)
    home = household(world.commune_a, "Dương Văn Tư", Household.Poverty.POOR)
    assessment = approved(
        world, assess(world, event, home, house_damage="lost", members=4, food_short_members=4, food_months=2)
    )
    house = assessment.lines.get(aid_type="house_lost")
    rice = assessment.lines.get(aid_type="rice_disaster")
    _pay(world, house, amount=30_000_000)
    _pay(world, house, amount=10_000_000, source="community", method="transfer", recipient_signed=False)
    assessment.refresh_from_db()
    assert assessment.status == Status.APPROVED  # rice still owed
    _pay(world, rice, method="in_kind", rice_kg=Decimal("120"))
    assessment.refresh_from_db()
    assert assessment.status == Status.DISBURSED
    assert assessment.events.last().action == "disbursed"
    totals = totals_for(Assessment.objects.filter(incident=event))
    by_source = {value: (money, kg) for value, _label, money, kg in totals.by_source}
    assert by_source["commune"] == (30_000_000, Decimal(120))
    assert by_source["community"] == (10_000_000, Decimal(0))
    assert totals.disbursed_amount == totals.decided_amount == 40_000_000
    assert (totals.rice_kg, totals.disbursed_rice_tonnes) == (Decimal(120), Decimal("0.120"))


def test_more_than_the_line_is_refused(world):
    event = incident(world, especially_urgent=True)
    home = household(world.commune_a, "Lý Văn Năm", Household.Poverty.POOR)
    assessment = approved(
        world, assess(world, event, home, house_damage="serious", members=2, food_short_members=2, food_months=1)
    )
    house = assessment.lines.get(aid_type="house_damaged")
    _pay(world, house, amount=15_000_000)
    with pytest.raises(ValidationError) as error:
        _pay(world, house, amount=6_000_000, source="district")
    assert error.value.message_dict == {
        "amount": ["Vượt số tiền được duyệt: đã cấp 15.000.000 ₫, khoản này chỉ còn 5.000.000 ₫."]
    }
    rice = assessment.lines.get(aid_type="rice_disaster")
    with pytest.raises(ValidationError) as error:
        _pay(world, rice, method="in_kind", rice_kg=Decimal("30.5"))
    assert error.value.message_dict == {"rice_kg": ["Vượt số gạo được duyệt: đã cấp 0 kg, còn 30 kg."]}
    assert Disbursement.objects.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"amount": -5}, "amount"),
        ({"method": "in_kind", "rice_kg": Decimal(-1)}, "rice_kg"),
        ({"amount": 1_000_000, "recipient_signed": False}, "recipient_signed"),
    ],
)
def test_negative_quantities_and_unsigned_cash_are_refused(world, kwargs, field):
    event = incident(world, especially_urgent=True)
    home = household(world.commune_a, "Quách Văn Tám", Household.Poverty.POOR)
    assessment = approved(
        world, assess(world, event, home, house_damage="lost", members=1, food_short_members=1, food_months=1)
    )
    line = assessment.lines.get(aid_type="rice_disaster" if "rice_kg" in kwargs else "house_lost")
    with pytest.raises(ValidationError) as error:
        _pay(world, line, **kwargs)
    assert field in error.value.message_dict
    assert not Disbursement.objects.exists()


def test_nothing_is_disbursed_before_the_decision_or_by_another_commune(world):
    home = household(world.commune_a, "Tôn Văn Hai", Household.Poverty.POOR)
    assessment = assess(world, incident(world, especially_urgent=True), home, house_damage="lost")
    with pytest.raises(ValidationError):
        _pay(world, assessment.lines.get(), amount=1_000_000)
    approved(world, assessment)
    with pytest.raises(PermissionDenied):
        services.disbursement_record(
            actor=world.user("officer_b"),
            line=assessment.lines.get(),
            source="commune",
            method="transfer",
            paid_on=date(2025, 10, 5),
            recipient_name="X",
            amount=1,
        )
    assert not Disbursement.objects.exists()


def test_closing_waits_for_every_household(world):
    event = incident(world, especially_urgent=True)
    assessment = assess(world, event, household(world.commune_a), lost_goods=True, lost_goods_note="Chăn, màn")
    with pytest.raises(ValidationError) as error:
        services.incident_close(actor=world.user("officer_a"), incident=event)
    assert error.value.messages == [
        "Còn 1 phiếu đánh giá chưa quyết định hoặc chưa cấp phát đủ; chưa thể kết thúc sự kiện."
    ]
    approved(world, assessment)
    _pay(world, assessment.lines.get(), method="in_kind", goods_description="2 chăn, 1 màn")
    services.incident_close(actor=world.user("officer_a"), incident=event)
    event.refresh_from_db()
    assert event.status == Incident.Status.CLOSED


def test_incident_communes_must_lie_inside_the_unit(world):
    with pytest.raises(ValidationError) as error:
        incident(world, actor="officer_a", communes=[world.commune_a, world.commune_b])
    assert error.value.message_dict == {"communes": ["Xã bị ảnh hưởng: Xã Mỹ Hiệp không thuộc đơn vị của bạn."]}
    event = incident(world, actor="district_officer", communes=[world.commune_a, world.commune_b])
    assert sorted(event.areas.values_list("commune__code", flat=True)) == ["30001", "30002"]
    assert not AssessmentEvent.objects.exists()
