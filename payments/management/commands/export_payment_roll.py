from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.templatetags.vn_format import format_vnd
from locations.models import TWO_LEVEL_START, AdministrativeUnit, Level, Structure
from payments.exports.bank_csv import write_bank_csv
from payments.exports.health_insurance import write_health_insurance_xlsx
from payments.exports.roll_xlsx import write_roll_xlsx
from payments.exports.signature_sheet import write_signature_sheet
from payments.exports.source import parse_month, rolls_in_unit
from payments.exports.summary_xlsx import write_summary_xlsx

KINDS = ("roll", "signature", "bank", "summary", "health-insurance")


class Command(BaseCommand):
    help = (
        "Xuất danh sách chi trả của một tháng ra tệp. Mã xã: danh sách của xã đó; mã huyện hoặc tỉnh: một tệp gồm "
        "danh sách của mọi xã trong huyện/tỉnh (cột «Mã xã», «Xã/phường» ở cuối). --kind chọn tệp khác: danh sách "
        "ký nhận, tệp chuyển khoản (xã), tổng hợp theo xã, danh sách tăng/giảm thẻ BHYT."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="Tháng chi trả, dạng MM/YYYY (ví dụ 11/2026)")
        parser.add_argument("--unit", required=True, help="Mã xã, huyện hoặc tỉnh")
        parser.add_argument("--out", required=True, help="Đường dẫn tệp ghi ra (.xlsx, hoặc .csv với --kind bank)")
        parser.add_argument("--kind", choices=KINDS, default="roll", help="Loại tệp (mặc định: roll)")
        parser.add_argument(
            "--with-hiv",
            action="store_true",
            help="Ghi mã diện 5.3, 5.8 (HIV); mặc định ghi «—» như với người không có quyền xem",
        )

    def handle(self, *args, **options):
        month = parse_month(options["month"])
        if month is None:
            raise CommandError(f"Tháng «{options['month']}» không đúng dạng MM/YYYY (ví dụ 11/2026).")
        unit = _unit(options["unit"], month)
        kind, path, today = options["kind"], options["out"], timezone.localdate()
        reader = {"show_hiv": options["with_hiv"], "show_full_id": True}
        if kind in ("signature", "bank") and unit.level != Level.COMMUNE:
            raise CommandError("Danh sách ký nhận và tệp chuyển khoản được xuất theo từng xã: hãy ghi mã xã.")
        rolls = list(rolls_in_unit(unit, month))
        if kind in ("roll", "signature", "bank") and not rolls:
            raise CommandError(f"{unit.name} chưa có danh sách chi trả tháng {month:%m/%Y}.")

        if kind == "bank":
            with open(path, "w", encoding="utf-8", newline="") as out:
                result = write_bank_csv(out, roll=rolls[0], show_full_id=True)
            summary = f"{result['count']} người, {_vnd(result['total'])}"
        else:
            with open(path, "wb") as out:
                if kind == "roll":
                    result = write_roll_xlsx(out, unit=unit, month=month, rolls=rolls, today=today, **reader)
                    summary = f"{len(rolls)} xã, {result['count']} người, {_vnd(result['Tổng cộng'])}"
                elif kind == "signature":
                    result = write_signature_sheet(out, roll=rolls[0])
                    summary = f"{result['count']} người nhận tiền mặt, {_vnd(result['total'])}"
                elif kind == "summary":
                    result = write_summary_xlsx(out, unit=unit, month=month, today=today)
                    summary = f"{result['communes']} xã, {result['generated']} xã đã lập danh sách"
                else:
                    result = write_health_insurance_xlsx(out, unit=unit, month=month, today=today, **reader)
                    summary = f"tăng {result['new']} người, giảm {result['ended']} người"
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {path}: {unit.name}, tháng {month:%m/%Y} — {summary}."))


def _vnd(amount: int) -> str:
    return format_vnd(amount).replace("\u00a0", " ")


def _unit(code: str, month) -> AdministrativeUnit:
    """The unit with `code` in the structure in force in `month` (a 2024 roll belongs to a three-level commune)."""
    units = list(AdministrativeUnit.objects.filter(code=(code or "").strip()))
    if len(units) > 1:
        units = [unit for unit in units if unit.valid_on(month)] or units
    if len(units) > 1:
        structure = Structure.TWO_LEVEL if month >= TWO_LEVEL_START else Structure.THREE_LEVEL
        units = [unit for unit in units if unit.structure == structure] or units
    if not units:
        raise CommandError(f"Mã đơn vị «{code}» không có trong danh mục đơn vị hành chính.")
    if len(units) > 1:
        with_rolls = [unit for unit in units if rolls_in_unit(unit, month).exists()]
        units = with_rolls or units
    if len(units) > 1:
        raise CommandError(f"Mã đơn vị «{code}» trùng ở nhiều đơn vị; không chọn được đơn vị nào.")
    return units[0]
