"""Generating a commune's monthly roll (SPEC §3, decree20.md §8), and the province- or district-wide job that
generates every paying commune's roll through Celery, one task per commune.

`roll_generate` works on one commune in one transaction: it locks the roll row, loads the inputs with a handful
of set-based queries (`payments.inputs`, which also documents which earlier months are compared again), computes
every line in memory with the pure rules (`payments.rules.person_line`), and writes lines, ledger items and the
changes since last month with bulk inserts. A worker killed midway leaves the old draft or the new one, never
half of either. The same inputs give the same roll: a digest of what would be written is compared first, and an
unchanged draft is left exactly as it was (only a "generated" event with `unchanged: true` is recorded). Only a
draft is (re)generated; an approved roll never changes, its mistakes are corrected in a later roll.
"""

import gc
from contextlib import contextmanager
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from locations.models import Level

from ..inputs import GENERATED, inputs_load
from ..models import PaymentRoll, RollEvent
from .checks import check_draft, check_month
from .compute import ACCOUNT_METHODS, ComputedLine, ComputedRoll, roll_compute
from .jobs import (
    JOB_KIND,
    GenerationFailed,
    generation_progress,
    generation_start,
    paying_communes,
    roll_generate_for_job,
)
from .write import roll_rows_delete, roll_write

__all__ = [
    "ACCOUNT_METHODS",
    "JOB_KIND",
    "ComputedLine",
    "ComputedRoll",
    "GenerationFailed",
    "check_month",
    "generation_progress",
    "generation_start",
    "inputs_load",
    "paying_communes",
    "roll_compute",
    "roll_generate",
    "roll_generate_for_job",
]
Status = PaymentRoll.Status


@transaction.atomic
def roll_generate(*, commune, month: date, actor=None) -> PaymentRoll:
    """Generate (or regenerate) `commune`'s draft roll for `month` (SPEC §3).

    Decree 20/2021 Art. 6 and 20 (monthly allowance and care support), Circular 02/2021 Art. 2 (ending, suspending,
    resuming with arrears), Art. 11 (funeral support), decree20.md §8 (the list for next month). Refused for a
    month more than one month after today's and for a roll that is no longer a draft.
    """
    month = check_month(month)
    if commune.level != Level.COMMUNE:
        raise ValidationError({"commune": "Danh sách chi trả được lập cho từng xã."})
    # The lock makes two generations of the same roll wait for each other: the second finds the first's result.
    roll, created = PaymentRoll.objects.select_for_update().get_or_create(commune=commune, month=month)
    check_draft(roll)
    with _no_cycle_collection():
        inputs = inputs_load(commune=commune, month=month, roll=None if created else roll)
        computed = roll_compute(inputs)
    now = timezone.now()
    data = {"digest": computed.digest, "rates": inputs.rates}
    if not created and roll.inputs_digest == computed.digest:
        # Same inputs, same roll: the lines stay exactly as they are; only the generation is recorded.
        PaymentRoll.objects.filter(pk=roll.pk).update(generated_at=now, generated_by=actor)
        roll.generated_at, roll.generated_by = now, actor
        _event(roll, Status.DRAFT, actor, reason="Lập lại, không thay đổi", data={**data, "unchanged": True})
        return roll
    if not created:
        roll_rows_delete(roll)
        roll.version += 1
    with _no_cycle_collection():
        roll_write(roll, computed, month)
    for name, value in computed.totals().items():
        setattr(roll, name, value)
    roll.inputs_digest = computed.digest
    roll.generated_at, roll.generated_by = now, actor
    roll.save()
    _event(
        roll,
        "" if created else Status.DRAFT,
        actor,
        reason="" if created else "Lập lại",
        data={**data, "unchanged": False, "version": roll.version, "lines": roll.lines_count, "total": roll.total},
    )
    return roll


@contextmanager
def _no_cycle_collection():
    """Pause Python's cycle collector while a roll is built and written: its tens of thousands of short-lived rows
    made the collector rescan the whole process (Django's objects included) several times per commune, a third of
    a worker's time at province scale. The rows hold no reference cycles and are freed by reference counting as
    usual; a cycle made meanwhile waits for the next collection."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _event(roll: PaymentRoll, from_status: str, actor, *, reason: str = "", data: dict) -> None:
    RollEvent.objects.create(
        roll=roll,
        action=GENERATED,
        from_status=from_status,
        to_status=Status.DRAFT,
        actor=actor,
        reason=reason,
        data=data,
    )
