"""Monthly payment rolls (SPEC §3, decree20.md §8): one roll per paying commune per month, its lines, the month
each amount pays for, the changes since last month, and the payment organisation's results.

Only `payments.services` writes `PaymentRoll.status`, by compare-and-set, with a `RollEvent` in the same
transaction. Lines of an approved roll never change; a later correction is arrears or recovery in a later roll.
Months are stored as the first day of the month.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import PaymentMethod


class PaymentRoll(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        SUBMITTED = "submitted", _("Đã trình duyệt")
        APPROVED = "approved", _("Đã phê duyệt")
        PAID = "paid", _("Đã chi trả")
        CLOSED = "closed", _("Đã khoá sổ")

    commune = models.ForeignKey(
        "locations.AdministrativeUnit", verbose_name=_("xã chi trả"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("tháng chi trả"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    # A digest of everything the lines were computed from: regenerating with the same inputs changes nothing.
    inputs_digest = models.CharField(max_length=64, blank=True)
    generated_at = models.DateTimeField(_("lập lúc"), null=True, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lines_count = models.PositiveIntegerField(_("số người"), default=0)
    monthly_total = models.BigIntegerField(_("trợ cấp hàng tháng"), default=0)
    care_total = models.BigIntegerField(_("kinh phí chăm sóc"), default=0)
    arrears_total = models.BigIntegerField(_("truy lĩnh"), default=0)
    recovery_total = models.BigIntegerField(_("truy thu"), default=0)
    funeral_total = models.BigIntegerField(_("mai táng phí"), default=0)
    total = models.BigIntegerField(_("tổng cộng"), default=0)
    # Tăng/giảm: last month's total + increases − decreases = this month's total.
    previous_total = models.BigIntegerField(_("tổng tháng trước"), default=0)
    increase_total = models.BigIntegerField(_("tăng"), default=0)
    decrease_total = models.BigIntegerField(_("giảm"), default=0)
    # Directive 21/CT-TTg: how much goes through accounts.
    account_lines = models.PositiveIntegerField(_("số người nhận qua tài khoản"), default=0)
    account_total = models.BigIntegerField(_("số tiền qua tài khoản"), default=0)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("phê duyệt lúc"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)

    class Meta:
        verbose_name = _("danh sách chi trả")
        verbose_name_plural = _("danh sách chi trả")
        ordering = ["-month", "commune__code"]
        constraints = [models.UniqueConstraint(fields=["commune", "month"], name="one_roll_per_commune_month")]
        permissions = [
            ("submit_paymentroll", _("Trình duyệt danh sách chi trả")),
            ("approve_paymentroll", _("Phê duyệt danh sách chi trả")),
            ("record_payment", _("Ghi nhận kết quả chi trả")),
        ]
        indexes = [models.Index(fields=["month", "status"])]

    def __str__(self) -> str:
        return f"{self.commune} {self.month:%m/%Y}"

    @property
    def locked(self) -> bool:
        """Approved and later: the lines never change again."""
        return self.status not in (self.Status.DRAFT, self.Status.SUBMITTED)


class PaymentLine(models.Model):
    """One person's money in one roll: the month's allowance and care support, arrears, recovery and funeral."""

    roll = models.ForeignKey(PaymentRoll, on_delete=models.CASCADE, related_name="lines")
    row_no = models.PositiveIntegerField(_("STT"))
    person = models.ForeignKey("beneficiaries.Person", on_delete=models.PROTECT, related_name="payment_lines")
    categories = models.CharField(_("diện hưởng"), max_length=60, blank=True)
    coefficient = models.DecimalField(_("hệ số"), max_digits=6, decimal_places=2, null=True, blank=True)
    level = models.BigIntegerField(_("mức chuẩn"), null=True, blank=True)
    monthly_amount = models.BigIntegerField(_("trợ cấp hàng tháng"), default=0)
    care_amount = models.BigIntegerField(_("kinh phí chăm sóc"), default=0)
    arrears_amount = models.BigIntegerField(_("truy lĩnh"), default=0)
    arrears_months = models.JSONField(_("các tháng truy lĩnh"), default=list, blank=True)
    recovery_amount = models.BigIntegerField(_("truy thu"), default=0)
    recovery_months = models.JSONField(_("các tháng truy thu"), default=list, blank=True)
    funeral_amount = models.BigIntegerField(_("mai táng phí"), default=0)
    total = models.BigIntegerField(_("tổng cộng"), default=0)
    # Who receives the money when it is not the person on the line (the organiser of a funeral).
    payee_name = models.CharField(_("người nhận thay"), max_length=150, blank=True)
    payment_method = models.CharField(_("hình thức chi trả"), max_length=12, choices=PaymentMethod.choices)
    account_number = models.CharField(_("số tài khoản"), max_length=30, blank=True)
    bank_name = models.CharField(_("ngân hàng"), max_length=100, blank=True)
    basis = models.TextField(_("căn cứ tính"), blank=True)
    paid = models.BooleanField(_("đã nhận"), null=True, blank=True)
    paid_on = models.DateField(_("ngày nhận"), null=True, blank=True)
    unpaid_reason = models.CharField(_("lý do chưa nhận"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("dòng chi trả")
        verbose_name_plural = _("dòng chi trả")
        ordering = ["roll", "row_no"]
        constraints = [models.UniqueConstraint(fields=["roll", "person"], name="one_line_per_person_per_roll")]
        indexes = [models.Index(fields=["person", "roll"])]

    def __str__(self) -> str:
        return f"{self.roll} #{self.row_no}"


class PaymentItem(models.Model):
    """What one line pays for one entitlement and one month: the ledger arrears and recovery are computed from.

    A regular item pays the roll's own month; arrears items pay earlier months (positive), recovery items take
    back what was paid for months that were not due (negative); a funeral item pays a funeral decision once.
    """

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Hàng tháng")
        ARREARS = "arrears", _("Truy lĩnh")
        RECOVERY = "recovery", _("Truy thu")
        FUNERAL = "funeral", _("Mai táng phí")

    line = models.ForeignKey(PaymentLine, on_delete=models.CASCADE, related_name="items")
    entitlement = models.ForeignKey(
        "beneficiaries.Entitlement", null=True, blank=True, on_delete=models.PROTECT, related_name="payment_items"
    )
    decision = models.ForeignKey(
        "dossiers.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="payment_items"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    month = models.DateField(_("tháng được tính"))
    amount = models.BigIntegerField(_("số tiền"))

    class Meta:
        verbose_name = _("khoản chi theo tháng")
        verbose_name_plural = _("khoản chi theo tháng")
        indexes = [models.Index(fields=["entitlement", "month"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(entitlement__isnull=False) | Q(decision__isnull=False), name="item_pays_something"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.month:%m/%Y} {self.amount}"


class RollChange(models.Model):
    """Tăng/giảm since last month, each with the decision behind it."""

    class Kind(models.TextChoices):
        NEW = "new", _("Tăng mới")
        ENDED = "ended", _("Giảm (thôi hưởng, tạm dừng, chuyển đi)")
        CHANGED = "changed", _("Thay đổi mức hưởng")
        ARREARS = "arrears", _("Truy lĩnh")
        RECOVERY = "recovery", _("Truy thu")
        FUNERAL = "funeral", _("Mai táng phí")

    roll = models.ForeignKey(PaymentRoll, on_delete=models.CASCADE, related_name="changes")
    person = models.ForeignKey("beneficiaries.Person", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    old_amount = models.BigIntegerField(_("tháng trước"), default=0)
    new_amount = models.BigIntegerField(_("tháng này"), default=0)
    decision_number = models.CharField(_("quyết định"), max_length=40, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("biến động tăng/giảm")
        verbose_name_plural = _("biến động tăng/giảm")
        ordering = ["roll", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.person_id}"


class RollEvent(models.Model):
    """Append-only: generated, submitted, returned, approved, paid, closed — who, when, why."""

    roll = models.ForeignKey(PaymentRoll, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["roll", "at", "id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status} → {self.to_status}"


class Reconciliation(models.Model):
    """The payment organisation's result file: checked first, applied only when the officer confirms."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("Đã kiểm tra, chờ xác nhận")
        APPLIED = "applied", _("Đã áp dụng")
        DISCARDED = "discarded", _("Đã huỷ")

    roll = models.ForeignKey(PaymentRoll, on_delete=models.CASCADE, related_name="reconciliations")
    file = models.FileField(upload_to="reconciliations/%Y/%m/")
    original_name = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKED)
    # [{"line": id, "paid": true, "paid_on": "2026-11-05"}] and [{"row": 5, "column": "…", "message": "…"}]
    matches = models.JSONField(default=list, blank=True)
    problems = models.JSONField(default=list, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name
