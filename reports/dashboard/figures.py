"""The dashboard's figures for the unit a user works in (issue 7 "Dashboard"; decree20.md §8).

Every block is a few grouped queries scoped through `accounts.jurisdiction` (never a query per person, commune or
roll); the result is plain data (tuples, ints, dates) so it can be cached and pickled. Labels the user reads are
resolved when the page is drawn, so one cached summary serves every language.

Counting rules:
- **people on allowance**: entitlements with status active that pay the current month (started, not ended); a
  person is counted once per category and once in the total (Art. 6.2 single-parent exception: two categories);
- **spending trend**: the rolls approved (or later: paid, closed) of the 12 months ending with the latest month
  that has an approved roll in the unit, no later than the month being prepared now (decree20.md §8: the list for
  next month is sent before the 25th) — an old database still shows its last year instead of twelve zeros;
- **cashless share** (Directive 21/CT-TTg): the approved rolls of that same month, per commune: people and money
  paid by bank account or e-wallet, from the rolls' own totals;
- **dossiers by step**: open dossiers by status, overdue when the step's working-day deadline has passed;
- facility staff see their facility only: residents, occupancy by care group and the nurturing rolls.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from accounts.jurisdiction import active_assignment, scope, units_visible_to
from accounts.models import Role
from dossiers.models import Dossier
from dossiers.selectors import OPEN as OPEN_DOSSIER
from emergency.models import Assessment, Incident
from facilities.models import CareGroup, Facility, NurturingRoll, Resident
from locations.models import Level
from payments.models import PaymentRoll
from policy.rules import add_months, first_of_month, month_end

from .categories import CategoryRow, categories_compute

MONTHS = 12
LOCKED = (PaymentRoll.Status.APPROVED, PaymentRoll.Status.PAID, PaymentRoll.Status.CLOSED)
AWAITING_DECISION = (Assessment.Status.PROPOSED, Assessment.Status.REVIEWED)
LISTED = 8  # rows of the "awaiting" lists; the count says how many more there are

# The blocks of the page and the permission each needs. Each block is cached on its own (cache.py), so a dossier
# step recomputes the dossier counts only, never the 300,000-row count of people by category.
BLOCKS = {
    "categories": "beneficiaries.view_entitlement",
    "money": "payments.view_paymentroll",
    "dossiers": "dossiers.view_dossier",
    "emergency": "emergency.view_incident",
    "facilities": "facilities.view_resident",
}
FACILITY = "facility"  # facility staff's one block: their facility's residents, occupancy and nurturing rolls
# The Summary fields each block fills.
FIELDS = {
    "categories": ("categories", "people_total"),
    "money": ("months", "cashless_month", "cashless", "rolls_awaiting", "rolls"),
    "dossiers": ("steps",),
    "emergency": ("incidents_open", "incidents", "assessments_awaiting", "assessments_overdue"),
    "facilities": ("facilities", "nurturing_awaiting"),
    FACILITY: ("facility_view", "facilities", "care_groups", "nurturing_awaiting", "months"),
}


def blocks_for(user) -> tuple[str, ...]:
    return tuple(name for name, permission in BLOCKS.items() if user.has_perm(permission))


@dataclass(frozen=True)
class MonthRow:
    month: date
    rolls: int
    people: int
    total: int


@dataclass(frozen=True)
class CashlessRow:
    commune_id: int
    name: str
    district: str
    has_roll: bool
    people: int = 0
    account_people: int = 0
    total: int = 0
    account_total: int = 0


@dataclass(frozen=True)
class StepRow:
    status: str
    open: int
    overdue: int


@dataclass(frozen=True)
class RollRow:
    pk: int
    unit: str
    month: date
    people: int
    total: int


@dataclass(frozen=True)
class IncidentRow:
    pk: int
    name: str
    kind: str
    occurred_on: date
    awaiting: int


@dataclass(frozen=True)
class FacilityRow:
    pk: int
    name: str
    ownership: str
    capacity: int
    residents: int


@dataclass
class Summary:
    """What the dashboard shows; each block is None when the user may not see it."""

    today: date
    computed_at: object
    facility_view: bool = False
    categories: list[CategoryRow] | None = None
    people_total: int = 0
    months: list[MonthRow] | None = None
    cashless_month: date | None = None
    cashless: list[CashlessRow] | None = None
    steps: list[StepRow] | None = None
    rolls_awaiting: int = 0
    rolls: list[RollRow] = field(default_factory=list)
    nurturing_awaiting: int = 0
    incidents_open: int | None = None
    incidents: list[IncidentRow] = field(default_factory=list)
    assessments_awaiting: int = 0
    assessments_overdue: int = 0
    facilities: list[FacilityRow] | None = None
    care_groups: list[tuple[str, int, int]] = field(default_factory=list)  # (group, capacity, residents)

    def part(self, block: str) -> dict:
        """The fields `block` filled, with the time they were computed: what the cache keeps for the block."""
        return {"computed_at": self.computed_at, **{name: getattr(self, name) for name in FIELDS[block]}}

    def merge(self, part: dict) -> None:
        for name, value in part.items():
            if name != "computed_at":
                setattr(self, name, value)


def summary_compute(user, blocks: tuple[str, ...], today: date | None = None) -> Summary:
    """Every block in `blocks` for the user's working unit (or facility), as of `today`."""
    today = today or timezone.localdate()
    assignment = active_assignment(user)
    summary = Summary(today=today, computed_at=timezone.now())
    if assignment is None:
        return summary
    if assignment.role == Role.FACILITY_STAFF:
        summary.facility_view = True
        _facility_blocks(summary, assignment.facility, blocks, today)
        return summary
    if "categories" in blocks:
        summary.categories, summary.people_total = categories_compute(user, today)
    if "money" in blocks:
        _money(summary, user, today)
    if "dossiers" in blocks:
        summary.steps = _steps(user, today)
    if "emergency" in blocks:
        _emergency(summary, user, today)
    if "facilities" in blocks:
        facilities = Facility.objects.filter(unit__in=units_visible_to(user), active=True)
        summary.facilities = _occupancy(facilities)
        summary.nurturing_awaiting = NurturingRoll.objects.filter(
            facility__in=facilities, status=NurturingRoll.Status.DRAFT
        ).count()
    return summary


