"""Every export of the payment rolls, opened the way the office opens it (openpyxl, csv): the roll .xlsx with its
title block, SPEC §3 header and totals; the signature sheet; the bank CSV; the month summary; the
health-insurance list; the `export_payment_roll` command. Formula-like text stays text, HIV categories are hidden
from readers without the permission, and another commune's or district's files answer 404.

Rolls and lines are built with the ORM here (the generation has its own tests), with exact figures.
"""

import csv
import io
import zipfile
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from openpyxl import load_workbook

from beneficiaries.models import EndReason, Entitlement, PaymentMethod
from locations.models import Village
from payments.exports.cells import csv_text
from payments.exports.roll_xlsx import SPEC_TITLES
from payments.exports.source import parse_month
from payments.exports.words import amount_in_words
from payments.models import PaymentLine, PaymentRoll
from policy.models import Category
from tests import factories as f

NOVEMBER = date(2026, 11, 1)
Status = PaymentRoll.Status
MONEY_FIELDS = ("monthly_amount", "care_amount", "arrears_amount", "recovery_amount", "funeral_amount")
ROLL_TOTALS = {
    "monthly_total": "monthly_amount",
    "care_total": "care_amount",
    "arrears_total": "arrears_amount",
    "recovery_total": "recovery_amount",
    "funeral_total": "funeral_amount",
    "total": "total",
}


def _person(commune, name, id_number, *, village=None, born=date(1950, 5, 17), **fields):
    return f.PersonFactory(
        full_name=name, commune=commune, village=village, id_number=id_number, birth_date=born, **fields
    )


