"""Reads of payment rolls, always scoped to the user's unit (accounts.jurisdiction): outside it, 404."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from accounts.jurisdiction import get_or_404, scope, units_visible_to
from locations.models import AdministrativeUnit, Level
from policy.models import Category
from policy.rules import add_months, first_of_month, month_end

from .models import PaymentLine, PaymentRoll, RollChange, RollEvent


def next_month(today: date | None = None) -> date:
    """The month whose roll is being prepared now (decree20.md §8: sent before the 25th for the next month)."""
    return add_months(first_of_month(today or timezone.localdate()), 1)


def roll_list_for_user(user) -> QuerySet:
    return scope(PaymentRoll.objects.select_related("commune", "commune__parent"), user)


def roll_get_for_user(user, pk: int) -> PaymentRoll:
    queryset = PaymentRoll.objects.select_related(
        "commune", "commune__parent", "commune__province", "generated_by", "submitted_by", "approved_by"
    )
    return get_or_404(queryset, user, pk=pk)


def roll_for_commune(user, commune, month: date) -> PaymentRoll | None:
    return roll_list_for_user(user).filter(commune=commune, month=first_of_month(month)).first()


def roll_lines(roll: PaymentRoll) -> QuerySet:
    """The roll's lines with what the table shows, in one query per page (no per-row queries)."""
    return (
        PaymentLine.objects.filter(roll=roll)
        .select_related("person", "person__village")
        .only(
            "id",
            "roll_id",
            "row_no",
            "categories",
            "coefficient",
            "level",
            "monthly_amount",
            "care_amount",
            "arrears_amount",
            "arrears_months",
            "recovery_amount",
            "recovery_months",
            "funeral_amount",
            "total",
            "payee_name",
            "payment_method",
            "account_number",
            "bank_name",
            "paid",
            "paid_on",
            "unpaid_reason",
            "person__id",
            "person__full_name",
            "person__birth_date",
            "person__birth_year_only",
            "person__id_number",
            "person__village__id",
            "person__village__name",
        )  # fmt: skip
        .order_by("row_no")
    )


def roll_line_get(roll: PaymentRoll, pk: int) -> PaymentLine:
    """A line of a roll the caller already fetched through `roll_get_for_user`."""
    from django.http import Http404

    line = PaymentLine.objects.select_related("person").filter(roll=roll, pk=pk).first()
    if line is None:
        raise Http404
    line.roll = roll
    return line


def line_counts(roll: PaymentRoll) -> dict[str, int]:
    """How many lines are recorded as received, not received, or not yet recorded (one query)."""
    counts = PaymentLine.objects.filter(roll=roll).aggregate(
        n_paid=Count("id", filter=Q(paid=True)),
        n_unpaid=Count("id", filter=Q(paid=False)),
        n_waiting=Count("id", filter=Q(paid__isnull=True)),
    )
    return {key.removeprefix("n_"): value or 0 for key, value in counts.items()}


@dataclass
class ChangeGroup:
    kind: str
    label: str
    changes: list
    old_total: int = 0
    new_total: int = 0
    count: int = 0

    @property
    def hidden(self) -> int:
        """Rows counted in the totals but not listed on the page (the roll's first month lists everyone)."""
        return self.count - len(self.changes)


# The page lists at most this many rows per kind; the totals cover all of them.
CHANGES_SHOWN = 200


def roll_changes(roll: PaymentRoll) -> list[ChangeGroup]:
    """Tăng/giảm since last month, grouped by kind in the order of `RollChange.Kind` (one query)."""
    groups = {kind: ChangeGroup(kind, label, []) for kind, label in RollChange.Kind.choices}
    rows = (
        RollChange.objects.filter(roll=roll)
        .select_related("person", "person__village")
        .only(
            "id",
            "kind",
            "old_amount",
            "new_amount",
            "decision_number",
            "note",
            "roll_id",
            "person__id",
            "person__full_name",
            "person__village__name",
        )  # fmt: skip
        .order_by("kind", "person__full_name", "id")
    )
    for change in rows:
        group = groups.setdefault(change.kind, ChangeGroup(change.kind, change.kind, []))
        group.count += 1
        if len(group.changes) < CHANGES_SHOWN:
            group.changes.append(change)
        group.old_total += change.old_amount
        group.new_total += change.new_amount
    return [group for group in groups.values() if group.changes]


