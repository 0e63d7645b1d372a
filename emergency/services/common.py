"""Shared by the emergency services: who the actor works as, the compare-and-set move, the event row."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils import timezone

from accounts.jurisdiction import active_assignment, units_visible_to
from accounts.models import Role
from policy.selectors import rate_tables

from .. import rules
from ..models import Assessment, AssessmentEvent, DecidingLevel, Incident

Status = Assessment.Status
# Who records incidents, assessments and disbursements: the commune, or a district/province officer for an
# incident spanning communes and for escalated cases (accounts.roles: _EMERGENCY_WRITE).
RECORDERS = (Role.COMMUNE_OFFICER, Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER)


class ConcurrentChange(Exception):
    """Someone else changed the assessment first; the caller shows the message and reloads."""

    message = "Phiếu đánh giá vừa được người khác thay đổi. Vui lòng tải lại trang để xem nội dung mới nhất."


def today_or(today: date | None) -> date:
    return today or timezone.localdate()


def require_recorder(actor, commune) -> None:
    """The actor records for `commune`: its own commune officer, or an officer of the district/province above."""
    assignment = active_assignment(actor)
    if assignment is None or assignment.role not in RECORDERS:
        raise PermissionDenied("Vai trò của bạn không được ghi nhận trợ giúp khẩn cấp.")
    if not units_visible_to(actor).filter(pk=commune.pk).exists():
        raise PermissionDenied("Xã này không thuộc đơn vị của bạn.")


def unit_of_level(commune, level: str):
    """The unit whose people act at `level` for `commune`: the commune, its district, or its province."""
    if level == DecidingLevel.COMMUNE:
        return commune
    if level == DecidingLevel.DISTRICT:
        return commune.parent if commune.parent_id != commune.province_id else None
    return commune.province


def move(assessment: Assessment, *, to: str, action: str, actor, note: str = "", **changes) -> Assessment:
    """Compare-and-set on (status, version), then the event row, in the caller's transaction."""
    source = assessment.status
    updated = Assessment.objects.filter(pk=assessment.pk, status=source, version=assessment.version).update(
        status=to, version=F("version") + 1, **changes
    )
    if not updated:
        raise ConcurrentChange(ConcurrentChange.message)
    assessment.status, assessment.version = to, assessment.version + 1
    for name, value in changes.items():
        setattr(assessment, name, value)
    AssessmentEvent.objects.create(
        assessment=assessment,
        action=action,
        from_status=source,
        to_status=to,
        deciding_level=assessment.deciding_level,
        actor=actor,
        due_on=assessment.due_on,
        note=note,
    )
    return assessment


def record(assessment: Assessment, *, action: str, actor, note: str = "") -> AssessmentEvent:
    """An event without a status change (the assessment was just created)."""
    return AssessmentEvent.objects.create(
        assessment=assessment,
        action=action,
        to_status=assessment.status,
        deciding_level=assessment.deciding_level,
        actor=actor,
        due_on=assessment.due_on,
        note=note,
    )


def bump(assessment: Assessment, *, action: str, actor, note: str = "") -> Assessment:
    """An edit that keeps the status (facts, people, amounts): the same compare-and-set and an event."""
    return move(assessment, to=assessment.status, action=action, actor=actor, note=note)


def facts_of(assessment: Assessment) -> rules.Facts:
    """The rules' view of an assessment and its people (read from the rows, never from a form)."""
    incident: Incident = assessment.incident
    people = ()
    if assessment.pk:
        people = tuple(
            rules.Hurt(name=p.full_name, harm=p.harm, treatment_days=p.treatment_days, key=p.pk)
            for p in assessment.people.order_by("id")
        )
    return rules.Facts(
        month=incident.occurred_on,
        tet=incident.kind == Incident.Kind.TET,
        organisation=assessment.household_id is None,
        poverty=assessment.poverty_status or "none",
        hardship=assessment.hardship,
        members=assessment.members,
        house_damage=assessment.house_damage,
        food_short_members=assessment.food_short_members,
        food_months=assessment.food_months,
        lost_goods=assessment.lost_goods,
        lost_goods_note=assessment.lost_goods_note,
        people=people,
    )


def proposal_for(assessment: Assessment) -> rules.Proposal:
    return rules.propose(facts_of(assessment), rate_tables(assessment.incident.province))
