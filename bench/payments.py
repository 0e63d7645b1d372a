"""Benchmark of the monthly payment roll generation: every paying commune of one province, next month.

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/ansinh_bench_pay REDIS_URL=redis://127.0.0.1:6379/5 \
    CELERY_TASK_ALWAYS_EAGER=0 .venv/bin/python -m bench.payments --people 300000 [--reuse]

    .venv/bin/python -m bench.payments --people 20000          # SQLite (its own file), tasks run eagerly

Loads the people as bench.run does (`load_demo_data --three-level-share 1.0`, then ANALYZE), so all of them are
in the three-level demo province. Each run first deletes that month's rolls, so it measures a first generation.
With Redis and eager tasks off, it starts its own Celery worker (2 prefork processes, on a queue of its own),
times `generation_start` until the job is done, reads each worker process's peak memory (VmHWM) and stops the
worker. On PostgreSQL it also times a plain COPY of the same rows (lines + items) into unlogged tables without
indexes, for the ratio. `--profile` profiles the largest commune in-process (cProfile, top functions on stderr).
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Never the shared development database: SQLite runs get a file of their own.
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/ansinh-bench-payments.sqlite3")
# As in production (config/settings.py: DEBUG off, connections kept 60 s); the worker processes inherit them.
# Development's defaults would keep every statement in memory and open a PostgreSQL backend per task.
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("CONN_MAX_AGE", "60")

QUEUE = "bench_payments"
WORKER_LOG = Path(tempfile.gettempdir()) / "bench-payments-worker.log"
ROOT = Path(__file__).resolve().parent.parent


def _load(args, figures) -> None:
    from django.core.management import call_command

    from bench.run import _analyze
    from beneficiaries.models import Person

    call_command("migrate", verbosity=0)
    if args.reuse and Person.objects.count() >= args.people:
        figures["reused_database"] = True
        return
    started = time.perf_counter()
    quiet = io.StringIO()  # the commands report on stdout, which carries the JSON
    call_command("load_admin_units", verbosity=0, stdout=quiet)
    call_command("load_demo_data", people=args.people, seed=args.seed, three_level_share=1.0, stdout=quiet)
    figures["load_s"] = round(time.perf_counter() - started, 1)
    _analyze()


def _clear(province, month) -> None:
    """Forget the month's rolls, so every run is a first generation."""
    from django.db import connection

    from payments.models import PaymentItem, PaymentLine, PaymentRoll, Reconciliation, RollChange, RollEvent

    rolls = PaymentRoll.objects.filter(commune__province=province, month=month)
    if connection.vendor == "postgresql" and not PaymentRoll.objects.exclude(pk__in=rolls.values("pk")).exists():
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE payments_paymentitem, payments_paymentline, payments_rollchange, payments_rollevent, "
                "payments_reconciliation, payments_paymentroll"
            )
            # Current statistics for the emptied tables, as autovacuum keeps them on a live database.
            cursor.execute("ANALYZE payments_paymentitem, payments_paymentline, payments_paymentroll")
        return
    for model in (PaymentItem, PaymentLine, RollChange, RollEvent, Reconciliation):
        field = "line__roll__in" if model is PaymentItem else "roll__in"
        model.objects.filter(**{field: rolls}).delete()
    rolls.delete()


# --- Worker processes -------------------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(value) for value in text.split()]


