"""Open an uploaded workbook and vet it before any row is read.

Refused as a whole (`FileRejected`): a file over the size limit, anything that is not a real .xlsx (a renamed
.txt, an old .xls, a password-protected file), a workbook with macros or that would expand to an absurd size,
and a header row that differs from the template (missing, extra or repeated columns are named). Formula cells are
reported per cell by `validate`, so the rest of the file is still checked.

The sheet is read with openpyxl's read-only mode: rows are streamed, never all held at once.
"""

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from .columns import BY_TITLE, ERROR_COLUMN, TITLES, clean_text, title_key

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_ROWS = 100_000
# An .xlsx is a zip: a small file could still expand to gigabytes (a "zip bomb").
EXPANSION_FACTOR = 15

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls (Excel 97–2003) and password-protected .xlsx


def max_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_rows() -> int:
    return int(getattr(settings, "IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",") + " MB"


class FileRejected(Exception):
    """The file cannot be imported at all; each message says why, in Vietnamese."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class RawRow:
    number: int  # the Excel row number the user sees (the header is row 1)
    values: dict[str, object]  # column key → the cell's value
    formulas: tuple[str, ...]  # keys of the cells that hold a formula


def _size_of(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    return size


def vet(file) -> None:
    """Size, real .xlsx (zip magic, an Excel workbook inside), no macros, no zip bomb."""
    size = _size_of(file)
    limit = max_bytes()
    if size > limit:
        raise FileRejected([f"Tệp nặng {_megabytes(size)}, vượt giới hạn {_megabytes(limit)}. Hãy chia nhỏ tệp."])
    if size == 0:
        raise FileRejected(["Tệp rỗng."])
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(OLE_MAGIC):
        raise FileRejected(
            [
                "Tệp là định dạng Excel 97–2003 (.xls) hoặc đã đặt mật khẩu. "
                "Hãy mở bằng Excel, bỏ mật khẩu và lưu lại dưới dạng .xlsx."
            ]
        )
    if not head.startswith(ZIP_MAGIC):
        raise FileRejected(["Tệp không phải là tệp Excel .xlsx (hãy dùng tệp mẫu tải từ trang nhập dữ liệu)."])
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile:
        raise FileRejected(["Tệp bị hỏng, không đọc được như tệp Excel .xlsx."]) from None
    finally:
        file.seek(0)
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names:
        raise FileRejected(["Tệp không phải là bảng tính Excel .xlsx."])
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise FileRejected(["Tệp có macro (VBA). Hãy lưu lại dưới dạng .xlsx thường, không có macro."])
    if sum(entry.file_size for entry in entries) > limit * EXPANSION_FACTOR:
        raise FileRejected(["Nội dung tệp khi giải nén quá lớn. Hãy chia nhỏ tệp."])


def header_problems(titles: list[str]) -> list[str]:
    """Missing, extra or repeated columns in the header row, each named."""
    problems = []
    seen: dict[str, int] = {}
    expected = {title_key(title): title for title in TITLES}
    for index, title in enumerate(titles, start=1):
        if not title:
            continue
        key = title_key(title)
        if key in seen:
            problems.append(f"Dòng 1, cột {get_column_letter(index)}: cột «{title}» bị lặp lại.")
            continue
        seen[key] = index
        if key not in expected and key != title_key(ERROR_COLUMN):
            problems.append(f"Dòng 1, cột {get_column_letter(index)}: cột «{title}» không có trong tệp mẫu.")
    missing = [title for key, title in expected.items() if key not in seen]
    if missing:
        problems.append("Dòng 1: thiếu cột " + ", ".join(f"«{title}»" for title in missing) + ".")
    return problems


class Sheet:
    """The data sheet (the workbook's first sheet) with its header checked."""

    def __init__(self, worksheet):
        self._worksheet = worksheet
        worksheet.reset_dimensions()  # some programs write a wrong size; read every row that is there
        rows = worksheet.iter_rows(min_row=1, max_row=1, values_only=True)
        first = next(rows, ())
        self.titles = [clean_text(value) for value in first]
        while self.titles and not self.titles[-1]:
            self.titles.pop()
        if not self.titles:
            raise FileRejected(["Dòng 1 phải là dòng tiêu đề của tệp mẫu nhưng đang trống."])
        problems = header_problems(self.titles)
        if problems:
            raise FileRejected(problems)
        by_key = {title_key(title): title for title in TITLES}
        # column key → 0-based position in the user's file (the columns may be in any order)
        self.positions = {
            BY_TITLE[by_key[title_key(title)]].key: index
            for index, title in enumerate(self.titles)
            if title_key(title) in by_key
        }

    def rows(self) -> Iterator[RawRow]:
        """Each non-empty data row, streamed; refuses a sheet longer than the limit."""
        limit = max_rows()
        count = 0
        positions = self.positions.items()
        for number, cells in enumerate(self._worksheet.iter_rows(min_row=2), start=2):
            values: dict[str, object] = {}
            formulas = []
            empty = True
            width = len(cells)
            for key, index in positions:
                if index >= width:
                    values[key] = None
                    continue
                cell = cells[index]
                value = cell.value
                if cell.data_type == "f" or isinstance(value, ArrayFormula | DataTableFormula):
                    formulas.append(key)
                    value = None
                if isinstance(value, str) and not value.strip():
                    value = None
                if value is not None:
                    empty = False
                values[key] = value
            if empty and not formulas:
                continue
            count += 1
            if count > limit:
                raise FileRejected([f"Tệp có hơn {limit:,} dòng dữ liệu. Hãy chia nhỏ tệp.".replace(",", ".")])
            yield RawRow(number, values, tuple(formulas))


@contextmanager
def open_sheet(file):
    """Vet `file` and yield its data `Sheet`; the workbook is closed afterwards."""
    vet(file)
    try:
        workbook = load_workbook(file, read_only=True, data_only=False, keep_links=False)
    except Exception:  # noqa: BLE001 — openpyxl raises many kinds for a broken file; all mean "cannot read"
        raise FileRejected(["Tệp bị hỏng hoặc không phải là tệp Excel .xlsx, không đọc được."]) from None
    try:
        if not workbook.worksheets:
            raise FileRejected(["Tệp không có trang tính nào."])
        yield Sheet(workbook.worksheets[0])
    finally:
        workbook.close()
        file.seek(0)
