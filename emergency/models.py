"""Emergency assistance (decree20.md §6–§7.1, Decree 20 Art. 12–18; SPEC §5).

An **incident** (storm, flood, fire…) is opened by a commune, or by a district or the province across many
communes. Each affected household gets an **assessment** (what it lost, who was hurt), which the rules turn into
proposed **aid lines**; the assessment is the unit a leader approves (Art. 17: the commune chairman within 2 days,
or escalated to the district/province when the commune lacks funds). Each approved line is paid by one or more
**disbursements**, each with its funding source, so the money by source always adds up to what was given.
**Protection** is temporary care of a person in the community (Art. 18.2), at most 3 months.

Only `emergency.services` writes `status` fields, by compare-and-set, with an `AssessmentEvent` beside it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Incident(models.Model):
    class Kind(models.TextChoices):
        STORM = "storm", _("Bão, áp thấp nhiệt đới")
        FLOOD = "flood", _("Lũ, lụt, ngập")
        LANDSLIDE = "landslide", _("Sạt lở đất")
        FIRE = "fire", _("Hỏa hoạn")
        DROUGHT = "drought", _("Hạn hán, xâm nhập mặn, mất mùa")
        EPIDEMIC = "epidemic", _("Dịch bệnh")
        ACCIDENT = "accident", _("Tai nạn")
        TET = "tet", _("Hỗ trợ dịp Tết, giáp hạt")
        OTHER = "other", _("Khác")

    class Status(models.TextChoices):
        OPEN = "open", _("Đang xử lý")
        CLOSED = "closed", _("Đã kết thúc")

    name = models.CharField(_("tên sự kiện"), max_length=200)
    kind = models.CharField(_("loại sự kiện"), max_length=10, choices=Kind.choices)
    occurred_on = models.DateField(_("ngày xảy ra"))
    description = models.TextField(_("mô tả"), blank=True)
    # The unit that opened it: a commune, or a district/province for an event spanning communes.
    unit = models.ForeignKey(
        "locations.AdministrativeUnit", verbose_name=_("đơn vị mở"), on_delete=models.PROTECT, related_name="+"
    )
    province = models.ForeignKey(
        "locations.AdministrativeUnit", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+"
    )
    communes = models.ManyToManyField(
        "locations.AdministrativeUnit", verbose_name=_("xã bị ảnh hưởng"), through="IncidentArea", related_name="+"
    )
    # Art. 17.2: in an especially urgent event the commune chairman may decide without the review step.
    especially_urgent = models.BooleanField(_("đặc biệt khẩn cấp (quyết định không qua bước xét duyệt)"), default=False)
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sự kiện cần trợ giúp khẩn cấp")
        verbose_name_plural = _("sự kiện cần trợ giúp khẩn cấp")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["province", "-occurred_on"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.occurred_on:%d/%m/%Y})"


class IncidentArea(models.Model):
    """A commune an incident touched, with the villages named in the report."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="areas")
    commune = models.ForeignKey(
        "locations.AdministrativeUnit", verbose_name=_("xã"), on_delete=models.PROTECT, related_name="+"
    )
    villages = models.CharField(_("thôn/ấp bị ảnh hưởng"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("địa bàn bị ảnh hưởng")
        verbose_name_plural = _("địa bàn bị ảnh hưởng")
        constraints = [models.UniqueConstraint(fields=["incident", "commune"], name="incident_area_unique")]

    def __str__(self) -> str:
        return str(self.commune)


class HouseDamage(models.TextChoices):
    NONE = "none", _("Không thiệt hại về nhà")
    LOST = "lost", _("Nhà bị đổ, sập, trôi, cháy hoàn toàn")
    RELOCATION = "relocation", _("Phải di dời khẩn cấp theo quyết định")
    SERIOUS = "serious", _("Nhà bị hư hỏng nặng")


class DecidingLevel(models.TextChoices):
    COMMUNE = "commune", _("Chủ tịch UBND xã")
    DISTRICT = "district", _("Chủ tịch UBND huyện")
    PROVINCE = "province", _("Chủ tịch UBND tỉnh")


class Assessment(models.Model):
    """One household's losses in one incident (forms 5a/5b), or an organisation that buried a person (Art. 14.2)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang lập")
        PROPOSED = "proposed", _("Đã đề xuất, chờ xét duyệt")
        REVIEWED = "reviewed", _("Đã xét duyệt, chờ quyết định")
        APPROVED = "approved", _("Đã quyết định hỗ trợ")
        REJECTED = "rejected", _("Không hỗ trợ (có lý do)")
        DISBURSED = "disbursed", _("Đã cấp phát đủ")

    incident = models.ForeignKey(
        Incident, verbose_name=_("sự kiện"), on_delete=models.PROTECT, related_name="assessments"
    )
    commune = models.ForeignKey(
        "locations.AdministrativeUnit", verbose_name=_("xã"), on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "beneficiaries.Household",
        verbose_name=_("hộ gia đình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="emergency_assessments",
    )
    organisation_name = models.CharField(_("cơ quan, tổ chức mai táng"), max_length=200, blank=True)
    village = models.CharField(_("thôn/ấp"), max_length=120, blank=True)
    # Registry status copied when assessed: a later change of status does not rewrite the aid given.
    poverty_status = models.CharField(_("hộ nghèo/cận nghèo khi đánh giá"), max_length=10, blank=True)
    hardship = models.BooleanField(_("hộ có hoàn cảnh khó khăn (xã xác nhận)"), default=False)
    members = models.PositiveSmallIntegerField(_("số nhân khẩu"), default=0)
    house_damage = models.CharField(
        _("thiệt hại về nhà ở"), max_length=10, choices=HouseDamage.choices, default=HouseDamage.NONE
    )
    food_short_members = models.PositiveSmallIntegerField(_("số người thiếu đói"), default=0)
    food_months = models.PositiveSmallIntegerField(_("số tháng thiếu đói"), default=0)
    lost_goods = models.BooleanField(_("mất nhu yếu phẩm thiết yếu"), default=False)
    lost_goods_note = models.CharField(_("nhu yếu phẩm cần hỗ trợ"), max_length=300, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    deciding_level = models.CharField(
        _("cấp quyết định"), max_length=10, choices=DecidingLevel.choices, default=DecidingLevel.COMMUNE
    )
    due_on = models.DateField(_("hạn quyết định"), null=True, blank=True, db_index=True)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reject_reason = models.TextField(_("lý do không hỗ trợ"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("đánh giá thiệt hại hộ gia đình")
        verbose_name_plural = _("đánh giá thiệt hại hộ gia đình")
        ordering = ["incident", "commune", "village", "id"]
        permissions = [
            ("review_assessment", _("Xét duyệt danh sách trợ giúp khẩn cấp")),
            ("decide_assessment", _("Quyết định trợ giúp khẩn cấp")),
            ("disburse_aidline", _("Ghi nhận cấp phát trợ giúp khẩn cấp")),
        ]
        constraints = [
            # A household is assessed once per incident (corrections edit that row).
            models.UniqueConstraint(
                fields=["incident", "household"], condition=Q(household__isnull=False), name="assessment_household_once"
            ),
            models.CheckConstraint(
                condition=Q(household__isnull=False) | ~Q(organisation_name=""), name="assessment_has_recipient"
            ),
            models.CheckConstraint(condition=Q(food_months__lte=3), name="assessment_food_at_most_3_months"),
        ]
        indexes = [models.Index(fields=["commune", "status"]), models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.organisation_name or str(self.household)


class AssessmentPerson(models.Model):
    """A household member hurt: injured (with days of treatment), dead or missing; or a person buried (Art. 14.2)."""

    class Harm(models.TextChoices):
        INJURED = "injured", _("Bị thương nặng")
        DEAD = "dead", _("Chết")
        MISSING = "missing", _("Mất tích")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="people")
    person = models.ForeignKey(
        "beneficiaries.Person",
        verbose_name=_("đối tượng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    harm = models.CharField(_("thiệt hại"), max_length=8, choices=Harm.choices)
    treatment_days = models.PositiveSmallIntegerField(_("số ngày điều trị"), null=True, blank=True)
    # Form 04 data for a death (Art. 14): when, and who organised the funeral (paid to them, or to the household).
    id_number = models.CharField(_("số định danh cá nhân"), max_length=12, blank=True)
    death_date = models.DateField(_("ngày chết/mất tích"), null=True, blank=True)
    death_cause = models.CharField(_("nguyên nhân"), max_length=200, blank=True)
    organiser_name = models.CharField(_("người tổ chức mai táng"), max_length=150, blank=True)
    organiser_id_number = models.CharField(_("số định danh người tổ chức mai táng"), max_length=12, blank=True)
    organiser_relation = models.CharField(_("quan hệ với người chết"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("người bị thương, chết, mất tích")
        verbose_name_plural = _("người bị thương, chết, mất tích")
        ordering = ["assessment", "id"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_harm_display()})"


class AidType(models.TextChoices):
    RICE_TET = "rice_tet", _("Hỗ trợ gạo dịp Tết")  # 12.1
    RICE_DISASTER = "rice_disaster", _("Hỗ trợ gạo khi thiên tai, mất mùa, giáp hạt")  # 12.1
    GOODS = "goods", _("Hỗ trợ nhu yếu phẩm")  # 12.2
    INJURED = "injured", _("Hỗ trợ người bị thương nặng")  # 13
    DEATH = "death", _("Hỗ trợ hộ có người chết, mất tích")  # 14.1
    BURIAL = "burial", _("Hỗ trợ tổ chức mai táng")  # 14.2
    HOUSE_LOST = "house_lost", _("Hỗ trợ nhà ở bị đổ, sập, trôi, cháy hoàn toàn")  # 15.1
    RELOCATION = "relocation", _("Hỗ trợ di dời nhà ở khẩn cấp")  # 15.2
    HOUSE_DAMAGED = "house_damaged", _("Hỗ trợ sửa chữa nhà ở hư hỏng nặng")  # 15.3


class FundingSource(models.TextChoices):
    CENTRAL = "central", _("Dự phòng ngân sách trung ương")
    PROVINCE = "province", _("Ngân sách tỉnh")
    DISTRICT = "district", _("Ngân sách huyện")
    COMMUNE = "commune", _("Ngân sách xã")
    COMMUNITY = "community", _("Vận động xã hội, quyên góp")


class AidLine(models.Model):
    """One kind of support proposed for an assessment: the rule's minimum, the amount given and why."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="lines")
    person = models.ForeignKey(AssessmentPerson, null=True, blank=True, on_delete=models.CASCADE, related_name="lines")
    aid_type = models.CharField(_("loại hỗ trợ"), max_length=14, choices=AidType.choices)
    # Persons, households, months or kg, as the aid type counts it (see `unit`).
    quantity = models.DecimalField(_("số lượng"), max_digits=10, decimal_places=2, default=0)
    unit = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    rice_kg = models.DecimalField(_("gạo (kg)"), max_digits=12, decimal_places=2, default=0)
    minimum_amount = models.BigIntegerField(_("mức tối thiểu (đồng)"), default=0)
    amount = models.BigIntegerField(_("số tiền hỗ trợ (đồng)"), default=0)
    below_minimum_reason = models.TextField(_("lý do thấp hơn mức tối thiểu"), blank=True)
    goods_description = models.CharField(_("hiện vật"), max_length=300, blank=True)
    basis = models.CharField(_("căn cứ tính"), max_length=300)

    class Meta:
        verbose_name = _("khoản hỗ trợ")
        verbose_name_plural = _("khoản hỗ trợ")
        ordering = ["assessment", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0) & Q(rice_kg__gte=0), name="aidline_not_negative"),
            models.CheckConstraint(
                condition=Q(amount__gte=models.F("minimum_amount")) | ~Q(below_minimum_reason=""),
                name="aidline_below_minimum_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.get_aid_type_display()


class Disbursement(models.Model):
    """A payment of (part of) an aid line, from one funding source: cash against a signature, transfer or kind."""

    class Method(models.TextChoices):
        CASH = "cash", _("Tiền mặt (người nhận ký)")
        TRANSFER = "transfer", _("Chuyển khoản")
        IN_KIND = "in_kind", _("Hiện vật")

    line = models.ForeignKey(AidLine, on_delete=models.PROTECT, related_name="disbursements")
    source = models.CharField(_("nguồn kinh phí"), max_length=10, choices=FundingSource.choices)
    method = models.CharField(_("hình thức"), max_length=10, choices=Method.choices)
    amount = models.BigIntegerField(_("số tiền (đồng)"), default=0)
    rice_kg = models.DecimalField(_("gạo (kg)"), max_digits=12, decimal_places=2, default=0)
    goods_description = models.CharField(_("hiện vật"), max_length=300, blank=True)
    paid_on = models.DateField(_("ngày cấp phát"))
    recipient_name = models.CharField(_("người nhận"), max_length=150)
    recipient_signed = models.BooleanField(_("người nhận đã ký"), default=False)
    reference = models.CharField(_("số chứng từ"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cấp phát")
        verbose_name_plural = _("cấp phát")
        ordering = ["line", "paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0) & Q(rice_kg__gte=0), name="disbursement_not_negative"),
        ]
        indexes = [models.Index(fields=["source"])]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.amount}"


class AssessmentEvent(models.Model):
    """Append-only: each step of an assessment (proposed, reviewed, escalated, decided…) with who and when."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=20)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    deciding_level = models.CharField(max_length=10, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    due_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["assessment", "at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%d/%m/%Y %H:%M}"


class Protection(models.Model):
    """Temporary emergency protection in the community (Art. 18.2; Circular 02 Art. 3): at most 3 months."""

    class Reason(models.TextChoices):
        ORPHAN = "orphan", _("Trẻ em mồ côi cả cha và mẹ, không có người thân chăm sóc")
        VIOLENCE = "violence", _("Nạn nhân bạo lực gia đình, bị xâm hại")
        TRAFFICKING = "trafficking", _("Nạn nhân bị mua bán")
        BEGGAR = "beggar", _("Người lang thang xin ăn trong thời gian chờ đưa về nơi cư trú")
        OTHER = "other", _("Đối tượng khác theo quyết định của tỉnh")

    class Outcome(models.TextChoices):
        RETURNED = "returned", _("Trở về gia đình")
        OTHER_HOST = "other_host", _("Chuyển hộ nhận chăm sóc khác")
        FACILITY = "facility", _("Đề nghị tiếp nhận vào cơ sở trợ giúp xã hội")
        OTHER = "other", _("Khác")

    person = models.ForeignKey(
        "beneficiaries.Person", verbose_name=_("đối tượng"), on_delete=models.PROTECT, related_name="protections"
    )
    incident = models.ForeignKey(
        Incident, verbose_name=_("sự kiện"), null=True, blank=True, on_delete=models.PROTECT, related_name="protections"
    )
    commune = models.ForeignKey(
        "locations.AdministrativeUnit", verbose_name=_("xã"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("lý do"), max_length=12, choices=Reason.choices)
    host_name = models.CharField(_("hộ/cá nhân nhận chăm sóc"), max_length=150)
    host_household = models.ForeignKey(
        "beneficiaries.Household",
        verbose_name=_("hộ nhận chăm sóc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    host_address = models.CharField(_("địa chỉ hộ nhận chăm sóc"), max_length=255, blank=True)
    started_on = models.DateField(_("ngày bắt đầu"))
    planned_end_on = models.DateField(_("ngày kết thúc dự kiến"))
    ended_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=12, choices=Outcome.choices, blank=True)
    meal_rate = models.BigIntegerField(_("tiền ăn (đồng/người/ngày)"))
    treatment_cost = models.BigIntegerField(_("chi phí điều trị (đồng)"), default=0)
    transport_cost = models.BigIntegerField(_("chi phí đưa về (đồng)"), default=0)
    basis = models.CharField(_("căn cứ tính"), max_length=300, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chăm sóc khẩn cấp tạm thời tại cộng đồng")
        verbose_name_plural = _("chăm sóc khẩn cấp tạm thời tại cộng đồng")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(planned_end_on__gte=models.F("started_on")), name="protection_dates"),
            models.CheckConstraint(
                condition=Q(treatment_cost__gte=0) & Q(transport_cost__gte=0) & Q(meal_rate__gte=0),
                name="protection_costs_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["commune", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.person} – {self.host_name}"
