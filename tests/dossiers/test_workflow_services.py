"""The dossier workflow services: each transition, both flows, maker ≠ checker, deadlines across Tết,
returns and refusals, concurrent edits, attachments, and the decision creating the entitlement."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from accounts.services import assignment_grant
from beneficiaries.models import Entitlement, EntitlementEvent, Household
from dossiers import services as s
from dossiers.models import Decision, Dossier, DossierEvent
from policy.models import Category

from .. import factories as f


def pdf(name="to-khai.pdf", body=b"%PDF-1.4 to khai"):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def category(code):
    return Category.objects.get(code=code, province=None)


def open_disability_dossier(world, *, received_on=date(2025, 2, 20), person=None, officer="officer_a"):
    """Person A (born 17/05/1950, so elderly) with an especially severe disability: 5.6, coefficient 2.5."""
    person = person or world.people["a"]
    dossier = s.dossier_open(
        actor=world.user(officer),
        person=person,
        kind=Dossier.Kind.MONTHLY,
        received_on=received_on,
        category=category("5.6"),
        disability_level="especially_severe",
        disability_cert_date=date(2025, 2, 1),
    )
    s.dossier_attach(actor=world.user(officer), dossier=dossier, kind="application", uploaded_file=pdf())
    return dossier


def sign(number="15/QĐ-UBND", signed_on=date(2025, 3, 10)):
    return s.Signature(number=number, signed_on=signed_on, signer_title="Chủ tịch")


def take_three_level_to_appraised(world, dossier):
    s.dossier_submit(actor=world.user("officer_a"), dossier=dossier, today=date(2025, 2, 20))
    s.dossier_post(actor=world.user("leader_a"), dossier=dossier, today=date(2025, 2, 21))
    s.dossier_forward(actor=world.user("officer_a"), dossier=dossier, today=date(2025, 2, 26))
    s.dossier_appraise(actor=world.user("district_officer"), dossier=dossier, today=date(2025, 2, 27))


def test_three_level_flow_from_draft_to_entitlement(world):
    dossier = open_disability_dossier(world)
    assert dossier.flow == "three_level" and dossier.status == "draft"
    assert dossier.proposed_amount == 1_250_000  # 2.5 × 500.000 in 02/2025
    take_three_level_to_appraised(world, dossier)
    assert dossier.status == "appraised"
    decision = s.dossier_decide(actor=world.user("district_leader"), dossier=dossier, approve=True, signature=sign())
    dossier.refresh_from_db()
    assert dossier.status == "approved"
    assert decision.unit == world.district and decision.authority == "Ủy ban nhân dân Huyện Cao Lãnh"
    # 5.6: paid from the month the disability certificate was issued (02/2025), before the signing month.
    assert decision.effective_month == date(2025, 2, 1)
    assert (decision.coefficient, decision.level, decision.amount) == (Decimal("2.50"), 500_000, 1_250_000)
    assert "Điểm i khoản 1 Điều 6" in decision.explanation and "1.250.000" in decision.explanation
    entitlement = Entitlement.objects.get(person=world.people["a"])
    assert entitlement.status == "active" and entitlement.start_month == date(2025, 2, 1)
    assert entitlement.amount == 1_250_000 and entitlement.decision_number == "15/QĐ-UBND"
    assert entitlement.events.get().kind == EntitlementEvent.Kind.GRANTED
    actions = list(DossierEvent.objects.filter(dossier=dossier).values_list("action", flat=True))
    assert actions == ["open", "submit", "post", "forward", "appraise", "approve"]


def test_two_level_flow_commune_leader_decides(world):
    leader = f.UserFactory(username="leader_2a")
    leader.active_assignment = assignment_grant(
        user=leader, role=Role.COMMUNE_LEADER, unit=world.commune_2a, actor=None
    )
    dossier = open_disability_dossier(
        world, person=world.people["2a"], officer="officer_2level", received_on=date(2025, 8, 4)
    )
    assert dossier.flow == "two_level"
    s.dossier_submit(actor=world.user("officer_2level"), dossier=dossier, today=date(2025, 8, 4))
    # Decree 147/2025: within 10 working days (04/08 Monday → 18/08).
    assert dossier.due_on == date(2025, 8, 18)
    with pytest.raises(ValidationError):
        s.dossier_post(actor=leader, dossier=dossier)  # no posting step in the two-level flow
    decision = s.dossier_decide(
        actor=leader, dossier=dossier, approve=True, signature=sign(signed_on=date(2025, 8, 12))
    )
    assert decision.unit == world.commune_2a and decision.level == 500_000
    assert "147/2025" in decision.legal_basis
    assert Entitlement.objects.get(person=world.people["2a"]).commune == world.commune_2a


def test_the_deadline_skips_tet(world):
    dossier = open_disability_dossier(world, received_on=date(2025, 1, 20))
    s.dossier_submit(actor=world.user("officer_a"), dossier=dossier, today=date(2025, 1, 20))
    # 7 working days from Monday 20/01/2025: 21–24/01, then Tết (27–31/01) is skipped, 03–05/02.
    assert dossier.due_on == date(2025, 2, 5)


def test_posting_lasts_two_working_days_before_forwarding(world):
    dossier = open_disability_dossier(world)
    s.dossier_submit(actor=world.user("officer_a"), dossier=dossier, today=date(2025, 2, 20))
    s.dossier_post(actor=world.user("leader_a"), dossier=dossier, today=date(2025, 2, 21))  # Friday
    assert dossier.posted_until == date(2025, 2, 25)  # Monday and Tuesday
    with pytest.raises(ValidationError, match="niêm yết công khai đến hết ngày 25/02/2025"):
        s.dossier_forward(actor=world.user("officer_a"), dossier=dossier, today=date(2025, 2, 25))
    dossier.refresh_from_db()
    assert dossier.status == "posted"
    s.dossier_forward(actor=world.user("officer_a"), dossier=dossier, today=date(2025, 2, 26))
    assert dossier.status == "forwarded" and dossier.due_on == date(2025, 3, 7)  # 7 working days to appraise


def test_maker_cannot_check_their_own_dossier(world):
    # One person holding both the commune officer's and the commune leader's assignment.
    both = world.user("officer_a")
    leader_assignment = assignment_grant(user=both, role=Role.COMMUNE_LEADER, unit=world.commune_a, actor=None)
    dossier = open_disability_dossier(world)
    s.dossier_submit(actor=both, dossier=dossier, today=date(2025, 2, 20))
    both.active_assignment = leader_assignment
    with pytest.raises(PermissionDenied, match="không được tự duyệt"):
        s.dossier_post(actor=both, dossier=dossier, today=date(2025, 2, 21))
    dossier.refresh_from_db()
    assert dossier.status == "submitted"


@pytest.mark.parametrize(
    "persona, step",
    [
        ("officer_b", "submit"),  # another commune's officer
        ("leader_a", "submit"),  # the leader does not submit
        ("district_officer", "post"),
        ("auditor", "post"),
        ("province_officer", "post"),
    ],
)
def test_wrong_role_or_unit_cannot_take_a_step(world, persona, step):
    dossier = open_disability_dossier(world)
    if step == "post":
        s.dossier_submit(actor=world.user("officer_a"), dossier=dossier, today=date(2025, 2, 20))
    before = dossier.status
    with pytest.raises(PermissionDenied):
        getattr(s, f"dossier_{step}")(actor=world.user(persona), dossier=dossier, today=date(2025, 2, 21))
    dossier.refresh_from_db()
    assert dossier.status == before


def test_district_of_another_commune_cannot_decide(world):
    other_leader = f.UserFactory(username="leader_lap_vo")
    other_leader.active_assignment = assignment_grant(
        user=other_leader, role=Role.DISTRICT_LEADER, unit=world.district2, actor=None
    )
    dossier = open_disability_dossier(world)
    take_three_level_to_appraised(world, dossier)
    with pytest.raises(PermissionDenied):
        s.dossier_decide(actor=other_leader, dossier=dossier, approve=True, signature=sign())
    assert not Decision.objects.exists() and not Entitlement.objects.exists()


def test_returned_dossier_is_corrected_and_resubmitted(world):
    dossier = open_disability_dossier(world)
    s.dossier_submit(actor=world.user("officer_a"), dossier=dossier, today=date(2025, 2, 20))
    with pytest.raises(ValidationError):
        s.dossier_return(actor=world.user("leader_a"), dossier=dossier, reason="  ")
    s.dossier_return(actor=world.user("leader_a"), dossier=dossier, reason="Thiếu giấy xác nhận khuyết tật")
    assert dossier.status == "returned" and dossier.return_reason == "Thiếu giấy xác nhận khuyết tật"
    s.dossier_update(actor=world.user("officer_a"), dossier=dossier, version=dossier.version, note="Đã bổ sung")
    s.dossier_submit(actor=world.user("officer_a"), dossier=dossier, today=date(2025, 2, 24))
    assert dossier.status == "submitted" and dossier.return_reason == ""
    assert dossier.due_on == date(2025, 3, 5)  # 7 working days counted again from the resubmission
    edit = DossierEvent.objects.get(dossier=dossier, action="edit")
    assert edit.data == {"changes": {"note": ["", "Đã bổ sung"]}} and edit.actor == world.user("officer_a")


def test_refusal_needs_written_reasons_and_creates_no_entitlement(world):
    dossier = open_disability_dossier(world)
    take_three_level_to_appraised(world, dossier)
    with pytest.raises(ValidationError) as error:
        s.dossier_decide(actor=world.user("district_leader"), dossier=dossier, approve=False, signature=sign())
    assert "lý do" in error.value.message_dict["reasons"][0]
    decision = s.dossier_decide(
        actor=world.user("district_leader"),
        dossier=dossier,
        approve=False,
        signature=sign("16/UBND-LĐTBXH"),
        reasons="Giấy xác nhận khuyết tật chỉ ghi mức độ nhẹ.",
    )
    dossier.refresh_from_db()
    assert dossier.status == "rejected" and decision.outcome == "rejected" and decision.amount is None
    assert not Entitlement.objects.exists()


def test_decision_number_is_unique_in_the_signing_unit(world):
    first = open_disability_dossier(world)
    take_three_level_to_appraised(world, first)
    s.dossier_decide(actor=world.user("district_leader"), dossier=first, approve=True, signature=sign())
    person_b = world.people["b"]
    second = open_disability_dossier(world, person=person_b, officer="officer_b")
    s.dossier_submit(actor=world.user("officer_b"), dossier=second, today=date(2025, 2, 20))
    leader_b = f.UserFactory(username="leader_b")
    leader_b.active_assignment = assignment_grant(
        user=leader_b, role=Role.COMMUNE_LEADER, unit=world.commune_b, actor=None
    )
    s.dossier_post(actor=leader_b, dossier=second, today=date(2025, 2, 21))
    s.dossier_forward(actor=leader_b, dossier=second, today=date(2025, 2, 26))
    s.dossier_appraise(actor=world.user("district_officer"), dossier=second, today=date(2025, 2, 27))
    with pytest.raises(ValidationError) as error:
        s.dossier_decide(actor=world.user("district_leader"), dossier=second, approve=True, signature=sign())
    assert "đã được dùng" in error.value.message_dict["number"][0]
    second.refresh_from_db()
    assert second.status == "appraised" and not Entitlement.objects.filter(person=person_b).exists()


def test_a_stale_edit_loses_with_a_message(world):
    dossier = open_disability_dossier(world)
    stale = Dossier.objects.get(pk=dossier.pk)
    s.dossier_update(actor=world.user("officer_a"), dossier=dossier, version=dossier.version, children_count=0,
                     note="Sửa lần 1")  # fmt: skip
    with pytest.raises(s.ConcurrentChange):
        s.dossier_update(actor=world.user("officer_a"), dossier=stale, version=stale.version, note="Sửa lần 2")
    assert Dossier.objects.get(pk=dossier.pk).note == "Sửa lần 1"


def test_submitting_needs_papers_and_facts_that_fit_the_category(world):
    person = world.people["a"]
    dossier = s.dossier_open(
        actor=world.user("officer_a"),
        person=person,
        kind=Dossier.Kind.MONTHLY,
        received_on=date(2025, 2, 20),
        category=category("5.5.a"),
    )
    with pytest.raises(ValidationError) as error:
        s.dossier_submit(actor=world.user("officer_a"), dossier=dossier, today=date(2025, 2, 20))
    assert error.value.message_dict["poverty"] == ["Diện 5.5.a yêu cầu thuộc hộ nghèo."]
    person.household = Household.objects.create(
        head_name=person.full_name, commune=person.commune, poverty_status="poor"
    )
    person.save()
    with pytest.raises(ValidationError) as error:
        s.dossier_submit(actor=world.user("officer_a"), dossier=dossier, today=date(2025, 2, 20))
    assert "đính kèm" in error.value.message_dict["attachments"][0]
    assert Dossier.objects.get(pk=dossier.pk).status == "draft"


@pytest.mark.parametrize(
    "name, body, message",
    [
        ("to-khai.pdf", b"just text pretending", "Chỉ nhận tệp PDF, JPEG hoặc PNG"),
        ("anh.png", b"%PDF-1.4 real pdf", "Phần mở rộng của tệp không khớp"),
        ("to-khai.pdf", b"%PDF-1.4" + b"x" * 2048, "Tệp quá lớn"),
    ],
)
def test_bad_attachments_are_refused(world, settings, name, body, message):
    settings.ATTACHMENT_MAX_BYTES = 1024
    dossier = open_disability_dossier(world)
    with pytest.raises(ValidationError, match=message):
        s.dossier_attach(
            actor=world.user("officer_a"), dossier=dossier, kind="other", uploaded_file=pdf(name=name, body=body)
        )
    assert dossier.attachments.count() == 1  # only the application form from the fixture


def test_highest_only_ends_the_lower_entitlement(world):
    """Art. 6.2: a person on 5.5.a (1.5) granted 5.6 especially severe (2.5 as elderly) keeps only 5.6."""
    person = world.people["a"]
    person.household = Household.objects.create(
        head_name=person.full_name, commune=person.commune, poverty_status="poor"
    )
    person.save()
    from beneficiaries.facts import person_facts
    from beneficiaries.services.entitlements import entitlement_grant
    from policy.rules import line_for
    from policy.selectors import rate_tables

    line = line_for("5.5.a", person_facts(person), date(2024, 1, 1), rate_tables(world.province))
    old = entitlement_grant(person=person, category=category("5.5.a"), commune=person.commune,
                            start_month=date(2024, 1, 1), line=line, actor=None)  # fmt: skip
    dossier = open_disability_dossier(world)
    take_three_level_to_appraised(world, dossier)
    s.dossier_decide(actor=world.user("district_leader"), dossier=dossier, approve=True, signature=sign())
    old.refresh_from_db()
    assert old.status == "ended" and old.end_month == date(2025, 1, 1) and old.end_reason == "adjusted"
    assert list(
        Entitlement.objects.filter(person=person, status="active").values_list("category__code", flat=True)
    ) == ["5.6"]


def test_funeral_dossier_skips_posting_and_decides_twenty_levels(world):
    from beneficiaries.facts import person_facts
    from beneficiaries.services.entitlements import entitlement_grant
    from policy.rules import line_for
    from policy.selectors import rate_tables

    person = world.people["a"]
    person.disability_level = "severe"
    person.save()
    line = line_for("5.6", person_facts(person), date(2024, 1, 1), rate_tables(world.province))
    entitlement_grant(person=person, category=category("5.6"), commune=person.commune, start_month=date(2024, 1, 1),
                      line=line, actor=None, disability_level="severe")  # fmt: skip
    dossier = s.dossier_open(
        actor=world.user("officer_a"),
        person=person,
        kind=Dossier.Kind.FUNERAL,
        received_on=date(2025, 3, 3),
        death_date=date(2025, 2, 15),
        organiser_name="Nguyễn Thị Hoa",
    )
    assert dossier.proposed_amount == 10_000_000  # 20 × 500.000
    s.dossier_attach(actor=world.user("officer_a"), dossier=dossier, kind="death_certificate", uploaded_file=pdf())
    s.dossier_submit(actor=world.user("officer_a"), dossier=dossier, today=date(2025, 3, 3))
    assert dossier.due_on == date(2025, 3, 5)  # commune: 2 working days
    with pytest.raises(ValidationError):
        s.dossier_post(actor=world.user("leader_a"), dossier=dossier, today=date(2025, 3, 4))
    s.dossier_forward(actor=world.user("leader_a"), dossier=dossier, today=date(2025, 3, 4))
    s.dossier_appraise(actor=world.user("district_officer"), dossier=dossier, today=date(2025, 3, 5))
    decision = s.dossier_decide(
        actor=world.user("district_leader"), dossier=dossier, approve=True, signature=sign(signed_on=date(2025, 3, 6))
    )
    assert decision.amount == 10_000_000 and "Khoản 1 Điều 11" in decision.explanation
    assert Entitlement.objects.filter(person=person).count() == 1  # funeral money is one-off, not an entitlement


def test_the_flow_follows_the_deciding_level_on_the_day_received(world):
    from locations.models import DecidingLevel, DecidingLevelSetting

    DecidingLevelSetting.objects.create(province=world.province, level=DecidingLevel.COMMUNE,
                                        effective_from=date(2025, 7, 1))  # fmt: skip
    before = open_disability_dossier(world, received_on=date(2025, 6, 30))
    after = open_disability_dossier(world, received_on=date(2025, 7, 1))
    assert (before.flow, after.flow) == ("three_level", "two_level")
