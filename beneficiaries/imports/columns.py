"""The columns of the import template (SPEC §4) and how each cell is read.

A parser takes the raw cell value (str, int, float, datetime or None, as openpyxl gives it) and returns the
clean value or raises `CellError` with a Vietnamese message. Parsers know nothing of the database or the clock;
checks that need them (a birth date in the future, an unknown commune) live in `validate`.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from beneficiaries.ethnicity import ETHNICITY_CHOICES, KINH
from beneficiaries.idcheck import id_problems
from beneficiaries.idcheck import normalize as normalize_id
from beneficiaries.models import DisabilityLevel, Household, PaymentMethod, Person
from core.text import fold


class CellError(ValueError):
    """A cell's content cannot be read; the message is shown to the user as it is."""


def clean_text(value) -> str:
    """A cell as text: NFC (Vietnamese typed with a decomposed keyboard matches), single spaces, trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value))
    return " ".join(text.split())


def _text(max_length: int, *, required: bool = False) -> Callable[[object], str]:
    def parse(value) -> str:
        text = clean_text(value)
        if required and not text:
            raise CellError("Không được để trống.")
        if len(text) > max_length:
            raise CellError(f"Dài quá {max_length} ký tự.")
        return text

    return parse


_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_MONTH = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")


def _real_date(day: int, month: int, year: int, shown: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(f"«{shown}» không phải là ngày có thật.") from None


def parse_date(value, *, required: bool = True) -> date | None:
    """dd/mm/yyyy typed as text, or a cell Excel already holds as a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = clean_text(value)
    if not text:
        if required:
            raise CellError("Không được để trống.")
        return None
    match = _DATE.match(text)
    if not match:
        raise CellError(f"«{text}» không đúng dạng ngày dd/mm/yyyy.")
    day, month, year = (int(part) for part in match.groups())
    return _real_date(day, month, year, text)


@dataclass(frozen=True)
class BirthDate:
    value: date
    year_only: bool


def parse_birth_date(value) -> BirthDate:
    """dd/mm/yyyy, or the year alone (SPEC §2: allowed for the elderly whose day of birth is unknown)."""
    if not isinstance(value, date):
        text = clean_text(value)
        if _YEAR.match(text):
            if int(text) < 1900:
                raise CellError(f"Năm sinh «{text}» không hợp lệ.")
            return BirthDate(date(int(text), 1, 1), True)
    born = parse_date(value)
    if born.year < 1900:
        raise CellError(f"Năm sinh {born.year} không hợp lệ.")
    return BirthDate(born, False)


def parse_month(value) -> date:
    """MM/YYYY (the first day of that month), or a cell Excel holds as a date."""
    if isinstance(value, datetime | date):
        return date(value.year, value.month, 1)
    text = clean_text(value)
    if not text:
        raise CellError("Không được để trống.")
    match = _MONTH.match(text)
    if not match:
        # Someone may type the full date of the first paid month; keep its month.
        full = _DATE.match(text)
        if full:
            day, month, year = (int(part) for part in full.groups())
            shown = _real_date(day, month, year, text)
            return date(shown.year, shown.month, 1)
        raise CellError(f"«{text}» không đúng dạng tháng MM/YYYY.")
    month, year = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        raise CellError(f"«{text}»: tháng phải từ 01 đến 12.")
    return date(year, month, 1)


def _choice(options: dict[str, str], label: str, *, default: str | None = None) -> Callable[[object], str]:
    """A value from a short list, matched without case or diacritics ('nu' finds 'Nữ')."""
    by_fold = {fold(key): code for key, code in options.items()}
    shown = ", ".join(dict.fromkeys(options))

    def parse(value) -> str:
        text = clean_text(value)
        if not text:
            if default is None:
                raise CellError("Không được để trống.")
            return default
        code = by_fold.get(fold(text))
        if code is None:
            raise CellError(f"«{text}» không phải {label} hợp lệ (dùng: {shown}).")
        return code

    return parse


