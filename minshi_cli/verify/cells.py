"""Numbers as a published table prints them: ``6453人``, ``72%``, ``标准不低于3480元/年``,
``11.2公里``, ``0.65万人``, ``城乡低保标准3600元/年，人均救助水平190元/月``.

A cell is read as a list of :class:`Quantity` (number, the unit written after it, the decimals as
printed).  Dates are taken out first (``1-7月``, ``7月底``, ``2019年``), so that the months a cell
mentions are never read as figures.  Which quantity belongs to which indicator is decided by the
unit (the indicator's own unit first), then by order — never by size.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from dataclasses import dataclass
from typing import Optional, Sequence

from minshi_cli.core.textfile import HALF_WIDTH

#: spans and dates: 1-7月, 1至7月, 7月底, 7月份, 2019年, 2019年7月, 7月31日
_DATES = re.compile(r"(?<![\d.])(?:\d{4}\s*年)?(?:\d{1,2}\s*[-~至到]\s*)?\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?(?:底|末|份|中旬|上旬|下旬)?"
                    r"|(?<![\d.])\d{4}\s*年(?!\s*\d)|(?<![\d.])\d{1,2}\s*日")
_TOKEN = re.compile(r"(?<![\d.])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*"
                    r"(?P<unit>[^\d\s,、;。:()\[\]【】<>《》\-~—]*)")
#: what a unit written after a number ends at (Chinese punctuation after HALF_WIDTH)
_UNIT_END = re.compile(r"[，；。：（）“”‘’]")
TEN_THOUSAND = "万"
MAX_DECIMALS = 20


def clean(text: object) -> str:
    """A cell as text: half-width, trimmed ("" for None)."""
    return "" if text is None else str(text).translate(HALF_WIDTH).strip()


def squeeze(text: object) -> str:
    """A name or header compared without any spaces (``序  号`` is 序号)."""
    return re.sub(r"\s+", "", clean(text))


@dataclass(frozen=True)
class Quantity:
    number: float  # as printed, before any 万
    unit: str  # the text written right after the number ("" when none)
    decimals: int  # digits printed after the decimal point
    text: str  # the number and unit as printed

    def strength(self, unit: str) -> int:
        """How surely this quantity is in ``unit``: 3 the unit itself (or 万 + it), 2 the unit followed
        by more words, 1 no unit or the unit's first part (``60元`` for 元/人/月), 0 another unit."""
        own = unit_of(self.unit, unit)
        if own == unit and unit:
            return 3
        if unit and own.startswith(unit):
            return 2
        if own == "" or (unit and "/" in unit and own == unit.split("/")[0]):
            return 1
        return 0

    def scale(self, unit: str) -> float:
        """10000 where the number is written in 万 of ``unit`` (``0.65万人``), else 1."""
        return 10000.0 if self.unit.startswith(TEN_THOUSAND) and not unit.startswith(TEN_THOUSAND) else 1.0

    def value(self, unit: str) -> float:
        return self.number * self.scale(unit)

    def precision(self, unit: str) -> float:
        """Half a unit of the last printed digit, in ``unit``: how far the printed number may be
        from the true one by rounding alone (any direction)."""
        return 0.5 * 10.0 ** -self.decimals * self.scale(unit)


def unit_of(written: str, unit: str) -> str:
    """The written unit, without a 万 that scales it to ``unit``."""
    if written.startswith(TEN_THOUSAND) and not unit.startswith(TEN_THOUSAND):
        return written[1:]
    return written


def quantities(text: object) -> list[Quantity]:
    """Every number in a cell, with the unit written after it, dates left out."""
    cell = clean(text)
    if not cell:
        return []
    cell = _DATES.sub(" ", cell)
    found = []
    for m in _TOKEN.finditer(cell):
        unit = _UNIT_END.split(m.group("unit"), maxsplit=1)[0]
        number = m.group("num").replace(",", "")
        decimals = len(number.split(".")[1]) if "." in number else 0
        if not math.isfinite(float(number)) or decimals > MAX_DECIMALS:
            continue  # 400 digits are no figure anyone printed
        found.append(Quantity(float(number), unit, decimals, f"{m.group('num')}{unit}"))
    return found


def percents(text: object) -> list[Quantity]:
    """The rates printed in a rate cell (``72%``, ``72.0``, ``83.3%、90%``); other numbers are not rates."""
    return [q for q in quantities(text) if q.unit in ("", "%")]


