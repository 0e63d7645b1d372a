"""The emergency pages through the test client: forms post to the services, errors show on the page in
Vietnamese, the detail pages show the exact amounts and totals."""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from beneficiaries.models import Household
from emergency.models import Assessment, Disbursement, Incident

from .flow import approved, assess, household, hurt, incident


def test_a_commune_opens_an_incident_from_the_form(world, login):
    client = login(world.user("officer_a"))
    page = client.get(reverse("emergency:incident_create"))
    assert page.status_code == 200
    assert 'type="hidden" name="communes"' in page.content.decode()  # its own commune, nothing to choose
    response = client.post(
        reverse("emergency:incident_create"),
        {
            "name": "Lũ ấp Mỹ Thuận",
            "kind": "flood",
            "occurred_on": "02/10/2025",
            "communes": [world.commune_a.pk],
            "villages": "Ấp 1, Ấp 3",
            "especially_urgent": "on",
        },
    )
    event = Incident.objects.get()
    assert response.url == reverse("emergency:incident_detail", args=[event.pk])
    assert (event.occurred_on, event.unit, event.especially_urgent) == (date(2025, 10, 2), world.commune_a, True)
    assert event.areas.get().villages == "Ấp 1, Ấp 3"
    listing = client.get(reverse("emergency:index")).content.decode()
    assert "Lũ ấp Mỹ Thuận" in listing and "0 phiếu đánh giá" in listing


def test_a_future_date_is_refused_on_the_form(world, login):
    client = login(world.user("officer_a"))
    tomorrow = timezone.localdate().toordinal() + 1
    day = date.fromordinal(tomorrow).strftime("%d/%m/%Y")
    response = client.post(
        reverse("emergency:incident_create"),
        {"name": "Cháy", "kind": "fire", "occurred_on": day, "communes": [world.commune_a.pk]},
    )
    assert response.status_code == 200
    assert "Ngày xảy ra không được sau hôm nay." in response.content.decode()
    assert not Incident.objects.exists()


def test_assessing_a_registry_household_and_a_new_one(world, login):
    event = incident(world)
    home = household(world.commune_a, "Trương Văn Lộc", Household.Poverty.POOR, members=3)
    client = login(world.user("officer_a"))
    url = reverse("emergency:assessment_create", args=[event.pk, world.commune_a.pk])
    found = client.get(reverse("emergency:household_search", args=[event.pk, world.commune_a.pk]), {"q": "truong loc"})
    assert f'value="{home.pk}"' in found.content.decode()
    facts = {"house_damage": "lost", "food_short_members": "3", "food_months": "2"}
    response = client.post(url, {"household": home.pk, **facts})
    assessment = Assessment.objects.get(household=home)
    assert response.url == reverse("emergency:assessment_detail", args=[assessment.pk])
    detail = client.get(response.url).content.decode()
    assert "40.000.000\xa0₫" in detail and "90 kg" in detail
    assert "Khoản 1 Điều 15 Nghị định 20/2021/NĐ-CP" in detail
    response = client.post(url, {"household": home.pk, **facts})
    assert "Hộ Trương Văn Lộc đã có phiếu đánh giá trong sự kiện này; hãy sửa phiếu đó." in response.content.decode()
    response = client.post(
        url,
        {
            "new_household": "on",
            "head_name": "Đinh Thị Hoa",
            "sex": "F",
            "birth_year": "1980",
            "poverty_status": "none",
            "house_damage": "lost",
            "members": "2",
        },
    )
    created = Assessment.objects.get(household__head_name="Đinh Thị Hoa")
    detail = client.get(reverse("emergency:assessment_detail", args=[created.pk])).content.decode()
    assert "Không đủ điều kiện khoản 1 Điều 15: hộ không thuộc hộ nghèo, cận nghèo hoặc hoàn cảnh khó khăn" in detail


def test_food_for_four_months_is_refused_on_the_form(world, login):
    event = incident(world)
    home = household(world.commune_a, members=4)
    client = login(world.user("officer_a"))
    url = reverse("emergency:assessment_create", args=[event.pk, world.commune_a.pk])
    response = client.post(
        url, {"household": home.pk, "house_damage": "none", "food_short_members": "4", "food_months": "4"}
    )
    assert response.status_code == 200
    assert "Mỗi đợt chỉ hỗ trợ gạo tối đa 3 tháng (khoản 1 Điều 12); đã nhập 4 tháng." in response.content.decode()
    assert not Assessment.objects.exists()


