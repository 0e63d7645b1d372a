"""Writes for temporary emergency protection in the community (Decree 20/2021 Art. 18.2; Circular 02 Art. 3).

A `Protection` row is one stay with one host. Open it, extend it within the cap, move the person to another host
(the stay ends the day before the move and the next one starts on the move day; the cap counts the whole
protection), or end it with an outcome — returned home, or a proposal for facility admission. Its state is
`ended_on` (open while empty) and `planned_end_on`: each change is a compare-and-set on both, so two officers
pressing at once cannot both succeed. The model has no event table: django-auditlog (registered in apps.py)
keeps every change of the row with its actor.

The meal rate (`18.2:meals`) and the cap (`18.2:max_months`) are read from the law-as-data tables of the
province, in force on the stay's first day, and stored on the row with the citation.
"""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.jurisdiction import units_visible_to
from core.templatetags.vn_format import format_vnd
from policy.selectors import rate_tables

from .. import protection as rules
from ..models import Protection
from ..protection_selectors import protection_first_day

ADD = "emergency.add_protection"
CHANGE = "emergency.change_protection"
Outcome = Protection.Outcome


class ConcurrentChange(ValidationError):
    def __init__(self):
        super().__init__("Lượt chăm sóc vừa được người khác thay đổi. Vui lòng tải lại trang để xem nội dung mới nhất.")


def _require(actor, permission: str, commune) -> None:
    """The actor's working role may do this, and the commune lies inside their unit."""
    if not actor.has_perm(permission) or not units_visible_to(actor).filter(pk=commune.pk).exists():
        raise PermissionDenied("Bạn không có quyền ghi nhận chăm sóc khẩn cấp tạm thời tại xã này.")


def _fixed(province, rule: str, day: date):
    row = rate_tables(province).fixed_for(rule, day)
    if row is None:
        raise ValidationError(
            {"started_on": f"Chưa có mức «{rule}» áp dụng cho tháng {day:%m/%Y}; đề nghị Sở cập nhật mức cố định."}
        )
    return row


def _rate_and_cap(province, day: date) -> tuple[int, int, str]:
    meals = _fixed(province, rules.MEALS_RULE, day)
    cap = _fixed(province, rules.MAX_MONTHS_RULE, day)
    basis = f"{meals.legal_basis}: tiền ăn {format_vnd(meals.amount)}/người/ngày, tối đa {cap.amount} tháng"
    return meals.amount, cap.amount, basis[:300]


def _check(*, first_day, start, planned_end, max_months, treatment=0, transport=0) -> None:
    problems = rules.plan_problems(
        first_day=first_day,
        start=start,
        planned_end=planned_end,
        max_months=max_months,
        treatment=treatment,
        transport=transport,
    )
    if problems:
        errors: dict[str, list[str]] = {}
        for problem in problems:
            errors.setdefault(problem.field, []).append(problem.message)
        raise ValidationError(errors)


def _host_name(host_name: str, host_household, commune) -> str:
    """The host's name as typed, or the head of the registered household picked; it lives in the commune."""
    if host_household is not None and host_household.commune_id != commune.pk:
        raise ValidationError({"host_household": "Hộ nhận chăm sóc phải cư trú tại xã nơi chăm sóc."})
    name = host_name.strip() or (host_household.head_name if host_household is not None else "")
    if not name:
        raise ValidationError({"host_name": "Hộ/cá nhân nhận chăm sóc: vui lòng nhập tên."})
    return name


def _compare_and_set(protection: Protection, **changes) -> None:
    """Update only if the stay is still open with the planned end the caller read; else ConcurrentChange."""
    updated = Protection.objects.filter(
        pk=protection.pk, ended_on__isnull=True, planned_end_on=protection.planned_end_on
    ).update(**changes)
    if updated != 1:
        raise ConcurrentChange
    for name, value in changes.items():
        setattr(protection, name, value)


def _require_open(protection: Protection) -> None:
    if protection.ended_on is not None:
        raise ValidationError({"ended_on": "Lượt chăm sóc này đã kết thúc."})


@transaction.atomic
def protection_open(
    *,
    person,
    reason: str,
    host_name: str,
    started_on: date,
    planned_end_on: date,
    actor,
    host_household=None,
    host_address: str = "",
    treatment_cost: int = 0,
    transport_cost: int = 0,
    incident=None,
    note: str = "",
    today: date | None = None,
) -> Protection:
    """Place `person` with a host household in their commune, for at most 3 months (Art. 18.2)."""
    commune = person.commune
    _require(actor, ADD, commune)
    if reason not in Protection.Reason.values:
        raise ValidationError({"reason": "Lý do: giá trị không hợp lệ."})
    if person.death_date is not None:
        raise ValidationError({"person": "Đối tượng đã mất."})
    if Protection.objects.select_for_update().filter(person=person, ended_on__isnull=True).exists():
        raise ValidationError({"person": "Đối tượng đang được chăm sóc khẩn cấp tạm thời; hãy gia hạn hoặc chuyển hộ."})
    if started_on > (today or timezone.localdate()):
        raise ValidationError({"started_on": "Ngày bắt đầu không được sau hôm nay."})
    if incident is not None and not incident.areas.filter(commune=commune).exists():
        raise ValidationError({"incident": "Sự kiện không thuộc địa bàn xã của đối tượng."})
    host_name = _host_name(host_name, host_household, commune)
    rate, max_months, basis = _rate_and_cap(commune.province, started_on)
    _check(
        first_day=started_on,
        start=started_on,
        planned_end=planned_end_on,
        max_months=max_months,
        treatment=treatment_cost,
        transport=transport_cost,
    )
    return Protection.objects.create(
        person=person,
        incident=incident,
        commune=commune,
        reason=reason,
        host_name=host_name,
        host_household=host_household,
        host_address=host_address,
        started_on=started_on,
        planned_end_on=planned_end_on,
        meal_rate=rate,
        treatment_cost=treatment_cost,
        transport_cost=transport_cost,
        basis=basis,
        note=note,
        created_by=actor,
    )


