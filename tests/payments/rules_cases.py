"""Builders for the pure payment-line tests: rate tables straight from policy/seed.py (no database), periods,
and a hand-written ledger of what earlier approved rolls paid.

Expected amounts in the tests are computed by hand from decree20.md (level × coefficient), never by calling the
code under test.
"""

from datetime import date

from payments.rules import Period
from policy import seed
from policy.rules import CategoryRow, CoefficientRow, Facts, LevelRow, RateTables

PORTAL_START = date(2024, 1, 1)  # the first roll the portal made: the earliest month ever compared again

LEVEL_2026 = date(2026, 7, 1)


def m(text: str) -> date:
    """'04/2025' → date(2025, 4, 1)."""
    month, year = text.split("/")
    return date(int(year), int(month), 1)


def months(*texts: str) -> list[date]:
    return [m(text) for text in texts]


def seeded_levels(*, without: tuple[date, ...] = ()) -> tuple[LevelRow, ...]:
    return tuple(
        LevelRow(amount=amount, effective_from=effective_from, legal_basis=basis)
        for amount, effective_from, basis in seed.NATIONAL_LEVELS
        if effective_from not in without
    )


def build_tables(*, extra_levels: tuple[LevelRow, ...] = (), without: tuple[date, ...] = ()) -> RateTables:
    """The national seed as the data migration writes it, plus `extra_levels`, minus the national levels whose
    effective dates are in `without` (a raise not yet decreed when earlier rolls were approved)."""
    return RateTables(
        levels=seeded_levels(without=without) + extra_levels,
        coefficients=tuple(
            CoefficientRow(
                rule=rule,
                value=value,
                label=label,
                legal_basis=basis,
                effective_from=seed.DECREE20_START,
                effective_to=effective_to,
            )
            for rule, value, label, basis, effective_to in seed.coefficient_rows()
        ),
        categories={
            code: CategoryRow(
                code=code,
                kind=kind,
                name=name,
                legal_basis=basis,
                effective_from=seed.DECREE20_START,
                effective_to=effective_to,
            )
            for code, kind, name, basis, _form, _sensitive, effective_to in seed.category_rows()
        },
    )


def provincial_level(amount: int, effective_from: date) -> LevelRow:
    return LevelRow(
        amount=amount,
        effective_from=effective_from,
        legal_basis="Nghị quyết của Hội đồng nhân dân tỉnh về mức chuẩn trợ giúp xã hội",
        provincial=True,
    )


# --- People -------------------------------------------------------------------------------------------------

# Born 15/12/2022: under 4 until 11/2026, turns 4 in 12/2026; never 16 in these tests.
TODDLER = Facts(birth_date=date(2022, 12, 15))
# Born 10/05/2015: 9–11 years old in 2024–2026 (5.1 from 4: 1.5).
CHILD = Facts(birth_date=date(2015, 5, 10))
# Born 20/03/1950: 74–76 years old in 2024–2026 (5.5.a 60 to under 80: 1.5; 5.6 elderly band).
ELDER = Facts(birth_date=date(1950, 3, 20), poverty="poor")
# Born 01/01/1940: 84–86 (5.5.a from 80: 2.0; 5.5.c).
OLDEST = Facts(birth_date=date(1940, 1, 1), poverty="poor")
# Born 02/09/1985: 38–41, an adult for 5.6 and the carer in Art. 20.
ADULT = Facts(birth_date=date(1985, 9, 2), poverty="poor")


def period(
    entitlement_id: int,
    category: str,
    facts: Facts,
    start: str,
    end: str | None = None,
    *,
    kind: str = "monthly",
    suspensions: tuple[tuple[str, str | None], ...] = (),
    arrears_months: tuple[str, ...] = (),
    subject_id: int | None = None,
) -> Period:
    return Period(
        entitlement_id=entitlement_id,
        category=category,
        kind=kind,
        facts=facts,
        start_month=m(start),
        end_month=m(end) if end else None,
        suspensions=tuple((m(start_), m(until) if until else None) for start_, until in suspensions),
        arrears_months=frozenset(m(text) for text in arrears_months),
        subject_id=subject_id,
    )


def paid_each(entitlement_id: int, amount: int, *texts: str) -> dict[tuple[int, date], int]:
    """The ledger of approved, collected rolls: `amount` paid for each listed month."""
    return {(entitlement_id, m(text)): amount for text in texts}


def items_of(line) -> list[tuple[int, str, str, int]]:
    """The line's ledger items as (entitlement id, kind, 'MM/YYYY', amount), easy to compare with a literal."""
    return [(item.entitlement_id, item.kind, f"{item.month:%m/%Y}", item.amount) for item in line.items]


def run_rolls(periods_for, first: str, last: str, tables: RateTables, *, unpaid: tuple[str, ...] = ()):
    """Generate, approve and pay one person's roll for every month from `first` to `last`, the way the monthly
    cycle does: `periods_for(month)` is what the database knows when that roll is generated (a death recorded
    late shows up only from the month it was recorded); every earlier month since PORTAL_START is compared again;
    the lines of the `unpaid` months are marked not collected, so their items never count as paid.

    Returns ({'MM/YYYY': LineAmounts}, the final ledger)."""
    from payments.rules import months_to_recheck, person_line
    from policy.rules import add_months

    lines, ledger = {}, {}
    current, end = m(first), m(last)
    while current <= end:
        periods = periods_for(current)
        recheck = {p.entitlement_id: months_to_recheck(p, current, since=PORTAL_START) for p in periods}
        line = person_line(periods, current, tables, paid=ledger, recheck=recheck)
        lines[f"{current:%m/%Y}"] = line
        if f"{current:%m/%Y}" not in unpaid:
            for item in line.items:
                key = (item.entitlement_id, item.month)
                ledger[key] = ledger.get(key, 0) + item.amount
        current = add_months(current, 1)
    return lines, ledger
