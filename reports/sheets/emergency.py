"""The emergency assistance table (form 10b and the workbook's «Trợ giúp khẩn cấp» sheet).

Communes down the side (districts as subtotal rows over theirs in a three-level province, `reports.queries.units`),
the figures of `reports.queries.emergency` across. The totals row comes from the query rather than the writer's
column sums: an incident that touched several communes counts once in a district and once in the total, and the
tonnes of rice are rounded once from the kilograms.
"""

from locations.models import Level

from ..layouts import Layout
from ..layouts.form_10b import WORKBOOK_EMERGENCY
from ..layouts.writer import Row, Styles, write_table
from ..queries import scope_for
from ..queries.emergency import EmergencyFigures, EmergencyReport, emergency_figures
from ..queries.units import heading_for, unit_rows

TOTAL = "Tổng cộng"


def emergency_rows(communes, report: EmergencyReport, layout: Layout) -> list[Row]:
    # Every commune gets its zeros, so a row without any event reads 0 (0,000 t) rather than blank.
    values = {c.pk: report.by_commune.get(c.pk, EmergencyFigures()).values() for c in communes}
    rows = unit_rows(communes, values, layout.keys)
    subtotals = iter(row for row in rows if row.kind == "subtotal")
    for members in _district_members(communes):
        next(subtotals).values = report.figures_of(commune.pk for commune in members).values()
    rows.append(Row(TOTAL, report.total.values(), kind="total"))
    return rows


def _district_members(communes) -> list[list]:
    """The communes under each district subtotal row, in the order `unit_rows` writes those rows."""
    groups: dict[int | None, list] = {}
    for commune in communes:
        groups.setdefault(commune.parent_id, []).append(commune)
    if not any(c.parent and c.parent.level == Level.DISTRICT for c in communes):
        return []
    return [members for members in groups.values() if members[0].parent and members[0].parent.level == Level.DISTRICT]


def write_emergency_table(book, *, layout: Layout, request, styles: Styles):
    """Add `layout`'s sheet for `request`; returns (sheet, the query's report)."""
    scope = scope_for(request)
    report = emergency_figures(scope)
    rows = emergency_rows(scope.communes, report, layout)
    sheet = write_table(book, layout=layout, heading=heading_for(request), rows=rows, styles=styles)
    _paint_total(sheet, rows, styles, width=2 + len(layout.columns))
    return sheet, report


def _paint_total(sheet, rows: list[Row], styles: Styles, *, width: int) -> None:
    """The query's totals row in the writer's totals colour (the writer paints its own totals row that way)."""
    first_data = int(sheet.freeze_panes[1:])
    row = first_data + len(rows) - 1
    for column in range(1, width + 1):
        sheet.cell(row=row, column=column).fill = styles.total_fill


def write_emergency_sheet(book, *, request, styles: Styles):
    """The provincial workbook's emergency sheet (incidents, households, houses by damage type, injured, dead,
    rice in tonnes, money by funding source)."""
    sheet, _report = write_emergency_table(book, layout=WORKBOOK_EMERGENCY, request=request, styles=styles)
    return sheet
