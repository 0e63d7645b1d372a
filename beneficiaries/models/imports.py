"""An upload of existing beneficiaries (SPEC §4): validated first, saved once, kept for the audit trail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        VALIDATED = "validated", _("Đã kiểm tra")
        SAVED = "saved", _("Đã lưu")
        REJECTED = "rejected", _("Không lưu")

    class Mode(models.TextChoices):
        VALID_ROWS = "valid_rows", _("Lưu các dòng hợp lệ")
        ALL_OR_NOTHING = "all_or_nothing", _("Chỉ lưu khi mọi dòng hợp lệ")

    unit = models.ForeignKey(
        "locations.AdministrativeUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("tệp"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.VALIDATED)
    mode = models.CharField(_("cách lưu"), max_length=16, choices=Mode.choices, default=Mode.VALID_ROWS)
    rows_total = models.PositiveIntegerField(default=0)
    rows_valid = models.PositiveIntegerField(default=0)
    rows_created = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    # [{"row": 5, "column": "Ngày sinh", "message": "…"}]
    errors = models.JSONField(default=list, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    saved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập dữ liệu")
        verbose_name_plural = _("lần nhập dữ liệu")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name
