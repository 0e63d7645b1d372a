"""Assessment pages: the phone-first form (a household from the registry or added on the spot), the detail with
its lines, explanations and the steps the user may take."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beneficiaries.models import Household, Person
from core.selectors import work_calendar
from core.text import fold

from .. import selectors, services
from ..forms import AmountForm, AssessmentForm, DecisionForm, HouseholdChangeForm, PersonForm
from ..models import Assessment, Incident
from ..services.workflow import DECISION_DAYS
from .common import EVENT_LABELS, add_service_errors, flash_errors

Status = Assessment.Status
HOUSEHOLD_ERRORS = {"village": "new_village", "poverty_year": "poverty_year"}


def _area_commune(request, incident: Incident, commune_pk):
    area = selectors.area_list_for_user(request.user, incident).filter(commune_id=commune_pk).first()
    if area is None:
        raise Http404
    return area.commune


def _households(commune, incident: Incident, q: str):
    """Households of the commune whose head (or a member) matches `q`, diacritics ignored; at most 20."""
    folded = fold(q)
    if len(folded) < 2:
        return []
    people = Person.objects.filter(commune=commune, household__isnull=False)
    for word in folded.split():
        people = people.filter(name_folded__contains=word)  # "truong loc" finds "Trương Văn Lộc"
    member = people.values("household_id")
    rows = (
        Household.objects.filter(commune=commune)
        .filter(Q(head_name__icontains=q.strip()) | Q(pk__in=member))
        .select_related("village")
        .order_by("head_name", "id")[:20]
    )
    assessed = set(incident.assessments.filter(household__in=rows).values_list("household_id", flat=True))
    for row in rows:
        row.assessed = row.pk in assessed
    return rows


@permission_required("emergency.add_assessment", raise_exception=True)
def household_search(request, pk, commune_pk):
    """htmx: the households matching what the officer typed, as radio buttons."""
    incident = selectors.incident_get_for_user(request.user, pk)
    commune = _area_commune(request, incident, commune_pk)
    q = request.GET.get("q", "")
    context = {"households": _households(commune, incident, q), "searched": len(fold(q)) >= 2, "selected": ""}
    return render(request, "emergency/_household_options.html", context)


@permission_required("emergency.add_assessment", raise_exception=True)
def assessment_create(request, pk, commune_pk):
    incident = selectors.incident_get_for_user(request.user, pk)
    commune = _area_commune(request, incident, commune_pk)
    form = AssessmentForm(request.POST or None, commune=commune)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = services.assessment_create(
                actor=request.user,
                incident=incident,
                household=None if data.get("new_household") else data.get("household"),
                new_household=form.new_household_data(),
                organisation_name=data.get("organisation_name") or "",
                commune=commune,
                **form.facts(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc, rename=HOUSEHOLD_ERRORS)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lập phiếu đánh giá hộ %(name)s.") % {"name": assessment})
            return redirect("emergency:assessment_detail", pk=assessment.pk)
    context = {"form": form, "incident": incident, "commune": commune, "assessment": None, **_picked(form, commune)}
    return render(request, "emergency/assessment_form.html", context)


def _picked(form, commune) -> dict:
    """The household ticked before a refusal, shown again so the officer need not search twice."""
    selected = form["household"].value() or ""
    chosen = Household.objects.filter(commune=commune, pk=selected) if str(selected).isdigit() else []
    return {"chosen_households": chosen, "selected": str(selected)}


@permission_required("emergency.change_assessment", raise_exception=True)
def assessment_household(request, pk):
    """A draft whose household was picked wrongly gets the right one (the lines are proposed again)."""
    assessment = selectors.assessment_get_for_user(request.user, pk)
    if assessment.status != Status.DRAFT:
        messages.error(request, _("Chỉ đổi được hộ gia đình khi phiếu đang lập."))
        return redirect("emergency:assessment_detail", pk=assessment.pk)
    form = HouseholdChangeForm(request.POST or None, commune=assessment.commune)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assessment_change_household(
                actor=request.user,
                assessment=assessment,
                version=_version(request),
                household=None if data.get("new_household") else data.get("household"),
                new_household=form.new_household_data(),
            )
        except services.ConcurrentChange as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            add_service_errors(form, exc, rename=HOUSEHOLD_ERRORS)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Đã đổi sang hộ %(name)s; các khoản hỗ trợ đã được đề xuất lại theo quy định.")
                % {"name": assessment.household.head_name},
            )
            return redirect("emergency:assessment_detail", pk=assessment.pk)
        assessment.refresh_from_db()
    context = {
        "form": form,
        "incident": assessment.incident,
        "commune": assessment.commune,
        "assessment": assessment,
        "changing_household": True,
        **_picked(form, assessment.commune),
    }
    return render(request, "emergency/assessment_form.html", context)


@permission_required("emergency.change_assessment", raise_exception=True)
def assessment_edit(request, pk):
    assessment = selectors.assessment_get_for_user(request.user, pk)
    initial = {name: getattr(assessment, name) for name in AssessmentForm.FACTS}
    form = AssessmentForm(request.POST or None, commune=assessment.commune, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_update(
                actor=request.user,
                assessment=assessment,
                version=_version(request),
                **form.facts(),
            )
        except services.ConcurrentChange as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu thông tin thiệt hại; các khoản hỗ trợ đã được tính lại."))
            return redirect("emergency:assessment_detail", pk=assessment.pk)
    context = {
        "form": form,
        "incident": assessment.incident,
        "commune": assessment.commune,
        "assessment": assessment,
    }
    return render(request, "emergency/assessment_form.html", context)


def _version(request) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def deadline(assessment: Assessment) -> dict | None:
    """The decision deadline, counted the way the law counts it at this level (days or working days)."""
    if assessment.due_on is None:
        return None
    today = timezone.localdate()
    _days, working = DECISION_DAYS[assessment.deciding_level]
    if working:
        left = work_calendar(province=assessment.commune.province).between(today, assessment.due_on)
    else:
        left = (assessment.due_on - today).days
    return {"day": assessment.due_on, "left": left, "working": working, "overdue": left < 0}


@permission_required("emergency.view_assessment", raise_exception=True)
def assessment_detail(request, pk):
    return render_detail(request, selectors.assessment_get_for_user(request.user, pk))


def render_detail(request, assessment: Assessment, *, person_form=None, amount_forms=None, status=200):
    lines = list(assessment.lines.select_related("person").prefetch_related("disbursements"))
    for line in lines:
        rows = list(line.disbursements.all())
        line.given_money = sum(row.amount for row in rows)
        line.given_rice = sum((row.rice_kg for row in rows), 0)
        line.complete = services.line_complete(line, line.given_money, line.given_rice, len(rows))
        line.rows = rows
    draft = assessment.status == Status.DRAFT and assessment.incident.status == Incident.Status.OPEN
    can_edit = draft and request.user.has_perm("emergency.change_assessment")
    proposal = services.proposal_for(assessment)
    amount_forms = amount_forms or {}
    if can_edit:
        # Rice is given in kg, not money: nothing to raise there.
        for line in (line for line in lines if not line.rice_kg):
            line.form = amount_forms.get(line.pk) or AmountForm(
                line=line, initial={"amount": line.amount, "reason": line.below_minimum_reason}
            )
    events = list(assessment.events.select_related("actor"))
    for event in events:
        event.label = EVENT_LABELS.get(event.action, event.action)
    context = {
        "assessment": assessment,
        "incident": assessment.incident,
        "people": list(assessment.people.all()),
        "lines": lines,
        "total_amount": sum(line.amount for line in lines),
        "total_minimum": sum(line.minimum_amount for line in lines),
        "total_rice": sum((line.rice_kg for line in lines), 0),
        "explanations": proposal.explanations,
        "can_edit": can_edit,
        "person_form": person_form or (PersonForm() if can_edit else None),
        "actions": services.allowed_actions(request.user, assessment),
        "decision_form": DecisionForm(),
        "can_disburse": assessment.status == Status.APPROVED and request.user.has_perm("emergency.disburse_aidline"),
        "deadline": deadline(assessment),
        "events": events,
    }
    return render(request, "emergency/assessment_detail.html", context, status=status)


@permission_required("emergency.change_assessment", raise_exception=True)
@require_POST
def person_add(request, pk):
    assessment = selectors.assessment_get_for_user(request.user, pk)
    form = PersonForm(request.POST)
    if form.is_valid():
        try:
            services.assessment_person_add(
                actor=request.user, assessment=assessment, version=_version(request), **form.cleaned_data
            )
        except services.ConcurrentChange as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã thêm %(name)s.") % {"name": form.cleaned_data["full_name"]})
            return redirect(reverse("emergency:assessment_detail", args=[assessment.pk]) + "#nguoi")
    if form.errors:
        assessment.refresh_from_db()
        return render_detail(request, assessment, person_form=form, status=400)
    return redirect("emergency:assessment_detail", pk=assessment.pk)


@permission_required("emergency.change_assessment", raise_exception=True)
@require_POST
def person_remove(request, pk, person_pk):
    assessment = selectors.assessment_get_for_user(request.user, pk)
    person = selectors.person_of(assessment, person_pk)
    try:
        services.assessment_person_remove(
            actor=request.user, assessment=assessment, version=_version(request), person=person
        )
    except services.ConcurrentChange as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        flash_errors(request, exc)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã bỏ %(name)s khỏi phiếu.") % {"name": person.full_name})
    return redirect(reverse("emergency:assessment_detail", args=[assessment.pk]) + "#nguoi")


@permission_required("emergency.change_assessment", raise_exception=True)
@require_POST
def line_amount(request, pk, line_pk):
    assessment = selectors.assessment_get_for_user(request.user, pk)
    line = selectors.line_of(assessment, line_pk)
    form = AmountForm(request.POST, line=line)
    if form.is_valid():
        try:
            services.aidline_set_amount(
                actor=request.user,
                assessment=assessment,
                version=_version(request),
                line=line,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
            )
        except services.ConcurrentChange as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã lưu số tiền %(line)s.") % {"line": line.get_aid_type_display().lower()})
            return redirect(reverse("emergency:assessment_detail", args=[assessment.pk]) + "#khoan")
    if form.errors:
        assessment.refresh_from_db()
        return render_detail(request, assessment, amount_forms={line.pk: form}, status=400)
    return redirect("emergency:assessment_detail", pk=assessment.pk)


# Step → (service, the permission that may press it at all, success message).
STEPS = {
    "propose": ("assessment_propose", "emergency.change_assessment", _("Đã đề xuất hỗ trợ; chờ xét duyệt.")),
    "review": ("assessment_review", "emergency.review_assessment", _("Đã xét duyệt; chờ quyết định.")),
    "approve": ("assessment_decide", "emergency.decide_assessment", _("Đã quyết định hỗ trợ.")),
    "reject": ("assessment_decide", "emergency.decide_assessment", _("Đã quyết định không hỗ trợ.")),
    "escalate": ("assessment_escalate", "emergency.view_assessment", _("Đã chuyển %(level)s quyết định.")),
    "return": ("assessment_return", "emergency.view_assessment", _("Đã trả lại phiếu để sửa.")),
}


@permission_required("emergency.view_assessment", raise_exception=True)
@require_POST
def assessment_step(request, pk, action):
    if action not in STEPS:
        raise Http404
    assessment = selectors.assessment_get_for_user(request.user, pk)
    name, permission, done = STEPS[action]
    if not request.user.has_perm(permission):
        raise PermissionDenied
    kwargs = {"actor": request.user, "assessment": assessment, "version": _version(request)}
    if action in ("approve", "reject"):
        kwargs["approve"] = action == "approve"
        kwargs["decision_number"] = request.POST.get("decision_number", "")
        kwargs["reason"] = request.POST.get("reason", "")
    elif action in ("return", "escalate"):
        kwargs["reason"] = request.POST.get("reason", "")
    elif action == "review":
        kwargs["note"] = request.POST.get("note", "")
    try:
        getattr(services, name)(**kwargs)
    except services.ConcurrentChange as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        flash_errors(request, exc)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Bạn không có quyền thực hiện bước này."))
    else:
        messages.success(request, str(done) % {"level": assessment.get_deciding_level_display()})
    return redirect("emergency:assessment_detail", pk=assessment.pk)
