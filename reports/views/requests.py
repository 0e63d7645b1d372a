"""Report pages: the download centre, the request form, a request's live status, the file, the "đã nộp" toggle
and the schedule page. Thin: reads go through `reports.selectors` (outside the user's scope: 404), each write is
one service call whose ValidationError / PermissionDenied becomes a message."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.jurisdiction import active_assignment
from core.pagination import CappedPaginator
from locations.models import Structure

from .. import deadlines as rules
from ..forms import ReportRequestForm, SubmittedForm
from ..selectors import (
    ready_unseen,
    report_file_for_user,
    report_get_for_user,
    report_list_for_user,
    requestable_units,
    schedule_for_user,
)
from ..services.requests import (
    can_mark_submitted,
    file_name,
    forms_for,
    report_mark_notified,
    report_mark_submitted,
    report_request,
)

VIEW = "reports.view_reportrequest"
ADD = "reports.add_reportrequest"
PAGE_SIZE = 25


def _assignment(request):
    assignment = active_assignment(request.user)
    if assignment is None:
        raise PermissionDenied
    return assignment


def _tell_ready(request, *, skip: int | None = None) -> None:
    """The user's builds that finished since they last looked become a message on this page."""
    done = [r for r in ready_unseen(request.user) if r.pk != skip]
    for report in done:
        if report.job.status == "done":
            messages.success(request, _("Báo cáo đã sẵn sàng để tải về: %(title)s.") % {"title": report.job.title})
        else:
            messages.error(request, _("Không lập được báo cáo: %(title)s.") % {"title": report.job.title})
    report_mark_notified(requests=done)


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@permission_required(VIEW, raise_exception=True)
def report_list(request):
    """Download centre: reports for units inside the user's scope, newest first, each with its live status."""
    assignment = _assignment(request)
    _tell_ready(request)
    page = CappedPaginator(report_list_for_user(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    for report in page.object_list:
        report.can_submit = can_mark_submitted(request.user, report)
    context = {
        "page": page,
        "unit": assignment.unit,
        "can_request": request.user.has_perm(ADD),
        "highlight": request.GET.get("moi", ""),
    }
    return render(request, "reports/report_list.html", context)


@permission_required(ADD, raise_exception=True)
def report_new(request):
    assignment = _assignment(request)
    units = requestable_units(request.user)
    unit_ids = {unit.pk for unit in units}
    posted_unit = request.POST.get("unit", "")
    # Another unit's id typed into the form is not "invalid": it does not exist for this user.
    if request.method == "POST" and posted_unit.isdigit() and int(posted_unit) not in unit_ids:
        raise Http404
    choices = forms_for(request.user, assignment.unit)
    initial = {"unit": assignment.unit_id, "form": request.GET.get("mau", "")}
    form = ReportRequestForm(request.POST or None, form_choices=choices, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = report_request(
                form=data["form"],
                unit=data["unit"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                as_of=data["as_of"],
                actor=request.user,
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.info(
                request, _("Đã gửi yêu cầu lập %(title)s. Tiến độ hiển thị bên dưới.") % {"title": report.job.title}
            )
            return redirect(reverse("reports:index") + f"?moi={report.pk}")
    return render(request, "reports/report_form.html", {"form": form, "unit": assignment.unit})


def _form_errors(form, exc: ValidationError) -> None:
    fields = {"period_start": "period_kind", "period_end": "period_kind"}
    for name, errors in exc.message_dict.items():
        target = fields.get(name, name)
        form.add_error(target if target in form.fields else None, errors)


@permission_required(VIEW, raise_exception=True)
def report_status(request, pk):
    """The row's status cell; htmx polls it until the build finishes, then it becomes the download link."""
    report = report_get_for_user(request.user, pk)
    if report.job is not None and report.job.finished and report.requested_by_id == request.user.pk:
        report_mark_notified(requests=[report])  # seen here: no message on the next page
    report.can_submit = can_mark_submitted(request.user, report)
    # Once built, the row's "đã nộp" cell is refreshed too (out of band), so the toggle appears with the link.
    oob = bool(request.htmx) and report.job is not None and report.job.finished
    return render(request, "reports/_report_status.html", {"report": report, "oob": oob})


@permission_required(VIEW, raise_exception=True)
def report_download(request, pk):
    report = report_file_for_user(request.user, pk)
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=file_name(report))


@permission_required(VIEW, raise_exception=True)
@require_POST
def report_submitted(request, pk):
    """The "đã nộp" toggle: marks the report sent to the level above, or undoes it."""
    report = report_get_for_user(request.user, pk)
    form = SubmittedForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        report = report_mark_submitted(request=report, actor=request.user, submitted=form.cleaned_data["submitted"])
    except ValidationError as exc:
        _errors(request, exc)
    except PermissionDenied as exc:
        if request.htmx:
            raise
        messages.error(request, str(exc))
    if request.htmx:
        report = report_get_for_user(request.user, pk)
        report.can_submit = can_mark_submitted(request.user, report)
        return render(request, "reports/_report_submitted.html", {"report": report})
    return redirect(request.POST.get("next") or "reports:index")


@permission_required(VIEW, raise_exception=True)
def report_schedule(request):
    """Báo cáo định kỳ: what the user's unit owes at its last and next deadlines, built or not, submitted or not."""
    assignment = _assignment(request)
    _tell_ready(request)
    today = timezone.localdate()
    rows = schedule_for_user(request.user, today=today)
    for item in (item for row in rows for item in row.items if item.request is not None):
        item.request.can_submit = can_mark_submitted(request.user, item.request)
    return render(
        request,
        "reports/report_schedule.html",
        {
            "unit": assignment.unit,
            "today": today,
            "rows": rows,
            "lead_days": rules.LEAD_DAYS,
            "can_request": request.user.has_perm(ADD),
        },
    )


@permission_required(ADD, raise_exception=True)
@require_POST
def report_schedule_build(request):
    """ "Lập ngay" on the schedule page: the deadline's report for the user's own unit, as of today."""
    assignment = _assignment(request)
    unit = assignment.unit
    today = timezone.localdate()
    deadline = _deadline(unit, request.POST.get("deadline", ""), today)
    form = request.POST.get("form", "")
    if deadline is None or form not in deadline.forms:
        raise Http404
    try:
        report = report_request(
            form=form,
            unit=unit,
            period_start=deadline.period_start,
            period_end=deadline.period_end,
            as_of=today,
            actor=request.user,
            deadline=deadline.day,
        )
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("reports:schedule")
    messages.info(request, _("Đã gửi yêu cầu lập %(title)s.") % {"title": report.job.title})
    return redirect("reports:schedule")


def _deadline(unit, text: str, today: date) -> rules.Deadline | None:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    two_level = unit.structure == Structure.TWO_LEVEL
    return next((d for d in rules.around(unit.level, two_level=two_level, today=today) if d.day == day), None)
