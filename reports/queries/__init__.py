"""Set-based report queries (GROUP BY in the database; no loop over people) following `reports.asof`.

Each query takes a `Scope` (the communes of the requested unit, the period, the cutoff) and returns
`{commune_id or month: {column key: value}}` with the keys of `reports.layouts.forms`.
"""

from dataclasses import dataclass
from datetime import date, datetime

from locations.models import AdministrativeUnit
from policy.rules import first_of_month, month_end, months_between

from ..asof import cutoff


@dataclass(frozen=True)
class Scope:
    unit: AdministrativeUnit
    communes: tuple[AdministrativeUnit, ...]
    period_start: date
    period_end: date
    as_of: date

    @property
    def cutoff(self) -> datetime:
        return cutoff(self.as_of)

    @property
    def commune_ids(self) -> list[int]:
        return [commune.pk for commune in self.communes]

    @property
    def first_month(self) -> date:
        return first_of_month(self.period_start)

    @property
    def last_month(self) -> date:
        return first_of_month(self.period_end)

    @property
    def months(self) -> list[date]:
        return months_between(self.period_start, self.period_end)

    def born_by(self, years: int) -> date:
        """Born on or before this day = `years` old or more by the end of the period's last month (the month of a
        birthday counts the new age, as the rules do: `policy.rules.age_in_month`)."""
        end = self.last_month
        return month_end(date(end.year - years, end.month, 1))


def scope_for(request) -> Scope:
    from .units import communes_of

    return Scope(
        unit=request.unit,
        communes=tuple(communes_of(request.unit, request.period_start, request.period_end)),
        period_start=request.period_start,
        period_end=request.period_end,
        as_of=request.as_of,
    )


def group_key(code: str, local: bool) -> str:
    """A category code → its column key: 5.1.b → 5_1, 5.5.a → 5_5, 20.3 → 20_3; a province's own → local."""
    if local:
        return "local"
    parts = code.split(".")
    return "_".join(parts[:2])
