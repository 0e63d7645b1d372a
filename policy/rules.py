"""The rules engine: which monthly allowance and care support a person's facts give in a month, how much, and why.

Pure functions (no ORM, no clock, no settings). The caller passes a `RateTables` snapshot of the effective-dated
rows (policy.selectors.rate_tables) and the person's `Facts`; every amount comes back with its legal basis.

Month semantics (decree20.md §3, §5): a coefficient that changes with age applies from the month of the
birthday (Art. 8.1: "from the month the person becomes eligible"); losing eligibility by age (16, 22, 3 years,
36 months) stops payment from the month after the birthday month (Circular 02: "from the month after"), whatever
the day of the birthday — a child born on the 1st is still paid in the month they turn 16. So:
- 5.1/5.3 (and 20.1 for a child) are paid through the 16th-birthday month; 5.2 takes over from the month after,
  so the two never overlap; 5.2 is paid through the 22nd-birthday month.
- 5.7 is paid through the 3rd-birthday month; a child counts for 20.2 through the month they reach 36 months.
- 5.5.b hands over to 5.5.c in the 80th-birthday month (the decree starts 5.5.c "from the month they turn 80").
- Nothing is paid for a month that ends before the person is born.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from core.templatetags.vn_format import format_vnd

CHILD_AGE = 16
STUDY_AGE_LIMIT = 22
ELDERLY_AGE = 60
OLD_ELDERLY_AGE = 80
# A single parent in 5.4 who is also in one of these gets both amounts (Art. 6.2, exception).
SINGLE_PARENT_EXCEPTION = ("5.5", "5.6", "5.8")

SEVERE = "severe"
ESPECIALLY_SEVERE = "especially_severe"
POOR = "poor"
NEAR_POOR = "near_poor"


# --- The rows the engine reads -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelRow:
    amount: int
    effective_from: date
    legal_basis: str
    provincial: bool = False


@dataclass(frozen=True)
class CoefficientRow:
    rule: str
    value: Decimal
    label: str
    legal_basis: str
    effective_from: date
    effective_to: date | None = None
    provincial: bool = False

    def in_force(self, month: date) -> bool:
        return self.effective_from <= month and (self.effective_to is None or month <= self.effective_to)


@dataclass(frozen=True)
class FixedRow:
    """A fixed sum or quantity (decree20.md §6–§7): 40.000.000 ₫ per household, 15 kg rice per person-month…"""

    rule: str
    amount: int
    unit: str
    label: str
    legal_basis: str
    effective_from: date
    effective_to: date | None = None
    provincial: bool = False

    def in_force(self, month: date) -> bool:
        return self.effective_from <= month_end(month) and (self.effective_to is None or month <= self.effective_to)


@dataclass(frozen=True)
class CategoryRow:
    code: str
    kind: str  # monthly | care | funeral
    name: str
    legal_basis: str
    effective_from: date
    effective_to: date | None = None
    local: bool = False

    def in_force(self, month: date) -> bool:
        return self.effective_from <= month_end(month) and (self.effective_to is None or month <= self.effective_to)


@dataclass(frozen=True)
class RateTables:
    levels: tuple[LevelRow, ...]
    coefficients: tuple[CoefficientRow, ...]
    categories: dict[str, CategoryRow] = field(default_factory=dict)
    fixed: tuple[FixedRow, ...] = ()

    def level_for(self, month: date) -> LevelRow:
        """The national level in force in `month`, or the province's own level when it is higher (Art. 4.3)."""
        month = first_of_month(month)
        national = _latest([row for row in self.levels if not row.provincial], month)
        provincial = _latest([row for row in self.levels if row.provincial], month)
        if national is None and provincial is None:
            raise LookupError(f"Chưa có mức chuẩn trợ giúp xã hội áp dụng cho tháng {month:%m/%Y}.")
        if national is None or (provincial is not None and provincial.amount > national.amount):
            return provincial  # type: ignore[return-value]
        return national

    def coefficient_for(self, rule: str, month: date) -> CoefficientRow | None:
        """The province's own row for `rule` when one is in force, otherwise the national one."""
        month = first_of_month(month)
        rows = [row for row in self.coefficients if row.rule == rule and row.in_force(month)]
        rows.sort(key=lambda row: (row.provincial, row.effective_from))
        return rows[-1] if rows else None

    def fixed_for(self, rule: str, month: date) -> FixedRow | None:
        """The province's own fixed amount for `rule` when one is in force, otherwise the national one."""
        month = first_of_month(month)
        rows = [row for row in self.fixed if row.rule == rule and row.in_force(month)]
        rows.sort(key=lambda row: (row.provincial, row.effective_from))
        return rows[-1] if rows else None


