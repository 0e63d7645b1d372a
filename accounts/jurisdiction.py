"""Which units a user may see: the one place every person, dossier, roll and report query is scoped.

Scoping follows the assignment the user is working in (see middleware). A row is in scope when the
commune it belongs to lies inside the assigned unit; anything else answers 404, so the existence of
out-of-scope records is not revealed. Facility staff see only rows tied to their facility.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from locations.models import AdministrativeUnit, Level

from .models import Role


def active_assignment(user):
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "active_assignment", None)


def _nothing() -> Q:
    return Q(pk__in=[])


def commune_q(user, field: str) -> Q:
    """Filter on `field`, a foreign key to a commune, keeping rows inside the user's unit."""
    assignment = active_assignment(user)
    if assignment is None or assignment.role == Role.FACILITY_STAFF:
        return _nothing()
    unit = assignment.unit
    if unit.level == Level.PROVINCE:
        return Q(**{f"{field}__province": unit})
    if unit.level == Level.DISTRICT:
        return Q(**{f"{field}__parent": unit})
    return Q(**{field: unit})


def scope(queryset: QuerySet, user, *, unit_field: str = "commune", facility_field: str | None = None) -> QuerySet:
    """`queryset` limited to what `user` may see. `unit_field` names the commune foreign key."""
    assignment = active_assignment(user)
    if assignment is not None and assignment.role == Role.FACILITY_STAFF:
        if facility_field is None:
            return queryset.none()
        return queryset.filter(**{facility_field: assignment.facility_id})
    return queryset.filter(commune_q(user, unit_field))


def get_or_404(queryset: QuerySet, user, *, unit_field: str = "commune", facility_field: str | None = None, **lookup):
    """Fetch one row inside the user's scope; outside it (or missing) is the same 404."""
    try:
        return scope(queryset, user, unit_field=unit_field, facility_field=facility_field).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def units_visible_to(user) -> QuerySet:
    """The administrative units inside the user's unit, the unit itself included."""
    assignment = active_assignment(user)
    if assignment is None:
        return AdministrativeUnit.objects.none()
    unit = assignment.unit
    if assignment.role == Role.FACILITY_STAFF:
        return AdministrativeUnit.objects.filter(pk=unit.pk)
    if unit.level == Level.PROVINCE:
        return AdministrativeUnit.objects.filter(province=unit)
    if unit.level == Level.DISTRICT:
        return AdministrativeUnit.objects.filter(Q(parent=unit) | Q(pk=unit.pk))
    return AdministrativeUnit.objects.filter(pk=unit.pk)


def unit_get_or_404(user, **lookup) -> AdministrativeUnit:
    try:
        return units_visible_to(user).get(**lookup)
    except AdministrativeUnit.DoesNotExist as exc:
        raise Http404 from exc


def scope_users(user) -> QuerySet:
    """Staff whose assignments lie inside the user's unit (for the auditor's security log)."""
    from .models import User

    return User.objects.filter(assignments__unit__in=units_visible_to(user)).distinct()
