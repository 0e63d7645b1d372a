from django.apps import AppConfig


class EmergencyConfig(AppConfig):
    name = "emergency"
    verbose_name = "Trợ giúp khẩn cấp"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (models.Incident, models.Assessment, models.AidLine, models.Disbursement, models.Protection):
            auditlog.register(model)
