from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Cán bộ và phân quyền"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.db.models.signals import post_migrate

        from . import audit_signals  # noqa: F401  (login, failed login, logout, lockout events)
        from .models import RoleAssignment
        from .roles import roles_sync

        auditlog.register(RoleAssignment)
        post_migrate.connect(lambda **kwargs: roles_sync(), dispatch_uid="accounts.roles_sync", weak=False)
