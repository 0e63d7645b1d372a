"""Events that change what is paid: a new disability level, a move of residence, turning 16 or 22."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from locations.models import Level
from policy.models import Category
from policy.rules import ESPECIALLY_SEVERE, SEVERE, Line, add_months, first_of_month, group_of, line_for
from policy.selectors import rate_tables

from ...models import DisabilityLevel, EndReason, Entitlement, LifeEvent, Person
from ..entitlements import (
    entitlement_end,
    entitlement_replace,
)
from .common import (
    AGE_EVENT_LEAD_MONTHS,
    OPEN,
    OWN_LEVEL_CATEGORIES,
    SUBJECT_LEVEL_CATEGORIES,
    Status,
    _birthday,
    _check_alive,
    _check_covers,
    _check_day,
    _facts,
    _new_event,
    _open_entitlements,
    _refuse_suspended,
    _require_officer,
    _ym,
)


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
