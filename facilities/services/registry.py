"""The facility registry: the province officer registers and edits the province's facilities (issue 6).

Total `capacity` is always the sum of the capacity by type, computed here (never typed). Every write runs under
auditlog's `set_actor` (Facility is registered in facilities.apps), so the history shows who changed what.
Only a province officer (`facilities.add_facility` / `change_facility`) of the facility's province writes.
"""

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.jurisdiction import active_assignment
from accounts.roles import ROLE_PERMISSIONS
from locations.models import Level, Structure

from ..models import Facility
from ..selectors.facilities import CAPACITY_FIELDS

FIELDS = (
    "name",
    "ownership",
    "managing_level",
    "unit",
    "address",
    "licence_number",
    "licence_date",
    *CAPACITY_FIELDS.values(),
    "phone",
    "contact_name",
    "email",
    "active",
)


def _province_of(actor):
    """The province the actor works at; the registry is kept by the province (SPEC §5)."""
    assignment = active_assignment(actor)
    if assignment is None or assignment.unit.level != Level.PROVINCE:
        raise PermissionDenied("Chỉ cán bộ Sở quản lý danh mục cơ sở trợ giúp xã hội.")
    return assignment.unit


def _require(actor, permission: str) -> None:
    assignment = active_assignment(actor)
    if assignment is None or permission not in ROLE_PERMISSIONS.get(assignment.role, ()):
        raise PermissionDenied("Bạn không có quyền cập nhật danh mục cơ sở trợ giúp xã hội.")


def _clean(data: dict, *, province, instance: Facility | None) -> dict:
    errors: dict[str, str] = {}
    values = {name: data.get(name) for name in FIELDS}
    values["name"] = (values["name"] or "").strip()
    for name in ("address", "licence_number", "phone", "contact_name", "email"):
        values[name] = (values[name] or "").strip()
    values["active"] = True if values["active"] is None else bool(values["active"])
    if not values["name"]:
        errors["name"] = "Tên cơ sở: vui lòng nhập."
    elif (
        Facility.objects.filter(unit__province=province, name__iexact=values["name"])
        .exclude(pk=getattr(instance, "pk", None))
        .exists()
    ):
        errors["name"] = f"Tên cơ sở: «{values['name']}» đã có trong danh mục của tỉnh."
    if values["ownership"] not in Facility.Ownership.values:
        errors["ownership"] = "Loại hình: chọn công lập hoặc ngoài công lập."
    if values["managing_level"] not in Facility.ManagingLevel.values:
        errors["managing_level"] = "Cấp quản lý: vui lòng chọn."
    elif values["managing_level"] == Facility.ManagingLevel.DISTRICT and province.structure == Structure.TWO_LEVEL:
        errors["managing_level"] = "Cấp quản lý: tỉnh tổ chức chính quyền hai cấp không còn cấp huyện (từ 01/07/2025)."
    unit = values["unit"]
    if unit is None:
        errors["unit"] = "Địa bàn: chọn xã, phường nơi cơ sở đặt trụ sở."
    elif unit.province_id != province.pk or unit.level != Level.COMMUNE:
        errors["unit"] = "Địa bàn: chọn một xã, phường thuộc tỉnh của bạn."
    if values["ownership"] == Facility.Ownership.NON_PUBLIC and not values["licence_number"]:
        errors["licence_number"] = "Số giấy phép: cơ sở ngoài công lập phải có giấy phép hoạt động."
    for name in CAPACITY_FIELDS.values():
        value = values[name]
        if value in (None, ""):
            values[name] = 0
        elif not isinstance(value, int) or value < 0:
            errors[name] = "Công suất theo nhóm: nhập số người, không âm."
    if not errors and sum(values[name] for name in CAPACITY_FIELDS.values()) == 0:
        errors["capacity_general"] = "Công suất: nhập số chỗ cho ít nhất một nhóm đối tượng."
    if errors:
        raise ValidationError(errors)
    values["capacity"] = sum(values[name] for name in CAPACITY_FIELDS.values())
    return values


@transaction.atomic
def facility_create(*, data: dict, actor) -> Facility:
    """Register a facility in the actor's province; capacity = the sum of the capacity by type."""
    _require(actor, "facilities.add_facility")
    province = _province_of(actor)
    values = _clean(data, province=province, instance=None)
    with set_actor(actor):
        return Facility.objects.create(**values)


@transaction.atomic
def facility_update(*, facility: Facility, data: dict, actor) -> Facility:
    """Change a facility of the actor's province; the old → new values go to the audit history."""
    _require(actor, "facilities.change_facility")
    province = _province_of(actor)
    if facility.unit.province_id != province.pk:
        raise PermissionDenied("Cơ sở không thuộc tỉnh của bạn.")
    values = _clean(data, province=province, instance=facility)
    for name, value in values.items():
        setattr(facility, name, value)
    with set_actor(actor):
        facility.save()
    return facility
