"""The month's health-insurance list for the social security agency (decree20.md §5, Decree 20 Art. 9: everyone
on the monthly allowance gets a card).

«Tăng» — people newly entitled to the monthly allowance that month: an entitlement starting that month, or a
backdated one whose decision was signed that month (a 5.6 entitlement paid from the certificate's month would
otherwise never be listed). «Giảm» — entitlements whose last month was the month before, with the reason.
A change that keeps the person paid in the same commune (a new coefficient or disability level ends one
entitlement and opens the next) is neither: the card goes on. A move between communes shows as «Giảm» at the
old commune (reason: moved) and «Tăng» at the new one, since the card's address changes. Entitlements voided
before they paid anything are left out. Care support (Art. 20) gives no card and is not listed.
"""

from collections import defaultdict
from datetime import date
from typing import IO

from django.db.models import F, Q
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from beneficiaries.models import EndReason, Entitlement, EntitlementEvent, Person
from locations.models import AdministrativeUnit
from policy.models import Kind
from policy.rules import add_months

from .cells import BOLD, GRID, HEADER_FILL, TITLE, WRAP_CENTER, dmy, month_text, put
from .source import CategoryShown, id_shown, place_names, unit_q

TITLES = (
    "STT",
    "Tăng/giảm",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số định danh cá nhân",
    "Địa chỉ (thôn, xã)",
    "Diện hưởng",
    "Từ tháng",
    "Đến tháng",
    "Lý do",
    "Số quyết định",
)
WIDTHS = (6, 10, 26, 11, 8, 15, 32, 11, 10, 10, 34, 16)
HEADER_ROW = 5
NEW, ENDED = "Tăng", "Giảm"
NEW_REASON = "Hưởng trợ cấp xã hội hàng tháng"
FIELDS = (
    "pk",
    "person_id",
    "commune_id",
    "start_month",
    "end_month",
    "end_reason",
    "decision_number",
    "category__code",
    "commune__code",
    "person__full_name",
    "person__name_folded",
    "person__birth_date",
    "person__birth_year_only",
    "person__sex",
    "person__id_number",
    "person__village__name",
    "person__commune__name",
)


def title(month: date) -> str:
    return f"DANH SÁCH ĐỐI TƯỢNG TĂNG, GIẢM ĐỀ NGHỊ CẤP THẺ BẢO HIỂM Y TẾ THÁNG {month:%m/%Y}"


def _covers(entitlement: dict, month: date) -> bool:
    end = entitlement["end_month"]
    if end is not None and end < entitlement["start_month"]:
        return False  # voided
    return entitlement["start_month"] <= month and (end is None or end >= month)


