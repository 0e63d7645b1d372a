"""Everything one commune's roll for one month is computed from, loaded with a handful of set-based queries
(never a query per person), and the rule that decides which earlier months are compared again.

Queries (whatever the number of people): the commune's entitlements with their category; their people and the
people they care for, with household, village and commune (one query; on PostgreSQL by the commune's index, then
by id for those living elsewhere) — read as plain rows, not model instances; their events; the ledger items
already written for them (one grouped query); the funeral decisions not yet paid; the commune's approved rolls;
the rates fingerprint stored by the last approved generation; the previous month's lines; and the rate tables
(three small queries).

Which earlier months are compared again (`recheck`), per entitlement, inside the look-back window (the
`LOOKBACK_MONTHS` months before the roll's month):
  a. payable months from the commune's first approved roll on for which no regular item was paid (a backdated
     decision, a person added late, a line whose regular item was marked unpaid) — months before the first
     approved roll were paid outside the portal and are never claimed — unless the decision was signed since
     that roll (a backdated decision: nothing was paid for its earlier months anywhere);
  b. months something was paid for although the entitlement does not pay them now (a death or an end recorded
     late, a suspension recorded late, a voided entitlement);
  c. months of items on lines marked unpaid (paid=False): they carry to the next roll;
  d. the suspended months a resumption decided to pay back (wherever they fall);
  e. months whose rates changed since the last approved roll was generated (a retroactive raise of a national
     or provincial level or coefficient): each generation stores a fingerprint of the tables in force for its
     month and the window before it; a month whose fingerprint differs now is compared again wherever something
     was paid for it. (A fingerprint rather than a created-after timestamp: coefficients carry no creation time,
     and a row corrected in place is caught too.)
Months that an earlier roll still in draft or submitted holds items for are left to that roll, so nothing is
paid twice. Comparing a month changes nothing when nothing is owed (due − paid = 0), so a wider rule would only
cost time; these rules keep the work to the months whose inputs changed.
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

from django.db import connection
from django.db.models import Q, Sum

from beneficiaries.facts import entitlement_facts
from beneficiaries.models import Entitlement, EntitlementEvent, Person
from dossiers.models import Decision, Dossier
from policy.rules import CoefficientRow, LevelRow, RateTables, add_months, first_of_month, month_end, months_between
from policy.selectors import rate_tables

from .models import PaymentItem, PaymentLine, PaymentRoll, RollEvent
from .rules import Period

LOOKBACK_MONTHS = 12
APPROVED_STATUSES = (PaymentRoll.Status.APPROVED, PaymentRoll.Status.PAID, PaymentRoll.Status.CLOSED)
PENDING_STATUSES = (PaymentRoll.Status.DRAFT, PaymentRoll.Status.SUBMITTED)
PAYING_KINDS = ("monthly", "care")
GENERATED = "generated"  # the RollEvent action of a generation (payments.services counts it as the maker's)


@dataclass
class CommuneInputs:
    commune: object
    month: date
    window_start: date
    tables: RateTables
    entitlements: list = field(default_factory=list)
    periods: dict[int, Period] = field(default_factory=dict)
    events: dict[int, list] = field(default_factory=dict)
    # (entitlement id, month) → what approved rolls paid for it (lines marked unpaid excluded).
    paid: dict[tuple[int, date], int] = field(default_factory=dict)
    paid_regular: set[tuple[int, date]] = field(default_factory=set)
    unpaid: dict[int, set[date]] = field(default_factory=dict)
    pending: dict[int, set[date]] = field(default_factory=dict)
    funerals: list = field(default_factory=list)
    first_approved_month: date | None = None
    decided_on: dict[int, date] = field(default_factory=dict)  # entitlement id → decision date
    stored_rates: dict[str, str] = field(default_factory=dict)
    rates: dict[str, str] = field(default_factory=dict)
    previous_lines: list[dict] = field(default_factory=list)

    @property
    def window(self) -> list[date]:
        return months_between(self.window_start, add_months(self.month, -1))


def inputs_load(*, commune, month: date, roll: PaymentRoll | None = None) -> CommuneInputs:
    """Load the inputs of `commune`'s roll for `month`; `roll` (the draft being regenerated) is left out of the
    ledger."""
    month = first_of_month(month)
    window_start = add_months(month, -LOOKBACK_MONTHS)
    tables = MemoTables.of(rate_tables(commune.province))
    inputs = CommuneInputs(commune=commune, month=month, window_start=window_start, tables=tables)

    in_window = Q(end_month__isnull=True) | Q(end_month__gte=add_months(window_start, -1))
    entitlement_qs = Entitlement.objects.filter(in_window, commune=commune, start_month__lte=month).filter(
        category__kind__in=PAYING_KINDS
    )
    inputs.entitlements = _entitlements(entitlement_qs, commune)
    inputs.decided_on = {e.id: e.decision_date for e in inputs.entitlements if e.decision_date is not None}
    ids = _ids_in([e.id for e in inputs.entitlements], entitlement_qs.values("id"))

    events = defaultdict(list)
    decisions: dict[int, Row] = {}
    for entitlement_id, kind, event_month, arrears_months, reason, decision_id, number in (
        EntitlementEvent.objects.filter(entitlement__in=ids)
        .order_by("at", "id")
        .values_list("entitlement_id", "kind", "month", "arrears_months", "reason", "decision_id", "decision__number")
    ):
        decision = None
        if decision_id is not None:
            decision = decisions.get(decision_id) or decisions.setdefault(
                decision_id, Row(pk=decision_id, number=number)
            )
        events[entitlement_id].append(
            Row(entitlement_id=entitlement_id, kind=kind, month=event_month, arrears_months=arrears_months,
                reason=reason, decision_id=decision_id, decision=decision)
        )  # fmt: skip
    inputs.events = dict(events)
    inputs.periods = {e.id: period_of(e, events.get(e.id, []), month) for e in inputs.entitlements}

    # The ledger reaches back to the window, or to the oldest suspended month a resumption pays back.
    since = min([window_start, *(m for p in inputs.periods.values() for m in p.arrears_months)])
    items = PaymentItem.objects.filter(entitlement__in=ids, month__gte=since, month__lt=month)
    if roll is not None and roll.pk:
        items = items.exclude(line__roll=roll)
    unpaid, pending = defaultdict(set), defaultdict(set)
    for row in items.values("entitlement_id", "month", "kind", "line__paid", "line__roll__status").annotate(
        amount=Sum("amount")
    ):
        key = (row["entitlement_id"], row["month"])
        status = row["line__roll__status"]
        if status in PENDING_STATUSES:
            pending[key[0]].add(key[1])
        elif row["line__paid"] is False:
            unpaid[key[0]].add(key[1])
        else:
            inputs.paid[key] = inputs.paid.get(key, 0) + row["amount"]
            if row["kind"] == PaymentItem.Kind.REGULAR:
                inputs.paid_regular.add(key)
    inputs.unpaid, inputs.pending = dict(unpaid), dict(pending)

    # Paid once: an approved roll paid it (unless its line was marked unpaid), or a roll in progress holds it.
    settled = PaymentItem.objects.filter(kind=PaymentItem.Kind.FUNERAL, decision__isnull=False).filter(
        Q(line__roll__status__in=PENDING_STATUSES)
        | (Q(line__roll__status__in=APPROVED_STATUSES) & ~Q(line__paid=False))
    )
    if roll is not None and roll.pk:
        settled = settled.exclude(line__roll=roll)
    inputs.funerals = list(
        Decision.objects.filter(
            outcome=Decision.Outcome.APPROVED,
            dossier__kind=Dossier.Kind.FUNERAL,
            dossier__commune=commune,
            signed_on__lte=month_end(month),
        )
        .exclude(pk__in=settled.values("decision_id"))
        .select_related("dossier__person__village")
        .order_by("signed_on", "id")
    )

    approved = list(
        PaymentRoll.objects.filter(commune=commune, status__in=APPROVED_STATUSES, month__lt=month)
        .order_by("month")
        .values("id", "month")
    )
    if approved:
        inputs.first_approved_month = approved[0]["month"]
        data = (
            RollEvent.objects.filter(roll_id=approved[-1]["id"], action=GENERATED)
            .order_by("-at", "-id")
            .values_list("data", flat=True)
            .first()
        )
        inputs.stored_rates = (data or {}).get("rates", {})
        previous = approved[-1] if approved[-1]["month"] == add_months(month, -1) else None
        if previous is not None:
            inputs.previous_lines = list(
                PaymentLine.objects.filter(roll_id=previous["id"]).order_by().values(
                    "person_id", "monthly_amount", "care_amount", "arrears_amount", "recovery_amount",
                    "funeral_amount", "total",
                )
            )  # fmt: skip
    inputs.rates = {f"{m:%Y-%m}": rates_fingerprint(tables, m) for m in [*inputs.window, month]}
    return inputs


class Row(SimpleNamespace):
    """A read-only view of the few columns a roll needs from a row (an entitlement, a person, an event):
    a province's roll reads hundreds of thousands of them, and model instances cost several times more."""


