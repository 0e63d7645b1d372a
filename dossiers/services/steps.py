"""The workflow steps before the decision: submit, post publicly, forward, appraise, return."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.jurisdiction import active_assignment

from .. import workflow
from ..assessment import dossier_preview
from ..models import Dossier, DossierEvent
from .editing import ConcurrentChange, _calendar, _today

Status = Dossier.Status


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
