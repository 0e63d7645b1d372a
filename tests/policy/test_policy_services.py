"""The province officer's writes to the law-as-data tables (decree20.md §1–§3): each validation, nothing saved on
error, every change audited, and the rate tables the payment code reads see the new rows."""

from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from accounts.models import Role
from accounts.services import assignment_grant
from core.templatetags.vn_format import format_vnd
from policy.models import Category, Coefficient, StandardLevel
from policy.rules import Facts, line_for
from policy.selectors import rate_tables
from policy.services import (
    coefficient_set,
    level_add,
    local_category_create,
    local_category_update,
    national_coefficient_on,
    national_level_on,
)
from tests import factories as f

BASIS = "Nghị quyết 15/2026/NQ-HĐND tỉnh Đồng Tháp"


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@pytest.fixture
def this_month() -> date:
    return timezone.localdate().replace(day=1)


@pytest.fixture
def next_month(this_month) -> date:
    return add_months(this_month, 1)


@pytest.fixture
def last_month(this_month) -> date:
    return add_months(this_month, -1)


@pytest.fixture
def officer(world):
    return world.user("province_officer")


@pytest.fixture
def can_tho_officer(world):
    user = f.UserFactory(username="so_can_tho")
    user.active_assignment = assignment_grant(user=user, role=Role.PROVINCE_OFFICER, unit=world.province2, actor=None)
    return user


def errors_of(excinfo) -> dict[str, str]:
    return {field: " ".join(messages) for field, messages in excinfo.value.message_dict.items()}


# --- Standard levels ---------------------------------------------------------------------------------------


def test_provincial_level_from_next_month_applies_from_that_month_only(world, officer, next_month, this_month):
    national_now = national_level_on(timezone.localdate()).amount
    level_add(province=world.province, amount=600_000, effective_from=next_month, legal_basis=BASIS, actor=officer)

    tables = rate_tables(world.province)
    assert tables.level_for(next_month).amount == 600_000
    assert tables.level_for(next_month).provincial is True
    assert tables.level_for(this_month).amount == national_now
    # Cần Thơ keeps the national level.
    assert rate_tables(world.province2).level_for(next_month).amount == national_level_on(next_month).amount


def test_retroactive_provincial_raise_changes_a_month_already_past(world, officer, last_month):
    national_then = national_level_on(last_month).amount
    level_add(
        province=world.province,
        amount=national_then + 40_000,
        effective_from=last_month,
        legal_basis=BASIS,
        confirm_retroactive=True,
        actor=officer,
    )
    tables = rate_tables(world.province)
    assert tables.level_for(last_month).amount == national_then + 40_000
    assert tables.level_for(add_months(last_month, -1)).amount == national_level_on(add_months(last_month, -1)).amount


def test_retroactive_date_needs_the_arrears_confirmation(world, officer, last_month):
    with pytest.raises(ValidationError) as excinfo:
        level_add(province=world.province, amount=900_000, effective_from=last_month, legal_basis=BASIS, actor=officer)
    message = errors_of(excinfo)["confirm_retroactive"]
    assert f"Ngày áp dụng {last_month:%d/%m/%Y} đã qua" in message
    assert "truy lĩnh" in message
    assert not StandardLevel.objects.filter(province=world.province).exists()


def test_day_other_than_the_first_is_refused_on_the_field(world, officer, next_month):
    with pytest.raises(ValidationError) as excinfo:
        level_add(
            province=world.province,
            amount=600_000,
            effective_from=next_month.replace(day=15),
            legal_basis=BASIS,
            actor=officer,
        )
    assert errors_of(excinfo) == {
        "effective_from": "Ngày áp dụng phải là ngày đầu tháng (ngày 01), vì trợ cấp được tính theo tháng."
    }
    assert not StandardLevel.objects.filter(province=world.province).exists()