def _latest(rows: list[LevelRow], month: date) -> LevelRow | None:
    in_force = [row for row in rows if row.effective_from <= month]
    return max(in_force, key=lambda row: row.effective_from) if in_force else None


# --- Dates at month granularity ----------------------------------------------------------------------------


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def month_end(month: date) -> date:
    nxt = add_months(first_of_month(month), 1)
    return date.fromordinal(nxt.toordinal() - 1)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> list[date]:
    """Every month from `start` to `end`, both included."""
    months, current = [], first_of_month(start)
    while current <= first_of_month(end):
        months.append(current)
        current = add_months(current, 1)
    return months


def age_in_month(birth_date: date, month: date) -> int:
    """The age reached by the end of `month`: the birthday month already counts the new age."""
    return month.year - birth_date.year - (1 if month.month < birth_date.month else 0)


def age_before(birth_date: date, month: date) -> int:
    """The age reached by the end of the month before `month`: an age limit reached in an earlier month.

    Eligibility lost at a birthday ends after the birthday month, so "under 16 in `month`" is
    `age_before(birth_date, month) < 16`, whatever day of the month the birthday falls on.
    """
    return age_in_month(birth_date, add_months(first_of_month(month), -1))


def born_by(birth_date: date, month: date) -> bool:
    """The person is born by the end of `month`."""
    return birth_date <= month_end(month)


def age_at_start(birth_date: date, month: date) -> int:
    """The age on the first day of `month`: a birthday later in the month does not count yet.

    Not used for eligibility: a birthday on the 1st would end payment in the birthday month (use `age_before`).
    """
    start = first_of_month(month)
    had_birthday = (start.month, start.day) >= (birth_date.month, birth_date.day)
    return start.year - birth_date.year - (0 if had_birthday else 1)


# --- Facts and results --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """What the rules need to know about a person (for care support: the carer and the cared-for subject)."""

    birth_date: date
    disability_level: str = ""  # "" | mild | severe | especially_severe
    studying: bool = False
    hiv: bool = False
    poverty: str = "none"  # none | poor | near_poor
    especially_difficult_area: bool = False
    children_count: int = 0  # 5.4: children being raised
    pregnant: bool = False  # 20.2
    young_children_birth_dates: tuple[date, ...] = ()  # 20.2: the carer's own children
    subject_birth_date: date | None = None  # 20.1, 20.3, 20.4: the person cared for
    subject_category: str = ""  # 20.1: "5.1" (a child) or "5.5.d" (an elderly person)


@dataclass(frozen=True)
class Line:
    category: str
    rule: str
    coefficient: Decimal
    level: int
    amount: int
    basis: str  # the citation of the coefficient row, e.g. "Điểm a khoản 1 Điều 6 Nghị định 20/2021/NĐ-CP"
    explanation: str  # "Điểm a khoản 1 Điều 6 …: Trẻ em dưới 4 tuổi, hệ số 2,5 × 500.000 ₫ = 1.250.000 ₫"
    level_basis: str = ""


@dataclass(frozen=True)
class Problem:
    field: str  # the form field / import column the message is about
    message: str


@dataclass
class Assessment:
    """The monthly allowance lines that are paid, and those set aside by Art. 6.2 with the reason."""

    lines: list[Line]
    set_aside: list[tuple[Line, str]]

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)


# --- The rules ----------------------------------------------------------------------------------------------


def allowance_amount(*, level: int, coefficient: Decimal) -> int:
    """Decree 20/2021 Art. 6.1 and 20: standard level × coefficient, in whole đồng (half up)."""
    return int((Decimal(level) * coefficient).to_integral_value(ROUND_HALF_UP))


def group_of(category: str) -> str:
    """'5.1.b' → '5.1', '5.5.a' stays '5.5.a' (its coefficients differ by point), '5.6' → '5.6'."""
    if category.startswith("5.1."):
        return "5.1"
    return category


