"""What a decision grants (SPEC §2 Entitlement), its changes, and life events that drive them.

An entitlement is one period of one category with the facts the decision fixed (disability level, children
raised…). A change of those facts (new disability level, relocation) ends the row and opens a new one, so
every month's amount can be recomputed from the rows that were in force — history is never rewritten.
Months are stored as the first day of the month.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .people import DisabilityLevel


class Entitlement(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang hưởng")
        SUSPENDED = "suspended", _("Tạm dừng")
        ENDED = "ended", _("Thôi hưởng")

    person = models.ForeignKey(
        "beneficiaries.Person", verbose_name=_("người nhận"), on_delete=models.PROTECT, related_name="entitlements"
    )
    # Care support (Art. 20) is paid to a carer for someone else; for the monthly allowance subject == person.
    subject = models.ForeignKey(
        "beneficiaries.Person",
        verbose_name=_("đối tượng được chăm sóc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cared_by_entitlements",
    )
    category = models.ForeignKey("policy.Category", verbose_name=_("diện hưởng"), on_delete=models.PROTECT)
    # The paying commune: jurisdiction and the monthly roll follow it (a move opens a new row elsewhere).
    commune = models.ForeignKey(
        "locations.AdministrativeUnit", verbose_name=_("xã chi trả"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.ForeignKey(
        "dossiers.Decision", verbose_name=_("quyết định"), null=True, blank=True, on_delete=models.PROTECT
    )
    # Copied from the decision, or from an imported file for entitlements decided before the portal existed.
    decision_number = models.CharField(_("số quyết định"), max_length=40, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    start_month = models.DateField(_("hưởng từ tháng"))
    # The last paid month; the month before `start_month` when the entitlement was voided before it paid anything.
    end_month = models.DateField(_("hưởng đến hết tháng"), null=True, blank=True)
    # Facts the decision fixed; ages come from the subject's date of birth month by month.
    disability_level = models.CharField(
        _("mức độ khuyết tật"), max_length=20, choices=DisabilityLevel.choices, blank=True, default=""
    )
    studying = models.BooleanField(_("đang đi học"), default=False)
    children_count = models.PositiveSmallIntegerField(_("số con đang nuôi"), default=0)
    pregnant = models.BooleanField(_("đang mang thai"), default=False)
    young_children_birth_dates = models.JSONField(_("ngày sinh các con dưới 36 tháng"), default=list, blank=True)
    # What the decision computed, kept beside the result (STYLE: a later change of rates never rewrites history).
    coefficient = models.DecimalField(_("hệ số"), max_digits=5, decimal_places=2)
    level = models.BigIntegerField(_("mức chuẩn"))
    amount = models.BigIntegerField(_("số tiền hàng tháng"))
    basis = models.CharField(_("căn cứ tính"), max_length=300)
    end_reason = models.CharField(_("lý do thôi hưởng"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chế độ được hưởng")
        verbose_name_plural = _("chế độ được hưởng")
        ordering = ["-start_month", "-id"]
        indexes = [
            models.Index(fields=["commune", "status"]),
            models.Index(fields=["person", "status"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="entitlement_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.category.code}"


class EndReason(models.TextChoices):
    """Circular 02/2021 Art. 2.1 reasons for ending (thôi hưởng), plus the administrative ones."""

    DEATH = "death", _("Chết hoặc bị tuyên bố mất tích")
    NOT_ELIGIBLE = "not_eligible", _("Không còn đủ điều kiện hưởng")
    PRISON = "prison", _("Chấp hành án phạt tù")
    REFUSED = "refused", _("Từ chối nhận trợ cấp")
    REASSESSMENT = "reassessment", _("Sau 3 tháng tạm dừng vì không chấp hành rà soát")
    AGED_OUT = "aged_out", _("Hết tuổi hưởng (đủ 16 tuổi không đi học, hoặc đủ 22 tuổi)")
    CATEGORY_ENDED = "category_ended", _("Diện hưởng hết hiệu lực theo quy định")
    ADJUSTED = "adjusted", _("Điều chỉnh sang mức/diện khác")
    MOVED = "moved", _("Chuyển địa bàn cư trú")


class SuspendReason(models.TextChoices):
    """Circular 02/2021 Art. 2.3."""

    UNCOLLECTED = "uncollected", _("Không nhận trợ cấp 3 tháng liên tục")
    REASSESSMENT = "reassessment", _("Không chấp hành việc rà soát, kiểm tra")
    DETENTION = "detention", _("Bị tạm giam từ 1 tháng trở lên")
    # Written by facilities.services on admission (Art. 6 vs Art. 25: no double payment), never chosen by hand.
    IN_FACILITY = "in_facility", _("Được nuôi dưỡng tại cơ sở trợ giúp xã hội")


class EntitlementEvent(models.Model):
    """Append-only: every change of an entitlement with its month, reason and decision."""

    class Kind(models.TextChoices):
        GRANTED = "granted", _("Được hưởng")
        SUSPENDED = "suspended", _("Tạm dừng")
        RESUMED = "resumed", _("Tiếp tục hưởng")
        ENDED = "ended", _("Thôi hưởng")

    entitlement = models.ForeignKey(Entitlement, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    month = models.DateField(_("từ tháng"))
    reason = models.CharField(_("lý do"), max_length=40, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    # Resumption: the suspended months whose arrears (truy lĩnh) are to be paid, as "YYYY-MM" strings.
    arrears_months = models.JSONField(_("các tháng truy lĩnh"), default=list, blank=True)
    decision = models.ForeignKey("dossiers.Decision", null=True, blank=True, on_delete=models.PROTECT)
    life_event = models.ForeignKey("beneficiaries.LifeEvent", null=True, blank=True, on_delete=models.PROTECT)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("biến động chế độ")
        verbose_name_plural = _("biến động chế độ")
        ordering = ["entitlement", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.month:%m/%Y}"


class LifeEvent(models.Model):
    """Something that happened to a person and drives their entitlements (SPEC §2, decree20.md §5)."""

    class Kind(models.TextChoices):
        DEATH = "death", _("Chết")
        MISSING = "missing", _("Bị tuyên bố mất tích")
        SUSPENSION = "suspension", _("Tạm dừng trợ cấp")
        RESUMPTION = "resumption", _("Tiếp tục hưởng sau tạm dừng")
        TERMINATION = "termination", _("Thôi hưởng")
        DISABILITY_CHANGE = "disability_change", _("Thay đổi mức độ khuyết tật")
        RELOCATION = "relocation", _("Chuyển nơi cư trú")
        STUDY_STATUS = "study_status", _("Thay đổi tình trạng đi học")

    person = models.ForeignKey("beneficiaries.Person", on_delete=models.PROTECT, related_name="life_events")
    kind = models.CharField(_("sự kiện"), max_length=20, choices=Kind.choices)
    occurred_on = models.DateField(_("ngày xảy ra"))
    reason = models.CharField(_("lý do"), max_length=40, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    from_commune = models.ForeignKey(
        "locations.AdministrativeUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_commune = models.ForeignKey(
        "locations.AdministrativeUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sự kiện của đối tượng")
        verbose_name_plural = _("sự kiện của đối tượng")
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on:%d/%m/%Y}"
