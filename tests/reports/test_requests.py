"""Report requests as services: validation in Vietnamese naming the field, jurisdiction, the build (progress, file,
as-of passed through, safe to run twice), marking a report submitted, and builder discovery."""

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import Job
from reports.apps import discover_builders
from reports.models import ReportRequest
from reports.services.requests import (
    report_build,
    report_mark_submitted,
    report_request,
    report_requeue_stale,
)

from .infra import H1_2026, install_tiny, read_sheet

AS_OF = date(2026, 7, 15)


@pytest.fixture
def tiny():
    yield from install_tiny()


def ask(world, who="officer_a", unit=None, form="10a", period=H1_2026, as_of=AS_OF, **extra):
    start, end = period
    return report_request(
        form=form,
        unit=unit or world.commune_a,
        period_start=start,
        period_end=end,
        as_of=as_of,
        actor=world.user(who) if who else None,
        **extra,
    )


def built(world, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(world, **kwargs)
    request.refresh_from_db()
    return request


def test_a_request_is_built_by_celery_with_progress_and_its_file_saved(world, tiny, django_capture_on_commit_callbacks):
    request = built(world, django_capture_on_commit_callbacks)

    job = request.job
    assert (job.status, job.percent, job.message) == (Job.Status.DONE, 100, "Hoàn tất")
    assert job.kind == "report"
    assert job.title == "Mẫu 10a – Trợ giúp xã hội thường xuyên – Thị trấn Mỹ Thọ, 01/2026–06/2026"
    assert job.result == {"rows": 5, "as_of": "2026-07-15"}
    assert job.params["request"] == request.pk
    assert request.file.name.startswith("reports/") and request.file.name.endswith("/10a_30001_01-2026_06-2026.xlsx")
    assert request.requested_by == world.user("officer_a")
    with request.file.open("rb") as stored:
        assert read_sheet(stored) == {
            "Mẫu": "10a",
            "Đơn vị": "30001",
            "Từ ngày": "01/01/2026",
            "Đến ngày": "30/06/2026",
            "Chốt số liệu đến": "15/07/2026",
        }


def test_a_request_stays_queued_until_the_transaction_commits_and_a_worker_takes_it(world, tiny):
    request = ask(world)  # the test's transaction never commits: the build is never sent
    assert request.job.status == Job.Status.QUEUED
    assert request.job.percent == 0
    assert not request.file
    assert tiny.calls == []


def test_building_twice_builds_once(world, tiny, django_capture_on_commit_callbacks):
    request = built(world, django_capture_on_commit_callbacks)
    name = request.file.name

    report_build(request_id=request.pk)  # the same task delivered again

    request.refresh_from_db()
    assert tiny.calls == [request.pk]
    assert request.file.name == name


def test_a_job_another_worker_is_running_is_left_alone(world, tiny):
    request = ask(world)
    Job.objects.filter(pk=request.job_id).update(status=Job.Status.RUNNING, started_at=timezone.now(), percent=40)

    report_build(request_id=request.pk)

    request.job.refresh_from_db()
    assert (request.job.status, request.job.percent, tiny.calls) == (Job.Status.RUNNING, 40, [])


def test_a_job_left_running_by_a_dead_worker_is_taken_over_after_the_time_limit(world, tiny, settings):
    request = ask(world)
    died = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    Job.objects.filter(pk=request.job_id).update(status=Job.Status.RUNNING, started_at=died, percent=40)

    report_build(request_id=request.pk)

    request.refresh_from_db()
    assert request.job.status == Job.Status.DONE
    assert request.file.name.endswith("10a_30001_01-2026_06-2026.xlsx")


def test_a_failing_builder_fails_the_job_and_saves_no_file(world, tiny):
    tiny.fail = True
    request = ask(world)

    with pytest.raises(RuntimeError):
        report_build(request_id=request.pk)

    request.refresh_from_db()
    assert request.job.status == Job.Status.FAILED
    assert request.job.error == "RuntimeError: builder broke\n"
    assert not request.file


def test_the_closing_date_may_be_before_the_end_of_the_period_for_interim_figures(world, tiny):
    request = ask(world, period=(date(2026, 1, 1), date(2026, 12, 31)), as_of=date(2026, 9, 30))
    assert (request.period_end, request.as_of) == (date(2026, 12, 31), date(2026, 9, 30))


# (form, unit, period, as-of, errors): one world for the whole table, to keep the suite fast.
WRONG_REQUESTS = [
    (
        "10a",
        "commune_a",
        (date(2026, 6, 1), date(2026, 3, 31)),
        date(2026, 7, 1),
        {"period_end": ["Kỳ báo cáo: tháng cuối kỳ phải từ tháng đầu kỳ trở đi."]},
    ),
    (
        "10a",
        "commune_a",
        (date(2026, 1, 15), date(2026, 6, 30)),
        date(2026, 7, 1),
        {"period_start": ["Kỳ báo cáo: tính theo tháng, từ ngày đầu tháng đến ngày cuối tháng."]},
    ),
    (
        "10a",
        "commune_a",
        (date(2024, 1, 1), date(2026, 6, 30)),
        date(2026, 7, 1),
        {"period_end": ["Kỳ báo cáo: dài tối đa 24 tháng."]},
    ),
    (
        "10a",
        "commune_a",
        (date(2021, 1, 1), date(2021, 6, 30)),
        date(2021, 7, 1),
        {"period_start": ["Kỳ báo cáo: Nghị định 20/2021/NĐ-CP áp dụng từ ngày 01/07/2021."]},
    ),
    (
        "10a",
        "commune_a",
        H1_2026,
        date(2025, 12, 31),
        {"as_of": ["Ngày chốt số liệu: phải từ ngày đầu kỳ báo cáo (01/01/2026) trở đi."]},
    ),
    (
        "workbook",
        "district",
        H1_2026,
        AS_OF,
        {"form": ["Mẫu báo cáo: «Báo cáo tổng hợp của tỉnh» chỉ lập cho cấp tỉnh."]},
    ),
    ("xyz", "commune_a", H1_2026, AS_OF, {"form": ["Mẫu báo cáo: không có mẫu «xyz»."]}),
]


def test_a_wrong_request_is_refused_naming_the_field(world, tiny):
    for form, unit_key, period, as_of, errors in WRONG_REQUESTS:
        with pytest.raises(ValidationError) as refused:
            ask(world, who="province_officer", form=form, unit=getattr(world, unit_key), period=period, as_of=as_of)
        assert refused.value.message_dict == errors
    assert not ReportRequest.objects.exists()
    assert not Job.objects.exists()


def test_a_closing_date_in_the_future_is_refused(world, tiny):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        ask(world, period=(date(2026, 1, 1), date(2026, 6, 30)), as_of=today + timedelta(days=1))
    assert refused.value.message_dict == {"as_of": [f"Ngày chốt số liệu: không được sau hôm nay ({today:%d/%m/%Y})."]}
    assert not ReportRequest.objects.exists()


def test_a_form_without_a_builder_is_refused(world, tiny):
    from reports.builders import BUILDERS

    BUILDERS.pop("10a")
    with pytest.raises(ValidationError) as refused:
        ask(world)
    assert refused.value.message_dict == {
        "form": ["Mẫu báo cáo: chưa có chương trình lập «Mẫu 10a – Trợ giúp xã hội thường xuyên»."]
    }


def test_a_unit_that_did_not_exist_in_the_period_is_refused(world, tiny):
    world.commune_a.valid_to = date(2025, 6, 30)
    world.commune_a.save(update_fields=["valid_to"])
    with pytest.raises(ValidationError) as refused:
        ask(world, who=None)
    assert refused.value.message_dict == {
        "unit": ["Đơn vị báo cáo: Thị trấn Mỹ Thọ không tồn tại trong kỳ báo cáo 01/2026–06/2026."]
    }


OUT_OF_SCOPE = [
    ("officer_a", "commune_b", "Đơn vị báo cáo: ngoài phạm vi quản lý của bạn."),
    ("officer_c", "commune_a", "Đơn vị báo cáo: ngoài phạm vi quản lý của bạn."),
    ("district_officer", "commune_c", "Đơn vị báo cáo: ngoài phạm vi quản lý của bạn."),
    ("province_officer", "commune_2a", "Đơn vị báo cáo: ngoài phạm vi quản lý của bạn."),
    ("auditor", "commune_a", "Bạn không có quyền yêu cầu lập báo cáo."),
]


def test_nobody_asks_for_a_report_outside_their_jurisdiction(world, tiny):
    for who, unit_key, message in OUT_OF_SCOPE:
        with pytest.raises(PermissionDenied) as refused:
            ask(world, who=who, unit=getattr(world, unit_key))
        assert (who, str(refused.value)) == (who, message)
    assert not ReportRequest.objects.exists()


def test_district_and_province_ask_for_units_below_them(world, tiny):
    assert ask(world, who="district_officer", unit=world.commune_b).unit == world.commune_b
    assert ask(world, who="province_officer", unit=world.commune_c).unit == world.commune_c
    assert ask(world, who="province_officer", unit=world.province, form="workbook").form == "workbook"


def test_facility_staff_ask_only_for_their_residents_report_which_remembers_the_facility(world, tiny):
    with pytest.raises(ValidationError) as refused:
        ask(world, who="facility_staff")
    assert refused.value.message_dict == {
        "form": ["Mẫu báo cáo: cơ sở trợ giúp xã hội chỉ lập báo cáo đối tượng tại cơ sở."]
    }
    request = ask(world, who="facility_staff", form="residents")
    assert request.job.params["facility"] == world.facility.pk


# --- Đã nộp -----------------------------------------------------------------------------------------------------


def test_the_commune_marks_its_built_report_submitted_and_can_undo_it(world, tiny, django_capture_on_commit_callbacks):
    request = built(world, django_capture_on_commit_callbacks)
    officer = world.user("officer_a")

    marked = report_mark_submitted(request=request, actor=officer)
    assert marked.submitted_by == officer
    assert marked.submitted_at is not None
    assert LogEntry.objects.get_for_object(marked).filter(changes__icontains="submitted_at").exists()

    with pytest.raises(ValidationError) as twice:
        report_mark_submitted(request=request, actor=officer)
    assert twice.value.message_dict == {
        "submitted_at": ["Đã nộp: báo cáo đã được đánh dấu đã nộp (có thể người khác vừa thay đổi)."]
    }

    undone = report_mark_submitted(request=request, actor=officer, submitted=False)
    assert (undone.submitted_at, undone.submitted_by) == (None, None)


def test_only_the_units_own_office_marks_its_report_submitted(world, tiny, django_capture_on_commit_callbacks):
    # The district receives commune A's report; marking it sent is commune A's (or the province's) act.
    request = built(world, django_capture_on_commit_callbacks)
    for who in ["officer_b", "district_officer", "district_leader", "auditor", "facility_staff"]:
        with pytest.raises(PermissionDenied):
            report_mark_submitted(request=request, actor=world.user(who))
    request.refresh_from_db()
    assert request.submitted_at is None


def test_the_commune_leader_or_the_province_officer_may_mark_it_too(world, tiny, django_capture_on_commit_callbacks):
    request = built(world, django_capture_on_commit_callbacks)
    for who in ["leader_a", "province_officer"]:
        marked = report_mark_submitted(request=request, actor=world.user(who))
        assert marked.submitted_by == world.user(who)
        report_mark_submitted(request=request, actor=world.user(who), submitted=False)


def test_a_report_not_built_yet_cannot_be_marked_submitted(world, tiny):
    request = ask(world)
    with pytest.raises(ValidationError) as refused:
        report_mark_submitted(request=request, actor=world.user("officer_a"))
    assert refused.value.message_dict == {"submitted_at": ["Đã nộp: báo cáo chưa lập xong, chưa thể đánh dấu đã nộp."]}
    request.refresh_from_db()
    assert request.submitted_at is None


# --- Resending and discovery ------------------------------------------------------------------------------------


def test_builds_still_queued_after_an_hour_are_sent_again(world, tiny):
    old, fresh = ask(world), ask(world, form="10b")
    Job.objects.filter(pk=old.job_id).update(created_at=timezone.now() - timedelta(hours=2))

    assert report_requeue_stale() == 1  # eager in tests: sent means built

    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.job.status, fresh.job.status) == (Job.Status.DONE, Job.Status.QUEUED)


def test_every_module_of_the_builders_package_is_imported_at_start():
    imported = discover_builders()
    assert "reports.builders.form_10a" in imported
    from reports.builders import BUILDERS

    assert "10a" in BUILDERS
