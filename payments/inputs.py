"""Everything one commune's roll for one month is computed from, loaded with a handful of set-based queries
(never a query per person), and the rule that decides which earlier months are compared again.

Queries (whatever the number of people): the commune's entitlements with their person, household, village,
communes, subject and category (one join); their events; the ledger items already written for them (one grouped
query); the funeral decisions not yet paid; the commune's approved rolls; the rates fingerprint stored by the last
approved generation; the previous month's lines; and the rate tables (three small queries).

Which earlier months are compared again (`recheck`), per entitlement, inside the look-back window (the
`LOOKBACK_MONTHS` months before the roll's month):
  a. payable months from the commune's first approved roll on for which no regular item was paid (a backdated
     decision, a person added late, a line whose regular item was marked unpaid) — months before the first
     approved roll were paid outside the portal and are never claimed;
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

from django.db.models import Q, Sum

from beneficiaries.facts import entitlement_facts
from beneficiaries.models import Entitlement, EntitlementEvent
from dossiers.models import Decision, Dossier
from policy.rules import RateTables, add_months, first_of_month, month_end, months_between
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
    tables = rate_tables(commune.province)
    inputs = CommuneInputs(commune=commune, month=month, window_start=window_start, tables=tables)

    in_window = Q(end_month__isnull=True) | Q(end_month__gte=add_months(window_start, -1))
    entitlement_qs = Entitlement.objects.filter(in_window, commune=commune, start_month__lte=month).filter(
        category__kind__in=PAYING_KINDS
    )
    inputs.entitlements = list(
        entitlement_qs.select_related(
            "category",
            "person__household",
            "person__village",
            "person__commune",
            "subject",
        ).order_by("id")
    )
    ids = entitlement_qs.values("id")

    events = defaultdict(list)
    for event in (
        EntitlementEvent.objects.filter(entitlement__in=ids)
        .select_related("decision")
        .only("entitlement_id", "kind", "month", "arrears_months", "reason", "decision__number", "at")
        .order_by("at", "id")
    ):
        events[event.entitlement_id].append(event)
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
            months.update(
                m for m in window if m >= first and pays(period, m) and (entitlement_id, m) not in inputs.paid_regular
            )
        months.update(m for m in paid_months.get(entitlement_id, ()) if not pays(period, m))  # b
        months.update(inputs.unpaid.get(entitlement_id, ()))  # c
        months.update(m for m in period.arrears_months if m < inputs.month)  # d
        months.update(m for m in rate_dirty if (entitlement_id, m) in inputs.paid)  # e
        months -= inputs.pending.get(entitlement_id, set())
        if months:
            result[entitlement_id] = months
    return result
