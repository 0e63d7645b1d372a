"""The Celery app. Tasks are thin: an id in, one service call (see STYLE.md)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("ansinh")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
