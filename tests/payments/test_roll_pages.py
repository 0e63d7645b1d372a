"""The roll pages for each role: the month's list (commune, district, province), one roll with its totals, lines,
changes and history, each step from the page, marking lines paid/unpaid with htmx, generating from the page;
jurisdiction (404 on every URL of another commune's roll, nothing changed) and a page cost that does not grow
with the number of lines."""

import itertools
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.services import assignment_grant
from beneficiaries.models import PaymentMethod
from core.models import Job
from locations.models import Village
from payments import services as s
from payments.generation import roll_generate
from payments.models import PaymentLine, PaymentRoll, RollChange, RollEvent
from payments.selectors import next_month
from policy.models import Category
from tests import factories as f

from .conftest import granted, person_in

Status = PaymentRoll.Status
AMOUNT = 540_000
HTMX = {"HTTP_HX_REQUEST": "true"}
ID_NUMBERS = itertools.count(1_500_000)


def build_roll(world, commune=None, *, lines=2, month=None, status=Status.DRAFT, account_lines=0, **fields):
    """A roll as payments.generation leaves it, with exact figures (test setup; generation has its own tests)."""
    commune = commune or world.commune_a
    month = month or next_month()
    village, _ = Village.objects.get_or_create(commune=commune, name="Ấp Hòa")
    roll = PaymentRoll.objects.create(
        commune=commune,
        month=month,
        status=status,
        generated_at=timezone.now(),
        generated_by=world.user("officer_a"),
        lines_count=lines,
        monthly_total=AMOUNT * lines,
        total=AMOUNT * lines,
        account_lines=account_lines,
        account_total=AMOUNT * account_lines,
        previous_total=AMOUNT * max(lines - 1, 0),
        increase_total=AMOUNT if lines else 0,
        **fields,
    )
    PaymentLine.objects.bulk_create(
        PaymentLine(
            roll=roll,
            row_no=row,
            person=f.PersonFactory(
                full_name=f"Trần Thị Lan {row}",
                commune=commune,
                village=village,
                id_number=f"087{next(ID_NUMBERS):09d}",
            ),
            categories="5.6",
            coefficient="2.50",
            level=AMOUNT // 2,
            monthly_amount=AMOUNT,
            total=AMOUNT,
            payment_method=PaymentMethod.BANK if row <= account_lines else PaymentMethod.CASH,
            account_number="0123456789" if row <= account_lines else "",
            bank_name="Agribank" if row <= account_lines else "",
        )
        for row in range(1, lines + 1)
    )
    RollEvent.objects.create(roll=roll, action="generated", to_status=Status.DRAFT, actor=world.user("officer_a"))
    return roll


def detail(roll):
    return reverse("payments:roll_detail", args=[roll.pk])


def step(roll, action):
    return reverse("payments:roll_step", args=[roll.pk, action])


def record(line):
    return reverse("payments:line_record", args=[line.roll_id, line.pk])


def submitted(world, **kwargs):
    return s.roll_submit(actor=world.user("officer_a"), roll=build_roll(world, **kwargs))


def approved(world, **kwargs):
    return s.roll_approve(actor=world.user("district_leader"), roll=submitted(world, **kwargs))


def text(response) -> str:
    return response.content.decode()


# --- The month's list ---------------------------------------------------------------------------------------


def test_the_commune_officer_sees_next_months_roll_and_the_generate_button(world, login):
    roll = build_roll(world, lines=3)
    page = login(world.user("officer_a")).get(reverse("payments:roll_list"))
    assert page.status_code == 200
    body = text(page)
    month = f"{next_month():%m/%Y}"
    assert f"Danh sách chi trả tháng {month}" in body
    assert "3 người · 1.620.000\u00a0₫" in body
    assert f"Lập danh sách tháng {month}" in body
    assert detail(roll) in body


def test_the_commune_leader_sees_the_roll_without_generating(world, login):
    build_roll(world)
    body = text(login(world.user("leader_a")).get(reverse("payments:roll_list")))
    assert "Dự thảo" in body
    assert "Lập danh sách tháng" not in body


def test_a_commune_without_a_roll_says_so(world, login):
    body = text(login(world.user("officer_b")).get(reverse("payments:roll_list")))
    assert f"Chưa lập danh sách chi trả tháng {next_month():%m/%Y}." in body


