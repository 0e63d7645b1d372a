"""A small province with hand-counted dashboard figures, shared by the dashboard's page and browser tests.

Meant for today = 23/11/2026 (the tests monkeypatch `timezone.localdate`): see tests/reports/test_dashboard.py
for every figure it gives to each role.
"""

from datetime import date

from beneficiaries.models import EndReason
from beneficiaries.services.entitlements import entitlement_end
from dossiers.models import Dossier
from emergency.models import Assessment, Incident, IncidentArea
from facilities.models import NurturingRoll, Resident
from payments.models import PaymentRoll
from tests import factories as f
from tests.payments.conftest import granted, person_in

TODAY = date(2026, 11, 23)
S = PaymentRoll.Status


def roll(commune, month, status, lines, total, account_lines=0, account_total=0) -> PaymentRoll:
    return PaymentRoll.objects.create(
        commune=commune, month=month, status=status, lines_count=lines, total=total, monthly_total=total,
        account_lines=account_lines, account_total=account_total,
    )  # fmt: skip


def dossier(world, commune, status, due_on=None) -> Dossier:
    return Dossier.objects.create(
        kind=Dossier.Kind.MONTHLY, flow=Dossier.Flow.THREE_LEVEL, status=status, person=person_in(commune),
        commune=commune, received_on=date(2026, 11, 2), due_on=due_on, created_by=world.user("officer_a"),
    )  # fmt: skip


def build_province(world):
    """People, rolls, dossiers, incidents and residents with hand-counted figures (see test_dashboard.py)."""
    a, b, c = world.commune_a, world.commune_b, world.commune_c
    start = date(2026, 1, 1)
    for name in ("Lê Thị Ba", "Lê Văn Hai"):
        granted(world, person_in(a, full_name=name), "5.5.a", start)
    granted(world, person_in(a, birth_date=date(2020, 7, 20)), "5.1.b", start)
    disabled = person_in(a, birth_date=date(1990, 1, 1))
    granted(world, disabled, "5.6", start, disability_level="especially_severe")
    granted(world, person_in(a, birth_date=date(1965, 3, 3)), "20.4", start, subject=disabled)
    granted(world, person_in(a, birth_date=date(1985, 2, 2), hiv_positive=True, poverty="poor"), "5.8", start)
    ended = granted(world, person_in(a), "5.5.a", start)
    entitlement_end(entitlement=ended, last_month=date(2026, 9, 1), reason=EndReason.REFUSED, actor=None)
    granted(world, person_in(a), "5.5.a", date(2027, 1, 1))  # decided, pays from next year: not yet on allowance
    granted(world, person_in(b), "5.5.a", start)
    granted(world, person_in(c), "5.5.a", start)
    granted(world, person_in(world.commune_2a), "5.5.a", start)

    roll(a, date(2025, 11, 1), S.CLOSED, 5, 2_500_000)  # before the window
    roll(a, date(2025, 12, 1), S.APPROVED, 5, 2_400_000)
    roll(a, date(2026, 10, 1), S.APPROVED, 5, 3_000_000, 2, 1_400_000)
    roll(a, date(2026, 11, 1), S.PAID, 5, 3_100_000, 3, 2_000_000)
    roll(b, date(2026, 11, 1), S.APPROVED, 4, 2_000_000, 1, 500_000)
    roll(c, date(2026, 11, 1), S.SUBMITTED, 2, 1_000_000)
    roll(a, date(2026, 12, 1), S.DRAFT, 5, 3_200_000)
    roll(world.commune_2a, date(2026, 11, 1), S.APPROVED, 1, 540_000, 1, 540_000)

    D = Dossier.Status
    dossier(world, a, D.DRAFT)
    dossier(world, a, D.SUBMITTED, date(2026, 11, 30))
    dossier(world, a, D.SUBMITTED, date(2026, 11, 20))  # overdue
    dossier(world, a, D.POSTED, date(2026, 11, 10))  # overdue
    dossier(world, a, D.APPROVED, date(2026, 11, 1))  # decided: not in progress
    dossier(world, b, D.FORWARDED, date(2026, 11, 25))
    dossier(world, c, D.APPRAISED, date(2026, 11, 1))  # overdue

    officer = world.user("officer_a")
    flood = Incident.objects.create(
        name="Lũ tháng 11", kind=Incident.Kind.FLOOD, occurred_on=date(2026, 11, 5), unit=a, province=world.province,
        created_by=officer,
    )  # fmt: skip
    IncidentArea.objects.create(incident=flood, commune=a)
    storm = Incident.objects.create(
        name="Bão số 9", kind=Incident.Kind.STORM, occurred_on=date(2026, 11, 12), unit=world.province,
        province=world.province, created_by=officer,
    )  # fmt: skip
    IncidentArea.objects.create(incident=storm, commune=b)
    fire = Incident.objects.create(
        name="Cháy chợ", kind=Incident.Kind.FIRE, occurred_on=date(2026, 10, 1), unit=c, province=world.province,
        status=Incident.Status.CLOSED, created_by=officer,
    )  # fmt: skip
    for status, due in [(Assessment.Status.PROPOSED, date(2026, 11, 20)), (Assessment.Status.REVIEWED, TODAY)]:
        Assessment.objects.create(
            incident=flood, commune=a, organisation_name="Hộ ông Tư", status=status, due_on=due, created_by=officer
        )
    Assessment.objects.create(incident=fire, commune=c, organisation_name="Hộ bà Năm", status=Assessment.Status.DRAFT,
                              created_by=officer)  # fmt: skip

    home = world.facility
    home.capacity, home.capacity_elderly, home.capacity_children = 100, 60, 40
    home.save()
    other = f.FacilityFactory(name="Cơ sở Lấp Vò", unit=c, capacity=10)
    for facility, group, discharged in [
        (home, "elderly", None), (home, "elderly", None), (home, "children", None),
        (home, "children", date(2026, 10, 31)), (other, "elderly", None),
    ]:  # fmt: skip
        Resident.objects.create(
            facility=facility, person=person_in(facility.unit), path=Resident.Path.REGULAR, care_group=group,
            home_commune=facility.unit, admitted_on=date(2026, 1, 5), discharged_on=discharged, created_by=officer,
        )  # fmt: skip
    NurturingRoll.objects.create(facility=home, month=date(2026, 10, 1), status="approved", people=4, total=9_800_000)
    NurturingRoll.objects.create(facility=home, month=date(2026, 11, 1), status="draft", people=3, total=7_500_000)
    return world
