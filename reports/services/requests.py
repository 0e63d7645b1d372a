"""Report requests (SPEC §5; decree20.md §8): ask for a form, a unit, a period and a closing date; Celery builds
the .xlsx with visible progress; the file lands in the download centre; the office marks it submitted.

Writes only. Who may see a request is `reports.selectors`; what a report contains is its builder
(`reports.builders`). A request made by the schedule or by `build_report` has no actor.
"""

import json
import logging
import tempfile
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from accounts.jurisdiction import active_assignment, units_visible_to
from accounts.models import Role
from core.models import Job
from core.services import job_claim, job_create, job_fail, job_finish, job_progress
from locations.models import Level
from policy.rules import month_end

from ..builders import BUILDERS
from ..models import ReportForm, ReportRequest

log = logging.getLogger(__name__)

JOB_KIND = "report"
# Decree 20/2021 is in force from 01/07/2021: nothing to report under it before then.
DECREE_START = date(2021, 7, 1)
# A period longer than two years is no reporting period; it also keeps a monthly sheet readable.
MAX_MONTHS = 24

# The provincial workbook sums a whole province; every other form is built for any unit (decree20.md §8).
PROVINCE_ONLY = {ReportForm.WORKBOOK}
# Facility staff report on their own residents only.
FACILITY_FORMS = (ReportForm.RESIDENTS,)


class BuilderMissing(Exception):
    """No builder is registered for the form (its module failed to import, or it is not written yet)."""


def forms_for_level(level: str) -> list[str]:
    """The forms a unit of `level` may be built for, in ReportForm order."""
    return [form for form in ReportForm.values if level == Level.PROVINCE or form not in PROVINCE_ONLY]


def forms_for(user, unit) -> list[str]:
    """The forms `user` may request for `unit` that have a builder, in ReportForm order."""
    assignment = active_assignment(user)
    allowed = FACILITY_FORMS if assignment is not None and assignment.role == Role.FACILITY_STAFF else ReportForm.values
    return [form for form in forms_for_level(unit.level) if form in allowed and form in BUILDERS]


def month_span(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def period_label(start: date, end: date) -> str:
    """ "01/2026–06/2026", or "03/2026" for one month."""
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%m/%Y}"
    return f"{start:%m/%Y}–{end:%m/%Y}"


def file_name(request: ReportRequest) -> str:
    """`10a_30001_01-2026_06-2026.xlsx`: form, unit code, period — what the user sees when downloading."""
    start, end = request.period_start, request.period_end
    period = f"{start:%m-%Y}" if (start.year, start.month) == (end.year, end.month) else f"{start:%m-%Y}_{end:%m-%Y}"
    return f"{request.form}_{request.unit.code}_{period}.xlsx"


def report_check(*, form: str, unit, period_start: date, period_end: date, as_of: date, today: date) -> None:
    """The request's own rules, each failure naming its field in Vietnamese (ValidationError by field)."""
    errors: dict[str, str] = {}
    if form not in ReportForm.values:
        errors["form"] = f"Mẫu báo cáo: không có mẫu «{form}»."
    elif form not in forms_for_level(unit.level):
        errors["form"] = f"Mẫu báo cáo: «{ReportForm(form).label}» chỉ lập cho cấp tỉnh."
    elif form not in BUILDERS:
        errors["form"] = f"Mẫu báo cáo: chưa có chương trình lập «{ReportForm(form).label}»."
    if period_start.day != 1 or period_end != month_end(period_end):
        errors["period_start"] = "Kỳ báo cáo: tính theo tháng, từ ngày đầu tháng đến ngày cuối tháng."
    elif period_end < period_start:
        errors["period_end"] = "Kỳ báo cáo: tháng cuối kỳ phải từ tháng đầu kỳ trở đi."
    elif month_span(period_start, period_end) > MAX_MONTHS:
        errors["period_end"] = f"Kỳ báo cáo: dài tối đa {MAX_MONTHS} tháng."
    elif period_end < DECREE_START:
        errors["period_start"] = "Kỳ báo cáo: Nghị định 20/2021/NĐ-CP áp dụng từ ngày 01/07/2021."
    elif not _exists_during(unit, period_start, period_end):
        period = period_label(period_start, period_end)
        errors["unit"] = f"Đơn vị báo cáo: {unit.name} không tồn tại trong kỳ báo cáo {period}."
    if as_of > today:
        errors["as_of"] = f"Ngày chốt số liệu: không được sau hôm nay ({today:%d/%m/%Y})."
    elif as_of < period_start:
        errors["as_of"] = f"Ngày chốt số liệu: phải từ ngày đầu kỳ báo cáo ({period_start:%d/%m/%Y}) trở đi."
    if errors:
        raise ValidationError(errors)


