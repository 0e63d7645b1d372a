"""Facilities in the user's scope, with their occupancy (residents in residence / capacity), in one query.

Scope (SPEC §1, accounts.jurisdiction): facility staff see their own facility; a province officer or auditor at a
province sees every facility located in the province; a district or commune user those located in their unit
(read-only: editing needs `facilities.change_facility`, which only the province officer holds). Outside the scope a
facility answers 404.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from accounts.jurisdiction import active_assignment
from accounts.models import Role
from locations.models import Level

from ..models import CareGroup, Facility, Resident

# Capacity field of each care group (the registry form and the occupancy table follow this order).
CAPACITY_FIELDS = {
    CareGroup.ELDERLY: "capacity_elderly",
    CareGroup.CHILDREN: "capacity_children",
    CareGroup.DISABILITY: "capacity_disability",
    CareGroup.MENTAL: "capacity_mental",
    CareGroup.GENERAL: "capacity_general",
}


def facility_q(user, prefix: str = "") -> Q:
    """Rows whose facility (reached through `prefix`, e.g. "facility__") lies in the user's scope."""
    assignment = active_assignment(user)
    if assignment is None:
        return Q(pk__in=[])
    if assignment.role == Role.FACILITY_STAFF:
        return Q(**{f"{prefix}pk": assignment.facility_id})
    unit = assignment.unit
    if unit.level == Level.PROVINCE:
        return Q(**{f"{prefix}unit__province": unit})
    if unit.level == Level.DISTRICT:
        return Q(**{f"{prefix}unit": unit}) | Q(**{f"{prefix}unit__parent": unit})
    return Q(**{f"{prefix}unit": unit})


def _in_residence(group: str | None = None) -> Q:
    q = Q(residents__discharged_on__isnull=True)
    return q if group is None else q & Q(residents__care_group=group)


def with_occupancy(queryset: QuerySet) -> QuerySet:
    """Annotate `occupied` and `occupied_<group>` (residents in residence) — one GROUP BY query."""
    counts = {f"occupied_{group}": Count("residents", filter=_in_residence(group)) for group in CAPACITY_FIELDS}
    return queryset.annotate(occupied=Count("residents", filter=_in_residence()), **counts)


def facility_list_for_user(user, *, ownership: str = "", search: str = "") -> QuerySet:
    queryset = Facility.objects.filter(facility_q(user)).select_related("unit__parent")
    if ownership:
        queryset = queryset.filter(ownership=ownership)
    if search:
        queryset = queryset.filter(name__icontains=search.strip())
    return with_occupancy(queryset).order_by("-active", "name")


def facility_get_for_user(user, pk: int) -> Facility:
    try:
        return with_occupancy(Facility.objects.filter(facility_q(user)).select_related("unit__parent")).get(pk=pk)
    except Facility.DoesNotExist as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class Occupancy:
    label: str
    occupied: int
    capacity: int

    @property
    def percent(self) -> int | None:
        """Whole per cent of the capacity taken (may pass 100 when over capacity); None without capacity."""
        if not self.capacity:
            return None
        return round(self.occupied * 100 / self.capacity)

    @property
    def bar(self) -> int:
        return min(self.percent or 0, 100)

    @property
    def over(self) -> bool:
        return self.occupied > self.capacity


def occupancy(facility: Facility) -> Occupancy:
    """The whole facility (needs `with_occupancy`)."""
    return Occupancy("", facility.occupied, facility.capacity)


def occupancy_by_group(facility: Facility) -> list[Occupancy]:
    """One row per care group that has capacity or residents (needs `with_occupancy`)."""
    rows = []
    for group, field in CAPACITY_FIELDS.items():
        row = Occupancy(CareGroup(group).label, getattr(facility, f"occupied_{group}"), getattr(facility, field))
        if row.capacity or row.occupied:
            rows.append(row)
    return rows


def facility_totals(queryset: QuerySet) -> Occupancy:
    """All the facilities of a `with_occupancy` list together (Django sums the per-facility rows in a subquery)."""
    sums = queryset.order_by().aggregate(occupied_sum=Sum("occupied"), capacity_sum=Sum("capacity"))
    return Occupancy("", sums["occupied_sum"] or 0, sums["capacity_sum"] or 0)


def residents_in_residence(facility: Facility) -> QuerySet:
    """The facility's residents now (for the detail page's table)."""
    return (
        Resident.objects.filter(facility=facility, discharged_on__isnull=True)
        .select_related("person", "category", "facility")
        .order_by("person__full_name", "id")
    )
