"""Synthetic social-assistance beneficiaries, grouped into households. Pure and deterministic: no Django, no clock.

The same `random.Random(seed)` and the same arguments always give the same people, so the loader can key
people by ID number and a second run finds them all already present.
"""

import random
from collections.abc import Iterator, Sequence
from datetime import date

from .names import HOA, KHMER, KINH, full_name, surname, weighted_choice

# Ages are taken on this fixed day, not today, so the data does not drift with the clock.
REFERENCE_DATE = date(2025, 7, 1)

# Birth-registration province codes (decree20.md §10) and old 9-digit CMND prefixes, by GSO province code.
ID_PROVINCE = {"87": "087", "92": "092"}
CMND_PREFIX = {"87": "34", "92": "36"}

# (group, share, age range, share of women)
GROUPS = [
    ("elderly", 0.45, (60, 100), 0.60),
    ("disability", 0.30, (16, 59), 0.45),
    ("child", 0.15, (0, 15), 0.48),
    ("adult", 0.10, (16, 59), 0.60),
]
_GROUP_WEIGHTS = {(name, ages, women): share for name, share, ages, women in GROUPS}
# Elderly beneficiaries lean old (Art. 5.5.c: 80+ without pension, until 30/06/2025); ages by decade.
ELDERLY_DECADES = {60: 0.25, 70: 0.25, 80: 0.35, 90: 0.15}
HOUSEHOLD_SIZES = {1: 0.40, 2: 0.35, 3: 0.17, 4: 0.08}
POVERTY = {"poor": 0.20, "near_poor": 0.15, "none": 0.65}
MOBILE_PREFIXES = ["032", "033", "034", "035", "036", "037", "038", "039", "070", "076", "077", "078", "079",
                   "081", "082", "083", "084", "085", "086", "088", "089", "090", "091", "093", "094", "096",
                   "097", "098"]  # fmt: skip

ETHNICITY_MIX = {
    "87": {KINH: 0.99, KHMER: 0.006, HOA: 0.004},
    "92": {KINH: 0.96, KHMER: 0.025, HOA: 0.015},
    "khmer_area": {KINH: 0.62, KHMER: 0.34, HOA: 0.04},  # communes of the former Sóc Trăng province
}


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder; the parts add up exactly)."""
    scale = sum(weights)
    exact = [total * w / scale for w in weights]
    parts = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (exact[i] - parts[i], -i), reverse=True)
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def commune_counts(rng: random.Random, total: int, n: int, minimums: dict[int, int] | None = None) -> list[int]:
    """People per commune: reserve the minimums first (as far as `total` allows), spread the rest by random weight."""
    reserved = [0] * n
    left = total
    for index, need in (minimums or {}).items():
        reserved[index] = min(need, left)
        left -= reserved[index]
    spread = apportion(left, [rng.uniform(0.5, 1.5) for _ in range(n)])
    return [a + b for a, b in zip(reserved, spread, strict=True)]


def birth_date(rng: random.Random, age: int) -> date:
    """A day on which someone is exactly `age` years old on REFERENCE_DATE."""
    latest = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - age).toordinal()
    earliest = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - age - 1).toordinal() + 1
    return date.fromordinal(earliest + rng.randrange(latest - earliest + 1))


def personal_id(rng: random.Random, *, province: str, birth_year: int, sex: str, used: set[str]) -> str:
    """12 digits (decree20.md §10): province of birth registration, century+sex, year, 6 random digits."""
    century_sex = (birth_year // 100 - 19) * 2 + (1 if sex == "F" else 0)
    prefix = f"{province}{century_sex}{birth_year % 100:02d}"
    while (number := f"{prefix}{rng.randrange(10**6):06d}") in used:
        pass
    used.add(number)
    return number


def old_id(rng: random.Random, *, prefix: str, used: set[str]) -> str:
    """An old 9-digit identity card (CMND) number."""
    while (number := f"{prefix}{rng.randrange(10 ** (9 - len(prefix))):0{9 - len(prefix)}d}") in used:
        pass
    used.add(number)
    return number


def _age(rng: random.Random, group: str, ages: tuple[int, int]) -> int:
    if group == "elderly":
        decade = weighted_choice(rng, ELDERLY_DECADES)
        return decade + rng.randrange(10) if decade < 90 else rng.randint(90, ages[1])
    return rng.randint(*ages)


def person(rng: random.Random, *, province_code: str, ethnicity: str, family: str | None, used_ids: set[str]) -> dict:
    """One beneficiary; `family` is the household's surname (shared by some members)."""
    group, ages, women = weighted_choice(rng, _GROUP_WEIGHTS)
    sex = "F" if rng.random() < women else "M"
    age = _age(rng, group, ages)
    born = birth_date(rng, age)
    # Many very old people only know their year of birth.
    year_only = group == "elderly" and rng.random() < (0.30 if age >= 80 else 0.10)
    if group == "elderly" and rng.random() < 0.03:
        id_number, id_type = old_id(rng, prefix=CMND_PREFIX[province_code], used=used_ids), "cmnd"
    else:
        id_number = personal_id(rng, province=ID_PROVINCE[province_code], birth_year=born.year, sex=sex, used=used_ids)
        id_type = "cccd"
    phone = f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**7):07d}" if rng.random() < 0.60 else ""
    # Children carry the household's surname; other members (spouses, grandparents) often do not.
    shares_family = family and (group == "child" or rng.random() < 0.5)
    name = full_name(rng, sex=sex, birth_year=born.year, ethnicity=ethnicity, family=family if shares_family else None)
    return {
        "full_name": name,
        "sex": sex,
        "birth_date": date(born.year, 1, 1) if year_only else born,
        "birth_year_only": year_only,
        "ethnicity": ethnicity,
        "id_number": id_number,
        "id_type": id_type,
        "phone": phone,
        "hiv_positive": age >= 16 and rng.random() < 0.003,
        "group": group,
    }


