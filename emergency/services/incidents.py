"""Opening, editing and closing an incident, and naming its affected communes and villages."""

from datetime import date

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.jurisdiction import active_assignment, units_visible_to
from locations.models import Level

from ..models import Assessment, Incident, IncidentArea
from .common import RECORDERS

INCIDENT_FIELDS = ("name", "kind", "occurred_on", "description", "especially_urgent")


def _require_opener(actor):
    assignment = active_assignment(actor)
    if assignment is None or assignment.role not in RECORDERS:
        raise PermissionDenied("Vai trò của bạn không được mở sự kiện trợ giúp khẩn cấp.")
    return assignment


def _check(fields: dict, communes: list) -> None:
    errors = {}
    if not (fields.get("name") or "").strip():
        errors["name"] = "Tên sự kiện: vui lòng nhập tên sự kiện."
    if fields.get("kind") not in Incident.Kind.values:
        errors["kind"] = "Loại sự kiện: vui lòng chọn loại sự kiện."
    occurred_on = fields.get("occurred_on")
    if occurred_on is None:
        errors["occurred_on"] = "Ngày xảy ra: vui lòng nhập ngày dạng dd/mm/yyyy."
    elif occurred_on > timezone.localdate():
        errors["occurred_on"] = "Ngày xảy ra không được sau hôm nay."
    elif occurred_on < date(2021, 7, 1):
        errors["occurred_on"] = "Ngày xảy ra phải từ 01/07/2021 (Nghị định 20/2021/NĐ-CP có hiệu lực)."
    if not communes:
        errors["communes"] = "Xã bị ảnh hưởng: chọn ít nhất một xã."
    if errors:
        raise ValidationError(errors)


def _allowed_communes(actor, communes: list) -> None:
    visible = set(units_visible_to(actor).filter(level=Level.COMMUNE).values_list("pk", flat=True))
    outside = [c.name for c in communes if c.pk not in visible or c.level != Level.COMMUNE]
    if outside:
        raise ValidationError({"communes": f"Xã bị ảnh hưởng: {', '.join(outside)} không thuộc đơn vị của bạn."})


@transaction.atomic
def incident_open(*, actor, communes: list, villages: str = "", **fields) -> Incident:
    """A commune opens an incident for itself; a district or the province one spanning several of its communes.

    `villages` (the affected villages, free text) goes to the area of a single-commune incident; each commune
    completes its own area later when there are several.
    """
    assignment = _require_opener(actor)
    unknown = set(fields) - set(INCIDENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    _check(fields, communes)
    _allowed_communes(actor, communes)
    unit = assignment.unit
    incident = Incident(
        unit=unit, province=unit.province or unit, created_by=actor, **{**fields, "name": fields["name"].strip()}
    )
    with set_actor(actor):
        incident.save()
        for commune in communes:
            IncidentArea.objects.create(
                incident=incident, commune=commune, villages=villages.strip() if len(communes) == 1 else ""
            )
    return incident


def _require_owner(actor, incident: Incident) -> None:
    """The opening office (or one above it) edits the incident itself."""
    _require_opener(actor)
    if not units_visible_to(actor).filter(pk=incident.unit_id).exists():
        raise PermissionDenied("Chỉ đơn vị đã mở sự kiện (hoặc cấp trên) được sửa sự kiện này.")


@transaction.atomic
def incident_update(*, actor, incident: Incident, communes: list | None = None, **fields) -> Incident:
    """Edit the facts and the list of affected communes; a commune that already has assessments stays."""
    _require_owner(actor, incident)
    if incident.status != Incident.Status.OPEN:
        raise ValidationError("Sự kiện đã kết thúc; không sửa được nữa.")
    unknown = set(fields) - set(INCIDENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    current = {name: getattr(incident, name) for name in INCIDENT_FIELDS}
    merged = {**current, **fields}
    if communes is None:
        communes = [area.commune for area in incident.areas.select_related("commune")]
    _check(merged, communes)
    _allowed_communes(actor, communes)
    kept = {c.pk for c in communes}
    assessed = set(incident.assessments.values_list("commune_id", flat=True))
    dropped = assessed - kept
    if dropped:
        raise ValidationError({"communes": "Không bỏ được xã đã có phiếu đánh giá hộ gia đình."})
    with set_actor(actor):
        for name, value in fields.items():
            setattr(incident, name, value.strip() if isinstance(value, str) else value)
        incident.save()
        incident.areas.exclude(commune_id__in=kept).delete()
        existing = set(incident.areas.values_list("commune_id", flat=True))
        for commune in communes:
            if commune.pk not in existing:
                IncidentArea.objects.create(incident=incident, commune=commune)
    return incident


@transaction.atomic
def incident_area_update(*, actor, area: IncidentArea, villages: str) -> IncidentArea:
    """The affected villages of one commune (forms 5a/5b list households village by village)."""
    _require_opener(actor)
    if not units_visible_to(actor).filter(pk=area.commune_id).exists():
        raise PermissionDenied("Xã này không thuộc đơn vị của bạn.")
    if area.incident.status != Incident.Status.OPEN:
        raise ValidationError("Sự kiện đã kết thúc; không sửa được nữa.")
    villages = " ".join(villages.split())
    if len(villages) > IncidentArea._meta.get_field("villages").max_length:
        raise ValidationError({"villages": "Thôn/ấp bị ảnh hưởng: tối đa 500 ký tự."})
    area.villages = villages
    with set_actor(actor):
        area.save(update_fields=["villages"])
    return area


@transaction.atomic
def incident_close(*, actor, incident: Incident) -> Incident:
    """Kết thúc: once no household waits for a decision or for its aid (compare-and-set on the status)."""
    _require_owner(actor, incident)
    waiting = incident.assessments.filter(
        status__in=[
            Assessment.Status.DRAFT,
            Assessment.Status.PROPOSED,
            Assessment.Status.REVIEWED,
            Assessment.Status.APPROVED,
        ]
    ).count()
    if waiting:
        raise ValidationError(
            f"Còn {waiting} phiếu đánh giá chưa quyết định hoặc chưa cấp phát đủ; chưa thể kết thúc sự kiện."
        )
    # The row lock makes the check-then-write safe; save() (not update()) so the audit log records who closed it.
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    if locked.status != Incident.Status.OPEN:
        raise ValidationError("Sự kiện đã được kết thúc trước đó.")
    locked.status = Incident.Status.CLOSED
    with set_actor(actor):
        locked.save(update_fields=["status"])
    incident.status = locked.status
    return incident
