"""Input shapes for the policy pages. The rules (first of the month, higher than national, no clash) live in
policy.services so the browser, the tests and any script get the same answer."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

NATIONAL = "national"
PROVINCE = "province"


class DayField(forms.DateField):
    def __init__(self, *, label, placeholder="01/12/2026", **kwargs):
        super().__init__(
            label=label,
            input_formats=["%d/%m/%Y"],
            widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": placeholder, "autocomplete": "off"}),
            error_messages={"invalid": _("Nhập ngày theo dạng dd/mm/yyyy, ví dụ 01/12/2026.")},
            **kwargs,
        )


class VndField(forms.IntegerField):
    """Whole đồng; accepts what people type: `600000`, `600.000`, `600 000 ₫`."""

    widget = forms.TextInput

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(".", "").replace(" ", "").replace("\u00a0", "").rstrip("₫đ")
        return super().to_python(value)


class CoefficientField(forms.DecimalField):
    """Vietnamese decimal comma: `1,5` and `1.5` both mean one and a half."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        super().__init__(max_digits=5, decimal_places=2, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "placeholder": "1,5"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format(value.normalize(), "f").replace(".", ",")
        return value


class ScopeField(forms.ChoiceField):
    def __init__(self, province):
        choices = [(PROVINCE, _("Riêng %(province)s") % {"province": province.name}), (NATIONAL, _("Toàn quốc"))]
        super().__init__(label=_("Phạm vi áp dụng"), choices=choices, widget=forms.RadioSelect, initial=PROVINCE)


class RetroactiveMixin(forms.Form):
    confirm_retroactive = forms.BooleanField(
        label=_("Tôi xác nhận áp dụng hồi tố và danh sách chi trả kỳ tới sẽ truy lĩnh phần chênh lệch"),
        required=False,
    )


class LevelForm(RetroactiveMixin):
    field_order = ["scope", "effective_from", "amount", "legal_basis", "confirm_retroactive"]

    effective_from = DayField(label=_("Áp dụng từ ngày (ngày đầu tháng, dd/mm/yyyy)"))
    amount = VndField(label=_("Mức chuẩn (đồng/tháng)"))
    legal_basis = forms.CharField(
        label=_("Căn cứ pháp lý"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("Nghị quyết số …/NQ-HĐND ngày … của HĐND tỉnh")}),
    )

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"] = ScopeField(province)
        self.order_fields(self.field_order)
        self.fields["amount"].widget.attrs.update({"inputmode": "numeric", "placeholder": "600.000"})


class CoefficientForm(RetroactiveMixin):
    field_order = ["scope", "value", "effective_from", "effective_to", "legal_basis", "confirm_retroactive"]

    value = CoefficientField(label=_("Hệ số"))
    effective_from = DayField(label=_("Áp dụng từ ngày (ngày đầu tháng, dd/mm/yyyy)"))
    effective_to = DayField(
        label=_("Áp dụng đến ngày (để trống nếu chưa có)"), placeholder="31/12/2027", required=False
    )
    legal_basis = forms.CharField(label=_("Căn cứ pháp lý"), max_length=200)

    def __init__(self, *args, province, local: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if local:
            # A local category has no national coefficient: only the province's own row makes sense.
            self.fields["scope"] = forms.ChoiceField(
                label=_("Phạm vi áp dụng"),
                choices=[(PROVINCE, _("Riêng %(province)s") % {"province": province.name})],
                widget=forms.RadioSelect,
                initial=PROVINCE,
            )
        else:
            self.fields["scope"] = ScopeField(province)
        self.order_fields(self.field_order)


class LocalCategoryForm(forms.Form):
    code = forms.CharField(
        label=_("Mã diện"), max_length=20, help_text=_("Bắt đầu bằng chữ cái, ví dụ DP.1."), strip=True
    )
    name = forms.CharField(label=_("Tên diện"), max_length=300)
    legal_basis = forms.CharField(
        label=_("Căn cứ pháp lý"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "Nghị quyết 10/2022/NQ-HĐND tỉnh Đồng Tháp"}),
    )
    effective_from = DayField(label=_("Áp dụng từ ngày (ngày đầu tháng, dd/mm/yyyy)"))
    effective_to = DayField(
        label=_("Áp dụng đến ngày (để trống nếu chưa có)"), placeholder="31/12/2027", required=False
    )
    coefficient = CoefficientField(label=_("Hệ số (mức trợ cấp = mức chuẩn × hệ số)"))


class LocalCategoryEditForm(forms.Form):
    name = forms.CharField(label=_("Tên diện"), max_length=300)
    legal_basis = forms.CharField(label=_("Căn cứ pháp lý"), max_length=200)
    effective_to = DayField(
        label=_("Áp dụng đến ngày (để trống nếu chưa có)"), placeholder="31/12/2027", required=False
    )
