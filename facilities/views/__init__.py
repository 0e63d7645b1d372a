"""The module's entry (`facilities:index`): facility staff land on their facility, everyone else on the registry."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect

from accounts.jurisdiction import active_assignment
from accounts.models import Role

from .registry import facility_list


@permission_required("facilities.view_facility", raise_exception=True)
def index(request):
    assignment = active_assignment(request.user)
    if assignment is not None and assignment.role == Role.FACILITY_STAFF and assignment.facility_id:
        return redirect("facilities:facility_detail", pk=assignment.facility_id)
    return facility_list(request)
