"""The dossier list and the dossier page (facts, preview, papers, timeline, deadline, steps, history)."""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from auditlog.models import LogEntry
from django.contrib.auth.decorators import permission_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tables2 import RequestConfig

from core.selectors import work_calendar
from core.templatetags.vn_format import format_vnd

from .. import printing, workflow
from ..assessment import dossier_preview
from ..filters import DossierFilter
from ..forms import FIELDS_BY_CATEGORY, AttachmentForm, ReasonForm
from ..models import Attachment, Decision, Dossier
from ..selectors import dossier_get_for_user, dossier_list_for_user, dossier_timeline
from ..tables import DossierTable, category_text, status_badge, status_label, upper_office
from .common import (
    DEADLINE_LABELS,
    EVENT_LABELS,
    STEP_PERMISSIONS,
    Status,
    decision_of,
    field_label,
    is_masked,
    preview_for_page,
    sees_hiv,
    working_role,
)

# --- List ---------------------------------------------------------------------------------------------------


@permission_required("dossiers.view_dossier", raise_exception=True)
def dossier_list(request):
    # commune__parent for the "forwarded to <unit>" label: one join, never a query per row.
    queryset = dossier_list_for_user(request.user).select_related("commune__parent")
    dossiers = DossierFilter(request.GET, queryset=queryset, request=request)
    table = DossierTable(dossiers.qs, can_see_hiv=sees_hiv(request), today=timezone.localdate())
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    template = "dossiers/_dossier_table.html" if request.htmx else "dossiers/dossier_list.html"
    return render(request, template, {"filter": dossiers, "table": table})


# --- The dossier page ---------------------------------------------------------------------------------------


@dataclass
class StepButton:
    action: str
    label: str
    style: str
    url: str
    needs_reason: bool = False
    opens_form: bool = False
    disabled_reason: str = ""


def _step_label(dossier: Dossier, step: workflow.Step) -> str:
    if step.action == "forward":
        return _("Chuyển %(office)s thẩm định") % {"office": upper_office(dossier)}
    if step.action == "approve":
        return _("Ký quyết định hưởng")
    return step.label


def _step_buttons(request, dossier: Dossier, today: date) -> list[StepButton]:
    buttons = []
    for step in workflow.available_steps(dossier.kind, dossier.flow, dossier.status, working_role(request)):
        if not any(request.user.has_perm(perm) for perm in STEP_PERMISSIONS[step.action]):
            continue
        if step.action in ("approve", "reject"):
            url = reverse("dossiers:dossier_decide", args=[dossier.pk]) + f"?ket-qua={step.action}"
            style = "success" if step.action == "approve" else "outline-danger"
            buttons.append(StepButton(step.action, _step_label(dossier, step), style, url, opens_form=True))
            continue
        button = StepButton(
            step.action,
            _step_label(dossier, step),
            "outline-warning" if step.action == "return" else "primary",
            reverse("dossiers:dossier_step", args=[dossier.pk, step.action]),
            needs_reason=step.action == "return",
        )
        if step.action == "forward" and dossier.posted_until and today <= dossier.posted_until:
            button.disabled_reason = _("Đang niêm yết công khai đến hết ngày %(day)s.") % {
                "day": dossier.posted_until.strftime("%d/%m/%Y")
            }
        buttons.append(button)
    return buttons


def _deadline(dossier: Dossier, today: date) -> dict | None:
    if not dossier.is_open or dossier.due_on is None:
        return None
    remaining = work_calendar(province=dossier.commune.province).between(today, dossier.due_on)
    label = DEADLINE_LABELS.get(dossier.status, _("Hạn"))
    if dossier.flow == workflow.TWO_LEVEL and dossier.status == Status.SUBMITTED:
        label = _("Hạn Chủ tịch UBND xã quyết định")
    overdue = dossier.due_on < today
    return {
        "label": str(label),
        "day": dossier.due_on,
        "remaining": remaining,
        "overdue": overdue,
        "late": -remaining if overdue else 0,
    }


def _facts(dossier: Dossier, *, masked: bool) -> list[tuple[str, str]]:
    """The facts the dossier's category needs, as (label, value), in the order of the form."""
    code = dossier.category.code if dossier.category_id else ""
    rows = []
    for name, codes in FIELDS_BY_CATEGORY.items():
        if code not in codes or masked:
            continue
        value = getattr(dossier, name)
        if name == "disability_level":
            value = dossier.get_disability_level_display() or "—"
        elif name in ("studying", "pregnant"):
            value = _("Có") if value else _("Không")
        elif name == "young_children_birth_dates":
            value = ", ".join(date.fromisoformat(str(v)).strftime("%d/%m/%Y") for v in value) or "—"
        elif name == "subject":
            value = str(value) if value else "—"
        elif isinstance(value, date):
            value = value.strftime("%d/%m/%Y")
        rows.append((field_label(name), str(value)))
    if dossier.kind == Dossier.Kind.FUNERAL:
        rows.append((field_label("death_date"), dossier.death_date.strftime("%d/%m/%Y") if dossier.death_date else "—"))
        organiser = " – ".join(
            part for part in (dossier.organiser_name, dossier.organiser_id_number, dossier.organiser_relation) if part
        )
        rows.append((field_label("organiser_name"), organiser or "—"))
    return rows


