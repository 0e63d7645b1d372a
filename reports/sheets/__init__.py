"""Sheet functions shared by a form's own report and the provincial workbook: each adds one styled sheet to a
workbook from a `ReportRequest` (unit, period, closing date), `write_<topic>_sheet(book, *, request, styles)`."""
