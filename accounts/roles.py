"""What each role may do, as Django permissions on one group per role (SPEC §1).

Later modules add their codenames here; `roles_sync` (run after every migrate) makes the groups match.
"""

import logging

from django.contrib.auth.models import Group, Permission

from .models import Role

log = logging.getLogger(__name__)

_PEOPLE_READ = ["beneficiaries.view_person", "beneficiaries.view_household"]
_PEOPLE_WRITE = [
    "beneficiaries.add_person",
    "beneficiaries.change_person",
    "beneficiaries.add_household",
    "beneficiaries.change_household",
]
_SENSITIVE = ["beneficiaries.view_hiv_status", "beneficiaries.view_full_id_number"]
# Dossiers, decisions, entitlements, life events and the law-as-data tables: everyone who sees people sees these.
_CASES_READ = [
    "dossiers.view_dossier",
    "dossiers.view_decision",
    "dossiers.view_attachment",
    "beneficiaries.view_entitlement",
    "beneficiaries.view_lifeevent",
    "beneficiaries.view_importbatch",
    "policy.view_category",
    "policy.view_standardlevel",
    "policy.view_coefficient",
]
_COMMUNE_CASEWORK = [
    "dossiers.add_dossier",
    "dossiers.change_dossier",
    "dossiers.submit_dossier",
    "dossiers.add_attachment",
    "beneficiaries.add_lifeevent",
    "beneficiaries.add_importbatch",
]
_ROLLS_READ = ["payments.view_paymentroll", "payments.view_reconciliation"]
_POLICY_WRITE = [
    "policy.add_standardlevel",
    "policy.change_standardlevel",
    "policy.add_coefficient",
    "policy.change_coefficient",
    "policy.add_category",
    "policy.change_category",
]
_UNITS_READ = ["locations.view_administrativeunit", "locations.view_village", "facilities.view_facility"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.COMMUNE_OFFICER: _PEOPLE_READ
    + _PEOPLE_WRITE
    + _SENSITIVE
    + _UNITS_READ
    + _CASES_READ
    + _COMMUNE_CASEWORK
    + _ROLLS_READ
    + [
        "locations.add_village",
        "payments.change_paymentroll",  # generate / regenerate the commune's draft
        "payments.submit_paymentroll",
        "payments.record_payment",
        "payments.add_reconciliation",
    ],
    # The commune leader reviews and posts; in two-level mode also decides (the service checks the level).
    Role.COMMUNE_LEADER: _PEOPLE_READ
    + _SENSITIVE
    + _UNITS_READ
    + _CASES_READ
    + _ROLLS_READ
    + ["dossiers.review_dossier", "dossiers.decide_dossier", "payments.approve_paymentroll"],
    Role.DISTRICT_OFFICER: _PEOPLE_READ
    + _SENSITIVE
    + _UNITS_READ
    + _CASES_READ
    + _ROLLS_READ
    + ["dossiers.appraise_dossier", "beneficiaries.add_importbatch", "payments.change_paymentroll"],
    Role.DISTRICT_LEADER: _PEOPLE_READ
    + _SENSITIVE
    + _UNITS_READ
    + _CASES_READ
    + _ROLLS_READ
    + ["dossiers.decide_dossier", "payments.approve_paymentroll"],
    Role.PROVINCE_OFFICER: _PEOPLE_READ
    + _UNITS_READ
    + _CASES_READ
    + _ROLLS_READ
    + _POLICY_WRITE
    + [
        "payments.change_paymentroll",
        "beneficiaries.view_full_id_number",
        "locations.change_administrativeunit",
        "locations.change_village",
        "locations.view_decidinglevelsetting",
        "locations.add_decidinglevelsetting",
        "locations.change_decidinglevelsetting",
        "core.view_calendarday",
        "core.add_calendarday",
        "core.change_calendarday",
        "facilities.add_facility",
        "facilities.change_facility",
        "auditlog.view_logentry",
    ],
    Role.FACILITY_STAFF: ["facilities.view_facility"],
    Role.AUDITOR: _PEOPLE_READ
    + _UNITS_READ
    + _CASES_READ
    + _ROLLS_READ
    + ["locations.view_decidinglevelsetting", "auditlog.view_logentry", "accounts.view_securityevent"],
}

# Roles that may change nothing (SPEC §1: the auditor is read-only).
READ_ONLY_ROLES = {Role.AUDITOR}


def _permission(dotted: str) -> Permission | None:
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def roles_sync() -> dict[str, int]:
    """Create one group per role and give it exactly the permissions above. Idempotent."""
    counts = {}
    for role, dotted_names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        perms = [p for p in (_permission(name) for name in dotted_names) if p is not None]
        group.permissions.set(perms)
        counts[role] = len(perms)
    return counts
