"""The decision: a grant with the entitlement it creates (Art. 6.2 applied), or a written refusal."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.jurisdiction import active_assignment
from beneficiaries.models import EndReason, Entitlement
from beneficiaries.services.entitlements import entitlement_end, entitlement_grant
from policy.rules import Line, add_months, assess
from policy.selectors import rate_tables

from .. import workflow
from ..assessment import dossier_facts, dossier_preview
from ..models import Decision, Dossier
from .editing import _today
from .steps import _check_actor, _move, _step

Status = Dossier.Status


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
