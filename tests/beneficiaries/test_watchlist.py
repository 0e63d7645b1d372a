"""The monthly watch list: which entitlements change by themselves in a month, with old → new amounts.

First the pure decisions (a table of cases on the seeded rates, no database), then the commune list: candidates
picked in SQL, the right rows with exact amounts, a constant number of queries, jurisdiction and the page."""

from datetime import date
from decimal import Decimal

import pytest
from django.http import Http404
from django.urls import reverse

from beneficiaries import watchlist as wl
from beneficiaries.facts import person_facts
from beneficiaries.selectors import watchlist_for_commune
from beneficiaries.services.entitlements import entitlement_grant
from policy.models import Category
from policy.rules import Facts, line_for
from policy.selectors import rate_tables
from tests import factories as f
from tests.policy.conftest import build_tables

JULY_2025 = date(2025, 7, 1)
ENDED_ON = date(2025, 6, 30)  # 5.5.b and 5.5.c, decree20.md §2


# --- Pure decisions -----------------------------------------------------------------------------------------

CASES = [
    # (case, category, facts, kind, old amount, new amount, action)
    ("child turns 4 in the month", "5.1.b", Facts(birth_date=date(2021, 7, 20)), wl.TURNS_4, 1_250_000, 750_000, None),
    ("5.1 turned 16 last month", "5.1.b", Facts(birth_date=date(2009, 6, 10)), wl.TURNS_16, 750_000, 0, wl.ACTION_END),
    (
        "5.1 turned 16, studying",
        "5.1.c",
        Facts(birth_date=date(2009, 6, 1), studying=True),
        wl.TURNS_16,
        750_000,
        0,
        wl.ACTION_TO_5_2,
    ),
    (
        "5.2 turned 22 last month",
        "5.2",
        Facts(birth_date=date(2003, 6, 30), studying=True),
        wl.TURNS_22,
        750_000,
        0,
        wl.ACTION_END,
    ),
    ("elderly turns 80", "5.5.a", Facts(birth_date=date(1945, 7, 3)), wl.TURNS_80, 750_000, 1_000_000, None),
    ("HIV child turns 4", "5.3", Facts(birth_date=date(2021, 7, 1), hiv=True), wl.TURNS_4, 1_250_000, 1_000_000, None),
    (
        "disabled child turns 16",
        "5.6",
        Facts(birth_date=date(2009, 7, 31), disability_level="especially_severe"),
        wl.TURNS_16,
        1_250_000,
        1_000_000,
        None,
    ),
    (
        "disabled adult turns 60",
        "5.6",
        Facts(birth_date=date(1965, 7, 9), disability_level="severe"),
        wl.TURNS_60,
        750_000,
        1_000_000,
        None,
    ),
    ("5.7 turned 3 last month", "5.7", Facts(birth_date=date(2022, 6, 15)), wl.TURNS_3, 750_000, 0, wl.ACTION_END),
    (
        "20.2 child reached 36 months last month",
        "20.2",
        Facts(birth_date=date(1995, 1, 1), disability_level="severe", young_children_birth_dates=(date(2022, 6, 5),)),
        wl.CHILD_36_MONTHS,
        750_000,
        0,
        wl.ACTION_END,
    ),
    (
        "20.1 cared-for child turns 4",
        "20.1",
        Facts(birth_date=date(1980, 1, 1), subject_birth_date=date(2021, 7, 2), subject_category="5.1"),
        wl.TURNS_4,
        1_250_000,
        750_000,
        None,
    ),
]


@pytest.mark.parametrize(("case", "code", "facts", "kind", "old", "new", "action"), CASES, ids=[c[0] for c in CASES])
def test_change_for_july_2025(case, code, facts, kind, old, new, action):
    change = wl.change_for(category=code, facts=facts, month=JULY_2025, tables=build_tables())

    assert (change.kind, change.old_amount, change.new_amount, change.action) == (kind, old, new, action)
    assert change.month == JULY_2025


def test_a_5_1_child_at_16_shows_what_5_2_would_pay():
    change = wl.change_for(category="5.1.b", facts=Facts(birth_date=date(2009, 6, 10)), month=JULY_2025,
                           tables=build_tables())  # fmt: skip

    assert (change.alternative.category, change.alternative.amount) == ("5.2", 750_000)
    assert change.event_date == date(2025, 6, 10)
    assert change.end_reason == "aged_out"


@pytest.mark.parametrize(
    ("code", "born"),
    [
        ("5.1.b", date(2021, 8, 1)),  # turns 4 next month
        ("5.1.b", date(2009, 7, 10)),  # turns 16 this month: still paid in 07/2025, the change is for 08/2025
        ("5.5.a", date(1945, 6, 30)),  # turned 80 last month: already 2,0 in 06/2025
        ("5.5.a", date(1950, 7, 17)),  # turns 75: nothing changes for 5.5.a
    ],
)
def test_no_change_outside_the_windows(code, born):
    assert wl.change_for(category=code, facts=Facts(birth_date=born), month=JULY_2025, tables=build_tables()) is None


