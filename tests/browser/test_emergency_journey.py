"""A flood on a phone: the commune officer opens the incident, assesses three households (one from the registry,
one added on the spot, one the rules explain away from housing support), the commune chairman approves them
(especially urgent: no review step, Art. 17.2), the officer hands out money from two sources and rice, and
downloads the incident summary."""

import pytest
from openpyxl import load_workbook

from beneficiaries.models import Household
from emergency.models import Assessment, Disbursement
from tests import factories as f

from .conftest import log_in

pytestmark = pytest.mark.browser


def text(locator) -> str:
    return locator.inner_text().replace("\u00a0", " ")


def registry(world):
    poor = f.HouseholdFactory(
        commune=world.commune_a, head_name="Huỳnh Văn Lũy", poverty_status="poor", poverty_year=2024
    )
    for name in ("Huỳnh Văn Lũy", "Huỳnh Thị Lan", "Huỳnh Văn Tâm", "Huỳnh Thị Mai"):
        f.PersonFactory(commune=world.commune_a, household=poor, full_name=name)
    other = f.HouseholdFactory(commune=world.commune_a, head_name="Phạm Văn Được", poverty_status="none")
    f.PersonFactory(commune=world.commune_a, household=other, full_name="Phạm Văn Được")
    return poor, other


def open_menu(page, name):
    page.get_by_role("button", name="Mở menu").click()
    page.get_by_role("link", name=name, exact=True).first.click()


def new_session(page, username):
    page.context.clear_cookies()
    log_in(page, username)
    page.wait_for_url("**/")


def assess(page, shot, step, *, search=None, pick=None, new=None, damage, food=None, hardship=False):
    page.get_by_role("link", name="Đánh giá hộ").first.click()
    page.get_by_test_id("assessment-form").wait_for()
    if search:
        page.get_by_label("Tìm chủ hộ trong sổ").fill(search)
        page.get_by_label(pick).check()
    if new:
        page.get_by_label("Hộ chưa có trong sổ: thêm hộ mới").check()
        page.get_by_label("Họ và tên chủ hộ").fill(new["name"])
        page.get_by_label("Giới tính chủ hộ").select_option(label=new["sex"])
        page.get_by_label("Năm sinh chủ hộ").fill(new["year"])
        page.get_by_label("Số nhân khẩu").fill(new["members"])
    page.get_by_label(damage).check()
    if hardship:
        page.get_by_label("Hộ có hoàn cảnh khó khăn (xã xác nhận)").check()
    if food:
        page.get_by_label("Số người thiếu đói").fill(food[0])
        page.get_by_label("Số tháng thiếu đói").fill(food[1])
    shot(page, f"{step}-form")
    page.get_by_role("button", name="Lưu phiếu").click()
    page.get_by_test_id("lines").wait_for()


def propose(page):
    page.get_by_role("button", name="Đề xuất hỗ trợ").click()
    page.get_by_text("Đã đề xuất hỗ trợ; chờ xét duyệt.").wait_for()
    page.get_by_role("link", name="Lũ lụt tháng 10").first.click()


