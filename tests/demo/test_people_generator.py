"""The pure demo generators: deterministic for a seed, and ID numbers that agree with decree20.md §10."""

import random
from collections import Counter
from datetime import date

from demo.accounts import DEMO_ACCOUNTS, PLACES
from demo.people import REFERENCE_DATE, apportion, commune_counts, commune_households, commune_people
from demo.places import name_key
from demo.villages import hamlet_word, village_names

VILLAGES = ["Ấp 1", "Ấp 2", "Ấp Tân Thuận"]


def _people(seed: int, province_code: str = "87", count: int = 400, used: set | None = None) -> list[dict]:
    return list(
        commune_people(
            random.Random(seed),
            province_code=province_code,
            commune_code="30076",
            villages=VILLAGES,
            count=count,
            used_ids=set() if used is None else used,
        )
    )


def test_same_seed_gives_the_same_people_and_another_seed_does_not():
    assert _people(20250101) == _people(20250101)
    assert [p["id_number"] for p in _people(20250101)] != [p["id_number"] for p in _people(20250102)]


def test_twelve_digit_ids_encode_province_century_sex_and_birth_year():
    people = _people(7, "87", 3000) + _people(8, "92", 3000)
    cccd = [p for p in people if p["id_type"] == "cccd"]
    assert len(cccd) > 5000
    for p, province in zip(people, ["087"] * 3000 + ["092"] * 3000, strict=True):
        if p["id_type"] != "cccd":
            continue
        number, year = p["id_number"], p["birth_date"].year
        expected_digit = {(19, "M"): "0", (19, "F"): "1", (20, "M"): "2", (20, "F"): "3"}[(year // 100, p["sex"])]
        assert len(number) == 12 and number.isdigit()
        assert number[:3] == province
        assert number[3] == expected_digit
        assert number[4:6] == f"{year % 100:02d}"


def test_old_nine_digit_ids_are_few_and_only_for_the_elderly():
    people = _people(9, "87", 5000)
    cmnd = [p for p in people if p["id_type"] == "cmnd"]
    assert all(len(p["id_number"]) == 9 and p["id_number"].startswith("34") for p in cmnd)
    assert all(p["group"] == "elderly" for p in cmnd)
    assert 0.005 < len(cmnd) / len(people) < 0.03


def test_ids_are_unique_across_communes_of_one_run():
    used: set[str] = set()
    rng = random.Random(11)
    ids = []
    for code in ["30076", "30079", "30082"]:
        people = commune_people(
            rng, province_code="87", commune_code=code, villages=VILLAGES, count=2000, used_ids=used
        )
        ids += [p["id_number"] for p in people]
    assert len(ids) == 6000 == len(set(ids)) == len(used)


def test_population_mix_is_that_of_social_assistance():
    people = _people(12, "87", 10000)
    groups = Counter(p["group"] for p in people)
    assert 0.42 < groups["elderly"] / 10000 < 0.48 and 0.27 < groups["disability"] / 10000 < 0.33
    for p in people:
        age = REFERENCE_DATE.year - p["birth_date"].year
        low, high = {"elderly": (60, 101), "disability": (16, 60), "child": (0, 16), "adult": (16, 60)}[p["group"]]
        assert low <= age <= high, p
        if p["birth_year_only"]:
            assert p["group"] == "elderly" and p["birth_date"] == date(p["birth_date"].year, 1, 1)
        if p["phone"]:
            assert len(p["phone"]) == 10 and p["phone"][:2] in {"03", "07", "08", "09"}
    assert 0.55 < sum(1 for p in people if p["phone"]) / 10000 < 0.65
    assert Counter(p["ethnicity"] for p in people)["01"] > 9700  # Đồng Tháp: ~99 % Kinh


def test_households_live_in_one_village_and_are_headed_by_an_adult_member_when_there_is_one():
    households = list(
        commune_households(
            random.Random(13), province_code="92", commune_code="31135", villages=VILLAGES, count=3000, used_ids=set()
        )
    )
    assert sum(len(h["members"]) for h in households) == 3000
    statuses = Counter(h["poverty_status"] for h in households)
    assert 0.15 < statuses["poor"] / len(households) < 0.25
    for h in households:
        assert h["village"] in VILLAGES and 1 <= len(h["members"]) <= 4
        assert (h["poverty_year"] in {2024, 2025}) == (h["poverty_status"] != "none")
        adults = [m for m in h["members"] if REFERENCE_DATE.year - m["birth_date"].year >= 18]
        if adults:
            assert h["head_name"] in {m["full_name"] for m in adults}


def test_commune_counts_reserve_the_demo_communes_and_add_up():
    counts = commune_counts(random.Random(1), 1500, 141, {0: 150, 5: 50})
    assert sum(counts) == 1500 and counts[0] >= 150 and counts[5] >= 50
    assert commune_counts(random.Random(1), 120, 10, {0: 150, 1: 50})[:2] == [120, 0]
    assert apportion(10, [1, 1, 1]) == [4, 3, 3]


def test_hamlets_are_deterministic_and_named_by_kind_of_commune():
    names = village_names("30079", "Ấp")
    assert names == village_names("30079", "Ấp") and 4 <= len(names) <= 8 and names[0] == "Ấp 1"
    assert hamlet_word("Thị trấn Mỹ Thọ", two_level=False) == "Khóm"
    assert hamlet_word("Phường Ninh Kiều", two_level=True) == "Khu vực"
    assert hamlet_word("Xã Mỹ Hiệp", two_level=False) == "Ấp"


def test_commune_names_match_without_accents_and_i_y_spelling():
    assert name_key("Xã Mỹ Qúi") == name_key("Xã Mỹ Quý") == name_key("xa my qui")


def test_every_demo_account_names_a_known_place():
    assert len({a.username for a in DEMO_ACCOUNTS}) == len(DEMO_ACCOUNTS) == 12
    assert {key for a in DEMO_ACCOUNTS for _, key in a.assignments} == set(PLACES)
