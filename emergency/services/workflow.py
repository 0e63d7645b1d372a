"""From proposal to decision (Decree 20/2021 Art. 17; decree20.md §6).

draft → proposed (the officer proposes the list) → reviewed (checked by someone else at the deciding level) →
approved | rejected (the chairman decides). In an especially urgent event the commune chairman decides straight
from `proposed` (Art. 17.2). When the commune lacks the funds the case is **escalated** with one click to the
district (skipped in a two-level province), then to the province: the status stays, the deciding level and the
deadline change, and the event history keeps every step. Maker ≠ checker: whoever created or proposed an
assessment can neither review nor decide it.

Deadlines (`DECISION_DAYS`): the commune chairman decides within 2 **calendar** days of the proposal (Art. 17:
"trong 2 ngày", not working days: an emergency does not wait for Monday); after escalation the district or the
province decides within 3 working days (the only upper-level deadline the decree gives, Art. 14 / form 04).
"""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.jurisdiction import active_assignment
from core.selectors import work_calendar

from ..models import Assessment, AssessmentEvent, DecidingLevel
from ..selectors import DECIDER, REVIEWER
from .common import ConcurrentChange, move, require_recorder, today_or, unit_of_level

Status = Assessment.Status
# Deciding level → (days, working days?). Data, so an office can see and a lead can change the reading.
DECISION_DAYS = {
    DecidingLevel.COMMUNE: (2, False),
    DecidingLevel.DISTRICT: (3, True),
    DecidingLevel.PROVINCE: (3, True),
}
NEXT_LEVEL = {DecidingLevel.COMMUNE: DecidingLevel.DISTRICT, DecidingLevel.DISTRICT: DecidingLevel.PROVINCE}


def due_date(assessment: Assessment, level: str, start: date) -> date:
    days, working = DECISION_DAYS[level]
    if working:
        return work_calendar(province=assessment.commune.province).add(start, days)
    return start + timedelta(days=days)


def _check_version(assessment: Assessment, version: int | None) -> None:
    if version is not None and version != assessment.version:
        raise ConcurrentChange(ConcurrentChange.message)


def _makers(assessment: Assessment) -> set[int]:
    proposers = AssessmentEvent.objects.filter(assessment=assessment, action="propose").values_list(
        "actor_id", flat=True
    )
    return {assessment.created_by_id, *proposers}


def _require_role_at_level(actor, assessment: Assessment, table: dict, what: str) -> None:
    level = assessment.deciding_level
    assignment = active_assignment(actor)
    unit = unit_of_level(assessment.commune, level)
    if assignment is None or assignment.role != table[level] or unit is None or assignment.unit_id != unit.pk:
        raise PermissionDenied(
            f"Phiếu này do {assessment.get_deciding_level_display()} {what}; vai trò của bạn không thực hiện được."
        )
    if actor.pk in _makers(assessment):
        raise PermissionDenied(
            "Người lập hoặc đề xuất phiếu không được tự xét duyệt hoặc quyết định (maker ≠ checker)."
        )


def _wrong_status(assessment: Assessment, action: str) -> ValidationError:
    return ValidationError(f"Không thể {action} khi phiếu đang ở trạng thái «{assessment.get_status_display()}».")


@transaction.atomic
def assessment_propose(*, actor, assessment: Assessment, version: int | None = None, today=None) -> Assessment:
    """Đề xuất: the officer sends the household's lines for decision; the 2-day deadline starts."""
    require_recorder(actor, assessment.commune)
    _check_version(assessment, version)
    if assessment.status != Status.DRAFT:
        raise _wrong_status(assessment, "đề xuất")
    if not assessment.lines.exists():
        raise ValidationError("Chưa có khoản hỗ trợ nào theo quy định; hãy ghi nhận thiệt hại trước khi đề xuất.")
    today = today_or(today)
    return move(
        assessment,
        to=Status.PROPOSED,
        action="propose",
        actor=actor,
        due_on=due_date(assessment, assessment.deciding_level, today),
    )


@transaction.atomic
def assessment_review(*, actor, assessment: Assessment, version: int | None = None, note: str = "") -> Assessment:
    """Xét duyệt: someone other than the maker checks the list at the deciding level."""
    _check_version(assessment, version)
    if assessment.status != Status.PROPOSED:
        raise _wrong_status(assessment, "xét duyệt")
    _require_role_at_level(actor, assessment, REVIEWER, "xét duyệt")
    return move(assessment, to=Status.REVIEWED, action="review", actor=actor, note=note.strip())


@transaction.atomic
def assessment_return(*, actor, assessment: Assessment, reason: str, version: int | None = None) -> Assessment:
    """Trả lại: back to draft for correction, with the reason the officer will read."""
    _check_version(assessment, version)
    if assessment.status not in (Status.PROPOSED, Status.REVIEWED):
        raise _wrong_status(assessment, "trả lại")
    table = REVIEWER if assessment.status == Status.PROPOSED else DECIDER
    _require_role_at_level(actor, assessment, table, "xử lý")
    if not reason.strip():
        raise ValidationError({"reason": "Lý do trả lại: vui lòng ghi rõ cần sửa gì."})
    return move(assessment, to=Status.DRAFT, action="return", actor=actor, note=reason.strip(), due_on=None)


