from .navigation import modules_for


def shell(request):
    """What the base template needs on every page: the modules and the user's assignments."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_modules": modules_for(user),
        "active_assignment": getattr(request, "assignment", None),
        "assignments": getattr(request, "assignments", []),
    }
