"""Two generations of the same roll at the same moment: one builds the roll, the other waits on the roll's row
lock and then finds nothing changed — never two rolls, never lines written twice."""

import threading
from datetime import date

import pytest
from django.db import connection

from payments.generation import roll_generate
from payments.models import PaymentItem, PaymentLine, PaymentRoll, RollEvent
from tests.conftest import build_world

from .conftest import granted, person_in

MONTH = date(2026, 11, 1)


@pytest.fixture
def live_world(transactional_db):
    # Real commits: each thread has its own database connection and transaction.
    return build_world()


# The suite's stack is PostgreSQL (command 2, CI), where this always runs. SQLite's shared in-memory test database
# cannot hold two writers at once at all ("table is locked"), so there is nothing to compare there.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two concurrent writers: PostgreSQL")
def test_two_generations_at_once_leave_one_roll_with_each_line_once(live_world):
    commune = live_world.commune_a
    for n in range(5):
        granted(live_world, person_in(commune, full_name=f"Người Thử {n}", birth_date=date(1950, 1, 1)), "5.6",
                date(2026, 1, 1), disability_level="severe")  # fmt: skip
    start = threading.Barrier(2)
    errors = []

    def generate():
        try:
            start.wait()
            roll_generate(commune=commune, month=MONTH)
        except Exception as exc:  # noqa: BLE001 - reported below with the test's assertion
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=generate) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    roll = PaymentRoll.objects.get(commune=commune, month=MONTH)
    assert roll.lines_count == 5 and roll.version == 1
    assert PaymentLine.objects.filter(roll=roll).count() == 5
    assert PaymentItem.objects.filter(line__roll=roll).count() == 5
    unchanged = [e.data.get("unchanged", False) for e in RollEvent.objects.filter(roll=roll).order_by("id")]
    assert unchanged == [False, True]  # the second one waited, then found the same inputs
