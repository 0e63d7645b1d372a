"""Write a layout's table into a workbook, styled like an official report (decree20.md §8, issue 7).

Shape of every sheet: the authority and the form code on top, the title, period and closing date centred, any
note on the administrative structure, then a two-row header (merged group headers over their columns, «STT» and
the side column merged down) with a row of column numbers (A, B, 1, 2…), the rows (districts as bold subtotal rows
over their communes in a three-level province), a totals row, the notes and the signature block. Frozen below the
header and right of the unit names; printed on A4 landscape, one page wide, header rows repeated on every page.

Tables here are a few hundred rows (units, months), so sheets are ordinary (merged cells need them); a sheet of
one row per person would use openpyxl's write-only mode instead.
"""

from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from payments.exports.cells import put

from . import Kind, Layout
from . import Side as RowSide


@dataclass(frozen=True)
class Heading:
    """The title block's variable lines, built once per report (see `reports.queries.units.heading_for`)."""

    authority: str  # "ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP"
    office: str  # the social assistance office's name, data (decree20.md §9), may be empty
    unit: str  # "Đơn vị báo cáo: Tỉnh Đồng Tháp (mã 87)"
    period: str  # "Kỳ báo cáo: từ ngày 01/07/2024 đến ngày 31/12/2024"
    as_of: str  # "Số liệu chốt đến hết ngày 05/01/2025"
    notes: tuple[str, ...] = ()  # which administrative structure each part of the period follows


@dataclass
class Row:
    label: str
    values: dict
    kind: str = "item"  # "item" (a commune, a month), "subtotal" (a district), counted once in the totals
    number: str = ""  # STT as printed; the writer numbers items when empty


@dataclass
class Styles:
    """Fonts, fills, borders and number formats of the portal's reports; pass it to every sheet function."""

    title: Font = field(default_factory=lambda: Font(name="Times New Roman", bold=True, size=13))
    bold: Font = field(default_factory=lambda: Font(name="Times New Roman", bold=True, size=11))
    italic: Font = field(default_factory=lambda: Font(name="Times New Roman", italic=True, size=11))
    plain: Font = field(default_factory=lambda: Font(name="Times New Roman", size=11))
    header_fill: PatternFill = field(default_factory=lambda: PatternFill("solid", fgColor="DDEBF7"))
    subtotal_fill: PatternFill = field(default_factory=lambda: PatternFill("solid", fgColor="F2F2F2"))
    total_fill: PatternFill = field(default_factory=lambda: PatternFill("solid", fgColor="E2EFDA"))
    border: Border = field(default_factory=lambda: Border(*(Side(style="thin", color="808080") for _ in range(4))))
    centre: Alignment = field(default_factory=lambda: Alignment(horizontal="center", vertical="center", wrap_text=True))
    left: Alignment = field(default_factory=lambda: Alignment(horizontal="left", vertical="center", wrap_text=True))
    indent: Alignment = field(default_factory=lambda: Alignment(horizontal="left", vertical="center", indent=1))
    # Excel shows "#,##0" with the reader's separators: 1.500.000 on a Vietnamese system.
    formats: dict = field(
        default_factory=lambda: {
            Kind.COUNT: "#,##0",
            Kind.MONEY: "#,##0",
            Kind.PERCENT: "0.0%",
            Kind.DECIMAL: "#,##0.00",
            Kind.TEXT: "@",
        }
    )


def new_book() -> Workbook:
    """An empty workbook (openpyxl's default sheet removed): every sheet comes from `write_table`."""
    book = Workbook()
    book.remove(book.active)
    return book


def write_table(book: Workbook, *, layout: Layout, heading: Heading, rows: list[Row], styles: Styles):
    """Add `layout`'s sheet to `book` with `rows`; returns the sheet. Totals add up the item rows."""
    sheet = book.create_sheet(layout.sheet[:31])
    columns = layout.columns
    width = 2 + len(columns)
    last = get_column_letter(width)
    row = _title_block(sheet, layout, heading, styles, width)
    header = row + 1
    first_data = _header(sheet, layout, styles, header)
    row = first_data
    totals = dict.fromkeys(layout.keys, 0)
    number = 0
    for item in rows:
        if item.kind == "item":
            number += 1
            for key in totals:
                totals[key] += item.values.get(key) or 0
        label = item.number or (str(number) if item.kind == "item" else "")
        _data_row(sheet, row, layout, styles, label, item, subtotal=item.kind != "item")
        row += 1
    if layout.totals:
        _data_row(sheet, row, layout, styles, "", Row("Tổng cộng", totals, kind="total"), subtotal=True)
        for cell in sheet[row]:
            cell.fill = styles.total_fill
        row += 1
    row = _notes(sheet, layout, styles, row + 1, width)
    _signatures(sheet, styles, row + 1, width)

    sheet.column_dimensions["A"].width = 6
    sheet.column_dimensions["B"].width = 30 if layout.side == RowSide.UNITS else 14
    for index, column in enumerate(columns, start=3):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = f"C{first_data}"
    sheet.print_title_rows = f"{header}:{first_data - 1}"
    sheet.print_area = f"A1:{last}{row + 4}"
    setup = sheet.page_setup
    setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight = "landscape", 9, 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    sheet.oddFooter.center.text = "Trang &P/&N"
    return sheet


