import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import PaymentMethod
from core.text import fold
from locations.models import Village

from .models import PaymentLine

PAID_CHOICES = [("yes", _("Đã nhận")), ("no", _("Chưa nhận")), ("waiting", _("Chưa ghi nhận"))]


class LineFilter(django_filters.FilterSet):
    """The lines tab of a roll: by name or ID, village, payment method and payment result."""

    q = django_filters.CharFilter(
        label=_("Tìm theo tên hoặc số định danh"),
        method="search",
        widget=forms.TextInput(attrs={"placeholder": _("vd. nguyen van duc hoặc 087…"), "type": "search"}),
    )
    village = django_filters.ModelChoiceFilter(
        label=_("Thôn/ấp"), queryset=Village.objects.none(), field_name="person__village", empty_label=_("Tất cả")
    )
    method = django_filters.ChoiceFilter(
        label=_("Hình thức chi trả"),
        choices=PaymentMethod.choices,
        field_name="payment_method",
        empty_label=_("Tất cả"),
    )
    paid = django_filters.ChoiceFilter(
        label=_("Kết quả chi trả"), choices=PAID_CHOICES, method="paid_status", empty_label=_("Tất cả")
    )

    class Meta:
        model = PaymentLine
        fields = ["q", "village", "method", "paid"]

    def __init__(self, *args, roll, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["village"].queryset = Village.objects.filter(commune_id=roll.commune_id).order_by("name")

    def search(self, queryset, name, value):
        value = value.strip()
        if value.isdigit():
            return queryset.filter(person__id_number__startswith=value)
        return queryset.filter(person__name_folded__contains=fold(value))

    def paid_status(self, queryset, name, value):
        return queryset.filter(paid={"yes": True, "no": False, "waiting": None}[value])
