"""A report asked for while no Celery worker runs stays queued, and is built when a worker comes back.

For real: the request goes through Celery's in-memory broker (not eager), then an embedded worker thread starts
and takes it. Transactional database access, so the worker thread's own connection sees the committed rows."""

import time
from datetime import date

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections

from config.celery import app
from core.models import Job
from reports.services.requests import report_request
from tests.conftest import build_world

from .infra import H1_2026, install_tiny, read_sheet


@pytest.fixture
def tiny():
    yield from install_tiny()


@pytest.fixture
def memory_broker():
    """The app's real (non-eager) path through an in-memory broker, whatever broker the run is configured with.
    Both spellings of each key: the app reads Django's CELERY_* names first."""
    changes = {
        "CELERY_BROKER_URL": "memory://",
        "broker_url": "memory://",
        "CELERY_TASK_ALWAYS_EAGER": False,
        "task_always_eager": False,
    }
    saved = {key: app.conf.get(key) for key in changes}
    saved_pool, saved_producers = app._pool, app.amqp._producer_pool
    app.conf.update(changes)
    # Connections and producers opened earlier in this process (e.g. to Redis) must not be reused.
    app._pool = app.amqp._producer_pool = None
    yield app
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool, app.amqp._producer_pool = saved_pool, saved_producers
    app.conf.update(saved)


def _close_worker_connections(**kwargs):
    # Runs in the worker thread: its own connections, or PostgreSQL could not drop the test database at the end.
    connections.close_all()


def wait_for(job: Job, status: str, seconds: float = 30) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status == status:
            break
        time.sleep(0.1)
    return job


def test_a_request_made_while_the_worker_is_down_is_built_when_it_comes_back(transactional_db, tiny, memory_broker):
    world = build_world()
    request = report_request(
        form="10a",
        unit=world.commune_a,
        period_start=H1_2026[0],
        period_end=H1_2026[1],
        as_of=date(2026, 7, 15),
        actor=world.user("officer_a"),
    )

    # No worker: the message waits in the broker and the download centre shows the job queued.
    time.sleep(0.5)
    request.job.refresh_from_db()
    assert (request.job.status, request.job.percent, tiny.calls) == (Job.Status.QUEUED, 0, [])

    task_postrun.connect(_close_worker_connections)
    try:
        with start_worker(memory_broker, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            job = wait_for(request.job, Job.Status.DONE)
    finally:
        task_postrun.disconnect(_close_worker_connections)

    assert (job.status, job.percent) == (Job.Status.DONE, 100)
    request.refresh_from_db()
    with request.file.open("rb") as stored:
        assert read_sheet(stored)["Chốt số liệu đến"] == "15/07/2026"
    assert tiny.calls == [request.pk]