def _merged(sheet, row: int, first: int, last: int, value, *, font, alignment, **style) -> None:
    put(sheet, row, first, value, font=font, alignment=alignment, **style)
    if last > first:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def _title_block(sheet, layout: Layout, heading: Heading, styles: Styles, width: int) -> int:
    """Rows 1–n of the title block; returns the last row used (a blank row follows)."""
    split = max(2, width - 3)
    _merged(sheet, 1, 1, split, heading.authority, font=styles.bold, alignment=styles.left)
    _merged(sheet, 1, split + 1, width, layout.code, font=styles.bold, alignment=styles.centre)
    _merged(sheet, 2, 1, split, heading.office, font=styles.plain, alignment=styles.left)
    lines = [
        (layout.title, styles.title),
        (layout.subtitle, styles.italic),
        (heading.unit, styles.plain),
        (heading.period, styles.plain),
        (heading.as_of, styles.italic),
        *((note, styles.italic) for note in heading.notes),
    ]
    row = 3
    for text, font in lines:
        if not text:
            continue
        row += 1
        _merged(sheet, row, 1, width, text, font=font, alignment=styles.centre)
        if len(text) > 12 * width:  # a long structure note wraps onto a second line
            sheet.row_dimensions[row].height = 30
    return row + 1


def _header(sheet, layout: Layout, styles: Styles, top: int) -> int:
    """Two header rows and the column-number row; returns the first data row."""
    look = {"font": styles.bold, "alignment": styles.centre, "fill": styles.header_fill, "border": styles.border}
    for column, text in ((1, "STT"), (2, layout.side_header)):
        put(sheet, top, column, text, **look)
        put(sheet, top + 1, column, None, **look)
        sheet.merge_cells(start_row=top, start_column=column, end_row=top + 1, end_column=column)
    column = 3
    for group in layout.groups:
        span = len(group.columns)
        if group.header:
            put(sheet, top, column, group.header, **look)
            for offset in range(1, span):
                put(sheet, top, column + offset, None, **look)
            if span > 1:
                sheet.merge_cells(start_row=top, start_column=column, end_row=top, end_column=column + span - 1)
            for offset, item in enumerate(group.columns):
                put(sheet, top + 1, column + offset, item.header, **look)
        else:
            for offset, item in enumerate(group.columns):
                put(sheet, top, column + offset, item.header, **look)
                put(sheet, top + 1, column + offset, None, **look)
                sheet.merge_cells(
                    start_row=top, start_column=column + offset, end_row=top + 1, end_column=column + offset
                )
        column += span
    sheet.row_dimensions[top].height = 32
    sheet.row_dimensions[top + 1].height = 58
    numbers = ["A", "B", *(str(n) for n in range(1, len(layout.columns) + 1))]
    for index, text in enumerate(numbers, start=1):
        put(sheet, top + 2, index, text, font=styles.italic, alignment=styles.centre, border=styles.border)
    return top + 3


def _value(values: dict, column):
    if column.kind == Kind.PERCENT:
        numerator, denominator = column.ratio
        whole = values.get(denominator) or 0
        return (values.get(numerator) or 0) / whole if whole else None
    value = values.get(column.key)
    return 0 if value is None and column.kind in (Kind.COUNT, Kind.MONEY) else value


def _data_row(sheet, row: int, layout: Layout, styles: Styles, number: str, item: Row, *, subtotal: bool) -> None:
    font = styles.bold if subtotal else styles.plain
    fill = styles.subtotal_fill if subtotal else None
    put(sheet, row, 1, number, font=font, alignment=styles.centre, border=styles.border, fill=fill)
    side = styles.left if subtotal or layout.side != RowSide.UNITS else styles.indent
    put(sheet, row, 2, item.label, font=font, alignment=side, border=styles.border, fill=fill)
    for index, column in enumerate(layout.columns, start=3):
        put(
            sheet,
            row,
            index,
            _value(item.values, column),
            font=font,
            border=styles.border,
            fill=fill,
            number_format=styles.formats[column.kind],
        )


def _notes(sheet, layout: Layout, styles: Styles, row: int, width: int) -> int:
    if not layout.notes:
        return row
    put(sheet, row, 1, "Ghi chú:", font=styles.bold)
    for note in layout.notes:
        row += 1
        _merged(sheet, row, 1, width, f"– {note}", font=styles.italic, alignment=styles.left)
    return row + 1


def _signatures(sheet, styles: Styles, row: int, width: int) -> None:
    """The signature block of an official report: who drew it up (left), the head of the office (right)."""
    right = max(3, width - 3)
    put(sheet, row, 2, "NGƯỜI LẬP BIỂU", font=styles.bold, alignment=styles.centre)
    put(sheet, row + 1, 2, "(Ký, ghi rõ họ tên)", font=styles.italic, alignment=styles.centre)
    _merged(sheet, row, right, width, "THỦ TRƯỞNG ĐƠN VỊ", font=styles.bold, alignment=styles.centre)
    _merged(sheet, row + 1, right, width, "(Ký tên, đóng dấu)", font=styles.italic, alignment=styles.centre)
