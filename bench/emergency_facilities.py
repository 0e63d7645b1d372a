"""Benchmark of emergency aid (issue 5) and care facilities (issue 6) at province scale, on PostgreSQL.

    createdb -h 127.0.0.1 -U postgres ansinh_bench56
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/ansinh_bench56 .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/ansinh_bench56 \
        .venv/bin/python -m bench.emergency_facilities [--households 20000] [--residents 300] [--reuse]

Builds (bench.emergency_facilities_data, bulk_create) one big flood over 30 communes with N assessed households
and 100 smaller incidents, and 10 public facilities with R residents each, then measures in-process with Django's
test client (network and browser excluded), logged in as a province officer, a commune officer (the flood
commune with the most households) and the first facility's staff:
- pages: median ms of `--repeat` requests and the number of SQL queries of one request. A page is measured on a
  big and a small object where both exist (the flood and a small incident): the same count means no query per row;
- downloads (.xlsx): median seconds of 3, queries, and the peak of Python memory during one request (tracemalloc);
- jobs: nurturing roll generation (service call, first generation: the month's rolls are deleted before each run)
  for one facility and for all 10, median of 3; the 10b and residents report builders for the province, each in a
  child process for its own time and peak memory (VmHWM), over bench.reports' period and closing date.
`--reuse` measures a database that already holds the world. Prints JSON.
"""

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "0")


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user, backend="accounts.backends.AssignmentBackend")
    return client


def _get(client, url: str) -> int:
    """GET `url` (a download read to its end); returns the size of the body."""
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return len(b"".join(response.streaming_content)) if response.streaming else len(response.content)


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        _get(client, url)
    return len(captured)


def _page(client, url: str, repeat: int) -> dict:
    _get(client, url)  # warm caches and connections
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        _get(client, url)
        samples.append((time.perf_counter() - started) * 1000)
    return {"median_ms": round(statistics.median(samples), 1), "queries": _queries(client, url)}


def _download(client, url: str) -> dict:
    samples = []
    for _ in range(3):
        started = time.perf_counter()
        size = _get(client, url)
        samples.append(time.perf_counter() - started)
    tracemalloc.start()
    tracemalloc.reset_peak()
    _get(client, url)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"median_s": round(statistics.median(samples), 2), "queries": _queries(client, url),
            "python_peak_mb": round(peak / 2**20, 1), "bytes": size}  # fmt: skip


def _build(args, figures):
    from bench.emergency_facilities_data import world_build, world_find
    from bench.run import _analyze

    world = world_find()
    if world is not None and args.reuse:
        figures["reused_database"] = True
        return world
    if world is not None:
        raise SystemExit("The database already holds a bench world: pass --reuse, or drop and recreate it.")
    started = time.perf_counter()
    world = world_build(households=args.households, residents=args.residents, seed=args.seed)
    _analyze()
    figures["build_s"] = round(time.perf_counter() - started, 1)
    return world


def _counts(world) -> dict:
    from emergency.models import AidLine, Assessment, AssessmentPerson, Disbursement, Incident
    from facilities.models import Resident

    flood = Assessment.objects.filter(incident=world.flood)
    return {
        "incidents": Incident.objects.filter(province=world.province).count(),
        "flood_communes": len(world.flood_communes),
        "flood_assessments": flood.count(),
        "flood_people_hurt": AssessmentPerson.objects.filter(assessment__incident=world.flood).count(),
        "flood_aid_lines": AidLine.objects.filter(assessment__incident=world.flood).count(),
        "flood_disbursements": Disbursement.objects.filter(line__assessment__incident=world.flood).count(),
        "officer_commune": world.commune.name,
        "officer_commune_assessments": flood.filter(commune=world.commune).count(),
        "all_assessments": Assessment.objects.count(),
        "facilities": len(world.facilities),
        "residents": Resident.objects.filter(facility__in=world.facilities).count(),
    }


