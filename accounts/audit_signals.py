"""Security events from Django's and axes' authentication signals.

Signals are fine here: logging in is not domain flow, and these events must be written however
the login happened (form, admin, API).
"""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import SecurityEvent, User


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    SecurityEvent.objects.create(
        kind=SecurityEvent.Kind.LOGIN, user=user, username=user.username, ip_address=_ip(request)
    )


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        SecurityEvent.objects.create(
            kind=SecurityEvent.Kind.LOGOUT, user=user, username=user.username, ip_address=_ip(request)
        )


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username", "")[:150]
    SecurityEvent.objects.create(
        kind=SecurityEvent.Kind.LOGIN_FAILED,
        user=User.objects.filter(username=username).first(),
        username=username,
        ip_address=_ip(request),
    )


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    SecurityEvent.objects.create(
        kind=SecurityEvent.Kind.LOCKED_OUT,
        user=User.objects.filter(username=username).first(),
        username=username or "",
        ip_address=ip_address,
    )
