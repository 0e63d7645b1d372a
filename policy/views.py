"""The "Chính sách" pages: what the law pays in the user's province, and the province officer's edits.

Reads are scoped to the user's province: national rows plus that province's own; another province's rows are
not found (404). Writes go through policy.services, which check the actor again.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.templatetags.vn_format import format_vnd

from .forms import NATIONAL, CoefficientForm, LevelForm, LocalCategoryEditForm, LocalCategoryForm
from .models import Category, Coefficient, StandardLevel
from .rules import RateTables
from .selectors import rate_tables
from .services import coefficient_set, level_add, local_category_create, local_category_update, national_level_on

HISTORY_LIMIT = 50
CHART_YEARS = 5


def _province(request):
    unit = request.assignment.unit
    return unit.province or unit


def _mine(province) -> Q:
    return Q(province__isnull=True) | Q(province=province)


def _num(value: Decimal) -> str:
    return format(Decimal(value).normalize(), "f").replace(".", ",")


def _natural(rule: str):
    """'5.1:under_4' before '11:default'; a local category's rule (a letter first) after the decree's."""
    parts = [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", rule)]
    return (not rule[:1].isdigit(), parts)


def _show_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


# --- Overview ----------------------------------------------------------------------------------------------


@permission_required("policy.view_standardlevel", raise_exception=True)
def overview(request):
    province = _province(request)
    today = timezone.localdate()
    tables = rate_tables(province)
    try:
        in_force = tables.level_for(today)
    except LookupError:
        in_force = None
    levels = list(StandardLevel.objects.filter(_mine(province)).order_by("-effective_from", "province_id"))
    for row in levels:
        row.is_in_force = in_force is not None and (
            (row.province_id is not None) == in_force.provincial and row.effective_from == in_force.effective_from
        )
        row.is_future = row.effective_from > today
    context = {
        "province": province,
        "today": today,
        "in_force": in_force,
        "national_in_force": national_level_on(today),
        "levels": levels,
        "chart": _chart(levels, tables, today),
        "coefficients": _coefficient_table(province, tables, today),
        # Fixed sums and quantities (Art. 12, 15, 18, 25) in force today, the province's own row winning.
        "fixed_amounts": [tables.fixed_for(rule, today) for rule in sorted({row.rule for row in tables.fixed})],
        "categories": Category.objects.filter(_mine(province)).order_by(
            F("province").asc(nulls_first=True), "sort_order", "code"
        ),
        "history": _history(province) if request.user.has_perm("auditlog.view_logentry") else None,
    }
    return render(request, "policy/overview.html", context)


def _national_only(tables: RateTables) -> RateTables:
    return RateTables(levels=tuple(row for row in tables.levels if not row.provincial), coefficients=())


def _year(day: date) -> float:
    return round(day.year + (day.month - 1) / 12 + (day.day - 1) / 365, 4)


def _chart(levels, tables: RateTables, today: date) -> dict:
    """Step chart points: the level the province pays from each change date, and the national one beside it.

    The window is the last CHART_YEARS years and one year ahead, so a raise next month is not a sliver.
    """
    dates = sorted({row.effective_from for row in levels})
    if not dates:
        return {}
    start = date(today.year - CHART_YEARS, today.month, 1)
    if dates[0] < start:
        dates = [start] + [day for day in dates if day > start]
    last = max(dates[-1], today)
    dates.append(date(last.year + 1, last.month, 1))
    national = _national_only(tables)
    applied, national_points = [], []
    for day in dates:
        for table, points in ((tables, applied), (national, national_points)):
            try:
                level = table.level_for(day)
            except LookupError:
                continue
            points.append({"x": _year(day), "y": level.amount, "d": day.strftime("%d/%m/%Y")})
    data = {"applied": applied, "today": _year(today)}
    if any(row.province_id for row in levels):
        data["national"] = national_points
    return data


@dataclass
class CoefficientLine:
    rule: str
    label: str
    national: list
    provincial: list
    in_force: str
    edit_pk: int
    local: bool


def _coefficient_table(province, tables: RateTables, today: date) -> list[CoefficientLine]:
    by_rule: dict[str, tuple[list, list]] = {}
    for row in Coefficient.objects.filter(_mine(province)).order_by("effective_from"):
        row.shown = _num(row.value)
        row.ended = row.effective_to is not None and row.effective_to < today
        row.is_future = row.effective_from > today
        by_rule.setdefault(row.rule, ([], []))[row.province_id is not None].append(row)
    lines = []
    for rule in sorted(by_rule, key=_natural):
        national, provincial = by_rule[rule]
        current = [row for row in national if not row.ended]
        shown_national = current or national[-1:]
        # The latest national row names the condition; a local category has only its province's rows.
        reference = (national or provincial)[-1]
        row_in_force = tables.coefficient_for(rule, today)
        lines.append(
            CoefficientLine(
                rule=rule,
                label=reference.label,
                national=shown_national,
                provincial=provincial,
                in_force=_num(row_in_force.value) if row_in_force else "",
                edit_pk=reference.pk,
                local=not national,
            )
        )
    return lines


# --- Audit history -----------------------------------------------------------------------------------------

_ACTIONS = {
    LogEntry.Action.CREATE: "Thêm mới",
    LogEntry.Action.UPDATE: "Sửa",
    LogEntry.Action.DELETE: "Xoá",
}
_HIDDEN_FIELDS = {"id", "created_at", "sort_order"}


@dataclass
class HistoryLine:
    timestamp: object
    actor: object
    action: str
    what: str
    changes: list[tuple[str, str, str]]


def _history(province) -> list[HistoryLine]:
    """Audit log entries of the national rows and this province's rows (who, when, old → new)."""
    query = Q()
    for model in (StandardLevel, Coefficient, Category):
        ids = model.objects.filter(_mine(province)).values("pk")
        query |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
    entries = LogEntry.objects.filter(query).select_related("actor", "content_type").order_by("-timestamp")
    lines = []
    for entry in entries[:HISTORY_LIMIT]:
        model = entry.content_type.model_class()
        changes = []
        for name, (old, new) in entry.changes_dict.items():
            if name in _HIDDEN_FIELDS:
                continue
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:  # a field removed since the entry was written
                continue
            changes.append((capfirst(field.verbose_name), _shown(field, old, province), _shown(field, new, province)))
        lines.append(
            HistoryLine(
                timestamp=entry.timestamp,
                actor=entry.actor,
                action=_ACTIONS.get(entry.action, ""),
                what=f"{capfirst(model._meta.verbose_name)}: {_describe(model, entry.object_repr)}",
                changes=changes,
            )
        )
    return lines