def _emergency(world, users, repeat: int) -> dict:
    from django.db.models import Count

    from emergency.models import Assessment, Incident

    province, commune = users["bench.so"], users["bench.xa"]
    flood = world.flood.pk
    small = Incident.objects.filter(unit=world.commune).exclude(pk=flood).order_by("id").first().pk
    # The richest assessment of the flood in the officer's commune: most aid lines (people hurt, house, rice).
    busy = (
        Assessment.objects.filter(incident_id=flood, commune=world.commune, status="disbursed")
        .annotate(n=Count("lines"))
        .order_by("-n", "id")
        .first()
        .pk
    )
    out = {
        "province_incident_list": _page(province, "/khan-cap/", repeat),
        "commune_incident_list": _page(commune, "/khan-cap/", repeat),
        "province_flood_detail": _page(province, f"/khan-cap/su-kien/{flood}/", repeat),
        "province_small_incident_detail": _page(province, f"/khan-cap/su-kien/{small}/", repeat),
        "commune_flood_detail": _page(commune, f"/khan-cap/su-kien/{flood}/", repeat),
        "commune_assessment_detail": _page(commune, f"/khan-cap/danh-gia/{busy}/", repeat),
        "province_assessment_detail": _page(province, f"/khan-cap/danh-gia/{busy}/", repeat),
    }
    downloads = {
        "province_flood_summary_xlsx": (province, f"/khan-cap/su-kien/{flood}/tong-hop.xlsx"),
        "province_small_summary_xlsx": (province, f"/khan-cap/su-kien/{small}/tong-hop.xlsx"),
        "commune_flood_summary_xlsx": (commune, f"/khan-cap/su-kien/{flood}/tong-hop.xlsx"),
        "province_flood_village_xlsx": (province, f"/khan-cap/su-kien/{flood}/danh-sach-thon.xlsx"),
        "province_small_village_xlsx": (province, f"/khan-cap/su-kien/{small}/danh-sach-thon.xlsx"),
        "commune_flood_village_xlsx": (commune, f"/khan-cap/su-kien/{flood}/danh-sach-thon.xlsx"),
    }
    for name, (client, url) in downloads.items():
        out[name] = _download(client, url)
    return out


def _facilities(world, users, repeat: int) -> dict:
    from facilities.models import NurturingRoll

    province, staff = users["bench.so"], users["bench.coso"]
    facility = world.facilities[0].pk
    roll = NurturingRoll.objects.filter(facility_id=facility).order_by("-month").first().pk
    out = {
        "province_facility_list": _page(province, "/co-so/", repeat),
        "province_facility_detail": _page(province, f"/co-so/{facility}/", repeat),
        "staff_facility_detail": _page(staff, f"/co-so/{facility}/", repeat),
        "staff_resident_list": _page(staff, "/co-so/doi-tuong/", repeat),
        "province_resident_list": _page(province, "/co-so/doi-tuong/", repeat),
        "province_roll_list": _page(province, "/co-so/tro-cap-nuoi-duong/", repeat),
        "staff_roll_detail": _page(staff, f"/co-so/tro-cap-nuoi-duong/{roll}/", repeat),
        "staff_roll_detail_page_3": _page(staff, f"/co-so/tro-cap-nuoi-duong/{roll}/?page=3", repeat),
        "province_roll_detail": _page(province, f"/co-so/tro-cap-nuoi-duong/{roll}/", repeat),
    }
    out["staff_roll_xlsx"] = _download(staff, f"/co-so/tro-cap-nuoi-duong/{roll}/excel/")
    return out


