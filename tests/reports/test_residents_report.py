"""Facility residents: the figures (hand-built fixture), as-of reproducibility, the on-screen page and who sees what."""

from datetime import date

import pytest
from django.urls import reverse

from core.models import Job
from facilities.models import Resident
from reports.queries.residents import residents_figures
from tests import factories as f

from .fixtures_emergency_facilities import AS_OF, PERIOD, at, build_facilities, build_report, discharge, resident

pytestmark = pytest.mark.django_db

URL = reverse("reports:facility_figures")
PERIOD_QUERY = {"tu": "01/01/2026", "den": "30/06/2026"}


def _figures(world, *, unit=None, as_of=AS_OF):
    return residents_figures(unit=unit or world.province, period_start=PERIOD[0], period_end=PERIOD[1], as_of=as_of)


def test_residents_by_facility_group_age_and_sex_match_the_hand_count(world):
    build_facilities(world)
    report = _figures(world)
    assert [(line.kind, line.label) for line in report.lines] == [
        ("ownership", "Công lập"),
        ("facility", "Trung tâm Bảo trợ xã hội tổng hợp"),
        ("ownership", "Ngoài công lập"),
        ("facility", "Mái ấm Hoa Hồng"),
        ("total", "Tỉnh Đồng Tháp"),
    ]
    centre, home = (line.figures for line in report.facilities)
    # The 66-year-old discharged on 20/04 is gone; the man turning 60 on 01/07 is still 59; the boy born
    # 30/06/2022 is 4 on the period's last day.
    assert centre.residents == 3
    assert centre.by_group == {"elderly": 1, "children": 1, "disability": 0, "mental": 0, "general": 1}
    assert centre.by_age == {"under_4": 0, "4_15": 1, "16_59": 1, "60_79": 0, "80_plus": 1}
    assert centre.by_sex == {"M": 2, "F": 1}
    assert (centre.capacity, centre.occupancy) == (100, 0.03)
    assert home.by_age == {"under_4": 1, "4_15": 1, "16_59": 0, "60_79": 0, "80_plus": 0}
    assert (home.residents, home.capacity, home.occupancy) == (2, 20, 0.1)
    total = report.total
    assert (total.residents, total.capacity) == (5, 120)
    assert total.by_sex == {"M": 3, "F": 2}
    assert total.occupancy_of("children") == 3 / 50
    assert total.occupancy_of("mental") is None


def test_admissions_by_path_and_discharges_by_reason_in_the_period(world):
    build_facilities(world)
    total = _figures(world).total
    assert total.admissions == {"regular": 0, "emergency": 1, "contract": 0, "by_law": 0}
    assert total.discharged == 1
    assert total.discharges["own_request"] == 1


def test_a_discharge_recorded_after_the_closing_date_leaves_the_report_as_it_was(world):
    facilities = build_facilities(world)
    late = resident(world, facilities.home, "Kha Văn Bảy", "M", date(2012, 2, 2), "children", date(2025, 1, 5))
    discharge(late, date(2026, 6, 25), Resident.DischargeReason.ADOPTED, recorded=date(2026, 7, 15))
    before = _figures(world).total
    assert (before.residents, before.discharged) == (6, 1)
    after = _figures(world, as_of=date(2026, 7, 20)).total
    assert (after.residents, after.discharged, after.discharges["adopted"]) == (5, 2, 1)


def test_a_stay_recorded_after_the_closing_date_is_left_out(world):
    facilities = build_facilities(world)
    stay = resident(world, facilities.home, "Kha Thị Tám", "F", date(2015, 2, 2), "children", date(2026, 6, 1))
    Resident.objects.filter(pk=stay.pk).update(created_at=at(date(2026, 7, 11)))
    assert _figures(world).total.admitted == 1
    assert _figures(world, as_of=date(2026, 7, 11)).total.admitted == 2


def test_a_commune_report_counts_only_facilities_located_there(world):
    build_facilities(world)
    report = _figures(world, unit=world.commune_c)
    assert [line.label for line in report.facilities] == ["Mái ấm Hoa Hồng"]
    assert report.total.residents == 2


def test_a_residents_report_asked_by_facility_staff_shows_only_their_facility(world):
    facilities = build_facilities(world)
    neighbour = f.FacilityFactory(name="Mái ấm Tình Thương", unit=world.commune_a, capacity=10)
    resident(world, neighbour, "Tô Văn Chín", "M", date(2016, 4, 4), "children", date(2025, 3, 3))
    everyone = build_report("residents", world.commune_a)[0]["Đối tượng tại cơ sở"]
    assert [everyone[f"B{r}"].value for r in (13, 14, 15, 16)] == [
        "Công lập",
        "Mái ấm Tình Thương",
        "Trung tâm Bảo trợ xã hội tổng hợp",
        "Tổng cộng",
    ]
    job = Job.objects.create(kind="report", title="Đối tượng tại cơ sở", params={"facility": facilities.centre.pk})
    own = build_report("residents", world.commune_a, job=job)[0]["Đối tượng tại cơ sở"]
    assert [own[f"B{r}"].value for r in (13, 14, 15)] == ["Công lập", "Trung tâm Bảo trợ xã hội tổng hợp", "Tổng cộng"]
    assert (own["C15"].value, own["P15"].value) == (3, 100)


def test_province_officer_sees_every_facility_on_screen(world, login):
    build_facilities(world)
    response = login(world.user("province_officer")).get(URL, PERIOD_QUERY)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Trung tâm Bảo trợ xã hội tổng hợp" in page and "Mái ấm Hoa Hồng" in page
    assert response.context["report"].total.residents == 5
    assert response.context["total_occupancy"] == "4,2 %"


def test_facility_staff_see_only_their_facility(world, login):
    facilities = build_facilities(world)
    client = login(world.user("facility_staff"))
    response = client.get(URL, PERIOD_QUERY)
    assert [line.label for line in response.context["report"].facilities] == ["Trung tâm Bảo trợ xã hội tổng hợp"]
    assert "Mái ấm Hoa Hồng" not in response.content.decode()
    assert response.context["report"].total.residents == 3
    assert client.get(URL, {**PERIOD_QUERY, "co_so": facilities.home.pk}).status_code == 404


def test_a_commune_officer_cannot_open_another_units_facility(world, login):
    facilities = build_facilities(world)
    client = login(world.user("officer_c"))
    assert client.get(URL, {**PERIOD_QUERY, "co_so": facilities.centre.pk}).status_code == 404
    response = client.get(URL, {**PERIOD_QUERY, "co_so": facilities.home.pk})
    assert response.context["report"].total.residents == 2


def test_a_period_ending_before_it_starts_names_the_field(world, login):
    build_facilities(world)
    response = login(world.user("province_officer")).get(URL, {"tu": "30/06/2026", "den": "01/01/2026"})
    assert response.status_code == 200
    assert response.context["form"].errors["den"] == ["Đến ngày: phải từ ngày 30/06/2026 trở đi."]
