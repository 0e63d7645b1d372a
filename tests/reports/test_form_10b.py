"""Form 10b (emergency assistance), opened with openpyxl and checked cell by cell against the hand-built fixture
(`fixtures_emergency_facilities`: the hand computation is in its docstring)."""

from datetime import date

import pytest

from emergency.models import FundingSource, HouseDamage, Incident
from reports.models import ReportRequest
from reports.queries import scope_for
from reports.queries.emergency import emergency_figures

from .fixtures_emergency_facilities import AS_OF, PERIOD, aid_line, assess, at, build_emergency, build_report

pytestmark = pytest.mark.django_db

# Header rows 10–11, column numbers in row 12, data from row 13 (the title block has no office line here).
COLUMNS = "CDEFGHIJKLMNOPQRSTUVW"
KEYS = (
    "incidents households supported people food_short injured dead missing lost relocated serious "
    "rice_kg tonnes approved disbursed central province district commune community share"
).split()


def _row(sheet, row: int) -> dict:
    return {key: sheet[f"{column}{row}"].value for key, column in zip(KEYS, COLUMNS, strict=True)}


def test_province_10b_lists_districts_over_communes_with_exact_figures(world):
    build_emergency(world)
    book, result = build_report("10b", world.province)
    sheet = book["10b"]
    assert sheet["U1"].value == "Mẫu số 10b"
    assert sheet["A4"].value == "BÁO CÁO KẾT QUẢ THỰC HIỆN TRỢ GIÚP XÃ HỘI KHẨN CẤP"
    assert sheet["A7"].value == "Kỳ báo cáo: từ ngày 01/01/2026 đến ngày 30/06/2026"
    assert sheet["A8"].value == "Số liệu chốt đến hết ngày 10/07/2026"
    assert [sheet[f"{c}11"].value for c in "RSTUV"] == [
        "Dự phòng ngân sách trung ương",
        "Ngân sách tỉnh",
        "Ngân sách huyện (đến 30/6/2025)",
        "Ngân sách xã",
        "Vận động xã hội, quyên góp",
    ]
    assert [(sheet[f"A{r}"].value, sheet[f"B{r}"].value) for r in range(13, 19)] == [
        ("I", "Huyện Cao Lãnh"),
        ("1", "Thị trấn Mỹ Thọ"),
        ("2", "Xã Mỹ Hiệp"),
        ("II", "Huyện Lấp Vò"),
        ("3", "Xã Vĩnh Thạnh"),
        (None, "Tổng cộng"),
    ]
    commune_a = dict(zip(KEYS, [1, 2, 2, 7, 7, 1, 1, 0, 1, 0, 1, 225, 0.225, 90_000_000, 90_000_000], strict=False))
    commune_a |= {"central": 0, "province": 60_000_000, "district": 0, "commune": 0, "community": 30_000_000}
    assert _row(sheet, 14) == commune_a | {"share": 30_000_000 / 90_000_000}
    commune_b = dict(zip(KEYS, [1, 1, 1, 5, 0, 0, 0, 1, 0, 1, 0, 0, 0, 55_000_000, 30_000_000], strict=False))
    commune_b |= {"central": 0, "province": 30_000_000, "district": 0, "commune": 0, "community": 0}
    assert _row(sheet, 15) == commune_b | {"share": 0}
    # The storm touched both communes: once in the district and once in the total, not twice.
    total = dict(zip(KEYS, [1, 3, 3, 12, 7, 1, 1, 1, 1, 1, 1, 225, 0.225, 145_000_000, 120_000_000], strict=False))
    total |= {"central": 0, "province": 90_000_000, "district": 0, "commune": 0, "community": 30_000_000}
    assert _row(sheet, 13) == total | {"share": 0.25}
    assert _row(sheet, 18) == total | {"share": 0.25}
    assert _row(sheet, 17)["incidents"] == 0 and _row(sheet, 17)["tonnes"] == 0
    assert result == {
        "incidents": 1,
        "households": 3,
        "households_supported": 3,
        "approved": 145_000_000,
        "disbursed": 120_000_000,
        "rice_kg": "225",
    }


