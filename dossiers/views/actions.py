"""Writes from the dossier page: attach a paper, take a workflow step, sign the decision."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services, workflow
from ..assessment import dossier_preview
from ..forms import AttachmentForm, DecisionForm
from ..models import Attachment, Dossier
from ..selectors import dossier_get_for_user
from ..services import ConcurrentChange, Signature
from ..tables import category_text, status_label, upper_office
from .common import (
    EVENT_LABELS,
    STEP_PERMISSIONS,
    add_service_errors,
    error_messages,
    preview_for_page,
    sees_hiv,
    working_role,
)
from .pages import render_detail

# --- Papers -------------------------------------------------------------------------------------------------


@permission_required("dossiers.add_attachment", raise_exception=True)
@require_POST
def attachment_add(request, pk):
    dossier = dossier_get_for_user(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES, can_see_hiv=sees_hiv(request))
    if form.is_valid():
        try:
            attachment = services.dossier_attach(
                actor=request.user,
                dossier=dossier,
                kind=form.cleaned_data["kind"],
                uploaded_file=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã đính kèm «%(name)s».") % {"name": attachment.original_name})
            return redirect(reverse("dossiers:dossier_detail", args=[dossier.pk]) + "#giay-to")
    return render_detail(request, dossier, attachment_form=form, status=400)


@permission_required("dossiers.view_attachment", raise_exception=True)
def attachment_download(request, pk, attachment_pk):
    """Papers are served only here, after the jurisdiction check (never from a public media URL)."""
    dossier = dossier_get_for_user(request.user, pk)
    attachment = dossier.attachments.filter(pk=attachment_pk).first()
    if attachment is None or (attachment.kind == Attachment.Kind.HIV_CONFIRMATION and not sees_hiv(request)):
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=attachment.content_type, filename=attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    # A scanned paper never runs script in the portal's origin, even a crafted PDF.
    response["Content-Security-Policy"] = "sandbox"
    return response


# --- Workflow steps -----------------------------------------------------------------------------------------


def _require_step_permission(request, action: str) -> None:
    """Checked after the scoped fetch, so a dossier outside the user's unit is a 404 for every role (its
    existence is never confirmed) and a role without the capability gets 403 inside its unit."""
    if not any(request.user.has_perm(perm) for perm in STEP_PERMISSIONS[action]):
        raise PermissionDenied


@permission_required("dossiers.view_dossier", raise_exception=True)
@require_POST
def dossier_step(request, pk, action):
    if action not in STEP_PERMISSIONS or action in ("approve", "reject"):
        raise Http404
    dossier = dossier_get_for_user(request.user, pk)
    _require_step_permission(request, action)
    detail = redirect("dossiers:dossier_detail", pk=dossier.pk)
    if str(dossier.version) != request.POST.get("version", ""):
        # The page was opened before someone else moved the dossier on: nothing happens, the user sees why.
        messages.error(request, ConcurrentChange.message)
        return detail
    kwargs = {}
    if action == "return":
        kwargs["reason"] = request.POST.get("reason", "")
    if action == "appraise":
        kwargs["note"] = request.POST.get("note", "")
    service = {
        "submit": services.dossier_submit,
        "post": services.dossier_post,
        "forward": services.dossier_forward,
        "appraise": services.dossier_appraise,
        "return": services.dossier_return,
    }[action]
    try:
        service(actor=request.user, dossier=dossier, **kwargs)
    except ConcurrentChange as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        for message in error_messages(exc):
            messages.error(request, message)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Bạn không có quyền thực hiện bước này."))
    else:
        messages.success(request, _("Đã thực hiện: %(step)s. %(status)s.") % {
            "step": _step_done_label(dossier, action),
            "status": status_label(dossier),
        })  # fmt: skip
    return detail


def _step_done_label(dossier: Dossier, action: str) -> str:
    if action == "forward":
        return _("Chuyển %(office)s thẩm định") % {"office": upper_office(dossier)}
    return str(EVENT_LABELS[action])


@permission_required("dossiers.view_dossier", raise_exception=True)
def dossier_decide(request, pk):
    """Sign: a decision granting the support, or the written refusal with its reasons."""
    outcome = request.GET.get("ket-qua", "")
    if outcome not in ("approve", "reject"):
        raise Http404
    dossier = dossier_get_for_user(request.user, pk)
    _require_step_permission(request, outcome)
    approve = outcome == "approve"
    step = workflow.step_for(dossier.kind, dossier.flow, outcome, dossier.status)
    if step is None or working_role(request) not in step.roles:
        messages.error(request, _("Hồ sơ đang ở trạng thái «%(status)s»; bạn không thể ký ở bước này.") % {
            "status": status_label(dossier)
        })  # fmt: skip
        return redirect("dossiers:dossier_detail", pk=dossier.pk)
    today = timezone.localdate()
    default_title = "Chủ tịch" if request.user.has_perm("dossiers.decide_dossier") else "Trưởng phòng"
    initial = {
        "signed_on": today,
        "signer_title": default_title,
        "signer_name": request.user.get_full_name() or str(request.user),
        "version": dossier.version,
    }
    form = DecisionForm(request.POST or None, approve=approve, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        signature = Signature(
            number=data["number"], signed_on=data["signed_on"], signer_title=data["signer_title"],
            signer_name=data["signer_name"],
        )  # fmt: skip
        try:
            if data["version"] != dossier.version:
                raise ConcurrentChange(ConcurrentChange.message)
            decision = services.dossier_decide(
                actor=request.user, dossier=dossier, approve=approve, signature=signature,
                reasons=data.get("reasons", ""),
            )  # fmt: skip
        except ConcurrentChange as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã ký văn bản số %(number)s.") % {"number": decision.number})
            return redirect("dossiers:dossier_detail", pk=dossier.pk)
    month = None
    preview = None
    if approve:
        signed_on = form.cleaned_data.get("signed_on") if form.is_bound and hasattr(form, "cleaned_data") else None
        signed_on = signed_on or today
        if dossier.kind != Dossier.Kind.FUNERAL and dossier.category_id:
            month = workflow.start_month(
                category=dossier.category.code, signed_on=signed_on, disability_cert_date=dossier.disability_cert_date
            )
        preview = preview_for_page(dossier_preview(dossier, month=month), dossier, can_see_hiv=sees_hiv(request))
    return render(
        request,
        "dossiers/dossier_decide.html",
        {
            "dossier": dossier,
            "form": form,
            "approve": approve,
            "preview": preview,
            "month": month,
            "unit": request.assignment.unit,
            "titles": DecisionForm.TITLES,
            "category_text": category_text(dossier.category, can_see_hiv=sees_hiv(request), length=200),
        },
    )
