"""Next month's payment roll from generation to payment: the commune officer generates it, reviews the changes
since last month and submits it; the district leader approves it; the officer marks a line not collected,
downloads the roll .xlsx, and reconciles the payment organisation's result file (template → filled → uploaded →
checked → confirmed)."""

from datetime import date
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone
from openpyxl import load_workbook

from beneficiaries.models import PaymentMethod
from beneficiaries.services.entitlements import entitlement_end
from payments.generation import roll_generate
from payments.models import PaymentLine, PaymentRoll
from payments.selectors import next_month
from policy.models import Category
from policy.rules import add_months
from tests.payments.conftest import approve, granted, person_in

from .conftest import log_in, log_out

pytestmark = pytest.mark.browser


@pytest.fixture
def world(browser_world):
    # Browser tests run on a flushed database (transactional_db): put the Decree 20 seed back.
    if not Category.objects.exists():
        import_module("policy.migrations.0002_seed_decree20").forward(apps, None)
    return browser_world


def last_month_paid(world, month):
    """Last month's approved roll for commune A, every line collected; then this month's changes happen:
    one person ends, one is newly granted, one is granted backdated to last month (arrears for it)."""
    hoa = person_in(
        world.commune_a,
        full_name="Lê Thị Hoa",
        birth_date=date(1958, 3, 2),
        payment_method=PaymentMethod.BANK,
        account_number="5100205123456",
        bank_name="Agribank Cao Lãnh",
    )
    hung = person_in(world.commune_a, full_name="Phạm Văn Hùng", birth_date=date(1962, 8, 9))
    severe = {"disability_level": "especially_severe"}
    granted(world, hoa, "5.6", date(2026, 1, 1), decision_number="14/QĐ-UBND", **severe)
    ended = granted(world, hung, "5.6", date(2026, 1, 1), decision_number="15/QĐ-UBND", **severe)
    previous = roll_generate(commune=world.commune_a, month=add_months(month, -1), actor=None)
    approve(previous)
    PaymentLine.objects.filter(roll=previous).update(paid=True, paid_on=timezone.localdate())
    entitlement_end(entitlement=ended, last_month=add_months(month, -1), reason="refused", actor=None)
    binh = person_in(world.commune_a, full_name="Nguyễn Văn Bình", birth_date=date(1959, 11, 20))
    granted(world, binh, "5.6", month, decision_number="215/QĐ-UBND", **severe)
    mai = person_in(world.commune_a, full_name="Trần Thị Mai", birth_date=date(1961, 4, 5))
    granted(world, mai, "5.6", add_months(month, -1), decision_number="198/QĐ-UBND", **severe)


