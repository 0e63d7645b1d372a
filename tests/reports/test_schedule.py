"""Scheduled builds and the "Báo cáo định kỳ" page: each deadline's reports are asked for a few days ahead, once
per unit, form and deadline, for both structures; the page shows what is due, built and submitted."""

import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse

from reports.builders import BUILDERS
from reports.models import ReportRequest
from reports.services.requests import report_build, report_mark_submitted
from reports.services.schedule import schedule_due_reports
from reports.tasks import schedule_due_reports_task
from reports.views import requests as views
from tests.payments.conftest import granted

from .infra import TinyBuilder

D = date


@pytest.fixture
def only_10a_10b():
    """Exactly two forms have a builder, whatever builders are installed: the schedule skips the others."""
    saved = dict(BUILDERS)
    BUILDERS.clear()
    BUILDERS.update({"10a": TinyBuilder(), "10b": TinyBuilder()})
    yield BUILDERS
    BUILDERS.clear()
    BUILDERS.update(saved)


@pytest.fixture
def provinces(world):
    """Both provinces have people on allowance, so both report."""
    severe = {"disability_level": "especially_severe"}
    granted(world, world.people["a"], "5.6", D(2026, 1, 1), **severe)
    granted(world, world.people["2a"], "5.6", D(2026, 1, 1), **severe)
    return world


def scheduled() -> set[tuple[str, str, date, date, date, date]]:
    return set(
        ReportRequest.objects.values_list("unit__code", "form", "deadline", "period_start", "period_end", "as_of")
    )


def test_communes_reports_are_asked_for_five_days_before_15_june_once(provinces, only_10a_10b):
    assert schedule_due_reports(today=D(2026, 6, 9)) == 0
    assert schedule_due_reports(today=D(2026, 6, 10)) == 8
    h1 = (D(2026, 6, 15), D(2026, 1, 1), D(2026, 6, 30), D(2026, 6, 10))
    assert scheduled() == {
        (code, form, *h1) for code in ["30001", "30002", "30003", "31001"] for form in ["10a", "10b"]
    }
    assert set(ReportRequest.objects.values_list("requested_by", flat=True)) == {None}

    assert schedule_due_reports(today=D(2026, 6, 10)) == 0  # the same day again
    assert schedule_due_reports(today=D(2026, 6, 12)) == 0  # a later day of the window
    assert ReportRequest.objects.count() == 8

    BUILDERS["10c"] = TinyBuilder()  # a form whose builder arrives later is caught up within the window
    assert schedule_due_reports(today=D(2026, 6, 13)) == 4
    assert ReportRequest.objects.filter(form="10c").count() == 4


def test_districts_report_by_30_june_only_in_the_three_level_province(provinces, only_10a_10b):
    assert schedule_due_reports(today=D(2026, 6, 25)) == 4
    assert {(code, form) for code, form, *_ in scheduled()} == {
        ("873", "10a"),
        ("873", "10b"),
        ("875", "10a"),
        ("875", "10b"),
    }


def test_provinces_report_to_the_ministry_by_15_july_and_15_january(provinces, only_10a_10b):
    assert schedule_due_reports(today=D(2026, 7, 11)) == 4
    assert {(code, period_start, period_end) for code, _f, _d, period_start, period_end, _a in scheduled()} == {
        ("87", D(2026, 1, 1), D(2026, 6, 30)),
        ("92", D(2026, 1, 1), D(2026, 6, 30)),
    }
    assert schedule_due_reports(today=D(2026, 1, 10)) == 4
    assert ReportRequest.objects.filter(deadline=D(2026, 1, 15), period_start=D(2025, 1, 1)).count() == 4


def test_units_no_longer_in_force_do_not_report(provinces, only_10a_10b):
    world = provinces
    world.commune_b.valid_to = D(2025, 6, 30)
    world.commune_b.save(update_fields=["valid_to"])
    schedule_due_reports(today=D(2026, 6, 10))
    assert "30002" not in {code for code, *_ in scheduled()}