def _hwm_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def _cpu_s(pid: int, *, reaped: bool = False) -> float | None:
    """User + system CPU seconds of a process so far (with `reaped`, also of its children that ended)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if reaped else 0)
    return round(ticks / os.sysconf("SC_CLK_TCK"), 2)


def _postgres_cpu_s() -> float:
    """CPU seconds used so far by the PostgreSQL server on this machine: its processes, and the backends that
    ended (counted in the postmaster's reaped children; a backend per task when connections are not kept)."""
    total = 0.0
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() in ("postgres", "postmaster"):
                total += _cpu_s(int(comm.parent.name), reaped=True) or 0.0
        except OSError:
            continue
    return total


def _worker_start(concurrency: int) -> subprocess.Popen:
    from config.celery import app

    worker = subprocess.Popen(  # noqa: S603 - fixed arguments, our own virtualenv
        [str(ROOT / ".venv/bin/celery"), "-A", "config", "worker", "-c", str(concurrency), "-Q", QUEUE,
         "--pool", "prefork", "--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "warning"],
        cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=open(WORKER_LOG, "w"),  # noqa: SIM115
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise SystemExit(f"the Celery worker exited; see {WORKER_LOG}")
        if len(_children(worker.pid)) >= concurrency and app.control.ping(timeout=0.5):
            return worker
        time.sleep(0.2)
    _worker_stop(worker)
    raise SystemExit("the Celery worker did not start within 60 s")


def _worker_stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)  # warm shutdown
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            for child in _children(worker.pid):
                os.kill(child, signal.SIGKILL)
            worker.kill()
            worker.wait()


# --- Generation -------------------------------------------------------------------------------------------------


def _generate(province, month, actor, figures, *, workers: bool) -> None:
    from django.db import connection

    from core.models import Job
    from payments.generation import generation_start

    worker = None
    if workers:
        import redis
        from django.conf import settings

        from config.celery import app

        redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(QUEUE)  # leftovers of an interrupted run
        app.conf.task_default_queue = QUEUE  # the tasks this process sends go to our worker only
        worker = _worker_start(2)
        figures["worker_processes"] = len(_children(worker.pid))
    try:
        postgres_before = _postgres_cpu_s() if connection.vendor == "postgresql" else 0.0
        started = time.perf_counter()
        job = generation_start(unit=province, month=month, actor=actor)
        while True:
            job.refresh_from_db()
            if job.finished:
                break
            if worker is not None and worker.poll() is not None:
                raise SystemExit(f"the Celery worker died; see {WORKER_LOG}")
            time.sleep(0.05)
        figures["generation_s"] = round(time.perf_counter() - started, 2)
        if postgres_before:
            figures["postgres_cpu_s"] = round(_postgres_cpu_s() - postgres_before, 1)
        if job.status != Job.Status.DONE:
            raise SystemExit(f"the generation failed: {job.error}")
        if job.started_at and job.finished_at:
            figures["job_running_s"] = round((job.finished_at - job.started_at).total_seconds(), 2)
        figures["job_result"] = job.result
        if worker is not None:
            figures["worker_main_peak_mb"] = _hwm_mb(worker.pid)
            figures["worker_child_peak_mb"] = [_hwm_mb(pid) for pid in _children(worker.pid)]
            figures["worker_child_cpu_s"] = [_cpu_s(pid) for pid in _children(worker.pid)]
        else:
            figures["process_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    finally:
        if worker is not None:
            _worker_stop(worker)


def _counts(province, month, figures) -> None:
    from django.db.models import Count, Max

    from payments.models import PaymentItem, PaymentLine, PaymentRoll

    rolls = PaymentRoll.objects.filter(commune__province=province, month=month)
    figures["rolls"] = rolls.count()
    figures["lines"] = PaymentLine.objects.filter(roll__in=rolls).count()
    figures["items"] = PaymentItem.objects.filter(line__roll__in=rolls).count()
    figures["largest_roll_lines"] = rolls.aggregate(m=Max("lines_count"))["m"]
    figures["items_by_kind"] = dict(
        PaymentItem.objects.filter(line__roll__in=rolls).values_list("kind").annotate(n=Count("id")).order_by("kind")
    )


def _copy_baseline(province, month, figures) -> None:
    """A plain COPY of the same lines and items (as CSV in memory) into unlogged tables without indexes."""
    from django.db import connection, transaction

    from payments.models import PaymentRoll

    roll_ids = list(PaymentRoll.objects.filter(commune__province=province, month=month).values_list("id", flat=True))
    ids = ",".join(map(str, roll_ids)) or "0"
    sources = {
        # Only integers we read are interpolated (COPY (query) takes no parameters).
        "payments_paymentline": f"SELECT * FROM payments_paymentline WHERE roll_id IN ({ids})",  # noqa: S608
        "payments_paymentitem": "SELECT i.* FROM payments_paymentitem i JOIN payments_paymentline l "  # noqa: S608
        f"ON l.id = i.line_id WHERE l.roll_id IN ({ids})",
    }
    elapsed = 0.0
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        for table, query in sources.items():
            buffer = io.StringIO()
            raw.copy_expert(f"COPY ({query}) TO STDOUT WITH (FORMAT csv)", buffer)
            copy = f"bench_copy_{table}"
            cursor.execute(f"DROP TABLE IF EXISTS {copy}")
            cursor.execute(f"CREATE UNLOGGED TABLE {copy} (LIKE {table} INCLUDING DEFAULTS)")
            buffer.seek(0)
            started = time.perf_counter()
            raw.copy_expert(f"COPY {copy} FROM STDIN WITH (FORMAT csv)", buffer)
            elapsed += time.perf_counter() - started
            cursor.execute(f"DROP TABLE {copy}")
    figures["copy_s"] = round(elapsed, 3)
    if figures.get("generation_s"):
        figures["generation_to_copy_ratio"] = round(figures["generation_s"] / elapsed, 1)


def _profile(province, month, actor, figures) -> None:
    """The largest commune, in this process, under cProfile (the roll is regenerated from scratch)."""
    from django.db.models import Count

    from beneficiaries.models import Entitlement
    from locations.models import AdministrativeUnit
    from payments.generation import roll_generate
    from payments.models import PaymentRoll

    commune_id = (
        Entitlement.objects.filter(commune__province=province)
        .values("commune_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("commune_id", flat=True)
        .first()
    )
    commune = AdministrativeUnit.objects.select_related("province").get(pk=commune_id)
    PaymentRoll.objects.filter(commune=commune, month=month).delete()
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    roll = roll_generate(commune=commune, month=month, actor=actor)
    profiler.disable()
    figures["profiled_commune"] = {"lines": roll.lines_count, "seconds": round(time.perf_counter() - started, 2)}
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
    out.write("\n")
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(30)
    sys.stderr.write(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--reuse", action="store_true", help="measure an already loaded database")
    parser.add_argument("--profile", action="store_true", help="also profile the largest commune (stderr)")
    parser.add_argument("--profile-only", action="store_true", help="only profile the largest commune")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from demo.places import places_find
    from policy.rules import add_months, first_of_month

    workers = not settings.CELERY_TASK_ALWAYS_EAGER
    figures: dict = {"database": connection.vendor, "people_requested": args.people, "celery_workers": workers}
    _load(args, figures)
    province = places_find().province
    month = add_months(first_of_month(timezone.localdate()), 1)
    actor = User.objects.filter(username="canbo.so").first()
    figures["province"] = province.name
    figures["month"] = f"{month:%m/%Y}"
    _clear(province, month)
    if not args.profile_only:
        _generate(province, month, actor, figures, workers=workers)
        _counts(province, month, figures)
        if connection.vendor == "postgresql":
            _copy_baseline(province, month, figures)
    if args.profile or args.profile_only:
        _profile(province, month, actor, figures)
    json.dump(figures, sys.stdout, indent=2, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
