import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from beneficiaries.models import Entitlement
from core.templatetags import vn_format
from locations.models import TWO_LEVEL_START, AdministrativeUnit, Level, Structure
from payments.generation import check_month, paying_communes, roll_generate
from payments.models import PaymentRoll


class Command(BaseCommand):
    help = (
        "Lập (hoặc lập lại) dự thảo danh sách chi trả của một tháng cho từng xã có đối tượng, lần lượt từng xã, "
        "trong tỉnh, huyện hoặc xã đã chọn (mặc định: mọi tỉnh). Danh sách đã trình hoặc đã phê duyệt được giữ nguyên."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="Tháng chi trả, dạng MM/YYYY (ví dụ 12/2026)")
        parser.add_argument("--unit", help="Mã tỉnh, huyện hoặc xã (cấu trúc hành chính hiện hành); mặc định mọi tỉnh")

    def handle(self, *args, **options):
        month = _month(options["month"])
        try:
            check_month(month)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        units = [_unit(options["unit"])] if options["unit"] else _provinces()
        lines = total = done = 0
        failed = []
        for unit in units:
            for commune in paying_communes(unit, month).select_related("province"):
                existing = PaymentRoll.objects.filter(commune=commune, month=month).first()
                if existing is not None and existing.status != PaymentRoll.Status.DRAFT:
                    self.stdout.write(
                        f"{commune.name} ({commune.code}): giữ nguyên, danh sách {existing.get_status_display()}"
                        f" — {existing.lines_count} người, {format_vnd(existing.total)}"
                    )
                    continue
                try:
                    roll = roll_generate(commune=commune, month=month, actor=None)
                except ValidationError as exc:
                    failed.append(commune.name)
                    self.stderr.write(f"{commune.name} ({commune.code}): {' '.join(exc.messages)}")
                    continue
                done += 1
                lines += roll.lines_count
                total += roll.total
                self.stdout.write(
                    f"{commune.name} ({commune.code}): {roll.lines_count} người, {format_vnd(roll.total)}"
                )
        self.stdout.write(
            self.style.SUCCESS(f"Tháng {month:%m/%Y}: đã lập {done} xã, {lines} người, tổng cộng {format_vnd(total)}.")
        )
        if failed:
            raise CommandError(f"Không lập được danh sách của {len(failed)} xã: {', '.join(failed)}.")


def format_vnd(amount: int) -> str:
    """1.620.000 ₫ with a plain space (the terminal's copy-paste and log files keep it)."""
    return vn_format.format_vnd(amount).replace("\u00a0", " ")


def _month(text: str) -> date:
    match = re.fullmatch(r"\s*(\d{1,2})/(\d{4})\s*", text or "")
    if not match or not 1 <= int(match[1]) <= 12:
        raise CommandError(f"Tháng «{text}» không đúng dạng MM/YYYY (ví dụ 12/2026).")
    return date(int(match[2]), int(match[1]), 1)


def _unit(code: str) -> AdministrativeUnit:
    """A province, district or commune by its code, in the administrative structure in force today."""
    today = timezone.localdate()
    units = [unit for unit in AdministrativeUnit.objects.filter(code=code.strip()) if unit.valid_on(today)]
    if len(units) > 1:
        current = Structure.TWO_LEVEL if today >= TWO_LEVEL_START else Structure.THREE_LEVEL
        units = [unit for unit in units if unit.structure == current] or units
    if not units:
        raise CommandError(f"Mã đơn vị «{code}» không có trong danh mục đơn vị hành chính đang hiệu lực.")
    if len(units) > 1:
        raise CommandError(f"Mã đơn vị «{code}» trùng ở nhiều đơn vị đang hiệu lực.")
    return units[0]


def _provinces() -> list[AdministrativeUnit]:
    paying = Entitlement.objects.values("commune__province_id")
    return list(AdministrativeUnit.objects.filter(level=Level.PROVINCE, pk__in=paying).order_by("code"))
