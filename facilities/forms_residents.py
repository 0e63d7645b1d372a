"""Input shapes of the admission, resident and discharge pages. What the facts mean (deadlines, capacity, the
allowance) lives in facilities.services, so the browser, the tests and scripts get the same answers."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beneficiaries.life_event_forms import CommuneChoiceField, DayField
from beneficiaries.models import Person
from locations.models import AdministrativeUnit, Level
from policy.selectors import category_list_for_province

from .models import CareGroup, Resident
from .resident_rules import MAX_SUPPORT_MONTHS


def _textarea(label, *, required=False, rows=3):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}))


def _categories(province):
    return category_list_for_province(province, kind="monthly").order_by("code")


def _communes(province):
    """The communes of `province` still in force (hand-over and home commune choices)."""
    today = timezone.localdate()
    return (
        AdministrativeUnit.objects.filter(province=province, level=Level.COMMUNE)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .select_related("parent")
        .order_by("parent__name", "name")
    )


class CategoryField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} – {obj.name[:70]}"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.birth_date:%d/%m/%Y})"


def admission_candidates(commune):
    """People of the commune who may be proposed: alive and not living in a facility."""
    in_facility = Resident.objects.filter(discharged_on__isnull=True).values("person_id")
    return Person.objects.filter(commune=commune, death_date__isnull=True).exclude(pk__in=in_facility)


class AdmissionCaseForm(forms.Form):
    """Form 07 at the commune: who, which group, why."""

    # Picked on the search page before (a commune may have tens of thousands of people: no drop-down).
    person = PersonChoiceField(
        label=_("Đối tượng"),
        queryset=Person.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Đối tượng: vui lòng tìm và chọn người cần đề nghị."),
            "invalid_choice": _("Đối tượng: chỉ chọn được người của xã, còn sống và chưa ở cơ sở trợ giúp xã hội."),
        },
    )
    care_group = forms.ChoiceField(label=_("Nhóm đối tượng"), choices=CareGroup.choices)
    category = CategoryField(label=_("Diện đối tượng (nếu có)"), queryset=None, required=False)
    reason = _textarea(_("Hoàn cảnh, lý do đề nghị vào cơ sở"), required=True, rows=4)
    applicant_name = forms.CharField(label=_("Người làm đơn"), max_length=150, required=False)
    received_on = DayField(label=_("Ngày tiếp nhận hồ sơ"))

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = admission_candidates(commune)
        self.fields["category"].queryset = _categories(commune.province or commune)


class ReasonForm(forms.Form):
    reason = _textarea(_("Lý do"), required=True)
    version = forms.IntegerField(widget=forms.HiddenInput)


class PlaceForm(forms.Form):
    facility = forms.ModelChoiceField(label=_("Cơ sở tiếp nhận"), queryset=None)
    decision_number = forms.CharField(
        label=_("Số quyết định tiếp nhận"),
        max_length=60,
        widget=forms.TextInput(attrs={"placeholder": "vd. 15/QĐ-UBND"}),
    )
    decision_date = DayField(label=_("Ngày quyết định"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, facilities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities


class StayFieldsMixin(forms.Form):
    care_plan = _textarea(_("Kế hoạch can thiệp, trợ giúp"))
    health_insurance_number = forms.CharField(label=_("Số thẻ bảo hiểm y tế"), max_length=20, required=False)
    studying = forms.BooleanField(label=_("Đang đi học"), required=False)
    confirm_over_capacity = forms.BooleanField(
        label=_("Tôi xác nhận tiếp nhận vượt công suất của nhóm đối tượng này"), required=False
    )


class AdmitCaseForm(StayFieldsMixin):
    admitted_on = DayField(label=_("Ngày vào cơ sở"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    field_order = ["admitted_on", "care_plan", "health_insurance_number", "studying", "confirm_over_capacity"]


class ResidentAdmitForm(StayFieldsMixin):
    """Emergency (Art. 28.2), contract (form 08) or by law: the person is found by ID number or recorded now."""

    PATH_FIELDS = {
        Resident.Path.EMERGENCY: ("abandoned_child",),
        Resident.Path.CONTRACT: ("contract_number", "contract_end_on", "monthly_fee"),
        Resident.Path.BY_LAW: ("admission_decision_number", "admission_decision_date"),
    }

    id_number = forms.CharField(
        label=_("Số định danh cá nhân"),
        max_length=12,
        required=False,
        help_text=_(
            "Nếu đối tượng đã có trong hệ thống, chỉ cần nhập số định danh; nếu chưa có, nhập thêm thông tin bên dưới."
        ),
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    birth_date = DayField(label=_("Ngày sinh"), required=False)
    sex = forms.ChoiceField(label=_("Giới tính"), choices=[("", "—"), *Person.Sex.choices], required=False)
    home_commune = CommuneChoiceField(label=_("Xã, phường nơi cư trú (nơi bàn giao khi rời cơ sở)"), queryset=None)
    care_group = forms.ChoiceField(label=_("Nhóm đối tượng"), choices=CareGroup.choices)
    category = CategoryField(label=_("Diện đối tượng (nếu có)"), queryset=None, required=False)
    admitted_on = DayField(label=_("Ngày vào cơ sở"))
    abandoned_child = forms.BooleanField(
        label=_("Trẻ em bị bỏ rơi"),
        required=False,
        help_text=_("Cơ sở thông báo trên phương tiện truyền thông trong 25 ngày làm việc."),
    )
    contract_number = forms.CharField(label=_("Số hợp đồng dịch vụ (mẫu 08)"), max_length=60, required=False)
    contract_end_on = DayField(label=_("Hợp đồng đến ngày"), required=False)
    monthly_fee = forms.IntegerField(label=_("Phí dịch vụ (đồng/tháng)"), min_value=0, required=False)
    admission_decision_number = forms.CharField(
        label=_("Số quyết định của cơ quan có thẩm quyền"), max_length=60, required=False
    )
    admission_decision_date = DayField(label=_("Ngày quyết định"), required=False)

    def __init__(self, *args, path: str, facility, **kwargs):
        super().__init__(*args, **kwargs)
        self.path = path
        province = facility.unit.province or facility.unit
        self.fields["home_commune"].queryset = _communes(province)
        self.fields["category"].queryset = _categories(province)
        for other, names in self.PATH_FIELDS.items():
            if other != path:
                for name in names:
                    del self.fields[name]
        if path == Resident.Path.BY_LAW:
            self.fields["admission_decision_number"].required = True

    def clean(self):
        data = super().clean()
        if not data.get("id_number"):
            for name in ("full_name", "birth_date", "sex"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Bắt buộc khi đối tượng chưa có số định danh trong hệ thống."))
        return data

    def stay_fields(self) -> dict:
        data = self.cleaned_data
        names = ["care_group", "category", "admitted_on", "care_plan", "health_insurance_number", "studying"]
        names += list(self.PATH_FIELDS[self.path])
        values = {name: data.get(name) for name in names}
        for name in ("contract_number", "admission_decision_number"):
            if name in values:
                values[name] = values[name] or ""
        if "monthly_fee" in values:
            values["monthly_fee"] = values["monthly_fee"] or 0
        return values


class ResidentEditForm(forms.Form):
    care_group = forms.ChoiceField(label=_("Nhóm đối tượng"), choices=CareGroup.choices)
    category = CategoryField(label=_("Diện đối tượng"), queryset=None, required=False)
    care_plan = _textarea(_("Kế hoạch can thiệp, trợ giúp"), rows=4)
    health_insurance_number = forms.CharField(label=_("Số thẻ bảo hiểm y tế"), max_length=20, required=False)
    studying = forms.BooleanField(
        label=_("Đang đi học"), required=False, help_text=_("Đang đi học thì ở lại cơ sở đến 22 tuổi (Điều 30).")
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = _categories(province)


class DayForm(forms.Form):
    """One date: the emergency file completed, or the media notice published."""

    day = DayField(label=_("Ngày"))
    version = forms.IntegerField(widget=forms.HiddenInput)


class DischargeProposeForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Lý do rời cơ sở (Điều 30)"), choices=Resident.DischargeReason.choices, widget=forms.RadioSelect
    )
    proposed_on = DayField(label=_("Ngày đề nghị"))
    note = _textarea(_("Ghi chú (hoàn cảnh, giấy tờ kèm theo)"), rows=2)
    version = forms.IntegerField(widget=forms.HiddenInput)


class DischargeDecideForm(forms.Form):
    decision_number = forms.CharField(
        label=_("Số quyết định rời cơ sở"),
        max_length=60,
        widget=forms.TextInput(attrs={"placeholder": "vd. 08/QĐ-TTBT"}),
    )
    discharged_on = DayField(label=_("Ngày rời cơ sở"))
    handover_commune = CommuneChoiceField(
        label=_("Bàn giao về xã, phường"),
        queryset=None,
        required=False,
        help_text=_("Để trống: bàn giao về xã nơi cư trú trước khi vào cơ sở."),
    )
    support_months = forms.IntegerField(
        label=_("Tiếp tục trợ cấp sau khi rời cơ sở (số tháng)"),
        min_value=0,
        max_value=MAX_SUPPORT_MONTHS,
        required=False,
        help_text=_("Chỉ đối tượng diện 5.1, 5.3; tối đa 24 tháng (Điều 26)."),
    )
    funeral_organiser = forms.CharField(
        label=_("Người, tổ chức lo mai táng"),
        max_length=150,
        required=False,
        help_text=_("Để trống: cơ sở tổ chức mai táng."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, resident: Resident, **kwargs):
        super().__init__(*args, **kwargs)
        province = resident.facility.unit.province or resident.facility.unit
        if resident.discharge_reason == Resident.DischargeReason.DEATH:
            self.fields["discharged_on"].label = _("Ngày mất")
            del self.fields["handover_commune"], self.fields["support_months"]
        else:
            del self.fields["funeral_organiser"]
            self.fields["handover_commune"].queryset = _communes(province)
