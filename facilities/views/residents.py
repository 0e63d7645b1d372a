"""Resident pages: the list with the facility's reminders, a resident's page, admission by the emergency, contract
and by-law paths, and discharge (form 09: propose, then decide)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.jurisdiction import active_assignment
from beneficiaries.models import Person
from beneficiaries.selectors import HIV_PERMISSION
from core.pagination import CappedPaginator
from facilities.selectors.facilities import facility_list_for_user

from ..forms_residents import DayForm, DischargeDecideForm, DischargeProposeForm, ResidentAdmitForm, ResidentEditForm
from ..models import Resident
from ..selectors.residents import reminders_for_user, resident_get_for_user, resident_list_for_user
from ..services import discharge as discharge_services
from ..services import residents as services
from ..services.resident_common import ConcurrentChange
from .resident_pages import apply_errors, deadline_of, history_of

PAGE_SIZE = 50
Path = Resident.Path
PATH_TITLES = {
    Path.EMERGENCY: gettext_lazy("Tiếp nhận khẩn cấp (Điều 28.2)"),
    Path.CONTRACT: gettext_lazy("Tiếp nhận tự nguyện theo hợp đồng dịch vụ (mẫu 08)"),
    Path.BY_LAW: gettext_lazy("Tiếp nhận theo quyết định của cơ quan có thẩm quyền"),
}


def _staff_facility(request):
    assignment = active_assignment(request.user)
    return assignment.facility if assignment is not None else None


@permission_required("facilities.view_resident", raise_exception=True)
def resident_list(request):
    state = request.GET.get("o", "in")
    search = request.GET.get("q", "")
    facility_id = request.GET.get("co-so", "")
    facility_id = int(facility_id) if facility_id.isdigit() else None
    rows = resident_list_for_user(request.user, state=state, facility_id=facility_id, search=search)
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    staff_facility = _staff_facility(request)
    return render(
        request,
        "facilities/resident_list.html",
        {
            "page": page,
            "residents": page,
            "state": state,
            "search": search,
            "facility_id": facility_id,
            "facilities": [] if staff_facility else facility_list_for_user(request.user),
            "staff_facility": staff_facility,
            "reminders": reminders_for_user(request.user, timezone.localdate()),
            "today": timezone.localdate(),
        },
    )


def _render_detail(request, resident: Resident, *, status: int = 200, **forms):
    version = {"version": resident.version}
    province = resident.facility.unit.province or resident.facility.unit
    staff = request.user.has_perm("facilities.change_resident") and _staff_facility(request) == resident.facility
    if staff and resident.in_residence:
        initial = {**version, **{name: getattr(resident, name) for name in services.EDITABLE}}
        forms.setdefault("edit_form", ResidentEditForm(initial=initial, province=province))
        forms.setdefault("day_form", DayForm(initial={**version, "day": timezone.localdate()}))
    context = {
        "resident": resident,
        "person": resident.person,
        "staff": staff,
        "events": history_of(resident.events.select_related("actor")),
        "file_deadline": deadline_of(resident.file_due_on, resident.facility.unit),
        "media_deadline": deadline_of(resident.media_notice_due_on, resident.facility.unit),
        "discharge_deadline": deadline_of(resident.discharge_due_on, resident.facility.unit)
        if resident.in_residence
        else None,
        "can_see_person": request.user.has_perm("beneficiaries.view_person"),
        "can_see_hiv": request.user.has_perm(HIV_PERMISSION),
        **forms,
    }
    return render(request, "facilities/resident_detail.html", context, status=status)


@permission_required("facilities.view_resident", raise_exception=True)
def resident_detail(request, pk):
    return _render_detail(request, resident_get_for_user(request.user, pk))


ACTIONS = {
    "file_done": lambda actor, resident, data: services.resident_complete_file(
        actor=actor, resident=resident, completed_on=data["day"]
    ),
    "media_notice": lambda actor, resident, data: services.resident_record_media_notice(
        actor=actor, resident=resident, notice_on=data["day"]
    ),
    "edit": lambda actor, resident, data: services.resident_update(actor=actor, resident=resident, **data),
}


@permission_required("facilities.change_resident", raise_exception=True)
@require_POST
def resident_action(request, pk, action):
    resident = resident_get_for_user(request.user, pk)
    if action not in ACTIONS:
        raise Http404
    province = resident.facility.unit.province or resident.facility.unit
    form = ResidentEditForm(request.POST, province=province) if action == "edit" else DayForm(request.POST)
    name = "edit_form" if action == "edit" else "day_form"
    if form.is_valid():
        try:
            if form.cleaned_data["version"] != resident.version:
                raise ConcurrentChange(ConcurrentChange.message)
            ACTIONS[action](request.user, resident, form.cleaned_data)
        except ConcurrentChange as exc:
            form.add_error(None, exc.message)
        except (ValidationError, PermissionDenied) as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("facilities:resident_detail", pk=resident.pk)
    return _render_detail(request, resident, status=400, **{name: form})


def _admit(request, path: str):
    facility = _staff_facility(request)
    if facility is None:
        raise PermissionDenied
    initial = {"admitted_on": timezone.localdate(), "care_group": "general"}
    form = ResidentAdmitForm(request.POST or None, path=path, facility=facility, initial=initial)
    found = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found = Person.objects.filter(id_number=data["id_number"]).first() if data["id_number"] else None
        try:
            with transaction.atomic():
                person = found or services.resident_intake_person(
                    actor=request.user,
                    facility=facility,
                    home_commune=data["home_commune"],
                    full_name=data["full_name"],
                    birth_date=data["birth_date"],
                    sex=data["sex"],
                    id_number=data["id_number"],
                )
                resident = services.resident_admit(
                    actor=request.user,
                    facility=facility,
                    person=person,
                    path=path,
                    home_commune=data["home_commune"],
                    confirm_over_capacity=data["confirm_over_capacity"],
                    **form.stay_fields(),
                )
        except (ValidationError, PermissionDenied) as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã tiếp nhận %(name)s vào cơ sở.") % {"name": person.full_name})
            return redirect("facilities:resident_detail", pk=resident.pk)
    return render(
        request,
        "facilities/resident_admit.html",
        {"form": form, "facility": facility, "path": path, "title": PATH_TITLES[path], "found": found},
        status=400 if form.errors else 200,
    )


@permission_required("facilities.admit_resident", raise_exception=True)
def resident_admit_emergency(request):
    return _admit(request, Path.EMERGENCY)


@permission_required("facilities.admit_resident", raise_exception=True)
def resident_admit_contract(request):
    return _admit(request, Path.CONTRACT)


@permission_required("facilities.admit_resident", raise_exception=True)
def resident_admit_by_law(request):
    return _admit(request, Path.BY_LAW)


@permission_required("facilities.discharge_resident", raise_exception=True)
def resident_discharge(request, pk):
    """Form 09: propose with a reason; then another staff member decides (or the proposal is withdrawn)."""
    resident = resident_get_for_user(request.user, pk)
    if not resident.in_residence:
        messages.info(request, _("Đối tượng đã rời cơ sở."))
        return redirect("facilities:resident_detail", pk=resident.pk)
    proposed = resident.discharge_proposed_on is not None
    initial = {"version": resident.version, "proposed_on": timezone.localdate(), "discharged_on": timezone.localdate()}
    if not proposed:
        form = DischargeProposeForm(request.POST or None, initial=initial)
    else:
        form = DischargeDecideForm(request.POST or None, initial=initial, resident=resident)
    if request.method == "POST" and request.POST.get("cancel") and proposed:
        return _discharge_cancel(request, resident)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if data.pop("version") != resident.version:
                raise ConcurrentChange(ConcurrentChange.message)
            if proposed:
                discharge_services.discharge_decide(actor=request.user, resident=resident, **data)
            else:
                discharge_services.discharge_propose(actor=request.user, resident=resident, **data)
        except ConcurrentChange as exc:
            form.add_error(None, exc.message)
        except (ValidationError, PermissionDenied) as exc:
            apply_errors(form, exc)
        else:
            done = _("Đã quyết định cho đối tượng rời cơ sở.") if proposed else _("Đã lập đề nghị rời cơ sở.")
            messages.success(request, done)
            return redirect("facilities:resident_detail", pk=resident.pk)
    context = {
        "resident": resident,
        "form": form,
        "proposed": proposed,
        "deadline": deadline_of(resident.discharge_due_on, resident.facility.unit),
    }
    return render(request, "facilities/resident_discharge.html", context, status=400 if form.errors else 200)


def _discharge_cancel(request, resident: Resident):
    try:
        discharge_services.discharge_cancel(actor=request.user, resident=resident)
    except (ValidationError, PermissionDenied) as exc:
        for message in getattr(exc, "messages", [str(exc)]):
            messages.error(request, message)
    else:
        messages.success(request, _("Đã rút đề nghị rời cơ sở."))
    return redirect("facilities:resident_detail", pk=resident.pk)
