"""A tiny report builder for the report machinery's tests (requests, download centre, worker, command): it writes
what it was asked for into a sheet, so a test can read back the form, unit, period and closing date it got."""

from datetime import date

from openpyxl import Workbook, load_workbook

from reports.builders import BUILDERS

TINY_FORMS = ("10a", "10b", "workbook", "residents")


class TinyBuilder:
    def __init__(self):
        self.calls = []
        self.fail = False

    def __call__(self, out, *, request, progress):
        self.calls.append(request.pk)
        progress(50, "Đang tổng hợp số liệu")
        if self.fail:
            raise RuntimeError("builder broke")
        book = Workbook()
        sheet = book.active
        sheet.title = "Báo cáo"
        sheet.append(["Mẫu", request.form])
        sheet.append(["Đơn vị", request.unit.code])
        sheet.append(["Từ ngày", request.period_start.strftime("%d/%m/%Y")])
        sheet.append(["Đến ngày", request.period_end.strftime("%d/%m/%Y")])
        sheet.append(["Chốt số liệu đến", request.as_of.strftime("%d/%m/%Y")])
        book.save(out)
        progress(100, "Đã lập xong")
        return {"rows": 5, "as_of": request.as_of}


def install_tiny():
    """Register the tiny builder for a few forms, and put the real ones back afterwards. Each test module wraps it
    in its own `tiny` fixture (`yield from install_tiny()`)."""
    builder = TinyBuilder()
    saved = {form: BUILDERS.get(form) for form in TINY_FORMS}
    for form in TINY_FORMS:
        BUILDERS[form] = builder
    yield builder
    for form, original in saved.items():
        if original is None:
            BUILDERS.pop(form, None)
        else:
            BUILDERS[form] = original


def read_sheet(path_or_file) -> dict:
    sheet = load_workbook(path_or_file, read_only=True).active
    return {row[0]: row[1] for row in sheet.iter_rows(values_only=True)}


H1_2026 = (date(2026, 1, 1), date(2026, 6, 30))
