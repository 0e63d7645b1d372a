"""Form 10b: emergency assistance for a unit and a period, as of the closing date (issue 7)."""

from ..layouts.form_10b import F10B
from ..layouts.writer import Styles, new_book
from ..sheets.emergency import write_emergency_table
from . import register


@register("10b")
def build(out, *, request, progress) -> dict:
    progress(10, "Đang tổng hợp số liệu trợ giúp khẩn cấp…")
    book = new_book()
    _sheet, report = write_emergency_table(book, layout=F10B, request=request, styles=Styles())
    progress(90, "Đang ghi tệp Excel…")
    book.save(out)
    progress(100, "Đã lập xong")
    total = report.total
    return {
        "incidents": total.incidents,
        "households": total.households,
        "households_supported": total.households_supported,
        "approved": total.approved,
        "disbursed": total.disbursed_total,
        "rice_kg": format(total.rice_kg.normalize(), "f"),  # "225" on SQLite and PostgreSQL alike
    }
