from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = "Hồ sơ và quyết định"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Attachment, Decision, Dossier

        auditlog.register(Dossier, exclude_fields=["version", "updated_at"])
        auditlog.register(Decision)
        auditlog.register(Attachment, exclude_fields=["file"])
