"""Next month's payment roll from generation to payment: the commune officer generates it, reviews the changes
since last month and submits it; the district leader approves it; the officer marks a line not collected."""

from datetime import date
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from beneficiaries.models import PaymentMethod
from beneficiaries.services.entitlements import entitlement_end
from payments.generation import roll_generate
from payments.models import PaymentLine, PaymentRoll
from payments.selectors import next_month
from policy.models import Category
from policy.rules import add_months
from tests.payments.conftest import approve, granted, person_in

from .conftest import log_in, log_out

pytestmark = pytest.mark.browser


@pytest.fixture
def world(browser_world):
    # Browser tests run on a flushed database (transactional_db): put the Decree 20 seed back.
    if not Category.objects.exists():
        import_module("policy.migrations.0002_seed_decree20").forward(apps, None)
    return browser_world


def last_month_paid(world, month):
    """Last month's approved roll for commune A, every line collected; then this month's changes happen:
    one person ends, one is newly granted, one is granted backdated to last month (arrears for it)."""
    hoa = person_in(
        world.commune_a,
        full_name="Lê Thị Hoa",
        birth_date=date(1958, 3, 2),
        payment_method=PaymentMethod.BANK,
        account_number="5100205123456",
        bank_name="Agribank Cao Lãnh",
    )
    hung = person_in(world.commune_a, full_name="Phạm Văn Hùng", birth_date=date(1962, 8, 9))
    severe = {"disability_level": "especially_severe"}
    granted(world, hoa, "5.6", date(2026, 1, 1), decision_number="14/QĐ-UBND", **severe)
    ended = granted(world, hung, "5.6", date(2026, 1, 1), decision_number="15/QĐ-UBND", **severe)
    previous = roll_generate(commune=world.commune_a, month=add_months(month, -1), actor=None)
    approve(previous)
    PaymentLine.objects.filter(roll=previous).update(paid=True, paid_on=timezone.localdate())
    entitlement_end(entitlement=ended, last_month=add_months(month, -1), reason="refused", actor=None)
    binh = person_in(world.commune_a, full_name="Nguyễn Văn Bình", birth_date=date(1959, 11, 20))
    granted(world, binh, "5.6", month, decision_number="215/QĐ-UBND", **severe)
    mai = person_in(world.commune_a, full_name="Trần Thị Mai", birth_date=date(1961, 4, 5))
    granted(world, mai, "5.6", add_months(month, -1), decision_number="198/QĐ-UBND", **severe)


