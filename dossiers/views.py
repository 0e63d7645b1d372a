from django.contrib.auth.decorators import permission_required
from django.shortcuts import render


@permission_required("dossiers.view_dossier", raise_exception=True)
def dossier_list(request):
    return render(request, "dossiers/dossier_list.html", {})
