"""What the exports read and how they name things: lines as plain tuples straight from the database (never a
model object per line), the rolls and communes a unit covers, and what the reader may see of a category or an
ID number.

The file texts (titles, labels) are plain Vietnamese, as in the import template: they are a file format others
rely on (SPEC §3), not page text.
"""

import re
from collections.abc import Iterator
from datetime import date

from django.db.models import Q, QuerySet

from beneficiaries.models import PaymentMethod
from core.templatetags.vn_format import mask_id_number
from locations.models import AdministrativeUnit, Level
from payments.models import PaymentLine, PaymentRoll
from policy.models import Category
from policy.rules import add_months

HIDDEN = "—"
CHUNK = 2000
CASH_METHODS = (PaymentMethod.CASH, PaymentMethod.POST_OFFICE)
ACCOUNT_METHODS = (PaymentMethod.BANK, PaymentMethod.E_WALLET)

LINE_FIELDS = (
    "row_no",
    "person__full_name",
    "person__birth_date",
    "person__birth_year_only",
    "person__id_number",
    "person__village__name",
    "categories",
    "coefficient",
    "level",
    "monthly_amount",
    "care_amount",
    "arrears_amount",
    "arrears_months",
    "recovery_amount",
    "recovery_months",
    "funeral_amount",
    "total",
    "payee_name",
    "payment_method",
    "account_number",
    "bank_name",
    "roll__commune__code",
    "roll__commune__name",
)

_MONTH = re.compile(r"^\s*(?:(\d{1,2})[/.-](\d{4})|(\d{4})-(\d{1,2}))\s*$")


def parse_month(text: str | None) -> date | None:
    """`11/2026` or `2026-11` → 1 November 2026; anything else → None."""
    match = _MONTH.match(text or "")
    if not match:
        return None
    month, year = (match[1], match[2]) if match[1] else (match[4], match[3])
    if not 1 <= int(month) <= 12 or not 1900 <= int(year) <= 2999:
        return None
    return date(int(year), int(month), 1)


def previous_month(month: date) -> date:
    return add_months(month, -1)


def unit_q(unit: AdministrativeUnit, field: str = "commune") -> Q:
    """Rows whose commune foreign key `field` lies inside `unit` (the unit itself when it is a commune)."""
    if unit.level == Level.PROVINCE:
        return Q(**{f"{field}__province": unit})
    if unit.level == Level.DISTRICT:
        return Q(**{f"{field}__parent": unit})
    return Q(**{field: unit})


def rolls_in_unit(unit: AdministrativeUnit, month: date) -> QuerySet:
    return (
        PaymentRoll.objects.filter(unit_q(unit), month=month)
        .select_related("commune__parent", "commune__province")
        .order_by("commune__code", "pk")
    )


def line_rows(rolls, *, methods=None) -> Iterator:
    """The lines of `rolls` (ids or a queryset) as named tuples of LINE_FIELDS, commune by commune, in row order.

    Streamed in chunks (a server-side cursor on PostgreSQL): a province's 100,000 lines never sit in memory.
    """
    lines = PaymentLine.objects.filter(roll__in=rolls)
    if methods:
        lines = lines.filter(payment_method__in=methods)
    return (
        lines.order_by("roll__commune__code", "roll_id", "row_no")
        .values_list(*LINE_FIELDS, named=True)
        .iterator(chunk_size=CHUNK)
    )


def method_labels() -> dict[str, str]:
    return {value: str(label) for value, label in PaymentMethod.choices}


def status_label(status: str) -> str:
    return str(PaymentRoll.Status(status).label)


class CategoryShown:
    """A line's categories (`5.1.b, 20.1`) as the reader may see them.

    HIV categories (5.3, 5.8: `Category.sensitive`) show as their code only to users with
    `beneficiaries.view_hiv_status`; to anyone else each becomes "—" (Law on HIV/AIDS Prevention Art. 8).
    """

    def __init__(self, *, show_hiv: bool):
        self.show_hiv = show_hiv
        self.sensitive = (
            set() if show_hiv else set(Category.objects.filter(sensitive=True).values_list("code", flat=True))
        )
        self._cache: dict[str, str] = {}

    def __call__(self, categories: str | None) -> str:
        if not categories:
            return ""
        if self.show_hiv:
            return categories
        shown = self._cache.get(categories)
        if shown is None:
            codes = [code for code in re.split(r"[,;\s]+", categories) if code]
            masked: list[str] = []
            for code in codes:
                code = HIDDEN if code in self.sensitive else code
                if code not in masked:
                    masked.append(code)
            shown = self._cache[categories] = ", ".join(masked)
        return shown


def id_shown(value: str | None, *, full: bool) -> str:
    """The personal ID number, masked (087******789) for readers without `beneficiaries.view_full_id_number`."""
    if not value:
        return ""
    return value if full else mask_id_number(value)


def place_names(unit: AdministrativeUnit) -> list[str]:
    """The unit's ancestors then the unit: ['Tỉnh Đồng Tháp', 'Huyện Cao Lãnh', 'Thị trấn Mỹ Thọ']."""
    return [ancestor.name for ancestor in unit.ancestors()] + [unit.name]
