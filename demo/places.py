"""Demo provinces: office names, deciding levels, hamlets, facilities, and the units the demo accounts sit at."""

import re
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from unidecode import unidecode

from facilities.models import Facility
from locations.models import AdministrativeUnit, DecidingLevel, Level, Structure, Village
from locations.services import deciding_level_set

from .villages import hamlet_word, village_names

THREE_LEVEL_CODE = "87"  # Tỉnh Đồng Tháp, with its 2024 districts
TWO_LEVEL_CODE = "92"  # Thành phố Cần Thơ after the 2025 merger
DEMO_DISTRICT = "Huyện Cao Lãnh"
DEMO_COMMUNE = "Thị trấn Mỹ Thọ"
SECOND_COMMUNE = "Xã Mỹ Hiệp"
DEMO_COMMUNE_2CAP = "Phường Ninh Kiều"
GENERAL_CENTRE = "Trung tâm Bảo trợ xã hội tổng hợp tỉnh Đồng Tháp"

# (name, ownership, managing level, district, commune, capacity, licence) — seed report of Đồng Tháp.
FACILITIES = [
    (GENERAL_CENTRE, "public", "province", "Thành phố Cao Lãnh", "Phường 6", 150, "05/GP-SLĐTBXH"),
    ("Cơ sở Mái ấm tuổi thơ Bửu Nghiêm", "non_public", "district", "Huyện Châu Thành", "Xã Tân Nhuận Đông", 40, ""),
    ("Cơ sở Bảo trợ xã hội Kim Bửu", "non_public", "district", "Huyện Lấp Vò", "Xã Vĩnh Thạnh", 100, ""),
    ("Cơ sở Hưng Phước Thành", "non_public", "district", "Huyện Tháp Mười", "Xã Mỹ Quí", 25, ""),
]

_SPACES = re.compile(r"\s+")


def name_key(text: str) -> str:
    """Accent-insensitive key; i/y folded too, so 'Mỹ Quý', 'Mỹ Quí' and 'Mỹ Qúi' match."""
    return _SPACES.sub(" ", unidecode(text or "")).strip().lower().replace("y", "i")


def child_named(parent: AdministrativeUnit, name: str) -> AdministrativeUnit | None:
    key = name_key(name)
    return next((u for u in parent.children.order_by("code") if name_key(u.name) == key), None)


def _lower_kind(unit: AdministrativeUnit) -> str:
    """'Huyện Cao Lãnh' → 'huyện Cao Lãnh' (keeps huyện and thành phố Cao Lãnh apart)."""
    if unit.kind and unit.name.startswith(unit.kind):
        return unit.kind.lower() + unit.name[len(unit.kind) :]
    return unit.name


@dataclass
class DemoPlaces:
    province: AdministrativeUnit
    district: AdministrativeUnit
    commune: AdministrativeUnit
    commune2: AdministrativeUnit
    province_2cap: AdministrativeUnit
    commune_2cap: AdministrativeUnit


def places_find() -> DemoPlaces:
    """The demo units; a named commune missing from the registry falls back to a neighbour by code."""
    provinces = AdministrativeUnit.objects.filter(level=Level.PROVINCE)
    province = provinces.get(structure=Structure.THREE_LEVEL, code=THREE_LEVEL_CODE)
    province2 = provinces.get(structure=Structure.TWO_LEVEL, code=TWO_LEVEL_CODE)
    district = child_named(province, DEMO_DISTRICT)
    if district is None:
        raise AdministrativeUnit.DoesNotExist(f"{DEMO_DISTRICT} không có trong danh mục.")
    communes = list(district.children.order_by("code"))
    commune = child_named(district, DEMO_COMMUNE) or communes[0]
    commune2 = child_named(district, SECOND_COMMUNE) or next(c for c in communes if c.code > commune.code)
    commune_2cap = child_named(province2, DEMO_COMMUNE_2CAP) or province2.children.order_by("code").first()
    return DemoPlaces(province, district, commune, commune2, province2, commune_2cap)


@transaction.atomic
def provinces_configure(places: DemoPlaces) -> None:
    """Office names (only where still blank: they belong to the province officer) and deciding levels."""
    office = "Lao động – Thương binh và Xã hội"
    named = [(places.province, f"Sở {office} {_lower_kind(places.province)}")]
    named += [(d, f"Phòng {office} {_lower_kind(d)}") for d in places.province.children.all()]
    # Since 03/2025 social assistance sits with the health department in the merged provinces.
    named.append((places.province_2cap, f"Sở Y tế {_lower_kind(places.province_2cap)}"))
    for unit, office_name in named:
        if not unit.social_office_name:
            unit.social_office_name = office_name
            unit.save(update_fields=["social_office_name"])
    deciding_level_set(
        province=places.province,
        level=DecidingLevel.DISTRICT,
        effective_from=date(2021, 7, 1),
        legal_basis="Nghị định 20/2021/NĐ-CP",
        actor=None,
    )
    deciding_level_set(
        province=places.province_2cap,
        level=DecidingLevel.COMMUNE,
        effective_from=date(2025, 7, 1),
        legal_basis="Nghị định 147/2025/NĐ-CP",
        actor=None,
    )


def demo_communes(province: AdministrativeUnit) -> list[AdministrativeUnit]:
    return list(AdministrativeUnit.objects.filter(province=province, level=Level.COMMUNE).order_by("code"))


def villages_ensure(places: DemoPlaces) -> int:
    """4–8 hamlets in every commune of both demo provinces; returns how many were new."""
    rows = []
    for province, two_level in ((places.province, False), (places.province_2cap, True)):
        for commune in demo_communes(province):
            word = hamlet_word(commune.name, two_level=two_level)
            rows += [Village(commune=commune, name=name) for name in village_names(commune.code, word)]
    before = Village.objects.count()
    Village.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return Village.objects.count() - before


def facilities_ensure(places: DemoPlaces) -> tuple[Facility, int]:
    """The provincial centre and three private homes, keyed by name; returns (centre, how many were new)."""
    created = 0
    for name, ownership, managing_level, district_name, commune_name, capacity, licence in FACILITIES:
        district = child_named(places.province, district_name)
        commune = child_named(district, commune_name) or district.children.order_by("code").first()
        _, was_created = Facility.objects.get_or_create(
            name=name,
            defaults={
                "ownership": ownership,
                "managing_level": managing_level,
                "unit": commune,
                "address": f"{commune.name}, {_lower_kind(district)}, {_lower_kind(places.province)}",
                "capacity": capacity,
                "licence_number": licence,
            },
        )
        created += was_created
    return Facility.objects.get(name=GENERAL_CENTRE), created
