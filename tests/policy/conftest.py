"""Rate tables for the pure rules tests, built straight from policy/seed.py (no database).

`tables` is the national seed as the data migration writes it: levels from seed.NATIONAL_LEVELS, coefficients
and categories from seed.coefficient_rows() / seed.category_rows(), all in force from 01/07/2021. `tables_with`
adds rows (a province's own level, a retroactive raise) the way an administrator would in the browser.
"""

from datetime import date

import pytest

from policy import seed
from policy.rules import CategoryRow, CoefficientRow, LevelRow, RateTables


def seeded_levels() -> tuple[LevelRow, ...]:
    return tuple(
        LevelRow(amount=amount, effective_from=effective_from, legal_basis=basis)
        for amount, effective_from, basis in seed.NATIONAL_LEVELS
    )


def seeded_coefficients() -> tuple[CoefficientRow, ...]:
    return tuple(
        CoefficientRow(
            rule=rule,
            value=value,
            label=label,
            legal_basis=basis,
            effective_from=seed.DECREE20_START,
            effective_to=effective_to,
        )
        for rule, value, label, basis, effective_to in seed.coefficient_rows()
    )


def seeded_categories() -> dict[str, CategoryRow]:
    return {
        code: CategoryRow(
            code=code,
            kind=kind,
            name=name,
            legal_basis=basis,
            effective_from=seed.DECREE20_START,
            effective_to=effective_to,
        )
        for code, kind, name, basis, _form, _sensitive, effective_to in seed.category_rows()
    }


def build_tables(*, levels: tuple[LevelRow, ...] | None = None, extra_levels: tuple[LevelRow, ...] = ()) -> RateTables:
    return RateTables(
        levels=(seeded_levels() if levels is None else levels) + extra_levels,
        coefficients=seeded_coefficients(),
        categories=seeded_categories(),
    )


def provincial_level(amount: int, effective_from: date) -> LevelRow:
    return LevelRow(
        amount=amount,
        effective_from=effective_from,
        legal_basis="Nghị quyết của Hội đồng nhân dân tỉnh về mức chuẩn trợ giúp xã hội",
        provincial=True,
    )


@pytest.fixture
def tables() -> RateTables:
    return build_tables()


@pytest.fixture
def tables_with():
    """`tables_with(LevelRow(...), ...)`: the national seed plus the given level rows."""

    def _build(*levels: LevelRow) -> RateTables:
        return build_tables(extra_levels=levels)

    return _build
