"""An indicator's months as a chart (docs/site.md): what the HTML report and the site draw.

Made from the evaluations of the year so far, one per month (the figures of record, planned
shares, statuses and labels as each month's evaluation has them), so a chart shows exactly what
the reports of those months said.  The chart an indicator gets is its kind's (``Wording.chart`` in views/kind_wording.py, each
form drawn by :data:`CHARTS`): cumulative — its figure of record against the planned line q(m)·T (absent
where the evaluation has no planned share); threshold and ceiling — its level against the target
line; milestone — stages reached against stages due, as steps; any other kind (qualitative, and
kinds added later) — a strip of each month's label.
"""

from __future__ import annotations

import math
from typing import Callable, NamedTuple, Optional, Sequence

import numpy as np
from markupsafe import Markup

from minshi_cli.core.months import month_number
from minshi_cli.core.model import Indicator, Registry
from minshi_cli.core.rules import Evaluation
from minshi_cli.views import charts
from minshi_cli.views.kind_wording import wording


class YearSoFar:
    """The evaluations of consecutive months (the first shown to the last), with each indicator
    column laid out as an (indicators × months) grid, built once per column."""

    def __init__(self, evaluations: Sequence[Evaluation]):
        self.evaluations = list(evaluations)
        self.months = [e.as_of for e in self.evaluations]
        self.labels = [f"{month_number(m)}月" for m in self.months]
        last = self.evaluations[-1].indicators
        self.ids = last["id"].tolist()
        self.row = {i: k for k, i in enumerate(self.ids)}
        self._grids: dict[str, np.ndarray] = {}

    def grid(self, column: str) -> np.ndarray:
        if column not in self._grids:
            self._grids[column] = np.column_stack([e.indicators[column].to_numpy() for e in self.evaluations])
        return self._grids[column]

    @classmethod
    def as_of(cls, evaluation: Evaluation, first_month: str) -> "YearSoFar":
        """The months from ``first_month`` to the evaluation's own, from its grids (the figures of
        record and planned shares month by month): what the report's charts need, without evaluating
        each earlier month.  Only ``value`` and ``planned`` are laid out; the site, which needs every
        column, is made from each month's evaluation."""
        year = cls([evaluation])
        first = month_number(first_month) - 1
        year.months = [f"{evaluation.as_of[:4]}-{k:02d}" for k in range(first + 1, evaluation.month_no + 1)]
        year.labels = [f"{month_number(m)}月" for m in year.months]
        year._grids = {"value": evaluation.figures[:, first:], "planned": evaluation.planned[:, first:]}
        year.evaluations = []  # no month's evaluation but the last: other columns are not laid out
        return year

    def of(self, indicator_id: str, column: str) -> list:
        return self.grid(column)[self.row[indicator_id]].tolist()


def _present(v) -> Optional[float]:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


class Size(NamedTuple):
    width: int
    height: int


SMALL = Size(460, 140)
LARGE = Size(640, 220)


def _cumulative(year: YearSoFar, ind: Indicator, size: Size, chart_id: str) -> str:
    spec = wording(ind)
    values = [_present(v) for v in year.of(ind.id, "value")]
    target = float(ind.target)
    # the planned amount to one decimal (q·T of 8950 in March is 2237.5, of 4210 in January 350.8…)
    planned = [None if q is None else round(q * target, 1) for q in map(_present, year.of(ind.id, "planned"))]
    series = []
    if any(p is not None for p in planned):
        series.append(charts.Series("按计划应完成", planned, [_text(spec, ind, p) for p in planned], charts.PLANNED,
                                    label_last=False))
    series.append(charts.Series("累计完成", values, [_text(spec, ind, v) for v in values], charts.ACTUAL))
    title = f"{ind.name}：{year.labels[0]}至{year.labels[-1]}累计完成" + ("与计划进度" if len(series) > 1 else "")
    whole = float(target).is_integer() and all(v is None or float(v).is_integer() for v in values)
    return charts.line_chart(year.labels, series, title=title, unit=_unit(ind), width=size.width, height=size.height,
                             integer=whole)


