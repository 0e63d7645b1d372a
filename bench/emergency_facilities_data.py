"""Synthetic emergency season and care facilities for bench.emergency_facilities, written with bulk_create.

All in the three-level demo province (Đồng Tháp, code 87), inside the report year of bench.reports
(07/2024–06/2025, closed 05/07/2025), so its report builders can be reused as they are:
- one big flood (opened by the province) over 30 communes with N assessed households — damage, people hurt,
  aid lines with the Decree 20 minimums at 500.000 ₫, their workflow events and disbursements from every funding
  source — and 100 smaller incidents (fire, storm, landslide…) of 5–40 households in other communes;
- 10 public facilities with R residents each: long stays, admissions and discharges in the middle of the roll
  month (10/2024; a death with funeral money, Art. 26 support after leaving), a few service contracts.
Timestamps (`created_at`, `at`, `recorded_at`) are moved back into the season, as the reports' as-of rules read
them. Deterministic for a seed. Nothing goes through the services: this is data, not behaviour.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.db import transaction
from django.utils import timezone

FLOOD_NAME = "Bench – Lũ lớn tháng 9/2024"
SMALL_PREFIX = "Bench – sự kiện"
FACILITY_PREFIX = "Bench – Trung tâm bảo trợ xã hội"
FLOOD_DAY = date(2024, 9, 20)
ROLL_MONTH = date(2024, 10, 1)
LEVEL = 500_000  # standard level from 07/2024
BATCH = 2000
USERS = {"province": "bench.so", "commune": "bench.xa", "facility": "bench.coso"}
SOURCES = ("central", "province", "district", "commune", "community")


@dataclass
class World:
    province: object
    flood: object
    flood_communes: list
    commune: object  # the commune officer's: the flood commune with the most households
    facilities: list
    users: dict


def _moment(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock(hour)))


def _users(province, commune, facility) -> dict:
    from accounts.models import Role, User
    from accounts.roles import roles_sync
    from accounts.services import assignment_grant

    roles_sync()
    places = {
        USERS["province"]: (Role.PROVINCE_OFFICER, province, None),
        USERS["commune"]: (Role.COMMUNE_OFFICER, commune, None),
        USERS["facility"]: (Role.FACILITY_STAFF, facility.unit, facility),
    }
    users = {}
    for username, (role, unit, place) in places.items():
        user, _ = User.objects.get_or_create(username=username, defaults={"full_name": f"Cán bộ {username}"})
        assignment_grant(user=user, role=role, unit=unit, facility=place, actor=None)
        users[username] = user
    return users


def world_find():
    """The world a previous build left (None when there is none)."""
    from emergency.models import Incident
    from facilities.models import Facility

    flood = Incident.objects.filter(name=FLOOD_NAME).select_related("province").first()
    if flood is None:
        return None
    from accounts.models import User

    communes = [area.commune for area in flood.areas.select_related("commune").order_by("commune__code")]
    facilities = list(Facility.objects.filter(name__startswith=FACILITY_PREFIX).order_by("name"))
    users = {u.username: u for u in User.objects.filter(username__in=USERS.values())}
    for user in users.values():  # what the middleware sets for a request; the services read it
        user.active_assignment = user.assignments.select_related("unit", "facility").get()
    commune = users[USERS["commune"]].active_assignment.unit
    return World(flood.province, flood, communes, commune, facilities, users)


# --- Emergency ----------------------------------------------------------------------------------------------


def _households(rng, communes, per_commune: list[int]):
    from beneficiaries.models import Household
    from demo.names import full_name
    from locations.models import Village

    villages: dict[int, list[int]] = {}
    for village_id, commune_id in Village.objects.filter(commune__in=communes).values_list("id", "commune_id"):
        villages.setdefault(commune_id, []).append(village_id)
    rows = []
    for commune, count in zip(communes, per_commune, strict=True):
        for _ in range(count):
            roll = rng.random()
            poverty = "poor" if roll < 0.10 else "near_poor" if roll < 0.18 else "none"
            rows.append(
                Household(
                    head_name=full_name(rng, sex=rng.choice("MF"), birth_year=rng.randint(1950, 1995)),
                    commune=commune,
                    village_id=rng.choice(villages[commune.pk]) if villages.get(commune.pk) else None,
                    poverty_status=poverty,
                    poverty_year=2024 if poverty != "none" else None,
                )
            )
    return Household.objects.bulk_create(rows, batch_size=BATCH)


def _status(rng) -> str:
    roll = rng.random()
    for limit, status in ((0.70, "disbursed"), (0.85, "approved"), (0.89, "reviewed"), (0.93, "proposed")):
        if roll < limit:
            return status
    return "draft" if roll < 0.98 else "rejected"


def _assessments(rng, incident, households, actor, day: date):
    from emergency.models import Assessment

    rows = []
    for household in households:
        status = _status(rng)
        roll = rng.random()
        damage = "lost" if roll < 0.02 else "relocation" if roll < 0.03 else "serious" if roll < 0.11 else "none"
        members = rng.randint(1, 7)
        short = rng.random() < 0.6
        level = "province" if damage == "lost" and rng.random() < 0.3 else "commune"
        decided = status in ("approved", "disbursed", "rejected")
        rows.append(
            Assessment(
                incident=incident,
                commune_id=household.commune_id,
                household=household,
                poverty_status=household.poverty_status,
                hardship=rng.random() < 0.05,
                members=members,
                house_damage=damage,
                food_short_members=members if short else 0,
                food_months=rng.randint(1, 3) if short else 0,
                lost_goods=rng.random() < 0.1,
                lost_goods_note="Chăn màn, nồi niêu",
                status=status,
                deciding_level=level,
                due_on=day + timedelta(days=4),
                decision_number=f"{rng.randint(1, 999)}/QĐ-UBND" if decided else "",
                decided_on=day + timedelta(days=rng.randint(1, 3)) if decided else None,
                decided_by=actor if decided else None,
                reject_reason="Không thuộc diện hỗ trợ" if status == "rejected" else "",
                created_by=actor,
                version=3,
            )
        )
    return Assessment.objects.bulk_create(rows, batch_size=BATCH)


def _hurt(rng, assessments):
    from demo.names import full_name
    from emergency.models import AssessmentPerson

    rows = []
    for assessment in assessments:
        roll = rng.random()
        if roll >= 0.019:
            continue
        harm = "injured" if roll < 0.015 else "dead" if roll < 0.018 else "missing"
        year = rng.randint(1940, 2015)
        dead = harm != "injured"
        rows.append(
            AssessmentPerson(
                assessment=assessment,
                full_name=full_name(rng, sex=rng.choice("MF"), birth_year=year),
                birth_year=year,
                harm=harm,
                treatment_days=rng.randint(3, 30) if not dead else None,
                death_date=FLOOD_DAY if dead else None,
                death_cause="Lũ cuốn trôi" if dead else "",
                organiser_name=str(assessment.household) if dead else "",
            )
        )
    return AssessmentPerson.objects.bulk_create(rows, batch_size=BATCH)


HOUSE = {"lost": ("house_lost", 40_000_000), "relocation": ("relocation", 30_000_000)}
HOUSE["serious"] = ("house_damaged", 20_000_000)


def _lines(rng, assessments, people):
    from emergency.models import AidLine

    hurt: dict[int, list] = {}
    for person in people:
        hurt.setdefault(person.assessment_id, []).append(person)
    rows = []
    for a in assessments:
        if a.food_short_members:
            kg = 15 * a.food_short_members * a.food_months
            rows.append(
                AidLine(assessment=a, aid_type="rice_disaster", quantity=a.food_short_members, rice_kg=kg,
                        unit=f"người × {a.food_months} tháng", basis="Khoản 1 Điều 12: 15 kg/người/tháng")
            )  # fmt: skip
        eligible = a.poverty_status in ("poor", "near_poor") or a.hardship
        if a.house_damage in HOUSE and (eligible or a.house_damage != "lost"):
            aid_type, minimum = HOUSE[a.house_damage]
            amount = minimum + (10_000_000 if rng.random() < 0.3 else 0)  # provinces often give more
            rows.append(
                AidLine(assessment=a, aid_type=aid_type, quantity=1, unit="hộ", minimum_amount=minimum, amount=amount,
                        basis=f"Điều 15: tối thiểu {minimum:,} đồng/hộ")
            )  # fmt: skip
        for person in hurt.get(a.pk, []):
            injured = person.harm == "injured"
            amount = (10 if injured else 50) * LEVEL
            rows.append(
                AidLine(assessment=a, person=person, aid_type="injured" if injured else "death", quantity=1,
                        unit="người", minimum_amount=amount, amount=amount, basis="Điều 13/14: hệ số × 500.000 ₫")
            )  # fmt: skip
        if a.lost_goods:
            rows.append(
                AidLine(assessment=a, aid_type="goods", quantity=1, unit="hộ", amount=1_000_000,
                        goods_description="Chăn màn, nồi niêu", basis="Khoản 2 Điều 12")
            )  # fmt: skip
    return AidLine.objects.bulk_create(rows, batch_size=BATCH)


def _disbursements(rng, lines, by_id, actor, day: date):
    """Disbursed assessments fully paid, approved ones half the time; rice from the central reserve, money split
    over the budgets with a community share for one line in four."""
    from emergency.models import Disbursement

    rows = []
    for line in lines:
        status = by_id[line.assessment_id].status
        if status != "disbursed" and not (status == "approved" and rng.random() < 0.5):
            continue
        paid_on = day + timedelta(days=rng.randint(3, 20))
        common = {"line": line, "paid_on": paid_on, "recorded_by": actor, "recipient_signed": True,
                  "recipient_name": str(by_id[line.assessment_id].household)}  # fmt: skip
        if line.rice_kg:
            rows.append(Disbursement(source="central", method="in_kind", rice_kg=line.rice_kg, **common))
            continue
        if line.aid_type == "goods":
            rows.append(Disbursement(source="community", method="in_kind", amount=line.amount,
                                     goods_description=line.goods_description, **common))  # fmt: skip
            continue
        source = rng.choice(SOURCES[:4])
        community = line.amount // 4 if rng.random() < 0.25 else 0
        method = "transfer" if rng.random() < 0.4 else "cash"
        rows.append(Disbursement(source=source, method=method, amount=line.amount - community, **common))
        if community:
            rows.append(Disbursement(source="community", method="cash", amount=community, **common))
    return Disbursement.objects.bulk_create(rows, batch_size=BATCH)


STEPS = {
    "draft": [("create", "", "draft")],
    "proposed": [("create", "", "draft"), ("propose", "draft", "proposed")],
    "reviewed": [("create", "", "draft"), ("propose", "draft", "proposed"), ("review", "proposed", "reviewed")],
}
STEPS["approved"] = [*STEPS["reviewed"], ("approve", "reviewed", "approved")]
STEPS["rejected"] = [*STEPS["reviewed"], ("reject", "reviewed", "rejected")]
STEPS["disbursed"] = [*STEPS["approved"], ("disbursed", "approved", "disbursed")]


def _events(assessments, actor) -> None:
    from emergency.models import AssessmentEvent

    rows = [
        AssessmentEvent(assessment=a, action=action, from_status=before, to_status=after, actor=actor,
                        deciding_level=a.deciding_level, due_on=a.due_on)
        for a in assessments
        for action, before, after in STEPS[a.status]
    ]  # fmt: skip
    AssessmentEvent.objects.bulk_create(rows, batch_size=BATCH)


def _incident(rng, *, name, kind, day, unit, province, communes, per_commune, actor) -> int:
    from emergency.models import Incident, IncidentArea

    incident = Incident.objects.create(name=name, kind=kind, occurred_on=day, unit=unit, province=province,
                                       description="Số liệu giả lập cho benchmark", created_by=actor)  # fmt: skip
    IncidentArea.objects.bulk_create(IncidentArea(incident=incident, commune=c, villages="Toàn xã") for c in communes)
    households = _households(rng, communes, per_commune)
    assessments = _assessments(rng, incident, households, actor, day)
    people = _hurt(rng, assessments)
    lines = _lines(rng, assessments, people)
    _disbursements(rng, lines, {a.pk: a for a in assessments}, actor, day)
    _events(assessments, actor)
    _backdate(incident, day)
    return len(assessments)


def _backdate(incident, day: date) -> None:
    """Recorded in the season, not today (the reports count rows recorded by their closing date)."""
    from emergency.models import Assessment, AssessmentEvent, Disbursement, Incident

    Incident.objects.filter(pk=incident.pk).update(created_at=_moment(day, 8))
    Assessment.objects.filter(incident=incident).update(created_at=_moment(day, 15))
    AssessmentEvent.objects.filter(assessment__incident=incident).update(at=_moment(day + timedelta(days=3)))
    Disbursement.objects.filter(line__assessment__incident=incident).update(recorded_at=_moment(day + timedelta(22)))


def _spread(rng, total: int, parts: int) -> list[int]:
    """`total` split over `parts` communes unevenly (a river commune is hit harder than an upland one)."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    counts = [int(total * w / sum(weights)) for w in weights]
    counts[0] += total - sum(counts)
    return counts


