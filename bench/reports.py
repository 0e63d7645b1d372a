"""Report benchmark: the provincial workbook and form 10a for one commune, on the dataset of bench.report_data.

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/ansinh_bench7 .venv/bin/python -m bench.reports

Each build runs in a child process (`--one FORM UNIT_ID`), so its peak memory (max RSS from getrusage) is its
own and not the parent's. The period is the dataset's year of rolls, 01/07/2024–30/06/2025, closed 05/07/2025;
the commune is the one with the most lines. Prints figures as JSON (seconds, MB, row counts).
"""

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import time
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "0")

PERIOD = (date(2024, 7, 1), date(2025, 6, 30))
AS_OF = date(2025, 7, 5)


def _one(form: str, unit_id: int) -> None:
    """Build one report in this process and print its time, peak memory and result."""
    import django

    django.setup()
    from locations.models import AdministrativeUnit
    from reports.builders import BUILDERS
    from reports.models import ReportRequest

    unit = AdministrativeUnit.objects.get(pk=unit_id)
    request = ReportRequest(form=form, unit=unit, period_start=PERIOD[0], period_end=PERIOD[1], as_of=AS_OF)
    steps = []
    started = time.perf_counter()
    out = io.BytesIO()
    result = BUILDERS[form](out, request=request, progress=lambda percent, message="": steps.append(percent))
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": round(seconds, 2), "peak_mb": round(peak_mb, 1), "bytes": out.tell(),
                      "result": result}, default=str))  # fmt: skip


def _child(form: str, unit_id: int) -> dict:
    done = subprocess.run(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "bench.reports", "--one", form, str(unit_id)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", nargs=2, metavar=("FORM", "UNIT_ID"))
    args = parser.parse_args()
    if args.one:
        _one(args.one[0], int(args.one[1]))
        return

    import django

    django.setup()
    from django.db.models import Count

    from bench.report_data import _province
    from payments.models import PaymentLine, PaymentRoll

    province = _province()
    rolls = PaymentRoll.objects.filter(commune__province=province, month__gte=PERIOD[0], month__lte=PERIOD[1])
    busiest = (
        PaymentLine.objects.filter(roll__in=rolls)
        .values("roll__commune_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    figures: dict = {
        "rolls_in_period": rolls.count(),
        "lines_in_period": PaymentLine.objects.filter(roll__in=rolls).count(),
    }
    workbook = _child("workbook", province.pk)
    figures.update(workbook_s=workbook["seconds"], workbook_peak_mb=workbook["peak_mb"], workbook=workbook["result"])
    commune = _child("10a", busiest["roll__commune_id"])
    figures.update(
        form_10a_commune_s=commune["seconds"],
        form_10a_commune_peak_mb=commune["peak_mb"],
        form_10a_commune_lines=busiest["n"],
        form_10a_commune=commune["result"],
    )
    json.dump(figures, sys.stdout, indent=2, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
