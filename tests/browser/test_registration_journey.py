"""The commune officer registers a household of two, sees the likely duplicate while typing, and saves."""

import pytest

from beneficiaries.models import Household, Person

from .conftest import log_in

pytestmark = pytest.mark.browser


def test_officer_registers_a_household_and_is_warned_of_a_likely_duplicate(browser_world, page, shot):
    village = browser_world.people["a"].village
    log_in(page, "officer_a")
    page.wait_for_url("**/")
    page.get_by_role("link", name="Đối tượng").first.click()
    page.get_by_role("link", name="Đăng ký hộ gia đình").click()
    page.wait_for_url("**/doi-tuong/dang-ky-ho/")

    page.locator("#id_village").select_option(str(village.pk))
    page.locator("#id_poverty_status").select_option("poor")
    page.locator("#id_poverty_year").fill("2024")
    # The head: the ID's year digits say 1971 while the birth date says 1970 — saved, flagged for review.
    page.locator("#id_head-full_name").fill("Lê Văn Tâm")
    page.locator("#id_head-birth_date").fill("05/01/1970")
    page.locator("label[for=id_head-sex_0]").click()
    page.locator("#id_head-id_number").fill("087071000111")
    page.get_by_role("button", name="Thêm thành viên").click()  # a third row; left empty, it is ignored
    assert page.evaluate("document.activeElement.id") == "id_members-2-full_name"
    assert page.locator("#id_members-TOTAL_FORMS").input_value() == "3"
    # A member typed without diacritics who has the name and birth date of someone already registered.
    page.locator("#id_members-0-full_name").fill("nguyen van duc a")
    # The birth date through the browser's date picker: it is written back as dd/mm/yyyy.
    page.locator("#id_members-0-birth_date ~ input[type=date]").evaluate(
        "el => { el.value = '1950-05-17'; el.dispatchEvent(new Event('change', {bubbles: true})); }"
    )
    assert page.locator("#id_members-0-birth_date").input_value() == "17/05/1950"
    page.locator("label[for=id_members-0-sex_0]").click()

    warning = page.locator("#members-0-duplicates [data-testid=duplicates]")
    warning.wait_for()
    assert "Trùng họ tên và ngày sinh" in warning.inner_text()
    assert "Nguyễn Văn Đức A" in warning.inner_text()
    assert page.locator("#head-duplicates [data-testid=duplicates]").count() == 0
    warning.scroll_into_view_if_needed()
    shot(page, "duplicate-warning")

    # Saving without confirming is refused and shows the match again.
    page.get_by_role("button", name="Đăng ký hộ").click()
    page.get_by_test_id("form-errors").wait_for()
    assert Person.objects.filter(full_name="Lê Văn Tâm").count() == 0
    assert "Trùng họ tên và ngày sinh" in page.locator("#members-0-duplicates").inner_text()

    # The officer checked: a namesake born the same day. Diacritics fixed, confirmed, saved.
    page.locator("#id_members-0-full_name").fill("Nguyễn Văn Đức A")
    page.get_by_role("region", name="Thành viên 1").get_by_label("Tôi đã kiểm tra, đây là người khác").check()
    page.get_by_role("button", name="Đăng ký hộ").click()

    head = Person.objects.get(full_name="Lê Văn Tâm")
    page.wait_for_url(f"**/doi-tuong/{head.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Lê Văn Tâm"
    assert page.get_by_test_id("id-flag").is_visible()
    assert "Đã đăng ký hộ Lê Văn Tâm với 2 người." in page.locator("[role=alert]").first.inner_text()
    members = page.get_by_test_id("members").inner_text()
    assert "Nguyễn Văn Đức A" in members
    household = Household.objects.get()
    assert (household.poverty_status, household.poverty_year, household.members.count()) == ("poor", 2024, 2)
    shot(page, "person-page")

    page.get_by_role("tab", name="Lịch sử thay đổi").click()
    page.locator("#tab-history.show").wait_for()
    assert "Lê Văn Tâm" in page.get_by_test_id("history").inner_text()
    shot(page, "person-history")


def test_officer_registers_an_elderly_person_known_by_birth_year_only(browser_world, page, shot):
    taken = browser_world.people["b"]  # commune B: outside officer_a's unit
    log_in(page, "officer_a")
    page.wait_for_url("**/")
    page.goto("/doi-tuong/dang-ky/")

    page.get_by_label("Họ và tên").fill("Đặng Thị Mười")
    page.get_by_label("Nữ").check()
    page.get_by_label("Chỉ biết năm sinh").check()
    assert not page.get_by_label("Ngày sinh", exact=True).is_visible()
    page.get_by_label("Năm sinh", exact=True).fill("1938")
    page.get_by_label("Số định danh cá nhân").fill(taken.id_number)

    warning = page.locator("#person-duplicates [data-testid=duplicates]")
    warning.wait_for()
    assert "Một người ở Xã Mỹ Hiệp" in warning.inner_text()
    assert taken.full_name not in warning.inner_text()  # another commune's person: only the commune is told
    assert not page.get_by_label("Tôi đã kiểm tra, đây là người khác").is_visible()  # no confirming a taken ID
    shot(page, "id-taken")

    page.get_by_label("Số định danh cá nhân").fill("087138000456")
    warning.wait_for(state="detached")
    page.get_by_label("Thôn/ấp").select_option(str(browser_world.people["a"].village.pk))
    page.get_by_role("button", name="Đăng ký", exact=True).click()

    person = Person.objects.get(id_number="087138000456")
    page.wait_for_url(f"**/doi-tuong/{person.pk}/")
    assert "1938" in page.locator("#tab-info").inner_text()
    assert page.get_by_test_id("id-flag").count() == 0
    shot(page, "person-page")