def test_the_month_picker_shows_an_earlier_month(world, login):
    november = date(2026, 11, 1) if next_month() != date(2026, 11, 1) else date(2026, 10, 1)
    build_roll(world, month=november, lines=4)
    build_roll(world, lines=1)
    client = login(world.user("officer_a"))
    body = text(client.get(reverse("payments:roll_list"), {"thang": f"{november:%Y-%m}"}))
    assert f"Danh sách chi trả tháng {november:%m/%Y}" in body and "4 người" in body
    # A month outside the picker falls back to next month.
    body = text(client.get(reverse("payments:roll_list"), {"thang": "1999-01"}))
    assert f"Danh sách chi trả tháng {next_month():%m/%Y}" in body and "1 người" in body


def test_the_district_sees_its_communes_with_status_totals_and_cashless_share(world, login):
    build_roll(world, lines=4, account_lines=1)
    build_roll(world, world.commune_c, lines=2)  # another district
    page = login(world.user("district_leader")).get(reverse("payments:roll_list"))
    rows = page.context["rows"]
    assert [row.commune.name for row in rows] == ["Thị trấn Mỹ Thọ", "Xã Mỹ Hiệp"]
    assert rows[0].roll.total == 2_160_000 and rows[1].roll is None
    assert str(rows[0].cashless.people_share) == "25.0"
    body = text(page)
    assert "2.160.000\u00a0₫" in body and "Chưa lập" in body
    assert "25,0%" in body
    assert "Xã Vĩnh Thạnh" not in body
    assert page.context["chart"] == {"by": "commune", "labels": ["Thị trấn Mỹ Thọ"], "values": [25.0]}
    assert 'id="cashless-chart"' in body
    # The district leader approves; generating is for the office that prepares rolls.
    assert "Lập danh sách tháng" not in body


def test_the_province_sees_every_commune_and_a_chart_per_district(world, login):
    build_roll(world, lines=4, account_lines=2)
    build_roll(world, world.commune_c, lines=2, account_lines=2)
    page = login(world.user("province_officer")).get(reverse("payments:roll_list"))
    assert [row.commune.name for row in page.context["rows"]] == ["Thị trấn Mỹ Thọ", "Xã Mỹ Hiệp", "Xã Vĩnh Thạnh"]
    assert page.context["chart"] == {
        "by": "district",
        "labels": ["Huyện Cao Lãnh", "Huyện Lấp Vò"],
        "values": [50.0, 100.0],
    }
    assert page.context["show_district"] is True
    totals = page.context["totals"]
    assert (totals["communes"], totals["generated"], totals["cashless"].total) == (3, 2, 3_240_000)
    assert str(totals["cashless"].people_share) == "66.7"
    assert f"Lập danh sách tháng {next_month():%m/%Y}" in text(page)


def test_a_two_level_province_lists_its_communes_without_a_district_column(world, login):
    officer = f.UserFactory(username="province2_officer")
    assignment_grant(user=officer, role=Role.PROVINCE_OFFICER, unit=world.province2, actor=None)
    build_roll(world, world.commune_2a, lines=2, account_lines=1)
    page = login(officer).get(reverse("payments:roll_list"))
    assert [row.commune.name for row in page.context["rows"]] == ["Phường Ninh Kiều"]
    assert page.context["show_district"] is False
    assert page.context["chart"] == {"by": "commune", "labels": ["Phường Ninh Kiều"], "values": [50.0]}
    assert ">Huyện</th>" not in text(page)


def test_in_two_level_mode_the_commune_leader_gets_the_approve_button(world, login):
    leader = f.UserFactory(username="leader_2a")
    assignment_grant(user=leader, role=Role.COMMUNE_LEADER, unit=world.commune_2a, actor=None)
    roll = build_roll(world, world.commune_2a)
    officer = text(login(world.user("officer_2level")).post(step(roll, "submit"), {"version": 1}, follow=True))
    assert "Chờ phê duyệt: Lãnh đạo UBND Phường Ninh Kiều" in officer
    page = text(login(leader).get(detail(roll)))
    assert ">Phê duyệt</button>" in page and ">Trả lại</button>" in page
    login(leader).post(step(roll, "approve"), {"version": 2})
    assert PaymentRoll.objects.get(pk=roll.pk).approved_by == leader


# --- One roll -----------------------------------------------------------------------------------------------


