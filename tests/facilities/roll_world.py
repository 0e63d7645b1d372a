"""Residents made straight with the ORM for the registry and roll tests (F1's admission services are tested on
their own), and the January 2025 roll world whose amounts the tests compute by hand."""

from dataclasses import dataclass
from datetime import date

from accounts.models import Role
from accounts.services import assignment_grant
from facilities.models import CareGroup, Resident
from tests import factories as f

JAN = date(2025, 1, 1)


def resident(world, name, *, facility=None, birth_date=date(1950, 5, 17), care_group=CareGroup.ELDERLY, **fields):
    person = f.PersonFactory(full_name=name, birth_date=birth_date, commune=world.commune_a)
    fields.setdefault("admitted_on", date(2024, 1, 1))
    fields.setdefault("path", Resident.Path.REGULAR)
    return Resident.objects.create(
        facility=facility or world.facility,
        person=person,
        care_group=care_group,
        home_commune=world.commune_a,
        created_by=world.user("province_officer"),
        **fields,
    )


def staff(world, username, facility=None):
    """Another facility staff member (the checker who approves what a colleague prepared)."""
    user = f.UserFactory(username=username)
    user.active_assignment = assignment_grant(
        user=user, role=Role.FACILITY_STAFF, unit=world.commune_a, actor=None, facility=facility or world.facility
    )
    return user


@dataclass
class JanuaryResidents:
    elderly: Resident  # in residence all month: 4,0 × 500.000 = 2.000.000
    child: Resident  # under 4, admitted 20/01: 2.500.000 × 12/31 = 967.742
    died: Resident  # died 15/01: 2.000.000 × 15/31 = 967.742, funeral 25.000.000
    left: Resident  # left 10/12/2024, supported to 06/2025: 2.000.000 after leaving
    newcomer: Resident  # admitted 10/01, commune allowance paid January: 0
    contract: Resident  # voluntary, pays a fee: no line
    gone: Resident  # left 10/11/2024 without support: no line


def january_residents(world) -> JanuaryResidents:
    elderly = resident(world, "Lê Thị Hoa", birth_date=date(1950, 1, 1))
    elderly.person.birth_year_only = True
    elderly.person.id_number = "087150000001"
    elderly.person.save()
    return JanuaryResidents(
        elderly=elderly,
        child=resident(
            world,
            "Nguyễn Bé Na",
            birth_date=date(2023, 5, 5),
            care_group=CareGroup.CHILDREN,
            admitted_on=date(2025, 1, 20),
            path=Resident.Path.EMERGENCY,
        ),
        died=resident(
            world,
            "Phạm Văn Tâm",
            discharged_on=date(2025, 1, 15),
            discharge_reason=Resident.DischargeReason.DEATH,
            funeral_amount=25_000_000,
        ),
        left=resident(
            world,
            "Trần Thị Mai",
            birth_date=date(2012, 3, 3),
            care_group=CareGroup.CHILDREN,
            admitted_on=date(2020, 6, 1),
            discharged_on=date(2024, 12, 10),
            discharge_reason=Resident.DischargeReason.ADOPTED,
            support_until=date(2025, 6, 1),
        ),
        newcomer=resident(world, "Võ Văn Bình", admitted_on=date(2025, 1, 10), allowance_paid_until=date(2025, 1, 1)),
        contract=resident(
            world, "Hồ Văn Khách", path=Resident.Path.CONTRACT, contract_number="HĐ-01", monthly_fee=3_000_000
        ),
        gone=resident(
            world,
            "Mai Văn Cũ",
            discharged_on=date(2024, 11, 10),
            discharge_reason=Resident.DischargeReason.OWN_REQUEST,
        ),
    )
