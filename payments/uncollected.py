"""Not collected for 3 consecutive months → a suspension proposal (Circular 02/2021 Art. 2.3.a; decree20.md §5).

For the watch list of month M: people whose lines in the commune's approved rolls of M−3, M−2 and M−1 were all
recorded as not received (paid=False), and who still have an entitlement in force in the commune. A month without
an approved roll, a month received, or a month not yet recorded breaks the run: nothing is proposed. The proposal
is only that — the commune officer records the suspension (life event «Tạm dừng», reason «Không nhận trợ cấp 3
tháng liên tục») from month M, or not.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from accounts.jurisdiction import scope
from beneficiaries.models import Entitlement, Person
from policy.rules import add_months, first_of_month

from .models import PaymentLine, PaymentRoll

RUN = 3
APPROVED_STATUSES = (PaymentRoll.Status.APPROVED, PaymentRoll.Status.PAID, PaymentRoll.Status.CLOSED)


def run_months(month: date, run: int = RUN) -> list[date]:
    """The `run` months before `month`, oldest first: 12/2026 → [09/2026, 10/2026, 11/2026]."""
    month = first_of_month(month)
    return [add_months(month, -k) for k in range(run, 0, -1)]


def uncollected_run(results: Sequence[bool | None], run: int = RUN) -> bool:
    """The last `run` recorded results (oldest first, one per consecutive month) are all «not received»."""
    return len(results) >= run and all(result is False for result in results[-run:])


@dataclass
class Proposal:
    person: Person
    months: list[date]
    amount: int  # what the unpaid lines held, together
    reasons: list[str] = field(default_factory=list)  # the notes recorded with «chưa nhận», newest first
    entitlements: list[Entitlement] = field(default_factory=list)
    url: str = ""  # the suspension form, prefilled (set by the watch list for users who may record it)


def uncollected_for_commune(user, commune, month: date) -> list[Proposal]:
    """Suspension proposals in `commune` for `month`, for `user` (people outside the user's unit never appear).

    Three queries whatever the number of people: the rolls, their unpaid lines, the people with entitlements.
    """
    months = run_months(month)
    rolls = dict(
        PaymentRoll.objects.filter(commune=commune, month__in=months, status__in=APPROVED_STATUSES).values_list(
            "pk", "month"
        )
    )
    if len(rolls) < RUN:
        return []
    results: dict[int, dict[date, PaymentLine]] = defaultdict(dict)
    lines = PaymentLine.objects.filter(roll_id__in=rolls, paid=False).only(
        "id", "roll_id", "person_id", "total", "unpaid_reason"
    )
    for line in lines:
        results[line.person_id][rolls[line.roll_id]] = line
    candidates = [
        person_id
        for person_id, by_month in results.items()
        if uncollected_run([by_month[m].paid if m in by_month else None for m in months])
    ]
    if not candidates:
        return []
    in_force = Q(status=Entitlement.Status.ACTIVE, commune=commune) & (
        Q(end_month__isnull=True) | Q(end_month__gte=first_of_month(month))
    )
    entitlements: dict[int, list[Entitlement]] = defaultdict(list)
    for entitlement in (
        Entitlement.objects.filter(in_force, person_id__in=candidates).select_related("category").order_by("id")
    ):
        entitlements[entitlement.person_id].append(entitlement)
    people = scope(Person.objects.filter(pk__in=list(entitlements)).select_related("village"), user).order_by(
        "full_name", "id"
    )
    proposals = []
    for person in people:
        by_month = results[person.pk]
        proposals.append(
            Proposal(
                person=person,
                months=months,
                amount=sum(by_month[m].total for m in months),
                reasons=[by_month[m].unpaid_reason for m in reversed(months) if by_month[m].unpaid_reason],
                entitlements=entitlements[person.pk],
            )
        )
    return proposals
