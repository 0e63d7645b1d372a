"""Not collected for 3 consecutive months → a suspension proposal on the commune's watch list (Circular 02/2021
Art. 2.3.a): three approved rolls in a row recorded «chưa nhận» propose it; two months, a month received in
between, a roll not approved or a person already suspended propose nothing."""

from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from django.utils import timezone

from beneficiaries.models import Entitlement, PaymentMethod
from payments.models import PaymentLine, PaymentRoll
from payments.uncollected import run_months, uncollected_for_commune, uncollected_run

from .conftest import granted, person_in

Status = PaymentRoll.Status
WATCH = date(2026, 12, 1)
SEPT, OCT, NOV = date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)
AMOUNT = 810_000  # 5.5.a: 1,5 × 540.000 ₫


@pytest.fixture(autouse=True)
def _today(set_today):
    set_today(date(2026, 11, 23))


def elder(world, name, commune=None):
    commune = commune or world.commune_a
    person = person_in(commune, full_name=name, birth_date=date(1950, 5, 17))
    granted(world, person, "5.5.a", date(2026, 7, 1), decision_number=f"QĐ {name}")
    return person


def roll_with(commune, month, results: dict, *, status=Status.APPROVED) -> PaymentRoll:
    """A roll of `month` whose lines carry the recorded results {person: (paid, reason)}."""
    roll, _ = PaymentRoll.objects.get_or_create(
        commune=commune, month=month, defaults={"status": status, "generated_at": timezone.now()}
    )
    for row_no, (person, (paid, reason)) in enumerate(results.items(), start=1):
        PaymentLine.objects.create(
            roll=roll,
            row_no=row_no,
            person=person,
            categories="5.5.a",
            monthly_amount=AMOUNT,
            total=AMOUNT,
            payment_method=PaymentMethod.CASH,
            paid=paid,
            paid_on=date(month.year, month.month, 5) if paid else None,
            unpaid_reason=reason,
        )
    return roll


UNPAID = (False, "")


def names(proposals) -> list[str]:
    return [proposal.person.full_name for proposal in proposals]


def test_three_consecutive_months_not_received_propose_a_suspension(world):
    absent = elder(world, "Đặng Văn Út")
    present = elder(world, "Lê Thị Ba")
    roll_with(world.commune_a, SEPT, {absent: (False, "Đi vắng"), present: (True, "")})
    roll_with(world.commune_a, OCT, {absent: UNPAID, present: (True, "")}, status=Status.PAID)
    roll_with(world.commune_a, NOV, {absent: (False, "Đi làm ăn xa"), present: UNPAID}, status=Status.CLOSED)

    proposals = uncollected_for_commune(world.user("officer_a"), world.commune_a, WATCH)

    assert len(proposals) == 1
    proposal = proposals[0]
    assert proposal.person == absent
    assert proposal.months == [SEPT, OCT, NOV]
    assert proposal.amount == 3 * AMOUNT
    assert proposal.reasons == ["Đi làm ăn xa", "Đi vắng"]
    assert [e.category.code for e in proposal.entitlements] == ["5.5.a"]


def test_two_months_not_received_propose_nothing(world):
    absent = elder(world, "Đặng Văn Út")
    roll_with(world.commune_a, OCT, {absent: UNPAID})
    roll_with(world.commune_a, NOV, {absent: UNPAID})
    assert uncollected_for_commune(world.user("officer_a"), world.commune_a, WATCH) == []
    # A month earlier still: the run is 3 months counted back from the watched month, so 11/2026 alone is checked.
    assert uncollected_for_commune(world.user("officer_a"), world.commune_a, NOV) == []


def test_a_month_received_in_between_breaks_the_run(world):
    absent = elder(world, "Đặng Văn Út")
    roll_with(world.commune_a, date(2026, 8, 1), {absent: UNPAID})
    roll_with(world.commune_a, SEPT, {absent: UNPAID})
    roll_with(world.commune_a, OCT, {absent: (True, "")})
    roll_with(world.commune_a, NOV, {absent: UNPAID})
    assert uncollected_for_commune(world.user("officer_a"), world.commune_a, WATCH) == []


