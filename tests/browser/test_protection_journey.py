"""Temporary protection in the community (Art. 18.2): a child goes to a host household, the reminder shows as the
three months near their end, and the commune ends the stay with a proposal for facility admission."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from emergency.models import Protection
from policy.models import Category
from tests import factories as f

from .conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def world(browser_world):
    # Browser tests run on a flushed database (transactional_db): put the Decree 20 seed back.
    if not Category.objects.exists():
        import_module("policy.migrations.0002_seed_decree20").forward(apps, None)
    return browser_world


def test_child_with_host_household_then_reminder_then_facility_proposal(world, page, shot):
    today = timezone.localdate()
    village = f.VillageFactory(commune=world.commune_a, name="Khóm 3")
    f.PersonFactory(full_name="Lê Thị Mai", birth_date=today.replace(year=today.year - 9), commune=world.commune_a)
    f.HouseholdFactory(head_name="Trần Văn Bình", commune=world.commune_a, village=village, address="Số 12, Khóm 3")
    start, planned_end = today - timedelta(days=30), today + timedelta(days=20)

    log_in(page, "officer_a")
    page.goto(reverse("emergency:protection_list"))
    page.get_by_role("link", name="Đưa đối tượng vào chăm sóc").click()
    page.get_by_label("Tìm theo tên hoặc số định danh").fill("le thi mai")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="Chọn Lê Thị Mai").click()

    page.get_by_label("Lý do chăm sóc khẩn cấp").select_option(value="orphan")
    page.get_by_label("Hộ nhận chăm sóc (trong danh sách hộ của xã)").select_option(label="Trần Văn Bình – Khóm 3")
    page.get_by_label("Ngày bắt đầu").fill(f"{start:%d/%m/%Y}")
    page.get_by_label("Ngày kết thúc dự kiến").fill(f"{planned_end:%d/%m/%Y}")
    shot(page, "1-form")
    page.get_by_role("button", name="Lưu").click()

    page.wait_for_url("**/cham-soc-tam-thoi/*/")
    assert page.get_by_test_id("state").inner_text() == "Đang chăm sóc"
    assert page.get_by_test_id("planned-end").inner_text() == f"{planned_end:%d/%m/%Y}"
    assert page.get_by_test_id("total").inner_text() == "1.860.000\u00a0₫"  # 31 days so far × 60.000 ₫
    assert "Trần Văn Bình" in page.get_by_test_id("stay").inner_text()
    assert page.get_by_test_id("reminder").count() == 0
    shot(page, "2-detail")

    # Fifteen days pass: the planned end is five days away.
    stay = Protection.objects.get()
    Protection.objects.filter(pk=stay.pk).update(
        started_on=start - timedelta(days=15), planned_end_on=planned_end - timedelta(days=15)
    )
    other = f.PersonFactory(full_name="Đỗ Văn Nam", commune=world.commune_a)
    Protection.objects.create(
        person=other,
        commune=world.commune_a,
        reason=Protection.Reason.BEGGAR,
        host_name="Nguyễn Thị Lan",
        started_on=today - timedelta(days=3),
        planned_end_on=today + timedelta(days=60),
        meal_rate=60_000,
        created_by=world.user("officer_a"),
    )
    page.goto(reverse("emergency:protection_list"))
    rows = page.get_by_test_id("protections").locator("tbody tr")
    assert rows.nth(0).get_attribute("data-state") == "ending_soon"
    assert "Lê Thị Mai" in rows.nth(0).inner_text() and "còn 5 ngày" in rows.nth(0).inner_text()
    assert rows.nth(1).get_attribute("data-state") == "active"
    shot(page, "3-list-reminder")

    page.get_by_role("link", name="Lê Thị Mai").click()
    reminder = page.get_by_test_id("reminder").inner_text()
    assert "Còn 5 ngày đến ngày kết thúc dự kiến" in reminder
    assert "đề nghị tiếp nhận vào cơ sở trợ giúp xã hội" in reminder
    shot(page, "4-detail-reminder")

    page.get_by_role("link", name="Kết thúc chăm sóc").click()
    page.get_by_label("Ngày kết thúc").fill(f"{today:%d/%m/%Y}")
    page.get_by_label("Đề nghị tiếp nhận vào cơ sở trợ giúp xã hội").check()
    page.get_by_label("Chi phí đưa về (đồng)").fill("150.000")
    shot(page, "5-end-form")
    page.get_by_role("button", name="Kết thúc chăm sóc").click()

    page.wait_for_url(f"**/cham-soc-tam-thoi/{stay.pk}/")
    assert page.get_by_test_id("state").inner_text() == "Đã kết thúc"
    assert page.get_by_test_id("outcome").inner_text() == "Đề nghị tiếp nhận vào cơ sở trợ giúp xã hội"
    assert page.get_by_test_id("facility-next").is_visible()
    # 46 days (both ends counted) × 60.000 ₫ = 2.760.000 ₫, plus 150.000 ₫ transport.
    assert page.get_by_test_id("total").inner_text() == "2.910.000\u00a0₫"
    shot(page, "6-ended")
    stay.refresh_from_db()
    assert (stay.ended_on, stay.outcome, stay.transport_cost) == (today, "facility", 150_000)
