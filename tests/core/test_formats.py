"""How amounts, dates and ID numbers look to a Vietnamese office."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from core.templatetags.vn_format import dmy, format_vnd, mask_id_number
from core.text import fold


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (1500000, "1.500.000\u00a0₫"),
        (0, "0\u00a0₫"),
        (540000, "540.000\u00a0₫"),
        (-250000, "-250.000\u00a0₫"),
        (10_000_000_000, "10.000.000.000\u00a0₫"),
    ],
)
def test_amounts_use_dot_thousands_and_the_dong_sign(amount, shown):
    assert format_vnd(amount) == shown


def test_dates_are_day_month_year_in_vietnam_time():
    assert dmy(date(2025, 7, 1)) == "01/07/2025"
    assert dmy(datetime(2025, 6, 30, 18, 30, tzinfo=ZoneInfo("UTC"))) == "01/07/2025 01:30"


@pytest.mark.parametrize(("raw", "masked"), [("087123456789", "087******789"), ("123456789", "123***789"), ("", "")])
def test_id_numbers_are_masked_keeping_province_and_tail(raw, masked):
    assert mask_id_number(raw) == masked


@pytest.mark.parametrize(
    ("name", "folded"),
    [("Nguyễn Văn Đức", "nguyen van duc"), ("  TRẦN   thị  Ánh ", "tran thi anh"), ("Huỳnh Đạt", "huynh dat")],
)
def test_names_fold_without_diacritics(name, folded):
    assert fold(name) == folded
