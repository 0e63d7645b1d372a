"""Thin Celery tasks shared by every module."""

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_KEY = "worker-heartbeat"


@shared_task(name="core.worker_heartbeat")
def worker_heartbeat_task() -> None:
    """Beat sends this every minute; /healthz shows when a worker last ran it."""
    cache.set(HEARTBEAT_KEY, timezone.now().isoformat(), timeout=60 * 60)
