"""Input shape for the roll pages. The rules live in payments.services."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from beneficiaries.forms import vn_date_field
from policy.rules import add_months

from .selectors import next_month

# How far back the month picker reaches: two years of rolls.
MONTHS_BACK = 24


def month_value(month: date) -> str:
    return f"{month:%Y-%m}"


def month_choices(today: date | None = None) -> list[tuple[str, str]]:
    """Next month first, then back month by month, labelled MM/YYYY."""
    newest = next_month(today)
    return [(month_value(m), f"{m:%m/%Y}") for m in (add_months(newest, -n) for n in range(MONTHS_BACK + 1))]


class MonthForm(forms.Form):
    """The roll month (?thang=2026-12); next month when missing or out of range."""

    thang = forms.ChoiceField(label=_("Tháng chi trả"), choices=())

    def __init__(self, data=None, *, today: date | None = None):
        super().__init__(data)
        self.fields["thang"].choices = month_choices(today)
        self.default = next_month(today)

    @property
    def month(self) -> date:
        if self.is_bound and self.is_valid():
            year, month = self.cleaned_data["thang"].split("-")
            return date(int(year), int(month), 1)
        return self.default


class GenerateForm(forms.Form):
    """Which month to generate: hidden on the list page, the button's label says it."""

    thang = forms.RegexField(regex=r"^\d{4}-\d{2}$", widget=forms.HiddenInput)

    @property
    def month(self) -> date | None:
        if not self.is_valid():
            return None
        year, month = self.cleaned_data["thang"].split("-")
        if not 1 <= int(month) <= 12:
            return None
        return date(int(year), int(month), 1)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại (cán bộ xã sẽ đọc)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Cần ghi rõ lý do trả lại danh sách.")},
    )


class LineRecordForm(forms.Form):
    """One line's payment result, from the htmx buttons on the lines table."""

    paid = forms.TypedChoiceField(
        label=_("Kết quả"),
        choices=[("1", _("Đã nhận")), ("0", _("Chưa nhận"))],
        coerce=lambda value: value == "1",
    )
    paid_on = vn_date_field(_("Ngày nhận"))
    reason = forms.CharField(label=_("Lý do chưa nhận"), max_length=200, required=False)
