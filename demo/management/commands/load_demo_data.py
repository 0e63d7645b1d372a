import gc
import time
from contextlib import contextmanager

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from demo.accounts import DEMO_PASSWORD, accounts_ensure, accounts_table
from demo.dossiers import dossiers_ensure
from demo.emergency_demo import emergency_demo_ensure
from demo.entitlements import entitlements_load
from demo.facilities_demo import facilities_demo_ensure
from demo.places import facilities_ensure, places_find, provinces_configure, villages_ensure
from demo.population import population_load
from demo.protection_demo import protection_demo_ensure
from locations.models import AdministrativeUnit


@contextmanager
def _bulk_mode():
    """Halves the time of a large load. With DEBUG on, Django keeps every statement and, on SQLite, re-quotes
    all its parameters with an extra query; and the garbage collector keeps rescanning Django's own objects
    (frozen here, as before a fork)."""
    gc.collect()
    gc.freeze()
    try:
        with override_settings(DEBUG=False):
            yield
    finally:
        gc.unfreeze()


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu trình diễn: tỉnh Đồng Tháp (ba cấp) và TP Cần Thơ (hai cấp), thôn/ấp, cơ sở trợ giúp xã hội, "
        "tài khoản mẫu (mật khẩu demo12345) và N đối tượng giả lập. Chạy lại không tạo trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=2000, help="Số đối tượng giả lập (mặc định 2000).")
        parser.add_argument(
            "--three-level-share",
            type=float,
            default=0.75,
            help="Phần đối tượng ở tỉnh ba cấp (mặc định 0,75; benchmark dùng 1 để dồn cả vào một tỉnh).",
        )
        parser.add_argument("--seed", type=int, default=20250101, help="Hạt giống ngẫu nhiên (mặc định 20250101).")

    def handle(self, *args, **options):
        if options["people"] < 0:
            raise CommandError("--people phải ≥ 0.")
        started = time.monotonic()
        if not AdministrativeUnit.objects.exists():
            self.stdout.write("Chưa có đơn vị hành chính: chạy load_admin_units trước.")
            call_command("load_admin_units", stdout=self.stdout)
        try:
            places = places_find()
        except (AdministrativeUnit.DoesNotExist, StopIteration) as exc:
            raise CommandError(f"Không tìm thấy đơn vị trình diễn: {exc}") from exc

        step = time.monotonic()
        provinces_configure(places)
        new_villages = villages_ensure(places)
        centre, new_facilities = facilities_ensure(places)
        new_users = accounts_ensure(places, centre)
        setup_seconds = time.monotonic() - step

        step = time.monotonic()
        with _bulk_mode():
            result = population_load(
                places, total=options["people"], seed=options["seed"], three_level_share=options["three_level_share"]
            )
            # Before the entitlements: the people it registers get theirs like everyone else (idempotent runs).
            new_incident_rows = protection_demo_ensure(places)
            granted = entitlements_load(provinces=[places.province, places.province_2cap])
        people_seconds = time.monotonic() - step
        new_dossiers = dossiers_ensure(places)
        new_incident_rows += emergency_demo_ensure(places)
        new_facility_rows = facilities_demo_ensure(places)

        self.stdout.write(
            f"Tỉnh ba cấp: {places.province} (quyết định: cấp huyện); tỉnh hai cấp: {places.province_2cap} "
            f"(quyết định: cấp xã). Hồ sơ đang xử lý mới: {new_dossiers}. "
            f"Trợ giúp khẩn cấp (dòng mới): {new_incident_rows}. "
            f"Cơ sở trợ giúp xã hội (dòng mới): {new_facility_rows}.\n"
            f"Thôn/ấp mới: {new_villages}. Cơ sở mới: {new_facilities}. Tài khoản mới: {new_users}. "
            f"({setup_seconds:.1f} giây)\n"
            f"Đối tượng mới: {result.people_created}, đã có: {result.people_skipped}; "
            f"hộ mới: {result.households_created}; chế độ hưởng mới: {granted.created}. ({people_seconds:.1f} giây)\n"
            f"Xã trình diễn: {places.commune} {result.per_commune.get(places.commune.code, 0)} người, "
            f"{places.commune2} {result.per_commune.get(places.commune2.code, 0)}, "
            f"{places.commune_2cap} {result.per_commune.get(places.commune_2cap.code, 0)}."
        )
        rows = accounts_table()
        width = max(len(r[0]) for r in rows)
        role_width = max(len(r[1]) for r in rows)
        self.stdout.write(f"\nTài khoản mẫu (mật khẩu {DEMO_PASSWORD}):")
        for username, role, unit in rows:
            self.stdout.write(f"  {username:<{width}}  {role:<{role_width}}  {unit}")
        self.stdout.write(self.style.SUCCESS(f"Xong trong {time.monotonic() - started:.1f} giây."))
