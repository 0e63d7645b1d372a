"""Writes for admission cases (Decree 20/2021 Art. 27–28.1, form 07): open at the commune, then each workflow step
up to the placing decision. The facility's admission of a placed case is `residents.admission_admit`.

A step is one function call: the step must exist for the case's flow and status (facilities.workflow), the actor's
working role must be one the step allows at the case's commune (its district, its province), maker ≠ checker, then
a compare-and-set on status + version and a `FacilityEvent` with the next deadline, in one transaction.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.jurisdiction import active_assignment
from dossiers.services import flow_for

from .. import workflow
from ..models import AdmissionCase, CareGroup, Facility, FacilityEvent, Resident
from ..selectors.admissions import open_case_of, placeable_facilities
from .resident_common import calendar_of, cas_update, check_day, event, today_or

Status = AdmissionCase.Status


def refuse_unavailable(person, field: str = "person") -> None:
    """A dead person, or one already living in a facility, cannot be admitted."""
    if person.death_date is not None:
        raise ValidationError({field: f"Đối tượng đã mất ngày {person.death_date:%d/%m/%Y}; không thể tiếp nhận."})
    stay = Resident.objects.filter(person=person, discharged_on__isnull=True).select_related("facility").first()
    if stay is not None:
        raise ValidationError(
            {field: f"Đối tượng đang sống tại {stay.facility.name} từ ngày {stay.admitted_on:%d/%m/%Y}."}
        )


@transaction.atomic
def admission_open(
    *,
    actor,
    person,
    care_group: str,
    reason: str,
    received_on: date | None = None,
    category=None,
    applicant_name: str = "",
) -> AdmissionCase:
    """A draft case at the person's commune; the flow is fixed by the deciding level on the day received."""
    assignment = active_assignment(actor)
    if assignment is None or assignment.role != workflow.COMMUNE_OFFICER or assignment.unit_id != person.commune_id:
        raise PermissionDenied("Chỉ cán bộ cấp xã nơi đối tượng cư trú được lập hồ sơ đề nghị vào cơ sở.")
    today = timezone.localdate()
    received_on = received_on or today
    check_day(received_on, "received_on", "Ngày tiếp nhận", today=today, not_before=person.birth_date)
    if care_group not in CareGroup.values:
        raise ValidationError({"care_group": "Chọn nhóm đối tượng."})
    if not reason.strip():
        raise ValidationError({"reason": "Hoàn cảnh, lý do đề nghị: vui lòng ghi rõ."})
    refuse_unavailable(person)
    current = open_case_of(person)
    if current is not None:
        raise ValidationError(
            {
                "person": "Đối tượng đã có hồ sơ đề nghị vào cơ sở đang xử lý "
                f"(tiếp nhận {current.received_on:%d/%m/%Y})."
            }
        )
    case = AdmissionCase.objects.create(
        person=person,
        commune=person.commune,
        flow=flow_for(person.commune, received_on),
        care_group=care_group,
        category=category,
        reason=reason.strip(),
        applicant_name=applicant_name.strip(),
        received_on=received_on,
        created_by=actor,
    )
    event(actor=actor, action="open", case=case, to_status=Status.DRAFT)
    return case


def step_of(case: AdmissionCase, action: str) -> workflow.Step:
    step = workflow.step_for(case.flow, action, case.status)
    if step is None:
        raise ValidationError(
            f"Không thể thực hiện bước này khi hồ sơ đang ở trạng thái «{case.get_status_display()}»."
        )
    return step


def _expected_unit(case: AdmissionCase, role: str) -> int | None:
    if role in (workflow.COMMUNE_OFFICER, workflow.COMMUNE_LEADER):
        return case.commune_id
    if role in (workflow.DISTRICT_OFFICER, workflow.DISTRICT_LEADER):
        return case.commune.parent_id
    return case.commune.province_id


def check_actor(actor, case: AdmissionCase, step: workflow.Step) -> str:
    """The working role must be one the step allows, at the case's unit; the maker never checks. Returns the role."""
    assignment = active_assignment(actor)
    if assignment is None or assignment.role not in step.roles:
        raise PermissionDenied(f"Vai trò của bạn không được thực hiện bước «{step.label}».")
    if assignment.role == workflow.FACILITY_STAFF:
        if assignment.facility_id != case.facility_id:
            raise PermissionDenied("Hồ sơ không được quyết định tiếp nhận vào cơ sở của bạn.")
    elif assignment.unit_id != _expected_unit(case, assignment.role):
        raise PermissionDenied("Hồ sơ không thuộc đơn vị của bạn.")
    if step.action not in ("submit", "forward", "return") and actor.pk in _makers(case):
        raise PermissionDenied("Người lập hồ sơ không được tự duyệt hoặc quyết định hồ sơ của mình.")
    return assignment.role


def _makers(case: AdmissionCase) -> set[int]:
    submitters = FacilityEvent.objects.filter(admission_case=case, action="submit").values_list("actor_id", flat=True)
    return {case.created_by_id, *submitters}


def move(case: AdmissionCase, step: workflow.Step, *, actor, due_on: date | None, note: str = "", **extra):
    source = case.status
    cas_update(case, expected_status=source, status=step.target, due_on=due_on, **extra)
    event(actor=actor, action=step.action, case=case, from_status=source, to_status=step.target, due_on=due_on,
          note=note)  # fmt: skip
    return case


