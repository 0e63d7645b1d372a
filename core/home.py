"""What the home page shows for the unit the user works in (one aggregate query per block)."""

from django.db.models import Count
from django.utils import timezone

from accounts.jurisdiction import scope, units_visible_to
from accounts.models import Role
from beneficiaries.models import Entitlement, Person
from dossiers.models import Dossier
from dossiers.selectors import awaiting_user, overdue
from emergency.selectors import awaiting_user as emergency_awaiting
from facilities.selectors.admissions import admissions_awaiting
from facilities.selectors.residents import reminders_for_user
from locations.models import AdministrativeUnit, Level
from locations.selectors import deciding_level_on


def home_summary(user, assignment) -> dict:
    unit = assignment.unit
    province = unit.province or unit
    people = scope(Person.objects.all(), user)
    summary = {
        "unit": unit,
        "ancestors": unit.ancestors(),
        "province": province,
        "deciding_level": deciding_level_on(province, timezone.localdate()),
        "people_count": None,
        "children": [],
    }
    if user.has_perm("dossiers.view_dossier"):
        dossiers = scope(Dossier.objects.all(), user)
        summary["awaiting_count"] = awaiting_user(user).count()
        summary["overdue_count"] = overdue(dossiers).count()
        summary["active_count"] = scope(Entitlement.objects.filter(status=Entitlement.Status.ACTIVE), user).count()
    if user.has_perm("emergency.view_assessment"):
        # Emergency assessments waiting for this user's review or decision (Art. 17: within 2 days).
        summary["emergency_awaiting"] = emergency_awaiting(user).count()
    if user.has_perm("facilities.view_admissioncase"):
        # Facility admission cases waiting for this user's step (issue 6).
        summary["admissions_awaiting"] = admissions_awaiting(user).count()
    if assignment.role == Role.FACILITY_STAFF:
        # Emergency files, media notices, discharges due and children reaching 16/22 (Art. 28.2, 30).
        summary["facility_reminders"] = reminders_for_user(user, timezone.localdate()).count
        summary["facility"] = assignment.facility
        summary["people_count"] = people.count()
        return summary
    if unit.level in (Level.PROVINCE, Level.DISTRICT):
        # People per child unit: communes under a district, districts (or communes) under a province.
        key = "commune__parent" if unit.level == Level.PROVINCE and unit.structure == "three_level" else "commune"
        counts = dict(people.values_list(key).annotate(n=Count("id")).order_by())
        late = {}
        if user.has_perm("dossiers.view_dossier"):
            # The office above sees where dossiers are overdue (SPEC §2).
            late = dict(overdue(scope(Dossier.objects.all(), user)).values_list(key).annotate(n=Count("id")).order_by())
        children = AdministrativeUnit.objects.filter(parent=unit).order_by("code")
        summary["children"] = [(child, counts.get(child.id, 0), late.get(child.id, 0)) for child in children]
        summary["units_count"] = units_visible_to(user).filter(level=Level.COMMUNE).count()
        # The per-unit counts add up to the total: one pass over the people instead of two.
        summary["people_count"] = sum(counts.values())
    else:
        summary["people_count"] = people.count()
    return summary
