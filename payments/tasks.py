"""Thin Celery tasks for monthly rolls: ids in, one service call. Safe to run twice: regenerating a draft with
the same inputs changes nothing, and a roll no longer in draft is refused, never rewritten."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from beneficiaries.models import Entitlement
from locations.models import AdministrativeUnit, Level
from policy.rules import add_months, first_of_month

from .generation import generation_start, roll_generate_for_job


@shared_task(name="payments.roll_generate")
def roll_generate_task(commune_id: int, month_iso: str, job_id: int | None = None) -> None:
    roll_generate_for_job(commune_id=commune_id, month=date.fromisoformat(month_iso), job_id=job_id)


@shared_task(name="payments.monthly_generate")
def monthly_generate_task() -> None:
    """The schedule (CELERY_BEAT_SCHEDULE): next month's drafts for every province that has entitlements."""
    month = add_months(first_of_month(timezone.localdate()), 1)
    provinces = AdministrativeUnit.objects.filter(
        level=Level.PROVINCE, pk__in=Entitlement.objects.values("commune__province_id")
    ).order_by("code")
    for province in provinces:
        generation_start(unit=province, month=month, actor=None)
