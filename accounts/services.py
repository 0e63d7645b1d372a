"""Writes for staff: granting and revoking roles, switching the working assignment."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from .models import ROLE_LEVEL, Role, RoleAssignment, SecurityEvent, User


@transaction.atomic
def assignment_grant(
    *,
    user: User,
    role: str,
    unit,
    actor: User | None,
    facility=None,
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> RoleAssignment:
    """Give `user` a role at a unit; the role must fit the unit's level. Writes a security event."""
    if role not in Role.values:
        raise ValidationError({"role": f"Vai trò không hợp lệ: {role}"})
    if unit.level not in ROLE_LEVEL[role]:
        raise ValidationError(
            {"unit": f"Vai trò «{Role(role).label}» không đặt tại {unit.get_level_display().lower()} {unit}."}
        )
    if role == Role.FACILITY_STAFF and facility is None:
        raise ValidationError({"facility": "Cán bộ cơ sở phải gắn với một cơ sở trợ giúp xã hội."})
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": "Ngày kết thúc phải sau ngày bắt đầu."})
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        unit=unit,
        facility=facility,
        defaults={"valid_from": valid_from, "valid_to": valid_to},
    )
    if created:
        SecurityEvent.objects.create(
            kind=SecurityEvent.Kind.ROLE_GRANTED,
            user=user,
            actor=actor,
            username=user.username,
            detail={
                "role": role,
                "unit": unit.code,
                "unit_name": unit.name,
                "facility": facility.pk if facility else None,
            },
        )
    return assignment


@transaction.atomic
def assignment_revoke(*, assignment: RoleAssignment, actor: User | None) -> None:
    SecurityEvent.objects.create(
        kind=SecurityEvent.Kind.ROLE_REVOKED,
        user=assignment.user,
        actor=actor,
        username=assignment.user.username,
        detail={"role": assignment.role, "unit": assignment.unit.code, "unit_name": assignment.unit.name},
    )
    assignment.delete()


def assignment_switch(*, request, assignment_id: int) -> RoleAssignment:
    """Work as another of one's own current assignments; someone else's id is a 404."""
    from .middleware import SESSION_KEY

    chosen = next((a for a in request.assignments if a.id == assignment_id), None)
    if chosen is None:
        raise Http404
    request.session[SESSION_KEY] = chosen.id
    SecurityEvent.objects.create(
        kind=SecurityEvent.Kind.ASSIGNMENT_SWITCHED,
        user=request.user,
        actor=request.user,
        username=request.user.username,
        detail={"role": chosen.role, "unit": chosen.unit.code},
    )
    return chosen
