"""A commune officer imports existing beneficiaries: template, upload with errors, fix the marked copy, save."""

import pytest
from openpyxl import load_workbook

from beneficiaries.imports.columns import TITLES
from beneficiaries.models import Entitlement
from tests.beneficiaries.test_import import GOOD_ROWS

from .conftest import log_in

pytestmark = pytest.mark.browser


def _column(title: str) -> int:
    return TITLES.index(title) + 1


def test_officer_imports_a_file_fixes_two_errors_and_saves(browser_world, page, shot, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    log_in(page, "officer_a")
    page.get_by_role("link", name="Đối tượng").first.click()
    page.get_by_role("link", name="Nhập từ Excel").click()
    page.wait_for_selector("text=Nhập danh sách đối tượng đang hưởng từ Excel")
    shot(page, "upload-page")

    # The template, filled in the way an officer would, with two mistakes.
    with page.expect_download() as download:
        page.get_by_test_id("template-link").click()
    template = tmp_path / "mau.xlsx"
    download.value.save_as(template)
    workbook = load_workbook(template)
    sheet = workbook["Danh sách"]
    assert tuple(cell.value for cell in sheet[1]) == TITLES
    for number, row in enumerate(GOOD_ROWS, start=2):
        for title, value in row.items():
            sheet.cell(row=number, column=_column(title), value=value)
    sheet.cell(row=2, column=_column("Ngày sinh"), value="31/02/1950")
    sheet.cell(row=4, column=_column("Mã xã"), value="99999")
    filled = tmp_path / "danh-sach-xa.xlsx"
    workbook.save(filled)

    page.get_by_label("Tệp Excel (.xlsx) theo mẫu").set_input_files(str(filled))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    table = page.get_by_test_id("error-table")
    table.wait_for()
    rows = [line.split("\t") for line in table.locator("tbody tr").all_inner_texts()]
    assert rows == [
        ["2", "Ngày sinh", "«31/02/1950» không phải là ngày có thật."],
        ["4", "Mã xã", "Mã xã «99999» không có trong danh mục đơn vị hành chính."],
    ]
    assert page.get_by_test_id("batch-status").inner_text() == "Đã kiểm tra"
    shot(page, "errors")

    # The marked copy: fix the two red cells in it and upload it again.
    with page.expect_download() as download:
        page.get_by_test_id("marked-link").click()
    marked = tmp_path / "danh-dau.xlsx"
    download.value.save_as(marked)
    workbook = load_workbook(marked)
    sheet = workbook.active
    assert sheet.cell(row=2, column=_column("Ngày sinh")).comment.text == "«31/02/1950» không phải là ngày có thật."
    sheet.cell(row=2, column=_column("Ngày sinh"), value="28/02/1950")
    sheet.cell(row=4, column=_column("Mã xã"), value="30001")
    fixed = tmp_path / "danh-sach-xa-da-sua.xlsx"
    workbook.save(fixed)

    page.get_by_role("link", name="Nhập từ Excel").click()
    page.wait_for_selector("text=danh-sach-xa.xlsx")  # the first upload is listed, not saved
    shot(page, "upload-page-with-batch")
    page.get_by_label("Tệp Excel (.xlsx) theo mẫu").set_input_files(str(fixed))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    page.get_by_test_id("no-errors").wait_for()
    shot(page, "no-errors")
    page.get_by_label("Chỉ lưu khi mọi dòng hợp lệ").check()
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_selector("text=Đã lưu: 3 chế độ mới, 0 dòng đã có từ trước (không thay đổi).")
    assert page.get_by_test_id("batch-status").inner_text() == "Đã lưu"
    assert page.get_by_test_id("saved-counts").inner_text() == "3 / 0"
    shot(page, "saved")
    assert sorted(Entitlement.objects.values_list("amount", flat=True)) == [750_000, 1_000_000, 1_250_000]

    page.get_by_role("link", name="Đối tượng").first.click()
    page.wait_for_selector("text=Trần Thị Mai")
    shot(page, "people-list")
