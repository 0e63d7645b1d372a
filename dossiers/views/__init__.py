"""Dossier pages: list, open, edit, attach papers, each workflow step, the decision and its print.

Thin: every dossier and person is fetched through a scoped selector (outside the user's unit: 404), every write
is one service call, and the services' ValidationError / PermissionDenied / ConcurrentChange become form errors or
messages. Nothing here names the deciding level: the dossier's flow and the units' names say who acts.
"""

from .actions import attachment_add, attachment_download, dossier_decide, dossier_step
from .documents import decision_docx, decision_print, posting_list
from .editing import dossier_create, dossier_edit, dossier_preview_partial
from .pages import dossier_detail, dossier_list

__all__ = [
    "attachment_add",
    "attachment_download",
    "decision_docx",
    "decision_print",
    "dossier_create",
    "dossier_decide",
    "dossier_detail",
    "dossier_edit",
    "dossier_list",
    "dossier_preview_partial",
    "dossier_step",
    "posting_list",
]
