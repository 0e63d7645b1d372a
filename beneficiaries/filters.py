import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.jurisdiction import active_assignment
from core.text import fold
from policy.models import Category

from .models import Entitlement, Person


def _categories(request):
    """National categories and the user's province's own; HIV ones only for users who may see HIV status."""
    assignment = active_assignment(request.user) if request is not None else None
    province_id = assignment.unit.province_id if assignment is not None else None
    queryset = Category.objects.filter(Q(province__isnull=True) | Q(province_id=province_id))
    if request is None or not request.user.has_perm("beneficiaries.view_hiv_status"):
        queryset = queryset.filter(sensitive=False)
    return queryset


class _CategoryField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} – {Truncator(obj.name).chars(50)}"


class CategoryFilter(django_filters.ModelChoiceFilter):
    field_class = _CategoryField


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm theo tên hoặc số định danh"),
        method="search",
        widget=forms.TextInput(attrs={"placeholder": _("vd. nguyen van duc hoặc 087…"), "type": "search"}),
    )
    village = django_filters.CharFilter(label=_("Thôn/ấp"), method="village_name")
    sex = django_filters.ChoiceFilter(label=_("Giới tính"), choices=Person.Sex.choices, empty_label=_("Tất cả"))
    # By code in the address (?category=5.5.a), so a filtered list can be bookmarked and shared.
    category = CategoryFilter(
        label=_("Diện hưởng"),
        queryset=_categories,
        method="active_category",
        empty_label=_("Tất cả"),
        to_field_name="code",
    )

    class Meta:
        model = Person
        fields = ["q", "village", "sex", "category"]

    def search(self, queryset, name, value):
        value = value.strip()
        if value.isdigit():
            return queryset.filter(id_number__startswith=value)
        return queryset.filter(name_folded__contains=fold(value))

    def village_name(self, queryset, name, value):
        return queryset.filter(village__name__icontains=value.strip())

    def active_category(self, queryset, name, value):
        # EXISTS, not a join: a person with two active entitlements is still one row.
        active = Entitlement.objects.filter(person=OuterRef("pk"), status=Entitlement.Status.ACTIVE, category=value)
        return queryset.filter(Exists(active))
