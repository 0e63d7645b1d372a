"""The data the emergency exports write: an incident's figures per commune, every aid line, and the village lists
(forms 5a/5b) — always limited to the user's part of the incident (a commune user gets only its own communes' rows;
`emergency.selectors.assessment_list_for_user` is the scope).

What counts follows `emergency.selectors.totals_for`, so the files agree with the incident page: assessments
decided against (rejected) are left out; damage, people hurt and the lines proposed count from the first draft;
rice and money «được duyệt» count once the assessment is approved; money and rice by funding source are what was
actually handed out (disbursements). A handful of grouped queries, whatever the number of communes.

A province-wide flood has tens of thousands of assessments: every read here fetches plain values (sums grouped in
the database, rows as tuples streamed with `.iterator()`, choice labels looked up once per file), never model
instances, which cost most of the time and memory of the download.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from ..models import AidLine, AidType, Assessment, AssessmentPerson, Disbursement, FundingSource, HouseDamage
from ..selectors import COUNTED, DECIDED, area_list_for_user, assessment_list_for_user

HOUSE_AID = (AidType.HOUSE_LOST, AidType.RELOCATION, AidType.HOUSE_DAMAGED)
HURT_AID = (AidType.INJURED, AidType.DEATH)
RICE_AID = (AidType.RICE_TET, AidType.RICE_DISASTER)
AID_KIND = {**dict.fromkeys(HOUSE_AID, "house"), **dict.fromkeys(HURT_AID, "hurt"), **dict.fromkeys(RICE_AID, "rice")}
SOURCES = [value for value, _label in FundingSource.choices]
NO_VILLAGE = "(Chưa ghi thôn/ấp)"


@dataclass
class Paid:
    """Money handed out by funding source, and rice (kg) handed out."""

    by_source: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SOURCES, 0))
    rice_kg: Decimal = Decimal(0)

    @property
    def total(self) -> int:
        return sum(self.by_source.values())

    def add(self, source: str, money: int, rice: Decimal) -> None:
        self.by_source[source] += money
        self.rice_kg += rice


@dataclass
class CommuneFigures:
    code: str
    name: str
    households: int = 0
    people: int = 0
    houses_lost: int = 0
    relocated: int = 0
    houses_damaged: int = 0
    injured: int = 0
    dead: int = 0
    missing: int = 0
    rice_kg: Decimal = Decimal(0)  # decided
    decided_amount: int = 0
    paid: Paid = field(default_factory=Paid)

    COUNTS = ("households", "people", "houses_lost", "relocated", "houses_damaged", "injured", "dead", "missing")

    def add(self, other: "CommuneFigures") -> None:
        for name in self.COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.rice_kg += other.rice_kg
        self.decided_amount += other.decided_amount
        for source, money in other.paid.by_source.items():
            self.paid.add(source, money, Decimal(0))
        self.paid.rice_kg += other.paid.rice_kg


@dataclass
class LineRow:
    commune: str
    village: str
    recipient: str
    person: str
    aid_type: str
    quantity: Decimal
    unit: str
    rice_kg: Decimal
    amount: int
    status: str
    basis: str
    paid: Paid


@dataclass
class IncidentFigures:
    communes: list[CommuneFigures]
    total: CommuneFigures
    lines: list[LineRow]


def _counted(incident, user):
    return assessment_list_for_user(user, incident).filter(status__in=COUNTED)


def _labels(choices) -> dict[str, str]:
    """Choice labels in the active language, as `get_FOO_display` gives them (an unknown value stays itself)."""
    return {value: str(label) for value, label in choices}


def _village(village: str, household_village: str | None) -> str:
    """The village typed on the assessment, else the household's village in the registry."""
    if village:
        return village
    return household_village if household_village is not None else NO_VILLAGE


