"""The facility lifecycle in the browser: the province registers a facility; a child's admission case goes from the
commune through the district to the province, which places the child there, and the facility admits; staff admit
a baby in an emergency (the file reminder appears); a resident is discharged (proposed, then decided by a colleague);
the person's registry page says where they live; the nurturing roll lists the residents."""

from datetime import date, timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from accounts.models import Role
from core.selectors import work_calendar
from facilities.models import AdmissionCase, Facility, Resident
from policy.models import Category
from tests import factories as f
from tests.facilities.residents_helpers import persona

from .conftest import log_in, log_out

pytestmark = pytest.mark.browser


@pytest.fixture
def world(browser_world):
    if not Category.objects.exists():  # the flushed database lost the Decree 20 seed
        import_module("policy.migrations.0002_seed_decree20").forward(apps, None)
    return browser_world


def step(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.get_by_text("Đã thực hiện").first.wait_for()


def test_register_admit_both_paths_discharge_and_roll(world, page, shot):
    today = timezone.localdate()
    child = f.PersonFactory(
        full_name="Lê Thị Hoa", commune=world.commune_a, birth_date=date(2015, 6, 1), id_number=None
    )

    # --- The province registers a provincial centre ----------------------------------------------------------
    log_in(page, "province_officer")
    page.goto("/co-so/dang-ky/")
    page.get_by_label("Tên cơ sở").fill("Trung tâm Công tác xã hội tỉnh Đồng Tháp")
    page.get_by_label("Công lập", exact=True).check()
    page.get_by_label("Cấp quản lý").select_option(label="Cấp tỉnh")
    page.get_by_label("Địa bàn (xã, phường)").select_option(label="Huyện Cao Lãnh · Xã Mỹ Hiệp")
    page.locator("#id_capacity_children").fill("30")
    page.get_by_role("button", name="Đăng ký cơ sở").click()
    page.get_by_text("Đã đăng ký cơ sở «Trung tâm Công tác xã hội tỉnh Đồng Tháp».").wait_for()
    centre = Facility.objects.get(name="Trung tâm Công tác xã hội tỉnh Đồng Tháp")
    staff = persona("canbo.ctxh", Role.FACILITY_STAFF, world.commune_b, facility=centre)
    head = persona("giamdoc.ctxh", Role.FACILITY_STAFF, world.commune_b, facility=centre)
    log_out(page)

    # --- Commune: form 07, submit, post ------------------------------------------------------------------------
    log_in(page, "officer_a")
    page.goto("/co-so/ho-so-tiep-nhan/lap/")
    page.get_by_label("Tìm theo tên hoặc số định danh").fill("le thi hoa")
    page.get_by_role("button", name="Tìm").click()
    shot(page, "case-person-picker")
    page.get_by_role("link", name="Lập hồ sơ cho người này").click()
    assert "Lê Thị Hoa" in page.get_by_test_id("chosen-person").inner_text()
    page.get_by_label("Nhóm đối tượng").select_option(label="Trẻ em")
    page.get_by_label("Hoàn cảnh, lý do đề nghị vào cơ sở").fill("Mồ côi cả cha và mẹ, không có người nhận nuôi.")
    shot(page, "case-form")
    page.get_by_role("button", name="Lưu hồ sơ").click()
    page.get_by_text("Đã lập hồ sơ đề nghị vào cơ sở của").wait_for()
    step(page, "Nộp hồ sơ")
    due = work_calendar(province=world.province).add(today, 10)
    assert page.get_by_test_id("deadline").inner_text().startswith(f"Hạn xử lý bước hiện tại: {due:%d/%m/%Y}")
    log_out(page)
    log_in(page, "leader_a")
    page.goto(f"/co-so/ho-so-tiep-nhan/{AdmissionCase.objects.get(person=child).pk}/")
    step(page, "Duyệt và niêm yết công khai 7 ngày")
    assert "Đang niêm yết công khai tại xã đến hết ngày" in page.get_by_test_id("posting").inner_text()
    shot(page, "case-posted")
    case = AdmissionCase.objects.get(person=child)
    # Seven working days pass.
    AdmissionCase.objects.filter(pk=case.pk).update(posted_until=today - timedelta(days=1))
    page.reload()
    step(page, "Chuyển Phòng thẩm định")
    log_out(page)

    # --- District appraises and sends to the province; the province places the child in its centre ------------
    log_in(page, "district_officer")
    page.goto(f"/co-so/ho-so-tiep-nhan/{case.pk}/")
    step(page, "Thẩm định đạt")
    step(page, "Đề nghị Sở tiếp nhận")
    log_out(page)
    log_in(page, "province_officer")
    page.goto(f"/co-so/ho-so-tiep-nhan/{case.pk}/")
    page.get_by_label("Cơ sở tiếp nhận").select_option(label="Trung tâm Công tác xã hội tỉnh Đồng Tháp")
    page.get_by_label("Số quyết định tiếp nhận").fill("215/QĐ-SYT")
    shot(page, "case-place")
    page.get_by_role("button", name="Quyết định tiếp nhận vào cơ sở").last.click()
    page.get_by_text("Đã thực hiện").first.wait_for()
    assert page.get_by_test_id("status").inner_text() == "Đã quyết định tiếp nhận, chờ cơ sở tiếp nhận"
    log_out(page)

    # --- The facility admits the placed child, then a baby in an emergency -----------------------------------
    log_in(page, staff.username)
    page.goto(f"/co-so/ho-so-tiep-nhan/{case.pk}/")
    page.get_by_label("Số thẻ bảo hiểm y tế").fill("TE1878720000123")
    page.get_by_role("button", name="Tiếp nhận vào cơ sở").click()
    page.get_by_text("Đã tiếp nhận Lê Thị Hoa vào cơ sở.").wait_for()
    assert "215/QĐ-SYT" in page.get_by_test_id("stay").inner_text()
    shot(page, "admitted-regular")

    page.goto("/co-so/doi-tuong/")
    page.get_by_role("link", name="Tiếp nhận khẩn cấp").click()
    page.get_by_label("Họ và tên").fill("Bé Vô Danh")
    page.get_by_label("Ngày sinh").fill(f"{today - timedelta(days=20):%d/%m/%Y}")
    page.get_by_label("Giới tính").select_option(label="Nữ")
    page.get_by_label("Xã, phường nơi cư trú (nơi bàn giao khi rời cơ sở)").select_option(
        label="Thị trấn Mỹ Thọ – Huyện Cao Lãnh"
    )
    page.get_by_label("Nhóm đối tượng").select_option(label="Trẻ em")
    page.get_by_label("Trẻ em bị bỏ rơi").check()
    shot(page, "emergency-form")
    page.get_by_role("button", name="Tiếp nhận vào cơ sở").click()
    page.get_by_text("Đã tiếp nhận Bé Vô Danh vào cơ sở.").wait_for()
    file_due = work_calendar(province=world.province).add(today, 10)
    assert f"hạn: {file_due:%d/%m/%Y}" in page.get_by_test_id("file-reminder").inner_text()
    page.goto("/co-so/doi-tuong/")
    reminders = page.get_by_test_id("reminders").inner_text()
    assert f"Bé Vô Danh: hoàn thiện hồ sơ tiếp nhận khẩn cấp trước {file_due:%d/%m/%Y}" in reminders
    assert "Lê Thị Hoa" in page.get_by_test_id("residents").inner_text()
    shot(page, "resident-list")

    # --- Discharge: staff propose (adoption), a colleague decides ----------------------------------------------
    hoa = Resident.objects.get(person=child)
    page.goto(f"/co-so/doi-tuong/{hoa.pk}/roi-co-so/")
    page.get_by_label("Được nhận làm con nuôi").check()
    page.get_by_role("button", name="Lập đề nghị rời cơ sở").click()
    page.get_by_text("Đã lập đề nghị rời cơ sở.").wait_for()
    log_out(page)
    log_in(page, head.username)
    page.goto(f"/co-so/doi-tuong/{hoa.pk}/roi-co-so/")
    page.get_by_label("Số quyết định rời cơ sở").fill("12/QĐ-CTXH")
    shot(page, "discharge-decide")
    page.get_by_role("button", name="Quyết định rời cơ sở").click()
    page.get_by_text("Đã quyết định cho đối tượng rời cơ sở.").wait_for()
    discharge = page.get_by_test_id("discharge").inner_text()
    assert "Được nhận làm con nuôi" in discharge and "Thị trấn Mỹ Thọ" in discharge
    shot(page, "discharged")

    # --- The nurturing roll of this month lists both residents ---------------------------------------------------
    page.goto(f"/co-so/tro-cap-nuoi-duong/?co_so={centre.pk}")
    page.get_by_role("button", name="Lập danh sách").click()
    page.get_by_text(f"Đã lập danh sách trợ cấp nuôi dưỡng tháng {today:%m/%Y}").wait_for()
    lines = page.get_by_test_id("lines").inner_text()
    assert "Lê Thị Hoa" in lines and "Bé Vô Danh" in lines
    shot(page, "roll")
    log_out(page)

    # --- The commune sees where the emergency baby lives ---------------------------------------------------------
    log_in(page, "officer_a")
    baby = Resident.objects.get(person__full_name="Bé Vô Danh")
    page.goto(f"/doi-tuong/{baby.person_id}/")
    assert page.get_by_test_id("in-facility").inner_text().strip() == (
        f"Đang sống tại Trung tâm Công tác xã hội tỉnh Đồng Tháp từ {today:%d/%m/%Y}"
    )
    shot(page, "person-in-facility")