def roll_events(roll: PaymentRoll, *, limit: int = 500) -> list[RollEvent]:
    """The roll's step log, newest first."""
    return list(RollEvent.objects.filter(roll=roll).select_related("actor").order_by("-at", "-id")[:limit])


def sensitive_codes() -> frozenset[str]:
    """Category codes hidden from users without the HIV permission (5.3, 5.8; SPEC §2)."""
    return frozenset(Category.objects.filter(sensitive=True).values_list("code", flat=True))


# --- The roll list: one row per paying commune --------------------------------------------------------------


def communes_for_month(user, month: date) -> QuerySet:
    """The communes inside the user's unit that exist in `month` (a roll is per commune)."""
    month = first_of_month(month)
    return (
        units_visible_to(user)
        .filter(level=Level.COMMUNE)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=month_end(month)))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=month))
        .select_related("parent")
        .order_by("parent__code", "code")
    )


@dataclass
class CommuneRow:
    commune: AdministrativeUnit
    roll: PaymentRoll | None


def commune_rows(user, month: date) -> list[CommuneRow]:
    """Every commune in scope with its roll for `month` (or None): two queries whatever the number of communes."""
    month = first_of_month(month)
    communes = list(communes_for_month(user, month))
    rolls = {roll.commune_id: roll for roll in roll_list_for_user(user).filter(month=month)}
    return [CommuneRow(commune, rolls.get(commune.pk)) for commune in communes]


# --- Cashless payment (Directive 21/CT-TTg) -----------------------------------------------------------------


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Cashless:
    """One unit's month: people paid and people paid through an account; amounts likewise."""

    lines: int = 0
    account_lines: int = 0
    total: int = 0
    account_total: int = 0

    @property
    def people_share(self) -> Decimal | None:
        """Percent of the people on the rolls paid through a bank account or e-wallet."""
        return _percent(self.account_lines, self.lines)

    @property
    def amount_share(self) -> Decimal | None:
        """Percent of the money paid through a bank account or e-wallet."""
        return _percent(self.account_total, self.total)


_LEVEL_FIELD = {Level.COMMUNE: "commune", Level.DISTRICT: "commune__parent", Level.PROVINCE: "commune__province"}


def cashless_for(units, month: date) -> dict[int, Cashless]:
    """Cashless figures per unit (commune, district or province) for the rolls of `month`, from the rolls' own
    totals: one aggregate query per level asked, whatever the number of units. Units without a roll get zeros.
    The caller scopes `units` (reports pass the units visible to the user)."""
    month = first_of_month(month)
    by_level: dict[str, list[int]] = defaultdict(list)
    for unit in units:
        by_level[unit.level].append(unit.pk)
    result: dict[int, Cashless] = {}
    for level, ids in by_level.items():
        field = _LEVEL_FIELD[level]
        rows = (
            PaymentRoll.objects.filter(month=month, **{f"{field}__in": ids})
            .values(field)
            .annotate(
                lines=Sum("lines_count"),
                account_lines=Sum("account_lines"),
                total=Sum("total"),
                account_total=Sum("account_total"),
            )
            .order_by()
        )
        found = {
            row[field]: Cashless(
                int(row["lines"] or 0),
                int(row["account_lines"] or 0),
                int(row["total"] or 0),
                int(row["account_total"] or 0),
            )  # fmt: skip
            for row in rows
        }
        for pk in ids:
            result[pk] = found.get(pk, Cashless())
    return result