def rule_for(category: str, facts: Facts, month: date) -> str | None:
    """The coefficient rule that applies to `category` in `month`, or None when the category does not apply."""
    month = first_of_month(month)
    if not born_by(facts.birth_date, month):
        return None
    age = age_in_month(facts.birth_date, month)
    age_before_month = age_before(facts.birth_date, month)
    group = group_of(category)
    if group == "5.1":
        if age_before_month >= CHILD_AGE:
            return None
        return "5.1:under_4" if age < 4 else "5.1:from_4"
    if group == "5.2":
        # From the month after the 16th-birthday month (5.1 still pays that month) to the 22nd-birthday month.
        if not CHILD_AGE <= age_before_month < STUDY_AGE_LIMIT or not facts.studying:
            return None
        return "5.2:default"
    if group == "5.3":
        if age_before_month >= CHILD_AGE:
            return None
        return "5.3:under_4" if age < 4 else "5.3:from_4"
    if group == "5.4":
        return "5.4:per_child" if facts.children_count > 0 else None
    if group == "5.5.a":
        if age < ELDERLY_AGE:
            return None
        return "5.5.a:60_to_80" if age < OLD_ELDERLY_AGE else "5.5.a:from_80"
    if group == "5.5.b":
        return "5.5.b:default" if 75 <= age < OLD_ELDERLY_AGE else None
    if group == "5.5.c":
        return "5.5.c:default" if age >= OLD_ELDERLY_AGE else None
    if group == "5.5.d":
        return "5.5.d:default" if age >= ELDERLY_AGE else None
    if group == "5.6":
        if facts.disability_level not in (SEVERE, ESPECIALLY_SEVERE):
            return None
        band = "adult" if CHILD_AGE <= age < ELDERLY_AGE else "child_or_elderly"
        return f"5.6:{facts.disability_level}:{band}"
    if group == "5.7":
        return "5.7:default" if age_before_month < 3 else None
    if group == "5.8":
        return "5.8:default"
    if group == "20.1":
        if facts.subject_category == "5.5.d":
            return "20.1:elderly"
        subject = facts.subject_birth_date
        if subject is None or not born_by(subject, month) or age_before(subject, month) >= CHILD_AGE:
            return None
        return "20.1:child_under_4" if age_in_month(facts.subject_birth_date, month) < 4 else "20.1:child_from_4"
    if group == "20.2":
        if facts.disability_level not in (SEVERE, ESPECIALLY_SEVERE):
            return None
        young = sum(1 for born in facts.young_children_birth_dates if _under_36_months(born, month))
        if young >= 2 or (young == 1 and facts.pregnant):
            return "20.2:two"
        if young == 1 or facts.pregnant:
            return "20.2:one"
        return None
    if group == "20.3":
        return "20.3:default"
    if group == "20.4":
        if facts.subject_birth_date is None or not born_by(facts.subject_birth_date, month):
            return None
        return "20.4:child" if age_in_month(facts.subject_birth_date, month) < CHILD_AGE else "20.4:adult"
    if group == "11":
        return "11:default"
    return f"{category}:default"  # a province's local category has one coefficient


def _under_36_months(born: date, month: date) -> bool:
    # Born by the end of the month, and counted through the month the child reaches 36 months (then it stops).
    return born_by(born, month) and first_of_month(month) <= add_months(first_of_month(born), 36)


def line_for(category: str, facts: Facts, month: date, tables: RateTables) -> Line | None:
    """The amount `category` gives in `month` with its basis, or None when it does not apply that month."""
    month = first_of_month(month)
    row = tables.categories.get(category)
    if row is not None and not row.in_force(month):
        return None
    rule = rule_for(category, facts, month)
    if rule is None:
        return None
    coefficient_row = tables.coefficient_for(rule, month)
    if coefficient_row is None:
        return None
    coefficient = coefficient_row.value
    if rule == "5.4:per_child":
        coefficient = coefficient * facts.children_count
    level = tables.level_for(month)
    amount = allowance_amount(level=level.amount, coefficient=coefficient)
    if rule == "5.4:per_child":
        factor = f"hệ số {_num(coefficient_row.value)} × {facts.children_count} con"
    else:
        factor = f"hệ số {_num(coefficient)}"
    explanation = (
        f"{coefficient_row.legal_basis}: {coefficient_row.label}, {factor} × {format_vnd(level.amount)}"
        f" = {format_vnd(amount)}"
    )
    return Line(
        category=category,
        rule=rule,
        coefficient=coefficient,
        level=level.amount,
        amount=amount,
        basis=coefficient_row.legal_basis,
        explanation=explanation.replace("\u00a0", " "),
        level_basis=level.legal_basis,
    )


