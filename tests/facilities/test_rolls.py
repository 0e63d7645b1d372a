"""The nurturing roll: generation (exact lines, idempotent), approval (maker ≠ checker, approved never changes),
who may do what, the export cell by cell, the command and the monthly schedule."""

import io
from datetime import date

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Role
from accounts.services import assignment_grant
from facilities.exports import TITLES
from facilities.models import Facility, NurturingLine, NurturingRoll
from facilities.services.rolls import nurturing_roll_approve, nurturing_roll_generate
from facilities.tasks import monthly_nurturing_generate_task
from tests import factories as f

from .roll_world import JAN, january_residents, resident, staff

pytestmark = pytest.mark.django_db

NURTURING = 2_000_000 + 967_742 + 967_742 + 2_000_000 + 0
FUNERAL = 25_000_000


@pytest.fixture
def jan(world):
    return january_residents(world)


def generate(world, user="facility_staff"):
    return nurturing_roll_generate(facility=world.facility, month=JAN, actor=world.user(user))


def amounts(roll):
    return [
        (line.person.full_name, line.days, line.amount, line.funeral_amount, line.after_leaving)
        for line in NurturingLine.objects.filter(roll=roll).select_related("person").order_by("person__full_name")
    ]


EXPECTED = [
    ("Lê Thị Hoa", 31, 2_000_000, 0, False),
    ("Nguyễn Bé Na", 12, 967_742, 0, False),
    ("Phạm Văn Tâm", 15, 967_742, 25_000_000, False),
    ("Trần Thị Mai", 31, 2_000_000, 0, True),
    ("Võ Văn Bình", 0, 0, 0, False),
]


def test_generate_gives_the_hand_computed_lines(world, jan):
    roll = generate(world)
    assert amounts(roll) == EXPECTED
    roll.refresh_from_db()
    assert (roll.status, roll.people, roll.total) == (NurturingRoll.Status.DRAFT, 5, NURTURING + FUNERAL)
    assert roll.generated_by == world.user("facility_staff")
    child = NurturingLine.objects.get(roll=roll, resident=jan.child)
    assert child.basis == "Điểm a khoản 1 Điều 25 Nghị định 20/2021/NĐ-CP: 5,0 × 500.000 ₫ × 12/31 ngày = 967.742 ₫"


def test_regenerating_a_draft_replaces_it(world, jan):
    first = generate(world)
    again = generate(world)
    assert again.pk == first.pk
    assert NurturingRoll.objects.count() == 1
    assert amounts(again) == EXPECTED
    # A resident admitted since then appears when the draft is made again.
    resident(world, "Bùi Văn Mới", admitted_on=date(2025, 1, 31))
    third = generate(world)
    assert third.pk == first.pk
    assert [name for name, *_rest in amounts(third)][0] == "Bùi Văn Mới"
    third.refresh_from_db()
    assert (third.people, third.total) == (6, NURTURING + FUNERAL + 64_516)


def test_approved_roll_never_changes(world, jan):
    roll = generate(world)
    nurturing_roll_approve(roll=roll, actor=world.user("province_officer"))
    resident(world, "Bùi Văn Mới", admitted_on=date(2025, 1, 31))
    with pytest.raises(ValidationError) as exc:
        generate(world)
    assert "đã được duyệt, không lập lại được" in exc.value.messages[0]
    roll.refresh_from_db()
    assert (roll.status, roll.people, roll.total) == (NurturingRoll.Status.APPROVED, 5, NURTURING + FUNERAL)
    assert amounts(roll) == EXPECTED


def test_maker_cannot_approve_own_roll(world, jan):
    roll = generate(world)
    with pytest.raises(ValidationError) as exc:
        nurturing_roll_approve(roll=roll, actor=world.user("facility_staff"))
    assert exc.value.messages == ["Người lập danh sách không được tự duyệt danh sách của mình."]
    roll.refresh_from_db()
    assert (roll.status, roll.approved_by) == (NurturingRoll.Status.DRAFT, None)
    checker = staff(world, "giamdoc.coso")
    nurturing_roll_approve(roll=roll, actor=checker)
    roll.refresh_from_db()
    assert (roll.status, roll.approved_by) == (NurturingRoll.Status.APPROVED, checker)


def test_approval_is_recorded_in_the_history(world, login, jan):
    roll = generate(world)
    checker = staff(world, "giamdoc.coso")
    response = login(checker).post(reverse("facilities:roll_approve", args=[roll.pk]), follow=True)
    assert "Đã duyệt danh sách tháng 01/2025." in response.content.decode()
    history = [(entry.actor.username, entry.action) for entry in response.context["history"]]
    assert history == [("facility_staff", 0), ("giamdoc.coso", 1)]


