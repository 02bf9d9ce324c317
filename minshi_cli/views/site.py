"""The static site of the year (``minshi site``, docs/site.md) as plain data for its templates.

Every page is built from the evaluations of the year so far (:class:`trends.YearSoFar`, one
evaluation per month) and the month reports' contexts: no page evaluates anything itself.  Texts
are worded here (numbers through :mod:`formatting`, charts through :mod:`trends`), so the
templates only lay them out; every text from the data is escaped by the templates' autoescape.

File names (docs/site.md): an indicator's id or a unit's name with ``/ \\ : * ? " < > | # %`` and
control characters replaced by ``_``, cut to 80 characters; names equal ignoring case get ``-2``,
``-3`` in registry order.  Links are relative and percent-encoded.
"""

from __future__ import annotations

import math
import re
from typing import Iterable, Optional
from urllib.parse import quote

from markupsafe import Markup

from minshi_cli.core.assess import VERDICT_CN, assess
from minshi_cli.core.months import month_number
from minshi_cli.core.kinds import KINDS
from minshi_cli.core.model import Registry
from minshi_cli.core.statuses import BEHIND, BY_KEY, KEYS, LABELS, MISSING, STATUSES, URGED, count_columns, counted_as
from minshi_cli.views import charts, status_view, trends
from minshi_cli.views.wording import judged_from_areas
from minshi_cli.views import formatting as fmt
from minshi_cli.views.kind_wording import WORDING, wording
from minshi_cli.views.tables import records

UNSAFE = re.compile(r'[/\\:*?"<>|#%\x00-\x1f\x7f]')
NAME_LIMIT = 80
#: statuses counted apart from the judged ones on the index (docs/site.md): no verdict counts them
APART = ("ongoing", "not_due")
#: under the counts where a month leaves a column out (as the month's report does)
COUNTS_NOTE = "按标注计数，与各月调度通报相同：超额完成计入已完成，到完成时限仍严重滞后的计为未完成；“—”表示该月没有这一项。"
#: each status's colour and badge style (the pages' CSS, as the report's), best first
STATUS_STYLES = [{"status": s.key, "css": s.css, "colour": s.colour, "badge": s.badge} for s in STATUSES]


def safe_name(text: str) -> str:
    """A file name (without extension) for ``text``: the characters no file system or URL takes
    replaced by ``_``, at most 80 characters."""
    return UNSAFE.sub("_", str(text))[:NAME_LIMIT]


