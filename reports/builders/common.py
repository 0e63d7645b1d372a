"""What the unit-by-unit builders share: run the queries, lay the rows out, write one sheet, sum up the result.

Not a builder itself (it registers nothing); `reports.apps.discover_builders` imports it like the others.
"""

from collections.abc import Callable

from locations.models import Level

from ..layouts import Layout
from ..layouts.writer import Styles, new_book, write_table
from ..queries import Scope, scope_for
from ..queries.money import merge
from ..queries.units import heading_for, unit_rows


def unit_table(scope: Scope, layout: Layout, queries: list[Callable[[Scope], dict]], progress, start: int, end: int):
    """Run `queries` (progress from `start` to `end` percent) and return the layout's rows and their totals."""
    parts = []
    for index, query in enumerate(queries):
        progress(start + (end - start) * index // len(queries), f"Đang tổng hợp: {layout.sheet}")
        parts.append(query(scope))
    values = merge(*parts)
    rows = unit_rows(scope.communes, values, layout.keys, by_district=scope.unit.level == Level.PROVINCE)
    totals = {key: sum((values.get(c.pk, {}).get(key) or 0) for c in scope.communes) for key in layout.keys}
    return rows, totals


def build_one_sheet(out, *, request, progress, layout: Layout, queries: list[Callable[[Scope], dict]]) -> dict:
    """A single-sheet report with the requested unit's communes down the side."""
    progress(2, "Đang chuẩn bị danh sách đơn vị")
    scope = scope_for(request)
    rows, totals = unit_table(scope, layout, queries, progress, 5, 85)
    progress(90, "Đang ghi tệp Excel")
    book = new_book()
    write_table(book, layout=layout, heading=heading_for(request), rows=rows, styles=Styles())
    book.save(out)
    progress(100, "Đã lập xong")
    return {"communes": len(scope.communes), **totals}
