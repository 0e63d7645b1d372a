"""Report periods are whole months (rolls are monthly): presets and the MM/YYYY–MM/YYYY text form. Pure."""

from datetime import date

from payments.exports.source import parse_month
from policy.rules import month_end

HALF, YEAR, MONTH, CUSTOM = "half", "year", "month", "custom"


def first_half(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 6, 30)


def whole_year(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def one_month(month: date) -> tuple[date, date]:
    return month.replace(day=1), month_end(month)


def months(start: date, end: date) -> tuple[date, date]:
    """From the first day of `start`'s month to the last day of `end`'s month."""
    return start.replace(day=1), month_end(end)


def parse_period(text: str | None) -> tuple[date, date] | None:
    """`01/2026-06/2026` (or one month, `03/2026`) → (01/01/2026, 30/06/2026); anything else → None."""
    parts = [part.strip() for part in (text or "").replace("–", "-").split("-")] if text else []
    if len(parts) == 1:
        month = parse_month(parts[0])
        return one_month(month) if month else None
    if len(parts) == 2:
        start, end = parse_month(parts[0]), parse_month(parts[1])
        return months(start, end) if start and end else None
    return None
