"""The person page (tabs, bounded queries, sensitive fields) and the person list's filters and flags."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beneficiaries.models import Entitlement, EntitlementEvent, LifeEvent, Person
from beneficiaries.services.people import person_update
from dossiers.models import Dossier
from policy.models import Category
from tests import factories as f

pytestmark = pytest.mark.django_db


def _category(code):
    return Category.objects.get(code=code, province=None)


def _entitlement(person, code="5.5.a", *, status=Entitlement.Status.ACTIVE, amount=750000, start=date(2025, 1, 1)):
    entitlement = Entitlement.objects.create(
        person=person,
        category=_category(code),
        commune=person.commune,
        status=status,
        start_month=start,
        coefficient=Decimal("1.5"),
        level=500000,
        amount=amount,
        basis="Mức chuẩn 500.000 đ × hệ số 1,5",
        decision_number="125/QĐ-UBND",
        decision_date=date(2024, 12, 20),
    )
    EntitlementEvent.objects.create(entitlement=entitlement, kind=EntitlementEvent.Kind.GRANTED, month=start)
    return entitlement


def _tab(html: str, tab: str) -> str:
    match = re.search(rf'<div class="tab-pane[^"]*" id="tab-{tab}".*?(?=<div class="tab-pane|\Z)', html, re.S)
    assert match, tab
    return match.group(0)


def test_entitlements_tab_shows_amount_month_status_decision_and_events(world, login):
    person = world.people["a"]
    entitlement = _entitlement(person)
    EntitlementEvent.objects.create(
        entitlement=entitlement, kind=EntitlementEvent.Kind.SUSPENDED, month=date(2025, 3, 1), reason="uncollected"
    )

    html = login(world.user("officer_a")).get(f"/doi-tuong/{person.pk}/").content.decode()

    tab = _tab(html, "entitlements")
    assert "5.5.a" in tab
    assert "750.000\u00a0₫" in tab
    assert "01/2025" in tab
    assert "Đang hưởng" in tab
    assert "125/QĐ-UBND" in tab
    assert "01/2025: Được hưởng" in tab
    assert "03/2025: Tạm dừng — Không nhận trợ cấp 3 tháng liên tục" in tab


def test_dossiers_and_life_events_tabs(world, login):
    person = world.people["a"]
    officer = world.user("officer_a")
    Dossier.objects.create(
        kind=Dossier.Kind.MONTHLY,
        flow=Dossier.Flow.THREE_LEVEL,
        status=Dossier.Status.SUBMITTED,
        person=person,
        commune=person.commune,
        category=_category("5.6"),
        received_on=date(2025, 2, 14),
        created_by=officer,
    )
    LifeEvent.objects.create(
        person=person, kind=LifeEvent.Kind.STUDY_STATUS, occurred_on=date(2025, 9, 5), recorded_by=officer
    )

    html = login(officer).get(f"/doi-tuong/{person.pk}/").content.decode()

    dossiers = _tab(html, "dossiers")
    assert "Trợ cấp xã hội hàng tháng" in dossiers
    assert "5.6" in dossiers
    assert "Đã nộp, chờ xã xét duyệt" in dossiers
    assert "14/02/2025" in dossiers
    events = _tab(html, "events")
    assert "05/09/2025" in events and "Thay đổi tình trạng đi học" in events


def _queries_for_page(client, person) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/doi-tuong/{person.pk}/")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_page_does_not_grow_with_entitlements_and_events(world, login, django_assert_max_num_queries):
    client = login(world.user("officer_a"))
    one, ten = world.people["a"], f.PersonFactory(commune=world.commune_a, village=world.people["a"].village)
    _entitlement(one)
    for month in range(1, 11):
        entitlement = _entitlement(ten, start=date(2024, month, 1))
        EntitlementEvent.objects.create(
            entitlement=entitlement, kind=EntitlementEvent.Kind.ENDED, month=date(2025, 1, 1)
        )
        LifeEvent.objects.create(person=ten, kind=LifeEvent.Kind.TERMINATION, occurred_on=date(2025, 1, month))
    _queries_for_page(client, one)  # warm the content-type cache

    with_one = _queries_for_page(client, one)
    with_ten = _queries_for_page(client, ten)

    assert with_ten == with_one
    with django_assert_max_num_queries(with_one):
        client.get(f"/doi-tuong/{ten.pk}/")


def test_hiv_status_is_shown_only_with_the_permission(world, login):
    person = world.people["a"]
    person.hiv_positive = True
    person.save()

    officer_html = login(world.user("officer_a")).get(f"/doi-tuong/{person.pk}/").content.decode()
    auditor_html = login(world.user("auditor")).get(f"/doi-tuong/{person.pk}/").content.decode()

    assert 'data-testid="hiv">Có<' in officer_html
    assert "Tình trạng HIV" not in auditor_html
    assert 'data-testid="hiv"' not in auditor_html


def test_hiv_categories_and_changes_are_hidden_from_users_without_the_permission(world, login):
    person = world.people["a"]
    _entitlement(person, "5.3")
    person_update(actor=world.user("officer_a"), person=person, hiv_positive=True)

    auditor_html = login(world.user("auditor")).get(f"/doi-tuong/{person.pk}/").content.decode()
    officer_html = login(world.user("officer_a")).get(f"/doi-tuong/{person.pk}/").content.decode()

    assert "5.3" not in _tab(auditor_html, "entitlements")
    assert "(thông tin được bảo mật)" in _tab(auditor_html, "entitlements")
    assert "Nhiễm HIV" not in _tab(auditor_html, "history")
    assert "5.3" in _tab(officer_html, "entitlements")
    assert "<strong>Nhiễm HIV</strong>: Không → Có" in _tab(officer_html, "history")


def test_history_shows_who_changed_what_old_to_new(world, login):
    person = world.people["a"]
    client = login(world.user("officer_a"))
    data = {
        "full_name": "Nguyễn Văn Đức A",
        "birth_date": "17/05/1950",
        "sex": "M",
        "ethnicity": "01",
        "id_type": "cccd",
        "id_number": person.id_number,
        "village": person.village.pk,
        "payment_method": "post_office",
        "phone": "0912345678",
    }
    assert client.post(f"/doi-tuong/{person.pk}/sua/", data).status_code == 302

    history = _tab(client.get(f"/doi-tuong/{person.pk}/").content.decode(), "history")

    officer = world.user("officer_a")
    newest = history.split("<tr>")[2]  # header row, then the newest entry
    assert str(officer) in newest
    assert "<strong>Điện thoại</strong>: — → 0912345678" in newest
    assert "<strong>Hình thức chi trả</strong>: Tiền mặt tại xã → Qua bưu điện" in newest


def test_history_includes_the_household_and_entitlements(world, login):
    person = world.people["a"]
    household = f.HouseholdFactory(commune=world.commune_a, head_name="Nguyễn Văn Đức A")
    Person.objects.filter(pk=person.pk).update(household=household)
    household.poverty_status = "poor"
    household.poverty_year = 2024
    household.save()
    _entitlement(person)

    history = _tab(login(world.user("officer_a")).get(f"/doi-tuong/{person.pk}/").content.decode(), "history")

    assert "Hộ gia đình: Nguyễn Văn Đức A" in history
    assert "<strong>Hộ nghèo/cận nghèo</strong>: Không → Hộ nghèo" in history
    assert "Chế độ được hưởng: Nguyễn Văn Đức A – 5.5.a" in history
    assert "<strong>Diện hưởng</strong>: — → 5.5.a – Người cao tuổi" in history


def test_id_flag_badge_on_the_page_and_in_the_list(world, login):
    person = world.people["a"]
    Person.objects.filter(pk=person.pk).update(id_flag="Số định danh không khớp với hồ sơ: …")
    client = login(world.user("officer_a"))

    page = client.get(f"/doi-tuong/{person.pk}/").content.decode()
    listing = client.get("/doi-tuong/").content.decode()

    assert 'data-testid="id-flag"' in page and "Số định danh không khớp với hồ sơ: …" in page
    assert listing.count("Cần kiểm tra số định danh") == 1


def test_edit_button_only_for_the_officer_of_the_commune(world, login):
    person = world.people["a"]

    officer_html = login(world.user("officer_a")).get(f"/doi-tuong/{person.pk}/").content.decode()
    district_html = login(world.user("district_officer")).get(f"/doi-tuong/{person.pk}/").content.decode()

    assert f'href="/doi-tuong/{person.pk}/sua/"' in officer_html
    assert f'href="/doi-tuong/{person.pk}/sua/"' not in district_html


def test_other_communes_person_page_is_404(world, login):
    assert login(world.user("officer_b")).get(f"/doi-tuong/{world.people['a'].pk}/").status_code == 404


# --- the list ------------------------------------------------------------------------------------------------


def test_list_filters_by_active_category_without_duplicate_rows(world, login):
    a = world.people["a"]
    other = f.PersonFactory(full_name="Trần Văn Bình", commune=world.commune_a, village=a.village)
    ended = f.PersonFactory(full_name="Lý Thị Cúc", commune=world.commune_a, village=a.village)
    _entitlement(a, "5.5.a")
    _entitlement(a, "5.5.a", start=date(2025, 6, 1))  # two active rows of the same category: still one person
    _entitlement(other, "5.6")
    _entitlement(ended, "5.5.a", status=Entitlement.Status.ENDED)
    category = _category("5.5.a")
    client = login(world.user("officer_a"))

    html = client.get("/doi-tuong/", {"category": category.code}).content.decode()

    assert html.count("Nguyễn Văn Đức A") == 1
    assert "Trần Văn Bình" not in html
    assert "Lý Thị Cúc" not in html


def test_hiv_category_is_not_offered_without_the_permission(world, login):
    hiv = _category("5.3")

    auditor_html = login(world.user("auditor")).get("/doi-tuong/").content.decode()
    officer_html = login(world.user("officer_a")).get("/doi-tuong/").content.decode()

    assert f'<option value="{hiv.code}"' not in auditor_html
    assert f'<option value="{hiv.code}"' in officer_html


def test_register_buttons_only_for_commune_officers(world, login):
    officer_html = login(world.user("officer_a")).get("/doi-tuong/").content.decode()
    district_html = login(world.user("district_officer")).get("/doi-tuong/").content.decode()

    assert 'href="/doi-tuong/dang-ky/"' in officer_html and 'href="/doi-tuong/dang-ky-ho/"' in officer_html
    assert 'href="/doi-tuong/dang-ky/"' not in district_html
