"""One builder per report form: `build(out, *, request, progress) -> dict`.

`out` is a binary file the builder writes the .xlsx into; `request` is the `ReportRequest` (form, unit,
period_start, period_end, as_of); `progress(percent, message)` reports how far it is. The returned dict is
stored on the job as its result (row counts, totals) and shown in the download centre.
Builders register themselves in `BUILDERS` by form code (see `reports.models.ReportForm`).
"""

from collections.abc import Callable

BUILDERS: dict[str, Callable] = {}


def register(form: str):
    def wrap(fn):
        BUILDERS[form] = fn
        return fn

    return wrap
