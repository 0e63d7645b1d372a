"""Attach the assignment the user is working in to the request (switchable in the header)."""

from .selectors import assignment_list_for_user

SESSION_KEY = "active_assignment_id"


class ActiveAssignmentMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.assignment = None
        request.assignments = []
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            assignments = assignment_list_for_user(user)
            chosen = request.session.get(SESSION_KEY)
            active = next((a for a in assignments if a.id == chosen), assignments[0] if assignments else None)
            request.assignments = assignments
            request.assignment = active
            user.active_assignment = active
        return self.get_response(request)
