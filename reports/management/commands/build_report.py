from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from beneficiaries.forms import parse_vn_date
from locations.models import TWO_LEVEL_START, AdministrativeUnit, Structure
from reports.builders import BUILDERS
from reports.models import ReportForm, ReportRequest
from reports.periods import parse_period
from reports.services.requests import period_label, report_check


class Command(BaseCommand):
    help = (
        "Lập một báo cáo ngay (không qua Celery) và ghi ra tệp .xlsx: mẫu 10a–10d, báo cáo tổng hợp của tỉnh, chi trả "
        "không dùng tiền mặt, mai táng phí, đối tượng tại cơ sở. Số liệu tính đến hết ngày chốt (--as-of)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--form", required=True, choices=ReportForm.values, help="Mẫu báo cáo, ví dụ 10a")
        parser.add_argument("--unit", required=True, help="Mã xã, huyện hoặc tỉnh")
        parser.add_argument("--period", required=True, help="Kỳ báo cáo MM/YYYY-MM/YYYY (ví dụ 01/2026-06/2026)")
        parser.add_argument("--as-of", dest="as_of", help="Ngày chốt số liệu dd/mm/yyyy (mặc định: hôm nay)")
        parser.add_argument("--out", required=True, help="Đường dẫn tệp .xlsx ghi ra")

    def handle(self, *args, **options):
        period = parse_period(options["period"])
        if period is None:
            text = options["period"]
            raise CommandError(f"Kỳ báo cáo «{text}» không đúng dạng MM/YYYY-MM/YYYY (ví dụ 01/2026-06/2026).")
        start, end = period
        today = timezone.localdate()
        as_of = parse_vn_date(options["as_of"]) if options["as_of"] else today
        if as_of is None:
            raise CommandError(f"Ngày chốt số liệu «{options['as_of']}» không đúng dạng dd/mm/yyyy.")
        unit = _unit(options["unit"], start, end)
        form = options["form"]
        try:
            report_check(form=form, unit=unit, period_start=start, period_end=end, as_of=as_of, today=today)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        # Not saved: a report built by hand is the operator's file, not an entry in anyone's download centre.
        request = ReportRequest(form=form, unit=unit, period_start=start, period_end=end, as_of=as_of)

        def progress(percent, message=""):
            if options["verbosity"] >= 2:
                self.stderr.write(f"{int(percent):3d}% {message}")

        with open(options["out"], "wb") as out:
            result = BUILDERS[form](out, request=request, progress=progress)
        label = ReportForm(form).label
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã ghi {options['out']}: {label} – {unit.name}, {period_label(start, end)}, "
                f"số liệu chốt đến {as_of:%d/%m/%Y}." + _summary(result)
            )
        )


def _summary(result) -> str:
    if not isinstance(result, dict) or not result:
        return ""
    return " " + ", ".join(f"{key}: {value}" for key, value in list(result.items())[:6]) + "."


def _unit(code: str, start: date, end: date) -> AdministrativeUnit:
    """The unit with `code`; when both structures use it, the one existing during the period, then the one of the
    structure in force at the period's end (a code can be reused after 01/07/2025)."""
    units = list(AdministrativeUnit.objects.filter(code=(code or "").strip()))
    if len(units) > 1:
        units = [u for u in units if u.valid_on(end) or u.valid_on(start)] or units
    if len(units) > 1:
        structure = Structure.TWO_LEVEL if end >= TWO_LEVEL_START else Structure.THREE_LEVEL
        units = [u for u in units if u.structure == structure] or units
    if not units:
        raise CommandError(f"Mã đơn vị «{code}» không có trong danh mục đơn vị hành chính.")
    if len(units) > 1:
        raise CommandError(f"Mã đơn vị «{code}» trùng ở nhiều đơn vị; không chọn được đơn vị nào.")
    return units[0]
