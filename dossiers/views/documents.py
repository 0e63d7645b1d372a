"""Printable pages: the public posting list and the decision (HTML print view and .docx)."""

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render

from .. import printing
from ..models import Decision
from ..selectors import dossier_get_for_user, dossier_list_for_user
from .common import (
    Status,
    decision_of,
    is_masked,
)

# --- Public posting -----------------------------------------------------------------------------------------


@permission_required("dossiers.view_dossier", raise_exception=True)
def posting_list(request):
    """The dossiers a commune currently posts publicly (Art. 8.1.b), printable on A4."""
    rows = (
        dossier_list_for_user(request.user)
        .filter(status=Status.POSTED)
        # HIV dossiers (5.3, 5.8) are left off the printed sheet entirely rather than relabelled "Diện khác": a
        # name pinned up at the commune hall with an odd label still tells the neighbours, and the Law on HIV/AIDS
        # Prevention (Art. 8) forbids disclosing someone's HIV status without consent. They still take the
        # posting step and its 2 working days in the workflow; only the public sheet leaves them out.
        .exclude(category__sensitive=True)
        .select_related("person__village", "commune", "category")
        .order_by("commune__name", "person__name_folded", "pk")
    )
    return render(request, "dossiers/posting_list.html", {"rows": rows})


# --- The decision, printed ----------------------------------------------------------------------------------


def _decision_for(request, pk) -> Decision:
    dossier = dossier_get_for_user(request.user, pk)
    decision = decision_of(dossier)
    if decision is None:
        raise Http404
    if is_masked(request, dossier):
        raise PermissionDenied
    return decision


@permission_required("dossiers.view_decision", raise_exception=True)
def decision_print(request, pk):
    decision = _decision_for(request, pk)
    return render(
        request,
        "dossiers/decision_print.html",
        {"doc": printing.decision_document(decision), "decision": decision, "dossier": decision.dossier},
    )


@permission_required("dossiers.view_decision", raise_exception=True)
def decision_docx(request, pk):
    decision = _decision_for(request, pk)
    response = HttpResponse(
        printing.decision_docx(decision),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{printing.docx_filename(decision)}"'
    return response
