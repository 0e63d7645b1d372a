"""Emergency exports opened with openpyxl, cells asserted against a hand-built incident.

The flood of 15/10/2026, opened by the district over communes A and B:
- A, Ấp 1: Nguyễn Văn Hải, poor, 4 people, house swept away (40.000.000 ₫) and 4 people × 3 months short of food
  (180 kg); approved; handed out 30.000.000 ₫ from the province and 10.000.000 ₫ from donations, 180 kg of rice
  from the province.
- A, Ấp 2: Trần Thị Lụa, near-poor, 3 people, house seriously damaged (20.000.000 ₫, province) and Trần Văn Tâm
  injured 5 days (5.000.000 ₫, donations); approved and handed out.
- A, Ấp 1: Phan Văn Út, rejected: left out everywhere.
- B, Ấp Mỹ: Lê Văn Phước, 5 people, Lê Văn Lộc died (25.000.000 ₫), 5 people × 2 months short of food (150 kg);
  still proposed, nothing handed out.
"""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from emergency.models import (
    AidLine,
    AidType,
    Assessment,
    AssessmentPerson,
    Disbursement,
    FundingSource,
    HouseDamage,
    Incident,
    IncidentArea,
)
from tests import factories as f

Status = Assessment.Status
SUMMARY_HEADER = [
    "STT",
    "Mã xã",
    "Xã/phường",
    "Số hộ được đánh giá",
    "Số nhân khẩu",
    "Nhà đổ, sập, trôi, cháy hoàn toàn (hộ)",
    "Di dời khẩn cấp (hộ)",
    "Nhà hư hỏng nặng (hộ)",
    "Người bị thương nặng",
    "Người chết",
    "Người mất tích",
    "Gạo được hỗ trợ (kg)",
    "Kinh phí được duyệt (đồng)",
    "Đã cấp: Dự phòng ngân sách trung ương (đồng)",
    "Đã cấp: Ngân sách tỉnh (đồng)",
    "Đã cấp: Ngân sách huyện (đồng)",
    "Đã cấp: Ngân sách xã (đồng)",
    "Đã cấp: Vận động xã hội, quyên góp (đồng)",
    "Tổng đã cấp (đồng)",
    "Gạo đã cấp (kg)",
]
COMMUNE_A = [1, "30001", "Thị trấn Mỹ Thọ", 2, 7, 1, 0, 1, 1, 0, 0, 180, 65_000_000, 0, 50_000_000, 0, 0, 15_000_000]
COMMUNE_A += [65_000_000, 180]
COMMUNE_B = [2, "30002", "Xã Mỹ Hiệp", 1, 5, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]


def _line(assessment, aid_type, *, amount=0, rice=0, quantity=1, unit="hộ", person=None, basis="Điều 15"):
    return AidLine.objects.create(
        assessment=assessment,
        person=person,
        aid_type=aid_type,
        quantity=quantity,
        unit=unit,
        rice_kg=rice,
        minimum_amount=amount,
        amount=amount,
        basis=basis,
    )


def _pay(line, source, *, amount=0, rice=0, actor):
    method = Disbursement.Method.IN_KIND if rice else Disbursement.Method.CASH
    Disbursement.objects.create(
        line=line,
        source=source,
        method=method,
        amount=amount,
        rice_kg=rice,
        paid_on=date(2026, 10, 20),
        recipient_name=line.assessment.household.head_name,
        recipient_signed=True,
        recorded_by=actor,
    )


def _assessment(world, incident, commune, village, head, status, **fields):
    household = f.HouseholdFactory(head_name=head, commune=commune)
    return Assessment.objects.create(
        incident=incident,
        commune=commune,
        household=household,
        village=village,
        status=status,
        created_by=world.user("officer_a"),
        **fields,
    )