def _after_posting(case: AdmissionCase, today: date, what: str) -> None:
    if case.status == Status.POSTED and case.posted_until and today <= case.posted_until:
        raise ValidationError(
            f"Hồ sơ đang niêm yết công khai đến hết ngày {case.posted_until:%d/%m/%Y}; chưa thể {what}."
        )


def _due(case: AdmissionCase, start: date, status: str) -> date | None:
    days = workflow.step_days(case.flow, status)
    return None if days is None else calendar_of(case.commune).add(start, days)


@transaction.atomic
def admission_submit(*, actor, case: AdmissionCase, today: date | None = None) -> AdmissionCase:
    """Nộp: the commune reviews within 10 working days of the day received (a corrected case: of today)."""
    step = step_of(case, "submit")
    check_actor(actor, case, step)
    today = today_or(today)
    refuse_unavailable(case.person)
    start = today if case.status == Status.RETURNED else case.received_on
    return move(case, step, actor=actor, due_on=_due(case, start, Status.SUBMITTED), return_reason="")


@transaction.atomic
def admission_post(*, actor, case: AdmissionCase, today: date | None = None) -> AdmissionCase:
    """The commune chairman approves the review; the case is posted publicly for 7 working days (Art. 28.1.b)."""
    step = step_of(case, "post")
    check_actor(actor, case, step)
    calendar = calendar_of(case.commune)
    posted_until = calendar.add(today_or(today), workflow.POSTING_DAYS)
    due_on = calendar.add(posted_until, workflow.after_posting_days(case.flow))
    return move(case, step, actor=actor, due_on=due_on, posted_until=posted_until)


@transaction.atomic
def admission_forward(*, actor, case: AdmissionCase, today: date | None = None) -> AdmissionCase:
    """Send the case to the district Division once the posting is over; it appraises within 7 working days."""
    step = step_of(case, "forward")
    check_actor(actor, case, step)
    today = today_or(today)
    _after_posting(case, today, "chuyển Phòng thẩm định")
    return move(case, step, actor=actor, due_on=_due(case, today, Status.FORWARDED))


@transaction.atomic
def admission_appraise(*, actor, case: AdmissionCase, note: str = "", today: date | None = None) -> AdmissionCase:
    """Thẩm định đạt: the district chairman decides within 3 working days."""
    step = step_of(case, "appraise")
    check_actor(actor, case, step)
    return move(case, step, actor=actor, due_on=_due(case, today_or(today), Status.APPRAISED), note=note)


@transaction.atomic
def admission_send_to_province(*, actor, case: AdmissionCase, note: str = "", today: date | None = None):
    """No place in a facility the deciding office manages: the department decides within 7 working days."""
    step = step_of(case, "to_province")
    check_actor(actor, case, step)
    today = today_or(today)
    _after_posting(case, today, "đề nghị Sở tiếp nhận")
    return move(case, step, actor=actor, due_on=_due(case, today, Status.SENT_TO_PROVINCE), note=note)


def _reason(reason: str, what: str) -> str:
    if not reason.strip():
        raise ValidationError({"reason": f"Cần ghi rõ lý do {what}."})
    return reason.strip()


@transaction.atomic
def admission_return(*, actor, case: AdmissionCase, reason: str, today: date | None = None) -> AdmissionCase:
    """Trả lại để bổ sung, with the reason the commune officer will read."""
    step = step_of(case, "return")
    check_actor(actor, case, step)
    reason = _reason(reason, "trả lại hồ sơ")
    return move(case, step, actor=actor, due_on=None, note=reason, return_reason=reason)


@transaction.atomic
def admission_reject(*, actor, case: AdmissionCase, reason: str, today: date | None = None) -> AdmissionCase:
    """Không tiếp nhận: the refusal in writing with its reasons."""
    step = step_of(case, "reject")
    check_actor(actor, case, step)
    reason = _reason(reason, "không tiếp nhận")
    return move(case, step, actor=actor, due_on=None, note=reason, return_reason=reason, decided_by=actor,
                decision_date=today_or(today))  # fmt: skip


@transaction.atomic
def admission_place(
    *,
    actor,
    case: AdmissionCase,
    facility: Facility,
    decision_number: str,
    decision_date: date,
    today: date | None = None,
) -> AdmissionCase:
    """The deciding office places the person in a facility it manages (Art. 28.1.d–đ); the facility head admits."""
    step = step_of(case, "place")
    role = check_actor(actor, case, step)
    today = today_or(today)
    _after_posting(case, today, "quyết định tiếp nhận")
    if facility is None or not placeable_facilities(case, role).filter(pk=facility.pk).exists():
        raise ValidationError({"facility": "Chọn một cơ sở đang hoạt động do cấp của bạn quản lý, trên địa bàn."})
    if not decision_number.strip():
        raise ValidationError({"decision_number": "Số quyết định tiếp nhận: vui lòng nhập."})
    check_day(decision_date, "decision_date", "Ngày quyết định", today=today, not_before=case.received_on)
    refuse_unavailable(case.person)
    return move(
        case,
        step,
        actor=actor,
        due_on=None,
        note=f"{facility.name} – QĐ {decision_number.strip()}",
        facility=facility,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        decided_by=actor,
    )
