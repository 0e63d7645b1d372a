"""Social assistance facilities (Decree 20/2021 Art. 24–31). Residents and admissions come with issue 6."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Facility(models.Model):
    class Ownership(models.TextChoices):
        PUBLIC = "public", _("Công lập")
        NON_PUBLIC = "non_public", _("Ngoài công lập")

    class ManagingLevel(models.TextChoices):
        PROVINCE = "province", _("Cấp tỉnh")
        DISTRICT = "district", _("Cấp huyện (trước 2025)")
        COMMUNE = "commune", _("Cấp xã")

    name = models.CharField(_("tên cơ sở"), max_length=200)
    ownership = models.CharField(_("loại hình"), max_length=12, choices=Ownership.choices)
    managing_level = models.CharField(_("cấp quản lý"), max_length=10, choices=ManagingLevel.choices)
    unit = models.ForeignKey(
        "locations.AdministrativeUnit", verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="facilities"
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    licence_number = models.CharField(_("số giấy phép"), max_length=60, blank=True)
    capacity = models.PositiveIntegerField(_("công suất (người)"), default=0)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("cơ sở trợ giúp xã hội")
        verbose_name_plural = _("cơ sở trợ giúp xã hội")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
