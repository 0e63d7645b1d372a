"""A report from request to file: the province officer asks for form 10a for a district, watches it wait while no
worker runs, sees the progress turn into a download link when the build runs, downloads the .xlsx and opens it,
then marks it submitted. Uses the real form 10a builder on a hand-made district: one person of category 5.6
(especially severe disability, adult: 2,0 × 500.000 ₫ = 1.000.000 ₫ a month) with January 2026 paid."""

from datetime import date
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone
from openpyxl import load_workbook

import reports.services.requests as report_services
from payments.generation import roll_generate
from policy.models import Category
from reports.models import ReportRequest
from reports.services.requests import report_build
from tests.payments.conftest import approve, granted, person_in

from .conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def world(browser_world):
    # Browser tests run on a flushed database (transactional_db): put the Decree 20 seed back.
    if not Category.objects.exists():
        import_module("policy.migrations.0002_seed_decree20").forward(apps, None)
    hoa = person_in(browser_world.commune_a, full_name="Lê Thị Hoa", birth_date=date(1980, 3, 2))
    granted(browser_world, hoa, "5.6", date(2026, 1, 1), disability_level="especially_severe")
    approve(roll_generate(commune=browser_world.commune_a, month=date(2026, 1, 1), actor=None))
    return browser_world


def cells(path) -> dict[tuple[str, str], object]:
    """{(unit name, column heading): value} of the report's table (headings on the row above the A/B/1… row)."""
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    numbering = next(i for i, row in enumerate(rows) if row[:2] == ("A", "B"))
    headings = rows[numbering - 1]
    found = {}
    for row in rows[numbering + 1 :]:
        if row[1]:
            for heading, value in zip(headings, row, strict=False):
                if heading and (row[1], heading) not in found:
                    found[(row[1], heading)] = value
    return found


def test_request_progress_download_open_and_mark_submitted(world, page, shot, tmp_path, monkeypatch):
    # The worker is down: requests are recorded but not built until the test plays the worker.
    monkeypatch.setattr(report_services, "_send", lambda request_id: None)
    today = timezone.localdate()

    log_in(page, "province_officer")
    page.get_by_role("link", name="Báo cáo", exact=True).first.click()
    page.get_by_test_id("no-reports").wait_for()
    page.get_by_role("link", name="Yêu cầu lập báo cáo").click()
    page.get_by_label("Mẫu báo cáo").select_option(label="Mẫu 10a – Trợ giúp xã hội thường xuyên")
    page.get_by_label("Đơn vị báo cáo").select_option(label="— Huyện Cao Lãnh")
    page.get_by_label("6 tháng đầu năm").check()
    page.get_by_label("Năm", exact=True).select_option("2026")
    assert page.get_by_label("Số liệu chốt đến ngày").input_value() == f"{today:%d/%m/%Y}"
    shot(page, "request-form")
    page.get_by_role("button", name="Lập báo cáo").click()

    # Queued, with its progress bar, while no worker runs.
    page.wait_for_url("**/bao-cao/?moi=*")
    request = ReportRequest.objects.get()
    row = page.locator(f"#report-{request.pk}")
    row.get_by_text("Đang chờ máy chủ xử lý").wait_for()
    assert "Huyện Cao Lãnh" in row.inner_text()
    assert "01/01/2026 – 30/06/2026" in row.inner_text()
    shot(page, "queued")

    # The worker comes back: the polled status turns into the download link without reloading the page.
    report_build(request_id=request.pk)
    download_link = row.get_by_test_id("download")
    download_link.wait_for()
    shot(page, "ready")

    with page.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.suggested_filename == "10a_873_01-2026_06-2026.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    table = cells(path)
    assert table[("Thị trấn Mỹ Thọ", "Tổng số người")] == 1
    assert table[("Thị trấn Mỹ Thọ", "Tổng kinh phí")] == 1_000_000
    assert table[("Xã Mỹ Hiệp", "Tổng số người")] == 0
    assert table[("Tổng cộng", "Tổng số người")] == 1
    assert table[("Tổng cộng", "Tổng kinh phí")] == 1_000_000

    # Sent to the ministry: the toggle marks it.
    row.get_by_role("button", name="Đánh dấu đã nộp").click()
    row.get_by_role("button", name="Bỏ đánh dấu đã nộp").wait_for()
    request.refresh_from_db()
    assert request.submitted_by.username == "province_officer"
    shot(page, "submitted")

    page.get_by_role("link", name="Báo cáo định kỳ").click()
    page.get_by_test_id("deadline").first.wait_for()
    shot(page, "schedule")
