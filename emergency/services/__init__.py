"""Writes for emergency aid (Decree 20/2021 Art. 12–17): incidents, assessments, the workflow, disbursements.

Each write checks the actor's role and unit, compares-and-sets the assessment's (status, version) and writes an
`AssessmentEvent` in the same transaction; refusals are `ValidationError`s in Vietnamese naming the field.
"""

from .assessments import (
    aidline_set_amount,
    assessment_change_household,
    assessment_create,
    assessment_person_add,
    assessment_person_remove,
    assessment_update,
)
from .common import ConcurrentChange, proposal_for
from .disbursements import disbursement_record, given, line_complete
from .incidents import incident_area_update, incident_close, incident_open, incident_update
from .workflow import (
    allowed_actions,
    assessment_decide,
    assessment_escalate,
    assessment_propose,
    assessment_return,
    assessment_review,
    next_level,
)

__all__ = [
    "ConcurrentChange",
    "aidline_set_amount",
    "allowed_actions",
    "assessment_change_household",
    "assessment_create",
    "assessment_decide",
    "assessment_escalate",
    "assessment_person_add",
    "assessment_person_remove",
    "assessment_propose",
    "assessment_return",
    "assessment_review",
    "assessment_update",
    "disbursement_record",
    "given",
    "incident_area_update",
    "incident_close",
    "incident_open",
    "incident_update",
    "line_complete",
    "next_level",
    "proposal_for",
]
