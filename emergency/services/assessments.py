"""Assessments while they are drafts: the household's losses, the people hurt, and the aid lines the rules propose.

Every change of facts regenerates the lines from `emergency.rules`; an amount the officer raised (or lowered with
a reason) is kept when the same line comes back with the same minimum. Edits are compare-and-set on the version
and leave an `AssessmentEvent`.
"""

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.jurisdiction import active_assignment
from beneficiaries.models import Household, Person
from core.templatetags.vn_format import format_vnd
from locations.models import Level
from policy.selectors import rate_tables

from .. import rules
from ..models import AidLine, Assessment, AssessmentPerson, HouseDamage, Incident
from .common import ConcurrentChange, bump, facts_of, proposal_for, record, require_recorder
from .households import household_on_the_spot

Status = Assessment.Status
FACT_FIELDS = (
    "village",
    "hardship",
    "members",
    "house_damage",
    "food_short_members",
    "food_months",
    "lost_goods",
    "lost_goods_note",
    "note",
)
PERSON_FIELDS = (
    "full_name",
    "birth_year",
    "harm",
    "treatment_days",
    "id_number",
    "death_date",
    "death_cause",
    "organiser_name",
    "organiser_id_number",
    "organiser_relation",
)


def _unknown(fields: dict, allowed) -> None:
    extra = set(fields) - set(allowed)
    if extra:
        raise TypeError(f"Unknown fields: {sorted(extra)}")


def _check_facts(fields: dict) -> None:
    errors = {}
    for name in ("members", "food_short_members", "food_months"):
        value = fields.get(name)
        if value is not None and value < 0:
            errors[name] = "Số lượng không được âm."
    if fields.get("house_damage", HouseDamage.NONE) not in HouseDamage.values:
        errors["house_damage"] = "Thiệt hại về nhà ở: lựa chọn không hợp lệ."
    if errors:
        raise ValidationError(errors)


def _require_draft(assessment: Assessment) -> None:
    if assessment.status != Status.DRAFT:
        raise ValidationError(
            f"Chỉ sửa được phiếu đang lập; phiếu này đang ở trạng thái «{assessment.get_status_display()}»."
        )
    if assessment.incident.status != Incident.Status.OPEN:
        raise ValidationError("Sự kiện đã kết thúc; không sửa được nữa.")


@transaction.atomic
def assessment_create(
    *,
    actor,
    incident: Incident,
    household: Household | None = None,
    new_household: dict | None = None,
    organisation_name: str = "",
    commune=None,
    **fields,
) -> Assessment:
    """A draft assessment of one household (from the registry, or `new_household` registered on the spot), or of
    an organisation that buried people with no relatives (Art. 14.2, `organisation_name` and `commune`).

    The household's poverty status is copied from the registry: a later change does not rewrite the aid given.
    A household is assessed once per incident.
    """
    _unknown(fields, FACT_FIELDS)
    _check_facts(fields)
    if incident.status != Incident.Status.OPEN:
        raise ValidationError("Sự kiện đã kết thúc; không thêm được phiếu đánh giá.")
    if household is not None:
        commune = household.commune
    assignment = active_assignment(actor)
    if commune is None and new_household is not None and assignment is not None:
        commune = assignment.unit if assignment.unit.level == Level.COMMUNE else None
    if commune is None:
        raise ValidationError({"household": "Hộ gia đình: chọn hộ trong danh sách hoặc thêm hộ mới."})
    require_recorder(actor, commune)
    if not incident.areas.filter(commune=commune).exists():
        raise ValidationError({"household": f"{commune.name} không thuộc địa bàn bị ảnh hưởng của sự kiện này."})
    if new_household is not None:
        household = household_on_the_spot(actor, commune, new_household)
    organisation_name = " ".join(organisation_name.split())
    if household is None and not organisation_name:
        raise ValidationError({"household": "Hộ gia đình: chọn hộ trong danh sách hoặc thêm hộ mới."})
    if household is not None:
        _refuse_duplicate(incident, household)
    assessment = Assessment(
        incident=incident,
        commune=commune,
        household=household,
        organisation_name="" if household else organisation_name,
        created_by=actor,
        **fields,
    )
    if household is not None:
        assessment.poverty_status = household.poverty_status
        if not assessment.village and household.village_id:
            assessment.village = household.village.name
        if "members" not in fields:
            assessment.members = _living_members(household)
    _refuse_problems(assessment)
    try:
        with transaction.atomic(), set_actor(actor):
            assessment.save()
    except IntegrityError:
        # Two officers assessing the same household at once: the unique constraint decides.
        _refuse_duplicate(incident, household)
        raise
    _regenerate(assessment)
    record(assessment, action="create", actor=actor)
    return assessment


