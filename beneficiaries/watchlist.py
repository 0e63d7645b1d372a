"""The monthly watch list (danh sách biến động tự động): which entitlements change by themselves in a month.

Pure: no ORM, no clock. A row is a change between what the rules give for the month before and for the month
itself, so the list for month M is what the roll for M pays differently from the roll for M-1:
- a coefficient that changes with age applies from the birthday month (Art. 8.1: "from the month the person
  becomes eligible") — a child turning 4 in 07/2025 is paid 1,5 instead of 2,5 from 07/2025;
- eligibility lost by age stops payment from the month after the birthday month (Circular 02 Art. 2.1; see the
  policy/rules.py docstring) — a 5.1 child turning 16 in 06/2025 is paid through 06/2025, so the change (end, or
  5.2 if studying) is on the list for 07/2025;
- a category that ended by law (5.5.b and 5.5.c after 30/06/2025) is listed every month while still active.

The selector picks candidates in SQL by the birth-month windows below (never a query per person) and asks
`change_for` about each one.
"""

from dataclasses import dataclass, replace
from datetime import date

from django.utils.translation import gettext_lazy as _

from policy.rules import (
    Facts,
    Line,
    RateTables,
    add_months,
    first_of_month,
    group_of,
    line_for,
    month_end,
)

TURNS_3 = "turns_3"
TURNS_4 = "turns_4"
TURNS_16 = "turns_16"
TURNS_22 = "turns_22"
TURNS_60 = "turns_60"
TURNS_80 = "turns_80"
CHILD_36_MONTHS = "child_36_months"
CATEGORY_ENDED = "category_ended"

KIND_LABELS = {
    TURNS_4: _("Trẻ em đủ 4 tuổi"),
    TURNS_16: _("Đủ 16 tuổi"),
    TURNS_22: _("Đủ 22 tuổi"),
    TURNS_60: _("Đủ 60 tuổi"),
    TURNS_80: _("Người cao tuổi đủ 80 tuổi"),
    TURNS_3: _("Trẻ em đủ 3 tuổi"),
    CHILD_36_MONTHS: _("Con đủ 36 tháng tuổi"),
    CATEGORY_ENDED: _("Diện hưởng hết hiệu lực theo quy định"),
}
# Display order on the page.
KIND_ORDER = [CATEGORY_ENDED, TURNS_16, TURNS_22, TURNS_3, CHILD_36_MONTHS, TURNS_4, TURNS_60, TURNS_80]

# Suggested actions (the page shows a button for each).
ACTION_END = "end"
ACTION_TO_5_2 = "to_5_2"

PERSON = "person"
SUBJECT = "subject"  # care support (Art. 20): the age that counts is the cared-for person's


@dataclass(frozen=True)
class Trigger:
    kind: str
    age: int  # years reached
    # 0: the birthday falls in the month itself (a coefficient changes from the birthday month);
    # 1: in the month before (eligibility lost at the birthday ends after the birthday month).
    offset: int
    on: str = PERSON


# Category group (policy.rules.group_of) → the birthdays that change what it pays.
TRIGGERS: dict[str, tuple[Trigger, ...]] = {
    "5.1": (Trigger(TURNS_4, 4, 0), Trigger(TURNS_16, 16, 1)),
    "5.2": (Trigger(TURNS_22, 22, 1),),
    "5.3": (Trigger(TURNS_4, 4, 0), Trigger(TURNS_16, 16, 1)),
    "5.5.a": (Trigger(TURNS_80, 80, 0),),
    "5.5.b": (Trigger(TURNS_80, 80, 0),),  # 5.5.b is for 75 to under 80
    "5.6": (Trigger(TURNS_16, 16, 0), Trigger(TURNS_60, 60, 0)),  # child ↔ adult ↔ elderly bands
    "5.7": (Trigger(TURNS_3, 3, 1),),
    "20.1": (Trigger(TURNS_4, 4, 0, SUBJECT), Trigger(TURNS_16, 16, 1, SUBJECT)),
    "20.4": (Trigger(TURNS_16, 16, 0, SUBJECT),),
}
# 20.2 counts the carer's own children through the month they reach 36 months: a child born in month M-37
# stops counting in M. The dates live in a JSON list, so the selector reads every 20.2 row of the commune.
CHILD_36_GROUP = "20.2"
CHILD_36_MONTHS_COUNTED = 36


@dataclass(frozen=True)
class Window:
    """Entitlements of category `group` whose person (or subject) was born between `start` and `end`."""

    group: str
    on: str
    start: date
    end: date


