"""Months as ``YYYY-MM`` strings: parsing and arithmetic in one place."""

from __future__ import annotations

import re

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_month(text: str) -> tuple[int, int] | None:
    m = _MONTH.match(text)
    return (int(m.group(1)), int(m.group(2))) if m else None


def month_number(text: str) -> int:
    parsed = parse_month(text)
    if parsed is None:
        raise ValueError(f"not a month: {text!r}")
    return parsed[1]


def span_label(month: str) -> str:
    """``2019-06`` -> ``1—6月`` (the dispatch's cumulative span)."""
    n = month_number(month)
    return "1月" if n == 1 else f"1—{n}月"
