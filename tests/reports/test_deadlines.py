"""Reporting deadlines as pure rules (decree20.md §8), for both structures: tables of cases, no database."""

from datetime import date

import pytest

from reports import deadlines as rules

D = date


@pytest.mark.parametrize(
    ("level", "two_level", "year", "expected"),
    [
        # level, two-level?, year → (deadline, recipient, period start, period end)
        (
            "commune",
            False,
            2026,
            [
                (D(2026, 6, 15), "district", D(2026, 1, 1), D(2026, 6, 30)),
                (D(2026, 12, 15), "district", D(2026, 1, 1), D(2026, 12, 31)),
            ],
        ),
        (
            "commune",
            True,
            2026,
            [
                (D(2026, 6, 15), "province", D(2026, 1, 1), D(2026, 6, 30)),
                (D(2026, 12, 15), "province", D(2026, 1, 1), D(2026, 12, 31)),
            ],
        ),
        (
            "district",
            False,
            2024,
            [
                (D(2024, 6, 30), "province", D(2024, 1, 1), D(2024, 6, 30)),
                (D(2024, 12, 31), "province", D(2024, 1, 1), D(2024, 12, 31)),
            ],
        ),
        ("district", True, 2026, []),
        (
            "province",
            False,
            2025,
            [
                (D(2025, 1, 15), "ministry", D(2024, 1, 1), D(2024, 12, 31)),
                (D(2025, 7, 15), "ministry", D(2025, 1, 1), D(2025, 6, 30)),
            ],
        ),
        (
            "province",
            True,
            2027,
            [
                (D(2027, 1, 15), "ministry", D(2026, 1, 1), D(2026, 12, 31)),
                (D(2027, 7, 15), "ministry", D(2027, 1, 1), D(2027, 6, 30)),
            ],
        ),
    ],
)
def test_each_level_reports_twice_a_year_to_the_level_above(level, two_level, year, expected):
    found = rules.deadlines_in_year(level, two_level=two_level, year=year)
    assert [(d.day, d.recipient, d.period_start, d.period_end) for d in found] == expected
    assert all(d.forms == ("10a", "10b", "10c", "10d") for d in found)


@pytest.mark.parametrize(
    ("level", "two_level", "today", "due"),
    [
        ("commune", False, D(2026, 6, 9), []),  # six days before 15/6: not yet
        ("commune", False, D(2026, 6, 10), [D(2026, 6, 15)]),  # five days before: build
        ("commune", False, D(2026, 6, 15), [D(2026, 6, 15)]),  # missed days are caught up up to the deadline
        ("commune", False, D(2026, 6, 16), []),
        ("commune", True, D(2026, 12, 12), [D(2026, 12, 15)]),
        ("district", False, D(2024, 12, 26), [D(2024, 12, 31)]),
        ("district", True, D(2026, 12, 26), []),  # no district in a two-level province
        ("province", False, D(2024, 12, 31), []),
        ("province", True, D(2027, 1, 10), [D(2027, 1, 15)]),  # across the new year
        ("province", True, D(2026, 7, 12), [D(2026, 7, 15)]),
    ],
)
def test_reports_are_due_for_building_from_five_days_before_the_deadline(level, two_level, today, due):
    assert [d.day for d in rules.due_for_build(level, two_level=two_level, today=today)] == due


def test_the_build_day_and_the_citation_say_what_is_due_and_why():
    deadline = rules.deadlines_in_year("commune", two_level=False, year=2026)[0]
    assert deadline.build_on() == D(2026, 6, 10)
    assert deadline.period_label == "6 tháng đầu năm 2026"
    assert deadline.citation == (
        "Điều 36 Nghị định 20/2021/NĐ-CP; Điều 6 Thông tư 02/2021/TT-BLĐTBXH: báo cáo 6 tháng đầu năm 2026 gửi "
        "cấp huyện trước ngày 15/06/2026"
    )
    yearly = rules.deadlines_in_year("province", two_level=True, year=2027)[0]
    assert yearly.period_label == "cả năm 2026"
    assert yearly.citation.endswith("báo cáo cả năm 2026 gửi Bộ (cơ quan quản lý ở trung ương) trước ngày 15/01/2027")


@pytest.mark.parametrize(
    ("level", "two_level", "today", "shown"),
    [
        ("commune", False, D(2026, 11, 23), [D(2026, 6, 15), D(2026, 12, 15), D(2027, 6, 15)]),
        ("commune", False, D(2026, 12, 15), [D(2026, 6, 15), D(2026, 12, 15), D(2027, 6, 15)]),
        ("district", False, D(2025, 3, 1), [D(2024, 12, 31), D(2025, 6, 30), D(2025, 12, 31)]),
        ("province", True, D(2026, 11, 23), [D(2026, 7, 15), D(2027, 1, 15), D(2027, 7, 15)]),
        ("district", True, D(2026, 11, 23), []),
    ],
)
def test_the_schedule_page_shows_the_last_deadline_and_the_next_two(level, two_level, today, shown):
    assert [d.day for d in rules.around(level, two_level=two_level, today=today)] == shown


@pytest.mark.parametrize(
    ("level", "two_level", "recipient"),
    [
        ("commune", False, "district"),
        ("commune", True, "province"),
        ("district", False, "province"),
        ("district", True, None),
        ("province", False, "ministry"),
        ("province", True, "ministry"),
    ],
)
def test_who_each_level_reports_to(level, two_level, recipient):
    assert rules.recipient(level, two_level=two_level) == recipient