def test_the_roll_page_shows_the_title_block_totals_equation_and_cashless_share(world, login):
    roll = build_roll(world, lines=4, account_lines=1, care_total=0, arrears_total=0)
    body = text(login(world.user("district_leader")).get(detail(roll)))
    assert f"Danh sách chi trả trợ cấp tháng {roll.month:%m/%Y}" in body
    assert "Tỉnh Đồng Tháp" in body and "Huyện Cao Lãnh" in body and "Thị trấn Mỹ Thọ" in body
    assert 'data-testid="total">2.160.000\u00a0₫' in body
    assert 'data-testid="total-monthly">2.160.000\u00a0₫' in body
    equation = body.split('data-testid="equation">')[1].split("</div>")[0]
    assert "<strong>1.620.000\u00a0₫</strong>" in equation  # last month
    assert "<strong>540.000\u00a0₫</strong>" in equation  # increase
    assert equation.count("<strong>") == 4
    cashless = body.split('data-testid="cashless">')[1].split("</div>")[0]
    assert "1/4 người (25,0%)" in cashless and "540.000\u00a0₫ (25,0%)" in cashless


def test_lines_show_arrears_months_and_hide_hiv_categories_and_id_numbers_from_the_auditor(world, login):
    roll = build_roll(world, lines=2)
    first, second = PaymentLine.objects.filter(roll=roll).order_by("row_no")
    PaymentLine.objects.filter(pk=first.pk).update(
        arrears_amount=1_080_000, arrears_months=["2026-07", "2026-08"], total=AMOUNT + 1_080_000
    )
    hiv = Category.objects.filter(sensitive=True).values_list("code", flat=True).first()
    PaymentLine.objects.filter(pk=second.pk).update(categories=hiv)
    officer = text(login(world.user("officer_a")).get(detail(roll)))
    assert "07/2026, 08/2026" in officer
    assert first.person.id_number in officer
    assert f">{hiv}<" in officer
    auditor = text(login(world.user("auditor")).get(detail(roll)))
    assert "07/2026, 08/2026" in auditor
    assert first.person.id_number not in auditor
    assert first.person.id_number[:3] + "******" + first.person.id_number[-3:] in auditor
    assert f">{hiv}<" not in auditor and "(thông tin được bảo mật)" in auditor


def test_the_changes_tab_hides_hiv_categories_in_notes(world, login):
    roll = build_roll(world, lines=1)
    person = PaymentLine.objects.get(roll=roll).person
    RollChange.objects.create(
        roll=roll, person=person, kind="changed", old_amount=AMOUNT, new_amount=810_000, note="Diện 5.8, 5.5.a"
    )
    assert "Diện 5.8, 5.5.a" in text(login(world.user("officer_a")).get(detail(roll)))
    auditor = text(login(world.user("auditor")).get(detail(roll)))
    assert "Diện (bảo mật), 5.5.a" in auditor and "5.8" not in auditor


def test_a_long_changes_tab_lists_the_first_rows_and_totals_them_all(world, login, monkeypatch):
    monkeypatch.setattr("payments.selectors.CHANGES_SHOWN", 2)
    roll = build_roll(world, lines=3)
    for line in PaymentLine.objects.filter(roll=roll):
        RollChange.objects.create(roll=roll, person=line.person, kind="new", new_amount=AMOUNT)
    html = login(world.user("officer_a")).get(detail(roll)).content.decode()
    section = html.split('data-testid="changes-new"')[1].split("</section>")[0]
    assert "và 1 người khác" in section and 'border">3</span>' in section  # the badge counts all three
    assert section.count("/doi-tuong/") == 2  # two rows listed


def test_lines_are_searched_and_filtered(world, login):
    roll = build_roll(world, lines=3, account_lines=1)
    lines = list(PaymentLine.objects.filter(roll=roll).order_by("row_no"))
    other_village = f.VillageFactory(commune=world.commune_a, name="Ấp Mỹ Tây")
    lines[2].person.village = other_village
    lines[2].person.save(update_fields=["village"])
    PaymentLine.objects.filter(pk=lines[1].pk).update(paid=False)
    client = login(world.user("officer_a"))

    def names(**params):
        page = client.get(detail(roll), params, **HTMX, HTTP_HX_TARGET="list-results")
        return [row.record.person.full_name for row in page.context["table"].page.object_list]

    assert names(q="tran thi lan 2") == ["Trần Thị Lan 2"]
    assert names(q=lines[2].person.id_number) == ["Trần Thị Lan 3"]
    assert names(village=other_village.pk) == ["Trần Thị Lan 3"]
    assert names(method="bank") == ["Trần Thị Lan 1"]
    assert names(paid="no") == ["Trần Thị Lan 2"]
    assert names(paid="waiting") == ["Trần Thị Lan 1", "Trần Thị Lan 3"]