def assign(found: Sequence[Quantity], units: Sequence[str], *, last: bool = False,
           strict: bool = False) -> list[Optional[Quantity]]:
    """Which printed quantity belongs to each of several indicators (given by their units, in the
    registry's order): first a quantity in the indicator's own unit (3 or 2), then, in order, one
    with no unit or the unit's first part (1).  With ``last``, the last such quantity rather than
    the first (free text such as 备注 says ``由3480元/年提高到3600元/年``); with ``strict``, only
    quantities that name a unit count (free text holds other numbers too).  Indicators sharing a
    unit take that unit's quantities in order.  None where nothing fits."""
    taken: set[int] = set()
    out: list[Optional[Quantity]] = [None] * len(units)
    for floor in (2, 1):
        for k, unit in enumerate(units):
            if out[k] is not None:
                continue
            sharing = sum(1 for u in units if u == unit) > 1
            fits = [i for i, q in enumerate(found) if i not in taken and q.strength(unit) >= floor
                    and not (strict and q.unit == "")]
            if not fits:
                continue
            pick = fits[-1] if last and not sharing else fits[0]
            out[k] = found[pick]
            taken.add(pick)
    return out


# ---------------------------------------------------------------------------- docs/verify.md: any published table

MULTIPLIERS = {"万": 1e4, "亿": 1e8}


def multiplier(q: Quantity) -> float:
    """10000 for ``4.86万人``, 1e8 for ``3.2亿元``, else 1."""
    return MULTIPLIERS.get(q.unit[:1], 1.0)


def base(q: Quantity) -> str:
    """The unit without its multiplier (``万人`` -> ``人``)."""
    return q.unit[1:] if q.unit[:1] in MULTIPLIERS else q.unit


#: the longest unit a number cell may carry (``万平方米``, ``元/人/月``)
UNIT_LENGTH = 6


@lru_cache(maxsize=4096)
def one_number(text: object) -> Optional[Quantity]:
    """The number a cell holds when the cell rules read exactly one, written first with at most a
    unit after it (``4.86万人``, ``108``, ``1,300人``); None for a blank cell, text (``已完成``,
    ``- - -``), a name with a number in it (``新增2500个公办托位``) or several numbers."""
    cell = clean(text)
    if not cell or not (cell[0].isdigit() or cell[0] == "."):
        return None
    found = quantities(cell)
    if len(found) != 1 or len(found[0].unit) > UNIT_LENGTH:
        return None
    return found[0]


def rounded(q: Quantity) -> bool:
    """Whether a printed figure stands for every number that rounds to it: printed with decimals
    or with a multiplier (``4.86``, ``10000万``); integers as printed are exact."""
    return q.decimals > 0 or multiplier(q) != 1.0


def half_unit(q: Quantity) -> float:
    """Half a unit of the last printed digit (in the number as printed, before the multiplier)."""
    return 0.5 * 10.0 ** -q.decimals


def interval(figure: Quantity, target: Optional[Quantity] = None) -> tuple[float, float, float]:
    """(low, high, value) a printed figure stands for, in the base unit: every number that rounds
    to it where it is printed with decimals or a multiplier (``4.86万`` -> 48550..48650), the number
    itself for an integer without one.  A figure without a unit takes its target's multiplier
    (2.6 of 4.2万 is 2.6万)."""
    scale = multiplier(figure)
    if figure.unit == "" and target is not None:
        scale = multiplier(target)
    value = figure.number * scale
    half = half_unit(figure) * scale if (figure.decimals > 0 or scale != 1.0) else 0.0
    return value - half, value + half, value


@dataclass(frozen=True)
class Rate:
    """A printed rate, in percent: the percentage, its precision (decimals of the percentage, which
    may be negative for a fraction printed with fewer than two: ``0.5`` is 50% ± 5), whether it was
    printed as a fraction, and the text as printed."""

    percent: float
    decimals: int
    fraction: bool
    text: str

    @property
    def tolerance(self) -> float:
        return 0.5 * 10.0 ** -self.decimals


def rate_in(text: object) -> Optional[Quantity]:
    """The one rate a rate cell prints (``72%``, ``72.0``, ``0.674``); None for text rates
    (``达到目标60元``, ``-``, ``完成``) and cells with several numbers."""
    found = quantities(text)
    if len(found) != 1 or found[0].unit not in ("", "%"):
        return None
    return found[0]


def as_percent(q: Quantity) -> Rate:
    return Rate(q.number, q.decimals, False, q.text)


def as_fraction(q: Quantity) -> Rate:
    return Rate(q.number * 100, q.decimals - 2, True, q.text)


#: the measure words a target in an item's name is written with (新增2500个公办托位)
_MEASURE = "个|张|所|户|人|条|座|家|名|套|间|处|场|公里|亩|平方米"
_NAME_TARGET = re.compile(r"(?<![\d.第])(\d+(?:\.\d+)?)\s*(万)?\s*(?:" + _MEASURE + r")")


def name_target(name: object) -> Optional[float]:
    """The target written in an item's name: its one number followed by a measure word, with 万
    as a multiplier (``新增2500个公办托位`` -> 2500, ``培训1.2万人次`` -> 12000); None where the name
    has none or several (a year, a date, a percentage or 第N is never one)."""
    text = clean(name)
    found = _NAME_TARGET.findall(_DATES.sub(" ", text))
    if len(found) != 1:
        return None
    number, wan = found[0]
    return float(number) * (1e4 if wan else 1.0)
