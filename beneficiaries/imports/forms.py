"""Input shapes for the import pages; every check of the file itself is in the service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import ImportBatch


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx) theo mẫu"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
        help_text=_("Tệp được kiểm tra toàn bộ trước; chưa có gì được lưu cho đến khi bạn bấm «Lưu»."),
    )


class ImportSaveForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Cách lưu"),
        choices=ImportBatch.Mode.choices,
        initial=ImportBatch.Mode.VALID_ROWS,
        widget=forms.RadioSelect,
    )