def test_the_changes_tab_groups_changes_with_decisions_and_amounts(world, login):
    roll = build_roll(world, lines=2)
    people = [line.person for line in PaymentLine.objects.filter(roll=roll).order_by("row_no")]
    RollChange.objects.create(
        roll=roll, person=people[0], kind="new", new_amount=AMOUNT, decision_number="125/QĐ-UBND", note="Hưởng từ"
    )
    RollChange.objects.create(
        roll=roll, person=people[1], kind="changed", old_amount=AMOUNT, new_amount=810_000, decision_number="88/QĐ"
    )
    page = login(world.user("officer_a")).get(detail(roll))
    groups = page.context["change_groups"]
    assert [(g.label, len(g.changes), g.new_total) for g in groups] == [
        ("Tăng mới", 1, 540_000),
        ("Thay đổi mức hưởng", 1, 810_000),
    ]
    body = text(page)
    assert "125/QĐ-UBND" in body and "88/QĐ" in body and "810.000\u00a0₫" in body


def test_the_history_tab_lists_each_step(world, login):
    roll = submitted(world)
    s.roll_return(actor=world.user("district_leader"), roll=roll, reason="Thiếu quyết định của bà Lan")
    page = login(world.user("officer_a")).get(detail(roll))
    assert [e.label for e in page.context["events"]] == ["Trả lại", "Trình duyệt", "Lập danh sách"]
    body = text(page)
    assert "Thiếu quyết định của bà Lan" in body
    assert 'data-testid="return-reason"' in body


# --- Steps from the page ------------------------------------------------------------------------------------


def test_each_role_sees_its_own_buttons(world, login):
    roll = build_roll(world)
    officer = text(login(world.user("officer_a")).get(detail(roll)))
    assert ">Trình duyệt</button>" in officer and "Lập lại danh sách" in officer
    leader = login(world.user("district_leader")).get(detail(roll))
    assert leader.context["steps"] == [] and ">Phê duyệt</button>" not in text(leader)
    s.roll_submit(actor=world.user("officer_a"), roll=roll)
    leader = text(login(world.user("district_leader")).get(detail(roll)))
    assert ">Phê duyệt</button>" in leader and ">Trả lại</button>" in leader
    assert "Lập lại danh sách" not in leader
    officer = text(login(world.user("officer_a")).get(detail(roll)))
    assert ">Trình duyệt</button>" not in officer and "Lập lại danh sách" not in officer


def test_submit_then_approve_from_the_page(world, login):
    roll = build_roll(world)
    page = login(world.user("officer_a")).post(step(roll, "submit"), {"version": 1}, follow=True)
    assert f"Đã trình duyệt danh sách tháng {roll.month:%m/%Y}." in text(page)
    assert PaymentRoll.objects.get(pk=roll.pk).status == "submitted"
    page = login(world.user("district_leader")).post(step(roll, "approve"), {"version": 2}, follow=True)
    assert f"Đã phê duyệt danh sách tháng {roll.month:%m/%Y}." in text(page)
    assert PaymentRoll.objects.get(pk=roll.pk).status == "approved"


def test_a_refused_step_shows_the_reason_and_changes_nothing(world, login):
    roll = build_roll(world, lines=0)
    page = login(world.user("officer_a")).post(step(roll, "submit"), {"version": 1}, follow=True)
    assert "Danh sách không có người nào, không thể trình duyệt" in text(page)
    assert PaymentRoll.objects.get(pk=roll.pk).status == "draft"
    assert not RollEvent.objects.filter(roll=roll, action="submitted").exists()


def test_returning_without_a_reason_keeps_the_roll_submitted(world, login):
    roll = submitted(world)
    page = login(world.user("district_leader")).post(step(roll, "return"), {"version": 2, "reason": " "})
    assert page.status_code == 400
    assert "Cần ghi rõ lý do trả lại danh sách." in text(page)
    assert PaymentRoll.objects.get(pk=roll.pk).status == "submitted"
    page = login(world.user("district_leader")).post(
        step(roll, "return"), {"version": 2, "reason": "Sai số tài khoản"}, follow=True
    )
    assert PaymentRoll.objects.get(pk=roll.pk).return_reason == "Sai số tài khoản"


