"""Writes for dossiers: open, edit, attach papers, and each workflow step up to the decision (SPEC §2).

A step is one function call: check the step exists for the dossier's flow and status (dossiers.workflow), check
the actor's role and unit, check maker ≠ checker, then compare-and-set the status (and version) and write a
`DossierEvent` in the same transaction. Deadlines are working days on the province's calendar.
"""

from .decide import Signature, dossier_decide
from .editing import ConcurrentChange, dossier_attach, dossier_open, dossier_update, flow_for
from .steps import dossier_appraise, dossier_forward, dossier_post, dossier_return, dossier_submit

__all__ = [
    "ConcurrentChange",
    "Signature",
    "dossier_appraise",
    "dossier_attach",
    "dossier_decide",
    "dossier_forward",
    "dossier_open",
    "dossier_post",
    "dossier_return",
    "dossier_submit",
    "dossier_update",
    "flow_for",
]