@pytest.fixture
def flood(world):
    actor = world.user("district_officer")
    incident = Incident.objects.create(
        name="Lũ tháng 10/2026",
        kind=Incident.Kind.FLOOD,
        occurred_on=date(2026, 10, 15),
        unit=world.district,
        province=world.province,
        created_by=actor,
    )
    IncidentArea.objects.create(incident=incident, commune=world.commune_a, villages="Ấp 1, Ấp 2")
    IncidentArea.objects.create(incident=incident, commune=world.commune_b, villages="Ấp Mỹ")
    hai = _assessment(
        world, incident, world.commune_a, "Ấp 1", "Nguyễn Văn Hải", Status.APPROVED,
        poverty_status="poor", members=4, house_damage=HouseDamage.LOST, food_short_members=4, food_months=3,
    )  # fmt: skip
    house = _line(hai, AidType.HOUSE_LOST, amount=40_000_000, basis="Khoản 1 Điều 15 Nghị định 20/2021/NĐ-CP")
    rice = _line(hai, AidType.RICE_DISASTER, rice=180, quantity=12, unit="người-tháng", basis="Khoản 1 Điều 12")
    _pay(house, FundingSource.PROVINCE, amount=30_000_000, actor=actor)
    _pay(house, FundingSource.COMMUNITY, amount=10_000_000, actor=actor)
    _pay(rice, FundingSource.PROVINCE, rice=180, actor=actor)

    lua = _assessment(
        world, incident, world.commune_a, "Ấp 2", "Trần Thị Lụa", Status.DISBURSED,
        poverty_status="near_poor", members=3, house_damage=HouseDamage.SERIOUS,
    )  # fmt: skip
    tam = AssessmentPerson.objects.create(
        assessment=lua, full_name="Trần Văn Tâm", harm=AssessmentPerson.Harm.INJURED, treatment_days=5
    )
    damaged = _line(lua, AidType.HOUSE_DAMAGED, amount=20_000_000, basis="Khoản 3 Điều 15")
    injured = _line(lua, AidType.INJURED, amount=5_000_000, person=tam, unit="người", basis="Điều 13")
    _pay(damaged, FundingSource.PROVINCE, amount=20_000_000, actor=actor)
    _pay(injured, FundingSource.COMMUNITY, amount=5_000_000, actor=actor)

    ut = _assessment(
        world, incident, world.commune_a, "Ấp 1", "Phan Văn Út", Status.REJECTED,
        members=2, house_damage=HouseDamage.LOST, reject_reason="Nhà không bị ảnh hưởng",
    )  # fmt: skip
    _line(ut, AidType.HOUSE_LOST, amount=40_000_000)

    phuoc = _assessment(
        world, incident, world.commune_b, "Ấp Mỹ", "Lê Văn Phước", Status.PROPOSED,
        members=5, food_short_members=5, food_months=2, note="+84 909 000 111 (con trai)",
    )  # fmt: skip
    loc = AssessmentPerson.objects.create(
        assessment=phuoc,
        full_name="Lê Văn Lộc",
        birth_year=1961,
        harm=AssessmentPerson.Harm.DEAD,
        id_number="087061000123",
        death_date=date(2026, 10, 15),
        death_cause="Đuối nước khi lũ về",
        organiser_name="Lê Văn Phước",
        organiser_id_number="087080001234",
        organiser_relation="Con",
    )
    _line(
        phuoc, AidType.DEATH, amount=25_000_000, person=loc, unit="người",
        basis="Khoản 1 Điều 14 Nghị định 20/2021/NĐ-CP: 50 × 500.000 ₫ = 25.000.000 ₫",
    )  # fmt: skip
    _line(phuoc, AidType.RICE_DISASTER, rice=150, quantity=10, unit="người-tháng", basis="Khoản 1 Điều 12")
    incident.dead_person = loc
    return incident