def emergency_build(rng, province, communes, actor, households: int) -> dict:
    from locations.models import AdministrativeUnit

    flood_communes, others = communes[:30], communes[30:]
    per_commune = _spread(rng, households, len(flood_communes))
    assessed = _incident(rng, name=FLOOD_NAME, kind="flood", day=FLOOD_DAY, unit=province, province=province,
                         communes=flood_communes, per_commune=per_commune, actor=actor)  # fmt: skip
    kinds = ["fire", "storm", "landslide", "flood", "accident"]
    small = 0
    for number in range(100):
        # Every fifth small incident in the officer's commune, so their list has more than the flood.
        commune = flood_communes[per_commune.index(max(per_commune))] if number % 5 == 0 else rng.choice(others)
        day = date(2024, 7, 1) + timedelta(days=rng.randint(0, 360))
        size = [rng.randint(5, 40)]
        small += _incident(rng, name=f"{SMALL_PREFIX} {number + 1}", kind=kinds[number % 5], day=day, unit=commune,
                           province=province, communes=[commune], per_commune=size, actor=actor)  # fmt: skip
    officer_commune = AdministrativeUnit.objects.get(pk=flood_communes[per_commune.index(max(per_commune))].pk)
    return {"flood_households": assessed, "small_incident_households": small, "officer_commune": officer_commune}


