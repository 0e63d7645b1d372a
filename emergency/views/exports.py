"""Downloads and prints of an incident: the summary workbook, the village lists (forms 5a/5b) and form 04 for a
person who died or went missing.

The incident comes through `emergency.selectors.incident_get_for_user` (an incident outside the user's unit: 404)
and its figures through `exports.figures`, limited to the user's part. The files are administrative documents and
always written in Vietnamese, whatever the page language.
"""

import tempfile

from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from accounts.jurisdiction import active_assignment, get_or_404, unit_get_or_404
from core.templatetags.vn_format import format_vnd, mask_id_number
from payments.exports.cells import XLSX
from payments.exports.source import place_names

from ..exports.figures import incident_figures, village_groups
from ..exports.incident_xlsx import write_incident_xlsx
from ..exports.village_xlsx import write_village_xlsx
from ..models import AidLine, AidType, AssessmentPerson
from ..selectors import incident_get_for_user

VIEW_INCIDENT = "emergency.view_incident"
VIEW_ASSESSMENT = "emergency.view_assessment"
FULL_ID = "beneficiaries.view_full_id_number"


def _xlsx(write, filename: str) -> FileResponse:
    # Spooled: an incident's file stays in memory unless it is unusually large.
    buffer = tempfile.SpooledTemporaryFile(max_size=5 * 1024 * 1024)
    with translation.override("vi"):
        write(buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=filename, content_type=XLSX)


def _scope_name(request) -> str:
    assignment = active_assignment(request.user)
    return assignment.unit.name if assignment is not None else ""


@require_GET
@permission_required(VIEW_INCIDENT, raise_exception=True)
def incident_summary_xlsx(request, pk):
    incident = incident_get_for_user(request.user, pk)
    with translation.override("vi"):
        figures = incident_figures(incident, request.user)
    return _xlsx(
        lambda out: write_incident_xlsx(
            out, incident=incident, figures=figures, scope_name=_scope_name(request), today=timezone.localdate()
        ),
        f"tong-hop-su-kien-{incident.pk}.xlsx",
    )


@require_GET
@permission_required(VIEW_INCIDENT, raise_exception=True)
def village_list_xlsx(request, pk):
    """Forms 5a/5b of the user's part; `?xa=<id>` narrows a district or province user to one commune."""
    incident = incident_get_for_user(request.user, pk)
    commune, scope_name = None, _scope_name(request)
    if request.GET.get("xa"):
        if not request.GET["xa"].isdigit():
            raise Http404
        commune = unit_get_or_404(request.user, pk=int(request.GET["xa"]))
        scope_name = commune.name
    with translation.override("vi"):
        groups = village_groups(incident, request.user, commune=commune)
    suffix = f"-{commune.code}" if commune else ""
    return _xlsx(
        lambda out: write_village_xlsx(
            out, incident=incident, groups=groups, scope_name=scope_name, today=timezone.localdate()
        ),
        f"danh-sach-thon-su-kien-{incident.pk}{suffix}.xlsx",
    )


@require_GET
@permission_required(VIEW_ASSESSMENT, raise_exception=True)
def death_form_print(request, pk):
    """Form 04 (Art. 14; Art. 11 for the form) for a person who died or went missing, on one A4 page."""
    queryset = AssessmentPerson.objects.select_related(
        "assessment__incident", "assessment__commune", "assessment__household__village", "person"
    )
    person = get_or_404(
        queryset,
        request.user,
        unit_field="assessment__commune",
        pk=pk,
        harm__in=[AssessmentPerson.Harm.DEAD, AssessmentPerson.Harm.MISSING],
    )
    lines = list(AidLine.objects.filter(person=person, aid_type__in=[AidType.DEATH, AidType.BURIAL]).order_by("id"))
    full_id = request.user.has_perm(FULL_ID)
    assessment = person.assessment
    with translation.override("vi"):
        context = {
            "person": person,
            "assessment": assessment,
            "incident": assessment.incident,
            "harm": person.get_harm_display(),
            "residence": ", ".join(
                [*([assessment.village] if assessment.village else []), *reversed(place_names(assessment.commune))]
            ),
            "id_number": person.id_number if full_id else mask_id_number(person.id_number),
            "organiser_id": person.organiser_id_number if full_id else mask_id_number(person.organiser_id_number),
            "organiser": person.organiser_name or assessment.organisation_name or str(assessment),
            "lines": [(line.get_aid_type_display(), format_vnd(line.amount), line.basis) for line in lines],
            "total": format_vnd(sum(line.amount for line in lines)) if lines else "",
            "commune": assessment.commune,
            "today": timezone.localdate(),
        }
    return render(request, "emergency/death_form_print.html", context)
