"""The admission workflow as data (Decree 20/2021 Art. 28.1, form 07): which step follows which, who takes it, and
the deadline of the step that starts, in working days.

Pure (no ORM, no clock). Three-level flow (Decree 20 as written): the commune reviews within 10 working days and
posts the case publicly for 7 working days, then forwards it; the district Division appraises within 7; the
district chairman places the person in a facility the district manages within 3, or the case goes to the province,
whose department places within 7; the facility head admits. Two-level flow (the province decides at the commune on
the day the case is received, Decree 147/2025): after the posting the commune chairman places the person in a
facility the commune manages, or sends the case to the province.
"""

from dataclasses import dataclass

DRAFT = "draft"
SUBMITTED = "submitted"
POSTED = "posted"
FORWARDED = "forwarded"
APPRAISED = "appraised"
SENT_TO_PROVINCE = "to_province"
PLACED = "placed"
ADMITTED = "admitted"
RETURNED = "returned"
REJECTED = "rejected"

THREE_LEVEL = "three_level"
TWO_LEVEL = "two_level"

COMMUNE_OFFICER = "commune_officer"
COMMUNE_LEADER = "commune_leader"
DISTRICT_OFFICER = "district_officer"
DISTRICT_LEADER = "district_leader"
PROVINCE_OFFICER = "province_officer"
FACILITY_STAFF = "facility_staff"

COMMUNE_REVIEW_DAYS = 10
POSTING_DAYS = 7
# The law gives no separate time to send the case on once the posting is over: the next working day.
FORWARD_AFTER_POSTING_DAYS = 1
APPRAISAL_DAYS = 7
DISTRICT_DECISION_DAYS = 3
PROVINCE_DECISION_DAYS = 7

# Actions that need more than a click: a reason, or a facility with the decision's number and date.
NEEDS_REASON = ("return", "reject")
NEEDS_DECISION = ("place",)


@dataclass(frozen=True)
class Step:
    action: str
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    label: str  # the button's text


def steps(flow: str) -> list[Step]:
    """Every step of `flow` (returning, refusing, placing and admitting included)."""
    common = [
        Step("submit", (DRAFT, RETURNED), SUBMITTED, (COMMUNE_OFFICER,), "Nộp hồ sơ"),
        Step("post", (SUBMITTED,), POSTED, (COMMUNE_LEADER,), "Duyệt và niêm yết công khai 7 ngày"),
        Step("return", (SUBMITTED, POSTED), RETURNED, (COMMUNE_LEADER,), "Trả lại để bổ sung"),
    ]
    province = [
        Step("place", (SENT_TO_PROVINCE,), PLACED, (PROVINCE_OFFICER,), "Quyết định tiếp nhận vào cơ sở"),
        Step("reject", (SENT_TO_PROVINCE,), REJECTED, (PROVINCE_OFFICER,), "Không tiếp nhận"),
        Step("return", (SENT_TO_PROVINCE,), RETURNED, (PROVINCE_OFFICER,), "Trả lại để bổ sung"),
        Step("admit", (PLACED,), ADMITTED, (FACILITY_STAFF,), "Tiếp nhận vào cơ sở"),
    ]
    if flow == TWO_LEVEL:
        return [
            *common,
            Step("place", (POSTED,), PLACED, (COMMUNE_LEADER,), "Quyết định tiếp nhận vào cơ sở"),
            Step("to_province", (POSTED,), SENT_TO_PROVINCE, (COMMUNE_LEADER,), "Đề nghị Sở tiếp nhận"),
            Step("reject", (POSTED,), REJECTED, (COMMUNE_LEADER,), "Không tiếp nhận"),
            *province,
        ]
    return [
        *common,
        Step("forward", (POSTED,), FORWARDED, (COMMUNE_LEADER, COMMUNE_OFFICER), "Chuyển Phòng thẩm định"),
        Step("appraise", (FORWARDED,), APPRAISED, (DISTRICT_OFFICER,), "Thẩm định đạt"),
        Step("reject", (FORWARDED,), REJECTED, (DISTRICT_OFFICER,), "Không đủ điều kiện"),
        Step("return", (FORWARDED, APPRAISED), RETURNED, (DISTRICT_OFFICER, DISTRICT_LEADER), "Trả lại để bổ sung"),
        Step("place", (APPRAISED,), PLACED, (DISTRICT_LEADER,), "Quyết định tiếp nhận vào cơ sở"),
        Step(
            "to_province", (APPRAISED,), SENT_TO_PROVINCE, (DISTRICT_OFFICER, DISTRICT_LEADER), "Đề nghị Sở tiếp nhận"
        ),
        Step("reject", (APPRAISED,), REJECTED, (DISTRICT_LEADER,), "Không tiếp nhận"),
        *province,
    ]


def step_for(flow: str, action: str, status: str) -> Step | None:
    return next((s for s in steps(flow) if s.action == action and status in s.sources), None)


def available_steps(flow: str, status: str, role: str) -> list[Step]:
    return [s for s in steps(flow) if status in s.sources and role in s.roles]


def step_days(flow: str, status: str) -> int | None:
    """Working days allowed for the step that starts when the case reaches `status` (None: no deadline).

    The posting's own deadline (posted_until + the days to send on) is computed by the service from the
    posting's end, so POSTED is not listed here.
    """
    days = {
        SUBMITTED: COMMUNE_REVIEW_DAYS,
        FORWARDED: APPRAISAL_DAYS,
        APPRAISED: DISTRICT_DECISION_DAYS,
        SENT_TO_PROVINCE: PROVINCE_DECISION_DAYS,
    }
    return days.get(status)


def after_posting_days(flow: str) -> int:
    """Working days after the posting ends: the three-level commune forwards the next working day; the two-level
    commune chairman decides within the days the district chairman had (3)."""
    return DISTRICT_DECISION_DAYS if flow == TWO_LEVEL else FORWARD_AFTER_POSTING_DAYS


def placing_level(flow: str, role: str) -> str | None:
    """The managing level of the facilities a deciding role may place people in (Art. 28.1.d–đ)."""
    return {
        (THREE_LEVEL, DISTRICT_LEADER): "district",
        (TWO_LEVEL, COMMUNE_LEADER): "commune",
    }.get((flow, role), "province" if role == PROVINCE_OFFICER else None)
