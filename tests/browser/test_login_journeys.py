"""Log in as each role, see the right home page, log out; wrong passwords; lockout."""

import pytest
from django.test import override_settings

from .conftest import log_in, log_out

pytestmark = pytest.mark.browser

ROLES = [
    ("officer_a", "Thị trấn Mỹ Thọ", "Cán bộ cấp xã"),
    ("leader_a", "Thị trấn Mỹ Thọ", "Lãnh đạo UBND xã"),
    ("district_officer", "Huyện Cao Lãnh", "Chuyên viên cấp huyện"),
    ("district_leader", "Huyện Cao Lãnh", "Lãnh đạo cấp huyện"),
    ("province_officer", "Tỉnh Đồng Tháp", "Cán bộ Sở"),
    ("facility_staff", "Trung tâm Bảo trợ xã hội tổng hợp", "Cán bộ cơ sở trợ giúp xã hội"),
    ("auditor", "Tỉnh Đồng Tháp", "Thanh tra"),
    ("officer_2level", "Phường Ninh Kiều", "Cán bộ cấp xã"),
]


def test_each_role_logs_in_sees_its_home_and_logs_out(browser_world, page, shot):
    for username, unit, role in ROLES:
        log_in(page, username)
        page.wait_for_url("**/")
        bar = page.get_by_test_id("unit-bar")
        assert unit in bar.inner_text() and role in bar.inner_text()
        assert page.get_by_test_id("home-title").inner_text() == unit
        shot(page, username)
        log_out(page)
        assert page.get_by_role("button", name="Đăng nhập").is_visible()


def test_commune_officer_searches_people_without_diacritics(browser_world, page, shot):
    log_in(page, "officer_a")
    page.get_by_role("link", name="Đối tượng").first.click()
    page.get_by_label("Tìm theo tên hoặc số định danh").fill("nguyen van duc")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_selector("text=Nguyễn Văn Đức A")
    assert page.locator("text=Nguyễn Văn Đức B").count() == 0  # another commune's person
    shot(page, "people-list")
    page.get_by_role("link", name="Nguyễn Văn Đức A").click()
    page.get_by_role("tab", name="Lịch sử thay đổi").click()
    shot(page, "person-history")


def test_wrong_password_shows_a_vietnamese_error(browser_world, page, shot):
    log_in(page, "officer_a", "sai-mat-khau")
    error = page.get_by_test_id("login-error")
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in error.inner_text()
    shot(page, "wrong-password")


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_wrong_passwords_lock_the_account(browser_world, page, shot):
    for _ in range(3):
        log_in(page, "officer_b", "sai-mat-khau")
    log_in(page, "officer_b", "demo12345")
    assert "tạm thời bị khoá" in page.get_by_test_id("locked-out").inner_text()
    shot(page, "locked-out")


def test_home_page_on_a_phone(browser_world, phone_page, shot):
    log_in(phone_page, "officer_a")
    phone_page.wait_for_url("**/")
    assert phone_page.get_by_test_id("home-title").is_visible()
    shot(phone_page, "phone-home")


def test_province_officer_watches_the_registry_reload_progress(browser_world, page, shot):
    log_in(page, "province_officer")
    page.get_by_role("link", name="Danh mục").click()
    page.get_by_role("button", name="Cập nhật").click()
    page.wait_for_selector(".job-progress .bg-success", timeout=60000)
    assert "100%" in page.locator(".job-progress").inner_text()
    shot(page, "registry-reload")