@pytest.mark.parametrize("amount", [0, -600_000])
def test_amount_must_be_positive(world, officer, next_month, amount):
    with pytest.raises(ValidationError) as excinfo:
        level_add(province=None, amount=amount, effective_from=next_month, legal_basis=BASIS, actor=officer)
    assert errors_of(excinfo) == {"amount": "Mức chuẩn phải là số đồng nguyên lớn hơn 0."}
    assert not StandardLevel.objects.filter(effective_from=next_month).exists()


def test_provincial_level_not_above_national_is_refused_with_the_national_amount(world, officer, next_month):
    national = national_level_on(next_month).amount
    with pytest.raises(ValidationError) as excinfo:
        level_add(province=world.province, amount=national, effective_from=next_month, legal_basis=BASIS, actor=officer)
    message = errors_of(excinfo)["amount"]
    assert f"phải cao hơn mức chuẩn toàn quốc đang áp dụng ngày {next_month:%d/%m/%Y}" in message
    assert format_vnd(national) in message
    assert "khoản 3 Điều 4" in message
    assert not StandardLevel.objects.filter(province=world.province).exists()


@pytest.mark.parametrize(
    ("effective_from", "accepted"),
    [
        (date(2024, 1, 1), True),  # national 360.000 ₫ then (Decree 20)
        (date(2024, 7, 1), False),  # national 500.000 ₫ from that day (Decree 76/2024)
    ],
)
def test_provincial_level_is_compared_with_the_national_level_of_its_own_date(world, officer, effective_from, accepted):
    def add():
        return level_add(
            province=world.province,
            amount=450_000,
            effective_from=effective_from,
            legal_basis=BASIS,
            confirm_retroactive=True,
            actor=officer,
        )

    if accepted:
        add()
        assert rate_tables(world.province).level_for(date(2024, 3, 1)).amount == 450_000
        assert rate_tables(world.province).level_for(date(2024, 8, 1)).amount == 500_000  # national is higher again
    else:
        with pytest.raises(ValidationError) as excinfo:
            add()
        assert "500.000" in errors_of(excinfo)["amount"]
        assert not StandardLevel.objects.filter(province=world.province).exists()


@pytest.mark.parametrize("basis", ["", "   "])
def test_legal_basis_is_required(world, officer, next_month, basis):
    with pytest.raises(ValidationError) as excinfo:
        level_add(province=world.province, amount=600_000, effective_from=next_month, legal_basis=basis, actor=officer)
    assert errors_of(excinfo) == {"legal_basis": "Nhập căn cứ pháp lý (số, ngày văn bản)."}
    assert not StandardLevel.objects.filter(province=world.province).exists()


def test_duplicate_national_date_is_a_message_not_a_crash(world, officer):
    seeded = StandardLevel.objects.get(province=None, effective_from=date(2026, 7, 1))
    with pytest.raises(ValidationError) as excinfo:
        level_add(
            province=None,
            amount=560_000,
            effective_from=date(2026, 7, 1),
            legal_basis="x",
            confirm_retroactive=True,
            actor=officer,
        )
    assert errors_of(excinfo) == {"effective_from": "Đã có mức chuẩn toàn quốc áp dụng từ ngày 01/07/2026."}
    seeded.refresh_from_db()
    assert seeded.amount == 540_000


def test_duplicate_provincial_date_is_refused(world, officer, next_month):
    level_add(province=world.province, amount=600_000, effective_from=next_month, legal_basis=BASIS, actor=officer)
    with pytest.raises(ValidationError) as excinfo:
        level_add(province=world.province, amount=650_000, effective_from=next_month, legal_basis=BASIS, actor=officer)
    assert errors_of(excinfo) == {
        "effective_from": f"Đã có mức chuẩn của Tỉnh Đồng Tháp áp dụng từ ngày {next_month:%d/%m/%Y}."
    }
    assert list(StandardLevel.objects.filter(province=world.province).values_list("amount", flat=True)) == [600_000]


