"""Roll pages: the month's rolls of the user's unit, one roll with its lines, changes and history, and each step.

Thin: every roll is fetched through a scoped selector (outside the user's unit: 404, for every URL), every write
is one service call, and the services' ValidationError / PermissionDenied / ConcurrentChange become messages.
Who approves is the services' answer (the province's deciding level), never named here.
"""

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from accounts.jurisdiction import active_assignment
from accounts.models import Role
from core.pagination import CappedPaginator
from core.selectors import job_get_for_user
from locations.models import Level

from .. import services
from ..filters import LineFilter
from ..forms import GenerateForm, LineRecordForm, MonthForm, ReturnForm, month_value
from ..models import PaymentRoll
from ..selectors import (
    Cashless,
    CommuneRow,
    cashless_for,
    commune_rows,
    line_counts,
    roll_changes,
    roll_events,
    roll_for_commune,
    roll_get_for_user,
    roll_line_get,
    roll_lines,
    sensitive_codes,
)
from ..services import STEPS, ConcurrentChange
from ..tables import LineTable, mask_codes, status_badge

HIV_PERMISSION = "beneficiaries.view_hiv_status"
FULL_ID_PERMISSION = "beneficiaries.view_full_id_number"

EVENT_LABELS = {
    "generated": gettext_lazy("Lập danh sách"),
    "regenerated": gettext_lazy("Lập lại danh sách"),
    "submitted": gettext_lazy("Trình duyệt"),
    "returned": gettext_lazy("Trả lại"),
    "approved": gettext_lazy("Phê duyệt"),
    "recorded": gettext_lazy("Ghi nhận kết quả chi trả"),
    "paid": gettext_lazy("Hoàn tất chi trả"),
    "closed": gettext_lazy("Khoá sổ"),
    "reconciled": gettext_lazy("Đối soát kết quả chi trả"),
}

STEP_STYLES = {"submit": "primary", "approve": "success", "return": "warning", "finish": "success", "close": "dark"}
STEP_DONE = {
    "submit": gettext_lazy("Đã trình duyệt danh sách tháng %(month)s."),
    "approve": gettext_lazy("Đã phê duyệt danh sách tháng %(month)s."),
    "return": gettext_lazy("Đã trả lại danh sách tháng %(month)s cho xã."),
    "finish": gettext_lazy("Đã hoàn tất chi trả danh sách tháng %(month)s."),
    "close": gettext_lazy("Đã khoá sổ danh sách tháng %(month)s."),
}


def _messages_of(exc: ValidationError) -> list[str]:
    return exc.messages


def _list_url(month, **extra) -> str:
    return reverse("payments:roll_list") + "?" + urlencode({"thang": month_value(month), **extra})


def _can_generate(user) -> bool:
    assignment = active_assignment(user)
    return user.has_perm("payments.change_paymentroll") and assignment is not None


# --- The month's rolls --------------------------------------------------------------------------------------


@permission_required("payments.view_paymentroll", raise_exception=True)
def roll_list(request):
    form = MonthForm(request.GET or None)
    month = form.month
    assignment = active_assignment(request.user)
    if assignment is None:
        raise PermissionDenied
    job = None
    if request.GET.get("job", "").isdigit():
        job = job_get_for_user(request.user, int(request.GET["job"]))
    context = {
        "form": form,
        "month": month,
        "unit": assignment.unit,
        "job": job,
        "can_generate": _can_generate(request.user),
        "generate_form": GenerateForm(initial={"thang": month_value(month)}),
    }
    if assignment.unit.level == Level.COMMUNE:
        roll = roll_for_commune(request.user, assignment.unit, month)
        context.update(roll=roll, roll_badge=status_badge(roll), commune_view=True)
        return render(request, "payments/roll_list.html", context)
    rows = commune_rows(request.user, month)
    cashless = cashless_for([row.commune for row in rows], month)
    for row in rows:
        row.badge = status_badge(row.roll)
        row.cashless = cashless[row.commune.pk]
    context.update(
        rows=rows,
        totals=_totals(rows),
        chart=_chart(assignment.unit, rows, month),
        # A two-level province's communes hang straight off the province: no district column then.
        show_district=assignment.unit.level == Level.PROVINCE
        and any(row.commune.parent is not None and row.commune.parent.level == Level.DISTRICT for row in rows),
    )
    return render(request, "payments/roll_list.html", context)


def _totals(rows) -> dict:
    rolls = [row.roll for row in rows if row.roll is not None]
    summed = Cashless(
        sum(r.lines_count for r in rolls),
        sum(r.account_lines for r in rolls),
        sum(r.total for r in rolls),
        sum(r.account_total for r in rolls),
    )
    return {
        "communes": len(rows),
        "generated": len(rolls),
        "approved": sum(1 for r in rolls if r.locked),
        "cashless": summed,
    }


