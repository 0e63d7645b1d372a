"""Thin Celery tasks for the nurturing rolls: ids in, one service call. Safe to run twice: a draft regenerated from
the same facts is the same roll, and an approved roll is refused, never rewritten."""

import logging
from datetime import date

from celery import shared_task
from django.core.exceptions import ValidationError
from django.utils import timezone

from policy.rules import first_of_month

from .models import Facility, NurturingRoll
from .services.rolls import nurturing_roll_generate, public_facilities

log = logging.getLogger(__name__)


@shared_task(name="facilities.nurturing_roll_generate")
def nurturing_roll_generate_task(facility_id: int, month_iso: str) -> None:
    facility = Facility.objects.select_related("unit__province").get(pk=facility_id)
    month = date.fromisoformat(month_iso)
    if NurturingRoll.objects.filter(facility=facility, month=month).exclude(status=NurturingRoll.Status.DRAFT).exists():
        return  # approved meanwhile: kept as it is
    try:
        nurturing_roll_generate(facility=facility, month=month, actor=None)
    except ValidationError as exc:
        log.warning("Nurturing roll %s %s not generated: %s", facility_id, month_iso, " ".join(exc.messages))


@shared_task(name="facilities.monthly_nurturing_generate")
def monthly_nurturing_generate_task() -> None:
    """The schedule (CELERY_BEAT_SCHEDULE): this month's draft for every active public facility."""
    month = first_of_month(timezone.localdate())
    # One task per facility: a facility whose roll fails (e.g. no level for the month) does not stop the others.
    for facility_id in public_facilities().values_list("pk", flat=True):
        nurturing_roll_generate_task.delay(facility_id, month.isoformat())
