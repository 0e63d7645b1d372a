from django.apps import AppConfig


class FacilitiesConfig(AppConfig):
    name = "facilities"
    verbose_name = "Cơ sở trợ giúp xã hội"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Facility

        auditlog.register(Facility)
