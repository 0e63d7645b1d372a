"""The province officer opens «Tổng quan số liệu» from the home page: the charts are drawn from the app's own
Chart.js, each with its table as text alternative; the page is then looked at as printed (charts as images, tables
in full, no dark backgrounds)."""

from importlib import import_module

import pytest
from django.apps import apps
from django.core.cache import cache
from django.utils import timezone

from policy.models import Category
from tests.reports.dashboard_world import TODAY, build_province

from .conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def world(browser_world, monkeypatch):
    # Browser tests run on a flushed database (transactional_db): put the Decree 20 seed back.
    if not Category.objects.exists():
        import_module("policy.migrations.0002_seed_decree20").forward(apps, None)
    real = timezone.localdate
    # The live server runs in this process: it sees the same fixed day as the figures were counted for.

    def fake(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", fake)
    cache.clear()
    build_province(browser_world)
    yield browser_world
    cache.clear()


def test_the_province_officer_reads_the_dashboard_on_screen_and_printed(world, page, shot):
    log_in(page, "province_officer")
    # From the Reports menu page: its tab bar leads to the dashboard (the home page has a card too).
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Báo cáo").click()
    page.get_by_role("link", name="Tổng quan số liệu").click()
    page.wait_for_url("**/bao-cao/tong-quan/")
    assert page.get_by_test_id("dashboard-title").inner_text() == "Tổng quan số liệu – Tỉnh Đồng Tháp"
    assert page.get_by_test_id("people-total").inner_text() == "8"
    assert page.get_by_test_id("cashless-share").inner_text() == "44,4% · 49,0%"

    # Each chart is drawn (its print image exists only once Chart.js has rendered it) and points at its table.
    for chart, table in [("categories", "categories"), ("spending", "spending"), ("cashless", "cashless")]:
        canvas = page.locator(f"#chart-{chart}")
        assert canvas.is_visible()
        assert canvas.get_attribute("role") == "img"
        assert canvas.get_attribute("aria-label")
        caption = page.locator(f"#{canvas.get_attribute('aria-describedby')}")
        assert caption.inner_text()
        assert page.locator(f"#chart-{chart} + img.chart-print").get_attribute("src").startswith("data:image/png")
        assert page.get_by_test_id(table).is_visible()
    spending = page.get_by_test_id("spending").locator("tbody tr")
    assert spending.count() == 12
    assert spending.last.inner_text().split("\t") == ["11/2026", "2", "9", "5.100.000\u00a0₫"]
    assert page.get_by_test_id("steps").locator("tfoot").inner_text().split("\t") == ["Cộng", "6", "3"]
    shot(page, "dashboard")

    page.emulate_media(media="print")
    # On paper: the canvases give way to their images, the navigation bar is gone, tables stay.
    assert not page.locator("#chart-spending").is_visible()
    assert page.locator("#chart-spending + img.chart-print").is_visible()
    assert not page.locator("header.app-header").is_visible()
    assert page.get_by_test_id("cashless").is_visible()
    background = page.evaluate("getComputedStyle(document.querySelector('.card')).backgroundColor")
    assert background == "rgb(255, 255, 255)"
    shot(page, "dashboard-print")


def test_facility_staff_see_their_facility_on_the_dashboard(world, page, shot):
    log_in(page, "facility_staff")
    page.get_by_test_id("dashboard-link").click()
    page.wait_for_url("**/bao-cao/tong-quan/")
    assert page.get_by_test_id("occupancy").inner_text() == "3 / 100 (3,0%)"
    rows = page.get_by_test_id("care-groups").locator("tbody tr")
    assert [rows.nth(i).inner_text().split("\t") for i in range(rows.count())] == [
        ["Người cao tuổi", "2", "60", "3,3%"],
        ["Trẻ em", "1", "40", "2,5%"],
    ]
    assert page.locator("#chart-spending + img.chart-print").count() == 1
    assert page.locator("#chart-categories").count() == 0  # no people by category: not theirs to see
    shot(page, "facility")