def test_new_national_level_applies_in_every_province(world, officer, next_month):
    level_add(province=None, amount=580_000, effective_from=next_month, legal_basis="Nghị định mới", actor=officer)
    assert rate_tables(world.province).level_for(next_month).amount == 580_000
    assert rate_tables(world.province2).level_for(next_month).amount == 580_000


def test_level_change_is_audited_with_its_actor(world, officer, next_month):
    level = level_add(
        province=world.province, amount=600_000, effective_from=next_month, legal_basis=BASIS, actor=officer
    )
    entry = LogEntry.objects.get_for_object(level).get()
    assert entry.actor == officer
    assert entry.action == LogEntry.Action.CREATE
    assert entry.changes_dict["amount"] == ["None", "600000"]


@pytest.mark.parametrize("persona", ["officer_a", "district_leader", "auditor"])
def test_other_roles_cannot_add_a_level(world, next_month, persona):
    with pytest.raises(PermissionDenied):
        level_add(
            province=world.province,
            amount=600_000,
            effective_from=next_month,
            legal_basis=BASIS,
            actor=world.user(persona),
        )
    assert not StandardLevel.objects.filter(province=world.province).exists()


def test_province_officer_cannot_set_another_provinces_level(world, officer, next_month):
    with pytest.raises(PermissionDenied):
        level_add(province=world.province2, amount=600_000, effective_from=next_month, legal_basis=BASIS, actor=officer)
    assert not StandardLevel.objects.filter(province=world.province2).exists()


# --- Coefficients ------------------------------------------------------------------------------------------


def test_province_sets_its_own_coefficient_and_the_national_row_stays(world, officer, next_month, this_month):
    national = national_coefficient_on("5.1:under_4", next_month)
    row = coefficient_set(
        rule="5.1:under_4",
        province=world.province,
        value=Decimal("3.0"),
        effective_from=next_month,
        legal_basis=BASIS,
        actor=officer,
    )
    assert row.label == national.label
    tables = rate_tables(world.province)
    assert tables.coefficient_for("5.1:under_4", next_month).value == Decimal("3.0")
    assert tables.coefficient_for("5.1:under_4", this_month).value == national.value
    assert rate_tables(world.province2).coefficient_for("5.1:under_4", next_month).value == national.value
    unchanged = Coefficient.objects.get(pk=national.pk)
    assert (unchanged.value, unchanged.effective_from, unchanged.effective_to) == (
        national.value,
        national.effective_from,
        national.effective_to,
    )


def test_a_new_national_coefficient_is_a_new_row(world, officer, next_month):
    before = national_coefficient_on("5.7:default", next_month)
    coefficient_set(
        rule="5.7:default",
        province=None,
        value=Decimal("1.8"),
        effective_from=next_month,
        legal_basis="Nghị định sửa đổi",
        actor=officer,
    )
    assert Coefficient.objects.filter(rule="5.7:default", province=None).count() == 2
    assert Coefficient.objects.get(pk=before.pk).value == before.value
    assert rate_tables(world.province2).coefficient_for("5.7:default", next_month).value == Decimal("1.8")


def test_provincial_coefficient_below_national_is_refused(world, officer, next_month):
    national = national_coefficient_on("5.1:under_4", next_month)
    with pytest.raises(ValidationError) as excinfo:
        coefficient_set(
            rule="5.1:under_4",
            province=world.province,
            value=national.value - Decimal("0.5"),
            effective_from=next_month,
            legal_basis=BASIS,
            actor=officer,
        )
    assert errors_of(excinfo)["value"] == (
        f"Hệ số của tỉnh không được thấp hơn hệ số toàn quốc áp dụng ngày {next_month:%d/%m/%Y} (2,5) "
        "theo khoản 3 Điều 4 Nghị định 20/2021/NĐ-CP."
    )
    assert not Coefficient.objects.filter(province=world.province).exists()