def _refuse_duplicate(incident: Incident, household: Household | None) -> None:
    if household is None:
        return
    if Assessment.objects.filter(incident=incident, household=household).exists():
        raise ValidationError(
            {"household": f"Hộ {household.head_name} đã có phiếu đánh giá trong sự kiện này; hãy sửa phiếu đó."}
        )


def _refuse_problems(assessment: Assessment) -> None:
    """What the rules refuse (food months beyond the round, more food-short people than members…)."""
    problems = rules.problems(facts_of(assessment), rate_tables(assessment.incident.province))
    if problems:
        raise ValidationError({p.field: p.message for p in problems})


@transaction.atomic
def assessment_update(*, actor, assessment: Assessment, version: int, **fields) -> Assessment:
    """Edit the facts of a draft; the lines are proposed again."""
    _unknown(fields, FACT_FIELDS + ("poverty_status",))
    _check_facts(fields)
    require_recorder(actor, assessment.commune)
    _require_draft(assessment)
    if version != assessment.version:
        raise ConcurrentChange(ConcurrentChange.message)
    changed = [name for name, value in fields.items() if getattr(assessment, name) != value]
    for name, value in fields.items():
        setattr(assessment, name, value.strip() if isinstance(value, str) else value)
    _refuse_problems(assessment)
    bump(assessment, action="edit", actor=actor, note=", ".join(_label(name) for name in changed))
    with set_actor(actor):
        assessment.save(update_fields=[*fields, "version"] if fields else ["version"])
    _regenerate(assessment)
    return assessment


@transaction.atomic
def assessment_change_household(
    *,
    actor,
    assessment: Assessment,
    version: int,
    household: Household | None = None,
    new_household: dict | None = None,
) -> Assessment:
    """The wrong household was picked: point the draft at the right one (from the registry of the same commune, or
    registered on the spot) instead of starting again.

    The facts observed on the spot stay; the village and the number of members follow the new household when they
    had been copied from the old one. The poverty status is copied again from the registry and the lines are
    proposed afresh from the rules (amounts set for the other household are not carried over).
    """
    require_recorder(actor, assessment.commune)
    _require_draft(assessment)
    if version != assessment.version:
        raise ConcurrentChange(ConcurrentChange.message)
    old = assessment.household
    if old is None:
        raise ValidationError({"household": "Phiếu của cơ quan, tổ chức mai táng không gắn với hộ gia đình."})
    if new_household is not None:
        household = household_on_the_spot(actor, assessment.commune, new_household)
    if household is None:
        raise ValidationError({"household": "Hộ gia đình: chọn hộ trong danh sách hoặc thêm hộ mới."})
    if household.commune_id != assessment.commune_id:
        raise ValidationError({"household": f"Hộ gia đình: chọn một hộ của {assessment.commune.name}."})
    if household.pk == old.pk:
        raise ValidationError({"household": f"Phiếu đã gắn với hộ {old.head_name}."})
    _refuse_duplicate(assessment.incident, household)
    _copy_from_registry(assessment, old, household)
    _refuse_problems(assessment)
    # People hurt stay (they were seen there); a link to a member of the other household's record does not.
    assessment.people.filter(person__isnull=False).exclude(person__household=household).update(person=None)
    bump(assessment, action="household", actor=actor, note=f"{old.head_name} → {household.head_name}")
    try:
        with transaction.atomic(), set_actor(actor):
            assessment.save(update_fields=["household", "poverty_status", "village", "members", "version"])
    except IntegrityError:
        _refuse_duplicate(assessment.incident, household)
        raise
    _regenerate(assessment, keep_amounts=False)
    return assessment


def _living_members(household: Household) -> int:
    return Person.objects.filter(household=household, death_date__isnull=True).count()


def _copy_from_registry(assessment: Assessment, old: Household, new: Household) -> None:
    old_village = old.village.name if old.village_id else ""
    if assessment.village == old_village:
        assessment.village = new.village.name if new.village_id else ""
    if assessment.members == _living_members(old):
        assessment.members = _living_members(new)
    assessment.household = new
    assessment.poverty_status = new.poverty_status


def _vnd(amount: int) -> str:
    return format_vnd(amount).replace("\u00a0", " ")


def _label(name: str) -> str:
    return str(Assessment._meta.get_field(name).verbose_name)


