"""Life events (SPEC §2; decree20.md §5 Ending, Suspension, Moving residence, Funeral support).

One function per kind of event. Each checks that the actor is the commune officer of the person's commune,
writes the `LifeEvent` row, updates the person where the event says so (death date, residence, disability
level, studying) and drives the entitlements through beneficiaries.services.entitlements — all in one
transaction, so a refused event leaves nothing behind.

Months follow Circular 02/2021 Art. 2.1 and Decree 20 Art. 8.1: payment stops from the month AFTER the month of
death or of losing eligibility (the month itself is paid); a new coefficient applies FROM the month the person
becomes eligible for it.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.jurisdiction import active_assignment
from accounts.models import Role
from locations.models import Level
from policy.models import Category
from policy.rules import ESPECIALLY_SEVERE, SEVERE, Line, add_months, first_of_month, group_of, line_for
from policy.selectors import rate_tables

from ..facts import person_facts
from ..models import DisabilityLevel, EndReason, Entitlement, EntitlementEvent, LifeEvent, Person, SuspendReason
from .entitlements import (
    entitlement_end,
    entitlement_replace,
    entitlement_resume,
    entitlement_suspend,
)

Status = Entitlement.Status
OPEN = (Status.ACTIVE, Status.SUSPENDED)
# Reasons a commune officer records by hand; ADJUSTED and MOVED are written by the replacing events.
TERMINATION_REASONS = (
    EndReason.DEATH,
    EndReason.NOT_ELIGIBLE,
    EndReason.PRISON,
    EndReason.REFUSED,
    EndReason.REASSESSMENT,
    EndReason.AGED_OUT,
    EndReason.CATEGORY_ENDED,
)
# Circular 02 Art. 2.1.đ: ended 3 months after a suspension for not complying with re-assessment.
REASSESSMENT_WAIT_MONTHS = 3
# Entitlements that follow the person's own disability level (Art. 5.6, Art. 20.2) and those that follow the
# level of the person cared for (Art. 20.3, 20.4: especially severe only).
OWN_LEVEL_CATEGORIES = ("5.6", "20.2")
SUBJECT_LEVEL_CATEGORIES = ("20.3", "20.4")
# A turning-16 or turning-22 event may be recorded up to this many months ahead of the birthday month.
AGE_EVENT_LEAD_MONTHS = 3


# --- Shared checks ------------------------------------------------------------------------------------------


def _require_officer(actor, person: Person) -> None:
    assignment = active_assignment(actor)
    if assignment is None or assignment.role != Role.COMMUNE_OFFICER or assignment.unit_id != person.commune_id:
        raise PermissionDenied("Chỉ cán bộ cấp xã nơi đối tượng cư trú được ghi nhận sự kiện của đối tượng.")


def _check_day(value: date, field: str, person: Person, what: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: f"{what} không được sau hôm nay."})
    if value < person.birth_date:
        raise ValidationError({field: f"{what} không được trước ngày sinh của đối tượng."})


def _check_alive(person: Person, field: str) -> None:
    if person.death_date is not None:
        raise ValidationError({field: f"Đối tượng đã mất ngày {person.death_date:%d/%m/%Y}."})


def _open_entitlements(person: Person, *, statuses=OPEN, **filters) -> list[Entitlement]:
    return list(
        Entitlement.objects.filter(person=person, status__in=statuses, **filters)
        .select_related("category", "subject", "commune__province")
        .order_by("start_month", "pk")
    )


def _refuse_suspended(entitlements: list[Entitlement], field: str) -> None:
    suspended = [e.category.code for e in entitlements if e.status == Status.SUSPENDED]
    if suspended:
        raise ValidationError(
            {field: f"Chế độ diện {', '.join(suspended)} đang tạm dừng: ghi nhận tiếp tục hưởng hoặc thôi hưởng trước."}
        )


def _check_covers(entitlements: list[Entitlement], last_month: date, field: str) -> None:
    """The last paid month cannot fall before a row's first month (the row would have to pay one month)."""
    for entitlement in entitlements:
        if last_month < entitlement.start_month:
            raise ValidationError(
                {
                    field: f"Chế độ diện {entitlement.category.code} hưởng từ tháng "
                    f"{entitlement.start_month:%m/%Y}: tháng cuối được hưởng không thể trước tháng đó."
                }
            )


