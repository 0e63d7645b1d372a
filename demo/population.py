"""Write the synthetic population: households and people in bulk, keyed by ID number, chunk by chunk."""

import random
from dataclasses import dataclass, field

from django.db import transaction

from beneficiaries.models import Household, Person
from core.text import fold
from locations.models import UnitSuccession, Village

from .people import ETHNICITY_MIX, commune_counts, commune_households
from .places import DemoPlaces, demo_communes
from .villages import hamlet_word, village_names

BATCH = 1000
THREE_LEVEL_SHARE = 0.75
# Minimum people in the communes the demo accounts work in (as far as N allows).
MIN_DEMO_COMMUNE, MIN_SECOND_COMMUNE, MIN_DEMO_COMMUNE_2CAP = 150, 50, 100
KHMER_OLD_PROVINCE = "94"  # Sóc Trăng, merged into Cần Thơ in 2025


@dataclass
class PopulationResult:
    people_created: int = 0
    people_skipped: int = 0
    households_created: int = 0
    per_commune: dict[str, int] = field(default_factory=dict)


def _plan(places: DemoPlaces, total: int, rng: random.Random, share: float = THREE_LEVEL_SHARE) -> list[tuple]:
    """(province, commune, people) for every commune of both demo provinces, in a fixed order."""
    three = round(total * share)
    plan = []
    for province, count, minimums in (
        (places.province, three, [(places.commune, MIN_DEMO_COMMUNE), (places.commune2, MIN_SECOND_COMMUNE)]),
        (places.province_2cap, total - three, [(places.commune_2cap, MIN_DEMO_COMMUNE_2CAP)]),
    ):
        communes = demo_communes(province)
        index = {c.id: i for i, c in enumerate(communes)}
        counts = commune_counts(rng, count, len(communes), {index[c.id]: n for c, n in minimums})
        plan += [(province, c, n) for c, n in zip(communes, counts, strict=True) if n]
    return plan


def _khmer_area(places: DemoPlaces) -> set[int]:
    """Two-level communes that took in communes of the former Sóc Trăng province (large Khmer population)."""
    return set(
        UnitSuccession.objects.filter(
            new__province=places.province_2cap, old__province__code=KHMER_OLD_PROVINCE
        ).values_list("new_id", flat=True)
    )


def _write(chunk: list[tuple[int, dict]], villages: dict[tuple[int, str], int], result: PopulationResult) -> None:
    """One transaction: skip people whose ID number exists, create the households that still have new members."""
    ids = [m["id_number"] for _, h in chunk for m in h["members"]]
    existing = set(Person.objects.filter(id_number__in=ids).values_list("id_number", flat=True))
    result.people_skipped += len(existing)
    todo = [(cid, h, [m for m in h["members"] if m["id_number"] not in existing]) for cid, h in chunk]
    todo = [t for t in todo if t[2]]
    if not todo:
        return
    with transaction.atomic():
        households = Household.objects.bulk_create(
            [
                Household(
                    head_name=h["head_name"],
                    commune_id=cid,
                    village_id=villages.get((cid, h["village"])),
                    poverty_status=h["poverty_status"],
                    poverty_year=h["poverty_year"],
                )
                for cid, h, _ in todo
            ],
            batch_size=BATCH,
        )
        people = [
            Person(
                full_name=m["full_name"],
                name_folded=fold(m["full_name"]),
                birth_date=m["birth_date"],
                birth_year_only=m["birth_year_only"],
                sex=m["sex"],
                ethnicity=m["ethnicity"],
                id_number=m["id_number"],
                id_type=m["id_type"],
                commune_id=cid,
                village_id=household.village_id,
                household_id=household.pk,
                phone=m["phone"],
                hiv_positive=m["hiv_positive"],
            )
            for household, (cid, h, members) in zip(households, todo, strict=True)
            for m in members
        ]
        Person.objects.bulk_create(people, batch_size=BATCH)
    result.households_created += len(households)
    result.people_created += len(people)


def population_load(
    places: DemoPlaces, *, total: int, seed: int, three_level_share: float = THREE_LEVEL_SHARE
) -> PopulationResult:
    """`total` people over both demo provinces; the same seed gives the same people, so a rerun adds none."""
    rng = random.Random(seed)
    result = PopulationResult()
    khmer = _khmer_area(places)
    # Hamlets are chosen by name from the generated list, not from the table, so a hamlet added by hand
    # later does not change what the random stream produces.
    villages = {
        (commune_id, name): pk
        for pk, commune_id, name in Village.objects.filter(
            commune__province__in=[places.province, places.province_2cap]
        ).values_list("id", "commune_id", "name")
    }
    used_ids: set[str] = set()
    chunk: list[tuple[int, dict]] = []
    size = 0
    for province, commune, count in _plan(places, total, rng, three_level_share):
        two_level = province == places.province_2cap
        result.per_commune[commune.code] = count
        for household in commune_households(
            rng,
            province_code=province.code,
            commune_code=commune.code,
            villages=village_names(commune.code, hamlet_word(commune.name, two_level=two_level)),
            count=count,
            used_ids=used_ids,
            ethnicities=ETHNICITY_MIX["khmer_area"] if commune.id in khmer else None,
        ):
            chunk.append((commune.id, household))
            size += len(household["members"])
            if size >= BATCH:
                _write(chunk, villages, result)
                chunk, size = [], 0
    if chunk:
        _write(chunk, villages, result)
    return result
