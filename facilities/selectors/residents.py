"""Reads of residents, scoped to the user, and the reminders of a facility's work (Art. 28.2, 30).

Facility staff see only their facility's residents. A commune sees the residents who came from it (their home
commune). A district or province user — and an auditor there — sees residents from its communes and residents of
the facilities located in its unit. Outside the scope a resident answers 404.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.jurisdiction import active_assignment, commune_q
from accounts.models import Role
from locations.models import Level

from .. import resident_rules as rules
from ..models import Resident


def resident_q(user) -> Q:
    assignment = active_assignment(user)
    if assignment is None:
        return Q(pk__in=[])
    if assignment.role == Role.FACILITY_STAFF:
        return Q(facility_id=assignment.facility_id)
    if assignment.unit.level == Level.COMMUNE:
        return commune_q(user, "home_commune")
    return commune_q(user, "home_commune") | commune_q(user, "facility__unit")


def _base() -> QuerySet:
    return Resident.objects.select_related("person", "facility", "category", "home_commune")


def resident_list_for_user(user, *, state: str = "in", facility_id: int | None = None, search: str = "") -> QuerySet:
    """`state`: "in" (living there now), "out" (left), anything else: both."""
    queryset = _base().filter(resident_q(user))
    if state == "in":
        queryset = queryset.filter(discharged_on__isnull=True)
    elif state == "out":
        queryset = queryset.filter(discharged_on__isnull=False)
    if facility_id:
        queryset = queryset.filter(facility_id=facility_id)
    if search.strip():
        queryset = queryset.filter(person__full_name__icontains=search.strip())
    return queryset.order_by("facility__name", "person__full_name", "id")


def resident_get_for_user(user, pk: int) -> Resident:
    try:
        return _base().select_related("handover_commune", "admission_case").filter(resident_q(user)).get(pk=pk)
    except Resident.DoesNotExist as exc:
        raise Http404 from exc


def open_stay(person) -> Resident | None:
    """Where the person lives now, if in a facility (the registry page says so)."""
    return Resident.objects.filter(person=person, discharged_on__isnull=True).select_related("facility").first()


@dataclass
class Turning:
    resident: Resident
    day: date
    age: int


@dataclass
class Reminders:
    files_due: list[Resident] = field(default_factory=list)
    media_due: list[Resident] = field(default_factory=list)
    discharges_due: list[Resident] = field(default_factory=list)
    turning: list[Turning] = field(default_factory=list)
    # Emergency stays near or past 3 months (`Resident.emergency_ends_on` set here: the day they reach it).
    emergency_stays: list[Resident] = field(default_factory=list)

    @property
    def count(self) -> int:
        lists = (self.files_due, self.media_due, self.discharges_due, self.turning, self.emergency_stays)
        return sum(len(items) for items in lists)


# Each list is short (a facility's open work), so the page shows it whole; the cap only guards the province view.
REMINDER_CAP = 200


def reminders_for_user(user, today: date) -> Reminders:
    """Open work, earliest due first: emergency files and media notices until done, discharges until decided,
    children whose 16th (22nd if studying) birthday falls in the next 2 months — or passed in the last 12 with the
    child still there — and emergency stays from 10 days before their 3 months, both with no discharge proposed."""
    living = _base().filter(resident_q(user), discharged_on__isnull=True)
    reminders = Reminders(
        files_due=list(
            living.filter(file_due_on__isnull=False, file_completed_on__isnull=True).order_by("file_due_on")[
                :REMINDER_CAP
            ]
        ),
        media_due=list(
            living.filter(media_notice_due_on__isnull=False, media_notice_on__isnull=True).order_by(
                "media_notice_due_on"
            )[:REMINDER_CAP]
        ),
        discharges_due=list(
            living.filter(discharge_proposed_on__isnull=False).order_by("discharge_due_on")[:REMINDER_CAP]
        ),
    )
    not_proposed = living.filter(discharge_proposed_on__isnull=True)
    for age, studying in ((rules.AGE_OUT, False), (rules.STUDY_AGE_OUT, True)):
        earliest, latest = rules.birth_window(today, age)
        rows = not_proposed.filter(studying=studying, person__birth_date__gte=earliest, person__birth_date__lte=latest)
        reminders.turning += [
            Turning(row, rules.age_out_day(row.person.birth_date, studying=studying), age) for row in rows
        ]
    reminders.turning.sort(key=lambda item: item.day)
    reminders.emergency_stays = _emergency_stays(not_proposed, today)
    return reminders


def _emergency_stays(not_proposed: QuerySet, today: date) -> list[Resident]:
    """Emergency protection stays (at most 3 months) in their last 10 days or past them, with no discharge proposed
    (a proposal is reminded as such). The database narrows by a coarse admission bound; the rule decides."""
    rows = not_proposed.filter(
        path=Resident.Path.EMERGENCY, admitted_on__lte=rules.emergency_admitted_before(today)
    ).order_by("admitted_on", "id")[:REMINDER_CAP]
    due = [row for row in rows if rules.emergency_stay_due(row.admitted_on, today)]
    for row in due:
        row.emergency_ends_on = rules.emergency_stay_ends(row.admitted_on)
    return due
