"""`build_report` (SPEC §6): builds a report synchronously, without Celery, and writes it where asked."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from reports.models import ReportRequest

from .infra import install_tiny, read_sheet


@pytest.fixture
def tiny():
    yield from install_tiny()


def run(*args) -> str:
    out = StringIO()
    call_command("build_report", *args, stdout=out)
    return out.getvalue()


def test_the_command_writes_the_report_for_the_unit_period_and_closing_date(world, tiny, tmp_path):
    path = tmp_path / "10a.xlsx"
    said = run(
        "--form", "10a", "--unit", "30001", "--period", "01/2026-06/2026", "--as-of", "15/07/2026", "--out", path
    )

    assert read_sheet(path) == {
        "Mẫu": "10a",
        "Đơn vị": "30001",
        "Từ ngày": "01/01/2026",
        "Đến ngày": "30/06/2026",
        "Chốt số liệu đến": "15/07/2026",
    }
    assert said == (
        f"Đã ghi {path}: Mẫu 10a – Trợ giúp xã hội thường xuyên – Thị trấn Mỹ Thọ, 01/2026–06/2026, "
        "số liệu chốt đến 15/07/2026. rows: 5, as_of: 2026-07-15.\n"
    )
    assert not ReportRequest.objects.exists()  # the operator's file, not a download-centre entry
    assert tiny.calls == [None]


def test_one_month_and_today_as_the_default_closing_date(world, tiny, tmp_path):
    path = tmp_path / "w.xlsx"
    run("--form", "workbook", "--unit", "87", "--period", "03/2026", "--out", path)
    sheet = read_sheet(path)
    assert (sheet["Từ ngày"], sheet["Đến ngày"]) == ("01/03/2026", "31/03/2026")
    assert sheet["Chốt số liệu đến"] == timezone.localdate().strftime("%d/%m/%Y")


WRONG = [
    (["--form", "10a", "--unit", "30001", "--period", "2026"], "Kỳ báo cáo «2026» không đúng dạng MM/YYYY-MM/YYYY"),
    (["--form", "10a", "--unit", "99999", "--period", "01/2026-06/2026"], "Mã đơn vị «99999» không có"),
    (
        ["--form", "workbook", "--unit", "30001", "--period", "01/2026-06/2026"],
        "Mẫu báo cáo: «Báo cáo tổng hợp của tỉnh» chỉ lập cho cấp tỉnh.",
    ),
    (
        ["--form", "10a", "--unit", "30001", "--period", "06/2026-01/2026"],
        "Kỳ báo cáo: tháng cuối kỳ phải từ tháng đầu kỳ trở đi.",
    ),
    (["--form", "10a", "--unit", "30001", "--period", "01/2026", "--as-of", "31/02/2026"], "không đúng dạng"),
]


def test_wrong_arguments_are_refused_in_vietnamese(world, tiny, tmp_path):
    for args, message in WRONG:
        with pytest.raises(CommandError) as refused:
            run(*args, "--out", tmp_path / "x.xlsx")
        assert message in str(refused.value)
    assert not (tmp_path / "x.xlsx").exists()


def test_a_closing_date_in_the_future_is_refused(world, tiny, tmp_path):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(CommandError) as refused:
        run("--form", "10a", "--unit", "30001", "--period", "01/2026", "--as-of", f"{tomorrow:%d/%m/%Y}", "--out", "x")
    assert "Ngày chốt số liệu: không được sau hôm nay" in str(refused.value)
    assert tiny.calls == []
