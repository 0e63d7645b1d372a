"""Staff, their role assignments at units, and security events (SPEC §1)."""

from datetime import date

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")

    def __str__(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    COMMUNE_OFFICER = "commune_officer", _("Cán bộ cấp xã")
    COMMUNE_LEADER = "commune_leader", _("Lãnh đạo UBND xã")
    DISTRICT_OFFICER = "district_officer", _("Chuyên viên cấp huyện")
    DISTRICT_LEADER = "district_leader", _("Lãnh đạo cấp huyện")
    PROVINCE_OFFICER = "province_officer", _("Cán bộ Sở")
    FACILITY_STAFF = "facility_staff", _("Cán bộ cơ sở trợ giúp xã hội")
    AUDITOR = "auditor", _("Thanh tra")


# The unit level each role is held at; the auditor may be placed at any level.
ROLE_LEVEL = {
    Role.COMMUNE_OFFICER: {"commune"},
    Role.COMMUNE_LEADER: {"commune"},
    Role.DISTRICT_OFFICER: {"district"},
    Role.DISTRICT_LEADER: {"district"},
    Role.PROVINCE_OFFICER: {"province"},
    Role.FACILITY_STAFF: {"province", "district", "commune"},
    Role.AUDITOR: {"province", "district", "commune"},
}


class AssignmentQuerySet(models.QuerySet):
    def current(self, day: date | None = None):
        day = day or timezone.localdate()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class RoleAssignment(models.Model):
    """A user holds one role at one unit (or facility) for a period."""

    user = models.ForeignKey(User, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "locations.AdministrativeUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    facility = models.ForeignKey(
        "facilities.Facility",
        verbose_name=_("cơ sở"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff_assignments",
    )
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        ordering = ["user", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit", "facility"], name="assignment_unique"),
            models.CheckConstraint(
                condition=~Q(role="facility_staff") | Q(facility__isnull=False), name="facility_staff_has_facility"
            ),
        ]

    def __str__(self) -> str:
        where = self.facility or self.unit
        return f"{self.get_role_display()} – {where}"


class SecurityEvent(models.Model):
    """Append-only record of logins, failed logins, lockouts and role changes."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Đăng nhập")
        LOGIN_FAILED = "login_failed", _("Đăng nhập sai")
        LOCKED_OUT = "locked_out", _("Bị khoá tạm thời")
        LOGOUT = "logout", _("Đăng xuất")
        ROLE_GRANTED = "role_granted", _("Cấp vai trò")
        ROLE_REVOKED = "role_revoked", _("Thu hồi vai trò")
        ASSIGNMENT_SWITCHED = "assignment_switched", _("Đổi vai trò làm việc")

    kind = models.CharField(_("loại"), max_length=24, choices=Kind.choices)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="security_events")
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(_("tên đăng nhập"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sự kiện an ninh")
        verbose_name_plural = _("sự kiện an ninh")
        ordering = ["-at"]
        indexes = [models.Index(fields=["username", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_kind_display()} {self.username}"
