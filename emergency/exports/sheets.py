"""Pieces shared by the emergency workbooks: the title block (as the payment roll's), a header row, money and kg
cells, a totals row and a signature block. Text is cleaned and formula-like text stays text, as
`payments.exports.cells.put` does (SPEC §3).

A province-wide flood has tens of thousands of lines, so the sheets are write-only (`Sheet`): rows go out in
order, each style is built once and shared, and one reused cell carries every value to the writer. Column widths,
print setup and frozen panes are set before the first row, row heights before their row, page breaks any time.
"""

from datetime import date
from decimal import Decimal
from types import MethodType

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter

from payments.exports.cells import BOLD, GRID, HEADER_FILL, MONEY, TITLE, TOTAL_FILL, WRAP_CENTER, clean, formula_like
from payments.exports.source import place_names

CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
ITALIC_CENTER = Alignment(horizontal="center", vertical="top", wrap_text=True)


def number(value):
    """Whole kilograms and quantities as integers (15, not 15.00); a fraction keeps its decimals."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value
    return value


UNSTYLED = StyleArray()  # shared, never changed


def _cells_to_row(sheet, cells, row_idx):
    """Replaces the write-only sheet's row builder: `cells` are (value, style) pairs, style a shared `StyleArray`
    or None. The writer writes each cell before asking for the next, so one cell object serves the whole row."""
    cell = WriteOnlyCell(sheet)
    for column, (value, style) in enumerate(cells, 1):
        if value is None and style is None:
            continue
        cell._style = style if style is not None else UNSTYLED
        cell.value = value
        if formula_like(value):
            cell.data_type = "s"
        cell.column, cell.row = column, row_idx
        yield cell


class Sheet:
    """A write-only sheet written top to bottom with `put_row(row, cells)`; skipped rows stay empty."""

    def __init__(self, book, title: str, widths, *, freeze: str | None = None, print_title_row: int | None = None):
        self.sheet = sheet = book.create_sheet(title)
        sheet._values_to_row = MethodType(_cells_to_row, sheet)
        self._styles: dict[tuple, tuple] = {}
        self._next = 1
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = 9  # A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.oddFooter.center.text = "Trang &P/&N"
        if freeze:
            sheet.freeze_panes = freeze
        if print_title_row:
            sheet.print_title_rows = f"{print_title_row}:{print_title_row}"

    def style(self, *, font=None, fill=None, alignment=None, border=None, number_format=None, quote=False):
        """The shared style of these attributes (None when there is none), registered in the workbook once.

        Keyed on the style objects' identities: hashing a Font or Border walks all its fields, which for every
        cell of a big sheet cost more than writing it. The cache keeps the objects, so an id stays theirs."""
        objects = (font, fill, alignment, border)
        key = (*map(id, objects), number_format, quote)
        found = self._styles.get(key)
        if found is None:
            template = WriteOnlyCell(self.sheet)
            for name, value in zip(("font", "fill", "alignment", "border"), objects, strict=True):
                if value is not None:
                    setattr(template, name, value)
            if number_format is not None:
                template.number_format = number_format
            template.quotePrefix = quote
            found = self._styles[key] = (template._style if any(template._style) else None, objects)
        return found[0]

    def cell(self, value, **styles) -> tuple:
        """A (value, style) pair; formula-like text gets Excel's quote prefix so it stays text once edited."""
        value = clean(value)
        return value, self.style(**styles, quote=formula_like(value))

    def put_row(self, row: int, cells) -> None:
        if row < self._next:
            raise ValueError(f"row {row} is already written")
        while self._next < row:
            self.sheet.append(())
            self._next += 1
        self.sheet.append(list(cells))
        self._next += 1

    def put(self, row: int, column: int, value, **styles) -> None:
        """A row with one cell."""
        self.put_row(row, [(None, None)] * (column - 1) + [self.cell(value, **styles)])

    def height(self, row: int, height: float) -> None:
        self.sheet.row_dimensions[row].height = height


TITLE_ROWS = 4  # title_block's rows: the header row follows


def title_block(sheet: Sheet, *, incident, title: str, scope_name: str, today: date) -> int:
    """Four rows: the places above the incident's unit, the incident, the title, the scope and export date.
    Returns the next free row."""
    kind = incident.get_kind_display()
    lines = [
        (" · ".join(place_names(incident.unit)), None),
        (f"Sự kiện: {incident.name} ({kind}), xảy ra ngày {incident.occurred_on:%d/%m/%Y}", BOLD),
        (title, TITLE),
        (f"Phạm vi: {scope_name} · Xuất ngày {today:%d/%m/%Y}", None),
    ]
    for row, (text, font) in enumerate(lines, start=1):
        sheet.put(row, 1, text, font=font)
    return TITLE_ROWS + 1


def header(sheet: Sheet, row: int, titles) -> int:
    sheet.height(row, 45)
    sheet.put_row(
        row, [sheet.cell(text, font=BOLD, fill=HEADER_FILL, alignment=WRAP_CENTER, border=GRID) for text in titles]
    )
    return row + 1


def write_row(sheet: Sheet, row: int, values, *, money_columns=(), bold: bool = False) -> int:
    """One table row: money columns as `#,##0`, kg and quantities as numbers, text as text; every cell framed."""
    font, fill = (BOLD, TOTAL_FILL) if bold else (None, None)
    sheet.put_row(
        row,
        [
            sheet.cell(
                number(value),
                border=GRID,
                font=font,
                fill=fill,
                number_format=MONEY if column in money_columns else None,
            )
            for column, value in enumerate(values, start=1)
        ],
    )
    return row + 1


def signature_block(sheet: Sheet, row: int, *, left: str, right: str, left_column: int, right_column: int) -> int:
    """Date line, then two signers side by side with «(Ký, ghi rõ họ tên)» and room to sign."""
    sheet.put(row, right_column, "…………, ngày …… tháng …… năm ……", alignment=ITALIC_CENTER)
    for text, font, alignment in ((None, BOLD, CENTER), ("(Ký, ghi rõ họ tên)", None, ITALIC_CENTER)):
        row += 1
        cells = [(None, None)] * right_column
        cells[left_column - 1] = sheet.cell(text or left, font=font, alignment=alignment)
        cells[right_column - 1] = sheet.cell(text or right, font=font, alignment=alignment)
        sheet.put_row(row, cells)
    return row + 5