def _facts(person: Person, entitlement: Entitlement, month: date, **override):
    """The rules' facts for `entitlement` in `month`, read from `person` as it is now (new residence, level…)."""
    values = {
        "disability_level": entitlement.disability_level,
        "studying": entitlement.studying,
        "children_count": entitlement.children_count,
        "pregnant": entitlement.pregnant,
        "young_children_birth_dates": entitlement.young_children_birth_dates,
        "subject": entitlement.subject if entitlement.category.kind == "care" else None,
        "month": month,
    }
    values.update(override)
    return person_facts(person, **values)


def _ym(month: date) -> str:
    return f"{month:%Y-%m}"


def _birthday(birth_date: date, age: int) -> date:
    try:
        return birth_date.replace(year=birth_date.year + age)
    except ValueError:  # born on 29 February
        return date(birth_date.year + age, 3, 1)


def _new_event(person: Person, kind: str, *, actor, occurred_on: date, reason="", note="", data=None, **extra):
    return LifeEvent.objects.create(
        person=person,
        kind=kind,
        occurred_on=occurred_on,
        reason=reason,
        note=note,
        data=data or {},
        recorded_by=actor,
        **extra,
    )


def _covered_by_monthly(person: Person, month: date) -> bool:
    """Art. 11.1: the deceased was on the monthly allowance in the month of death (as dossiers.assessment)."""
    return (
        Entitlement.objects.filter(person=person, category__kind="monthly", start_month__lte=month)
        .exclude(end_month__lt=month)
        .exists()
    )


# --- Death and missing --------------------------------------------------------------------------------------


@transaction.atomic
def life_event_record_death(
    *,
    actor,
    person: Person,
    died_on: date,
    organiser_name: str = "",
    organiser_relation: str = "",
    organiser_id_number: str = "",
    note: str = "",
) -> LifeEvent:
    """Báo tử. Every open entitlement the person receives, and care support paid for them as the person cared
    for, ends with the month of death as the last paid month (Circular 02 Art. 2.1: stops from the month after).
    When the person was on the monthly allowance that month, a funeral-support dossier (Art. 11.1, at least
    20 × the standard level of the month of death) is opened as a draft for the funeral organiser.
    """
    _require_officer(actor, person)
    _check_day(died_on, "died_on", person, "Ngày mất")
    # Lock the person row: two clerks recording the same death cannot both pass the check below.
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if locked.death_date is not None or LifeEvent.objects.filter(person=person, kind=LifeEvent.Kind.DEATH).exists():
        day = locked.death_date or died_on
        raise ValidationError({"died_on": f"Đối tượng đã được báo tử (ngày mất {day:%d/%m/%Y}); không ghi nhận lại."})
    month = first_of_month(died_on)
    to_end = list(
        Entitlement.objects.filter(Q(person=person) | Q(subject=person), status__in=OPEN)
        .select_related("category")
        .order_by("start_month", "pk")
    )
    funeral = _covered_by_monthly(person, month)
    person.death_date = died_on
    person.save(update_fields=["death_date", "updated_at"])
    dossier = None
    if funeral:
        from dossiers.services import dossier_open  # dossiers builds on beneficiaries: import at call time

        dossier = dossier_open(
            actor=actor,
            person=person,
            kind="funeral",
            death_date=died_on,
            organiser_name=organiser_name,
            organiser_relation=organiser_relation,
            organiser_id_number=organiser_id_number,
        )
    event = _new_event(
        person,
        LifeEvent.Kind.DEATH,
        actor=actor,
        occurred_on=died_on,
        reason=EndReason.DEATH,
        note=note,
        data={
            "last_paid_month": _ym(month),
            "ended": [e.pk for e in to_end],
            "funeral_dossier": dossier.pk if dossier else None,
            "funeral_amount": dossier.proposed_amount if dossier else None,
            "organiser_name": organiser_name,
        },
    )
    for entitlement in to_end:
        entitlement_end(
            entitlement=entitlement, last_month=month, reason=EndReason.DEATH, actor=actor, life_event=event
        )
    return event


