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
_EMERGENCY_READ = [
    "emergency.view_incident",
    "emergency.view_assessment",
    "emergency.view_aidline",
    "emergency.view_disbursement",
    "emergency.view_protection",
    "policy.view_fixedamount",
]
# The commune records incidents, assessments, protection and what was handed out; a district or province
# officer may also open an incident spanning communes and record for escalated cases.
_EMERGENCY_WRITE = [
    "emergency.add_incident",
    "emergency.change_incident",
    "emergency.add_assessment",
    "emergency.change_assessment",
    "emergency.review_assessment",
    "emergency.disburse_aidline",
    "emergency.add_protection",
    "emergency.change_protection",
]
_FACILITIES_READ = ["facilities.view_admissioncase", "facilities.view_resident", "facilities.view_nurturingroll"]
_REPORTS = ["reports.view_reportrequest", "reports.add_reportrequest"]
_UNITS_READ = ["locations.view_administrativeunit", "locations.view_village", "facilities.view_facility"]
_READ_ALL = _EMERGENCY_READ + _FACILITIES_READ + _REPORTS

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.COMMUNE_OFFICER: _PEOPLE_READ
    + _PEOPLE_WRITE
    + _SENSITIVE
    + _UNITS_READ
    + _CASES_READ
    + _COMMUNE_CASEWORK
    + _ROLLS_READ
    + _READ_ALL
    + _EMERGENCY_WRITE
    + [
        "facilities.add_admissioncase",
        "facilities.change_admissioncase",
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
    + _READ_ALL
    + [
        "dossiers.review_dossier",
        "dossiers.decide_dossier",
        "payments.approve_paymentroll",
        "emergency.decide_assessment",
        "facilities.review_admissioncase",
        "facilities.decide_admissioncase",
    ],
    Role.DISTRICT_OFFICER: _PEOPLE_READ
    + _SENSITIVE
    + _UNITS_READ
    + _CASES_READ
    + _ROLLS_READ
    + _READ_ALL
    + _EMERGENCY_WRITE
    + [
        "dossiers.appraise_dossier",
        "beneficiaries.add_importbatch",
        "payments.change_paymentroll",
        "facilities.appraise_admissioncase",
    ],
    Role.DISTRICT_LEADER: _PEOPLE_READ
    + _SENSITIVE
    + _UNITS_READ
    + _CASES_READ
    + _ROLLS_READ
    + _READ_ALL
    + [
        "dossiers.decide_dossier",
        "payments.approve_paymentroll",
        "emergency.decide_assessment",
        "facilities.decide_admissioncase",
    ],
    Role.PROVINCE_OFFICER: _PEOPLE_READ
    + _UNITS_READ
    + _CASES_READ
    + _ROLLS_READ
    + _POLICY_WRITE
    + _READ_ALL
    + _EMERGENCY_WRITE
    + [
        "emergency.decide_assessment",
        "facilities.decide_admissioncase",
        "facilities.appraise_admissioncase",
        "facilities.change_nurturingroll",
        "facilities.approve_nurturingroll",
        "policy.add_fixedamount",
        "policy.change_fixedamount",
        "reports.change_reportrequest",
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
    # Facility staff work inside their facility only (jurisdiction.scope with facility_field).
    Role.FACILITY_STAFF: [
        "facilities.view_facility",
        "facilities.view_resident",
        "facilities.add_resident",
        "facilities.change_resident",
        "facilities.admit_resident",
        "facilities.discharge_resident",
        "facilities.view_admissioncase",
        "facilities.view_nurturingroll",
        "facilities.change_nurturingroll",
        "facilities.approve_nurturingroll",
        "reports.view_reportrequest",
        "reports.add_reportrequest",
    ],
    Role.AUDITOR: _PEOPLE_READ
    + _UNITS_READ
    + _CASES_READ
    + _ROLLS_READ
    + _EMERGENCY_READ
    + _FACILITIES_READ
    + ["reports.view_reportrequest"]
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