def test_a_stale_page_changes_nothing(world, login):
    roll = submitted(world)
    page = login(world.user("district_leader")).post(step(roll, "approve"), {"version": 1}, follow=True)
    assert "vừa được người khác thay đổi" in text(page)
    assert PaymentRoll.objects.get(pk=roll.pk).status == "submitted"


def test_the_auditor_cannot_approve_from_the_page(world, login):
    roll = submitted(world)
    page = login(world.user("auditor")).post(step(roll, "approve"), {"version": 2}, follow=True)
    assert "Chỉ lãnh đạo cấp huyện" in text(page)
    assert PaymentRoll.objects.get(pk=roll.pk).status == "submitted"


# --- Recording payments with htmx ---------------------------------------------------------------------------


def test_marking_a_line_paid_and_unpaid_with_htmx(world, login):
    roll = approved(world)
    line = PaymentLine.objects.filter(roll=roll).order_by("row_no").first()
    client = login(world.user("officer_a"))
    page = client.post(record(line), {"paid": "1"}, **HTMX)
    body = text(page)
    assert f"Đã nhận {timezone.localdate():%d/%m/%Y}" in body
    assert 'hx-swap-oob="true"' in body and "Đã nhận: 1" in body and "Chưa ghi nhận: 1" in body
    assert "Còn 1 người chưa ghi nhận" in body and "HX-Refresh" not in page
    page = client.post(record(line), {"paid": "0"}, **HTMX, HTTP_HX_PROMPT="Nằm viện")
    assert "Chưa nhận" in text(page) and "Nằm viện" in text(page)
    # The last line recorded: the page reloads so that «Hoàn tất chi trả» can be used.
    last = PaymentLine.objects.filter(roll=roll).exclude(pk=line.pk).get()
    assert client.post(record(last), {"paid": "1"}, **HTMX)["HX-Refresh"] == "true"
    line.refresh_from_db()
    assert (line.paid, line.paid_on, line.unpaid_reason, line.total) == (False, None, "Nằm viện", AMOUNT)
    assert "Hoàn tất chi trả</button>" in text(client.get(detail(roll)))
    assert s.roll_actions(actor=world.user("officer_a"), roll=PaymentRoll.objects.get(pk=roll.pk)) == {"finish": None}


def test_the_approved_roll_page_offers_recording_only_to_the_communes_officer(world, login):
    roll = approved(world)
    line = PaymentLine.objects.filter(roll=roll).first()
    upload = reverse("payments:reconciliation_upload", args=[roll.pk])
    officer = text(login(world.user("officer_a")).get(detail(roll)))
    assert record(line) in officer and upload in officer
    leader = text(login(world.user("district_leader")).get(detail(roll)))
    assert record(line) not in leader and upload not in leader
    # Everyone who sees the roll may download it.
    assert reverse("payments:roll_export_xlsx", args=[roll.pk]) in leader


def test_a_line_of_a_draft_cannot_be_marked(world, login):
    roll = build_roll(world)
    line = PaymentLine.objects.filter(roll=roll).first()
    page = login(world.user("officer_a")).post(record(line), {"paid": "1"}, **HTMX)
    assert "Chỉ ghi nhận kết quả chi trả trên danh sách đã được phê duyệt." in text(page)
    line.refresh_from_db()
    assert line.paid is None


def test_the_district_leader_cannot_mark_lines(world, login):
    roll = approved(world)
    line = PaymentLine.objects.filter(roll=roll).first()
    assert login(world.user("district_leader")).post(record(line), {"paid": "1"}, **HTMX).status_code == 403
    line.refresh_from_db()
    assert line.paid is None


# --- Generating from the page -------------------------------------------------------------------------------


def test_the_officer_generates_next_months_roll_from_the_list(world, login, django_capture_on_commit_callbacks):
    month = next_month()
    person = person_in(world.commune_a, full_name="Lê Thị Hoa")
    granted(world, person, "5.6", date(2026, 1, 1), disability_level="especially_severe", decision_number="12/QĐ")
    client = login(world.user("officer_a"))
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("payments:roll_generate_start"), {"thang": f"{month:%Y-%m}"})
    job = Job.objects.get()
    assert page.status_code == 302 and page.url.endswith(f"?thang={month:%Y-%m}&job={job.pk}")
    job.refresh_from_db()
    assert job.status == "done"
    roll = PaymentRoll.objects.get(commune=world.commune_a, month=month)
    assert (roll.status, roll.lines_count, roll.generated_by) == ("draft", 1, world.user("officer_a"))
    body = text(client.get(page.url))
    assert 'id="job-' in body and reverse("payments:generation_progress", args=[job.pk]) in body
    progress = text(client.get(reverse("payments:generation_progress", args=[job.pk])))
    assert "Thị trấn Mỹ Thọ" in progress and "Đã lập" in progress and "hx-trigger" not in progress
    # The new person is a "Tăng mới" with the decision number.
    changes = text(client.get(detail(roll)))
    assert "Tăng mới" in changes and "12/QĐ" in changes and "Lê Thị Hoa" in changes


