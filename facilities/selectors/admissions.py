"""Reads of admission cases (form 07), scoped to the user (accounts.jurisdiction).

Communes see the cases they opened, a district those of its communes, the province all of its own; facility staff
see the cases placed in their facility. Outside the scope a case answers 404.
"""

from django.db.models import Q, QuerySet

from accounts.jurisdiction import active_assignment, get_or_404, scope
from accounts.models import Role

from .. import workflow
from ..models import AdmissionCase, Facility

Status = AdmissionCase.Status
OPEN = (
    Status.DRAFT,
    Status.SUBMITTED,
    Status.POSTED,
    Status.FORWARDED,
    Status.APPRAISED,
    Status.SENT_TO_PROVINCE,
    Status.PLACED,
    Status.RETURNED,
)


def _base() -> QuerySet:
    return AdmissionCase.objects.select_related(
        "person", "commune__parent", "commune__province", "facility", "category"
    )


def admission_list_for_user(user, *, status: str = "", search: str = "") -> QuerySet:
    queryset = scope(_base(), user, facility_field="facility")
    if status == "open":
        queryset = queryset.filter(status__in=OPEN)
    elif status:
        queryset = queryset.filter(status=status)
    if search.strip():
        queryset = queryset.filter(person__full_name__icontains=search.strip())
    return queryset.order_by("-received_on", "-id")


def admission_get_for_user(user, pk: int) -> AdmissionCase:
    return get_or_404(_base(), user, facility_field="facility", pk=pk)


def open_case_of(person) -> AdmissionCase | None:
    """A case of `person` still in progress (one at a time)."""
    return AdmissionCase.objects.filter(person=person, status__in=OPEN).first()


def admissions_awaiting(user) -> QuerySet:
    """Cases whose next step the user's working role takes, inside their scope ("chờ tôi xử lý")."""
    assignment = active_assignment(user)
    if assignment is None:
        return AdmissionCase.objects.none()
    waiting = Q(pk__in=[])
    for flow in (workflow.THREE_LEVEL, workflow.TWO_LEVEL):
        statuses = {s for step in workflow.steps(flow) if assignment.role in step.roles for s in step.sources}
        if assignment.role != Role.COMMUNE_OFFICER:
            statuses -= {Status.DRAFT, Status.RETURNED}
        waiting |= Q(flow=flow, status__in=statuses)
    return admission_list_for_user(user).filter(waiting)


def placeable_facilities(case: AdmissionCase, role: str) -> QuerySet:
    """The active facilities the deciding `role` manages and may place the person of `case` in (Art. 28.1)."""
    level = workflow.placing_level(case.flow, role)
    if level is None:
        return Facility.objects.none()
    commune = case.commune
    where = {
        "district": Q(unit__parent_id=commune.parent_id) | Q(unit_id=commune.parent_id),
        "commune": Q(unit_id=commune.pk),
        "province": Q(unit__province_id=commune.province_id),
    }[level]
    return Facility.objects.filter(where, active=True, managing_level=level).order_by("name")
