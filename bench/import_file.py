"""Time and peak memory of importing N beneficiaries from Excel into one demo commune.

    DATABASE_URL=… .venv/bin/python -m bench.import_file --rows 50000

Run in its own process (bench.run starts it) so the peak memory is the import's own. The file is written with
openpyxl's write-only mode in the SPEC §4 layout; every row is valid (elderly people of poor households on 5.5.a
in a fresh ID range), so the figures are for validating and saving all of them, then for re-importing the
same file (which must create nothing).
"""

import argparse
import io
import json
import os
import resource
import sys
import time
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def build_file(rows: int, commune_code: str, *, first_id: int) -> bytes:
    """At most 1,000,000 rows: the six last digits of the ID number count them."""
    from openpyxl import Workbook

    from beneficiaries.imports.columns import TITLES

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    sheet.append(list(TITLES))
    for n in range(rows):
        born = date(1940 + n % 20, 1 + n % 12, 1 + n % 28)
        values = {
            "Họ và tên": f"Nguyễn Thị Thử {n}",
            "Ngày sinh": f"{born:%d/%m/%Y}",
            "Giới tính": "Nữ",
            "Dân tộc": "Kinh",
            # Birth registered in Hà Nội (001): the demo's people are all 087/092, so no number clashes.
            "Số định danh cá nhân": f"0011{born.year % 100:02d}{first_id + n:06d}",
            "Mã xã": commune_code,
            "Thôn/ấp": f"Ấp Thử {n % 12}",
            "Hộ nghèo/cận nghèo": "Hộ nghèo",
            "Diện hưởng": "5.5.a",
            "Mức độ khuyết tật": "",
            "Số con đang nuôi": "",
            "Đang đi học": "Không",
            "Số quyết định": f"{n}/QĐ-BENCH",
            "Ngày quyết định": "15/01/2025",
            "Hưởng từ tháng": "01/2025",
            "Hình thức chi trả": "Tiền mặt tại xã",
            "Số tài khoản": "",
            "Ngân hàng": "",
        }
        sheet.append([values[title] for title in TITLES])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def import_bench(rows: int) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts.models import User
    from accounts.selectors import assignment_list_for_user
    from beneficiaries.services.imports import import_save, import_validate

    user = User.objects.get(username="canbo.xa")
    user.active_assignment = assignment_list_for_user(user)[0]
    commune = user.active_assignment.unit
    figures: dict = {"import_rows": rows}
    started = time.perf_counter()
    content = build_file(rows, commune.code, first_id=0)
    figures["import_file_mb"] = round(len(content) / 1e6, 1)
    figures["import_build_file_s"] = round(time.perf_counter() - started, 1)
    for label in ("import", "reimport"):
        upload = SimpleUploadedFile("danh-sach.xlsx", content)
        started = time.perf_counter()
        batch = import_validate(actor=user, unit=commune, uploaded_file=upload)
        figures[f"{label}_validate_s"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        batch = import_save(actor=user, batch=batch, mode="all_or_nothing")
        figures[f"{label}_save_s"] = round(time.perf_counter() - started, 1)
        figures[f"{label}_created"] = batch.rows_created
        figures[f"{label}_unchanged"] = batch.rows_unchanged
        figures[f"{label}_errors"] = len(batch.errors)
    figures["import_peak_rss_mb"] = _peak_mb()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    import django

    django.setup()
    json.dump(import_bench(args.rows), sys.stdout, indent=2, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
