"""Facility residents for a unit and a period, as of a closing date (residents report, workbook sheet, on-screen
figures; issues 6 and 7).

Counting rules (`reports.asof`; docs/decisions/reports-emergency-facilities.md):
- a stay is **admitted** as of the cutoff when its row was recorded by the cutoff; it is **discharged** as of the
  cutoff when its discharge event (`FacilityEvent` "discharge") was recorded by the cutoff — a discharge with no
  event at all (entered before the portal, or imported) counts by its date, when that is on or before the
  closing date;
- **in residence at the period end**: admitted on or before the period end and not discharged on or before it;
- **admissions** in the period by path: admitted in the period; **discharges** in the period by reason:
  discharged in the period;
- **age** in completed years at the period end (a year-only birth date is stored as 1 January of that year):
  under 4, 4–15, 16–59, 60–79, 80 and over — the nurturing coefficient changes at 4 (Art. 25.1), children
  leave at 16 (Art. 30), 60 is the Elderly Law's threshold and 80 the age of the elderly allowance (Art. 5.5);
- **occupancy** = residents at the period end / capacity, for the facility and for each capacity type.
A facility belongs to the unit its address lies in. Every figure is one grouped query (never one per resident).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from accounts.jurisdiction import active_assignment
from accounts.models import Role
from facilities.models import CareGroup, Facility, FacilityEvent, Resident
from locations.models import AdministrativeUnit, Level
from reports.asof import cutoff

GROUPS = tuple(CareGroup.values)  # elderly, children, disability, mental, general
PATHS = tuple(Resident.Path.values)
REASONS = tuple(Resident.DischargeReason.values)
SEXES = ("M", "F")
AGE_GROUPS = (
    ("under_4", _("Dưới 4 tuổi"), 0),
    ("4_15", _("Từ 4 đến 15 tuổi"), 4),
    ("16_59", _("Từ 16 đến 59 tuổi"), 16),
    ("60_79", _("Từ 60 đến 79 tuổi"), 60),
    ("80_plus", _("Từ 80 tuổi trở lên"), 80),
)
AGES = tuple(key for key, _label, _from in AGE_GROUPS)
# The action facilities.services writes when a discharge is decided (see the module docstring).
DISCHARGE_ACTIONS = ("discharge", "discharged")


def _zeros(keys) -> dict:
    return dict.fromkeys(keys, 0)


@dataclass
class ResidentFigures:
    residents: int = 0
    by_group: dict = field(default_factory=lambda: _zeros(GROUPS))
    by_age: dict = field(default_factory=lambda: _zeros(AGES))
    by_sex: dict = field(default_factory=lambda: _zeros(SEXES))
    admissions: dict = field(default_factory=lambda: _zeros(PATHS))
    discharges: dict = field(default_factory=lambda: _zeros(REASONS))
    capacity: int = 0
    capacity_by_group: dict = field(default_factory=lambda: _zeros(GROUPS))

    def add(self, other: "ResidentFigures") -> None:
        self.residents += other.residents
        self.capacity += other.capacity
        for name in ("by_group", "by_age", "by_sex", "admissions", "discharges", "capacity_by_group"):
            mine = getattr(self, name)
            for key, value in getattr(other, name).items():
                mine[key] += value

    def values(self) -> dict:
        """The figures under the layout keys of `reports.layouts.residents`."""
        out = {"residents": self.residents, "capacity": self.capacity}
        out |= {"admitted": self.admitted, "discharged": self.discharged}
        out |= {f"group_{key}": value for key, value in self.by_group.items()}
        out |= {f"capacity_{key}": value for key, value in self.capacity_by_group.items()}
        out |= {f"age_{key}": value for key, value in self.by_age.items()}
        out |= {f"sex_{key}": value for key, value in self.by_sex.items()}
        out |= {f"admitted_{key}": value for key, value in self.admissions.items()}
        out |= {f"discharged_{key}": value for key, value in self.discharges.items()}
        return out

    @property
    def admitted(self) -> int:
        return sum(self.admissions.values())

    @property
    def discharged(self) -> int:
        return sum(self.discharges.values())

    @property
    def occupancy(self) -> float | None:
        return self.residents / self.capacity if self.capacity else None

    def occupancy_of(self, group: str) -> float | None:
        capacity = self.capacity_by_group[group]
        return self.by_group[group] / capacity if capacity else None


@dataclass
class ResidentLine:
    """A facility, an ownership subtotal (public / non-public) or the unit's total."""

    kind: str  # "facility" | "ownership" | "total"
    label: str
    figures: ResidentFigures
    facility: Facility | None = None


@dataclass
class ResidentsReport:
    unit: AdministrativeUnit
    period_start: date
    period_end: date
    as_of: date
    lines: list[ResidentLine]

    @property
    def total(self) -> ResidentFigures:
        return self.lines[-1].figures

    @property
    def facilities(self) -> list[ResidentLine]:
        return [line for line in self.lines if line.kind == "facility"]