def test_coefficient_validations_are_reported_together(world, officer, last_month):
    with pytest.raises(ValidationError) as excinfo:
        coefficient_set(
            rule="5.6:severe:adult",
            province=world.province,
            value=Decimal("0"),
            effective_from=last_month.replace(day=2),
            effective_to=date(2020, 1, 1),
            legal_basis="",
            actor=officer,
        )
    assert set(errors_of(excinfo)) == {"value", "effective_from", "effective_to", "legal_basis", "confirm_retroactive"}
    assert not Coefficient.objects.filter(province=world.province).exists()


def test_retroactive_coefficient_needs_confirmation_then_applies_to_the_past_month(world, officer, last_month):
    kwargs = dict(
        rule="5.6:severe:adult", province=world.province, value=Decimal("1.7"), effective_from=last_month, actor=officer
    )
    with pytest.raises(ValidationError) as excinfo:
        coefficient_set(legal_basis=BASIS, **kwargs)
    assert "confirm_retroactive" in errors_of(excinfo)
    assert not Coefficient.objects.filter(province=world.province).exists()
    coefficient_set(legal_basis=BASIS, confirm_retroactive=True, **kwargs)
    assert rate_tables(world.province).coefficient_for("5.6:severe:adult", last_month).value == Decimal("1.7")


def test_duplicate_coefficient_date_is_refused(world, officer, next_month):
    kwargs = dict(rule="5.8:default", province=world.province, effective_from=next_month, legal_basis=BASIS)
    coefficient_set(value=Decimal("2"), actor=officer, **kwargs)
    with pytest.raises(ValidationError) as excinfo:
        coefficient_set(value=Decimal("2.5"), actor=officer, **kwargs)
    assert errors_of(excinfo)["effective_from"].startswith("Đã có hệ số «Người nhiễm HIV thuộc hộ nghèo» áp dụng từ")
    assert list(Coefficient.objects.filter(province=world.province).values_list("value", flat=True)) == [Decimal("2")]


def test_commune_officer_cannot_set_a_coefficient(world, next_month):
    with pytest.raises(PermissionDenied):
        coefficient_set(
            rule="5.8:default",
            province=world.province,
            value=Decimal("2"),
            effective_from=next_month,
            legal_basis=BASIS,
            actor=world.user("officer_a"),
        )
    assert not Coefficient.objects.filter(province=world.province).exists()


# --- Local categories --------------------------------------------------------------------------------------


def create_dp1(world, officer, next_month, **overrides):
    values = dict(
        province=world.province,
        code="DP.1",
        name="Người khuyết tật nhẹ thuộc hộ nghèo",
        legal_basis="Nghị quyết 10/2022/NQ-HĐND tỉnh Đồng Tháp",
        effective_from=next_month,
        effective_to=None,
        coefficient=Decimal("1.0"),
        actor=officer,
    )
    values.update(overrides)
    return local_category_create(**values)


def test_local_category_and_its_coefficient_are_created_and_paid(world, officer, next_month):
    category = create_dp1(world, officer, next_month)

    assert (category.province, category.kind, category.code) == (world.province, "monthly", "DP.1")
    coefficient = Coefficient.objects.get(rule="DP.1:default")
    assert (coefficient.province, coefficient.value, coefficient.effective_from) == (
        world.province,
        Decimal("1.0"),
        next_month,
    )
    tables = rate_tables(world.province)
    line = line_for("DP.1", Facts(birth_date=date(1980, 5, 5)), next_month, tables)
    assert line.amount == tables.level_for(next_month).amount
    assert line.basis == "Nghị quyết 10/2022/NQ-HĐND tỉnh Đồng Tháp"
    assert line_for("DP.1", Facts(birth_date=date(1980, 5, 5)), add_months(next_month, -1), tables) is None
    assert "DP.1" not in rate_tables(world.province2).categories


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("5.6", "bắt đầu bằng chữ cái"),
        ("11", "bắt đầu bằng chữ cái"),
        ("", "Nhập mã diện, ví dụ DP.1."),
        ("DP 1", "bắt đầu bằng chữ cái"),
    ],
)
def test_local_code_cannot_look_like_a_clause_of_the_decree(world, officer, next_month, code, message):
    with pytest.raises(ValidationError) as excinfo:
        create_dp1(world, officer, next_month, code=code)
    assert message in errors_of(excinfo)["code"]
    assert not Category.objects.filter(province=world.province).exists()
    assert not Coefficient.objects.filter(province=world.province).exists()


