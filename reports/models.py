"""Reports (decree20.md §8; SPEC §5): a request for a form, a unit and a period, built by Celery as of a
closing date and kept in the download centre with who asked, when and for what."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportForm(models.TextChoices):
    F10A = "10a", _("Mẫu 10a – Trợ giúp xã hội thường xuyên")
    F10B = "10b", _("Mẫu 10b – Trợ giúp xã hội khẩn cấp")
    F10C = "10c", _("Mẫu 10c – Thực hiện chính sách đối với người cao tuổi")
    F10D = "10d", _("Mẫu 10d – Thực hiện chính sách đối với người khuyết tật")
    WORKBOOK = "workbook", _("Báo cáo tổng hợp của tỉnh")
    CASHLESS = "cashless", _("Chi trả không dùng tiền mặt")
    FUNERAL = "funeral", _("Hỗ trợ chi phí mai táng")
    RESIDENTS = "residents", _("Đối tượng tại cơ sở trợ giúp xã hội")


class ReportRequest(models.Model):
    form = models.CharField(_("mẫu báo cáo"), max_length=10, choices=ReportForm.choices)
    unit = models.ForeignKey(
        "locations.AdministrativeUnit", verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    # Data recorded after the end of this day is left out, so the same request gives the same numbers later.
    as_of = models.DateField(_("số liệu chốt đến ngày"))
    job = models.OneToOneField("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="report")
    file = models.FileField(_("tệp báo cáo"), upload_to="reports/%Y/%m/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    # Built by the schedule a few days before a reporting deadline (None when requested by hand).
    deadline = models.DateField(_("hạn nộp"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("đã nộp lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["unit", "-requested_at"]), models.Index(fields=["deadline", "form"])]

    def __str__(self) -> str:
        return f"{self.get_form_display()} – {self.unit} ({self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y})"
