"""Input shapes for the temporary protection pages (Art. 18.2). The cap, the costs and the dates' order are
checked by `emergency.services.protection`, so a script gets the same answers as the browser."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from beneficiaries.forms import vn_date_field
from beneficiaries.models import Household

from .models import Incident, Protection


class MoneyField(forms.IntegerField):
    """Whole đồng typed with or without dot separators (1.500.000)."""

    def __init__(self, *, label, **kwargs):
        super().__init__(
            label=label,
            required=False,
            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": "0"}),
            error_messages={
                "invalid": format_lazy(_("{label}: nhập số tiền bằng chữ số, ví dụ 1.500.000."), label=label)
            },
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(".", "").replace(" ", "").replace("₫", "")
        return super().to_python(value)

    def clean(self, value):
        return super().clean(value) or 0


class HostFields(forms.Form):
    """The host household: picked from the commune's registry, or named when it is not registered."""

    host_household = forms.ModelChoiceField(
        label=_("Hộ nhận chăm sóc (trong danh sách hộ của xã)"), queryset=Household.objects.none(), required=False
    )
    host_name = forms.CharField(
        label=_("Hộ/cá nhân nhận chăm sóc"),
        max_length=150,
        required=False,
        help_text=_("Để trống khi đã chọn hộ ở trên: lấy tên chủ hộ."),
    )
    host_address = forms.CharField(label=_("Địa chỉ hộ nhận chăm sóc"), max_length=255, required=False)

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        households = Household.objects.filter(commune=commune).select_related("village").order_by("head_name", "pk")
        self.fields["host_household"].queryset = households
        self.fields["host_household"].label_from_instance = _household_label

    def clean(self):
        data = super().clean()
        household = data.get("host_household")
        if household is not None and not data.get("host_name"):
            data["host_name"] = household.head_name
        if household is not None and not data.get("host_address"):
            data["host_address"] = household.address or (household.village.name if household.village else "")
        if not data.get("host_name") and "host_name" not in self.errors:
            self.add_error("host_name", _("Hộ/cá nhân nhận chăm sóc: chọn hộ trong danh sách hoặc nhập tên."))
        return data


def _household_label(household: Household) -> str:
    village = household.village.name if household.village else ""
    return f"{household.head_name} – {village}" if village else household.head_name


class ProtectionOpenForm(HostFields):
    field_order = [
        "reason",
        "incident",
        "host_household",
        "host_name",
        "host_address",
        "started_on",
        "planned_end_on",
        "treatment_cost",
        "transport_cost",
        "note",
    ]
    reason = forms.ChoiceField(label=_("Lý do chăm sóc khẩn cấp"), choices=Protection.Reason.choices)
    incident = forms.ModelChoiceField(
        label=_("Sự kiện liên quan (nếu có)"), queryset=Incident.objects.none(), required=False
    )
    started_on = vn_date_field(_("Ngày bắt đầu"), required=True)
    planned_end_on = vn_date_field(_("Ngày kết thúc dự kiến"), required=True)
    treatment_cost = MoneyField(label=_("Chi phí điều trị (đồng)"))
    transport_cost = MoneyField(label=_("Chi phí đưa về (đồng)"))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, commune=commune, **kwargs)
        self.fields["incident"].queryset = Incident.objects.filter(
            areas__commune=commune, status=Incident.Status.OPEN
        ).distinct()
        self.fields["planned_end_on"].help_text = _("Tối đa 3 tháng kể từ ngày bắt đầu (khoản 2 Điều 18).")


class ProtectionExtendForm(forms.Form):
    planned_end_on = vn_date_field(_("Ngày kết thúc dự kiến mới"), required=True)


class ProtectionMoveForm(HostFields):
    field_order = ["moved_on", "host_household", "host_name", "host_address", "planned_end_on", "note"]
    moved_on = vn_date_field(_("Ngày chuyển sang hộ mới"), required=True)
    planned_end_on = vn_date_field(_("Ngày kết thúc dự kiến"), required=True)
    note = forms.CharField(label=_("Lý do chuyển hộ"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


END_OUTCOMES = [(value, label) for value, label in Protection.Outcome.choices if value != Protection.Outcome.OTHER_HOST]


class ProtectionEndForm(forms.Form):
    ended_on = vn_date_field(_("Ngày kết thúc"), required=True)
    outcome = forms.ChoiceField(label=_("Kết quả"), choices=END_OUTCOMES, widget=forms.RadioSelect)
    treatment_cost = MoneyField(label=_("Chi phí điều trị (đồng)"))
    transport_cost = MoneyField(label=_("Chi phí đưa về (đồng)"))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