def facilities_in(unit: AdministrativeUnit) -> QuerySet:
    """Facilities whose address lies in `unit` (a facility registered at district or province level included;
    a province row points at itself)."""
    if unit.level == Level.PROVINCE:
        return Facility.objects.filter(unit__province=unit)
    if unit.level == Level.DISTRICT:
        return Facility.objects.filter(Q(unit=unit) | Q(unit__parent=unit))
    return Facility.objects.filter(unit=unit)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def age_group_case(day: date) -> Case:
    """The age group at `day`, in SQL: a person is N or older when born on or before `day` minus N years."""
    whens = [
        When(person__birth_date__lte=_years_before(day, start), then=Value(key))
        for key, _label, start in reversed(AGE_GROUPS)
        if start
    ]
    return Case(*whens, default=Value(AGES[0]), output_field=CharField())


def discharged_by(cut, as_of: date) -> Q:
    """The stay's discharge is known as of the cutoff (see the module docstring)."""
    events = FacilityEvent.objects.filter(resident=OuterRef("pk"), action__in=DISCHARGE_ACTIONS)
    return Q(discharged_on__isnull=False) & (
        Q(Exists(events.filter(at__lt=cut))) | (~Q(Exists(events)) & Q(discharged_on__lte=as_of))
    )


def residents_in_residence(facilities: QuerySet, *, day: date, as_of: date) -> QuerySet:
    """Stays in residence at the end of `day`, as the records stood at the cutoff."""
    cut = cutoff(as_of)
    stays = Resident.objects.filter(facility__in=facilities, admitted_on__lte=day, created_at__lt=cut)
    return stays.exclude(discharged_by(cut, as_of) & Q(discharged_on__lte=day))


def residents_figures(
    *, unit: AdministrativeUnit, period_start: date, period_end: date, as_of: date, facilities: QuerySet | None = None
) -> ResidentsReport:
    """Figures for each facility of `unit` (or the given facilities), by ownership, and the total."""
    cut = cutoff(as_of)
    facilities = facilities_in(unit) if facilities is None else facilities
    by_facility: dict[int, ResidentFigures] = {}

    def figures(facility_id: int) -> ResidentFigures:
        return by_facility.setdefault(facility_id, ResidentFigures())

    present = residents_in_residence(facilities, day=period_end, as_of=as_of)
    rows = present.annotate(age=age_group_case(period_end)).values("facility", "care_group", "age", "person__sex")
    for row in rows.annotate(n=Count("pk")).order_by():
        target, n = figures(row["facility"]), row["n"]
        target.residents += n
        target.by_group[row["care_group"]] += n
        target.by_age[row["age"]] += n
        if row["person__sex"] in target.by_sex:
            target.by_sex[row["person__sex"]] += n
    stays = Resident.objects.filter(facility__in=facilities, created_at__lt=cut)
    admitted = stays.filter(admitted_on__range=(period_start, period_end)).values("facility", "path")
    for row in admitted.annotate(n=Count("pk")).order_by():
        figures(row["facility"]).admissions[row["path"]] += row["n"]
    left = stays.filter(discharged_by(cut, as_of), discharged_on__range=(period_start, period_end))
    reasons = left.annotate(why=Coalesce("discharge_reason", Value(""))).values("facility", "why")
    for row in reasons.annotate(n=Count("pk")).order_by():
        # A discharge recorded without a reason is filed as "case ended", the general reason of Art. 30.
        figures(row["facility"]).discharges[row["why"] or Resident.DischargeReason.CASE_ENDED] += row["n"]
    listed = facilities.filter(Q(active=True) | Q(pk__in=list(by_facility))).select_related("unit")
    return ResidentsReport(unit, period_start, period_end, as_of, _lines(unit, listed, by_facility))


def _lines(unit, facilities, by_facility: dict) -> list[ResidentLine]:
    lines, total = [], ResidentFigures()
    for ownership, label in Facility.Ownership.choices:
        members = [facility for facility in facilities if facility.ownership == ownership]
        if not members:
            continue
        subtotal = ResidentFigures()
        # The ownership subtotal comes first, over its facilities (as districts over communes).
        lines.append(ResidentLine("ownership", str(label), subtotal))
        for facility in sorted(members, key=lambda f: (f.name, f.pk)):
            own = by_facility.get(facility.pk) or ResidentFigures()
            own.capacity = facility.capacity
            for group in GROUPS:
                own.capacity_by_group[group] = getattr(facility, f"capacity_{group}")
            subtotal.add(own)
            lines.append(ResidentLine("facility", facility.name, own, facility))
        total.add(subtotal)
    lines.append(ResidentLine("total", unit.name, total))
    return lines


def facilities_for_user(user) -> QuerySet:
    """Facilities the user may see figures for: facility staff their own facility, others those in their unit."""
    assignment = active_assignment(user)
    if assignment is None:
        return Facility.objects.none()
    if assignment.role == Role.FACILITY_STAFF:
        return Facility.objects.filter(pk=assignment.facility_id)
    return facilities_in(assignment.unit)
