"""Form 10a on the hand-built province of `fixtures.py`: every figure below is worked out by hand there."""

from datetime import date

from .fixtures import build_report, build_report_province, table

# People at 30/06/2026 by group, then money paid in 01–06/2026 (đồng), as in the layout's column order:
# total, 5.1, 5.2, 5.3, 5.4, 5.5, 5.6, 5.7, 5.8, local.
COMMUNE_A = [4, 1, 0, 0, 0, 1, 2, 0, 0, 0, 9_000_000, 2_250_000, 0, 0, 0, 2_750_000, 4_000_000, 0, 0, 0]
COMMUNE_B = [2, 0, 0, 0, 1, 1, 1, 0, 0, 0, 5_750_000, 750_000, 0, 0, 2_000_000, 1_500_000, 1_500_000, 0, 0, 0]
COMMUNE_C = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1_000_000, 0, 0, 0, 0, 1_000_000, 0, 0, 0, 0]


def test_province_rows_are_districts_over_their_communes_with_hand_counted_people_and_money(world):
    build_report_province(world)
    book, result, _ = build_report("10a", world.province)
    rows = table(book["10a"])
    assert list(rows) == [
        "Huyện Cao Lãnh",
        "Thị trấn Mỹ Thọ",
        "Xã Mỹ Hiệp",
        "Huyện Lấp Vò",
        "Xã Vĩnh Thạnh",
        "Tổng cộng",
    ]
    assert rows["Thị trấn Mỹ Thọ"] == COMMUNE_A
    assert rows["Xã Mỹ Hiệp"] == COMMUNE_B
    assert rows["Xã Vĩnh Thạnh"] == COMMUNE_C
    # District subtotal A + B: P9 is in 5.4 and 5.6 but one person in the total (4 + 2 = 6).
    assert rows["Huyện Cao Lãnh"] == [
        6, 1, 0, 0, 1, 2, 3, 0, 0, 0, 14_750_000, 3_000_000, 0, 0, 2_000_000, 4_250_000, 5_500_000, 0, 0, 0
    ]  # fmt: skip
    assert rows["Tổng cộng"] == [
        7, 1, 0, 0, 1, 3, 3, 0, 0, 0, 15_750_000, 3_000_000, 0, 0, 2_000_000, 5_250_000, 5_500_000, 0, 0, 0
    ]  # fmt: skip
    assert result["people_total"] == 7 and result["money_total"] == 15_750_000


def test_numbering_titles_and_headers_follow_an_official_report(world):
    build_report_province(world)
    sheet = build_report("10a", world.province)[0]["10a"]
    assert sheet["A1"].value == "ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP"
    assert sheet["T1"].value == "Mẫu số 10a" and "T1:V1" in sheet.merged_cells
    assert sheet["A4"].value == "BÁO CÁO KẾT QUẢ THỰC HIỆN TRỢ GIÚP XÃ HỘI THƯỜNG XUYÊN"
    assert sheet["A6"].value == "Đơn vị báo cáo: Tỉnh Đồng Tháp (mã 87)"
    assert sheet["A7"].value == "Kỳ báo cáo: từ ngày 01/01/2026 đến ngày 30/06/2026"
    assert sheet["A8"].value == "Số liệu chốt đến hết ngày 10/07/2026"
    assert (sheet["A10"].value, sheet["B10"].value) == ("STT", "Đơn vị")
    assert sheet["C10"].value == "Số đối tượng hưởng trợ cấp xã hội hàng tháng (người, tại ngày cuối kỳ)"
    assert sheet["M10"].value == "Kinh phí trợ cấp xã hội hàng tháng đã chi trong kỳ (đồng)"
    assert sheet["C11"].value == "Tổng số người" and sheet["H11"].value == "Người cao tuổi (K5)"
    assert [sheet.cell(13 + i, 1).value for i in range(6)] == ["I", "1", "2", "II", "3", None]
    assert "C10:L10" in sheet.merged_cells and "A10:A11" in sheet.merged_cells


def test_a_two_level_province_lists_its_communes_without_a_district_layer(world):
    build_report_province(world)
    book, result, _ = build_report("10a", world.province2)
    rows = table(book["10a"])
    # P12: 5.6, 1.250.000 ₫ in May and June.
    assert rows == {
        "Phường Ninh Kiều": [1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2_500_000, 0, 0, 0, 0, 0, 2_500_000, 0, 0, 0],
        "Tổng cộng": [1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2_500_000, 0, 0, 0, 0, 0, 2_500_000, 0, 0, 0],
    }
    assert book["10a"]["A13"].value == "1"


def test_a_period_spanning_1_july_2025_says_which_structure_each_part_follows(world):
    build_report_province(world)
    sheet = build_report("10a", world.province2, period=(date(2025, 1, 1), date(2025, 12, 31)))[0]["10a"]
    assert sheet["A9"].value == (
        "Kỳ báo cáo qua ngày 01/07/2025: phần từ 01/01/2025 đến 30/06/2025 theo cấu trúc ba cấp (tỉnh – huyện – xã); "
        "phần từ 01/07/2025 đến 31/12/2025 theo cấu trúc hai cấp (tỉnh – xã)."
    )
    assert sheet["A10"].value.startswith("Các dòng là đơn vị của Thành phố Cần Thơ theo cấu trúc hai cấp")
    plain = build_report("10a", world.province2)[0]["10a"]
    assert plain["A9"].value is None  # no note when the period lies on one side of the date


def test_a_commune_report_has_its_own_row_only(world):
    build_report_province(world)
    book, result, steps = build_report("10a", world.commune_a)
    assert table(book["10a"]) == {"Thị trấn Mỹ Thọ": COMMUNE_A, "Tổng cộng": COMMUNE_A}
    assert steps[-1] == (100, "Đã lập xong")
    assert [percent for percent, _ in steps] == sorted(percent for percent, _ in steps)


def test_a_district_report_lists_its_communes_and_totals_them(world):
    build_report_province(world)
    rows = table(build_report("10a", world.district)[0]["10a"])
    assert list(rows) == ["Thị trấn Mỹ Thọ", "Xã Mỹ Hiệp", "Tổng cộng"]
    assert rows["Tổng cộng"][0] == 6 and rows["Tổng cộng"][10] == 14_750_000