# --- Money: spending trend, cashless share, rolls awaiting approval ------------------------------------------


def _money(summary: Summary, user, today: date) -> None:
    rolls = scope(PaymentRoll.objects.all(), user)
    locked = rolls.filter(status__in=LOCKED)
    start, end = _window(locked, today)
    found = {
        month: MonthRow(month, n, people or 0, total or 0)
        for month, n, people, total in locked.filter(month__gte=start, month__lte=end)
        .values("month")
        .annotate(n=Count("id"), people=Sum("lines_count"), total=Sum("total"))
        .order_by()
        .values_list("month", "n", "people", "total")
    }
    summary.months = _series(start, found)
    summary.cashless_month = end
    summary.cashless = _cashless(user, locked.filter(month=end), end)
    awaiting = rolls.filter(status=PaymentRoll.Status.SUBMITTED)
    summary.rolls_awaiting = awaiting.count()
    summary.rolls = [
        RollRow(pk, name, month, people, total)
        for pk, name, month, people, total in awaiting.order_by("month", "commune__code").values_list(
            "pk", "commune__name", "month", "lines_count", "total"
        )[:LISTED]
    ]


def _window(approved, today: date) -> tuple[date, date]:
    """The 12 months ending with the latest approved roll's month, no later than the month being prepared now."""
    latest = add_months(first_of_month(today), 1)
    end = approved.filter(month__lte=latest).aggregate(m=Max("month"))["m"] or first_of_month(today)
    return add_months(end, -(MONTHS - 1)), end


def _series(start: date, found: dict[date, MonthRow]) -> list[MonthRow]:
    months = [add_months(start, i) for i in range(MONTHS)]
    return [found.get(month) or MonthRow(month, 0, 0, 0) for month in months]


