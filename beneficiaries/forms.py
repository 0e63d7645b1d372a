"""Input shape for registering and editing people and households. The rules live in services.people."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .ethnicity import ETHNICITY_CHOICES, KINH
from .idcheck import id_problems, normalize
from .models import DisabilityLevel, Household, PaymentMethod, Person

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class VnDateInput(forms.DateInput):
    """Typed dd/mm/yyyy whatever the browser's language; `_date_picker.html` adds a button that opens the
    browser's own date picker and writes its choice back as dd/mm/yyyy."""

    def __init__(self, attrs=None):
        base = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", "data-vn-date": ""}
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


def vn_date_field(label, *, required=False) -> forms.DateField:
    """A date field whose messages name the field: "Ngày sinh không hợp lệ: …"."""
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=VnDateInput(),
        error_messages={
            "invalid": format_lazy(
                _("{field} không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 17/05/1950."), field=label
            ),
            "required": format_lazy(_("{field}: vui lòng nhập."), field=label),
        },
    )


def parse_vn_date(value: str) -> date | None:
    """dd/mm/yyyy or yyyy-mm-dd (the date picker), or None (for the live duplicate check)."""
    try:
        return forms.DateField(input_formats=DATE_INPUT_FORMATS).clean(value)
    except forms.ValidationError:
        return None


class PersonCoreForm(forms.Form):
    """Who the person is: what the duplicate check and the ID cross-check look at."""

    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=150,
        error_messages={"required": _("Họ và tên: vui lòng nhập họ và tên.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    birth_date = vn_date_field(_("Ngày sinh"))
    birth_year_only = forms.BooleanField(label=_("Chỉ biết năm sinh"), required=False)
    birth_year = forms.IntegerField(
        label=_("Năm sinh"),
        required=False,
        help_text=_("Khi chỉ biết năm sinh (người cao tuổi)."),
        error_messages={"invalid": _("Năm sinh: nhập 4 chữ số, ví dụ 1940.")},
    )
    sex = forms.ChoiceField(
        label=_("Giới tính"),
        choices=Person.Sex.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Giới tính: vui lòng chọn Nam hoặc Nữ.")},
    )
    ethnicity = forms.ChoiceField(label=_("Dân tộc"), choices=ETHNICITY_CHOICES, initial=KINH)
    id_type = forms.ChoiceField(label=_("Loại giấy tờ"), choices=Person.IdType.choices, initial=Person.IdType.CCCD)
    id_number = forms.CharField(
        label=_("Số định danh cá nhân"),
        required=False,
        max_length=20,
        help_text=_("12 chữ số (CCCD), hoặc 9 chữ số nếu là CMND cũ. Để trống nếu chưa có."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    not_duplicate = forms.BooleanField(label=_("Tôi đã kiểm tra, đây là người khác"), required=False)

    def clean_id_number(self):
        return normalize(self.cleaned_data.get("id_number"))

    def clean(self):
        data = super().clean()
        if data.get("birth_year_only"):
            year = data.get("birth_year") or (data["birth_date"].year if data.get("birth_date") else None)
            if not year:
                self.add_error("birth_year", _("Năm sinh: vui lòng nhập năm sinh (4 chữ số)."))
            elif not 1900 <= year <= timezone.localdate().year:
                self.add_error(
                    "birth_year",
                    _("Năm sinh %(year)d không hợp lệ: phải từ 1900 đến năm nay.") % {"year": year},
                )
            else:
                data["birth_date"] = date(year, 1, 1)
        elif not data.get("birth_date") and "birth_date" not in self.errors:
            self.add_error(
                "birth_date",
                _("Ngày sinh: vui lòng nhập ngày/tháng/năm, hoặc đánh dấu “Chỉ biết năm sinh” và nhập năm sinh."),
            )
        number = data.get("id_number")
        if number:
            for problem in id_problems(number, data.get("id_type") or Person.IdType.CCCD):
                self.add_error("id_number", problem)
        return data

    def person_fields(self) -> dict:
        """What the service takes: model fields only, plus the duplicate confirmation."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("birth_year",)}
        data["id_number"] = data.get("id_number") or None
        return data


class PersonForm(PersonCoreForm):
    """A whole person (SPEC §2). `commune` limits the villages; the HIV field is there only for users allowed to
    see it (`with_hiv`); the household form sets the village once for everybody (`with_village=False`)."""

    village = forms.ModelChoiceField(label=_("Thôn/ấp"), queryset=None, required=False, empty_label=_("— Chọn —"))
    phone = forms.CharField(label=_("Điện thoại"), max_length=15, required=False)
    hiv_positive = forms.BooleanField(label=_("Nhiễm HIV (thông tin nhạy cảm)"), required=False)
    disability_level = forms.ChoiceField(
        label=_("Mức độ khuyết tật"), choices=[("", _("Không khuyết tật"))] + DisabilityLevel.choices, required=False
    )
    disability_cert_date = vn_date_field(_("Ngày cấp giấy xác nhận khuyết tật"))
    studying = forms.BooleanField(label=_("Đang đi học"), required=False)
    guardian_name = forms.CharField(label=_("Người giám hộ/chăm sóc"), max_length=150, required=False)
    guardian_phone = forms.CharField(label=_("Điện thoại người giám hộ"), max_length=15, required=False)
    payment_method = forms.ChoiceField(
        label=_("Hình thức chi trả"), choices=PaymentMethod.choices, initial=PaymentMethod.CASH
    )
    account_number = forms.CharField(label=_("Số tài khoản"), max_length=30, required=False)
    bank_name = forms.CharField(label=_("Ngân hàng/ví điện tử"), max_length=100, required=False)

    def __init__(self, *args, commune, with_hiv: bool, with_village: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_village:
            self.fields["village"].queryset = commune.villages.order_by("name")
        else:
            del self.fields["village"]
        if not with_hiv:
            del self.fields["hiv_positive"]

    @classmethod
    def initial_for(cls, person: Person) -> dict:
        initial = {name: getattr(person, name) for name in cls.base_fields if hasattr(person, name)}
        initial["village"] = person.village_id
        initial["id_number"] = person.id_number or ""
        initial["not_duplicate"] = False
        if person.birth_year_only:
            initial["birth_year"] = person.birth_date.year
        return initial


class MemberForm(PersonCoreForm):
    """A household member on the registration form; the rest of their record is filled in on their page."""


class BaseMemberFormSet(forms.BaseFormSet):
    def filled_forms(self) -> list[MemberForm]:
        return [form for form in self.forms if form.has_changed() and form.is_valid()]


MemberFormSet = forms.formset_factory(MemberForm, formset=BaseMemberFormSet, extra=2, max_num=20, validate_max=True)


class HouseholdForm(forms.Form):
    village = forms.ModelChoiceField(
        label=_("Thôn/ấp"),
        queryset=None,
        empty_label=_("— Chọn —"),
        error_messages={"required": _("Thôn/ấp: vui lòng chọn thôn/ấp nơi hộ sinh sống.")},
    )
    address = forms.CharField(label=_("Địa chỉ (số nhà, đường)"), max_length=255, required=False)
    poverty_status = forms.ChoiceField(
        label=_("Hộ nghèo/cận nghèo"), choices=Household.Poverty.choices, initial=Household.Poverty.NONE
    )
    poverty_year = forms.IntegerField(
        label=_("Năm công nhận"),
        required=False,
        help_text=_("Năm được công nhận hộ nghèo/cận nghèo."),
        error_messages={"invalid": _("Năm công nhận: nhập 4 chữ số, ví dụ 2024.")},
    )

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = commune.villages.order_by("name")
