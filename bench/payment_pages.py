"""Server time of the roll page and of the roll exports, on a database where bench.payments generated a month.

    DATABASE_URL=… .venv/bin/python -m bench.payment_pages --month 12/2026

Prints JSON: the commune roll page (median of 15), the commune roll .xlsx, and the province-wide .xlsx with this
process's peak memory (run it on its own so the peak is the export's).
"""

import argparse
import json
import os
import resource
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def _client(username: str):
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username), backend="accounts.backends.AssignmentBackend")
    return client


def _download_s(client, url: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    size = len(b"".join(response.streaming_content)) if response.streaming else len(response.content)
    return round(time.perf_counter() - started, 2), size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--month", required=True, help="MM/YYYY")
    args = parser.parse_args()
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    from bench.run import _median_ms
    from payments.models import PaymentRoll

    setup_test_environment()
    month, year = (int(part) for part in args.month.split("/"))
    figures: dict = {"month": args.month}
    commune = _client("canbo.xa")
    roll = PaymentRoll.objects.get(commune__name="Thị trấn Mỹ Thọ", month__year=year, month__month=month)
    figures["commune_roll_lines"] = roll.lines_count
    figures["roll_page_median_ms"] = _median_ms(commune, f"/chi-tra/{roll.pk}/")
    figures["commune_export_s"], _ = _download_s(commune, f"/chi-tra/{roll.pk}/xuat/excel/")
    province = _client("canbo.so")
    lines = sum(PaymentRoll.objects.filter(month__year=year, month__month=month).values_list("lines_count", flat=True))
    figures["province_export_lines"] = lines
    figures["province_export_s"], size = _download_s(province, f"/chi-tra/xuat/excel/?month={args.month}")
    figures["province_export_mb"] = round(size / 1e6, 1)
    figures["process_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    json.dump(figures, sys.stdout, indent=2, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
