"""Writes for residents: admission by each path (Decree 20/2021 Art. 28), the emergency file and media notice
reminders, the stay's details, and the no-double-payment rule with the commune's monthly allowance (Art. 6 vs 25).

Only staff of the facility admit. A dead person, or one already living in a facility (the `resident_one_open_stay`
constraint), is refused with a message naming the person field; passing the capacity of the care group asks the
user to confirm (`OverCapacity`). On admission to a **public** facility by any path but a service contract, the
person's active monthly-allowance entitlements are suspended from the month after admission (the commune pays the
admission month; the facility's nurturing roll pays from the month after `allowance_paid_until`).
"""

from datetime import date

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from beneficiaries.models import Entitlement, Person, SuspendReason
from beneficiaries.services import people as people_services
from beneficiaries.services.entitlements import entitlement_suspend
from core.text import fold
from policy.rules import first_of_month

from .. import resident_rules as rules
from ..models import AdmissionCase, CareGroup, Facility, Resident
from ..selectors.facilities import CAPACITY_FIELDS
from .admissions import check_actor, move, refuse_unavailable, step_of
from .resident_common import calendar_of, cas_update, check_day, event, require_staff, today_or

Path = Resident.Path
# What staff may change during the stay (the admission facts are fixed by the decision).
EDITABLE = ("care_group", "category", "care_plan", "health_insurance_number", "studying")


class OverCapacity(ValidationError):
    """The care group is full: the user must confirm to admit all the same (the issue: "admitting beyond the
    capacity warns")."""


def resident_intake_person(*, actor, facility: Facility, home_commune, **fields) -> Person:
    """A person not yet in the registry, brought to the facility (an abandoned child, a person found wandering):
    recorded in their home commune with the same checks as a commune registration (ID format and uniqueness, birth
    date). The commune completes the record later."""
    require_staff(actor, facility)
    allowed = {"full_name", "birth_date", "birth_year_only", "sex", "id_number"}
    data = people_services._normalized({k: v for k, v in fields.items() if k in allowed})
    person = Person(commune=home_commune, created_by=actor, **data)
    person.name_folded = fold(person.full_name)
    errors = people_services._errors(person, commune=home_commune, check_name_and_birth=False, not_duplicate=True)
    if errors:
        raise ValidationError(errors)
    people_services._flag(person)
    with set_actor(actor):
        people_services._save(person)
    return person


def _group_capacity(facility: Facility, care_group: str) -> tuple[int, int]:
    """(in residence, capacity) of the care group — or of the whole facility when no capacity by type is recorded."""
    by_type = {group: getattr(facility, field) for group, field in CAPACITY_FIELDS.items()}
    residents = Resident.objects.filter(facility=facility, discharged_on__isnull=True)
    if any(by_type.values()):
        return residents.filter(care_group=care_group).count(), by_type.get(care_group, 0) or 0
    return residents.count(), facility.capacity


def _check_capacity(facility: Facility, care_group: str, confirmed: bool) -> None:
    occupied, capacity = _group_capacity(facility, care_group)
    if not confirmed and rules.over_capacity(occupied=occupied, capacity=capacity):
        label = CareGroup(care_group).label
        raise OverCapacity(
            {
                "confirm_over_capacity": f"Nhóm «{label}» của cơ sở đã có {occupied}/{capacity} người theo công suất. "
                "Đánh dấu xác nhận để vẫn tiếp nhận vượt công suất."
            }
        )


def _check_path(path: str, values: dict, admitted_on: date, birth_date: date) -> None:
    if path == Path.CONTRACT:
        if not values["contract_number"]:
            raise ValidationError({"contract_number": "Số hợp đồng dịch vụ (mẫu 08): vui lòng nhập."})
        if values["contract_end_on"] is None or values["contract_end_on"] <= admitted_on:
            raise ValidationError({"contract_end_on": "Hợp đồng phải kết thúc sau ngày vào cơ sở."})
        if values["monthly_fee"] <= 0:
            raise ValidationError({"monthly_fee": "Phí dịch vụ hằng tháng phải lớn hơn 0 đồng."})
    elif path == Path.BY_LAW and not values["admission_decision_number"]:
        raise ValidationError({"admission_decision_number": "Số quyết định của cơ quan có thẩm quyền: vui lòng nhập."})
    if values["abandoned_child"] and rules.birthday(birth_date, rules.AGE_OUT) <= admitted_on:
        raise ValidationError({"abandoned_child": "Chỉ trẻ em dưới 16 tuổi mới là trẻ em bị bỏ rơi."})


