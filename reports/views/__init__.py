"""Report pages. `reports:index` is the download centre; the dashboard (D) has its own module."""

from .requests import report_list as index

__all__ = ["index"]
