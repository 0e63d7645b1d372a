"""Reads of people and households, always scoped to the user's unit (accounts.jurisdiction)."""

from dataclasses import dataclass, field
from datetime import date

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.jurisdiction import commune_q, get_or_404, scope
from core.templatetags.vn_format import format_vnd
from core.text import fold

from .models import EndReason, Entitlement, EntitlementEvent, Household, LifeEvent, Person, SuspendReason

HIV_PERMISSION = "beneficiaries.view_hiv_status"


def person_list_for_user(user):
    return scope(Person.objects.all(), user).select_related("village", "commune")


def person_get_for_user(user, pk: int) -> Person:
    queryset = Person.objects.select_related("village", "commune", "commune__parent", "household", "household__village")
    return get_or_404(queryset, user, pk=pk)


def person_history(person: Person):
    return LogEntry.objects.get_for_object(person).select_related("actor").order_by("-timestamp")


# --- Likely duplicates (SPEC §2: shown before a new person is saved) ---------------------------------------


@dataclass(frozen=True)
class DuplicateMatch:
    """A person who may be the one being registered. Outside the user's scope only the commune is told."""

    reason: str  # "id" (same ID number) or "name_dob" (same name without diacritics + same date of birth)
    commune_name: str
    person: Person | None  # None when the row lies outside the user's unit: its details stay hidden

    @property
    def same_id(self) -> bool:
        return self.reason == "id"


def likely_duplicates(
    user,
    *,
    id_number: str = "",
    full_name: str = "",
    birth_date: date | None = None,
    birth_year_only: bool = False,
    exclude_pk: int | None = None,
    limit: int = 10,
) -> list[DuplicateMatch]:
    """People anywhere in the database with the same ID, or the same folded name and date of birth.

    A year-only birth (the elderly) matches any date in that year, and a full date matches a stored year-only
    birth of the same year. The search crosses units on purpose (the ID is unique nationwide); rows outside
    `user`'s unit come back with their commune name only.
    """
    folded = fold(full_name)
    conditions = []
    if id_number:
        conditions.append(Q(id_number=id_number))
    if folded and birth_date is not None:
        if birth_year_only:
            same_birth = Q(birth_date__year=birth_date.year)
        else:
            same_birth = Q(birth_date=birth_date) | Q(birth_year_only=True, birth_date__year=birth_date.year)
        conditions.append(Q(name_folded=folded) & same_birth)
    if not conditions:
        return []
    condition = conditions[0] if len(conditions) == 1 else conditions[0] | conditions[1]
    rows = Person.objects.filter(condition)
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    rows = (
        rows.select_related("commune", "village")
        .annotate(in_scope=ExpressionWrapper(commune_q(user, "commune"), output_field=BooleanField()))
        .order_by("-in_scope", "full_name", "pk")[:limit]
    )
    matches = [
        DuplicateMatch(
            reason="id" if id_number and row.id_number == id_number else "name_dob",
            commune_name=row.commune.name,
            person=row if row.in_scope else None,
        )
        for row in rows
    ]
    # The same ID first: it blocks saving, a name + birth match only asks for a confirmation.
    return sorted(matches, key=lambda m: (not m.same_id, m.person is None))


# --- The person page ---------------------------------------------------------------------------------------

_REASON_LABELS = {**dict(EndReason.choices), **dict(SuspendReason.choices)}


def person_dossiers(person: Person):
    from dossiers.models import Dossier

    return (
        Dossier.objects.filter(Q(person=person) | Q(subject=person))
        .select_related("category")
        .order_by("-received_on", "-id")
    )


def person_entitlements(person: Person) -> list[Entitlement]:
    """The person's entitlements with their events, in two queries whatever their number."""
    events = EntitlementEvent.objects.select_related("decision").order_by("at", "id")
    rows = list(
        Entitlement.objects.filter(person=person)
        .select_related("category", "decision", "subject")
        .prefetch_related(Prefetch("events", queryset=events))
        .order_by("-start_month", "-id")
    )
    for row in rows:
        for event in row.events.all():
            event.reason_label = _REASON_LABELS.get(event.reason, event.reason)
        row.end_reason_label = _REASON_LABELS.get(row.end_reason, row.end_reason)
    return rows


