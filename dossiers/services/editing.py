"""Opening a dossier, editing it while it is a draft or returned, and attaching scanned papers."""

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.jurisdiction import active_assignment
from core.selectors import work_calendar
from locations.models import DecidingLevel
from locations.selectors import deciding_level_on

from .. import workflow
from ..assessment import dossier_preview
from ..models import Attachment, Dossier, DossierEvent

Status = Dossier.Status

# Fields an officer may edit while the dossier is a draft or returned for correction.
EDITABLE = [
    "category",
    "subject",
    "received_on",
    "applicant_name",
    "applicant_relation",
    "disability_level",
    "disability_cert_date",
    "studying",
    "children_count",
    "pregnant",
    "young_children_birth_dates",
    "death_date",
    "organiser_name",
    "organiser_id_number",
    "organiser_relation",
    "note",
]

# Scanned papers: type checked by the file's first bytes, not by its name.
SIGNATURES = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}
EXTENSIONS = {"application/pdf": (".pdf",), "image/jpeg": (".jpg", ".jpeg"), "image/png": (".png",)}


class ConcurrentChange(Exception):
    """Someone else changed the dossier first; the caller shows a message and reloads."""

    message = "Hồ sơ vừa được người khác thay đổi. Vui lòng tải lại trang để xem nội dung mới nhất."


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _calendar(dossier: Dossier):
    return work_calendar(province=dossier.commune.province)


def flow_for(commune, received_on: date) -> str:
    """Decided by the province's deciding level on the day the dossier is received (SPEC §1)."""
    level = deciding_level_on(commune.province, received_on)
    return workflow.TWO_LEVEL if level == DecidingLevel.COMMUNE else workflow.THREE_LEVEL


def _require_commune_officer(actor, commune) -> None:
    assignment = active_assignment(actor)
    if assignment is None or assignment.role != workflow.COMMUNE_OFFICER or assignment.unit_id != commune.pk:
        raise PermissionDenied("Chỉ cán bộ cấp xã nơi đối tượng cư trú được lập và sửa hồ sơ.")


def _check_category(kind: str, category, province) -> None:
    if category is None:
        return
    expected = {Dossier.Kind.MONTHLY: "monthly", Dossier.Kind.CARE: "care"}.get(kind)
    if category.kind != expected:
        raise ValidationError({"category": f"Diện {category.code} không thuộc loại hồ sơ này."})
    if category.province_id not in (None, province.pk):
        raise ValidationError({"category": "Diện hưởng của tỉnh khác."})


def _refresh_proposal(dossier: Dossier) -> None:
    preview = dossier_preview(dossier)
    line = preview.line
    dossier.proposed_coefficient = line.coefficient if line else None
    dossier.proposed_amount = line.amount if line else None
    dossier.proposed_basis = line.explanation[:300] if line else ""


@transaction.atomic
def dossier_open(*, actor, person, kind: str, received_on: date | None = None, **fields) -> Dossier:
    """A new draft dossier at the person's commune; the flow is fixed by the deciding level on `received_on`."""
    _require_commune_officer(actor, person.commune)
    if kind not in Dossier.Kind.values:
        raise ValidationError({"kind": "Loại hồ sơ không hợp lệ."})
    if person.is_dead and kind != Dossier.Kind.FUNERAL:
        raise ValidationError({"person": "Đối tượng đã mất; chỉ lập được hồ sơ hỗ trợ mai táng."})
    received_on = received_on or timezone.localdate()
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}")
    _check_category(kind, fields.get("category"), person.commune.province)
    dossier = Dossier(
        kind=kind,
        person=person,
        commune=person.commune,
        received_on=received_on,
        flow=flow_for(person.commune, received_on),
        created_by=actor,
        **fields,
    )
    if kind == Dossier.Kind.FUNERAL and dossier.death_date is None:
        dossier.death_date = person.death_date
    _validate_dates(dossier)
    _refresh_proposal(dossier)
    dossier.save()
    DossierEvent.objects.create(dossier=dossier, action="open", to_status=Status.DRAFT, actor=actor)
    return dossier