# The columns an entitlement's line, facts and changes read (beneficiaries.facts.entitlement_facts included).
_ENTITLEMENT = ("id", "person_id", "subject_id", "start_month", "end_month", "end_reason", "decision_number",
                "decision_date", "disability_level", "studying", "children_count", "pregnant",
                "young_children_birth_dates")  # fmt: skip
_PERSON = ("id", "full_name", "name_folded", "birth_date", "disability_level", "studying", "hiv_positive",
           "payment_method", "account_number", "bank_name", "village_id")  # fmt: skip
_PLACES = ("household_id", "household__poverty_status", "commune_id", "commune__especially_difficult",
           "village__name", "village__especially_difficult")  # fmt: skip


def _ids_in(ids, subquery):
    """The ids to filter on: PostgreSQL gets the list itself, which it plans with its indexes (from a subquery's
    row estimate it chose to scan whole tables of a province); SQLite, which limits the number of parameters,
    gets the subquery."""
    return sorted(ids) if connection.vendor == "postgresql" else subquery


def _entitlements(queryset, commune) -> list[Row]:
    """The entitlements with their person (household, village, commune), subject and category as `Row`s (two
    queries), shaped like the model instances: `e.person.village.name`, `e.category.kind`, `e.subject.birth_date`."""
    rows = list(queryset.order_by("id").values_list(*_ENTITLEMENT, "category__code", "category__kind"))
    own = len(_ENTITLEMENT)
    wanted = {row[1] for row in rows} | {row[2] for row in rows if row[2] is not None}
    people: dict[int, Row] = {}
    places: dict[tuple, Row] = {}
    if connection.vendor == "postgresql":
        # Most live in the commune: its index finds them; the others (moved, cared-for elsewhere) by id.
        _people(Person.objects.filter(commune=commune, pk__in=sorted(wanted)), people, places)
        if rest := wanted - people.keys():
            _people(Person.objects.filter(pk__in=sorted(rest)), people, places)
    else:
        either = Q(pk__in=queryset.values("person_id")) | Q(pk__in=queryset.values("subject_id"))
        _people(Person.objects.filter(either), people, places)
    categories: dict[str, Row] = {}
    result = []
    for values in rows:
        e = Row(**dict(zip(_ENTITLEMENT, values, strict=False)))
        code, kind = values[own:]
        e.category = categories.get(code) or categories.setdefault(code, Row(code=code, kind=kind))
        e.person = people[e.person_id]
        e.subject = people[e.subject_id] if e.subject_id is not None else None  # its birth date is all facts read
        result.append(e)
    return result


