"""The as-of rule (reports/asof.py): what is recorded after the closing date never changes a report."""

from datetime import date

from django.utils import timezone

from beneficiaries.models import EntitlementEvent
from payments.models import PaymentRoll

from .fixtures import AS_OF, build_report, build_report_province, table


def _all_sheets(book) -> dict:
    return {sheet.title: table(sheet) for sheet in book.worksheets}


def test_decisions_and_approvals_after_the_closing_date_leave_the_report_as_it_was(world):
    province = build_report_province(world)
    before = _all_sheets(build_report("workbook", world.province)[0])
    # After the closing date: B's April draft roll is approved, P1's allowance is ended from June, P8 resumes.
    PaymentRoll.objects.filter(pk=province.rolls[("B", date(2026, 4, 1))].pk).update(
        status="approved", approved_at=timezone.now()
    )
    EntitlementEvent.objects.create(entitlement=province.grants["P1"], kind="ended", month=date(2026, 6, 1))
    EntitlementEvent.objects.create(entitlement=province.grants["P8"], kind="resumed", month=date(2026, 6, 1))
    after = _all_sheets(build_report("workbook", world.province)[0])
    assert after == before
    assert before["Đối tượng và kinh phí"]["Tổng cộng"][0] == 7


def test_a_later_closing_date_counts_what_was_recorded_by_then(world):
    build_report_province(world)
    rows = table(build_report("10a", world.province, as_of=date(2026, 7, 15))[0]["10a"])
    # Recorded 12/07/2026: C's June roll (P10, 1.000.000) and P11's grant from June (5.5.a).
    assert rows["Xã Vĩnh Thạnh"][:1] == [2] and rows["Xã Vĩnh Thạnh"][5] == 2
    assert rows["Xã Vĩnh Thạnh"][10] == 2_000_000
    assert AS_OF < date(2026, 7, 12)


def test_a_suspension_recorded_by_the_closing_date_takes_the_person_out_until_resumed(world):
    province = build_report_province(world)
    # P8 (B, 5.1.b) was suspended from June: not on the allowance at 30/06.
    assert table(build_report("10a", world.commune_b)[0]["10a"])["Xã Mỹ Hiệp"][1] == 0
    event = EntitlementEvent.objects.create(entitlement=province.grants["P8"], kind="resumed", month=date(2026, 6, 1))
    EntitlementEvent.objects.filter(pk=event.pk).update(at=timezone.make_aware(timezone.datetime(2026, 6, 10, 9)))
    assert table(build_report("10a", world.commune_b)[0]["10a"])["Xã Mỹ Hiệp"][1] == 1
