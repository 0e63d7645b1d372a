"""Reporting deadlines (decree20.md §8: Art. 36 Decree 20/2021/NĐ-CP; Art. 6 Circular 02/2021/TT-BLĐTBXH).

Twice a year each level reports to the one above: the commune before 15/6 and 15/12, the district before 30/6 and
31/12, the province to the ministry before 15/1 and 15/7. A two-level province (from 01/07/2025) has no district:
its communes report straight to the province, on the communes' dates. Pure rules: no ORM, no clock.

Which period a deadline covers (the law gives the dates, not the periods; see docs/decisions/reports-infrastructure.md):
the mid-year deadlines (15/6, 30/6, 15/7) cover the first six months of the year, the year-end ones (15/12, 31/12)
the whole year, and the province's 15/1 the whole previous year. A commune building before 15/6 still has June's
money: each month's roll is approved the month before (decree20.md §8, the list goes out before the 25th).
"""

from dataclasses import dataclass
from datetime import date, timedelta

LEGAL_BASIS = "Điều 36 Nghị định 20/2021/NĐ-CP; Điều 6 Thông tư 02/2021/TT-BLĐTBXH"

COMMUNE, DISTRICT, PROVINCE = "commune", "district", "province"
MINISTRY = "ministry"

# The forms every level sends at each deadline (decree20.md §8). The provincial workbook is the province's own
# tool, built on request, not a form sent upward.
PERIODIC_FORMS = ("10a", "10b", "10c", "10d")

# How many days before a deadline the schedule builds its reports: a working week to check and sign them.
LEAD_DAYS = 5

FIRST_HALF, WHOLE_YEAR, PREVIOUS_YEAR = "first_half", "year", "previous_year"

# level → (month, day, period covered) of its two deadlines in a calendar year.
_CALENDAR = {
    COMMUNE: ((6, 15, FIRST_HALF), (12, 15, WHOLE_YEAR)),
    DISTRICT: ((6, 30, FIRST_HALF), (12, 31, WHOLE_YEAR)),
    PROVINCE: ((1, 15, PREVIOUS_YEAR), (7, 15, FIRST_HALF)),
}

PERIOD_LABELS = {FIRST_HALF: "6 tháng đầu năm", WHOLE_YEAR: "cả năm", PREVIOUS_YEAR: "cả năm"}
RECIPIENT_LABELS = {DISTRICT: "cấp huyện", PROVINCE: "cấp tỉnh", MINISTRY: "Bộ (cơ quan quản lý ở trung ương)"}


@dataclass(frozen=True)
class Deadline:
    level: str  # who sends the report
    recipient: str  # who receives it
    day: date  # the report is sent before this day
    period_start: date
    period_end: date
    covers: str  # FIRST_HALF, WHOLE_YEAR or PREVIOUS_YEAR
    forms: tuple[str, ...] = PERIODIC_FORMS

    def build_on(self, lead_days: int = LEAD_DAYS) -> date:
        """The day the schedule builds this deadline's reports."""
        return self.day - timedelta(days=lead_days)

    @property
    def period_label(self) -> str:
        """ "6 tháng đầu năm 2026", "cả năm 2025"."""
        return f"{PERIOD_LABELS[self.covers]} {self.period_start.year}"

    @property
    def citation(self) -> str:
        return (
            f"{LEGAL_BASIS}: báo cáo {self.period_label} gửi {RECIPIENT_LABELS[self.recipient]} "
            f"trước ngày {self.day:%d/%m/%Y}"
        )


def recipient(level: str, *, two_level: bool) -> str | None:
    """Who a level reports to: the commune to the district (to the province in a two-level province), the district
    to the province, the province to the ministry. None for a district in a two-level province (there is none)."""
    if level == COMMUNE:
        return PROVINCE if two_level else DISTRICT
    if level == DISTRICT:
        return None if two_level else PROVINCE
    if level == PROVINCE:
        return MINISTRY
    return None


def _period(covers: str, year: int) -> tuple[date, date]:
    if covers == FIRST_HALF:
        return date(year, 1, 1), date(year, 6, 30)
    if covers == PREVIOUS_YEAR:
        return date(year - 1, 1, 1), date(year - 1, 12, 31)
    return date(year, 1, 1), date(year, 12, 31)


def deadlines_in_year(level: str, *, two_level: bool, year: int) -> list[Deadline]:
    """The level's deadlines falling in `year`, in date order."""
    to = recipient(level, two_level=two_level)
    if to is None:
        return []
    found = []
    for month, day, covers in _CALENDAR[level]:
        start, end = _period(covers, year)
        found.append(Deadline(level, to, date(year, month, day), start, end, covers))
    return sorted(found, key=lambda d: d.day)


def deadlines_between(level: str, *, two_level: bool, start: date, end: date) -> list[Deadline]:
    """The level's deadlines with `start <= day <= end`, in date order."""
    found = []
    for year in range(start.year, end.year + 1):
        found += [d for d in deadlines_in_year(level, two_level=two_level, year=year) if start <= d.day <= end]
    return found


def due_for_build(level: str, *, two_level: bool, today: date, lead_days: int = LEAD_DAYS) -> list[Deadline]:
    """Deadlines whose reports the schedule should have built by `today`: from `lead_days` before the deadline up
    to the deadline itself, so a day the schedule missed is caught up the next day (creation is idempotent)."""
    window_end = today + timedelta(days=lead_days)
    return deadlines_between(level, two_level=two_level, start=today, end=window_end)


def around(level: str, *, two_level: bool, today: date, past: int = 1, upcoming: int = 2) -> list[Deadline]:
    """The last `past` deadlines before `today` and the next `upcoming` from `today` on, in date order (for the
    "Báo cáo định kỳ" page: what was due, what is coming)."""
    every = deadlines_between(
        level, two_level=two_level, start=date(today.year - 1, 1, 1), end=date(today.year + 2, 12, 31)
    )
    before = [d for d in every if d.day < today]
    after = [d for d in every if d.day >= today]
    return (before[-past:] if past else []) + after[:upcoming]
