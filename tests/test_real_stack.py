"""The suite's real stack: PostgreSQL, and a Celery worker process taking tasks from Redis (scripts/test)."""

import os
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from config.celery import app
from core.tasks import HEARTBEAT_KEY

ROOT = Path(__file__).resolve().parent.parent
NOT_REAL = "run the suite with `bash scripts/test`, which points it at PostgreSQL and Redis"


def test_database_is_postgresql(db):
    assert connection.vendor == "postgresql", NOT_REAL


def test_a_worker_takes_a_task_from_redis_and_writes_the_shared_cache(db, client):
    assert settings.REDIS_URL and app.conf.broker_url.startswith("redis://"), NOT_REAL
    cache.delete(HEARTBEAT_KEY)
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-Q", "stack-test"]
    env = {**os.environ, "CELERY_TASK_ALWAYS_EAGER": "0"}
    worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        app.send_task("core.worker_heartbeat", queue="stack-test")  # send_task always goes through the broker
        deadline = time.monotonic() + 60
        while cache.get(HEARTBEAT_KEY) is None and time.monotonic() < deadline:
            time.sleep(0.5)
        assert cache.get(HEARTBEAT_KEY) is not None, "no worker answered through Redis"
        assert client.get("/healthz").json()["worker_heartbeat"] == cache.get(HEARTBEAT_KEY)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
