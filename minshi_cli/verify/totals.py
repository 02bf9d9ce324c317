"""Total rows checked against their parts (docs/verify.md, "合计行"): 合计, 总计, 全市… total every
part row of the table; a 小计 the part rows since the previous 小计 or section heading; a 其中 row is
a part of the row above, of no total.  The gap rounding explains is half a unit of the total's last
printed digit plus half a unit of the last printed digit of each part printed with decimals or a
multiplier: beyond it ``total-mismatch``, within it but not exact ``total-rounding``."""

from __future__ import annotations

import math

from minshi_cli.verify.arithmetic import EPSILON, Layout, Tally, row_total, shown
from minshi_cli.verify.cells import Quantity, base, half_unit, multiplier, one_number, rounded, squeeze
from minshi_cli.verify.table import Column, Row

#: words in a header (its own or one above it) that say the column is no count to add up
_NOT_ADDED = ("率", "%", "低于", "高于", "不低于", "标准", "平均", "人均", "时序", "序时")
#: at most this many parts are written out in a message
SHOWN_PARTS = 12


def summed_columns(layout: Layout) -> list[Column]:
    return [c for c in layout.numeric
            if not any(w in squeeze(h) for h in (c.own,) + c.uppers for w in _NOT_ADDED)]


def check_totals(layout: Layout, tally: Tally) -> None:
    table = layout.table
    columns = summed_columns(layout)
    if not columns:
        return
    parts: list[Row] = []  # every part row of the table
    section: list[Row] = []  # the part rows since the previous 小计 or heading
    totals: list[tuple[Row, str, list[Row]]] = []
    for row in table.rows:
        kind = row_total(row, table)
        if kind == "小计":
            totals.append((row, kind, section))
            section = []
        elif kind is not None:
            totals.append((row, kind, parts))
        elif not any(one_number(row.at(c.index)) for c in layout.numeric):
            section = []  # a heading (a row of text cells only)
        elif not squeeze(layout.item_of(row)).startswith("其中"):
            parts.append(row)
            section.append(row)
    for row, kind, rows in totals:
        for column in columns:
            _check_one(layout, tally, row, column, list(rows))


def _check_one(layout: Layout, tally: Tally, total_row: Row, column: Column, rows: list[Row]) -> None:
    total = one_number(total_row.at(column.index))
    if total is None or not rows:
        return  # a blank or text total: nothing to compare
    printed: list[tuple[Row, Quantity]] = []
    for row in rows:
        cell = row.at(column.index)
        if not cell:
            continue  # a blank part counts 0
        q = one_number(cell)
        if q is None:
            return  # a text part: the column cannot be added up for this total
        printed.append((row, q))
    if len({base(q) for _, q in printed + [(total_row, total)] if base(q)}) > 1:
        return  # 人 beside 个: no sum the table could mean
    value = total.number * multiplier(total)
    parts = [q.number * multiplier(q) for _, q in printed]
    try:
        added = math.fsum(parts)
    except OverflowError:  # the sum itself is too large to hold
        return
    if not math.isfinite(added) or not math.isfinite(value):
        return  # numbers too large to add are no count anyone printed
    tally.totals_checked += 1
    gap = half_unit(total) * multiplier(total) + sum(half_unit(q) * multiplier(q) for _, q in printed if rounded(q))
    off = abs(added - value)
    if off <= EPSILON * max(1.0, abs(value)):
        return
    decimals = max([total.decimals] + [q.decimals for _, q in printed if multiplier(q) == multiplier(total)])
    scale = multiplier(total)
    sum_text = f"{added / scale:.{decimals}f}{total.unit}"
    terms = " + ".join(q.text for _, q in printed[:SHOWN_PARTS]) + (" + …" if len(printed) > SHOWN_PARTS else "")
    lines = [r.line for r, _ in printed]
    where = f"第 {lines[0]}—{lines[-1]} 行共 {len(printed)} 行" if lines else "没有分项"
    name = f"{shown(total_row, layout) or '合计行'}的{column.name}"
    said = f"{name}「{total.text}」与各行之和不符：{terms} = {sum_text}（{where}）"
    if off <= gap + EPSILON * max(1.0, abs(value)):
        tally.add(layout.table, total_row.line, column, "total-rounding",
                  f"{said}，相差 {_number(off / scale, decimals)}，在四舍五入可解释的 {_number(gap / scale, decimals + 1)} 以内："
                  f"各行是取整后的数字，合计可按原始数字计算；如按表内数字合计应为 {sum_text}")
    else:
        tally.add(layout.table, total_row.line, column, "total-mismatch",
                  f"{said}，相差 {_number(off / scale, decimals)}，超出四舍五入可解释的 "
                  f"{_number(gap / scale, decimals + 1)}：应为 {sum_text}")


def _number(x: float, decimals: int) -> str:
    text = f"{x:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
