"""Reads of temporary protection stays (Art. 18.2), scoped to the user's unit through `accounts.jurisdiction`."""

from datetime import date, timedelta

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from accounts.jurisdiction import get_or_404, scope

from . import protection as rules
from .models import Protection

# Enough for any real chain of hosts inside a 3-month cap; stops a loop on corrupted data.
MAX_HOSTS = 50


def _rows() -> QuerySet:
    return Protection.objects.select_related("person", "person__village", "commune", "host_household", "incident")


def protection_list_for_user(user, *, today: date, state: str = "") -> QuerySet:
    """Stays inside the user's unit: overdue first, then those whose reminder is due, then the other open ones
    (soonest end first), then the ended ones (latest first). `state` narrows to one of the four."""
    soon = today + timedelta(days=rules.REMINDER_DAYS)
    open_ = Q(ended_on__isnull=True)
    rank = Case(
        When(open_ & Q(planned_end_on__lt=today), then=Value(0)),
        When(open_ & Q(planned_end_on__lte=soon), then=Value(1)),
        When(open_, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    rows = scope(_rows(), user).annotate(rank=rank)
    wanted = {rules.OVERDUE: 0, rules.ENDING_SOON: 1, rules.ACTIVE: 2, rules.ENDED: 3}
    if state in wanted:
        rows = rows.filter(rank=wanted[state])
    return rows.order_by("rank", Case(When(open_, then="planned_end_on")), "-ended_on", "-id")


def protection_counts_for_user(user, *, today: date) -> dict[str, int]:
    rows = protection_list_for_user(user, today=today)
    counts = dict.fromkeys((rules.OVERDUE, rules.ENDING_SOON, rules.ACTIVE, rules.ENDED), 0)
    names = {0: rules.OVERDUE, 1: rules.ENDING_SOON, 2: rules.ACTIVE, 3: rules.ENDED}
    for rank in rows.order_by().values_list("rank", flat=True):
        counts[names[rank]] += 1
    return counts


def protection_get_for_user(user, pk: int) -> Protection:
    return get_or_404(_rows(), user, pk=pk)


def protection_earlier_stays(protection: Protection) -> list[Protection]:
    """The stays this one continues (moved from host to host), earliest first.

    A move ends the previous stay the day before the next one starts, with the outcome «other host»: that is
    the link (no column needed), and the cap counts from the first of them.
    """
    earlier: list[Protection] = []
    current = protection
    for _step in range(MAX_HOSTS):
        previous = (
            Protection.objects.filter(
                person_id=current.person_id,
                outcome=Protection.Outcome.OTHER_HOST,
                ended_on=current.started_on - timedelta(days=1),
            )
            .exclude(pk=current.pk)
            .first()
        )
        if previous is None:
            break
        earlier.append(previous)
        current = previous
    return list(reversed(earlier))


def protection_first_day(protection: Protection) -> date:
    earlier = protection_earlier_stays(protection)
    return earlier[0].started_on if earlier else protection.started_on


def protection_later_stay(protection: Protection) -> Protection | None:
    """The stay that continued this one at another host, if it was moved."""
    if protection.outcome != Protection.Outcome.OTHER_HOST or protection.ended_on is None:
        return None
    return (
        _rows()
        .filter(person_id=protection.person_id, started_on=protection.ended_on + timedelta(days=1))
        .exclude(pk=protection.pk)
        .first()
    )


def protection_costs(protection: Protection, *, today: date) -> rules.Costs:
    """Costs of the stay so far (to today while open, at most to the planned end), or of the whole stay once ended."""
    end = protection.ended_on or min(today, protection.planned_end_on)
    return rules.stay_costs(
        start=protection.started_on,
        end=end,
        rate=protection.meal_rate,
        treatment=protection.treatment_cost,
        transport=protection.transport_cost,
    )
