"""Scheduled builds: a few days before each reporting deadline (reports.deadlines) the reports every unit owes are
built automatically, so the office only checks, signs and sends them."""

import logging
from datetime import date

from django.db import transaction

from beneficiaries.models import Entitlement
from locations.models import AdministrativeUnit, Level, Structure

from .. import deadlines as rules
from ..builders import BUILDERS
from ..models import ReportRequest
from .requests import report_request

log = logging.getLogger(__name__)


def reporting_units(*, day: date):
    """Units that report on `day`: every province with people on allowance in the portal, and its districts and
    communes in force that day (a three-level province's units end on 30/06/2025)."""
    provinces = AdministrativeUnit.objects.filter(
        level=Level.PROVINCE, pk__in=Entitlement.objects.values("commune__province_id")
    )
    units = AdministrativeUnit.objects.filter(province__in=provinces).select_related("province").order_by("code")
    return [unit for unit in units if unit.valid_on(day)]


def unit_deadlines(unit, *, today: date, lead_days: int = rules.LEAD_DAYS) -> list[rules.Deadline]:
    two_level = unit.structure == Structure.TWO_LEVEL
    return rules.due_for_build(unit.level, two_level=two_level, today=today, lead_days=lead_days)


def schedule_unit(unit, *, today: date, lead_days: int = rules.LEAD_DAYS) -> list[ReportRequest]:
    """Create the unit's due requests not made yet: one per unit, form and deadline, whoever runs it and however
    often. The unit row is locked for the check-then-create, so two runs at once cannot both create."""
    created = []
    due = unit_deadlines(unit, today=today, lead_days=lead_days)
    if not due:
        return created
    with transaction.atomic():
        AdministrativeUnit.objects.select_for_update().filter(pk=unit.pk).first()
        for deadline in due:
            if not unit.valid_on(deadline.day):
                continue
            made = set(ReportRequest.objects.filter(unit=unit, deadline=deadline.day).values_list("form", flat=True))
            for form in deadline.forms:
                if form in made:
                    continue
                if form not in BUILDERS:
                    # Built on a later day of the window, once the form's builder is installed.
                    log.warning("No builder for form %s: scheduled report for %s skipped", form, unit.code)
                    continue
                created.append(
                    report_request(
                        form=form,
                        unit=unit,
                        period_start=deadline.period_start,
                        period_end=deadline.period_end,
                        as_of=today,
                        actor=None,
                        deadline=deadline.day,
                    )
                )
    return created


def schedule_due_reports(*, today: date, lead_days: int = rules.LEAD_DAYS) -> int:
    """The daily run (Celery beat): every reporting unit's due requests. Returns how many were created."""
    return sum(len(schedule_unit(unit, today=today, lead_days=lead_days)) for unit in reporting_units(day=today))