def _head_name(rng: random.Random, members: list[dict], *, family: str, ethnicity: str) -> str:
    """The oldest adult member; a household of children only is headed by a parent who is not a beneficiary."""
    adults = [m for m in members if (REFERENCE_DATE.year - m["birth_date"].year) >= 18]
    if adults:
        return min(adults, key=lambda m: m["birth_date"])["full_name"]
    sex = "M" if rng.random() < 0.6 else "F"
    return full_name(rng, sex=sex, birth_year=rng.randint(1975, 1995), ethnicity=ethnicity, family=family)


def commune_households(
    rng: random.Random,
    *,
    province_code: str,
    commune_code: str,
    villages: Sequence,
    count: int,
    used_ids: set[str],
    ethnicities: dict[str, float] | None = None,
) -> Iterator[dict]:
    """Households of one commune holding exactly `count` people; each in one of `villages` (opaque values)."""
    mix = ethnicities or ETHNICITY_MIX[province_code]
    left = count
    while left > 0:
        size = min(weighted_choice(rng, HOUSEHOLD_SIZES), left)
        left -= size
        ethnicity = weighted_choice(rng, mix)
        family = surname(rng, ethnicity)
        members = [
            {**person(rng, province_code=province_code, ethnicity=ethnicity, family=family, used_ids=used_ids),
             "commune": commune_code}
            for _ in range(size)
        ]  # fmt: skip
        poverty = weighted_choice(rng, POVERTY)
        yield {
            "commune": commune_code,
            "village": rng.choice(villages) if villages else None,
            "head_name": _head_name(rng, members, family=family, ethnicity=ethnicity),
            "poverty_status": poverty,
            "poverty_year": rng.choice([2024, 2025]) if poverty != "none" else None,
            "members": members,
        }


def commune_people(rng: random.Random, **kwargs) -> Iterator[dict]:
    """The people of `commune_households`, flat, each with its household's village."""
    for household in commune_households(rng, **kwargs):
        for member in household["members"]:
            yield {**member, "village": household["village"]}