@transaction.atomic
def life_event_record_missing(*, actor, person: Person, declared_on: date, note: str = "") -> LifeEvent:
    """Legally declared missing (Circular 02 Art. 2.1.a): ended as for a death, without a funeral dossier."""
    _require_officer(actor, person)
    _check_day(declared_on, "declared_on", person, "Ngày tuyên bố mất tích")
    _check_alive(person, "declared_on")
    if LifeEvent.objects.filter(person=person, kind=LifeEvent.Kind.MISSING).exists():
        raise ValidationError({"declared_on": "Đối tượng đã được ghi nhận mất tích."})
    month = first_of_month(declared_on)
    to_end = list(
        Entitlement.objects.filter(Q(person=person) | Q(subject=person), status__in=OPEN).select_related("category")
    )
    event = _new_event(
        person,
        LifeEvent.Kind.MISSING,
        actor=actor,
        occurred_on=declared_on,
        reason=EndReason.DEATH,
        note=note,
        data={"last_paid_month": _ym(month), "ended": [e.pk for e in to_end]},
    )
    for entitlement in to_end:
        entitlement_end(
            entitlement=entitlement, last_month=month, reason=EndReason.DEATH, actor=actor, life_event=event
        )
    return event


# --- Suspension, resumption, termination -------------------------------------------------------------------


@transaction.atomic
def life_event_suspend(
    *, actor, person: Person, reason: str, from_month: date, note: str = "", occurred_on: date | None = None
) -> LifeEvent:
    """Tạm dừng (Circular 02 Art. 2.3): nothing is paid from `from_month` until the person's entitlements are
    resumed — not collected for 3 months in a row, not complying with re-assessment, detained for 1 month or more.
    """
    _require_officer(actor, person)
    if reason not in SuspendReason.values:
        raise ValidationError({"reason": "Chọn lý do tạm dừng."})
    month = first_of_month(from_month)
    targets = _open_entitlements(person, statuses=(Status.ACTIVE,))
    if not targets:
        raise ValidationError({"from_month": "Đối tượng không có chế độ đang hưởng để tạm dừng."})
    for entitlement in targets:
        if month < entitlement.start_month:
            raise ValidationError(
                {
                    "from_month": f"Chế độ diện {entitlement.category.code} hưởng từ tháng "
                    f"{entitlement.start_month:%m/%Y}: tháng tạm dừng không thể trước tháng đó."
                }
            )
    event = _new_event(
        person,
        LifeEvent.Kind.SUSPENSION,
        actor=actor,
        occurred_on=occurred_on or timezone.localdate(),
        reason=reason,
        note=note,
        data={"from_month": _ym(month), "entitlements": [e.pk for e in targets]},
    )
    for entitlement in targets:
        entitlement_suspend(
            entitlement=entitlement, from_month=month, reason=reason, actor=actor, life_event=event, note=note
        )
    return event


@transaction.atomic
def life_event_resume(
    *,
    actor,
    person: Person,
    from_month: date,
    pay_arrears: bool,
    note: str = "",
    occurred_on: date | None = None,
) -> LifeEvent:
    """Tiếp tục hưởng from `from_month`. With arrears (truy lĩnh), the suspended months are listed on the event
    and on each entitlement's resumption; the payments module pays them on the next roll."""
    _require_officer(actor, person)
    month = first_of_month(from_month)
    targets = _open_entitlements(person, statuses=(Status.SUSPENDED,))
    if not targets:
        raise ValidationError({"from_month": "Đối tượng không có chế độ đang tạm dừng."})
    event = _new_event(
        person,
        LifeEvent.Kind.RESUMPTION,
        actor=actor,
        occurred_on=occurred_on or timezone.localdate(),
        note=note,
        data={"from_month": _ym(month), "pay_arrears": pay_arrears, "entitlements": [e.pk for e in targets]},
    )
    arrears: set[str] = set()
    for entitlement in targets:
        resumed = entitlement_resume(
            entitlement=entitlement, from_month=month, pay_arrears=pay_arrears, actor=actor, life_event=event, note=note
        )
        arrears.update(resumed.arrears_months)
    event.data["arrears_months"] = sorted(arrears)
    event.save(update_fields=["data"])
    return event


