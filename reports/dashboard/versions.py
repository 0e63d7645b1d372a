"""Data version counters of the dashboard (see cache.py): one global, one per province, one per province and block,
and for people by category one per province and bucket of communes. Kept in Django's cache, never deleted.

A counter that is missing (never set, or evicted) starts from the clock in nanoseconds, so it never comes back to a
value a cached block could still carry; afterwards it is incremented.
"""

import time
from functools import partial

from django.core.cache import cache
from django.db import transaction

GLOBAL = "dashboard:version:all"


def province_key(province_id: int, block: str | None = None) -> str:
    return f"dashboard:version:{province_id}" + (f":{block}" if block else "")


# People by category are versioned per bucket of communes (commune id modulo BUCKETS) rather than per commune: a
# decision recounts about 1/16 of a province, and a province view reads 16 counters and 16 parts, not 150 of each
# (the development cache, local memory, keeps 300 entries).
BUCKETS = 16


def bucket(commune_id: int) -> int:
    return commune_id % BUCKETS


def bucket_key(province_id: int, number: int) -> str:
    return f"dashboard:version:{province_id}:categories:{number}"


def bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # missing or evicted: restart above any value it could have had
        cache.set(key, time.time_ns(), timeout=None)


def counters(keys: list[str]) -> dict[str, int]:
    """The counters' values, in one cache round trip (plus one per counter seen for the first time)."""
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            fresh = time.time_ns()
            cache.add(key, fresh, timeout=None)
            # Another process may have set it first; if it is already gone again, a value never seen before.
            found[key] = cache.get(key) or fresh
    return found


def dashboard_touch(province_id: int | None, block: str | None = None) -> None:
    """The province's data for `block` (None: every block) changed — None as province: some province, unknown.
    Its dashboards recompute once the current transaction commits (at once outside one). A cache invalidation,
    not domain flow."""
    key = GLOBAL if province_id is None else province_key(province_id, block)
    transaction.on_commit(partial(bump, key))


def dashboard_touch_commune(province_id: int, commune_id: int) -> None:
    """An entitlement paid by this commune changed: its bucket's people by category are recounted after commit."""
    transaction.on_commit(partial(bump, bucket_key(province_id, bucket(commune_id))))


def dashboard_expire_all() -> None:
    """Every dashboard recomputes on its next view, at once (after raw SQL or a bulk load; the bench's cold runs)."""
    bump(GLOBAL)