def test_approve_button_refused_to_the_maker_on_the_page(world, login, jan):
    roll = generate(world)
    response = login(world.user("facility_staff")).post(reverse("facilities:roll_approve", args=[roll.pk]), follow=True)
    assert "Người lập danh sách không được tự duyệt danh sách của mình." in response.content.decode()
    roll.refresh_from_db()
    assert roll.status == NurturingRoll.Status.DRAFT


def test_non_public_facility_has_no_roll(world, jan):
    private = f.FacilityFactory(name="Mái ấm tư thục", ownership=Facility.Ownership.NON_PUBLIC, unit=world.commune_a)
    with pytest.raises(ValidationError) as exc:
        nurturing_roll_generate(facility=private, month=JAN, actor=world.user("province_officer"))
    assert "ngoài công lập" in exc.value.messages[0]
    assert not NurturingRoll.objects.exists()


def test_month_too_far_ahead_is_refused(world, jan):
    far = date(timezone.localdate().year + 1, 12, 1)
    with pytest.raises(ValidationError) as exc:
        nurturing_roll_generate(facility=world.facility, month=far, actor=world.user("facility_staff"))
    assert exc.value.message_dict["month"][0].startswith("Tháng lập danh sách: chỉ lập được đến tháng")


@pytest.mark.parametrize("persona", ["officer_a", "leader_a", "district_leader", "auditor"])
def test_other_roles_cannot_generate(world, login, jan, persona):
    response = login(world.user(persona)).post(
        reverse("facilities:roll_generate", args=[world.facility.pk]), {"thang": "2025-01"}
    )
    assert response.status_code == 403
    assert not NurturingRoll.objects.exists()
    with pytest.raises(PermissionDenied):
        nurturing_roll_generate(facility=world.facility, month=JAN, actor=world.user(persona))


