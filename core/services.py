"""Writes for job rows: Celery tasks report progress here; pages poll it."""

import traceback

from django.db.models import F
from django.utils import timezone

from .models import Job


def job_create(*, kind: str, title: str, actor=None, unit=None, params: dict | None = None) -> Job:
    return Job.objects.create(kind=kind, title=title, created_by=actor, unit=unit, params=params or {})


def job_claim(*, job_id: int) -> bool:
    """Move a queued job to running (compare-and-set): a redelivered task finds it claimed and does nothing."""
    return bool(
        Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
            status=Job.Status.RUNNING, started_at=timezone.now(), percent=0
        )
    )


def job_progress(*, job_id: int, percent: int, message: str) -> None:
    Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).update(
        percent=max(0, min(100, percent)), message=message[:255]
    )


def job_finish(*, job_id: int, result: dict) -> None:
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.DONE, percent=100, result=result, finished_at=timezone.now(), message="Hoàn tất"
    )


def job_fail(*, job_id: int, error: BaseException) -> None:
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.FAILED,
        error="".join(traceback.format_exception_only(type(error), error))[:2000],
        finished_at=timezone.now(),
        percent=F("percent"),
    )
