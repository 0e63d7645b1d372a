"""Reads of people and households, always scoped to the user's unit (accounts.jurisdiction)."""

from auditlog.models import LogEntry

from accounts.jurisdiction import get_or_404, scope

from .models import Person


def person_list_for_user(user):
    return scope(Person.objects.all(), user).select_related("village", "commune")


def person_get_for_user(user, pk: int) -> Person:
    queryset = Person.objects.select_related("village", "commune", "commune__parent", "household")
    return get_or_404(queryset, user, pk=pk)


def person_history(person: Person):
    return LogEntry.objects.get_for_object(person).select_related("actor").order_by("-timestamp")