def _validate_dates(dossier: Dossier) -> None:
    today = timezone.localdate()
    errors = {}
    if dossier.received_on > today:
        errors["received_on"] = "Ngày tiếp nhận không được sau hôm nay."
    if dossier.disability_cert_date and dossier.disability_cert_date > today:
        errors["disability_cert_date"] = "Ngày cấp giấy xác nhận khuyết tật không được sau hôm nay."
    if dossier.death_date and dossier.death_date > today:
        errors["death_date"] = "Ngày mất không được sau hôm nay."
    if dossier.death_date and dossier.death_date < dossier.person.birth_date:
        errors["death_date"] = "Ngày mất không được trước ngày sinh."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def dossier_update(*, actor, dossier: Dossier, version: int, **fields) -> Dossier:
    """Edit a draft or returned dossier. Saved against an older `version`, it loses with ConcurrentChange."""
    _require_commune_officer(actor, dossier.commune)
    if dossier.status not in (Status.DRAFT, Status.RETURNED):
        raise ValidationError("Chỉ sửa được hồ sơ đang lập hoặc bị trả lại.")
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}")
    _check_category(dossier.kind, fields.get("category", dossier.category), dossier.commune.province)
    # Old → new for the history tab (a compare-and-set UPDATE bypasses django-auditlog's save hooks).
    changes = {
        name: [_shown(getattr(dossier, name)), _shown(value)]
        for name, value in fields.items()
        if getattr(dossier, name) != value
    }
    for name, value in fields.items():
        setattr(dossier, name, value)
    if "received_on" in fields:
        dossier.flow = flow_for(dossier.commune, dossier.received_on)
    _validate_dates(dossier)
    _refresh_proposal(dossier)
    changed = [*fields, "flow", "proposed_coefficient", "proposed_amount", "proposed_basis"]
    values = {name: getattr(dossier, name) for name in changed}
    updated = Dossier.objects.filter(pk=dossier.pk, version=version, status=dossier.status).update(
        version=F("version") + 1, updated_at=timezone.now(), **values
    )
    if not updated:
        raise ConcurrentChange(ConcurrentChange.message)
    dossier.version = version + 1
    DossierEvent.objects.create(
        dossier=dossier, action="edit", from_status=dossier.status, to_status=dossier.status, actor=actor,
        data={"changes": changes},
    )  # fmt: skip
    return dossier


def _shown(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    return str(value)


@transaction.atomic
def dossier_attach(*, actor, dossier: Dossier, kind: str, uploaded_file) -> Attachment:
    """Attach a scanned paper: PDF, JPEG or PNG by content, within the size limit."""
    _require_commune_officer(actor, dossier.commune)
    if not dossier.is_open:
        raise ValidationError("Hồ sơ đã có quyết định; không bổ sung giấy tờ.")
    limit = getattr(settings, "ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
    if uploaded_file.size > limit:
        raise ValidationError({"file": f"Tệp quá lớn: tối đa {limit // (1024 * 1024)} MB."})
    if kind not in Attachment.Kind.values:
        raise ValidationError({"kind": "Loại giấy tờ không hợp lệ."})
    head = uploaded_file.read(16)
    uploaded_file.seek(0)
    content_type = next((ct for magic, ct in SIGNATURES.items() if head.startswith(magic)), None)
    if content_type is None:
        raise ValidationError({"file": "Chỉ nhận tệp PDF, JPEG hoặc PNG (nội dung tệp không đúng định dạng)."})
    name = uploaded_file.name or "tep"
    if not name.lower().endswith(EXTENSIONS[content_type]):
        raise ValidationError({"file": "Phần mở rộng của tệp không khớp với nội dung tệp."})
    return Attachment.objects.create(
        dossier=dossier,
        kind=kind,
        file=uploaded_file,
        original_name=name[:255],
        content_type=content_type,
        size=uploaded_file.size,
        uploaded_by=actor,
    )