def birth_month_for(month: date, *, age: int, offset: int) -> date:
    """The birth month of someone whose `age`-th birthday falls `offset` months before `month`."""
    return add_months(first_of_month(month), -offset - 12 * age)


def windows(month: date) -> list[Window]:
    """The birth-date ranges the selector turns into SQL for `month` (one calendar month each)."""
    result = []
    for group, triggers in TRIGGERS.items():
        for trigger in triggers:
            born = birth_month_for(month, age=trigger.age, offset=trigger.offset)
            result.append(Window(group=group, on=trigger.on, start=born, end=month_end(born)))
    return result


@dataclass(frozen=True)
class Change:
    kind: str
    month: date  # the first month paid differently
    event_date: date | None  # the birthday, or the last day the category was in force
    old: Line | None  # what the rules give for the month before (None: nothing)
    new: Line | None  # what the rules give for `month` (None: nothing — the entitlement should end)
    action: str | None = None  # ACTION_END / ACTION_TO_5_2 / None (nothing to record: the roll applies it)
    end_reason: str = ""  # beneficiaries.models.EndReason value for ACTION_END
    alternative: Line | None = None  # 5.1 at 16: what 5.2 would pay if the person is studying

    @property
    def label(self):
        return KIND_LABELS[self.kind]

    @property
    def old_amount(self) -> int:
        return self.old.amount if self.old else 0

    @property
    def new_amount(self) -> int:
        return self.new.amount if self.new else 0


def _birthday(birth_date: date, age: int) -> date:
    try:
        return birth_date.replace(year=birth_date.year + age)
    except ValueError:  # 29 February in a year that has none
        return date(birth_date.year + age, 3, 1)


def _trigger_for(group: str, facts: Facts, month: date) -> tuple[Trigger, date] | None:
    for trigger in TRIGGERS.get(group, ()):
        born = facts.subject_birth_date if trigger.on == SUBJECT else facts.birth_date
        if born is None:
            continue
        if first_of_month(born) == birth_month_for(month, age=trigger.age, offset=trigger.offset):
            return trigger, _birthday(born, trigger.age)
    return None


def _child_reaching_36_months(facts: Facts, month: date) -> date | None:
    for born in facts.young_children_birth_dates:
        if first_of_month(born) == add_months(first_of_month(month), -(CHILD_36_MONTHS_COUNTED + 1)):
            return _birthday(born, 3)
    return None


def change_for(
    *, category: str, facts: Facts, month: date, tables: RateTables, effective_to: date | None = None
) -> Change | None:
    """What changes for an entitlement of `category` in `month`, or None when the month pays as the one before.

    `effective_to` is the category's last day in force: past it, the entitlement should have ended (the roll
    pays nothing), whatever the person's age.
    """
    month = first_of_month(month)
    before = add_months(month, -1)
    if effective_to is not None and effective_to < month:
        last_in_force = min(before, first_of_month(effective_to))
        return Change(
            kind=CATEGORY_ENDED,
            month=add_months(first_of_month(effective_to), 1),
            event_date=effective_to,
            old=line_for(category, facts, last_in_force, tables),
            new=None,
            action=ACTION_END,
            end_reason="category_ended",
        )
    group = group_of(category)
    if group == CHILD_36_GROUP:
        reached = _child_reaching_36_months(facts, month)
        if reached is None:
            return None
        kind, event_date = CHILD_36_MONTHS, reached
    else:
        found = _trigger_for(group, facts, month)
        if found is None:
            return None
        kind, event_date = found[0].kind, found[1]
    old = line_for(category, facts, before, tables)
    new = line_for(category, facts, month, tables)
    if old is None and new is None:
        return None
    if old is not None and new is not None and old.rule == new.rule and old.coefficient == new.coefficient:
        return None  # e.g. a 5.6 child with a mild level: no band applies either side
    action, end_reason, alternative = None, "", None
    if new is None:
        action, end_reason = ACTION_END, "not_eligible" if group == CHILD_36_GROUP else "aged_out"
        if group == "5.1":
            # Art. 5.2: a 5.1 child who turns 16 while studying moves to 5.2 (until 22).
            alternative = line_for("5.2", _studying(facts), month, tables)
            action = ACTION_TO_5_2 if facts.studying else ACTION_END
    return Change(
        kind=kind,
        month=month,
        event_date=event_date,
        old=old,
        new=new,
        action=action,
        end_reason=end_reason,
        alternative=alternative,
    )


def _studying(facts: Facts) -> Facts:
    return replace(facts, studying=True)
