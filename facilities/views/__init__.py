"""Placeholder index until the module's pages land (the helper building it replaces this file)."""

from django.http import HttpResponse


def index(request):
    return HttpResponse("…")
