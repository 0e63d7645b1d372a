"""The facility residents tables (the residents report's sheets and the workbook's «Đối tượng tại cơ sở» sheet).

Facilities down the side, public ones under a «Công lập» subtotal row and non-public ones under «Ngoài công lập»
(as districts over communes); the writer adds the totals row, since every column here adds up.
"""

from ..layouts import Layout
from ..layouts.residents import WORKBOOK_RESIDENTS
from ..layouts.writer import Row, Styles, write_table
from ..queries.residents import ResidentsReport, facilities_in, residents_figures
from ..queries.units import heading_for

ROMAN = ("I", "II", "III", "IV")


def residents_report_for(request) -> ResidentsReport:
    """Every facility of the unit; only theirs when facility staff asked (the request service keeps their facility
    in the job's parameters), so a report never shows them another facility in the same commune."""
    facilities = facilities_in(request.unit)
    job = request.job if request.job_id else None
    if job is not None and job.params.get("facility"):
        facilities = facilities.filter(pk=job.params["facility"])
    return residents_figures(
        unit=request.unit,
        period_start=request.period_start,
        period_end=request.period_end,
        as_of=request.as_of,
        facilities=facilities,
    )


def residents_rows(report: ResidentsReport) -> list[Row]:
    rows, groups = [], 0
    for line in report.lines:
        if line.kind == "ownership":
            rows.append(Row(line.label, line.figures.values(), kind="subtotal", number=ROMAN[groups]))
            groups += 1
        elif line.kind == "facility":
            rows.append(Row(line.label, line.figures.values()))
    return rows


def write_residents_table(book, *, layout: Layout, request, styles: Styles, report: ResidentsReport):
    return write_table(book, layout=layout, heading=heading_for(request), rows=residents_rows(report), styles=styles)


def write_residents_sheet(book, *, request, styles: Styles):
    """The provincial workbook's residents sheet: residents at the period end by care group, age group and sex,
    capacity and occupancy, admissions and discharges in the period."""
    report = residents_report_for(request)
    return write_residents_table(book, layout=WORKBOOK_RESIDENTS, request=request, styles=styles, report=report)
