"""Demo residents of the provincial general centre (issue 6). Idempotent: returns how many rows were new.

Chosen among the demo commune's synthetic people (the oldest and the youngest without a stay), so the population
stays as `load_demo_data --people N` made it: two regular residents admitted last year, one child admitted in an
emergency three days ago (the file is still due), one voluntary resident under a contract, one resident who left last
month, and one admission case posted at the demo commune, still in progress. Present stays go through the services
(deadlines, suspension of the monthly allowance); past ones are written as the services would have left them.
Runs once: a centre that already has residents, or a commune with a case, is left alone.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from beneficiaries.models import Person
from facilities.models import AdmissionCase, CareGroup, Facility, FacilityEvent, Resident
from facilities.services.admissions import admission_open, admission_post, admission_submit
from facilities.services.residents import resident_admit, suspend_allowances
from policy.rules import add_months, first_of_month

from .places import GENERAL_CENTRE, DemoPlaces


def _actor(username: str) -> User | None:
    user = User.objects.filter(username=username).first()
    if user is not None:
        user.active_assignment = user.assignments.select_related("unit", "facility").first()
    return user


def _candidates(places: DemoPlaces, today: date) -> tuple[list[Person], list[Person]]:
    """(elderly, children) of the demo commune, alive and never in a facility, in a stable order."""
    people = Person.objects.filter(commune=places.commune, death_date__isnull=True, residencies__isnull=True)
    elderly = list(people.filter(birth_date__lte=date(today.year - 65, 1, 1)).order_by("birth_date", "id")[:2])
    # Born at least two years ago, so last year's admissions come after the birth.
    children = people.filter(birth_date__gte=date(today.year - 14, 1, 1), birth_date__lte=date(today.year - 2, 1, 1))
    children = list(children.order_by("-birth_date", "id")[:4])
    return elderly, children


def _past_stay(centre, person, places, staff, group, *, admitted_on, left_on=None) -> None:
    """A stay from before the demo, written as admission_admit / discharge_decide leave it."""
    resident = Resident.objects.create(
        facility=centre, person=person, path=Resident.Path.REGULAR, care_group=group,
        home_commune=places.commune, admitted_on=admitted_on, admission_decision_number="112/QĐ-SLĐTBXH",
        admission_decision_date=admitted_on, created_by=staff,
        discharge_reason=Resident.DischargeReason.OWN_REQUEST if left_on else "",
        discharge_proposed_on=left_on, discharged_on=left_on, handover_commune=places.commune if left_on else None,
        discharge_decision_number="31/QĐ-TTBT" if left_on else "",
    )  # fmt: skip
    FacilityEvent.objects.create(resident=resident, action="admit", to_status="in", actor=staff)
    if not left_on:
        suspend_allowances(resident, staff)  # no double payment, as on admission
    else:
        FacilityEvent.objects.create(resident=resident, action="discharge", from_status="in", to_status="out",
                                     actor=staff, note="Theo nguyện vọng của gia đình")  # fmt: skip


@transaction.atomic
def facilities_demo_ensure(places: DemoPlaces) -> int:
    centre = Facility.objects.filter(name=GENERAL_CENTRE).first()
    staff, officer, leader = _actor("canbo.coso"), _actor("canbo.xa"), _actor("lanhdao.xa")
    if centre is None or None in (staff, officer, leader) or Resident.objects.filter(facility=centre).exists():
        return 0
    today = timezone.localdate()
    elderly, children = _candidates(places, today)
    if len(elderly) < 2 or len(children) < 4:
        return 0
    last_year = date(today.year - 1, 3, 2)
    _past_stay(centre, elderly[0], places, staff, CareGroup.ELDERLY, admitted_on=last_year)
    _past_stay(centre, children[3], places, staff, CareGroup.CHILDREN, admitted_on=last_year)
    left_on = add_months(first_of_month(today), -1).replace(day=10)
    _past_stay(centre, children[2], places, staff, CareGroup.CHILDREN, admitted_on=last_year, left_on=left_on)
    recent = date.fromordinal(today.toordinal() - 3)
    # The youngest child arrives in an emergency (found abandoned); the file is due in 10 working days.
    resident_admit(actor=staff, facility=centre, person=children[0], path=Resident.Path.EMERGENCY,
                   care_group=CareGroup.CHILDREN, admitted_on=recent, abandoned_child=True,
                   confirm_over_capacity=True)  # fmt: skip
    resident_admit(actor=staff, facility=centre, person=elderly[1], path=Resident.Path.CONTRACT,
                   care_group=CareGroup.ELDERLY, admitted_on=recent, contract_number="08/HĐDV",
                   contract_end_on=date(today.year + 1, 12, 31), monthly_fee=4_500_000,
                   confirm_over_capacity=True)  # fmt: skip
    created = 5
    if not AdmissionCase.objects.filter(commune=places.commune).exists():
        case = admission_open(actor=officer, person=children[1], care_group=CareGroup.CHILDREN,
                              reason="Mẹ mất, cha đang chấp hành án phạt tù; ông bà đã già yếu không nuôi được.",
                              received_on=recent, applicant_name="Ông nội của cháu")  # fmt: skip
        admission_submit(actor=officer, case=case, today=recent)
        admission_post(actor=leader, case=case, today=today)
        created += 1
    return created
