from django.apps import AppConfig


class LocationsConfig(AppConfig):
    name = "locations"
    verbose_name = "Đơn vị hành chính"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import AdministrativeUnit, DecidingLevelSetting, Village

        auditlog.register(AdministrativeUnit, include_fields=["especially_difficult", "social_office_name"])
        auditlog.register(Village)
        auditlog.register(DecidingLevelSetting)