def test_a_category_ended_by_law_is_listed_in_every_later_month():
    facts = Facts(birth_date=date(1940, 2, 2))
    for month in (JULY_2025, date(2025, 10, 1)):
        change = wl.change_for(category="5.5.c", facts=facts, month=month, tables=build_tables(), effective_to=ENDED_ON)
        assert (change.kind, change.old_amount, change.new_amount) == (wl.CATEGORY_ENDED, 500_000, 0)
        assert (change.month, change.end_reason) == (JULY_2025, "category_ended")


def test_the_windows_are_one_birth_month_each():
    windows = {(w.group, w.on, w.start, w.end) for w in wl.windows(JULY_2025)}

    assert ("5.1", "person", date(2021, 7, 1), date(2021, 7, 31)) in windows  # turning 4 in 07/2025
    assert ("5.1", "person", date(2009, 6, 1), date(2009, 6, 30)) in windows  # turned 16 in 06/2025
    assert ("5.2", "person", date(2003, 6, 1), date(2003, 6, 30)) in windows
    assert ("5.5.a", "person", date(1945, 7, 1), date(1945, 7, 31)) in windows
    assert ("20.1", "subject", date(2021, 7, 1), date(2021, 7, 31)) in windows


# --- The commune list ---------------------------------------------------------------------------------------


def grant(world, person, code, start=date(2024, 8, 1), commune=None, **facts):
    line = line_for(code, person_facts(person, month=start, **facts), start, rate_tables(world.province))
    return entitlement_grant(
        person=person,
        category=Category.objects.get(code=code, province=None),
        commune=commune or person.commune,
        start_month=start,
        line=line,
        actor=world.user("officer_a"),
        **facts,
    )


@pytest.fixture
def july(world):
    """Commune A in 07/2025: four changes, one person without a change, one change in another commune."""
    village = f.VillageFactory(commune=world.commune_a, name="Ấp Tân Lợi")

    def person(name, born, commune=world.commune_a):
        return f.PersonFactory(full_name=name, birth_date=born, commune=commune, village=village)

    rows = {
        "four": grant(world, person("Nguyễn Bé Bốn", date(2021, 7, 20)), "5.1.b"),
        "eighty": grant(world, person("Lê Văn Tám Mươi", date(1945, 7, 3)), "5.5.a"),
        "sixteen": grant(world, person("Trần Thị Mười Sáu", date(2009, 6, 10)), "5.1.b"),
        "pension": grant(world, person("Phan Văn Cao Niên", date(1940, 2, 2)), "5.5.c"),
        "steady": grant(world, person("Đỗ Văn Bình Thường", date(1950, 3, 3)), "5.5.a"),
        "elsewhere": grant(world, person("Hồ Bé Xã Khác", date(2021, 7, 5), commune=world.commune_b), "5.1.b"),
    }
    return rows


def test_the_watch_list_for_july_2025_shows_each_change_with_exact_amounts(world, july):
    rows = watchlist_for_commune(world.user("officer_a"), world.commune_a, JULY_2025)

    found = {row.entitlement.pk: row.change for row in rows}
    assert set(found) == {july["four"].pk, july["eighty"].pk, july["sixteen"].pk, july["pension"].pk}
    four, eighty = found[july["four"].pk], found[july["eighty"].pk]
    assert (four.kind, four.old.coefficient, four.new.coefficient) == (wl.TURNS_4, Decimal("2.5"), Decimal("1.5"))
    assert (four.old_amount, four.new_amount) == (1_250_000, 750_000)
    assert (eighty.kind, eighty.old_amount, eighty.new_amount) == (wl.TURNS_80, 750_000, 1_000_000)
    sixteen, pension = found[july["sixteen"].pk], found[july["pension"].pk]
    assert (sixteen.kind, sixteen.old_amount, sixteen.new_amount, sixteen.alternative.amount) == (
        wl.TURNS_16,
        750_000,
        0,
        750_000,
    )
    assert (pension.kind, pension.old_amount, pension.new_amount) == (wl.CATEGORY_ENDED, 500_000, 0)
    # Endings first, then coefficient changes.
    assert [row.change.kind for row in rows] == [wl.CATEGORY_ENDED, wl.TURNS_16, wl.TURNS_4, wl.TURNS_80]


def test_an_entitlement_already_ended_leaves_the_list(world, july):
    from beneficiaries.services.life_events import life_event_turn_16

    life_event_turn_16(actor=world.user("officer_a"), entitlement=july["sixteen"], studying=True)

    rows = watchlist_for_commune(world.user("officer_a"), world.commune_a, JULY_2025)
    assert july["sixteen"].pk not in {row.entitlement.pk for row in rows}


