"""Writes for dossiers: open, edit, attach papers, and each workflow step up to the decision (SPEC §2).

A step is one function call: check the step exists for the dossier's flow and status (dossiers.workflow), check
the actor's role and unit, check maker ≠ checker, then compare-and-set the status (and version) and write a
`DossierEvent` in the same transaction. Deadlines are working days on the province's calendar.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.jurisdiction import active_assignment
from beneficiaries.models import EndReason, Entitlement
from beneficiaries.services.entitlements import entitlement_end, entitlement_grant
from core.selectors import work_calendar
from locations.models import DecidingLevel
from locations.selectors import deciding_level_on
from policy.rules import Line, add_months, assess
from policy.selectors import rate_tables

from . import workflow
from .assessment import dossier_facts, dossier_preview
from .models import Attachment, Decision, Dossier, DossierEvent

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


# --- Workflow steps -----------------------------------------------------------------------------------------


def _step(dossier: Dossier, action: str) -> workflow.Step:
    step = workflow.step_for(dossier.kind, dossier.flow, action, dossier.status)
    if step is None:
        label = workflow.ACTION_LABELS.get(action, action)
        raise ValidationError(
            f"Không thể thực hiện «{label}» khi hồ sơ đang ở trạng thái «{dossier.get_status_display()}»."
        )
    return step


def _check_actor(actor, dossier: Dossier, step: workflow.Step) -> None:
    """The actor's working role must be one the step allows, at the dossier's commune or its district."""
    assignment = active_assignment(actor)
    if assignment is None or assignment.role not in step.roles:
        raise PermissionDenied(f"Vai trò của bạn không được thực hiện bước «{step.label}».")
    at_district = assignment.role in (workflow.DISTRICT_OFFICER, workflow.DISTRICT_LEADER)
    expected_unit = dossier.commune.parent_id if at_district else dossier.commune_id
    if assignment.unit_id != expected_unit:
        raise PermissionDenied("Hồ sơ không thuộc đơn vị của bạn.")
    if step.action not in ("submit", "forward", "return") and actor.pk in _makers(dossier):
        raise PermissionDenied("Người lập hồ sơ không được tự duyệt hoặc quyết định hồ sơ của mình.")


def _makers(dossier: Dossier) -> set[int]:
    """Who prepared the dossier: its creator and whoever submitted it (maker ≠ checker)."""
    submitters = DossierEvent.objects.filter(dossier=dossier, action="submit").values_list("actor_id", flat=True)
    return {dossier.created_by_id, *submitters}


def _move(dossier: Dossier, step: workflow.Step, *, actor, today: date, reason: str = "", data=None, **extra):
    days = workflow.step_days(dossier.kind, dossier.flow, step.target)
    due_on = extra.pop("due_on", None)
    if due_on is None and days is not None:
        due_on = _calendar(dossier).add(today, days)
    source = dossier.status
    updated = Dossier.objects.filter(pk=dossier.pk, status=source, version=dossier.version).update(
        status=step.target, due_on=due_on, version=F("version") + 1, updated_at=timezone.now(), **extra
    )
    if not updated:
        raise ConcurrentChange(ConcurrentChange.message)
    dossier.status, dossier.due_on, dossier.version = step.target, due_on, dossier.version + 1
    for name, value in extra.items():
        setattr(dossier, name, value)
    DossierEvent.objects.create(
        dossier=dossier,
        action=step.action,
        from_status=source,
        to_status=step.target,
        actor=actor,
        due_on=due_on,
        reason=reason,
        data=data or {},
    )
    return dossier


@transaction.atomic
def dossier_submit(*, actor, dossier: Dossier, today: date | None = None) -> Dossier:
    """Nộp: the rules must accept the facts and the application form must be attached."""
    step = _step(dossier, "submit")
    _check_actor(actor, dossier, step)
    preview = dossier_preview(dossier)
    if preview.problems:
        raise ValidationError({p.field: p.message for p in preview.problems})
    if preview.line is None:
        raise ValidationError({"category": "Quy định không cho số tiền nào với các thông tin này."})
    if not preview.wins:
        winner = ", ".join(line.category for line in preview.compared.lines)
        raise ValidationError({"category": f"Theo khoản 2 Điều 6 chỉ hưởng mức cao nhất: diện {winner}."})
    if not dossier.attachments.exists():
        raise ValidationError({"attachments": "Cần đính kèm tờ khai và giấy tờ trước khi nộp."})
    today = _today(today)
    # The first deadline counts from the day the dossier was received (Art. 8.1); a corrected one from today.
    start = today if dossier.status == Status.RETURNED else dossier.received_on
    due_on = _calendar(dossier).add(start, workflow.step_days(dossier.kind, dossier.flow, Status.SUBMITTED))
    return _move(
        dossier,
        step,
        actor=actor,
        today=today,
        due_on=due_on,
        return_reason="",
        proposed_coefficient=preview.line.coefficient,
        proposed_amount=preview.line.amount,
        proposed_basis=preview.line.explanation[:300],
    )


@transaction.atomic
def dossier_post(*, actor, dossier: Dossier, today: date | None = None) -> Dossier:
    """The commune chairman approves the review; the list is posted publicly for 2 working days (Art. 8.1.b)."""
    step = _step(dossier, "post")
    _check_actor(actor, dossier, step)
    today = _today(today)
    calendar = _calendar(dossier)
    posted_until = calendar.add(today, workflow.POSTING_DAYS)
    return _move(
        dossier, step, actor=actor, today=today, posted_until=posted_until, due_on=calendar.add(posted_until, 3)
    )


@transaction.atomic
def dossier_forward(*, actor, dossier: Dossier, today: date | None = None) -> Dossier:
    """Send the proposal to the district once the public posting is over (Art. 8.1.c)."""
    step = _step(dossier, "forward")
    _check_actor(actor, dossier, step)
    today = _today(today)
    if dossier.status == Status.POSTED and dossier.posted_until and today <= dossier.posted_until:
        raise ValidationError(
            f"Hồ sơ đang niêm yết công khai đến hết ngày {dossier.posted_until:%d/%m/%Y}; chưa thể chuyển cấp huyện."
        )
    return _move(dossier, step, actor=actor, today=today)


@transaction.atomic
def dossier_appraise(*, actor, dossier: Dossier, note: str = "", today: date | None = None) -> Dossier:
    step = _step(dossier, "appraise")
    _check_actor(actor, dossier, step)
    return _move(dossier, step, actor=actor, today=_today(today), reason=note)


@transaction.atomic
def dossier_return(*, actor, dossier: Dossier, reason: str, today: date | None = None) -> Dossier:
    """Trả lại để bổ sung, with the reason the officer will read."""
    step = _step(dossier, "return")
    _check_actor(actor, dossier, step)
    if not reason.strip():
        raise ValidationError({"reason": "Cần ghi rõ lý do trả lại hồ sơ."})
    return _move(dossier, step, actor=actor, today=_today(today), reason=reason, return_reason=reason, due_on=None)


@dataclass(frozen=True)
class Signature:
    number: str
    signed_on: date
    signer_title: str
    signer_name: str = ""


@transaction.atomic
def dossier_decide(
    *, actor, dossier: Dossier, approve: bool, signature: Signature, reasons: str = "", today: date | None = None
) -> Decision:
    """The deciding office signs: a decision granting the allowance (and the entitlement it creates), or a
    written refusal with reasons (Art. 8.1.d–đ; two-level: Decree 147/2025 Art. 5.2.b)."""
    step = _step(dossier, "approve" if approve else "reject")
    _check_actor(actor, dossier, step)
    today = _today(today)
    errors = {}
    if not signature.number.strip():
        errors["number"] = "Cần nhập số quyết định."
    if signature.signed_on > today:
        errors["signed_on"] = "Ngày ký không được sau hôm nay."
    if signature.signed_on < dossier.received_on:
        errors["signed_on"] = "Ngày ký không được trước ngày tiếp nhận hồ sơ."
    if not approve and not reasons.strip():
        errors["reasons"] = "Văn bản trả lời phải nêu rõ lý do không đủ điều kiện."
    assignment = active_assignment(actor)
    unit = assignment.unit
    if Decision.objects.filter(unit=unit, number=signature.number.strip()).exists():
        errors["number"] = f"Số quyết định {signature.number} đã được dùng tại {unit}."
    if errors:
        raise ValidationError(errors)
    decision = Decision(
        dossier=dossier,
        outcome=Decision.Outcome.APPROVED if approve else Decision.Outcome.REJECTED,
        number=signature.number.strip(),
        signed_on=signature.signed_on,
        unit=unit,
        authority=f"Ủy ban nhân dân {unit.name}",
        signer=actor,
        signer_name=signature.signer_name or actor.get_full_name() or str(actor),
        signer_title=signature.signer_title,
        legal_basis=_legal_basis(dossier),
        reasons=reasons.strip(),
    )
    if approve:
        _fill_amount(decision, dossier)
    # The compare-and-set first: of two leaders signing at once, the second gets ConcurrentChange, not a 500.
    _move(dossier, step, actor=actor, today=today, reason=reasons, due_on=None, data={"decision": decision.number})
    decision.save()
    if approve and dossier.kind != Dossier.Kind.FUNERAL:
        _grant(dossier, decision, actor)
    return decision


def _legal_basis(dossier: Dossier) -> str:
    parts = [
        "Luật Tổ chức chính quyền địa phương",
        "Nghị định số 20/2021/NĐ-CP ngày 15/03/2021 của Chính phủ quy định chính sách trợ giúp xã hội đối với "
        "đối tượng bảo trợ xã hội",
        "Nghị định số 76/2024/NĐ-CP ngày 01/07/2024 của Chính phủ sửa đổi, bổ sung một số điều của Nghị định số "
        "20/2021/NĐ-CP",
    ]
    if dossier.flow == workflow.TWO_LEVEL:
        parts.append("Nghị định số 147/2025/NĐ-CP quy định thẩm quyền của chính quyền địa phương hai cấp")
    if dossier.category is not None:
        parts.append(dossier.category.legal_basis)
    return ";\n".join(parts)


def _fill_amount(decision: Decision, dossier: Dossier) -> None:
    preview = dossier_preview(dossier)
    if dossier.kind == Dossier.Kind.FUNERAL:
        month = preview.month
    else:
        month = workflow.start_month(
            category=dossier.category.code,
            signed_on=decision.signed_on,
            disability_cert_date=dossier.disability_cert_date,
        )
        preview = dossier_preview(dossier, month=month)
        if preview.problems:
            raise ValidationError({p.field: p.message for p in preview.problems})
    line = preview.line
    if line is None:
        raise ValidationError({"category": "Quy định không cho số tiền nào với các thông tin này."})
    decision.effective_month = month if dossier.kind != Dossier.Kind.FUNERAL else None
    decision.coefficient = line.coefficient
    decision.level = line.level
    decision.amount = line.amount
    decision.explanation = line.explanation


def _grant(dossier: Dossier, decision: Decision, actor) -> Entitlement:
    """Create the entitlement; for a monthly allowance apply Art. 6.2 against what the person already gets."""
    month = decision.effective_month
    tables = rate_tables(dossier.commune.province)
    current = list(
        Entitlement.objects.select_related("category")
        .filter(person=dossier.person, status=Entitlement.Status.ACTIVE, category__kind=dossier.category.kind)
        .exclude(category=dossier.category)
    )
    if dossier.kind == Dossier.Kind.MONTHLY and current:
        facts = dossier_facts(dossier, month)
        outcome = assess([dossier.category.code, *(e.category.code for e in current)], facts, month, tables)
        winners = {line.category for line in outcome.lines}
        if dossier.category.code not in winners:
            raise ValidationError(
                {"category": f"Đối tượng đang hưởng diện có mức cao hơn ({', '.join(sorted(winners))}); "
                             "theo khoản 2 Điều 6 chỉ hưởng một mức cao nhất."}
            )  # fmt: skip
        for old in current:
            if old.category.code not in winners:
                entitlement_end(
                    entitlement=old,
                    last_month=add_months(month, -1),
                    reason=EndReason.ADJUSTED,
                    actor=actor,
                    decision=decision,
                    note=f"Chuyển sang diện {dossier.category.code} có mức cao hơn (khoản 2 Điều 6).",
                )
    elif current and dossier.kind == Dossier.Kind.CARE and any(e.subject_id == dossier.subject_id for e in current):
        raise ValidationError({"subject": "Người này đã được hỗ trợ chăm sóc theo một diện khác."})
    return entitlement_grant(
        person=dossier.person,
        subject=dossier.subject,
        category=dossier.category,
        commune=dossier.commune,
        start_month=month,
        line=_line(decision, dossier),
        actor=actor,
        decision=decision,
        disability_level=dossier.disability_level,
        studying=dossier.studying,
        children_count=dossier.children_count,
        pregnant=dossier.pregnant,
        young_children_birth_dates=dossier.young_children_birth_dates,
    )


def _line(decision: Decision, dossier: Dossier) -> Line:
    return Line(
        category=dossier.category.code,
        rule="",
        coefficient=decision.coefficient,
        level=decision.level,
        amount=decision.amount,
        basis=dossier.category.legal_basis,
        explanation=decision.explanation,
    )