def test_flood_from_incident_to_export_on_a_phone(browser_world, phone_page, shot, tmp_path):
    page, world = phone_page, browser_world
    poor, other = registry(world)

    # --- The commune officer opens the incident --------------------------------------------------------------
    log_in(page, "officer_a")
    page.wait_for_url("**/")
    open_menu(page, "Trợ giúp khẩn cấp")
    page.get_by_role("link", name="Mở sự kiện mới").click()
    page.get_by_label("Tên sự kiện").fill("Lũ lụt tháng 10")
    page.get_by_label("Loại sự kiện").select_option("flood")
    page.get_by_label("Ngày xảy ra").fill("02/10/2025")
    page.get_by_label("Thôn/ấp bị ảnh hưởng").fill("Ấp Mỹ Thuận, Ấp Mỹ Phú")
    page.get_by_label("Đặc biệt khẩn cấp").check()
    shot(page, "1-incident-form")
    page.get_by_role("button", name="Mở sự kiện").click()
    page.get_by_text("Đã mở sự kiện «Lũ lụt tháng 10».").wait_for()
    assert "Ấp Mỹ Thuận, Ấp Mỹ Phú" in page.get_by_test_id("areas").inner_text()
    shot(page, "2-incident-opened")

    # --- Three households -------------------------------------------------------------------------------------
    lost = "Nhà bị đổ, sập, trôi, cháy hoàn toàn"
    assess(page, shot, "3-poor", search="huynh luy", pick="Huỳnh Văn Lũy", damage=lost, food=("4", "3"))
    lines = text(page.get_by_test_id("lines"))
    assert "40.000.000 ₫" in lines and "180 kg gạo" in lines
    page.get_by_text("Thêm người bị thương, chết, mất tích").click()
    page.get_by_label("Họ và tên").fill("Huỳnh Văn Tâm")
    page.get_by_label("Tình trạng").select_option("injured")
    page.get_by_label("Số ngày điều trị").fill("5")
    page.get_by_role("button", name="Thêm người").click()
    page.get_by_text("Đã thêm Huỳnh Văn Tâm.").wait_for()
    assert "5.000.000 ₫" in text(page.get_by_test_id("lines"))
    assert text(page.get_by_test_id("total")) == "45.000.000 ₫"
    shot(page, "4-poor-lines")
    propose(page)

    assess(
        page,
        shot,
        "5-new",
        new={"name": "Đặng Thị Hạnh", "sex": "Nữ", "year": "1979", "members": "3"},
        damage="Nhà bị hư hỏng nặng",
        hardship=True,
    )
    assert text(page.get_by_test_id("total")) == "20.000.000 ₫"
    shot(page, "6-new-household")
    propose(page)

    assess(page, shot, "7-not-poor", search="pham duoc", pick="Phạm Văn Được", damage=lost, food=("1", "1"))
    assert text(page.get_by_test_id("explanations")) == (
        "Không đủ điều kiện khoản 1 Điều 15: hộ không thuộc hộ nghèo, cận nghèo hoặc hoàn cảnh khó khăn"
    )
    shot(page, "8-explained")
    propose(page)
    assert Assessment.objects.filter(status="proposed").count() == 3

    # --- The commune chairman approves all three ---------------------------------------------------------------
    new_session(page, "leader_a")
    assert page.get_by_test_id("emergency-awaiting").inner_text() == "3"
    open_menu(page, "Trợ giúp khẩn cấp")
    assert "3 phiếu đánh giá đang chờ bạn" in page.get_by_test_id("awaiting").inner_text()
    page.get_by_role("link", name="Lũ lụt tháng 10").click()
    for number, name in enumerate(["Huỳnh Văn Lũy", "Đặng Thị Hạnh", "Phạm Văn Được"], start=40):
        page.get_by_test_id("assessments").get_by_role("link", name=name).click()
        assert "Hạn quyết định" in page.get_by_test_id("deadline").inner_text()
        page.get_by_label("Số quyết định").fill(f"{number}/QĐ-UBND")
        if number == 40:
            shot(page, "9-decide")
        page.get_by_role("button", name="Quyết định hỗ trợ").click()
        page.get_by_text("Đã quyết định hỗ trợ.").wait_for()
        page.get_by_role("link", name="Lũ lụt tháng 10").first.click()
    assert Assessment.objects.filter(status="approved").count() == 3
    shot(page, "10-approved")

    # --- The officer hands out: house money from the commune budget and donations, rice in kind ----------------
    new_session(page, "officer_a")
    open_menu(page, "Trợ giúp khẩn cấp")
    page.get_by_role("link", name="Lũ lụt tháng 10").click()
    page.get_by_test_id("assessments").get_by_role("link", name="Huỳnh Văn Lũy").click()
    house = page.locator("[data-aid=house_lost]")
    house.get_by_role("link", name="Cấp phát").click()
    page.get_by_label("Số tiền (đồng)").fill("30000000")
    page.get_by_label("Người nhận đã ký nhận").check()
    shot(page, "11-disburse-form")
    page.get_by_role("button", name="Ghi nhận cấp phát").click()
    page.get_by_text("Đã ghi nhận cấp phát").wait_for()
    house.get_by_role("link", name="Cấp phát").click()
    page.get_by_label("Nguồn kinh phí").select_option("community")
    page.get_by_label("Chuyển khoản").check()
    assert page.get_by_label("Số tiền (đồng)").input_value() == "10000000"
    page.get_by_label("Số chứng từ").fill("UNC 118")
    page.get_by_role("button", name="Ghi nhận cấp phát").click()
    page.get_by_text("Đã ghi nhận cấp phát").wait_for()
    page.locator("[data-aid=rice_disaster]").get_by_role("link", name="Cấp phát").click()
    assert page.get_by_label("Gạo (kg)").input_value() == "180"
    page.get_by_role("button", name="Ghi nhận cấp phát").click()
    page.get_by_text("Đã ghi nhận cấp phát").wait_for()
    page.locator("[data-aid=injured]").get_by_role("link", name="Cấp phát").click()
    page.locator("#id_recipient_name").fill("Huỳnh Văn Tâm")
    page.get_by_label("Người nhận đã ký nhận").check()
    page.get_by_role("button", name="Ghi nhận cấp phát").click()
    page.get_by_text("Đã ghi nhận cấp phát").wait_for()
    assert page.get_by_test_id("status").first.inner_text() == "Đã cấp phát đủ"
    shot(page, "12-disbursed")
    assert sorted(Disbursement.objects.values_list("source", "amount", "rice_kg")) == [
        ("commune", 0, 180),
        ("commune", 5_000_000, 0),
        ("commune", 30_000_000, 0),
        ("community", 10_000_000, 0),
    ]

    # --- The incident's totals and the summary export ---------------------------------------------------------
    page.get_by_role("link", name="Lũ lụt tháng 10").first.click()
    assert text(page.get_by_test_id("by-source-total")) == "45.000.000 ₫"
    assert text(page.locator("[data-source=community] td").first) == "10.000.000 ₫"
    assert page.get_by_test_id("total-households").inner_text() == "3"
    shot(page, "13-incident-totals")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải bảng tổng hợp (.xlsx)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    workbook = load_workbook(saved)
    assert workbook.sheetnames
    assert Household.objects.filter(head_name="Đặng Thị Hạnh", commune=world.commune_a).count() == 1