def file_names(texts: Iterable[str]) -> dict[str, str]:
    """Each text's file name (without extension), unique ignoring case: the second and later of
    names equal ignoring case get ``-2``, ``-3`` … in the order given."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for text in texts:
        if text in out:
            continue
        base = safe_name(text)
        name, k = base, 1
        while name.casefold() in taken:
            k += 1
            name = f"{base}-{k}"
        taken.add(name.casefold())
        out[text] = name
    return out


def link(*parts: str) -> str:
    """A relative link, each part percent-encoded (``../units/%E5%8C%BA….html``)."""
    return "/".join(quote(p, safe="") if p not in ("..", ".") else p for p in parts)


class Site:
    """Everything the pages share: the registry, the year so far, the file names, the footer."""

    def __init__(self, registry: Registry, year: trends.YearSoFar, month_pages: list[str], certifying: bool,
                 sources: list[str], data_folder: str, generated_at: str):
        self.registry = registry
        self.year = year
        self.month_pages = month_pages  # the months that have a page (a progress file)
        self.certifying = certifying
        self.footer = {"sources": sources, "data_folder": data_folder, "generated_at": generated_at}
        self.indicator_files = file_names(i.id for i in registry.indicators)
        self.units = list(dict.fromkeys(p.unit for p in registry.projects))
        self.unit_files = file_names(self.units)
        self.last = year.evaluations[-1]
        self.title = f"{registry.year}年{registry.title}"
        self.as_of = self.last.as_of

    # ------------------------------------------------------------------ links

    def indicator_link(self, indicator_id: str, depth: int) -> str:
        return link(*[".."] * depth, "indicators", f"{self.indicator_files[indicator_id]}.html")

    def unit_link(self, unit: str, depth: int) -> str:
        return link(*[".."] * depth, "units", f"{self.unit_files[unit]}.html")

    def month_link(self, month: str, depth: int) -> str:
        return link(*[".."] * depth, "months", f"{month}.html")

    def home(self, depth: int) -> str:
        return link(*[".."] * depth, "index.html")

    def page(self, title: str, depth: int, **content) -> dict:
        """A page's context: its title, the links every page carries, the footer and ``content``."""
        nav = [{"text": "全年总览", "href": self.home(depth)}]
        if self.registry.areas:
            nav.append({"text": "各地区排名", "href": link(*[".."] * depth, "areas.html")})
        return {"title": title, "site_title": self.title, "as_of_label": _month_cn(self.as_of), "nav": nav,
                "status_styles": STATUS_STYLES, **self.footer, **content}

    # ------------------------------------------------------------------ index.html

    def index(self) -> dict:
        year = self.year
        columns, counts, apart, apart_counts = _counts(year, self.registry.paced)
        legend = [charts.Cell(w, charts.style_key(s, w), w) for s, w in columns]
        stacks = [[charts.Cell(w, charts.style_key(s, w), f"{w}{n or 0}项") for (s, w), n in zip(columns, row)]
                  for row in counts]
        chart = charts.stacked_bars(year.labels, stacks, [[n or 0 for n in row] for row in counts],
                                    title=f"{self.title}各月指标状态（项）", chart_id="idx", legend=legend)
        months = []
        for k, month in enumerate(year.months):
            months.append({"label": year.labels[k], "href": self.month_link(month, 0) if month in self.month_pages else "",
                           "counts": ["—" if n is None else str(n) for n in counts[k]],
                           "apart": [str(n) for n in apart_counts[k]]})
        last = self.last.indicators
        indicators = [{"id": r.id, "name": r.name, "project_name": r.project_name, "unit": r.responsible_unit,
                       "label": r.label, "status": r.status, "href": self.indicator_link(r.id, 0),
                       "unit_href": self.unit_link(r.responsible_unit, 0)} for r in records(last)]
        units = [{"name": u, "href": self.unit_link(u, 0)} for u in self.units]
        return self.page(f"{self.title}全年进度一览（截至{_month_cn(self.as_of)}）", 0, chart=Markup(chart),
                         statuses=[{"status": s, "label": w} for s, w in columns],
                         apart=[{"status": s, "label": _label(s)} for s in apart], months=months,
                         counts_note=COUNTS_NOTE if any(n is None for row in counts for n in row) else "",
                         indicators=indicators, units=units, has_areas=bool(self.registry.areas))

    # ------------------------------------------------------------------ indicators/{id}.html

    def indicator(self, indicator_id: str, areas_by_month: dict) -> dict:
        registry, year = self.registry, self.year
        ind = registry.indicator(indicator_id)
        spec = wording(ind)
        row = year.row[indicator_id]
        rows = []
        columns = {c: year.grid(c)[row] for c in ("value", "reported", "certified", "rate", "status", "label", "note",
                                                   "carried_from", "areas_missing")}
        for k, month in enumerate(year.months):
            value = _number(columns["value"][k])
            carried = columns["carried_from"][k]
            rows.append({
                "month": year.labels[k],
                "href": self.month_link(month, 1) if month in self.month_pages else "",
                "reported": _value(spec, ind, columns["reported"][k]),
                "certified": _value(spec, ind, columns["certified"][k]),
                "value": _value(spec, ind, value) + (f"（沿用{month_number(carried)}月）" if carried else ""),
                "rate": fmt.percent(_number(columns["rate"][k])) if spec.has_rate else "—",
                "status": columns["status"][k],
                "label": columns["label"][k],
                "note": self._month_note(ind, value, columns["note"][k], columns["areas_missing"][k]),
            })
        last = year.evaluations[-1].indicators.iloc[row]
        content = {
            "id": ind.id, "name": ind.name, "project_name": registry.project(ind.project).name,
            "kind": KINDS[ind.kind].label, "target": spec.target_text(ind), "unit": ind.unit or "—",
            "responsible_unit": last["responsible_unit"], "unit_href": self.unit_link(last["responsible_unit"], 1),
            "label": last["label"], "status": last["status"],
            "chart": trends.chart(year, registry, ind.id, trends.LARGE, "i"),
            "months": rows, "areas": self._areas(ind, areas_by_month),
        }
        return self.page(f"{ind.id} {ind.name}", 1, **content)

    @staticmethod
    def _month_note(ind, value: Optional[float], note, areas_missing) -> str:
        """A month's 说明: the unit's note; for an indicator split over areas without a figure of its
        own, first how its status was judged (the worst of its areas')."""
        if ind.areas and value is None:
            judged = judged_from_areas(len(ind.areas), int(areas_missing))
            return f"{judged}；{note}" if note else judged
        return note or ""

    def _areas(self, ind, areas_by_month: dict) -> dict:
        """Where split: the areas' rates at the last month as bars, and each area's months."""
        if not ind.areas:
            return {}
        year = self.year
        spec = wording(ind)
        names = [a for a, _ in ind.areas]
        latest = areas_by_month[year.months[-1]].get(ind.id, {})
        values, texts, statuses = [], [], []
        for name in names:
            a = latest.get(name)
            rate = _number(a["rate"]) if a is not None else None
            values.append(rate if spec.has_rate else None)
            label = a["label"] if a is not None else LABELS[MISSING]
            texts.append(f"{fmt.percent(rate)}，{label}" if spec.has_rate and rate is not None else label)
            statuses.append(a["status"] if a is not None else MISSING)
        planned = _number(year.grid("planned")[year.row[ind.id]][-1])
        bars = charts.bar_chart(names, values, texts, statuses, title=f"{ind.name}：各地区完成率（{year.labels[-1]}）",
                                chart_id="a", reference=planned,
                                reference_text=f"计划进度{fmt.percent(planned)}" if planned is not None else "")
        # each cell a (CSS class, figure, label, note) tuple: a province's indicator page has 1,560 of
        # them, 300 pages; a figure is worded once per distinct value
        worded: dict = {}

        def figure(v) -> str:
            if v not in worded:
                worded[v] = _value(spec, ind, _number(v))
            return worded[v]

        per_month = [areas_by_month[month].get(ind.id, {}) for month in year.months]
        table = []
        for name in names:
            cells = []
            for month_areas in per_month:
                a = month_areas.get(name)
                if a is None:
                    cells.append((BY_KEY[MISSING].css, "—", "", ""))
                else:
                    cells.append((_css(a["status"]), figure(a["value"]), a["label"], a["note"]))
            table.append({"area": name, "cells": cells})
        return {"chart": Markup(bars), "months": year.labels, "rows": table}

    # ------------------------------------------------------------------ units/{unit}.html

    def unit(self, unit: str, verdicts: dict[str, str]) -> dict:
        registry, year = self.registry, self.year
        last = self.last.indicators
        mine = last[last["responsible_unit"] == unit]
        status_grid, label_grid = year.grid("status"), year.grid("label")
        indicators = []
        behind_months: dict[int, list[dict]] = {}
        for r in records(mine):
            row = year.row[r.id]
            for k, (status, label) in enumerate(zip(status_grid[row].tolist(), label_grid[row].tolist())):
                if status == BEHIND:
                    # past its due month a behind indicator is 未完成 (docs/rules.md): said so, as the month's page does
                    word = counted_as(status, label)
                    behind_months.setdefault(k, []).append({
                        "id": r.id, "name": r.name, "href": self.indicator_link(r.id, 1),
                        "label": "" if word == LABELS[BEHIND] else word})
            action = registry.action_for(int(r.lag_months)) if r.status in URGED else None
            spec = WORDING[r.kind]
            figure = [f"{year.labels[-1]}：{_value(spec, registry.indicator(r.id), r.value)}"]
            if spec.has_rate and _number(r.rate) is not None:
                figure.append(f"完成率{fmt.percent(_number(r.rate))}")
            indicators.append({
                "figure": "，".join(figure), "target": spec.target_text(registry.indicator(r.id)),
                "id": r.id, "name": r.name, "project_name": r.project_name, "label": r.label, "status": r.status,
                "href": self.indicator_link(r.id, 1), "lag": f"已连续{int(r.lag_months)}个月滞后" if r.lag_months > 1 else "",
                "action": action or "",
                "chart": trends.chart(year, registry, r.id, trends.SMALL, f"k{len(indicators)}"),
            })
        behind = [{"month": year.labels[k], "href": self.month_link(year.months[k], 1)
                   if year.months[k] in self.month_pages else "", "indicators": ids}
                  for k, ids in sorted(behind_months.items())]
        words = [LABELS[BEHIND]] + sorted({i["label"] for b in behind for i in b["indicators"] if i["label"]})
        return self.page(unit, 1, unit=unit, indicators=indicators, behind=behind, behind_words="或".join(words),
                         actions=[i for i in indicators if i["action"]], verdict=verdicts.get(unit, ""),
                         final=bool(self.last.final))

    def verdicts(self) -> dict[str, str]:
        """Each unit's verdict as of the last month (provisional before the final month)."""
        judged = assess(self.registry, self.last, self.certifying)
        return {u.unit: VERDICT_CN[u.verdict] for u in judged.units}

    # ------------------------------------------------------------------ areas.html

    def areas(self) -> dict:
        registry, year = self.registry, self.year
        months = []
        ranks: dict[str, list[str]] = {a: [] for a in registry.areas}
        for evaluation in year.evaluations:
            ranking = status_view.by_area(evaluation, registry)
            for a in ranking:
                ranks[a["area"]].append(str(a["rank"]))
            months.append(ranking)
        latest = months[-1]
        rows = [dict(zip(["rank", "area", "indicators"] + list(KEYS) + ["mean_rate"], map(str, row)))
                for row in status_view.area_rows(latest)]
        matrix = [{"area": a["area"], "ranks": ranks[a["area"]]} for a in latest]
        return self.page(f"{self.title}各地区排名（截至{_month_cn(self.as_of)}）", 0, rows=rows, matrix=matrix,
                         months=year.labels, statuses=[{"status": s, "label": LABELS[s]} for s in KEYS],
                         rule=status_view.RANK_RULE)


