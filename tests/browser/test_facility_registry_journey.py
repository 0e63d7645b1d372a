"""Facility registry and nurturing roll in the browser: the province officer registers a facility and sees it with
its occupancy; facility staff generate this month's nurturing roll; a colleague approves it and downloads it."""

from datetime import date
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone
from openpyxl import load_workbook

from facilities.models import CareGroup, Facility, NurturingRoll
from policy.models import Category
from tests.facilities.roll_world import resident, staff

from .conftest import log_in, log_out

pytestmark = pytest.mark.browser


@pytest.fixture
def world(browser_world):
    # Browser tests run on a flushed database (transactional_db): put the Decree 20 seed back.
    if not Category.objects.exists():
        import_module("policy.migrations.0002_seed_decree20").forward(apps, None)
    return browser_world


def test_register_facility_then_generate_approve_and_export_the_roll(world, page, shot, tmp_path):
    month = timezone.localdate().replace(day=1)
    mid_month = month.replace(day=16)
    # 540.000 ₫ from 07/2026: an adult 4,0 × 540.000 = 2.160.000 ₫ for the whole month; a child under 4 admitted on
    # the 16th of a 30-day month: 5,0 × 540.000 = 2.700.000 × 15/30 = 1.350.000 ₫. (This test runs in 11/2026.)
    resident(world, "Lê Thị Hoa", admitted_on=date(2024, 1, 1))
    resident(world, "Nguyễn Bé Na", birth_date=date(2024, 5, 5), care_group=CareGroup.CHILDREN, admitted_on=mid_month)
    checker = staff(world, "giamdoc.coso")

    # --- The province officer registers a facility and finds it in the registry with its occupancy -----------
    log_in(page, "province_officer")
    page.get_by_role("link", name="Cơ sở trợ giúp xã hội", exact=True).first.click()
    page.get_by_role("link", name="Đăng ký cơ sở").click()
    page.get_by_label("Tên cơ sở").fill("Trung tâm Công tác xã hội tỉnh Đồng Tháp")
    page.get_by_label("Công lập", exact=True).check()
    page.get_by_label("Cấp quản lý").select_option(label="Cấp tỉnh")
    page.get_by_label("Địa bàn (xã, phường)").select_option(label="Huyện Cao Lãnh · Xã Mỹ Hiệp")
    page.get_by_label("Địa chỉ").fill("Quốc lộ 30, xã Mỹ Hiệp")
    page.get_by_label("Người cao tuổi").fill("40")
    page.locator("#id_capacity_children").fill("30")
    page.get_by_label("Tổng hợp").fill("38")
    assert page.locator("#capacity-total").inner_text() == "108"
    shot(page, "register-form")
    page.get_by_role("button", name="Đăng ký cơ sở").click()
    page.get_by_text("Đã đăng ký cơ sở «Trung tâm Công tác xã hội tỉnh Đồng Tháp».").wait_for()
    assert page.get_by_test_id("occupancy-total").inner_text().strip() == "0/108 · 0%"
    facility = Facility.objects.get(name="Trung tâm Công tác xã hội tỉnh Đồng Tháp")
    assert (facility.capacity, facility.unit, facility.ownership) == (108, world.commune_b, "public")
    shot(page, "registered")
    page.get_by_role("link", name="Cơ sở trợ giúp xã hội").nth(1).click()
    rows = page.get_by_test_id("facilities")
    assert "Trung tâm Công tác xã hội tỉnh Đồng Tháp" in rows.inner_text()
    assert "2/100 · 2%" in rows.locator(f"tr[data-facility='{world.facility.pk}']").inner_text()
    shot(page, "registry")
    log_out(page)

    # --- Facility staff generate this month's roll ------------------------------------------------------------
    log_in(page, "facility_staff")
    page.get_by_role("link", name="Cơ sở trợ giúp xã hội", exact=True).first.click()
    page.wait_for_url(f"**/co-so/{world.facility.pk}/")
    page.get_by_role("link", name="Danh sách trợ cấp nuôi dưỡng").click()
    assert page.get_by_label("Tháng", exact=True).nth(1).input_value() == f"{month:%Y-%m}"
    shot(page, "roll-list")
    page.get_by_role("button", name="Lập danh sách").click()
    page.get_by_text(f"Đã lập danh sách trợ cấp nuôi dưỡng tháng {month:%m/%Y}: 2 người.").wait_for()
    assert page.get_by_test_id("total").inner_text() == "3.510.000\u00a0₫"
    lines = page.get_by_test_id("lines").inner_text()
    assert "5,0 × 540.000 ₫ × 15/30 ngày = 1.350.000 ₫" in lines
    assert "Người lập danh sách không được tự duyệt danh sách của mình." in page.get_by_test_id("actions").inner_text()
    shot(page, "generated")
    log_out(page)

    # --- A colleague approves it and downloads the Excel file ---------------------------------------------------
    log_in(page, checker.username)
    roll = NurturingRoll.objects.get(facility=world.facility, month=month)
    page.goto(f"/co-so/tro-cap-nuoi-duong/{roll.pk}/")
    page.get_by_role("button", name="Duyệt danh sách").click()
    page.get_by_text(f"Đã duyệt danh sách tháng {month:%m/%Y}.").wait_for()
    assert page.get_by_test_id("roll-status").inner_text().strip() == "Đã duyệt"
    shot(page, "approved")
    with page.expect_download() as download_info:
        page.get_by_test_id("export").click()
    path = tmp_path / "roll.xlsx"
    download_info.value.save_as(path)
    sheet = load_workbook(path).active
    assert sheet["A3"].value == f"DANH SÁCH CHI TRẢ TRỢ CẤP NUÔI DƯỠNG THÁNG {month:%m/%Y}"
    assert [sheet.cell(8, column).value for column in (2, 12, 13, 14)] == [
        "Tổng cộng (2 người)",
        3_510_000,
        0,
        3_510_000,
    ]
