"""The rules engine's `Facts` from a person and the facts a dossier or entitlement fixed (no queries beyond the
related rows the caller selected)."""

from datetime import date

from policy.rules import ELDERLY_AGE, Facts, age_in_month


def _dates(values) -> tuple[date, ...]:
    return tuple(value if isinstance(value, date) else date.fromisoformat(value) for value in values or ())


def person_facts(
    person,
    *,
    disability_level: str | None = None,
    studying: bool | None = None,
    children_count: int = 0,
    pregnant: bool = False,
    young_children_birth_dates=(),
    subject=None,
    month: date | None = None,
) -> Facts:
    household = person.household
    village = person.village
    subject_category = ""
    if subject is not None and month is not None:
        subject_category = "5.5.d" if age_in_month(subject.birth_date, month) >= ELDERLY_AGE else "5.1"
    return Facts(
        birth_date=person.birth_date,
        disability_level=person.disability_level if disability_level is None else disability_level,
        studying=person.studying if studying is None else studying,
        hiv=person.hiv_positive,
        poverty=household.poverty_status if household else "none",
        especially_difficult_area=bool(
            person.commune.especially_difficult or (village and village.especially_difficult)
        ),
        children_count=children_count,
        pregnant=pregnant,
        young_children_birth_dates=_dates(young_children_birth_dates),
        subject_birth_date=subject.birth_date if subject is not None else None,
        subject_category=subject_category,
    )


def entitlement_facts(entitlement, *, month: date | None = None) -> Facts:
    return person_facts(
        entitlement.person,
        disability_level=entitlement.disability_level,
        studying=entitlement.studying,
        children_count=entitlement.children_count,
        pregnant=entitlement.pregnant,
        young_children_birth_dates=entitlement.young_children_birth_dates,
        subject=entitlement.subject if entitlement.category.kind == "care" else None,
        month=month,
    )
