from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import LoginForm
from .services import assignment_switch


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@require_POST
def switch_assignment(request):
    try:
        assignment_id = int(request.POST.get("assignment", ""))
    except ValueError:
        assignment_id = -1
    chosen = assignment_switch(request=request, assignment_id=assignment_id)
    messages.success(
        request,
        _("Đang làm việc với vai trò %(role)s – %(unit)s.")
        % {"role": chosen.get_role_display(), "unit": chosen.facility or chosen.unit},
    )
    return redirect("core:home")
