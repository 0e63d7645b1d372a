"""Input shapes of the life-event forms (one small form per kind of event) and of the watch list."""

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.templatetags.vn_format import format_vnd
from locations.models import AdministrativeUnit, Level, Village

from .models import DisabilityLevel, EndReason, Entitlement, SuspendReason
from .services import life_events as services

OPEN = (Entitlement.Status.ACTIVE, Entitlement.Status.SUSPENDED)


class DayField(forms.DateField):
    def __init__(self, *, label, **kwargs):
        super().__init__(
            label=label,
            input_formats=["%d/%m/%Y"],
            widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off"}),
            error_messages={"invalid": gettext_lazy("Nhập ngày theo dạng dd/mm/yyyy, ví dụ 15/03/2025.")},
            **kwargs,
        )


class MonthField(forms.CharField):
    """`MM/YYYY` (also `M/YYYY`) → the first day of that month."""

    default_error_messages = {"invalid": gettext_lazy("Nhập tháng theo dạng MM/YYYY, ví dụ 07/2025.")}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"placeholder": "MM/YYYY", "autocomplete": "off", "inputmode": "numeric", "maxlength": "7"}
        )

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        match = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{4})\s*", value)
        if not match or not 1 <= int(match.group(1)) <= 12:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return date(int(match.group(2)), int(match.group(1)), 1)

    def prepare_value(self, value):
        return f"{value:%m/%Y}" if isinstance(value, date) else value


def _note():
    return forms.CharField(
        label=gettext_lazy("Ghi chú, số văn bản (nếu có)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DeathForm(forms.Form):
    died_on = DayField(label=gettext_lazy("Ngày mất"))
    organiser_name = forms.CharField(
        label=gettext_lazy("Người tổ chức mai táng"),
        max_length=150,
        required=False,
        help_text=gettext_lazy("Người nhận hỗ trợ mai táng phí; có thể bổ sung sau trong hồ sơ mai táng."),
    )
    organiser_relation = forms.CharField(label=gettext_lazy("Quan hệ với người mất"), max_length=60, required=False)
    organiser_id_number = forms.CharField(
        label=gettext_lazy("Số định danh người tổ chức mai táng"), max_length=12, required=False
    )
    note = _note()


class MissingForm(forms.Form):
    declared_on = DayField(label=gettext_lazy("Ngày quyết định tuyên bố mất tích có hiệu lực"))
    note = _note()


class SuspendForm(forms.Form):
    # In-facility suspension follows admission and discharge (facilities.services), not a commune's choice.
    reason = forms.ChoiceField(
        label=gettext_lazy("Lý do tạm dừng"),
        choices=[(value, label) for value, label in SuspendReason.choices if value != SuspendReason.IN_FACILITY],
        widget=forms.RadioSelect,
    )
    from_month = MonthField(label=gettext_lazy("Tạm dừng từ tháng"))
    note = _note()


class ResumeForm(forms.Form):
    from_month = MonthField(label=gettext_lazy("Tiếp tục hưởng từ tháng"))
    pay_arrears = forms.BooleanField(
        label=gettext_lazy("Truy lĩnh trợ cấp các tháng tạm dừng"),
        required=False,
        help_text=gettext_lazy("Các tháng truy lĩnh được chi trong danh sách chi trả kỳ tới."),
    )
    note = _note()


class EntitlementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        status = "" if obj.status == Entitlement.Status.ACTIVE else f" – {obj.get_status_display()}"
        return _("Diện %(code)s, từ tháng %(start)s, %(amount)s/tháng%(status)s") % {
            "code": obj.category.code,
            "start": f"{obj.start_month:%m/%Y}",
            "amount": format_vnd(obj.amount),
            "status": status,
        }


class TerminateForm(forms.Form):
    entitlement = EntitlementChoiceField(
        label=gettext_lazy("Chế độ thôi hưởng"),
        queryset=Entitlement.objects.none(),
        required=False,
        empty_label=gettext_lazy("Tất cả chế độ đang hưởng"),
    )
    # Death and missing have their own events (they also mark the person and open the funeral dossier).
    reason = forms.ChoiceField(
        label=gettext_lazy("Lý do thôi hưởng"),
        choices=[
            (value, label)
            for value, label in EndReason.choices
            if value in services.TERMINATION_REASONS and value != EndReason.DEATH
        ],
    )
    from_month = MonthField(
        label=gettext_lazy("Thôi hưởng từ tháng"),
        help_text=gettext_lazy("Trợ cấp được chi đến hết tháng trước tháng này."),
    )
    note = _note()

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entitlement"].queryset = person.entitlements.filter(status__in=OPEN).select_related("category")


class DisabilityForm(forms.Form):
    level = forms.ChoiceField(
        label=gettext_lazy("Mức độ khuyết tật mới"), choices=DisabilityLevel.choices, widget=forms.RadioSelect
    )
    cert_date = DayField(
        label=gettext_lazy("Ngày cấp giấy xác nhận khuyết tật mới"),
        help_text=gettext_lazy("Hệ số mới áp dụng từ tháng cấp giấy xác nhận (khoản 1 Điều 8)."),
    )
    note = _note()


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} – {obj.parent.name}" if obj.parent_id and obj.parent.level == Level.DISTRICT else obj.name


class RelocateForm(forms.Form):
    to_commune = CommuneChoiceField(label=gettext_lazy("Chuyển đến xã, phường, thị trấn"), queryset=None)
    to_village = forms.ModelChoiceField(
        label=gettext_lazy("Thôn/ấp nơi ở mới"), queryset=Village.objects.none(), required=False
    )
    moved_on = DayField(
        label=gettext_lazy("Ngày chuyển đi"),
        help_text=gettext_lazy("Xã cũ chi trả đến hết tháng chuyển đi; xã mới chi trả từ tháng sau."),
    )
    note = _note()

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["to_commune"].queryset = (
            AdministrativeUnit.objects.filter(province_id=person.commune.province_id, level=Level.COMMUNE)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
            .exclude(pk=person.commune_id)
            .select_related("parent")
            .order_by("parent__name", "name")
        )
        # The villages of the chosen commune (htmx reloads this list when the commune changes).
        chosen = self.data.get("to_commune") if self.is_bound else None
        if chosen and str(chosen).isdigit():
            self.fields["to_village"].queryset = Village.objects.filter(commune_id=int(chosen))
        self.fields["to_commune"].widget.attrs.update(
            {
                "hx-get": reverse("beneficiaries:life_event_villages"),
                "hx-target": "#id_to_village",
                "hx-swap": "outerHTML",
                "hx-trigger": "change",
            }
        )


class VillageForm(forms.Form):
    """Only the village list, re-rendered when the commune changes (same id and name as on RelocateForm)."""

    to_village = forms.ModelChoiceField(queryset=Village.objects.none(), required=False)

    def __init__(self, *, commune_id: int | None):
        super().__init__()
        if commune_id is not None:
            self.fields["to_village"].queryset = Village.objects.filter(commune_id=commune_id)
        self.fields["to_village"].widget.attrs["class"] = "form-select"


class Turn16Form(forms.Form):
    studying = forms.TypedChoiceField(
        label=gettext_lazy("Tình trạng đi học khi đủ 16 tuổi"),
        choices=[
            ("yes", gettext_lazy("Đang đi học: chuyển sang diện 5.2 (hưởng đến khi thôi học, tối đa đến 22 tuổi)")),
            ("no", gettext_lazy("Không đi học: thôi hưởng sau tháng đủ 16 tuổi")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = _note()


class Turn22Form(forms.Form):
    note = _note()


# --- The kinds of event --------------------------------------------------------------------------------------