def test_the_query_count_does_not_grow_with_the_commune(world, django_assert_max_num_queries):
    officer = world.user("officer_a")
    officer.has_perm("beneficiaries.view_hiv_status")  # warm the permission cache, as a request would
    grant(world, f.PersonFactory(commune=world.commune_a, birth_date=date(2021, 7, 1)), "5.1.b")
    with django_assert_max_num_queries(50) as small:
        watchlist_for_commune(officer, world.commune_a, JULY_2025)
    for day in range(2, 28):
        grant(world, f.PersonFactory(commune=world.commune_a, birth_date=date(2021, 7, day)), "5.1.b")
        grant(world, f.PersonFactory(commune=world.commune_a, birth_date=date(1960, 1, day)), "5.5.a")

    with django_assert_max_num_queries(len(small.captured_queries)):
        rows = watchlist_for_commune(officer, world.commune_a, JULY_2025)

    assert len(rows) == 27


def test_another_communes_officer_gets_404(world, july):
    with pytest.raises(Http404):
        watchlist_for_commune(world.user("officer_b"), world.commune_a, JULY_2025)


def test_hiv_categories_stay_off_the_list_for_users_without_the_permission(world):
    child = f.PersonFactory(commune=world.commune_a, birth_date=date(2021, 7, 1), hiv_positive=True)
    row = grant(world, child, "5.3")

    officer_rows = watchlist_for_commune(world.user("officer_a"), world.commune_a, JULY_2025)
    province_rows = watchlist_for_commune(world.user("province_officer"), world.commune_a, JULY_2025)

    assert [r.entitlement.pk for r in officer_rows] == [row.pk]
    assert province_rows == []


# --- The page -----------------------------------------------------------------------------------------------


def test_the_officer_sees_next_months_changes_with_buttons(world, july, login):
    client = login(world.user("officer_a"))

    response = client.get(reverse("beneficiaries:watchlist"), {"month": "07/2025"})

    assert response.status_code == 200
    text = response.text
    for name in ("Nguyễn Bé Bốn", "Lê Văn Tám Mươi", "Trần Thị Mười Sáu", "Phan Văn Cao Niên"):
        assert name in text
    assert "Đỗ Văn Bình Thường" not in text and "Hồ Bé Xã Khác" not in text
    assert "2,5 → 1,5" in text and "1.250.000" in text and "1.000.000" in text
    assert "Chuyển diện 5.2" in text and "Thôi hưởng" in text
    assert "diện 5.2 nếu đang đi học: 750.000" in text


def test_the_district_chooses_a_commune_and_reads_without_buttons(world, july, login):
    client = login(world.user("district_officer"))

    first = client.get(reverse("beneficiaries:watchlist"))
    assert "Chọn xã và tháng để xem danh sách biến động." in first.text
    response = client.get(reverse("beneficiaries:watchlist"), {"commune": world.commune_a.pk, "month": "07/2025"})

    assert "Nguyễn Bé Bốn" in response.text
    assert "Chuyển diện 5.2" not in response.text


def test_a_commune_outside_the_unit_is_not_offered(world, july, login):
    client = login(world.user("officer_b"))

    response = client.get(reverse("beneficiaries:watchlist"), {"commune": world.commune_a.pk, "month": "07/2025"})

    assert response.status_code == 200
    assert "Nguyễn Bé Bốn" not in response.text


def test_the_button_records_5_2_and_returns_to_the_list(world, july, login):
    client = login(world.user("officer_a"))
    back = reverse("beneficiaries:watchlist") + "?month=07/2025"
    target = reverse("beneficiaries:life_event_create", kwargs={"pk": july["sixteen"].person_id})

    form = client.get(target, {"loai": "turn_16", "entitlement": july["sixteen"].pk, "studying": "yes", "next": back})
    assert 'value="yes"  id="id_studying_0" required checked>' in form.text  # preselected from the button
    response = client.post(
        f"{target}?loai=turn_16",
        {"entitlement": july["sixteen"].pk, "studying": "yes", "next": back},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == back
    assert "Đã chuyển sang diện 5.2 từ tháng 07/2025." in response.text
    assert f'data-testid="watch-row-{july["sixteen"].pk}"' not in response.text
    assert f'data-testid="watch-row-{july["four"].pk}"' in response.text


def test_the_end_button_of_a_category_ended_by_law_records_the_termination(world, july, login):
    client = login(world.user("officer_a"))
    page = client.get(reverse("beneficiaries:watchlist"), {"month": "07/2025"})
    pension = july["pension"]
    link = reverse("beneficiaries:life_event_create", kwargs={"pk": pension.person_id})
    assert f"{link}?loai=terminate&amp;entitlement={pension.pk}&amp;reason=category_ended&amp;from_month=07%2F2025" in (
        page.text
    )

    form = client.get(link, {"loai": "terminate", "entitlement": pension.pk, "reason": "category_ended",
                             "from_month": "07/2025"})  # fmt: skip
    assert 'value="07/2025"' in form.text
    client.post(
        f"{link}?loai=terminate", {"entitlement": pension.pk, "reason": "category_ended", "from_month": "07/2025"}
    )

    pension.refresh_from_db()
    assert (pension.status, pension.end_month, pension.end_reason) == ("ended", date(2025, 6, 1), "category_ended")
