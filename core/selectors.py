"""Reads shared by every module: the working-day calendar of a province, job rows."""

from dataclasses import dataclass
from datetime import date

import holidays
from django.db.models import Q
from django.utils import timezone

from . import calendar
from .models import CalendarDay, Job


@dataclass(frozen=True)
class WorkCalendar:
    days_off: frozenset[date]
    working_days: frozenset[date]

    def add(self, start: date, n: int) -> date:
        return calendar.add_working_days(start, n, days_off=self.days_off, working_days=self.working_days)

    def between(self, start: date, end: date) -> int:
        return calendar.working_days_between(start, end, days_off=self.days_off, working_days=self.working_days)

    def is_working_day(self, day: date) -> bool:
        return calendar.is_working_day(day, days_off=self.days_off, working_days=self.working_days)


def work_calendar(*, province=None, years: range | None = None) -> WorkCalendar:
    """National holidays (lunar Tết and Hùng Kings included, from the `holidays` library) plus the days
    the province — or the whole country, with no province — declared off or as make-up working days."""
    today = timezone.localdate()
    years = years or range(today.year - 2, today.year + 3)
    national = holidays.country_holidays("VN", years=years)
    days_off = set(national.keys())
    # Saturdays worked in exchange for a bridge day off (e.g. 26/04/2025 for 02/05/2025).
    working = {day for day in getattr(national, "weekend_workdays", ()) if day.year in years}
    declared = CalendarDay.objects.filter(day__year__gte=years.start, day__year__lt=years.stop).filter(
        Q(province__isnull=True) | Q(province=province) if province is not None else Q(province__isnull=True)
    )
    for kind, day in declared.values_list("kind", "day"):
        if kind == CalendarDay.Kind.WORKING_DAY:
            working.add(day)
            days_off.discard(day)
        else:
            days_off.add(day)
    return WorkCalendar(frozenset(days_off), frozenset(working))


def job_get_for_user(user, job_id: int) -> Job:
    """A job row the user started, or one of a unit inside their jurisdiction; otherwise 404."""
    from django.http import Http404

    from accounts.jurisdiction import units_visible_to

    job = Job.objects.filter(pk=job_id).filter(Q(created_by=user) | Q(unit__in=units_visible_to(user))).first()
    if job is None:
        raise Http404
    return job