def test_regenerating_an_unchanged_draft_keeps_it(world, login):
    person = person_in(world.commune_a, full_name="Lê Thị Hoa")
    granted(world, person, "5.6", date(2026, 1, 1), disability_level="especially_severe")
    roll = roll_generate(commune=world.commune_a, month=next_month(), actor=world.user("officer_a"))
    client = login(world.user("officer_a"))
    page = client.post(reverse("payments:roll_regenerate", args=[roll.pk]), {"version": roll.version}, follow=True)
    assert f"Đã lập lại danh sách tháng {roll.month:%m/%Y}." in text(page)
    fresh = PaymentRoll.objects.get(pk=roll.pk)
    assert (fresh.version, fresh.total, fresh.lines_count) == (roll.version, roll.total, 1)


def test_a_submitted_roll_is_not_regenerated(world, login):
    person = person_in(world.commune_a, full_name="Lê Thị Hoa")
    granted(world, person, "5.6", date(2026, 1, 1), disability_level="especially_severe")
    roll = roll_generate(commune=world.commune_a, month=next_month(), actor=world.user("officer_a"))
    s.roll_submit(actor=world.user("officer_a"), roll=roll)
    page = login(world.user("officer_a")).post(
        reverse("payments:roll_regenerate", args=[roll.pk]), {"version": roll.version}, follow=True
    )
    assert "đã trình duyệt, không thể lập lại" in text(page)
    assert PaymentRoll.objects.get(pk=roll.pk).status == "submitted"


# --- Jurisdiction -------------------------------------------------------------------------------------------


def test_every_roll_url_of_another_commune_is_404_and_changes_nothing(world, login, django_capture_on_commit_callbacks):
    draft = build_roll(world)
    approved_roll = approved(world, month=date(2026, 10, 1))
    line = PaymentLine.objects.filter(roll=approved_roll).first()
    with django_capture_on_commit_callbacks(execute=True):
        login(world.user("officer_a")).post(reverse("payments:roll_generate_start"), {"thang": f"{next_month():%Y-%m}"})
    job = Job.objects.get()
    client = login(world.user("officer_b"))
    urls = [
        ("get", detail(draft), {}),
        ("get", detail(approved_roll), {}),
        ("post", step(draft, "submit"), {"version": 1}),
        ("post", step(approved_roll, "finish"), {"version": 3}),
        ("post", reverse("payments:roll_regenerate", args=[draft.pk]), {"version": 1}),
        ("post", record(line), {"paid": "1"}),
        ("get", reverse("payments:generation_progress", args=[job.pk]), {}),
    ]
    for method, url, data in urls:
        assert getattr(client, method)(url, data).status_code == 404, url
    assert PaymentRoll.objects.get(pk=draft.pk).status == "draft"
    assert PaymentRoll.objects.get(pk=approved_roll.pk).status == "approved"
    line.refresh_from_db()
    assert line.paid is None
    assert not RollEvent.objects.filter(actor=world.user("officer_b")).exists()


def test_the_district_of_another_commune_cannot_open_it(world, login):
    roll = build_roll(world, world.commune_c)
    assert login(world.user("district_leader")).get(detail(roll)).status_code == 404
    assert login(world.user("province_officer")).get(detail(roll)).status_code == 200


# --- Cost -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["officer_a", "auditor"])
def test_the_roll_page_costs_the_same_for_1_and_30_lines(world, login, persona, django_assert_max_num_queries):
    small = approved(world, lines=1)
    large = approved(world, lines=30, month=date(2026, 10, 1), account_lines=5)
    PaymentLine.objects.filter(roll=large).update(arrears_amount=AMOUNT, arrears_months=["2026-07"])
    client = login(world.user(persona))
    client.get(detail(small))  # warm the session and permission caches alike for both
    counts = []
    for roll in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(detail(roll)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[1]):
        client.get(detail(large))
