"""load_demo_data against the real registry: idempotent, and one working account per role at the right unit.

The command is called through its class, so these tests do not depend on "demo" being in INSTALLED_APPS.
"""

from io import StringIO

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from accounts.models import RoleAssignment, User
from beneficiaries.models import Entitlement, Household, Person
from core.text import fold
from demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, accounts_table
from demo.management.commands.load_demo_data import Command
from dossiers.models import Dossier
from facilities.models import Facility
from locations.models import AdministrativeUnit, DecidingLevelSetting, Village

EXPECTED_UNITS = {  # place key → (structure, level, name)
    "commune": ("three_level", "commune", "Thị trấn Mỹ Thọ"),
    "commune2": ("three_level", "commune", "Xã Mỹ Hiệp"),
    "district": ("three_level", "district", "Huyện Cao Lãnh"),
    "province": ("three_level", "province", "Tỉnh Đồng Tháp"),
    "facility": ("three_level", "commune", "Phường 6"),
    "commune_2cap": ("two_level", "commune", "Phường Ninh Kiều"),
    "province_2cap": ("two_level", "province", "Thành phố Cần Thơ"),
}


def _counts() -> dict[str, int]:
    return {
        "people": Person.objects.count(),
        "households": Household.objects.count(),
        "villages": Village.objects.count(),
        "facilities": Facility.objects.count(),
        "users": User.objects.count(),
        "assignments": RoleAssignment.objects.count(),
        "deciding_levels": DecidingLevelSetting.objects.count(),
        "entitlements": Entitlement.objects.count(),
        "dossiers": Dossier.objects.count(),
    }


def _load(people: int = 300) -> None:
    call_command(Command(), people=people, seed=20250101, stdout=StringIO())


def test_second_run_creates_nothing_and_demo_communes_are_populated(db):
    call_command("load_admin_units")
    _load()
    first = _counts()
    _load()
    assert _counts() == first
    assert first["people"] == 300 and first["facilities"] == 4 and first["users"] == 12 and first["assignments"] == 13
    assert first["deciding_levels"] == 2
    # Work waiting for each demo role: the commune leader, the district leader, the two-level commune leader.
    states = sorted(Dossier.objects.values_list("flow", "status"))
    assert states == [("three_level", "appraised"), ("three_level", "submitted"), ("two_level", "submitted")]
    ids = list(Person.objects.values_list("id_number", flat=True))
    assert len(ids) == len(set(ids)) == 300
    demo_commune = Person.objects.filter(commune__name="Thị trấn Mỹ Thọ", commune__structure="three_level")
    assert demo_commune.count() >= 150
    assert Person.objects.filter(commune__province__code="92", commune__structure="two_level").count() == 75
    assert not Person.objects.filter(village__isnull=True).exists()
    for person in Person.objects.select_related("village", "household"):
        assert person.village.commune_id == person.commune_id == person.household.commune_id
    names = list(Person.objects.values_list("full_name", "name_folded"))
    assert all(folded == fold(name) and folded.isascii() for name, folded in names)  # same as search uses
    hung_phuoc = Facility.objects.get(name="Cơ sở Hưng Phước Thành")
    assert (hung_phuoc.unit.name, hung_phuoc.unit.parent.name) == ("Xã Mỹ Quý", "Huyện Tháp Mười")
    province = AdministrativeUnit.objects.get(structure="three_level", level="province", code="87")
    assert province.social_office_name == "Sở Lao động – Thương binh và Xã hội tỉnh Đồng Tháp"
    assert province.deciding_levels.get().level == "district"


def test_demo_people_receive_allowances_the_rules_would_give(db):
    from beneficiaries.facts import entitlement_facts
    from policy.rules import line_for
    from policy.selectors import rate_tables

    call_command("load_admin_units")
    _load()
    entitlements = list(Entitlement.objects.select_related("person__household", "person__commune", "category",
                                                           "commune__province"))  # fmt: skip
    codes = {e.category.code for e in entitlements}
    assert {"5.1.b", "5.6"} <= codes and len(entitlements) > 200
    for entitlement in entitlements:
        tables = rate_tables(entitlement.commune.province)
        line = line_for(entitlement.category.code, entitlement_facts(entitlement), entitlement.start_month, tables)
        assert (line.amount, line.coefficient) == (entitlement.amount, entitlement.coefficient), entitlement.pk
        events = list(entitlement.events.order_by("at", "id").values_list("kind", "reason", "month"))
        assert events[0][0] == "granted"
        # The only later change the demo makes: a demo resident's allowance is held while in the facility.
        assert all((kind, reason) == ("suspended", "in_facility") for kind, reason, _ in events[1:]), events
        assert all(month >= entitlement.start_month for _, _, month in events), events


def test_every_demo_account_logs_in_and_holds_its_roles_at_the_right_units(db):
    call_command("load_admin_units")
    _load(people=0)
    request = RequestFactory().post("/tai-khoan/dang-nhap/", REMOTE_ADDR="10.0.0.9")
    for account in DEMO_ACCOUNTS:
        user = authenticate(request, username=account.username, password=DEMO_PASSWORD)
        assert user is not None, account.username
        assert user.full_name == account.full_name
        held = {(a.role, a.unit.structure, a.unit.level, a.unit.name) for a in user.assignments.select_related("unit")}
        expected = {(role, *EXPECTED_UNITS[key]) for role, key in account.assignments}
        assert held == expected, account.username
    staff = RoleAssignment.objects.get(user__username="canbo.coso")
    assert staff.facility.name == "Trung tâm Bảo trợ xã hội tổng hợp tỉnh Đồng Tháp"
    assert len(accounts_table()) == 13 and accounts_table()[0] == ("canbo.xa", "Cán bộ cấp xã", "Thị trấn Mỹ Thọ")