@transaction.atomic
def protection_extend(*, protection: Protection, planned_end_on: date, actor) -> Protection:
    """Move the planned end later, within the cap counted from the protection's first day."""
    _require(actor, CHANGE, protection.commune)
    _require_open(protection)
    if planned_end_on <= protection.planned_end_on:
        current = f"{protection.planned_end_on:%d/%m/%Y}"
        raise ValidationError({"planned_end_on": f"Ngày kết thúc mới phải sau ngày kết thúc dự kiến {current}."})
    first_day = protection_first_day(protection)
    _rate, max_months, _basis = _rate_and_cap(protection.commune.province, first_day)
    _check(first_day=first_day, start=protection.started_on, planned_end=planned_end_on, max_months=max_months)
    _compare_and_set(protection, planned_end_on=planned_end_on)
    return protection


@transaction.atomic
def protection_move(
    *,
    protection: Protection,
    moved_on: date,
    host_name: str,
    planned_end_on: date,
    actor,
    host_household=None,
    host_address: str = "",
    note: str = "",
    today: date | None = None,
) -> Protection:
    """End this stay the day before `moved_on` and open the next one with another host from `moved_on`.

    The whole protection still ends within the cap from its first day; treatment and transport already spent stay
    on the stay they belong to.
    """
    _require(actor, CHANGE, protection.commune)
    _require_open(protection)
    commune = protection.commune
    if moved_on <= protection.started_on:
        raise ValidationError({"moved_on": "Ngày chuyển hộ phải sau ngày bắt đầu của lượt chăm sóc hiện tại."})
    if moved_on > (today or timezone.localdate()):
        raise ValidationError({"moved_on": "Ngày chuyển hộ không được sau hôm nay."})
    host_name = _host_name(host_name, host_household, commune)
    first_day = protection_first_day(protection)
    _rate, max_months, _basis = _rate_and_cap(commune.province, first_day)
    cap = rules.last_allowed_day(first_day, max_months)
    if moved_on > cap:
        raise ValidationError(
            {"moved_on": f"Đã hết thời gian chăm sóc tối đa {max_months} tháng (đến {cap:%d/%m/%Y})."}
        )
    _check(first_day=first_day, start=moved_on, planned_end=planned_end_on, max_months=max_months)
    rate, _months, basis = _rate_and_cap(commune.province, moved_on)
    ended_on = moved_on - timedelta(days=1)
    _compare_and_set(protection, ended_on=ended_on, outcome=Outcome.OTHER_HOST)
    return Protection.objects.create(
        person=protection.person,
        incident=protection.incident,
        commune=commune,
        reason=protection.reason,
        host_name=host_name,
        host_household=host_household,
        host_address=host_address,
        started_on=moved_on,
        planned_end_on=planned_end_on,
        meal_rate=rate,
        basis=basis,
        note=note,
        created_by=actor,
    )


@transaction.atomic
def protection_end(
    *,
    protection: Protection,
    ended_on: date,
    outcome: str,
    actor,
    treatment_cost: int | None = None,
    transport_cost: int | None = None,
    note: str = "",
    today: date | None = None,
) -> Protection:
    """End the stay with its outcome and final costs. «Other host» goes through `protection_move` instead."""
    _require(actor, CHANGE, protection.commune)
    _require_open(protection)
    if outcome not in Outcome.values or outcome == Outcome.OTHER_HOST:
        raise ValidationError({"outcome": "Kết quả: chọn trở về gia đình, đề nghị vào cơ sở hoặc khác."})
    treatment = protection.treatment_cost if treatment_cost is None else treatment_cost
    transport = protection.transport_cost if transport_cost is None else transport_cost
    errors = {}
    if ended_on < protection.started_on:
        errors["ended_on"] = [f"Ngày kết thúc không được trước ngày bắt đầu {protection.started_on:%d/%m/%Y}."]
    first_day = protection_first_day(protection)
    _rate, max_months, _basis = _rate_and_cap(protection.commune.province, first_day)
    cap = rules.last_allowed_day(first_day, max_months)
    if ended_on > cap:
        errors["ended_on"] = [f"Chăm sóc khẩn cấp tạm thời tối đa {max_months} tháng: chậm nhất {cap:%d/%m/%Y}."]
    if ended_on > (today or timezone.localdate()):
        errors["ended_on"] = ["Ngày kết thúc không được sau hôm nay."]
    for problem in rules.cost_problems(treatment=treatment, transport=transport):
        errors[problem.field] = [problem.message]
    if errors:
        raise ValidationError(errors)
    changes = {"ended_on": ended_on, "outcome": outcome, "treatment_cost": treatment, "transport_cost": transport}
    if note.strip():
        changes["note"] = (protection.note + "\n" if protection.note else "") + note.strip()
    _compare_and_set(protection, **changes)
    return protection
