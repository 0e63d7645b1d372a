"""Personas (STYLE.md): officer and leader of commune A, officer of commune B (same district), officer of
commune C (another district), district officer and leader, province officer, facility staff, auditor —
plus a two-level province with its own commune officer. Units are a small hand-built tree, so each test
starts in milliseconds; the registry load has its own test."""

from dataclasses import dataclass
from datetime import date

import pytest
from auditlog.context import disable_auditlog

from accounts.models import Role, User
from accounts.roles import roles_sync
from accounts.services import assignment_grant
from locations.models import DecidingLevel, DecidingLevelSetting, Structure
from policy.models import Category, Coefficient, FixedAmount, StandardLevel
from policy.seed import seed_fixed_amounts, seed_national

from . import factories as f


@dataclass
class World:
    province: object
    district: object
    district2: object
    commune_a: object
    commune_b: object
    commune_c: object
    province2: object
    commune_2a: object
    facility: object
    people: dict
    users: dict

    def user(self, key) -> User:
        return self.users[key]


PERSONAS = {
    "officer_a": (Role.COMMUNE_OFFICER, "commune_a"),
    "leader_a": (Role.COMMUNE_LEADER, "commune_a"),
    "officer_b": (Role.COMMUNE_OFFICER, "commune_b"),
    "officer_c": (Role.COMMUNE_OFFICER, "commune_c"),
    "district_officer": (Role.DISTRICT_OFFICER, "district"),
    "district_leader": (Role.DISTRICT_LEADER, "district"),
    "province_officer": (Role.PROVINCE_OFFICER, "province"),
    "facility_staff": (Role.FACILITY_STAFF, "facility"),
    "auditor": (Role.AUDITOR, "province"),
    "officer_2level": (Role.COMMUNE_OFFICER, "commune_2a"),
}


@pytest.fixture(autouse=True, scope="session")
def _celery_eager():
    # Tests run tasks in-process; the broker round trip against Redis has its own test (test_real_stack).
    from config.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's 1,000,000 rounds make each persona cost ~0.3 s; the hasher is not what these tests check.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded papers and import files go to a temporary folder, never into the working tree.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db) -> World:
    return build_world()


def build_world() -> World:
    roles_sync()
    # Live-server (transactional) tests flush every table afterwards, the data migration's rows included.
    with disable_auditlog():
        seed_national(Category, StandardLevel, Coefficient)
        seed_fixed_amounts(FixedAmount)
    province = f.province("Tỉnh Đồng Tháp", "87")
    district = f.district(province, "Huyện Cao Lãnh", "873")
    district2 = f.district(province, "Huyện Lấp Vò", "875")
    commune_a = f.commune(district, "Thị trấn Mỹ Thọ", "30001")
    commune_b = f.commune(district, "Xã Mỹ Hiệp", "30002")
    commune_c = f.commune(district2, "Xã Vĩnh Thạnh", "30003")
    province2 = f.province("Thành phố Cần Thơ", "92", Structure.TWO_LEVEL)
    commune_2a = f.commune(province2, "Phường Ninh Kiều", "31001")
    DecidingLevelSetting.objects.create(
        province=province, level=DecidingLevel.DISTRICT, effective_from=date(2021, 7, 1)
    )
    facility = f.FacilityFactory(name="Trung tâm Bảo trợ xã hội tổng hợp", unit=commune_a)
    people = {}
    for key, unit in [("a", commune_a), ("b", commune_b), ("c", commune_c), ("2a", commune_2a)]:
        village = f.VillageFactory(commune=unit)
        people[key] = f.PersonFactory(full_name=f"Nguyễn Văn Đức {key.upper()}", commune=unit, village=village)
    units = {
        "province": province,
        "district": district,
        "commune_a": commune_a,
        "commune_b": commune_b,
        "commune_c": commune_c,
        "commune_2a": commune_2a,
        "facility": commune_a,
    }
    users = {}
    for key, (role, unit_key) in PERSONAS.items():
        user = f.UserFactory(username=key)
        # Services read the actor's working assignment, as the middleware sets it on each request.
        user.active_assignment = assignment_grant(
            user=user,
            role=role,
            unit=units[unit_key],
            actor=None,
            facility=facility if role == Role.FACILITY_STAFF else None,
        )
        users[key] = user
    return World(
        province, district, district2, commune_a, commune_b, commune_c, province2, commune_2a, facility, people, users
    )


@pytest.fixture
def login(client):
    """Log a persona in (force_login: the throttled login form has its own tests)."""

    def _login(user):
        client.force_login(user, backend="accounts.backends.AssignmentBackend")
        return client

    return _login
