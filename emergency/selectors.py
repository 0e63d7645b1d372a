"""Reads of emergency aid, always scoped to the user (accounts.jurisdiction): outside the scope is a 404.

An incident is visible to a unit it touches: a commune sees the incidents that list it as an affected area (or
that it opened), and inside a district or province incident only **its own part** — its own assessments. A
district sees its communes' parts, the province all of them. Facility staff see nothing here.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from accounts.jurisdiction import active_assignment, commune_q, scope, units_visible_to
from accounts.models import Role

from .models import (
    AidLine,
    Assessment,
    AssessmentPerson,
    DecidingLevel,
    Disbursement,
    FundingSource,
    HouseDamage,
    Incident,
    IncidentArea,
)

Status = Assessment.Status
# Assessments that count in totals: everything but those decided against.
COUNTED = [Status.DRAFT, Status.PROPOSED, Status.REVIEWED, Status.APPROVED, Status.DISBURSED]
DECIDED = [Status.APPROVED, Status.DISBURSED]
PENDING = [Status.DRAFT, Status.PROPOSED, Status.REVIEWED]


def _incidents_visible_to(user) -> QuerySet:
    assignment = active_assignment(user)
    if assignment is None or assignment.role == Role.FACILITY_STAFF:
        return Incident.objects.none()
    touching = IncidentArea.objects.filter(commune_q(user, "commune")).values("incident_id")
    return Incident.objects.filter(Q(pk__in=touching) | Q(unit__in=units_visible_to(user))).select_related(
        "unit", "province"
    )


def incident_list_for_user(user) -> QuerySet:
    """Incidents touching the user's unit, open ones first, each with the number of assessments the user sees."""
    mine = commune_q(user, "assessments__commune")
    return (
        _incidents_visible_to(user)
        .annotate(
            assessments_count=Count("assessments", filter=mine, distinct=True),
            pending_count=Count("assessments", filter=mine & Q(assessments__status__in=PENDING), distinct=True),
        )
        .order_by("status", "-occurred_on", "-id")  # "closed" sorts after "open"
    )


def incident_get_for_user(user, pk) -> Incident:
    """One incident the user may see, without the list's counts (counting a big flood's assessments takes time)."""
    try:
        return _incidents_visible_to(user).get(pk=pk)
    except Incident.DoesNotExist as exc:
        raise Http404 from exc


def area_list_for_user(user, incident: Incident) -> QuerySet:
    """The incident's affected communes inside the user's unit (a commune sees only its own area)."""
    return scope(incident.areas.select_related("commune", "commune__parent"), user).order_by("commune__code")


def assessment_list_for_user(user, incident: Incident | None = None) -> QuerySet:
    queryset = Assessment.objects.select_related("incident", "commune", "household")
    if incident is not None:
        queryset = queryset.filter(incident=incident)
    return scope(queryset, user)


def assessment_get_for_user(user, pk) -> Assessment:
    try:
        return assessment_list_for_user(user).select_related("created_by", "decided_by").get(pk=pk)
    except Assessment.DoesNotExist as exc:
        raise Http404 from exc


def line_of(assessment: Assessment, line_pk) -> AidLine:
    """A line of an assessment already fetched through the user's scope."""
    try:
        return assessment.lines.select_related("person").get(pk=line_pk)
    except AidLine.DoesNotExist as exc:
        raise Http404 from exc


def person_of(assessment: Assessment, person_pk) -> AssessmentPerson:
    try:
        return assessment.people.get(pk=person_pk)
    except AssessmentPerson.DoesNotExist as exc:
        raise Http404 from exc


# --- What waits for the user -------------------------------------------------------------------------------

# The role that reviews, and the one that decides, at each deciding level; the unit is the commune, its
# district or its province (emergency.services.workflow checks the same table).
REVIEWER = {
    DecidingLevel.COMMUNE: Role.COMMUNE_OFFICER,
    DecidingLevel.DISTRICT: Role.DISTRICT_OFFICER,
    DecidingLevel.PROVINCE: Role.PROVINCE_OFFICER,
}
DECIDER = {
    DecidingLevel.COMMUNE: Role.COMMUNE_LEADER,
    DecidingLevel.DISTRICT: Role.DISTRICT_LEADER,
    DecidingLevel.PROVINCE: Role.PROVINCE_OFFICER,
}
UNIT_LEVEL = {"commune": DecidingLevel.COMMUNE, "district": DecidingLevel.DISTRICT, "province": DecidingLevel.PROVINCE}


def awaiting_user(user) -> QuerySet:
    """Assessments waiting for the user's review or decision at their level (maker ≠ checker not applied)."""
    assignment = active_assignment(user)
    if assignment is None:
        return Assessment.objects.none()
    level = UNIT_LEVEL.get(assignment.unit.level)
    q = Q(pk__in=[])
    if REVIEWER.get(level) == assignment.role:
        q |= Q(status=Status.PROPOSED)
    if DECIDER.get(level) == assignment.role:
        q |= Q(status=Status.REVIEWED) | Q(
            status=Status.PROPOSED, incident__especially_urgent=True, deciding_level=DecidingLevel.COMMUNE
        )
    return scope(Assessment.objects.filter(q, deciding_level=level), user)


# --- Totals --------------------------------------------------------------------------------------------------


