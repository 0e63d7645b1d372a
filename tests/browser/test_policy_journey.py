"""The province officer raises the province's standard level and adds a local category in the browser."""

import pytest
from django.utils import timezone

from core.templatetags.vn_format import format_vnd
from policy.rules import add_months
from policy.selectors import rate_tables

from .conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def seeded(browser_world):
    """build_world puts Decree 20's rows back after the previous live-server test flushed them."""
    return browser_world


def text(locator) -> str:
    return locator.inner_text().replace("\u00a0", " ")


def test_province_officer_raises_the_level_and_adds_a_local_category(seeded, page, shot):
    today = timezone.localdate()
    next_month = add_months(today.replace(day=1), 1)
    in_force = rate_tables(seeded.province).level_for(today).amount

    log_in(page, "province_officer")
    page.wait_for_url("**/")
    page.get_by_role("link", name="Chính sách").first.click()
    assert text(page.get_by_test_id("level-in-force")) == format_vnd(in_force).replace("\u00a0", " ")
    shot(page, "overview")

    page.get_by_role("link", name="Thêm mức chuẩn").click()
    date_field = page.get_by_label("Áp dụng từ ngày")
    warning = page.locator("#retroactive-warning")
    date_field.fill(f"{add_months(today.replace(day=1), -2):%d/%m/%Y}")
    assert warning.is_visible()
    assert "truy lĩnh" in text(warning)
    shot(page, "retroactive-warning")
    date_field.fill(f"{next_month:%d/%m/%Y}")
    assert warning.is_hidden()
    page.get_by_label("Mức chuẩn (đồng/tháng)").fill("600.000")
    page.get_by_label("Căn cứ pháp lý").fill("Nghị quyết 15/2026/NQ-HĐND tỉnh Đồng Tháp")
    page.get_by_role("button", name="Lưu mức chuẩn").click()

    page.wait_for_url("**/chinh-sach/")
    assert f"Đã thêm mức chuẩn 600.000 ₫ áp dụng từ {next_month:%d/%m/%Y}." in text(page.locator("main"))
    row = page.get_by_test_id("levels").locator("tbody tr").first
    assert text(row).split("\t")[:3] == ["Tỉnh Đồng Tháp", f"{next_month:%d/%m/%Y}", "600.000 ₫"]
    assert "Sắp áp dụng" in text(row)
    steps = page.evaluate("Chart.getChart('level-chart').data.datasets[0].data.map(p => p.y)")
    assert steps[-2:] == [600_000, 600_000]
    assert in_force in steps
    shot(page, "level-added")
    page.locator("#level-chart").screenshot(path=str(ARTIFACTS / "test_policy_journey-level-chart.png"))

    page.get_by_role("link", name="Thêm diện địa phương").click()
    page.get_by_label("Mã diện").fill("DP.1")
    page.get_by_label("Tên diện").fill("Người khuyết tật nhẹ thuộc hộ nghèo")
    page.get_by_label("Căn cứ pháp lý").fill("Nghị quyết 10/2022/NQ-HĐND tỉnh Đồng Tháp")
    page.get_by_label("Áp dụng từ ngày").fill(f"{next_month:%d/%m/%Y}")
    page.get_by_label("Hệ số").fill("1,0")
    shot(page, "local-category-form")
    page.get_by_role("button", name="Thêm diện").click()

    page.wait_for_url("**/chinh-sach/")
    category = page.get_by_test_id("categories").locator("tr", has_text="DP.1")
    assert "Nghị quyết 10/2022/NQ-HĐND tỉnh Đồng Tháp" in text(category)
    assert "Địa phương" in text(category)
    coefficient = page.locator('tr[data-rule="DP.1:default"]')
    assert text(coefficient.locator("td").nth(2)).startswith("1 · Nghị quyết 10/2022/NQ-HĐND tỉnh Đồng Tháp")
    history = text(page.get_by_test_id("history"))
    assert "Mức chuẩn (đồng/tháng): — → 600.000 ₫" in history
    assert "Mã diện: — → DP.1" in history
    shot(page, "local-category-added")

    # The local category's coefficient is set on its own page, for the province only (no national value exists).
    coefficient.get_by_role("link", name="Đặt hệ số").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Đặt hệ số: Người khuyết tật nhẹ thuộc hộ nghèo"
    assert page.get_by_label("Toàn quốc").count() == 0
    assert page.get_by_label("Riêng Tỉnh Đồng Tháp").is_checked()
    shot(page, "coefficient-form")
