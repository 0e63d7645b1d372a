"""Thin Celery tasks for administrative units."""

from celery import shared_task

from core.services import job_claim, job_fail, job_finish, job_progress

from .services import admin_units_load


@shared_task(name="locations.admin_units_load")
def admin_units_load_task(job_id: int) -> None:
    if not job_claim(job_id=job_id):
        return  # already taken by an earlier delivery
    try:
        result = admin_units_load(
            progress=lambda percent, message: job_progress(job_id=job_id, percent=percent, message=message)
        )
    except Exception as exc:
        job_fail(job_id=job_id, error=exc)
        raise
    job_finish(
        job_id=job_id,
        result={
            "provinces": result.provinces,
            "districts": result.districts,
            "communes": result.communes,
            "seconds": result.seconds,
        },
    )
