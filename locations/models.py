"""Administrative units of Vietnam, in both structures, with validity dates (SPEC §1, decree20.md §9)."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

# The day the two-level structure took over (Resolution 202/2025/QH15, Decision 19/2025/QĐ-TTg).
TWO_LEVEL_START = date(2025, 7, 1)
THREE_LEVEL_END = date(2025, 6, 30)


class Structure(models.TextChoices):
    THREE_LEVEL = "three_level", _("Ba cấp (tỉnh – huyện – xã, đến 30/06/2025)")
    TWO_LEVEL = "two_level", _("Hai cấp (tỉnh – xã, từ 01/07/2025)")


class Level(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    DISTRICT = "district", _("Huyện")
    COMMUNE = "commune", _("Xã")


class AdministrativeUnit(models.Model):
    """A province, district or commune with its official (GSO) code.

    `province` points at the unit's province (itself for a province) so that scoping a query to
    any unit is one indexed join: commune=X, commune__parent=X or commune__province=X.
    """

    structure = models.CharField(_("cấu trúc"), max_length=12, choices=Structure.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    code = models.CharField(_("mã"), max_length=10)
    name = models.CharField(_("tên"), max_length=120)
    kind = models.CharField(_("loại"), max_length=40, help_text=_("Tỉnh, Thành phố, Huyện, Quận, Xã, Phường…"))
    parent = models.ForeignKey(
        "self", verbose_name=_("trực thuộc"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    province = models.ForeignKey(
        "self", verbose_name=_("tỉnh"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    especially_difficult = models.BooleanField(
        _("xã đặc biệt khó khăn vùng đồng bào DTTS và miền núi"),
        default=False,
        help_text=_("Dùng cho diện 5.5.b và 5.7 (Điều 5 Nghị định 20/2021). Do Sở cập nhật."),
    )
    social_office_name = models.CharField(
        _("tên cơ quan phụ trách bảo trợ xã hội"),
        max_length=200,
        blank=True,
        help_text=_(
            "Ví dụ: Phòng Lao động – Thương binh và Xã hội; từ 2025 là cơ quan y tế. Là dữ liệu, không cố định."
        ),
    )

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["structure", "code"]
        constraints = [models.UniqueConstraint(fields=["structure", "code"], name="unit_code_unique_per_structure")]
        indexes = [models.Index(fields=["province", "level"]), models.Index(fields=["parent", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_province(self) -> bool:
        return self.level == Level.PROVINCE

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def ancestors(self) -> list["AdministrativeUnit"]:
        """From the province down to the parent (at most two queries: the tree is shallow)."""
        chain = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class Village(models.Model):
    """Thôn, ấp, bản, tổ dân phố: where a person lives inside a commune."""

    commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("xã"), on_delete=models.PROTECT, related_name="villages"
    )
    name = models.CharField(_("tên thôn/ấp"), max_length=120)
    especially_difficult = models.BooleanField(_("thôn đặc biệt khó khăn"), default=False)

    class Meta:
        verbose_name = _("thôn/ấp")
        verbose_name_plural = _("thôn/ấp")
        ordering = ["commune", "name"]
        constraints = [models.UniqueConstraint(fields=["commune", "name"], name="village_name_unique_in_commune")]

    def __str__(self) -> str:
        return self.name


class UnitSuccession(models.Model):
    """Old (three-level) unit → new (two-level) unit, matched by code through the registry's 2025 table.

    A commune split between several new communes has one row per new commune; `is_default` marks the one
    the registry names as the main successor.
    """

    old = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="successors")
    new = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="predecessors")
    is_default = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("chuyển đổi đơn vị 2025")
        verbose_name_plural = _("chuyển đổi đơn vị 2025")
        constraints = [models.UniqueConstraint(fields=["old", "new"], name="unit_succession_unique")]

    def __str__(self) -> str:
        return f"{self.old} → {self.new}"


class DecidingLevel(models.TextChoices):
    DISTRICT = "district", _("Cấp huyện (Nghị định 20/2021)")
    COMMUNE = "commune", _("Cấp xã (Nghị định 147/2025)")


class DecidingLevelSetting(models.Model):
    """Who signs decisions and approves rolls in a province, from a date (SPEC §1)."""

    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("tỉnh"),
        on_delete=models.CASCADE,
        related_name="deciding_levels",
        limit_choices_to={"level": Level.PROVINCE},
    )
    level = models.CharField(_("cấp quyết định"), max_length=10, choices=DecidingLevel.choices)
    effective_from = models.DateField(_("áp dụng từ ngày"))
    legal_basis = models.CharField(_("căn cứ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("cấp quyết định")
        verbose_name_plural = _("cấp quyết định")
        ordering = ["province", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["province", "effective_from"], name="deciding_level_one_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.province} – {self.get_level_display()} – {self.effective_from:%d/%m/%Y}"