SEX_OPTIONS = {"Nam": Person.Sex.MALE, "Nữ": Person.Sex.FEMALE}
POVERTY_OPTIONS = {
    "Hộ nghèo": Household.Poverty.POOR,
    "Hộ cận nghèo": Household.Poverty.NEAR_POOR,
    "Không": Household.Poverty.NONE,
    "Nghèo": Household.Poverty.POOR,
    "Cận nghèo": Household.Poverty.NEAR_POOR,
}
DISABILITY_OPTIONS = {
    "Nặng": DisabilityLevel.SEVERE,
    "Đặc biệt nặng": DisabilityLevel.ESPECIALLY_SEVERE,
    "Nhẹ": DisabilityLevel.MILD,
    "Không": "",
}
YES_NO_OPTIONS = {"Có": True, "Không": False, "x": True}
PAYMENT_OPTIONS = {
    "Tiền mặt tại xã": PaymentMethod.CASH,
    "Qua bưu điện": PaymentMethod.POST_OFFICE,
    "Tài khoản ngân hàng": PaymentMethod.BANK,
    "Ví điện tử": PaymentMethod.E_WALLET,
    "Tiền mặt": PaymentMethod.CASH,
    "Bưu điện": PaymentMethod.POST_OFFICE,
    "Ngân hàng": PaymentMethod.BANK,
}
# The values the template's drop-down lists offer (the first spelling of each).
LIST_VALUES = {
    "sex": ["Nam", "Nữ"],
    "poverty": ["Hộ nghèo", "Hộ cận nghèo", "Không"],
    "disability_level": ["Nặng", "Đặc biệt nặng"],
    "studying": ["Có", "Không"],
    "payment_method": ["Tiền mặt tại xã", "Qua bưu điện", "Tài khoản ngân hàng", "Ví điện tử"],
}

_ETHNICITY = {fold(name): code for code, name in ETHNICITY_CHOICES} | {code: code for code, _ in ETHNICITY_CHOICES}


def parse_ethnicity(value) -> str:
    """One of the 54 groups by name (diacritics and hyphens optional) or GSO code; empty means Kinh."""
    text = clean_text(value)
    if not text:
        return KINH
    key = fold(text)
    code = _ETHNICITY.get(key) or _ETHNICITY.get(key.replace(" ", "-")) or _ETHNICITY.get(key.replace("-", " "))
    if code is None and key.isdigit():
        code = _ETHNICITY.get(f"{int(key):02d}")
    if code is None:
        raise CellError(f"«{text}» không có trong danh mục 54 dân tộc.")
    return code


@dataclass(frozen=True)
class IdNumber:
    number: str
    id_type: str


def parse_id_number(value) -> IdNumber:
    """12-digit personal ID number, or an old 9-digit ID card number (SPEC §2, decree20.md §10)."""
    text = normalize_id(clean_text(value))
    if not text:
        raise CellError("Không được để trống: số định danh dùng để nhận ra đối tượng khi nhập lại tệp.")
    id_type = Person.IdType.CMND if len(text) == 9 else Person.IdType.CCCD
    problems = id_problems(text, id_type)
    if problems:
        hint = ""
        if isinstance(value, int | float) and len(text) in (8, 11):
            hint = " Excel có thể đã bỏ số 0 ở đầu: hãy định dạng cột này là Văn bản (Text) rồi nhập lại."
        raise CellError(f"«{text}»: {' '.join(problems)}{hint}")
    return IdNumber(text, id_type)


def parse_commune_code(value) -> str:
    text = clean_text(value)
    if not text:
        raise CellError("Không được để trống.")
    if not text.isdigit():
        raise CellError(f"«{text}» không phải mã xã (mã gồm chữ số).")
    # A code typed into a number cell loses its leading zeros: GSO commune codes have 5 digits.
    return text.zfill(5) if len(text) < 5 else text


def parse_category_code(value) -> str:
    text = clean_text(value).replace(" ", "").lower()
    if not text:
        raise CellError("Không được để trống.")
    return text


def parse_children(value) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_text(value)
    if not text:
        return 0
    if not text.isdigit():
        raise CellError(f"«{text}» không phải số nguyên.")
    count = int(text)
    if count > 30:
        raise CellError(f"Số con {count} không hợp lý.")
    return count


def parse_account(value) -> str:
    text = clean_text(value).replace(" ", "")
    if len(text) > 30:
        raise CellError("Dài quá 30 ký tự.")
    return text


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    parse: Callable[[object], object]
    width: int
    text_format: bool  # the template formats the column as Text so Excel keeps leading zeros and dd/mm/yyyy
    hint: str
    example: str


