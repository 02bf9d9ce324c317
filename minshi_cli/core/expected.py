"""Which months reports are expected in (docs/registry.md ``first_month``, ``cadence``; docs/kinds.md
``start``).

An indicator is expected in a month at or after ``first_month`` and its ``start``, every month
where its cadence is monthly; where it is quarterly, at the quarter ends (3, 6, 9, 12), in its due
month and in the final month.  In a month it is not expected and has no row, it shows its latest
figure of record (carried, with that month's status) or, with none yet, ``not_due``
(:mod:`minshi_cli.core.rules`); it is never 未报送 there, and such months count in no streak.

A registry may start its year's reporting late (``first_month``): the months before it are not
expected — nothing in them is 未报送, no month is missing, no streak starts there — though a file
dated earlier is still read and its figures count.  A picture of a month before it (``status
--as-of``, ``report --month``, ``assess --as-of``, ``site --as-of``) is a usage error:
:func:`require_reporting` is the one check every command calls.
"""

from __future__ import annotations

import numpy as np

from minshi_cli.core.model import Registry
from minshi_cli.core.problems import UsageProblem


def require_reporting(registry: Registry, month: str) -> str:
    """``month`` itself, where reports are expected in it; else a usage error (exit 2) naming the
    first month."""
    first = registry.first_month
    if first and month < first:
        raise UsageProblem(f"{month} 早于登记表的 first_month {first}：{registry.year}年从{int(first[5:7])}月起才报送进度，"
                           f"请指定 {first} 或之后的月份")
    return month


#: the months a quarterly report falls in
QUARTER_ENDS = (3, 6, 9, 12)


def expected_grid(registry: Registry, month_count: int) -> np.ndarray:
    """Indicators (registry order) × months 1..``month_count``: whether a report is expected."""
    from minshi_cli.core.model import QUARTERLY

    indicators = registry.indicators
    month = np.arange(1, month_count + 1)[None, :]
    start = np.array([max(registry.first_month_no, int(i.start[5:7]) if i.start else 1) for i in indicators],
                     dtype=int).reshape(-1, 1)
    out = np.broadcast_to(month >= start, (len(indicators), month_count)).copy()
    quarterly = np.array([registry.cadence_of(i) == QUARTERLY for i in indicators], dtype=bool)
    if quarterly.any():
        final = int(registry.final_month[5:7])
        due = np.array([int(i.due_month(registry.final_month)[5:7]) for i in indicators], dtype=int)[:, None]
        in_quarter = (month % 3 == 0) | (month == due) | (month == final)
        out &= ~quarterly[:, None] | in_quarter
    return out


def all_expected(registry: Registry) -> bool:
    """Every indicator is expected every month (no first_month, start or quarterly cadence)."""
    from minshi_cli.core.model import QUARTERLY

    return registry.first_month_no == 1 and not any(
        i.start or registry.cadence_of(i) == QUARTERLY for i in registry.indicators)


def uses_not_due(registry: Registry) -> bool:
    """An indicator can be ``not_due`` in a month one may report on: quarterly, or with a start."""
    from minshi_cli.core.model import QUARTERLY

    return any(i.start or registry.cadence_of(i) == QUARTERLY for i in registry.indicators)


def before_first(registry: Registry, month_count: int) -> np.ndarray:
    """For months 1..``month_count``: which come before the first month reports are expected in."""
    return np.arange(1, month_count + 1) < registry.first_month_no