@transaction.atomic
def assessment_person_add(*, actor, assessment: Assessment, version: int, person=None, **fields) -> AssessmentPerson:
    """A member injured, dead or missing (or a person an organisation buried); the lines follow."""
    _unknown(fields, PERSON_FIELDS)
    require_recorder(actor, assessment.commune)
    _require_draft(assessment)
    if version != assessment.version:
        raise ConcurrentChange(ConcurrentChange.message)
    errors = {}
    if person is not None:
        fields.setdefault("full_name", person.full_name)
        fields.setdefault("birth_year", person.birth_date.year)
        fields.setdefault("id_number", person.id_number or "")
    name = " ".join((fields.get("full_name") or "").split())
    if not name:
        errors["full_name"] = "Họ và tên: vui lòng nhập họ và tên."
    harm = fields.get("harm")
    if harm not in AssessmentPerson.Harm.values:
        errors["harm"] = "Thiệt hại: chọn bị thương nặng, chết hoặc mất tích."
    days = fields.get("treatment_days")
    if days is not None and days < 0:
        errors["treatment_days"] = "Số ngày điều trị không được âm."
    if harm == AssessmentPerson.Harm.INJURED and days is None:
        errors["treatment_days"] = "Số ngày điều trị: bắt buộc với người bị thương."
    death_date = fields.get("death_date")
    if death_date and death_date > timezone.localdate():
        errors["death_date"] = "Ngày chết/mất tích không được sau hôm nay."
    if errors:
        raise ValidationError(errors)
    if harm != AssessmentPerson.Harm.INJURED:
        fields["treatment_days"] = None
    row = AssessmentPerson(assessment=assessment, person=person, **{**fields, "full_name": name})
    row.save()
    bump(assessment, action="person_add", actor=actor, note=f"{name} ({row.get_harm_display()})")
    _regenerate(assessment)
    return row


@transaction.atomic
def assessment_person_remove(*, actor, assessment: Assessment, version: int, person: AssessmentPerson) -> None:
    require_recorder(actor, assessment.commune)
    _require_draft(assessment)
    if version != assessment.version or person.assessment_id != assessment.pk:
        raise ConcurrentChange(ConcurrentChange.message)
    note = f"{person.full_name} ({person.get_harm_display()})"
    person.delete()
    bump(assessment, action="person_remove", actor=actor, note=note)
    _regenerate(assessment)


@transaction.atomic
def aidline_set_amount(
    *, actor, assessment: Assessment, version: int, line: AidLine, amount: int, reason: str = "", goods: str = ""
) -> AidLine:
    """The officer gives more than the law's minimum (provinces do), or less only with a recorded reason."""
    require_recorder(actor, assessment.commune)
    _require_draft(assessment)
    if version != assessment.version or line.assessment_id != assessment.pk:
        raise ConcurrentChange(ConcurrentChange.message)
    reason = reason.strip()
    if amount is None or amount < 0:
        raise ValidationError({"amount": "Số tiền hỗ trợ không được âm."})
    if amount < line.minimum_amount and not reason:
        raise ValidationError(
            {
                "reason": f"Số tiền {_vnd(amount)} thấp hơn mức tối thiểu {_vnd(line.minimum_amount)} theo quy định: "
                "cần ghi lý do."
            }
        )
    old = line.amount
    line.amount = amount
    line.below_minimum_reason = reason if amount < line.minimum_amount else ""
    if goods:
        line.goods_description = goods.strip()[:300]
    with set_actor(actor):
        line.save(update_fields=["amount", "below_minimum_reason", "goods_description"])
    note = f"{line.get_aid_type_display()}: {_vnd(old)} → {_vnd(amount)}"
    bump(assessment, action="amount", actor=actor, note=f"{note}. {reason}".strip(". ") if reason else note)
    return line


def _regenerate(assessment: Assessment, *, keep_amounts: bool = True) -> None:
    """Replace the lines with the rules' proposal, keeping amounts the officer set for the same line."""
    proposal = proposal_for(assessment)
    if proposal.problems:
        raise ValidationError({p.field: p.message for p in proposal.problems})
    kept = {}
    if keep_amounts:
        kept = {(line.aid_type, line.person_id, line.minimum_amount): line for line in assessment.lines.all()}
    assessment.lines.all().delete()
    rows = []
    for proposed in proposal.lines:
        previous = kept.get((proposed.aid_type, proposed.person_key, proposed.minimum_amount))
        rows.append(
            AidLine(
                assessment=assessment,
                person_id=proposed.person_key,
                aid_type=proposed.aid_type,
                quantity=proposed.quantity,
                unit=proposed.unit,
                rice_kg=proposed.rice_kg,
                minimum_amount=proposed.minimum_amount,
                amount=previous.amount if previous else proposed.minimum_amount,
                below_minimum_reason=previous.below_minimum_reason if previous else "",
                goods_description=(previous.goods_description if previous else "") or proposed.goods_description,
                basis=proposed.basis,
            )
        )
    AidLine.objects.bulk_create(rows)
