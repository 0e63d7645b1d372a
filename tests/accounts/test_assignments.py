"""Role assignments: levels, the switcher, permissions that follow the active assignment, security events."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role, SecurityEvent
from accounts.services import assignment_grant, assignment_revoke


def test_role_must_fit_the_unit_level(world):
    with pytest.raises(ValidationError) as err:
        assignment_grant(user=world.user("officer_a"), role=Role.DISTRICT_LEADER, unit=world.commune_b, actor=None)
    assert "Lãnh đạo cấp huyện" in str(err.value)


def test_granting_and_revoking_a_role_is_recorded(world):
    actor = world.user("province_officer")
    assignment = assignment_grant(user=world.user("officer_b"), role=Role.AUDITOR, unit=world.district, actor=actor)
    granted = SecurityEvent.objects.get(kind=SecurityEvent.Kind.ROLE_GRANTED, user=world.user("officer_b"), actor=actor)
    assert granted.detail["role"] == "auditor" and granted.detail["unit"] == "873"
    assignment_revoke(assignment=assignment, actor=actor)
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ROLE_REVOKED, user=world.user("officer_b")).count() == 1


def test_switching_assignment_changes_scope_and_permissions(world, login):
    user = world.user("officer_a")
    second = assignment_grant(user=user, role=Role.AUDITOR, unit=world.district2, actor=None)
    client = login(user)
    home = client.get(reverse("core:home")).content.decode()
    assert "Đổi vai trò" in home and "Thanh tra – Huyện Lấp Vò" in home

    response = client.post(reverse("accounts:switch"), {"assignment": second.pk})
    assert response.status_code == 302
    html = client.get(reverse("beneficiaries:person_list")).content.decode()
    assert world.people["c"].full_name in html and world.people["a"].full_name not in html
    # As auditor the HIV permission of the commune role is gone.
    assert client.get(reverse("beneficiaries:person_detail", args=[world.people["c"].pk])).status_code == 200
    assert (
        "Tình trạng HIV"
        not in client.get(reverse("beneficiaries:person_detail", args=[world.people["c"].pk])).content.decode()
    )
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ASSIGNMENT_SWITCHED, user=user).exists()


def test_switching_to_someone_elses_assignment_is_404(world, login):
    other = world.user("officer_c").assignments.get()
    client = login(world.user("officer_a"))
    assert client.post(reverse("accounts:switch"), {"assignment": other.pk}).status_code == 404
    html = client.get(reverse("beneficiaries:person_list")).content.decode()
    assert world.people["c"].full_name not in html


def test_expired_assignment_gives_no_access(world, login):
    from datetime import date

    assignment = world.user("officer_b").assignments.get()
    assignment.valid_to = date(2020, 1, 1)
    assignment.save()
    client = login(world.user("officer_b"))
    assert client.get(reverse("core:home")).status_code == 403
    assert client.get(reverse("beneficiaries:person_list")).status_code == 403