def person_life_events(person: Person):
    return (
        LifeEvent.objects.filter(person=person)
        .select_related("from_commune", "to_commune", "recorded_by")
        .order_by("-occurred_on", "-id")
    )


@dataclass
class HistoryRow:
    timestamp: object
    actor: object
    action: str
    subject: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


_NOT_SHOWN = {"id", "created_at", "updated_at", "name_folded", "created_by"}  # the actor says who created it
_MONEY = {"amount", "level"}
_ACTIONS = {
    LogEntry.Action.CREATE: _("Tạo mới"),
    LogEntry.Action.UPDATE: _("Sửa"),
    LogEntry.Action.DELETE: _("Xóa"),
}


def _display(model_field, raw, fk_names: dict) -> str:
    if raw is None or raw == "None" or raw == "":
        return "—"
    if model_field is None:
        return str(raw)
    if model_field.is_relation:
        return fk_names.get((model_field.related_model, str(raw)), f"#{raw}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(raw, raw))
    if model_field.name in _MONEY:
        return format_vnd(raw)
    internal = model_field.get_internal_type()
    if internal == "BooleanField":
        return str(_("Có")) if raw in ("True", True) else str(_("Không"))
    if internal == "DateField":
        try:
            return date.fromisoformat(str(raw)[:10]).strftime("%d/%m/%Y")
        except ValueError:
            return str(raw)
    return str(raw)


def person_history_rows(person: Person, user, *, limit: int = 100) -> list[HistoryRow]:
    """Audit entries of the person, their household and their entitlements, newest first, ready to show.

    Field names and choices are shown in Vietnamese and foreign keys by name, resolved with one query per
    related table (never one per entry). HIV status and HIV-related categories are left out for users without
    the permission (SPEC §2: the HIV flag is sensitive).
    """
    types = ContentType.objects.get_for_models(Person, Household, Entitlement)
    condition = Q(content_type=types[Person], object_id=person.pk) | Q(
        content_type=types[Entitlement], object_id__in=Entitlement.objects.filter(person=person).values("pk")
    )
    if person.household_id:
        condition |= Q(content_type=types[Household], object_id=person.household_id)
    entries = list(
        LogEntry.objects.filter(condition).select_related("actor", "content_type").order_by("-timestamp", "-id")[:limit]
    )
    can_see_hiv = user.has_perm(HIV_PERMISSION)
    hidden_entitlements = set()
    if not can_see_hiv:
        hidden_entitlements = {
            e.pk for e in Entitlement.objects.filter(person=person, category__sensitive=True).only("pk")
        }
    models_by_type = {ct.pk: model for model, ct in types.items()}

    # Collect every foreign key value first, then resolve each related table once.
    wanted: dict = {}
    for entry in entries:
        model = models_by_type[entry.content_type_id]
        created = entry.action == LogEntry.Action.CREATE
        for name, values in entry.changes_dict.items():
            model_field = _model_field(model, name)
            if (
                model_field is not None
                and model_field.is_relation
                and _shown(model_field, name, values, created=created)
            ):
                wanted.setdefault(model_field.related_model, set()).update(
                    str(v) for v in values if v not in (None, "None", "")
                )
    fk_names = {}
    for related_model, pks in wanted.items():
        for obj in related_model._default_manager.filter(pk__in=pks):
            fk_names[(related_model, str(obj.pk))] = str(obj)

    rows = []
    for entry in entries:
        model = models_by_type[entry.content_type_id]
        hidden = model is Entitlement and entry.object_id in hidden_entitlements
        subject = f"{capfirst(model._meta.verbose_name)}: " + (
            str(_("(thông tin được bảo mật)")) if hidden else entry.object_repr
        )
        changes = []
        created = entry.action == LogEntry.Action.CREATE
        for name, values in entry.changes_dict.items():
            if hidden or (name == "hiv_positive" and not can_see_hiv):
                continue
            model_field = _model_field(model, name)
            if not _shown(model_field, name, values, created=created):
                continue
            label = capfirst(str(model_field.verbose_name)) if model_field is not None else name
            old, new = (list(values) + [None, None])[:2]
            changes.append((label, _display(model_field, old, fk_names), _display(model_field, new, fk_names)))
        rows.append(
            HistoryRow(
                timestamp=entry.timestamp,
                actor=entry.actor,
                action=str(_ACTIONS.get(entry.action, entry.get_action_display())),
                subject=subject,
                changes=changes,
            )
        )
    return rows


def _model_field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a field removed since the entry was written is shown by its name
        return None


def _shown(model_field, name: str, values, *, created: bool) -> bool:
    # auditlog also lists reverse relations ("entitlements": None → "…Entitlement.None") on create: not a change.
    if name in _NOT_SHOWN or (model_field is not None and not model_field.concrete):
        return False
    # A new record: list what was filled in, not every empty field.
    return not (created and (list(values) + [None, None])[1] in (None, "None", "", "False"))


# --- The monthly watch list (beneficiaries.watchlist) ------------------------------------------------------


@dataclass
class WatchRow:
    entitlement: Entitlement
    change: object  # beneficiaries.watchlist.Change

    @property
    def person(self) -> Person:
        return self.entitlement.person


def watchlist_for_commune(user, commune, month: date) -> list[WatchRow]:
    """Open entitlements paid by `commune` whose amount changes by itself in `month` (beneficiaries.watchlist).

    `commune` must lie inside the user's unit (404 otherwise). One query picks the candidates — the person (or
    the person cared for) born in one of the month's birth-date windows, every 20.2 row (its children's dates
    are a JSON list), rows whose category ended by law before `month` — then the rules run in Python on those
    rows only, so a commune with thousands of entitlements costs the same few queries. HIV-related categories
    are left out for users without the permission (SPEC §2).
    """
    from accounts.jurisdiction import unit_get_or_404
    from locations.models import Level
    from policy.rules import first_of_month
    from policy.selectors import rate_tables

    from . import watchlist
    from .facts import entitlement_facts

    commune = unit_get_or_404(user, pk=commune.pk, level=Level.COMMUNE)
    month = first_of_month(month)
    condition = Q(category__code=watchlist.CHILD_36_GROUP) | Q(category__effective_to__lt=month)
    for window in watchlist.windows(month):
        born = "subject__birth_date" if window.on == watchlist.SUBJECT else "person__birth_date"
        if window.group == "5.1":
            codes = Q(category__code__startswith="5.1.") | Q(category__code="5.1")
        else:
            codes = Q(category__code=window.group)
        condition |= codes & Q(**{f"{born}__range": (window.start, window.end)})
    queryset = scope(
        Entitlement.objects.filter(
            commune=commune,
            status__in=[Entitlement.Status.ACTIVE, Entitlement.Status.SUSPENDED],
            start_month__lt=month,  # a row starting in `month` was computed by its own decision
        ),
        user,
    ).filter(condition)
    if not user.has_perm(HIV_PERMISSION):
        queryset = queryset.exclude(category__sensitive=True)
    entitlements = queryset.select_related(
        "category", "subject", "person__household", "person__village", "person__commune"
    ).order_by("person__name_folded", "pk")
    tables = rate_tables(commune.province)
    rows = []
    for entitlement in entitlements:
        facts = entitlement_facts(entitlement, month=month)
        change = watchlist.change_for(
            category=entitlement.category.code,
            facts=facts,
            month=month,
            tables=tables,
            effective_to=entitlement.category.effective_to,
        )
        if change is not None:
            rows.append(WatchRow(entitlement=entitlement, change=change))
    order = {kind: index for index, kind in enumerate(watchlist.KIND_ORDER)}
    rows.sort(key=lambda row: order[row.change.kind])  # stable: names stay sorted within a kind
    return rows