def test_out_of_scope_rolls_answer_404(world, login, jan):
    roll = generate(world)
    other = f.FacilityFactory(name="Trung tâm khác", unit=world.commune_c)
    outsider = staff(world, "canbo.coso.khac", facility=other)
    client = login(outsider)
    for name in ("roll_detail", "roll_xlsx"):
        assert client.get(reverse(f"facilities:{name}", args=[roll.pk])).status_code == 404
    assert client.post(reverse("facilities:roll_approve", args=[roll.pk])).status_code == 404
    assert (
        client.post(reverse("facilities:roll_generate", args=[world.facility.pk]), {"thang": "2025-01"}).status_code
        == 404
    )
    roll.refresh_from_db()
    assert roll.status == NurturingRoll.Status.DRAFT
    # A province officer of another province: 404 too, and the service refuses the approval.
    officer2 = f.UserFactory(username="canbo.so.cantho")
    officer2.active_assignment = assignment_grant(
        user=officer2, role=Role.PROVINCE_OFFICER, unit=world.province2, actor=None
    )
    assert login(officer2).get(reverse("facilities:roll_detail", args=[roll.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        nurturing_roll_approve(roll=roll, actor=officer2)
    roll.refresh_from_db()
    assert roll.status == NurturingRoll.Status.DRAFT


def test_staff_generate_from_the_page(world, login, jan):
    response = login(world.user("facility_staff")).post(
        reverse("facilities:roll_generate", args=[world.facility.pk]), {"thang": "2025-01"}, follow=True
    )
    page = response.content.decode()
    assert "Đã lập danh sách trợ cấp nuôi dưỡng tháng 01/2025: 5 người." in page
    assert "30.935.484" in page
    assert '<td class="text-end">4,0</td>' in page and '<td class="text-end">5,0</td>' in page
    roll = NurturingRoll.objects.get()
    assert response.redirect_chain[-1][0] == reverse("facilities:roll_detail", args=[roll.pk])


def _sheet(response):
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return book.active


def test_export_cell_by_cell(world, login, jan):
    roll = generate(world)
    nurturing_roll_approve(roll=roll, actor=world.user("province_officer"))
    response = login(world.user("province_officer")).get(reverse("facilities:roll_xlsx", args=[roll.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'filename="tro-cap-nuoi-duong-{world.facility.pk}-2025-01.xlsx"')
    sheet = _sheet(response)
    assert sheet["A1"].value == "Tỉnh Đồng Tháp · Huyện Cao Lãnh · Thị trấn Mỹ Thọ"
    assert sheet["A2"].value == "Trung tâm Bảo trợ xã hội tổng hợp"
    assert sheet["A3"].value == "DANH SÁCH CHI TRẢ TRỢ CẤP NUÔI DƯỠNG THÁNG 01/2025"
    assert sheet["A4"].value.startswith("Trạng thái: Đã duyệt · Lập ngày ")
    assert tuple(cell.value for cell in sheet[5][: len(TITLES)]) == TITLES
    assert sheet["P5"].value == "Căn cứ tính"
    rows = [tuple(cell.value for cell in row[:15]) for row in sheet.iter_rows(min_row=6, max_row=11)]
    staff_id = jan.child.person.id_number
    assert rows == [
        (1, "Lê Thị Hoa", "1950", "087150000001", "Người cao tuổi", "01/01/2024", None,
         4, 500_000, 2_000_000, 31, 2_000_000, None, 2_000_000, None),
        (2, "Nguyễn Bé Na", "05/05/2023", staff_id, "Trẻ em", "20/01/2025", None,
         5, 500_000, 2_500_000, 12, 967_742, None, 967_742, None),
        (3, "Phạm Văn Tâm", "17/05/1950", jan.died.person.id_number, "Người cao tuổi", "01/01/2024", "15/01/2025",
         4, 500_000, 2_000_000, 15, 967_742, 25_000_000, 25_967_742, None),
        (4, "Trần Thị Mai", "03/03/2012", jan.left.person.id_number, "Trẻ em", "01/06/2020", "10/12/2024",
         4, 500_000, 2_000_000, 31, 2_000_000, None, 2_000_000, None),
        (5, "Võ Văn Bình", "17/05/1950", jan.newcomer.person.id_number, "Người cao tuổi", "10/01/2025", None,
         4, 500_000, 2_000_000, 0, 0, None, 0, None),
        (None, "Tổng cộng (5 người)", None, None, None, None, None,
         None, None, None, None, NURTURING, FUNERAL, NURTURING + FUNERAL, None),
    ]  # fmt: skip
    assert (
        sheet["P7"].value == "Điểm a khoản 1 Điều 25 Nghị định 20/2021/NĐ-CP: 5,0 × 500.000 ₫ × 12/31 ngày = 967.742 ₫"
    )
    assert sheet["P9"].value.endswith("(Điều 26 Nghị định 20/2021/NĐ-CP)")
    assert sheet["L6"].number_format == "#,##0"
    assert sheet.max_row == 11


def test_export_masks_id_numbers_without_the_permission(world, login, jan):
    roll = generate(world)
    sheet = _sheet(login(world.user("facility_staff")).get(reverse("facilities:roll_xlsx", args=[roll.pk])))
    assert sheet["D6"].value == "087******001"


def test_export_keeps_formula_like_names_as_text(world, login):
    resident(world, '=HYPERLINK("x")')
    roll = generate(world)
    sheet = _sheet(login(world.user("facility_staff")).get(reverse("facilities:roll_xlsx", args=[roll.pk])))
    assert sheet["B6"].value == '=HYPERLINK("x")'
    assert sheet["B6"].data_type == "s"


def test_command_generates_and_keeps_approved(world, jan):
    out = io.StringIO()
    call_command("generate_nurturing_rolls", "--month", "01/2025", stdout=out)
    roll = NurturingRoll.objects.get(facility=world.facility, month=JAN)
    assert (roll.people, roll.total, roll.generated_by) == (5, NURTURING + FUNERAL, None)
    assert "Trung tâm Bảo trợ xã hội tổng hợp: 5 người, 30.935.484 ₫" in out.getvalue()
    nurturing_roll_approve(roll=roll, actor=world.user("facility_staff"))
    out = io.StringIO()
    call_command("generate_nurturing_rolls", "--month", "01/2025", "--facility", str(world.facility.pk), stdout=out)
    assert "giữ nguyên, danh sách đã duyệt — 5 người, 30.935.484 ₫" in out.getvalue()


def test_monthly_schedule_makes_this_months_drafts_for_public_facilities(world):
    assert settings.CELERY_BEAT_SCHEDULE["nurturing-rolls-monthly"]["task"] == "facilities.monthly_nurturing_generate"
    resident(world, "Lê Thị Hoa")
    private = f.FacilityFactory(name="Mái ấm tư thục", ownership=Facility.Ownership.NON_PUBLIC, unit=world.commune_a)
    resident(world, "Hồ Văn Tư", facility=private)
    monthly_nurturing_generate_task()
    month = timezone.localdate().replace(day=1)
    roll = NurturingRoll.objects.get()
    assert (roll.facility, roll.month, roll.status, roll.people) == (world.facility, month, "draft", 1)
