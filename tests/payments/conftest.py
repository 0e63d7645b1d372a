"""Shared helpers for payments tests, on the `world` fixture (tests/conftest.py).

- `granted(world, person, code, start, **facts)` opens an entitlement through the real service with the amount the
  rules give for `start` (facts: disability_level, studying, children_count, pregnant, young_children_birth_dates;
  extras: commune, subject, decision, decision_number, decision_date, actor).
- `approve(roll)` marks a roll approved directly (test setup only; the approval service has its own tests).
- `person_in(commune, **fields)` a person living in a village of `commune` (a household when `poverty` is given).
- `month_of(offset)` the first day of today's month plus `offset` months (`timezone.localdate()`).
- `set_today(day)` (fixture) makes `django.utils.timezone.localdate()` answer `day` (monkeypatched; a call with an
  explicit value still converts it): the month checks and `month_of` follow.
- `funeral_decision(world, person, *, number, signed_on, amount, organiser, commune=None)` an approved funeral
  dossier and its decision (Art. 11), as the dossier workflow would leave them.
"""

from datetime import date

import pytest
from django.db.models import Q
from django.utils import timezone

from beneficiaries.facts import person_facts
from beneficiaries.models import Household
from beneficiaries.services.entitlements import entitlement_grant
from dossiers.models import Decision, Dossier
from locations.models import Village
from payments.models import PaymentRoll
from policy.models import Category
from policy.rules import add_months, first_of_month, line_for
from policy.selectors import rate_tables

from .. import factories as f

_ENTITLEMENT_FACTS = ("disability_level", "studying", "children_count", "pregnant", "young_children_birth_dates")


def month_of(offset: int = 0) -> date:
    """The first day of today's month (`timezone.localdate()`) plus `offset` months."""
    return add_months(first_of_month(timezone.localdate()), offset)


def person_in(commune, *, village=None, poverty: str | None = None, **fields):
    """A person living in `commune` (in its first village, created when there is none)."""
    if village is None:
        village = Village.objects.filter(commune=commune).order_by("id").first() or f.VillageFactory(commune=commune)
    if poverty is not None:
        fields["household"] = Household.objects.create(
            head_name=fields.get("full_name", "Chủ hộ"), commune=commune, village=village, poverty_status=poverty
        )
    return f.PersonFactory(commune=commune, village=village, **fields)


def granted(world, person, code: str, start: date, **facts):
    """Open an entitlement of category `code` from `start` with the amount the rules give for that month."""
    commune = facts.pop("commune", None) or person.commune
    subject = facts.pop("subject", None)
    decision = facts.pop("decision", None)
    decision_number = facts.pop("decision_number", "")
    decision_date = facts.pop("decision_date", None)
    actor = facts.pop("actor", None)
    unknown = set(facts) - set(_ENTITLEMENT_FACTS)
    assert not unknown, f"unknown entitlement facts: {unknown}"
    category = (
        Category.objects.filter(Q(province__isnull=True) | Q(province=world.province), code=code)
        .order_by("province_id")
        .first()
    )
    assert category is not None, f"no category {code}"
    province = commune.province or world.province
    start = first_of_month(start)
    rule_facts = person_facts(
        person,
        disability_level=facts.get("disability_level", ""),
        studying=facts.get("studying", False),
        children_count=facts.get("children_count", 0),
        pregnant=facts.get("pregnant", False),
        young_children_birth_dates=facts.get("young_children_birth_dates", ()),
        subject=subject if category.kind == "care" else None,
        month=start,
    )
    line = line_for(code, rule_facts, start, rate_tables(province))
    assert line is not None, f"category {code} gives nothing in {start:%m/%Y} for these facts"
    return entitlement_grant(
        person=person,
        category=category,
        commune=commune,
        start_month=start,
        line=line,
        actor=actor,
        subject=subject,
        decision=decision,
        decision_number=decision_number,
        decision_date=decision_date,
        **facts,
    )


def approve(roll, *, by=None) -> PaymentRoll:
    """Mark `roll` approved directly (test setup), as the approval service would leave it."""
    PaymentRoll.objects.filter(pk=roll.pk).update(
        status=PaymentRoll.Status.APPROVED, approved_at=timezone.now(), approved_by=by
    )
    roll.refresh_from_db()
    return roll


def funeral_decision(world, person, *, number: str, signed_on: date, amount: int, organiser: str, commune=None):
    """An approved funeral dossier for `person` (the deceased) in `commune` and its decision of `amount`."""
    commune = commune or person.commune
    signer = world.user("district_leader")
    dossier = Dossier.objects.create(
        kind=Dossier.Kind.FUNERAL,
        flow=Dossier.Flow.THREE_LEVEL,
        status=Dossier.Status.APPROVED,
        person=person,
        commune=commune,
        received_on=signed_on,
        death_date=person.death_date or signed_on,
        organiser_name=organiser,
        organiser_relation="Con",
        created_by=world.user("officer_a"),
    )
    return Decision.objects.create(
        dossier=dossier,
        outcome=Decision.Outcome.APPROVED,
        number=number,
        signed_on=signed_on,
        unit=commune.parent or commune,
        authority="UBND huyện",
        signer=signer,
        signer_name=signer.full_name,
        signer_title="Phó Chủ tịch",
        legal_basis="Khoản 1 Điều 11 Nghị định 20/2021/NĐ-CP",
        amount=amount,
    )


@pytest.fixture
def set_today(monkeypatch):
    """`set_today(date(2026, 11, 10))`: from then on `timezone.localdate()` answers that day."""
    real = timezone.localdate

    def _set(day: date) -> date:
        def fake(value=None, timezone=None):
            return day if value is None else real(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", fake)
        return day

    return _set
