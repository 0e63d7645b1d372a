"""One demo account per role (SPEC §1), all with the password `demo12345`."""

from dataclasses import dataclass

from django.db import transaction

from accounts.models import Role, RoleAssignment, User
from accounts.services import assignment_grant

from .places import DemoPlaces

DEMO_PASSWORD = "demo12345"

# Where an assignment sits: an attribute of DemoPlaces (see demo.places.places_find for the fallbacks), or
# "facility": the provincial centre, at its commune.
PLACES = {
    "province": "Tỉnh Đồng Tháp (mã 87, ba cấp)",
    "district": "Huyện Cao Lãnh",
    "commune": "Thị trấn Mỹ Thọ, Huyện Cao Lãnh",
    "commune2": "Xã Mỹ Hiệp, Huyện Cao Lãnh",
    "facility": "Trung tâm Bảo trợ xã hội tổng hợp tỉnh Đồng Tháp (Phường 6, Thành phố Cao Lãnh)",
    "province_2cap": "Thành phố Cần Thơ (mã 92, hai cấp)",
    "commune_2cap": "Phường Ninh Kiều, Thành phố Cần Thơ (hai cấp)",
}


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    position: str
    assignments: tuple[tuple[str, str], ...]  # (role, place key)


DEMO_ACCOUNTS = [
    DemoAccount("canbo.xa", "Nguyễn Thị Thu Trang", "Công chức Văn hóa – Xã hội", ((Role.COMMUNE_OFFICER, "commune"),)),
    DemoAccount("lanhdao.xa", "Trần Văn Hùng", "Phó Chủ tịch Ủy ban nhân dân", ((Role.COMMUNE_LEADER, "commune"),)),
    DemoAccount("canbo.xa2", "Lê Thị Mỹ Linh", "Công chức Văn hóa – Xã hội", ((Role.COMMUNE_OFFICER, "commune2"),)),
    DemoAccount(
        "chuyenvien.huyen",
        "Phạm Minh Tuấn",
        "Chuyên viên Phòng Lao động – Thương binh và Xã hội",
        ((Role.DISTRICT_OFFICER, "district"),),
    ),
    DemoAccount(
        "lanhdao.huyen", "Võ Thanh Hải", "Phó Chủ tịch Ủy ban nhân dân huyện", ((Role.DISTRICT_LEADER, "district"),)
    ),
    DemoAccount(
        "canbo.so",
        "Huỳnh Ngọc Hân",
        "Chuyên viên Phòng Bảo trợ xã hội, Sở Lao động – Thương binh và Xã hội",
        ((Role.PROVINCE_OFFICER, "province"),),
    ),
    DemoAccount("canbo.coso", "Đặng Thị Kim Ngân", "Nhân viên công tác xã hội", ((Role.FACILITY_STAFF, "facility"),)),
    DemoAccount("thanhtra", "Bùi Quốc Cường", "Thanh tra viên", ((Role.AUDITOR, "province"),)),
    DemoAccount(
        "canbo.kiemnhiem",
        "Đỗ Văn Phúc",
        "Công chức Văn hóa – Xã hội, kiêm cộng tác viên thanh tra huyện",
        ((Role.COMMUNE_OFFICER, "commune"), (Role.AUDITOR, "district")),
    ),
    DemoAccount(
        "canbo.xa.2cap", "Trương Thị Bích Ngọc", "Công chức Văn hóa – Xã hội", ((Role.COMMUNE_OFFICER, "commune_2cap"),)
    ),
    DemoAccount(
        "lanhdao.xa.2cap", "Châu Văn Toàn", "Phó Chủ tịch Ủy ban nhân dân", ((Role.COMMUNE_LEADER, "commune_2cap"),)
    ),
    DemoAccount(
        "canbo.so.2cap",
        "Ngô Thị Thanh Thảo",
        "Chuyên viên Phòng Bảo trợ xã hội, Sở Y tế",
        ((Role.PROVINCE_OFFICER, "province_2cap"),),
    ),
]


@transaction.atomic
def accounts_ensure(places: DemoPlaces, centre) -> int:
    """Create missing demo users and grant their roles (assignment_grant is idempotent). Returns new users."""
    created = 0
    for account in DEMO_ACCOUNTS:
        user, was_created = User.objects.get_or_create(
            username=account.username, defaults={"full_name": account.full_name, "position": account.position}
        )
        if was_created:
            # set_password skips the validators on purpose: the demo password is public.
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            created += 1
        for role, key in account.assignments:
            facility = centre if key == "facility" else None
            unit = centre.unit if key == "facility" else getattr(places, key)
            assignment_grant(user=user, role=role, unit=unit, facility=facility, actor=None)
    return created


def accounts_table() -> list[tuple[str, str, str]]:
    """(username, role label, unit or facility name) for every demo assignment, in DEMO_ACCOUNTS order."""
    usernames = [a.username for a in DEMO_ACCOUNTS]
    rows = RoleAssignment.objects.filter(user__username__in=usernames).select_related("user", "unit", "facility")
    ordered = sorted(rows, key=lambda a: (usernames.index(a.user.username), a.id))
    return [(a.user.username, str(a.get_role_display()), str(a.facility or a.unit)) for a in ordered]
