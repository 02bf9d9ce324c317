"""Rounding half up, the way minshi prints every rate, gap, score and amount.

``half_up(41.65, 1)`` is 41.7 and ``half_up(89.125, 2)`` is 89.13 (Python's ``round`` goes to the
even neighbour, and binary noise makes 41.65 a hair below itself): a shown figure is floor(x·10^d
+ 0.5), nudged by 1e-9 so that a value written with d+1 decimals rounds as it reads.
"""

from __future__ import annotations

import math


def half_up(x: float, decimals: int) -> float:
    """``x`` rounded half up to ``decimals`` places."""
    scale = 10 ** decimals
    return math.floor(x * scale + 0.5 + 1e-9) / scale