@transaction.atomic
def life_event_terminate(
    *,
    actor,
    person: Person,
    reason: str,
    from_month: date,
    entitlement: Entitlement | None = None,
    note: str = "",
    occurred_on: date | None = None,
) -> LifeEvent:
    """Thôi hưởng (Circular 02 Art. 2.1) from `from_month`: the last paid month is the month before — or, for a
    death or a declaration of missing (reason `death`), `from_month` is the month it happened and is paid.
    Without `entitlement`, every open entitlement the person receives ends."""
    _require_officer(actor, person)
    if reason not in TERMINATION_REASONS:
        raise ValidationError({"reason": "Chọn lý do thôi hưởng."})
    month = first_of_month(from_month)
    last_month = month if reason == EndReason.DEATH else add_months(month, -1)
    if entitlement is not None:
        if entitlement.person_id != person.pk or entitlement.status not in OPEN:
            raise ValidationError({"entitlement": "Chế độ này không còn hưởng."})
        targets = [entitlement]
    else:
        targets = _open_entitlements(person)
    if not targets:
        raise ValidationError({"from_month": "Đối tượng không có chế độ đang hưởng hoặc tạm dừng."})
    if reason == EndReason.REASSESSMENT:
        _check_reassessment_wait(targets, month)
    event = _new_event(
        person,
        LifeEvent.Kind.TERMINATION,
        actor=actor,
        occurred_on=occurred_on or timezone.localdate(),
        reason=reason,
        note=note,
        data={"from_month": _ym(month), "last_paid_month": _ym(last_month), "ended": [e.pk for e in targets]},
    )
    for target in targets:
        entitlement_end(
            entitlement=target, last_month=last_month, reason=reason, actor=actor, life_event=event, note=note
        )
    return event


def _check_reassessment_wait(targets: list[Entitlement], month: date) -> None:
    for entitlement in targets:
        suspension = (
            EntitlementEvent.objects.filter(entitlement=entitlement, kind=EntitlementEvent.Kind.SUSPENDED)
            .order_by("-at", "-id")
            .first()
        )
        earliest = add_months(suspension.month, REASSESSMENT_WAIT_MONTHS) if suspension else None
        if (
            entitlement.status != Status.SUSPENDED
            or suspension is None
            or suspension.reason != SuspendReason.REASSESSMENT
            or month < earliest
        ):
            hint = (
                f" (sớm nhất từ tháng {earliest:%m/%Y})" if earliest and entitlement.status == Status.SUSPENDED else ""
            )
            raise ValidationError(
                {
                    "reason": "Chỉ thôi hưởng vì không chấp hành rà soát sau 3 tháng tạm dừng vì lý do đó"
                    f"{hint} (khoản 1 Điều 2 Thông tư 02/2021/TT-BLĐTBXH)."
                }
            )


# --- Disability level ---------------------------------------------------------------------------------------


@transaction.atomic
def life_event_change_disability(*, actor, person: Person, level: str, cert_date: date, note: str = "") -> LifeEvent:
    """A new disability certificate. Art. 8.1: the coefficient changes from the month the certificate was issued
    (5.6 and 20.2 are replaced from that month with the new level's amount); a level that no longer qualifies
    (mild) ends them, and care support for an especially severe person (20.3, 20.4) when the person cared for is
    no longer especially severe, from the month after (Circular 02 Art. 2.1)."""
    _require_officer(actor, person)
    _check_alive(person, "level")
    if level not in DisabilityLevel.values:
        raise ValidationError({"level": "Chọn mức độ khuyết tật."})
    if level == person.disability_level:
        raise ValidationError(
            {"level": f"Đối tượng đang có mức độ khuyết tật «{person.get_disability_level_display()}»."}
        )
    _check_day(cert_date, "cert_date", person, "Ngày cấp giấy xác nhận")
    month = first_of_month(cert_date)
    own = _open_entitlements(person, category__code__in=OWN_LEVEL_CATEGORIES)
    cared = []
    if level != ESPECIALLY_SEVERE:
        cared = list(
            Entitlement.objects.filter(subject=person, status__in=OPEN, category__code__in=SUBJECT_LEVEL_CATEGORIES)
            .select_related("category")
            .order_by("pk")
        )
    _refuse_suspended(own, "level")
    qualifies = level in (SEVERE, ESPECIALLY_SEVERE)
    if qualifies:
        for entitlement in own:
            if month <= entitlement.start_month:
                raise ValidationError(
                    {
                        "cert_date": f"Chế độ diện {entitlement.category.code} hưởng từ tháng "
                        f"{entitlement.start_month:%m/%Y}: giấy xác nhận mới phải cấp từ tháng sau đó."
                    }
                )
    _check_covers(own + cared, month, "cert_date")
    previous = person.disability_level
    person.disability_level = level
    person.disability_cert_date = cert_date
    person.save(update_fields=["disability_level", "disability_cert_date", "updated_at"])
    event = _new_event(
        person,
        LifeEvent.Kind.DISABILITY_CHANGE,
        actor=actor,
        occurred_on=cert_date,
        note=note,
        data={"from_level": previous, "to_level": level, "month": _ym(month)},
    )
    replaced, ended = [], []
    tables = rate_tables(person.commune.province) if own else None
    for entitlement in own:
        line = (
            line_for(
                entitlement.category.code, _facts(person, entitlement, month, disability_level=level), month, tables
            )
            if qualifies
            else None
        )
        if line is None:
            entitlement_end(
                entitlement=entitlement,
                last_month=month,
                reason=EndReason.NOT_ELIGIBLE,
                actor=actor,
                life_event=event,
                note=note,
            )
            ended.append(entitlement.pk)
            continue
        successor = entitlement_replace(
            entitlement=entitlement,
            from_month=month,
            line=line,
            actor=actor,
            reason=EndReason.ADJUSTED,
            life_event=event,
            note=note,
            disability_level=level,
        )
        replaced.append([entitlement.pk, successor.pk])
    for entitlement in cared:
        entitlement_end(
            entitlement=entitlement, last_month=month, reason=EndReason.NOT_ELIGIBLE, actor=actor, life_event=event
        )
        ended.append(entitlement.pk)
    event.data.update(replaced=replaced, ended=ended)
    event.save(update_fields=["data"])
    return event


