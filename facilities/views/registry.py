"""Registry pages: the facilities in the user's scope with occupancy, one facility, register and edit.

Thin: reads through facilities.selectors (out of scope: 404), writes through facilities.services.registry, whose
ValidationError (Vietnamese, naming the field) lands on the form's field.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.jurisdiction import active_assignment
from core.pagination import CappedPaginator

from ..forms import FacilityForm
from ..models import Facility
from ..selectors.facilities import (
    facility_get_for_user,
    facility_list_for_user,
    facility_totals,
    occupancy,
    occupancy_by_group,
    residents_in_residence,
)
from ..selectors.rolls import recent_rolls
from ..services.registry import facility_create, facility_update

RESIDENTS_SHOWN = 50


def _province(request):
    assignment = active_assignment(request.user)
    if assignment is None:
        raise PermissionDenied
    return assignment.unit.province or assignment.unit


def _put_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def facility_list(request):
    ownership = request.GET.get("loai", "")
    if ownership not in Facility.Ownership.values:
        ownership = ""
    search = request.GET.get("q", "").strip()[:100]
    facilities = facility_list_for_user(request.user, ownership=ownership, search=search)
    page = CappedPaginator(facilities, 50).get_page(request.GET.get("page"))
    rows = [(facility, occupancy(facility)) for facility in page.object_list]
    context = {
        "page": page,
        "rows": rows,
        "totals": facility_totals(facilities),
        "ownership": ownership,
        "ownership_choices": Facility.Ownership.choices,
        "search": search,
        "can_add": request.user.has_perm("facilities.add_facility"),
    }
    return render(request, "facilities/facility_list.html", context)


@permission_required("facilities.view_facility", raise_exception=True)
def facility_detail(request, pk):
    facility = facility_get_for_user(request.user, pk)
    context = {
        "facility": facility,
        "occupancy": occupancy(facility),
        "groups": occupancy_by_group(facility),
        "can_edit": request.user.has_perm("facilities.change_facility"),
        "can_see_rolls": request.user.has_perm("facilities.view_nurturingroll"),
        "rolls": recent_rolls(facility) if facility.ownership == Facility.Ownership.PUBLIC else [],
    }
    context["residents"] = Paginator(residents_in_residence(facility), RESIDENTS_SHOWN).get_page(
        request.GET.get("page")
    )
    return render(request, "facilities/facility_detail.html", context)


@permission_required("facilities.add_facility", raise_exception=True)
def facility_create_view(request):
    province = _province(request)
    form = FacilityForm(request.POST or None, province=province)
    if request.method == "POST" and form.is_valid():
        try:
            facility = facility_create(data=form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            _put_errors(form, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc) or _("Bạn không có quyền đăng ký cơ sở."))
        else:
            messages.success(request, _("Đã đăng ký cơ sở «%(name)s».") % {"name": facility.name})
            return redirect("facilities:facility_detail", pk=facility.pk)
    return render(request, "facilities/facility_form.html", {"form": form, "facility": None})


@permission_required("facilities.change_facility", raise_exception=True)
def facility_edit(request, pk):
    facility = facility_get_for_user(request.user, pk)
    province = _province(request)
    initial = FacilityForm.initial_for(facility)
    form = FacilityForm(request.POST or None, province=province, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            facility_update(facility=facility, data=form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            _put_errors(form, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc) or _("Bạn không có quyền sửa cơ sở này."))
        else:
            messages.success(request, _("Đã lưu thông tin cơ sở «%(name)s».") % {"name": facility.name})
            return redirect("facilities:facility_detail", pk=facility.pk)
    return render(request, "facilities/facility_form.html", {"form": form, "facility": facility})
