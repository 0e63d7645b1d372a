"""The residents report and the provincial workbook's emergency and residents sheets, opened with openpyxl and
checked cell by cell against the hand-built fixture (`fixtures_emergency_facilities`)."""

from decimal import Decimal

import pytest

from reports.layouts.writer import Styles, new_book
from reports.models import ReportRequest
from reports.sheets.emergency import write_emergency_sheet
from reports.sheets.residents import write_residents_sheet

from .fixtures_emergency_facilities import AS_OF, PERIOD, build_emergency, build_facilities, build_report

pytestmark = pytest.mark.django_db


def _cells(sheet, row: int, columns: str) -> list:
    return [sheet[f"{column}{row}"].value for column in columns]


def _request(unit, form="workbook"):
    return ReportRequest(form=form, unit=unit, period_start=PERIOD[0], period_end=PERIOD[1], as_of=AS_OF)


def test_residents_report_has_facilities_under_ownership_with_exact_figures(world):
    build_facilities(world)
    book, result = build_report("residents", world.province)
    assert book.sheetnames == ["Đối tượng tại cơ sở", "Tiếp nhận, rời cơ sở", "Công suất theo loại"]
    sheet = book["Đối tượng tại cơ sở"]
    assert sheet["A4"].value == "BÁO CÁO ĐỐI TƯỢNG TẠI CƠ SỞ TRỢ GIÚP XÃ HỘI"
    assert _cells(sheet, 11, "DEFGH") == ["Người cao tuổi", "Trẻ em", "Người khuyết tật", "Người tâm thần", "Tổng hợp"]
    assert _cells(sheet, 11, "IJKLM") == [
        "Dưới 4 tuổi",
        "Từ 4 đến 15 tuổi",
        "Từ 16 đến 59 tuổi",
        "Từ 60 đến 79 tuổi",
        "Từ 80 tuổi trở lên",
    ]
    # STT, name | residents | groups (5) | ages (5) | M, F | capacity, occupancy | admitted, discharged
    assert _cells(sheet, 13, "ABCDEFGHIJKLMNOPQRS") == [
        "I", "Công lập", 3, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1, 2, 1, 100, 0.03, 1, 1,
    ]  # fmt: skip
    assert _cells(sheet, 14, "ABC") == ["1", "Trung tâm Bảo trợ xã hội tổng hợp", 3]
    assert _cells(sheet, 15, "ABCDEFGHIJKLMNOPQRS") == [
        "II", "Ngoài công lập", 2, 0, 2, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 20, 0.1, 0, 0,
    ]  # fmt: skip
    assert _cells(sheet, 16, "ABC") == ["2", "Mái ấm Hoa Hồng", 2]
    assert _cells(sheet, 17, "BCDEFGHIJKLMNOPQRS") == [
        "Tổng cộng", 5, 1, 3, 0, 0, 1, 1, 2, 1, 0, 1, 3, 2, 120, pytest.approx(5 / 120), 1, 1,
    ]  # fmt: skip
    assert sheet["Q17"].number_format == "0.0%"
    moves = book["Tiếp nhận, rời cơ sở"]
    # Admissions: total, regular, emergency, contract, by law | discharges: total, then the seven reasons.
    assert _cells(moves, 17, "BCDEFGHIJKLMNO") == ["Tổng cộng", 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0]
    occupancy = book["Công suất theo loại"]
    # Elderly 1/40, children 3/50, disability 0/20, mental 0/0 (no share), general 1/10.
    assert _cells(occupancy, 17, "CDEFGHIJKLMNOPQ") == [1, 40, 0.025, 3, 50, 0.06, 0, 20, 0, 0, 0, None, 1, 10, 0.1]
    assert result == {"facilities": 2, "residents": 5, "capacity": 120, "admitted": 1, "discharged": 1}


def test_workbook_sheet_functions_write_the_emergency_and_residents_sheets(world):
    build_emergency(world)
    build_facilities(world)
    book = new_book()
    write_emergency_sheet(book, request=_request(world.province), styles=Styles())
    write_residents_sheet(book, request=_request(world.province), styles=Styles())
    assert book.sheetnames == ["Trợ giúp khẩn cấp", "Đối tượng tại cơ sở"]
    emergency, residents = book.worksheets
    assert (emergency["U1"].value, emergency["A4"].value) == ("Biểu 05", "KẾT QUẢ TRỢ GIÚP XÃ HỘI KHẨN CẤP")
    # Total: incidents, households assessed / supported, people, food short, injured, dead, missing, houses lost /
    # relocated / serious, rice kg and tonnes, approved, disbursed, then by source and the community share.
    assert _cells(emergency, 18, "BCDEFGHIJKLMNOPQ") == [
        "Tổng cộng", 1, 3, 3, 12, 7, 1, 1, 1, 1, 1, 1, 225, Decimal("0.225"), 145_000_000, 120_000_000,
    ]  # fmt: skip
    assert _cells(emergency, 18, "RSTUVW") == [0, 90_000_000, 0, 0, 30_000_000, 0.25]
    assert (residents["Q1"].value, residents["B17"].value, residents["C17"].value) == ("Biểu 06", "Tổng cộng", 5)


def test_provincial_workbook_carries_both_sheets(world):
    build_emergency(world)
    build_facilities(world)
    book, result = build_report("workbook", world.province)
    assert result["sheets"] == 7
    assert book["Trợ giúp khẩn cấp"]["V18"].value == 30_000_000
    assert book["Đối tượng tại cơ sở"]["P17"].value == 120
