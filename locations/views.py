from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.jurisdiction import unit_get_or_404, units_visible_to
from core.services import job_create

from .forms import DecidingLevelForm
from .models import DecidingLevelSetting, Level
from .selectors import deciding_level_on
from .services import deciding_level_set, unit_flag_set
from .tasks import admin_units_load_task


@permission_required("locations.view_administrativeunit", raise_exception=True)
def unit_list(request):
    """Communes in the user's jurisdiction, grouped by district, with the flags the law needs."""
    communes = (
        units_visible_to(request.user)
        .filter(level=Level.COMMUNE)
        .select_related("parent")
        .order_by("parent__code", "code")
    )
    province = request.assignment.unit.province or request.assignment.unit
    return render(
        request,
        "locations/unit_list.html",
        {
            "communes": communes,
            "province": province,
            "deciding_level": deciding_level_on(province, timezone.localdate()),
            "settings": DecidingLevelSetting.objects.filter(province=province),
            "can_edit": request.user.has_perm("locations.change_administrativeunit"),
            "form": DecidingLevelForm(),
        },
    )


@require_POST
@permission_required("locations.change_administrativeunit", raise_exception=True)
def unit_flag(request, pk):
    unit = unit_get_or_404(request.user, pk=pk, level=Level.COMMUNE)
    unit = unit_flag_set(
        unit=unit, especially_difficult=request.POST.get("especially_difficult") == "on", actor=request.user
    )
    return render(request, "locations/_unit_flag.html", {"unit": unit, "can_edit": True})


@require_POST
@permission_required("locations.add_decidinglevelsetting", raise_exception=True)
def deciding_level_add(request):
    form = DecidingLevelForm(request.POST)
    province = request.assignment.unit.province or request.assignment.unit
    if form.is_valid():
        deciding_level_set(province=province, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Đã lưu cấp quyết định."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}")
    return redirect("locations:unit_list")


@require_POST
@permission_required("locations.change_administrativeunit", raise_exception=True)
def registry_reload(request):
    """Refresh every unit from the registry package in the background; the page shows the progress."""
    job = job_create(
        kind="admin_units_load",
        title=_("Cập nhật danh mục đơn vị hành chính"),
        actor=request.user,
        unit=request.assignment.unit,
    )
    transaction.on_commit(lambda: admin_units_load_task.delay(job.pk))
    return render(request, "components/_job_progress.html", {"job": job})
