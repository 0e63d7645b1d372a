"""Deterministic hamlet names for a commune. Pure: the same commune code always gives the same names."""

import random

NAMED_HAMLETS = [
    "Tân Thuận", "Mỹ Tây", "Bình Hòa", "An Phú", "Long Thạnh", "Hòa Long", "Phú Mỹ", "Tân Lợi", "Mỹ Thạnh",
    "Thạnh Lợi", "An Thịnh", "Hưng Lợi", "Tân Hòa", "Phú Thuận", "Thới An", "Vĩnh Phú", "Bình Thạnh", "Tân Phú",
    "Long Hưng", "Mỹ Phước", "An Hòa", "Phú Lợi", "Tân An", "Mỹ Đông", "Hòa Bình", "Bình Phú", "Tân Mỹ",
    "Phước Hòa", "Thạnh Phú", "An Lạc", "Long Phú", "Mỹ Hưng", "Hiệp Thành", "Tân Bình", "Phú Thạnh", "Đông Hòa",
    "Tây Hòa", "Trung Hòa", "Thuận Hòa", "Khánh An",
]  # fmt: skip


def hamlet_word(commune_name: str, *, two_level: bool) -> str:
    """What a commune calls its subdivisions: ấp in a xã, khóm in a phường/thị trấn (Đồng Tháp),
    khu vực in a phường of Cần Thơ."""
    urban = commune_name.startswith(("Phường", "Thị trấn"))
    if not urban:
        return "Ấp"
    return "Khu vực" if two_level else "Khóm"


def village_names(commune_code: str, word: str) -> list[str]:
    """4–8 names: 'Ấp 1'…'Ấp k' plus, for ấp, up to three named ones ('Ấp Tân Thuận')."""
    rng = random.Random(int(commune_code))
    total = rng.randint(4, 8)
    named = rng.randint(0, min(3, total - 2)) if word == "Ấp" else 0
    numbered = [f"{word} {i}" for i in range(1, total - named + 1)]
    return numbered + [f"{word} {n}" for n in rng.sample(NAMED_HAMLETS, named)]
