"""Opening and editing a dossier, with the rules' preview of the values on the form."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beneficiaries.selectors import person_get_for_user, person_list_for_user
from core.text import fold

from .. import services
from ..assessment import dossier_preview
from ..forms import DossierForm
from ..models import Dossier
from ..selectors import dossier_get_for_user
from ..services import ConcurrentChange
from .common import (
    Status,
    add_service_errors,
    any_permission_required,
    preview_for_page,
    sees_hiv,
)

# --- Open and edit ------------------------------------------------------------------------------------------


def _kind(request) -> str:
    kind = request.GET.get("kind", Dossier.Kind.MONTHLY)
    if kind not in Dossier.Kind.values:
        raise Http404
    return kind


def _person_from_query(request):
    try:
        pk = int(request.GET.get("person", ""))
    except ValueError as exc:
        raise Http404 from exc
    return person_get_for_user(request.user, pk)


def _people_of_commune(request, person):
    """Who can be cared for under Art. 20: people of the same commune, inside the user's scope."""
    return (
        person_list_for_user(request.user)
        .filter(commune=person.commune, death_date__isnull=True)
        .exclude(pk=person.pk)
        .order_by("name_folded", "pk")
    )


def _form_page(request, form, *, person, kind, dossier=None, preview_url):
    return render(
        request,
        "dossiers/dossier_form.html",
        {
            "form": form,
            "dossier": dossier,
            "person": person,
            "kind": kind,
            "kind_label": Dossier.Kind(kind).label,
            "preview": _form_preview(request, form, person=person, kind=kind, dossier=dossier),
            "preview_url": preview_url,
        },
    )


@permission_required("dossiers.add_dossier", raise_exception=True)
def dossier_create(request):
    if not request.GET.get("person"):
        return _person_picker(request)
    person = _person_from_query(request)
    kind = _kind(request)
    form = DossierForm(request.POST or None, person=person, kind=kind, people=_people_of_commune(request, person))
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.dossier_open(actor=request.user, person=person, kind=kind, **form.service_fields())
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lập hồ sơ. Đính kèm giấy tờ rồi bấm «Nộp hồ sơ»."))
            return redirect("dossiers:dossier_detail", pk=dossier.pk)
    url = f"{reverse('dossiers:dossier_preview')}?person={person.pk}&kind={kind}"
    return _form_page(request, form, person=person, kind=kind, preview_url=url)


def _person_picker(request):
    query = request.GET.get("q", "").strip()
    people = person_list_for_user(request.user).order_by("name_folded", "pk")
    if query.isdigit():
        people = people.filter(id_number__startswith=query)
    elif query:
        people = people.filter(name_folded__contains=fold(query))
    return render(
        request,
        "dossiers/person_picker.html",
        {"query": query, "people": people[:30], "kinds": Dossier.Kind.choices},
    )


@permission_required("dossiers.change_dossier", raise_exception=True)
def dossier_edit(request, pk):
    dossier = dossier_get_for_user(request.user, pk)
    if dossier.status not in (Status.DRAFT, Status.RETURNED):
        messages.error(request, _("Chỉ sửa được hồ sơ đang lập hoặc bị trả lại."))
        return redirect("dossiers:dossier_detail", pk=dossier.pk)
    people = _people_of_commune(request, dossier.person)
    form = DossierForm(request.POST or None, person=dossier.person, kind=dossier.kind, people=people, dossier=dossier)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.get("version") or 0
        try:
            services.dossier_update(actor=request.user, dossier=dossier, version=version, **form.service_fields())
        except ConcurrentChange as exc:
            # The user's input stays on the page with the version they started from, so saving again cannot
            # silently overwrite the other person's change: they reload, compare, and type again.
            form.add_error(None, exc.message)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu hồ sơ."))
            return redirect("dossiers:dossier_detail", pk=dossier.pk)
    url = reverse("dossiers:dossier_edit_preview", args=[dossier.pk])
    return _form_page(request, form, person=dossier.person, kind=dossier.kind, dossier=dossier, preview_url=url)


def _form_preview(request, form, *, person, kind, dossier=None):
    """What the rules say about the values on the form, before anything is saved (nothing is written)."""
    today = timezone.localdate()
    if not form.is_bound:
        draft = dossier or Dossier(
            kind=kind, person=person, commune=person.commune, received_on=today, death_date=person.death_date
        )
    else:
        form.is_valid()  # the valid fields are enough to preview; the errors show on the form
        fields = form.service_fields()
        received_on = fields.pop("received_on", None) or (dossier.received_on if dossier else today)
        draft = Dossier(kind=kind, person=person, commune=person.commune, received_on=received_on, **fields)
    return preview_for_page(dossier_preview(draft), draft, can_see_hiv=sees_hiv(request))


@any_permission_required("dossiers.add_dossier", "dossiers.change_dossier")
@require_POST
def dossier_preview_partial(request, pk=None):
    """htmx: the preview card for what is on the form now."""
    if pk is not None:
        dossier = dossier_get_for_user(request.user, pk)
        person, kind = dossier.person, dossier.kind
    else:
        dossier, person, kind = None, _person_from_query(request), _kind(request)
    people = _people_of_commune(request, person)
    form = DossierForm(request.POST, person=person, kind=kind, people=people, dossier=dossier)
    preview = _form_preview(request, form, person=person, kind=kind, dossier=dossier)
    return render(request, "dossiers/_preview.html", {"preview": preview})
