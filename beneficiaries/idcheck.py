"""Personal ID numbers: format, and the cross-check against date of birth and sex (decree20.md §10).

Pure: no ORM, no clock, no settings. A wrong format is rejected; a 12-digit number whose century/sex or year
digits disagree with the record is saved with a flag for review, never rejected (data-entry errors and legitimate
corrections both happen).

12 digits (CCCD / số định danh cá nhân, Circular 59/2021/TT-BCA Art. 7):
  1–3  province (or country) where the birth was registered
  4    century and sex: 0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s, 6/7 = 2200s, 8/9 = 2300s
  5–6  last two digits of the birth year
  7–12 random; no check digit.
Old 9-digit ID cards (CMND) carry no such digits and are only checked for being digits.
"""

from datetime import date

from django.utils.translation import gettext as _

CCCD = "cccd"
CMND = "cmnd"
MALE = "M"
FEMALE = "F"

# GSO province codes before 2025 as used in the first three digits (decree20.md §10). The 34 provinces of 2025
# kept codes from this list, so it still covers every birth registered in Vietnam.
PROVINCE_CODES = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn", "008": "Tuyên Quang",
    "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu", "014": "Sơn La", "015": "Yên Bái",
    "017": "Hòa Bình", "019": "Thái Nguyên", "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang",
    "025": "Phú Thọ", "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định", "037": "Ninh Bình",
    "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh", "044": "Quảng Bình", "045": "Quảng Trị",
    "046": "Thừa Thiên Huế", "048": "Đà Nẵng", "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định",
    "054": "Phú Yên", "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng", "070": "Bình Phước",
    "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai", "077": "Bà Rịa – Vũng Tàu",
    "079": "TP Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang", "083": "Bến Tre", "084": "Trà Vinh",
    "086": "Vĩnh Long", "087": "Đồng Tháp", "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ",
    "093": "Hậu Giang", "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}  # fmt: skip

_LENGTH = {CCCD: 12, CMND: 9}


def normalize(id_number: str | None) -> str:
    """What the officer typed without spaces, dots or dashes ('087 050 000 123' → '087050000123')."""
    return "".join(ch for ch in (id_number or "") if ch not in " .-\t")


def id_problems(id_number: str, id_type: str) -> list[str]:
    """Why `id_number` cannot be saved as an ID of `id_type` ([] when it can). Expects `normalize`d input."""
    if not id_number:
        return []
    if not id_number.isascii() or not id_number.isdigit():
        return [_("Số định danh chỉ gồm chữ số (không có chữ cái hay ký hiệu).")]
    expected = _LENGTH.get(id_type, 12)
    if len(id_number) == expected:
        return []
    if id_type == CCCD and len(id_number) == 9:
        return [_("Số định danh cá nhân phải có 12 chữ số; số có 9 chữ số là CMND cũ, hãy chọn loại giấy tờ CMND cũ.")]
    if id_type == CMND and len(id_number) == 12:
        return [_("Số CMND cũ có 9 chữ số; số có 12 chữ số là số định danh cá nhân, hãy chọn loại giấy tờ đó.")]
    return [
        _("Số định danh phải có %(expected)d chữ số (đang có %(actual)d chữ số).")
        % {"expected": expected, "actual": len(id_number)}
    ]


def decode(id_number: str) -> tuple[int, str] | None:
    """(birth year, sex) that a well-formed 12-digit number states, or None for any other number."""
    if len(id_number) != 12 or not id_number.isascii() or not id_number.isdigit():
        return None
    code = int(id_number[3])
    century = 1900 + (code // 2) * 100
    return century + int(id_number[4:6]), FEMALE if code % 2 else MALE


def _sex_name(sex: str) -> str:
    return _("nữ") if sex == FEMALE else _("nam")


def id_mismatch(id_number: str | None, birth_date: date, sex: str) -> str:
    """Why a 12-digit ID disagrees with the recorded birth year and sex ("" when it agrees, or is not 12 digits).

    The text is stored on the person (`Person.id_flag`) and shown as "Cần kiểm tra số định danh".
    """
    id_number = id_number or ""
    decoded = decode(id_number)
    if decoded is None:
        return ""
    year, id_sex = decoded
    reasons = []
    if year != birth_date.year:
        reasons.append(
            _("chữ số 4–6 ứng với năm sinh %(id_year)d, hồ sơ ghi năm sinh %(year)d")
            % {"id_year": year, "year": birth_date.year}
        )
    if sex in (MALE, FEMALE) and id_sex != sex:
        reasons.append(
            _("chữ số thứ 4 ứng với giới tính %(id_sex)s, hồ sơ ghi %(sex)s")
            % {"id_sex": _sex_name(id_sex), "sex": _sex_name(sex)}
        )
    if id_number[:3] not in PROVINCE_CODES:
        reasons.append(_("3 chữ số đầu (%(code)s) không phải mã tỉnh, thành phố nào") % {"code": id_number[:3]})
    if not reasons:
        return ""
    return _("Số định danh không khớp với hồ sơ: %(reasons)s.") % {"reasons": "; ".join(reasons)}
