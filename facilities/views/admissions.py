"""Admission case pages (form 07): the list, opening a case at the commune, and the case page with the step the
user's working role may take next (post, forward, appraise, place, send to the province, admit…)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.jurisdiction import active_assignment
from core.pagination import CappedPaginator
from core.text import fold

from .. import workflow
from ..forms_residents import AdmissionCaseForm, AdmitCaseForm, PlaceForm, ReasonForm, admission_candidates
from ..models import AdmissionCase
from ..selectors.admissions import admission_get_for_user, admission_list_for_user, placeable_facilities
from ..services import admissions as services
from ..services.resident_common import ConcurrentChange
from ..services.residents import admission_admit
from .resident_pages import apply_errors, deadline_of, history_of, working_role

PAGE_SIZE = 50
# Buttons that post straight away; the others open a small form (a reason, a facility and decision, an admission).
SIMPLE = {
    "submit": services.admission_submit,
    "post": services.admission_post,
    "forward": services.admission_forward,
    "appraise": services.admission_appraise,
    "to_province": services.admission_send_to_province,
}
STYLES = {"return": "outline-warning", "reject": "outline-danger", "to_province": "outline-primary"}


@permission_required("facilities.view_admissioncase", raise_exception=True)
def admission_list(request):
    status = request.GET.get("trang-thai", "open")
    search = request.GET.get("q", "")
    cases = admission_list_for_user(request.user, status=status, search=search)
    page = CappedPaginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    statuses = [("open", _("Đang xử lý")), ("", _("Tất cả")), *AdmissionCase.Status.choices]
    return render(
        request,
        "facilities/admission_list.html",
        {"page": page, "status": status, "search": search, "statuses": statuses, "today": timezone.localdate()},
    )


@permission_required("facilities.add_admissioncase", raise_exception=True)
def admission_create(request):
    assignment = active_assignment(request.user)
    commune = assignment.unit
    candidates = admission_candidates(commune)
    chosen = request.POST.get("person") or request.GET.get("person")
    person = candidates.filter(pk=chosen).first() if chosen and chosen.isdigit() else None
    if person is None and request.method == "GET":
        return _person_picker(request, candidates)
    initial = {"received_on": timezone.localdate(), "person": person.pk if person else None}
    form = AdmissionCaseForm(request.POST or None, commune=commune, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.admission_open(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lập hồ sơ đề nghị vào cơ sở của %(name)s.") % {"name": case.person})
            return redirect("facilities:admission_detail", pk=case.pk)
    return render(request, "facilities/admission_form.html", {"form": form, "commune": commune, "person": person})


def _person_picker(request, candidates):
    """Find the person by name (accents optional) or ID number; at most 30 shown."""
    query = request.GET.get("q", "").strip()
    people = candidates.select_related("village").order_by("name_folded", "pk")
    if query.isdigit():
        people = people.filter(id_number__startswith=query)
    elif query:
        people = people.filter(name_folded__contains=fold(query))
    shown = list(people[:30]) if query else []
    return render(request, "facilities/admission_person_picker.html", {"query": query, "people": shown})


def _steps(request, case: AdmissionCase) -> list[dict]:
    role = working_role(request)
    return [
        {"action": s.action, "label": s.label, "style": STYLES.get(s.action, "primary"), "form": s.action not in SIMPLE}
        for s in workflow.available_steps(case.flow, case.status, role)
    ]


def _render(request, case: AdmissionCase, *, status: int = 200, **forms):
    role = working_role(request)
    version = {"version": case.version}
    if case.status in (
        AdmissionCase.Status.POSTED,
        AdmissionCase.Status.APPRAISED,
        AdmissionCase.Status.SENT_TO_PROVINCE,
    ):
        forms.setdefault(
            "place_form",
            PlaceForm(
                initial={**version, "decision_date": timezone.localdate()},
                facilities=placeable_facilities(case, role),
            ),
        )
    if case.status == AdmissionCase.Status.PLACED:
        forms.setdefault("admit_form", AdmitCaseForm(initial={**version, "admitted_on": timezone.localdate()}))
    forms.setdefault("reason_form", ReasonForm(initial=version))
    context = {
        "case": case,
        "steps": _steps(request, case),
        "deadline": deadline_of(case.due_on, case.commune),
        "posting": case.status == AdmissionCase.Status.POSTED and case.posted_until,
        "events": history_of(case.events.select_related("actor")),
        "resident": getattr(case, "resident", None) if case.status == AdmissionCase.Status.ADMITTED else None,
        "flow_text": _("Quy trình hai cấp (Chủ tịch UBND xã quyết định)")
        if case.flow == workflow.TWO_LEVEL
        else _("Quy trình ba cấp (xã → Phòng thẩm định → Chủ tịch UBND huyện quyết định)"),
        **forms,
    }
    return render(request, "facilities/admission_detail.html", context, status=status)


@permission_required("facilities.view_admissioncase", raise_exception=True)
def admission_detail(request, pk):
    return _render(request, admission_get_for_user(request.user, pk))


@permission_required("facilities.view_admissioncase", raise_exception=True)
@require_POST
def admission_step(request, pk, action):
    case = admission_get_for_user(request.user, pk)
    if not any(s["action"] == action for s in _steps(request, case)):
        # Not this role's step now (or not a step at all): the page says why instead of acting.
        messages.error(request, _("Bạn không thể thực hiện bước này ở trạng thái hiện tại của hồ sơ."))
        return redirect("facilities:admission_detail", pk=case.pk)
    if str(case.version) != request.POST.get("version", ""):
        messages.error(request, ConcurrentChange.message)
        return redirect("facilities:admission_detail", pk=case.pk)
    form, call = _step_call(request, case, action)
    if form is not None and not form.is_valid():
        return _render(request, case, status=400, **{_form_name(action): form})
    try:
        result = call(form.cleaned_data if form is not None else {})
    except ConcurrentChange as exc:
        messages.error(request, exc.message)
    except (ValidationError, PermissionDenied) as exc:
        if form is None:
            for message in getattr(exc, "messages", [str(exc)]):
                messages.error(request, message)
            return redirect("facilities:admission_detail", pk=case.pk)
        apply_errors(form, exc)
        return _render(request, case, status=400, **{_form_name(action): form})
    else:
        if action == "admit":
            messages.success(request, _("Đã tiếp nhận %(name)s vào cơ sở.") % {"name": case.person})
            return redirect("facilities:resident_detail", pk=result.pk)
        messages.success(request, _("Đã thực hiện. Trạng thái: %(status)s.") % {"status": case.get_status_display()})
    return redirect("facilities:admission_detail", pk=case.pk)


def _form_name(action: str) -> str:
    return {"place": "place_form", "admit": "admit_form"}.get(action, "reason_form")


def _step_call(request, case: AdmissionCase, action: str):
    """The bound form the step needs (None for a plain button) and the service call with its data."""
    actor = request.user
    if action in SIMPLE:
        return None, lambda data: SIMPLE[action](actor=actor, case=case)
    if action in ("return", "reject"):
        service = services.admission_return if action == "return" else services.admission_reject
        return ReasonForm(request.POST), lambda data: service(actor=actor, case=case, reason=data["reason"])
    if action == "place":
        form = PlaceForm(request.POST, facilities=placeable_facilities(case, working_role(request)))
        return form, lambda data: services.admission_place(
            actor=actor,
            case=case,
            facility=data["facility"],
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
        )
    if action == "admit":
        form = AdmitCaseForm(request.POST)
        return form, lambda data: admission_admit(
            actor=actor, case=case, **{k: v for k, v in data.items() if k != "version"}
        )
    raise Http404