def _chart(unit, rows, month) -> dict | None:
    """Cashless share per district (province users of a three-level province) or per commune, for Chart.js."""
    districts = {}
    if unit.level == Level.PROVINCE:
        for row in rows:
            parent = row.commune.parent
            if parent is not None and parent.level == Level.DISTRICT:
                districts[parent.pk] = parent
    if districts:
        figures = cashless_for(list(districts.values()), month)
        by, points = "district", [(d.name, figures[d.pk].people_share) for d in districts.values()]
    else:
        by, points = "commune", [(row.commune.name, row.cashless.people_share) for row in rows]
    points = [(name, float(share)) for name, share in points if share is not None]
    if not points:
        return None
    return {"by": by, "labels": [name for name, _share in points], "values": [share for _name, share in points]}


@permission_required("payments.change_paymentroll", raise_exception=True)
@require_POST
def roll_generate_start(request):
    """Lập danh sách: one job for the user's unit (every paying commune in it), shown with its progress."""
    from ..generation import generation_start

    assignment = active_assignment(request.user)
    form = GenerateForm(request.POST)
    month = form.month
    if assignment is None or month is None:
        raise Http404
    try:
        job = generation_start(unit=assignment.unit, month=month, actor=request.user)
    except ValidationError as exc:
        for message in _messages_of(exc):
            messages.error(request, message)
        return redirect(_list_url(month))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Bạn không có quyền lập danh sách chi trả."))
        return redirect(_list_url(month))
    return redirect(_list_url(month, job=job.pk))


@permission_required("payments.view_paymentroll", raise_exception=True)
def generation_progress(request, job_pk):
    """Per-commune progress of a generation job; htmx polls it until the job finishes."""
    from ..generation import JOB_KIND
    from ..generation import generation_progress as progress

    job = job_get_for_user(request.user, job_pk)
    if job.kind != JOB_KIND:
        raise Http404
    skipped = set(job.params.get("skipped", []))
    rows = []
    for commune, roll in progress(job):
        row = CommuneRow(commune, roll)
        row.badge = status_badge(roll)
        row.done = roll is not None and roll.generated_at is not None and roll.generated_at >= job.created_at
        row.note = _("Đã trình duyệt hoặc phê duyệt, không lập lại") if commune.pk in skipped else ""
        rows.append(row)
    month = date.fromisoformat(job.params["month"])
    return render(request, "payments/_generation_progress.html", {"job": job, "rows": rows, "month": month})


# --- One roll -----------------------------------------------------------------------------------------------


@permission_required("payments.view_paymentroll", raise_exception=True)
def roll_detail(request, pk):
    roll = roll_get_for_user(request.user, pk)
    return _render_detail(request, roll)


def _hidden_codes(request) -> frozenset[str]:
    """HIV category codes the user may not see (SPEC §2), masked on the lines and in the changes' notes."""
    return frozenset() if request.user.has_perm(HIV_PERMISSION) else sensitive_codes()


def _lines_table(request, roll, hidden: frozenset[str]):
    can_record = roll.locked and services.can_record(actor=request.user, roll=roll)
    lines = LineFilter(request.GET, queryset=roll_lines(roll), request=request, roll=roll)
    table = LineTable(
        lines.qs,
        roll=roll,
        show_full_id=request.user.has_perm(FULL_ID_PERMISSION),
        hidden_codes=hidden,
        can_record=can_record,
    )
    RequestConfig(request, paginate={"per_page": 50, "paginator_class": CappedPaginator}).configure(table)
    return lines, table


def _render_detail(request, roll: PaymentRoll, *, return_form=None, status=200):
    hidden = _hidden_codes(request)
    lines, table = _lines_table(request, roll, hidden)
    if request.htmx and request.htmx.target == "list-results":
        return render(request, "payments/_roll_lines.html", {"table": table, "roll": roll})
    actions = services.roll_actions(actor=request.user, roll=roll)
    steps = [
        {
            "action": action,
            "label": STEPS[action].label,
            "style": STEP_STYLES[action],
            "disabled_reason": reason,
            "url": reverse("payments:roll_step", args=[roll.pk, action]),
        }
        for action, reason in actions.items()
    ]
    events = roll_events(roll)
    status_labels = dict(PaymentRoll.Status.choices)
    for event in events:
        event.label = EVENT_LABELS.get(event.action, event.action)
        event.from_label = status_labels.get(event.from_status, "")
        event.to_label = status_labels.get(event.to_status, event.to_status)
    change_groups = roll_changes(roll)
    for group in change_groups:
        for change in group.changes:
            change.note_shown = mask_codes(change.note, hidden=hidden) if hidden else change.note
    commune = roll.commune
    context = {
        "roll": roll,
        "badge": status_badge(roll),
        "district": commune.parent if commune.parent_id and commune.parent.level == Level.DISTRICT else None,
        "filter": lines,
        "table": table,
        "steps": steps,
        "return_form": return_form or ReturnForm(),
        "show_return": return_form is not None,
        "can_regenerate": roll.status == PaymentRoll.Status.DRAFT
        and request.user.has_perm("payments.change_paymentroll"),
        "cashless": Cashless(roll.lines_count, roll.account_lines, roll.total, roll.account_total),
        "counts": line_counts(roll) if roll.locked else None,
        "change_groups": change_groups,
        "change_count": sum(group.count for group in change_groups),
        "events": events,
        "decider": _decider_text(roll),
        "can_reconcile": _can_reconcile(request, roll),
    }
    return render(request, "payments/roll_detail.html", context, status=status)