def incident_figures(incident, user) -> IncidentFigures:
    """Per commune of the user's part of `incident` (every affected commune in scope, by code) and a total row."""
    counted = _counted(incident, user)
    rows: dict[int, CommuneFigures] = {
        commune_id: CommuneFigures(code, name)
        for commune_id, code, name in area_list_for_user(user, incident).values_list(
            "commune_id", "commune__code", "commune__name"
        )
    }

    def row(commune_id, code="", name=""):
        return rows.setdefault(commune_id, CommuneFigures(code, name))

    for values in counted.values("commune_id", "commune__code", "commune__name").annotate(
        households=Count("id", filter=Q(household__isnull=False)),
        people=Sum("members"),
        houses_lost=Count("id", filter=Q(house_damage=HouseDamage.LOST)),
        relocated=Count("id", filter=Q(house_damage=HouseDamage.RELOCATION)),
        houses_damaged=Count("id", filter=Q(house_damage=HouseDamage.SERIOUS)),
    ):
        target = row(values["commune_id"], values["commune__code"], values["commune__name"])
        for name in ("households", "houses_lost", "relocated", "houses_damaged"):
            setattr(target, name, values[name])
        target.people = values["people"] or 0
    harm_field = {"injured": "injured", "dead": "dead", "missing": "missing"}
    for commune_id, harm, n in (
        AssessmentPerson.objects.filter(assessment__in=counted)
        .values_list("assessment__commune_id", "harm")
        .annotate(n=Count("id"))
        .order_by()
    ):
        setattr(row(commune_id), harm_field[harm], n)
    for commune_id, amount, rice in (
        AidLine.objects.filter(assessment__in=counted.filter(status__in=DECIDED))
        .values_list("assessment__commune_id")
        .annotate(amount=Sum("amount"), rice=Sum("rice_kg"))
        .order_by()
    ):
        target = row(commune_id)
        target.decided_amount, target.rice_kg = amount or 0, rice or Decimal(0)
    for commune_id, source, money, rice in (
        Disbursement.objects.filter(line__assessment__in=counted)
        .values_list("line__assessment__commune_id", "source")
        .annotate(money=Sum("amount"), rice=Sum("rice_kg"))
        .order_by()
    ):
        row(commune_id).paid.add(source, money or 0, rice or Decimal(0))
    communes = sorted(rows.values(), key=lambda r: r.code)
    total = CommuneFigures("", "Tổng cộng")
    for commune in communes:
        total.add(commune)
    return IncidentFigures(communes=communes, total=total, lines=_line_rows(counted))


def _line_rows(counted) -> list[LineRow]:
    paid: dict[int, Paid] = defaultdict(Paid)
    for line_id, source, money, rice in (
        Disbursement.objects.filter(line__assessment__in=counted)
        .values_list("line_id", "source")
        .annotate(money=Sum("amount"), rice=Sum("rice_kg"))
        .order_by()
    ):
        paid[line_id].add(source, money or 0, rice or Decimal(0))
    aid_types, statuses = _labels(AidType.choices), _labels(Assessment.Status.choices)
    lines = (
        AidLine.objects.filter(assessment__in=counted)
        .order_by("assessment__commune__code", "assessment__village", "assessment_id", "id")
        .values_list(
            "id",
            "assessment__commune__name",
            "assessment__village",
            "assessment__household__village__name",
            "assessment__organisation_name",
            "assessment__household__head_name",
            "person__full_name",
            "aid_type",
            "quantity",
            "unit",
            "rice_kg",
            "amount",
            "assessment__status",
            "basis",
        )
    )
    return [
        LineRow(
            commune=commune,
            village=_village(village, household_village),
            # As `str(assessment)`: the organisation that buried someone, else the head of the household.
            recipient=organisation or str(head_name),
            person=person or "",
            aid_type=aid_types.get(aid_type, aid_type),
            quantity=quantity,
            unit=unit,
            rice_kg=rice_kg,
            amount=amount,
            status=statuses.get(status, status),
            basis=basis,
            paid=paid.get(line_id) or Paid(),
        )
        for (
            line_id,
            commune,
            village,
            household_village,
            organisation,
            head_name,
            person,
            aid_type,
            quantity,
            unit,
            rice_kg,
            amount,
            status,
            basis,
        ) in lines.iterator(chunk_size=5000)
    ]


# --- Village lists (forms 5a/5b) -----------------------------------------------------------------------------


@dataclass
class VillageRow:
    household: str
    poverty: str
    members: int
    house_damage: str
    food_short_members: int
    food_months: int
    rice_kg: Decimal
    injured: list[str]
    dead_or_missing: list[str]
    house_amount: int
    hurt_amount: int
    note: str


