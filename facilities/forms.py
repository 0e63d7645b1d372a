"""Input shapes for the facility registry and the nurturing rolls. The rules live in facilities.services."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from beneficiaries.forms import vn_date_field
from locations.models import AdministrativeUnit, Level
from payments.forms import month_value
from policy.rules import add_months

from .models import Facility
from .selectors.facilities import CAPACITY_FIELDS

MONTHS_BACK = 24


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        parent = unit.parent if unit.parent_id and unit.parent.level == Level.DISTRICT else None
        return f"{parent.name} · {unit.name}" if parent else unit.name


class FacilityForm(forms.Form):
    name = forms.CharField(label=_("Tên cơ sở"), max_length=200)
    ownership = forms.ChoiceField(label=_("Loại hình"), choices=Facility.Ownership.choices, widget=forms.RadioSelect)
    managing_level = forms.ChoiceField(label=_("Cấp quản lý"), choices=Facility.ManagingLevel.choices)
    unit = CommuneChoiceField(label=_("Địa bàn (xã, phường)"), queryset=AdministrativeUnit.objects.none())
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    licence_number = forms.CharField(
        label=_("Số giấy phép hoạt động"),
        max_length=60,
        required=False,
        help_text=_("Bắt buộc với cơ sở ngoài công lập."),
    )
    licence_date = vn_date_field(_("Ngày cấp giấy phép"))
    capacity_elderly = forms.IntegerField(label=_("Người cao tuổi"), min_value=0, initial=0)
    capacity_children = forms.IntegerField(label=_("Trẻ em"), min_value=0, initial=0)
    capacity_disability = forms.IntegerField(label=_("Người khuyết tật"), min_value=0, initial=0)
    capacity_mental = forms.IntegerField(label=_("Người tâm thần"), min_value=0, initial=0)
    capacity_general = forms.IntegerField(label=pgettext_lazy("care group", "Tổng hợp"), min_value=0, initial=0)
    contact_name = forms.CharField(label=_("Người liên hệ"), max_length=150, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    active = forms.BooleanField(label=_("Đang hoạt động"), required=False, initial=True)

    capacity_fields = tuple(CAPACITY_FIELDS.values())

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            AdministrativeUnit.objects.filter(province=province, level=Level.COMMUNE)
            .select_related("parent")
            .order_by("parent__name", "name")
        )
        for name in self.capacity_fields:
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "data-capacity": ""})

    @classmethod
    def initial_for(cls, facility: Facility) -> dict:
        return {name: getattr(facility, name) for name in cls.base_fields}

    def capacity_boxes(self):
        return [self[name] for name in self.capacity_fields]


def month_choices(today: date) -> list[tuple[str, str]]:
    """Next month first, then back month by month, labelled MM/YYYY."""
    newest = add_months(today.replace(day=1), 1)
    return [(month_value(m), f"{m:%m/%Y}") for m in (add_months(newest, -n) for n in range(MONTHS_BACK + 1))]


def parse_month_value(text: str | None) -> date | None:
    """`2026-03` → 1 March 2026; anything else → None."""
    try:
        year, month = (text or "").split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        return None


class RollFilterForm(forms.Form):
    co_so = forms.ModelChoiceField(label=_("Cơ sở"), queryset=Facility.objects.none(), required=False)
    thang = forms.ChoiceField(label=_("Tháng"), choices=(), required=False)

    def __init__(self, *args, facilities, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["co_so"].queryset = facilities
        self.fields["co_so"].empty_label = _("Tất cả cơ sở")
        self.fields["thang"].choices = [("", _("Mọi tháng")), *month_choices(today)]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"


class RollGenerateForm(forms.Form):
    thang = forms.ChoiceField(label=_("Tháng"), choices=())

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thang"].choices = month_choices(today)
        self.fields["thang"].initial = month_value(today.replace(day=1))

    @property
    def month(self) -> date | None:
        return parse_month_value(self.cleaned_data["thang"]) if self.is_valid() else None
