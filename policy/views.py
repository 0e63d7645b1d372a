from django.contrib.auth.decorators import permission_required
from django.shortcuts import render


@permission_required("policy.view_standardlevel", raise_exception=True)
def overview(request):
    return render(request, "policy/overview.html", {})
