"""Incident pages: the list (open first), opening and editing one, its summary and its communes' parts."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pagination import CappedPaginator

from .. import selectors, services
from ..forms import AreaForm, IncidentForm
from ..models import Assessment, HouseDamage, Incident
from .common import add_service_errors, flash_errors

PAGE_SIZE = 25


@permission_required("emergency.view_incident", raise_exception=True)
def incident_list(request):
    incidents = selectors.incident_list_for_user(request.user)
    status = request.GET.get("trang_thai", "")
    if status in Incident.Status.values:
        incidents = incidents.filter(status=status)
    page = CappedPaginator(incidents, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "emergency/incident_list.html",
        {"page": page, "status": status, "statuses": Incident.Status.choices, "awaiting": _awaiting(request.user)},
    )


def _awaiting(user) -> int:
    return selectors.awaiting_user(user).count()


@permission_required("emergency.add_incident", raise_exception=True)
def incident_create(request):
    form = IncidentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        communes, villages = list(data.pop("communes")), data.pop("villages")
        try:
            incident = services.incident_open(actor=request.user, communes=communes, villages=villages, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã mở sự kiện «%(name)s».") % {"name": incident.name})
            return redirect("emergency:incident_detail", pk=incident.pk)
    return render(request, "emergency/incident_form.html", {"form": form, "incident": None})


@permission_required("emergency.change_incident", raise_exception=True)
def incident_edit(request, pk):
    incident = selectors.incident_get_for_user(request.user, pk)
    areas = incident.areas.select_related("commune")
    initial = {
        "name": incident.name,
        "kind": incident.kind,
        "occurred_on": incident.occurred_on,
        "description": incident.description,
        "especially_urgent": incident.especially_urgent,
        "communes": [area.commune for area in areas],
        "villages": areas[0].villages if len(areas) == 1 else "",
    }
    form = IncidentForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        communes, villages = list(data.pop("communes")), data.pop("villages")
        try:
            services.incident_update(actor=request.user, incident=incident, communes=communes, **data)
            if len(communes) == 1:
                area = incident.areas.get(commune=communes[0])
                services.incident_area_update(actor=request.user, area=area, villages=villages)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu sự kiện."))
            return redirect("emergency:incident_detail", pk=incident.pk)
    return render(request, "emergency/incident_form.html", {"form": form, "incident": incident})


@permission_required("emergency.view_incident", raise_exception=True)
def incident_detail(request, pk):
    incident = selectors.incident_get_for_user(request.user, pk)
    assessments = selectors.assessment_list_for_user(request.user, incident)
    totals = selectors.incident_totals(incident, request.user)
    rows = selectors.commune_rows(incident, request.user)
    listed = assessments.order_by("commune__code", "village", "id")
    status = request.GET.get("trang_thai", "")
    if status in Assessment.Status.values:
        listed = listed.filter(status=status)
    page = CappedPaginator(listed, 50).get_page(request.GET.get("page"))
    chart = {
        "labels": [label for _value, label, _money, _rice in totals.by_source],
        "values": [money for _value, _label, money, _rice in totals.by_source],
    }
    context = {
        "incident": incident,
        "totals": totals,
        "houses": [(label, totals.houses.get(value, 0)) for value, label in HouseDamage.choices if value != "none"],
        "rows": rows,
        "page": page,
        "status": status,
        "statuses": Assessment.Status.choices,
        "chart": chart,
        "can_assess": request.user.has_perm("emergency.add_assessment") and incident.status == Incident.Status.OPEN,
        "can_edit": request.user.has_perm("emergency.change_incident") and incident.status == Incident.Status.OPEN,
    }
    return render(request, "emergency/incident_detail.html", context)


@permission_required("emergency.change_incident", raise_exception=True)
@require_POST
def area_update(request, pk, area_pk):
    incident = selectors.incident_get_for_user(request.user, pk)
    area = selectors.area_list_for_user(request.user, incident).filter(pk=area_pk).first()
    if area is None:
        raise Http404
    form = AreaForm(request.POST)
    if form.is_valid():
        try:
            services.incident_area_update(actor=request.user, area=area, villages=form.cleaned_data["villages"])
        except ValidationError as exc:
            flash_errors(request, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã lưu thôn/ấp bị ảnh hưởng của %(commune)s.") % {"commune": area.commune})
    return redirect(reverse("emergency:incident_detail", args=[incident.pk]) + "#dia-ban")


@permission_required("emergency.change_incident", raise_exception=True)
@require_POST
def incident_close(request, pk):
    incident = selectors.incident_get_for_user(request.user, pk)
    try:
        services.incident_close(actor=request.user, incident=incident)
    except ValidationError as exc:
        flash_errors(request, exc)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã kết thúc sự kiện."))
    return redirect("emergency:incident_detail", pk=incident.pk)
