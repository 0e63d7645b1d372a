"""Reconciliation pages: upload the payment organisation's result file, read the matches and problems, confirm.

Thin: the roll and the reconciliation come through scoped selectors (outside the user's unit: 404, nothing
stored), each write is one service call in `payments.services_reconciliation`, whose refusals become messages.
"""

import io
from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.templatetags.vn_format import mask_id_number

from ..exports.cells import XLSX
from ..models import PaymentLine, Reconciliation
from ..reconciliation import MISSING, write_template
from ..selectors import roll_get_for_user
from ..services import ConcurrentChange
from ..services_reconciliation import (
    can_reconcile,
    reconciliation_apply,
    reconciliation_check,
    reconciliation_discard,
    reconciliation_get_for_user,
    roll_line_tuples,
)
from ..tables import status_badge

FULL_ID_PERMISSION = "beneficiaries.view_full_id_number"


class ResultFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp kết quả chi trả (.xlsx hoặc .csv)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
        help_text=gettext_lazy(
            "Tệp được kiểm tra trước; chưa ghi nhận gì cho đến khi bạn xem kết quả đối soát và bấm «Xác nhận»."
        ),
    )


@require_http_methods(["GET", "POST"])
@permission_required("payments.add_reconciliation", raise_exception=True)
def reconciliation_upload(request, pk):
    roll = roll_get_for_user(request.user, pk)
    form = ResultFileForm(request.POST or None, request.FILES or None)
    refusal = can_reconcile(actor=request.user, roll=roll)
    if request.method == "POST" and form.is_valid():
        try:
            reconciliation = reconciliation_check(
                actor=request.user, roll=roll, uploaded_file=form.cleaned_data["file"]
            )
        except ValidationError as exc:  # a PermissionDenied goes up: 403
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"file": exc.messages}
            for field, messages_ in errors.items():
                form.add_error("file" if field not in form.fields else field, messages_)
        else:
            return redirect("payments:reconciliation_detail", pk=reconciliation.pk)
    return render(
        request,
        "payments/reconciliation_upload.html",
        {
            "roll": roll,
            "badge": status_badge(roll),
            "form": form,
            "refusal": refusal,
            "reconciliations": roll.reconciliations.select_related("uploaded_by").defer("matches", "problems")[:20],
        },
        status=400 if form.errors else 200,
    )


@permission_required("payments.add_reconciliation", raise_exception=True)
def reconciliation_template(request, pk):
    """The result template prefilled with the roll's lines: ID, name, amount; «Đã nhận» left empty."""
    roll = roll_get_for_user(request.user, pk)
    buffer = io.BytesIO()
    write_template(buffer, lines=roll_line_tuples(roll), month=roll.month, commune_name=roll.commune.name)
    buffer.seek(0)
    filename = f"ket-qua-chi-tra-{roll.commune.code}-{roll.month:%Y-%m}.xlsx"
    return FileResponse(buffer, as_attachment=True, filename=filename, content_type=XLSX)


def _rows(reconciliation: Reconciliation, show_full_id: bool):
    """Matches and problems with the lines they name (one query for all the lines)."""
    ids = {match["line"] for match in reconciliation.matches}
    ids |= {problem["line"] for problem in reconciliation.problems if problem.get("line")}
    lines = {
        line.pk: line
        for line in PaymentLine.objects.filter(roll=reconciliation.roll, pk__in=ids)
        .select_related("person")
        .only("id", "row_no", "total", "roll_id", "person__id", "person__full_name", "person__id_number")
    }

    def shown_id(line):
        if line is None:
            return ""
        number = line.person.id_number or ""
        return number if show_full_id else mask_id_number(number)

    matches = [
        {
            **match,
            "paid_on": date.fromisoformat(match["paid_on"]) if match["paid_on"] else None,
            "line_obj": lines.get(match["line"]),
            "id_shown": shown_id(lines.get(match["line"])),
        }
        for match in reconciliation.matches
    ]
    problems, missing = [], []
    for problem in reconciliation.problems:
        line = lines.get(problem.get("line"))
        row = {**problem, "line_obj": line, "id_shown": shown_id(line)}
        (missing if problem["kind"] == MISSING else problems).append(row)
    return matches, problems, missing


@permission_required("payments.view_reconciliation", raise_exception=True)
def reconciliation_detail(request, pk):
    reconciliation = reconciliation_get_for_user(request.user, pk)
    roll = reconciliation.roll
    matches, problems, missing = _rows(reconciliation, request.user.has_perm(FULL_ID_PERMISSION))
    can_act = (
        reconciliation.status == Reconciliation.Status.CHECKED
        and request.user.has_perm("payments.add_reconciliation")
        and can_reconcile(actor=request.user, roll=roll) is None
    )
    paid = sum(1 for match in matches if match["paid"])
    return render(
        request,
        "payments/reconciliation_detail.html",
        {
            "reconciliation": reconciliation,
            "roll": roll,
            "badge": status_badge(roll),
            "matches": matches,
            "problems": problems,
            "missing": missing,
            "paid_count": paid,
            "unpaid_count": len(matches) - paid,
            "can_act": can_act,
        },
    )


@permission_required("payments.add_reconciliation", raise_exception=True)
@require_POST
def reconciliation_confirm(request, pk):
    reconciliation = reconciliation_get_for_user(request.user, pk)
    try:
        reconciliation_apply(actor=request.user, reconciliation=reconciliation)
    except ConcurrentChange as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        for message in exc.messages:
            messages.warning(request, message)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Bạn không có quyền ghi nhận kết quả chi trả."))
    else:
        messages.success(
            request,
            _("Đã ghi nhận kết quả chi trả cho %(n)s người theo tệp «%(name)s».")
            % {"n": len(reconciliation.matches), "name": reconciliation.original_name},
        )
        return redirect("payments:roll_detail", pk=reconciliation.roll_id)
    return redirect("payments:reconciliation_detail", pk=reconciliation.pk)


@permission_required("payments.add_reconciliation", raise_exception=True)
@require_POST
def reconciliation_cancel(request, pk):
    reconciliation = reconciliation_get_for_user(request.user, pk)
    try:
        reconciliation_discard(actor=request.user, reconciliation=reconciliation)
    except ValidationError as exc:
        for message in exc.messages:
            messages.warning(request, message)
        return redirect("payments:reconciliation_detail", pk=reconciliation.pk)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("payments:reconciliation_detail", pk=reconciliation.pk)
    messages.success(
        request, _("Đã huỷ lần đối soát «%(name)s»; không ghi nhận gì.") % {"name": reconciliation.original_name}
    )
    return redirect("payments:reconciliation_upload", pk=reconciliation.roll_id)
