"""Property tests for how verify reads a printed number (docs/verify.md, rounded figures): a figure
printed with decimals or a multiplier stands for every number that rounds to it, so a rate computed
from the unrounded count and then printed at any precision is never a slip; a rate further off
than the interval and the rate's own rounding allow always is."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from minshi_cli.verify.arithmetic import Pair, rate_message
from minshi_cli.verify.cells import as_fraction, interval, name_target, one_number, rate_in

COUNTS = st.integers(min_value=1, max_value=5_000_000)
DECIMALS = st.integers(min_value=0, max_value=3)


def _printed(x: float, decimals: int) -> str:
    """As an office prints a number: rounded half up at ``decimals``."""
    return f"{math.floor(x * 10 ** decimals + 0.5) / 10 ** decimals:.{decimals}f}"


@given(COUNTS, DECIMALS)
def test_a_figure_in_wan_stands_for_the_count_it_was_rounded_from(count, decimals):
    q = one_number(_printed(count / 1e4, decimals) + "万人")
    low, high, value = interval(q)
    assert low - 1e-6 <= count <= high + 1e-6
    assert math.isclose(high - low, 10 ** -decimals * 1e4)


@given(st.integers(min_value=0, max_value=10**9))
def test_an_integer_without_a_multiplier_is_exact(n):
    low, high, value = interval(one_number(f"{n}个"))
    assert low == high == value == n


@given(st.integers(min_value=0, max_value=99999), st.integers(min_value=1, max_value=99999))
def test_a_figure_without_a_unit_takes_its_targets_multiplier(figure, target):
    low, high, value = interval(one_number(f"{figure / 100:.2f}"), one_number(f"{target}万"))
    assert math.isclose(value, figure * 100, abs_tol=1e-6) and math.isclose(high - low, 100)


@settings(max_examples=300)
@given(COUNTS, st.integers(min_value=1, max_value=5_000_000), DECIMALS, st.integers(min_value=0, max_value=2))
def test_no_false_alarm_where_the_figure_was_rounded_after_the_rate(count, target, fig_decimals, rate_decimals):
    """4.86万 of a 4.2万 target printed 115.8% (from the head-count) is not a slip."""
    figure = one_number(_printed(count / 1e4, fig_decimals) + "万人")
    low, high, value = interval(figure)
    pair = Pair(low, high, value, float(target), "累计完成 ÷ 目标", "")
    rate = rate_in(_printed(100 * count / target, rate_decimals) + "%")
    assert rate_message(rate, pair, False, "完成率") is None


@settings(max_examples=300)
@given(COUNTS, st.integers(min_value=1, max_value=5_000_000), DECIMALS, st.integers(min_value=0, max_value=2),
       st.floats(min_value=1.01, max_value=50))
def test_a_rate_beyond_the_interval_is_a_slip(count, target, fig_decimals, rate_decimals, factor):
    figure = one_number(_printed(count / 1e4, fig_decimals) + "万人")
    low, high, value = interval(figure)
    pair = Pair(low, high, value, float(target), "累计完成 ÷ 目标", "")
    wrong = 100 * high / target * factor + 10 ** -rate_decimals  # beyond the interval and the rounding
    message = rate_message(rate_in(_printed(wrong, rate_decimals) + "%"), pair, False, "完成率")
    assert message is not None and "应为" in message


@given(st.integers(min_value=1, max_value=100000), st.integers(min_value=1, max_value=100000), st.integers(2, 6))
def test_a_fraction_reads_as_the_percentage_at_two_decimals_fewer(figure, target, decimals):
    q = rate_in(_printed(figure / target, decimals))
    rate = as_fraction(q)
    assert rate.decimals == decimals - 2 and math.isclose(rate.percent, q.number * 100)
    pair = Pair(figure, figure, figure, float(target), "累计完成 ÷ 目标", "")
    assert rate_message(q, pair, True, "完成率") is None


@given(st.integers(min_value=1, max_value=99999), st.sampled_from(["个", "所", "户", "人", "公里", "套"]),
       st.sampled_from(["新增", "建设", "改造提升"]), st.sampled_from(["公办托位", "农贸市场", ""]))
def test_the_target_in_an_items_name(n, measure, verb, thing):
    assert name_target(f"{verb}{n}{measure}{thing}") == n
    assert name_target(f"2024年{verb}{n}{measure}{thing}") == n  # a year is no target
    assert name_target(f"第{n}{measure}") is None  # an ordinal is none either
