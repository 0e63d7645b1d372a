from django.apps import AppConfig


class FacilitiesConfig(AppConfig):
    name = "facilities"
    verbose_name = "Cơ sở trợ giúp xã hội"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (models.Facility, models.AdmissionCase, models.Resident, models.NurturingRoll):
            auditlog.register(model)