# --- Change of residence ------------------------------------------------------------------------------------


@transaction.atomic
def life_event_relocate(
    *, actor, person: Person, to_commune, to_village=None, moved_on: date, note: str = ""
) -> LifeEvent:
    """Chuyển địa bàn (decree20.md §5 Moving residence). The old commune pays the month of the move; each open
    entitlement moves to the new commune from the month after (payment resumes "from the month after the month in
    the stop decision" — no gap, no double payment), recomputed with the new province's rates. Recorded by the
    old commune's officer; afterwards the person belongs to the new commune."""
    _require_officer(actor, person)
    _check_alive(person, "moved_on")
    _check_day(moved_on, "moved_on", person, "Ngày chuyển đi")
    if to_commune is None or to_commune.level != Level.COMMUNE:
        raise ValidationError({"to_commune": "Chọn xã, phường, thị trấn chuyển đến."})
    if to_commune.pk == person.commune_id:
        raise ValidationError({"to_commune": "Xã chuyển đến trùng với xã đang cư trú."})
    if to_village is not None and to_village.commune_id != to_commune.pk:
        raise ValidationError({"to_village": "Thôn/ấp không thuộc xã chuyển đến."})
    month = first_of_month(moved_on)
    first_new = add_months(month, 1)
    targets = _open_entitlements(person)
    _refuse_suspended(targets, "moved_on")
    _check_covers(targets, month, "moved_on")
    from_commune = person.commune
    # Within one district (or one province in the two-level structure) the new commune takes over; between
    # districts the old district decides to stop and the new one to pay — the months are the same either way.
    within = from_commune.parent_id == to_commune.parent_id
    data = {
        "from_village": person.village_id,
        "to_village": to_village.pk if to_village else None,
        "within_district": within,
        "last_month_old_commune": _ym(month),
        "first_month_new_commune": _ym(first_new),
    }
    person.commune = to_commune
    person.village = to_village
    person.save(update_fields=["commune", "village", "updated_at"])
    event = _new_event(
        person,
        LifeEvent.Kind.RELOCATION,
        actor=actor,
        occurred_on=moved_on,
        reason=EndReason.MOVED,
        note=note,
        data=data,
        from_commune=from_commune,
        to_commune=to_commune,
    )
    tables = rate_tables(to_commune.province) if targets else None
    moved, ended = [], []
    for entitlement in targets:
        line = line_for(entitlement.category.code, _facts(person, entitlement, first_new), first_new, tables)
        if line is None:
            # E.g. 5.7 or 5.5.b in a commune that is not especially difficult, or a local category of the old province.
            entitlement_end(
                entitlement=entitlement,
                last_month=month,
                reason=EndReason.NOT_ELIGIBLE,
                actor=actor,
                life_event=event,
                note=f"Không còn đủ điều kiện tại nơi cư trú mới ({to_commune.name}).",
            )
            ended.append(entitlement.pk)
            continue
        successor = entitlement_replace(
            entitlement=entitlement,
            from_month=first_new,
            line=line,
            actor=actor,
            reason=EndReason.MOVED,
            commune=to_commune,
            life_event=event,
            note=note or f"Chuyển từ {from_commune.name} đến {to_commune.name}.",
        )
        moved.append([entitlement.pk, successor.pk])
    event.data.update(moved=moved, ended=ended)
    event.save(update_fields=["data"])
    return event


