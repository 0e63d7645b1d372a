"""Money paid, from payment rolls **approved by the cutoff** for the months of the period (`reports.asof`): an
approved roll never changes, so the same request gives the same sums later. Arrears and recovery count in the
month of the roll that paid them (decree20.md §8: they travel with the next month's list). Rows are grouped by the
roll's commune, the unit that paid."""

from django.db.models import Count, Q, QuerySet, Sum

from payments.models import PaymentItem, PaymentLine, PaymentRoll

from . import Scope, group_key
from .people import DISABILITY_CARE

APPROVED = (PaymentRoll.Status.APPROVED, PaymentRoll.Status.PAID, PaymentRoll.Status.CLOSED)
ACCOUNT_METHODS = ("bank", "e_wallet")  # beneficiaries.PaymentMethod: through an account (Directive 21/CT-TTg)
Item = PaymentItem.Kind
MONTHLY_ITEMS = (Item.REGULAR, Item.ARREARS, Item.RECOVERY)


def approved_rolls(scope: Scope) -> QuerySet:
    return PaymentRoll.objects.filter(
        commune_id__in=scope.commune_ids,
        month__gte=scope.first_month,
        month__lte=scope.last_month,
        status__in=APPROVED,
        approved_at__lt=scope.cutoff,
    )


def paid_items(scope: Scope) -> QuerySet:
    return PaymentItem.objects.filter(line__roll__in=approved_rolls(scope))


def paid_lines(scope: Scope) -> QuerySet:
    return PaymentLine.objects.filter(roll__in=approved_rolls(scope))


def money_by_category(scope: Scope, *, kind: str = "monthly", prefix: str = "money") -> dict[int, dict]:
    """{commune: {money_5_1: đồng, …, money_total: đồng}}: allowance (or care support) paid by category group."""
    rows = (
        paid_items(scope)
        .filter(kind__in=MONTHLY_ITEMS, entitlement__category__kind=kind)
        .values("line__roll__commune_id", "entitlement__category__code", "entitlement__category__province_id")
        .annotate(amount=Sum("amount"))
    )
    out: dict[int, dict] = {}
    for row in rows:
        local = row["entitlement__category__province_id"] is not None
        values = out.setdefault(row["line__roll__commune_id"], {})
        for key in (f"{prefix}_{group_key(row['entitlement__category__code'], local)}", f"{prefix}_total"):
            values[key] = values.get(key, 0) + row["amount"]
    return out


def _by_commune(queryset, field: str, **sums) -> dict[int, dict]:
    return {row.pop(field): row for row in queryset.values(field).annotate(**sums)}


def elderly_money(scope: Scope) -> dict[int, dict]:
    """10c: allowance paid in the period to people who are 60+ at its end."""
    items = paid_items(scope).filter(
        kind__in=MONTHLY_ITEMS, entitlement__category__kind="monthly", line__person__birth_date__lte=scope.born_by(60)
    )
    return _by_commune(items, "line__roll__commune_id", elderly_money=Sum("amount"))


def disabled_money(scope: Scope) -> dict[int, dict]:
    """10d: the 5.6 allowance paid in the period, and care support under Art. 20.2–20.4."""
    items = paid_items(scope).filter(kind__in=MONTHLY_ITEMS)
    return _by_commune(
        items.filter(Q(entitlement__category__code="5.6") | Q(entitlement__category__code__in=DISABILITY_CARE)),
        "line__roll__commune_id",
        disabled_money=Sum("amount", filter=Q(entitlement__category__code="5.6"), default=0),
        care_money=Sum("amount", filter=Q(entitlement__category__code__in=DISABILITY_CARE), default=0),
    )


def funeral(scope: Scope) -> dict[int, dict]:
    """Art. 11 funeral support: the funeral items of approved rolls (people = distinct deceased on the lines)."""
    return _by_commune(
        paid_items(scope).filter(kind=Item.FUNERAL),
        "line__roll__commune_id",
        funeral_people=Count("line__person_id", distinct=True),
        funeral_money=Sum("amount"),
    )


def cashless(scope: Scope) -> dict[int, dict]:
    """People paid in the period and those paid through an account at least once; money in total and by account."""
    account = Q(payment_method__in=ACCOUNT_METHODS)
    return _by_commune(
        paid_lines(scope),
        "roll__commune_id",
        paid_people=Count("person_id", distinct=True),
        account_people=Count("person_id", distinct=True, filter=account),
        paid_money=Sum("total"),
        account_money=Sum("total", filter=account, default=0),
    )


def by_month(scope: Scope) -> dict:
    """{month: {…}}: what the approved rolls paid, month by month (the line columns of SPEC §3)."""
    rows = (
        paid_lines(scope)
        .values("roll__month")
        .annotate(
            paid_people=Count("person_id", distinct=True),
            monthly_money=Sum("monthly_amount"),
            care_money=Sum("care_amount"),
            arrears_money=Sum("arrears_amount"),
            recovery_money=Sum("recovery_amount"),
            funeral_money=Sum("funeral_amount"),
            total_money=Sum("total"),
        )
    )
    return {row.pop("roll__month"): row for row in rows}


def merge(*parts: dict) -> dict:
    """Several queries' {row: {key: value}} into one."""
    out: dict = {}
    for part in parts:
        for row, values in part.items():
            out.setdefault(row, {}).update(values)
    return out
