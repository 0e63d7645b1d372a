"""The provincial workbook on the hand-built province of `fixtures.py`: sheets, exact cells, layout, print setup."""

from .fixtures import build_report, build_report_province, table

SHEETS = [
    "Đối tượng và kinh phí",
    "Chi theo tháng",
    "Hỗ trợ chăm sóc",
    "Mai táng phí",
    "Trợ giúp khẩn cấp",
    "Đối tượng tại cơ sở",
    "Không dùng tiền mặt",
]


def test_the_workbook_has_a_sheet_per_subject_in_the_issue_order(world):
    build_report_province(world)
    book, result, steps = build_report("workbook", world.province)
    assert book.sheetnames == SHEETS
    assert result == {
        "communes": 3,
        "sheets": 7,
        "people": 7,
        "money": 15_750_000,
        "funeral_people": 1,
        "account_people": 4,
    }
    messages = [message for _, message in steps]
    for name in ("Chi theo tháng", "Mai táng phí", "Trợ giúp khẩn cấp", "Không dùng tiền mặt"):
        assert f"Đang tổng hợp: {name}" in messages
    assert steps[-1] == (100, "Đã lập xong")


def test_monthly_spending_runs_month_by_month_over_the_period(world):
    build_report_province(world)
    rows = table(build_report("workbook", world.province)[0]["Chi theo tháng"])
    # People paid, monthly allowance, care, arrears, recovery, funeral, total (approved by 10/07/2026).
    # May: A 6 + B 3 + C 1 lines; allowance A 4.750.000 + B 3.250.000 + C 1.000.000; care P6 500.000.
    # June: A 6 + B 2 (C's roll approved 12/07); allowance A 3.750.000 + B 2.500.000; arrears P3 750.000;
    # recovery P1 250.000; funeral P5 10.000.000; total A 14.750.000 + B 2.500.000.
    assert rows == {
        "01/2026": [0, 0, 0, 0, 0, 0, 0],
        "02/2026": [0, 0, 0, 0, 0, 0, 0],
        "03/2026": [0, 0, 0, 0, 0, 0, 0],
        "04/2026": [0, 0, 0, 0, 0, 0, 0],
        "05/2026": [10, 9_000_000, 500_000, 0, 0, 0, 9_500_000],
        "06/2026": [8, 6_250_000, 500_000, 750_000, 250_000, 10_000_000, 17_250_000],
        "Tổng cộng": [18, 15_250_000, 1_000_000, 750_000, 250_000, 10_000_000, 26_750_000],
    }


def test_care_support_sheet_counts_carers_by_clause(world):
    build_report_province(world)
    rows = table(build_report("workbook", world.province)[0]["Hỗ trợ chăm sóc"])
    # People total, 20.1–20.4, then money total, 20.1–20.4: P6 (20.3) in A, 2 × 500.000.
    assert rows["Thị trấn Mỹ Thọ"] == [1, 0, 0, 1, 0, 1_000_000, 0, 0, 1_000_000, 0]
    assert rows["Tổng cộng"] == [1, 0, 0, 1, 0, 1_000_000, 0, 0, 1_000_000, 0]


def test_people_and_money_sheet_has_merged_headers_frozen_panes_and_a4_landscape_print(world):
    build_report_province(world)
    sheet = build_report("workbook", world.province)[0]["Đối tượng và kinh phí"]
    assert sheet["A1"].value == "ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP"
    assert sheet["T1"].value == "Biểu 01"
    assert sheet["A4"].value == "ĐỐI TƯỢNG VÀ KINH PHÍ TRỢ CẤP XÃ HỘI HÀNG THÁNG THEO DIỆN VÀ ĐƠN VỊ"
    assert sheet["A5"].value == "Đơn vị báo cáo: Tỉnh Đồng Tháp (mã 87)"
    assert sheet["A6"].value == "Kỳ báo cáo: từ ngày 01/01/2026 đến ngày 30/06/2026"
    assert sheet["A7"].value == "Số liệu chốt đến hết ngày 10/07/2026"
    merged = {str(block) for block in sheet.merged_cells.ranges}
    assert {"A9:A10", "B9:B10", "C9:L9", "M9:V9", "A4:V4"} <= merged
    assert (sheet["C11"].value, sheet["V11"].value) == ("1", "20")
    assert sheet.freeze_panes == "C12"
    assert sheet.print_title_rows == "$9:$11"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9  # A4
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    # Row 12 is district I (Cao Lãnh), 13 commune A; money in whole đồng with thousands separators.
    assert (sheet["A12"].value, sheet["B12"].value, sheet["M12"].value) == ("I", "Huyện Cao Lãnh", 14_750_000)
    assert sheet["M13"].number_format == "#,##0" and sheet["C13"].number_format == "#,##0"
    assert sheet["B12"].font.b is True and sheet["B13"].font.b is False
    assert sheet["B17"].value == "Tổng cộng" and sheet["C17"].value == 7
