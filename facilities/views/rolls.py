"""Nurturing roll pages: the rolls of the facilities in scope, one roll with its lines, generate, approve, export.

Thin: rolls and facilities are fetched through scoped selectors (outside the scope: 404 for every URL); each
write is one service call whose ValidationError / PermissionDenied / ConcurrentChange becomes a message.
A facility's roll is a few hundred lines, so generating runs in the request (the monthly schedule and the
command use the Celery task / the service for every facility at once).
"""

import tempfile
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.pagination import CappedPaginator
from payments.exports.cells import XLSX
from payments.forms import month_value

from ..exports import roll_filename, write_roll_xlsx
from ..forms import RollFilterForm, RollGenerateForm, parse_month_value
from ..models import Facility, NurturingRoll
from ..nurturing import coefficient_text
from ..selectors.facilities import facility_get_for_user, facility_list_for_user
from ..selectors.rolls import roll_get_for_user, roll_history, roll_lines, roll_list_for_user, roll_sums
from ..services.rolls import ConcurrentChange, approve_problem, nurturing_roll_approve, nurturing_roll_generate

VIEW = "facilities.view_nurturingroll"
FULL_ID = "beneficiaries.view_full_id_number"


def _public_facilities(user):
    return facility_list_for_user(user).filter(ownership=Facility.Ownership.PUBLIC)


def _error_messages(request, exc: Exception, fallback: str) -> None:
    if isinstance(exc, ValidationError):
        for message in exc.messages:
            messages.error(request, message)
    elif isinstance(exc, ConcurrentChange):
        messages.error(request, exc.message)
    else:
        messages.error(request, str(exc) or fallback)


@require_GET
@permission_required(VIEW, raise_exception=True)
def roll_list(request):
    today = timezone.localdate()
    facilities = _public_facilities(request.user)
    form = RollFilterForm(request.GET or None, facilities=facilities, today=today)
    facility = month = None
    if form.is_valid():
        facility = form.cleaned_data["co_so"]
        month = parse_month_value(form.cleaned_data["thang"])
    rolls = roll_list_for_user(request.user, facility=facility, month=month)
    page = CappedPaginator(rolls, 50).get_page(request.GET.get("page"))
    can_generate = request.user.has_perm("facilities.change_nurturingroll")
    context = {
        "form": form,
        "page": page,
        "query": urlencode({k: v for k, v in request.GET.items() if k != "page"}),
        "can_generate": can_generate,
        "generate_facilities": list(facilities) if can_generate else [],
        "generate_form": RollGenerateForm(today=today),
    }
    return render(request, "facilities/roll_list.html", context)


@permission_required(VIEW, raise_exception=True)
def roll_detail(request, pk):
    roll = roll_get_for_user(request.user, pk)
    try:
        problem = approve_problem(actor=request.user, roll=roll)
        can_approve = request.user.has_perm("facilities.approve_nurturingroll")
    except PermissionDenied:
        problem, can_approve = None, False
    lines = CappedPaginator(roll_lines(roll), 100).get_page(request.GET.get("page"))
    lines.object_list = list(lines.object_list)
    for line in lines.object_list:
        line.coefficient_shown = coefficient_text(line.coefficient)  # "4,0", as in the basis and the decree
    context = {
        "roll": roll,
        "lines": lines,
        "sums": roll_sums(roll),
        "can_approve": can_approve and roll.status == NurturingRoll.Status.DRAFT,
        "approve_problem": problem,
        "can_regenerate": roll.status == NurturingRoll.Status.DRAFT
        and request.user.has_perm("facilities.change_nurturingroll"),
        "history": roll_history(roll),
        "show_full_id": request.user.has_perm(FULL_ID),
    }
    return render(request, "facilities/roll_detail.html", context)


@require_POST
@permission_required("facilities.change_nurturingroll", raise_exception=True)
def roll_generate(request, pk):
    """Lập / lập lại the facility's roll for the posted month."""
    facility = facility_get_for_user(request.user, pk)
    form = RollGenerateForm(request.POST, today=timezone.localdate())
    month = form.month
    back = reverse("facilities:roll_list") + "?" + urlencode({"co_so": facility.pk})
    if month is None:
        messages.error(request, _("Tháng lập danh sách không hợp lệ."))
        return redirect(back)
    try:
        roll = nurturing_roll_generate(facility=facility, month=month, actor=request.user)
    except (ValidationError, PermissionDenied, ConcurrentChange) as exc:
        _error_messages(request, exc, _("Bạn không có quyền lập danh sách trợ cấp nuôi dưỡng."))
        return redirect(back + "&" + urlencode({"thang": month_value(month)}))
    messages.success(
        request,
        _("Đã lập danh sách trợ cấp nuôi dưỡng tháng %(month)s: %(people)s người.")
        % {"month": f"{roll.month:%m/%Y}", "people": roll.people},
    )
    return redirect("facilities:roll_detail", pk=roll.pk)


@require_POST
@permission_required("facilities.approve_nurturingroll", raise_exception=True)
def roll_approve(request, pk):
    roll = roll_get_for_user(request.user, pk)
    try:
        nurturing_roll_approve(roll=roll, actor=request.user)
    except (ValidationError, PermissionDenied, ConcurrentChange) as exc:
        _error_messages(request, exc, _("Bạn không có quyền duyệt danh sách này."))
    else:
        messages.success(request, _("Đã duyệt danh sách tháng %(month)s.") % {"month": f"{roll.month:%m/%Y}"})
    return redirect("facilities:roll_detail", pk=roll.pk)


@require_GET
@permission_required(VIEW, raise_exception=True)
def roll_xlsx(request, pk):
    roll = roll_get_for_user(request.user, pk)
    buffer = tempfile.SpooledTemporaryFile(max_size=5 * 1024 * 1024)
    write_roll_xlsx(buffer, roll=roll, show_full_id=request.user.has_perm(FULL_ID), today=timezone.localdate())
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=roll_filename(roll), content_type=XLSX)
