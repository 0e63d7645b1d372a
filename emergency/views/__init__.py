"""Emergency aid pages (issue 5): incidents, assessments, disbursements; protection and exports live beside."""

from .incidents import incident_list as index

__all__ = ["index"]
