"""Forms 10c (elderly) and 10d (disability) on the hand-built province of `fixtures.py`."""

from .fixtures import build_report, build_report_province, table


def test_10c_counts_the_elderly_on_allowance_by_age_band_and_point_with_their_money(world):
    build_report_province(world)
    rows = table(build_report("10c", world.province)[0]["10c"])
    # Columns: total, 60–79, 80+, 5.5.a, 5.5.b, 5.5.c, 5.5.d, other, health insurance, money.
    # A: P1 (86, 5.5.a) and P2 (66, 5.6) at 30/06; money P1 1.000.000 + 1.000.000 − 250.000, P2 2 × 1.000.000,
    # P5 (81, died) 1.000.000 in May = 4.750.000.
    assert rows["Thị trấn Mỹ Thọ"] == [2, 1, 1, 1, 0, 0, 0, 1, 2, 4_750_000]
    assert rows["Xã Mỹ Hiệp"] == [1, 1, 0, 1, 0, 0, 0, 0, 1, 1_500_000]  # P7 (71): 2 × 750.000
    assert rows["Xã Vĩnh Thạnh"] == [1, 0, 1, 1, 0, 0, 0, 0, 1, 1_000_000]  # P10 (82); June's roll too late
    assert rows["Tổng cộng"] == [4, 2, 2, 3, 0, 0, 0, 1, 4, 7_250_000]


def test_10d_counts_the_5_6_people_by_level_and_age_group_with_care_support(world):
    build_report_province(world)
    rows = table(build_report("10d", world.province)[0]["10d"])
    # Columns: total; especially severe total, child, adult, elderly; severe total, child, adult, elderly; money;
    # care people, care money. A: P4 especially severe adult, P2 severe elderly; P6 cares for P4 (20.3).
    assert rows["Thị trấn Mỹ Thọ"] == [2, 1, 0, 1, 0, 1, 0, 0, 1, 4_000_000, 1, 1_000_000]
    assert rows["Xã Mỹ Hiệp"] == [1, 0, 0, 0, 0, 1, 0, 1, 0, 1_500_000, 0, 0]  # P9 severe adult
    assert rows["Xã Vĩnh Thạnh"] == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert rows["Tổng cộng"] == [3, 1, 0, 1, 0, 2, 0, 1, 1, 5_500_000, 1, 1_000_000]


def test_10d_of_the_two_level_province_puts_an_elderly_person_in_the_elderly_group(world):
    build_report_province(world)
    rows = table(build_report("10d", world.province2)[0]["10d"])
    assert rows["Phường Ninh Kiều"] == [1, 1, 0, 0, 1, 0, 0, 0, 0, 2_500_000, 0, 0]  # P12 (76)
