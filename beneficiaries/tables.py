import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.templatetags.vn_format import mask_id_number


class PersonTable(tables.Table):
    full_name = tables.Column(
        verbose_name=_("Họ và tên"), linkify=("beneficiaries:person_detail", {"pk": tables.A("pk")})
    )
    birth_date = tables.Column(verbose_name=_("Ngày sinh"))
    sex = tables.Column(verbose_name=_("Giới tính"), orderable=False)
    id_number = tables.Column(verbose_name=_("Số định danh cá nhân"), orderable=False)
    village = tables.Column(verbose_name=_("Thôn/ấp"), orderable=False)
    commune = tables.Column(verbose_name=_("Xã"), orderable=False)

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = ("full_name",)

    def __init__(self, *args, show_full_id: bool = False, **kwargs):
        self.show_full_id = show_full_id
        super().__init__(*args, **kwargs)

    def render_birth_date(self, record):
        return str(record.birth_date.year) if record.birth_year_only else record.birth_date.strftime("%d/%m/%Y")

    def render_sex(self, record):
        return record.get_sex_display()

    def render_id_number(self, value, record):
        shown = value if self.show_full_id else mask_id_number(value)
        if record.id_flag:
            return format_html(
                '<span class="font-monospace">{}</span> <span class="badge text-bg-warning" title="{}">{}</span>',
                shown,
                record.id_flag,
                _("Cần kiểm tra số định danh"),
            )
        return format_html('<span class="font-monospace">{}</span>', shown)
