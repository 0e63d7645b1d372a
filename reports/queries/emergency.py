"""Emergency assistance figures for a unit and a period, as of a closing date (form 10b, workbook sheet; issue 7).

Counting rules (`reports.asof`; docs/decisions/reports-emergency-facilities.md):
- an **incident** counts when it occurred in the period and was recorded by the cutoff; it counts once for each
  commune it touched (an affected area, or an assessed household there) and once in every subtotal;
- an **assessment** counts when its decision date lies in the period and the decision (an `AssessmentEvent` to
  `approved` or `rejected`) was recorded by the cutoff. Households, people, houses by damage type, injured, dead
  and missing come from every decided assessment (the extent of the damage); households supported, the money
  and rice approved from the approved ones only (what was granted);
- a **disbursement** counts when it was recorded by the cutoff and paid in the period, whatever period its
  decision fell in; the money by funding source comes only from disbursements (an aid line has no source),
  so the community share is what was actually mobilised and handed out.
Every figure is one grouped query per kind of row (never a query per household).
"""

from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum

from emergency.models import (
    AidLine,
    Assessment,
    AssessmentEvent,
    AssessmentPerson,
    Disbursement,
    FundingSource,
    HouseDamage,
    Incident,
    IncidentArea,
)

from . import Scope

SOURCES = tuple(FundingSource.values)  # central, province, district, commune, community
KG_PER_TONNE = Decimal(1000)
TONNE = Decimal("0.001")


@dataclass
class EmergencyFigures:
    incidents: int = 0
    households: int = 0
    households_supported: int = 0
    people: int = 0
    food_short: int = 0
    houses_lost: int = 0
    houses_relocated: int = 0
    houses_serious: int = 0
    injured: int = 0
    dead: int = 0
    missing: int = 0
    rice_approved_kg: Decimal = Decimal(0)
    rice_kg: Decimal = Decimal(0)
    approved: int = 0
    disbursed: dict = field(default_factory=lambda: dict.fromkeys(SOURCES, 0))

    def add(self, other: "EmergencyFigures") -> None:
        """Sum another unit's figures in (incidents excepted: the caller counts them distinct)."""
        for name in (f.name for f in fields(self)):
            if name == "disbursed":
                for source in SOURCES:
                    self.disbursed[source] += other.disbursed[source]
            elif name != "incidents":
                setattr(self, name, getattr(self, name) + getattr(other, name))

    def values(self) -> dict:
        """The figures under the layout keys of `reports.layouts.form_10b`."""
        plain = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "disbursed"}
        sources = {f"disbursed_{source}": amount for source, amount in self.disbursed.items()}
        return {**plain, **sources, "rice_tonnes": self.rice_tonnes, "disbursed_total": self.disbursed_total}

    @property
    def rice_tonnes(self) -> Decimal:
        return (self.rice_kg / KG_PER_TONNE).quantize(TONNE, rounding=ROUND_HALF_UP)

    @property
    def disbursed_total(self) -> int:
        return sum(self.disbursed.values())


@dataclass
class EmergencyReport:
    """Figures by commune of the scope, with the (incident, commune) pairs that let any group count incidents
    once."""

    by_commune: dict[int, EmergencyFigures]
    pairs: set[tuple[int, int]]

    def figures_of(self, commune_ids) -> EmergencyFigures:
        """The sum over `commune_ids`, each incident counted once."""
        ids = set(commune_ids)
        out = EmergencyFigures()
        for commune_id in ids:
            if commune_id in self.by_commune:
                out.add(self.by_commune[commune_id])
        out.incidents = len({incident for incident, commune in self.pairs if commune in ids})
        return out

    @property
    def total(self) -> EmergencyFigures:
        return self.figures_of(self.by_commune)


def _events_before(cut, statuses) -> Exists:
    return Exists(AssessmentEvent.objects.filter(assessment=OuterRef("pk"), to_status__in=statuses, at__lt=cut))


