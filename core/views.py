from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from .home import home_summary
from .selectors import job_get_for_user
from .tasks import HEARTBEAT_KEY


def home(request):
    if request.assignment is None:
        return render(request, "core/no_assignment.html", status=403)
    return render(request, "core/home.html", {"summary": home_summary(request.user, request.assignment)})


def job_progress(request, pk):
    """The progress partial; htmx polls it every second until the job finishes."""
    job = job_get_for_user(request.user, pk)
    return render(request, "components/_job_progress.html", {"job": job})


@login_not_required
def healthz(request):
    """Database reachable, and when a Celery worker last ran its heartbeat (None on the eager default)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "worker_heartbeat": cache.get(HEARTBEAT_KEY)})


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@login_not_required
def server_error(request):
    return render(request, "500.html", status=500)