def _roll(commune, lines: list[dict], *, month=NOVEMBER, status=Status.APPROVED) -> PaymentRoll:
    """A roll with `lines` (total = monthly + care + arrears − recovery + funeral) and the totals that match."""
    roll = PaymentRoll.objects.create(
        commune=commune,
        month=month,
        status=status,
        generated_at=datetime(2026, 10, 16, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    )
    objects = []
    for row_no, fields in enumerate(lines, start=1):
        fields = {"payment_method": PaymentMethod.CASH, **fields}
        total = sum(fields.get(name, 0) for name in MONEY_FIELDS) - 2 * fields.get("recovery_amount", 0)
        objects.append(PaymentLine(roll=roll, row_no=row_no, total=total, **fields))
    PaymentLine.objects.bulk_create(objects)
    totals = {name: sum(getattr(line, source) for line in objects) for name, source in ROLL_TOTALS.items()}
    accounts = [line for line in objects if line.payment_method in (PaymentMethod.BANK, PaymentMethod.E_WALLET)]
    PaymentRoll.objects.filter(pk=roll.pk).update(
        lines_count=len(objects),
        account_lines=len(accounts),
        account_total=sum(line.total for line in accounts),
        **totals,
    )
    roll.refresh_from_db()
    return roll


@pytest.fixture
def roll_a(world):
    """Commune A, 11/2026, approved: four lines, one of each kind the exports treat differently."""
    village = Village.objects.create(commune=world.commune_a, name="Ấp Mỹ Thuận")
    elder = _person(world.commune_a, "Nguyễn Văn Đức", "087150000001", village=village)
    injected = _person(
        world.commune_a, "=1+1", "087140000002", village=village, born=date(1940, 1, 1), birth_year_only=True
    )
    carer = _person(world.commune_a, "Trần Thị Bé", "087190000003", village=village, born=date(1990, 3, 9))
    dead = _person(world.commune_a, "Lê Văn Tám", "087045000004", village=village, born=date(1945, 2, 1))
    return _roll(
        world.commune_a,
        [
            {
                "person": elder,
                "categories": "5.5.a",
                "coefficient": Decimal("1.50"),
                "level": 500_000,
                "monthly_amount": 750_000,
            },
            {
                "person": injected,
                "categories": "5.3",
                "coefficient": Decimal("2.50"),
                "level": 500_000,
                "monthly_amount": 1_250_000,
                "arrears_amount": 2_500_000,
                "arrears_months": ["2026-09", "2026-10"],
                "payment_method": PaymentMethod.E_WALLET,
                "account_number": "+84901234567",
                "bank_name": "MoMo",
            },
            {
                "person": carer,
                "categories": "5.6, 20.1",
                "coefficient": Decimal("2.00"),
                "level": 500_000,
                "monthly_amount": 1_000_000,
                "care_amount": 750_000,
                "recovery_amount": 250_000,
                "recovery_months": ["2026-08"],
                "payment_method": PaymentMethod.BANK,
                "account_number": "0123456789",
                "bank_name": "Vietcombank",
            },
            {
                "person": dead,
                "categories": "11",
                "funeral_amount": 10_000_000,
                "payee_name": "-Lê Thị Hai",
                "payment_method": PaymentMethod.POST_OFFICE,
            },
        ],
    )


def _download(client, name: str, *args, query: str = ""):
    response = client.get(reverse(f"payments:{name}", args=args) + query)
    return response, b"".join(response.streaming_content) if response.streaming else response.content


def _book(content: bytes):
    return load_workbook(io.BytesIO(content))


def _values(sheet, row: int) -> list:
    return [cell.value for cell in sheet[row]]


# --- The roll .xlsx --------------------------------------------------------------------------------------------


def test_roll_xlsx_has_title_block_spec_header_each_line_and_a_totals_row(world, roll_a, login):
    response, content = _download(login(world.user("officer_a")), "roll_export_xlsx", roll_a.pk)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="danh-sach-chi-tra-30001-2026-11.xlsx"' in response["Content-Disposition"]
    sheet = _book(content)["Danh sách chi trả"]
    assert sheet["A1"].value == "Tỉnh Đồng Tháp · Huyện Cao Lãnh"
    assert sheet["A2"].value == "Thị trấn Mỹ Thọ (mã xã 30001)"
    assert sheet["A3"].value == "DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI THÁNG 11/2026"
    assert sheet["A4"].value.startswith("Trạng thái: Đã phê duyệt · Lập ngày 16/10/2026 · Xuất ngày ")
    assert _values(sheet, 5) == [*SPEC_TITLES, "Các tháng truy lĩnh/truy thu", "Người nhận thay"]
    assert _values(sheet, 5)[:17] == [
        "STT",
        "Họ và tên",
        "Ngày sinh",
        "Số định danh cá nhân",
        "Thôn/ấp",
        "Diện hưởng",
        "Hệ số",
        "Mức chuẩn",
        "Trợ cấp hàng tháng",
        "Kinh phí chăm sóc",
        "Truy lĩnh",
        "Truy thu",
        "Mai táng phí",
        "Tổng cộng",
        "Hình thức chi trả",
        "Số tài khoản",
        "Ký nhận",
    ]
    cash, blank = "Tiền mặt tại xã", [None] * 4
    assert _values(sheet, 6) == [1, "Nguyễn Văn Đức", "17/05/1950", "087150000001", "Ấp Mỹ Thuận", "5.5.a", 1.5,
                                 500000, 750000, *blank, 750000, cash, *blank]  # fmt: skip
    assert _values(sheet, 7) == [2, "=1+1", "1940", "087140000002", "Ấp Mỹ Thuận", "5.3", 2.5, 500000, 1250000,
                                 None, 2500000, None, None, 3750000, "Ví điện tử", "+84901234567", None,
                                 "Truy lĩnh: 09/2026, 10/2026", None]  # fmt: skip
    assert _values(sheet, 8)[5:14] == ["5.6, 20.1", 2, 500000, 1000000, 750000, None, 250000, None, 1500000]
    assert _values(sheet, 8)[17] == "Truy thu: 08/2026"
    assert _values(sheet, 9)[12:19] == [10000000, 10000000, "Qua bưu điện", None, None, None, "-Lê Thị Hai"]

    totals = _values(sheet, 10)
    assert totals[1] == "Tổng cộng (4 người)"
    assert totals[8:14] == [3_000_000, 750_000, 2_500_000, 250_000, 10_000_000, 16_000_000]
    for column in range(8, 14):
        assert totals[column] == sum(sheet.cell(row=row, column=column + 1).value or 0 for row in range(6, 10))
    assert totals[13] == roll_a.total
    assert sheet.max_row == 10

    assert sheet["I6"].number_format == "#,##0"
    assert sheet["N10"].number_format == "#,##0"
    assert sheet.freeze_panes == "C6"
    assert sheet.print_title_rows == "$5:$5"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_options.gridLines is True


def test_export_link_partials_point_at_the_downloads(world, roll_a, rf):
    html = render_to_string("payments/_export_links.html", {"roll": roll_a})
    for name in ("roll_export_xlsx", "roll_signature_sheet", "roll_bank_csv"):
        assert f'href="{reverse(f"payments:{name}", args=[roll_a.pk])}"' in html
    request = rf.get("/")
    request.user = world.user("district_officer")
    html = render_to_string(
        "payments/_month_export_links.html", {"month": NOVEMBER, "unit": world.district}, request=request
    )
    assert f'href="{reverse("payments:month_summary")}?month=11/2026&amp;unit={world.district.pk}"' in html
    assert f'href="{reverse("payments:health_insurance_list")}?month=11/2026&amp;unit={world.district.pk}"' in html


def test_formula_like_names_accounts_and_payees_are_stored_as_text(world, roll_a, login):
    _, content = _download(login(world.user("officer_a")), "roll_export_xlsx", roll_a.pk)

    sheet = _book(content).active
    for coordinate, text in (("B7", "=1+1"), ("P7", "+84901234567"), ("S9", "-Lê Thị Hai")):
        assert sheet[coordinate].value == text
        assert sheet[coordinate].data_type == "s"
        assert sheet[coordinate].quotePrefix is True
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml


def test_control_characters_from_imported_names_are_dropped_and_the_file_still_opens(world, login):
    person = _person(world.commune_a, "Phan\x0b Văn\x01 Sáu", "087150000099")
    roll = _roll(world.commune_a, [{"person": person, "categories": "5.5.a", "monthly_amount": 750_000,
                                    "payee_name": "\tcmd"}])  # fmt: skip

    _, content = _download(login(world.user("officer_a")), "roll_export_xlsx", roll.pk)

    sheet = _book(content).active
    assert sheet["B6"].value == "Phan Văn Sáu"
    assert sheet["S6"].value == "\tcmd"
    assert sheet["S6"].data_type == "s" and sheet["S6"].quotePrefix is True


def test_hiv_category_shows_as_a_dash_to_readers_without_the_permission(world, roll_a, login):
    for persona in ("province_officer", "auditor"):
        assert not world.user(persona).has_perm("beneficiaries.view_hiv_status")
        response, content = _download(login(world.user(persona)), "roll_export_xlsx", roll_a.pk)
        sheet = _book(content).active
        assert response.status_code == 200
        assert [sheet.cell(row=row, column=6).value for row in range(6, 10)] == ["5.5.a", "—", "5.6, 20.1", "11"]
        assert "5.3" not in [cell.value for row in sheet.iter_rows() for cell in row]
    # The auditor also lacks the full ID number: masked as on the lists.
    assert sheet["D6"].value == "087******001"


def test_roll_exports_of_commune_a_are_404_for_other_communes_and_403_without_the_permission(world, roll_a, login):
    for persona, expected in (("officer_b", 404), ("officer_c", 404), ("officer_2level", 404), ("facility_staff", 403)):
        client = login(world.user(persona))
        for name in ("roll_export_xlsx", "roll_signature_sheet", "roll_bank_csv"):
            response, content = _download(client, name, roll_a.pk)
            assert response.status_code == expected, (persona, name)
            assert "Nguyễn Văn Đức".encode() not in content


def test_district_and_province_see_commune_a_roll_exports(world, roll_a, login):
    for persona in ("district_officer", "district_leader", "province_officer", "leader_a"):
        response, _ = _download(login(world.user(persona)), "roll_export_xlsx", roll_a.pk)
        assert response.status_code == 200, persona


# --- Signature sheet -------------------------------------------------------------------------------------------


def test_signature_sheet_lists_cash_lines_with_tall_blank_signature_cells_total_and_signers(world, roll_a, login):
    response, content = _download(login(world.user("officer_a")), "roll_signature_sheet", roll_a.pk)

    assert response.status_code == 200
    assert 'filename="danh-sach-ky-nhan-30001-2026-11.xlsx"' in response["Content-Disposition"]
    sheet = _book(content)["Ký nhận"]
    assert sheet["A1"].value == "UBND THỊ TRẤN MỸ THỌ"
    assert sheet["D1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert sheet["A4"].value == "DANH SÁCH KÝ NHẬN TIỀN TRỢ CẤP XÃ HỘI THÁNG 11/2026"
    assert _values(sheet, 7) == ["STT", "Họ và tên", "Năm sinh", "Thôn", "Số tiền", "Ký nhận", "Ghi chú"]
    # Cash at the commune and at the post office; the two account lines are in the bank file instead.
    assert _values(sheet, 8) == [1, "Nguyễn Văn Đức", 1950, "Ấp Mỹ Thuận", 750000, None, None]
    assert _values(sheet, 9) == [2, "Lê Văn Tám", 1945, "Ấp Mỹ Thuận", 10000000, None,
                                 "Qua bưu điện; Người nhận thay: -Lê Thị Hai"]  # fmt: skip
    assert sheet.row_dimensions[8].height == 30
    assert _values(sheet, 10)[1] == "Tổng cộng (2 người)"
    assert sheet["E10"].value == 10_750_000 == sheet["E8"].value + sheet["E9"].value
    assert sheet["E10"].number_format == "#,##0"
    assert sheet["A11"].value == "Bằng chữ: Mười triệu bảy trăm năm mươi nghìn đồng."
    signers = [cell.value for row in sheet.iter_rows(min_row=12) for cell in row if cell.value]
    assert ["Người lập biểu", "Cán bộ chi trả", "Chủ tịch UBND xã"] == [
        text for text in signers if text in ("Người lập biểu", "Cán bộ chi trả", "Chủ tịch UBND xã")
    ]
    assert sheet.page_setup.orientation == "portrait"
    assert sheet.page_setup.paperSize == 9
    assert sheet.print_title_rows == "$7:$7"


# --- Bank CSV --------------------------------------------------------------------------------------------------


def test_bank_csv_is_utf8_with_bom_lists_account_lines_and_neutralises_formulas(world, roll_a, login):
    response, content = _download(login(world.user("officer_a")), "roll_bank_csv", roll_a.pk)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="chuyen-khoan-30001-2026-11.csv"' in response["Content-Disposition"]
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows == [
        ["STT", "Họ và tên", "Số định danh", "Số tài khoản", "Ngân hàng", "Số tiền", "Nội dung"],
        ["1", "'=1+1", "087140000002", "'+84901234567", "MoMo", "3750000", "TCXH T11/2026 =1+1"],
        ["2", "Trần Thị Bé", "087190000003", "0123456789", "Vietcombank", "1500000", "TCXH T11/2026 Tran Thi Be"],
    ]


def test_csv_text_prefixes_every_formula_start():
    assert [csv_text(value) for value in ("=A1", "+1", "-1", "@SUM", "\tx", "Bà =A", "", None, 5)] == [
        "'=A1",
        "'+1",
        "'-1",
        "'@SUM",
        "'\tx",
        "Bà =A",
        "",
        "",
        "5",
    ]


# --- Month summary ---------------------------------------------------------------------------------------------


@pytest.fixture
def roll_b(world):
    village = Village.objects.create(commune=world.commune_b, name="Ấp Hiệp")
    people = [_person(world.commune_b, f"Phạm Văn {n}", f"08715000010{n}", village=village) for n in range(3)]
    return _roll(
        world.commune_b,
        [
            {"person": people[0], "categories": "5.5.a", "monthly_amount": 750_000},
            {
                "person": people[1],
                "categories": "5.5.a",
                "monthly_amount": 750_000,
                "payment_method": PaymentMethod.BANK,
                "account_number": "111",
            },
            {"person": people[2], "categories": "5.6", "monthly_amount": 1_000_000},
        ],
        status=Status.DRAFT,
    )


def test_district_summary_has_one_row_per_commune_with_cashless_share_and_totals(world, roll_a, roll_b, login):
    response, content = _download(login(world.user("district_officer")), "month_summary", query="?month=11/2026")

    assert response.status_code == 200
    book = _book(content)
    assert book.sheetnames == ["Theo xã"]
    sheet = book["Theo xã"]
    assert sheet["A2"].value == "Huyện Cao Lãnh (mã 873)"
    assert sheet["A3"].value == "TỔNG HỢP CHI TRẢ TRỢ CẤP XÃ HỘI THÁNG 11/2026"
    assert _values(sheet, 5)[:12] == ["STT", "Mã xã", "Xã/phường", "Huyện", "Trạng thái", "Số người",
                                      "Trợ cấp hàng tháng", "Kinh phí chăm sóc", "Truy lĩnh", "Truy thu",
                                      "Mai táng phí", "Tổng cộng"]  # fmt: skip
    assert _values(sheet, 5)[12:] == ["Số người nhận qua tài khoản", "Số tiền qua tài khoản",
                                      "Tỷ lệ người nhận qua tài khoản", "Tỷ lệ số tiền qua tài khoản"]  # fmt: skip
    assert _values(sheet, 6)[:14] == [1, "30001", "Thị trấn Mỹ Thọ", "Huyện Cao Lãnh", "Đã phê duyệt", 4, 3000000,
                                      750000, 2500000, 250000, 10000000, 16000000, 2, 5250000]  # fmt: skip
    assert _values(sheet, 7)[:14] == [2, "30002", "Xã Mỹ Hiệp", "Huyện Cao Lãnh", "Dự thảo", 3, 2500000, 0, 0, 0, 0,
                                      2500000, 1, 750000]  # fmt: skip
    assert _values(sheet, 8)[:14] == [None, None, "Tổng cộng", None, None, 7, 5500000, 750000, 2500000, 250000,
                                      10000000, 18500000, 3, 6000000]  # fmt: skip
    # Cashless shares: people paid by account / people, amount by account / total.
    assert _values(sheet, 6)[14:] == pytest.approx([0.5, 0.328125])
    assert _values(sheet, 7)[14:] == pytest.approx([1 / 3, 0.3])
    assert _values(sheet, 8)[14:] == pytest.approx([3 / 7, 6000000 / 18500000])
    for column in range(6, 15):
        assert sheet.cell(row=8, column=column).value == sum(sheet.cell(row=r, column=column).value for r in (6, 7))
    assert sheet["O6"].number_format == "0.0%"
    assert sheet.max_row == 8  # commune C belongs to the other district


def test_province_summary_lists_every_commune_and_each_district(world, roll_a, roll_b, login):
    response, content = _download(login(world.user("province_officer")), "month_summary", query="?month=2026-11")

    book = _book(content)
    communes = book["Theo xã"]
    assert [communes.cell(row=row, column=2).value for row in range(6, 9)] == ["30001", "30002", "30003"]
    assert _values(communes, 8)[4:7] == ["Chưa lập", 0, 0]
    assert _values(communes, 9)[11] == 18_500_000
    districts = book["Theo huyện"]
    assert _values(districts, 5)[:5] == ["STT", "Mã huyện", "Huyện", "Số xã", "Số xã đã lập danh sách"]
    assert _values(districts, 6)[:7] == [1, "873", "Huyện Cao Lãnh", 2, 2, 7, 5_500_000]
    assert _values(districts, 7)[:7] == [2, "875", "Huyện Lấp Vò", 1, 0, 0, 0]
    assert _values(districts, 8)[2:7] == ["Tổng cộng", 3, 2, 7, 5_500_000]


def test_summary_of_another_district_or_province_is_404(world, roll_a, login):
    client = login(world.user("district_officer"))
    for unit in (world.district2, world.province, world.commune_c, world.province2):
        response, content = _download(client, "month_summary", query=f"?month=11/2026&unit={unit.pk}")
        assert response.status_code == 404, unit
        assert b"PK" not in content[:2]
    response, _ = _download(client, "month_summary", query=f"?month=11/2026&unit={world.commune_b.pk}")
    assert response.status_code == 200
    response, _ = _download(client, "month_summary", query="?month=13/2026")
    assert response.status_code == 400


# --- Health insurance list -------------------------------------------------------------------------------------


def _entitlement(person, code, start, *, end=None, reason="", decision_date=None, commune=None):
    category = Category.objects.get(code=code, province=None)
    return Entitlement.objects.create(
        person=person,
        category=category,
        commune=commune or person.commune,
        start_month=start,
        end_month=end,
        end_reason=reason,
        status=Entitlement.Status.ENDED if end else Entitlement.Status.ACTIVE,
        decision_number=f"{person.id_number[-3:]}/QĐ-UBND",
        decision_date=decision_date,
        coefficient=Decimal("1.5"),
        level=500_000,
        amount=750_000,
        basis="test",
    )


@pytest.fixture
def insurance_cases(world):
    village = Village.objects.create(commune=world.commune_a, name="Ấp Mỹ Thuận")
    a = world.commune_a

    def person(name, number, **fields):
        return _person(a, name, f"087150000{number:03d}", village=village, **fields)

    new = person("Ngô Thị Mới", 11, sex="F", born=date(1941, 6, 2))
    _entitlement(new, "5.5.a", NOVEMBER, decision_date=date(2026, 11, 3))
    died = person("Đỗ Văn Mất", 12)
    _entitlement(died, "5.5.a", date(2025, 1, 1), end=date(2026, 10, 1), reason=EndReason.DEATH)
    adjusted = person("Vũ Văn Đổi", 13)
    _entitlement(adjusted, "5.6", date(2025, 1, 1), end=date(2026, 10, 1), reason=EndReason.ADJUSTED)
    _entitlement(adjusted, "5.6", NOVEMBER)
    hiv = person("Mai Thị Kín", 14, sex="F", born=date(2015, 4, 4))
    _entitlement(hiv, "5.3", NOVEMBER)
    backdated = person("Hồ Văn Muộn", 15, born=date(1980, 8, 8))
    _entitlement(backdated, "5.6", date(2026, 9, 1), decision_date=date(2026, 11, 10))
    carer = person("Lý Thị Chăm", 16)
    _entitlement(carer, "20.1", NOVEMBER)
    voided = person("Tạ Văn Hủy", 17)
    _entitlement(voided, "5.5.a", NOVEMBER, end=date(2026, 10, 1), reason=EndReason.NOT_ELIGIBLE)
    elsewhere = _person(world.commune_c, "Cao Văn Xa", "087150000018")
    _entitlement(elsewhere, "5.5.a", NOVEMBER)


def test_health_insurance_list_has_new_and_ended_people_of_the_month(world, insurance_cases, login):
    response, content = _download(
        login(world.user("district_officer")), "health_insurance_list", query="?month=11/2026"
    )

    assert response.status_code == 200
    assert 'filename="bhyt-tang-giam-873-2026-11.xlsx"' in response["Content-Disposition"]
    sheet = _book(content).active
    assert sheet["A3"].value == "DANH SÁCH ĐỐI TƯỢNG TĂNG, GIẢM ĐỀ NGHỊ CẤP THẺ BẢO HIỂM Y TẾ THÁNG 11/2026"
    assert _values(sheet, 5) == ["STT", "Tăng/giảm", "Họ và tên", "Ngày sinh", "Giới tính", "Số định danh cá nhân",
                                 "Địa chỉ (thôn, xã)", "Diện hưởng", "Từ tháng", "Đến tháng", "Lý do",
                                 "Số quyết định"]  # fmt: skip
    address = "Ấp Mỹ Thuận, Thị trấn Mỹ Thọ"
    reason = "Hưởng trợ cấp xã hội hàng tháng"
    assert [_values(sheet, row) for row in range(6, sheet.max_row + 1)] == [
        [1, "Tăng", "Hồ Văn Muộn", "08/08/1980", "Nam", "087150000015", address, "5.6", "09/2026", None, reason,
         "015/QĐ-UBND"],
        [2, "Tăng", "Mai Thị Kín", "04/04/2015", "Nữ", "087150000014", address, "5.3", "11/2026", None, reason,
         "014/QĐ-UBND"],
        [3, "Tăng", "Ngô Thị Mới", "02/06/1941", "Nữ", "087150000011", address, "5.5.a", "11/2026", None, reason,
         "011/QĐ-UBND"],
        [4, "Giảm", "Đỗ Văn Mất", "17/05/1950", "Nam", "087150000012", address, "5.5.a", "01/2025", "10/2026",
         "Chết hoặc bị tuyên bố mất tích", None],
    ]  # fmt: skip


def test_health_insurance_list_hides_hiv_category_without_the_permission(world, insurance_cases, login):
    _, content = _download(login(world.user("province_officer")), "health_insurance_list", query="?month=11/2026")

    sheet = _book(content).active
    rows = {sheet.cell(row=row, column=3).value: _values(sheet, row) for row in range(6, sheet.max_row + 1)}
    assert rows["Mai Thị Kín"][7] == "—"
    assert rows["Ngô Thị Mới"][7] == "5.5.a"
    assert rows["Cao Văn Xa"][6] == "Xã Vĩnh Thạnh"  # the province's list covers commune C too


def test_health_insurance_list_of_another_district_is_404(world, insurance_cases, login):
    response, _ = _download(
        login(world.user("district_officer")),
        "health_insurance_list",
        query=f"?month=11/2026&unit={world.district2.pk}",
    )
    assert response.status_code == 404


# --- Unit-wide roll file and the command -----------------------------------------------------------------------


def test_district_roll_file_has_every_commune_grouped_with_commune_columns_and_one_totals_row(
    world, roll_a, roll_b, login
):
    _roll(world.commune_c, [{"person": world.people["c"], "categories": "5.5.a", "monthly_amount": 750_000}])
    response, content = _download(
        login(world.user("district_officer")), "unit_roll_export_xlsx", query="?month=11/2026"
    )

    sheet = _book(content).active
    assert sheet["A2"].value == "Huyện Cao Lãnh (mã 873)"
    assert sheet["A4"].value.startswith("Trạng thái: 2 xã (1 xã đã phê duyệt, 1 xã dự thảo)")
    assert _values(sheet, 5)[:17] == list(SPEC_TITLES)
    assert _values(sheet, 5)[-2:] == ["Mã xã", "Xã/phường"]
    rows = [_values(sheet, row) for row in range(6, 13)]
    assert [row[0] for row in rows] == [1, 2, 3, 4, 5, 6, 7]
    assert [row[-2] for row in rows] == ["30001"] * 4 + ["30002"] * 3
    assert sheet.cell(row=13, column=2).value == "Tổng cộng (7 người)"
    assert sheet.cell(row=13, column=14).value == 18_500_000 == roll_a.total + roll_b.total
    assert sheet.max_row == 13


def test_command_writes_a_commune_roll_a_province_file_and_a_bank_csv_that_open(world, roll_a, roll_b, tmp_path):
    commune_file, province_file, bank_file = tmp_path / "a.xlsx", tmp_path / "p.xlsx", tmp_path / "a.csv"
    out = io.StringIO()
    call_command("export_payment_roll", month="11/2026", unit="30001", out=str(commune_file), stdout=out)
    call_command("export_payment_roll", "--month", "11/2026", "--unit", "87", "--out", str(province_file), stdout=out)
    call_command("export_payment_roll", month="11/2026", unit="30001", out=str(bank_file), kind="bank", stdout=out)
    summary_file = tmp_path / "s.xlsx"
    call_command("export_payment_roll", month="11/2026", unit="873", out=str(summary_file), kind="summary", stdout=out)

    sheet = load_workbook(commune_file).active
    assert _values(sheet, 5)[:17] == list(SPEC_TITLES)
    assert sheet["A3"].value == "DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI THÁNG 11/2026"
    assert sheet["F7"].value == "—"  # the command hides HIV categories unless --with-hiv
    assert sheet.cell(row=10, column=14).value == 16_000_000
    province = load_workbook(province_file).active
    assert province["A2"].value == "Tỉnh Đồng Tháp (mã 87)"
    assert province.cell(row=13, column=14).value == 18_500_000
    with open(bank_file, encoding="utf-8-sig", newline="") as handle:
        assert [row[1] for row in csv.reader(handle)] == ["Họ và tên", "'=1+1", "Trần Thị Bé"]
    assert _values(load_workbook(summary_file)["Theo xã"], 8)[11] == 18_500_000
    assert "Đã ghi" in out.getvalue() and "4 người, 16.000.000 ₫" in out.getvalue()


def test_command_refuses_a_bad_month_an_unknown_unit_and_a_commune_without_a_roll(world, tmp_path):
    from django.core.management.base import CommandError

    target = str(tmp_path / "x.xlsx")
    for month, unit, message in (
        ("2026/11", "30001", "MM/YYYY"),
        ("11/2026", "99999", "không có trong danh mục"),
        ("11/2026", "30002", "chưa có danh sách chi trả tháng 11/2026"),
    ):
        with pytest.raises(CommandError, match=message):
            call_command("export_payment_roll", month=month, unit=unit, out=target)


# --- Pure helpers ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (5, "Năm đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (105, "Một trăm linh năm đồng"),
        (750_000, "Bảy trăm năm mươi nghìn đồng"),
        (1_000_005, "Một triệu không trăm linh năm đồng"),
        (1_500_000, "Một triệu năm trăm nghìn đồng"),
        (10_750_000, "Mười triệu bảy trăm năm mươi nghìn đồng"),
        (2_015_000_000, "Hai tỷ không trăm mười lăm triệu đồng"),
    ],
)
def test_amount_in_words(amount, words):
    assert amount_in_words(amount) == words


@pytest.mark.parametrize(
    ("text", "month"),
    [("11/2026", NOVEMBER), ("1/2027", date(2027, 1, 1)), ("2026-11", NOVEMBER), ("13/2026", None), ("", None)],
)
def test_parse_month(text, month):
    assert parse_month(text) == month
