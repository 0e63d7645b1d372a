from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = "Chi trả hằng tháng"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import PaymentRoll

        auditlog.register(PaymentRoll, include_fields=["status", "return_reason"])
