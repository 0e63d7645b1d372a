"""Nurturing rolls in the user's scope (the facility's scope: facilities.selectors.facilities.facility_q)."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet, Sum
from django.http import Http404

from ..models import NurturingLine, NurturingRoll
from .facilities import facility_q


def roll_list_for_user(user, *, facility=None, month=None) -> QuerySet:
    queryset = NurturingRoll.objects.filter(facility_q(user, "facility__")).select_related(
        "facility", "generated_by", "approved_by"
    )
    if facility is not None:
        queryset = queryset.filter(facility=facility)
    if month is not None:
        queryset = queryset.filter(month=month)
    return queryset.order_by("-month", "facility__name")


def roll_get_for_user(user, pk: int) -> NurturingRoll:
    queryset = NurturingRoll.objects.filter(facility_q(user, "facility__")).select_related(
        "facility__unit__province", "facility__unit__parent", "generated_by", "approved_by"
    )
    try:
        return queryset.get(pk=pk)
    except NurturingRoll.DoesNotExist as exc:
        raise Http404 from exc


def roll_lines(roll: NurturingRoll) -> QuerySet:
    return (
        NurturingLine.objects.filter(roll=roll)
        .select_related("person", "resident")
        .order_by("person__full_name", "resident__admitted_on", "id")
    )


def roll_sums(roll: NurturingRoll) -> dict:
    sums = roll.lines.aggregate(nurturing=Sum("amount"), funeral=Sum("funeral_amount"))
    return {"nurturing": sums["nurturing"] or 0, "funeral": sums["funeral"] or 0}


def roll_history(roll: NurturingRoll) -> QuerySet:
    """Who generated, regenerated and approved the roll (auditlog rows, oldest first)."""
    return (
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(NurturingRoll), object_id=roll.pk)
        .select_related("actor")
        .order_by("timestamp", "id")
    )


def recent_rolls(facility, limit: int = 6) -> QuerySet:
    return NurturingRoll.objects.filter(facility=facility).order_by("-month")[:limit]
