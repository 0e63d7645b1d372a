"""Input shapes for the emergency pages; what the facts mean (lines, minimums, deadlines) lives in the services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.jurisdiction import units_visible_to
from beneficiaries.models import Household, Person
from dossiers.forms import DayField
from locations.models import Level, Village

from .models import AssessmentPerson, Disbursement, FundingSource, HouseDamage, Incident

# Phone-first: every input at least 44 px high (WCAG target size), labels above, one column.
BIG = {"class": "form-control form-control-lg"}
BIG_SELECT = {"class": "form-select form-select-lg"}


def _vn_date(field) -> None:
    """dd/mm/yyyy typed, with the calendar button of beneficiaries/_date_picker.html."""
    field.widget.attrs.update({"data-vn-date": "", "inputmode": "numeric"})


class IncidentForm(forms.Form):
    name = forms.CharField(label=_("Tên sự kiện"), max_length=200, widget=forms.TextInput(attrs={"autofocus": True}))
    kind = forms.ChoiceField(label=_("Loại sự kiện"), choices=Incident.Kind.choices)
    occurred_on = DayField(label=_("Ngày xảy ra"))
    description = forms.CharField(label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    communes = forms.ModelMultipleChoiceField(
        label=_("Xã bị ảnh hưởng"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    villages = forms.CharField(
        label=_("Thôn/ấp bị ảnh hưởng"),
        required=False,
        max_length=500,
        help_text=_("Khi chỉ có một xã. Nhiều xã: mỗi xã ghi thôn/ấp của mình trên trang sự kiện."),
    )
    especially_urgent = forms.BooleanField(
        label=_("Đặc biệt khẩn cấp: Chủ tịch UBND xã quyết định không qua bước xét duyệt (khoản 2 Điều 17)"),
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        communes = units_visible_to(user).filter(level=Level.COMMUNE).order_by("code")
        self.fields["communes"].queryset = communes
        if communes.count() == 1:
            # A commune opens an incident for itself: nothing to choose.
            self.fields["communes"].initial = list(communes)
            self.fields["communes"].widget = forms.MultipleHiddenInput()
            self.fields["villages"].help_text = ""
        self.fields["occurred_on"].initial = timezone.localdate()
        _vn_date(self.fields["occurred_on"])


class AreaForm(forms.Form):
    villages = forms.CharField(label=_("Thôn/ấp bị ảnh hưởng"), required=False, max_length=500)


NEW_HOUSEHOLD_FIELDS = (
    "household",
    "new_household",
    "head_name",
    "sex",
    "birth_year",
    "new_village",
    "poverty_status",
    "poverty_year",
    "organisation_name",
)


def _phone_inputs(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)):
            continue
        widget.attrs.update(BIG_SELECT if isinstance(widget, forms.Select) else BIG)
        if isinstance(field, forms.IntegerField):
            widget.attrs["inputmode"] = "numeric"


class HouseholdPickForm(forms.Form):
    """A household of the commune from the registry, or a new one registered on the spot (head + status)."""

    household = forms.ModelChoiceField(label=_("Hộ gia đình trong sổ"), queryset=None, required=False)
    new_household = forms.BooleanField(label=_("Hộ chưa có trong sổ: thêm hộ mới"), required=False)
    head_name = forms.CharField(label=_("Họ và tên chủ hộ"), max_length=150, required=False)
    sex = forms.ChoiceField(label=_("Giới tính chủ hộ"), choices=[("", "—"), *Person.Sex.choices], required=False)
    birth_year = forms.IntegerField(label=_("Năm sinh chủ hộ"), required=False, min_value=1900)
    new_village = forms.ModelChoiceField(label=_("Thôn/ấp"), queryset=None, required=False)
    poverty_status = forms.ChoiceField(label=_("Hộ nghèo/cận nghèo"), choices=Household.Poverty.choices, required=False)
    poverty_year = forms.IntegerField(label=_("Năm công nhận"), required=False)

    def __init__(self, *args, commune=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = False
        self.fields["household"].queryset = Household.objects.filter(commune=commune).order_by("head_name", "id")
        self.fields["household"].label_from_instance = _household_label
        self.fields["new_village"].queryset = Village.objects.filter(commune=commune).order_by("name")

    def needs_household(self, data: dict) -> bool:
        return True

    def clean(self):
        data = super().clean()
        if self.editing:
            return data
        if data.get("new_household"):
            if not data.get("head_name"):
                self.add_error("head_name", _("Nhập họ và tên chủ hộ."))
            if not data.get("birth_year"):
                self.add_error("birth_year", _("Nhập năm sinh chủ hộ."))
            if not data.get("sex"):
                self.add_error("sex", _("Chọn giới tính chủ hộ."))
        elif not data.get("household") and self.needs_household(data):
            self.add_error("household", _("Chọn hộ trong danh sách, hoặc đánh dấu «thêm hộ mới»."))
        return data

    def new_household_data(self) -> dict | None:
        data = self.cleaned_data
        if self.editing or not data.get("new_household"):
            return None
        return {
            "head_name": data["head_name"],
            "sex": data["sex"],
            "birth_year": data["birth_year"],
            "village": data.get("new_village"),
            "poverty_status": data.get("poverty_status") or Household.Poverty.NONE,
            "poverty_year": data.get("poverty_year"),
        }


class HouseholdChangeForm(HouseholdPickForm):
    """The draft's household was picked wrongly: the right one, from the registry or new."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _phone_inputs(self)


