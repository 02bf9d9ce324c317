"""How numbers, rates and statuses are written for people (one place for every output)."""

from __future__ import annotations

import math
from typing import NamedTuple, Optional

from minshi_cli.core.kinds import EPSILON, json_number, number, quantity  # noqa: F401 (one place)
from minshi_cli.core.rounding import half_up
from minshi_cli.core.statuses import count_columns, counted_as


def percent(r: Optional[float], decimals: int = 1) -> str:
    """``0.41666`` -> ``41.7%`` (rounded half up)."""
    if r is None or (isinstance(r, float) and math.isnan(r)):
        return "—"
    return f"{half_up(r * 100, decimals):.{decimals}f}%"


class Figures(NamedTuple):
    """完成率, 时序进度 and the gap between them, as shown side by side."""

    rate: str
    progress: str
    gap: str  # e.g. "14.3个百分点"; "" when the rate is not below time progress
    decimals: int


def figures(rate: Optional[float], progress: Optional[float] = None, tolerance: Optional[float] = None) -> Figures:
    """Rate, time progress and gap with just enough decimals that what is shown agrees with the
    status (docs/rules.md): one decimal as a rule, more only where one decimal would make a rate
    look equal to what it is below — 41.66% against 41.67%, not 41.7% against 41.7%; 99.96%,
    not 100.0%; a gap of 10.01, not 10.0, for an indicator more than 10 points behind."""
    if rate is None or math.isnan(rate):
        return Figures("—", percent(progress) if progress is not None else "—", "", 1)
    for d in range(1, 5):
        shown_rate = half_up(rate * 100, d)
        agree = (rate >= 1 - EPSILON) == (shown_rate >= 100)
        shown_gap = 0.0
        if progress is not None:
            shown_progress = half_up(progress * 100, d)
            shown_gap = round(shown_progress - shown_rate, d)
            agree = agree and (rate >= progress - EPSILON) == (shown_gap <= 0)
            if tolerance is not None and rate < progress - EPSILON:
                agree = agree and (rate >= progress - tolerance - EPSILON) == (shown_gap <= half_up(tolerance * 100, d))
        if agree:
            break
    gap = f"{shown_gap:.{d}f}个百分点" if shown_gap > 0 else ""
    return Figures(f"{shown_rate:.{d}f}%", percent(progress, d) if progress is not None else "—", gap, d)


def summary_line(statuses: list[str], labels: list[str], paced: bool = True, present: tuple[str, ...] = ()) -> str:
    """``已完成 16 项，序时推进 0 项，滞后 0 项，未完成 3 项，未报送 0 项``: indicators counted by label
    (core.statuses.counted_as: 未完成 apart from 严重滞后, 超额完成 as 已完成; 推进中 where the registry
    compares completion only). ``present``: the labels counted apart that occur among all the
    indicators these were selected from (``Evaluation.counted_apart``): counted here too, at 0."""
    words = [counted_as(s, label) for s, label in zip(statuses, labels)]
    return "，".join(f"{w} {words.count(w)} 项" for _, w in count_columns(words + list(present), paced))
