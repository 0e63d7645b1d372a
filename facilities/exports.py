"""The nurturing roll as .xlsx, shaped like the payment roll (SPEC §3/§5): a title block (province, facility,
month), one header row with the titles below in this order, one row per line, and a totals row.

A facility's roll is a few hundred lines at most, so an ordinary workbook is written with `payments.exports.cells`
(formula-like text stays text). Dates are dd/mm/yyyy text; money is `#,##0`; a zero funeral amount is left empty
so the rare amounts stand out, «Tổng cộng» is always written. ID numbers are masked for readers without
`beneficiaries.view_full_id_number`, as in every export.
"""

from datetime import date
from typing import IO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from payments.exports.cells import BOLD, COEFFICIENT, GRID, HEADER_FILL, MONEY, TITLE, TOTAL_FILL, WRAP_CENTER, dmy, put
from payments.exports.source import id_shown, place_names

from .models import CareGroup, NurturingRoll
from .selectors.rolls import roll_lines

TITLES = (
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Số định danh cá nhân",
    "Nhóm đối tượng",
    "Ngày vào cơ sở",
    "Ngày rời cơ sở",
    "Hệ số",
    "Mức chuẩn",
    "Mức cả tháng",
    "Số ngày hưởng",
    "Trợ cấp nuôi dưỡng",
    "Mai táng phí",
    "Tổng cộng",
    "Ký nhận",
)
EXTRA_TITLES = ("Căn cứ tính",)
WIDTHS = (6, 26, 11, 15, 16, 11, 11, 7, 11, 12, 9, 14, 13, 14, 14, 60)
HEADER_ROW = 5
TOTAL_LABEL = "Tổng cộng"
MONEY_TOTAL_COLUMNS = (12, 13, 14)  # nurturing, funeral, total


def roll_title(month: date) -> str:
    return f"DANH SÁCH CHI TRẢ TRỢ CẤP NUÔI DƯỠNG THÁNG {month:%m/%Y}"


def roll_filename(roll: NurturingRoll) -> str:
    return f"tro-cap-nuoi-duong-{roll.facility_id}-{roll.month:%Y-%m}.xlsx"


def write_roll_xlsx(out: IO[bytes], *, roll: NurturingRoll, show_full_id: bool, today: date) -> dict:
    """Write `roll` to `out`; return what the totals row says."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Trợ cấp nuôi dưỡng"
    titles = TITLES + EXTRA_TITLES
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"C{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.center.text = "Trang &P/&N"

    facility = roll.facility
    put(sheet, 1, 1, " · ".join(place_names(facility.unit)))
    put(sheet, 2, 1, facility.name, font=BOLD)
    put(sheet, 3, 1, roll_title(roll.month), font=TITLE)
    dates = []
    if roll.generated_at:
        dates.append(f"Lập ngày {timezone.localtime(roll.generated_at):%d/%m/%Y}")
    if roll.approved_at:
        dates.append(f"Duyệt ngày {timezone.localtime(roll.approved_at):%d/%m/%Y}")
    dates.append(f"Xuất ngày {today:%d/%m/%Y}")
    put(sheet, 4, 1, f"Trạng thái: {roll.get_status_display()} · " + " · ".join(dates))
    for column, title in enumerate(titles, start=1):
        put(sheet, HEADER_ROW, column, title, font=BOLD, fill=HEADER_FILL, alignment=WRAP_CENTER, border=GRID)
    sheet.row_dimensions[HEADER_ROW].height = 32

    groups = dict(CareGroup.choices)
    row = HEADER_ROW
    nurturing = funeral = 0
    for number, line in enumerate(roll_lines(roll), start=1):
        row += 1
        person, resident = line.person, line.resident
        nurturing += line.amount
        funeral += line.funeral_amount
        values = (
            number,
            person.full_name,
            dmy(person.birth_date, year_only=person.birth_year_only),
            id_shown(person.id_number, full=show_full_id),
            str(groups.get(resident.care_group, resident.care_group)),
            dmy(resident.admitted_on),
            dmy(resident.discharged_on) or None,
        )
        for column, value in enumerate(values, start=1):
            put(sheet, row, column, value)
        put(sheet, row, 8, line.coefficient, number_format=COEFFICIENT)
        put(sheet, row, 9, line.level, number_format=MONEY)
        put(sheet, row, 10, line.full_amount, number_format=MONEY)
        put(sheet, row, 11, line.days)
        put(sheet, row, 12, line.amount, number_format=MONEY)
        put(sheet, row, 13, line.funeral_amount or None, number_format=MONEY)
        put(sheet, row, 14, line.amount + line.funeral_amount, number_format=MONEY)
        put(sheet, row, 16, line.basis)

    count = row - HEADER_ROW
    row += 1
    for column in range(1, len(TITLES) + 1):
        put(sheet, row, column, None, font=BOLD, fill=TOTAL_FILL, border=GRID)
    put(sheet, row, 2, f"{TOTAL_LABEL} ({count} người)")
    for column, amount in zip(MONEY_TOTAL_COLUMNS, (nurturing, funeral, nurturing + funeral), strict=True):
        put(sheet, row, column, amount, number_format=MONEY)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(titles))}{row - 1}"
    book.save(out)
    return {"count": count, "nurturing": nurturing, "funeral": funeral, "total": nurturing + funeral}