def _timeline(dossier: Dossier, events, *, masked: bool) -> list[dict]:
    rows = []
    for event in events:
        label = EVENT_LABELS.get(event.action, event.action)
        if event.action == "forward":
            label = _("Chuyển %(office)s thẩm định") % {"office": upper_office(dossier)}
        rows.append(
            {
                "label": str(label),
                "actor": event.actor or _("Hệ thống"),
                "at": event.at,
                "due_on": event.due_on,
                "reason": event.reason,
                "decision": (event.data or {}).get("decision", ""),
                "changes": [] if masked else _edit_changes(event),
            }
        )
    return rows


def _edit_changes(event) -> list[tuple[str, str, str]]:
    """What an edit changed, old → new: the service writes it on the event, since its compare-and-set UPDATE
    does not pass through the audit log."""
    changes = (event.data or {}).get("changes") or {}
    return [
        (field_label(name), _edited_value(name, old), _edited_value(name, new))
        for name, (old, new) in changes.items()
        if old or new
    ]


def _edited_value(name: str, value: str) -> str:
    """The event keeps choice fields as their codes and date lists as Python text; show them as on the form."""
    model_field = _model_field(Dossier, name)
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if name == "young_children_birth_dates":
        days = re.findall(r"(\d{4})-(\d{2})-(\d{2})", value or "")
        return ", ".join(f"{d}/{m}/{y}" for y, m, d in days)
    return value


# Bookkeeping columns the history does not show (the actor column already says who uploaded or signed).
HISTORY_SKIPPED = {"id", "dossier", "created_at", "updated_at", "uploaded_at", "content_type", "size", "version",
                   "uploaded_by", "signer", "created_by"}  # fmt: skip
HISTORY_ACTIONS = {0: gettext_lazy("Tạo"), 1: gettext_lazy("Sửa"), 2: gettext_lazy("Xóa"), 3: gettext_lazy("Truy cập")}
MONEY_FIELDS = {"amount", "level", "proposed_amount"}


@dataclass
class HistoryRow:
    timestamp: object
    actor: object
    action: str
    subject: str
    changes: list[tuple[str, str, str]]


def _history(dossier: Dossier, decision: Decision | None, events, *, masked: bool) -> list[HistoryRow]:
    """Audit entries of the dossier, its papers and its decision, with the edits the workflow events recorded,
    newest first; foreign keys by name (one query per related table, never one per entry)."""
    types = ContentType.objects.get_for_models(Dossier, Decision, Attachment)
    condition = Q(content_type=types[Dossier], object_id=dossier.pk) | Q(
        content_type=types[Attachment], object_id__in=list(dossier.attachments.values_list("pk", flat=True))
    )
    if decision is not None:
        condition |= Q(content_type=types[Decision], object_id=decision.pk)
    entries = list(LogEntry.objects.filter(condition).select_related("actor").order_by("-timestamp", "-id")[:100])
    models_by_type = {ct.pk: model for model, ct in types.items()}
    wanted: dict = {}
    for entry in entries:
        model = models_by_type[entry.content_type_id]
        for name, values in entry.changes_dict.items():
            model_field = _model_field(model, name)
            if model_field is not None and model_field.is_relation:
                wanted.setdefault(model_field.related_model, set()).update(
                    str(v) for v in values if v not in (None, "None", "")
                )
    names = {}
    for related_model, pks in wanted.items():
        for obj in related_model._default_manager.filter(pk__in=[pk for pk in pks if pk.isdigit()]):
            names[(related_model, str(obj.pk))] = str(obj)
    rows = []
    for entry in entries:
        model = models_by_type[entry.content_type_id]
        changes = []
        if masked:
            changes.append(("—", "", _("(thông tin được bảo mật)")))
        else:
            for name, values in entry.changes_dict.items():
                model_field = _model_field(model, name)
                if model_field is None or name in HISTORY_SKIPPED:
                    continue
                old, new = (list(values) + [None, None])[:2]
                old, new = _display(model_field, old, names), _display(model_field, new, names)
                if old or new:
                    changes.append((str(model_field.verbose_name).capitalize(), old, new))
        rows.append(
            HistoryRow(
                timestamp=entry.timestamp,
                actor=entry.actor or _("Hệ thống"),
                action=str(HISTORY_ACTIONS.get(entry.action, entry.get_action_display())),
                subject=str(model._meta.verbose_name).capitalize(),
                changes=changes,
            )
        )
    for event in events:
        if event.action == "edit":
            changes = [("—", "", _("(thông tin được bảo mật)"))] if masked else _edit_changes(event)
            subject = str(Dossier._meta.verbose_name).capitalize()
            rows.append(HistoryRow(event.at, event.actor or _("Hệ thống"), str(HISTORY_ACTIONS[1]), subject, changes))
    rows.sort(key=lambda row: row.timestamp, reverse=True)
    return rows


