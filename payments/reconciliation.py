"""The payment organisation's result file (decree20.md §8: the paid/unpaid report comes back before the 20th):
read it, then match it against the roll's lines. No ORM, no clock, no settings: the service passes the file's
bytes, the roll's lines as plain tuples and today's date, and stores what comes back.

The file: .xlsx, or .csv in UTF-8 (with or without a byte-order mark; `;` or `,` between fields), recognised by
its content, never by its name. The first non-empty row is the header; at least «Số định danh cá nhân»,
«Số tiền» and «Đã nhận» (Có/Không or 1/0), optionally «Ngày nhận» (dd/mm/yyyy) and «Ghi chú»; «STT» and
«Họ và tên» (from the template) are read past. Rows are numbered as the user sees them in Excel (header = 1).

A row matches a line when its ID number is the person's AND its amount is the line's total. Everything else is a
problem named by row and column: an ID not on this roll, another amount, the same person twice, an unreadable
«Đã nhận» or «Ngày nhận», an unknown column. Lines the file says nothing about are listed as «chưa có kết quả».
A file that cannot be read at all (not .xlsx/.csv, empty, a required column missing or repeated) is refused as
a whole with `FileRejected`.
"""

import csv
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.templatetags.vn_format import format_vnd
from core.text import fold

from .exports.cells import formula_like

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls (Excel 97–2003) and password-protected workbooks
MAX_ROWS = 50_000
EXPANSION_LIMIT = 300 * 1024 * 1024  # an .xlsx is a zip: refuse one that would expand past this

# Column keys and the titles the template writes.
ID, AMOUNT, PAID, PAID_ON, NOTE, ROW_NO, NAME = "id", "amount", "paid", "paid_on", "note", "row_no", "name"
TITLES = {
    ROW_NO: "STT",
    ID: "Số định danh cá nhân",
    NAME: "Họ và tên",
    AMOUNT: "Số tiền",
    PAID: "Đã nhận",
    PAID_ON: "Ngày nhận",
    NOTE: "Ghi chú",
}
TEMPLATE_ORDER = (ROW_NO, ID, NAME, AMOUNT, PAID, PAID_ON, NOTE)
REQUIRED = (ID, AMOUNT, PAID)
# Folded header text → column key; a few spellings payment organisations use besides the template's.
_ALIASES = {
    ID: ("so dinh danh ca nhan", "so dinh danh", "so cccd", "cccd", "so can cuoc cong dan", "ma dinh danh"),
    AMOUNT: ("so tien", "so tien (dong)", "so tien (vnd)", "so tien chi tra", "so tien da chi"),
    PAID: ("da nhan", "da nhan tien", "ket qua", "ket qua chi tra"),
    PAID_ON: ("ngay nhan", "ngay nhan tien", "ngay chi tra"),
    NOTE: ("ghi chu", "ly do", "ly do chua nhan"),
    ROW_NO: ("stt", "so thu tu"),
    NAME: ("ho va ten", "ho ten", "ten doi tuong", "nguoi nhan"),
}
_BY_FOLDED = {alias: key for key, aliases in _ALIASES.items() for alias in aliases}

_YES = {"co", "1", "x", "da nhan", "yes", "true"}
_NO = {"khong", "0", "chua nhan", "no", "false"}
_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_MONEY = re.compile(r"^-?(\d{1,3}([.,]\d{3})+|\d+)$")
_MONEY_NOISE = re.compile(r"[\s\u00a0₫]|vnd|dong|đồng|đ", re.IGNORECASE)

# Problem kinds (the page groups by them; tests read them).
FILE, HEADER, NO_ID, UNKNOWN, DUPLICATE, WRONG_AMOUNT, BAD_AMOUNT, BAD_PAID, BAD_DATE, MISSING = (
    "file",
    "header",
    "no_id",
    "unknown",
    "duplicate",
    "amount",
    "bad_amount",
    "paid",
    "date",
    "missing",
)

NOT_READABLE = "Tệp không phải tệp Excel .xlsx hoặc tệp .csv (mã UTF-8), không đọc được."


