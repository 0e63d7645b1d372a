"""The incident summary workbook (issue 5): damage and aid per commune with a total row, then every aid line.

Sheet «Tổng hợp»: title block, one header row (`SUMMARY_TITLES`), one row per commune of the user's part (by
code) and a «Tổng cộng» row. Sheet «Chi tiết khoản hỗ trợ»: one row per aid line (commune, village, household or
organisation, person, type, quantity, rice, amount, status, handed out by funding source) and a totals row.
Money is whole đồng (`#,##0`), rice in kg; the funding-source columns plus «Tổng đã cấp» always add up.
"""

from datetime import date
from typing import IO

from openpyxl import Workbook

from ..models import FundingSource
from .figures import SOURCES, CommuneFigures, IncidentFigures
from .sheets import TITLE_ROWS, Sheet, header, title_block, write_row

SUMMARY_TITLE = "TỔNG HỢP THIỆT HẠI VÀ KẾT QUẢ TRỢ GIÚP KHẨN CẤP"
LINES_TITLE = "DANH SÁCH CÁC KHOẢN TRỢ GIÚP KHẨN CẤP"


def _source_titles() -> list[str]:
    labels = dict(FundingSource.choices)
    return [f"Đã cấp: {labels[source]} (đồng)" for source in SOURCES]


SUMMARY_HEAD = (
    "STT",
    "Mã xã",
    "Xã/phường",
    "Số hộ được đánh giá",
    "Số nhân khẩu",
    "Nhà đổ, sập, trôi, cháy hoàn toàn (hộ)",
    "Di dời khẩn cấp (hộ)",
    "Nhà hư hỏng nặng (hộ)",
    "Người bị thương nặng",
    "Người chết",
    "Người mất tích",
    "Gạo được hỗ trợ (kg)",
    "Kinh phí được duyệt (đồng)",
)
PAID_TAIL = ("Tổng đã cấp (đồng)", "Gạo đã cấp (kg)")
LINES_HEAD = (
    "STT",
    "Xã/phường",
    "Thôn/ấp",
    "Hộ gia đình/tổ chức",
    "Người bị thiệt hại",
    "Loại hỗ trợ",
    "Số lượng",
    "Đơn vị tính",
    "Gạo (kg)",
    "Số tiền hỗ trợ (đồng)",
    "Trạng thái",
)


def summary_titles() -> list[str]:
    return [*SUMMARY_HEAD, *_source_titles(), *PAID_TAIL]


def line_titles() -> list[str]:
    return [*LINES_HEAD, *_source_titles(), *PAID_TAIL, "Căn cứ tính"]


def _paid_values(paid) -> list:
    return [*(paid.by_source[source] for source in SOURCES), paid.total, paid.rice_kg]


def _commune_values(number, figures: CommuneFigures) -> list:
    return [
        number,
        figures.code,
        figures.name,
        figures.households,
        figures.people,
        figures.houses_lost,
        figures.relocated,
        figures.houses_damaged,
        figures.injured,
        figures.dead,
        figures.missing,
        figures.rice_kg,
        figures.decided_amount,
        *_paid_values(figures.paid),
    ]


def _money_columns(first: int, count: int) -> set[int]:
    return set(range(first, first + count))


def write_incident_xlsx(out: IO[bytes], *, incident, figures: IncidentFigures, scope_name: str, today: date) -> None:
    book = Workbook(write_only=True)
    header_row = TITLE_ROWS + 1
    widths = [5, 8, 22, 10, 10, 13, 11, 11, 10, 8, 8, 11, 15, 15, 14, 14, 14, 14, 15, 11]
    sheet = Sheet(book, "Tổng hợp", widths, freeze=f"D{header_row + 1}", print_title_row=header_row)
    title_block(sheet, incident=incident, title=SUMMARY_TITLE, scope_name=scope_name, today=today)
    row = header(sheet, header_row, summary_titles())
    # «Kinh phí được duyệt», every source and «Tổng đã cấp».
    money = {13, *_money_columns(14, len(SOURCES) + 1)}
    for index, commune in enumerate(figures.communes, start=1):
        row = write_row(sheet, row, _commune_values(index, commune), money_columns=money)
    total = _commune_values(None, figures.total)
    total[2] = f"Tổng cộng ({len(figures.communes)} xã)"
    write_row(sheet, row, total, money_columns=money, bold=True)
    _write_lines(book, incident, figures, scope_name, today)
    book.save(out)


def _write_lines(book, incident, figures: IncidentFigures, scope_name: str, today: date) -> None:
    header_row = TITLE_ROWS + 1
    widths = [5, 18, 14, 22, 20, 26, 9, 10, 9, 14, 18, 14, 14, 14, 14, 14, 15, 10, 40]
    sheet = Sheet(book, "Chi tiết khoản hỗ trợ", widths, freeze=f"E{header_row + 1}", print_title_row=header_row)
    title_block(sheet, incident=incident, title=LINES_TITLE, scope_name=scope_name, today=today)
    row = header(sheet, header_row, line_titles())
    money = {10, *_money_columns(12, len(SOURCES) + 1)}
    sums = [0] * (2 + len(SOURCES) + 2)  # rice, amount, each source, total paid, rice paid
    for index, line in enumerate(figures.lines, start=1):
        paid = _paid_values(line.paid)
        row = write_row(
            sheet,
            row,
            [
                index,
                line.commune,
                line.village,
                line.recipient,
                line.person,
                line.aid_type,
                line.quantity,
                line.unit,
                line.rice_kg,
                line.amount,
                line.status,
                *paid,
                line.basis,
            ],
            money_columns=money,
        )
        for position, value in enumerate([line.rice_kg, line.amount, *paid]):
            sums[position] += value
    total = [None, f"Tổng cộng ({len(figures.lines)} khoản)", *[None] * 6, *sums[:2], None, *sums[2:], None]
    write_row(sheet, row, total, money_columns=money, bold=True)