def _num(value: Decimal) -> str:
    """Vietnamese decimal comma: 2.5 → '2,5', 2.0 → '2', 20 → '20'."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def assess(categories: Iterable[str], facts: Facts, month: date, tables: RateTables) -> Assessment:
    """The monthly allowance a person gets when they fit several categories (Decree 20/2021 Art. 6.2).

    Only the highest applies; a single parent in 5.4 who is also in 5.5, 5.6 or 5.8 gets both. Care support
    (Art. 20) and funeral lines are not compared: pass only monthly-allowance categories here.
    """
    codes = dict.fromkeys(categories)  # a category listed twice is one category
    lines = [line for code in codes if (line := line_for(code, facts, month, tables)) is not None]
    if not lines:
        return Assessment(lines=[], set_aside=[])
    # Highest amount first; on a tie the lower category code, so the result never depends on input order.
    ordered = sorted(lines, key=lambda line: (-line.amount, line.category))
    best = ordered[0]
    single_parent = next((line for line in ordered if group_of(line.category) == "5.4"), None)
    partner = next(
        (line for line in ordered if line.category.startswith(SINGLE_PARENT_EXCEPTION)),
        None,
    )
    if single_parent is not None and partner is not None and single_parent.amount + partner.amount > best.amount:
        winners = [single_parent, partner]
        kept = f"người đơn thân nuôi con hưởng cả diện 5.4 và diện {partner.category}"
        set_aside = [
            (line, f"Chỉ hưởng một mức cao nhất (khoản 2 Điều 6): {kept}, diện {line.category} không cộng thêm.")
            for line in ordered
            if line is not single_parent and line is not partner
        ]
        return Assessment(lines=winners, set_aside=set_aside)
    set_aside = []
    for line in ordered[1:]:
        if line.amount == best.amount:
            why = f"mức bằng diện {best.category}, chỉ hưởng theo diện {best.category}"
        else:
            why = f"diện {best.category} có mức cao hơn"
        set_aside.append((line, f"Chỉ hưởng một mức cao nhất (khoản 2 Điều 6): {why}."))
    return Assessment(lines=[best], set_aside=set_aside)


def funeral_line(month: date, tables: RateTables) -> Line:
    """Funeral support (Art. 11.1): at least 20 × the standard level of the month of death."""
    line = line_for("11", Facts(birth_date=date(1900, 1, 1)), month, tables)
    if line is None:
        raise LookupError("Chưa có hệ số hỗ trợ mai táng phí (Điều 11).")
    return line


# --- Eligibility: what the facts contradict -----------------------------------------------------------------


def eligibility_problems(category: str, facts: Facts, month: date, tables: RateTables) -> list[Problem]:
    """Reasons, in Vietnamese and naming the field, why the facts contradict `category` in `month`."""
    month = first_of_month(month)
    problems: list[Problem] = []
    row = tables.categories.get(category)
    if row is None:
        return [Problem("category", f"Diện hưởng «{category}» không có trong danh mục.")]
    if not row.in_force(month):
        until = f" (chỉ áp dụng đến hết ngày {row.effective_to:%d/%m/%Y})" if row.effective_to else ""
        problems.append(Problem("category", f"Diện {category} không còn áp dụng trong tháng {month:%m/%Y}{until}."))
        return problems
    if not born_by(facts.birth_date, month):
        return [Problem("birth_date", f"Ngày sinh {facts.birth_date:%d/%m/%Y} sau tháng {month:%m/%Y}.")]
    age = age_in_month(facts.birth_date, month)
    age_before_month = age_before(facts.birth_date, month)
    group = group_of(category)
    poor = facts.poverty == POOR
    poor_or_near = facts.poverty in (POOR, NEAR_POOR)
    if group in ("5.1", "5.3") and age_before_month >= CHILD_AGE:
        problems.append(Problem("birth_date", f"Diện {category} chỉ dành cho trẻ em dưới 16 tuổi (đang {age} tuổi)."))
    if group == "5.2":
        if age == CHILD_AGE and age_before_month < CHILD_AGE:
            problems.append(
                Problem(
                    "birth_date",
                    "Diện 5.2 áp dụng từ tháng sau tháng đủ 16 tuổi; tháng này vẫn hưởng theo khoản 1 Điều 5.",
                )
            )
        elif not CHILD_AGE <= age_before_month < STUDY_AGE_LIMIT:
            problems.append(Problem("birth_date", f"Diện 5.2 dành cho người từ 16 đến 22 tuổi (đang {age} tuổi)."))
        if not facts.studying:
            problems.append(Problem("studying", "Diện 5.2 yêu cầu đang đi học."))
    if group in ("5.3", "5.8"):
        if not facts.hiv:
            problems.append(Problem("hiv", f"Diện {category} yêu cầu có xác nhận nhiễm HIV."))
        if not poor:
            problems.append(Problem("poverty", f"Diện {category} yêu cầu thuộc hộ nghèo."))
    if group == "5.4":
        if not poor_or_near:
            problems.append(Problem("poverty", "Diện 5.4 yêu cầu thuộc hộ nghèo hoặc cận nghèo."))
        if facts.children_count < 1:
            problems.append(Problem("children_count", "Diện 5.4 yêu cầu đang nuôi ít nhất một con."))
    if group.startswith("5.5"):
        minimum = {"5.5.b": 75, "5.5.c": OLD_ELDERLY_AGE}.get(group, ELDERLY_AGE)
        if age < minimum:
            problems.append(Problem("birth_date", f"Diện {category} yêu cầu từ đủ {minimum} tuổi (đang {age} tuổi)."))
        if group == "5.5.b" and age >= OLD_ELDERLY_AGE:
            problems.append(
                Problem("birth_date", f"Diện 5.5.b dành cho người từ 75 đến dưới 80 tuổi (đang {age} tuổi).")
            )
        if group in ("5.5.a", "5.5.d") and not poor:
            problems.append(Problem("poverty", f"Diện {category} yêu cầu thuộc hộ nghèo."))
        if group == "5.5.b":
            if not poor_or_near:
                problems.append(Problem("poverty", "Diện 5.5.b yêu cầu thuộc hộ nghèo hoặc cận nghèo."))
            if not facts.especially_difficult_area:
                problems.append(Problem("village", "Diện 5.5.b yêu cầu sống ở xã, thôn đặc biệt khó khăn."))
    if group in ("5.6", "20.2") and facts.disability_level not in (SEVERE, ESPECIALLY_SEVERE):
        problems.append(
            Problem("disability_level", f"Diện {category} yêu cầu mức độ khuyết tật nặng hoặc đặc biệt nặng.")
        )
    if group == "5.7":
        if age_before_month >= 3:
            problems.append(Problem("birth_date", f"Diện 5.7 chỉ dành cho trẻ em dưới 3 tuổi (đang {age} tuổi)."))
        if not poor_or_near:
            problems.append(Problem("poverty", "Diện 5.7 yêu cầu thuộc hộ nghèo hoặc cận nghèo."))
        if not facts.especially_difficult_area:
            problems.append(Problem("village", "Diện 5.7 yêu cầu sống ở xã, thôn đặc biệt khó khăn."))
    if (
        group == "20.2"
        and not facts.pregnant
        and not any(_under_36_months(born, month) for born in facts.young_children_birth_dates)
    ):
        problems.append(
            Problem("young_children_birth_dates", "Diện 20.2 yêu cầu đang mang thai hoặc nuôi con dưới 36 tháng tuổi.")
        )
    if group in ("20.1", "20.3", "20.4") and facts.subject_birth_date is None and facts.subject_category != "5.5.d":
        problems.append(Problem("subject", f"Diện {category} cần chọn người được chăm sóc, nuôi dưỡng."))
    if not problems and rule_for(category, facts, month) is None:
        problems.append(Problem("category", f"Diện {category} không áp dụng cho đối tượng trong tháng {month:%m/%Y}."))
    return problems
