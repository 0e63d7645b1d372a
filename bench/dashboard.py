"""Server time of the dashboard (reports:dashboard, issue 7: under 300 ms with 300,000 people on PostgreSQL).

    createdb -h 127.0.0.1 -U postgres ansinh_bench7
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/ansinh_bench7 .venv/bin/python -m bench.report_data \
        --people 300000 --reuse
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/ansinh_bench7 .venv/bin/python -m bench.dashboard \
        [--repeat 15] [--dossiers 20000]

For a province officer (canbo.so), a district officer (chuyenvien.huyen) and a commune officer (canbo.xa) of the
demo province: the median server time of the page **cold** (every version moved: all figures recomputed), **warm**
(all from the cache), **after a dossier step** in the province (the dossier counts recomputed) and **after a
decision** in Thị trấn Mỹ Thọ (the people by category of its bucket of communes recounted), each over `--repeat`
requests, with the number of queries, and the time of each block of figures computed on its own without the cache.
Measured in-process with Django's test client (network and browser excluded), as bench/run.py does.

`--dossiers N` first adds N open dossiers at varied steps and deadlines (the benchmark dataset has almost none), in
a transaction that is rolled back at the end: the database is left as it was found. Prints JSON.
"""

import argparse
import json
import os
import statistics
import sys
import time
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "0")

PERSONAS = {"province": "canbo.so", "district": "chuyenvien.huyen", "commune": "canbo.xa"}


def _client(username: str):
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username), backend="accounts.backends.AssignmentBackend")
    return client


def _timed(client, url: str) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed, len(captured)


def _median(samples: list[float]) -> float:
    return round(statistics.median(samples), 1)


def _measure(client, url: str, repeat: int, province_id: int, commune_id: int) -> dict:
    """Cold (every version moved), warm, and the two usual changes of a working day: a dossier step anywhere in
    the province, a decision (an entitlement) in one commune."""
    from reports.dashboard import versions

    changes = {
        "cold": lambda: versions.bump(versions.GLOBAL),
        "after_dossier_step": lambda: versions.bump(versions.province_key(province_id, "dossiers")),
        "after_decision_in_one_commune": lambda: versions.bump(
            versions.bucket_key(province_id, versions.bucket(commune_id))
        ),
    }
    samples: dict[str, list[float]] = {name: [] for name in [*changes, "warm"]}
    queries = {}
    for _ in range(repeat):
        for name, change in changes.items():
            change()
            elapsed, queries[name] = _timed(client, url)
            samples[name].append(elapsed)
            elapsed, queries["warm"] = _timed(client, url)
            samples["warm"].append(elapsed)
    result = {f"{name}_median_ms": _median(values) for name, values in samples.items()}
    result["cold_max_ms"] = round(max(samples["cold"]), 1)
    result["warm_max_ms"] = round(max(samples["warm"]), 1)
    result["queries"] = queries
    return result


def _blocks_ms(username: str) -> dict:
    """Each block of figures computed on its own, without the cache (where the cold time goes)."""
    from accounts.models import User
    from reports.dashboard import BLOCKS, summary_compute

    user = User.objects.get(username=username)
    user.active_assignment = user.assignments.select_related("unit", "facility").first()
    result = {}
    for block in BLOCKS:
        samples = []
        for _ in range(3):
            started = time.perf_counter()
            summary_compute(user, (block,))
            samples.append((time.perf_counter() - started) * 1000)
        result[block] = round(statistics.median(samples), 1)
    return result


def _add_dossiers(n: int) -> None:
    """N open dossiers spread over the province's communes, steps and deadlines (half of them overdue)."""
    from django.utils import timezone

    from accounts.models import User
    from beneficiaries.models import Person
    from dossiers.models import Dossier

    today = timezone.localdate()
    steps = ["draft", "submitted", "posted", "forwarded", "appraised", "returned"]
    creator = User.objects.get(username="canbo.xa")
    people = Person.objects.filter(commune__province__code="87").order_by("id").values_list("id", "commune_id")
    people = list(people[:n])
    Dossier.objects.bulk_create(
        [
            Dossier(
                kind=Dossier.Kind.MONTHLY,
                flow=Dossier.Flow.THREE_LEVEL,
                status=steps[i % len(steps)],
                person_id=person_id,
                commune_id=commune_id,
                received_on=today - timedelta(days=30),
                due_on=today + timedelta(days=(i % 20) - 10),
                created_by=creator,
            )  # fmt: skip
            for i, (person_id, commune_id) in enumerate(people)
        ],
        batch_size=5000,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--dossiers", type=int, default=20000)
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from beneficiaries.models import Person
    from locations.models import AdministrativeUnit, Structure

    setup_test_environment()
    url = reverse("reports:dashboard")
    figures: dict = {
        "database": connection.settings_dict["NAME"],
        "vendor": connection.vendor,
        "people": Person.objects.count(),
        "repeat": args.repeat,
    }
    with transaction.atomic():
        if args.dossiers:
            _add_dossiers(args.dossiers)
            figures["dossiers_added_then_rolled_back"] = args.dossiers
        province = AdministrativeUnit.objects.get(structure=Structure.THREE_LEVEL, level="province", code="87")
        commune = AdministrativeUnit.objects.get(province=province, level="commune", name="Thị trấn Mỹ Thọ")
        for role, username in PERSONAS.items():
            figures[role] = _measure(_client(username), url, args.repeat, province.pk, commune.pk)
            figures[role]["blocks_ms"] = _blocks_ms(username)
        transaction.set_rollback(True)
    json.dump(figures, sys.stdout, indent=2, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
