"""Cashless payment and funeral support reports on the hand-built province of `fixtures.py`."""

import pytest

from .fixtures import build_report, build_report_province, table


def test_cashless_counts_people_and_money_paid_through_accounts_with_their_shares(world):
    build_report_province(world)
    book, result, _ = build_report("cashless", world.province)
    sheet = book["Không dùng tiền mặt"]
    rows = table(sheet)
    # A: 6 people paid (P1–P6), P1 (bank) and P4 (e-wallet) through accounts; money 5.250.000 + 14.750.000,
    # by account P1 1.000.000 + 750.000 and P4 2 × 1.000.000 = 3.750.000.
    assert rows["Thị trấn Mỹ Thọ"] == [6, 2, pytest.approx(2 / 6), 20_000_000, 3_750_000, pytest.approx(0.1875)]
    # B: P7, P8, P9 paid; P7 and P9 by bank: 2 × 750.000 + 2 × 1.750.000 = 5.000.000 of 5.750.000.
    assert rows["Xã Mỹ Hiệp"] == [3, 2, pytest.approx(2 / 3), 5_750_000, 5_000_000, pytest.approx(5 / 5.75)]
    assert rows["Xã Vĩnh Thạnh"] == [1, 0, 0, 1_000_000, 0, 0]
    assert rows["Tổng cộng"] == [10, 4, pytest.approx(0.4), 26_750_000, 8_750_000, pytest.approx(8.75 / 26.75)]
    assert sheet["E14"].number_format == "0.0%"
    assert sheet["F14"].number_format == "#,##0"
    assert result["account_people"] == 4


def test_funeral_support_counts_the_funerals_paid_by_approved_rolls(world):
    build_report_province(world)
    book, result, _ = build_report("funeral", world.province)
    rows = table(book["Mai táng phí"])
    # P5 died 03/05/2026: 20 × 500.000 = 10.000.000 in A's June roll (Art. 11).
    assert rows["Thị trấn Mỹ Thọ"] == [1, 10_000_000]
    assert rows["Xã Mỹ Hiệp"] == [0, 0]
    assert rows["Tổng cộng"] == [1, 10_000_000]
    assert result == {"communes": 3, "funeral_people": 1, "funeral_money": 10_000_000}


def test_a_commune_sees_only_its_own_funerals(world):
    build_report_province(world)
    rows = table(build_report("funeral", world.commune_b)[0]["Mai táng phí"])
    assert rows == {"Xã Mỹ Hiệp": [0, 0], "Tổng cộng": [0, 0]}
