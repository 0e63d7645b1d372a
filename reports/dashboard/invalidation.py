"""Which writes move which dashboard version (see `cache.py` and `versions.py`).

Signals here only invalidate a cache; no domain flow hangs on them (STYLE.md forbids signal-driven workflows).
Each route says which block the change moves and where its province (and, for entitlements, the paying commune)
is read from: the changed row itself when it carries it, else one primary-key query (an event row only knows its
dossier, roll or entitlement). When that parent is gone (a cascade delete), the global counter is
bumped instead, so a change is never missed.
"""

from django.db.models.signals import post_delete, post_save

from beneficiaries.models import Entitlement, EntitlementEvent
from dossiers.models import Dossier, DossierEvent
from emergency.models import Assessment, AssessmentEvent, Incident, IncidentArea
from facilities.models import Facility, FacilityEvent, NurturingRoll, Resident
from locations.models import AdministrativeUnit
from payments.models import PaymentRoll, RollEvent

from .versions import dashboard_touch, dashboard_touch_commune

# changed model: (block it moves, model of the row to read from (None: the changed row), attribute holding that
# row's pk (or the value itself), path from that row to the province; for people by category, to the province and
# the paying commune)
ROUTES = {
    PaymentRoll: ("money", AdministrativeUnit, "commune_id", "province_id"),
    RollEvent: ("money", PaymentRoll, "roll_id", "commune__province_id"),
    Entitlement: ("categories", AdministrativeUnit, "commune_id", ("province_id", "pk")),
    EntitlementEvent: ("categories", Entitlement, "entitlement_id", ("commune__province_id", "commune_id")),
    Dossier: ("dossiers", AdministrativeUnit, "commune_id", "province_id"),
    DossierEvent: ("dossiers", Dossier, "dossier_id", "commune__province_id"),
    Incident: ("emergency", None, "province_id", None),
    IncidentArea: ("emergency", Incident, "incident_id", "province_id"),
    Assessment: ("emergency", AdministrativeUnit, "commune_id", "province_id"),
    AssessmentEvent: ("emergency", Assessment, "assessment_id", "commune__province_id"),
    Facility: ("facilities", AdministrativeUnit, "unit_id", "province_id"),
    Resident: ("facilities", Facility, "facility_id", "unit__province_id"),
    # Admission-case steps change no figure on the dashboard: only a resident's events count.
    FacilityEvent: ("facilities", Resident, "resident_id", "facility__unit__province_id"),
    NurturingRoll: ("facilities", Facility, "facility_id", "unit__province_id"),
}


def _touched(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):  # fixtures loading
        return
    block, holder, attribute, path = ROUTES[sender]
    value = getattr(instance, attribute)
    if value is None and sender is FacilityEvent:
        return
    if value is not None and holder is not None:
        paths = path if isinstance(path, tuple) else (path,)
        found = holder.objects.filter(pk=value).values_list(*paths).first()
        value = found if isinstance(path, tuple) else (found[0] if found else None)
    if value is None:
        dashboard_touch(None)
    elif block == "categories":
        dashboard_touch_commune(*value)
    else:
        dashboard_touch(value, block)


def connect() -> None:
    """Called once from `ReportsConfig.ready()`."""
    for model in ROUTES:
        post_save.connect(_touched, sender=model, dispatch_uid=f"dashboard-save-{model._meta.label_lower}")
        post_delete.connect(_touched, sender=model, dispatch_uid=f"dashboard-delete-{model._meta.label_lower}")
