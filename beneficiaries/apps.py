from django.apps import AppConfig


class BeneficiariesConfig(AppConfig):
    name = "beneficiaries"
    verbose_name = "Đối tượng bảo trợ xã hội"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Household, Person

        auditlog.register(Person)
        auditlog.register(Household)
