"""Handing out approved aid: each line paid by one or more disbursements, each from one funding source.

Money disbursed never exceeds the line's amount, rice never exceeds its kg; cash needs the recipient's
signature. When every line of an approved assessment is fully given, the assessment becomes `disbursed`.
"""

from datetime import date
from decimal import Decimal

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from core.templatetags.vn_format import format_vnd

from ..models import AidLine, Assessment, Disbursement, FundingSource
from .common import move, require_recorder

Status = Assessment.Status
Method = Disbursement.Method


def _vnd(amount: int) -> str:
    return format_vnd(amount).replace("\u00a0", " ")


def _kg(value: Decimal) -> str:
    return format(Decimal(value).normalize(), "f").replace(".", ",")


def given(line: AidLine) -> tuple[int, Decimal, int]:
    """Money, rice kg and number of disbursements recorded so far for `line`."""
    row = line.disbursements.aggregate(money=Sum("amount"), rice=Sum("rice_kg"), n=Count("id"))
    return row["money"] or 0, row["rice"] or Decimal(0), row["n"]


def line_complete(line: AidLine, money: int, rice: Decimal, count: int) -> bool:
    """Fully given: all the money and all the rice; a line of goods only (no money, no rice) once handed out."""
    if line.amount == 0 and line.rice_kg == 0:
        return count > 0
    return money >= line.amount and rice >= line.rice_kg


def _check(line: AidLine, *, source, method, amount, rice_kg, goods_description, paid_on, recipient_name, signed):
    errors = {}
    if source not in FundingSource.values:
        errors["source"] = "Nguồn kinh phí: vui lòng chọn nguồn."
    if method not in Method.values:
        errors["method"] = "Hình thức: vui lòng chọn tiền mặt, chuyển khoản hoặc hiện vật."
    if amount < 0:
        errors["amount"] = "Số tiền không được âm."
    if rice_kg < 0:
        errors["rice_kg"] = "Số gạo không được âm."
    if amount == 0 and rice_kg == 0 and not goods_description:
        errors["amount"] = "Nhập số tiền, số kg gạo hoặc hiện vật đã cấp."
    if method in (Method.CASH, Method.TRANSFER) and rice_kg > 0:
        errors["rice_kg"] = "Gạo là hiện vật: chọn hình thức «Hiện vật»."
    if method == Method.IN_KIND and amount > 0:
        errors["amount"] = "Cấp hiện vật không ghi số tiền; tiền mặt hoặc chuyển khoản ghi thành dòng riêng."
    if method == Method.CASH and not signed:
        errors["recipient_signed"] = "Chi tiền mặt: người nhận phải ký nhận."
    if not recipient_name:
        errors["recipient_name"] = "Người nhận: vui lòng nhập họ tên người nhận."
    if paid_on is None:
        errors["paid_on"] = "Ngày cấp phát: vui lòng nhập ngày dạng dd/mm/yyyy."
    elif paid_on > timezone.localdate():
        errors["paid_on"] = "Ngày cấp phát không được sau hôm nay."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def disbursement_record(
    *,
    actor,
    line: AidLine,
    source: str,
    method: str,
    paid_on: date,
    recipient_name: str,
    amount: int = 0,
    rice_kg: Decimal | int = 0,
    goods_description: str = "",
    recipient_signed: bool = False,
    reference: str = "",
) -> Disbursement:
    """Record what was handed out for one approved line, from one funding source (SPEC §5)."""
    # Lock the assessment: two officers recording at once cannot together give more than the line holds.
    assessment = Assessment.objects.select_for_update().select_related("commune", "incident").get(pk=line.assessment_id)
    require_recorder(actor, assessment.commune)
    if assessment.status != Status.APPROVED:
        raise ValidationError(
            f"Chỉ cấp phát phiếu đã có quyết định hỗ trợ; phiếu đang ở trạng thái «{assessment.get_status_display()}»."
        )
    amount, rice_kg = int(amount or 0), Decimal(rice_kg or 0)
    recipient_name = " ".join(recipient_name.split())
    goods_description = goods_description.strip()
    _check(
        line,
        source=source,
        method=method,
        amount=amount,
        rice_kg=rice_kg,
        goods_description=goods_description,
        paid_on=paid_on,
        recipient_name=recipient_name,
        signed=recipient_signed,
    )
    money, rice, _count = given(line)
    errors = {}
    if money + amount > line.amount:
        errors["amount"] = (
            f"Vượt số tiền được duyệt: đã cấp {_vnd(money)}, khoản này chỉ còn {_vnd(line.amount - money)}."
        )
    if rice + rice_kg > line.rice_kg:
        errors["rice_kg"] = f"Vượt số gạo được duyệt: đã cấp {_kg(rice)} kg, còn {_kg(line.rice_kg - rice)} kg."
    if errors:
        raise ValidationError(errors)
    row = Disbursement(
        line=line,
        source=source,
        method=method,
        amount=amount,
        rice_kg=rice_kg,
        goods_description=goods_description[:300],
        paid_on=paid_on,
        recipient_name=recipient_name,
        recipient_signed=recipient_signed,
        reference=reference.strip()[:60],
        recorded_by=actor,
    )
    with set_actor(actor):
        row.save()
    if _all_given(assessment):
        move(assessment, to=Status.DISBURSED, action="disbursed", actor=actor)
    return row


def _all_given(assessment: Assessment) -> bool:
    lines = assessment.lines.annotate(money=Sum("disbursements__amount"), rice=Sum("disbursements__rice_kg"))
    lines = lines.annotate(n=Count("disbursements"))
    return all(line_complete(line, line.money or 0, line.rice or Decimal(0), line.n) for line in lines)
