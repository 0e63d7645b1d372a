"""Helpers for the resident, admission and discharge tests (on the `world` fixture of tests/conftest.py).

- `persona(username, role, unit, facility=None)`: another user working in `role` at `unit` (a second facility staff
  member is the checker of a discharge; a leader of the two-level commune decides there).
- `admit(world, person, on, ...)`: an emergency admission through the real service, by `facility_staff`.
- `set_today` (fixture, import it into the test module): `timezone.localdate()` answers the given day.
"""

from datetime import date

import pytest
from django.utils import timezone

from accounts.models import Role
from accounts.services import assignment_grant
from facilities.models import CareGroup, Resident
from facilities.services.residents import resident_admit
from tests import factories as f


def persona(username: str, role: str, unit, facility=None):
    user = f.UserFactory(username=username, full_name=username)
    user.active_assignment = assignment_grant(user=user, role=role, unit=unit, actor=None, facility=facility)
    return user


def second_staff(world, username="facility_head"):
    return persona(username, Role.FACILITY_STAFF, world.facility.unit, facility=world.facility)


def admit(world, person, on: date, *, facility=None, actor=None, path=Resident.Path.EMERGENCY, **fields) -> Resident:
    fields.setdefault("care_group", CareGroup.CHILDREN)
    if path == Resident.Path.CONTRACT:
        fields.setdefault("contract_number", "HĐ-01/2026")
        fields.setdefault("contract_end_on", date(2027, 12, 31))
        fields.setdefault("monthly_fee", 3_000_000)
    if path == Resident.Path.BY_LAW:
        fields.setdefault("admission_decision_number", "12/QĐ-TA")
    return resident_admit(
        actor=actor or world.user("facility_staff"),
        facility=facility or world.facility,
        person=person,
        path=path,
        admitted_on=on,
        today=fields.pop("today", on),
        **fields,
    )


@pytest.fixture
def set_today(monkeypatch):
    real = timezone.localdate

    def _set(day: date) -> date:
        def fake(value=None, timezone=None):
            return day if value is None else real(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", fake)
        return day

    return _set
