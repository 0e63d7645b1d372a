"""Recording what was handed out for an approved line: money by source, rice in kg, goods."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import selectors, services
from ..forms import DisbursementForm
from ..models import Disbursement, FundingSource
from .common import add_service_errors


def _initial(assessment, line, money: int, rice: Decimal) -> dict:
    """What is still owed, paid the usual way: rice in kind, money in cash to the household head."""
    left_money, left_rice = line.amount - money, line.rice_kg - rice
    method = Disbursement.Method.IN_KIND if left_rice > 0 or line.amount == 0 else Disbursement.Method.CASH
    recipient = assessment.household.head_name if assessment.household_id else assessment.organisation_name
    return {
        "source": FundingSource.COMMUNE,
        "method": method,
        "amount": max(left_money, 0) if method != Disbursement.Method.IN_KIND else 0,
        "rice_kg": _plain(max(left_rice, Decimal(0))),
        "goods_description": line.goods_description,
        "recipient_name": recipient,
    }


def _plain(kg: Decimal) -> Decimal:
    """180.00 → 180, 22.50 → 22.5: what a person would type."""
    return kg.quantize(Decimal(1)) if kg == kg.to_integral_value() else kg.normalize()


@permission_required("emergency.disburse_aidline", raise_exception=True)
def disbursement_create(request, pk, line_pk):
    assessment = selectors.assessment_get_for_user(request.user, pk)
    line = selectors.line_of(assessment, line_pk)
    money, rice, _count = services.given(line)
    form = DisbursementForm(request.POST or None, initial=_initial(assessment, line, money, rice))
    # Only what the line gives: a money line asks no kg, a rice line no đồng.
    if not line.rice_kg:
        del form.fields["rice_kg"]
    if not line.amount:
        del form.fields["amount"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.disbursement_record(
                actor=request.user,
                line=line,
                source=data["source"],
                method=data["method"],
                paid_on=data["paid_on"],
                recipient_name=data["recipient_name"],
                amount=data.get("amount") or 0,
                rice_kg=data.get("rice_kg") or 0,
                goods_description=data.get("goods_description") or "",
                recipient_signed=data.get("recipient_signed") or False,
                reference=data.get("reference") or "",
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã ghi nhận cấp phát: %(line)s.") % {"line": line.get_aid_type_display()})
            return redirect(reverse("emergency:assessment_detail", args=[assessment.pk]) + "#khoan")
    context = {
        "assessment": assessment,
        "incident": assessment.incident,
        "line": line,
        "given_money": money,
        "given_rice": rice,
        "left_money": line.amount - money,
        "left_rice": line.rice_kg - rice,
        "form": form,
    }
    return render(request, "emergency/disbursement_form.html", context)
