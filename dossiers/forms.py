"""Input shapes for the dossier pages. What the facts mean (eligibility, amounts, deadlines) lives in
dossiers.services / dossiers.assessment, so the browser, the tests and any script get the same answer."""

import re
from datetime import date

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import DisabilityLevel
from policy.selectors import category_list_for_province

from .models import Attachment, Dossier

DATE_FORMAT = "%d/%m/%Y"

# The facts each category needs (Art. 5, Art. 20); the form shows a field only for these categories.
FIELDS_BY_CATEGORY = {
    "disability_level": ("5.6", "20.2"),
    "disability_cert_date": ("5.6", "20.2"),
    "studying": ("5.2",),
    "children_count": ("5.4",),
    "pregnant": ("20.2",),
    "young_children_birth_dates": ("20.2",),
    "subject": ("20.1", "20.3", "20.4"),
}
FUNERAL_FIELDS = ("death_date", "organiser_name", "organiser_id_number", "organiser_relation")
# What a field holds when its category does not need it (so a value typed before switching category is dropped).
EMPTY = {
    "disability_level": "",
    "disability_cert_date": None,
    "studying": False,
    "children_count": 0,
    "pregnant": False,
    "young_children_birth_dates": [],
    "subject": None,
    "death_date": None,
    "organiser_name": "",
    "organiser_id_number": "",
    "organiser_relation": "",
    "category": None,
}


class DayField(forms.DateField):
    def __init__(self, *, label, placeholder="23/11/2026", **kwargs):
        super().__init__(
            label=label,
            input_formats=[DATE_FORMAT],
            widget=forms.DateInput(format=DATE_FORMAT, attrs={"placeholder": placeholder, "autocomplete": "off"}),
            error_messages={"invalid": _("Nhập ngày theo dạng dd/mm/yyyy, ví dụ 23/11/2026.")},
            **kwargs,
        )


class DateListField(forms.CharField):
    """Several dates typed as `dd/mm/yyyy, dd/mm/yyyy`; cleaned to ISO strings (the model keeps a JSON list)."""

    def to_python(self, value):
        text = super().to_python(value)
        days = []
        for part in (p for p in re.split(r"[,;\s]+", text) if p):
            match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", part)
            try:
                day, month, year = (int(n) for n in match.groups()) if match else (0, 0, 0)
                days.append(date(year, month, day))
            except ValueError as exc:
                raise forms.ValidationError(
                    _("«%(value)s» không phải ngày hợp lệ; nhập dạng dd/mm/yyyy, cách nhau bằng dấu phẩy."),
                    params={"value": part},
                ) from exc
        if any(day > timezone.localdate() for day in days):
            raise forms.ValidationError(_("Ngày sinh của con không được sau hôm nay."))
        return [day.isoformat() for day in sorted(days)]

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(date.fromisoformat(str(v)).strftime(DATE_FORMAT) for v in value)
        return value