class FileRejected(Exception):
    """The file cannot be reconciled at all; each message says why, in Vietnamese."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Table:
    """What the file says: its format, header titles (as written) and data rows (Excel row number, cells)."""

    kind: str  # "xlsx" | "csv"
    titles: tuple[str, ...]
    rows: tuple[tuple[int, tuple], ...]


class RollLine(NamedTuple):
    """One line of the roll, as the service reads it."""

    line_id: int
    row_no: int
    id_number: str
    name: str
    total: int


class Match(NamedTuple):
    line: int
    row: int
    paid: bool
    paid_on: date | None
    note: str


class Problem(NamedTuple):
    row: int | None  # None: not about one row of the file (a line the file says nothing about)
    column: str
    message: str
    kind: str
    line: int | None = None


@dataclass
class Outcome:
    matches: list[Match] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def missing(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.kind == MISSING]


# --- Reading the file -----------------------------------------------------------------------------------------


def read_table(content: bytes, *, max_rows: int = MAX_ROWS) -> Table:
    """The file's header and non-empty rows. .xlsx is recognised by its bytes (a zip holding an Excel workbook);
    anything else must be UTF-8 text with `;` or `,` between fields."""
    if not content or not content.strip():
        raise FileRejected(["Tệp rỗng, không có dữ liệu."])
    if content.startswith(OLE_MAGIC):
        raise FileRejected(
            [
                "Tệp là định dạng Excel 97–2003 (.xls) hoặc đã đặt mật khẩu. "
                "Hãy mở bằng Excel, bỏ mật khẩu và lưu lại dưới dạng .xlsx hoặc .csv."
            ]
        )
    if content.startswith(ZIP_MAGIC):
        kind, rows = "xlsx", _xlsx_rows(content)
    else:
        kind, rows = "csv", _csv_rows(content)
    titles: tuple[str, ...] | None = None
    data: list[tuple[int, tuple]] = []
    for number, cells in rows:
        cells = tuple(_cell(value) for value in cells)
        if not any(value not in (None, "") for value in cells):
            continue
        if titles is None:
            titles = tuple(value if isinstance(value, str) else _text(value) for value in cells)
            continue
        data.append((number, cells))
        if len(data) > max_rows:
            raise FileRejected([f"Tệp có hơn {max_rows:,} dòng kết quả. Hãy chia nhỏ tệp.".replace(",", ".")])
    if titles is None:
        raise FileRejected(["Tệp rỗng, không có dữ liệu."])
    if not data:
        raise FileRejected(["Tệp chỉ có dòng tiêu đề, không có dòng kết quả chi trả nào."])
    return Table(kind, titles, tuple(data))


def _xlsx_rows(content: bytes):
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile:
        raise FileRejected([NOT_READABLE]) from None
    if "xl/workbook.xml" not in {entry.filename for entry in entries}:
        raise FileRejected([NOT_READABLE])
    if sum(entry.file_size for entry in entries) > EXPANSION_LIMIT:
        raise FileRejected(["Nội dung tệp khi giải nén quá lớn. Hãy chia nhỏ tệp."])
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
    except Exception:  # noqa: BLE001 — openpyxl raises many kinds for a broken file; all mean "cannot read"
        raise FileRejected(["Tệp Excel bị hỏng, không đọc được."]) from None
    try:
        if not workbook.worksheets:
            raise FileRejected(["Tệp Excel không có trang tính nào."])
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some programs write a wrong size; read every row that is there
        rows = [(number, row) for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)]
    finally:
        workbook.close()
    return rows


def _csv_rows(content: bytes):
    if b"\x00" in content:
        raise FileRejected([NOT_READABLE])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRejected([NOT_READABLE]) from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [(number, row) for number, row in enumerate(reader, start=1)]
    except csv.Error:
        raise FileRejected([NOT_READABLE]) from None


def _cell(value):
    if isinstance(value, str):
        value = value.strip()
        # A field written by a CSV exporter that guards against formulas: '0871… → 0871…
        if value.startswith("'"):
            value = value[1:].strip()
    return value


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value).strip()


# --- The header -----------------------------------------------------------------------------------------------


def _title_key(title: str) -> str | None:
    folded = fold(title).rstrip(":*").strip()
    return _BY_FOLDED.get(folded)


def columns(titles: Sequence[str]) -> tuple[dict[str, int], list[Problem]]:
    """Column key → 0-based position, and the header's non-blocking problems (unknown columns). Missing or
    repeated columns refuse the file: which column is the amount would be a guess."""
    positions: dict[str, int] = {}
    refused, problems = [], []
    for index, title in enumerate(titles):
        if not title:
            continue
        letter = get_column_letter(index + 1)
        key = _title_key(title)
        if key is None:
            problems.append(
                Problem(1, title, f"Cột {letter} «{title}» không có trong mẫu kết quả chi trả, được bỏ qua.", HEADER)
            )
            continue
        if key in positions:
            refused.append(f"Dòng 1, cột {letter}: cột «{title}» bị lặp lại.")
            continue
        positions[key] = index
    missing = [TITLES[key] for key in REQUIRED if key not in positions]
    if missing:
        refused.append("Dòng 1: thiếu cột " + ", ".join(f"«{title}»" for title in missing) + ".")
    if refused:
        raise FileRejected(refused)
    return positions, problems


# --- Values ---------------------------------------------------------------------------------------------------


def parse_id(value) -> str:
    """The ID number as text: a number cell (Excel drops leading zeros) comes back as its digits."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value))
    return re.sub(r"\s+", "", _text(value))


