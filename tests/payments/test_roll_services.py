"""The roll's steps: submit, approve, return, record each line, finish, close — who may, when, and that a refused
step changes nothing (status, version, lines, events)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Role
from accounts.services import assignment_grant
from beneficiaries.models import PaymentMethod
from locations.models import DecidingLevel, DecidingLevelSetting
from payments import services as s
from payments.models import PaymentLine, PaymentRoll, RollEvent
from tests import factories as f

MONTH = date(2026, 12, 1)
AMOUNT = 540_000

Status = PaymentRoll.Status


def build_roll(world, commune=None, *, lines=2, status=Status.DRAFT, month=MONTH, generated_by="officer_a", **fields):
    """A roll as payments.generation leaves it (test setup: generation has its own tests)."""
    commune = commune or world.commune_a
    maker = world.user(generated_by) if generated_by else None
    roll = PaymentRoll.objects.create(
        commune=commune,
        month=month,
        status=status,
        generated_at=timezone.now(),
        generated_by=maker,
        lines_count=lines,
        monthly_total=AMOUNT * lines,
        total=AMOUNT * lines,
        **fields,
    )
    village = f.VillageFactory(commune=commune)
    for row in range(1, lines + 1):
        person = f.PersonFactory(full_name=f"Trần Thị Lan {row}", commune=commune, village=village)
        PaymentLine.objects.create(
            roll=roll,
            row_no=row,
            person=person,
            categories="5.6",
            monthly_amount=AMOUNT,
            total=AMOUNT,
            payment_method=PaymentMethod.CASH,
        )
    RollEvent.objects.create(roll=roll, action="generated", to_status=Status.DRAFT, actor=maker)
    return roll


def submitted(world, **kwargs):
    roll = build_roll(world, **kwargs)
    return s.roll_submit(actor=world.user("officer_a"), roll=roll)


def approved(world, **kwargs):
    roll = submitted(world, **kwargs)
    return s.roll_approve(actor=world.user("district_leader"), roll=roll)


def unchanged(roll, status, version):
    fresh = PaymentRoll.objects.get(pk=roll.pk)
    return fresh.status == status and fresh.version == version


def actions(roll):
    return list(RollEvent.objects.filter(roll=roll).order_by("id").values_list("action", flat=True))


# --- Submit -------------------------------------------------------------------------------------------------


def test_the_commune_officer_submits_the_draft(world):
    roll = build_roll(world)
    s.roll_submit(actor=world.user("officer_a"), roll=roll)
    fresh = PaymentRoll.objects.get(pk=roll.pk)
    assert (fresh.status, fresh.version, fresh.submitted_by) == ("submitted", 2, world.user("officer_a"))
    event = RollEvent.objects.filter(roll=roll).latest("id")
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        "submitted",
        "draft",
        "submitted",
        world.user("officer_a"),
    )


def test_an_empty_roll_cannot_be_submitted(world):
    roll = build_roll(world, lines=0)
    with pytest.raises(ValidationError) as exc:
        s.roll_submit(actor=world.user("officer_a"), roll=roll)
    assert exc.value.message_dict == {"lines": ["Danh sách không có người nào, không thể trình duyệt"]}
    assert unchanged(roll, "draft", 1)
    assert actions(roll) == ["generated"]


@pytest.mark.parametrize("persona", ["officer_b", "leader_a", "district_officer", "district_leader", "auditor"])
def test_only_the_communes_own_officer_submits(world, persona):
    roll = build_roll(world)
    with pytest.raises(PermissionDenied, match="Chỉ cán bộ cấp xã của xã chi trả được trình duyệt"):
        s.roll_submit(actor=world.user(persona), roll=roll)
    assert unchanged(roll, "draft", 1)
    assert actions(roll) == ["generated"]


# --- Approve ------------------------------------------------------------------------------------------------


def test_the_district_leader_approves_a_submitted_roll(world):
    roll = submitted(world)
    s.roll_approve(actor=world.user("district_leader"), roll=roll)
    fresh = PaymentRoll.objects.get(pk=roll.pk)
    assert (fresh.status, fresh.version, fresh.approved_by) == ("approved", 3, world.user("district_leader"))
    assert fresh.approved_at is not None
    assert actions(roll) == ["generated", "submitted", "approved"]


@pytest.mark.parametrize("persona", ["officer_a", "leader_a", "district_officer", "province_officer", "auditor"])
def test_only_the_deciding_office_approves(world, persona):
    roll = submitted(world)
    with pytest.raises(PermissionDenied, match="Chỉ lãnh đạo cấp huyện nơi có xã chi trả được «Phê duyệt»"):
        s.roll_approve(actor=world.user(persona), roll=roll)
    assert unchanged(roll, "submitted", 2)
    assert actions(roll) == ["generated", "submitted"]


def test_a_leader_of_another_district_cannot_approve(world):
    other = f.UserFactory(username="leader_district2")
    other.active_assignment = assignment_grant(user=other, role=Role.DISTRICT_LEADER, unit=world.district2, actor=None)
    roll = submitted(world)
    with pytest.raises(PermissionDenied):
        s.roll_approve(actor=other, roll=roll)
    assert unchanged(roll, "submitted", 2)


def test_whoever_generated_the_roll_cannot_approve_it(world):
    # The district leader who (also holding the district officer's role) generated the roll.
    roll = submitted(world, generated_by="district_leader")
    with pytest.raises(PermissionDenied, match="không được tự phê duyệt"):
        s.roll_approve(actor=world.user("district_leader"), roll=roll)
    assert unchanged(roll, "submitted", 2)
    assert actions(roll) == ["generated", "submitted"]


def test_whoever_submitted_an_earlier_round_cannot_approve_it(world):
    # Generated by the officer, but someone now holding the deciding role once submitted it (an earlier round).
    roll = submitted(world)
    RollEvent.objects.create(
        roll=roll, action="submitted", from_status="draft", to_status="submitted", actor=world.user("district_leader")
    )
    with pytest.raises(PermissionDenied, match="không được tự phê duyệt"):
        s.roll_approve(actor=world.user("district_leader"), roll=roll)
    assert unchanged(roll, "submitted", 2)


def test_an_empty_roll_cannot_be_approved(world):
    # Submitted with its lines, then emptied behind the service's back: approval still looks at the lines.
    roll = submitted(world)
    PaymentLine.objects.filter(roll=roll).delete()
    with pytest.raises(ValidationError) as exc:
        s.roll_approve(actor=world.user("district_leader"), roll=roll)
    assert exc.value.message_dict == {"lines": ["Danh sách không có người nào, không thể phê duyệt"]}
    assert unchanged(roll, "submitted", 2)


def test_in_two_level_mode_the_commune_leader_approves(world):
    leader = f.UserFactory(username="leader_2a")
    leader.active_assignment = assignment_grant(
        user=leader, role=Role.COMMUNE_LEADER, unit=world.commune_2a, actor=None
    )
    roll = build_roll(world, world.commune_2a, generated_by="officer_2level")
    s.roll_submit(actor=world.user("officer_2level"), roll=roll)
    with pytest.raises(PermissionDenied, match="Chỉ lãnh đạo UBND xã"):
        s.roll_approve(actor=world.user("district_leader"), roll=roll)
    s.roll_approve(actor=leader, roll=roll)
    fresh = PaymentRoll.objects.get(pk=roll.pk)
    assert (fresh.status, fresh.approved_by) == ("approved", leader)


def test_the_deciding_level_on_the_first_day_of_the_roll_month_decides(world):
    # The province moves decisions to the commune from 01/12/2026: December's roll goes to the commune leader,
    # November's still to the district leader.
    DecidingLevelSetting.objects.create(
        province=world.province, level=DecidingLevel.COMMUNE, effective_from=date(2026, 12, 1)
    )
    december = submitted(world)
    november = submitted(world, month=date(2026, 11, 1))
    with pytest.raises(PermissionDenied):
        s.roll_approve(actor=world.user("district_leader"), roll=december)
    s.roll_approve(actor=world.user("leader_a"), roll=december)
    with pytest.raises(PermissionDenied):
        s.roll_approve(actor=world.user("leader_a"), roll=november)
    s.roll_approve(actor=world.user("district_leader"), roll=november)
    assert PaymentRoll.objects.get(pk=december.pk).approved_by == world.user("leader_a")
    assert PaymentRoll.objects.get(pk=november.pk).approved_by == world.user("district_leader")


# --- Return -------------------------------------------------------------------------------------------------


def test_returning_needs_a_reason(world):
    roll = submitted(world)
    with pytest.raises(ValidationError) as exc:
        s.roll_return(actor=world.user("district_leader"), roll=roll, reason="   ")
    assert exc.value.message_dict == {"reason": ["Cần ghi rõ lý do trả lại danh sách."]}
    assert unchanged(roll, "submitted", 2)
    assert actions(roll) == ["generated", "submitted"]


def test_a_returned_roll_is_a_draft_again_with_the_reason(world):
    roll = submitted(world)
    s.roll_return(actor=world.user("district_leader"), roll=roll, reason="Thiếu ông Lê Văn Tám ở ấp 3")
    fresh = PaymentRoll.objects.get(pk=roll.pk)
    assert (fresh.status, fresh.return_reason) == ("draft", "Thiếu ông Lê Văn Tám ở ấp 3")
    event = RollEvent.objects.filter(roll=roll).latest("id")
    assert (event.action, event.from_status, event.to_status, event.reason) == (
        "returned",
        "submitted",
        "draft",
        "Thiếu ông Lê Văn Tám ở ấp 3",
    )
    # Submitted again: the old reason no longer shows on the roll (the event keeps it).
    s.roll_submit(actor=world.user("officer_a"), roll=fresh)
    assert PaymentRoll.objects.get(pk=roll.pk).return_reason == ""


def test_the_commune_officer_cannot_return_a_roll(world):
    roll = submitted(world)
    with pytest.raises(PermissionDenied):
        s.roll_return(actor=world.user("officer_a"), roll=roll, reason="Rút lại")
    assert unchanged(roll, "submitted", 2)


# --- Approved rolls never change ----------------------------------------------------------------------------


def test_an_approved_roll_cannot_be_submitted_approved_or_returned_again(world):
    roll = approved(world)
    locked = "Danh sách tháng 12/2026 đã được phê duyệt, không được thay đổi."
    with pytest.raises(ValidationError, match=locked):
        s.roll_submit(actor=world.user("officer_a"), roll=roll)
    with pytest.raises(ValidationError, match=locked):
        s.roll_approve(actor=world.user("district_leader"), roll=roll)
    with pytest.raises(ValidationError, match=locked):
        s.roll_return(actor=world.user("district_leader"), roll=roll, reason="Sai số tiền")
    assert unchanged(roll, "approved", 3)
    assert actions(roll) == ["generated", "submitted", "approved"]
    assert list(PaymentLine.objects.filter(roll=roll).values_list("total", flat=True)) == [AMOUNT, AMOUNT]


def test_a_step_out_of_order_names_the_status(world):
    roll = build_roll(world)
    with pytest.raises(ValidationError, match="Không thể «Phê duyệt» khi danh sách đang ở trạng thái «Dự thảo»"):
        s.roll_approve(actor=world.user("district_leader"), roll=roll)
    with pytest.raises(ValidationError, match="Không thể «Hoàn tất chi trả» khi danh sách đang ở trạng thái"):
        s.roll_finish(actor=world.user("officer_a"), roll=roll)
    assert unchanged(roll, "draft", 1)


def test_a_lost_race_changes_nothing(world):
    roll = submitted(world)
    stale = PaymentRoll.objects.get(pk=roll.pk)
    s.roll_return(actor=world.user("district_leader"), roll=roll, reason="Bổ sung quyết định")
    with pytest.raises(s.ConcurrentChange):
        s.roll_approve(actor=world.user("district_leader"), roll=stale)
    assert unchanged(roll, "draft", 3)
    assert actions(roll) == ["generated", "submitted", "returned"]


# --- After payment ------------------------------------------------------------------------------------------


def test_the_officer_records_lines_paid_and_unpaid(world):
    roll = approved(world)
    first, second = PaymentLine.objects.filter(roll=roll).order_by("row_no")
    s.line_record(actor=world.user("officer_a"), line=first, paid=True, paid_on=date(2026, 11, 20))
    s.line_record(actor=world.user("officer_a"), line=second, paid=False, reason="Đi làm ăn xa")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.paid, first.paid_on, first.unpaid_reason) == (True, date(2026, 11, 20), "")
    assert (second.paid, second.paid_on, second.unpaid_reason) == (False, None, "Đi làm ăn xa")
    # Only the result changed: amounts as approved, the roll still approved.
    assert (first.total, second.total) == (AMOUNT, AMOUNT)
    assert unchanged(roll, "approved", 3)
    recorded = RollEvent.objects.filter(roll=roll, action="recorded").order_by("id")
    assert [(e.data["row_no"], e.data["paid"], e.reason) for e in recorded] == [
        (1, True, ""),
        (2, False, "Đi làm ăn xa"),
    ]


def test_paid_defaults_to_today_and_never_lies_in_the_future(world):
    roll = approved(world)
    line = PaymentLine.objects.filter(roll=roll).first()
    with pytest.raises(ValidationError) as exc:
        s.line_record(actor=world.user("officer_a"), line=line, paid=True, paid_on=date(2999, 1, 1))
    assert exc.value.message_dict == {"paid_on": ["Ngày nhận tiền không được sau hôm nay."]}
    s.line_record(actor=world.user("officer_a"), line=line, paid=True)
    line.refresh_from_db()
    assert (line.paid, line.paid_on) == (True, timezone.localdate())


def test_lines_are_recorded_only_on_approved_rolls(world):
    roll = submitted(world)
    line = PaymentLine.objects.filter(roll=roll).first()
    with pytest.raises(ValidationError, match="Chỉ ghi nhận kết quả chi trả trên danh sách đã được phê duyệt"):
        s.line_record(actor=world.user("officer_a"), line=line, paid=True)
    line.refresh_from_db()
    assert line.paid is None


@pytest.mark.parametrize("persona", ["officer_b", "leader_a", "district_leader", "province_officer", "auditor"])
def test_only_the_communes_officer_records_payments(world, persona):
    roll = approved(world)
    line = PaymentLine.objects.filter(roll=roll).first()
    with pytest.raises(PermissionDenied, match="Chỉ cán bộ cấp xã của xã chi trả được ghi nhận"):
        s.line_record(actor=world.user(persona), line=line, paid=False)
    line.refresh_from_db()
    assert line.paid is None
    assert not RollEvent.objects.filter(roll=roll, action="recorded").exists()


def test_the_roll_is_paid_once_every_line_is_recorded_then_closed(world):
    roll = approved(world)
    first, second = PaymentLine.objects.filter(roll=roll).order_by("row_no")
    officer = world.user("officer_a")
    s.line_record(actor=officer, line=first, paid=True)
    with pytest.raises(ValidationError) as exc:
        s.roll_finish(actor=officer, roll=roll)
    assert exc.value.message_dict == {"lines": ["Còn 1 người chưa ghi nhận đã nhận hay chưa nhận tiền."]}
    assert unchanged(roll, "approved", 3)
    s.line_record(actor=officer, line=second, paid=False)
    s.roll_finish(actor=officer, roll=roll)
    assert unchanged(roll, "paid", 4)
    assert RollEvent.objects.filter(roll=roll, action="paid").get().data == {"paid": 1, "unpaid": 1}
    # A late receipt is still recorded on a paid roll.
    s.line_record(actor=officer, line=second, paid=True)
    s.roll_close(actor=officer, roll=roll)
    assert unchanged(roll, "closed", 5)
    with pytest.raises(ValidationError, match="đã khoá sổ"):
        s.line_record(actor=officer, line=PaymentLine.objects.get(pk=first.pk), paid=False)
    # A page opened before the roll was closed: the stale roll loses the race, nothing changes.
    with pytest.raises(s.ConcurrentChange):
        s.line_record(actor=officer, line=first, paid=False)
    first.refresh_from_db()
    assert first.paid is True
    assert actions(roll)[-2:] == ["recorded", "closed"]


def test_only_the_communes_officer_finishes_and_closes(world):
    roll = approved(world)
    PaymentLine.objects.filter(roll=roll).update(paid=True)
    with pytest.raises(PermissionDenied):
        s.roll_finish(actor=world.user("district_leader"), roll=roll)
    assert unchanged(roll, "approved", 3)
    s.roll_finish(actor=world.user("officer_a"), roll=roll)
    with pytest.raises(PermissionDenied):
        s.roll_close(actor=world.user("officer_b"), roll=roll)
    assert unchanged(roll, "paid", 4)


# --- What the page offers -----------------------------------------------------------------------------------


def test_the_page_offers_each_role_its_own_steps(world):
    roll = build_roll(world)
    assert s.roll_actions(actor=world.user("officer_a"), roll=roll) == {"submit": None}
    assert s.roll_actions(actor=world.user("district_leader"), roll=roll) == {}
    s.roll_submit(actor=world.user("officer_a"), roll=roll)
    assert s.roll_actions(actor=world.user("district_leader"), roll=roll) == {"approve": None, "return": None}
    assert s.roll_actions(actor=world.user("officer_a"), roll=roll) == {}
    s.roll_approve(actor=world.user("district_leader"), roll=roll)
    assert s.roll_actions(actor=world.user("officer_a"), roll=roll) == {
        "finish": "Còn 2 người chưa ghi nhận đã nhận hay chưa nhận tiền."
    }


def test_the_page_explains_why_an_empty_draft_cannot_be_submitted(world):
    roll = build_roll(world, lines=0)
    assert s.roll_actions(actor=world.user("officer_a"), roll=roll) == {
        "submit": "Danh sách không có người nào, không thể trình duyệt"
    }