# --- Facilities ---------------------------------------------------------------------------------------------

GROUPS = ("elderly", "children", "disability", "mental", "general")
REASONS = ("case_ended", "adopted", "age", "no_contact", "own_request")


def _birth(rng, group: str) -> date:
    if group == "children":
        return date(2024, 9, 1) - timedelta(days=rng.randint(30, 15 * 365))  # some under 4
    if group == "elderly":
        return date(rng.randint(1930, 1964), rng.randint(1, 12), rng.randint(1, 28))
    return date(rng.randint(1960, 2005), rng.randint(1, 12), rng.randint(1, 28))


def _people(rng, count: int, communes, start_id: int):
    from beneficiaries.models import Person
    from core.text import fold
    from demo.names import full_name

    rows = []
    for index in range(count):
        group = GROUPS[index % len(GROUPS)]
        born, sex = _birth(rng, group), rng.choice("MF")
        name = full_name(rng, sex=sex, birth_year=born.year)
        rows.append(
            Person(full_name=name, name_folded=fold(name), birth_date=born, sex=sex, commune=rng.choice(communes),
                   id_number=f"{start_id + index:012d}")
        )  # fmt: skip
    return Person.objects.bulk_create(rows, batch_size=BATCH)


def _stay(rng, index: int) -> dict:
    """What happens to the index-th resident of a facility around the roll month."""
    month = ROLL_MONTH
    if index < 3:
        return {"path": "contract", "admitted_on": date(2023, 3, 1), "contract_number": f"HĐ-{index}",
                "monthly_fee": 4_500_000}  # fmt: skip
    if index < 18:  # admitted in the middle of the month
        admitted = month + timedelta(days=rng.randint(5, 25))
        extra = {"allowance_paid_until": month} if index < 8 else {}
        return {"path": "emergency" if index % 2 else "regular", "admitted_on": admitted, **extra}
    if index < 30:  # discharged in the middle of the month
        left = month + timedelta(days=rng.randint(5, 25))
        reason = "death" if index == 18 else REASONS[index % len(REASONS)]
        extra = {"funeral_amount": 50 * LEVEL, "funeral_basis": "Khoản 3 Điều 25"} if reason == "death" else {}
        if index in (19, 20, 21):
            extra["support_until"] = date(2025, 3, 1)  # Art. 26
        return {"path": "regular", "admitted_on": date(2022, 5, 1), "discharged_on": left, "discharge_reason": reason,
                **extra}  # fmt: skip
    admitted = date(2015, 1, 1) + timedelta(days=rng.randint(0, 3400))
    return {"path": "regular", "admitted_on": admitted}


