"""The checks every generation makes first: the month (at most one ahead) and the roll (only a draft)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from policy.rules import add_months, first_of_month

from ..models import PaymentRoll

Status = PaymentRoll.Status


def check_month(month: date) -> date:
    """The roll's month as its first day; refused when more than one month after today's month."""
    month = first_of_month(month)
    latest = add_months(first_of_month(timezone.localdate()), 1)
    if month > latest:
        raise ValidationError(
            {
                "month": f"Chỉ lập được danh sách chi trả đến tháng {latest:%m/%Y} (tháng sau); "
                f"tháng {month:%m/%Y} còn quá xa."
            }
        )
    return month


def check_draft(roll: PaymentRoll) -> None:
    if roll.status == Status.DRAFT:
        return
    if roll.status == Status.SUBMITTED:
        message = (
            f"Danh sách tháng {roll.month:%m/%Y} đã trình duyệt, không thể lập lại; cần được trả lại trước khi lập lại."
        )
    else:
        message = (
            f"Danh sách tháng {roll.month:%m/%Y} đã phê duyệt, không thể lập lại; "
            "sai sót được điều chỉnh ở danh sách tháng sau (truy lĩnh hoặc truy thu)."
        )
    raise ValidationError({"month": message})
