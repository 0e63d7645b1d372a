"""A small hand-built world for the 10b, residents and workbook-sheet tests; expected figures are worked out by hand
in the comments and written as literals in the tests.

Period 01/01/2026–30/06/2026, closing date 10/07/2026, standard level 500.000 ₫.

Emergency — storm «Bão số 1» on 15/03/2026 in commune A and commune B (same district), all three approved:
| household    | commune | members | food short | house      | harm      | lines approved (₫, kg)                     |
| Lê Văn Ba    | A       | 4       | 4 × 3 mo.  | lost       | 1 dead    | house 40.000.000, death 25.000.000, 180 kg |
| Trần Thị Tư  | A       | 3       | 3 × 1 mo.  | serious    | 1 injured | house 20.000.000, injured 5.000.000, 45 kg |
| Phạm Văn Năm | B       | 5       | 0          | relocation | 1 missing | relocation 30.000.000, death 25.000.000    |
Approved 145.000.000 ₫ and 225 kg. Disbursed as of the closing date (paid in the period, recorded by 10/07):
province 30.000.000 + 25.000.000 + 5.000.000 (A) + 30.000.000 (B) = 90.000.000; community 10.000.000 + 20.000.000
(A) = 30.000.000; central reserve rice 180 + 45 = 225 kg (0,225 t). Total 120.000.000, community share 25 %.
Left out: B's death money 25.000.000 paid 30/06 but recorded 15/07 (after the closing date); A's 1.000.000 paid
in July.

Facilities — ages at 30/06/2026:
| facility (capacity)        | resident       | sex | born       | age | group      | stay                         |
| Centre (100, public)       | Nguyễn Thị Một | F   | 10/08/1940 | 85  | elderly    | 2024 →                       |
|                            | Hồ Văn Hai     | M   | 01/07/1966 | 59  | general    | 2025 →                       |
|                            | Đỗ Văn Ba      | M   | 30/06/2022 | 4   | children   | 10/02/2026 emergency →       |
|                            | Vũ Thị Bốn     | F   | 15/01/1960 | 66  | disability | 2023 → 20/04/2026 own request |
| Hoa Hồng (20, non-public)  | Lý Thị Năm     | F   | 01/03/2023 | 3   | children   | 2025 →                       |
|                            | Mai Văn Sáu    | M   | 09/09/2010 | 15  | children   | 2024 →                       |
Centre: 3 residents (1 elderly, 1 general, 1 children; 80+ 1, 16–59 1, 4–15 1; F 1, M 2), 3 % occupancy, 1
emergency admission, 1 discharge on own request. Home: 2 (children 2; under 4 1, 4–15 1; F 1, M 1), 10 %.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from io import BytesIO

from django.utils import timezone
from openpyxl import load_workbook

from emergency.models import (
    AidLine,
    Assessment,
    AssessmentEvent,
    AssessmentPerson,
    Disbursement,
    FundingSource,
    HouseDamage,
    Incident,
    IncidentArea,
)
from facilities.models import CareGroup, Facility, FacilityEvent, Resident
from reports.builders import BUILDERS
from reports.models import ReportRequest
from tests import factories as f

PERIOD = (date(2026, 1, 1), date(2026, 6, 30))
AS_OF = date(2026, 7, 10)


def at(day: date):
    """Noon of `day`, local time: when a row was recorded."""
    return timezone.make_aware(datetime.combine(day, time(12)))


@dataclass
class EmergencyWorld:
    incident: Incident
    late_disbursement: Disbursement


@dataclass
class FacilityWorld:
    centre: Facility
    home: Facility


def build_emergency(world) -> EmergencyWorld:
    officer = world.user("officer_a")
    incident = Incident.objects.create(
        name="Bão số 1",
        kind=Incident.Kind.STORM,
        occurred_on=date(2026, 3, 15),
        unit=world.commune_a,
        province=world.province,
        created_by=officer,
    )
    Incident.objects.filter(pk=incident.pk).update(created_at=at(date(2026, 3, 15)))
    for commune in (world.commune_a, world.commune_b):
        IncidentArea.objects.create(incident=incident, commune=commune, villages="Ấp 1")
    province, community, central = FundingSource.PROVINCE, FundingSource.COMMUNITY, FundingSource.CENTRAL
    ba = assess(
        incident,
        world.commune_a,
        "Lê Văn Ba",
        members=4,
        food=(4, 3),
        house=HouseDamage.LOST,
        decided=date(2026, 3, 20),
    )
    _harm(ba, "Lê Thị Bé", AssessmentPerson.Harm.DEAD)
    house_pays = [(province, 30_000_000, date(2026, 3, 25)), (community, 10_000_000, None)]
    aid_line(ba, "house_lost", 40_000_000, pays=house_pays)
    aid_line(ba, "death", 25_000_000, pays=[(province, 25_000_000, date(2026, 3, 25))])
    aid_line(ba, "rice_disaster", 0, rice=180, pays=[(central, 0, date(2026, 3, 21))])
    tu = assess(
        incident,
        world.commune_a,
        "Trần Thị Tư",
        members=3,
        food=(3, 1),
        house=HouseDamage.SERIOUS,
        decided=date(2026, 3, 22),
    )
    _harm(tu, "Trần Văn Út", AssessmentPerson.Harm.INJURED)
    aid_line(tu, "house_damaged", 20_000_000, pays=[(community, 20_000_000, date(2026, 3, 28))])
    injured = aid_line(tu, "injured", 5_000_000, pays=[(province, 5_000_000, date(2026, 4, 2))])
    aid_line(tu, "rice_disaster", 0, rice=45, pays=[(central, 0, date(2026, 3, 23))])
    # Paid in July: outside the period whatever the closing date.
    _pay(injured, province, 1_000_000, date(2026, 7, 3))
    nam = assess(
        incident,
        world.commune_b,
        "Phạm Văn Năm",
        members=5,
        food=(0, 0),
        house=HouseDamage.RELOCATION,
        decided=date(2026, 3, 25),
    )
    _harm(nam, "Phạm Văn Sáu", AssessmentPerson.Harm.MISSING)
    aid_line(nam, "relocation", 30_000_000, pays=[(province, 30_000_000, date(2026, 3, 30))])
    death = aid_line(nam, "death", 25_000_000, pays=[])
    late = _pay(death, province, 25_000_000, date(2026, 6, 30), recorded=date(2026, 7, 15))
    return EmergencyWorld(incident, late)


def assess(incident, commune, head, *, members, food, house, decided) -> Assessment:
    household = f.HouseholdFactory(head_name=head, commune=commune)
    assessment = Assessment.objects.create(
        incident=incident,
        commune=commune,
        household=household,
        members=members,
        food_short_members=food[0],
        food_months=food[1],
        house_damage=house,
        poverty_status="poor",
        status=Assessment.Status.APPROVED,
        decided_on=decided,
        decision_number=f"QĐ-{head}",
        created_by=incident.created_by,
    )
    Assessment.objects.filter(pk=assessment.pk).update(created_at=at(incident.occurred_on))
    event = AssessmentEvent.objects.create(
        assessment=assessment, action="decide", from_status="reviewed", to_status="approved"
    )
    AssessmentEvent.objects.filter(pk=event.pk).update(at=at(decided))
    return assessment


def _harm(assessment, name, harm) -> None:
    AssessmentPerson.objects.create(assessment=assessment, full_name=name, harm=harm, treatment_days=5)


def aid_line(assessment, aid_type, amount, *, rice=0, pays) -> AidLine:
    line = AidLine.objects.create(
        assessment=assessment,
        aid_type=aid_type,
        amount=amount,
        minimum_amount=amount,
        rice_kg=Decimal(rice),
        basis="Nghị định 20/2021/NĐ-CP",
    )
    for source, money, paid_on in pays:
        _pay(line, source, money, paid_on or date(2026, 3, 26), rice=rice)
    return line


def _pay(line, source, amount, paid_on, *, rice=0, recorded=None) -> Disbursement:
    row = Disbursement.objects.create(
        line=line,
        source=source,
        method=Disbursement.Method.IN_KIND if rice else Disbursement.Method.CASH,
        amount=amount,
        rice_kg=Decimal(rice),
        paid_on=paid_on,
        recipient_name=str(line.assessment),
        recipient_signed=True,
        recorded_by=line.assessment.created_by,
    )
    Disbursement.objects.filter(pk=row.pk).update(recorded_at=at(recorded or paid_on))
    return row


def build_facilities(world) -> FacilityWorld:
    centre = world.facility
    Facility.objects.filter(pk=centre.pk).update(
        capacity=100, capacity_elderly=40, capacity_children=30, capacity_disability=20, capacity_general=10
    )
    centre.refresh_from_db()
    home = f.FacilityFactory(
        name="Mái ấm Hoa Hồng",
        ownership=Facility.Ownership.NON_PUBLIC,
        managing_level=Facility.ManagingLevel.PROVINCE,
        unit=world.commune_c,
        capacity=20,
        capacity_children=20,
    )
    resident(world, centre, "Nguyễn Thị Một", "F", date(1940, 8, 10), CareGroup.ELDERLY, date(2024, 5, 1))
    resident(world, centre, "Hồ Văn Hai", "M", date(1966, 7, 1), CareGroup.GENERAL, date(2025, 9, 1))
    resident(
        world,
        centre,
        "Đỗ Văn Ba",
        "M",
        date(2022, 6, 30),
        CareGroup.CHILDREN,
        date(2026, 2, 10),
        path=Resident.Path.EMERGENCY,
    )
    bon = resident(world, centre, "Vũ Thị Bốn", "F", date(1960, 1, 15), CareGroup.DISABILITY, date(2023, 3, 1))
    discharge(bon, date(2026, 4, 20), Resident.DischargeReason.OWN_REQUEST)
    resident(world, home, "Lý Thị Năm", "F", date(2023, 3, 1), CareGroup.CHILDREN, date(2025, 11, 1))
    resident(world, home, "Mai Văn Sáu", "M", date(2010, 9, 9), CareGroup.CHILDREN, date(2024, 8, 1))
    return FacilityWorld(centre, home)


def resident(world, facility, name, sex, born, group, admitted, *, path=Resident.Path.REGULAR) -> Resident:
    person = f.PersonFactory(full_name=name, sex=sex, birth_date=born, commune=world.commune_a)
    stay = Resident.objects.create(
        facility=facility,
        person=person,
        path=path,
        care_group=group,
        home_commune=world.commune_a,
        admitted_on=admitted,
        created_by=world.user("facility_staff"),
    )
    Resident.objects.filter(pk=stay.pk).update(created_at=at(admitted))
    return stay


def discharge(stay, day, reason, *, recorded=None) -> None:
    Resident.objects.filter(pk=stay.pk).update(discharged_on=day, discharge_reason=reason)
    event = FacilityEvent.objects.create(resident=stay, action="discharge", note=reason)
    FacilityEvent.objects.filter(pk=event.pk).update(at=at(recorded or day))


def build_report(form: str, unit, *, as_of=AS_OF, period=PERIOD, job=None):
    """Run the registered builder for `form` as the Celery job would, and open the file with openpyxl."""
    out = BytesIO()
    request = ReportRequest(form=form, unit=unit, period_start=period[0], period_end=period[1], as_of=as_of, job=job)
    result = BUILDERS[form](out, request=request, progress=lambda percent, message: None)
    out.seek(0)
    return load_workbook(out), result
