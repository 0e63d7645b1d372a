"""Vietnamese display formats: amounts `1.500.000 ₫`, dates dd/mm/yyyy, masked ID numbers."""

from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()


def format_vnd(amount) -> str:
    """Whole đồng with dot thousands: 1500000 → '1.500.000 ₫'. Money is never a float here."""
    if amount is None or amount == "":
        return ""
    value = int(amount)
    sign = "-" if value < 0 else ""
    return f"{sign}{abs(value):,}".replace(",", ".") + "\u00a0₫"


def format_count(value) -> str:
    if value is None:
        return ""
    return f"{int(value):,}".replace(",", ".")


def mask_id_number(value: str | None) -> str:
    """Keep the first 3 and last 3 digits: 087123456789 → 087******789."""
    if not value:
        return ""
    if len(value) <= 6:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 6) + value[-3:]


@register.filter
def vnd(amount) -> str:
    return format_vnd(amount)


@register.filter
def count(value) -> str:
    return format_count(value)


@register.filter
def dmy(value) -> str:
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


@register.filter
def masked_id(value) -> str:
    return mask_id_number(value)
