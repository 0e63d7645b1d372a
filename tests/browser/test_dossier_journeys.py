"""A monthly-allowance dossier from the officer's form to the printed decision, in both flows."""

from datetime import timedelta
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import timezone

from accounts.models import Role
from accounts.services import assignment_grant
from beneficiaries.models import Household
from dossiers.models import Dossier
from policy.models import Category
from tests import factories as f

from .conftest import log_in, log_out

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def world(browser_world, settings, tmp_path):
    # Browser tests run on a flushed database (transactional_db): put the Decree 20 seed back.
    if not Category.objects.exists():
        import_module("policy.migrations.0002_seed_decree20").forward(apps, None)
    settings.MEDIA_ROOT = tmp_path / "media"
    return browser_world


@pytest.fixture
def scan(tmp_path) -> Path:
    path = tmp_path / "to-khai-mau-1d.pdf"
    path.write_bytes(PDF)
    return path


def poor_household(person):
    person.household = Household.objects.create(
        head_name=person.full_name, commune=person.commune, poverty_status=Household.Poverty.POOR, poverty_year=2026
    )
    person.save(update_fields=["household"])


def open_monthly_dossier(page, shot, person_name: str, scan: Path):
    """From the dossier list: pick the person, choose 5.6, see the preview, save, attach the form, submit."""
    page.get_by_role("link", name="Hồ sơ", exact=True).first.click()
    page.get_by_role("link", name="Lập hồ sơ mới").click()
    page.get_by_label("Tìm theo tên hoặc số định danh").fill(person_name.lower())
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("row", name=person_name).get_by_role("link", name="Trợ cấp xã hội hàng tháng").click()

    assert not page.get_by_label("Mức độ khuyết tật").is_visible()
    page.get_by_label("Diện hưởng (Điều 5, Điều 20)").select_option(
        label="5.6 – Người khuyết tật nặng, khuyết tật đặc biệt nặng"
    )
    assert page.get_by_test_id("application-form").inner_text() == "Tờ khai Mẫu 1đ"
    assert page.get_by_label("Mức độ khuyết tật").is_visible()
    assert not page.get_by_label("Số con đang nuôi").is_visible()
    page.get_by_label("Mức độ khuyết tật").select_option(label="Đặc biệt nặng")
    page.get_by_label("Ngày tiếp nhận hồ sơ").fill("05/10/2026")
    page.get_by_label("Ngày cấp giấy xác nhận khuyết tật").fill("15/09/2026")
    page.get_by_label("Người làm đơn").click()  # leave the date field: htmx asks for the preview
    amount = page.get_by_test_id("preview-amount")
    amount.filter(has_text="1.350.000").wait_for()
    assert "hệ số 2,5 × 540.000 ₫ = 1.350.000 ₫" in page.get_by_test_id("preview-explanation").inner_text()
    shot(page, "form-with-preview")
    page.get_by_role("button", name="Lập hồ sơ").click()
    page.wait_for_url("**/ho-so/*/")

    page.get_by_label("Loại giấy tờ").select_option(label="Tờ khai/đơn đề nghị")
    page.get_by_label("Tệp scan (PDF, JPEG hoặc PNG)").set_input_files(str(scan))
    page.get_by_role("button", name="Đính kèm").click()
    page.get_by_role("link", name=scan.name).wait_for()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.get_by_text("Đã thực hiện: Nộp hồ sơ.").wait_for()
    return Dossier.objects.get(person__full_name=person_name)


