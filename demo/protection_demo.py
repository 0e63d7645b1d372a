"""Two temporary protection stays (Art. 18.2) in the demo commune, written through the real services for people
already in the demo registry (so a second run adds nobody): a child whose parents died, with a host household,
six days before the planned end (so the «sắp hết hạn» reminder shows), and an adult begging in the street waiting
to be taken home, placed ten days ago. Idempotent: nothing is added when the demo commune already holds a stay.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from beneficiaries.models import Household, Person
from emergency.models import Protection
from emergency.services.protection import protection_open

from .dossiers import _as
from .places import DemoPlaces


def _person(commune, *, born_after: date, born_before: date) -> Person:
    """A synthetic person of the demo commune in that age band (the demo registers nobody extra)."""
    return (
        Person.objects.filter(
            commune=commune, death_date__isnull=True, birth_date__gt=born_after, birth_date__lt=born_before
        )
        .order_by("pk")
        .first()
    )


@transaction.atomic
def protection_demo_ensure(places: DemoPlaces) -> int:
    commune = places.commune
    if Protection.objects.filter(commune=commune).exists():
        return 0
    today = timezone.localdate()
    officer = _as("canbo.xa")
    child = _person(
        commune, born_after=today.replace(year=today.year - 15), born_before=today.replace(year=today.year - 4)
    )
    adult = _person(commune, born_after=date(1955, 1, 1), born_before=date(1985, 1, 1))
    if child is None or adult is None:
        return 0
    host = Household.objects.filter(commune=commune).exclude(pk=child.household_id).order_by("pk").first()
    protection_open(
        person=child,
        reason=Protection.Reason.ORPHAN,
        host_name="",
        host_household=host,
        host_address=host.address,
        started_on=today - timedelta(days=80),
        planned_end_on=today + timedelta(days=6),
        treatment_cost=450_000,
        note="Cha mẹ mất trong vụ tai nạn giao thông; chưa tìm được người thân.",
        actor=officer,
        today=today,
    )
    protection_open(
        person=adult,
        reason=Protection.Reason.BEGGAR,
        host_name="Nguyễn Thị Lan",
        host_address="Khu dân cư chợ Mỹ Thọ",
        started_on=today - timedelta(days=10),
        planned_end_on=today + timedelta(days=30),
        actor=officer,
        today=today,
    )
    return 2
