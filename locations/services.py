"""Writes for administrative units: the registry load, unit flags, deciding-level settings."""

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from auditlog.context import set_actor
from django.db import transaction

from . import registry
from .models import (
    THREE_LEVEL_END,
    TWO_LEVEL_START,
    AdministrativeUnit,
    DecidingLevel,
    DecidingLevelSetting,
    Level,
    Structure,
    UnitSuccession,
)

# Fields the registry owns. `especially_difficult` and `social_office_name` belong to the province officer
# and are never overwritten by a reload.
_REGISTRY_FIELDS = ["name", "kind", "level", "valid_from", "valid_to"]


@dataclass
class LoadResult:
    provinces: dict[str, int]
    districts: int
    communes: dict[str, int]
    successions: int
    seconds: float


def _upsert(structure: str, level: str, rows: list[registry.UnitRow], valid_from, valid_to) -> dict[str, int]:
    objs = [
        AdministrativeUnit(
            structure=structure,
            level=level,
            code=row.code,
            name=row.name,
            kind=row.kind,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        for row in rows
    ]
    AdministrativeUnit.objects.bulk_create(
        objs,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["structure", "code"],
        update_fields=_REGISTRY_FIELDS,
    )
    return dict(AdministrativeUnit.objects.filter(structure=structure, level=level).values_list("code", "id"))


def _link(
    structure: str, rows: list[registry.UnitRow], ids: dict[str, int], parent_ids: dict[str, int], province_of
) -> None:
    """Set parent and province ids with one set-based UPDATE per parent (a few hundred statements, not 13,000)."""
    by_parent: dict[tuple[int, int], list[int]] = {}
    for row in rows:
        parent_id = parent_ids[row.parent_code]
        by_parent.setdefault((parent_id, province_of(row)), []).append(ids[row.code])
    for (parent_id, province_id), child_ids in by_parent.items():
        AdministrativeUnit.objects.filter(id__in=child_ids).exclude(
            parent_id=parent_id, province_id=province_id
        ).update(parent_id=parent_id, province_id=province_id)


@transaction.atomic
def admin_units_load(*, progress: Callable[[int, str], None] | None = None) -> LoadResult:
    """Load or refresh every unit of both structures from the registry package. Idempotent."""
    started = time.monotonic()
    report = progress or (lambda percent, message: None)

    report(5, "Đọc danh mục ba cấp")
    provinces3, districts3, communes3 = registry.three_level_units()
    report(15, "Ghi tỉnh, huyện, xã (ba cấp)")
    p3 = _upsert(Structure.THREE_LEVEL, Level.PROVINCE, provinces3, None, THREE_LEVEL_END)
    d3 = _upsert(Structure.THREE_LEVEL, Level.DISTRICT, districts3, None, THREE_LEVEL_END)
    c3 = _upsert(Structure.THREE_LEVEL, Level.COMMUNE, communes3, None, THREE_LEVEL_END)
    district_province = {row.code: p3[row.parent_code] for row in districts3}
    report(40, "Liên kết đơn vị (ba cấp)")
    _link(Structure.THREE_LEVEL, districts3, d3, p3, lambda row: p3[row.parent_code])
    _link(Structure.THREE_LEVEL, communes3, c3, d3, lambda row: district_province[row.parent_code])

    report(55, "Đọc và ghi danh mục hai cấp")
    provinces2, communes2 = registry.two_level_units()
    p2 = _upsert(Structure.TWO_LEVEL, Level.PROVINCE, provinces2, TWO_LEVEL_START, None)
    c2 = _upsert(Structure.TWO_LEVEL, Level.COMMUNE, communes2, TWO_LEVEL_START, None)
    report(70, "Liên kết đơn vị (hai cấp)")
    _link(Structure.TWO_LEVEL, communes2, c2, p2, lambda row: p2[row.parent_code])
    for province_ids in (p3, p2):
        for pid in province_ids.values():
            AdministrativeUnit.objects.filter(id=pid).exclude(province_id=pid).update(province_id=pid)

    report(85, "Bảng chuyển đổi đơn vị cũ → mới")
    province_pairs, commune_pairs = registry.successions()
    links = [
        UnitSuccession(old_id=p3[o], new_id=p2[n], is_default=True) for o, n in province_pairs if o in p3 and n in p2
    ]
    links += [
        UnitSuccession(old_id=c3[o], new_id=c2[n], is_default=d) for o, n, d in commune_pairs if o in c3 and n in c2
    ]
    UnitSuccession.objects.bulk_create(
        links, batch_size=2000, update_conflicts=True, unique_fields=["old", "new"], update_fields=["is_default"]
    )
    report(100, "Hoàn tất")
    return LoadResult(
        provinces={"three_level": len(p3), "two_level": len(p2)},
        districts=len(d3),
        communes={"three_level": len(c3), "two_level": len(c2)},
        successions=len(links),
        seconds=round(time.monotonic() - started, 2),
    )


def deciding_level_set(
    *, province: AdministrativeUnit, level: str, effective_from: date, legal_basis: str, actor
) -> DecidingLevelSetting:
    """Record who decides in a province from a date (audited). One row per province and day."""
    if province.level != Level.PROVINCE:
        raise ValueError("Cấp quyết định chỉ đặt cho tỉnh.")
    if level not in DecidingLevel.values:
        raise ValueError(f"Cấp quyết định không hợp lệ: {level}")
    with set_actor(actor), transaction.atomic():
        setting, _ = DecidingLevelSetting.objects.update_or_create(
            province=province, effective_from=effective_from, defaults={"level": level, "legal_basis": legal_basis}
        )
    return setting


def unit_flag_set(*, unit: AdministrativeUnit, especially_difficult: bool, actor) -> AdministrativeUnit:
    """Mark a commune as especially difficult (province officer; audited)."""
    with set_actor(actor), transaction.atomic():
        unit.especially_difficult = especially_difficult
        unit.save(update_fields=["especially_difficult"])
    return unit
