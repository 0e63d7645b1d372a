"""The deciding level is a per-province, date-effective setting (SPEC §1)."""

from datetime import date

import pytest
from django.urls import reverse

from locations.models import DecidingLevel
from locations.selectors import deciding_level_on
from locations.services import deciding_level_set


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2021, 7, 1), DecidingLevel.DISTRICT),
        (date(2025, 6, 30), DecidingLevel.DISTRICT),
        (date(2025, 7, 1), DecidingLevel.COMMUNE),
        (date(2026, 11, 22), DecidingLevel.COMMUNE),
    ],
)
def test_switch_to_commune_level_applies_from_its_date(world, day, expected):
    deciding_level_set(
        province=world.province,
        level=DecidingLevel.COMMUNE,
        effective_from=date(2025, 7, 1),
        legal_basis="NĐ 147/2025",
        actor=None,
    )
    assert deciding_level_on(world.province, day) == expected


def test_without_a_setting_the_structure_decides(world):
    assert deciding_level_on(world.province2, date(2025, 8, 1)) == DecidingLevel.COMMUNE
    world.province.deciding_levels.all().delete()
    assert deciding_level_on(world.province, date(2024, 1, 1)) == DecidingLevel.DISTRICT


def test_province_officer_sets_the_level_in_the_browser_form(world, login):
    client = login(world.user("province_officer"))
    response = client.post(
        reverse("locations:deciding_level_add"),
        {"level": "commune", "effective_from": "01/07/2025", "legal_basis": "Nghị định 147/2025/NĐ-CP"},
        follow=True,
    )
    assert "Đã lưu cấp quyết định" in response.content.decode()
    assert deciding_level_on(world.province, date(2025, 7, 2)) == DecidingLevel.COMMUNE
    entry = world.province.deciding_levels.get(effective_from=date(2025, 7, 1))
    from auditlog.models import LogEntry

    assert LogEntry.objects.get_for_object(entry).get().actor == world.user("province_officer")


def test_bad_date_is_refused_in_vietnamese_and_nothing_saved(world, login):
    client = login(world.user("province_officer"))
    response = client.post(
        reverse("locations:deciding_level_add"),
        {"level": "commune", "effective_from": "31/02/2025", "legal_basis": "x"},
        follow=True,
    )
    assert "Áp dụng từ ngày" in response.content.decode()
    assert world.province.deciding_levels.count() == 1


def test_commune_officer_cannot_change_the_level(world, login):
    client = login(world.user("officer_a"))
    response = client.post(
        reverse("locations:deciding_level_add"),
        {"level": "commune", "effective_from": "01/07/2025", "legal_basis": "x"},
    )
    assert response.status_code == 403
    assert deciding_level_on(world.province, date(2025, 8, 1)) == DecidingLevel.DISTRICT