def _download(client, name, incident, query=""):
    response = client.get(reverse(f"emergency:{name}", args=[incident.pk]) + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _row(sheet, number):
    return [cell.value for cell in sheet[number]]


def _values(sheet, number, width):
    return [cell.value for cell in sheet[number]][:width]


def test_summary_one_row_per_commune_and_totals_that_add_up(world, login, flood):
    book = _download(login(world.user("district_officer")), "incident_summary_xlsx", flood)
    sheet = book["Tổng hợp"]
    assert sheet["A1"].value == "Tỉnh Đồng Tháp · Huyện Cao Lãnh"
    assert sheet["A2"].value == "Sự kiện: Lũ tháng 10/2026 (Lũ, lụt, ngập), xảy ra ngày 15/10/2026"
    assert sheet["A3"].value == "TỔNG HỢP THIỆT HẠI VÀ KẾT QUẢ TRỢ GIÚP KHẨN CẤP"
    assert sheet["A4"].value.startswith("Phạm vi: Huyện Cao Lãnh · Xuất ngày ")
    assert _values(sheet, 5, 20) == SUMMARY_HEADER
    assert _values(sheet, 6, 20) == COMMUNE_A
    assert _values(sheet, 7, 20) == COMMUNE_B
    total = [None, None, "Tổng cộng (2 xã)", 3, 12, 1, 0, 1, 1, 1, 0, 180, 65_000_000, 0, 50_000_000, 0, 0]
    assert _values(sheet, 8, 20) == [*total, 15_000_000, 65_000_000, 180]
    assert sheet.max_row == 8
    assert sheet["M6"].number_format == "#,##0"
    # The sources add up to «Tổng đã cấp» on every row.
    for number in (6, 7, 8):
        values = _values(sheet, number, 20)
        assert sum(values[13:18]) == values[18]


def test_summary_lists_every_line_with_what_each_source_paid(world, login, flood):
    sheet = _download(login(world.user("district_officer")), "incident_summary_xlsx", flood)["Chi tiết khoản hỗ trợ"]
    assert sheet["A3"].value == "DANH SÁCH CÁC KHOẢN TRỢ GIÚP KHẨN CẤP"
    assert _values(sheet, 5, 11) == [
        "STT",
        "Xã/phường",
        "Thôn/ấp",
        "Hộ gia đình/tổ chức",
        "Người bị thiệt hại",
        "Loại hỗ trợ",
        "Số lượng",
        "Đơn vị tính",
        "Gạo (kg)",
        "Số tiền hỗ trợ (đồng)",
        "Trạng thái",
    ]
    assert _values(sheet, 6, 19) == [
        1, "Thị trấn Mỹ Thọ", "Ấp 1", "Nguyễn Văn Hải", None, "Hỗ trợ nhà ở bị đổ, sập, trôi, cháy hoàn toàn", 1, "hộ",
        0, 40_000_000, "Đã quyết định hỗ trợ", 0, 30_000_000, 0, 0, 10_000_000, 40_000_000, 0,
        "Khoản 1 Điều 15 Nghị định 20/2021/NĐ-CP",
    ]  # fmt: skip
    assert _values(sheet, 7, 18) == [
        2, "Thị trấn Mỹ Thọ", "Ấp 1", "Nguyễn Văn Hải", None, "Hỗ trợ gạo khi thiên tai, mất mùa, giáp hạt", 12,
        "người-tháng", 180, 0, "Đã quyết định hỗ trợ", 0, 0, 0, 0, 0, 0, 180,
    ]  # fmt: skip
    assert _values(sheet, 9, 11)[3:6] == ["Trần Thị Lụa", "Trần Văn Tâm", "Hỗ trợ người bị thương nặng"]
    assert _values(sheet, 10, 11)[:6] == [
        5,
        "Xã Mỹ Hiệp",
        "Ấp Mỹ",
        "Lê Văn Phước",
        "Lê Văn Lộc",
        "Hỗ trợ hộ có người chết, mất tích",
    ]
    assert _values(sheet, 10, 11)[9:] == [25_000_000, "Đã đề xuất, chờ xét duyệt"]
    total = [None, "Tổng cộng (6 khoản)", None, None, None, None, None, None, 330, 90_000_000, None]
    assert _values(sheet, 12, 19) == [*total, 0, 50_000_000, 0, 0, 15_000_000, 65_000_000, 180, None]
    assert sheet.max_row == 12


def test_a_commune_user_gets_only_its_part(world, login, flood):
    book = _download(login(world.user("officer_a")), "incident_summary_xlsx", flood)
    sheet = book["Tổng hợp"]
    assert sheet["A4"].value.startswith("Phạm vi: Thị trấn Mỹ Thọ · ")
    assert _values(sheet, 6, 20) == COMMUNE_A
    assert _values(sheet, 7, 20) == [None, None, "Tổng cộng (1 xã)", *COMMUNE_A[3:]]
    assert sheet.max_row == 7
    lines = book["Chi tiết khoản hỗ trợ"]
    assert {lines.cell(row=r, column=2).value for r in range(6, lines.max_row)} == {"Thị trấn Mỹ Thọ"}
    assert lines.cell(row=lines.max_row, column=2).value == "Tổng cộng (4 khoản)"


def test_another_districts_commune_gets_404(world, login, flood):
    client = login(world.user("officer_c"))
    for name in ("incident_summary_xlsx", "village_list_xlsx"):
        assert client.get(reverse(f"emergency:{name}", args=[flood.pk])).status_code == 404
    url = reverse("emergency:death_form_print", args=[flood.dead_person.pk])
    assert client.get(url).status_code == 404


def test_village_list_5a_groups_households_by_village_with_signatures(world, login, flood):
    sheet = _download(login(world.user("district_officer")), "village_list_xlsx", flood)["Mẫu 5a"]
    assert sheet["A3"].value == (
        "DANH SÁCH HỘ GIA ĐÌNH CÓ NHÀ Ở BỊ ĐỔ, SẬP, TRÔI, CHÁY, HƯ HỎNG NẶNG, PHẢI DI DỜI (Mẫu số 5a)"
    )
    assert sheet["A6"].value == "Thôn/ấp: Ấp 1 – Thị trấn Mỹ Thọ"
    assert _values(sheet, 7, 9) == [
        "STT",
        "Họ và tên chủ hộ",
        "Hộ nghèo, cận nghèo, hoàn cảnh khó khăn",
        "Số nhân khẩu",
        "Nhà đổ, sập, trôi, cháy hoàn toàn",
        "Phải di dời khẩn cấp",
        "Nhà hư hỏng nặng",
        "Số tiền đề nghị hỗ trợ (đồng)",
        "Ghi chú",
    ]
    assert _values(sheet, 8, 9) == [1, "Nguyễn Văn Hải", "Hộ nghèo", 4, "x", None, None, 40_000_000, None]
    assert _values(sheet, 9, 9) == [None, "Cộng Ấp 1", None, 4, 1, 0, 0, 40_000_000, None]
    assert (sheet["B12"].value, sheet["H12"].value) == ("TRƯỞNG THÔN/ẤP", "CÁN BỘ CẤP XÃ")
    assert sheet["H13"].value == "(Ký, ghi rõ họ tên)"
    assert sheet["A19"].value == "Thôn/ấp: Ấp 2 – Thị trấn Mỹ Thọ"
    assert _values(sheet, 21, 9) == [1, "Trần Thị Lụa", "Hộ cận nghèo", 3, None, None, "x", 20_000_000, None]
    assert [brk.id for brk in sheet.row_breaks.brk] == [18]
    names = {sheet.cell(row=r, column=2).value for r in range(1, sheet.max_row + 1)}
    assert "Phan Văn Út" not in names and "Lê Văn Phước" not in names


def test_village_list_5b_food_and_people_hurt(world, login, flood):
    sheet = _download(login(world.user("district_officer")), "village_list_xlsx", flood)["Mẫu 5b"]
    assert sheet["A6"].value == "Thôn/ấp: Ấp 1 – Thị trấn Mỹ Thọ"
    assert _values(sheet, 8, 10) == [1, "Nguyễn Văn Hải", 4, 4, 3, 180, None, None, 0, None]
    assert sheet["A19"].value == "Thôn/ấp: Ấp 2 – Thị trấn Mỹ Thọ"
    assert _values(sheet, 21, 10) == [
        1,
        "Trần Thị Lụa",
        3,
        0,
        0,
        0,
        "Trần Văn Tâm (5 ngày điều trị)",
        None,
        5_000_000,
        None,
    ]
    assert sheet["A32"].value == "Thôn/ấp: Ấp Mỹ – Xã Mỹ Hiệp"
    row = _values(sheet, 34, 10)
    assert row == [1, "Lê Văn Phước", 5, 5, 2, 150, None, "Lê Văn Lộc (chết)", 25_000_000, "+84 909 000 111 (con trai)"]
    # A note that starts like a formula stays text.
    assert sheet["J34"].data_type == "s"
    assert _values(sheet, 35, 10) == [None, "Cộng Ấp Mỹ", 5, 5, None, 150, None, 1, 25_000_000, None]


def test_village_list_of_a_commune_user_and_one_commune_filter(world, login, flood):
    book = _download(login(world.user("officer_b")), "village_list_xlsx", flood)
    assert book["Mẫu 5a"]["A6"].value == "Không có hộ gia đình nào thuộc danh sách này."
    assert book["Mẫu 5b"]["A6"].value == "Thôn/ấp: Ấp Mỹ – Xã Mỹ Hiệp"
    assert book["Mẫu 5b"]["A19"].value is None
    district = login(world.user("district_officer"))
    narrowed = _download(district, "village_list_xlsx", flood, f"?xa={world.commune_b.pk}")["Mẫu 5b"]
    assert narrowed["A4"].value.startswith("Phạm vi: Xã Mỹ Hiệp · ")
    assert narrowed["A6"].value == "Thôn/ấp: Ấp Mỹ – Xã Mỹ Hiệp"
    url = reverse("emergency:village_list_xlsx", args=[flood.pk]) + f"?xa={world.commune_c.pk}"
    assert district.get(url).status_code == 404


def test_form_04_prints_the_death_with_its_amount_and_citation(world, login, flood):
    url = reverse("emergency:death_form_print", args=[flood.dead_person.pk])
    assert login(world.user("officer_a")).get(url).status_code == 404
    page = login(world.user("officer_b")).get(url).content.decode()
    assert "TỜ KHAI ĐỀ NGHỊ HỖ TRỢ CHI PHÍ MAI TÁNG" in page
    assert '<dd data-testid="deceased">Lê Văn Lộc</dd>' in page
    assert '<dd data-testid="death-date">15/10/2026</dd>' in page
    assert "Đuối nước khi lũ về" in page
    assert '<dd data-testid="organiser">Lê Văn Phước</dd>' in page
    assert "087080001234" in page and "<dd>Con</dd>" in page
    assert '<td class="amount">25.000.000\u00a0₫</td>' in page
    assert "Khoản 1 Điều 14 Nghị định 20/2021/NĐ-CP: 50 × 500.000 ₫ = 25.000.000 ₫" in page
    assert "Ấp Mỹ, Xã Mỹ Hiệp, Huyện Cao Lãnh, Tỉnh Đồng Tháp" in page


def test_form_04_only_for_the_dead_or_missing(world, login, flood):
    injured = AssessmentPerson.objects.get(full_name="Trần Văn Tâm")
    url = reverse("emergency:death_form_print", args=[injured.pk])
    assert login(world.user("officer_a")).get(url).status_code == 404


def test_rice_kg_stays_exact(world, login, flood):
    line = AidLine.objects.get(aid_type=AidType.RICE_DISASTER, assessment__household__head_name="Lê Văn Phước")
    line.rice_kg = Decimal("152.5")
    line.save()
    sheet = _download(login(world.user("district_officer")), "incident_summary_xlsx", flood)["Chi tiết khoản hỗ trợ"]
    assert sheet["I11"].value == 152.5
    assert sheet["I12"].value == 332.5