def _exists_during(unit, start: date, end: date) -> bool:
    # A unit created or abolished inside the period (e.g. on 01/07/2025) still reports the part it existed for.
    return (unit.valid_from is None or unit.valid_from <= end) and (unit.valid_to is None or start <= unit.valid_to)


def _check_actor(actor, *, form: str, unit) -> dict:
    """Who may ask: the permission, the unit inside the actor's jurisdiction, facility staff only their
    facility's residents report. Returns what the job remembers about the actor (the facility)."""
    if actor is None:
        return {}
    if not actor.has_perm("reports.add_reportrequest"):
        raise PermissionDenied("Bạn không có quyền yêu cầu lập báo cáo.")
    if not units_visible_to(actor).filter(pk=unit.pk).exists():
        raise PermissionDenied("Đơn vị báo cáo: ngoài phạm vi quản lý của bạn.")
    assignment = active_assignment(actor)
    if assignment is not None and assignment.role == Role.FACILITY_STAFF:
        if form not in FACILITY_FORMS:
            raise ValidationError({"form": "Mẫu báo cáo: cơ sở trợ giúp xã hội chỉ lập báo cáo đối tượng tại cơ sở."})
        return {"facility": assignment.facility_id}
    return {}


@transaction.atomic
def report_request(
    *, form: str, unit, period_start: date, period_end: date, as_of: date, actor, deadline: date | None = None
) -> ReportRequest:
    """Record the request and its job row, and send the build to Celery once the transaction commits. With no
    worker running the job simply stays queued: the broker keeps the message until a worker takes it."""
    report_check(
        form=form,
        unit=unit,
        period_start=period_start,
        period_end=period_end,
        as_of=as_of,
        today=timezone.localdate(),
    )
    extra = _check_actor(actor, form=form, unit=unit)
    period = period_label(period_start, period_end)
    job = job_create(
        kind=JOB_KIND,
        title=f"{ReportForm(form).label} – {unit.name}, {period}"[:200],
        actor=actor,
        unit=unit,
        params={"form": form, "period": period, "as_of": as_of.isoformat(), **extra},
    )
    request = ReportRequest.objects.create(
        form=form,
        unit=unit,
        period_start=period_start,
        period_end=period_end,
        as_of=as_of,
        job=job,
        requested_by=actor,
        deadline=deadline,
    )
    Job.objects.filter(pk=job.pk).update(params={**job.params, "request": request.pk})
    report_enqueue(request_id=request.pk)
    return request


def report_enqueue(*, request_id: int) -> None:
    """Send the build after commit, so the worker finds the rows. Robust: a broker that is down is logged and
    the job stays queued; the daily schedule sends queued builds again (`report_requeue_stale`)."""
    transaction.on_commit(partial(_send, request_id), robust=True)


def _send(request_id: int) -> None:
    from ..tasks import report_build_task

    report_build_task.delay(request_id)


def _claim(job_id: int) -> bool:
    """Queued → running; or take over a job left running past the task time limit (its worker died)."""
    if job_claim(job_id=job_id):
        return True
    stale = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    return bool(
        Job.objects.filter(pk=job_id, status=Job.Status.RUNNING, started_at__lt=stale).update(
            started_at=timezone.now(), percent=0
        )
    )


