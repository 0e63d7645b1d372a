"""Reads of dossiers, always scoped to the user's unit (accounts.jurisdiction)."""

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.jurisdiction import active_assignment, get_or_404, scope

from . import workflow
from .models import Dossier

OPEN = [s for s in Dossier.Status.values if s not in (Dossier.Status.APPROVED, Dossier.Status.REJECTED)]


def dossier_list_for_user(user) -> QuerySet:
    return scope(Dossier.objects.all(), user).select_related("person", "commune", "category")


def dossier_get_for_user(user, pk: int) -> Dossier:
    queryset = Dossier.objects.select_related(
        "person", "person__household", "person__village", "subject", "commune", "commune__parent",
        "commune__province", "category", "created_by",
    )  # fmt: skip
    return get_or_404(queryset, user, pk=pk)


def overdue(queryset: QuerySet, today: date | None = None) -> QuerySet:
    """Open dossiers past their step's deadline: the office above sees them (SPEC §2)."""
    today = today or timezone.localdate()
    return queryset.filter(status__in=OPEN, due_on__lt=today)


def awaiting_user(user) -> QuerySet:
    """Dossiers waiting for a step the user's working role can take."""
    assignment = active_assignment(user)
    if assignment is None:
        return Dossier.objects.none()
    waiting = Q(pk__in=[])
    for kind in Dossier.Kind.values:
        for flow in Dossier.Flow.values:
            statuses = {
                status
                for step in workflow.steps(kind, flow)
                if assignment.role in step.roles and step.action != "return"
                for status in step.sources
            }
            if statuses:
                waiting |= Q(kind=kind, flow=flow, status__in=statuses)
    return dossier_list_for_user(user).filter(waiting)


def dossier_timeline(dossier: Dossier):
    return dossier.events.select_related("actor").order_by("at", "id")
