"""Emergency assistance rules (Decree 20/2021 Art. 12–15; decree20.md §6): which aid lines an assessment gives.

Pure: no ORM, no clock. The caller passes the assessment's `Facts` and a `RateTables` snapshot (levels,
coefficients `13:injured`, `14.1:death`, `14.2:burial`, fixed amounts `12.1:*`, `15.*`). Every amount is the
law's **minimum**, in whole đồng, at the standard level of the incident's month, with its citation; the officer
may give more. A rule the household does not meet comes back as an `Explanation` (shown, not hidden); facts the
law refuses (food for more months than a round allows, negative numbers) come back as `Problem`s.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from core.templatetags.vn_format import format_vnd
from policy.rules import NEAR_POOR, POOR, Problem, RateTables, allowance_amount

# Art. 13: seriously injured means at least 3 days of treatment.
MIN_TREATMENT_DAYS = 3

# Aid types (emergency.models.AidType values; repeated here so the rules stay free of Django).
RICE_TET = "rice_tet"
RICE_DISASTER = "rice_disaster"
GOODS = "goods"
INJURED = "injured"
DEATH = "death"
BURIAL = "burial"
HOUSE_LOST = "house_lost"
RELOCATION = "relocation"
HOUSE_DAMAGED = "house_damaged"

# House damage (emergency.models.HouseDamage values) → (aid type, fixed-amount rule, needs poverty or hardship).
HOUSE_RULES = {
    "lost": (HOUSE_LOST, "15.1:house_lost", True),
    "relocation": (RELOCATION, "15.2:relocation", False),
    "serious": (HOUSE_DAMAGED, "15.3:house_damaged", True),
}
HOUSE_CLAUSE = {"lost": "khoản 1 Điều 15", "relocation": "khoản 2 Điều 15", "serious": "khoản 3 Điều 15"}
DECREE = "Nghị định 20/2021/NĐ-CP"


@dataclass(frozen=True)
class Hurt:
    """A person hurt: injured (with days of treatment), dead or missing; `key` links the line back to the row."""

    name: str
    harm: str  # injured | dead | missing
    treatment_days: int | None = None
    key: object = None


@dataclass(frozen=True)
class Facts:
    month: date  # the incident's date: its month's standard level and rows apply
    tet: bool = False  # Tết or lean-season round (1 month of rice) rather than a disaster (up to 3)
    organisation: bool = False  # an organisation that buried people with no relatives (Art. 14.2)
    poverty: str = "none"  # none | poor | near_poor, from the registry when assessed
    hardship: bool = False  # the commune confirmed the household's hardship (Art. 15.1, 15.3)
    members: int = 0
    house_damage: str = "none"  # none | lost | relocation | serious
    food_short_members: int = 0
    food_months: int = 0
    lost_goods: bool = False
    lost_goods_note: str = ""
    people: tuple[Hurt, ...] = ()


@dataclass(frozen=True)
class ProposedLine:
    aid_type: str
    quantity: Decimal
    unit: str
    minimum_amount: int
    basis: str
    rice_kg: Decimal = Decimal(0)
    goods_description: str = ""
    person_key: object = None


@dataclass(frozen=True)
class Explanation:
    rule: str  # "15.1", "13"…
    message: str


@dataclass
class Proposal:
    lines: list[ProposedLine] = field(default_factory=list)
    explanations: list[Explanation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def minimum_total(self) -> int:
        return sum(line.minimum_amount for line in self.lines)

    @property
    def rice_kg(self) -> Decimal:
        return sum((line.rice_kg for line in self.lines), Decimal(0))


def _kg(value: Decimal | int) -> str:
    """15 → '15', 22.5 → '22,5' (Vietnamese decimal comma)."""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")


def _money(amount: int) -> str:
    return format_vnd(amount).replace("\u00a0", " ")


def _poor_or_hardship(facts: Facts) -> bool:
    return facts.poverty in (POOR, NEAR_POOR) or facts.hardship


def food_months_allowed(facts: Facts, tables: RateTables) -> int:
    """Art. 12.1: 1 month per round at Tết, up to 3 months per round after a disaster, fire or crop failure."""
    rule = "12.1:tet_months" if facts.tet else "12.1:disaster_months"
    row = tables.fixed_for(rule, facts.month)
    return row.amount if row is not None else (1 if facts.tet else 3)


def problems(facts: Facts, tables: RateTables) -> list[Problem]:
    """What the law (or arithmetic) refuses outright, by field, in Vietnamese."""
    found: list[Problem] = []
    for name in ("members", "food_short_members", "food_months"):
        if getattr(facts, name) < 0:
            found.append(Problem(name, "Số lượng không được âm."))
    for hurt in facts.people:
        if hurt.treatment_days is not None and hurt.treatment_days < 0:
            found.append(Problem("treatment_days", f"Số ngày điều trị của {hurt.name} không được âm."))
    allowed = food_months_allowed(facts, tables)
    if facts.food_months > allowed:
        if facts.tet:
            message = f"Dịp Tết chỉ hỗ trợ gạo {allowed} tháng mỗi đợt (khoản 1 Điều 12); đã nhập {facts.food_months}."
        else:
            message = (
                f"Mỗi đợt chỉ hỗ trợ gạo tối đa {allowed} tháng (khoản 1 Điều 12); đã nhập {facts.food_months} tháng."
            )
        found.append(Problem("food_months", message))
    if facts.food_short_members > 0 and facts.food_months == 0:
        found.append(Problem("food_months", "Có người thiếu đói: cần nhập số tháng thiếu đói (ít nhất 1 tháng)."))
    if facts.food_months > 0 and facts.food_short_members == 0:
        found.append(Problem("food_short_members", "Có số tháng thiếu đói: cần nhập số người thiếu đói."))
    if facts.members > 0 and facts.food_short_members > facts.members:
        found.append(
            Problem(
                "food_short_members",
                f"Số người thiếu đói ({facts.food_short_members}) lớn hơn số nhân khẩu của hộ ({facts.members}).",
            )
        )
    return found


def propose(facts: Facts, tables: RateTables) -> Proposal:
    """The aid lines the facts give (minimums with their citation), and the rules not met, explained.

    Decree 20/2021: Art. 12.1 rice (15 kg/person/month; Tết 1 month, disaster up to 3), 12.2 essential goods in
    kind, 13 seriously injured (≥ 3 days of treatment) ≥ 10 × level, 14.1 dead or missing ≥ 50 × level to the
    household, 14.2 burial by an organisation ≥ 50 × level, 15.1 house lost ≥ 40.000.000 ₫ and 15.3 house
    seriously damaged ≥ 20.000.000 ₫ (poor, near-poor or hardship households), 15.2 urgent relocation
    ≥ 30.000.000 ₫.
    """
    proposal = Proposal(problems=problems(facts, tables))
    if proposal.problems:
        return proposal
    level = tables.level_for(facts.month).amount
    _food(facts, tables, proposal)
    if facts.lost_goods:
        note = facts.lost_goods_note.strip()
        basis = f"Khoản 2 Điều 12 {DECREE}: hỗ trợ nhu yếu phẩm thiết yếu bằng hiện vật"
        proposal.lines.append(
            ProposedLine(
                aid_type=GOODS,
                quantity=Decimal(1),
                unit="hộ",
                minimum_amount=0,
                basis=(f"{basis} ({note})" if note else basis)[:300],
                goods_description=note[:300],
            )
        )
    for hurt in facts.people:
        _person(hurt, facts, tables, level, proposal)
    _house(facts, tables, proposal)
    return proposal


def _food(facts: Facts, tables: RateTables, proposal: Proposal) -> None:
    if facts.food_short_members <= 0 or facts.food_months <= 0:
        return
    row = tables.fixed_for("12.1:rice", facts.month)
    if row is None:
        raise LookupError("Chưa có mức hỗ trợ gạo (khoản 1 Điều 12).")
    kg = Decimal(row.amount) * facts.food_short_members * facts.food_months
    round_text = "dịp Tết" if facts.tet else "khi thiên tai, mất mùa, giáp hạt"
    proposal.lines.append(
        ProposedLine(
            aid_type=RICE_TET if facts.tet else RICE_DISASTER,
            quantity=Decimal(facts.food_short_members),
            unit=f"người × {facts.food_months} tháng",
            minimum_amount=0,
            rice_kg=kg,
            basis=(
                f"{row.legal_basis}: hỗ trợ gạo {round_text}, {_kg(row.amount)} kg × {facts.food_short_members} người"
                f" × {facts.food_months} tháng = {_kg(kg)} kg"
            ),
        )
    )


def _multiple_line(aid_type: str, rule: str, who: str, facts: Facts, tables: RateTables, level: int, key):
    row = tables.coefficient_for(rule, facts.month)
    if row is None:
        raise LookupError(f"Chưa có hệ số cho quy định {rule}.")
    amount = allowance_amount(level=level, coefficient=row.value)
    basis = f"{row.legal_basis}: {who}, {_kg(row.value)} × {_money(level)} = {_money(amount)}"
    return ProposedLine(
        aid_type=aid_type, quantity=Decimal(1), unit="người", minimum_amount=amount, basis=basis[:300], person_key=key
    )


def _person(hurt: Hurt, facts: Facts, tables: RateTables, level: int, proposal: Proposal) -> None:
    if hurt.harm == "injured":
        days = hurt.treatment_days or 0
        if facts.organisation:
            proposal.explanations.append(
                Explanation(
                    "13",
                    f"{hurt.name}: hỗ trợ người bị thương (Điều 13) chi cho người bị thương, không chi "
                    "cho cơ quan, tổ chức.",
                )
            )
        elif days < MIN_TREATMENT_DAYS:
            proposal.explanations.append(
                Explanation(
                    "13",
                    f"Không đủ điều kiện Điều 13 cho {hurt.name}: điều trị {days} ngày, cần từ {MIN_TREATMENT_DAYS} "
                    "ngày trở lên mới là bị thương nặng.",
                )
            )
        else:
            who = f"{hurt.name} bị thương nặng, điều trị {days} ngày"
            proposal.lines.append(_multiple_line(INJURED, "13:injured", who, facts, tables, level, hurt.key))
        return
    state = "chết" if hurt.harm == "dead" else "mất tích"
    if facts.organisation:
        who = f"mai táng {hurt.name} ({state}, không có người thân)"
        proposal.lines.append(_multiple_line(BURIAL, "14.2:burial", who, facts, tables, level, hurt.key))
    else:
        who = f"hộ có người {state}: {hurt.name}"
        proposal.lines.append(_multiple_line(DEATH, "14.1:death", who, facts, tables, level, hurt.key))


def _house(facts: Facts, tables: RateTables, proposal: Proposal) -> None:
    if facts.house_damage not in HOUSE_RULES:
        return
    aid_type, rule, needs_poverty = HOUSE_RULES[facts.house_damage]
    clause = HOUSE_CLAUSE[facts.house_damage]
    if facts.organisation:
        proposal.explanations.append(
            Explanation(rule.split(":")[0], f"Hỗ trợ nhà ở ({clause}) chỉ dành cho hộ gia đình.")
        )
        return
    if needs_poverty and not _poor_or_hardship(facts):
        proposal.explanations.append(
            Explanation(
                rule.split(":")[0],
                f"Không đủ điều kiện {clause}: hộ không thuộc hộ nghèo, cận nghèo hoặc hoàn cảnh khó khăn",
            )
        )
        return
    row = tables.fixed_for(rule, facts.month)
    if row is None:
        raise LookupError(f"Chưa có mức hỗ trợ cho quy định {rule}.")
    status = {POOR: "hộ nghèo", NEAR_POOR: "hộ cận nghèo"}.get(facts.poverty, "hộ có hoàn cảnh khó khăn")
    who = f"{row.label}; {status}" if needs_poverty else row.label
    proposal.lines.append(
        ProposedLine(
            aid_type=aid_type,
            quantity=Decimal(1),
            unit="hộ",
            minimum_amount=row.amount,
            basis=f"{row.legal_basis}: {who}, tối thiểu {_money(row.amount)}/hộ"[:300],
        )
    )
