from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "policy"
    verbose_name = "Chính sách: mức chuẩn, hệ số, diện hưởng"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Category, Coefficient, StandardLevel

        auditlog.register(Category)
        auditlog.register(StandardLevel)
        auditlog.register(Coefficient)