# --- Age limits of 5.1 and 5.2 ------------------------------------------------------------------------------


def _age_event_checks(entitlement: Entitlement, *, group: str, age: int) -> tuple[date, date]:
    if group_of(entitlement.category.code) != group:
        raise ValidationError({"entitlement": f"Chỉ áp dụng cho chế độ diện {group}."})
    if entitlement.status not in OPEN:
        raise ValidationError({"entitlement": "Chế độ này không còn hưởng."})
    birthday = _birthday(entitlement.person.birth_date, age)
    month = first_of_month(birthday)
    earliest = add_months(month, -AGE_EVENT_LEAD_MONTHS)
    if first_of_month(timezone.localdate()) < earliest:
        raise ValidationError(
            {
                "entitlement": f"Đối tượng đủ {age} tuổi ngày {birthday:%d/%m/%Y}; "
                f"ghi nhận được từ tháng {earliest:%m/%Y}."
            }
        )
    _check_covers([entitlement], month, "entitlement")
    return birthday, month


@transaction.atomic
def life_event_turn_16(*, actor, entitlement: Entitlement, studying: bool, note: str = "") -> LifeEvent:
    """A 5.1 child turns 16. 5.1 is paid through the birthday month (policy/rules.py); studying → 5.2 from the month
    after, until 22 (Art. 5.2); otherwise the entitlement ends (aged out) after the birthday month."""
    person = entitlement.person
    _require_officer(actor, person)
    _check_alive(person, "entitlement")
    birthday, month = _age_event_checks(entitlement, group="5.1", age=16)
    if studying and entitlement.status != Status.ACTIVE:
        _refuse_suspended([entitlement], "entitlement")
    person.studying = studying
    person.save(update_fields=["studying", "updated_at"])
    reason = EndReason.ADJUSTED if studying else EndReason.AGED_OUT
    event = _new_event(
        person,
        LifeEvent.Kind.STUDY_STATUS,
        actor=actor,
        occurred_on=birthday,
        reason=reason,
        note=note,
        data={"studying": studying, "entitlement": entitlement.pk, "last_month_5_1": _ym(month)},
    )
    if not studying:
        entitlement_end(
            entitlement=entitlement,
            last_month=month,
            reason=EndReason.AGED_OUT,
            actor=actor,
            life_event=event,
            note=note,
        )
        return event
    first = add_months(month, 1)
    category = Category.objects.get(code="5.2", province__isnull=True)
    tables = rate_tables(entitlement.commune.province)
    line: Line | None = line_for("5.2", _facts(person, entitlement, first, studying=True), first, tables)
    if line is None:
        raise ValidationError({"entitlement": f"Diện 5.2 không áp dụng cho đối tượng từ tháng {first:%m/%Y}."})
    successor = entitlement_replace(
        entitlement=entitlement,
        from_month=first,
        line=line,
        actor=actor,
        reason=EndReason.ADJUSTED,
        category=category,
        life_event=event,
        note=note or "Đủ 16 tuổi, đang đi học: chuyển sang diện 5.2 (khoản 2 Điều 5).",
        studying=True,
    )
    event.data["successor"] = successor.pk
    event.save(update_fields=["data"])
    return event


@transaction.atomic
def life_event_turn_22(*, actor, entitlement: Entitlement, note: str = "") -> LifeEvent:
    """A 5.2 person turns 22: paid through the birthday month, then ended (Art. 5.2: at most until 22)."""
    person = entitlement.person
    _require_officer(actor, person)
    _check_alive(person, "entitlement")
    birthday, month = _age_event_checks(entitlement, group="5.2", age=22)
    event = _new_event(
        person,
        LifeEvent.Kind.TERMINATION,
        actor=actor,
        occurred_on=birthday,
        reason=EndReason.AGED_OUT,
        note=note,
        data={"from_month": _ym(add_months(month, 1)), "last_paid_month": _ym(month), "ended": [entitlement.pk]},
    )
    entitlement_end(
        entitlement=entitlement, last_month=month, reason=EndReason.AGED_OUT, actor=actor, life_event=event, note=note
    )
    return event
