"""The "Chính sách" pages: what each role sees, the province officer's forms, and jurisdiction (403/404)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.services import assignment_grant
from core.templatetags.vn_format import format_vnd
from policy.models import Category, Coefficient, StandardLevel
from policy.selectors import rate_tables
from policy.services import level_add, local_category_create, national_level_on
from tests import factories as f

OVERVIEW = reverse("policy:overview")
LEVEL_ADD = reverse("policy:level_add")
CATEGORY_ADD = reverse("policy:category_add")


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@pytest.fixture
def next_month() -> date:
    return add_months(timezone.localdate().replace(day=1), 1)


@pytest.fixture
def can_tho_rows(world, next_month):
    """Cần Thơ's own level, local category and coefficient, made by Cần Thơ's province officer."""
    user = f.UserFactory(username="so_can_tho")
    user.active_assignment = assignment_grant(user=user, role=Role.PROVINCE_OFFICER, unit=world.province2, actor=None)
    level = level_add(
        province=world.province2, amount=777_000, effective_from=next_month, legal_basis="NQ Cần Thơ", actor=user
    )
    category = local_category_create(
        province=world.province2,
        code="CT.9",
        name="Diện riêng của Cần Thơ",
        legal_basis="NQ Cần Thơ",
        effective_from=next_month,
        coefficient=Decimal("1.2"),
        actor=user,
    )
    return {"level": level, "category": category, "coefficient": Coefficient.objects.get(rule="CT.9:default")}


def text(response) -> str:
    return response.content.decode().replace("\u00a0", " ")


def level_form(day: date, amount="600.000", scope="province", **extra) -> dict:
    return {"scope": scope, "effective_from": f"{day:%d/%m/%Y}", "amount": amount, "legal_basis": "NQ 15/2026", **extra}


# --- Overview ----------------------------------------------------------------------------------------------


def test_overview_shows_the_level_in_force_today_and_the_edit_buttons(world, login):
    today = timezone.localdate()
    expected = rate_tables(world.province).level_for(today)
    response = login(world.user("province_officer")).get(OVERVIEW)
    assert response.status_code == 200
    page = text(response)
    assert f'data-testid="level-in-force">{format_vnd(expected.amount)}'.replace("\u00a0", " ") in page
    assert "540.000 ₫" in page  # the seed's level from 01/07/2026 (Decree 335/2026) is in force today
    assert expected.legal_basis in page
    for button in ("Thêm mức chuẩn", "Thêm diện địa phương", "Đặt hệ số"):
        assert button in page
    assert "Lịch sử thay đổi" in page


def test_overview_lists_level_history_coefficients_and_categories(world, login):
    page = text(login(world.user("officer_a")).get(OVERVIEW))
    for day, amount in [("01/07/2021", "360.000 ₫"), ("01/07/2024", "500.000 ₫"), ("01/07/2026", "540.000 ₫")]:
        assert day in page and amount in page
    assert "Nghị định 76/2024/NĐ-CP sửa đổi khoản 2 Điều 4 Nghị định 20/2021/NĐ-CP" in page
    assert "Trẻ em dưới 4 tuổi" in page  # a coefficient's condition
    assert 'data-rule="5.1:under_4"' in page
    assert "Trẻ em dưới 16 tuổi mồ côi cả cha và mẹ" in page  # category 5.1.b
    assert "level-chart-data" in page


def test_commune_officer_reads_without_edit_buttons_or_audit_history(world, login):
    response = login(world.user("officer_a")).get(OVERVIEW)
    page = text(response)
    assert response.status_code == 200
    assert "540.000 ₫" in page
    for button in ("Thêm mức chuẩn", "Thêm diện địa phương", "Đặt hệ số", LEVEL_ADD, CATEGORY_ADD):
        assert button not in page
    assert "Lịch sử thay đổi" not in page


def test_auditor_sees_the_audit_history_but_no_edit_button(world, login, next_month):
    level_add(
        province=world.province,
        amount=600_000,
        effective_from=next_month,
        legal_basis="NQ 15/2026",
        actor=world.user("province_officer"),
    )
    page = text(login(world.user("auditor")).get(OVERVIEW))
    assert "Lịch sử thay đổi" in page
    assert "Thêm mức chuẩn" not in page


def test_facility_staff_has_no_policy_page(world, login):
    assert login(world.user("facility_staff")).get(OVERVIEW).status_code == 403


def test_provincial_level_shows_as_in_force_from_its_month(world, login, next_month):
    level_add(
        province=world.province,
        amount=600_000,
        effective_from=next_month,
        legal_basis="NQ 15/2026",
        actor=world.user("province_officer"),
    )
    page = text(login(world.user("province_officer")).get(OVERVIEW))
    assert "600.000 ₫" in page
    assert "Sắp áp dụng" in page
    assert '"y": 600000' in page  # the chart's last step


def test_another_provinces_rows_are_not_shown(world, login, can_tho_rows):
    page = text(login(world.user("province_officer")).get(OVERVIEW))
    assert "777.000 ₫" not in page
    assert "CT.9" not in page
    assert "NQ Cần Thơ" not in page


# --- Adding a level ----------------------------------------------------------------------------------------


def test_province_officer_adds_a_provincial_level_in_the_form(world, login, next_month):
    client = login(world.user("province_officer"))
    response = client.post(LEVEL_ADD, level_form(next_month), follow=True)
    page = text(response)
    assert f"Đã thêm mức chuẩn 600.000 ₫ áp dụng từ {next_month:%d/%m/%Y}." in page
    level = StandardLevel.objects.get(province=world.province)
    assert (level.amount, level.effective_from, level.legal_basis) == (600_000, next_month, "NQ 15/2026")
    # The audit history names the officer and the new amount.
    history = page.split('data-testid="history"')[1]
    assert f"<td>{world.user('province_officer').full_name}</td>" in history
    assert "Mức chuẩn (đồng/tháng)</strong>: — → 600.000 ₫" in page


def test_day_15_is_refused_on_the_field(world, login, next_month):
    response = login(world.user("province_officer")).post(LEVEL_ADD, level_form(next_month.replace(day=15)))
    assert response.status_code == 200
    assert "Ngày áp dụng phải là ngày đầu tháng (ngày 01)" in text(response)
    assert response.context["form"].errors["effective_from"]
    assert not StandardLevel.objects.filter(province=world.province).exists()


def test_provincial_level_at_national_amount_is_refused(world, login, next_month):
    national = national_level_on(next_month).amount
    response = login(world.user("province_officer")).post(LEVEL_ADD, level_form(next_month, amount=str(national)))
    assert "phải cao hơn mức chuẩn toàn quốc" in text(response)
    assert format_vnd(national).replace("\u00a0", " ") in text(response)
    assert not StandardLevel.objects.filter(province=world.province).exists()


def test_past_date_shows_the_arrears_warning_and_needs_the_tick(world, login):
    past = add_months(timezone.localdate().replace(day=1), -1)
    client = login(world.user("province_officer"))
    response = client.post(LEVEL_ADD, level_form(past))
    page = text(response)
    assert response.status_code == 200
    assert (
        'id="retroactive-warning"' in page
        and 'id="retroactive-warning" class="alert alert-warning" role="status" data-today' in page
    )
    assert " hidden>" not in page.split('id="retroactive-warning"')[1].split("\n")[0]
    assert "truy lĩnh" in page
    assert not StandardLevel.objects.filter(province=world.province).exists()

    client.post(LEVEL_ADD, level_form(past, confirm_retroactive="on"))
    assert rate_tables(world.province).level_for(past).amount == 600_000


def test_future_date_hides_the_arrears_warning(world, login, next_month):
    page = text(login(world.user("province_officer")).get(LEVEL_ADD))
    assert 'id="retroactive-warning"' in page
    assert " hidden>" in page.split('id="retroactive-warning"')[1].split("\n")[0]


def test_duplicate_date_is_a_message_not_a_500(world, login):
    response = login(world.user("province_officer")).post(
        LEVEL_ADD, level_form(date(2026, 7, 1), amount="600000", scope="national", confirm_retroactive="on")
    )
    assert response.status_code == 200
    assert "Đã có mức chuẩn toàn quốc áp dụng từ ngày 01/07/2026." in text(response)
    assert StandardLevel.objects.get(province=None, effective_from=date(2026, 7, 1)).amount == 540_000


def test_unreadable_amount_is_refused(world, login, next_month):
    response = login(world.user("province_officer")).post(LEVEL_ADD, level_form(next_month, amount="sáu trăm"))
    assert response.context["form"].errors["amount"]
    assert not StandardLevel.objects.filter(province=world.province).exists()


@pytest.mark.parametrize("persona", ["officer_a", "district_officer", "auditor"])
def test_other_roles_get_403_and_nothing_is_saved(world, login, next_month, persona):
    client = login(world.user(persona))
    assert client.get(LEVEL_ADD).status_code == 403
    assert client.post(LEVEL_ADD, level_form(next_month)).status_code == 403
    assert client.get(CATEGORY_ADD).status_code == 403
    category = {
        "code": "DP.1",
        "name": "x",
        "legal_basis": "x",
        "effective_from": f"{next_month:%d/%m/%Y}",
        "coefficient": "1",
    }
    assert client.post(CATEGORY_ADD, category).status_code == 403
    coefficient = Coefficient.objects.get(rule="5.8:default", province=None)
    url = reverse("policy:coefficient_set", args=[coefficient.pk])
    form = {"scope": "province", "value": "2", "effective_from": f"{next_month:%d/%m/%Y}", "legal_basis": "x"}
    assert client.post(url, form).status_code == 403
    assert not StandardLevel.objects.filter(province=world.province).exists()
    assert not Category.objects.filter(province=world.province).exists()
    assert not Coefficient.objects.filter(province=world.province).exists()


# --- Coefficients and local categories ---------------------------------------------------------------------


def test_province_officer_sets_a_coefficient_with_a_decimal_comma(world, login, next_month):
    national = Coefficient.objects.get(rule="5.6:severe:adult", province=None)
    client = login(world.user("province_officer"))
    url = reverse("policy:coefficient_set", args=[national.pk])
    assert "Người khuyết tật nặng (16–59 tuổi)" in text(client.get(url))
    form = {"scope": "province", "value": "1,8", "effective_from": f"{next_month:%d/%m/%Y}", "legal_basis": "NQ 16"}
    page = text(client.post(url, form, follow=True))
    assert f"Đã đặt hệ số 1,8 cho «Người khuyết tật nặng (16–59 tuổi)» từ {next_month:%d/%m/%Y}." in page
    assert rate_tables(world.province).coefficient_for("5.6:severe:adult", next_month).value == Decimal("1.8")
    national.refresh_from_db()
    assert national.value == Decimal("1.5")


def test_province_officer_adds_a_local_category(world, login, next_month):
    client = login(world.user("province_officer"))
    form = {
        "code": "DP.1",
        "name": "Người khuyết tật nhẹ thuộc hộ nghèo",
        "legal_basis": "Nghị quyết 10/2022/NQ-HĐND tỉnh Đồng Tháp",
        "effective_from": f"{next_month:%d/%m/%Y}",
        "effective_to": "",
        "coefficient": "1,0",
    }
    page = text(client.post(CATEGORY_ADD, form, follow=True))
    assert "Đã thêm diện địa phương DP.1 – Người khuyết tật nhẹ thuộc hộ nghèo, hệ số 1." in page
    assert 'data-rule="DP.1:default"' in page
    category = Category.objects.get(province=world.province, code="DP.1")
    assert category.legal_basis == "Nghị quyết 10/2022/NQ-HĐND tỉnh Đồng Tháp"
    assert Coefficient.objects.get(province=world.province, rule="DP.1:default").value == Decimal("1.0")


def test_national_code_is_refused_in_the_form(world, login, next_month):
    form = {"code": "5.6", "name": "x", "legal_basis": "x", "effective_from": f"{next_month:%d/%m/%Y}"}
    response = login(world.user("province_officer")).post(CATEGORY_ADD, {**form, "coefficient": "1"})
    assert "để không trùng với mã diện của Nghị định" in text(response)
    assert not Category.objects.filter(province=world.province).exists()


def test_province_officer_ends_a_local_category(world, login, next_month):
    category = local_category_create(
        province=world.province,
        code="DP.1",
        name="Diện DP.1",
        legal_basis="NQ 10/2022",
        effective_from=next_month,
        coefficient=Decimal("1"),
        actor=world.user("province_officer"),
    )
    client = login(world.user("province_officer"))
    url = reverse("policy:category_edit", args=[category.pk])
    form = {"name": "Diện DP.1", "legal_basis": "NQ 10/2022", "effective_to": f"31/12/{next_month.year + 1}"}
    page = text(client.post(url, form, follow=True))
    assert "Đã lưu diện địa phương DP.1." in page
    assert f"Áp dụng đến</strong>: — → 31/12/{next_month.year + 1}" in page
    category.refresh_from_db()
    assert category.effective_to == date(next_month.year + 1, 12, 31)


# --- Jurisdiction ------------------------------------------------------------------------------------------


def test_another_provinces_coefficient_is_404_and_nothing_saved(world, login, can_tho_rows, next_month):
    client = login(world.user("province_officer"))
    url = reverse("policy:coefficient_set", args=[can_tho_rows["coefficient"].pk])
    assert client.get(url).status_code == 404
    form = {"scope": "province", "value": "3", "effective_from": f"{next_month:%d/%m/%Y}", "legal_basis": "x"}
    assert client.post(url, form).status_code == 404
    assert Coefficient.objects.filter(rule="CT.9:default").count() == 1
    assert not Coefficient.objects.filter(province=world.province).exists()


def test_another_provinces_category_is_404_and_unchanged(world, login, can_tho_rows):
    client = login(world.user("province_officer"))
    url = reverse("policy:category_edit", args=[can_tho_rows["category"].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Đổi", "legal_basis": "x", "effective_to": ""}).status_code == 404
    assert Category.objects.get(pk=can_tho_rows["category"].pk).name == "Diện riêng của Cần Thơ"


def test_national_category_is_not_edited_here(world, login):
    national = Category.objects.get(code="5.1.b", province=None)
    url = reverse("policy:category_edit", args=[national.pk])
    assert login(world.user("province_officer")).get(url).status_code == 404