def areas_by_month(year: trends.YearSoFar) -> dict[str, dict[str, dict[str, dict]]]:
    """Each month's areas: month → indicator id → area → its row (value, rate, status, label, note)."""
    out: dict[str, dict[str, dict[str, dict]]] = {}
    for month, evaluation in zip(year.months, year.evaluations):
        per: dict[str, dict[str, dict]] = {}
        areas = evaluation.areas
        if areas is not None and len(areas):
            cols = ["id", "area", "value", "rate", "status", "label", "note"]
            for i, area, value, rate, status, label, note in zip(*(areas[c].tolist() for c in cols)):
                per.setdefault(i, {})[area] = {"value": value, "rate": rate, "status": status, "label": label,
                                               "note": note}
        out[month] = per
    return out


def _counts(year: trends.YearSoFar, paced: bool = True) -> tuple[list[tuple[str, str]], list[list[Optional[int]]], list[str],
                                             list[list[int]]]:
    """The index's counts (docs/site.md): each month's indicators counted under their labels as the
    report's summary counts them (core.statuses.counted_as: 未完成 apart from 严重滞后, 超额完成 as
    已完成), in the year's columns (core.statuses.count_columns over every month), ``None`` where a
    column is not that month's (December: 未完成 3, no 严重滞后); then the statuses counted apart
    (no verdict counts them) that occur, and their counts."""
    status, label = year.grid("status"), year.grid("label")
    judged = set(KEYS)
    words = [[counted_as(s, w) if s in judged else None for s, w in zip(status[:, k].tolist(), label[:, k].tolist())]
             for k in range(len(year.months))]
    columns = count_columns([w for month in words for w in month if w is not None], paced)
    counts = []
    for month in words:
        present = set(count_columns([w for w in month if w is not None], paced))
        counts.append([month.count(w) if (s, w) in present else None for s, w in columns])
    seen = set(status.ravel().tolist())
    apart = [s for s in APART if s in seen] + sorted(seen - judged - set(APART))
    apart_counts = [[status[:, k].tolist().count(s) for s in apart] for k in range(len(year.months))]
    return columns, counts, apart, apart_counts


def _css(status: str) -> str:
    """A status's class in the pages (``st-lagging``); a status not in the table gets ``st-`` and its key."""
    known = BY_KEY.get(status)
    return known.css if known is not None else f"st-{status}"


def _label(status: str) -> str:
    return LABELS.get(status, status)


def _number(v) -> Optional[float]:
    if v is None:
        return None
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x


def _value(spec, ind, v) -> str:
    v = _number(v)
    return "—" if v is None else spec.value_text(ind, v)


def _month_cn(month: str) -> str:
    return f"{month[:4]}年{month_number(month)}月"
