"""Writes for people and households: registration by the commune officer, and edits (SPEC §2).

Every write runs under auditlog's `set_actor`, so the history tab shows who changed what (old → new) also when
a service is called outside a request. Errors are `ValidationError`s keyed by the field, in Vietnamese; nothing
is half-saved.
"""

from datetime import date

from auditlog.context import set_actor
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.jurisdiction import active_assignment
from core.text import fold
from locations.models import Level

from ..idcheck import id_mismatch, id_problems, normalize
from ..models import Household, PaymentMethod, Person

# What an officer may set on a person. The commune is never among them: it is the officer's own commune at
# registration, and a move to another commune is a life event (relocation), not an edit.
PERSON_FIELDS = (
    "full_name",
    "birth_date",
    "birth_year_only",
    "sex",
    "ethnicity",
    "id_type",
    "id_number",
    "village",
    "phone",
    "hiv_positive",
    "disability_level",
    "disability_cert_date",
    "studying",
    "guardian_name",
    "guardian_phone",
    "payment_method",
    "account_number",
    "bank_name",
)
HOUSEHOLD_FIELDS = ("village", "address", "poverty_status", "poverty_year")
EARLIEST_BIRTH = date(1900, 1, 1)


def _require_own_commune(actor, commune) -> None:
    """A commune officer writes only in the commune of the assignment they are working in."""
    assignment = active_assignment(actor)
    if assignment is None or assignment.unit.level != Level.COMMUNE or assignment.unit_id != commune.pk:
        raise PermissionDenied(_("Chỉ cán bộ của xã này được đăng ký hoặc sửa thông tin đối tượng của xã."))


def _unknown(fields: dict, allowed) -> None:
    extra = set(fields) - set(allowed)
    if extra:
        raise TypeError(f"Unknown fields: {sorted(extra)}")


def _normalized(fields: dict) -> dict:
    data = dict(fields)
    if "full_name" in data:
        data["full_name"] = " ".join((data["full_name"] or "").split())
    if "id_number" in data:
        data["id_number"] = normalize(data["id_number"]) or None
    for name in ("phone", "guardian_name", "guardian_phone", "account_number", "bank_name"):
        if name in data:
            data[name] = (data[name] or "").strip()
    if data.get("birth_year_only") and data.get("birth_date"):
        # Only the year is known (common for the elderly): stored as 1 January of that year.
        data["birth_date"] = date(data["birth_date"].year, 1, 1)
    return data


def _same_name_and_birth(person: Person):
    if person.birth_year_only:
        same_birth = {"birth_date__year": person.birth_date.year}
    else:
        same_birth = {"birth_date": person.birth_date}
    rows = Person.objects.filter(name_folded=person.name_folded, **same_birth)
    if not person.birth_year_only:
        rows = rows | Person.objects.filter(
            name_folded=person.name_folded, birth_year_only=True, birth_date__year=person.birth_date.year
        )
    return rows.exclude(pk=person.pk) if person.pk else rows


def _errors(person: Person, *, commune, check_name_and_birth: bool, not_duplicate: bool) -> dict[str, str]:
    """Every reason `person` cannot be saved, by field."""
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if not person.full_name:
        errors["full_name"] = _("Họ và tên: vui lòng nhập họ và tên.")
    if person.birth_date is None:
        errors["birth_date"] = _("Ngày sinh: vui lòng nhập ngày sinh (ngày/tháng/năm) hoặc năm sinh.")
    elif person.birth_date > today:
        errors["birth_date"] = _("Ngày sinh %(day)s ở sau ngày hôm nay; vui lòng kiểm tra lại.") % {
            "day": person.birth_date.strftime("%d/%m/%Y")
        }
    elif person.birth_date < EARLIEST_BIRTH:
        errors["birth_date"] = _("Ngày sinh: năm sinh phải từ 1900 trở về sau.")
    if person.sex not in Person.Sex.values:
        errors["sex"] = _("Giới tính: vui lòng chọn Nam hoặc Nữ.")
    if person.id_number:
        problems = id_problems(person.id_number, person.id_type)
        if problems:
            errors["id_number"] = problems[0]
        else:
            taken = Person.objects.filter(id_number=person.id_number).exclude(pk=person.pk).select_related("commune")
            other = taken.first()
            if other is not None:
                errors["id_number"] = _(
                    "Số định danh cá nhân %(number)s đã có trong hệ thống (đối tượng thuộc %(commune)s); "
                    "không thể đăng ký trùng."
                ) % {"number": person.id_number, "commune": other.commune.name}
    if person.village_id and person.village.commune_id != commune.pk:
        errors["village"] = _("Thôn/ấp: vui lòng chọn một thôn/ấp của %(commune)s.") % {"commune": commune.name}
    if person.disability_cert_date and person.disability_cert_date > today:
        errors["disability_cert_date"] = _("Ngày cấp giấy xác nhận khuyết tật ở sau ngày hôm nay.")
    if person.payment_method in (PaymentMethod.BANK, PaymentMethod.E_WALLET):
        if not person.account_number:
            errors["account_number"] = _("Số tài khoản: bắt buộc khi chi trả qua tài khoản ngân hàng hoặc ví điện tử.")
        if not person.bank_name:
            errors["bank_name"] = _("Ngân hàng/ví điện tử: vui lòng nhập tên ngân hàng hoặc ví điện tử.")
    if check_name_and_birth and not not_duplicate and "birth_date" not in errors and person.full_name:
        count = _same_name_and_birth(person).count()
        if count:
            errors["not_duplicate"] = _(
                "Đã có %(count)d người cùng họ tên và ngày sinh. Hãy xem danh sách bên trên; nếu đúng là người "
                "khác, đánh dấu ô “Tôi đã kiểm tra, đây là người khác” rồi lưu lại."
            ) % {"count": count}
    return errors


