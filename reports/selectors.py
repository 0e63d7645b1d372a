"""Reads for the download centre and the schedule page, always scoped to the user's jurisdiction.

The download centre shows the reports **for units inside the user's scope** (their own unit and the units below
it), whoever asked for them: a district sees what its communes built, a commune never sees another commune's.
Facility staff see the reports asked for their facility only. Anything else answers 404.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.jurisdiction import active_assignment, units_visible_to
from accounts.models import Role
from core.models import Job
from locations.models import Level, Structure

from . import deadlines as rules
from .models import ReportForm, ReportRequest


def report_list_for_user(user) -> QuerySet:
    assignment = active_assignment(user)
    rows = ReportRequest.objects.select_related("unit", "job", "requested_by", "submitted_by")
    if assignment is None:
        return rows.none()
    rows = rows.filter(unit__in=units_visible_to(user))
    if assignment.role == Role.FACILITY_STAFF:
        rows = rows.filter(Q(requested_by=user) | Q(job__params__facility=assignment.facility_id))
    return rows


def report_get_for_user(user, pk: int) -> ReportRequest:
    request = report_list_for_user(user).filter(pk=pk).first()
    if request is None:
        raise Http404
    return request


def report_file_for_user(user, pk: int) -> ReportRequest:
    """A built report's file, in scope; a link to another unit's file, or to one not built yet, is 404."""
    request = report_get_for_user(user, pk)
    if not request.file or request.job is None or request.job.status != Job.Status.DONE:
        raise Http404
    return request


def requestable_units(user) -> QuerySet:
    """The units the user may ask a report for: their unit and those below it, province first, then by code."""
    level_order = {Level.PROVINCE: 0, Level.DISTRICT: 1, Level.COMMUNE: 2}
    units = units_visible_to(user).select_related("parent")
    return sorted(units, key=lambda unit: (level_order.get(unit.level, 3), unit.code))


def ready_unseen(user) -> list[ReportRequest]:
    """The user's own requests finished since they last looked (to tell them on their next page)."""
    return list(
        report_list_for_user(user)
        .filter(requested_by=user, job__status__in=[Job.Status.DONE, Job.Status.FAILED])
        .exclude(job__params__has_key="notified")  # a missing key compares as NULL: test for the key itself
        .order_by("job__finished_at")[:10]
    )


@dataclass
class DueItem:
    form: str
    label: str
    request: ReportRequest | None = None

    @property
    def state(self) -> str:
        """due (nothing built yet), building, failed, built, submitted."""
        if self.request is None or self.request.job is None:
            return "due"
        if self.request.submitted_at is not None:
            return "submitted"
        return {Job.Status.DONE: "built", Job.Status.FAILED: "failed"}.get(self.request.job.status, "building")


@dataclass
class DueDeadline:
    deadline: rules.Deadline
    items: list[DueItem] = field(default_factory=list)
    today: date | None = None

    @property
    def passed(self) -> bool:
        return self.today is not None and self.deadline.day < self.today

    @property
    def days_left(self) -> int | None:
        return None if self.today is None else (self.deadline.day - self.today).days

    @property
    def submitted(self) -> int:
        return sum(1 for item in self.items if item.state == "submitted")


def schedule_for_user(user, *, today: date) -> list[DueDeadline]:
    """What the user's unit owes at its last and next deadlines, form by form, with the report that answers it:
    the one the schedule built for that deadline, else the newest request for the same period."""
    assignment = active_assignment(user)
    if assignment is None or assignment.role == Role.FACILITY_STAFF:
        return []
    unit = assignment.unit
    two_level = unit.structure == Structure.TWO_LEVEL
    found = rules.around(unit.level, two_level=two_level, today=today)
    if not found:
        return []
    periods = Q()
    for deadline in found:
        periods |= Q(deadline=deadline.day) | Q(period_start=deadline.period_start, period_end=deadline.period_end)
    requests = list(
        ReportRequest.objects.filter(unit=unit)
        .filter(periods)
        .select_related("job", "submitted_by")
        .order_by("-requested_at", "-id")
    )
    result = []
    for deadline in found:
        due = DueDeadline(deadline, today=today)
        for form in deadline.forms:
            due.items.append(DueItem(form, ReportForm(form).label, _answer(requests, deadline, form)))
        result.append(due)
    return result


def _period(request: ReportRequest) -> tuple[date, date]:
    return request.period_start, request.period_end


def _answer(requests: list[ReportRequest], deadline: rules.Deadline, form: str) -> ReportRequest | None:
    """A submitted report first, then the one built for this deadline, then the newest for the same period."""
    period = (deadline.period_start, deadline.period_end)
    mine = [r for r in requests if r.form == form and (r.deadline == deadline.day or _period(r) == period)]
    for pick in (
        lambda r: r.submitted_at is not None,
        lambda r: r.deadline == deadline.day and r.job is not None and r.job.status != Job.Status.FAILED,
        lambda r: True,
    ):
        hit = next((r for r in mine if pick(r)), None)
        if hit is not None:
            return hit
    return None