def test_generate_review_submit_approve_export_and_reconcile(world, page, shot, tmp_path):
    month = next_month()
    mm_yyyy = f"{month:%m/%Y}"
    last_month_paid(world, month)

    # --- The commune officer generates next month's roll from the list --------------------------------------
    log_in(page, "officer_a")
    page.get_by_role("link", name="Chi trả", exact=True).first.click()
    page.get_by_test_id("no-roll").wait_for()
    assert page.get_by_label("Tháng chi trả").input_value() == f"{month:%Y-%m}"
    page.get_by_role("button", name=f"Lập danh sách tháng {mm_yyyy}").click()
    progress = page.get_by_test_id("commune-progress")
    progress.get_by_text("Đã lập").wait_for()
    assert "Hoàn tất" in page.get_by_test_id("generation").inner_text()
    assert "Thị trấn Mỹ Thọ" in progress.inner_text()
    shot(page, "generated")

    # --- Reviews the roll: totals, lines, and the changes since last month -----------------------------------
    progress.get_by_role("link", name="Thị trấn Mỹ Thọ").click()
    page.wait_for_url("**/chi-tra/*/")
    roll = PaymentRoll.objects.get(commune=world.commune_a, month=month)
    assert roll.lines_count == 3
    title = page.get_by_test_id("title-block").inner_text()
    assert f"Danh sách chi trả trợ cấp tháng {mm_yyyy}" in title and "Tỉnh Đồng Tháp" in title
    assert page.get_by_test_id("total").inner_text() == f"{roll.total:,}\xa0₫".replace(",", ".")
    equation = page.get_by_test_id("equation").inner_text()
    assert f"{roll.previous_total:,}".replace(",", ".") in equation
    assert roll.previous_total + roll.increase_total - roll.decrease_total == roll.total
    lines = page.get_by_test_id("lines").inner_text()
    for name in ("Lê Thị Hoa", "Nguyễn Văn Bình", "Trần Thị Mai"):
        assert name in lines
    assert "Phạm Văn Hùng" not in lines
    mai = PaymentLine.objects.get(roll=roll, person__full_name="Trần Thị Mai")
    assert (mai.arrears_amount, mai.arrears_months) == (1_350_000, [f"{add_months(month, -1):%Y-%m}"])
    assert f"1.350.000\xa0₫\n{add_months(month, -1):%m/%Y}" in lines
    shot(page, "roll-draft")

    page.get_by_role("tab", name="Tăng/giảm").click()
    page.locator("#tab-changes.show").wait_for()
    assert "Nguyễn Văn Bình" in page.get_by_test_id("changes-new").inner_text()
    assert "215/QĐ-UBND" in page.get_by_test_id("changes-new").inner_text()
    assert "Phạm Văn Hùng" in page.get_by_test_id("changes-ended").inner_text()
    assert "Trần Thị Mai" in page.get_by_test_id("changes-arrears").inner_text()
    shot(page, "changes")

    page.get_by_role("button", name="Trình duyệt").click()
    page.get_by_text(f"Đã trình duyệt danh sách tháng {mm_yyyy}.").wait_for()
    assert page.get_by_test_id("status").first.inner_text() == "Đã trình duyệt"
    shot(page, "submitted")
    log_out(page)

    # --- The district leader approves -----------------------------------------------------------------------
    log_in(page, "district_leader")
    page.get_by_role("link", name="Chi trả", exact=True).first.click()
    row = page.locator("tr[data-commune='30001']")
    assert "Đã trình duyệt" in row.inner_text()
    shot(page, "district-list")
    row.get_by_role("link", name="Xem").click()
    page.get_by_role("button", name="Phê duyệt").click()
    page.get_by_text(f"Đã phê duyệt danh sách tháng {mm_yyyy}.").wait_for()
    assert page.get_by_test_id("status").first.inner_text() == "Đã phê duyệt"
    shot(page, "approved")
    log_out(page)

    # --- After payment, the officer marks one line not collected --------------------------------------------
    log_in(page, "officer_a")
    page.goto(f"/chi-tra/{roll.pk}/")
    hoa = PaymentLine.objects.get(roll=roll, person__full_name="Lê Thị Hoa")
    cell = page.get_by_test_id(f"paid-{hoa.row_no}")
    page.once("dialog", lambda dialog: dialog.accept("Đi vắng, nhờ nhận thay chưa có giấy ủy quyền"))
    cell.get_by_role("button", name="Chưa nhận").click()
    cell.locator(".badge", has_text="Chưa nhận").wait_for()
    assert "Chưa nhận: 1" in page.get_by_test_id("line-counts").inner_text()
    hoa.refresh_from_db()
    assert (hoa.paid, hoa.unpaid_reason) == (False, "Đi vắng, nhờ nhận thay chưa có giấy ủy quyền")
    assert PaymentRoll.objects.get(pk=roll.pk).total == roll.total  # the approved amounts never change
    shot(page, "line-unpaid")
    page.reload()
    assert "Chưa nhận" in page.get_by_test_id(f"paid-{hoa.row_no}").inner_text()
    page.get_by_role("tab", name="Lịch sử").click()
    page.locator("#tab-history.show").wait_for()
    history = page.get_by_test_id("events").inner_text()
    for label in ("Ghi nhận kết quả chi trả", "Phê duyệt", "Trình duyệt", "Lập danh sách"):
        assert label in history
    assert "Đi vắng, nhờ nhận thay chưa có giấy ủy quyền" in history
    shot(page, "history")

    # --- Downloads the approved roll as .xlsx: the SPEC §3 header and a totals row equal to the page's total -----
    page.get_by_role("tab", name="Danh sách").click()
    shown_total = page.get_by_test_id("total").inner_text()
    with page.expect_download() as download_info:
        page.get_by_test_id("export-xlsx").click()
    download = download_info.value
    assert download.suggested_filename == f"danh-sach-chi-tra-30001-{month:%Y-%m}.xlsx"
    roll_file = tmp_path / download.suggested_filename
    download.save_as(roll_file)
    sheet = load_workbook(roll_file, read_only=True).worksheets[0]
    rows = [row for row in sheet.iter_rows(values_only=True)]
    assert rows[2][0] == f"DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI THÁNG {mm_yyyy}"
    assert rows[4][:17] == (
        "STT", "Họ và tên", "Ngày sinh", "Số định danh cá nhân", "Thôn/ấp", "Diện hưởng", "Hệ số", "Mức chuẩn",
        "Trợ cấp hàng tháng", "Kinh phí chăm sóc", "Truy lĩnh", "Truy thu", "Mai táng phí", "Tổng cộng",
        "Hình thức chi trả", "Số tài khoản", "Ký nhận",
    )  # fmt: skip
    assert sorted(row[1] for row in rows[5:-1]) == ["Lê Thị Hoa", "Nguyễn Văn Bình", "Trần Thị Mai"]
    totals = rows[-1]
    assert totals[1] == "Tổng cộng (3 người)"
    assert f"{totals[13]:,}\xa0₫".replace(",", ".") == shown_total
    assert totals[13] == roll.total and totals[10] == 1_350_000  # Mai's arrears, the only ones

    # --- Reconciles the payment organisation's result: the template, filled, uploaded, checked, confirmed ---------
    page.get_by_test_id("reconcile").click()
    page.get_by_role("heading", name=f"Đối soát kết quả chi trả tháng {mm_yyyy}").wait_for()
    with page.expect_download() as download_info:
        page.get_by_test_id("template-link").click()
    template = tmp_path / "mau.xlsx"
    download_info.value.save_as(template)
    book = load_workbook(template)
    result = book.worksheets[0]
    assert [cell.value for cell in result[1]] == [
        "STT", "Số định danh cá nhân", "Họ và tên", "Số tiền", "Đã nhận", "Ngày nhận", "Ghi chú",
    ]  # fmt: skip
    lines_by_name = {
        line.person.full_name: line for line in PaymentLine.objects.filter(roll=roll).select_related("person")
    }
    excel_row = {}
    today = timezone.localdate()
    for cells in result.iter_rows(min_row=2):
        name = cells[2].value
        line = lines_by_name[name]
        assert (cells[0].value, cells[1].value, cells[3].value) == (line.row_no, line.person.id_number, line.total)
        excel_row[name] = cells[0].row
        if name == "Lê Thị Hoa":  # not collected
            cells[4].value, cells[6].value = "Không", "Đi vắng cả tháng"
        elif name == "Trần Thị Mai":  # collected, but the organisation wrote last month's amount
            cells[3].value, cells[4].value, cells[5].value = 1_350_000, "Có", f"{today:%d/%m/%Y}"
        else:  # collected
            cells[4].value, cells[5].value = "Có", f"{today:%d/%m/%Y}"
    filled = tmp_path / "ket-qua-buu-dien.xlsx"
    book.save(filled)

    page.get_by_label("Tệp kết quả chi trả (.xlsx hoặc .csv)").set_input_files(str(filled))
    page.get_by_role("button", name="Tải lên và đối soát").click()
    page.get_by_role("heading", name=f"Kết quả đối soát tháng {mm_yyyy}").wait_for()
    assert "Chưa ghi nhận gì vào danh sách." in page.get_by_test_id("reconciliation-status").inner_text()
    assert page.get_by_test_id("count-matches").inner_text() == "2"
    assert page.get_by_test_id("count-problems").inner_text() == "1"
    assert "1 đã nhận · 1 chưa nhận" in page.get_by_test_id("summary").inner_text()
    mai_total = f"{lines_by_name['Trần Thị Mai'].total:,}\xa0₫".replace(",", ".")
    problem = page.get_by_test_id(f"problem-row-{excel_row['Trần Thị Mai']}").inner_text()
    assert str(excel_row["Trần Thị Mai"]) in problem and "Trần Thị Mai" in problem
    assert f"Số tiền 1.350.000\xa0₫ khác danh sách {mai_total}." in problem
    hoa_match = page.get_by_test_id(f"match-row-{excel_row['Lê Thị Hoa']}").inner_text()
    assert "Chưa nhận" in hoa_match and "Đi vắng cả tháng" in hoa_match
    binh_match = page.get_by_test_id(f"match-row-{excel_row['Nguyễn Văn Bình']}").inner_text()
    assert "Đã nhận" in binh_match and f"{today:%d/%m/%Y}" in binh_match
    assert PaymentLine.objects.get(pk=lines_by_name["Nguyễn Văn Bình"].pk).paid is None  # nothing applied yet
    shot(page, "reconciliation-checked")

    page.get_by_test_id("confirm").click()
    page.get_by_text("Đã ghi nhận kết quả chi trả cho 2 người theo tệp «ket-qua-buu-dien.xlsx».").wait_for()
    page.wait_for_url(f"**/chi-tra/{roll.pk}/")
    assert "Đã nhận: 1" in page.get_by_test_id("line-counts").inner_text()
    assert "Chưa nhận: 1" in page.get_by_test_id("line-counts").inner_text()
    assert "Chưa ghi nhận: 1" in page.get_by_test_id("line-counts").inner_text()
    binh_cell = page.get_by_test_id(f"paid-{lines_by_name['Nguyễn Văn Bình'].row_no}").inner_text()
    assert f"Đã nhận {today:%d/%m/%Y}" in binh_cell
    hoa_cell = page.get_by_test_id(f"paid-{lines_by_name['Lê Thị Hoa'].row_no}").inner_text()
    assert "Chưa nhận" in hoa_cell and "Đi vắng cả tháng" in hoa_cell
    assert "Chưa ghi nhận" in page.get_by_test_id(f"paid-{lines_by_name['Trần Thị Mai'].row_no}").inner_text()
    marked = {line.person.full_name: (line.paid, line.paid_on, line.unpaid_reason) for line in roll.lines.all()}
    assert marked == {
        "Nguyễn Văn Bình": (True, today, ""),
        "Lê Thị Hoa": (False, None, "Đi vắng cả tháng"),
        "Trần Thị Mai": (None, None, ""),
    }
    assert PaymentRoll.objects.get(pk=roll.pk).total == roll.total
    shot(page, "reconciled")