def _cashless(user, rolls, month: date) -> list[CashlessRow]:
    """Every commune of the unit that existed in `month`, with its approved roll's cashless figures."""
    sums = {
        row["commune_id"]: row
        for row in rolls.values("commune_id")
        .annotate(
            people=Sum("lines_count"),
            account_people=Sum("account_lines"),
            total=Sum("total"),
            account=Sum("account_total"),
        )
        .order_by()
    }
    communes = (
        units_visible_to(user)
        .filter(level=Level.COMMUNE)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=month_end(month)))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=month))
        .order_by("code")
        .values_list("pk", "name", "parent__name", "parent__level")
    )
    result = []
    for pk, name, parent, parent_level in communes:
        district = parent if parent_level == Level.DISTRICT else ""
        row = sums.get(pk)
        if row is None:
            result.append(CashlessRow(pk, name, district, False))
            continue
        result.append(
            CashlessRow(
                pk,
                name,
                district,
                True,
                row["people"] or 0,
                row["account_people"] or 0,
                row["total"] or 0,
                row["account"] or 0,
            )  # fmt: skip
        )
    return result


# --- Work in progress -----------------------------------------------------------------------------------------


def _steps(user, today: date) -> list[StepRow]:
    rows = (
        scope(Dossier.objects.filter(status__in=OPEN_DOSSIER), user)
        .values("status")
        .annotate(open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)))
        .order_by()
    )
    found = {row["status"]: row for row in rows}
    return [
        StepRow(status, found[status]["open"], found[status]["overdue"]) for status in OPEN_DOSSIER if status in found
    ]


def _emergency(summary: Summary, user, today: date) -> None:
    units = units_visible_to(user)
    # An incident belongs to the unit that opened it and to every commune it touched.
    incidents = Incident.objects.filter(status=Incident.Status.OPEN).filter(
        Q(unit__in=units) | Q(areas__commune__in=units)
    )
    ids = list(incidents.order_by().values_list("pk", flat=True).distinct())
    summary.incidents_open = len(ids)
    awaiting = scope(Assessment.objects.filter(status__in=AWAITING_DECISION), user)
    counts = awaiting.aggregate(n=Count("id"), late=Count("id", filter=Q(due_on__lt=today)))
    summary.assessments_awaiting, summary.assessments_overdue = counts["n"], counts["late"]
    per_incident = dict(awaiting.filter(incident_id__in=ids).values_list("incident_id").annotate(n=Count("id")))
    summary.incidents = [
        IncidentRow(pk, name, kind, occurred_on, per_incident.get(pk, 0))
        for pk, name, kind, occurred_on in Incident.objects.filter(pk__in=ids)
        .order_by("-occurred_on", "-id")
        .values_list("pk", "name", "kind", "occurred_on")[:LISTED]
    ]


# --- Facilities -----------------------------------------------------------------------------------------------


def _occupancy(facilities) -> list[FacilityRow]:
    rows = facilities.annotate(
        in_residence=Count("residents", filter=Q(residents__discharged_on__isnull=True))
    ).order_by("name")
    return [
        FacilityRow(pk, name, ownership, capacity, residents)
        for pk, name, ownership, capacity, residents in rows.values_list(
            "pk", "name", "ownership", "capacity", "in_residence"
        )
    ]


def _facility_blocks(summary: Summary, facility, blocks: tuple[str, ...], today: date) -> None:
    """Facility staff: their facility's residents by care group, occupancy and nurturing rolls (Art. 25.1)."""
    facilities = Facility.objects.filter(pk=facility.pk)
    summary.facilities = _occupancy(facilities)
    residents = dict(
        Resident.objects.filter(facility=facility, discharged_on__isnull=True)
        .values_list("care_group")
        .annotate(n=Count("id"))
        .order_by()
    )
    summary.care_groups = [
        (group, getattr(facility, f"capacity_{group}", 0), residents.get(group, 0)) for group in CareGroup.values
    ]
    rolls = NurturingRoll.objects.filter(facility=facility)
    summary.nurturing_awaiting = rolls.filter(status=NurturingRoll.Status.DRAFT).count()
    approved = rolls.filter(status=NurturingRoll.Status.APPROVED)
    start, end = _window(approved, today)
    found = {
        month: MonthRow(month, 1, people, total)
        for month, people, total in approved.filter(month__gte=start, month__lte=end).values_list(
            "month", "people", "total"
        )
    }
    summary.months = _series(start, found)
