import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import fold

from .models import Person


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm theo tên hoặc số định danh"),
        method="search",
        widget=forms.TextInput(attrs={"placeholder": _("vd. nguyen van duc hoặc 087…"), "type": "search"}),
    )
    village = django_filters.CharFilter(label=_("Thôn/ấp"), method="village_name")
    sex = django_filters.ChoiceFilter(label=_("Giới tính"), choices=Person.Sex.choices, empty_label=_("Tất cả"))

    class Meta:
        model = Person
        fields = ["q", "village", "sex"]

    def search(self, queryset, name, value):
        value = value.strip()
        if value.isdigit():
            return queryset.filter(id_number__startswith=value)
        return queryset.filter(name_folded__contains=fold(value))

    def village_name(self, queryset, name, value):
        return queryset.filter(village__name__icontains=value.strip())
