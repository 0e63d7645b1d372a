"""Reads about staff and their assignments."""

from .models import RoleAssignment, SecurityEvent


def assignment_list_for_user(user) -> list[RoleAssignment]:
    """The user's assignments valid today, with everything the page header needs in one query."""
    return list(
        RoleAssignment.objects.current()
        .filter(user=user)
        .select_related("unit", "unit__parent", "unit__province", "facility", "facility__unit")
        .order_by("id")
    )


def security_event_list_for_user(user, *, limit: int = 50):
    from .jurisdiction import scope_users

    return SecurityEvent.objects.filter(user__in=scope_users(user)).select_related("user", "actor")[:limit]
