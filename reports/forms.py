"""Input shape of the report request page. The rules (period, closing date, forms per level) are in
`reports.services.requests`; this form only turns the presets into a period."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beneficiaries.forms import vn_date_field
from payments.exports.source import parse_month

from . import periods
from .models import ReportForm

PERIOD_KINDS = [
    (periods.HALF, _("6 tháng đầu năm")),
    (periods.YEAR, _("Cả năm")),
    (periods.MONTH, _("Một tháng")),
    (periods.CUSTOM, _("Tùy chọn (từ tháng … đến tháng …)")),
]
MONTH_HELP = _("Dạng tháng/năm, ví dụ 06/2026.")


def _month_field(label, *, required=False) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=7,
        help_text=MONTH_HELP,
        widget=forms.TextInput(attrs={"placeholder": "mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}),
    )


def unit_label(unit) -> str:
    # Indent by level, so the list reads as the tree it is.
    indent = {"province": "", "district": "— ", "commune": "—— "}.get(unit.level, "")
    return f"{indent}{unit.name}"


class ReportRequestForm(forms.Form):
    form = forms.ChoiceField(label=_("Mẫu báo cáo"))
    unit = forms.TypedChoiceField(label=_("Đơn vị báo cáo"), coerce=int)
    period_kind = forms.ChoiceField(
        label=_("Kỳ báo cáo"), choices=PERIOD_KINDS, initial=periods.HALF, widget=forms.RadioSelect
    )
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, required=False)
    month = _month_field(_("Tháng"))
    from_month = _month_field(_("Từ tháng"))
    to_month = _month_field(_("Đến tháng"))
    as_of = vn_date_field(_("Số liệu chốt đến ngày"), required=True)

    def __init__(self, data=None, *, form_choices, units, today: date | None = None, initial=None):
        today = today or timezone.localdate()
        base = {"year": today.year, "as_of": today, "month": f"{today:%m/%Y}", **(initial or {})}
        super().__init__(data, initial=base)
        self.units = {unit.pk: unit for unit in units}
        self.fields["form"].choices = [(code, ReportForm(code).label) for code in form_choices]
        self.fields["unit"].choices = [(unit.pk, unit_label(unit)) for unit in units]
        self.fields["year"].choices = [(y, str(y)) for y in range(today.year, 2020, -1)]
        self.fields["as_of"].help_text = _(
            "Số liệu ghi nhận sau ngày này không được tính, nên lập lại cùng yêu cầu sẽ ra cùng số liệu."
        )

    def clean(self):
        data = super().clean()
        kind = data.get("period_kind")
        period = None
        if kind in (periods.HALF, periods.YEAR):
            if not data.get("year"):
                self.add_error("year", _("Năm: vui lòng chọn."))
            else:
                half = kind == periods.HALF
                period = periods.first_half(data["year"]) if half else periods.whole_year(data["year"])
        elif kind == periods.MONTH:
            month = self._month("month")
            period = periods.one_month(month) if month else None
        elif kind == periods.CUSTOM:
            start, end = self._month("from_month"), self._month("to_month")
            if start and end:
                period = periods.months(start, end)
        if period is not None:
            data["period_start"], data["period_end"] = period
        if "unit" in data:
            data["unit"] = self.units.get(data["unit"])
        return data

    def _month(self, name: str) -> date | None:
        text = (self.cleaned_data.get(name) or "").strip()
        month = parse_month(text)
        if month is None:
            message = _("%(field)s không hợp lệ: nhập theo dạng tháng/năm, ví dụ 06/2026.")
            self.add_error(name, message % {"field": self.fields[name].label})
        return month


class SubmittedForm(forms.Form):
    submitted = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1")
