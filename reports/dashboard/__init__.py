"""The dashboard of each role's unit (issue 7): figures in `figures.py` and `categories.py`, cached by data version
in `cache.py`, versions in `versions.py`, moved by the receivers in `invalidation.py`. See
docs/decisions/dashboard.md."""

from .cache import dashboard_for_user, data_version, data_versions
from .figures import BLOCKS, Summary, blocks_for, summary_compute
from .versions import dashboard_expire_all, dashboard_touch, dashboard_touch_commune

__all__ = [
    "BLOCKS",
    "Summary",
    "blocks_for",
    "dashboard_expire_all",
    "dashboard_for_user",
    "dashboard_touch",
    "dashboard_touch_commune",
    "data_version",
    "data_versions",
    "summary_compute",
]
