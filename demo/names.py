"""Vietnamese personal names with realistic frequencies (Mekong delta flavour). Pure: no Django."""

import random
from bisect import bisect_right
from itertools import accumulate

# Surnames and their approximate share of the population, in per cent (southern spellings Huỳnh/Võ dominate).
SURNAMES = {
    "Nguyễn": 38.0, "Trần": 11.0, "Lê": 9.5, "Phạm": 6.5, "Huỳnh": 4.5, "Võ": 4.0, "Phan": 4.0,
    "Đặng": 2.0, "Bùi": 2.0, "Đỗ": 1.4, "Hồ": 1.4, "Ngô": 1.3, "Trương": 1.3, "Dương": 1.0,
    "Hoàng": 0.8, "Vũ": 0.6, "Lý": 0.8, "Đoàn": 0.6, "Lâm": 0.6, "Mai": 0.5, "Châu": 0.4,
    "Cao": 0.4, "Lương": 0.4, "Tô": 0.3, "Đinh": 0.3, "Lưu": 0.3, "Thái": 0.3, "Quách": 0.2,
    "Tạ": 0.2, "Hà": 0.2, "Kiều": 0.1, "La": 0.1,
}  # fmt: skip

# Middle names: older generations are mostly Văn / Thị; children born after 2000 much less so.
MIDDLE = {
    ("M", "old"): {"Văn": 70, "Hữu": 6, "Minh": 5, "Thanh": 5, "Công": 3, "Tấn": 3, "Phước": 2, "Ngọc": 2,
                   "Đức": 2, "Quốc": 2},
    ("M", "young"): {"Văn": 18, "Minh": 14, "Hoàng": 10, "Gia": 10, "Quốc": 8, "Thành": 8, "Đức": 8,
                     "Hữu": 6, "Tấn": 6, "Anh": 6, "Bảo": 6},
    ("F", "old"): {"Thị": 78, "Ngọc": 6, "Kim": 5, "Thanh": 4, "Mỹ": 3, "Hồng": 2, "Bích": 2},
    ("F", "young"): {"Thị": 22, "Ngọc": 14, "Thanh": 10, "Kim": 8, "Mỹ": 8, "Thu": 8, "Bảo": 8,
                     "Khánh": 8, "Phương": 7, "Diễm": 7},
}  # fmt: skip

GIVEN = {
    ("M", "old"): ["Hùng", "Dũng", "Hải", "Sơn", "Thành", "Tâm", "Hòa", "Bình", "Lộc", "Phúc", "Thọ", "Tài",
                   "Lợi", "Nghĩa", "Hiếu", "Trung", "Tuấn", "Quang", "Long", "Phong", "Hưng", "Thắng", "Cường",
                   "Vinh", "Sang", "Tùng", "Nhân", "Minh", "Đạt", "Lực", "Chiến", "Hậu", "Toàn", "Thuận",
                   "Dân", "Tín", "Trí", "Út", "Bé", "Mười", "Sáu", "Năm", "Tư", "Đực", "Lành", "Nhựt"],
    ("M", "young"): ["Khang", "Huy", "Bảo", "Phúc", "Khôi", "Minh", "Nam", "Anh", "Duy", "Kiệt", "Thịnh",
                     "Quân", "Lâm", "Vinh", "Hào", "Đăng", "Tú", "Khoa", "Thiện", "Nhân", "Tài", "Trí", "Lộc",
                     "Hiếu", "Phát", "Tín", "Hưng", "Long", "Toàn", "Khải"],
    ("F", "old"): ["Lan", "Hoa", "Hồng", "Cúc", "Mai", "Đào", "Huệ", "Liên", "Nga", "Hương", "Thủy", "Hạnh",
                   "Xuân", "Thu", "Lệ", "Nguyệt", "Sen", "Bông", "Út", "Lài", "Phượng", "Tuyết", "Yến", "Dung",
                   "Loan", "Oanh", "Nhung", "Hai", "Ba", "Tám", "Chín", "Mận", "Lựu", "Nhàn", "Bé", "Ngọc"],
    ("F", "young"): ["Anh", "Vy", "Ngân", "Nhi", "Trâm", "Thảo", "Linh", "Như", "Hân", "My", "Quyên", "Uyên",
                     "Châu", "Trang", "Tiên", "Giang", "Hà", "Ngọc", "Thư", "Yến", "Diệp", "Hằng", "Trinh",
                     "Phương", "Nhung", "Duyên", "Tuyền", "Xuân", "Hương", "Loan"],
}  # fmt: skip

