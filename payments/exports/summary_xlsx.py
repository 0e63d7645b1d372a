"""A month's payment summary for a district or province (SPEC §3, Directive 21/CT-TTg cashless tracking).

Sheet «Theo xã»: one row per commune of the unit — every commune in force that month, with «Chưa lập» where no
roll exists yet, so the district sees who is late — with its lines, each money column, the total, the people
and amount paid by account and the cashless shares, then a totals row. A province whose communes sit under
districts also gets sheet «Theo huyện», the same figures one row per district. Read from the rolls' own totals,
never from the lines, so a province summary is a few hundred rows however many people it pays.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import IO

from django.db.models import Q
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from locations.models import AdministrativeUnit, Level
from payments.models import PaymentRoll
from policy.rules import add_months

from .cells import BOLD, GRID, HEADER_FILL, MONEY, PERCENT, TITLE, TOTAL_FILL, WRAP_CENTER, put
from .source import place_names, status_label

MONEY_FIELDS = ("monthly_total", "care_total", "arrears_total", "recovery_total", "funeral_total", "total")
MONEY_TITLES = ("Trợ cấp hàng tháng", "Kinh phí chăm sóc", "Truy lĩnh", "Truy thu", "Mai táng phí", "Tổng cộng")
FIGURE_TITLES = (
    "Số người",
    *MONEY_TITLES,
    "Số người nhận qua tài khoản",
    "Số tiền qua tài khoản",
    "Tỷ lệ người nhận qua tài khoản",
    "Tỷ lệ số tiền qua tài khoản",
)
COMMUNE_TITLES = ("STT", "Mã xã", "Xã/phường", "Huyện", "Trạng thái", *FIGURE_TITLES)
DISTRICT_TITLES = ("STT", "Mã huyện", "Huyện", "Số xã", "Số xã đã lập danh sách", *FIGURE_TITLES)
HEADER_ROW = 5
NOT_GENERATED = "Chưa lập"


@dataclass
class Figures:
    lines: int = 0
    money: list[int] = field(default_factory=lambda: [0] * len(MONEY_FIELDS))
    account_lines: int = 0
    account_total: int = 0

    def add(self, other: "Figures") -> None:
        self.lines += other.lines
        self.money = [a + b for a, b in zip(self.money, other.money, strict=True)]
        self.account_lines += other.account_lines
        self.account_total += other.account_total

    @property
    def total(self) -> int:
        return self.money[-1]

    def cells(self) -> list:
        people_share = self.account_lines / self.lines if self.lines else None
        money_share = self.account_total / self.total if self.total else None
        return [self.lines, *self.money, self.account_lines, self.account_total, people_share, money_share]


@dataclass
class CommuneRow:
    commune: AdministrativeUnit
    status: str
    figures: Figures


def summary_rows(unit: AdministrativeUnit, month: date) -> list[CommuneRow]:
    """Every commune of `unit` in force in `month` (or with a roll for it), with its roll's figures."""
    inside = {Level.PROVINCE: Q(province=unit), Level.DISTRICT: Q(parent=unit)}.get(unit.level, Q(pk=unit.pk))
    rolls = {roll.commune_id: roll for roll in PaymentRoll.objects.filter(month=month, commune__in=_communes(inside))}
    in_force = (Q(valid_from__isnull=True) | Q(valid_from__lt=add_months(month, 1))) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=month)
    )
    communes = (
        _communes(inside)
        .filter(in_force | Q(pk__in=list(rolls)))
        .select_related("parent")
        .order_by("parent__code", "code", "pk")
    )
    rows = []
    for commune in communes:
        roll = rolls.get(commune.pk)
        figures = Figures()
        if roll is not None:
            figures = Figures(
                lines=roll.lines_count,
                money=[getattr(roll, name) for name in MONEY_FIELDS],
                account_lines=roll.account_lines,
                account_total=roll.account_total,
            )
        rows.append(CommuneRow(commune, status_label(roll.status) if roll else NOT_GENERATED, figures))
    return rows


