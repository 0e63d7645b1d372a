from django.contrib.auth.decorators import permission_required
from django.shortcuts import render


@permission_required("payments.view_paymentroll", raise_exception=True)
def roll_list(request):
    return render(request, "payments/roll_list.html", {})