def test_a_province_without_people_on_allowance_is_left_alone(world, only_10a_10b):
    assert schedule_due_reports(today=D(2026, 6, 10)) == 0


def test_the_daily_task_builds_whatever_is_due_today(provinces, only_10a_10b, monkeypatch):
    import reports.tasks

    monkeypatch.setattr(reports.tasks, "timezone", SimpleNamespace(localdate=lambda: D(2026, 6, 12)))
    schedule_due_reports_task.delay()
    assert ReportRequest.objects.filter(deadline=D(2026, 6, 15)).count() == 8


# --- The page ---------------------------------------------------------------------------------------------------


def states(page: str) -> dict[str, dict[str, str]]:
    """{deadline: {form: state}} read from the page's sections."""
    found = {}
    for day, section in re.findall(r'data-day="([\d-]+)"(.*?)</section>', page, re.S):
        found[day] = dict(re.findall(r'data-form="(\w+)" data-state="(\w+)"', section))
    return found


def test_the_schedule_page_shows_what_is_due_built_and_submitted(provinces, only_10a_10b, login, monkeypatch):
    world = provinces
    schedule_due_reports(today=D(2026, 6, 10))
    for request in ReportRequest.objects.filter(unit=world.commune_a):
        report_build(request_id=request.pk)
    report_mark_submitted(
        request=ReportRequest.objects.get(unit=world.commune_a, form="10a"), actor=world.user("officer_a")
    )
    monkeypatch.setattr(views, "timezone", SimpleNamespace(localdate=lambda: D(2026, 11, 23)))

    client = login(world.user("officer_a"))
    page = client.get(reverse("reports:schedule")).content.decode()

    assert states(page) == {
        "2026-06-15": {"10a": "submitted", "10b": "built", "10c": "due", "10d": "due"},
        "2026-12-15": {"10a": "due", "10b": "due", "10c": "due", "10d": "due"},
        "2027-06-15": {"10a": "due", "10b": "due", "10c": "due", "10d": "due"},
    }
    assert "Hạn nộp 15/06/2026 · báo cáo 6 tháng đầu năm 2026" in page
    assert "Đã quá hạn" in page
    assert "gửi cấp huyện trước ngày 15/12/2026" in page
    assert "Lập ngay mẫu 10a" in page
    assert "Tự động lập ngày 10/06/2027" in page

    response = client.post(reverse("reports:schedule_build"), {"deadline": "2026-12-15", "form": "10a"})
    assert response.status_code == 302
    made = ReportRequest.objects.get(deadline=D(2026, 12, 15))
    assert (made.unit, made.form, made.period_start, made.period_end, made.as_of) == (
        world.commune_a,
        "10a",
        D(2026, 1, 1),
        D(2026, 12, 31),
        D(2026, 11, 23),
    )
    assert made.requested_by == world.user("officer_a")


def test_the_schedule_page_of_each_level(provinces, only_10a_10b, login, monkeypatch):
    world = provinces
    monkeypatch.setattr(views, "timezone", SimpleNamespace(localdate=lambda: D(2026, 11, 23)))
    pages = {
        who: login(world.user(who)).get(reverse("reports:schedule")).content.decode()
        for who in ["district_officer", "province_officer", "officer_2level", "auditor"]
    }
    assert list(states(pages["district_officer"])) == ["2026-06-30", "2026-12-31", "2027-06-30"]
    assert list(states(pages["province_officer"])) == ["2026-07-15", "2027-01-15", "2027-07-15"]
    assert "gửi cấp tỉnh trước ngày 15/12/2026" in pages["officer_2level"]
    assert "Lập ngay" not in pages["auditor"]  # read-only
    # Building now for a deadline that is not the user's unit's is refused as not found.
    client = login(world.user("officer_a"))
    assert client.post(reverse("reports:schedule_build"), {"deadline": "2026-12-31", "form": "10a"}).status_code == 404
    assert not ReportRequest.objects.exists()