@transaction.atomic
def assessment_decide(
    *,
    actor,
    assessment: Assessment,
    approve: bool,
    decision_number: str = "",
    reason: str = "",
    version: int | None = None,
    today=None,
) -> Assessment:
    """The chairman at the deciding level approves (with the decision's number) or refuses (with the reason).

    From `reviewed`; from `proposed` only at the commune in an especially urgent event (Art. 17.2).
    """
    _check_version(assessment, version)
    skip_review = assessment.incident.especially_urgent and assessment.deciding_level == DecidingLevel.COMMUNE
    allowed = (Status.REVIEWED, Status.PROPOSED) if skip_review else (Status.REVIEWED,)
    if assessment.status not in allowed:
        if assessment.status == Status.PROPOSED:
            raise ValidationError(
                "Phiếu chưa được xét duyệt; chỉ sự kiện đặc biệt khẩn cấp mới được quyết định không qua bước xét "
                "duyệt (khoản 2 Điều 17)."
            )
        raise _wrong_status(assessment, "quyết định")
    _require_role_at_level(actor, assessment, DECIDER, "quyết định")
    today = today_or(today)
    decision_number = " ".join(decision_number.split())
    if approve:
        if not decision_number:
            raise ValidationError({"decision_number": "Số quyết định: vui lòng nhập số quyết định hỗ trợ."})
        note = "Quyết định không qua bước xét duyệt (khoản 2 Điều 17)" if assessment.status == Status.PROPOSED else ""
        return move(
            assessment,
            to=Status.APPROVED,
            action="approve",
            actor=actor,
            note=note,
            decision_number=decision_number,
            decided_on=today,
            decided_by=actor,
            due_on=None,
        )
    if not reason.strip():
        raise ValidationError({"reason": "Lý do không hỗ trợ: vui lòng ghi rõ lý do."})
    return move(
        assessment,
        to=Status.REJECTED,
        action="reject",
        actor=actor,
        note=reason.strip(),
        decision_number=decision_number,
        decided_on=today,
        decided_by=actor,
        reject_reason=reason.strip(),
        due_on=None,
    )


def next_level(assessment: Assessment) -> str | None:
    """District, then province; a two-level province (no district) goes straight to the province."""
    level = NEXT_LEVEL.get(assessment.deciding_level)
    if level == DecidingLevel.DISTRICT and unit_of_level(assessment.commune, level) is None:
        level = DecidingLevel.PROVINCE
    return level


@transaction.atomic
def assessment_escalate(
    *, actor, assessment: Assessment, reason: str = "", version: int | None = None, today=None
) -> Assessment:
    """Vượt khả năng của cấp này: the case goes up one level with one click, keeping its status and history."""
    _check_version(assessment, version)
    if assessment.status not in (Status.PROPOSED, Status.REVIEWED):
        raise _wrong_status(assessment, "chuyển cấp trên")
    level = next_level(assessment)
    if level is None:
        raise ValidationError("Phiếu đang ở cấp tỉnh; vượt khả năng của tỉnh thì tỉnh đề nghị Trung ương hỗ trợ.")
    if not _at_level(actor, assessment, (REVIEWER, DECIDER)):
        raise PermissionDenied("Chỉ cán bộ hoặc lãnh đạo ở cấp đang quyết định được chuyển phiếu lên cấp trên.")
    today = today_or(today)
    note = reason.strip() or "Vượt khả năng ngân sách của cấp dưới"
    return move(
        assessment,
        to=assessment.status,
        action="escalate",
        actor=actor,
        note=note,
        deciding_level=level,
        due_on=due_date(assessment, level, today),
    )


def allowed_actions(actor, assessment: Assessment) -> list[str]:
    """The steps `actor` may take now (the page shows only these buttons; the services check again)."""
    actions = []
    checks = {
        "propose": lambda: assessment.status == Status.DRAFT and _can(require_recorder, actor, assessment.commune),
        "review": lambda: assessment.status == Status.PROPOSED
        and _can(_require_role_at_level, actor, assessment, REVIEWER, ""),
        "approve": lambda: _decidable(assessment) and _can(_require_role_at_level, actor, assessment, DECIDER, ""),
        "escalate": lambda: assessment.status in (Status.PROPOSED, Status.REVIEWED)
        and next_level(assessment) is not None
        and _at_level(actor, assessment, (REVIEWER, DECIDER)),
        "return": lambda: (
            assessment.status == Status.PROPOSED and _can(_require_role_at_level, actor, assessment, REVIEWER, "")
        )
        or (assessment.status == Status.REVIEWED and _can(_require_role_at_level, actor, assessment, DECIDER, "")),
    }
    for action, check in checks.items():
        if check():
            actions.append(action)
    if "approve" in actions:
        actions.insert(actions.index("approve") + 1, "reject")
    return actions


def _decidable(assessment: Assessment) -> bool:
    if assessment.status == Status.REVIEWED:
        return True
    return (
        assessment.status == Status.PROPOSED
        and assessment.incident.especially_urgent
        and assessment.deciding_level == DecidingLevel.COMMUNE
    )


def _at_level(actor, assessment: Assessment, tables) -> bool:
    assignment = active_assignment(actor)
    unit = unit_of_level(assessment.commune, assessment.deciding_level)
    roles = {table[assessment.deciding_level] for table in tables}
    return assignment is not None and unit is not None and assignment.role in roles and assignment.unit_id == unit.pk


def _can(check, *args) -> bool:
    try:
        check(*args)
    except PermissionDenied:
        return False
    return True
