"""Households registered on the spot during an assessment (a flood does not wait for the registry).

A commune officer goes through the registry's own service (`household_register`, which allows only the commune's
officer). A district or province officer assessing for a commune of their incident cannot: for them a narrow path
builds the same household and head and checks them with the registry's own person checks (`_errors`: name, year
of birth, sex, ID number, village of the commune), saved under `set_actor` so the audit log names them.
The callers have already checked that the commune is in the actor's unit and in the incident's affected area.
"""

from datetime import date

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.jurisdiction import active_assignment
from beneficiaries.models import Household, Person
from beneficiaries.services import people as registry
from core.text import fold
from locations.models import Level

NEW_HOUSEHOLD_FIELDS = ("head_name", "sex", "birth_year", "village", "poverty_status", "poverty_year", "address")
# The registry keys its errors by its own fields; the assessment form names them after its inputs.
REGISTRY_KEYS = {
    "head-full_name": "head_name",
    "head-birth_date": "birth_year",
    "head-sex": "sex",
    "full_name": "head_name",
    "birth_date": "birth_year",
}


def household_on_the_spot(actor, commune, data: dict) -> Household:
    """A household not yet in the registry, registered with its head (year of birth is enough)."""
    extra = set(data) - set(NEW_HOUSEHOLD_FIELDS)
    if extra:
        raise TypeError(f"Unknown fields: {sorted(extra)}")
    errors = {}
    if not (data.get("head_name") or "").strip():
        errors["head_name"] = "Chủ hộ: vui lòng nhập họ và tên chủ hộ."
    year = data.get("birth_year")
    if not year or not 1900 <= year <= timezone.localdate().year:
        errors["birth_year"] = "Năm sinh chủ hộ: nhập năm từ 1900 đến năm nay."
    if errors:
        raise ValidationError(errors)
    head = {
        "full_name": data["head_name"],
        "birth_date": date(year, 1, 1),
        "birth_year_only": True,
        "sex": data.get("sex") or "",
    }
    household_fields = {
        "village": data.get("village"),
        "poverty_status": data.get("poverty_status") or Household.Poverty.NONE,
        "poverty_year": data.get("poverty_year"),
        "address": (data.get("address") or "").strip(),
    }
    assignment = active_assignment(actor)
    try:
        if assignment is not None and assignment.unit.level == Level.COMMUNE:
            # On the spot nobody can check the registry for namesakes; the commune reviews duplicates later.
            return registry.household_register(
                actor=actor, commune=commune, head={**head, "not_duplicate": True}, members=[], **household_fields
            )
        return _registered_by_upper_officer(actor, commune, head, household_fields)
    except ValidationError as exc:
        raise ValidationError(
            {REGISTRY_KEYS.get(name, name): messages for name, messages in exc.message_dict.items()}
        ) from exc


def _registered_by_upper_officer(actor, commune, head: dict, household_fields: dict) -> Household:
    """The district or province officer's path: the registry refuses anyone but the commune's officer, so the
    household and its head are built here and checked with the registry's checks, nothing less."""
    if not actor.has_perm("emergency.add_assessment"):
        raise PermissionDenied("Bạn không có quyền lập phiếu đánh giá và thêm hộ mới.")
    household = Household(commune=commune, head_name=" ".join(head["full_name"].split()), **household_fields)
    person = Person(commune=commune, created_by=actor, household=household, **registry._normalized(head))
    person.name_folded = fold(person.full_name)
    person.village = household.village  # the registry's village check (a village of this commune) covers both
    errors = registry._errors(person, commune=commune, check_name_and_birth=True, not_duplicate=True)
    errors.update(registry.household_poverty_errors(household))
    if errors:
        raise ValidationError(errors)
    registry._flag(person)
    with set_actor(actor):
        household.save()
        person.household = household
        registry._save(person)
    return household
    this_year = timezone.localdate().year
    if not household.poverty_year:
        return {"poverty_year": _("Năm công nhận: bắt buộc với hộ nghèo hoặc cận nghèo.")}
    if not 2000 <= household.poverty_year <= this_year:
        return {"poverty_year": _("Năm công nhận phải từ 2000 đến %(year)d.") % {"year": this_year}}
    return {}
