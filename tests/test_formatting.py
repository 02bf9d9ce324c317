"""What is shown never contradicts the status it sits beside."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minshi_cli.views.formatting import figures, number, percent
from minshi_cli.core.rules import status_of


@pytest.mark.parametrize("rate,progress,expected", [
    (3729 / 8950, 5 / 12, ("41.66%", "41.67%", "0.01个百分点")),  # one decimal would read 41.7% = 41.7%
    (1500 / 3600, 5 / 12, ("41.7%", "41.7%", "")),                  # exactly on time: equal is right
    (1420 / 3980, 0.5, ("35.7%", "50.0%", "14.3个百分点")),
    (0.3999, 0.5, ("39.99%", "50.00%", "10.01个百分点")),            # behind: never "10.0 points"
    (0.4, 0.5, ("40.0%", "50.0%", "10.0个百分点")),                 # lagging at the boundary
    (0.99996, 1.0, ("99.996%", "100.000%", "0.004个百分点")),        # not done: never "100.0%"
    (1.02, 0.5, ("102.0%", "50.0%", "")),
])
def test_figures(rate, progress, expected):
    f = figures(rate, progress, 0.10)
    assert (f.rate, f.progress, f.gap) == expected


def test_threshold_figures_have_no_time_progress():
    f = figures(3300 / 3480)
    assert (f.rate, f.progress, f.gap) == ("94.8%", "—", "")
    assert figures(3479.99 / 3480).rate == "99.9997%"


def test_not_reported():
    assert figures(math.nan, 0.5, 0.1).rate == "—"


@given(st.integers(1, 100_000), st.integers(1, 100_000), st.integers(1, 11))
def test_shown_figures_agree_with_the_status(value, target, month):
    """Before the due month (the final month is due: anything unfinished there is behind)."""
    value = min(value, target * 2)
    status = status_of("cumulative", value, target, month, 12, tolerance=0.10)
    f = figures(value / target, month / 12, 0.10)
    shown_rate, shown_progress = float(f.rate[:-1]), float(f.progress[:-1])
    gap = float(f.gap.removesuffix("个百分点")) if f.gap else 0.0
    if status == "done":
        assert shown_rate >= 100
    else:
        assert shown_rate < 100
    if status in ("done", "on_track"):
        assert shown_rate >= shown_progress and not f.gap
    if status == "lagging":
        assert shown_rate < shown_progress and gap <= 10
    if status == "behind":
        assert gap > 10


def test_numbers_and_percents():
    assert number(8950.0) == "8950" and number(0.1 + 0.2) == "0.3" and number(11.2) == "11.2"
    assert percent(5 / 12) == "41.7%" and percent(2 / 12) == "16.7%" and percent(None) == "—"
