"""Writes to the law-as-data tables: the province officer raises levels, sets coefficients, adds local categories.

Every write is audited (django-auditlog is registered for the three models; `set_actor` names who did it when
the call does not come through a request). Rows are never edited in place when money depends on them: a new
level or coefficient is a new effective-dated row, so amounts already paid keep their inputs (STYLE.md).
"""

import re
from datetime import date
from decimal import Decimal

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.jurisdiction import active_assignment
from core.templatetags.vn_format import format_vnd

from .models import Category, Coefficient, Kind, StandardLevel

ART_4_3 = "khoản 3 Điều 4 Nghị định 20/2021/NĐ-CP"
# National codes start with a digit (5.1.b, 20.2, 11); a local code starts with a letter so the rules engine
# never mistakes it for a clause of the decree (policy.rules.rule_for falls through to "<code>:default").
LOCAL_CODE = re.compile(r"^[A-Za-zĐđ][A-Za-z0-9Đđ._-]{0,19}$")
LOCAL_SORT_ORDER = 1000


def _province_of(actor):
    assignment = active_assignment(actor)
    if assignment is None:
        return None
    return assignment.unit.province or assignment.unit


def _check_actor(actor, permission: str, province) -> None:
    """Only someone holding `permission` in their working assignment, and for a province only its own officer."""
    if active_assignment(actor) is None or not actor.has_perm(permission):
        raise PermissionDenied
    if province is not None and _province_of(actor).pk != province.pk:
        raise PermissionDenied


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _num(value: Decimal) -> str:
    return format(Decimal(value).normalize(), "f").replace(".", ",")


def _check_first_of_month(errors: dict, field: str, day: date | None) -> None:
    if day is not None and day.day != 1:
        errors[field] = "Ngày áp dụng phải là ngày đầu tháng (ngày 01), vì trợ cấp được tính theo tháng."


def _check_retroactive(errors: dict, effective_from: date | None, confirmed: bool, today: date) -> None:
    if effective_from is not None and effective_from < today and not confirmed:
        errors["confirm_retroactive"] = (
            f"Ngày áp dụng {_d(effective_from)} đã qua: danh sách chi trả kỳ tới sẽ truy lĩnh phần chênh lệch cho "
            "các tháng đã chi trả theo mức cũ. Hãy đánh dấu xác nhận để lưu."
        )