def report_build(*, request_id: int) -> ReportRequest | None:
    """Build one requested report: claim its job (a second delivery of the same task finds it claimed and does
    nothing), run the form's builder with a progress callback, store the file and finish the job. A failing
    builder fails the job (the download centre says so) and the error goes up to Celery's log."""
    request = ReportRequest.objects.select_related("unit", "unit__province", "job").filter(pk=request_id).first()
    if request is None or request.job_id is None or not _claim(request.job_id):
        return request
    job_id = request.job_id

    def progress(percent, message: str = "") -> None:
        job_progress(job_id=job_id, percent=int(percent), message=str(message))

    try:
        builder = BUILDERS.get(request.form)
        if builder is None:
            raise BuilderMissing(f"Chưa có chương trình lập {ReportForm(request.form).label}.")
        with tempfile.TemporaryFile() as out:
            result = builder(out, request=request, progress=progress)
            out.seek(0)
            request.file.save(file_name(request), File(out), save=False)
        ReportRequest.objects.filter(pk=request.pk).update(file=request.file.name)
        job_finish(job_id=job_id, result=_jsonable(result or {}))
    except Exception as exc:
        job_fail(job_id=job_id, error=exc)
        raise
    request.job.refresh_from_db()
    return request


def _jsonable(result: dict) -> dict:
    # Builders may return dates or Decimals in their summary; the job row keeps JSON.
    return json.loads(json.dumps(result, cls=DjangoJSONEncoder))


def can_mark_submitted(user, request: ReportRequest) -> bool:
    """The office that makes its unit's reports submits them (its own unit only); a province officer
    (`change_reportrequest`) may correct any report inside the province."""
    assignment = active_assignment(user)
    if assignment is None or assignment.role == Role.FACILITY_STAFF:
        return False
    if user.has_perm("reports.change_reportrequest"):
        return units_visible_to(user).filter(pk=request.unit_id).exists()
    return user.has_perm("reports.add_reportrequest") and assignment.unit_id == request.unit_id


@transaction.atomic
def report_mark_submitted(*, request: ReportRequest, actor, submitted: bool = True) -> ReportRequest:
    """Mark a built report as sent to the level above (or undo a mark made by mistake). Compare-and-set on
    `submitted_at`; the audit log keeps who changed it and when."""
    if not can_mark_submitted(actor, request):
        raise PermissionDenied("Bạn không có quyền đánh dấu báo cáo này đã nộp.")
    row = ReportRequest.objects.select_for_update(of=("self",)).select_related("job").get(pk=request.pk)
    if row.job is None or row.job.status != Job.Status.DONE or not row.file:
        raise ValidationError({"submitted_at": "Đã nộp: báo cáo chưa lập xong, chưa thể đánh dấu đã nộp."})
    if (row.submitted_at is not None) == submitted:
        already = "đã được đánh dấu đã nộp" if submitted else "chưa được đánh dấu đã nộp"
        raise ValidationError({"submitted_at": f"Đã nộp: báo cáo {already} (có thể người khác vừa thay đổi)."})
    row.submitted_at = timezone.now() if submitted else None
    row.submitted_by = actor if submitted else None
    row.save(update_fields=["submitted_at", "submitted_by"])
    return row


def report_requeue_stale(*, older_than: timedelta = timedelta(hours=1)) -> int:
    """Send again the builds still queued after `older_than` (a broker that was down when they were asked for).
    Harmless when the first message is still waiting: the second delivery finds the job claimed."""
    cutoff = timezone.now() - older_than
    ids = list(
        ReportRequest.objects.filter(job__status=Job.Status.QUEUED, job__created_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    for pk in ids:
        _send(pk)
    return len(ids)


def report_mark_notified(*, requests: list[ReportRequest]) -> None:
    """Remember that the requester was told their report is ready (or failed), so they are told once."""
    for request in requests:
        if request.job is not None and not request.job.params.get("notified"):
            request.job.params = {**request.job.params, "notified": True}
            Job.objects.filter(pk=request.job_id).update(params=request.job.params)
