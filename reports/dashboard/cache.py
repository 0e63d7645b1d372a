"""The dashboard's figures, cached per unit, block and **data version** so a change shows on the next view.

Each block (money, dossiers, emergency, facilities) has its own key,
`dashboard:<schema>:<unit or facility>:<block>:<day>:<version>`; people by category, the one expensive block, is
counted per paying commune and cached per bucket of communes instead (`categories.py`:
`dashboard:<schema>:<unit>:categories:<bucket>:<month>:<version>`) and summed. A block is recomputed whenever any
part of its key changes; nothing is deleted, old keys are simply no longer asked for and expire. So a dossier step
recomputes the dossier counts only, and a decision in one commune recounts its bucket (1/16 of the communes) only —
never the 250,000 entitlements of the province.
- **version** = `<global counter>.<province counter>.<counter of the province's block>` (`versions.py`); for people
  by category, `.<time of the last Excel import saved in the province>.<counter of the bucket>`. Counters are
  bumped on commit by post_save/post_delete receivers on the few models each block counts (`invalidation.py`).
  Every state change in the portal writes an event row with `objects.create()` in the same transaction
  (STYLE.md), so compare-and-set updates, which send no signal, are still seen through their event. The Excel
  import saves entitlements with `bulk_create` (no signals): its batch's `saved_at` is read instead (one indexed
  query on a small table).
- **day** (month for people by category): "overdue" and the 12-month window move with the calendar.
- **unit or facility**: what the user's assignment scopes to; a block is only asked for when the user's
  permissions show it.
- A counter that was evicted from the cache restarts from the clock in nanoseconds, never from a value a cached
  block could still carry.
- `TTL` bounds what nothing above sees (raw SQL; the demo and bench loaders run before serving); after such a
  write, `dashboard_expire_all()` makes every dashboard recompute at once.
Counters and blocks live in Django's cache: Redis in production (shared by every web process and worker), local
memory in development (one process; Celery runs eagerly in it). A warm view costs four cache round trips.
"""

from datetime import date

from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone

from accounts.jurisdiction import active_assignment
from accounts.models import Role
from beneficiaries.models import ImportBatch

from . import versions
from .categories import categories_cached
from .figures import FACILITY, Summary, blocks_for, summary_compute

SCHEMA = 1  # bump when Summary changes shape: old pickles are never read again
# Every portal write moves a version, so a long life is safe; it only bounds writes made outside the portal.
# Long enough that a province's first view of the day is the only cold one (a cold province view takes 0.2–0.5 s
# at 300,000 people; a warm one ~25 ms, see docs/decisions/dashboard.md).
TTL = 6 * 60 * 60
# The counter each cached block reads (facility staff's block counts facilities).
TOPIC = {FACILITY: "facilities"}


def _imported(province_id: int) -> float:
    at = ImportBatch.objects.filter(
        unit__province_id=province_id, status=ImportBatch.Status.SAVED, saved_at__isnull=False
    ).aggregate(at=Max("saved_at"))["at"]
    return at.timestamp() if at else 0


def data_versions(province_id: int, blocks) -> dict[str, str]:
    """Each block's version for the province ("categories": the part its communes' versions share)."""
    topics = {block: TOPIC.get(block, block) for block in blocks}
    province = versions.province_key(province_id)
    keys = [versions.GLOBAL, province] + [versions.province_key(province_id, topic) for topic in topics.values()]
    found = versions.counters(keys)
    base = f"{found[versions.GLOBAL]}.{found[province]}"
    result = {block: f"{base}.{found[versions.province_key(province_id, topic)]}" for block, topic in topics.items()}
    if "categories" in result:
        result["categories"] += f".{_imported(province_id)}"
    return result


def data_version(province_id: int, block: str) -> str:
    return data_versions(province_id, [block])[block]


def dashboard_for_user(user, today: date | None = None) -> Summary:
    """The dashboard of the user's working unit: each block from the cache while its data version has not moved,
    the others computed together and cached."""
    today = today or timezone.localdate()
    assignment = active_assignment(user)
    if assignment is None:
        return summary_compute(user, (), today)
    if assignment.role == Role.FACILITY_STAFF:
        where, unit, blocks = f"f{assignment.facility_id}", assignment.facility.unit, (FACILITY,)
    else:
        where, unit, blocks = f"u{assignment.unit_id}", assignment.unit, blocks_for(user)
    province_id = unit.province_id or unit.pk
    found_versions = data_versions(province_id, blocks)
    # Stamped with the time the oldest part was computed (each part is still current: its version has not moved).
    summary = Summary(today=today, computed_at=timezone.now())
    times = []
    if "categories" in blocks:
        summary.categories, summary.people_total, computed_at = categories_cached(
            user, today, province_id=province_id, where=where, schema=SCHEMA, base=found_versions["categories"], ttl=TTL
        )
        times.append(computed_at)
    blocks = tuple(block for block in blocks if block != "categories")
    keys = {block: f"dashboard:{SCHEMA}:{where}:{block}:{today:%Y%m%d}:{found_versions[block]}" for block in blocks}
    found = cache.get_many(list(keys.values()))
    missing = tuple(block for block in blocks if keys[block] not in found)
    if missing:
        fresh = summary_compute(user, missing, today)
        parts = {keys[block]: fresh.part(block) for block in missing}
        cache.set_many(parts, TTL)
        found.update(parts)
    for block in blocks:
        summary.merge(found[keys[block]])
        times.append(found[keys[block]]["computed_at"])
    summary.computed_at = min(times, default=summary.computed_at)
    return summary
