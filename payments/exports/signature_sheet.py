"""The signature sheet (danh sách ký nhận) for the lines paid in cash — by the commune cashier or at the post
office — printed on A4 portrait: people sign in the tall «Ký nhận» cells when they collect.

An .xlsx with its print setup rather than an HTML print view: the cashier carries it to the payment point and
may need to add a late line or note by hand before printing; Excel repeats the header row on every page and
fits the width to the page by itself, where a browser's print dialog leaves margins and scaling to whoever
prints. A commune's cash lines are at most a few thousand, so an ordinary (not write-only) workbook is used,
which allows the merged title and signature cells a printed form needs. No category is shown, so nothing here
reveals an HIV category.
"""

from datetime import date
from typing import IO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, range_boundaries

from beneficiaries.models import PaymentMethod

from .cells import GRID, HEADER_FILL, MONEY, TOTAL_FILL, WRAP_CENTER, put
from .source import CASH_METHODS, line_rows, place_names, status_label
from .words import amount_in_words

TITLES = ("STT", "Họ và tên", "Năm sinh", "Thôn", "Số tiền", "Ký nhận", "Ghi chú")
WIDTHS = (6, 27, 9, 15, 14, 18, 18)
HEADER_ROW = 7
ROW_HEIGHT = 30  # points: room for a signature
SIGNERS = (
    ("A", "B", "Người lập biểu", "(Ký, ghi rõ họ tên)"),
    ("C", "E", "Cán bộ chi trả", "(Ký, ghi rõ họ tên)"),
    ("F", "G", "Chủ tịch UBND xã", "(Ký tên, đóng dấu)"),
)
FONT = "Times New Roman"
TEXT = Font(name=FONT, size=12)
BOLD = Font(name=FONT, size=12, bold=True)
ITALIC = Font(name=FONT, size=12, italic=True)
TITLE = Font(name=FONT, size=14, bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
MIDDLE = Alignment(vertical="center", wrap_text=True)


def sheet_title(month: date) -> str:
    return f"DANH SÁCH KÝ NHẬN TIỀN TRỢ CẤP XÃ HỘI THÁNG {month:%m/%Y}"


def _merged(sheet, cells: str, value, *, font=TEXT, alignment=CENTER) -> None:
    sheet.merge_cells(cells)
    column, row, _, _ = range_boundaries(cells)
    put(sheet, row, column, value, font=font, alignment=alignment)


def write_signature_sheet(out: IO[bytes], *, roll) -> dict:
    """Write the cash lines of `roll` to `out`; return {"count", "total"}."""
    commune = roll.commune
    book = Workbook()
    sheet = book.active
    sheet.title = "Ký nhận"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width

    upper = " – ".join(reversed(place_names(commune)[:-1]))
    _merged(sheet, "A1:C1", f"UBND {commune.name.upper()}", font=BOLD)
    _merged(sheet, "A2:C2", upper, font=ITALIC)
    _merged(sheet, "D1:G1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=BOLD)
    _merged(sheet, "D2:G2", "Độc lập - Tự do - Hạnh phúc", font=BOLD)
    _merged(sheet, "A4:G4", sheet_title(roll.month), font=TITLE)
    _merged(
        sheet,
        "A5:G5",
        f"Chi trả bằng tiền mặt (tại xã hoặc qua bưu điện) · Danh sách: {status_label(roll.status).lower()}",
        font=ITALIC,
    )
    for column, title in enumerate(TITLES, start=1):
        put(sheet, HEADER_ROW, column, title, font=BOLD, fill=HEADER_FILL, alignment=WRAP_CENTER, border=GRID)
    sheet.row_dimensions[HEADER_ROW].height = 24

    row = HEADER_ROW
    count = total = 0
    for line in line_rows([roll.pk], methods=CASH_METHODS):
        row += 1
        count += 1
        total += line.total
        notes = []
        if line.payment_method == PaymentMethod.POST_OFFICE:
            notes.append("Qua bưu điện")
        if line.payee_name:
            notes.append(f"Người nhận thay: {line.payee_name}")
        values = (
            count,
            line.person__full_name,
            line.person__birth_date.year,
            line.person__village__name or "",
            line.total,
            None,
            "; ".join(notes) or None,
        )
        for column, value in enumerate(values, start=1):
            put(
                sheet,
                row,
                column,
                value,
                font=TEXT,
                border=GRID,
                alignment=CENTER if column in (1, 3) else MIDDLE,
                number_format=MONEY if column == 5 else None,
            )
        sheet.row_dimensions[row].height = ROW_HEIGHT

    row += 1
    for column in range(1, len(TITLES) + 1):
        put(sheet, row, column, None, font=BOLD, fill=TOTAL_FILL, border=GRID)
    put(sheet, row, 2, f"Tổng cộng ({count} người)", font=BOLD, fill=TOTAL_FILL, border=GRID)
    put(sheet, row, 5, total, font=BOLD, fill=TOTAL_FILL, border=GRID, number_format=MONEY)
    total_row = row
    row += 1
    _merged(sheet, f"A{row}:G{row}", f"Bằng chữ: {amount_in_words(total)}.", font=ITALIC, alignment=MIDDLE)

    row += 2
    _merged(sheet, f"E{row}:G{row}", "............, ngày ...... tháng ...... năm ............", font=ITALIC)
    row += 1
    for first, last, title, hint in SIGNERS:
        _merged(sheet, f"{first}{row}:{last}{row}", title, font=BOLD)
        _merged(sheet, f"{first}{row + 1}:{last}{row + 1}", hint, font=ITALIC)

    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.print_area = f"A1:G{row + 6}"
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = "Trang &P/&N"
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    book.save(out)
    return {"count": count, "total": total, "total_row": total_row}
