"""Months as ``YYYY-MM`` strings: parsing and arithmetic in one place."""

from __future__ import annotations

import re
from datetime import date
from typing import Optional

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_month(text: str) -> tuple[int, int] | None:
    m = _MONTH.match(text)
    return (int(m.group(1)), int(m.group(2))) if m else None


def loose_month(text: str) -> Optional[str]:
    """``YYYY-MM`` as typed on a command line: ``2019-6``, ``2019/6``, ``2019年6月`` -> ``2019-06``."""
    if parse_month(text):
        return text
    hit = re.match(_YM, text.strip())
    return _month(int(hit.group(1)), int(hit.group(2))) if hit else None


def month_number(text: str) -> int:
    parsed = parse_month(text)
    if parsed is None:
        raise ValueError(f"not a month: {text!r}")
    return parsed[1]


#: a quarter end's span where reports are quarterly (docs/registry.md cadence)
QUARTER_SPANS = {3: "一季度", 6: "上半年", 9: "前三季度", 12: "全年"}


def span_label(month: str, quarterly: bool = False) -> str:
    """``2019-06`` -> ``1—6月`` (the dispatch's cumulative span); ``上半年`` where the registry's
    cadence is quarterly and the month ends a quarter."""
    n = month_number(month)
    if quarterly and n in QUARTER_SPANS:
        return QUARTER_SPANS[n]
    return "1月" if n == 1 else f"1—{n}月"


#: English month abbreviations, as Excel writes them in a ``mmm-yy`` cell (``Jul-19``)
_ABBR = {name: n for n, name in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                           "nov", "dec"), 1)}
# Excel's and people's other ways of writing a month: patterns compiled by re's cache on first
# use (most runs never meet one; compiling them all costs ~1 ms of every command's start)
_YM = r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$"  # 2019-7, 2019/07, 2019.7, 2019年7月
_YMD = r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"
_COMPACT = r"^(\d{4})(\d{2})$"  # 201907
_MON_YY = r"^([A-Za-z]{3})[A-Za-z]*\.?[-\s/.]*('?\d{2}|\d{4})$"  # Jul-19, July 2019, Jul-2019
_A_B_YEAR = r"^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"  # 7/31/2019


def read_month_cell(text: str) -> tuple[Optional[str], bool]:
    """A month column's cell as ``YYYY-MM``, in the forms Excel turns ``2019-07`` into when the
    column is not text: ``2019/7/1``, ``2019-07-31``, ``201907``, ``Jul-19``, ``2019年7月``.
    Returns (month, False); (None, True) when the cell looks like a date Excel wrote but does
    not say which month (``7/1/2019`` — July or January?; ``19-Jul`` — which year?); (None,
    False) when it is no date at all."""
    text = text.strip()
    if parse_month(text):
        return text, False
    for pattern in (_YM, _COMPACT):
        hit = re.match(pattern, text)
        if hit:
            return _month(int(hit.group(1)), int(hit.group(2))), False
    hit = re.match(_YMD, text)
    if hit:
        year, month, day = (int(g) for g in hit.groups())
        return (_month(year, month) if _is_date(year, month, day) else None), False
    hit = re.match(_MON_YY, text)
    if hit and hit.group(1).lower() in _ABBR:
        year = int(hit.group(2).lstrip("'"))
        return _month(year + 2000 if year < 100 else year, _ABBR[hit.group(1).lower()]), False
    hit = re.match(_A_B_YEAR, text)
    if hit:
        a, b, year = (int(g) for g in hit.groups())
        months = {m for m, d in ((a, b), (b, a)) if _is_date(year, m, d)}  # m/d or d/m
        if len(months) == 1:
            return _month(year, months.pop()), False
        return None, bool(months)
    looks_like_a_date = bool(re.match(r"^\d{1,2}[-/ ][A-Za-z]{3}|^\d{5}(?:\.0+)?$", text))  # 19-Jul, 43647
    return None, looks_like_a_date


def _month(year: int, month: int) -> Optional[str]:
    return f"{year:04d}-{month:02d}" if 1 <= month <= 12 and year >= 1 else None


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


# a span up to a month (1—7月, 2019年1-7月): the month it ends in
_SPAN = re.compile(r"(?:(\d{4})\s*年\s*)?(?<!\d)(\d{1,2})\s*月?\s*[-—–~～至到]\s*(\d{1,2})\s*月(?!\s*\d{1,2}\s*[日号])")
# a year and a month (2019-07, 2019年7月, 2019.7, 2019_07), not a day of it (2019-07-05, 2019年7月5日)
_YEAR_MONTH = re.compile(r"(?<!\d)(\d{4})\s*(?:[-_./]|年)\s*(\d{1,2})(?!\d)(?!\s*[-/.]\s*\d)(?!\s*月?\s*\d{1,2}\s*[日号])")
# a month on its own (7月, 7月份), not a day of it (8月5日): only where no year is needed to read it
_BARE_MONTH = re.compile(r"(?<![\d年.-])(\d{1,2})\s*月份?(?!\s*\d{1,2}\s*[日号])")


def months_named(text: str, year: int, bare: bool = False) -> list[str]:
    """The months ``text`` names (a file name, a sheet name, a title row), as ``YYYY-MM``: a year
    and month (2019-07, 2019年7月), the end of a span (1—7月 of ``year``) and, with ``bare``, a
    month on its own (7月, of ``year``). Days (2019-08-05, 8月5日前) name no month."""
    from minshi_cli.core.textfile import HALF_WIDTH

    text = text.translate(HALF_WIDTH)
    found: list[str] = []

    def add(y: int, m: int) -> None:
        month = _month(y, m)
        if month is not None and month not in found:
            found.append(month)

    for hit in _SPAN.finditer(text):
        add(int(hit.group(1) or year), int(hit.group(3)))
    text = _SPAN.sub(" ", text)
    for hit in _YEAR_MONTH.finditer(text):
        add(int(hit.group(1)), int(hit.group(2)))
    if bare:
        for hit in _BARE_MONTH.finditer(_YEAR_MONTH.sub(" ", text)):
            add(year, int(hit.group(1)))
    return found
