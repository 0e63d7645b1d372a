"""A commune officer records life events in the browser: a death (funeral dossier drafted), a move to a commune
of another district (village list loaded by htmx), and next month's watch list with its "Chuyển diện 5.2" button."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from beneficiaries.facts import person_facts
from beneficiaries.models import Entitlement
from beneficiaries.services.entitlements import entitlement_grant
from dossiers.models import Dossier
from policy.models import Category
from policy.rules import line_for
from policy.selectors import rate_tables
from tests import factories as f

from .conftest import log_in

pytestmark = pytest.mark.browser


def text(locator) -> str:
    return locator.inner_text().replace("\u00a0", " ")  # amounts use a no-break space before ₫


def grant(world, person, code, start=date(2024, 8, 1)):
    line = line_for(code, person_facts(person, month=start), start, rate_tables(world.province))
    return entitlement_grant(
        person=person,
        category=Category.objects.get(code=code, province=None),
        commune=person.commune,
        start_month=start,
        line=line,
        actor=world.user("officer_a"),
    )


def resident(world, name, born):
    village = f.VillageFactory(commune=world.commune_a, name=f"Ấp {name.split()[-1]}")
    return f.PersonFactory(full_name=name, birth_date=born, commune=world.commune_a, village=village)


def test_officer_records_a_death_and_the_funeral_dossier_is_drafted(browser_world, page, shot):
    person = resident(browser_world, "Trần Văn Bảy", date(1950, 5, 17))
    grant(browser_world, person, "5.5.a")
    log_in(page, "officer_a")
    page.wait_for_url("**/")

    page.goto(f"/doi-tuong/{person.pk}/")
    page.get_by_role("tab", name="Sự kiện").click()
    page.get_by_role("link", name="Ghi nhận sự kiện").click()
    page.wait_for_url(f"**/doi-tuong/{person.pk}/su-kien/")
    assert "750.000 ₫" in text(page.get_by_test_id("open-entitlements"))
    shot(page, "chooser")
    page.get_by_role("link", name="Báo tử").click()
    page.get_by_label("Ngày mất").fill("15/03/2025")
    page.get_by_label("Người tổ chức mai táng", exact=True).fill("Trần Thị Hoa")
    page.get_by_label("Quan hệ với người mất").fill("Con gái")
    shot(page, "death-form")
    page.get_by_role("button", name="Ghi nhận báo tử").click()
    page.wait_for_url(f"**/doi-tuong/{person.pk}/")

    alert = text(page.get_by_role("alert").first)
    assert "Trợ cấp được chi đến hết tháng 03/2025" in alert
    assert "10.000.000 ₫" in alert
    shot(page, "recorded")
    page.get_by_role("tab", name="Chế độ hưởng").click()
    expect(page.locator("#tab-entitlements")).to_have_class(re.compile(r"\bshow\b"))  # after the fade
    assert "04/2025: Thôi hưởng" in text(page.locator("#tab-entitlements"))
    shot(page, "entitlement-ended")
    dossier = Dossier.objects.get(person=person)
    assert (dossier.kind, dossier.status, dossier.proposed_amount) == ("funeral", "draft", 10_000_000)


def test_officer_moves_a_person_to_another_district(browser_world, page, shot):
    person = resident(browser_world, "Phạm Văn Tám", date(1950, 5, 17))
    old = grant(browser_world, person, "5.5.a")
    f.VillageFactory(commune=browser_world.commune_c, name="Ấp Hòa Bình")
    log_in(page, "officer_a")
    page.wait_for_url("**/")

    page.goto(f"/doi-tuong/{person.pk}/su-kien/")
    page.get_by_role("link", name="Chuyển nơi cư trú").click()
    page.get_by_label("Chuyển đến xã, phường, thị trấn").select_option(label="Xã Vĩnh Thạnh – Huyện Lấp Vò")
    village = page.get_by_label("Thôn/ấp nơi ở mới")
    village.locator("option", has_text="Ấp Hòa Bình").wait_for(state="attached")  # loaded by htmx
    village.select_option(label="Ấp Hòa Bình")
    page.get_by_label("Ngày chuyển đi").fill("20/06/2025")
    shot(page, "relocation-form")
    page.get_by_role("button", name="Ghi nhận chuyển đi").click()
    page.wait_for_url("**/doi-tuong/")

    alert = text(page.get_by_role("alert").first)
    assert "Thị trấn Mỹ Thọ chi trả đến hết tháng 06/2025; Xã Vĩnh Thạnh chi trả từ tháng 07/2025" in alert
    shot(page, "after-move")
    new = Entitlement.objects.get(person=person, status=Entitlement.Status.ACTIVE)
    assert (new.commune_id, new.start_month, new.amount) == (browser_world.commune_c.pk, date(2025, 7, 1), 750_000)
    old.refresh_from_db()
    assert old.end_month == date(2025, 6, 1)


def test_watch_list_of_next_month_and_the_5_2_button(browser_world, page, shot):
    sixteen = resident(browser_world, "Võ Thị Út", date(2009, 6, 10))
    row = grant(browser_world, sixteen, "5.1.b")
    grant(browser_world, resident(browser_world, "Nguyễn Bé Bốn", date(2021, 7, 20)), "5.1.b")
    grant(browser_world, resident(browser_world, "Lê Văn Tám Mươi", date(1945, 7, 3)), "5.5.a")
    log_in(page, "officer_a")
    page.wait_for_url("**/")

    page.goto("/doi-tuong/bien-dong/?month=07/2025")
    rows = page.get_by_test_id("watchlist").locator("tbody tr")
    assert rows.count() == 3
    first, second, third = (text(rows.nth(i)) for i in range(3))
    assert "Võ Thị Út" in first and "1,5 → —" in first and "diện 5.2 nếu đang đi học: 750.000 ₫" in first
    assert "Nguyễn Bé Bốn" in second and "2,5 → 1,5" in second and "1.250.000 ₫\t750.000 ₫" in second
    assert "Lê Văn Tám Mươi" in third and "1,5 → 2" in third and "750.000 ₫\t1.000.000 ₫" in third
    shot(page, "watchlist")
    page.get_by_test_id(f"watch-row-{row.pk}").get_by_role("link", name="Chuyển diện 5.2").click()
    assert page.get_by_label("Đang đi học: chuyển sang diện 5.2", exact=False).is_checked()
    shot(page, "turn-16-form")
    page.get_by_role("button", name="Ghi nhận").click()
    page.wait_for_url("**/doi-tuong/bien-dong/?month=07/2025")

    assert "Đã chuyển sang diện 5.2 từ tháng 07/2025." in page.get_by_role("alert").first.inner_text()
    assert page.get_by_test_id(f"watch-row-{row.pk}").count() == 0
    shot(page, "after-5-2")
    assert Entitlement.objects.get(person=sixteen, status=Entitlement.Status.ACTIVE).category.code == "5.2"
