"""Law as data (decree20.md §1–§4): categories, standard levels and coefficients as effective-dated rows.

Seeded from decree20.md by a data migration; the province officer raises levels and adds local categories
in the browser. The rules engine (`policy.rules`) reads plain snapshots of these rows, never the ORM.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MONTHLY = "monthly", _("Trợ cấp xã hội hàng tháng (Điều 5–6)")
    CARE = "care", _("Hỗ trợ kinh phí chăm sóc, nuôi dưỡng (Điều 20)")
    FUNERAL = "funeral", _("Hỗ trợ mai táng phí (Điều 11)")


class Category(models.Model):
    """A category a person can be granted under (`5.1.b`, `5.6`, `20.1`…) or a province's local category.

    National rows have no province; a local category ("các đối tượng khó khăn khác", Art. 4.3) belongs to one.
    """

    code = models.CharField(_("mã diện"), max_length=20)
    kind = models.CharField(_("loại trợ giúp"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("tên diện"), max_length=300)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=200)
    application_form = models.CharField(_("mẫu tờ khai"), max_length=10, blank=True)
    province = models.ForeignKey(
        "locations.AdministrativeUnit",
        verbose_name=_("tỉnh (diện địa phương)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # HIV-related categories (5.3, 5.8) are never shown on public postings or lists not about HIV.
    sensitive = models.BooleanField(_("thông tin nhạy cảm (HIV)"), default=False)
    effective_from = models.DateField(_("áp dụng từ"))
    effective_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("diện hưởng")
        verbose_name_plural = _("diện hưởng")
        ordering = ["kind", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=Q(province__isnull=True), name="category_code_national"),
            models.UniqueConstraint(fields=["province", "code"], name="category_code_per_province"),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class StandardLevel(models.Model):
    """Mức chuẩn trợ giúp xã hội (Art. 4): national, or a province's higher level, from a date."""

    province = models.ForeignKey(
        "locations.AdministrativeUnit",
        verbose_name=_("tỉnh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống: mức chuẩn toàn quốc."),
    )
    amount = models.BigIntegerField(_("mức chuẩn (đồng/tháng)"))
    effective_from = models.DateField(_("áp dụng từ"))
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mức chuẩn trợ giúp xã hội")
        verbose_name_plural = _("mức chuẩn trợ giúp xã hội")
        ordering = ["province_id", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["effective_from"], condition=Q(province__isnull=True), name="level_national_one_per_day"
            ),
            models.UniqueConstraint(fields=["province", "effective_from"], name="level_province_one_per_day"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="level_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} từ {self.effective_from:%d/%m/%Y}"


class RuleRow(models.Model):
    """What coefficients and fixed amounts share: a rule key with its condition and legal basis, national or a
    province's own, effective from a date (a province's row wins over the national one for its rule)."""

    rule = models.CharField(_("mã điều kiện"), max_length=60)
    label = models.CharField(_("điều kiện"), max_length=200)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=200)
    province = models.ForeignKey(
        "locations.AdministrativeUnit",
        verbose_name=_("tỉnh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống: áp dụng toàn quốc."),
    )
    effective_from = models.DateField(_("áp dụng từ"))
    effective_to = models.DateField(_("áp dụng đến"), null=True, blank=True)

    class Meta:
        abstract = True


class Coefficient(RuleRow):
    """A coefficient (hệ số, Art. 6 and 20) or multiple (Art. 11: × 20) for a rule key, from a date.

    `rule` names the legal condition the rules engine decides (e.g. `5.1:under_4`, `5.6:especially_severe:adult`,
    `20.2:two`, `11:funeral`); the number is data. A local category uses the rule `<its code>:default`.
    """

    value = models.DecimalField(_("hệ số"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("hệ số")
        verbose_name_plural = _("hệ số")
        ordering = ["rule", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "effective_from"], condition=Q(province__isnull=True), name="coef_national_one_per_day"
            ),
            models.UniqueConstraint(fields=["province", "rule", "effective_from"], name="coef_province_one_per_day"),
            models.CheckConstraint(condition=Q(value__gt=0), name="coef_value_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} = {self.value}"


class FixedAmount(RuleRow):
    """A fixed sum or quantity the law sets (decree20.md §6–§7): 40.000.000 ₫ for a collapsed house (Art. 15.1),
    15 kg of rice per person per month (Art. 12.1), 60.000 ₫ of meals per person per day (Art. 18.2)…

    Multiples of the standard level (× 10 injured, × 50 death) are `Coefficient` rows; these are the rest.
    Like coefficients they are minimums a province may raise with its own row.
    """

    amount = models.BigIntegerField(_("mức"))
    unit = models.CharField(_("đơn vị tính"), max_length=40, help_text=_("Ví dụ: đồng/hộ, kg/người/tháng."))

    class Meta:
        verbose_name = _("mức cố định")
        verbose_name_plural = _("mức cố định")
        ordering = ["rule", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "effective_from"], condition=Q(province__isnull=True), name="fixed_national_one_per_day"
            ),
            models.UniqueConstraint(fields=["province", "rule", "effective_from"], name="fixed_province_one_per_day"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="fixed_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} = {self.amount} {self.unit}"
