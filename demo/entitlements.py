"""Give the synthetic people the monthly allowance they would plausibly receive, set-based and deterministic.

A person's category follows their age, household poverty, HIV flag and a disability drawn from a hash of their
ID number (not from the shared random stream, so adding this step changes none of the generated people).
Amounts come from the rules engine at the start month, as a decision would have computed them.
"""

import hashlib
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from beneficiaries.models import Entitlement, EntitlementEvent, Person
from policy.models import Category
from policy.rules import Facts, add_months, line_for
from policy.selectors import rate_tables

BATCH = 2000
FIRST_MONTH = date(2021, 7, 1)  # Decree 20/2021 in force
LAST_MONTH = date(2026, 10, 1)


@dataclass
class EntitlementResult:
    created: int = 0


def _draw(id_number: str, salt: str) -> float:
    """A number in [0, 1) fixed by the ID number: the same person gets the same draw on every run."""
    digest = hashlib.sha256(f"{salt}:{id_number}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32


def plan(person: Person, poverty: str, *, today_month: date) -> tuple[str, dict] | None:
    """(category code, facts) for one person, or None when nothing fits (e.g. a non-poor adult who only applied)."""
    key = person.id_number or str(person.pk)
    age = today_month.year - person.birth_date.year
    disabled = _draw(key, "disability")
    level = "especially_severe" if _draw(key, "level") < 0.35 else "severe"
    if age < 16:
        if person.hiv_positive and poverty == "poor":
            return "5.3", {}
        return ("5.6", {"disability_level": level}) if disabled < 0.30 else ("5.1.b", {})
    if age < 60:
        if person.hiv_positive and poverty == "poor":
            return "5.8", {}
        if age < 22 and _draw(key, "studying") < 0.4:
            return "5.2", {"studying": True}
        if poverty in ("poor", "near_poor") and _draw(key, "single_parent") < 0.3:
            return "5.4", {"children_count": 1 + int(_draw(key, "children") * 3)}
        return "5.6", {"disability_level": level}
    if poverty == "poor":
        return "5.5.a", {}
    # 5.5.c ended on 01/07/2025; a few are still active so the watch list has something to show.
    if age >= 81 and disabled < 0.15:
        return "5.5.c", {"until": date(2025, 6, 1)}
    if disabled < 0.55:
        return "5.6", {"disability_level": level}
    return None


def entitlements_load(*, provinces, today_month: date = LAST_MONTH) -> EntitlementResult:
    """One active monthly entitlement for every demo person who has none yet (idempotent)."""
    result = EntitlementResult()
    categories = {c.code: c for c in Category.objects.filter(province__isnull=True, kind="monthly")}
    for province in provinces:
        tables = rate_tables(province)
        people = (
            Person.objects.filter(commune__province=province, entitlements__isnull=True, death_date__isnull=True)
            .select_related("household")
            .order_by("pk")
        )
        batch: list[tuple[Person, Entitlement]] = []
        for person in people.iterator(chunk_size=BATCH):
            poverty = person.household.poverty_status if person.household else "none"
            chosen = plan(person, poverty, today_month=today_month)
            if chosen is None:
                continue
            code, extra = chosen
            last = extra.pop("until", today_month)
            span = (last.year - FIRST_MONTH.year) * 12 + last.month - FIRST_MONTH.month
            start = add_months(FIRST_MONTH, int(_draw(person.id_number or "", "start") * span))
            facts = Facts(birth_date=person.birth_date, poverty=poverty, hiv=person.hiv_positive, **extra)
            line = line_for(code, facts, start, tables)
            if line is None:  # not yet eligible then (born later, not yet 16…): granted this month instead
                start, line = today_month, line_for(code, facts, today_month, tables)
            if line is None:
                continue
            number = f"{1 + int(_draw(person.id_number or '', 'number') * 900)}/QĐ-UBND"
            batch.append(
                (
                    person,
                    Entitlement(
                        person=person,
                        category=categories[code],
                        commune_id=person.commune_id,
                        decision_number=number,
                        decision_date=start,
                        start_month=start,
                        coefficient=line.coefficient,
                        level=line.level,
                        amount=line.amount,
                        basis=line.explanation[:300],
                        disability_level=extra.get("disability_level", ""),
                        children_count=extra.get("children_count", 0),
                        studying=extra.get("studying", False),
                    ),
                )
            )
            if len(batch) >= BATCH:
                result.created += _write(batch)
                batch = []
        if batch:
            result.created += _write(batch)
    return result


def _write(batch: list[tuple[Person, Entitlement]]) -> int:
    with transaction.atomic():
        rows = Entitlement.objects.bulk_create([e for _, e in batch], batch_size=BATCH)
        EntitlementEvent.objects.bulk_create(
            [
                EntitlementEvent(entitlement=e, kind=EntitlementEvent.Kind.GRANTED, month=e.start_month,
                                 note="Dữ liệu trình diễn")
                for e in rows
            ],
            batch_size=BATCH,
        )  # fmt: skip
        for level in ("severe", "especially_severe"):
            ids = [p.pk for p, e in batch if e.disability_level == level]
            if ids:
                Person.objects.filter(pk__in=ids, disability_level="").update(disability_level=level)
    return len(rows)