def _save(person: Person) -> None:
    """Save with the ID uniqueness the database enforces (two officers registering the same ID at once)."""
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:
        if person.id_number and Person.objects.filter(id_number=person.id_number).exclude(pk=person.pk).exists():
            raise ValidationError(
                {"id_number": _("Số định danh cá nhân %(number)s vừa được đăng ký.") % {"number": person.id_number}}
            ) from exc
        raise


def _flag(person: Person) -> None:
    # Stored in Vietnamese whatever language the officer works in: the flag is part of the record.
    with translation.override(settings.LANGUAGE_CODE):
        person.id_flag = id_mismatch(person.id_number, person.birth_date, person.sex) if person.birth_date else ""


@transaction.atomic
def person_register(*, actor, commune, not_duplicate: bool = False, household=None, **fields) -> Person:
    """Register one person in the officer's own commune (SPEC §2).

    Refused: an ID number already in the database, a badly formed ID, a birth date in the future, a village of
    another commune, or a name + date of birth that matches someone unless the officer confirms
    (`not_duplicate`) that it is another person. An ID whose digits disagree with the birth year or sex is saved
    with `id_flag` set (decree20.md §10: flagged for review, not rejected).
    """
    _require_own_commune(actor, commune)
    _unknown(fields, PERSON_FIELDS)
    person = Person(commune=commune, created_by=actor, **_normalized(fields))
    person.name_folded = fold(person.full_name)
    person.household = household
    if household is not None and person.village_id is None:
        person.village = household.village
    errors = _errors(person, commune=commune, check_name_and_birth=True, not_duplicate=not_duplicate)
    if errors:
        raise ValidationError(errors)
    _flag(person)
    with set_actor(actor):
        _save(person)
    return person


def _prefixed(error: ValidationError, prefix: str) -> dict[str, list[str]]:
    if not hasattr(error, "error_dict"):
        return {f"{prefix}-__all__": error.messages}
    return {f"{prefix}-{name}": messages for name, messages in error.message_dict.items()}


def household_poverty_errors(household: Household) -> dict[str, str]:
    """The year a household was recognised poor or near-poor: required for those, 2000…this year; cleared for
    others. Shared by the registry and the emergency module's on-the-spot households."""
    if household.poverty_status == Household.Poverty.NONE:
        household.poverty_year = None
        return {}
    this_year = timezone.localdate().year
    if not household.poverty_year:
        return {"poverty_year": _("Năm công nhận: bắt buộc với hộ nghèo hoặc cận nghèo.")}
    if not 2000 <= household.poverty_year <= this_year:
        return {"poverty_year": _("Năm công nhận phải từ 2000 đến %(year)d.") % {"year": this_year}}
    return {}


@transaction.atomic
def household_register(*, actor, commune, head: dict, members: list[dict], **household_fields) -> Household:
    """Register a household with its head and members in one go: all of them are saved, or none.

    `head` and each of `members` are person fields (plus `not_duplicate`). Errors come back keyed like the
    registration form: `village` for the household, `head-<field>` for the head, `members-<i>-<field>` for the
    i-th member, so every wrong row is reported at once.
    """
    _require_own_commune(actor, commune)
    _unknown(household_fields, HOUSEHOLD_FIELDS)
    errors: dict[str, list[str]] = {}
    household = Household(commune=commune, head_name=" ".join((head.get("full_name") or "").split()))
    for name, value in household_fields.items():
        setattr(household, name, value.strip() if isinstance(value, str) else value)
    if household.village_id and household.village.commune_id != commune.pk:
        errors["village"] = [_("Thôn/ấp: vui lòng chọn một thôn/ấp của %(commune)s.") % {"commune": commune.name}]
    errors.update({field: [message] for field, message in household_poverty_errors(household).items()})
    if errors:
        raise ValidationError(errors)
    with set_actor(actor):
        household.save()
    for prefix, fields in [("head", head)] + [(f"members-{i}", m) for i, m in enumerate(members)]:
        data = dict(fields)
        not_duplicate = bool(data.pop("not_duplicate", False))
        data.pop("village", None)  # everyone lives where the household lives
        try:
            person_register(actor=actor, commune=commune, household=household, not_duplicate=not_duplicate, **data)
        except ValidationError as exc:
            errors.update(_prefixed(exc, prefix))
    if errors:
        # Raising inside the atomic block rolls back the household and the members already written.
        raise ValidationError(errors)
    return household


@transaction.atomic
def person_update(*, actor, person: Person, not_duplicate: bool = False, **fields) -> Person:
    """Change a person's record in the officer's own commune; auditlog keeps old → new for the history tab.

    The same checks as registration apply. The name + date of birth confirmation is asked for only when the
    name or date of birth changes into one that matches somebody else.
    """
    _require_own_commune(actor, person.commune)
    _unknown(fields, PERSON_FIELDS)
    data = _normalized(fields)
    before = (person.name_folded, person.birth_date, person.birth_year_only)
    current = Person.objects.select_for_update().get(pk=person.pk)
    for name, value in data.items():
        setattr(current, name, value)
    current.name_folded = fold(current.full_name)
    identity_changed = before != (current.name_folded, current.birth_date, current.birth_year_only)
    errors = _errors(
        current, commune=current.commune, check_name_and_birth=identity_changed, not_duplicate=not_duplicate
    )
    if errors:
        raise ValidationError(errors)
    _flag(current)
    with set_actor(actor):
        _save(current)
    return current
