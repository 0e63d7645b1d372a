"""Social assistance facilities (Decree 20/2021 Art. 24–31; decree20.md §7; SPEC §5).

A **facility** has capacity by type. A person lives in one facility at a time as a **resident**, admitted by the
regular path (an **admission case**, form 07: commune → posting → deciding office → facility head), immediately
in an emergency (Art. 28.2: the file is completed within 10 working days), or by a service contract (form 08).
A **discharge** (form 09, Art. 30) is decided within 7 working days. Each public facility's residents are paid the
monthly **nurturing allowance** on a **nurturing roll** (standard level × 5.0 under 4, × 4.0 from 4, Art. 25.1).

Only `facilities.services` writes `status` fields, by compare-and-set, with an event beside it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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
    licence_date = models.DateField(_("ngày cấp giấy phép"), null=True, blank=True)
    # Total capacity is the sum of the capacity by type (kept in step by the service that saves a facility).
    capacity = models.PositiveIntegerField(_("công suất (người)"), default=0)
    capacity_elderly = models.PositiveIntegerField(_("người cao tuổi"), default=0)
    capacity_children = models.PositiveIntegerField(_("trẻ em"), default=0)
    capacity_disability = models.PositiveIntegerField(_("người khuyết tật"), default=0)
    capacity_mental = models.PositiveIntegerField(_("người tâm thần"), default=0)
    capacity_general = models.PositiveIntegerField(_("tổng hợp"), default=0)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    contact_name = models.CharField(_("người liên hệ"), max_length=150, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("cơ sở trợ giúp xã hội")
        verbose_name_plural = _("cơ sở trợ giúp xã hội")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CareGroup(models.TextChoices):
    """The capacity type a resident occupies."""

    ELDERLY = "elderly", _("Người cao tuổi")
    CHILDREN = "children", _("Trẻ em")
    DISABILITY = "disability", _("Người khuyết tật")
    MENTAL = "mental", _("Người tâm thần")
    GENERAL = "general", pgettext_lazy("care group", "Tổng hợp")


class AdmissionCase(models.Model):
    """Regular admission of a person in especially difficult circumstances (Art. 27–28.1, form 07)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang lập")
        SUBMITTED = "submitted", _("Đã nộp, chờ xã xét duyệt")
        POSTED = "posted", _("Đang niêm yết công khai (7 ngày làm việc)")
        FORWARDED = "forwarded", _("Đã chuyển, chờ thẩm định")
        APPRAISED = "appraised", _("Đã thẩm định, chờ quyết định")
        SENT_TO_PROVINCE = "to_province", _("Đã chuyển Sở, chờ quyết định")
        PLACED = "placed", _("Đã quyết định tiếp nhận, chờ cơ sở tiếp nhận")
        ADMITTED = "admitted", _("Đã vào cơ sở")
        RETURNED = "returned", _("Trả lại để bổ sung")
        REJECTED = "rejected", _("Không tiếp nhận (có lý do)")

    person = models.ForeignKey(
        "beneficiaries.Person", verbose_name=_("đối tượng"), on_delete=models.PROTECT, related_name="admission_cases"
    )
    commune = models.ForeignKey(
        "locations.AdministrativeUnit", verbose_name=_("xã tiếp nhận hồ sơ"), on_delete=models.PROTECT, related_name="+"
    )
    # Fixed on the day received from the province's deciding-level setting, like dossiers.
    flow = models.CharField(_("quy trình"), max_length=12)
    care_group = models.CharField(_("nhóm đối tượng"), max_length=12, choices=CareGroup.choices)
    category = models.ForeignKey(
        "policy.Category", verbose_name=_("diện đối tượng"), null=True, blank=True, on_delete=models.PROTECT
    )
    reason = models.TextField(_("hoàn cảnh, lý do đề nghị"))
    applicant_name = models.CharField(_("người làm đơn"), max_length=150, blank=True)
    facility = models.ForeignKey(
        Facility,
        verbose_name=_("cơ sở tiếp nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="admission_cases",
    )
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    received_on = models.DateField(_("ngày tiếp nhận"))
    due_on = models.DateField(_("hạn xử lý bước hiện tại"), null=True, blank=True, db_index=True)
    posted_until = models.DateField(_("niêm yết đến hết ngày"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định tiếp nhận"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_reason = models.TextField(_("lý do trả lại / không tiếp nhận"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("hồ sơ tiếp nhận vào cơ sở")
        verbose_name_plural = _("hồ sơ tiếp nhận vào cơ sở")
        ordering = ["-received_on", "-id"]
        permissions = [
            ("review_admissioncase", _("Xét duyệt, niêm yết hồ sơ tiếp nhận tại xã")),
            ("appraise_admissioncase", _("Thẩm định hồ sơ tiếp nhận")),
            ("decide_admissioncase", _("Quyết định tiếp nhận vào cơ sở")),
        ]
        indexes = [models.Index(fields=["commune", "status"]), models.Index(fields=["facility", "status"])]

    def __str__(self) -> str:
        return f"{self.person} → {self.facility or '…'}"


class Resident(models.Model):
    """A stay of one person in one facility, from admission to discharge."""

    class Path(models.TextChoices):
        REGULAR = "regular", _("Tiếp nhận theo hồ sơ (Điều 28.1)")
        EMERGENCY = "emergency", _("Tiếp nhận khẩn cấp (Điều 28.2)")
        CONTRACT = "contract", _("Tự nguyện theo hợp đồng dịch vụ (mẫu 08)")
        BY_LAW = "by_law", _("Theo quyết định của cơ quan có thẩm quyền")

    class DischargeReason(models.TextChoices):
        CASE_ENDED = "case_ended", _("Hết thời hạn, hoàn cảnh đã thay đổi")
        ADOPTED = "adopted", _("Được nhận làm con nuôi")
        AGE = "age", _("Đủ 16 tuổi (22 tuổi nếu đang đi học)")
        NO_CONTACT = "no_contact", _("Tự ý rời cơ sở, không liên lạc 1 tháng")
        OWN_REQUEST = "own_request", _("Theo nguyện vọng của đối tượng, gia đình")
        DEATH = "death", _("Chết")
        CONTRACT_END = "contract_end", _("Hết hạn hợp đồng dịch vụ")

    facility = models.ForeignKey(Facility, verbose_name=_("cơ sở"), on_delete=models.PROTECT, related_name="residents")
    person = models.ForeignKey(
        "beneficiaries.Person", verbose_name=_("đối tượng"), on_delete=models.PROTECT, related_name="residencies"
    )
    path = models.CharField(_("hình thức tiếp nhận"), max_length=10, choices=Path.choices)
    admission_case = models.OneToOneField(
        AdmissionCase, null=True, blank=True, on_delete=models.PROTECT, related_name="resident"
    )
    care_group = models.CharField(_("nhóm đối tượng"), max_length=12, choices=CareGroup.choices)
    category = models.ForeignKey(
        "policy.Category", verbose_name=_("diện đối tượng"), null=True, blank=True, on_delete=models.PROTECT
    )
    # The commune the person came from (hand-over on discharge goes back there unless another is named).
    home_commune = models.ForeignKey(
        "locations.AdministrativeUnit", verbose_name=_("xã nơi cư trú"), on_delete=models.PROTECT, related_name="+"
    )
    admitted_on = models.DateField(_("ngày vào cơ sở"))
    admission_decision_number = models.CharField(_("số quyết định tiếp nhận"), max_length=60, blank=True)
    admission_decision_date = models.DateField(_("ngày quyết định tiếp nhận"), null=True, blank=True)
    # Emergency admission: the file is due within 10 working days; an abandoned child's media notice within 25.
    file_due_on = models.DateField(_("hạn hoàn thiện hồ sơ"), null=True, blank=True)
    file_completed_on = models.DateField(_("ngày hoàn thiện hồ sơ"), null=True, blank=True)
    abandoned_child = models.BooleanField(_("trẻ em bị bỏ rơi"), default=False)
    media_notice_due_on = models.DateField(_("hạn thông báo trên phương tiện truyền thông"), null=True, blank=True)
    media_notice_on = models.DateField(_("ngày đã thông báo"), null=True, blank=True)
    # Voluntary residents (form 08).
    contract_number = models.CharField(_("số hợp đồng dịch vụ"), max_length=60, blank=True)
    contract_end_on = models.DateField(_("hợp đồng đến ngày"), null=True, blank=True)
    monthly_fee = models.BigIntegerField(_("phí dịch vụ (đồng/tháng)"), default=0)
    care_plan = models.TextField(_("kế hoạch can thiệp, trợ giúp"), blank=True)
    health_insurance_number = models.CharField(_("số thẻ BHYT"), max_length=20, blank=True)
    studying = models.BooleanField(_("đang đi học"), default=False)
    # Discharge (form 09, Art. 30).
    discharge_reason = models.CharField(
        _("lý do rời cơ sở"), max_length=14, choices=DischargeReason.choices, blank=True
    )
    discharge_proposed_on = models.DateField(_("ngày đề nghị rời cơ sở"), null=True, blank=True)
    discharge_due_on = models.DateField(_("hạn quyết định rời cơ sở"), null=True, blank=True)
    discharged_on = models.DateField(_("ngày rời cơ sở"), null=True, blank=True)
    discharge_decision_number = models.CharField(_("số quyết định rời cơ sở"), max_length=60, blank=True)
    handover_commune = models.ForeignKey(
        "locations.AdministrativeUnit",
        verbose_name=_("bàn giao về xã"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Art. 26: a 5.1/5.3 person may keep the allowance up to 24 months after leaving (last month paid).
    support_until = models.DateField(_("tiếp tục trợ cấp đến tháng"), null=True, blank=True)
    # Art. 25.3: a resident's funeral, at least 50 × the standard level, paid with the facility's roll.
    funeral_amount = models.BigIntegerField(_("mai táng phí (đồng)"), null=True, blank=True)
    funeral_basis = models.CharField(_("căn cứ tính mai táng phí"), max_length=300, blank=True)
    funeral_organiser = models.CharField(_("người, tổ chức lo mai táng"), max_length=150, blank=True)
    # No double payment (Art. 6 vs Art. 25): the last month the commune's monthly allowance pays (the admission
    # month when the person had one); the nurturing allowance starts after it. Set at admission.
    allowance_paid_until = models.DateField(_("trợ cấp hàng tháng tại xã chi đến tháng"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("đối tượng tại cơ sở")
        verbose_name_plural = _("đối tượng tại cơ sở")
        ordering = ["facility", "-admitted_on", "id"]
        permissions = [
            ("admit_resident", _("Tiếp nhận đối tượng vào cơ sở")),
            ("discharge_resident", _("Quyết định cho đối tượng rời cơ sở")),
        ]
        constraints = [
            # A person lives in one facility at a time.
            models.UniqueConstraint(
                fields=["person"], condition=Q(discharged_on__isnull=True), name="resident_one_open_stay"
            ),
            models.CheckConstraint(
                condition=Q(discharged_on__isnull=True) | Q(discharged_on__gte=models.F("admitted_on")),
                name="resident_discharge_after_admission",
            ),
            models.CheckConstraint(condition=Q(monthly_fee__gte=0), name="resident_fee_not_negative"),
        ]
        indexes = [models.Index(fields=["facility", "discharged_on"])]

    def __str__(self) -> str:
        return f"{self.person} – {self.facility}"

    @property
    def in_residence(self) -> bool:
        return self.discharged_on is None


class FacilityEvent(models.Model):
    """Append-only: each step of an admission case or a resident's stay, with who, when and the deadline."""

    admission_case = models.ForeignKey(
        AdmissionCase, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    resident = models.ForeignKey(Resident, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=24)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    due_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%d/%m/%Y %H:%M}"


class NurturingRoll(models.Model):
    """The monthly nurturing allowance list of one public facility (Art. 25.1). Approved rolls never change."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        APPROVED = "approved", _("Đã duyệt")

    facility = models.ForeignKey(Facility, verbose_name=_("cơ sở"), on_delete=models.PROTECT, related_name="rolls")
    month = models.DateField(_("tháng"))
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    people = models.PositiveIntegerField(_("số người"), default=0)
    total = models.BigIntegerField(_("tổng tiền (đồng)"), default=0)
    generated_at = models.DateTimeField(_("lập lúc"), null=True, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("danh sách trợ cấp nuôi dưỡng")
        verbose_name_plural = _("danh sách trợ cấp nuôi dưỡng")
        ordering = ["facility", "-month"]
        permissions = [("approve_nurturingroll", _("Duyệt danh sách trợ cấp nuôi dưỡng"))]
        constraints = [models.UniqueConstraint(fields=["facility", "month"], name="nurturing_roll_once")]

    def __str__(self) -> str:
        return f"{self.facility} {self.month:%m/%Y}"


class NurturingLine(models.Model):
    roll = models.ForeignKey(NurturingRoll, on_delete=models.CASCADE, related_name="lines")
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("beneficiaries.Person", on_delete=models.PROTECT, related_name="+")
    coefficient = models.DecimalField(_("hệ số"), max_digits=5, decimal_places=2)
    level = models.BigIntegerField(_("mức chuẩn"))
    full_amount = models.BigIntegerField(_("mức cả tháng"))
    days = models.PositiveSmallIntegerField(_("số ngày hưởng"))
    days_in_month = models.PositiveSmallIntegerField(_("số ngày của tháng"))
    amount = models.BigIntegerField(_("số tiền"))
    funeral_amount = models.BigIntegerField(_("mai táng phí"), default=0)
    after_leaving = models.BooleanField(_("đã rời cơ sở, tiếp tục hưởng (Điều 26)"), default=False)
    basis = models.CharField(_("căn cứ tính"), max_length=300)

    class Meta:
        verbose_name = _("dòng trợ cấp nuôi dưỡng")
        verbose_name_plural = _("dòng trợ cấp nuôi dưỡng")
        ordering = ["roll", "id"]
        constraints = [models.UniqueConstraint(fields=["roll", "resident"], name="nurturing_line_once")]

    def __str__(self) -> str:
        return f"{self.person}: {self.amount}"
