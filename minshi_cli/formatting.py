"""How numbers, rates and statuses are written for people (one place for every output)."""

from __future__ import annotations

import math
from typing import Optional

from minshi_cli.rules import STATUS_CN


def number(x: Optional[float]) -> str:
    """``8950.0`` -> ``8950``; ``11.2`` -> ``11.2``; no binary noise (``0.1+0.2`` -> ``0.3``)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    text = f"{x:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def quantity(x: Optional[float], unit: str) -> str:
    shown = number(x)
    return shown if shown == "—" else f"{shown}{unit}"


def percent(r: Optional[float]) -> str:
    """Rates are cut (not rounded) to 0.1%, so what is shown never contradicts a status:
    99.96% is shown 99.9%, not 100.0%, and a rate just under 时序进度 is shown under it."""
    if r is None or (isinstance(r, float) and math.isnan(r)):
        return "—"
    tenths = math.floor(r * 1000 + 1e-6)
    return f"{tenths / 10:.1f}%"


def points(gap: float) -> str:
    """A gap in percentage points: ``0.123`` -> ``12.3个百分点``."""
    return f"{gap * 100:.1f}个百分点"


def status(code: str) -> str:
    return STATUS_CN[code]


def json_number(x: Optional[float]):
    """A JSON number: integral floats as ints, NaN as null."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    x = float(x)
    return int(x) if x.is_integer() else x


def summary_line(counts: dict[str, int]) -> str:
    return "，".join(f"{STATUS_CN[s]} {n} 项" for s, n in counts.items())


def gap_points(time_progress: float, rate: float) -> str:
    """时序进度 minus 完成率, both as :func:`percent` shows them, in percentage points, so the
    text agrees with the table (50.0% − 35.6% is ``14.4个百分点``) and never understates a lag."""
    shown = lambda r: math.floor(r * 1000 + 1e-6)  # noqa: E731  (the tenths percent() shows)
    return points((shown(time_progress) - shown(rate)) / 1000)
