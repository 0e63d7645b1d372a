"""People and households (SPEC §2)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..ethnicity import ETHNICITY_CHOICES, KINH


class Household(models.Model):
    class Poverty(models.TextChoices):
        NONE = "none", _("Không")
        POOR = "poor", _("Hộ nghèo")
        NEAR_POOR = "near_poor", _("Hộ cận nghèo")

    head_name = models.CharField(_("chủ hộ"), max_length=150)
    commune = models.ForeignKey(
        "locations.AdministrativeUnit", verbose_name=_("xã"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        "locations.Village", verbose_name=_("thôn/ấp"), null=True, blank=True, on_delete=models.PROTECT
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    poverty_status = models.CharField(
        _("hộ nghèo/cận nghèo"), max_length=10, choices=Poverty.choices, default=Poverty.NONE
    )
    poverty_year = models.PositiveSmallIntegerField(_("năm công nhận"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hộ gia đình")
        verbose_name_plural = _("hộ gia đình")
        indexes = [models.Index(fields=["commune", "village"])]

    def __str__(self) -> str:
        return self.head_name


class DisabilityLevel(models.TextChoices):
    MILD = "mild", _("Nhẹ")
    SEVERE = "severe", _("Nặng")
    ESPECIALLY_SEVERE = "especially_severe", _("Đặc biệt nặng")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Tiền mặt tại xã")
    POST_OFFICE = "post_office", _("Qua bưu điện")
    BANK = "bank", _("Tài khoản ngân hàng")
    E_WALLET = "e_wallet", _("Ví điện tử")


class Person(models.Model):
    class Sex(models.TextChoices):
        MALE = "M", _("Nam")
        FEMALE = "F", _("Nữ")

    class IdType(models.TextChoices):
        CCCD = "cccd", _("Số định danh cá nhân (12 số)")
        CMND = "cmnd", _("Chứng minh nhân dân cũ (9 số)")

    full_name = models.CharField(_("họ và tên"), max_length=150)
    # Lower-case, no diacritics, đ→d: "Nguyễn Văn Đức" is found by "nguyen van duc".
    name_folded = models.CharField(max_length=150, editable=False, db_index=True)
    birth_date = models.DateField(_("ngày sinh"))
    birth_year_only = models.BooleanField(_("chỉ biết năm sinh"), default=False)
    sex = models.CharField(_("giới tính"), max_length=1, choices=Sex.choices)
    ethnicity = models.CharField(_("dân tộc"), max_length=2, choices=ETHNICITY_CHOICES, default=KINH)
    id_number = models.CharField(_("số định danh cá nhân"), max_length=12, null=True, blank=True, unique=True)
    id_type = models.CharField(_("loại giấy tờ"), max_length=4, choices=IdType.choices, default=IdType.CCCD)
    commune = models.ForeignKey(
        "locations.AdministrativeUnit", verbose_name=_("xã cư trú"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        "locations.Village", verbose_name=_("thôn/ấp"), null=True, blank=True, on_delete=models.PROTECT
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("hộ gia đình"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    phone = models.CharField(_("điện thoại"), max_length=15, blank=True)
    hiv_positive = models.BooleanField(_("nhiễm HIV"), default=False)
    # decree20.md §10: an ID whose century/sex/year digits disagree with the record is saved, flagged for review.
    id_flag = models.CharField(_("cần kiểm tra số định danh"), max_length=255, blank=True)
    disability_level = models.CharField(
        _("mức độ khuyết tật"), max_length=20, choices=DisabilityLevel.choices, blank=True, default=""
    )
    disability_cert_date = models.DateField(_("ngày cấp giấy xác nhận khuyết tật"), null=True, blank=True)
    studying = models.BooleanField(_("đang đi học"), default=False)
    guardian_name = models.CharField(_("người giám hộ/chăm sóc"), max_length=150, blank=True)
    guardian_phone = models.CharField(_("điện thoại người giám hộ"), max_length=15, blank=True)
    payment_method = models.CharField(
        _("hình thức chi trả"), max_length=12, choices=PaymentMethod.choices, default=PaymentMethod.CASH
    )
    account_number = models.CharField(_("số tài khoản"), max_length=30, blank=True)
    bank_name = models.CharField(_("ngân hàng/ví điện tử"), max_length=100, blank=True)
    death_date = models.DateField(_("ngày mất"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đối tượng")
        verbose_name_plural = _("đối tượng")
        permissions = [
            ("view_hiv_status", _("Xem tình trạng HIV")),
            ("view_full_id_number", _("Xem đầy đủ số định danh trong danh sách")),
        ]
        indexes = [
            models.Index(fields=["commune", "name_folded"]),
            models.Index(fields=["commune", "village"]),
            models.Index(fields=["name_folded", "birth_date"], name="person_dup_idx"),
            # The province-wide list is ordered by name: walking this index answers the first page at once.
            models.Index(fields=["full_name"], name="person_full_name_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_dead(self) -> bool:
        return self.death_date is not None
