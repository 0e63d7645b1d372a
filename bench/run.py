"""Benchmark entry point: build a synthetic province of N people and print figures as JSON.

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/ansinh_bench .venv/bin/python -m bench.run --people 300000

Uses its own database (the name in DATABASE_URL; created by `manage.py migrate`'s caller). Server times are
measured in-process with Django's test client, median of repeated requests, so network and browser are excluded.
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=20250101)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from accounts.models import User
    from beneficiaries.models import Person

    figures: dict = {"database": connection.vendor, "people_requested": args.people}
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("load_admin_units", verbosity=0)
    figures["load_admin_units_s"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    call_command("load_admin_units", verbosity=0)
    figures["load_admin_units_again_s"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    call_command("load_demo_data", people=args.people, seed=args.seed, verbosity=0)
    figures["load_demo_data_s"] = round(time.perf_counter() - started, 2)
    figures["people_in_database"] = Person.objects.count()

    setup_test_environment()
    pages = {
        "commune_home": ("canbo.xa", "/"),
        "commune_people_list": ("canbo.xa", "/doi-tuong/"),
        "province_home": ("canbo.so", "/"),
        "province_people_list": ("canbo.so", "/doi-tuong/"),
        "province_people_search_folded_name": ("canbo.so", "/doi-tuong/?q=nguyen+van"),
        "province_people_search_id_prefix": ("canbo.so", "/doi-tuong/?q=0870"),
    }
    for name, (username, url) in pages.items():
        client = Client()
        client.force_login(User.objects.get(username=username), backend="accounts.backends.AssignmentBackend")
        figures[f"{name}_median_ms"] = _median_ms(client, url)
    json.dump(figures, sys.stdout, indent=2, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