def parse_amount(value) -> int | None:
    """Whole đồng from 1350000, 1.350.000, 1,350,000 or «1.350.000 ₫»; None when it is not an amount."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = _MONEY_NOISE.sub("", _text(value))
    if not _MONEY.match(text):
        return None
    return int(re.sub(r"[.,]", "", text))


def parse_paid(value) -> bool | None:
    """Có/Không, 1/0 (also «x», «Đã nhận»/«Chưa nhận»); None when it is none of these."""
    if isinstance(value, bool):
        return value
    folded = fold(_text(value))
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    return None


def parse_day(value) -> date | None:
    """dd/mm/yyyy (also with . or -) or an Excel date cell; raises ValueError for anything else."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE.match(_text(value))
    if not match:
        raise ValueError(value)
    return date(int(match[3]), int(match[2]), int(match[1]))


def _shown(value) -> str:
    text = _text(value)
    return text if len(text) <= 40 else text[:40] + "…"


# --- Matching -------------------------------------------------------------------------------------------------


def reconcile(table: Table, lines: Sequence[RollLine], *, month: date, today: date) -> Outcome:
    """Match the file's rows to the roll's `lines` by ID number and amount; list every problem by row."""
    positions, header_problems = columns(table.titles)
    outcome = Outcome(problems=list(header_problems))
    month_text = f"{month:%m/%Y}"
    by_id = {line.id_number: line for line in lines if line.id_number}
    # A number cell loses an ID's leading zeros: fall back to the digits without them when that is unambiguous.
    stripped: dict[str, list[RollLine]] = defaultdict(list)
    for line in lines:
        if line.id_number and line.id_number.isdigit():
            stripped[line.id_number.lstrip("0")].append(line)

    def get(cells: tuple, key: str):
        index = positions.get(key)
        return cells[index] if index is not None and index < len(cells) else None

    candidates: dict[int, list[tuple[int, tuple]]] = defaultdict(list)  # line id → its rows
    for number, cells in table.rows:
        id_number = parse_id(get(cells, ID))
        if not id_number:
            outcome.problems.append(Problem(number, TITLES[ID], "Thiếu số định danh cá nhân.", NO_ID))
            continue
        line = by_id.get(id_number)
        if line is None and id_number.isdigit():
            found = stripped.get(id_number.lstrip("0"), [])
            line = found[0] if len(found) == 1 else None
        if line is None:
            outcome.problems.append(
                Problem(
                    number,
                    TITLES[ID],
                    f"Số định danh cá nhân {id_number} không có trong danh sách chi trả tháng {month_text}.",
                    UNKNOWN,
                )
            )
            continue
        candidates[line.line_id].append((number, cells))

    lines_by_id = {line.line_id: line for line in lines}
    for line_id, rows in candidates.items():
        line = lines_by_id[line_id]
        if len(rows) > 1:
            numbers = ", ".join(str(number) for number, _cells in rows)
            for number, _cells in rows:
                outcome.problems.append(
                    Problem(
                        number,
                        TITLES[ID],
                        f"Số định danh cá nhân {line.id_number} ({line.name}) có ở nhiều dòng: {numbers}. "
                        "Mỗi người chỉ một dòng kết quả.",
                        DUPLICATE,
                        line_id,
                    )
                )
            continue
        number, cells = rows[0]
        problems = _row_problems(number, cells, line, get, today)
        if problems:
            outcome.problems.extend(problems)
            continue
        paid = parse_paid(get(cells, PAID))
        paid_on = parse_day(get(cells, PAID_ON)) if paid and _text(get(cells, PAID_ON)) else None
        note = _text(get(cells, NOTE))[:200] if not paid else ""
        outcome.matches.append(Match(line_id, number, bool(paid), paid_on, note))

    for line in sorted(lines, key=lambda line: line.row_no):
        if line.line_id not in candidates:
            outcome.problems.append(Problem(None, "", "Chưa có kết quả trong tệp.", MISSING, line.line_id))
    outcome.matches.sort(key=lambda match: match.row)
    outcome.problems.sort(key=lambda problem: (problem.row is None, problem.row or 0))
    return outcome