def _model_field(model, name):
    """A stored column of `model` (reverse relations the audit log lists are not shown)."""
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return model_field if model_field.concrete else None


def _display(model_field, raw, names: dict) -> str:
    """An audit value as people read it; "" for nothing."""
    if raw in (None, "None", "", "[]"):
        return ""
    if model_field.is_relation:
        return names.get((model_field.related_model, str(raw)), f"#{raw}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(raw, raw))
    internal = model_field.get_internal_type()
    if internal == "BooleanField":
        return _("Có") if raw in ("True", True) else _("Không")
    if internal == "DateField":
        try:
            day = date.fromisoformat(str(raw)[:10])
            return day.strftime("%m/%Y" if model_field.name == "effective_month" else "%d/%m/%Y")
        except ValueError:
            return str(raw)
    if internal == "DecimalField":
        try:
            return printing.coefficient_text(Decimal(str(raw)))
        except InvalidOperation:
            return str(raw)
    if model_field.name in MONEY_FIELDS and str(raw).lstrip("-").isdigit():
        return format_vnd(raw)
    return str(raw)


def render_detail(request, dossier: Dossier, *, attachment_form=None, status=200):
    today = timezone.localdate()
    can_see_hiv = sees_hiv(request)
    masked = is_masked(request, dossier)
    decision = decision_of(dossier)
    events = list(dossier_timeline(dossier))
    attachments = dossier.attachments.select_related("uploaded_by")
    if not can_see_hiv:
        attachments = attachments.exclude(kind=Attachment.Kind.HIV_CONFIRMATION)
    can_attach = dossier.is_open and request.user.has_perm("dossiers.add_attachment")
    if can_attach and attachment_form is None:
        attachment_form = AttachmentForm(can_see_hiv=can_see_hiv)
    posted_until = None
    if dossier.status == Status.POSTED and dossier.posted_until and today <= dossier.posted_until:
        posted_until = dossier.posted_until
    context = {
        "dossier": dossier,
        "status_badge": status_badge(dossier),
        "status_text": status_label(dossier),
        "category_text": category_text(dossier.category, can_see_hiv=can_see_hiv, length=200),
        "masked": masked,
        "facts": _facts(dossier, masked=masked),
        "preview": preview_for_page(dossier_preview(dossier), dossier, can_see_hiv=can_see_hiv)
        if dossier.is_open
        else None,
        "decision": decision,
        "decision_coefficient": printing.coefficient_text(decision.coefficient)
        if decision and decision.coefficient is not None
        else "",
        "attachments": attachments,
        "attachment_form": attachment_form if can_attach else None,
        "timeline": _timeline(dossier, events, masked=masked),
        "deadline": _deadline(dossier, today),
        "posted_until": posted_until,
        "steps": _step_buttons(request, dossier, today),
        "reason_form": ReasonForm(initial={"version": dossier.version}),
        "can_edit": dossier.status in (Status.DRAFT, Status.RETURNED)
        and request.user.has_perm("dossiers.change_dossier"),
        "history": _history(dossier, decision, events, masked=masked),
        "flow_text": _flow_text(dossier),
    }
    return render(request, "dossiers/dossier_detail.html", context, status=status)


def _flow_text(dossier: Dossier) -> str:
    if dossier.flow == workflow.TWO_LEVEL:
        return _("Chủ tịch UBND xã quyết định trong 10 ngày làm việc (Nghị định 147/2025/NĐ-CP)")
    office = upper_office(dossier)
    if dossier.kind == Dossier.Kind.FUNERAL:
        # Funeral support is not posted publicly: the commune reviews and forwards (Art. 11.2).
        return _("Xã xét duyệt; %(office)s thẩm định và quyết định (khoản 2 Điều 11 Nghị định 20/2021/NĐ-CP)") % {
            "office": office
        }
    return _("Xã xét duyệt, niêm yết; %(office)s thẩm định và quyết định (Điều 8 Nghị định 20/2021/NĐ-CP)") % {
        "office": office
    }


@permission_required("dossiers.view_dossier", raise_exception=True)
def dossier_detail(request, pk):
    return render_detail(request, dossier_get_for_user(request.user, pk))