@dataclass
class VillageGroup:
    commune: str
    village: str
    house_rows: list[VillageRow]  # form 5a
    food_rows: list[VillageRow]  # form 5b


POVERTY_TEXT = {"poor": "Hộ nghèo", "near_poor": "Hộ cận nghèo"}


def _poverty(poverty_status: str, hardship: bool) -> str:
    parts = [POVERTY_TEXT[poverty_status]] if poverty_status in POVERTY_TEXT else []
    if hardship:
        parts.append("Hoàn cảnh khó khăn")
    return ", ".join(parts)


def _hurt_texts(counted) -> dict[int, tuple[list[str], list[str]]]:
    """Per assessment id: the injured (with days of treatment), then the dead or missing, each in entry order."""
    harms = {value: label.lower() for value, label in _labels(AssessmentPerson.Harm.choices).items()}
    people: dict[int, tuple[list[str], list[str]]] = {}
    for assessment_id, full_name, harm, treatment_days in (
        AssessmentPerson.objects.filter(assessment__in=counted)
        .order_by("assessment_id", "id")
        .values_list("assessment_id", "full_name", "harm", "treatment_days")
    ):
        injured, dead_or_missing = people.setdefault(assessment_id, ([], []))
        if harm == AssessmentPerson.Harm.INJURED:
            injured.append(f"{full_name} ({treatment_days or 0} ngày điều trị)")
        else:
            dead_or_missing.append(f"{full_name} ({harms.get(harm, harm.lower())})")
    return people


def _aid_sums(counted) -> dict[int, dict[str, Decimal]]:
    """Per assessment id: the money proposed for the house and for people hurt, and the rice (kg)."""
    sums: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for assessment_id, aid_type, amount, rice in (
        AidLine.objects.filter(assessment__in=counted, aid_type__in=AID_KIND)
        .values_list("assessment_id", "aid_type")
        .annotate(amount=Sum("amount"), rice=Sum("rice_kg"))
        .order_by()
    ):
        kind = AID_KIND[aid_type]
        sums[assessment_id][kind] += rice if kind == "rice" else Decimal(amount or 0)
    return sums


def village_groups(incident, user, *, commune=None) -> list[VillageGroup]:
    """Households of the user's part of `incident` (one commune if given), by commune code then village name:
    5a those whose house was lost, relocated or seriously damaged; 5b those short of food or with someone hurt.
    Burial by an organisation (Art. 14.2) has no household and is on neither form."""
    counted = _counted(incident, user).filter(household__isnull=False)
    if commune is not None:
        counted = counted.filter(commune=commune)
    people, sums = _hurt_texts(counted), _aid_sums(counted)
    no_aid = dict.fromkeys(("rice", "house", "hurt"), Decimal(0))
    assessments = (
        counted.order_by("commune__code", "village", "household__head_name", "id")
        .values_list(
            "id",
            "commune__code",
            "commune__name",
            "village",
            "household__village__name",
            "household__head_name",
            "poverty_status",
            "hardship",
            "members",
            "house_damage",
            "food_short_members",
            "food_months",
            "note",
        )
        .iterator(chunk_size=5000)
    )
    groups: dict[tuple[str, str], VillageGroup] = {}
    for (
        assessment_id,
        code,
        commune_name,
        village,
        household_village,
        head_name,
        poverty_status,
        hardship,
        members,
        house_damage,
        food_short_members,
        food_months,
        note,
    ) in assessments:
        injured, dead_or_missing = people.get(assessment_id) or ([], [])
        money = sums.get(assessment_id, no_aid)
        row = VillageRow(
            household=str(head_name),
            poverty=_poverty(poverty_status, hardship),
            members=members,
            house_damage=house_damage,
            food_short_members=food_short_members,
            food_months=food_months,
            rice_kg=money["rice"],
            injured=injured,
            dead_or_missing=dead_or_missing,
            house_amount=int(money["house"]),
            hurt_amount=int(money["hurt"]),
            note=note,
        )
        key = (code, _village(village, household_village))
        group = groups.setdefault(key, VillageGroup(commune_name, key[1], [], []))
        if house_damage != HouseDamage.NONE:
            group.house_rows.append(row)
        if food_short_members or injured or dead_or_missing:
            group.food_rows.append(row)
    return [groups[key] for key in sorted(groups)]
