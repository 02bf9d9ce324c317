"""Which months reports are expected in (docs/registry.md ``first_month``).

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


def before_first(registry: Registry, month_count: int) -> np.ndarray:
    """For months 1..``month_count``: which come before the first month reports are expected in."""
    return np.arange(1, month_count + 1) < registry.first_month_no