# Khmer names in the Mekong delta: a handful of surnames, transcribed Khmer given names.
KHMER_SURNAMES = {"Thạch": 30, "Sơn": 20, "Kim": 15, "Lâm": 10, "Danh": 8, "Trà": 5, "Châu": 5, "Lý": 4, "Huỳnh": 3}
KHMER_GIVEN = {
    "M": ["Sóc", "Sa Rết", "Sô Phol", "Chanh Đa", "Ra Ny", "Phen", "Sà Rây", "Ka Ry", "Sóc Khênh", "Thươl",
          "Sa Mết", "Chum", "Sà Ron", "Ngọc Sáng", "Pho", "Kha"],
    "F": ["Sa Rươne", "Sà Phiên", "Sa Ri", "Sóc Kha", "Phiếp", "Sa Vy", "Mây", "Sà Quăn", "Thy", "Pha Ly",
          "Chanh Thy", "Sa Roth", "Ny", "Kim Sang", "Phol", "Sây"],
}  # fmt: skip
KHMER_MIDDLE = {"M": {"": 50, "Văn": 30, "Thanh": 10, "Sô": 10}, "F": {"Thị": 80, "": 20}}

HOA_SURNAMES = {"Lý": 15, "Trương": 15, "Quách": 10, "Tăng": 8, "Lâm": 10, "Mã": 6, "Hứa": 8, "Diệp": 6,
                "Lưu": 8, "Huỳnh": 8, "Tạ": 6}  # fmt: skip
HOA_MIDDLE = {
    "M": {"Văn": 30, "Chí": 20, "Quốc": 15, "Gia": 15, "Minh": 20},
    "F": {"Thị": 40, "Mỹ": 20, "Tú": 15, "Ngọc": 15, "Kim": 10},
}
KINH, HOA, KHMER = "01", "04", "05"


_TABLES: dict[int, tuple[dict, list, list[float], float]] = {}


def weighted_choice(rng: random.Random, weighted: dict):
    """One key of `weighted`, drawn by its weight (one rng.random() per draw).

    Runs millions of times for a large province, so the cumulative table is built once per dict; the dict is
    kept alive beside it, so its id cannot be reused by another dict."""
    table = _TABLES.get(id(weighted))
    if table is None or table[0] is not weighted:
        cumulative = list(accumulate(weighted.values()))
        table = _TABLES[id(weighted)] = (weighted, list(weighted), cumulative, cumulative[-1])
    keys, cumulative = table[1], table[2]
    return keys[min(bisect_right(cumulative, rng.random() * table[3]), len(keys) - 1)]


def surname(rng: random.Random, ethnicity: str = KINH) -> str:
    """A family name typical of the ethnic group (GSO codes: 01 Kinh, 04 Hoa, 05 Khơ-me)."""
    if ethnicity == KHMER:
        return weighted_choice(rng, KHMER_SURNAMES)
    if ethnicity == HOA:
        return weighted_choice(rng, HOA_SURNAMES)
    return weighted_choice(rng, SURNAMES)


def full_name(rng: random.Random, *, sex: str, birth_year: int, ethnicity: str = KINH, family: str | None = None):
    """'Nguyễn Thị Lan'; `family` forces the surname (members of one household)."""
    family = family or surname(rng, ethnicity)
    if ethnicity == KHMER:
        parts = [family, weighted_choice(rng, KHMER_MIDDLE[sex]), rng.choice(KHMER_GIVEN[sex])]
    else:
        era = "young" if birth_year >= 1990 else "old"
        middle = weighted_choice(rng, HOA_MIDDLE[sex]) if ethnicity == HOA else weighted_choice(rng, MIDDLE[(sex, era)])
        given = rng.choice(GIVEN[(sex, era)])
        while given == middle:  # no "Trần Bảo Bảo"
            given = rng.choice(GIVEN[(sex, era)])
        # A second middle name ("Nguyễn Thị Thu Trang") for a share of younger women.
        extra = ""
        if sex == "F" and era == "young" and rng.random() < 0.2:
            extra = rng.choice(["Thu", "Ngọc", "Thanh", "Kim"])
        parts = [family, middle, extra, given]
    return " ".join(p for p in parts if p)