def test_10b_cells_are_formatted_for_money_counts_tonnes_and_shares(world):
    build_emergency(world)
    sheet = build_report("10b", world.province)[0]["10b"]
    assert sheet["P18"].number_format == "#,##0"
    assert sheet["D18"].number_format == "#,##0"
    assert sheet["O18"].number_format == "#,##0.00"
    assert sheet["W18"].number_format == "0.0%"
    assert sheet["B18"].font.b is True
    assert sheet["B18"].fill.fgColor.rgb.endswith("E2EFDA")
    assert sheet.freeze_panes == "C13"
    assert sheet.page_setup.orientation == "landscape"


def test_commune_10b_has_only_that_commune(world):
    build_emergency(world)
    sheet = build_report("10b", world.commune_b)[0]["10b"]
    # The commune's district heads it as a subtotal row, as on every unit report of a three-level province.
    assert [sheet[f"B{r}"].value for r in (13, 14, 15, 16)] == ["Huyện Cao Lãnh", "Xã Mỹ Hiệp", "Tổng cộng", None]
    assert _row(sheet, 14) == _row(sheet, 15)
    assert (_row(sheet, 15)["approved"], _row(sheet, 15)["households"], _row(sheet, 15)["incidents"]) == (
        55_000_000,
        1,
        1,
    )


def test_a_disbursement_recorded_after_the_closing_date_is_left_out_and_in_later(world):
    build_emergency(world)
    sheet = build_report("10b", world.commune_b)[0]["10b"]
    assert (_row(sheet, 15)["province"], _row(sheet, 15)["disbursed"]) == (30_000_000, 30_000_000)
    later = build_report("10b", world.commune_b, as_of=date(2026, 7, 20))[0]["10b"]
    assert (_row(later, 15)["province"], _row(later, 15)["disbursed"]) == (55_000_000, 55_000_000)
    # The same request later still gives the first numbers: the closing date, not the day of building, decides.
    again = build_report("10b", world.commune_b)[0]["10b"]
    assert _row(again, 15) == _row(sheet, 15)


def test_a_decision_recorded_after_the_closing_date_is_left_out(world):
    emergency = build_emergency(world)
    assessment = emergency.incident.assessments.get(commune=world.commune_b)
    assessment.events.update(at=at(date(2026, 7, 12)))
    report = emergency_figures(scope_for(_request(world.commune_b)))
    assert report.total.households == 0
    assert report.total.approved == 0
    # Money already recorded as handed out still counts: a disbursement is its own record.
    assert report.total.disbursed_total == 30_000_000


def test_a_rejected_household_counts_as_assessed_not_supported(world):
    emergency = build_emergency(world)
    assessment = emergency.incident.assessments.get(commune=world.commune_b)
    assessment.events.update(to_status="rejected")
    total = emergency_figures(scope_for(_request(world.commune_b))).total
    assert (total.households, total.households_supported, total.houses_relocated, total.approved) == (1, 0, 1, 0)


def _request(unit, as_of=AS_OF):
    return ReportRequest(form="10b", unit=unit, period_start=PERIOD[0], period_end=PERIOD[1], as_of=as_of)


def test_two_level_province_lists_communes_without_district_rows(world):
    officer = world.user("officer_2level")
    incident = Incident.objects.create(
        name="Lũ tháng 5",
        kind=Incident.Kind.FLOOD,
        occurred_on=date(2026, 5, 2),
        unit=world.commune_2a,
        province=world.province2,
        created_by=officer,
    )
    Incident.objects.filter(pk=incident.pk).update(created_at=at(date(2026, 5, 2)))
    household = assess(
        incident, world.commune_2a, "Lâm Văn Mười", members=2, food=(2, 1), house=HouseDamage.SERIOUS,
        decided=date(2026, 5, 5),
    )  # fmt: skip
    aid_line(household, "house_damaged", 20_000_000, pays=[(FundingSource.COMMUNE, 20_000_000, date(2026, 5, 6))])
    sheet = build_report("10b", world.province2)[0]["10b"]
    assert [(sheet[f"A{r}"].value, sheet[f"B{r}"].value) for r in (13, 14)] == [
        ("1", "Phường Ninh Kiều"),
        (None, "Tổng cộng"),
    ]
    assert (_row(sheet, 14)["serious"], _row(sheet, 14)["commune"], _row(sheet, 14)["share"]) == (1, 20_000_000, 0)