class CategorySelect(forms.Select):
    """Each option carries its code and application form, read by the small toggle script on the page."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        category = getattr(value, "instance", None)
        if category is not None:
            option["attrs"]["data-code"] = category.code
            option["attrs"]["data-form"] = category.application_form
        return option


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        born = str(obj.birth_date.year) if obj.birth_year_only else obj.birth_date.strftime(DATE_FORMAT)
        return f"{obj.full_name} ({born})"


class DossierForm(forms.Form):
    """Open or edit a dossier. Only the fields the chosen category needs are shown and kept."""

    category = forms.ModelChoiceField(
        label=_("Diện hưởng (Điều 5, Điều 20)"),
        queryset=None,
        widget=CategorySelect,
        empty_label=_("— Chọn diện —"),
    )
    received_on = DayField(label=_("Ngày tiếp nhận hồ sơ"))
    applicant_name = forms.CharField(label=_("Người làm đơn"), max_length=150, required=False)
    applicant_relation = forms.CharField(label=_("Quan hệ với đối tượng"), max_length=60, required=False)
    disability_level = forms.ChoiceField(
        label=_("Mức độ khuyết tật"),
        choices=[("", "—"), *DisabilityLevel.choices],
        required=False,
    )
    disability_cert_date = DayField(label=_("Ngày cấp giấy xác nhận khuyết tật"), required=False)
    studying = forms.BooleanField(
        label=_("Đang đi học (phổ thông, nghề, trung cấp, cao đẳng, đại học)"), required=False
    )
    children_count = forms.IntegerField(
        label=_("Số con đang nuôi"), min_value=0, max_value=30, initial=0, required=False
    )
    pregnant = forms.BooleanField(label=_("Đang mang thai"), required=False)
    young_children_birth_dates = DateListField(
        label=_("Ngày sinh các con dưới 36 tháng tuổi"),
        required=False,
        help_text=_("Nhiều ngày cách nhau bằng dấu phẩy, ví dụ 05/03/2025, 12/10/2026."),
    )
    subject = PersonChoiceField(
        label=_("Người được chăm sóc, nuôi dưỡng"),
        queryset=None,
        required=False,
        empty_label=_("— Chọn người trong xã —"),
    )
    death_date = DayField(label=_("Ngày mất"), required=False)
    organiser_name = forms.CharField(label=_("Người tổ chức mai táng"), max_length=150, required=False)
    organiser_id_number = forms.CharField(
        label=_("Số định danh người tổ chức mai táng"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    organiser_relation = forms.CharField(label=_("Quan hệ với người mất"), max_length=60, required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    # Optimistic lock: the version the user started editing (dossiers.services.dossier_update).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, person, kind: str, people=None, dossier: Dossier | None = None, **kwargs):
        self.person = person
        self.kind = kind
        if dossier is not None:
            kwargs.setdefault("initial", {}).update(self._initial_from(dossier))
        else:
            kwargs.setdefault("initial", {}).setdefault("received_on", timezone.localdate())
            if kind == Dossier.Kind.FUNERAL:
                kwargs["initial"].setdefault("death_date", person.death_date)
        super().__init__(*args, **kwargs)
        if kind == Dossier.Kind.FUNERAL:
            del self.fields["category"]
        else:
            today = timezone.localdate()
            in_force = Q(effective_to__isnull=True) | Q(effective_to__gte=today)
            if dossier is not None and dossier.category_id:
                in_force |= Q(pk=dossier.category_id)
            self.fields["category"].queryset = category_list_for_province(person.commune.province, kind=kind).filter(
                in_force
            )
        if kind == Dossier.Kind.CARE:
            self.fields["subject"].queryset = people if people is not None else person.__class__.objects.none()
        else:
            del self.fields["subject"]
        if kind != Dossier.Kind.FUNERAL:
            for name in FUNERAL_FIELDS:
                del self.fields[name]
        else:
            for name in FIELDS_BY_CATEGORY:
                self.fields.pop(name, None)
        if dossier is None:
            del self.fields["version"]

    @staticmethod
    def _initial_from(dossier: Dossier) -> dict:
        names = ["category", "subject", "received_on", "applicant_name", "applicant_relation", "note",
                 "version", *FIELDS_BY_CATEGORY, *FUNERAL_FIELDS]  # fmt: skip
        return {name: getattr(dossier, name) for name in names}

    # --- What the page shows ----------------------------------------------------------------------------

    def selected_category(self):
        """The category chosen in the submitted data, or the initial one."""
        field = self.fields.get("category")
        if field is None:
            return None
        raw = self.data.get(self.add_prefix("category")) if self.is_bound else self.initial.get("category")
        if hasattr(raw, "code"):
            return raw
        try:
            return field.queryset.filter(pk=int(raw)).first() if raw else None
        except (TypeError, ValueError):
            return None

    def rows(self):
        """(bound field, the codes it is shown for — "" for always —, shown now) for the template."""
        category = self.selected_category()
        code = category.code if category else ""
        result = []
        for bound in self:
            if bound.is_hidden:
                continue
            codes = FIELDS_BY_CATEGORY.get(bound.name)
            shown = codes is None or code in codes
            result.append((bound, " ".join(codes) if codes else "", shown))
        return result

    # --- What goes to the service -----------------------------------------------------------------------

    def clean_organiser_id_number(self):
        value = self.cleaned_data.get("organiser_id_number", "").strip()
        if value and not re.fullmatch(r"\d{9}|\d{12}", value):
            raise forms.ValidationError(_("Số định danh gồm 12 chữ số (hoặc 9 chữ số với CMND cũ)."))
        return value

    def clean_children_count(self):
        return self.cleaned_data.get("children_count") or 0

    def service_fields(self) -> dict:
        """The cleaned values for dossier_open / dossier_update; facts the category does not need are emptied."""
        data = self.cleaned_data
        category = data.get("category")
        code = category.code if category else ""
        fields = {
            name: data.get(name, EMPTY.get(name, ""))
            for name in ("category", "received_on", "applicant_name", "applicant_relation", "note")
        }
        for name, codes in FIELDS_BY_CATEGORY.items():
            fields[name] = data.get(name, EMPTY[name]) if code in codes else EMPTY[name]
        for name in FUNERAL_FIELDS:
            fields[name] = data.get(name, EMPTY[name]) if self.kind == Dossier.Kind.FUNERAL else EMPTY[name]
        if self.kind == Dossier.Kind.FUNERAL:
            fields["category"] = None
        if fields["received_on"] is None:
            fields.pop("received_on")
        return fields


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại giấy tờ"), choices=Attachment.Kind.choices)
    file = forms.FileField(
        label=_("Tệp scan (PDF, JPEG hoặc PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, can_see_hiv: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_see_hiv:
            self.fields["kind"].choices = [
                c for c in Attachment.Kind.choices if c[0] != Attachment.Kind.HIV_CONFIRMATION
            ]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class DecisionForm(forms.Form):
    """The signature of a decision (approve) or of the written refusal (reject)."""

    TITLES = ["Chủ tịch", "Phó Chủ tịch"]

    number = forms.CharField(
        label=_("Số văn bản"),
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": _("vd. 125/QĐ-UBND"), "autocomplete": "off"}),
    )
    signed_on = DayField(label=_("Ngày ký"))
    signer_title = forms.CharField(
        label=_("Chức vụ người ký"),
        max_length=150,
        widget=forms.TextInput(attrs={"list": "signer-titles"}),
        help_text=_("«Phó Chủ tịch» được in là «KT. CHỦ TỊCH – PHÓ CHỦ TỊCH»."),
    )
    signer_name = forms.CharField(label=_("Họ và tên người ký"), max_length=150)
    reasons = forms.CharField(
        label=_("Lý do không đủ điều kiện"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, approve: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.approve = approve
        if approve:
            del self.fields["reasons"]
        else:
            self.fields["reasons"].required = True
            self.fields["reasons"].error_messages["required"] = _("Văn bản trả lời phải nêu rõ lý do.")
            self.fields["number"].widget.attrs["placeholder"] = _("vd. 126/UBND-LĐTBXH")