def test_three_level_dossier_from_form_to_printed_decision(world, page, shot, scan):
    person = world.people["a"]
    poor_household(person)  # also fits 5.5.a: the page says which category Art. 6.2 pays
    log_in(page, "officer_a")
    dossier = open_monthly_dossier(page, shot, person.full_name, scan)
    assert page.get_by_test_id("status").inner_text() == "Đã nộp, chờ xã xét duyệt"
    comparison = page.get_by_test_id("preview-comparison").inner_text()
    assert "Đối tượng cũng có thể thuộc diện 5.5.a; theo khoản 2 Điều 6 chỉ hưởng mức cao nhất: diện 5.6." in comparison
    log_out(page)

    log_in(page, "leader_a")
    page.goto(f"/ho-so/{dossier.pk}/")
    page.get_by_role("button", name="Trả lại để bổ sung").click()
    page.get_by_label("Lý do trả lại (người lập hồ sơ sẽ đọc)").wait_for()
    shot(page, "leader-review")
    page.get_by_role("button", name="Duyệt và niêm yết công khai").click()
    assert "Đang niêm yết công khai tại xã đến hết ngày" in page.get_by_test_id("posting").inner_text()
    assert page.get_by_role("button", name="Chuyển Huyện Cao Lãnh thẩm định").is_disabled()
    page.goto("/ho-so/niem-yet/")
    assert "Nguyễn Văn Đức A" in page.get_by_test_id("posting-table").inner_text()
    shot(page, "posting-list")
    # The 2 working days of public posting are over: moved into the past directly rather than waiting.
    Dossier.objects.filter(pk=dossier.pk).update(posted_until=timezone.localdate() - timedelta(days=1))
    page.goto(f"/ho-so/{dossier.pk}/")
    page.get_by_role("button", name="Chuyển Huyện Cao Lãnh thẩm định").click()
    assert page.get_by_test_id("status").inner_text() == "Đã chuyển Huyện Cao Lãnh, chờ thẩm định"
    log_out(page)

    log_in(page, "district_officer")
    page.goto("/ho-so/?mine=on")
    shot(page, "awaiting-list")
    page.get_by_role("link", name="Nguyễn Văn Đức A").click()
    page.get_by_label("Ý kiến thẩm định").fill("Đủ điều kiện theo khoản 6 Điều 5")
    page.get_by_role("button", name="Thẩm định đạt").click()
    assert page.get_by_test_id("status").inner_text() == "Đã thẩm định, chờ quyết định"
    log_out(page)

    log_in(page, "district_leader")
    page.goto(f"/ho-so/{dossier.pk}/")
    page.get_by_role("link", name="Ký quyết định hưởng").click()
    assert page.get_by_label("Chức vụ người ký").input_value() == "Chủ tịch"
    page.get_by_label("Số văn bản").fill("125/QĐ-UBND")
    page.get_by_label("Ngày ký").fill("20/10/2026")
    page.get_by_label("Họ và tên người ký").fill("Trần Văn Chủ")
    page.get_by_role("button", name="Ký quyết định").click()
    page.get_by_text("Đã ký văn bản số 125/QĐ-UBND.").wait_for()
    assert page.get_by_test_id("status").inner_text() == "Đã quyết định hưởng"
    assert page.get_by_test_id("decision-amount").inner_text() == "1.350.000\xa0₫"
    timeline = page.get_by_test_id("timeline").inner_text()
    for label in ("Lập hồ sơ", "Nộp hồ sơ", "Duyệt và niêm yết công khai", "Chuyển Huyện Cao Lãnh thẩm định",
                  "Thẩm định đạt", "Quyết định hưởng"):  # fmt: skip
        assert label in timeline
    shot(page, "dossier-with-timeline")
    page.get_by_role("tab", name="Lịch sử thay đổi").click()
    page.locator("#tab-history.show").wait_for()
    assert "125/QĐ-UBND" in page.get_by_test_id("history").inner_text()
    shot(page, "dossier-history")

    page.goto(f"/ho-so/{dossier.pk}/quyet-dinh/")
    sheet = page.get_by_test_id("decision-print").inner_text()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in sheet and "Cao Lãnh, ngày 20 tháng 10 năm 2026" in sheet
    assert "Mức hưởng hàng tháng: 1.350.000 ₫" in sheet and "Thời gian hưởng: từ tháng 09/2026." in sheet
    shot(page, "decision-print")

    page.goto(f"/doi-tuong/{person.pk}/")
    page.get_by_role("tab", name="Chế độ hưởng").click()
    page.locator("#tab-entitlements.show").wait_for()  # the tab fades in
    entitlements = page.get_by_test_id("entitlements").inner_text()
    assert "5.6" in entitlements and "1.350.000" in entitlements and "125/QĐ-UBND" in entitlements
    shot(page, "person-entitlement")


def test_two_level_commune_leader_decides(world, page, shot, scan):
    leader = f.UserFactory(username="leader_2a", full_name="Lê Thị Chủ Tịch")
    assignment_grant(user=leader, role=Role.COMMUNE_LEADER, unit=world.commune_2a, actor=None)
    log_in(page, "officer_2level")
    dossier = open_monthly_dossier(page, shot, world.people["2a"].full_name, scan)
    assert "Chủ tịch UBND xã quyết định" in page.get_by_test_id("flow").inner_text()
    log_out(page)

    log_in(page, "leader_2a")
    page.goto("/ho-so/?mine=on")
    page.get_by_role("link", name=world.people["2a"].full_name).click()
    assert page.get_by_role("button", name="Duyệt và niêm yết công khai").count() == 0
    page.get_by_role("link", name="Ký quyết định hưởng").click()
    page.get_by_label("Số văn bản").fill("15/QĐ-UBND")
    page.get_by_label("Ngày ký").fill("20/10/2026")
    page.get_by_role("button", name="Ký quyết định").click()
    page.get_by_text("Đã ký văn bản số 15/QĐ-UBND.").wait_for()
    shot(page, "dossier-decided")
    page.goto(f"/ho-so/{dossier.pk}/quyet-dinh/")
    sheet = page.get_by_test_id("decision-print").inner_text()
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG NINH KIỀU" in sheet and "Lê Thị Chủ Tịch" in sheet
    assert "huyện" not in sheet.lower()
    shot(page, "decision-print")
