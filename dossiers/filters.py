import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.jurisdiction import active_assignment
from beneficiaries.selectors import HIV_PERMISSION
from policy.models import Category
from policy.selectors import category_list_for_province

from .models import Dossier
from .selectors import awaiting_user, overdue


class DossierFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=Dossier.Status.choices, empty_label=_("Tất cả"))
    kind = django_filters.ChoiceFilter(label=_("Loại hồ sơ"), choices=Dossier.Kind.choices, empty_label=_("Tất cả"))
    category = django_filters.ModelChoiceFilter(
        label=_("Diện hưởng"), queryset=Category.objects.none(), empty_label=_("Tất cả")
    )
    overdue = django_filters.BooleanFilter(
        label=_("Chỉ hồ sơ quá hạn"), method="only_overdue", widget=forms.CheckboxInput
    )
    mine = django_filters.BooleanFilter(label=_("Chờ tôi xử lý"), method="awaiting_me", widget=forms.CheckboxInput)

    class Meta:
        model = Dossier
        fields = ["status", "kind", "category", "overdue", "mine"]

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        assignment = active_assignment(request.user)
        categories = Category.objects.none()
        if assignment is not None and assignment.unit.province_id:
            categories = category_list_for_province(assignment.unit.province).exclude(kind="funeral")
            if not request.user.has_perm(HIV_PERMISSION):
                # Filtering by an HIV category would tell who has one (SPEC §2: HIV status is sensitive).
                categories = categories.filter(sensitive=False)
        self.filters["category"].queryset = categories

    def only_overdue(self, queryset, name, value):
        return overdue(queryset) if value else queryset

    def awaiting_me(self, queryset, name, value):
        return queryset.filter(pk__in=awaiting_user(self.request.user).values("pk")) if value else queryset
