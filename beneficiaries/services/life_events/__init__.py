"""Life events (SPEC §2; decree20.md §5 Ending, Suspension, Moving residence, Funeral support).

One function per kind of event. Each checks that the actor is the commune officer of the person's commune,
writes the `LifeEvent` row, updates the person where the event says so (death date, residence, disability
level, studying) and drives the entitlements through beneficiaries.services.entitlements — all in one
transaction, so a refused event leaves nothing behind.

Months follow Circular 02/2021 Art. 2.1 and Decree 20 Art. 8.1: payment stops from the month AFTER the month of
death or of losing eligibility (the month itself is paid); a new coefficient applies FROM the month the person
becomes eligible for it.
"""

from .changes import life_event_change_disability, life_event_relocate, life_event_turn_16, life_event_turn_22
from .common import TERMINATION_REASONS
from .ending import (
    life_event_record_death,
    life_event_record_missing,
    life_event_resume,
    life_event_suspend,
    life_event_terminate,
)

__all__ = [
    "TERMINATION_REASONS",
    "life_event_change_disability",
    "life_event_record_death",
    "life_event_record_missing",
    "life_event_relocate",
    "life_event_resume",
    "life_event_suspend",
    "life_event_terminate",
    "life_event_turn_16",
    "life_event_turn_22",
]
