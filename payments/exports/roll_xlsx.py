"""The payment roll as .xlsx (SPEC §3): a title block, one header row with the SPEC titles in order, one row per
line, and a totals row.

One commune gives its roll. A district or province gives one file with every commune's roll for the month on
one sheet: the same columns plus «Mã xã» and «Xã/phường» at the end, rows grouped commune by commune (by code),
STT counting through the whole file, and one totals row — so the header keeps the SPEC titles in the SPEC order
and the payment organisation can filter or pivot by commune.

Written with openpyxl's write-only mode from plain tuples (`source.line_rows`): memory stays flat however many
lines there are. A zero amount in an occasional column (care, arrears, recovery, funeral) is left empty so the
rare amounts stand out; «Tổng cộng» is always written. Dates are dd/mm/yyyy text; money is `#,##0`.
"""

from collections import Counter
from datetime import date
from typing import IO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from locations.models import AdministrativeUnit, Level

from .cells import BOLD, GRID, HEADER_FILL, TITLE, TOTAL_FILL, WRAP_CENTER, StreamCells, months_text
from .source import CategoryShown, id_shown, line_rows, method_labels, place_names, status_label

SPEC_TITLES = (
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Số định danh cá nhân",
    "Thôn/ấp",
    "Diện hưởng",
    "Hệ số",
    "Mức chuẩn",
    "Trợ cấp hàng tháng",
    "Kinh phí chăm sóc",
    "Truy lĩnh",
    "Truy thu",
    "Mai táng phí",
    "Tổng cộng",
    "Hình thức chi trả",
    "Số tài khoản",
    "Ký nhận",
)
EXTRA_TITLES = ("Các tháng truy lĩnh/truy thu", "Người nhận thay")
UNIT_TITLES = ("Mã xã", "Xã/phường")
WIDTHS = (6, 26, 11, 15, 14, 10, 7, 11, 13, 12, 12, 12, 12, 13, 19, 18, 14, 22, 22, 8, 22)
HEADER_ROW = 5
TOTAL_LABEL = "Tổng cộng"
# Money columns (1-based) that the totals row adds up: monthly … total.
MONEY_COLUMNS = range(9, 15)


def roll_title(month: date) -> str:
    return f"DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI THÁNG {month:%m/%Y}"


def _status_text(rolls) -> str:
    if len(rolls) == 1:
        roll = rolls[0]
        return f"Trạng thái: {status_label(roll.status)}"
    counts = Counter(roll.status for roll in rolls)
    parts = [f"{count} xã {status_label(status).lower()}" for status, count in sorted(counts.items())]
    return f"Trạng thái: {len(rolls)} xã" + (f" ({', '.join(parts)})" if parts else "")


def _dates_text(rolls, today: date) -> str:
    generated = [roll.generated_at for roll in rolls if roll.generated_at]
    parts = []
    if generated:
        parts.append(f"Lập ngày {timezone.localtime(max(generated)):%d/%m/%Y}")
    parts.append(f"Xuất ngày {today:%d/%m/%Y}")
    return " · ".join(parts)


def write_roll_xlsx(
    out: IO[bytes],
    *,
    unit: AdministrativeUnit,
    month: date,
    rolls: list,
    show_hiv: bool,
    show_full_id: bool,
    today: date,
) -> dict:
    """Write the roll(s) of `unit` for `month` to `out`; return the totals written (count and money columns)."""
    many = unit.level != Level.COMMUNE
    titles = SPEC_TITLES + EXTRA_TITLES + (UNIT_TITLES if many else ())

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách chi trả")
    cells = StreamCells(sheet)
    for index, width in enumerate(WIDTHS[: len(titles)], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    last = get_column_letter(len(titles))
    sheet.freeze_panes = f"C{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    sheet.oddFooter.center.text = "Trang &P/&N"
    # Printed grid lines rather than a border on every cell: a styled cell per value would double the time.
    sheet.print_options.gridLines = True
    sheet.row_dimensions[HEADER_ROW].height = 32

    names = place_names(unit)
    place = " · ".join(names[:-1])
    code_label = "mã xã" if not many else "mã"
    bold = cells.style(font=BOLD)
    sheet.append([cells.text(place)])
    sheet.append([cells.styled(f"{names[-1]} ({code_label} {unit.code})", bold)])
    sheet.append([cells.styled(roll_title(month), cells.style(font=TITLE))])
    sheet.append([cells.text(f"{_status_text(rolls)} · {_dates_text(rolls, today)}")])
    header = cells.style(font=BOLD, fill=HEADER_FILL, alignment=WRAP_CENTER, border=GRID)
    sheet.append([cells.styled(title, header) for title in titles])

    category = CategoryShown(show_hiv=show_hiv)
    methods = method_labels()
    totals = [0] * len(MONEY_COLUMNS)
    count = 0
    for line in line_rows([roll.pk for roll in rolls]):
        count += 1
        months = []
        if line.arrears_months:
            months.append(f"Truy lĩnh: {months_text(line.arrears_months)}")
        if line.recovery_months:
            months.append(f"Truy thu: {months_text(line.recovery_months)}")
        amounts = (
            line.monthly_amount,
            line.care_amount,
            line.arrears_amount,
            line.recovery_amount,
            line.funeral_amount,
            line.total,
        )
        for index, amount in enumerate(amounts):
            totals[index] += amount
        birth = line.person__birth_date
        row = [
            count if many else line.row_no,
            cells.text(line.person__full_name),
            str(birth.year) if line.person__birth_year_only else f"{birth:%d/%m/%Y}",
            cells.text(id_shown(line.person__id_number, full=show_full_id)),
            cells.text(line.person__village__name),
            cells.text(category(line.categories)),
            cells.coefficient(line.coefficient),
            cells.money(line.level),
            *[cells.money(amount or None) for amount in amounts[:-1]],
            cells.money(line.total),
            methods.get(line.payment_method, line.payment_method),
            cells.text(line.account_number),
            None,
            cells.text("; ".join(months)),
            cells.text(line.payee_name),
        ]
        if many:
            row += [cells.text(line.roll__commune__code), cells.text(line.roll__commune__name)]
        sheet.append(row)

    total_style = cells.style(font=BOLD, fill=TOTAL_FILL, border=GRID, number_format="#,##0")
    label_style = cells.style(font=BOLD, fill=TOTAL_FILL, border=GRID)
    total_row = [cells.styled(None, label_style), cells.styled(f"{TOTAL_LABEL} ({count} người)", label_style)]
    total_row += [cells.styled(None, label_style) for _ in range(2, MONEY_COLUMNS.start - 1)]
    total_row += [cells.styled(amount, total_style) for amount in totals]
    sheet.append(total_row)
    book.save(out)
    return {"count": count, **dict(zip(SPEC_TITLES[8:14], totals, strict=True))}