def _communes(inside: Q):
    return AdministrativeUnit.objects.filter(inside, level=Level.COMMUNE)


def _district_of(commune: AdministrativeUnit) -> AdministrativeUnit | None:
    parent = commune.parent
    return parent if parent is not None and parent.level == Level.DISTRICT else None


def _sheet(book, title: str, unit, month: date, today: date, titles, note: str):
    sheet = book.create_sheet(title)
    names = place_names(unit)
    put(sheet, 1, 1, " · ".join(names[:-1]))
    put(sheet, 2, 1, f"{names[-1]} (mã {unit.code})", font=BOLD)
    put(sheet, 3, 1, f"TỔNG HỢP CHI TRẢ TRỢ CẤP XÃ HỘI THÁNG {month:%m/%Y}", font=TITLE)
    put(sheet, 4, 1, f"{note} · Xuất ngày {today:%d/%m/%Y}")
    for column, text in enumerate(titles, start=1):
        put(sheet, HEADER_ROW, column, text, font=BOLD, fill=HEADER_FILL, alignment=WRAP_CENTER, border=GRID)
        sheet.column_dimensions[get_column_letter(column)].width = 6 if column == 1 else 14
    sheet.column_dimensions["C"].width = 24
    sheet.row_dimensions[HEADER_ROW].height = 45
    sheet.freeze_panes = f"D{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return sheet


def _figures_row(sheet, row: int, first: list, figures: Figures, *, total: bool = False) -> None:
    values = [*first, *figures.cells()]
    money_from = len(first) + 2  # 1-based: the column after «Số người»
    for column, value in enumerate(values, start=1):
        if column > len(values) - 2:
            number_format = PERCENT
        elif column >= money_from:
            number_format = MONEY
        else:
            number_format = None
        put(
            sheet,
            row,
            column,
            value,
            border=GRID,
            number_format=number_format,
            font=BOLD if total else None,
            fill=TOTAL_FILL if total else None,
        )


def write_summary_xlsx(out: IO[bytes], *, unit: AdministrativeUnit, month: date, today: date) -> dict:
    """Write the summary of `unit` for `month` to `out`; return {"communes", "generated", "figures"}."""
    rows = summary_rows(unit, month)
    generated = sum(1 for row in rows if row.status != NOT_GENERATED)
    book = Workbook()
    book.remove(book.active)
    note = f"{len(rows)} xã, {generated} xã đã lập danh sách"
    sheet = _sheet(book, "Theo xã", unit, month, today, COMMUNE_TITLES, note)
    grand = Figures()
    districts: dict[int, tuple[AdministrativeUnit, Figures, list[int]]] = {}
    for number, item in enumerate(rows, start=1):
        district = _district_of(item.commune)
        first = [number, item.commune.code, item.commune.name, district.name if district else "", item.status]
        _figures_row(sheet, HEADER_ROW + number, first, item.figures)
        grand.add(item.figures)
        if district is not None:
            entry = districts.setdefault(district.pk, (district, Figures(), [0, 0]))
            entry[1].add(item.figures)
            entry[2][0] += 1
            entry[2][1] += item.status != NOT_GENERATED
    _figures_row(sheet, HEADER_ROW + len(rows) + 1, ["", "", "Tổng cộng", "", ""], grand, total=True)

    if unit.level == Level.PROVINCE and districts:
        by_district = _sheet(book, "Theo huyện", unit, month, today, DISTRICT_TITLES, note)
        ordered = sorted(districts.values(), key=lambda entry: entry[0].code)
        for number, (district, figures, (communes, done)) in enumerate(ordered, start=1):
            _figures_row(
                by_district, HEADER_ROW + number, [number, district.code, district.name, communes, done], figures
            )
        _figures_row(
            by_district, HEADER_ROW + len(ordered) + 1, ["", "", "Tổng cộng", len(rows), generated], grand, total=True
        )
    book.save(out)
    return {"communes": len(rows), "generated": generated, "figures": grand}