@transaction.atomic
def resident_admit(
    *,
    actor,
    facility: Facility,
    person: Person,
    path: str,
    care_group: str,
    admitted_on: date,
    home_commune=None,
    category=None,
    admission_case: AdmissionCase | None = None,
    admission_decision_number: str = "",
    admission_decision_date: date | None = None,
    abandoned_child: bool = False,
    contract_number: str = "",
    contract_end_on: date | None = None,
    monthly_fee: int = 0,
    care_plan: str = "",
    health_insurance_number: str = "",
    studying: bool = False,
    confirm_over_capacity: bool = False,
    today: date | None = None,
) -> Resident:
    """Tiếp nhận: a new stay of `person` at `facility` from `admitted_on`.

    Emergency (Art. 28.2): admitted at once; the file is due within 10 working days, an abandoned child's media
    notice within 25. Contract (form 08): contract number, end and monthly fee. By law: the authority's decision.
    The regular path (Art. 28.1) comes only from a placed case (`admission_admit`).
    """
    require_staff(actor, facility)
    today = today_or(today)
    if path not in Path.values or (path == Path.REGULAR) != (admission_case is not None):
        raise ValidationError({"path": "Hình thức tiếp nhận không hợp lệ."})
    if not facility.active:
        raise ValidationError({"facility": "Cơ sở đã ngừng hoạt động; không tiếp nhận đối tượng mới."})
    if care_group not in CareGroup.values:
        raise ValidationError({"care_group": "Chọn nhóm đối tượng."})
    check_day(admitted_on, "admitted_on", "Ngày vào cơ sở", today=today, not_before=person.birth_date)
    refuse_unavailable(person)
    values = {
        "admission_decision_number": admission_decision_number.strip(),
        "admission_decision_date": admission_decision_date,
        "abandoned_child": bool(abandoned_child and path == Path.EMERGENCY),
        "contract_number": contract_number.strip() if path == Path.CONTRACT else "",
        "contract_end_on": contract_end_on if path == Path.CONTRACT else None,
        "monthly_fee": int(monthly_fee or 0) if path == Path.CONTRACT else 0,
    }
    _check_path(path, values, admitted_on, person.birth_date)
    if admission_decision_date is not None:
        check_day(admission_decision_date, "admission_decision_date", "Ngày quyết định", today=today)
    _check_capacity(facility, care_group, confirm_over_capacity)
    if path == Path.EMERGENCY:
        calendar = calendar_of(facility.unit)
        values["file_due_on"] = calendar.add(admitted_on, rules.EMERGENCY_FILE_DAYS)
        if values["abandoned_child"]:
            values["media_notice_due_on"] = calendar.add(admitted_on, rules.MEDIA_NOTICE_DAYS)
    resident = Resident(
        facility=facility,
        person=person,
        path=path,
        admission_case=admission_case,
        care_group=care_group,
        category=category,
        home_commune=home_commune or person.commune,
        admitted_on=admitted_on,
        care_plan=care_plan.strip(),
        health_insurance_number=health_insurance_number.strip(),
        studying=studying,
        created_by=actor,
        **values,
    )
    try:
        with transaction.atomic():
            resident.save()
    except IntegrityError as exc:
        # Two admissions of the same person at once: the constraint lets one through.
        refuse_unavailable(person)
        raise ValidationError({"person": "Đối tượng vừa được tiếp nhận vào một cơ sở khác."}) from exc
    note = f"{resident.get_path_display()}; {facility.name}"
    event(actor=actor, action="admit", resident=resident, to_status="in", due_on=resident.file_due_on, note=note)
    suspend_allowances(resident, actor)
    return resident


