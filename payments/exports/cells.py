"""Cells that are what they look like: text stays text, money is whole đồng with thousands separators.

SPEC §3: a value starting with `=`, `+`, `-` or `@` (or a tab or carriage return, which Excel skips before a
formula) is never a formula in a file the portal writes. In .xlsx it is a string cell with Excel's quote prefix,
so it stays text even after someone edits it; in CSV it gets a leading apostrophe, the only thing that stops
Excel from evaluating a CSV field.
"""

from datetime import date
from types import MethodType

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MONEY = "#,##0"
COEFFICIENT = "0.0#"
PERCENT = "0.0%"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP_CENTER = Alignment(wrap_text=True, horizontal="center", vertical="center")
THIN = Side(style="thin", color="808080")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_text(value) -> str:
    """A CSV field Excel shows as typed: `=1+1` → `'=1+1`, `+84…` → `'+84…`."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def dmy(day: date | None, *, year_only: bool = False) -> str:
    """dd/mm/yyyy as text (never an Excel date, so no locale turns it into mm/dd); the year alone when only it is
    known (the elderly, SPEC §2)."""
    if day is None:
        return ""
    return str(day.year) if year_only else f"{day:%d/%m/%Y}"


def month_text(month: date | None) -> str:
    return f"{month:%m/%Y}" if month else ""


def months_text(values) -> str:
    """The months of a line's arrears or recovery, stored as ISO text (`2026-08-01` or `2026-08`) → `08/2026`."""
    out = []
    for value in values or ():
        text = value.isoformat() if isinstance(value, date) else str(value)
        year, _, month = text[:7].partition("-")
        out.append(f"{month}/{year}" if year and month else text)
    return ", ".join(out)


def clean(value):
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def put(sheet, row: int, column: int, value, *, font=None, fill=None, alignment=None, border=None, number_format=None):
    """Write one cell of an ordinary (not write-only) sheet; formula-like text stays text."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value = clean(value)
    if formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    for name, style in (
        ("font", font),
        ("fill", fill),
        ("alignment", alignment),
        ("border", border),
        ("number_format", number_format),
    ):
        if style is not None:
            setattr(cell, name, style)
    return cell


def _values_to_row(sheet, values, row_idx):
    """openpyxl's write-only row builder without its slow path for ready-made cells.

    openpyxl (3.1) first tries to assign a `Cell` as a value, catches the ValueError — whose message formats the
    cell — and only then uses it: a third of a 100,000-line roll's time. Here a `Cell` is used as it is and
    every plain value goes through one reused unstyled cell, as in openpyxl; whole numbers and printable text
    that cannot be a formula skip openpyxl's type and character checks, which they would pass anyway.
    """
    plain = WriteOnlyCell(sheet)
    for column, value in enumerate(values, 1):
        if value is None:
            continue
        kind = type(value)
        if kind is str and value.isprintable() and not value.startswith("=") and len(value) < 32767:
            plain._value, plain.data_type = value, "s"
            cell = plain
        elif kind is int:
            plain._value, plain.data_type = value, "n"
            cell = plain
        elif isinstance(value, Cell):
            cell = value
        else:
            plain.value = value
            cell = plain
        cell.column, cell.row = column, row_idx
        yield cell


class StreamCells:
    """Cells for one write-only sheet.

    Each style is built once; a styled cell then costs one `Cell` sharing it, and a plain value costs nothing
    extra — which is what keeps a 100,000-line roll within its time.
    """

    def __init__(self, sheet):
        self.sheet = sheet
        sheet._values_to_row = MethodType(_values_to_row, sheet)
        self._money = self.style(number_format=MONEY)
        self._coefficient = self.style(number_format=COEFFICIENT)
        self._text = self.style(quotePrefix=True)

    def style(self, **attributes):
        template = WriteOnlyCell(self.sheet)
        for name, value in attributes.items():
            setattr(template, name, value)
        return template._style

    def styled(self, value, style):
        cell = Cell(self.sheet, row=1, column=1, value=value, style_array=style)
        if formula_like(value):
            cell.data_type = "s"
            cell.quotePrefix = True
        return cell

    def text(self, value):
        """Plain text as it is; formula-like text as a quote-prefixed string; empty as no cell at all."""
        if value is None or value == "":
            return None
        if not value.isprintable():
            # A control character copied in from an imported file would make the whole workbook unreadable.
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if formula_like(value):
            cell = Cell(self.sheet, row=1, column=1, value=value, style_array=self._text)
            cell.data_type = "s"
            return cell
        return value

    def money(self, value):
        return None if value is None else Cell(self.sheet, row=1, column=1, value=value, style_array=self._money)

    def coefficient(self, value):
        return None if value is None else Cell(self.sheet, row=1, column=1, value=value, style_array=self._coefficient)
