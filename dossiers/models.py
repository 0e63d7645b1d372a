"""Dossiers (hồ sơ), their workflow events, attached papers and the decisions that end them (SPEC §2).

A dossier follows the three-level flow (commune → district, Decree 20 Art. 8) or the two-level flow (commune
decides, Decree 147/2025), fixed when it is received from the province's deciding-level setting on that date.
Only `dossiers.services` writes `status`, by compare-and-set, with a `DossierEvent` in the same transaction.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import DisabilityLevel


class Dossier(models.Model):
    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("Trợ cấp xã hội hàng tháng")
        CARE = "care", _("Hỗ trợ kinh phí chăm sóc, nuôi dưỡng")
        FUNERAL = "funeral", _("Hỗ trợ chi phí mai táng")

    class Flow(models.TextChoices):
        THREE_LEVEL = "three_level", _("Xã – huyện (Nghị định 20/2021)")
        TWO_LEVEL = "two_level", _("Xã quyết định (Nghị định 147/2025)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang lập")
        SUBMITTED = "submitted", _("Đã nộp, chờ xã xét duyệt")
        POSTED = "posted", _("Đang niêm yết công khai")
        FORWARDED = "forwarded", _("Đã chuyển cấp huyện, chờ thẩm định")
        APPRAISED = "appraised", _("Đã thẩm định, chờ quyết định")
        RETURNED = "returned", _("Trả lại để bổ sung")
        APPROVED = "approved", _("Đã quyết định hưởng")
        REJECTED = "rejected", _("Không đủ điều kiện (có văn bản trả lời)")

    kind = models.CharField(_("loại hồ sơ"), max_length=10, choices=Kind.choices)
    flow = models.CharField(_("quy trình"), max_length=12, choices=Flow.choices)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # For a monthly allowance the beneficiary; for care support the carer who is paid; for funeral the deceased.
    person = models.ForeignKey(
        "beneficiaries.Person", verbose_name=_("đối tượng"), on_delete=models.PROTECT, related_name="dossiers"
    )
    subject = models.ForeignKey(
        "beneficiaries.Person",
        verbose_name=_("người được chăm sóc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="care_dossiers",
    )
    commune = models.ForeignKey(
        "locations.AdministrativeUnit", verbose_name=_("xã tiếp nhận"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(
        "policy.Category", verbose_name=_("diện hưởng"), null=True, blank=True, on_delete=models.PROTECT
    )
    received_on = models.DateField(_("ngày tiếp nhận"))
    due_on = models.DateField(_("hạn xử lý bước hiện tại"), null=True, blank=True, db_index=True)
    posted_until = models.DateField(_("niêm yết đến hết ngày"), null=True, blank=True)
    applicant_name = models.CharField(_("người làm đơn"), max_length=150, blank=True)
    applicant_relation = models.CharField(_("quan hệ với đối tượng"), max_length=60, blank=True)
    # Facts the category needs (the form shows only the relevant ones).
    disability_level = models.CharField(
        _("mức độ khuyết tật"), max_length=20, choices=DisabilityLevel.choices, blank=True, default=""
    )
    disability_cert_date = models.DateField(_("ngày cấp giấy xác nhận khuyết tật"), null=True, blank=True)
    studying = models.BooleanField(_("đang đi học"), default=False)
    children_count = models.PositiveSmallIntegerField(_("số con đang nuôi"), default=0)
    pregnant = models.BooleanField(_("đang mang thai"), default=False)
    young_children_birth_dates = models.JSONField(_("ngày sinh các con dưới 36 tháng"), default=list, blank=True)
    # Funeral support (Art. 11).
    death_date = models.DateField(_("ngày mất"), null=True, blank=True)
    organiser_name = models.CharField(_("người tổ chức mai táng"), max_length=150, blank=True)
    organiser_id_number = models.CharField(_("số định danh người tổ chức mai táng"), max_length=12, blank=True)
    organiser_relation = models.CharField(_("quan hệ với người mất"), max_length=60, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    # What the rules computed at the last save, shown before submitting and carried into the decision.
    proposed_coefficient = models.DecimalField(_("hệ số đề nghị"), max_digits=5, decimal_places=2, null=True)
    proposed_amount = models.BigIntegerField(_("số tiền đề nghị"), null=True)
    proposed_basis = models.CharField(_("căn cứ tính"), max_length=300, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic lock: an edit saved against an older version loses with a message (never silently).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-received_on", "-id"]
        permissions = [
            ("submit_dossier", _("Nộp hồ sơ")),
            ("review_dossier", _("Xét duyệt, niêm yết hồ sơ tại xã")),
            ("appraise_dossier", _("Thẩm định hồ sơ")),
            ("decide_dossier", _("Ký quyết định")),
        ]
        indexes = [
            models.Index(fields=["commune", "status"]),
            models.Index(fields=["status", "due_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.person}"

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.APPROVED, self.Status.REJECTED)


class DossierEvent(models.Model):
    """Append-only: each step of a dossier with who, when, the reason and the next step's deadline."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=20)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    due_on = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("bước xử lý hồ sơ")
        verbose_name_plural = _("bước xử lý hồ sơ")
        ordering = ["dossier", "at", "id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status} → {self.to_status}"


class Attachment(models.Model):
    """A scanned paper (PDF/JPEG/PNG), served only through a jurisdiction-checked view."""

    class Kind(models.TextChoices):
        APPLICATION = "application", _("Tờ khai/đơn đề nghị")
        ID_CARD = "id_card", _("Giấy tờ tùy thân")
        BIRTH_CERTIFICATE = "birth_certificate", _("Giấy khai sinh")
        DISABILITY_CERTIFICATE = "disability_certificate", _("Giấy xác nhận khuyết tật")
        HIV_CONFIRMATION = "hiv_confirmation", _("Giấy xác nhận nhiễm HIV")
        DEATH_CERTIFICATE = "death_certificate", _("Giấy chứng tử/báo tử")
        POVERTY_CERTIFICATE = "poverty_certificate", _("Giấy chứng nhận hộ nghèo/cận nghèo")
        OTHER = "other", _("Giấy tờ khác")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("loại giấy tờ"), max_length=24, choices=Kind.choices)
    file = models.FileField(_("tệp"), upload_to="dossiers/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("giấy tờ đính kèm")
        verbose_name_plural = _("giấy tờ đính kèm")
        ordering = ["dossier", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class Decision(models.Model):
    """Quyết định: number, date, signer, legal basis, effective month and the amount's explanation."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Quyết định hưởng")
        REJECTED = "rejected", _("Văn bản trả lời không đủ điều kiện")

    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(_("kết quả"), max_length=10, choices=Outcome.choices)
    number = models.CharField(_("số quyết định"), max_length=40)
    signed_on = models.DateField(_("ngày ký"))
    # The unit and authority that signed, kept as they were (decree20.md §9: old decisions stay tied to them).
    unit = models.ForeignKey(
        "locations.AdministrativeUnit", verbose_name=_("đơn vị ký"), on_delete=models.PROTECT, related_name="+"
    )
    authority = models.CharField(_("cơ quan ban hành"), max_length=200)
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150)
    legal_basis = models.TextField(_("căn cứ pháp lý"))
    effective_month = models.DateField(_("hưởng từ tháng"), null=True, blank=True)
    coefficient = models.DecimalField(_("hệ số"), max_digits=5, decimal_places=2, null=True, blank=True)
    level = models.BigIntegerField(_("mức chuẩn"), null=True, blank=True)
    amount = models.BigIntegerField(_("số tiền"), null=True, blank=True)
    explanation = models.TextField(_("cách tính"), blank=True)
    reasons = models.TextField(_("lý do không đủ điều kiện"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quyết định")
        verbose_name_plural = _("quyết định")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "number"], name="decision_number_unique_per_unit"),
            models.CheckConstraint(condition=~Q(outcome="rejected") | ~Q(reasons=""), name="rejection_has_reasons"),
        ]

    def __str__(self) -> str:
        return self.number
