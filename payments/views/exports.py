"""Downloads: a roll as .xlsx, its signature sheet and bank transfer file; a unit's rolls, summary and
health-insurance list for a month.

Every roll is fetched through `accounts.jurisdiction.get_or_404` (outside the user's units: 404); a unit-level
file takes its unit from `units_visible_to(user)` (`?unit=<id>`, the user's own unit when absent) and its month
from `?month=MM/YYYY` (this month when absent). What the reader may see — HIV categories, full ID numbers —
follows the user's permissions and is passed to the writers.
"""

import io
import tempfile

from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.jurisdiction import active_assignment, get_or_404, scope, unit_get_or_404
from policy.rules import first_of_month

from ..exports.bank_csv import write_bank_csv
from ..exports.cells import XLSX
from ..exports.health_insurance import write_health_insurance_xlsx
from ..exports.roll_xlsx import write_roll_xlsx
from ..exports.signature_sheet import write_signature_sheet
from ..exports.source import parse_month, rolls_in_unit
from ..exports.summary_xlsx import write_summary_xlsx
from ..models import PaymentRoll

VIEW_ROLLS = "payments.view_paymentroll"


def _reader(user) -> dict:
    return {
        "show_hiv": user.has_perm("beneficiaries.view_hiv_status"),
        "show_full_id": user.has_perm("beneficiaries.view_full_id_number"),
    }


def _roll(request, pk: int) -> PaymentRoll:
    queryset = PaymentRoll.objects.select_related("commune__parent", "commune__province")
    return get_or_404(queryset, request.user, unit_field="commune", pk=pk)


def _xlsx(write, filename: str) -> FileResponse:
    # Spooled: a commune's file stays in memory, a province-wide one goes to disk while it is written.
    buffer = tempfile.SpooledTemporaryFile(max_size=5 * 1024 * 1024)
    write(buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=filename, content_type=XLSX)


def _unit_and_month(request):
    """The unit (inside the user's units, else 404) and month of a unit-level file; a bad month is None."""
    month = first_of_month(timezone.localdate())
    if "month" in request.GET:
        month = parse_month(request.GET["month"])
    unit_id = request.GET.get("unit")
    if unit_id:
        if not unit_id.isdigit():
            raise Http404
        unit = unit_get_or_404(request.user, pk=int(unit_id))
    else:
        assignment = active_assignment(request.user)
        if assignment is None:
            raise Http404
        unit = assignment.unit
    return unit, month


def _bad_month() -> HttpResponseBadRequest:
    return HttpResponseBadRequest(_("Tháng không hợp lệ: ghi theo dạng MM/YYYY, ví dụ 11/2026."))


@require_GET
@permission_required(VIEW_ROLLS, raise_exception=True)
def roll_export_xlsx(request, pk):
    roll = _roll(request, pk)
    return _xlsx(
        lambda out: write_roll_xlsx(
            out,
            unit=roll.commune,
            month=roll.month,
            rolls=[roll],
            today=timezone.localdate(),
            **_reader(request.user),
        ),
        f"danh-sach-chi-tra-{roll.commune.code}-{roll.month:%Y-%m}.xlsx",
    )


@require_GET
@permission_required(VIEW_ROLLS, raise_exception=True)
def roll_signature_sheet(request, pk):
    roll = _roll(request, pk)
    return _xlsx(
        lambda out: write_signature_sheet(out, roll=roll),
        f"danh-sach-ky-nhan-{roll.commune.code}-{roll.month:%Y-%m}.xlsx",
    )


@require_GET
@permission_required(VIEW_ROLLS, raise_exception=True)
def roll_bank_csv(request, pk):
    roll = _roll(request, pk)
    text = io.StringIO()
    write_bank_csv(text, roll=roll, show_full_id=_reader(request.user)["show_full_id"])
    response = HttpResponse(text.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="chuyen-khoan-{roll.commune.code}-{roll.month:%Y-%m}.csv"'
    return response


@require_GET
@permission_required(VIEW_ROLLS, raise_exception=True)
def unit_roll_export_xlsx(request):
    """Every commune's roll of a district or province for a month, in one file (see exports.roll_xlsx)."""
    unit, month = _unit_and_month(request)
    if month is None:
        return _bad_month()
    rolls = list(scope(rolls_in_unit(unit, month), request.user))
    return _xlsx(
        lambda out: write_roll_xlsx(
            out, unit=unit, month=month, rolls=rolls, today=timezone.localdate(), **_reader(request.user)
        ),
        f"danh-sach-chi-tra-{unit.code}-{month:%Y-%m}.xlsx",
    )


@require_GET
@permission_required(VIEW_ROLLS, raise_exception=True)
def month_summary(request):
    unit, month = _unit_and_month(request)
    if month is None:
        return _bad_month()
    return _xlsx(
        lambda out: write_summary_xlsx(out, unit=unit, month=month, today=timezone.localdate()),
        f"tong-hop-chi-tra-{unit.code}-{month:%Y-%m}.xlsx",
    )


@require_GET
@permission_required([VIEW_ROLLS, "beneficiaries.view_entitlement"], raise_exception=True)
def health_insurance_list(request):
    unit, month = _unit_and_month(request)
    if month is None:
        return _bad_month()
    return _xlsx(
        lambda out: write_health_insurance_xlsx(
            out, unit=unit, month=month, today=timezone.localdate(), **_reader(request.user)
        ),
        f"bhyt-tang-giam-{unit.code}-{month:%Y-%m}.xlsx",
    )