def suspend_allowances(resident: Resident, actor) -> None:
    """No double payment (Art. 6 vs Art. 25): in a public facility, off a service contract, the person's active
    monthly allowance stops from the month after admission; `allowance_paid_until` says the commune paid the
    admission month. A non-public facility does not pay the nurturing allowance: the monthly allowance stays."""
    if resident.facility.ownership != Facility.Ownership.PUBLIC or resident.path == Path.CONTRACT:
        return
    active = list(
        Entitlement.objects.filter(
            person=resident.person, status=Entitlement.Status.ACTIVE, category__kind="monthly"
        ).order_by("start_month", "pk")
    )
    if not active:
        return
    note = f"Vào {resident.facility.name} ngày {resident.admitted_on:%d/%m/%Y} (Điều 25 Nghị định 20/2021/NĐ-CP)"
    for entitlement in active:
        entitlement_suspend(
            entitlement=entitlement,
            # An entitlement that starts after the admission is held from its own first month.
            from_month=max(rules.allowance_stops_from(resident.admitted_on), entitlement.start_month),
            reason=SuspendReason.IN_FACILITY,
            actor=actor,
            note=note,
        )
    paid_until = first_of_month(resident.admitted_on)
    Resident.objects.filter(pk=resident.pk).update(allowance_paid_until=paid_until)
    resident.allowance_paid_until = paid_until


@transaction.atomic
def admission_admit(
    *,
    actor,
    case: AdmissionCase,
    admitted_on: date,
    care_plan: str = "",
    health_insurance_number: str = "",
    studying: bool = False,
    confirm_over_capacity: bool = False,
    today: date | None = None,
) -> Resident:
    """The facility head admits the person the deciding office placed there (Art. 28.1.e): the regular path."""
    step = step_of(case, "admit")
    check_actor(actor, case, step)
    if admitted_on is not None and case.decision_date and admitted_on < case.decision_date:
        raise ValidationError(
            {"admitted_on": f"Ngày vào cơ sở không được trước ngày quyết định {case.decision_date:%d/%m/%Y}."}
        )
    resident = resident_admit(
        actor=actor,
        facility=case.facility,
        person=case.person,
        path=Path.REGULAR,
        care_group=case.care_group,
        category=case.category,
        home_commune=case.commune,
        admission_case=case,
        admitted_on=admitted_on,
        admission_decision_number=case.decision_number,
        admission_decision_date=case.decision_date,
        care_plan=care_plan,
        health_insurance_number=health_insurance_number,
        studying=studying,
        confirm_over_capacity=confirm_over_capacity,
        today=today,
    )
    move(case, step, actor=actor, due_on=None, note=f"Vào cơ sở ngày {admitted_on:%d/%m/%Y}")
    return resident


@transaction.atomic
def resident_update(*, actor, resident: Resident, version: int, **fields) -> Resident:
    """The stay's details: care group, category, case plan, health insurance card, studying (Art. 30: 22)."""
    require_staff(actor, resident.facility)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}")
    if not resident.in_residence:
        raise ValidationError("Đối tượng đã rời cơ sở; không sửa thông tin lưu trú.")
    if fields.get("care_group", resident.care_group) not in CareGroup.values:
        raise ValidationError({"care_group": "Chọn nhóm đối tượng."})
    changed = {name: value for name, value in fields.items() if getattr(resident, name) != value}
    resident.version = version
    cas_update(resident, **changed)
    if changed:
        event(actor=actor, action="edit", resident=resident, note=", ".join(sorted(changed)))
    return resident


@transaction.atomic
def resident_complete_file(*, actor, resident: Resident, completed_on: date, today: date | None = None) -> Resident:
    """The emergency admission's file is complete (Art. 28.2: within 10 working days)."""
    require_staff(actor, resident.facility)
    if resident.file_due_on is None or resident.file_completed_on is not None:
        raise ValidationError({"file_completed_on": "Không có hồ sơ tiếp nhận khẩn cấp nào cần hoàn thiện."})
    check_day(completed_on, "file_completed_on", "Ngày hoàn thiện hồ sơ", today=today_or(today),
              not_before=resident.admitted_on)  # fmt: skip
    cas_update(resident, file_completed_on=completed_on)
    event(actor=actor, action="file_done", resident=resident, note=f"{completed_on:%d/%m/%Y}")
    return resident


@transaction.atomic
def resident_record_media_notice(*, actor, resident: Resident, notice_on: date, today: date | None = None):
    """The abandoned child's notice in the media was published (within 25 working days)."""
    require_staff(actor, resident.facility)
    if resident.media_notice_due_on is None or resident.media_notice_on is not None:
        raise ValidationError({"media_notice_on": "Không có thông báo trên phương tiện truyền thông nào cần ghi nhận."})
    check_day(notice_on, "media_notice_on", "Ngày thông báo", today=today_or(today), not_before=resident.admitted_on)
    cas_update(resident, media_notice_on=notice_on)
    event(actor=actor, action="media_notice", resident=resident, note=f"{notice_on:%d/%m/%Y}")
    return resident
