"""The province officer reads the residents figures of every facility for a period; facility staff read their own."""

import pytest

from tests.reports.fixtures_emergency_facilities import build_facilities

from .conftest import log_in, log_out

pytestmark = pytest.mark.browser


def text(locator) -> str:
    return locator.inner_text().replace("\u00a0", " ")


def test_province_officer_and_facility_staff_read_the_residents_figures(browser_world, page, shot):
    build_facilities(browser_world)
    log_in(page, "province_officer")
    page.wait_for_url("**/")
    page.goto("/bao-cao/co-so/")
    page.get_by_label("Từ ngày").fill("01/01/2026")
    page.get_by_label("Đến ngày").fill("30/06/2026")
    page.get_by_role("button", name="Xem số liệu").click()
    page.wait_for_url(lambda url: "tu=01%2F01%2F2026" in url)
    assert text(page.get_by_test_id("total-residents")) == "5"
    assert text(page.get_by_test_id("total-occupancy")) == "120 · 4,2 %"
    rows = page.get_by_test_id("by-facility").locator("tbody tr")
    assert rows.count() == 5
    assert text(rows.nth(1)).split("\t")[:2] == ["Trung tâm Bảo trợ xã hội tổng hợp", "3"]
    assert page.locator("#occupancy-chart").is_visible()
    assert text(page.get_by_test_id("discharges")).count("Theo nguyện vọng của đối tượng, gia đình\t1") == 1
    shot(page, "province")
    page.get_by_test_id("request-report").click()
    page.wait_for_url("**/bao-cao/yeu-cau/?mau=residents")
    shot(page, "request")

    log_out(page)
    log_in(page, "facility_staff")
    page.wait_for_url("**/")
    page.goto("/bao-cao/co-so/?tu=01/01/2026&den=30/06/2026")
    assert text(page.get_by_test_id("total-residents")) == "3"
    assert "Mái ấm Hoa Hồng" not in page.content()
    shot(page, "facility-staff")