def _level(year: YearSoFar, ind: Indicator, size: Size, chart_id: str) -> str:
    spec = wording(ind)
    values = [_present(v) for v in year.of(ind.id, "value")]
    target = float(ind.target)
    level = charts.Series("报送水平", values, [_text(spec, ind, v) for v in values], charts.ACTUAL)
    line = charts.Series("目标", [target] * len(values), [spec.target_text(ind)], charts.TARGET)
    return charts.line_chart(year.labels, [level], reference=line, title=f"{ind.name}：各月水平与目标",
                             unit=_unit(ind), width=size.width, height=size.height, floor_zero=False)


def _milestone(year: YearSoFar, ind: Indicator, size: Size, chart_id: str) -> str:
    spec = wording(ind)
    values = [_present(v) for v in year.of(ind.id, "value")]
    n = len(ind.stages)
    due = [float(sum(month_number(s.due) <= month_number(m) for s in ind.stages)) for m in year.months]
    reached = charts.Series("已完成阶段", values, [_text(spec, ind, v) for v in values], charts.ACTUAL, step=True)
    expected = charts.Series("应完成阶段", due, [f"应完成{int(d)}/{n}个阶段" for d in due], charts.DUE, step=True,
                             label_last=False)
    return charts.line_chart(year.labels, [expected, reached], title=f"{ind.name}：完成阶段与应完成阶段",
                             width=size.width, height=size.height, ticks=list(range(n + 1)),
                             tick_labels=["未开工", *(st.name for st in ind.stages)])


def _strip(year: YearSoFar, ind: Indicator, size: Size, chart_id: str) -> str:
    cells = []
    for status, label, note in zip(year.of(ind.id, "status"), year.of(ind.id, "label"), year.of(ind.id, "note")):
        cells.append(charts.Cell(label, status, f"{label}{'，' + note if note else ''}"))
    return charts.label_strip(year.labels, cells, title=f"{ind.name}：各月状态", chart_id=chart_id, width=size.width)


Drawer = Callable[[YearSoFar, Indicator, Size, str], str]
#: how each chart form a kind calls for (its ``chart``, core/kinds.py) is drawn; a form not
#: listed here gets the strip of its months' labels
CHARTS: dict[str, Drawer] = {"plan": _cumulative, "target": _level, "stages": _milestone, "labels": _strip}
#: the forms the report draws beside its urging entries (docs/site.md): the figure against its plan
IN_REPORT = ("plan",)


def chart(year: YearSoFar, registry: Registry, indicator_id: str, size: Size = LARGE, chart_id: str = "c") -> Markup:
    """The chart an indicator's kind calls for, over the months of ``year`` (safe SVG markup)."""
    ind = registry.indicator(indicator_id)
    return Markup(CHARTS.get(wording(ind).chart, _strip)(year, ind, size, chart_id))


def _text(spec, ind: Indicator, v: Optional[float]) -> str:
    return "—" if v is None else spec.value_text(ind, v)


def _unit(ind: Indicator) -> str:
    return f"单位：{ind.unit}" if ind.unit else ""


def add_to_report(context: dict, year: YearSoFar, registry: Registry) -> dict:
    """Give each entry of the report's urging section ``chart``: its months drawn (a cumulative
    indicator's figure of record against its planned line), or "" for a kind the report draws
    none for; and ``chart_span``, the columns the chart's row spans beside the entry's number."""
    for group in context["urged"]:
        for entry in group["entries"]:
            drawn = wording(registry.indicator(entry["id"])).chart in IN_REPORT and entry["id"] in year.row
            entry["chart"] = chart(year, registry, entry["id"], SMALL, f"u{entry['urge_no']}") if drawn else ""
    columns = 4 + bool(context["has_lead"]) + 2 * bool(context["has_persons"])
    context["chart_span"] = str(columns)
    return context
