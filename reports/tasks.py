"""Thin Celery tasks for reports: ids in, one service call. Safe to run twice (the build claims its job first;
the schedule creates one request per unit, form and deadline)."""

from celery import shared_task
from django.utils import timezone

from .dashboard.warm import dashboard_warm
from .services.requests import report_build, report_requeue_stale
from .services.schedule import schedule_due_reports


@shared_task(name="reports.report_build")
def report_build_task(request_id: int) -> None:
    report_build(request_id=request_id)


@shared_task(name="reports.schedule_due")
def schedule_due_reports_task() -> None:
    """Daily (CELERY_BEAT_SCHEDULE): build the reports due at the coming deadlines; resend stuck builds."""
    report_requeue_stale()
    schedule_due_reports(today=timezone.localdate())


@shared_task(name="reports.dashboard_warm")
def dashboard_warm_task() -> None:
    """Daily before office hours (CELERY_BEAT_SCHEDULE): the province dashboards of the new day, computed once."""
    dashboard_warm(timezone.localdate())