def _row_problems(number: int, cells: tuple, line: RollLine, get, today: date) -> list[Problem]:
    problems = []
    raw_amount = get(cells, AMOUNT)
    amount = parse_amount(raw_amount)
    if amount is None:
        shown = _shown(raw_amount)
        message = f"Số tiền «{shown}» không phải số tiền hợp lệ." if shown else "Thiếu số tiền."
        problems.append(Problem(number, TITLES[AMOUNT], message, BAD_AMOUNT, line.line_id))
    elif amount != line.total:
        problems.append(
            Problem(
                number,
                TITLES[AMOUNT],
                f"Số tiền {format_vnd(amount)} khác danh sách {format_vnd(line.total)}.",
                WRONG_AMOUNT,
                line.line_id,
            )
        )
    raw_paid = get(cells, PAID)
    paid = parse_paid(raw_paid)
    if paid is None:
        shown = _shown(raw_paid)
        message = (
            f"«Đã nhận» phải là Có hoặc Không (1 hoặc 0), không phải «{shown}»."
            if shown
            else "Chưa ghi «Đã nhận»: Có hoặc Không (1 hoặc 0)."
        )
        problems.append(Problem(number, TITLES[PAID], message, BAD_PAID, line.line_id))
    raw_day = get(cells, PAID_ON)
    if paid and _text(raw_day):
        try:
            day = parse_day(raw_day)
        except ValueError:
            problems.append(
                Problem(
                    number,
                    TITLES[PAID_ON],
                    f"Ngày nhận «{_shown(raw_day)}» không hợp lệ (cần dạng dd/mm/yyyy).",
                    BAD_DATE,
                    line.line_id,
                )
            )
        else:
            if day > today:
                problems.append(
                    Problem(
                        number,
                        TITLES[PAID_ON],
                        f"Ngày nhận {day:%d/%m/%Y} sau ngày hôm nay ({today:%d/%m/%Y}).",
                        BAD_DATE,
                        line.line_id,
                    )
                )
    return problems


# --- The template -----------------------------------------------------------------------------------------------

_WIDTHS = {ROW_NO: 6, ID: 22, NAME: 30, AMOUNT: 14, PAID: 10, PAID_ON: 13, NOTE: 36}
_GUIDE = (
    ("Số định danh cá nhân", "Số định danh (CCCD) 12 chữ số của người trong danh sách; giữ nguyên, không sửa."),
    ("Số tiền", "Số tiền của người đó trong danh sách chi trả (tổng cộng); giữ nguyên, không sửa."),
    ("Đã nhận", "Có (hoặc 1) nếu người đó đã nhận tiền; Không (hoặc 0) nếu chưa nhận. Bắt buộc."),
    ("Ngày nhận", "Ngày nhận tiền, dạng dd/mm/yyyy; để trống thì lấy ngày ghi nhận."),
    ("Ghi chú", "Lý do chưa nhận (đi vắng, ốm nằm viện…); được ghi vào danh sách nếu «Đã nhận» là Không."),
    ("", "Có thể lưu tệp dạng .xlsx hoặc .csv (UTF-8, phân cách bằng dấu ; hoặc ,). Chỉ trang tính đầu được đọc."),
)


def write_template(out, *, lines: Sequence[RollLine], month: date, commune_name: str) -> None:
    """The result template for one roll: one header row, one row per line (ID, name, amount), «Đã nhận» empty
    with a Có/Không list; a second sheet explains the columns (never read back)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kết quả chi trả"
    sheet.append([TITLES[key] for key in TEMPLATE_ORDER])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.freeze_panes = "A2"
    for index, key in enumerate(TEMPLATE_ORDER, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS[key]
    id_column = TEMPLATE_ORDER.index(ID) + 1
    amount_column = TEMPLATE_ORDER.index(AMOUNT) + 1
    date_column = TEMPLATE_ORDER.index(PAID_ON) + 1
    ordered = sorted(lines, key=lambda line: line.row_no)
    for row, line in enumerate(ordered, start=2):
        sheet.append([line.row_no, line.id_number, line.name, line.total, None, None, None])
        name_cell = sheet.cell(row=row, column=TEMPLATE_ORDER.index(NAME) + 1)
        if formula_like(line.name):  # text that starts like a formula stays text (SPEC §3)
            name_cell.data_type, name_cell.quotePrefix = "s", True
        sheet.cell(row=row, column=id_column).number_format = "@"  # keeps the ID's leading zero
        sheet.cell(row=row, column=amount_column).number_format = "#,##0"
        sheet.cell(row=row, column=date_column).number_format = "@"  # dd/mm/yyyy typed as text, never mm/dd
    last = max(len(ordered) + 1, 2)
    paid_letter = get_column_letter(TEMPLATE_ORDER.index(PAID) + 1)
    choices = DataValidation(type="list", formula1='"Có,Không"', allow_blank=True)
    choices.error = "Ghi Có hoặc Không"
    choices.add(f"{paid_letter}2:{paid_letter}{last}")
    sheet.add_data_validation(choices)
    guide = workbook.create_sheet("Hướng dẫn")
    guide.append([f"Kết quả chi trả trợ cấp tháng {month:%m/%Y} – {commune_name}"])
    guide["A1"].font = Font(bold=True, size=13)
    guide.append([])
    for title, text in _GUIDE:
        guide.append([title, text])
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 100
    workbook.save(out)
