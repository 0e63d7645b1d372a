"""Shared tables: long-running job rows and the province's declared calendar days."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """A background job the user can watch: the page polls this row for its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        DONE = "done", _("Hoàn tất")
        FAILED = "failed", _("Lỗi")

    kind = models.CharField(_("loại việc"), max_length=40)
    title = models.CharField(_("tên việc"), max_length=200)
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    message = models.CharField(_("bước hiện tại"), max_length=255, blank=True)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    unit = models.ForeignKey(
        "locations.AdministrativeUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("công việc nền")
        verbose_name_plural = _("công việc nền")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class CalendarDay(models.Model):
    """A day a province declares off (or a make-up working day) on top of the national holidays."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ")
        WORKING_DAY = "working_day", _("Ngày làm việc bù")

    province = models.ForeignKey(
        "locations.AdministrativeUnit",
        verbose_name=_("tỉnh"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Để trống: áp dụng toàn quốc."),
    )
    day = models.DateField(_("ngày"))
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices, default=Kind.DAY_OFF)
    name = models.CharField(_("lý do"), max_length=200)

    class Meta:
        verbose_name = _("ngày nghỉ/làm bù do tỉnh công bố")
        verbose_name_plural = _("ngày nghỉ/làm bù do tỉnh công bố")
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["province", "day"], name="calendar_day_unique")]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.name}"
