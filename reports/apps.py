import importlib
import logging
import pkgutil

from django.apps import AppConfig

log = logging.getLogger(__name__)


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Báo cáo"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import ReportRequest

        # Who marked a report submitted (and undid it) is kept by the audit log; the file itself is not diffed.
        auditlog.register(ReportRequest, exclude_fields=["file"])
        discover_builders()
        # dashboard (D): the receivers that move a province's dashboard data version (cache invalidation only).
        from .dashboard.invalidation import connect

        connect()


def discover_builders() -> list[str]:
    """Import every module of `reports.builders`, so a new builder file registers itself (`@register(form)`)
    without edits elsewhere. A module that fails to import is logged and leaves only its own form without a
    builder (the request form then refuses that form), never the whole portal down."""
    from . import builders

    imported = []
    for module in pkgutil.iter_modules(builders.__path__, prefix=f"{builders.__name__}."):
        try:
            importlib.import_module(module.name)
        except Exception:
            log.exception("Report builder %s could not be imported", module.name)
            continue
        imported.append(module.name)
    return imported
