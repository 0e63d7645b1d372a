import django_tables2 as tables
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import workflow
from .models import Dossier

Status = Dossier.Status

STATUS_COLORS = {
    Status.DRAFT: "secondary",
    Status.SUBMITTED: "primary",
    Status.POSTED: "info",
    Status.FORWARDED: "primary",
    Status.APPRAISED: "warning",
    Status.RETURNED: "danger",
    Status.APPROVED: "success",
    Status.REJECTED: "dark",
}


def upper_office(dossier: Dossier) -> str:
    """The unit the commune forwards to, by name (never a fixed "district": the flow and the tree decide)."""
    parent = dossier.commune.parent
    return parent.name if parent is not None else str(_("cấp trên"))


def status_label(dossier: Dossier) -> str:
    if dossier.status == Status.FORWARDED:
        return str(_("Đã chuyển %(office)s, chờ thẩm định") % {"office": upper_office(dossier)})
    if dossier.status == Status.SUBMITTED and dossier.flow == workflow.TWO_LEVEL:
        return str(_("Đã nộp, chờ Chủ tịch UBND xã quyết định"))
    return dossier.get_status_display()


def status_badge(dossier: Dossier):
    return format_html(
        '<span class="badge text-bg-{}" data-testid="status">{}</span>',
        STATUS_COLORS.get(dossier.status, "secondary"),
        status_label(dossier),
    )


def category_text(category, *, can_see_hiv: bool, length: int = 48) -> str:
    """`5.6 · Người khuyết tật…`; HIV categories are "—" for users who may not see HIV status."""
    if category is None:
        return "—"
    if category.sensitive and not can_see_hiv:
        return "—"
    return f"{category.code} · {Truncator(category.name).chars(length)}"


class DossierTable(tables.Table):
    person = tables.Column(
        verbose_name=_("Đối tượng"),
        linkify=("dossiers:dossier_detail", {"pk": tables.A("pk")}),
        order_by=("person__name_folded",),
    )
    kind = tables.Column(verbose_name=_("Loại hồ sơ"), orderable=False)
    category = tables.Column(verbose_name=_("Diện hưởng"), orderable=False, empty_values=())
    commune = tables.Column(verbose_name=_("Xã"), orderable=False)
    received_on = tables.Column(verbose_name=_("Ngày tiếp nhận"))
    status = tables.Column(verbose_name=_("Trạng thái"))
    due_on = tables.Column(verbose_name=_("Hạn xử lý"), empty_values=())

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = ("-received_on",)

    def __init__(self, *args, can_see_hiv: bool, today, **kwargs):
        self.can_see_hiv = can_see_hiv
        self.today = today
        super().__init__(*args, **kwargs)

    def render_category(self, record):
        return category_text(record.category, can_see_hiv=self.can_see_hiv)

    def render_received_on(self, value):
        return value.strftime("%d/%m/%Y")

    def render_status(self, record):
        return status_badge(record)

    def render_due_on(self, record):
        if not record.is_open or record.due_on is None:
            return "—"
        shown = record.due_on.strftime("%d/%m/%Y")
        if record.due_on >= self.today:
            return shown
        late = (self.today - record.due_on).days
        return format_html(
            '<span class="text-danger fw-semibold">{} · {}</span>',
            shown,
            ngettext("quá hạn %(n)d ngày", "quá hạn %(n)d ngày", late) % {"n": late},
        )
