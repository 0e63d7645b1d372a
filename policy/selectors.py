"""Reads of the law-as-data tables, as the plain snapshots the rules engine takes."""

from django.db.models import Q

from .models import Category, Coefficient, FixedAmount, StandardLevel
from .rules import CategoryRow, CoefficientRow, FixedRow, LevelRow, RateTables


def rate_tables(province) -> RateTables:
    """National rows plus `province`'s own levels, coefficients, local categories and fixed amounts (four small
    queries)."""
    mine = Q(province__isnull=True) | Q(province=province)
    levels = tuple(
        LevelRow(amount=row.amount, effective_from=row.effective_from, legal_basis=row.legal_basis,
                 provincial=row.province_id is not None)
        for row in StandardLevel.objects.filter(mine)
    )  # fmt: skip
    coefficients = tuple(
        CoefficientRow(
            rule=row.rule,
            value=row.value,
            label=row.label,
            legal_basis=row.legal_basis,
            effective_from=row.effective_from,
            effective_to=row.effective_to,
            provincial=row.province_id is not None,
        )
        for row in Coefficient.objects.filter(mine)
    )
    categories = {
        row.code: CategoryRow(
            code=row.code,
            kind=row.kind,
            name=row.name,
            legal_basis=row.legal_basis,
            effective_from=row.effective_from,
            effective_to=row.effective_to,
            local=row.province_id is not None,
        )
        for row in Category.objects.filter(mine)
    }
    fixed = tuple(
        FixedRow(
            rule=row.rule,
            amount=row.amount,
            unit=row.unit,
            label=row.label,
            legal_basis=row.legal_basis,
            effective_from=row.effective_from,
            effective_to=row.effective_to,
            provincial=row.province_id is not None,
        )
        for row in FixedAmount.objects.filter(mine)
    )
    return RateTables(levels=levels, coefficients=coefficients, categories=categories, fixed=fixed)


def category_list_for_province(province, *, kind: str | None = None):
    queryset = Category.objects.filter(Q(province__isnull=True) | Q(province=province))
    return queryset.filter(kind=kind) if kind else queryset
