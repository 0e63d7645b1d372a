from django.core.management.base import BaseCommand

from locations.services import admin_units_load


class Command(BaseCommand):
    help = "Nạp (hoặc cập nhật) toàn bộ đơn vị hành chính ba cấp và hai cấp từ gói danh mục vietnamadminunits."

    def handle(self, *args, **options):
        result = admin_units_load(
            progress=lambda p, m: self.stdout.write(f"  {p:3d}% {m}") if options["verbosity"] > 1 else None
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Ba cấp: {result.provinces['three_level']} tỉnh, {result.districts} huyện, "
                f"{result.communes['three_level']} xã. Hai cấp: {result.provinces['two_level']} tỉnh, "
                f"{result.communes['two_level']} xã. Chuyển đổi: {result.successions}. {result.seconds} giây."
            )
        )
