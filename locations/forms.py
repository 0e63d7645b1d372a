from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DecidingLevel


class DecidingLevelForm(forms.Form):
    level = forms.ChoiceField(label=_("Cấp quyết định"), choices=DecidingLevel.choices)
    effective_from = forms.DateField(
        label=_("Áp dụng từ ngày (dd/mm/yyyy)"),
        input_formats=["%d/%m/%Y"],
        widget=forms.DateInput(attrs={"placeholder": "01/07/2025"}),
    )
    legal_basis = forms.CharField(label=_("Căn cứ pháp lý"), max_length=200)