def emergency_figures(scope: Scope) -> EmergencyReport:
    """Figures for each commune of the scope (see the module docstring for what counts)."""
    cut, period, communes = scope.cutoff, (scope.period_start, scope.period_end), scope.commune_ids
    approved = Assessment.Status.APPROVED
    decided = Assessment.objects.filter(
        _events_before(cut, [approved, Assessment.Status.REJECTED]), commune_id__in=communes, decided_on__range=period
    )
    supported = decided.filter(_events_before(cut, [approved]))
    by_commune: dict[int, EmergencyFigures] = {}

    def figures(commune_id: int) -> EmergencyFigures:
        return by_commune.setdefault(commune_id, EmergencyFigures())

    _damage(decided, supported, figures)
    _money(supported, figures, communes=communes, cut=cut, period=period)
    pairs = _incident_pairs(communes=communes, cut=cut, period=period)
    for _incident, commune_id in pairs:
        figures(commune_id)
    for commune_id, own in by_commune.items():
        own.incidents = len({incident for incident, commune in pairs if commune == commune_id})
    return EmergencyReport(by_commune, pairs)


def _damage(decided, supported, figures) -> None:
    house = {"houses_lost": HouseDamage.LOST, "houses_relocated": HouseDamage.RELOCATION}
    house["houses_serious"] = HouseDamage.SERIOUS
    rows = decided.values("commune").annotate(
        households=Count("pk", filter=Q(household__isnull=False)),
        people=Sum("members"),
        food_short=Sum("food_short_members"),
        **{name: Count("pk", filter=Q(house_damage=value)) for name, value in house.items()},
    )
    for row in rows.order_by():
        target = figures(row.pop("commune"))
        for name, value in row.items():
            setattr(target, name, value or 0)
    counted = supported.filter(household__isnull=False).values("commune").annotate(n=Count("pk"))
    for row in counted.order_by():
        figures(row["commune"]).households_supported = row["n"]
    harms = {"injured": AssessmentPerson.Harm.INJURED, "dead": AssessmentPerson.Harm.DEAD}
    harms["missing"] = AssessmentPerson.Harm.MISSING
    people = AssessmentPerson.objects.filter(assessment__in=decided.values("pk"))
    rows = people.values("assessment__commune").annotate(
        **{name: Count("pk", filter=Q(harm=value)) for name, value in harms.items()}
    )
    for row in rows.order_by():
        target = figures(row.pop("assessment__commune"))
        for name, value in row.items():
            setattr(target, name, value)


def _money(supported, figures, *, communes, cut, period) -> None:
    lines = AidLine.objects.filter(assessment__in=supported.values("pk")).values("assessment__commune")
    for row in lines.annotate(amount_sum=Sum("amount"), rice=Sum("rice_kg")).order_by():
        target = figures(row["assessment__commune"])
        target.approved = row["amount_sum"] or 0
        target.rice_approved_kg = row["rice"] or Decimal(0)
    paid = Disbursement.objects.filter(
        line__assessment__commune_id__in=communes, recorded_at__lt=cut, paid_on__range=period
    )
    rows = paid.values("line__assessment__commune", "source").annotate(amount_sum=Sum("amount"), rice=Sum("rice_kg"))
    for row in rows.order_by():
        target = figures(row["line__assessment__commune"])
        target.disbursed[row["source"]] += row["amount_sum"] or 0
        target.rice_kg += row["rice"] or Decimal(0)


def _incident_pairs(*, communes, cut, period) -> set[tuple[int, int]]:
    """(incident, commune) for each commune of the scope an incident of the period touched."""
    incidents = Incident.objects.filter(occurred_on__range=period, created_at__lt=cut).values("pk")
    areas = IncidentArea.objects.filter(commune_id__in=communes, incident__in=incidents)
    assessed = Assessment.objects.filter(commune_id__in=communes, incident__in=incidents, created_at__lt=cut)
    pairs = set(areas.values_list("incident", "commune"))
    pairs.update(assessed.values_list("incident", "commune").distinct())
    return pairs
