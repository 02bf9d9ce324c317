"""The month column in the forms Excel turns ``2019-07`` into (issue 11 item 10)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minshi_cli.core.months import read_month_cell

ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_every_excel_form_of_a_date_is_its_month(d):
    month = f"{d.year}-{d.month:02d}"
    for text in (month, f"{d.year}/{d.month}/{d.day}", f"{d:%Y-%m-%d}", f"{d:%Y%m}", f"{ABBR[d.month - 1]}-{d:%y}",
                 f"{d.year}年{d.month}月", f"{d.year}/{d.month}/{d.day} 0:00", f"{d:%Y-%m-%d} 00:00:00"):
        assert read_month_cell(text) == (month, False), text


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_day_and_month_swapped_are_read_only_when_one_is_over_12(d):
    got = read_month_cell(f"{d.month}/{d.day}/{d.year}")
    if d.day > 12 or d.day == d.month:
        assert got == (f"{d.year}-{d.month:02d}", False)
    else:
        assert got == (None, True)  # July 1st or January 7th: Excel changed the column


@given(st.text(max_size=20))
def test_any_text_is_a_month_or_none(text):
    month, excel = read_month_cell(text)
    assert month is None or (len(month) == 7 and month[4] == "-" and 1 <= int(month[5:]) <= 12)
    assert not (month and excel)


@pytest.mark.parametrize("text,bare,named", [
    ("区人社局-2019-06", True, ["2019-06"]), ("区人社局 2019年6月重点民生实事进度报送表", False, ["2019-06"]),
    ("填写说明：只填“累计完成”（2019年1—7月末的累计数）请于8月5日前报送。", False, ["2019-07"]),
    ("请于 7 月 5 日前报区实事办", False, []), ("制表日期：2019-08-03", False, []), ("2019年7月5日", False, []),
    ("区人社局7月", True, ["2019-07"]), ("区人社局7月", False, []), ("１—７月", True, ["2019-07"]),
    ("2019.07", False, ["2019-07"]), ("第1中学", True, []), ("2018年12月", False, ["2018-12"]),
    ("2019年13月", False, []),
])
def test_months_named_in_names_and_titles(text, bare, named):
    """A file name, sheet name or title names a month (docs/formats.md, month-mismatch); a day
    (8月5日前, 2019-08-03) names none."""
    from minshi_cli.core.months import months_named
    assert months_named(text, 2019, bare=bare) == named
