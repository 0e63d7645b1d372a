"""The registry load: counts match the registry package, repeated loads change nothing."""

import sqlite3

import pytest

from locations import registry
from locations.models import AdministrativeUnit, Level, Structure, UnitSuccession
from locations.services import admin_units_load


def _registry_count(sql: str) -> int:
    with sqlite3.connect(f"file:{registry.DATASET}?mode=ro", uri=True) as conn:
        return conn.execute(sql).fetchone()[0]


@pytest.fixture
def loaded(db):
    return admin_units_load()


def test_counts_match_the_registry(loaded):
    units = AdministrativeUnit.objects
    assert units.filter(structure=Structure.THREE_LEVEL, level=Level.PROVINCE).count() == 63
    assert units.filter(structure=Structure.TWO_LEVEL, level=Level.PROVINCE).count() == 34
    assert units.filter(structure=Structure.TWO_LEVEL, level=Level.COMMUNE).count() == 3321
    assert units.filter(structure=Structure.THREE_LEVEL, level=Level.DISTRICT).count() == _registry_count(
        "SELECT COUNT(DISTINCT districtCode) FROM admin_units_legacy"
    )
    assert units.filter(structure=Structure.THREE_LEVEL, level=Level.COMMUNE).count() == _registry_count(
        "SELECT COUNT(DISTINCT wardCode) FROM admin_units_legacy WHERE wardCode IS NOT NULL"
    )


def test_tree_links_and_validity_dates(loaded):
    dong_thap = AdministrativeUnit.objects.get(structure=Structure.THREE_LEVEL, code="87")
    assert dong_thap.name == "Tỉnh Đồng Tháp" and dong_thap.province_id == dong_thap.id
    districts = AdministrativeUnit.objects.filter(parent=dong_thap)
    assert districts.count() == 12 and {d.level for d in districts} == {Level.DISTRICT}
    commune = AdministrativeUnit.objects.filter(parent__parent=dong_thap).first()
    assert commune.province == dong_thap and commune.valid_to.isoformat() == "2025-06-30"
    new_commune = AdministrativeUnit.objects.filter(structure=Structure.TWO_LEVEL, level=Level.COMMUNE).first()
    assert new_commune.parent.level == Level.PROVINCE and new_commune.valid_from.isoformat() == "2025-07-01"


def test_old_to_new_mapping_by_code(loaded):
    old = AdministrativeUnit.objects.get(structure=Structure.THREE_LEVEL, code="87")
    assert [s.new.name for s in old.successors.all()] == ["Tỉnh Đồng Tháp"]
    assert old.successors.get().new.code == "82"
    mapped = UnitSuccession.objects.filter(old__level=Level.COMMUNE).values("old").distinct().count()
    old_communes = AdministrativeUnit.objects.filter(structure=Structure.THREE_LEVEL, level=Level.COMMUNE).count()
    assert mapped / old_communes > 0.99
    # Every old commune maps into the new province that succeeded its old province.
    sample = UnitSuccession.objects.filter(old__level=Level.COMMUNE, old__province=old).select_related("new__province")
    assert {s.new.province.code for s in sample} == {"82"}


def test_reload_is_idempotent_and_keeps_the_province_flags(loaded):
    commune = AdministrativeUnit.objects.filter(structure=Structure.THREE_LEVEL, level=Level.COMMUNE).first()
    commune.especially_difficult = True
    commune.save()
    before = (AdministrativeUnit.objects.count(), UnitSuccession.objects.count())
    admin_units_load()
    assert (AdministrativeUnit.objects.count(), UnitSuccession.objects.count()) == before
    commune.refresh_from_db()
    assert commune.especially_difficult is True