COLUMNS: tuple[Column, ...] = (
    Column("full_name", "Họ và tên", _text(150, required=True), 26, False,
           "Bắt buộc.", "Nguyễn Thị Lan"),
    Column("birth_date", "Ngày sinh", parse_birth_date, 13, True,
           "Bắt buộc, dạng dd/mm/yyyy; người cao tuổi không rõ ngày sinh có thể ghi năm (yyyy).", "17/05/1950"),
    Column("sex", "Giới tính", _choice(SEX_OPTIONS, "giới tính"), 10, False,
           "Nam hoặc Nữ.", "Nữ"),
    Column("ethnicity", "Dân tộc", parse_ethnicity, 12, False,
           "Tên một trong 54 dân tộc; để trống là Kinh.", "Kinh"),
    Column("id_number", "Số định danh cá nhân", parse_id_number, 16, True,
           "Bắt buộc, 12 chữ số (CMND cũ: 9 chữ số).", "087150001234"),
    Column("commune_code", "Mã xã", parse_commune_code, 9, True,
           "Mã đơn vị hành chính cấp xã (5 chữ số) nơi chi trả.", "30001"),
    Column("village", "Thôn/ấp", _text(120), 16, False,
           "Tên thôn/ấp trong xã; thôn mới được tạo thêm.", "Ấp Mỹ Phú"),
    Column("poverty", "Hộ nghèo/cận nghèo", _choice(POVERTY_OPTIONS, "giá trị", default=Household.Poverty.NONE), 15,
           False, "Hộ nghèo, Hộ cận nghèo hoặc để trống.", "Hộ nghèo"),
    Column("category", "Diện hưởng", parse_category_code, 11, True,
           "Mã diện theo Điều 5 Nghị định 20/2021, ví dụ 5.1.b, 5.5.a, 5.6 (xem trang Danh mục).", "5.5.a"),
    Column("disability_level", "Mức độ khuyết tật", _choice(DISABILITY_OPTIONS, "mức độ khuyết tật", default=""), 15,
           False, "Nặng hoặc Đặc biệt nặng (bắt buộc với diện 5.6).", ""),
    Column("children_count", "Số con đang nuôi", parse_children, 10, False,
           "Số con đang nuôi (bắt buộc với diện 5.4).", ""),
    Column("studying", "Đang đi học", _choice(YES_NO_OPTIONS, "giá trị", default=False), 10, False,
           "Có hoặc Không (diện 5.2 phải đang đi học).", "Không"),
    Column("decision_number", "Số quyết định", _text(40, required=True), 16, True,
           "Bắt buộc: số quyết định hưởng trợ cấp.", "125/QĐ-UBND"),
    Column("decision_date", "Ngày quyết định", parse_date, 13, True,
           "Bắt buộc, dạng dd/mm/yyyy.", "15/01/2025"),
    Column("start_month", "Hưởng từ tháng", parse_month, 12, True,
           "Bắt buộc, dạng MM/YYYY.", "01/2025"),
    Column("payment_method", "Hình thức chi trả",
           _choice(PAYMENT_OPTIONS, "hình thức chi trả", default=PaymentMethod.CASH), 18, False,
           "Tiền mặt tại xã, Qua bưu điện, Tài khoản ngân hàng hoặc Ví điện tử; để trống là tiền mặt.",
           "Tài khoản ngân hàng"),
    Column("account_number", "Số tài khoản", parse_account, 18, True,
           "Bắt buộc khi chi trả qua tài khoản ngân hàng hoặc ví điện tử.", "0123456789"),
    Column("bank_name", "Ngân hàng", _text(100), 16, False,
           "Tên ngân hàng hoặc ví điện tử.", "Agribank"),
)  # fmt: skip

TITLES: tuple[str, ...] = tuple(column.title for column in COLUMNS)
BY_KEY: dict[str, Column] = {column.key: column for column in COLUMNS}
BY_TITLE: dict[str, Column] = {column.title: column for column in COLUMNS}
# The column the marked copy adds; a corrected marked copy can be uploaded again with it still there.
ERROR_COLUMN = "Lỗi"


def title_key(text) -> str:
    """A header cell compared without case or extra spaces (but with its diacritics)."""
    return clean_text(text).casefold()