def test_people_and_amounts_from_the_detail_page(world, login):
    assessment = assess(world, incident(world), household(world.commune_a, "Võ Văn Kiệt"))
    client = login(world.user("officer_a"))
    url = reverse("emergency:person_add", args=[assessment.pk])
    client.post(
        url,
        {
            "version": assessment.version,
            "person-full_name": "Võ Văn Tài",
            "person-harm": "injured",
            "person-treatment_days": "4",
        },
    )
    assessment.refresh_from_db()
    line = assessment.lines.get()
    assert (line.aid_type, line.amount) == ("injured", 5_000_000)
    response = client.post(
        reverse("emergency:line_amount", args=[assessment.pk, line.pk]),
        {"version": assessment.version, f"line{line.pk}-amount": "4000000", f"line{line.pk}-reason": ""},
    )
    assert response.status_code == 400
    assert "thấp hơn mức tối thiểu 5.000.000 ₫ theo quy định: cần ghi lý do." in response.content.decode()
    line.refresh_from_db()
    assert line.amount == 5_000_000
    client.post(
        reverse("emergency:line_amount", args=[assessment.pk, line.pk]),
        {"version": assessment.version, f"line{line.pk}-amount": "7000000"},
    )
    line.refresh_from_db()
    assert line.amount == 7_000_000
    detail = client.get(reverse("emergency:assessment_detail", args=[assessment.pk])).content.decode()
    assert "Đề xuất hỗ trợ" in detail and "7.000.000\xa0₫" in detail


def test_decide_and_disburse_through_the_pages(world, login):
    event = incident(world, especially_urgent=True)
    home = household(world.commune_a, "Mạc Văn Khoa", Household.Poverty.NEAR_POOR)
    assessment = assess(world, event, home, house_damage="serious", members=3)
    officer = login(world.user("officer_a"))
    officer.post(reverse("emergency:assessment_step", args=[assessment.pk, "propose"]), {"version": 1})
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.PROPOSED
    leader = login(world.user("leader_a"))
    detail = leader.get(reverse("emergency:assessment_detail", args=[assessment.pk])).content.decode()
    assert "Quyết định hỗ trợ" in detail and "Hạn quyết định" in detail
    leader.post(
        reverse("emergency:assessment_step", args=[assessment.pk, "approve"]),
        {"version": assessment.version, "decision_number": "31/QĐ-UBND"},
    )
    assessment.refresh_from_db()
    assert (assessment.status, assessment.decision_number) == (Assessment.Status.APPROVED, "31/QĐ-UBND")
    line = assessment.lines.get()
    officer = login(world.user("officer_a"))
    url = reverse("emergency:disburse", args=[assessment.pk, line.pk])
    form = officer.get(url)
    assert form.context["form"].initial["amount"] == 20_000_000
    for source, amount in (("commune", "12000000"), ("community", "8000000")):
        response = officer.post(
            url,
            {
                "source": source,
                "method": "cash",
                "amount": amount,
                "rice_kg": "0",
                "paid_on": "05/10/2025",
                "recipient_name": "Mạc Văn Khoa",
                "recipient_signed": "on",
            },
        )
        assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DISBURSED
    assert sorted(Disbursement.objects.values_list("source", "amount")) == [
        ("commune", 12_000_000),
        ("community", 8_000_000),
    ]
    page = officer.get(reverse("emergency:incident_detail", args=[event.pk]))
    totals = page.context["totals"]
    assert (totals.households, totals.decided_amount, totals.disbursed_amount) == (1, 20_000_000, 20_000_000)
    assert totals.houses["serious"] == 1
    text = page.content.decode()
    assert 'data-testid="by-source-total">20.000.000\xa0₫' in text
    assert page.context["chart"]["values"] == [0, 0, 0, 12_000_000, 8_000_000]


def test_incident_detail_counts_people_hurt(world, login):
    event = incident(world, especially_urgent=True)
    assessment = assess(world, event, household(world.commune_a, members=5), members=5)
    hurt(world, assessment, "Người 1", "dead")
    hurt(world, assessment, "Người 2", "missing")
    hurt(world, assessment, "Người 3", "injured", 10)
    approved(world, assessment)
    page = login(world.user("leader_a")).get(reverse("emergency:incident_detail", args=[event.pk]))
    totals = page.context["totals"]
    assert (totals.people, totals.injured, totals.dead, totals.missing) == (5, 1, 1, 1)
    assert totals.decided_amount == 25_000_000 * 2 + 5_000_000
