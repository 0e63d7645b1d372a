"""Benchmark entry point: build a synthetic province of N people and print figures as JSON.

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/ansinh_bench .venv/bin/python -m bench.run --people 300000

All N people go to the three-level demo province (Đồng Tháp), so the province-wide figures are for a province of
that size. Uses its own database (the name in DATABASE_URL). Server times are measured in-process with Django's
test client, median of repeated requests, so network and browser are excluded. `--reuse` keeps a database that
already holds the people and only measures. `--import-rows N` also times an Excel import of N rows.
"""

import argparse
import json
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def _median_ms(client, url: str, repeat: int = 15) -> float:
    client.get(url)  # warm caches and connections
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return round(statistics.median(samples), 1)


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def _load(args, figures) -> None:
    from django.core.management import call_command

    from beneficiaries.models import Person

    call_command("migrate", verbosity=0)
    if args.reuse and Person.objects.count() >= args.people:
        figures["reused_database"] = True
        return
    started = time.perf_counter()
    call_command("load_admin_units", verbosity=0)
    figures["load_admin_units_s"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    call_command("load_demo_data", people=args.people, seed=args.seed, three_level_share=1.0, verbosity=0)
    figures["load_demo_data_s"] = round(time.perf_counter() - started, 2)
    _analyze()


def _analyze() -> None:
    """Fresh planner statistics after a bulk load, as autovacuum would give a production database minutes later;
    without them PostgreSQL plans the province-wide list as if the tables were empty."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _pages(figures) -> None:
    from django.test import Client

    from accounts.models import User
    from beneficiaries.models import Entitlement, Person

    commune_person = Person.objects.filter(commune__name="Thị trấn Mỹ Thọ", entitlements__isnull=False).first()
    somebody = Person.objects.filter(commune__province__code="87").order_by("id")[1000]
    village = somebody.village.name if somebody.village else ""
    pages = {
        "commune_home": ("canbo.xa", "/"),
        "commune_people_list": ("canbo.xa", "/doi-tuong/"),
        "province_home": ("canbo.so", "/"),
        "province_people_list": ("canbo.so", "/doi-tuong/"),
        "province_search_folded_name": ("canbo.so", f"/doi-tuong/?q={somebody.name_folded.replace(' ', '+')}"),
        "province_search_common_name": ("canbo.so", "/doi-tuong/?q=nguyen+van"),
        "province_search_full_id": ("canbo.so", f"/doi-tuong/?q={somebody.id_number}"),
        "province_search_id_prefix": ("canbo.so", f"/doi-tuong/?q={somebody.id_number[:8]}"),
        "province_filter_village": ("canbo.so", f"/doi-tuong/?village={village.replace(' ', '+')}"),
        "province_filter_category": ("canbo.so", "/doi-tuong/?category=5.5.a"),
        "person_page": ("canbo.xa", f"/doi-tuong/{commune_person.pk}/"),
        "province_dossier_list": ("canbo.so", "/ho-so/"),
        "policy_overview": ("canbo.so", "/chinh-sach/"),
    }
    for name, (username, url) in pages.items():
        client = Client()
        client.force_login(User.objects.get(username=username), backend="accounts.backends.AssignmentBackend")
        figures[f"{name}_median_ms"] = _median_ms(client, url)
        if name in ("person_page", "province_people_list", "province_dossier_list"):
            figures[f"{name}_queries"] = _queries(client, url)
    figures["people_in_database"] = Person.objects.count()
    figures["entitlements_in_database"] = Entitlement.objects.count()


def _import(figures, rows: int) -> None:
    """In a child process, so its peak memory is the import's own and not the page benchmark's."""
    import subprocess

    done = subprocess.run(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "bench.import_file", "--rows", str(rows)], capture_output=True, text=True, check=True
    )
    figures.update(json.loads(done.stdout))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--reuse", action="store_true", help="measure an already loaded database")
    parser.add_argument("--import-rows", type=int, default=0, help="also time an Excel import of this many rows")
    parser.add_argument("--skip-pages", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    figures: dict = {"database": connection.vendor, "people_requested": args.people}
    _load(args, figures)
    setup_test_environment()
    if not args.skip_pages:
        _pages(figures)
    if args.import_rows:
        _import(figures, args.import_rows)
    json.dump(figures, sys.stdout, indent=2, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