def _required(errors: dict, field: str, value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        errors[field] = message
    return value


def national_level_on(day: date) -> StandardLevel | None:
    return (
        StandardLevel.objects.filter(province__isnull=True, effective_from__lte=day).order_by("-effective_from").first()
    )


@transaction.atomic
def level_add(
    *,
    province,
    amount: int,
    effective_from: date,
    legal_basis: str,
    confirm_retroactive: bool = False,
    actor,
) -> StandardLevel:
    """Add a standard level (Decree 20/2021 Art. 4) from the first of a month: national when `province` is None,
    otherwise the province's own level, which must be higher than the national one in force then (Art. 4.3).

    A date already past is a retroactive raise: the next payment roll carries the arrears (decree20.md §1), so the
    officer must confirm it.
    """
    _check_actor(actor, "policy.add_standardlevel", province)
    errors: dict[str, str] = {}
    legal_basis = _required(errors, "legal_basis", legal_basis, "Nhập căn cứ pháp lý (số, ngày văn bản).")
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        errors["amount"] = "Mức chuẩn phải là số đồng nguyên lớn hơn 0."
    _check_first_of_month(errors, "effective_from", effective_from)
    if "effective_from" not in errors:
        same_day = StandardLevel.objects.filter(effective_from=effective_from)
        same_day = same_day.filter(province__isnull=True) if province is None else same_day.filter(province=province)
        if same_day.exists():
            whose = "toàn quốc" if province is None else f"của {province.name}"
            errors["effective_from"] = f"Đã có mức chuẩn {whose} áp dụng từ ngày {_d(effective_from)}."
        elif province is not None and "amount" not in errors:
            national = national_level_on(effective_from)
            if national is not None and amount <= national.amount:
                errors["amount"] = (
                    f"Mức chuẩn của tỉnh phải cao hơn mức chuẩn toàn quốc đang áp dụng ngày {_d(effective_from)} "
                    f"({format_vnd(national.amount)}) theo {ART_4_3}."
                )
    _check_retroactive(errors, effective_from, confirm_retroactive, timezone.localdate())
    if errors:
        raise ValidationError(errors)
    with set_actor(actor):
        try:
            with transaction.atomic():
                return StandardLevel.objects.create(
                    province=province, amount=amount, effective_from=effective_from, legal_basis=legal_basis
                )
        except IntegrityError as exc:  # a colleague saved the same day a moment ago
            raise ValidationError({"effective_from": f"Đã có mức chuẩn áp dụng từ ngày {_d(effective_from)}."}) from exc


def _coefficient_rows(rule: str, province):
    return Coefficient.objects.filter(rule=rule).filter(Q(province__isnull=True) | Q(province=province))


def national_coefficient_on(rule: str, day: date) -> Coefficient | None:
    return (
        Coefficient.objects.filter(rule=rule, province__isnull=True, effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by("-effective_from")
        .first()
    )


@transaction.atomic
def coefficient_set(
    *,
    rule: str,
    province,
    value: Decimal,
    effective_from: date,
    legal_basis: str,
    effective_to: date | None = None,
    confirm_retroactive: bool = False,
    actor,
) -> Coefficient:
    """A new coefficient row for `rule` from the first of a month (Decree 20/2021 Art. 6, 20): the province's own
    value when `province` is given, otherwise a new national row. Existing rows are never edited in place.

    A province's value may not be lower than the national one in force on that date (Art. 4.3: the province's
    assistance levels are "không thấp hơn" the decree's). A past date needs the arrears confirmation.
    """
    _check_actor(actor, "policy.add_coefficient", province)
    errors: dict[str, str] = {}
    existing = _coefficient_rows(rule, province).order_by("-effective_from")
    template = existing.filter(province__isnull=True).first() or existing.first()
    if template is None:
        raise ValidationError({"rule": f"Không có hệ số «{rule}» trong danh mục."})
    legal_basis = _required(errors, "legal_basis", legal_basis, "Nhập căn cứ pháp lý (số, ngày văn bản).")
    if value is None or value <= 0:
        errors["value"] = "Hệ số phải lớn hơn 0."
    _check_first_of_month(errors, "effective_from", effective_from)
    if effective_to is not None and effective_from is not None and effective_to < effective_from:
        errors["effective_to"] = "Ngày hết hiệu lực phải sau ngày áp dụng."
    if province is None and not existing.filter(province__isnull=True).exists():
        errors["scope"] = "Hệ số của diện địa phương chỉ đặt riêng cho tỉnh."
    if "effective_from" not in errors:
        same_day = Coefficient.objects.filter(rule=rule, effective_from=effective_from)
        same_day = same_day.filter(province__isnull=True) if province is None else same_day.filter(province=province)
        if same_day.exists():
            errors["effective_from"] = f"Đã có hệ số «{template.label}» áp dụng từ ngày {_d(effective_from)}."
        elif province is not None and "value" not in errors:
            national = national_coefficient_on(rule, effective_from)
            if national is not None and value < national.value:
                errors["value"] = (
                    f"Hệ số của tỉnh không được thấp hơn hệ số toàn quốc áp dụng ngày {_d(effective_from)} "
                    f"({_num(national.value)}) theo {ART_4_3}."
                )
    _check_retroactive(errors, effective_from, confirm_retroactive, timezone.localdate())
    if errors:
        raise ValidationError(errors)
    with set_actor(actor):
        try:
            with transaction.atomic():
                return Coefficient.objects.create(
                    rule=rule,
                    value=value,
                    label=template.label,
                    legal_basis=legal_basis,
                    province=province,
                    effective_from=effective_from,
                    effective_to=effective_to,
                )
        except IntegrityError as exc:
            raise ValidationError({"effective_from": f"Đã có hệ số áp dụng từ ngày {_d(effective_from)}."}) from exc


@transaction.atomic
def local_category_create(
    *,
    province,
    code: str,
    name: str,
    legal_basis: str,
    effective_from: date,
    effective_to: date | None = None,
    coefficient: Decimal,
    actor,
) -> Category:
    """A province's local category ("các đối tượng khó khăn khác", Decree 20/2021 Art. 4.3) paid monthly at
    standard level × its own coefficient: the category and its `<code>:default` coefficient row, together or not
    at all.
    """
    _check_actor(actor, "policy.add_category", province)
    if province is None:
        raise PermissionDenied
    errors: dict[str, str] = {}
    code = (code or "").strip()
    if not code:
        errors["code"] = "Nhập mã diện, ví dụ DP.1."
    elif not LOCAL_CODE.match(code):
        errors["code"] = (
            "Mã diện địa phương bắt đầu bằng chữ cái và chỉ gồm chữ, số, dấu chấm, gạch (tối đa 20 ký tự), "
            "ví dụ DP.1 — để không trùng với mã diện của Nghị định."
        )
    elif Category.objects.filter(province__isnull=True, code__iexact=code).exists():
        errors["code"] = f"Mã «{code}» trùng với mã diện của Nghị định 20/2021/NĐ-CP."
    elif Category.objects.filter(province=province, code__iexact=code).exists():
        errors["code"] = f"Tỉnh đã có diện địa phương mã «{code}»."
    elif Coefficient.objects.filter(province=province, rule__iexact=f"{code}:default").exists():
        errors["code"] = f"Mã «{code}» đã được dùng cho một hệ số của tỉnh; chọn mã khác."
    name = _required(errors, "name", name, "Nhập tên diện.")
    legal_basis = _required(errors, "legal_basis", legal_basis, "Nhập căn cứ pháp lý, ví dụ nghị quyết của HĐND tỉnh.")
    _check_first_of_month(errors, "effective_from", effective_from)
    if effective_to is not None and effective_from is not None and effective_to < effective_from:
        errors["effective_to"] = "Ngày hết hiệu lực phải sau ngày áp dụng."
    if coefficient is None or coefficient <= 0:
        errors["coefficient"] = "Hệ số phải lớn hơn 0."
    if errors:
        raise ValidationError(errors)
    with set_actor(actor):
        category = Category.objects.create(
            province=province,
            code=code,
            kind=Kind.MONTHLY,
            name=name,
            legal_basis=legal_basis,
            effective_from=effective_from,
            effective_to=effective_to,
            sort_order=LOCAL_SORT_ORDER,
        )
        Coefficient.objects.create(
            rule=f"{code}:default",
            value=coefficient,
            label=name[:200],
            legal_basis=legal_basis,
            province=province,
            effective_from=effective_from,
            effective_to=effective_to,
        )
    return category


@transaction.atomic
def local_category_update(
    *, category: Category, name: str, legal_basis: str, effective_to: date | None, actor
) -> Category:
    """Rename a local category, correct its legal basis, or end it (its coefficient rows stay as history)."""
    if category.province_id is None:
        raise PermissionDenied  # the decree's categories are seeded data, not edited here
    _check_actor(actor, "policy.change_category", category.province)
    errors: dict[str, str] = {}
    name = _required(errors, "name", name, "Nhập tên diện.")
    legal_basis = _required(errors, "legal_basis", legal_basis, "Nhập căn cứ pháp lý.")
    if effective_to is not None and effective_to < category.effective_from:
        errors["effective_to"] = f"Ngày hết hiệu lực phải sau ngày áp dụng ({_d(category.effective_from)})."
    if errors:
        raise ValidationError(errors)
    with set_actor(actor):
        category.name = name
        category.legal_basis = legal_basis
        category.effective_to = effective_to
        category.save(update_fields=["name", "legal_basis", "effective_to"])
    return category
