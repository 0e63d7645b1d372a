"""The units down the side of a report and the title block (issue 7: two-level and three-level provinces).

Rows are the communes inside the requested unit, in the unit's own structure: a three-level province lists each
district (a bold subtotal row) over its communes; a two-level province lists communes only. Data stays with the
commune it was recorded against (decisions stay tied to the unit that signed them, decree20.md §9), so a period
that spans 01/07/2025 gets a note saying which structure each part of it follows.
"""

from datetime import date

from django.db.models import Q

from locations.models import THREE_LEVEL_END, TWO_LEVEL_START, AdministrativeUnit, Level, Structure

from ..layouts.writer import Heading, Row

STRUCTURE_TEXT = {
    Structure.THREE_LEVEL: "cấu trúc ba cấp (tỉnh – huyện – xã)",
    Structure.TWO_LEVEL: "cấu trúc hai cấp (tỉnh – xã)",
}


def _valid_in(start: date, end: date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=end)) & (Q(valid_to__isnull=True) | Q(valid_to__gte=start))


def communes_of(unit: AdministrativeUnit, start: date, end: date) -> list[AdministrativeUnit]:
    """The communes of `unit` valid at some day of the period, district by district, by code."""
    if unit.level == Level.COMMUNE:
        return [unit]
    inside = Q(province=unit) if unit.level == Level.PROVINCE else Q(parent=unit)
    return list(
        AdministrativeUnit.objects.filter(inside, _valid_in(start, end), level=Level.COMMUNE)
        .select_related("parent")
        .order_by("parent__code", "code")
    )


def unit_rows(communes, values: dict[int, dict], keys, *, by_district: bool = True) -> list[Row]:
    """One row per commune; in a three-level province each district's subtotal row comes first, numbered I, II…
    (a district's or a commune's own report has no district rows: its totals row is the unit itself)."""
    rows: list[Row] = []
    districts = [c.parent for c in communes if c.parent and c.parent.level == Level.DISTRICT]
    if not districts or not by_district:
        return [Row(c.name, values.get(c.pk, {})) for c in communes]
    order: dict[int, list] = {}
    for commune in communes:
        order.setdefault(commune.parent_id, []).append(commune)
    for index, members in enumerate(order.values(), start=1):
        district = members[0].parent
        if district is None or district.level != Level.DISTRICT:
            rows += [Row(c.name, values.get(c.pk, {})) for c in members]
            continue
        subtotal = {key: sum(values.get(c.pk, {}).get(key) or 0 for c in members) for key in keys}
        rows.append(Row(district.name, subtotal, kind="subtotal", number=_roman(index)))
        rows += [Row(c.name, values.get(c.pk, {})) for c in members]
    return rows


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out, number = out + letters, number - value
    return out


def structure_notes(unit: AdministrativeUnit, start: date, end: date) -> tuple[str, ...]:
    """A note when the period spans 01/07/2025: which structure each part follows, and what the rows are."""
    if not (start < TWO_LEVEL_START <= end):
        return ()
    return (
        f"Kỳ báo cáo qua ngày {TWO_LEVEL_START:%d/%m/%Y}: phần từ {start:%d/%m/%Y} đến {THREE_LEVEL_END:%d/%m/%Y} "
        f"theo {STRUCTURE_TEXT[Structure.THREE_LEVEL]}; phần từ {TWO_LEVEL_START:%d/%m/%Y} đến {end:%d/%m/%Y} "
        f"theo {STRUCTURE_TEXT[Structure.TWO_LEVEL]}.",
        f"Các dòng là đơn vị của {unit.name} theo {STRUCTURE_TEXT[unit.structure]}; số liệu tính theo đơn vị đã "
        f"ghi nhận (số liệu của đơn vị cũ báo cáo theo đơn vị cũ).",
    )


def heading_for(request) -> Heading:
    unit = request.unit
    office = unit.social_office_name
    if not office and unit.level != Level.PROVINCE and unit.province_id:
        office = unit.province.social_office_name if unit.province else ""
    return Heading(
        authority=f"ỦY BAN NHÂN DÂN {unit.name.upper()}",
        office=office,
        unit=f"Đơn vị báo cáo: {unit.name} (mã {unit.code})",
        period=f"Kỳ báo cáo: từ ngày {request.period_start:%d/%m/%Y} đến ngày {request.period_end:%d/%m/%Y}",
        as_of=f"Số liệu chốt đến hết ngày {request.as_of:%d/%m/%Y}",
        notes=structure_notes(unit, request.period_start, request.period_end),
    )
