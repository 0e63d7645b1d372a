"""The provincial workbook (issue 7): one sheet per subject, in the order of the issue — people and money by
Art. 5 category and unit; monthly spending; care support; funeral support; emergency aid and facility residents
(`reports/sheets/`); cashless payment. Progress is reported sheet by sheet."""

from ..layouts.forms import (
    WORKBOOK_CARE,
    WORKBOOK_CASHLESS,
    WORKBOOK_FUNERAL,
    WORKBOOK_MONTHLY,
    WORKBOOK_PEOPLE_MONEY,
)
from ..layouts.writer import Row, Styles, new_book, write_table
from ..queries import scope_for
from ..queries.money import by_month, cashless, funeral, money_by_category
from ..queries.people import people_by_category
from ..queries.units import heading_for
from ..sheets.emergency import write_emergency_sheet
from ..sheets.residents import write_residents_sheet
from . import register
from .common import unit_table


def _care_people(scope):
    return people_by_category(scope, kind="care", prefix="care_people")


def _care_money(scope):
    return money_by_category(scope, kind="care", prefix="care_money")


UNIT_SHEETS = {
    "people_money": (WORKBOOK_PEOPLE_MONEY, [people_by_category, money_by_category]),
    "care": (WORKBOOK_CARE, [_care_people, _care_money]),
    "funeral": (WORKBOOK_FUNERAL, [funeral]),
    "cashless": (WORKBOOK_CASHLESS, [cashless]),
}


@register("workbook")
def build(out, *, request, progress) -> dict:
    progress(2, "Đang chuẩn bị danh sách đơn vị")
    scope = scope_for(request)
    heading = heading_for(request)
    styles = Styles()
    book = new_book()
    result: dict = {"communes": len(scope.communes), "sheets": 0}

    def unit_sheet(key: str, start: int, end: int) -> dict:
        layout, queries = UNIT_SHEETS[key]
        rows, totals = unit_table(scope, layout, queries, progress, start, end)
        write_table(book, layout=layout, heading=heading, rows=rows, styles=styles)
        result["sheets"] += 1
        return totals

    totals = unit_sheet("people_money", 5, 35)
    result["people"], result["money"] = totals["people_total"], totals["money_total"]

    progress(40, f"Đang tổng hợp: {WORKBOOK_MONTHLY.sheet}")
    months = by_month(scope)
    rows = [Row(f"{month:%m/%Y}", months.get(month, {})) for month in scope.months]
    write_table(book, layout=WORKBOOK_MONTHLY, heading=heading, rows=rows, styles=styles)
    result["sheets"] += 1

    unit_sheet("care", 50, 60)
    funeral_totals = unit_sheet("funeral", 60, 65)
    result["funeral_people"] = funeral_totals["funeral_people"]

    for write, label, percent in (
        (write_emergency_sheet, "Trợ giúp khẩn cấp", 70),
        (write_residents_sheet, "Đối tượng tại cơ sở", 80),
    ):
        progress(percent, f"Đang tổng hợp: {label}")
        write(book, request=request, styles=styles)
        result["sheets"] += 1

    cashless_totals = unit_sheet("cashless", 88, 95)
    result["account_people"] = cashless_totals["account_people"]
    progress(97, "Đang ghi tệp Excel")
    book.save(out)
    progress(100, "Đã lập xong")
    return result