@pytest.mark.parametrize(
    ("october", "status"),
    [
        ((None, ""), Status.APPROVED),  # October's result not recorded yet
        (UNPAID, Status.SUBMITTED),  # October's roll not approved
    ],
)
def test_a_month_not_recorded_or_not_approved_breaks_the_run(world, october, status):
    absent = elder(world, "Đặng Văn Út")
    roll_with(world.commune_a, SEPT, {absent: UNPAID})
    roll_with(world.commune_a, OCT, {absent: october}, status=status)
    roll_with(world.commune_a, NOV, {absent: UNPAID})
    assert uncollected_for_commune(world.user("officer_a"), world.commune_a, WATCH) == []


def test_someone_already_suspended_or_ended_is_not_proposed_again(world):
    suspended = elder(world, "Đặng Văn Út")
    Entitlement.objects.filter(person=suspended).update(status=Entitlement.Status.SUSPENDED)
    for month in (SEPT, OCT, NOV):
        roll_with(world.commune_a, month, {suspended: UNPAID})
    assert uncollected_for_commune(world.user("officer_a"), world.commune_a, WATCH) == []


def test_people_of_another_unit_are_never_shown(world):
    absent = elder(world, "Đặng Văn Út")
    for month in (SEPT, OCT, NOV):
        roll_with(world.commune_a, month, {absent: UNPAID})
    assert names(uncollected_for_commune(world.user("district_officer"), world.commune_a, WATCH)) == ["Đặng Văn Út"]
    assert uncollected_for_commune(world.user("officer_b"), world.commune_a, WATCH) == []


@pytest.mark.parametrize(
    ("results", "proposed"),
    [
        ([False, False, False], True),
        ([True, False, False, False], True),
        ([False, False], False),
        ([False, True, False], False),
        ([False, None, False], False),
        ([False, False, True], False),
        ([], False),
    ],
)
def test_the_run_rule(results, proposed):
    assert uncollected_run(results) is proposed


def test_the_run_is_the_three_months_before_the_watched_month():
    assert run_months(date(2027, 2, 1)) == [date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1)]


# --- On the watch list ----------------------------------------------------------------------------------------


def test_the_watch_list_proposes_the_suspension_and_the_button_opens_the_prefilled_form(world, login):
    absent = elder(world, "Đặng Văn Út")
    for month in (SEPT, OCT, NOV):
        roll_with(world.commune_a, month, {absent: (False, "Đi vắng")})
    client = login(world.user("officer_a"))
    watchlist = reverse("beneficiaries:watchlist")

    page = client.get(watchlist, {"commune": world.commune_a.pk, "month": "12/2026"})

    content = page.content.decode()
    assert "Không nhận trợ cấp 3 tháng liên tục — đề xuất tạm dừng" in content
    assert f'data-testid="uncollected-row-{absent.pk}"' in content
    assert "09/2026, 10/2026, 11/2026" in content
    assert "2.430.000\u00a0₫" in content
    [proposal] = page.context["uncollected"]
    link = urlparse(proposal.url)
    assert link.path == reverse("beneficiaries:life_event_create", kwargs={"pk": absent.pk})
    query = parse_qs(link.query)
    assert (query["loai"], query["reason"], query["from_month"]) == (["suspend"], ["uncollected"], ["12/2026"])
    assert "Tạm dừng từ 12/2026" in content

    form = client.get(proposal.url).context["form"]
    assert (form.initial["reason"], form.initial["from_month"]) == ("uncollected", "12/2026")

    # Recording the suspension takes the person off the proposals.
    done = client.post(proposal.url, {"reason": "uncollected", "from_month": "12/2026", "note": ""})
    assert done.status_code == 302
    assert set(Entitlement.objects.filter(person=absent).values_list("status", flat=True)) == {"suspended"}
    again = client.get(watchlist, {"commune": world.commune_a.pk, "month": "12/2026"})
    assert list(again.context["uncollected"]) == []
    assert "đề xuất tạm dừng" not in again.content.decode()


def test_a_reader_sees_the_proposal_without_the_button(world, login):
    absent = elder(world, "Đặng Văn Út")
    for month in (SEPT, OCT, NOV):
        roll_with(world.commune_a, month, {absent: UNPAID})
    page = login(world.user("district_leader")).get(
        reverse("beneficiaries:watchlist"), {"commune": world.commune_a.pk, "month": "12/2026"}
    )
    content = page.content.decode()
    assert f'data-testid="uncollected-row-{absent.pk}"' in content
    assert "Tạm dừng từ 12/2026" not in content