def facilities_build(rng, province, communes, actor, residents: int) -> list:
    from facilities.models import Facility, FacilityEvent, Resident

    facilities = []
    for number in range(10):
        capacity = residents + 20
        share = capacity // 5
        facilities.append(
            Facility.objects.create(
                name=f"{FACILITY_PREFIX} số {number + 1:02d}", ownership="public", managing_level="province",
                unit=communes[number * 7 % len(communes)], capacity=share * 5, capacity_elderly=share,
                capacity_children=share, capacity_disability=share, capacity_mental=share, capacity_general=share,
                licence_number=f"{number + 1}/GP-SLĐTBXH",
            )
        )  # fmt: skip
    people = _people(rng, residents * len(facilities), communes, start_id=870_000_000_000)
    rows = []
    for number, facility in enumerate(facilities):
        for index in range(residents):
            person = people[number * residents + index]
            stay = _stay(rng, index)
            rows.append(
                Resident(facility=facility, person=person, care_group=GROUPS[index % len(GROUPS)],
                         home_commune_id=person.commune_id, created_by=actor,
                         admission_decision_number=f"{index + 1}/QĐ-TT", **stay)
            )  # fmt: skip
    stays = Resident.objects.bulk_create(rows, batch_size=BATCH)
    left = [stay for stay in stays if stay.discharged_on]
    events = FacilityEvent.objects.bulk_create(
        FacilityEvent(resident=stay, action="discharge", to_status="", actor=actor) for stay in left
    )
    # Recorded on the day it happened (the residents report reads created_at and the events' times).
    for stay in stays:
        stay.created_at = _moment(stay.admitted_on)
    Resident.objects.bulk_update(stays, ["created_at"], batch_size=BATCH)
    for event in events:
        event.at = _moment(event.resident.discharged_on, 16)
    FacilityEvent.objects.bulk_update(events, ["at"], batch_size=BATCH)
    return facilities


@transaction.atomic
def world_build(*, households: int, residents: int, seed: int) -> World:
    from accounts.models import User
    from demo.places import places_find, provinces_configure, villages_ensure
    from locations.models import AdministrativeUnit

    rng = random.Random(seed)
    places = places_find()
    provinces_configure(places)
    villages_ensure(places)
    province = places.province
    communes = list(AdministrativeUnit.objects.filter(province=province, level="commune").order_by("code"))
    rng.shuffle(communes)
    actor, _ = User.objects.get_or_create(username="bench.nhaplieu", defaults={"full_name": "Nhập liệu benchmark"})
    built = emergency_build(rng, province, communes, actor, households)
    facilities = facilities_build(rng, province, communes, actor, residents)
    _users(province, built["officer_commune"], facilities[0])
    return world_find()
