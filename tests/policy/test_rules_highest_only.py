"""Art. 6.2 (decree20.md §3): a person who fits several categories gets only the highest amount; a 5.4 single
parent who is also in 5.5, 5.6 or 5.8 gets both. Month 03/2025, level 500.000 ₫."""

from datetime import date

import pytest

from policy.rules import Facts, assess

MARCH_2025 = date(2025, 3, 1)
ES = "especially_severe"
SEVERE = "severe"


def aged(age: int, **other) -> Facts:
    return Facts(birth_date=date(2025 - age, 1, 15), **other)


def higher(best: str) -> str:
    return f"Chỉ hưởng một mức cao nhất (khoản 2 Điều 6): diện {best} có mức cao hơn."


def tie(kept: str) -> str:
    return f"Chỉ hưởng một mức cao nhất (khoản 2 Điều 6): mức bằng diện {kept}, chỉ hưởng theo diện {kept}."


def single_parent_with(partner: str, dropped: str) -> str:
    return (
        "Chỉ hưởng một mức cao nhất (khoản 2 Điều 6): người đơn thân nuôi con hưởng cả diện 5.4 và diện "
        f"{partner}, diện {dropped} không cộng thêm."
    )


# (reads like the law, categories, facts, paid [(category, amount)], set aside [(category, amount, reason)], total)
TABLE = [
    ("5.6 especially severe elderly 2.5 vs 5.5.a 1.5 → only 5.6", ["5.5.a", "5.6"],
     aged(70, disability_level=ES, poverty="poor"), [("5.6", 1_250_000)], [("5.5.a", 750_000, higher("5.6"))],
     1_250_000),
    ("5.5.d 3.0 vs 5.6 especially severe elderly 2.5 → only 5.5.d", ["5.6", "5.5.d"],
     aged(70, disability_level=ES, poverty="poor"), [("5.5.d", 1_500_000)], [("5.6", 1_250_000, higher("5.5.d"))],
     1_500_000),
    ("5.1 1.5 vs 5.6 especially severe child 2.5 → only 5.6", ["5.1.b", "5.6"], aged(10, disability_level=ES),
     [("5.6", 1_250_000)], [("5.1.b", 750_000, higher("5.6"))], 1_250_000),
    ("5.3 under 4 2.5 vs 5.6 severe child 2.0 → only 5.3", ["5.6", "5.3"],
     aged(2, disability_level=SEVERE, hiv=True, poverty="poor"), [("5.3", 1_250_000)],
     [("5.6", 1_000_000, higher("5.3"))], 1_250_000),
    ("5.4 with 2 children + 5.6 severe adult → both", ["5.4", "5.6"],
     aged(35, poverty="poor", children_count=2, disability_level=SEVERE), [("5.4", 1_000_000), ("5.6", 750_000)], [],
     1_750_000),
    ("5.4 with 1 child + 5.8 → both", ["5.8", "5.4"], aged(35, poverty="poor", children_count=1, hiv=True),
     [("5.4", 500_000), ("5.8", 750_000)], [], 1_250_000),
    ("5.4 with 2 children + 5.5.a → both", ["5.5.a", "5.4"], aged(62, poverty="poor", children_count=2),
     [("5.4", 1_000_000), ("5.5.a", 750_000)], [], 1_750_000),
    ("5.4 + 5.6 especially severe 2.0 + 5.8 1.5 → 5.4 and the higher 5.6 only", ["5.4", "5.8", "5.6"],
     aged(35, poverty="poor", children_count=2, disability_level=ES, hiv=True),
     [("5.4", 1_000_000), ("5.6", 1_000_000)], [("5.8", 750_000, single_parent_with("5.6", "5.8"))], 2_000_000),
    ("5.4 + 5.5.a and 5.8 tied at 1.5 → 5.4 and 5.5.a by code order", ["5.8", "5.5.a", "5.4"],
     aged(65, poverty="poor", children_count=1, hiv=True), [("5.4", 500_000), ("5.5.a", 750_000)],
     [("5.8", 750_000, single_parent_with("5.5.a", "5.8"))], 1_250_000),
    ("5.4 + 5.2 is not the exception → only the higher 5.2", ["5.4", "5.2"],
     aged(17, poverty="poor", children_count=1, studying=True), [("5.2", 750_000)],
     [("5.4", 500_000, higher("5.2"))], 750_000),
    ("5.5.a and 5.8 tied at 1.5 → 5.5.a by code order", ["5.5.a", "5.8"], aged(65, poverty="poor", hiv=True),
     [("5.5.a", 750_000)], [("5.8", 750_000, tie("5.5.a"))], 750_000),
    ("5.8 and 5.5.a tied, listed the other way round → still 5.5.a", ["5.8", "5.5.a"],
     aged(65, poverty="poor", hiv=True), [("5.5.a", 750_000)], [("5.8", 750_000, tie("5.5.a"))], 750_000),
    ("5.6 severe adult and 5.8 tied at 1.5 → 5.6 by code order", ["5.8", "5.6"],
     aged(40, disability_level=SEVERE, hiv=True, poverty="poor"), [("5.6", 750_000)],
     [("5.8", 750_000, tie("5.6"))], 750_000),
    ("5.1 that no longer applies is neither paid nor set aside", ["5.1.b", "5.5.a"], aged(70, poverty="poor"),
     [("5.5.a", 750_000)], [], 750_000),
    ("a category listed twice counts once", ["5.8", "5.8"], aged(40, hiv=True, poverty="poor"), [("5.8", 750_000)],
     [], 750_000),
    ("nothing applies → nothing paid", ["5.1.b", "5.7"], aged(40), [], [], 0),
]  # fmt: skip


@pytest.mark.parametrize(
    ("categories", "facts", "paid", "set_aside", "total"), [pytest.param(*row[1:], id=row[0]) for row in TABLE]
)
def test_only_the_highest_unless_single_parent(tables, categories, facts, paid, set_aside, total):
    result = assess(categories, facts, MARCH_2025, tables)

    assert [(line.category, line.amount) for line in result.lines] == paid
    assert [(line.category, line.amount, reason) for line, reason in result.set_aside] == set_aside
    assert result.total == total
