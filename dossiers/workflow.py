"""The dossier workflow as data: which step follows which, who may take it, and its deadline in working days.

Pure (no ORM, no clock). Decree 20/2021 Art. 8.1 (three-level: commune review 7 days, public posting 2 working
days, forward within 3, district appraisal 7, decision 3), Art. 11.2 (funeral: commune 2, division 3, decision
3), Decree 147/2025 Art. 5.2.b (two-level: the commune chairman decides within 10 working days).
"""

from dataclasses import dataclass
from datetime import date

DRAFT = "draft"
SUBMITTED = "submitted"
POSTED = "posted"
FORWARDED = "forwarded"
APPRAISED = "appraised"
RETURNED = "returned"
APPROVED = "approved"
REJECTED = "rejected"

THREE_LEVEL = "three_level"
TWO_LEVEL = "two_level"

FUNERAL = "funeral"

# Roles (accounts.models.Role values) and where they sit relative to the dossier's commune.
COMMUNE_OFFICER = "commune_officer"
COMMUNE_LEADER = "commune_leader"
DISTRICT_OFFICER = "district_officer"
DISTRICT_LEADER = "district_leader"

POSTING_DAYS = 2

ACTION_LABELS = {
    "submit": "Nộp hồ sơ",
    "post": "Duyệt và niêm yết công khai",
    "forward": "Chuyển cấp trên",
    "appraise": "Thẩm định",
    "return": "Trả lại để bổ sung",
    "approve": "Quyết định hưởng",
    "reject": "Không đủ điều kiện",
}


@dataclass(frozen=True)
class Step:
    action: str
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    label: str  # the button's text


def steps(kind: str, flow: str) -> list[Step]:
    """The steps a dossier of `kind` in `flow` can take (returning and deciding included)."""
    submit = Step("submit", (DRAFT, RETURNED), SUBMITTED, (COMMUNE_OFFICER,), "Nộp hồ sơ")
    if flow == TWO_LEVEL:
        return [
            submit,
            Step("approve", (SUBMITTED,), APPROVED, (COMMUNE_LEADER,), "Quyết định hưởng"),
            Step("reject", (SUBMITTED,), REJECTED, (COMMUNE_LEADER,), "Không đủ điều kiện"),
            Step("return", (SUBMITTED,), RETURNED, (COMMUNE_LEADER,), "Trả lại để bổ sung"),
        ]
    commune_steps = (
        # Funeral support is not posted publicly (Art. 11.2): the commune reviews and forwards.
        [Step("forward", (SUBMITTED,), FORWARDED, (COMMUNE_LEADER,), "Chuyển cấp trên thẩm định")]
        if kind == FUNERAL
        else [
            Step("post", (SUBMITTED,), POSTED, (COMMUNE_LEADER,), "Duyệt và niêm yết công khai"),
            Step("forward", (POSTED,), FORWARDED, (COMMUNE_LEADER, COMMUNE_OFFICER), "Chuyển cấp trên thẩm định"),
        ]
    )
    return [
        submit,
        *commune_steps,
        Step("return", (SUBMITTED, POSTED), RETURNED, (COMMUNE_LEADER,), "Trả lại để bổ sung"),
        Step("appraise", (FORWARDED,), APPRAISED, (DISTRICT_OFFICER,), "Thẩm định đạt"),
        Step("return", (FORWARDED, APPRAISED), RETURNED, (DISTRICT_OFFICER, DISTRICT_LEADER), "Trả lại để bổ sung"),
        Step("reject", (FORWARDED,), REJECTED, (DISTRICT_OFFICER,), "Không đủ điều kiện"),
        Step("approve", (APPRAISED,), APPROVED, (DISTRICT_LEADER,), "Quyết định hưởng"),
        Step("reject", (APPRAISED,), REJECTED, (DISTRICT_LEADER,), "Không đủ điều kiện"),
    ]


def step_for(kind: str, flow: str, action: str, status: str) -> Step | None:
    return next((s for s in steps(kind, flow) if s.action == action and status in s.sources), None)


def available_steps(kind: str, flow: str, status: str, role: str) -> list[Step]:
    return [s for s in steps(kind, flow) if status in s.sources and role in s.roles]


def step_days(kind: str, flow: str, status: str) -> int | None:
    """Working days allowed for the step that starts when the dossier reaches `status`."""
    if flow == TWO_LEVEL:
        return {SUBMITTED: 10}.get(status)
    if kind == FUNERAL:
        return {SUBMITTED: 2, FORWARDED: 3, APPRAISED: 3}.get(status)
    return {SUBMITTED: 7, POSTED: POSTING_DAYS + 3, FORWARDED: 7, APPRAISED: 3}.get(status)


def total_days(kind: str, flow: str) -> int:
    """At most 22 working days in the three-level flow (Art. 8.1), 10 in the two-level flow."""
    return sum(step_days(kind, flow, status) or 0 for status in (SUBMITTED, POSTED, FORWARDED, APPRAISED))


def start_month(*, category: str, signed_on: date, disability_cert_date: date | None) -> date:
    """Payment starts from the month the decision is signed (Art. 8.1); for 5.6 from the month the disability
    certificate was issued, when that came first."""
    month = signed_on.replace(day=1)
    if category == "5.6" and disability_cert_date is not None:
        return min(month, disability_cert_date.replace(day=1))
    return month