def _people(queryset, people: dict[int, Row], places: dict[tuple, Row]) -> None:
    for values in queryset.order_by().values_list(*_PERSON, *_PLACES):
        person = Row(**dict(zip(_PERSON, values, strict=False)))
        person.pk = person.id
        household, poverty, commune, difficult, village, village_difficult = values[len(_PERSON) :]
        person.household = _place(places, "household", household, poverty_status=poverty)
        person.commune = _place(places, "commune", commune, especially_difficult=difficult)
        person.village = _place(
            places, "village", person.village_id, name=village, especially_difficult=village_difficult
        )
        people[person.pk] = person


def _place(places: dict, kind: str, pk: int | None, **columns) -> Row | None:
    if pk is None:
        return None
    row = places.get((kind, pk))
    if row is None:
        row = places[(kind, pk)] = Row(pk=pk, id=pk, **columns)
    return row


@dataclass(frozen=True)
class MemoTables(RateTables):
    """The province's rate tables, remembering each month's level and each (rule, month)'s coefficient: a roll
    asks them again for every person, and each answer scans every row."""

    @classmethod
    def of(cls, tables: RateTables) -> "MemoTables":
        return cls(levels=tables.levels, coefficients=tables.coefficients, categories=tables.categories)

    def __post_init__(self):
        object.__setattr__(self, "_levels", {})
        object.__setattr__(self, "_coefficients", {})

    def level_for(self, month: date) -> LevelRow:
        row = self._levels.get(month)
        if row is None:
            row = self._levels[month] = super().level_for(month)  # a LookupError is raised each time, not kept
        return row

    def coefficient_for(self, rule: str, month: date) -> CoefficientRow | None:
        key = (rule, month)
        try:
            return self._coefficients[key]
        except KeyError:
            row = self._coefficients[key] = super().coefficient_for(rule, month)
            return row