def test_local_code_cannot_clash_with_a_national_code(world, officer, next_month):
    Category.objects.filter(code="5.6", province=None).update(code="KT")  # a national code that starts with a letter
    with pytest.raises(ValidationError) as excinfo:
        create_dp1(world, officer, next_month, code="kt")
    assert errors_of(excinfo) == {"code": "Mã «kt» trùng với mã diện của Nghị định 20/2021/NĐ-CP."}
    assert not Category.objects.filter(province=world.province).exists()


def test_local_code_is_unique_in_the_province_but_free_in_another(world, officer, can_tho_officer, next_month):
    create_dp1(world, officer, next_month)
    with pytest.raises(ValidationError) as excinfo:
        create_dp1(world, officer, next_month, code="dp.1", name="Khác")
    assert errors_of(excinfo) == {"code": "Tỉnh đã có diện địa phương mã «dp.1»."}
    create_dp1(world, can_tho_officer, next_month, province=world.province2)
    assert Category.objects.filter(code="DP.1").count() == 2


def test_local_category_validations(world, officer, next_month):
    with pytest.raises(ValidationError) as excinfo:
        create_dp1(
            world,
            officer,
            next_month,
            name=" ",
            legal_basis="",
            effective_from=next_month.replace(day=10),
            effective_to=add_months(next_month, -2),
            coefficient=Decimal("0"),
        )
    assert set(errors_of(excinfo)) == {"name", "legal_basis", "effective_from", "effective_to", "coefficient"}
    assert not Category.objects.filter(province=world.province).exists()


def test_category_and_coefficient_are_saved_together_or_not_at_all(world, officer, next_month, monkeypatch):
    def fail(**kwargs):
        raise IntegrityError("disk full")

    monkeypatch.setattr(Coefficient.objects, "create", fail)
    with pytest.raises(IntegrityError):
        create_dp1(world, officer, next_month)
    assert not Category.objects.filter(province=world.province).exists()


def test_other_roles_and_provinces_cannot_create_local_categories(world, officer, can_tho_officer, next_month):
    with pytest.raises(PermissionDenied):
        create_dp1(world, world.user("officer_a"), next_month)
    with pytest.raises(PermissionDenied):
        create_dp1(world, can_tho_officer, next_month)  # Cần Thơ's officer, Đồng Tháp's province
    assert not Category.objects.filter(province=world.province).exists()


def test_ending_a_local_category_is_audited_old_to_new(world, officer, next_month):
    category = create_dp1(world, officer, next_month)
    end = date(next_month.year + 1, 12, 31)
    local_category_update(
        category=category, name=category.name, legal_basis=category.legal_basis, effective_to=end, actor=officer
    )
    category.refresh_from_db()
    assert category.effective_to == end
    entry = LogEntry.objects.get_for_object(category).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == officer
    assert entry.changes_dict == {"effective_to": ["None", end.isoformat()]}
    assert (
        line_for("DP.1", Facts(birth_date=date(1980, 5, 5)), date(end.year + 1, 1, 1), rate_tables(world.province))
        is None
    )


def test_another_province_cannot_change_a_local_category(world, officer, can_tho_officer, next_month):
    category = create_dp1(world, officer, next_month)
    with pytest.raises(PermissionDenied):
        local_category_update(
            category=category, name="Đổi tên", legal_basis="x", effective_to=None, actor=can_tho_officer
        )
    category.refresh_from_db()
    assert category.name == "Người khuyết tật nhẹ thuộc hộ nghèo"
