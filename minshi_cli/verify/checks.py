"""The checks of a published table's matched rows (docs/verify.md): ``rate-slip``, ``target-mismatch``,
``value-mismatch``; and ``unmatched-row`` for a row no indicator fits.

A rate is checked against the data folder's figure of record for the month (where it has none,
the row's own figure) and the registry's target: the printed rate p with d decimals is a slip
when |p − 100·v/T| > 0.5·10^−d (+1e-9), so every rounding direction of the true rate passes and
nothing further does.  A target is compared exactly; a figure within its printed precision
(``4.6公里`` for 4.63).  What varies by kind (which rates are checked, whether a met standard
may be printed as 100%, whether figures add up) is asked of the kind (core/kinds.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np

from minshi_cli.core.kinds import KINDS, quantity as _quantity
from minshi_cli.core.problems import Problem
from minshi_cli.core.rounding import half_up
from minshi_cli.core.model import Indicator
from minshi_cli.verify.cells import Quantity, Rate, as_fraction, as_percent, assign, percents, quantities, rounded, squeeze
from minshi_cli.verify.match import CLOSE_MATCH, Match, Unmatched
from minshi_cli.views.kind_wording import wording
from minshi_cli.verify.table import AREA, FIGURE, NOTE, PROJECT, RATE, SEQ, TARGET, PublishedTable, Row

EPSILON = 1e-9


def _numeric(indicator: Indicator) -> bool:
    """Whether the indicator has a number for a target and for its figures (not a milestone or a
    qualitative item, whose targets and figures a table writes in words)."""
    return KINDS[indicator.kind].target_form == "number"


def _rate(indicator: Indicator, value: float, target: Optional[float] = None) -> float:
    """The kind's rate of ``value`` against ``target`` (the indicator's own by default)."""
    target = indicator.target if target is None else target
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(KINDS[indicator.kind].rate(np.array([value]), np.array([target]), np.zeros(1))[0])


def _met(indicator: Indicator, value: float) -> bool:
    return bool(KINDS[indicator.kind].met(np.array([value]), np.array([indicator.target]), np.zeros(1))[0])


@dataclass(frozen=True)
class Record:
    """The data folder's figure of record for one indicator and month, and where it comes from
    (``data/progress/2019-07.csv:2``; for a whole made of its areas, the areas' rows)."""

    value: float
    place: str


@dataclass
class Context:
    table: PublishedTable
    month: str
    records: dict[str, Record]
    problems: list[Problem]
    fractions: bool = False  # the rate column is written as fractions (0.674 for 67.4%)
    checked: int = 0  # rates compared

    def add(self, row: Row, role: str, code: str, message: str, match: Optional[Match] = None) -> None:
        how = ""
        if match is not None and match.how == CLOSE_MATCH:
            named = "、".join(f"{i.id}（{i.name}）" for i in match.indicators)
            how = f"（本行「{match.row.said(PROJECT)}」按最接近的名称对应指标 {named}）"
        column = row.headers.get(role) or self.table.headers.get(role)
        # a workbook's rows are its sheet's: the message names the sheet and the cell, as check's do
        # (docs/office.md); a block's row (an area table's) names its block's cell
        at = row.columns.get(role) if row.columns else self.table.at.get(role)
        self.problems.append(Problem(self.table.file, row.line, column, code,
                                     f"{self.table.cell(at, row.line)}{message}{how}"))

    def report(self, match: Match, role: str, code: str, message: str) -> None:
        self.add(match.row, role, code, message, match)


def check_rows(table: PublishedTable, matches: Sequence[Match | Unmatched], month: str,
               records: dict[str, Record], fractions: frozenset = frozenset(), primary: Optional[int] = None,
               area_records: Optional[dict[str, dict[str, Record]]] = None) -> Context:
    """The registry's checks of every matched row (``area_records``: area -> indicator -> the
    area's figure of record, for rows matched to an area)."""
    ctx = Context(table, month, records, [])
    for found in matches:
        if not found.row.figures:
            continue  # a section heading, a note, a project row whose indicators follow
        if isinstance(found, Unmatched):
            _unmatched(ctx, found)
            continue
        # a rate column written as fractions (``fractions``: column indices; ``primary``: the rate column)
        ctx.fractions = (found.row.rate_at if found.row.rate_at is not None else primary) in fractions
        # an area's row (docs/areas.md) is compared with the area's figure of record
        ctx.records = records if found.area is None else (area_records or {}).get(found.area, {})
        _check_target(ctx, found)
        printed = _printed_figures(found)
        _check_values(ctx, found, printed)
        _check_rate(ctx, found, printed)
    ctx.records = records
    return ctx


# ---------------------------------------------------------------------------- unmatched rows


def _unmatched(ctx: Context, found: Unmatched) -> None:
    row = found.row
    # the header without the spaces that center it in its cell (序  号 is 序号)
    said = "，".join(f"{squeeze(ctx.table.header(r))}「{row.said(r)}」" for r in (SEQ, PROJECT) if row[r]) or "没有序号和项目名称"
    hint = f"；最接近的是「{found.guess}」" if found.guess else ""
    role = PROJECT if row[PROJECT] else SEQ
    ctx.add(row, role, "unmatched-row",
            f"本行（{said}）对不上登记表中的指标，未校验{hint}：请核对序号和项目名称与登记表是否一致")


# ---------------------------------------------------------------------------- targets


def _check_target(ctx: Context, m: Match) -> None:
    cell = m.row[TARGET]
    indicators = [i for i in m.indicators if _numeric(i)]
    found = quantities(cell)
    if not cell or not indicators or not found:
        return
    units = [i.unit for i in indicators]
    if len(found) == 1 and len(indicators) > 1 and len(set(units)) == 1:
        q = found[0]
        targets = {i.target for i in indicators}
        if len(targets) == 1:  # 不低于每人每月60元: one standard for both
            expected, what = indicators[0].target, "各项指标的目标"
        elif all(KINDS[i.kind].adds_up for i in indicators):
            expected, what = sum(i.target for i in indicators), "各项指标目标之和"
        else:
            return
        if not _same(q.value(units[0]), expected):
            ctx.report(m, TARGET, "target-mismatch",
                    f"目标「{cell}」与登记表不符：项目 {m.project.seq}（{m.project.name}）{what}是 "
                    f"{_quantity(expected, units[0])}")
        return
    for indicator, q in zip(indicators, assign(found, units)):
        if q is not None and not _same(q.value(indicator.unit), indicator.target):
            ctx.report(m, TARGET, "target-mismatch",
                    f"目标「{cell}」与登记表不符：{_named(indicator)}的目标是 {_quantity(indicator.target, indicator.unit)}"
                    f"，表中为 {q.text}")


# ---------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Printed:
    """A figure as the row prints it, for one indicator or (``indicators`` > 1) their sum."""

    indicators: tuple[Indicator, ...]
    quantity: Quantity
    role: str  # FIGURE, or NOTE where a standard's level is written in 备注

    def value(self) -> float:
        return self.quantity.value(self.indicators[0].unit)


def _printed_figures(m: Match) -> list[Printed]:
    indicators = [i for i in m.indicators if _numeric(i)]
    if not indicators:
        return []
    units = [i.unit for i in indicators]
    found = quantities(m.row[FIGURE])
    if (len(found) == 1 and len(indicators) > 1 and len(set(units)) == 1
            and all(KINDS[i.kind].adds_up for i in indicators)):
        return [Printed(tuple(indicators), found[0], FIGURE)]  # one total for the project
    out = []
    from_note = assign(quantities(m.row[NOTE]), units, last=True, strict=True)
    for indicator, q, noted in zip(indicators, assign(found, units), from_note):
        if q is not None:
            out.append(Printed((indicator,), q, FIGURE))
        elif noted is not None and not KINDS[indicator.kind].adds_up:  # a level (标准) written in 备注
            out.append(Printed((indicator,), noted, NOTE))
    return out


def _check_values(ctx: Context, m: Match, printed: list[Printed]) -> None:
    for p in printed:
        records = [ctx.records.get(i.id) for i in p.indicators]
        if any(r is None for r in records):
            continue  # the data folder has no figure for it this month: nothing to compare with
        expected = sum(r.value for r in records)
        unit = p.indicators[0].unit
        if abs(p.value() - expected) <= p.quantity.precision(unit) + EPSILON * max(1.0, abs(expected)):
            continue
        places = "、".join(r.place for r in records)
        what = _named(p.indicators[0]) if len(p.indicators) == 1 else \
            f"项目 {m.project.seq}（{m.project.name}）各项指标之和"
        ctx.report(m, p.role, "value-mismatch",
                f"完成数「{p.quantity.text}」与数据文件夹中 {ctx.month} 的数字不符：{what}为 "
                f"{_quantity(expected, unit)}（{places}）")


# ---------------------------------------------------------------------------- rates


def _check_rate(ctx: Context, m: Match, printed: list[Printed]) -> None:
    rates = percents(m.row[RATE])
    indicators = [i for i in m.indicators if _numeric(i) and KINDS[i.kind].checks_printed_rate]
    if not rates or not indicators:
        return
    by_indicator = {p.indicators[0].id: p for p in printed if len(p.indicators) == 1}
    if len(rates) == len(m.indicators) > 1:  # 83.3%、90%: one rate per indicator, in order
        for indicator, rate in zip(m.indicators, rates):
            if indicator in indicators:
                _rate_against(ctx, m, rate, [indicator], by_indicator, f"{_named(indicator)}的完成率「{rate.text}」有误：")
        return
    if len(rates) != 1 or len(indicators) < len(m.indicators):
        return  # several rates not one per indicator, or one rate for a row with a rate-less indicator
    combined = [p for p in printed if len(p.indicators) > 1]
    if combined or (len(indicators) > 1 and all(KINDS[i.kind].adds_up for i in indicators)):
        _combined_rate(ctx, m, rates[0], indicators, combined[0] if combined else None, by_indicator)
        return
    _rate_against(ctx, m, rates[0], indicators, by_indicator, f"{_row_said(m)}完成率「{m.row[RATE]}」有误：")


def _combined_rate(ctx: Context, m: Match, rate: Quantity, indicators: list[Indicator], total: Optional[Printed],
                   printed: dict[str, Printed]) -> None:
    """One rate for a project's counts in one unit: their total over their targets' sum.  Unlike
    units have no common rate: nothing is checked then."""
    unit = indicators[0].unit
    if any(i.unit != unit for i in indicators):
        return
    records = [ctx.records.get(i.id) for i in indicators]
    if all(r is not None for r in records):
        value, source = sum(r.value for r in records), f"（数据文件夹 {ctx.month}）"
    elif total is not None:
        value, source = total.value(), ""
    else:
        levels = [_level(ctx, i, printed) for i in indicators]
        if any(v is None for v, _ in levels):
            return
        value, source = sum(v for v, _ in levels), ""
    target = sum(i.target for i in indicators)
    _slip_if(ctx, m, rate, 100 * _rate(indicators[0], value, target), f"{_row_said(m)}完成率「{m.row[RATE]}」有误：",
             f"各项合计 {_quantity(value, unit)}{source} ÷ 各项目标之和 {_quantity(target, unit)}")


def _rate_against(ctx: Context, m: Match, rate: Quantity, indicators: list[Indicator],
                  printed: dict[str, Printed], lead: str) -> None:
    """One printed rate against one indicator, or against a project's levels (standards) printed
    on one row: the right rate is then the lowest of theirs, and 100% where all are met and the
    kind lets a met target be printed so."""
    full = all(KINDS[i.kind].met_prints_as_full for i in indicators)
    if len(indicators) > 1 and not full:
        return  # one rate for unlike indicators: nothing it could be checked against
    levels = [_level(ctx, i, printed) for i in indicators]
    if any(v is None for v, _ in levels):
        return  # no figure printed and none in the data folder
    shares = [(_rate(i, v), i, v, source) for i, (v, source) in zip(indicators, levels)]
    share, indicator, value, source = min(shares, key=lambda s: s[0])
    met = full and all(_met(i, v) for i, (v, _) in zip(indicators, levels))
    hundred = abs(rate.number - 100) <= EPSILON
    if met and hundred:
        return  # the district layout: a standard met is printed as 100%
    basis = (f"{wording(indicator).figure_word} {_quantity(value, indicator.unit)}{source} ÷ "
             f"目标 {_quantity(indicator.target, indicator.unit)}")
    if len(indicators) > 1:
        basis = f"各项中最低的是{_named(indicator)}，{basis}"
    extra = "（未达到目标，不能印为 100%）" if full and hundred else ""
    half = _half(indicator, printed, ctx)
    band = (100 * _rate(indicator, value - half), 100 * _rate(indicator, value + half)) if half else None
    _slip_if(ctx, m, rate, 100 * share, lead, basis, extra, band)


def _level(ctx: Context, indicator: Indicator, printed: dict[str, Printed]) -> tuple[Optional[float], str]:
    """The figure a rate is computed from: the data folder's figure of record for the month where
    it has one (a rate copied from a wrong figure is wrong too), else the row's own."""
    record = ctx.records.get(indicator.id)
    if record is not None:
        return record.value, f"（数据文件夹 {ctx.month}）"
    if indicator.id in printed:
        return printed[indicator.id].value(), ""
    return None, ""


def _half(indicator: Indicator, printed: dict[str, Printed], ctx: Context) -> float:
    """How far the row's own figure may be from the true one by its rounding (0 where the data
    folder's figure stands, or the printed one is an integer without a multiplier)."""
    if indicator.id in ctx.records or indicator.id not in printed:
        return 0.0
    q = printed[indicator.id].quantity
    return q.precision(indicator.unit) if rounded(q) else 0.0


def _slip_if(ctx: Context, m: Match, rate: Quantity, right: float, lead: str, basis: str, extra: str = "",
             band: Optional[tuple[float, float]] = None) -> None:
    """A ``rate-slip`` where the printed rate is further from ``right`` (in %) — or from every rate
    in ``band``, the rates a rounded figure allows — than rounding at its printed decimals can take
    it (any direction, plus 1e-9 for binary fractions).  In a column of fractions the rate is read
    as one (0.674 = 67.4%); a bare number among percentages that is right read as a fraction is a
    slip that says so."""
    if not math.isfinite(right):
        return  # (a figure too large to divide is no rate anyone printed)
    ctx.checked += 1
    low, high = sorted(band) if band else (right, right)
    printed = as_fraction(rate) if ctx.fractions else as_percent(rate)

    def agrees(r: Rate) -> bool:
        return max(low - r.percent, r.percent - high, 0.0) <= r.tolerance + EPSILON

    if agrees(printed):
        return
    decimals = max(printed.decimals, 0)
    rounding = f"（印出的完成数是四舍五入后的数字，完成率可在 {low:.{decimals + 2}f}%～{high:.{decimals + 2}f}% 之间）" if band else ""
    if not ctx.fractions and rate.unit == "" and agrees(as_fraction(rate)):
        fraction = as_fraction(rate)
        ctx.report(m, RATE, "rate-slip",
                   f"{lead.replace('有误：', '是小数，')}应印为 {half_up(right, max(fraction.decimals, 0)):.{max(fraction.decimals, 0)}f}%："
                   f"{basis} = {right:.{max(fraction.decimals, 0) + 2}f}%{rounding}")
        return
    shown = half_up(right, decimals)
    if ctx.fractions:
        ctx.report(m, RATE, "rate-slip",
                   f"{lead}{basis} = {right:.{decimals + 2}f}%{rounding}，应为 {half_up(right / 100, rate.decimals):.{rate.decimals}f}"
                   f"（{shown:.{decimals}f}%）{extra}")
        return
    ctx.report(m, RATE, "rate-slip",
            f"{lead}{basis} = {right:.{decimals + 2}f}%{rounding}，应为 {shown:.{decimals}f}%{extra}")


# ---------------------------------------------------------------------------- wording


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= EPSILON * max(1.0, abs(b))


def _named(indicator: Indicator) -> str:
    return f"指标 {indicator.id}（{indicator.name}）"


def _row_said(m: Match) -> str:
    """How a rate's message names its row, as the row prints it and as ``--no-registry`` does
    (docs/verify.md): ``「仁寿县」`` for an area's row (its rate is the area's), else the row's
    project name cell (``「减少义务教育大班额」``); a row that prints no name (a merged cell's
    later row) is named by its indicator in the registry (``指标 2（减少义务教育大班额）的``)."""
    if m.area or m.row[AREA].strip():  # an area's row, also where the registry has no such area
        return f"「{m.area or m.row.said(AREA).strip()}」"
    if m.row[PROJECT].strip():
        return f"「{m.row.said(PROJECT).strip()}」"
    return f"{_named(m.indicators[0])}的" if len(m.indicators) == 1 else f"项目 {m.project.seq}（{m.project.name}）的"