def period_of(entitlement, events, month: date) -> Period:
    """The rules' view of one entitlement: its months, suspensions and the months a resumption pays back."""
    suspensions: list[tuple[date, date | None]] = []
    arrears: set[date] = set()
    for event in events:
        if event.kind == EntitlementEvent.Kind.SUSPENDED:
            suspensions.append((event.month, None))
        elif event.kind == EntitlementEvent.Kind.RESUMED:
            if suspensions and suspensions[-1][1] is None:
                suspensions[-1] = (suspensions[-1][0], event.month)
            arrears.update(date.fromisoformat(f"{value}-01") for value in event.arrears_months or ())
    return Period(
        entitlement_id=entitlement.id,
        category=entitlement.category.code,
        kind=entitlement.category.kind,
        facts=entitlement_facts(entitlement, month=month),
        start_month=entitlement.start_month,
        end_month=entitlement.end_month,
        suspensions=tuple(suspensions),
        arrears_months=frozenset(arrears),
        subject_id=entitlement.subject_id,
    )


def pays(period: Period, month: date) -> bool:
    """The entitlement pays `month` (covered, and not suspended unless the suspension was paid back)."""
    return period.covers(month) and (not period.suspended_in(month) or month in period.arrears_months)


def rates_fingerprint(tables: RateTables, month: date) -> str:
    """A short digest of the level, coefficients and categories in force in `month`."""
    try:
        level = tables.level_for(month).amount
    except LookupError:
        level = 0
    rules = sorted({row.rule for row in tables.coefficients})
    coefficients = []
    for rule in rules:
        row = tables.coefficient_for(rule, month)
        if row is not None:
            coefficients.append([rule, str(row.value)])
    categories = sorted(code for code, row in tables.categories.items() if row.in_force(month))
    text = json.dumps([level, coefficients, categories], separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def recheck_months(inputs: CommuneInputs) -> dict[int, set[date]]:
    """Per entitlement, the earlier months to compare again (rules a–e in the module docstring)."""
    window = inputs.window
    first = inputs.first_approved_month
    rate_dirty = [
        m for m in window if (stored := inputs.stored_rates.get(f"{m:%Y-%m}")) and stored != inputs.rates[f"{m:%Y-%m}"]
    ]
    paid_months: dict[int, set[date]] = defaultdict(set)
    for (entitlement_id, m), amount in inputs.paid.items():
        if amount:
            paid_months[entitlement_id].add(m)
    result: dict[int, set[date]] = {}
    for entitlement_id, period in inputs.periods.items():
        months: set[date] = set()
        if first is not None:  # a
            # A decision signed since the portal's first approved roll was never paid outside it: its backdated
            # months before that roll are owed too. Older decisions were paid outside the portal until then.
            decided = inputs.decided_on.get(entitlement_id)
            since = date.min if decided is not None and decided >= first else first
            months.update(
                m for m in window if m >= since and pays(period, m) and (entitlement_id, m) not in inputs.paid_regular
            )
        months.update(m for m in paid_months.get(entitlement_id, ()) if not pays(period, m))  # b
        months.update(inputs.unpaid.get(entitlement_id, ()))  # c
        months.update(m for m in period.arrears_months if m < inputs.month)  # d
        months.update(m for m in rate_dirty if (entitlement_id, m) in inputs.paid)  # e
        months -= inputs.pending.get(entitlement_id, set())
        if months:
            result[entitlement_id] = months
    return result