def _can_reconcile(request, roll: PaymentRoll) -> bool:
    """The upload of the payment organisation's result file (payments.services_reconciliation decides)."""
    if not roll.locked or not request.user.has_perm("payments.add_reconciliation"):
        return False
    from ..services_reconciliation import can_reconcile

    return can_reconcile(actor=request.user, roll=roll) is None


def _decider_text(roll: PaymentRoll) -> str:
    role, _unit = services.deciding_office(roll)
    if role == Role.COMMUNE_LEADER:
        return _("Lãnh đạo UBND %(unit)s") % {"unit": roll.commune.name}
    return _("Lãnh đạo %(unit)s") % {"unit": roll.commune.parent.name}


def _stale(request, roll: PaymentRoll) -> bool:
    if str(roll.version) != request.POST.get("version", ""):
        # The page was opened before someone else changed the roll: nothing happens, the user sees why.
        messages.error(request, ConcurrentChange.message)
        return True
    return False


@permission_required("payments.view_paymentroll", raise_exception=True)
@require_POST
def roll_step(request, pk, action):
    if action not in STEPS:
        raise Http404
    roll = roll_get_for_user(request.user, pk)
    detail = redirect("payments:roll_detail", pk=roll.pk)
    if _stale(request, roll):
        return detail
    kwargs = {}
    if action == "return":
        form = ReturnForm(request.POST)
        if not form.is_valid():
            return _render_detail(request, roll, return_form=form, status=400)
        kwargs["reason"] = form.cleaned_data["reason"]
    service = {
        "submit": services.roll_submit,
        "approve": services.roll_approve,
        "return": services.roll_return,
        "finish": services.roll_finish,
        "close": services.roll_close,
    }[action]
    try:
        service(actor=request.user, roll=roll, **kwargs)
    except ConcurrentChange as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        for message in _messages_of(exc):
            messages.error(request, message)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Bạn không có quyền thực hiện bước này."))
    else:
        messages.success(request, STEP_DONE[action] % {"month": f"{roll.month:%m/%Y}"})
    return detail


@permission_required("payments.change_paymentroll", raise_exception=True)
@require_POST
def roll_regenerate(request, pk):
    """Lập lại: the same inputs give the same roll (payments.generation); only a draft is regenerated."""
    from ..generation import roll_generate

    roll = roll_get_for_user(request.user, pk)
    detail = redirect("payments:roll_detail", pk=roll.pk)
    if _stale(request, roll):
        return detail
    try:
        roll_generate(commune=roll.commune, month=roll.month, actor=request.user)
    except ConcurrentChange as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        for message in _messages_of(exc):
            messages.error(request, message)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Bạn không có quyền lập lại danh sách."))
    else:
        messages.success(request, _("Đã lập lại danh sách tháng %(month)s.") % {"month": f"{roll.month:%m/%Y}"})
    return detail


@permission_required("payments.record_payment", raise_exception=True)
@require_POST
def line_record(request, pk, line_pk):
    """Đã nhận / Chưa nhận for one line (htmx): answers the line's result cell and the roll's counts."""
    roll = roll_get_for_user(request.user, pk)
    line = roll_line_get(roll, line_pk)
    data = request.POST.copy()
    if not data.get("reason") and request.htmx and request.htmx.prompt:
        data["reason"] = request.htmx.prompt  # django-htmx undoes htmx's URI encoding of non-ASCII text
    form = LineRecordForm(data)
    error = ""
    if form.is_valid():
        try:
            services.line_record(
                actor=request.user,
                line=line,
                paid=form.cleaned_data["paid"],
                paid_on=form.cleaned_data["paid_on"],
                reason=form.cleaned_data["reason"],
            )
        except ConcurrentChange as exc:
            error = exc.message
        except ValidationError as exc:
            error = " ".join(_messages_of(exc))
        except PermissionDenied as exc:
            error = str(exc) or _("Bạn không có quyền ghi nhận kết quả chi trả.")
    else:
        error = " ".join(message for errors in form.errors.values() for message in errors)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("payments:roll_detail", pk=roll.pk)
    counts = line_counts(roll)
    context = {
        "line": line,
        "roll": roll,
        "can_record": services.can_record(actor=request.user, roll=roll),
        "error": error,
        "counts": counts,
        "oob": True,
    }
    response = render(request, "payments/_line_paid.html", context)
    if not error and roll.status == PaymentRoll.Status.APPROVED and counts["waiting"] == 0:
        # The last line is recorded: reload the page so «Hoàn tất chi trả» becomes available.
        response["HX-Refresh"] = "true"
    return response
