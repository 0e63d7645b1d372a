"""The dashboard (reports:dashboard, issue 7): exact figures on a small hand-built province, what each role sees,
and the cache that must show every change on the next view.

Today is 23/11/2026 (monkeypatched): the month being prepared is 12/2026, so the spending window is the 12 months
ending with the latest approved roll — 12/2025 to 11/2026. Rolls are built with their totals (the dashboard reads
the rolls' own totals; generation has its own tests), except in the invalidation test, which approves through the
real service.
"""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from beneficiaries.models import Entitlement, ImportBatch, PaymentMethod
from dossiers.models import Dossier, DossierEvent
from payments import services as payment_services
from payments.models import PaymentLine
from reports.dashboard import dashboard_for_user, data_version
from tests.payments.conftest import granted, person_in

from .dashboard_world import TODAY, S, build_province, dossier, roll

URL = reverse("reports:dashboard")


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Local-memory cache outlives a test; ids are reused after each rollback.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def today(monkeypatch):
    real = timezone.localdate

    def fake(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", fake)
    return TODAY


@pytest.fixture
def province(world, today):
    return build_province(world)


def view(login, world, persona):
    response = login(world.user(persona)).get(URL)
    assert response.status_code == 200
    return response


def months(summary) -> dict[str, int]:
    return {f"{row.month:%m/%Y}": row.total for row in summary.months if row.total}


# --- Exact figures ----------------------------------------------------------------------------------------------


def test_the_province_officer_sees_people_by_category_with_hiv_categories_merged(province, login):
    response = view(login, province, "province_officer")
    assert [(row["code"], row["people"]) for row in response.context["categories"]] == [
        ("5.1.b", 1), ("5.5.a", 4), ("5.6", 1), ("—", 1), ("20.4", 1),
    ]  # fmt: skip
    # Distinct people paid this month: the ended and the not-yet-started entitlements are not counted.
    assert response.context["s"].people_total == 8
    body = response.content.decode()
    assert 'data-testid="people-total">8<' in body
    assert "Diện có thông tin bảo mật" in body and "5.8" not in body
    assert response.context["charts"]["categories"] == {
        "labels": [
            "Trẻ em không có nguồn nuôi dưỡng (5.1)", "Người cao tuổi (5.5)",
            "Người khuyết tật nặng, đặc biệt nặng (5.6)", "Diện có thông tin bảo mật",
            "Hỗ trợ kinh phí chăm sóc, nuôi dưỡng (Điều 20)",
        ],
        "values": [1, 4, 1, 1, 1],
    }  # fmt: skip


def test_the_commune_officer_with_the_hiv_permission_sees_the_hiv_category(province, login):
    response = view(login, province, "officer_a")
    assert [(row["code"], row["people"]) for row in response.context["categories"]] == [
        ("5.1.b", 1), ("5.5.a", 2), ("5.6", 1), ("5.8", 1), ("20.4", 1),
    ]  # fmt: skip
    assert response.context["s"].people_total == 6


def test_spending_counts_approved_rolls_of_the_last_twelve_months_only(province, login):
    response = view(login, province, "province_officer")
    summary = response.context["s"]
    assert [f"{row.month:%m/%Y}" for row in summary.months][0::11] == ["12/2025", "11/2026"]
    # 11/2025 is before the window; the submitted roll of C and the draft of 12/2026 are not approved.
    assert months(summary) == {"12/2025": 2_400_000, "10/2026": 3_000_000, "11/2026": 5_100_000}
    assert [(r.rolls, r.people) for r in summary.months if f"{r.month:%m/%Y}" == "11/2026"] == [(2, 9)]
    assert response.context["spending_total"] == 10_500_000
    body = response.content.decode()
    assert "tổng 10.500.000\u00a0₫" in body
    assert 'data-testid="last-month-total">5.100.000\u00a0₫' in body
    assert response.context["charts"]["spending"]["values"] == [2_400_000] + [0] * 9 + [3_000_000, 5_100_000]


def test_cashless_share_by_commune_from_the_latest_approved_month(province, login):
    response = view(login, province, "province_officer")
    assert response.context["s"].cashless_month == date(2026, 11, 1)
    rows = [
        (line.name, line.district, line.figures.people_share, line.figures.amount_share)
        for line in response.context["cashless"]
    ]
    assert [(name, district, str(p), str(m)) for name, district, p, m in rows] == [
        ("Thị trấn Mỹ Thọ", "Huyện Cao Lãnh", "60.0", "64.5"),  # 3/5 people, 2.000.000/3.100.000
        ("Xã Mỹ Hiệp", "Huyện Cao Lãnh", "25.0", "25.0"),
        ("Xã Vĩnh Thạnh", "Huyện Lấp Vò", "None", "None"),  # its roll is only submitted
    ]
    total = response.context["cashless_total"]
    assert (total.lines, total.account_lines, str(total.people_share), str(total.amount_share)) == (
        9,
        4,
        "44.4",
        "49.0",
    )
    body = response.content.decode()
    assert 'data-testid="cashless-share">44,4% · 49,0%' in body
    assert "Chưa có danh sách được phê duyệt" in body
    assert response.context["charts"]["cashless"]["labels"] == ["Thị trấn Mỹ Thọ", "Xã Mỹ Hiệp"]
    assert response.context["charts"]["cashless"]["people"] == [60.0, 25.0]


def test_dossiers_in_progress_and_overdue_by_step(province, login):
    response = view(login, province, "province_officer")
    assert [(status, n, late) for status, _label, n, late in response.context["steps"]] == [
        ("draft", 1, 0), ("submitted", 2, 1), ("posted", 1, 1), ("forwarded", 1, 0), ("appraised", 1, 1),
    ]  # fmt: skip
    body = response.content.decode()
    assert 'data-testid="dossiers-open">6 · <span class="text-danger" data-testid="dossiers-overdue">3<' in body
    assert "?status=posted&amp;overdue=on" in body


def test_rolls_awaiting_incidents_and_facilities(province, login):
    summary = view(login, province, "province_officer").context["s"]
    assert summary.rolls_awaiting == 1
    assert [(r.unit, f"{r.month:%m/%Y}", r.total) for r in summary.rolls] == [("Xã Vĩnh Thạnh", "11/2026", 1_000_000)]
    assert summary.incidents_open == 2  # the closed fire is not counted
    assert [(row.name, row.awaiting) for row in summary.incidents] == [("Bão số 9", 0), ("Lũ tháng 11", 2)]
    assert (summary.assessments_awaiting, summary.assessments_overdue) == (2, 1)
    assert [(row.name, row.residents, row.capacity) for row in summary.facilities] == [
        ("Cơ sở Lấp Vò", 1, 10), ("Trung tâm Bảo trợ xã hội tổng hợp", 3, 100),
    ]  # fmt: skip
    assert summary.nurturing_awaiting == 1


# --- Jurisdiction -------------------------------------------------------------------------------------------------


# persona: (people on allowance, 12-month spending, rolls awaiting, dossiers (open, overdue), open incidents)
SEEN_BY = {
    "province_officer": (8, 10_500_000, 1, (6, 3), 2),
    "auditor": (8, 10_500_000, 1, (6, 3), 2),
    "district_officer": (7, 10_500_000, 0, (5, 2), 2),
    "district_leader": (7, 10_500_000, 0, (5, 2), 2),
    "officer_a": (6, 8_500_000, 0, (4, 2), 1),
    "leader_a": (6, 8_500_000, 0, (4, 2), 1),
    "officer_b": (1, 2_000_000, 0, (1, 0), 1),
    "officer_c": (1, 0, 1, (1, 1), 0),
    "officer_2level": (1, 540_000, 0, (0, 0), 0),
}


def test_each_role_sees_its_own_unit(province, login):
    seen = {}
    for persona in SEEN_BY:
        context = view(login, province, persona).context
        s = context["s"]
        seen[persona] = (
            s.people_total,
            context["spending_total"],
            s.rolls_awaiting,
            (context["steps_open"], context["steps_overdue"]),
            s.incidents_open,
        )
    assert seen == SEEN_BY


def test_commune_b_sees_only_its_own_commune_in_the_cashless_table(province, login):
    response = view(login, province, "officer_b")
    assert [line.name for line in response.context["cashless"]] == ["Xã Mỹ Hiệp"]
    assert "Thị trấn Mỹ Thọ" not in response.content.decode()


def test_a_two_level_province_has_no_district_layer(province, login):
    response = view(login, province, "officer_2level")
    assert response.context["show_district"] is False
    assert [(line.name, line.district, str(line.figures.people_share)) for line in response.context["cashless"]] == [
        ("Phường Ninh Kiều", "", "100.0")
    ]


def test_facility_staff_see_their_facility_only(province, login):
    response = view(login, province, "facility_staff")
    s = response.context["s"]
    assert s.facility_view and s.categories is None and s.steps is None and s.cashless is None
    assert [(row.name, row.residents, row.capacity) for row in s.facilities] == [
        ("Trung tâm Bảo trợ xã hội tổng hợp", 3, 100)
    ]
    assert [(label, capacity, n, str(share)) for label, capacity, n, share in response.context["care_groups"]] == [
        ("Người cao tuổi", 60, 2, "3.3"), ("Trẻ em", 40, 1, "2.5"),
    ]  # fmt: skip
    assert months(s) == {"10/2026": 9_800_000}  # the window ends with the last approved nurturing roll
    assert s.nurturing_awaiting == 1
    body = response.content.decode()
    assert "Cơ sở Lấp Vò" not in body and "Bão số 9" not in body
    assert 'data-testid="rolls-awaiting">1<' in body


def test_the_dashboard_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


def test_home_and_dashboard_link_to_each_other(world, login):
    client = login(world.user("officer_a"))
    assert f'href="{URL}" data-testid="dashboard-link"' in client.get(reverse("core:home")).content.decode()
    assert reverse("reports:index") in client.get(URL).content.decode()


# --- The cache stays correct --------------------------------------------------------------------------------------


def test_approving_a_roll_shows_on_the_next_view(world, login, today, django_capture_on_commit_callbacks):
    b = world.commune_b
    submitted = roll(b, date(2026, 11, 1), S.SUBMITTED, 1, 750_000)
    PaymentLine.objects.create(
        roll=submitted, row_no=1, person=world.people["b"], monthly_amount=750_000, total=750_000,
        payment_method=PaymentMethod.BANK,
    )  # fmt: skip
    province = login(world.user("province_officer"))
    before = province.get(URL).context["s"]
    assert (before.rolls_awaiting, months(before)) == (1, {})
    with CaptureQueriesContext(connection) as warm:
        again = province.get(URL).context["s"]
    assert again.computed_at == before.computed_at  # served from the cache…
    assert not any("payments_paymentroll" in query["sql"] for query in warm.captured_queries)

    with django_capture_on_commit_callbacks(execute=True):
        payment_services.roll_approve(actor=world.user("district_leader"), roll=submitted)

    after = province.get(URL).context["s"]  # …until the approval commits
    assert (after.rolls_awaiting, months(after)) == (0, {"11/2026": 750_000})


def test_a_new_entitlement_and_a_dossier_step_show_on_the_next_view(
    world, login, today, django_capture_on_commit_callbacks
):
    client = login(world.user("district_officer"))
    case = dossier(world, world.commune_a, Dossier.Status.SUBMITTED, date(2026, 11, 30))
    first = client.get(URL).context
    assert (first["s"].people_total, first["steps_open"]) == (0, 1)
    with django_capture_on_commit_callbacks(execute=True):
        granted(world, person_in(world.commune_b), "5.5.a", date(2026, 1, 1))
        # What dossiers.services does on a step: compare-and-set (no signal), then the event row.
        Dossier.objects.filter(pk=case.pk, status="submitted").update(status="posted", due_on=date(2026, 11, 20))
        DossierEvent.objects.create(dossier=case, action="post", from_status="submitted", to_status="posted")
    second = client.get(URL).context
    assert second["s"].people_total == 1
    assert [(status, n, late) for status, _label, n, late in second["steps"]] == [("posted", 1, 1)]


def test_an_excel_import_without_signals_still_shows(world, login, today):
    client = login(world.user("officer_a"))
    assert client.get(URL).context["s"].people_total == 0
    # The import saves with bulk_create (no signals): its batch's saved time moves the version.
    person = person_in(world.commune_a)
    template = granted(world, world.people["c"], "5.5.a", date(2026, 1, 1))
    Entitlement.objects.bulk_create(
        [Entitlement(person=person, category=template.category, commune=world.commune_a, start_month=date(2026, 1, 1),
                     coefficient=template.coefficient, level=template.level, amount=template.amount, basis="nhập")]
    )  # fmt: skip
    ImportBatch.objects.create(
        unit=world.commune_a, original_name="ds.xlsx", sha256="x", status="saved", saved_at=timezone.now()
    )
    assert client.get(URL).context["s"].people_total == 1


def test_a_decision_recounts_only_its_bucket_of_communes(world, login, today, django_capture_on_commit_callbacks):
    granted(world, world.people["a"], "5.5.a", date(2026, 1, 1))
    client = login(world.user("province_officer"))
    assert client.get(URL).context["s"].people_total == 1
    dossiers = data_version(world.province.pk, "dossiers")
    with django_capture_on_commit_callbacks(execute=True):
        granted(world, world.people["b"], "5.5.a", date(2026, 1, 1))
        granted(world, world.people["2a"], "5.5.a", date(2026, 1, 1))  # another province: not this dashboard
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).context["s"].people_total == 2
    counted = [q["sql"] for q in queries.captured_queries if 'FROM "beneficiaries_entitlement"' in q["sql"]]
    # Commune B's bucket is recounted (its counts and its people); A's and C's buckets come from the cache.
    assert len(counted) == 2
    assert all(f"IN ({world.commune_b.pk})" in sql for sql in counted)
    # …and the province's other blocks stay cached.
    assert data_version(world.province.pk, "dossiers") == dossiers


def test_overdue_moves_with_the_day_without_any_write(world, monkeypatch):
    dossier(world, world.commune_a, Dossier.Status.SUBMITTED, date(2026, 11, 23))
    user = world.user("officer_a")
    monkeypatch.setattr("django.utils.timezone.localdate", lambda value=None, timezone=None: date(2026, 11, 23))
    assert [step.overdue for step in dashboard_for_user(user).steps] == [0]
    monkeypatch.setattr("django.utils.timezone.localdate", lambda value=None, timezone=None: date(2026, 11, 24))
    assert [step.overdue for step in dashboard_for_user(user).steps] == [1]


def test_the_morning_warm_up_serves_the_first_province_view_from_the_cache(province, login, today):
    from reports.tasks import dashboard_warm_task

    dashboard_warm_task()  # what beat runs at 05:00
    with CaptureQueriesContext(connection) as first_view:
        summary = view(login, province, "province_officer").context["s"]
    assert summary.people_total == 8  # the same hand-counted figure as the uncached view
    # No count of entitlements or rolls: the province officer's first view of the day is already computed.
    assert not any(
        table in query["sql"]
        for query in first_view.captured_queries
        for table in ("beneficiaries_entitlement", "payments_paymentroll")
    )
