"""A published table checked on its own numbers (docs/verify.md, "不对照登记表"): each printed rate
against its own row's printed target and figure, rounded figures read as the intervals they stand
for, rate columns written as fractions.  Totals are :mod:`.totals`.

Which columns a rate is computed from: within one upper header (or the whole table where there is
none), the one target-class and the one figure-class column where there is exactly one of each;
otherwise the nearest column to the rate's left that holds numbers is its figure and the next such
column its target (开工率 after 计划开工数, 累计开工数).  Where there is no target column the target
may be written in the item's name (新增2500个公办托位), or in the block's upper header.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Iterable, Optional

from minshi_cli.core.problems import Problem
from minshi_cli.core.rounding import half_up
from minshi_cli.verify.cells import (Quantity, Rate, as_fraction, as_percent, half_unit, interval, multiplier,
                                     name_target, one_number, rate_in, squeeze)
from minshi_cli.verify.table import AREA, FIGURE, NOTE, PROJECT, RATE, SEQ, TARGET, UNIT, Column, PublishedTable, Row, total_kind

EPSILON = 1e-9


@dataclass(frozen=True)
class RateColumn:
    """A rate column and the columns its rate is computed from (None: the table has none; the
    target may then be in the item's name)."""

    rate: Column
    figure: Optional[Column]
    target: Optional[Column]


@dataclass
class Layout:
    """The table's columns as the arithmetic reads them."""

    table: PublishedTable
    numeric: list[Column]  # the columns that hold numbers (序号 aside)
    item: Optional[Column]  # the column naming each row's item (project, area)
    rates: list[RateColumn]
    fractions: set[int] = field(default_factory=set)  # rate columns read as fractions

    def item_of(self, row: Row) -> str:
        return row.at(self.item.index) if self.item is not None else ""


@dataclass
class Tally:
    """What the arithmetic checked, for the summary and JSON."""

    problems: list[Problem] = field(default_factory=list)
    checked: int = 0  # rate cells checked
    unchecked: int = 0  # rate cells that are not numbers
    totals_checked: int = 0  # total cells checked
    fractions: list[str] = field(default_factory=list)  # rate columns read as fractions (their headers)

    def add(self, table: PublishedTable, row_line: int, column: Optional[Column], code: str, message: str) -> None:
        self.problems.append(Problem(table.file, row_line, column.name if column is not None else None, code,
                                     f"{table.cell(column.index if column is not None else None, row_line)}{message}"))


def holds_numbers(table: PublishedTable, column: Column) -> bool:
    """Most of the column's filled cells (total rows included) read as exactly one number."""
    filled = [row.at(column.index) for row in table.rows if row.at(column.index)]
    return bool(filled) and 2 * sum(one_number(c) is not None for c in filled) > len(filled)


def layout_of(table: PublishedTable) -> Layout:
    columns = [c for c in table.columns if c.role != SEQ]
    words = (RATE, PROJECT, AREA, UNIT, NOTE)  # an item's name (新增2500个公办托位) is no figure
    numeric = [c for c in columns if c.role not in words and holds_numbers(table, c)]
    item = _item_column(table, columns, numeric)
    rates = []
    for c in columns:
        if c.role != RATE:
            continue
        # the target and figure columns by header, whether or not most of their cells are numbers
        # (目标任务 of 不设年度目标任务, 累计完成 of 常态化开展): each row is checked where both read one
        block = [b for b in columns if b.block == c.block]
        targets = [b for b in block if b.role == TARGET]
        figures = [b for b in block if b.role == FIGURE]
        if len(targets) == 1 and len(figures) == 1:
            rates.append(RateColumn(c, figures[0], targets[0]))
            continue
        left = [b for b in reversed(numeric) if b.index < c.index]
        rates.append(RateColumn(c, left[0] if left else None, left[1] if len(left) > 1 else None))
    return Layout(table, numeric, item, rates)


def _item_column(table: PublishedTable, columns: list[Column], numeric: list[Column]) -> Optional[Column]:
    for role in (PROJECT, AREA):
        found = [c for c in columns if c.role == role]
        if found:
            return found[0]
    taken = {c.index for c in numeric}
    texts = [c for c in columns if c.index not in taken and c.role != RATE
             and any(row.at(c.index) for row in table.rows)]
    return texts[0] if texts else None


# ---------------------------------------------------------------------------- rows


def fill_merged(table: PublishedTable, layout: Layout) -> None:
    """Blank 序号 and item cells under filled ones take their values (merged cells), without a
    registry (docs/verify.md); a total row or a heading passes nothing down.  A row with its own
    序号, other than the row above's, is a new item, not part of a merge: its blank item cell stays
    blank (it takes neither the name above nor a target written in it, and is no 其中 row)."""
    seq = _seq_index(table)
    keep = ([seq] if seq is not None else []) + ([layout.item.index] if layout.item else [])
    previous: Optional[Row] = None
    for row in table.rows:
        has_numbers = any(one_number(row.at(c.index)) for c in layout.numeric)
        if not has_numbers:
            previous = None
            continue
        new_item = previous is not None and seq is not None and bool(row.at(seq)) and row.at(seq) != previous.at(seq)
        if previous is not None and not new_item and not row_total(row, table) and not row_total(previous, table):
            for i in keep:
                if not row.at(i) and previous.at(i):
                    row.raw += [""] * (i + 1 - len(row.raw))
                    row.raw[i] = previous.at(i)
                    row.written += [""] * (i + 1 - len(row.written))
                    row.written[i] = previous.shown_at(i)
        previous = row


def _seq_index(table: PublishedTable) -> Optional[int]:
    return next((c.index for c in table.columns if c.role == SEQ), None)


def first_text(row: Row, table: PublishedTable) -> str:
    """The row's first cell that is text, as typed."""
    for c in table.columns:
        cell = row.at(c.index)
        if cell and one_number(cell) is None:
            return row.shown_at(c.index)
    return ""


def row_total(row: Row, table: PublishedTable) -> Optional[str]:
    """``小计``, ``合计`` or None: a total row is named so in its 序号 cell or its first text cell."""
    seq = [row.at(c.index) for c in table.columns if c.role == SEQ]
    for text in seq[:1] + [first_text(row, table)]:
        kind = total_kind(text)
        if kind:
            return kind
    return None


def shown(row: Row, layout: Layout) -> str:
    """How a message names a row: ``「新增城镇就业」``; a row whose item cell is blank by its 序号 and
    line (``序号「2」（第 4 行，项目名称空着）的``); nothing where the row names nothing."""
    item = row.shown_at(layout.item.index) if layout.item is not None else ""
    seq = _seq_index(layout.table)
    if not item and seq is not None and row.at(seq) and layout.item is not None and not row_total(row, layout.table):
        return f"序号「{row.shown_at(seq)}」（第 {row.line} 行，{_header(layout.item)}空着）的"
    item = item or first_text(row, layout.table)
    return f"「{item}」" if item else ""


# ---------------------------------------------------------------------------- rates


@dataclass(frozen=True)
class Pair:
    """What one rate cell is checked against: the printed figure (an interval where it was rounded)
    and the target, with the words that name them."""

    low: float
    high: float
    value: float
    target: float
    basis: str  # 进度 4.86万人 ÷ 目标任务 4.2万人
    rounding: str  # how the figure's rounding was read ("" for an exact figure)


def _pair(layout: Layout, rc: RateColumn, row: Row, names_give_targets: bool) -> Optional[Pair]:
    figure = one_number(row.at(rc.figure.index)) if rc.figure is not None else None
    if figure is None:
        return None
    if rc.target is not None:
        target = one_number(row.at(rc.target.index))
        if target is None:
            return None
        t = target.number * multiplier(target)
        t_words = f"{_header(rc.target)} {target.text}"
    elif names_give_targets:
        named = [(n, name_target(n)) for n in (rc.rate.block, layout.item_of(row)) if n]
        named = [(n, f) for n, f in named if f is not None]
        if not named:
            return None
        name, found = named[0]
        t, target = found, None
        t_words = f"名称「{name}」中的目标 {_plain(found)}"
    else:
        return None
    if not t or not math.isfinite(t):
        return None
    low, high, v = interval(figure, target)
    if not math.isfinite(v):
        return None
    half = (high - low) / 2
    scale = multiplier(target) if figure.unit == "" and target is not None else multiplier(figure)
    rounding = ""
    if half:
        unit = figure.unit or (target.unit if target is not None and scale != 1.0 else "")
        rounding = (f"（{figure.text} 是四舍五入后的数字，代表 {_plain(figure.number - half_unit(figure))}"
                    f"～{_plain(figure.number + half_unit(figure))}{unit}）")
    return Pair(low, high, v, t, f"{_header(rc.figure)} {figure.text} ÷ {t_words}", rounding)


def _header(column: Column) -> str:
    """A column's own header as written (1—10月累计完成, not 1-10月), without the spaces that center it."""
    return re.sub(r"\s+", "", column.own) or column.name


def _plain(x: float) -> str:
    return f"{x:.10f}".rstrip("0").rstrip(".")


def _off(rate: Rate, pair: Pair) -> float:
    """How far the printed rate is outside what the figure's interval gives (0: inside)."""
    low, high = sorted((100 * pair.low / pair.target, 100 * pair.high / pair.target))
    return max(low - rate.percent, rate.percent - high, 0.0)


def _agrees(rate: Rate, pair: Pair) -> bool:
    return _off(rate, pair) <= rate.tolerance + EPSILON


def _has_percent_sign(table: PublishedTable, rc: RateColumn) -> bool:
    return percent_signed(table, rc.rate)


def percent_signed(table: PublishedTable, column: Column) -> bool:
    """Whether the rate column writes % in a header over it or in any cell (then it is never read
    as fractions)."""
    if any("%" in squeeze(h) for h in (column.own,) + column.uppers):
        return True
    return any("%" in squeeze(row.at(column.index)) for row in table.rows)


def check_rates(layout: Layout, tally: Tally, *, names_give_targets: bool,
                skip: Iterable[tuple[int, int]] = ()) -> None:
    """Each rate cell against its own row (``skip``: (line, column index) checked elsewhere, with
    the registry).  Rates of a column with no % sign are read as fractions where more rows agree
    so (over every row, skipped or not)."""
    table = layout.table
    skipped = set(skip)
    for rc in layout.rates:
        cells = []
        for row in table.rows:
            text = row.at(rc.rate.index)
            if not text:
                continue
            mine = (row.line, rc.rate.index) not in skipped
            q = rate_in(text)
            if q is None:
                tally.unchecked += mine
                continue
            pair = _pair(layout, rc, row, names_give_targets)
            if pair is not None:
                cells.append((row, q, pair, mine))
        fractions = False
        if not _has_percent_sign(table, rc):
            as_pct = sum(_agrees(as_percent(q), p) for _, q, p, _ in cells)
            as_frac = sum(_agrees(as_fraction(q), p) for _, q, p, _ in cells)
            fractions = as_frac > as_pct
        if fractions:
            layout.fractions.add(rc.rate.index)
            tally.fractions.append(rc.rate.name)
        for row, q, pair, mine in cells:
            if not mine:
                continue  # checked with the registry (the column's reading decided over every row)
            tally.checked += 1
            message = rate_message(q, pair, fractions, f"{shown(row, layout)}{rc.rate.name}")
            if message:
                tally.add(table, row.line, rc.rate, "rate-slip", message)


def rate_message(q: Quantity, pair: Pair, fractions: bool, lead: str) -> Optional[str]:
    """The ``rate-slip`` message for a printed rate against its pair, or None where it agrees."""
    rate = as_fraction(q) if fractions else as_percent(q)
    right = 100 * pair.value / pair.target
    if not math.isfinite(right) or _agrees(rate, pair):
        return None  # (a figure too large to divide is no rate anyone printed)
    exact = f"{pair.basis} = {right:.{max(rate.decimals, 0) + 2}f}%{pair.rounding}"
    if not fractions and q.unit == "" and _agrees(as_fraction(q), pair):
        frac = as_fraction(q)
        return f"{lead}「{q.text}」是小数，应印为 {_at(right, frac.decimals)}%：{exact}"
    if fractions:
        return (f"{lead}「{q.text}」有误：{exact}，应为 {_at(right / 100, q.decimals)}"
                f"（{_at(right, rate.decimals)}%）")
    return f"{lead}「{q.text}」有误：{exact}，应为 {_at(right, rate.decimals)}%"


def _at(x: float, decimals: int) -> str:
    """``x`` rounded half up at ``decimals`` (none below 0)."""
    d = max(decimals, 0)
    return f"{half_up(x, d):.{d}f}"
