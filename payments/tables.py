import re
from decimal import Decimal

import django_tables2 as tables
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.templatetags.vn_format import format_vnd, mask_id_number

from .models import PaymentRoll

Status = PaymentRoll.Status

STATUS_COLORS = {
    Status.DRAFT: "secondary",
    Status.SUBMITTED: "primary",
    Status.APPROVED: "success",
    Status.PAID: "info",
    Status.CLOSED: "dark",
}


def status_badge(roll: PaymentRoll | None):
    if roll is None:
        return format_html('<span class="badge text-bg-light border" data-testid="status">{}</span>', _("Chưa lập"))
    return format_html(
        '<span class="badge text-bg-{}" data-testid="status">{}</span>',
        STATUS_COLORS.get(roll.status, "secondary"),
        roll.get_status_display(),
    )


def month_text(value) -> str:
    """'2026-07', '2026-07-01' or a date → '07/2026'."""
    if hasattr(value, "strftime"):
        return value.strftime("%m/%Y")
    match = re.match(r"^(\d{4})-(\d{2})", str(value))
    return f"{match[2]}/{match[1]}" if match else str(value)


def months_text(values) -> str:
    return ", ".join(month_text(v) for v in values or ())


def coefficient_text(value) -> str:
    """Vietnamese decimal comma: 2.50 → '2,5', 2.00 → '2'."""
    if value is None:
        return "—"
    return format(Decimal(value).normalize(), "f").replace(".", ",")


def category_codes(text: str) -> list[str]:
    return [code for code in re.split(r"[,;\s]+", text or "") if code]


def categories_text(text: str, *, hidden: frozenset[str]) -> tuple[str, bool]:
    """The line's category codes with HIV ones (5.3, 5.8) hidden from users without the permission: (text,
    masked). A line whose every category is hidden reads "(thông tin được bảo mật)"."""
    codes = category_codes(text)
    shown = [code for code in codes if code not in hidden]
    masked = len(shown) != len(codes)
    if not shown and codes:
        return str(_("(thông tin được bảo mật)")), True
    return ", ".join(shown), masked


def mask_codes(text: str, *, hidden: frozenset[str]) -> str:
    """Free text (a change's note such as "Diện 5.3, 5.1.b") with the hidden category codes blanked out."""
    for code in hidden:
        text = re.sub(rf"(?<![\w.]){re.escape(code)}(?![\w.])", str(_("(bảo mật)")), text)
    return text


class _Money(tables.Column):
    def __init__(self, *args, **kwargs):
        attrs = {"th": {"class": "text-end"}, "td": {"class": "text-end text-nowrap"}}
        super().__init__(*args, attrs=attrs, orderable=False, **kwargs)

    def render(self, value):
        return format_vnd(value) if value else "—"


class LineTable(tables.Table):
    row_no = tables.Column(verbose_name=_("STT"), orderable=False)
    person = tables.Column(verbose_name=_("Họ và tên"), orderable=False, accessor="person__full_name")
    id_number = tables.Column(verbose_name=_("Số định danh cá nhân"), accessor="person__id_number", orderable=False)
    village = tables.Column(verbose_name=_("Thôn/ấp"), accessor="person__village__name", orderable=False)
    categories = tables.Column(verbose_name=_("Diện hưởng"), orderable=False)
    monthly_amount = _Money(verbose_name=_("Trợ cấp hàng tháng"))
    care_amount = _Money(verbose_name=_("Kinh phí chăm sóc"))
    arrears_amount = _Money(verbose_name=_("Truy lĩnh"))
    recovery_amount = _Money(verbose_name=_("Truy thu"))
    funeral_amount = _Money(verbose_name=_("Mai táng phí"))
    total = _Money(verbose_name=_("Tổng cộng"))
    payment_method = tables.Column(verbose_name=_("Hình thức chi trả"), orderable=False)
    paid = tables.Column(verbose_name=_("Kết quả chi trả"), orderable=False, empty_values=())

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "data-testid": "lines"}
        row_attrs = {"data-line": lambda record: record.pk}

    def __init__(self, *args, roll, show_full_id=False, hidden_codes=frozenset(), can_record=False, **kwargs):
        self.roll = roll
        self.show_full_id = show_full_id
        self.hidden_codes = hidden_codes
        self.can_record = can_record
        super().__init__(*args, **kwargs)
        if not roll.locked:
            self.exclude = ("paid",)

    def render_person(self, value, record):
        person = record.person
        born = str(person.birth_date.year) if person.birth_year_only else person.birth_date.strftime("%d/%m/%Y")
        payee = (
            format_html('<div class="small">{} {}</div>', _("Người nhận thay:"), record.payee_name)
            if record.payee_name
            else ""
        )
        return format_html(
            '<a href="{}">{}</a><div class="small text-muted">{}</div>{}',
            reverse("beneficiaries:person_detail", args=[person.pk]),
            value,
            born,
            payee,
        )

    def render_id_number(self, value):
        return format_html(
            '<span class="font-monospace">{}</span>', value if self.show_full_id else mask_id_number(value)
        )

    def render_categories(self, value, record):
        text, masked = categories_text(value, hidden=self.hidden_codes)
        if masked:
            return text or "—"
        return format_html(
            '{}<div class="small text-muted">{} {}</div>', text, _("hệ số"), coefficient_text(record.coefficient)
        )

    def render_arrears_amount(self, value, record):
        return self._with_months(value, record.arrears_months)

    def render_recovery_amount(self, value, record):
        return self._with_months(value, record.recovery_months)

    def _with_months(self, value, months):
        if not value:
            return "—"
        return format_html(
            '{}<div class="small text-muted text-wrap" style="min-width: 6rem">{}</div>',
            format_vnd(value),
            months_text(months),
        )

    def render_payment_method(self, value, record):
        account = record.account_number
        if not account:
            return record.get_payment_method_display()
        shown = account if self.show_full_id else mask_id_number(account)
        parts = [(record.get_payment_method_display(),), (shown,)]
        if record.bank_name:
            parts.append((record.bank_name,))
        return format_html_join(mark_safe("<br>"), '<span class="small">{}</span>', parts)

    def render_paid(self, record):
        return render_to_string(
            "payments/_line_paid.html", {"line": record, "roll": self.roll, "can_record": self.can_record}
        )
