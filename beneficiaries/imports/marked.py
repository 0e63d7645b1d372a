"""A copy of the user's data sheet with every bad cell filled red, its message in a cell comment, and a «Lỗi»
column that lists the row's errors — so the user can fix the file in Excel and upload it again.

Streamed (read-only in, write-only out), so a 50,000-row file never sits in memory; the copy keeps the values
of the first sheet, not its formatting. Text that Excel would take for a formula is written as text.
"""

from collections import defaultdict
from datetime import date, datetime
from typing import IO

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .columns import ERROR_COLUMN, clean_text, title_key

RED = PatternFill("solid", fgColor="FFC7CE")
DARK_RED = Font(color="9C0006")
HEADER = Font(bold=True)
AUTHOR = "An sinh"
FORMULA_START = ("=", "+", "-", "@")


def _comment(text: str) -> Comment:
    comment = Comment(text, AUTHOR)
    comment.width = 320
    comment.height = 40 + 20 * (text.count("\n") + len(text) // 45)
    return comment


def _needs_cell(value) -> bool:
    return isinstance(value, datetime | date) or (isinstance(value, str) and value.startswith(FORMULA_START))


def _cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"  # SPEC §3: never a formula in a file the portal writes
    elif isinstance(value, datetime | date):
        cell.number_format = "DD/MM/YYYY"
    return cell


def write_marked_copy(source: IO[bytes], errors: list[dict], out: IO[bytes]) -> None:
    """Write to `out` the first sheet of `source` with `errors` ({row, column, message}) marked."""
    by_cell: dict[tuple[int, str], list[str]] = defaultdict(list)
    by_row: dict[int, list[str]] = defaultdict(list)
    for error in errors:
        row = error.get("row")
        if row is None:
            continue
        by_cell[(row, title_key(error["column"]))].append(error["message"])
        by_row[row].append(f"{error['column']}: {error['message']}")

    workbook_in = load_workbook(source, read_only=True, data_only=False, keep_links=False)
    try:
        sheet_in = workbook_in.worksheets[0]
        sheet_in.reset_dimensions()
        workbook_out = Workbook(write_only=True)
        sheet_out = workbook_out.create_sheet(sheet_in.title[:31] or "Danh sách")
        rows = sheet_in.iter_rows(values_only=True)
        header = [clean_text(value) for value in next(rows, ())]
        while header and not header[-1]:
            header.pop()
        keys = [title_key(title) for title in header]
        # A marked copy uploaded again already has its «Lỗi» column: reuse it rather than adding a second one.
        error_index = keys.index(title_key(ERROR_COLUMN)) if title_key(ERROR_COLUMN) in keys else len(header)
        width = max(len(header), error_index + 1)
        for index in range(width):
            sheet_out.column_dimensions[get_column_letter(index + 1)].width = 16
        sheet_out.column_dimensions[get_column_letter(error_index + 1)].width = 60
        sheet_out.freeze_panes = "A2"

        titles = [*header, *[""] * (width - len(header))]
        titles[error_index] = ERROR_COLUMN
        head_cells = []
        for index, title in enumerate(titles):
            cell = _cell(sheet_out, title)
            cell.font = HEADER
            messages = by_cell.get((1, keys[index])) if index < len(keys) else None
            if messages:
                cell.fill, cell.comment = RED, _comment("\n".join(messages))
            head_cells.append(cell)
        if by_row.get(1):
            head_cells[error_index].comment = _comment("\n".join(by_row[1]))
            head_cells[error_index].fill = RED
        sheet_out.append(head_cells)

        for number, values in enumerate(rows, start=2):
            values = list(values[:width]) + [None] * (width - len(values))
            values[error_index] = None
            cells = []
            marked = number in by_row
            for index, value in enumerate(values):
                messages = by_cell.get((number, keys[index])) if marked and index < len(keys) else None
                if not messages and not _needs_cell(value):
                    cells.append(value)  # plain values stream fastest
                    continue
                cell = _cell(sheet_out, value)
                if messages:
                    cell.fill, cell.font, cell.comment = RED, DARK_RED, _comment("\n".join(messages))
                cells.append(cell)
            if marked:
                note = cells[error_index] = _cell(sheet_out, None)
                note.value = "\n".join(by_row[number])
                note.data_type = "s"
                note.font = DARK_RED
                note.alignment = Alignment(wrap_text=True, vertical="top")
            sheet_out.append(cells)
        workbook_out.save(out)
    finally:
        workbook_in.close()
