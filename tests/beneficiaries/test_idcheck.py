"""Personal ID numbers (decree20.md §10): tables of cases, no database."""

from datetime import date

import pytest

from beneficiaries.idcheck import decode, id_mismatch, id_problems, normalize

M, F = "M", "F"


@pytest.mark.parametrize(
    ("number", "birth", "sex", "expected"),
    [
        # digit 4: 0/1 = 1900s male/female; digits 5–6: the year
        ("087050000123", date(1950, 5, 17), M, ""),
        ("087150000123", date(1950, 5, 17), F, ""),
        # 2/3 = 2000s
        ("087210000123", date(2010, 2, 1), M, ""),
        ("087310000123", date(2010, 2, 1), F, ""),
        # 4/5 = 2100s (the code is read, even if nobody is born there yet)
        ("001400000001", date(2100, 1, 1), M, ""),
        # year digits disagree
        (
            "087051000123",
            date(1950, 5, 17),
            M,
            "Số định danh không khớp với hồ sơ: chữ số 4–6 ứng với năm sinh 1951, hồ sơ ghi năm sinh 1950.",
        ),
        # sex digit disagrees
        (
            "087150000123",
            date(1950, 5, 17),
            M,
            "Số định danh không khớp với hồ sơ: chữ số thứ 4 ứng với giới tính nữ, hồ sơ ghi nam.",
        ),
        # century disagrees: 2 = 2000s, the record says 1950
        (
            "087250000123",
            date(1950, 5, 17),
            M,
            "Số định danh không khớp với hồ sơ: chữ số 4–6 ứng với năm sinh 2050, hồ sơ ghi năm sinh 1950.",
        ),
        # both at once
        (
            "087340000123",
            date(1940, 1, 1),
            M,
            "Số định danh không khớp với hồ sơ: chữ số 4–6 ứng với năm sinh 2040, hồ sơ ghi năm sinh 1940; "
            "chữ số thứ 4 ứng với giới tính nữ, hồ sơ ghi nam.",
        ),
        # no such province code
        (
            "099050000123",
            date(1950, 5, 17),
            M,
            "Số định danh không khớp với hồ sơ: 3 chữ số đầu (099) không phải mã tỉnh, thành phố nào.",
        ),
        # 9-digit CMND: only digits are checked, no mismatch is possible
        ("381234567", date(1950, 5, 17), F, ""),
        # nothing to compare
        ("", date(1950, 5, 17), M, ""),
        (None, date(1950, 5, 17), M, ""),
    ],
)
def test_id_mismatch(number, birth, sex, expected):
    assert id_mismatch(number, birth, sex) == expected


@pytest.mark.parametrize(
    ("number", "id_type", "expected"),
    [
        ("087050000123", "cccd", []),
        ("381234567", "cmnd", []),
        ("", "cccd", []),
        ("08705000012A", "cccd", ["Số định danh chỉ gồm chữ số (không có chữ cái hay ký hiệu)."]),
        ("abcdefghijkl", "cccd", ["Số định danh chỉ gồm chữ số (không có chữ cái hay ký hiệu)."]),
        ("٠٨٧٠٥٠٠٠٠١٢٣", "cccd", ["Số định danh chỉ gồm chữ số (không có chữ cái hay ký hiệu)."]),
        ("08705000012", "cccd", ["Số định danh phải có 12 chữ số (đang có 11 chữ số)."]),
        ("0870500001234", "cccd", ["Số định danh phải có 12 chữ số (đang có 13 chữ số)."]),
        ("38123456", "cmnd", ["Số định danh phải có 9 chữ số (đang có 8 chữ số)."]),
        (
            "381234567",
            "cccd",
            ["Số định danh cá nhân phải có 12 chữ số; số có 9 chữ số là CMND cũ, hãy chọn loại giấy tờ CMND cũ."],
        ),
        (
            "087050000123",
            "cmnd",
            ["Số CMND cũ có 9 chữ số; số có 12 chữ số là số định danh cá nhân, hãy chọn loại giấy tờ đó."],
        ),
    ],
)
def test_id_problems(number, id_type, expected):
    assert id_problems(number, id_type) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("087 050 000 123", "087050000123"), ("087.050.000.123", "087050000123"), ("381-234-567", "381234567")],
)
def test_normalize_drops_spaces_dots_and_dashes(typed, expected):
    assert normalize(typed) == expected


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("087050000123", (1950, "M")),
        ("087199000123", (1999, "F")),
        ("087200000123", (2000, "M")),
        ("087325000123", (2025, "F")),
        ("381234567", None),
        ("08705000012A", None),
    ],
)
def test_decode_reads_century_sex_and_year(number, expected):
    assert decode(number) == expected