def _rolls(world, actor) -> dict:
    """Nurturing roll generation, first generation each run (the month's rolls are deleted before)."""
    from bench.emergency_facilities_data import ROLL_MONTH
    from facilities.models import NurturingRoll
    from facilities.services.rolls import nurturing_roll_generate

    def clear():
        NurturingRoll.objects.filter(facility__in=world.facilities, month=ROLL_MONTH).delete()

    def timed(facilities) -> float:
        clear()
        started = time.perf_counter()
        for facility in facilities:
            nurturing_roll_generate(facility=facility, month=ROLL_MONTH, actor=actor)
        return time.perf_counter() - started

    one = [timed(world.facilities[:1]) for _ in range(3)]
    every = [timed(world.facilities) for _ in range(3)]
    rolls = NurturingRoll.objects.filter(facility__in=world.facilities, month=ROLL_MONTH)
    first = rolls.get(facility=world.facilities[0])
    return {
        "roll_month": f"{ROLL_MONTH:%m/%Y}",
        "roll_one_facility_s": round(statistics.median(one), 3),
        "roll_all_10_s": round(statistics.median(every), 3),
        "roll_one_facility_people": first.people,
        "roll_one_facility_total": first.total,
        "roll_all_people": sum(r.people for r in rolls),
        "roll_all_total": sum(r.total for r in rolls),
    }


def _report_one(form: str, unit_id: int) -> None:
    """Build one report in this (child) process; print its time and peak memory. VmHWM rather than ru_maxrss:
    a child keeps its parent's ru_maxrss across fork and exec, and this parent is large by now."""
    import django

    django.setup()
    from bench.payments import _hwm_mb
    from bench.reports import AS_OF, PERIOD
    from locations.models import AdministrativeUnit
    from reports.builders import BUILDERS
    from reports.models import ReportRequest

    unit = AdministrativeUnit.objects.get(pk=unit_id)
    request = ReportRequest(form=form, unit=unit, period_start=PERIOD[0], period_end=PERIOD[1], as_of=AS_OF)
    started = time.perf_counter()
    result = BUILDERS[form](io.BytesIO(), request=request, progress=lambda percent, message="": None)
    seconds = round(time.perf_counter() - started, 2)
    print(json.dumps({"seconds": seconds, "peak_mb": _hwm_mb(os.getpid()), "result": result}, default=str))


def _reports(world) -> dict:
    from bench.reports import AS_OF, PERIOD

    out = {"report_period": f"{PERIOD[0]:%d/%m/%Y}–{PERIOD[1]:%d/%m/%Y}", "report_as_of": f"{AS_OF:%d/%m/%Y}"}
    for form in ("10b", "residents"):
        done = subprocess.run(  # noqa: S603 - our own module, fixed arguments
            [sys.executable, "-m", "bench.emergency_facilities", "--report", form, str(world.province.pk)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        out[f"report_{form}"] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=20_000, help="assessed households of the big flood")
    parser.add_argument("--residents", type=int, default=300, help="residents of each of the 10 facilities")
    parser.add_argument("--seed", type=int, default=20240920)
    parser.add_argument("--repeat", type=int, default=9, help="requests per page for the median")
    parser.add_argument("--reuse", action="store_true", help="measure an already built database")
    parser.add_argument("--emergency-only", action="store_true", help="measure only the emergency pages and downloads")
    parser.add_argument("--report", nargs=2, metavar=("FORM", "UNIT_ID"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.report:
        _report_one(args.report[0], int(args.report[1]))
        return

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    if connection.vendor != "postgresql":
        raise SystemExit("bench.emergency_facilities needs PostgreSQL (DATABASE_URL)")
    call_command("migrate", verbosity=0)
    if not args.reuse:
        from locations.models import AdministrativeUnit

        if not AdministrativeUnit.objects.exists():
            call_command("load_admin_units", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    figures: dict = {"database": connection.settings_dict["NAME"]}
    world = _build(args, figures)
    figures["counts"] = _counts(world)
    setup_test_environment()
    clients = {name: _client(user) for name, user in world.users.items()}
    if args.emergency_only:
        figures["emergency_pages"] = _emergency(world, clients, args.repeat)
    else:
        figures["jobs"] = _rolls(world, world.users["bench.so"])  # before the pages: the roll pages need a roll
        figures["emergency_pages"] = _emergency(world, clients, args.repeat)
        figures["facility_pages"] = _facilities(world, clients, args.repeat)
        figures["jobs"].update(_reports(world))
    figures["process_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    json.dump(figures, sys.stdout, indent=2, ensure_ascii=False, default=str)
    print()


if __name__ == "__main__":
    main()