def _describe(model, text: str) -> str:
    if model is StandardLevel:
        amount, _sep, rest = text.partition(" ")
        return f"{format_vnd(amount)} {rest}" if amount.isdigit() else text
    return text


def _shown(field, value, province) -> str:
    """A stored change value as people read it: 540.000 ₫, 01/07/2026, 1,5, the province's name."""
    if value in (None, "None", ""):
        return "—"
    name = field.name
    try:
        if name == "amount":
            return format_vnd(int(value))
        if name == "value":
            return _num(Decimal(value))
        if name in ("effective_from", "effective_to"):
            return date.fromisoformat(str(value)[:10]).strftime("%d/%m/%Y")
        if name == "province":
            return province.name if str(value) == str(province.pk) else str(value)
        if field.choices:
            return str(dict(field.choices).get(value, value))
    except (ValueError, ArithmeticError):
        pass
    if name == "sensitive":
        return _("Có") if value == "True" else _("Không")
    return str(value)


# --- Edits (province officer) ------------------------------------------------------------------------------


def _retroactive_context(form) -> dict:
    """Show the arrears warning when the date typed is already past (the page script also toggles it)."""
    today = timezone.localdate()
    day = None
    if form.is_bound:
        try:
            day = form.fields["effective_from"].clean(form.data.get("effective_from"))
        except ValidationError:
            day = None
    return {
        "today_iso": today.isoformat(),
        "show_retroactive": bool((day and day < today) or form.errors.get("confirm_retroactive")),
    }


@permission_required("policy.add_standardlevel", raise_exception=True)
def level_add_view(request):
    province = _province(request)
    form = LevelForm(request.POST or None, province=province)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            level = level_add(
                province=None if data["scope"] == NATIONAL else province,
                amount=data["amount"],
                effective_from=data["effective_from"],
                legal_basis=data["legal_basis"],
                confirm_retroactive=data["confirm_retroactive"],
                actor=request.user,
            )
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã thêm mức chuẩn %(amount)s áp dụng từ %(day)s.")
                % {"amount": format_vnd(level.amount), "day": level.effective_from.strftime("%d/%m/%Y")},
            )
            return redirect("policy:overview")
    context = {
        "form": form,
        "province": province,
        "national_in_force": national_level_on(timezone.localdate()),
        **_retroactive_context(form),
    }
    return render(request, "policy/level_form.html", context)


@permission_required("policy.add_coefficient", raise_exception=True)
def coefficient_set_view(request, pk: int):
    province = _province(request)
    try:
        reference = Coefficient.objects.filter(_mine(province)).get(pk=pk)
    except Coefficient.DoesNotExist as exc:
        raise Http404 from exc
    rows = list(Coefficient.objects.filter(_mine(province), rule=reference.rule).order_by("-effective_from"))
    for row in rows:
        row.shown = _num(row.value)
    local = not any(row.province_id is None for row in rows)
    form = CoefficientForm(request.POST or None, province=province, local=local)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = coefficient_set(
                rule=reference.rule,
                province=None if data["scope"] == NATIONAL else province,
                value=data["value"],
                effective_from=data["effective_from"],
                effective_to=data["effective_to"],
                legal_basis=data["legal_basis"],
                confirm_retroactive=data["confirm_retroactive"],
                actor=request.user,
            )
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã đặt hệ số %(value)s cho «%(label)s» từ %(day)s.")
                % {"value": _num(row.value), "label": row.label, "day": row.effective_from.strftime("%d/%m/%Y")},
            )
            return redirect("policy:overview")
    context = {"form": form, "province": province, "reference": reference, "rows": rows, **_retroactive_context(form)}
    return render(request, "policy/coefficient_form.html", context)


@permission_required("policy.add_category", raise_exception=True)
def category_add_view(request):
    province = _province(request)
    form = LocalCategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            category = local_category_create(province=province, actor=request.user, **data)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã thêm diện địa phương %(code)s – %(name)s, hệ số %(value)s.")
                % {"code": category.code, "name": category.name, "value": _num(data["coefficient"])},
            )
            return redirect("policy:overview")
    return render(request, "policy/category_form.html", {"form": form, "province": province, "category": None})


@permission_required("policy.change_category", raise_exception=True)
def category_edit_view(request, pk: int):
    province = _province(request)
    try:
        category = Category.objects.get(pk=pk, province=province)  # the decree's categories are not edited here
    except Category.DoesNotExist as exc:
        raise Http404 from exc
    initial = {"name": category.name, "legal_basis": category.legal_basis, "effective_to": category.effective_to}
    form = LocalCategoryEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            local_category_update(category=category, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu diện địa phương %(code)s.") % {"code": category.code})
            return redirect("policy:overview")
    return render(request, "policy/category_form.html", {"form": form, "province": province, "category": category})