def health_insurance_rows(unit: AdministrativeUnit, month: date) -> list[dict]:
    """The «Tăng» rows then the «Giảm» rows of `unit` for `month`, one per person and commune."""
    previous, following = add_months(month, -1), add_months(month, 1)
    monthly = Entitlement.objects.filter(unit_q(unit), category__kind=Kind.MONTHLY)
    not_voided = Q(end_month__isnull=True) | Q(end_month__gte=F("start_month"))
    started = Q(start_month=month) & (Q(decision_date__isnull=True) | Q(decision_date__lt=following))
    backdated = Q(start_month__lt=month, decision_date__gte=month, decision_date__lt=following)
    new = list(monthly.filter(not_voided).filter(started | backdated).values(*FIELDS))
    ended = list(monthly.filter(end_month=previous, start_month__lte=previous).values(*FIELDS))

    others: dict[tuple[int, int], list[dict]] = defaultdict(list)
    people = {row["person_id"] for row in new + ended}
    for row in Entitlement.objects.filter(person_id__in=people, category__kind=Kind.MONTHLY).values(
        "pk", "person_id", "commune_id", "start_month", "end_month"
    ):
        others[(row["person_id"], row["commune_id"])].append(row)

    def continues(row: dict, month: date) -> bool:
        key = (row["person_id"], row["commune_id"])
        return any(other["pk"] != row["pk"] and _covers(other, month) for other in others[key])

    # The decision that ended an entitlement, when one was recorded (a death needs none).
    ending = dict(
        EntitlementEvent.objects.filter(
            entitlement_id__in=[row["pk"] for row in ended], kind=EntitlementEvent.Kind.ENDED, decision__isnull=False
        )
        .order_by("entitlement_id", "at", "id")
        .values_list("entitlement_id", "decision__number")
    )
    rows: dict[tuple, dict] = {}
    for kind, candidates in ((NEW, new), (ENDED, ended)):
        for row in candidates:
            if kind == NEW and continues(row, add_months(row["start_month"], -1)):
                continue
            if kind == ENDED and continues(row, month):
                continue
            key = (kind, row["person_id"], row["commune_id"])
            if key in rows:  # two monthly categories at once (Art. 6 single-parent exception): one card
                codes = rows[key]["codes"]
                if row["category__code"] not in codes:
                    codes.append(row["category__code"])
                continue
            rows[key] = {**row, "kind": kind, "codes": [row["category__code"]]}
            if kind == ENDED:
                rows[key]["decision_number"] = ending.get(row["pk"], "")
    return sorted(
        rows.values(), key=lambda row: (row["kind"] != NEW, row["commune__code"], row["person__name_folded"], row["pk"])
    )


def write_health_insurance_xlsx(
    out: IO[bytes], *, unit: AdministrativeUnit, month: date, show_hiv: bool, show_full_id: bool, today: date
) -> dict:
    """Write the list of `unit` for `month` to `out`; return {"new", "ended"} counts."""
    rows = health_insurance_rows(unit, month)
    counts = {"new": sum(row["kind"] == NEW for row in rows)}
    counts["ended"] = len(rows) - counts["new"]
    book = Workbook()
    sheet = book.active
    sheet.title = "Tăng giảm BHYT"
    names = place_names(unit)
    put(sheet, 1, 1, " · ".join(names[:-1]))
    put(sheet, 2, 1, f"{names[-1]} (mã {unit.code})", font=BOLD)
    put(sheet, 3, 1, title(month), font=TITLE)
    put(
        sheet,
        4,
        1,
        f"Điều 9 Nghị định 20/2021/NĐ-CP · Tăng: {counts['new']} người · Giảm: {counts['ended']} người"
        f" · Xuất ngày {today:%d/%m/%Y}",
    )
    for column, text in enumerate(TITLES, start=1):
        put(sheet, HEADER_ROW, column, text, font=BOLD, fill=HEADER_FILL, alignment=WRAP_CENTER, border=GRID)
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS[column - 1]

    category = CategoryShown(show_hiv=show_hiv)
    sexes = {value: str(label) for value, label in Person.Sex.choices}
    reasons = {value: str(label) for value, label in EndReason.choices}
    for number, row in enumerate(rows, start=1):
        address = ", ".join(part for part in (row["person__village__name"], row["person__commune__name"]) if part)
        is_new = row["kind"] == NEW
        values = (
            number,
            row["kind"],
            row["person__full_name"],
            dmy(row["person__birth_date"], year_only=row["person__birth_year_only"]),
            sexes.get(row["person__sex"], ""),
            id_shown(row["person__id_number"], full=show_full_id),
            address,
            category(", ".join(row["codes"])),
            month_text(row["start_month"]),
            month_text(row["end_month"]),
            NEW_REASON if is_new else reasons.get(row["end_reason"], row["end_reason"]),
            row["decision_number"],
        )
        for column, value in enumerate(values, start=1):
            put(sheet, HEADER_ROW + number, column, value if value != "" else None, border=GRID)

    sheet.freeze_panes = f"D{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(TITLES))}{HEADER_ROW + len(rows)}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    book.save(out)
    return counts
