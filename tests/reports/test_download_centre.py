"""The download centre and the request page, persona by persona: what each role sees, asks for, downloads and
marks submitted; another unit's report is 404; the user is told when their report is ready."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Job
from reports.models import ReportRequest
from reports.services.requests import report_build, report_request

from .infra import H1_2026, install_tiny, read_sheet


@pytest.fixture
def tiny():
    yield from install_tiny()


def made(unit, form="10a", *, by=None, build=True) -> ReportRequest:
    """A request for `unit` (by the schedule when `by` is None), built at once unless told otherwise."""
    request = report_request(
        form=form, unit=unit, period_start=H1_2026[0], period_end=H1_2026[1], as_of=date(2026, 7, 15), actor=by
    )
    if build:
        report_build(request_id=request.pk)
        request.refresh_from_db()
    return request


@pytest.fixture
def reports(world, tiny):
    """One built report for each unit of the first province, and one for the two-level province."""
    keys = ["province", "district", "commune_a", "commune_b", "commune_c", "commune_2a"]
    return {key: made(getattr(world, key), "workbook" if key == "province" else "10a") for key in keys}


def listed(client) -> set[int]:
    response = client.get(reverse("reports:index"))
    assert response.status_code == 200
    return {report.pk for report in response.context["page"].object_list}


def test_each_role_sees_the_reports_of_the_units_inside_its_scope(world, reports, login):
    ids = {key: report.pk for key, report in reports.items()}
    expected = {
        "officer_a": {"commune_a"},
        "leader_a": {"commune_a"},
        "officer_b": {"commune_b"},
        "officer_c": {"commune_c"},
        "district_officer": {"district", "commune_a", "commune_b"},
        "province_officer": {"province", "district", "commune_a", "commune_b", "commune_c"},
        "auditor": {"province", "district", "commune_a", "commune_b", "commune_c"},
        "officer_2level": {"commune_2a"},
        "facility_staff": set(),
    }
    for who, keys in expected.items():
        assert (who, listed(login(world.user(who)))) == (who, {ids[key] for key in keys})


def test_the_centre_shows_who_asked_when_for_what_and_a_download_button(world, tiny, login):
    made(world.commune_a, by=world.user("officer_a"))
    page = login(world.user("officer_a")).get(reverse("reports:index")).content.decode()
    assert "Mẫu 10a – Trợ giúp xã hội thường xuyên" in page
    assert "01/01/2026 – 30/06/2026" in page
    assert "15/07/2026" in page
    assert str(world.user("officer_a")) in page
    assert "Tải về (.xlsx)" in page
    assert "Đánh dấu đã nộp" in page


def test_another_units_download_link_is_404_and_the_own_one_is_the_file(world, reports, login):
    url = reverse("reports:download", args=[reports["commune_a"].pk])
    for who in ["officer_b", "officer_c", "officer_2level", "facility_staff"]:
        assert (who, login(world.user(who)).get(url).status_code) == (who, 404)
    for who in ["officer_a", "district_officer", "province_officer", "auditor"]:
        response = login(world.user(who)).get(url)
        assert (who, response.status_code) == (who, 200)
        assert response["Content-Disposition"] == 'attachment; filename="10a_30001_01-2026_06-2026.xlsx"'
    content = b"".join(response.streaming_content)
    import io

    assert read_sheet(io.BytesIO(content))["Đơn vị"] == "30001"


def test_a_report_not_built_yet_has_no_download(world, tiny, login):
    queued = made(world.commune_a, build=False)
    client = login(world.user("officer_a"))
    assert client.get(reverse("reports:download", args=[queued.pk])).status_code == 404
    status = client.get(reverse("reports:status", args=[queued.pk]))
    assert status.status_code == 200
    assert "Đang chờ máy chủ xử lý" in status.content.decode()
    assert f'hx-get="{reverse("reports:status", args=[queued.pk])}"' in status.content.decode()


def test_the_status_of_another_units_report_is_404(world, reports, login):
    url = reverse("reports:status", args=[reports["commune_a"].pk])
    assert login(world.user("officer_b")).get(url).status_code == 404


def test_a_commune_asks_for_its_report_and_the_progress_turns_into_the_download(
    world, tiny, login, django_capture_on_commit_callbacks
):
    client = login(world.user("officer_a"))
    choices = [code for code, _label in client.get(reverse("reports:request")).context["form"].fields["form"].choices]
    assert "10a" in choices and "workbook" not in choices  # the workbook is the province's
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:request"),
            {"form": "10a", "unit": world.commune_a.pk, "period_kind": "half", "year": "2026", "as_of": "15/07/2026"},
        )
    request = ReportRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:index") + f"?moi={request.pk}"
    assert (request.period_start, request.period_end, request.as_of) == (*H1_2026, date(2026, 7, 15))
    assert request.requested_by == world.user("officer_a")

    status = client.get(reverse("reports:status", args=[request.pk]), headers={"HX-Request": "true"})
    body = status.content.decode()
    assert reverse("reports:download", args=[request.pk]) in body
    assert "hx-get" not in body.split('id="submitted-')[0]  # finished: no more polling
    assert 'hx-swap-oob="true"' in body and "Đánh dấu đã nộp" in body  # the toggle appears with the link


@pytest.mark.parametrize(
    ("data", "period"),
    [
        ({"period_kind": "year", "year": "2025"}, (date(2025, 1, 1), date(2025, 12, 31))),
        ({"period_kind": "month", "month": "02/2026"}, (date(2026, 2, 1), date(2026, 2, 28))),
        (
            {"period_kind": "custom", "from_month": "07/2025", "to_month": "03/2026"},
            (date(2025, 7, 1), date(2026, 3, 31)),
        ),
    ],
)
def test_period_presets_become_whole_months(world, tiny, login, data, period):
    client = login(world.user("district_officer"))
    response = client.post(
        reverse("reports:request"), {"form": "10b", "unit": world.commune_b.pk, "as_of": "15/07/2026", **data}
    )
    assert response.status_code == 302
    request = ReportRequest.objects.get()
    assert (request.unit, request.form, request.period_start, request.period_end) == (world.commune_b, "10b", *period)


def test_the_form_says_what_is_wrong_in_vietnamese_and_asks_for_nothing(world, tiny, login):
    client = login(world.user("province_officer"))
    today = timezone.localdate()
    tomorrow = date.fromordinal(today.toordinal() + 1)
    page = client.post(
        reverse("reports:request"),
        {
            "form": "workbook",
            "unit": world.commune_a.pk,
            "period_kind": "custom",
            "from_month": "06/2026",
            "to_month": "13/2026",
            "as_of": tomorrow.strftime("%d/%m/%Y"),
        },
    ).content.decode()
    assert "Đến tháng không hợp lệ: nhập theo dạng tháng/năm, ví dụ 06/2026." in page
    page = client.post(
        reverse("reports:request"),
        {
            "form": "workbook",
            "unit": world.commune_a.pk,
            "period_kind": "half",
            "year": "2026",
            "as_of": tomorrow.strftime("%d/%m/%Y"),
        },
    ).content.decode()
    assert "Mẫu báo cáo: «Báo cáo tổng hợp của tỉnh» chỉ lập cho cấp tỉnh." in page
    assert f"Ngày chốt số liệu: không được sau hôm nay ({today:%d/%m/%Y})." in page
    assert not ReportRequest.objects.exists()


def test_asking_for_another_units_report_is_404_and_nothing_is_made(world, tiny, login):
    data = {"form": "10a", "period_kind": "half", "year": "2026", "as_of": "15/07/2026"}
    for who, unit in [("officer_a", world.commune_b), ("district_officer", world.commune_c)]:
        response = login(world.user(who)).post(reverse("reports:request"), {**data, "unit": unit.pk})
        assert (who, response.status_code) == (who, 404)
    assert not ReportRequest.objects.exists()
    assert not Job.objects.exists()


def test_the_auditor_reads_but_asks_for_and_marks_nothing(world, reports, login):
    client = login(world.user("auditor"))
    page = client.get(reverse("reports:index")).content.decode()
    assert "Yêu cầu lập báo cáo" not in page and "Đánh dấu đã nộp" not in page
    assert "Tự động theo lịch" in page  # made by the schedule, not by a person
    data = {"form": "10a", "unit": world.commune_a.pk, "period_kind": "half", "year": "2026", "as_of": "15/07/2026"}
    assert client.get(reverse("reports:request")).status_code == 403
    assert client.post(reverse("reports:request"), data).status_code == 403
    report = reports["commune_a"]
    response = client.post(reverse("reports:submitted", args=[report.pk]), {"submitted": "1"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.submitted_at is None
    assert ReportRequest.objects.count() == len(reports)


def test_the_commune_toggles_submitted_with_htmx(world, reports, login):
    report = reports["commune_a"]
    client = login(world.user("officer_a"))
    url = reverse("reports:submitted", args=[report.pk])
    body = client.post(url, {"submitted": "1"}, headers={"HX-Request": "true"}).content.decode()
    report.refresh_from_db()
    assert report.submitted_by == world.user("officer_a")
    assert "Đã nộp" in body and "Bỏ đánh dấu đã nộp" in body
    client.post(url, {"submitted": "0"}, headers={"HX-Request": "true"})
    report.refresh_from_db()
    assert report.submitted_at is None
    # Another commune's toggle does not exist for officer B.
    assert login(world.user("officer_b")).post(url, {"submitted": "1"}).status_code == 404
    report.refresh_from_db()
    assert report.submitted_at is None


def test_the_requester_is_told_once_on_the_next_page_that_the_report_is_ready(world, tiny, login):
    made(world.commune_a, by=world.user("officer_a"))
    client = login(world.user("officer_a"))
    ready = "Báo cáo đã sẵn sàng để tải về: Mẫu 10a – Trợ giúp xã hội thường xuyên – Thị trấn Mỹ Thọ, 01/2026–06/2026."
    assert ready in client.get(reverse("reports:schedule")).content.decode()
    assert ready not in client.get(reverse("reports:index")).content.decode()
    # Another officer of the unit sees the report but is not told: it was not theirs.
    assert ready not in login(world.user("leader_a")).get(reverse("reports:index")).content.decode()


def test_facility_staff_see_and_ask_only_their_facilitys_residents_report(world, tiny, reports, login):
    client = login(world.user("facility_staff"))
    form = client.get(reverse("reports:request"))
    assert [code for code, _label in form.context["form"].fields["form"].choices] == ["residents"]
    client.post(
        reverse("reports:request"),
        {"form": "residents", "unit": world.commune_a.pk, "period_kind": "half", "year": "2026", "as_of": "15/07/2026"},
    )
    mine = ReportRequest.objects.get(form="residents")
    assert listed(client) == {mine.pk}