def test_generate_review_submit_approve_and_record(world, page, shot):
    month = next_month()
    mm_yyyy = f"{month:%m/%Y}"
    last_month_paid(world, month)

    # --- The commune officer generates next month's roll from the list --------------------------------------
    log_in(page, "officer_a")
    page.get_by_role("link", name="Chi trả", exact=True).first.click()
    page.get_by_test_id("no-roll").wait_for()
    assert page.get_by_label("Tháng chi trả").input_value() == f"{month:%Y-%m}"
    page.get_by_role("button", name=f"Lập danh sách tháng {mm_yyyy}").click()
    progress = page.get_by_test_id("commune-progress")
    progress.get_by_text("Đã lập").wait_for()
    assert "Hoàn tất" in page.get_by_test_id("generation").inner_text()
    assert "Thị trấn Mỹ Thọ" in progress.inner_text()
    shot(page, "generated")

    # --- Reviews the roll: totals, lines, and the changes since last month -----------------------------------
    progress.get_by_role("link", name="Thị trấn Mỹ Thọ").click()
    page.wait_for_url("**/chi-tra/*/")
    roll = PaymentRoll.objects.get(commune=world.commune_a, month=month)
    assert roll.lines_count == 3
    title = page.get_by_test_id("title-block").inner_text()
    assert f"Danh sách chi trả trợ cấp tháng {mm_yyyy}" in title and "Tỉnh Đồng Tháp" in title
    assert page.get_by_test_id("total").inner_text() == f"{roll.total:,}\xa0₫".replace(",", ".")
    equation = page.get_by_test_id("equation").inner_text()
    assert f"{roll.previous_total:,}".replace(",", ".") in equation
    assert roll.previous_total + roll.increase_total - roll.decrease_total == roll.total
    lines = page.get_by_test_id("lines").inner_text()
    for name in ("Lê Thị Hoa", "Nguyễn Văn Bình", "Trần Thị Mai"):
        assert name in lines
    assert "Phạm Văn Hùng" not in lines
    mai = PaymentLine.objects.get(roll=roll, person__full_name="Trần Thị Mai")
    assert (mai.arrears_amount, mai.arrears_months) == (1_350_000, [f"{add_months(month, -1):%Y-%m}"])
    assert f"1.350.000\xa0₫\n{add_months(month, -1):%m/%Y}" in lines
    shot(page, "roll-draft")

    page.get_by_role("tab", name="Tăng/giảm").click()
    page.locator("#tab-changes.show").wait_for()
    assert "Nguyễn Văn Bình" in page.get_by_test_id("changes-new").inner_text()
    assert "215/QĐ-UBND" in page.get_by_test_id("changes-new").inner_text()
    assert "Phạm Văn Hùng" in page.get_by_test_id("changes-ended").inner_text()
    assert "Trần Thị Mai" in page.get_by_test_id("changes-arrears").inner_text()
    shot(page, "changes")

    page.get_by_role("button", name="Trình duyệt").click()
    page.get_by_text(f"Đã trình duyệt danh sách tháng {mm_yyyy}.").wait_for()
    assert page.get_by_test_id("status").first.inner_text() == "Đã trình duyệt"
    shot(page, "submitted")
    log_out(page)

    # --- The district leader approves -----------------------------------------------------------------------
    log_in(page, "district_leader")
    page.get_by_role("link", name="Chi trả", exact=True).first.click()
    row = page.locator("tr[data-commune='30001']")
    assert "Đã trình duyệt" in row.inner_text()
    shot(page, "district-list")
    row.get_by_role("link", name="Xem").click()
    page.get_by_role("button", name="Phê duyệt").click()
    page.get_by_text(f"Đã phê duyệt danh sách tháng {mm_yyyy}.").wait_for()
    assert page.get_by_test_id("status").first.inner_text() == "Đã phê duyệt"
    shot(page, "approved")
    log_out(page)

    # --- After payment, the officer marks one line not collected --------------------------------------------
    log_in(page, "officer_a")
    page.goto(f"/chi-tra/{roll.pk}/")
    hoa = PaymentLine.objects.get(roll=roll, person__full_name="Lê Thị Hoa")
    cell = page.get_by_test_id(f"paid-{hoa.row_no}")
    page.once("dialog", lambda dialog: dialog.accept("Đi vắng, nhờ nhận thay chưa có giấy ủy quyền"))
    cell.get_by_role("button", name="Chưa nhận").click()
    cell.locator(".badge", has_text="Chưa nhận").wait_for()
    assert "Chưa nhận: 1" in page.get_by_test_id("line-counts").inner_text()
    hoa.refresh_from_db()
    assert (hoa.paid, hoa.unpaid_reason) == (False, "Đi vắng, nhờ nhận thay chưa có giấy ủy quyền")
    assert PaymentRoll.objects.get(pk=roll.pk).total == roll.total  # the approved amounts never change
    shot(page, "line-unpaid")
    page.reload()
    assert "Chưa nhận" in page.get_by_test_id(f"paid-{hoa.row_no}").inner_text()
    page.get_by_role("tab", name="Lịch sử").click()
    page.locator("#tab-history.show").wait_for()
    history = page.get_by_test_id("events").inner_text()
    for label in ("Ghi nhận kết quả chi trả", "Phê duyệt", "Trình duyệt", "Lập danh sách"):
        assert label in history
    assert "Đi vắng, nhờ nhận thay chưa có giấy ủy quyền" in history
    shot(page, "history")

    # Exports and reconciliation: the next steps of this journey (roll .xlsx, signature sheet, bank CSV, upload of
    # the payment organisation's result file) are added here by the exports/reconciliation work.
