"""Temporary protection in the community (Art. 18.2): the rules as tables, the services, bad input, the pages."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.services import assignment_grant
from demo.places import DemoPlaces
from demo.protection_demo import protection_demo_ensure
from emergency import protection as rules
from emergency.models import Protection
from emergency.protection_selectors import protection_first_day, protection_list_for_user
from emergency.services import protection as services
from tests import factories as f

# --- Rules (no database) -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first_day", "months", "last_day"),
    [
        (date(2026, 3, 1), 3, date(2026, 6, 1)),
        (date(2026, 1, 15), 3, date(2026, 4, 15)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),  # February has no 30th: its last day
        (date(2027, 11, 30), 3, date(2028, 2, 29)),  # leap year
        (date(2026, 10, 31), 1, date(2026, 11, 30)),
        (date(2026, 12, 5), 3, date(2027, 3, 5)),
    ],
)
def test_cap_ends_on_the_same_date_months_later(first_day, months, last_day):
    assert rules.last_allowed_day(first_day, months) == last_day


@pytest.mark.parametrize(
    ("start", "end", "rate", "treatment", "transport", "days", "meals", "total"),
    [
        (date(2026, 3, 1), date(2026, 3, 1), 60_000, 0, 0, 1, 60_000, 60_000),  # the start day counts
        (date(2026, 3, 1), date(2026, 3, 31), 60_000, 0, 0, 31, 1_860_000, 1_860_000),
        (date(2026, 3, 1), date(2026, 6, 1), 60_000, 450_000, 120_000, 93, 5_580_000, 6_150_000),
        (date(2024, 2, 1), date(2024, 2, 29), 60_000, 0, 0, 29, 1_740_000, 1_740_000),
        (date(2026, 3, 1), date(2026, 3, 10), 80_000, 0, 0, 10, 800_000, 800_000),  # a province's higher rate
    ],
)
def test_stay_costs_count_both_ends(start, end, rate, treatment, transport, days, meals, total):
    costs = rules.stay_costs(start=start, end=end, rate=rate, treatment=treatment, transport=transport)
    assert (costs.days, costs.meals, costs.total) == (days, meals, total)


def test_costs_cite_the_article_with_the_sum():
    costs = rules.stay_costs(start=date(2026, 3, 1), end=date(2026, 3, 31), rate=60_000, treatment=450_000)
    assert costs.explanation == (
        "Khoản 2 Điều 18 Nghị định 20/2021/NĐ-CP: tiền ăn 31 ngày × 60.000\u00a0₫ = 1.860.000\u00a0₫; "
        "điều trị 450.000\u00a0₫; tổng cộng 2.310.000\u00a0₫"
    )


@pytest.mark.parametrize(
    ("planned_end", "ended_on", "today", "state"),
    [
        (date(2026, 6, 1), None, date(2026, 5, 21), rules.ACTIVE),
        (date(2026, 6, 1), None, date(2026, 5, 22), rules.ENDING_SOON),  # 10 days before
        (date(2026, 6, 1), None, date(2026, 6, 1), rules.ENDING_SOON),
        (date(2026, 6, 1), None, date(2026, 6, 2), rules.OVERDUE),
        (date(2026, 6, 1), date(2026, 5, 1), date(2026, 6, 2), rules.ENDED),
    ],
)
def test_reminder_is_due_ten_days_before_the_planned_end(planned_end, ended_on, today, state):
    assert rules.status_on(planned_end=planned_end, ended_on=ended_on, today=today) == state


@pytest.mark.parametrize(
    ("start", "planned_end", "treatment", "transport", "fields"),
    [
        (date(2026, 3, 1), date(2026, 6, 1), 0, 0, []),
        (date(2026, 3, 1), date(2026, 6, 2), 0, 0, ["planned_end_on"]),  # more than 3 months
        (date(2026, 3, 1), date(2026, 2, 28), 0, 0, ["planned_end_on"]),  # end before start
        (date(2026, 3, 1), date(2026, 4, 1), -1, 0, ["treatment_cost"]),
        (date(2026, 3, 1), date(2026, 4, 1), 0, -5_000, ["transport_cost"]),
    ],
)
def test_plan_problems(start, planned_end, treatment, transport, fields):
    problems = rules.plan_problems(
        first_day=start, start=start, planned_end=planned_end, max_months=3, treatment=treatment, transport=transport
    )
    assert [p.field for p in problems] == fields


def test_over_the_cap_message_names_the_last_day():
    (problem,) = rules.plan_problems(
        first_day=date(2026, 3, 1), start=date(2026, 3, 1), planned_end=date(2026, 7, 1), max_months=3
    )
    assert problem.message == (
        "Chăm sóc khẩn cấp tạm thời tối đa 3 tháng (Khoản 2 Điều 18 Nghị định 20/2021/NĐ-CP): "
        "từ 01/03/2026 chậm nhất đến hết ngày 01/06/2026."
    )


# --- Services ------------------------------------------------------------------------------------------------

TODAY = date(2026, 11, 23)


@pytest.fixture
def child(world):
    return f.PersonFactory(full_name="Lê Thị Mai", birth_date=date(2016, 4, 2), commune=world.commune_a)


@pytest.fixture
def host(world):
    return f.HouseholdFactory(head_name="Trần Văn Bình", commune=world.commune_a, address="Khóm 2")


def _open(world, person, host=None, *, start=date(2026, 9, 1), end=date(2026, 11, 30), actor="officer_a", **extra):
    return services.protection_open(
        person=person,
        reason=Protection.Reason.ORPHAN,
        host_name=host.head_name if host else "Nguyễn Thị Lan",
        host_household=host,
        started_on=start,
        planned_end_on=end,
        actor=world.user(actor),
        today=TODAY,
        **extra,
    )


def test_open_stores_the_rate_in_force_with_its_basis(world, child, host):
    stay = _open(world, child, host, treatment_cost=300_000)
    stay.refresh_from_db()
    assert stay.commune == world.commune_a
    assert stay.meal_rate == 60_000
    assert stay.basis == "Khoản 2 Điều 18 Nghị định 20/2021/NĐ-CP: tiền ăn 60.000\u00a0₫/người/ngày, tối đa 3 tháng"
    assert (stay.host_name, stay.treatment_cost, stay.ended_on) == ("Trần Văn Bình", 300_000, None)


@pytest.mark.parametrize(
    ("start", "end", "extra", "field"),
    [
        (date(2026, 9, 1), date(2026, 12, 2), {}, "planned_end_on"),  # more than 3 months
        (date(2026, 9, 1), date(2026, 8, 31), {}, "planned_end_on"),  # end before start
        (date(2026, 9, 1), date(2026, 10, 1), {"treatment_cost": -1}, "treatment_cost"),
        (date(2026, 9, 1), date(2026, 10, 1), {"transport_cost": -20_000}, "transport_cost"),
        (date(2026, 11, 24), date(2026, 12, 24), {}, "started_on"),  # starts after today
    ],
)
def test_open_refuses_bad_input(world, child, start, end, extra, field):
    with pytest.raises(ValidationError) as exc:
        _open(world, child, start=start, end=end, **extra)
    assert field in exc.value.message_dict
    assert not Protection.objects.exists()


def test_open_refuses_a_host_from_another_commune(world, child):
    elsewhere = f.HouseholdFactory(head_name="Võ Văn Tư", commune=world.commune_b)
    with pytest.raises(ValidationError) as exc:
        _open(world, child, elsewhere)
    assert exc.value.message_dict["host_household"] == ["Hộ nhận chăm sóc phải cư trú tại xã nơi chăm sóc."]
    assert not Protection.objects.exists()


def test_a_person_has_one_open_stay(world, child):
    _open(world, child)
    with pytest.raises(ValidationError) as exc:
        _open(world, child, start=date(2026, 10, 1), end=date(2026, 12, 1))
    assert "person" in exc.value.message_dict
    assert Protection.objects.count() == 1


@pytest.mark.parametrize("persona", ["officer_b", "leader_a", "auditor", "facility_staff"])
def test_only_officers_over_the_commune_open(world, child, persona):
    with pytest.raises(PermissionDenied):
        _open(world, child, actor=persona)
    assert not Protection.objects.exists()


def test_extend_within_the_cap_only(world, child):
    stay = _open(world, child, end=date(2026, 10, 31))
    services.protection_extend(protection=stay, planned_end_on=date(2026, 12, 1), actor=world.user("officer_a"))
    stay.refresh_from_db()
    assert stay.planned_end_on == date(2026, 12, 1)
    with pytest.raises(ValidationError) as exc:
        services.protection_extend(protection=stay, planned_end_on=date(2026, 12, 2), actor=world.user("officer_a"))
    assert "planned_end_on" in exc.value.message_dict
    stay.refresh_from_db()
    assert stay.planned_end_on == date(2026, 12, 1)


def test_extend_on_a_stale_copy_loses(world, child):
    stay = _open(world, child, end=date(2026, 10, 31))
    stale = Protection.objects.get(pk=stay.pk)
    services.protection_extend(protection=stay, planned_end_on=date(2026, 11, 15), actor=world.user("officer_a"))
    with pytest.raises(services.ConcurrentChange):
        services.protection_extend(protection=stale, planned_end_on=date(2026, 11, 30), actor=world.user("officer_a"))
    stay.refresh_from_db()
    assert stay.planned_end_on == date(2026, 11, 15)


def test_move_ends_the_stay_and_the_cap_counts_the_whole_protection(world, child, host):
    stay = _open(world, child, host, start=date(2026, 9, 1), end=date(2026, 10, 31), treatment_cost=200_000)
    other = f.HouseholdFactory(head_name="Phạm Thị Hoa", commune=world.commune_a)
    with pytest.raises(ValidationError) as exc:
        services.protection_move(
            protection=stay,
            moved_on=date(2026, 10, 15),
            host_name="",
            host_household=other,
            planned_end_on=date(2026, 12, 15),  # past 01/12: three months from 01/09
            actor=world.user("officer_a"),
            today=TODAY,
        )
    assert "planned_end_on" in exc.value.message_dict
    nxt = services.protection_move(
        protection=stay,
        moved_on=date(2026, 10, 15),
        host_name="Phạm Thị Hoa",
        host_household=other,
        planned_end_on=date(2026, 12, 1),
        actor=world.user("officer_a"),
        today=TODAY,
    )
    stay.refresh_from_db()
    assert (stay.ended_on, stay.outcome, stay.treatment_cost) == (date(2026, 10, 14), "other_host", 200_000)
    assert (nxt.started_on, nxt.host_name, nxt.treatment_cost, nxt.meal_rate) == (
        date(2026, 10, 15),
        "Phạm Thị Hoa",
        0,
        60_000,
    )
    assert protection_first_day(nxt) == date(2026, 9, 1)
    # Meals: 01/09–14/10 is 44 days at the first host, 15/10–01/12 is 48 at the second: 92 days, none twice.
    assert (
        rules.days_between(stay.started_on, stay.ended_on) + rules.days_between(nxt.started_on, nxt.planned_end_on)
        == 92
    )


def test_end_with_facility_proposal_and_final_costs(world, child):
    stay = _open(world, child)
    services.protection_end(
        protection=stay,
        ended_on=date(2026, 11, 20),
        outcome=Protection.Outcome.FACILITY,
        treatment_cost=350_000,
        transport_cost=150_000,
        note="Chưa tìm được người thân.",
        actor=world.user("officer_a"),
        today=TODAY,
    )
    stay.refresh_from_db()
    assert (stay.ended_on, stay.outcome, stay.treatment_cost, stay.transport_cost) == (
        date(2026, 11, 20),
        "facility",
        350_000,
        150_000,
    )
    assert stay.note == "Chưa tìm được người thân."
    with pytest.raises(ValidationError):
        services.protection_extend(protection=stay, planned_end_on=date(2026, 11, 30), actor=world.user("officer_a"))


@pytest.mark.parametrize(
    ("ended_on", "outcome", "costs", "field"),
    [
        (date(2026, 8, 31), "returned", {}, "ended_on"),  # before the start
        (date(2026, 11, 24), "returned", {}, "ended_on"),  # after today
        (date(2026, 11, 20), "returned", {"treatment_cost": -100}, "treatment_cost"),
        (date(2026, 11, 20), "returned", {"transport_cost": -1}, "transport_cost"),
        (date(2026, 11, 20), "other_host", {}, "outcome"),  # a move has its own step
    ],
)
def test_end_refuses_bad_input(world, child, ended_on, outcome, costs, field):
    stay = _open(world, child)
    with pytest.raises(ValidationError) as exc:
        services.protection_end(
            protection=stay, ended_on=ended_on, outcome=outcome, actor=world.user("officer_a"), today=TODAY, **costs
        )
    assert field in exc.value.message_dict
    stay.refresh_from_db()
    assert (stay.ended_on, stay.outcome, stay.treatment_cost, stay.transport_cost) == (None, "", 0, 0)


def test_list_puts_reminders_first_and_is_scoped(world, child):
    later = f.PersonFactory(full_name="Đỗ Văn Nam", commune=world.commune_a)
    ended = f.PersonFactory(full_name="Hồ Thị Thu", commune=world.commune_a)
    other = f.PersonFactory(full_name="Lý Văn Sang", commune=world.commune_b)
    _open(world, later, start=date(2026, 11, 1), end=date(2027, 1, 31))
    soon = _open(world, child, start=date(2026, 9, 1), end=date(2026, 11, 30))
    done = _open(world, ended, start=date(2026, 9, 1), end=date(2026, 10, 1))
    services.protection_end(
        protection=done, ended_on=date(2026, 10, 1), outcome="returned", actor=world.user("officer_a"), today=TODAY
    )
    _open(world, other, actor="officer_b")
    names = [row.person.full_name for row in protection_list_for_user(world.user("officer_a"), today=TODAY)]
    assert names == ["Lê Thị Mai", "Đỗ Văn Nam", "Hồ Thị Thu"]
    assert soon.planned_end_on - TODAY == timedelta(days=7)
    district = [row.person.full_name for row in protection_list_for_user(world.user("district_officer"), today=TODAY)]
    assert sorted(district) == ["Hồ Thị Thu", "Lê Thị Mai", "Lý Văn Sang", "Đỗ Văn Nam"]


# --- Pages ---------------------------------------------------------------------------------------------------


def test_another_communes_stay_is_404_and_cannot_be_ended(world, child, login):
    stay = _open(world, child, start=date(2026, 9, 1), end=date(2026, 11, 30))
    client = login(world.user("officer_b"))
    assert client.get(reverse("emergency:protection_detail", args=[stay.pk])).status_code == 404
    response = client.post(
        reverse("emergency:protection_end", args=[stay.pk]),
        {"ended_on": "20/11/2026", "outcome": "returned", "treatment_cost": "0", "transport_cost": "0"},
    )
    assert response.status_code == 404
    stay.refresh_from_db()
    assert stay.ended_on is None


def test_auditor_reads_but_cannot_open(world, child, login):
    client = login(world.user("auditor"))
    assert client.get(reverse("emergency:protection_list")).status_code == 200
    url = reverse("emergency:protection_create") + f"?person={child.pk}"
    response = client.post(url, {"reason": "orphan", "host_name": "X", "started_on": "01/11/2026"})
    assert response.status_code == 403
    assert not Protection.objects.exists()


def test_open_through_the_page_shows_the_form_error_for_more_than_three_months(world, child, host, login):
    client = login(world.user("officer_a"))
    url = reverse("emergency:protection_create") + f"?person={child.pk}"
    data = {
        "reason": "orphan",
        "host_household": host.pk,
        "host_name": "",
        "started_on": "01/09/2026",
        "planned_end_on": "02/12/2026",
        "treatment_cost": "1.200.000",
        "transport_cost": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "chậm nhất đến hết ngày 01/12/2026" in response.content.decode()
    assert not Protection.objects.exists()
    response = client.post(url, {**data, "planned_end_on": "01/12/2026"})
    stay = Protection.objects.get()
    assert response.status_code == 302
    assert (stay.host_name, stay.host_address, stay.treatment_cost, stay.transport_cost) == (
        "Trần Văn Bình",
        "Khóm 2",
        1_200_000,
        0,
    )


def test_demo_adds_two_stays_once(world):
    officer = f.UserFactory(username="canbo.xa")
    assignment_grant(user=officer, role=Role.COMMUNE_OFFICER, unit=world.commune_a, actor=None)
    places = DemoPlaces(
        world.province, world.district, world.commune_a, world.commune_b, world.province2, world.commune_2a
    )
    # The demo protects people already in the registry: a child and an adult of the demo commune.
    today = timezone.localdate()
    child = f.PersonFactory(
        full_name="Nguyễn Thị Ngọc Hân", commune=world.commune_a, birth_date=today.replace(year=today.year - 8, day=1)
    )
    f.PersonFactory(full_name="Lâm Văn Sáu", commune=world.commune_a, birth_date=date(1968, 3, 12))
    host = f.HouseholdFactory(head_name="Trần Văn Bình", commune=world.commune_a)
    assert host.pk != child.household_id
    assert protection_demo_ensure(places) == 2
    assert protection_demo_ensure(places) == 0
    reminders = protection_list_for_user(world.user("officer_a"), today=today, state="ending_soon")
    assert [(row.person.full_name, row.host_name) for row in reminders] == [("Nguyễn Thị Ngọc Hân", "Trần Văn Bình")]
