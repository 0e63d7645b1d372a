"""Read Vietnam's administrative units from the `vietnamadminunits` registry package.

The package ships an SQLite file with the 63-province (pre-2025) and 34-province (2025) structures and a
conversion table keyed by name keys; here both become plain rows keyed by official GSO code.
No Django here: the loader service turns these rows into database rows.
"""

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import vietnamadminunits

PACKAGE_DIR = Path(vietnamadminunits.__file__).parent
DATASET = PACKAGE_DIR / "data" / "dataset.db"
CONVERTER = PACKAGE_DIR / "data" / "converter_2025.json"


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    kind: str
    parent_code: str | None


def _province_kind(name: str) -> str:
    return "Thành phố" if name.startswith("Thành phố") else "Tỉnh"


def _rows(sql: str) -> Iterator[sqlite3.Row]:
    with sqlite3.connect(f"file:{DATASET}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        yield from conn.execute(sql)


def three_level_units() -> tuple[list[UnitRow], list[UnitRow], list[UnitRow]]:
    """Provinces, districts and communes in force until 30/06/2025."""
    provinces: dict[str, UnitRow] = {}
    districts: dict[str, UnitRow] = {}
    communes: dict[str, UnitRow] = {}
    sql = (
        "SELECT province, provinceCode, district, districtCode, districtType, ward, wardCode, wardType "
        "FROM admin_units_legacy"
    )
    for r in _rows(sql):
        provinces.setdefault(
            r["provinceCode"], UnitRow(r["provinceCode"], r["province"], _province_kind(r["province"]), None)
        )
        districts.setdefault(
            r["districtCode"], UnitRow(r["districtCode"], r["district"], r["districtType"], r["provinceCode"])
        )
        if r["wardCode"]:
            communes.setdefault(r["wardCode"], UnitRow(r["wardCode"], r["ward"], r["wardType"], r["districtCode"]))
    return list(provinces.values()), list(districts.values()), list(communes.values())


def two_level_units() -> tuple[list[UnitRow], list[UnitRow]]:
    """Provinces and communes in force from 01/07/2025."""
    provinces: dict[str, UnitRow] = {}
    communes: dict[str, UnitRow] = {}
    for r in _rows("SELECT province, provinceCode, ward, wardCode, wardType FROM admin_units"):
        provinces.setdefault(
            r["provinceCode"], UnitRow(r["provinceCode"], r["province"], _province_kind(r["province"]), None)
        )
        communes.setdefault(r["wardCode"], UnitRow(r["wardCode"], r["ward"], r["wardType"], r["provinceCode"]))
    return list(provinces.values()), list(communes.values())


def successions() -> tuple[list[tuple[str, str]], list[tuple[str, str, bool]]]:
    """Old→new pairs by code: (old province, new province) and (old commune, new commune, is_default).

    The registry's conversion table names units by key; a pair is kept only where each key resolves to
    exactly one code ("map by code, not name", decree20.md §9).
    """
    old_province = {
        r["provinceKey"]: r["provinceCode"]
        for r in _rows("SELECT DISTINCT provinceKey, provinceCode FROM admin_units_legacy")
    }
    new_province = {
        r["provinceKey"]: r["provinceCode"] for r in _rows("SELECT DISTINCT provinceKey, provinceCode FROM admin_units")
    }
    old_commune: dict[str, str | None] = {}
    for r in _rows(
        "SELECT provinceKey, districtKey, wardKey, wardCode FROM admin_units_legacy WHERE wardCode IS NOT NULL"
    ):
        key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"
        old_commune[key] = None if key in old_commune else r["wardCode"]  # None marks an ambiguous key
    new_commune: dict[tuple[str, str], str | None] = {}
    for r in _rows("SELECT provinceKey, wardKey, wardCode FROM admin_units"):
        key = (r["provinceKey"], r["wardKey"])
        new_commune[key] = None if key in new_commune else r["wardCode"]

    data = json.loads(CONVERTER.read_text(encoding="utf-8"))
    province_pairs = [
        (old_province[old], new_province[new])
        for new, olds in data["DICT_PROVINCE"].items()
        for old in olds
        if old in old_province and new in new_province
    ]
    commune_pairs: dict[tuple[str, str], bool] = {}
    for new_prov, wards in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, old_keys in wards.items():
            new_code = new_commune.get((new_prov, new_ward))
            for old_key in old_keys:
                old_code = old_commune.get(old_key)
                if new_code and old_code:
                    commune_pairs[(old_code, new_code)] = True
    for new_prov, olds in data["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in olds.items():
            old_code = old_commune.get(old_key)
            for target in targets:
                new_code = new_commune.get((new_prov, target["newWardKey"]))
                if new_code and old_code:
                    commune_pairs[(old_code, new_code)] = bool(target["isDefaultNewWard"])
    return province_pairs, [(o, n, d) for (o, n), d in commune_pairs.items()]
