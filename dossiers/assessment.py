"""What the rules say about a dossier: the amount and its basis, what the facts contradict, and — for a monthly
allowance — the other categories the person fits and which one wins (Art. 6.2). Reads only."""

from dataclasses import dataclass, field
from datetime import date

from beneficiaries.facts import person_facts
from beneficiaries.models import Entitlement
from policy.rules import Assessment, Line, Problem, RateTables, assess, eligibility_problems, first_of_month, line_for
from policy.selectors import rate_tables

from .models import Dossier

# Categories whose conditions the registry's facts can show by themselves (the 5.1 cases need papers).
DETECTABLE = ("5.3", "5.5.a", "5.6", "5.7", "5.8")


@dataclass
class Preview:
    month: date
    line: Line | None = None
    problems: list[Problem] = field(default_factory=list)
    # Monthly allowance only: the categories compared under Art. 6.2 and the outcome.
    compared: Assessment | None = None
    current: list[str] = field(default_factory=list)  # categories the person already receives

    @property
    def ok(self) -> bool:
        return self.line is not None and not self.problems

    @property
    def wins(self) -> bool:
        """The dossier's category is among those paid after Art. 6.2."""
        if self.compared is None or self.line is None:
            return True
        return any(line.category == self.line.category for line in self.compared.lines)


def dossier_facts(dossier: Dossier, month: date):
    return person_facts(
        dossier.person,
        disability_level=dossier.disability_level or dossier.person.disability_level,
        studying=dossier.studying,
        children_count=dossier.children_count,
        pregnant=dossier.pregnant,
        young_children_birth_dates=dossier.young_children_birth_dates,
        subject=dossier.subject,
        month=month,
    )


def dossier_preview(dossier: Dossier, *, month: date | None = None, tables: RateTables | None = None) -> Preview:
    """The rules' answer for `dossier` in `month` (default: the month it was received)."""
    month = first_of_month(month or dossier.received_on)
    tables = tables or rate_tables(dossier.commune.province)
    preview = Preview(month=month)
    if dossier.kind == Dossier.Kind.FUNERAL:
        death_month = first_of_month(dossier.death_date or month)
        preview.month = death_month
        preview.line = line_for("11", dossier_facts(dossier, death_month), death_month, tables)
        if dossier.death_date is None:
            preview.problems.append(Problem("death_date", "Cần nhập ngày mất."))
        elif not _was_paid_monthly(dossier.person, death_month):
            preview.problems.append(
                Problem("person", "Người mất không hưởng trợ cấp xã hội hàng tháng vào tháng mất (khoản 1 Điều 11).")
            )
        return preview
    if dossier.category is None:
        preview.problems.append(Problem("category", "Cần chọn diện hưởng."))
        return preview
    code = dossier.category.code
    facts = dossier_facts(dossier, month)
    preview.problems = eligibility_problems(code, facts, month, tables)
    preview.line = line_for(code, facts, month, tables)
    if dossier.kind == Dossier.Kind.MONTHLY:
        preview.current = list(
            Entitlement.objects.filter(
                person=dossier.person, status=Entitlement.Status.ACTIVE, category__kind="monthly"
            ).values_list("category__code", flat=True)
        )
        candidates = {code, *preview.current}
        candidates.update(
            other for other in DETECTABLE if not eligibility_problems(other, facts, month, tables) and other != code
        )
        preview.compared = assess(sorted(candidates), facts, month, tables)
    return preview


def _was_paid_monthly(person, month: date) -> bool:
    return (
        Entitlement.objects.filter(person=person, category__kind="monthly", start_month__lte=month)
        .exclude(end_month__lt=month)
        .exists()
    )
