from django.apps import AppConfig


class BeneficiariesConfig(AppConfig):
    name = "beneficiaries"
    verbose_name = "Đối tượng bảo trợ xã hội"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Entitlement, Household, LifeEvent, Person

        auditlog.register(Person, exclude_fields=["name_folded", "updated_at"])
        auditlog.register(Household)
        auditlog.register(Entitlement, exclude_fields=["updated_at"])
        auditlog.register(LifeEvent)
