import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from facilities.models import Facility, NurturingRoll
from facilities.services.rolls import nurturing_roll_generate, public_facilities
from payments.management.commands.generate_payment_rolls import format_vnd


class Command(BaseCommand):
    help = (
        "Lập (hoặc lập lại) dự thảo danh sách trợ cấp nuôi dưỡng của một tháng cho từng cơ sở công lập đang hoạt động "
        "(hoặc một cơ sở). Danh sách đã duyệt được giữ nguyên."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="Tháng, dạng MM/YYYY (ví dụ 03/2026)")
        parser.add_argument("--facility", type=int, help="Mã số (ID) của một cơ sở; mặc định mọi cơ sở công lập")

    def handle(self, *args, **options):
        month = _month(options["month"])
        facilities = public_facilities()
        if options["facility"] is not None:
            facilities = Facility.objects.filter(pk=options["facility"]).select_related("unit__province")
            if not facilities:
                raise CommandError(f"Không có cơ sở có mã số {options['facility']}.")
        done = people = total = 0
        failed = []
        for facility in facilities:
            existing = NurturingRoll.objects.filter(facility=facility, month=month).first()
            if existing is not None and existing.status != NurturingRoll.Status.DRAFT:
                self.stdout.write(
                    f"{facility.name}: giữ nguyên, danh sách {existing.get_status_display().lower()}"
                    f" — {existing.people} người, {format_vnd(existing.total)}"
                )
                continue
            try:
                roll = nurturing_roll_generate(facility=facility, month=month, actor=None)
            except ValidationError as exc:
                failed.append(facility.name)
                self.stderr.write(f"{facility.name}: {' '.join(exc.messages)}")
                continue
            done += 1
            people += roll.people
            total += roll.total
            self.stdout.write(f"{facility.name}: {roll.people} người, {format_vnd(roll.total)}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Tháng {month:%m/%Y}: đã lập {done} cơ sở, {people} người, tổng cộng {format_vnd(total)}."
            )
        )
        if failed:
            raise CommandError(f"Không lập được danh sách của {len(failed)} cơ sở: {', '.join(failed)}.")


def _month(text: str) -> date:
    match = re.fullmatch(r"\s*(\d{1,2})/(\d{4})\s*", text or "")
    if not match or not 1 <= int(match[1]) <= 12:
        raise CommandError(f"Tháng «{text}» không đúng dạng MM/YYYY (ví dụ 03/2026).")
    return date(int(match[2]), int(match[1]), 1)
