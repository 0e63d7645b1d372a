"""The facility residents report (issue 6 «Reports»): residents by facility, care group, age group and sex;
admissions by path and discharges by reason; occupancy by capacity type — three sheets, as of the closing date."""

from ..layouts.residents import MOVEMENTS, OCCUPANCY, RESIDENTS
from ..layouts.writer import Styles, new_book
from ..sheets.residents import residents_report_for, write_residents_table
from . import register


@register("residents")
def build(out, *, request, progress) -> dict:
    progress(10, "Đang tổng hợp số liệu đối tượng tại cơ sở…")
    report = residents_report_for(request)
    book, styles = new_book(), Styles()
    for index, layout in enumerate((RESIDENTS, MOVEMENTS, OCCUPANCY), start=1):
        write_residents_table(book, layout=layout, request=request, styles=styles, report=report)
        progress(10 + 25 * index, f"Đã lập biểu {layout.sheet}")
    progress(90, "Đang ghi tệp Excel…")
    book.save(out)
    progress(100, "Đã lập xong")
    total = report.total
    return {
        "facilities": len(report.facilities),
        "residents": total.residents,
        "capacity": total.capacity,
        "admitted": total.admitted,
        "discharged": total.discharged,
    }