class AssessmentForm(HouseholdPickForm):
    """One household's losses. On a phone: one column, big inputs; a new household can be added here."""

    FACTS = (
        "hardship",
        "members",
        "house_damage",
        "food_short_members",
        "food_months",
        "lost_goods",
        "lost_goods_note",
        "note",
    )

    organisation_name = forms.CharField(
        label=_("Hoặc: cơ quan, tổ chức đã mai táng người không có người thân (khoản 2 Điều 14)"),
        max_length=200,
        required=False,
    )
    hardship = forms.BooleanField(label=_("Hộ có hoàn cảnh khó khăn (xã xác nhận)"), required=False)
    members = forms.IntegerField(label=_("Số nhân khẩu"), required=False)
    house_damage = forms.ChoiceField(
        label=_("Thiệt hại về nhà ở"), choices=HouseDamage.choices, widget=forms.RadioSelect, initial="none"
    )
    food_short_members = forms.IntegerField(label=_("Số người thiếu đói"), required=False, initial=0)
    food_months = forms.IntegerField(label=_("Số tháng thiếu đói"), required=False, initial=0)
    lost_goods = forms.BooleanField(label=_("Mất nhu yếu phẩm thiết yếu (cần lều, nước, chăn màn…)"), required=False)
    lost_goods_note = forms.CharField(label=_("Nhu yếu phẩm cần hỗ trợ"), max_length=300, required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, commune=None, editing=False, **kwargs):
        super().__init__(*args, commune=commune, **kwargs)
        self.editing = editing
        if editing:
            # The household is changed on its own page (HouseholdChangeForm), never with the facts.
            for name in NEW_HOUSEHOLD_FIELDS:
                del self.fields[name]
        _phone_inputs(self)

    def needs_household(self, data: dict) -> bool:
        return not data.get("organisation_name")

    def facts(self) -> dict:
        data = self.cleaned_data
        facts = {name: data[name] for name in self.FACTS if name != "members"}
        # Blank counts mean none; negative ones reach the service, which names the field in its refusal.
        facts["food_short_members"] = data.get("food_short_members") or 0
        facts["food_months"] = data.get("food_months") or 0
        if data.get("members") is not None:
            facts["members"] = data["members"]
        return facts


def _household_label(household: Household) -> str:
    status = (
        "" if household.poverty_status == Household.Poverty.NONE else f" – {household.get_poverty_status_display()}"
    )
    village = f", {household.village.name}" if household.village_id else ""
    return f"{household.head_name}{village}{status}"


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    harm = forms.ChoiceField(label=_("Tình trạng"), choices=AssessmentPerson.Harm.choices)
    birth_year = forms.IntegerField(label=_("Năm sinh"), required=False, min_value=1900)
    treatment_days = forms.IntegerField(
        label=_("Số ngày điều trị"), required=False, help_text=_("Từ 3 ngày trở lên là bị thương nặng (Điều 13).")
    )
    death_date = DayField(label=_("Ngày chết/mất tích"), required=False)
    death_cause = forms.CharField(label=_("Nguyên nhân"), max_length=200, required=False)
    organiser_name = forms.CharField(label=_("Người tổ chức mai táng"), max_length=150, required=False)
    organiser_relation = forms.CharField(label=_("Quan hệ với người chết"), max_length=60, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="person", **kwargs)
        for field in self.fields.values():
            field.widget.attrs.update(BIG_SELECT if isinstance(field.widget, forms.Select) else BIG)
        self.fields["treatment_days"].widget.attrs["inputmode"] = "numeric"
        _vn_date(self.fields["death_date"])


class AmountForm(forms.Form):
    amount = forms.IntegerField(label=_("Số tiền hỗ trợ (đồng)"))
    reason = forms.CharField(label=_("Lý do (bắt buộc nếu thấp hơn mức tối thiểu)"), required=False, max_length=500)

    def __init__(self, *args, line=None, **kwargs):
        super().__init__(*args, prefix=f"line{line.pk}" if line else None, **kwargs)
        self.fields["amount"].widget.attrs.update({**BIG, "inputmode": "numeric"})
        self.fields["reason"].widget.attrs.update(BIG)


class DecisionForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
    reason = forms.CharField(label=_("Lý do không hỗ trợ"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DisbursementForm(forms.Form):
    source = forms.ChoiceField(label=_("Nguồn kinh phí"), choices=FundingSource.choices)
    method = forms.ChoiceField(label=_("Hình thức"), choices=Disbursement.Method.choices, widget=forms.RadioSelect)
    amount = forms.IntegerField(label=_("Số tiền (đồng)"), required=False, initial=0)
    rice_kg = forms.DecimalField(label=_("Gạo (kg)"), required=False, max_digits=12, decimal_places=2, initial=0)
    goods_description = forms.CharField(label=_("Hiện vật"), max_length=300, required=False)
    paid_on = DayField(label=_("Ngày cấp phát"))
    recipient_name = forms.CharField(label=_("Người nhận"), max_length=150)
    recipient_signed = forms.BooleanField(label=_("Người nhận đã ký nhận"), required=False)
    reference = forms.CharField(label=_("Số chứng từ"), max_length=60, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = timezone.localdate()
        for field in self.fields.values():
            if isinstance(field.widget, (forms.CheckboxInput, forms.RadioSelect)):
                continue
            field.widget.attrs.update(BIG_SELECT if isinstance(field.widget, forms.Select) else BIG)
        self.fields["amount"].widget.attrs["inputmode"] = "numeric"
        self.fields["rice_kg"].widget.attrs["inputmode"] = "decimal"
        _vn_date(self.fields["paid_on"])
