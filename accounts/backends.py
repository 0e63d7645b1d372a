"""Permissions follow the assignment the user is working in, not the union of all their roles.

A person who is commune officer in one commune and auditor in another must not gain write
rights in the second commune; the middleware sets `user.active_assignment` for the request.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class AssignmentBackend(ModelBackend):
    def _get_user_permissions(self, user_obj):
        return Permission.objects.none()  # no per-user grants: capabilities come from roles only

    def _get_group_permissions(self, user_obj):
        assignment = getattr(user_obj, "active_assignment", None)
        if assignment is None:
            return Permission.objects.none()
        return Permission.objects.filter(group__name=assignment.role)
