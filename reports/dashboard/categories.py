"""People on allowance by category: the dashboard's one expensive figure (every entitlement of the unit; 250,000
rows for a province of 300,000 people), so it is counted **per paying commune** and cached per bucket of communes
(`versions.BUCKETS`). A decision in one commune recounts its bucket only; the unit's figure is the buckets' sum.

Counting: entitlements with status active that pay the current month (started, not ended). A person holds at most
one paying entitlement of a category at a time (a change of facts ends the row before the next one opens), so rows
are people and need no DISTINCT per category; the total is distinct people per commune, and a person's paying
entitlements all sit in one commune (a move ends the old row the month before the new one starts), so the
communes' totals add up to the unit's.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from accounts.jurisdiction import units_visible_to
from beneficiaries.models import Entitlement
from locations.models import Level
from policy.models import Category, Kind

from . import versions

# Monthly allowance (Art. 5) first, then care support (Art. 20); local categories after the national ones.
KIND_ORDER = {Kind.MONTHLY: 0, Kind.CARE: 1}


@dataclass(frozen=True)
class CategoryRow:
    category_id: int
    code: str
    name: str
    kind: str
    local: bool
    sensitive: bool
    people: int


def paying(today: date) -> Q:
    month = today.replace(day=1)
    return Q(status=Entitlement.Status.ACTIVE, start_month__lte=month) & (
        Q(end_month__isnull=True) | Q(end_month__gte=month)
    )


def _communes(user) -> list[int]:
    """The paying communes inside the user's unit (old communes included: entitlements stay tied to them)."""
    return list(units_visible_to(user).filter(level=Level.COMMUNE).order_by().values_list("pk", flat=True))


def count_by_commune(commune_ids: list[int], today: date) -> dict[int, dict]:
    """{commune: {"people": distinct people, "by_category": {category id: people}}}: two grouped queries."""
    paid = Entitlement.objects.filter(paying(today), commune_id__in=commune_ids)
    by_category: dict[int, dict[int, int]] = defaultdict(dict)
    for commune, category, n in paid.values_list("commune_id", "category_id").annotate(n=Count("id")).order_by():
        by_category[commune][category] = n
    people = dict(paid.values_list("commune_id").annotate(n=Count("person_id", distinct=True)).order_by())
    return {pk: {"people": people.get(pk, 0), "by_category": by_category.get(pk, {})} for pk in commune_ids}


def _rows(by_category: dict[int, int]) -> list[CategoryRow]:
    categories = Category.objects.filter(pk__in=list(by_category)).values_list(
        "pk", "code", "name", "kind", "province_id", "sensitive", "sort_order"
    )
    ordered = sorted(categories, key=lambda c: (KIND_ORDER.get(c[3], 2), c[4] is not None, c[6], c[1]))
    return [
        CategoryRow(pk, code, name, kind, province_id is not None, sensitive, by_category[pk])
        for pk, code, name, kind, province_id, sensitive, _order in ordered
    ]


def _sum(parts: list[dict]) -> dict:
    by_category: dict[int, int] = defaultdict(int)
    for part in parts:
        for category, n in part["by_category"].items():
            by_category[category] += n
    return {"people": sum(part["people"] for part in parts), "by_category": dict(by_category)}


def categories_compute(user, today: date) -> tuple[list[CategoryRow], int]:
    """Uncached: the rows by category and the distinct people of the user's unit."""
    total = _sum(list(count_by_commune(_communes(user), today).values()))
    return _rows(total["by_category"]), total["people"]


def categories_cached(user, today: date, *, province_id: int, where: str, schema: int, base: str, ttl: int):
    """The same, summed from the cached counts of each bucket of the unit's communes while the bucket's version
    has not moved (`base`: the version parts shared by the province; `where`: the unit's part of the key).
    Returns the rows, the total and when the oldest bucket was counted."""
    buckets: dict[int, list[int]] = defaultdict(list)
    for pk in _communes(user):
        buckets[versions.bucket(pk)].append(pk)
    found_versions = versions.counters([versions.bucket_key(province_id, number) for number in buckets])
    keys = {
        number: f"dashboard:{schema}:{where}:categories:{number}:{today:%Y%m}:{base}."
        f"{found_versions[versions.bucket_key(province_id, number)]}"
        for number in buckets
    }
    found = cache.get_many(list(keys.values()))
    missing = [number for number in buckets if keys[number] not in found]
    if missing:
        counted = count_by_commune([pk for number in missing for pk in buckets[number]], today)
        now = timezone.now()
        fresh = {
            keys[number]: {**_sum([counted[pk] for pk in buckets[number]]), "computed_at": now} for number in missing
        }
        cache.set_many(fresh, ttl)
        found.update(fresh)
    parts = [found[keys[number]] for number in buckets]
    total = _sum(parts)
    computed_at = min((part["computed_at"] for part in parts), default=timezone.now())
    return _rows(total["by_category"]), total["people"], computed_at