@dataclass
class Totals:
    """An incident's figures (or one commune's part): what the summary page and the exports show."""

    households: int = 0
    organisations: int = 0
    people: int = 0
    houses: dict[str, int] = field(default_factory=dict)  # HouseDamage value → households
    injured: int = 0
    dead: int = 0
    missing: int = 0
    proposed_amount: int = 0  # all lines of assessments not rejected
    decided_amount: int = 0  # lines of approved (or fully disbursed) assessments
    rice_kg: Decimal = Decimal(0)  # decided
    disbursed_amount: int = 0
    disbursed_rice_kg: Decimal = Decimal(0)
    by_source: list[tuple[str, str, int, Decimal]] = field(default_factory=list)  # value, label, money, rice

    @property
    def rice_tonnes(self) -> Decimal:
        return (self.rice_kg / 1000).quantize(Decimal("0.001"))

    @property
    def disbursed_rice_tonnes(self) -> Decimal:
        return (self.disbursed_rice_kg / 1000).quantize(Decimal("0.001"))


def totals_for(assessments: QuerySet) -> Totals:
    """Figures over `assessments` (already scoped): a few aggregate queries, whatever the size."""
    return _totals(assessments, lambda path: Q(**{f"{path}__in": assessments}))


def _part_of(incident: Incident, communes: list[int]):
    """A filter on a path to an assessment: the incident's assessments in these communes. Lists, not a subquery
    of scoped assessments: over a province-wide incident PostgreSQL misjudges the subquery and nests loops."""
    return lambda path: Q(**{f"{path}__incident_id": incident.pk, f"{path}__commune_id__in": communes})


def _scoped_communes(incident: Incident, user) -> list[int]:
    """The communes where the user sees assessments of the incident (the scope stays accounts.jurisdiction's)."""
    return list(assessment_list_for_user(user, incident).order_by().values_list("commune_id", flat=True).distinct())


def incident_totals(incident: Incident, user) -> Totals:
    """`totals_for(assessment_list_for_user(user, incident))`, the same figures in less time on a big incident."""
    communes = _scoped_communes(incident, user)
    return _totals(Assessment.objects.filter(incident=incident, commune_id__in=communes), _part_of(incident, communes))


def _totals(assessments: QuerySet, within) -> Totals:
    """`within(path)` restricts the assessments reached through `path` to `assessments`."""
    counted = assessments.filter(status__in=COUNTED)
    in_counted = within("assessment") & Q(assessment__status__in=COUNTED)
    totals = Totals()
    head = counted.aggregate(
        households=Count("id", filter=Q(household__isnull=False)),
        organisations=Count("id", filter=Q(household__isnull=True)),
        people=Sum("members"),
    )
    totals.households, totals.organisations = head["households"], head["organisations"]
    totals.people = head["people"] or 0
    houses = dict(counted.exclude(house_damage=HouseDamage.NONE).values_list("house_damage").annotate(n=Count("id")))
    totals.houses = {value: houses.get(value, 0) for value in HouseDamage.values if value != HouseDamage.NONE}
    harms = dict(AssessmentPerson.objects.filter(in_counted).values_list("harm").annotate(n=Count("id")).order_by())
    totals.injured = harms.get(AssessmentPerson.Harm.INJURED, 0)
    totals.dead = harms.get(AssessmentPerson.Harm.DEAD, 0)
    totals.missing = harms.get(AssessmentPerson.Harm.MISSING, 0)
    lines = AidLine.objects.filter(in_counted).aggregate(
        proposed=Sum("amount"),
        decided=Sum("amount", filter=Q(assessment__status__in=DECIDED)),
        rice=Sum("rice_kg", filter=Q(assessment__status__in=DECIDED)),
    )
    totals.proposed_amount = lines["proposed"] or 0
    totals.decided_amount = lines["decided"] or 0
    totals.rice_kg = lines["rice"] or Decimal(0)
    paid = dict(
        (source, (money or 0, rice or Decimal(0)))
        for source, money, rice in Disbursement.objects.filter(within("line__assessment"))
        .values_list("source")
        .annotate(money=Sum("amount"), rice=Sum("rice_kg"))
        .order_by()
    )
    totals.by_source = [(value, label, *paid.get(value, (0, Decimal(0)))) for value, label in FundingSource.choices]
    totals.disbursed_amount = sum(row[2] for row in totals.by_source)
    totals.disbursed_rice_kg = sum((row[3] for row in totals.by_source), Decimal(0))
    return totals


def commune_rows(incident: Incident, user) -> list[dict]:
    """Per affected commune in the user's scope: its villages, assessments by status, money decided."""
    areas = list(area_list_for_user(user, incident))
    counts: dict[int, dict[str, int]] = {}
    for commune_id, status, n in (
        assessment_list_for_user(user, incident).values_list("commune_id", "status").annotate(n=Count("id")).order_by()
    ):
        counts.setdefault(commune_id, {})[status] = n
    # The communes counted above are exactly those where the user sees assessments.
    within = _part_of(incident, list(counts))
    money = dict(
        AidLine.objects.filter(within("assessment"), assessment__status__in=DECIDED)
        .values_list("assessment__commune_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    rows = []
    for area in areas:
        by_status = counts.get(area.commune_id, {})
        rows.append(
            {
                "area": area,
                "commune": area.commune,
                "total": sum(by_status.values()),
                "by_status": [(label, by_status.get(value, 0)) for value, label in Status.choices],
                "decided_amount": money.get(area.commune_id, 0),
            }
        )
    return rows
