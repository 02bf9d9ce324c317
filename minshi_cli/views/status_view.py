"""What ``minshi status`` shows, as plain data built from an :class:`Evaluation`."""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

from minshi_cli.core.assess import VERDICT_CN, VERDICT_PENDING, VERDICT_WHEN, Assessment, verdicts_given
from minshi_cli.views import formatting as fmt
from minshi_cli.views import tables
from minshi_cli.views.kind_wording import wording
from minshi_cli.views.wording import verdict_labels
from minshi_cli.core.kinds import KINDS
from minshi_cli.core.model import Registry
from minshi_cli.core.rules import Evaluation
from minshi_cli.core.statuses import (COUNTED_APART, KEYS, LABELS, SHORTFALL, count_columns, counted_as, labels,
                                     shown_keys)

PROGRESS_HEADER = "时序进度"
TABLE_HEADERS = ["序号", "项目", "指标", "目标", "累计完成", "完成率", PROGRESS_HEADER, "状态", "责任单位"]
AREA_HEADERS = ["名次", "地区", "指标数"] + [LABELS[s] for s in KEYS] + ["平均完成率"]
#: what counts against an area in the ranking (docs/areas.md)
#: how the terminal table narrows to fit (``--wide`` shows it whole), the least needed first:
#: the project (each indicator's own name says it), the time progress (the title says it; a
#: standard has none), long names shortened, then the figures a reader can look up
TABLE_NARROWING = [(tables.DROP, "项目", 0), (tables.DROP, "时序进度", 0), (tables.SHORTEN, "指标", 24),
                   (tables.SHORTEN, "责任单位", 12), (tables.SHORTEN, "指标", 16), (tables.DROP, "目标", 0),
                   (tables.SHORTEN, "责任单位", 8), (tables.SHORTEN, "指标", 10), (tables.DROP, "累计完成", 0),
                   (tables.DROP, "责任单位", 0)]
UNIT_NARROWING = [(tables.DROP, "指标数", 0), (tables.SHORTEN, "责任单位", 16), (tables.SHORTEN, "责任单位", 12),
                  (tables.SHORTEN, "责任单位", 8)]


def select(evaluation: Evaluation, level: Optional[str] = None, unit: Optional[str] = None) -> Evaluation:
    """The evaluation restricted to a level and/or a main responsible unit. Its counts keep the
    columns of the whole's (``counted_apart``): at the year's end 未完成 whatever the level."""
    ind, proj = evaluation.indicators, evaluation.projects
    whole = {counted_as(s, label) for s, label in zip(ind["status"].tolist(), ind["label"].tolist())}
    counted_apart = tuple(w for w in COUNTED_APART if w in whole or w in evaluation.counted_apart)
    if level:
        ind, proj = ind[ind["level"] == level], proj[proj["level"] == level]
    if unit:
        ind, proj = ind[ind["responsible_unit"] == unit], proj[proj["responsible_unit"] == unit]
    areas = evaluation.areas
    if areas is not None and (level or unit):
        areas = areas[areas["id"].isin(ind["id"])]
    history = evaluation.history
    if history is not None:
        history = history[evaluation.indicators.index.get_indexer(ind.index)]
    return replace(evaluation, indicators=ind, projects=proj, areas=areas, history=history, counted_apart=counted_apart)


def title(evaluation: Evaluation, registry: Registry) -> str:
    if not registry.paced:  # completion only: no time progress anywhere
        return f"{registry.year}年{registry.title}进度（截至 {evaluation.as_of}）"
    return (f"{registry.year}年{registry.title}进度（截至 {evaluation.as_of}，"
            f"时序进度 {fmt.percent(evaluation.time_progress)}）")


def table_headers(registry: Registry) -> list[str]:
    """:data:`TABLE_HEADERS`, without 时序进度 where the registry compares completion only."""
    return TABLE_HEADERS if registry.paced else [h for h in TABLE_HEADERS if h != PROGRESS_HEADER]


def unit_columns(evaluation: Evaluation, paced: bool = True) -> list[tuple[str, str]]:
    """The unit table's count columns (status, word), as the summary line counts (core.statuses.
    count_columns): each status under its own word, the labels counted apart that occur beside it
    (未完成 after 严重滞后) or in its place where only they occur (December: 未完成, no 严重滞后), and a
    column for each status counted apart that the registry gives (zeros too, as core.statuses.shown_keys)."""
    own = labels(paced)
    words = [own[s] for s in evaluation.apart] + list(evaluation.counted_apart)
    words += [counted_as(s, label) for s, label in zip(evaluation.indicators["status"].tolist(),
                                                        evaluation.indicators["label"].tolist())]
    return count_columns(words, paced)


def unit_headers(columns: list[tuple[str, str]]) -> list[str]:
    """The unit table's headers for its count ``columns`` (:func:`unit_columns`)."""
    return ["责任单位", "指标数"] + [word for _, word in columns] + ["年度评优"]


def area_headers(registry: Registry) -> list[str]:
    return ["名次", "地区", "指标数"] + [labels(registry.paced)[s] for s in KEYS] + ["平均完成率"]


def shown_figures(r, indicator, tolerance: float) -> fmt.Figures:
    """Rate and planned progress as shown for one evaluated indicator: the planned share q only
    where the kind has one, so that what is shown agrees with the status."""
    planned = None if r.planned != r.planned else float(r.planned)  # NaN: no planned share
    return fmt.figures(r.rate, planned, tolerance)


def value_text(r, indicator) -> str:
    """The figure in the indicator's own terms, marked where it is carried from an earlier month."""
    shown = wording(indicator).value_text(indicator, r.value)
    if r.carried_from:
        shown += f"（沿用{int(r.carried_from[5:7])}月数据）"
    return shown


def table_rows(evaluation: Evaluation, registry: Registry) -> list[list[str]]:
    """One row per indicator; kinds without a planned share have no 时序进度."""
    rows = []
    for r in tables.records(evaluation.indicators):
        indicator = registry.indicator(r.id)
        shown = shown_figures(r, indicator, registry.lag_tolerance)
        progress = shown.progress
        if r.planned == r.planned and abs(r.planned - evaluation.time_progress) > 1e-9:
            progress = f"计划{progress}"
        rows.append([r.id, r.project_name, r.name, wording(indicator).target_text(indicator), value_text(r, indicator),
                     shown.rate] + [progress] * registry.paced + [r.label, r.responsible_unit])
    return rows


def area_records(evaluation: Evaluation, registry: Registry) -> dict[str, list[dict]]:
    """Each split indicator's areas as docs/areas.md gives them: {"area", "target", "value", "rate", "status"}."""
    out: dict[str, list[dict]] = {}
    areas = evaluation.areas
    if areas is None or areas.empty:
        return out
    for r in tables.records(areas):
        indicator = registry.indicator(r.id)
        words = wording(indicator)
        target = fmt.json_number(r.target) if KINDS[indicator.kind].area_targets else words.json_target(indicator)
        out.setdefault(r.id, []).append({
            "area": r.area, "target": target, "value": words.json_value(indicator, r.value),
            "rate": fmt.json_number(r.rate), "status": r.status})
    return out


def indicator_records(evaluation: Evaluation, registry: Registry) -> list[dict]:
    """docs/json.md, docs/kinds.md and docs/areas.md indicator objects."""
    out = []
    by_area = area_records(evaluation, registry)
    cadence = registry.sets_cadence  # each indicator's cadence, where the registry sets one anywhere
    for r in tables.records(evaluation.indicators):
        indicator = registry.indicator(r.id)
        spec = KINDS[indicator.kind]
        words = wording(indicator)
        out.append({
            "id": r.id, "project": int(r.project), "project_name": r.project_name, "name": r.name,
            "level": r.level, "kind": r.kind, "target": words.json_target(indicator), "unit": words.json_unit(indicator),
            "value": words.json_value(indicator, r.value), "delta": fmt.json_number(r.delta),
            "rate": fmt.json_number(r.rate), "status": r.status, "label": r.label,
            "responsible_unit": r.responsible_unit, "lead": r.lead or None, "due": r.due if spec.has_due else None,
            "planned": fmt.json_number(r.planned), "self_assessed": bool(spec.self_assessed and r.value == r.value),
            "carried_from": r.carried_from, "stage": r.stage, "stages": int(r.stages) if r.stages else None,
            "lag_months": int(r.lag_months),
            "areas": by_area.get(r.id, []), "areas_missing": int(r.areas_missing),
            "action": registry.action_for(int(r.lag_months)),
            "reported": words.json_value(indicator, r.reported),
            "certified": words.json_value(indicator, r.certified),
            **({"cadence": registry.cadence_of(indicator)} if cadence else {}),
        })
    return out


def as_json(evaluation: Evaluation, registry: Registry, funds=None) -> dict:
    return {
        "as_of": evaluation.as_of,
        **({} if registry.paced else {"pace": registry.pace}),  # only where the registry sets none
        "time_progress": evaluation.time_progress if registry.paced else None,
        "summary": evaluation.summary(),
        "indicators": indicator_records(evaluation, registry),
        "projects": [{"seq": int(r.seq), "name": r.name, "level": r.level, "status": r.status,
                      "funds": _funds_json(funds, int(r.seq))}
                     for r in tables.records(evaluation.projects)],
    }


def _funds_json(funds, seq: int) -> Optional[dict]:
    """docs/assessment.md: ``{"budget", "disbursed", "rate", "progress"}`` for a funded project, else null."""
    if funds is None or seq not in funds.index:
        return None
    row = funds.loc[seq]
    return {"budget": fmt.json_number(row["budget"]), "disbursed": fmt.json_number(row["disbursed"]),
            "rate": fmt.json_number(row["rate"]), "progress": fmt.json_number(row["progress"])}


def by_unit(evaluation: Evaluation, assessment: Assessment) -> list[dict]:
    """One entry per main responsible unit, in registry order, with its counts by status and Part
    one's two year-end fields, both from the assessment's one rule (core.assess): at the final
    month a unit with an indicator reported but unfinished may not be rated 优秀
    (``excellence_barred``); a unit with an indicator unreported is asked to report before it can
    be judged (``unreported_at_final``).  ``verdict`` is the assessment's (for the table only)."""
    ind = evaluation.indicators
    judged = {u.unit: u for u in assessment.units}
    units = []
    for unit, group in ind.groupby("responsible_unit", sort=False):
        counts = group["status"].value_counts()
        entry = {"unit": unit, "indicators": int(len(group))}
        entry.update({s: int(counts.get(s, 0)) for s in shown_keys(evaluation.apart)})
        # the table's counts by the word each indicator is counted under (未完成 apart); not in JSON
        words = [counted_as(s, label) for s, label in zip(group["status"].tolist(), group["label"].tolist())]
        entry["counted"] = {w: words.count(w) for w in set(words)}
        verdict = judged[unit].verdict if unit in judged else None  # None: only items not judged
        entry["excellence_barred"] = bool(evaluation.final and verdict == "barred")
        entry["unreported_at_final"] = bool(evaluation.final and unit in judged and judged[unit].missing > 0)
        entry["verdict"] = verdict
        units.append(entry)
    return units


def by_area(evaluation: Evaluation, registry: Registry) -> list[dict]:
    """One entry per area of the registry, in rank order (docs/areas.md): fewer lagging + behind +
    missing first, then the higher ``mean_rate`` (the mean of min(r, 1) over the area's indicators
    of a kind ranked by rate — cumulative —, a missing one counting 0; null when it has none, placed
    last), then the registry's order of areas.  Ranks are positions: 1, 2, 3 …, never shared."""
    import numpy as np
    import pandas as pd

    from minshi_cli.core import kinds

    areas = evaluation.areas if evaluation.areas is not None else pd.DataFrame(columns=["id", "area", "status", "rate"])
    # items not judged against a task (ongoing) take no part in the ranking
    areas = areas[kinds.flags(np.array([registry.indicator(i).kind for i in areas["id"].tolist()], dtype=object),
                              "judged")]
    names = list(registry.areas)
    counts = pd.crosstab(areas["area"], areas["status"]).reindex(index=names, columns=list(KEYS), fill_value=0)
    kind = np.array([registry.indicator(i).kind for i in areas["id"].tolist()], dtype=object)
    ranked = areas[kinds.flags(kind, "ranks_by_rate")]
    credit = np.minimum(ranked["rate"].to_numpy(dtype=float), 1.0)
    credit = np.where(np.isnan(credit), 0.0, credit)
    mean = pd.Series(credit, index=ranked.index).groupby(ranked["area"]).mean()
    entries = []
    for k, name in enumerate(names):
        row = counts.loc[name]
        entry = {"area": name, "rank": 0, "indicators": int(row.sum())}
        entry.update({s: int(row[s]) for s in KEYS})
        entry["mean_rate"] = fmt.json_number(float(mean[name])) if name in mean.index else None
        entries.append((sum(entry[s] for s in SHORTFALL), entry["mean_rate"] is None,
                        -(entry["mean_rate"] or 0.0), k, entry))
    ordered = [e[-1] for e in sorted(entries, key=lambda e: e[:4])]
    for position, entry in enumerate(ordered, start=1):
        entry["rank"] = position
    return ordered


def area_rows(areas: list[dict]) -> list[list]:
    return [[a["rank"], a["area"], a["indicators"]] + [a[s] for s in KEYS]
            + [fmt.percent(a["mean_rate"]) if a["mean_rate"] is not None else "—"] for a in areas]


def unit_rows(units: list[dict], final: bool, columns: list[tuple[str, str]],
              labels: dict[str, str] = VERDICT_CN) -> list[list]:
    rows = []
    for u in units:
        if not final:
            verdict = "—"
        else:
            verdict = "" if u["verdict"] in ("passed", None) else labels[u["verdict"]]
        rows.append([u["unit"], u["indicators"]] + [u["counted"].get(word, 0) for _, word in columns] + [verdict])
    return rows


def json_text(view: Evaluation, *, by: str, registry: Registry, assessment: Optional[Assessment] = None,
              funds=None, **_) -> str:
    """``status --format json`` (``assessment``: the units judged, for ``by="unit"``; ``funds``: the
    funded projects' standing, core.funds.standing)."""
    if by == "area":
        doc = {"as_of": view.as_of, "areas": by_area(view, registry)}
    else:
        doc = _units_json(view, assessment) if by == "unit" else as_json(view, registry, funds)
    return tables.json_text(doc) + "\n"


def csv_text(view: Evaluation, *, by: str, registry: Registry, assessment: Optional[Assessment] = None, **_) -> str:
    """``status --format csv``: the form for Excel (docs/office.md): the table as shown; JSON is the machine form."""
    if by == "area":
        return tables.excel_csv(area_headers(registry), area_rows(by_area(view, registry)))
    if by == "unit":
        columns = unit_columns(view, registry.paced)
        return tables.excel_csv(unit_headers(columns), unit_rows(by_unit(view, assessment), view.final, columns,
                                                                 verdict_labels(registry)))
    return tables.excel_csv(table_headers(registry), table_rows(view, registry))


def table_text(view: Evaluation, *, width: Optional[int] = None, **options) -> str:
    """``status`` on the terminal; ``width``: the terminal's columns, which the table drops and
    shortens columns to fit (None: all columns)."""
    if width is None:
        return _drawn(view, tables.terminal, **options)
    return _drawn(view, lambda headers, rows: _narrowed(headers, rows, width), **options)


def markdown_text(view: Evaluation, **options) -> str:
    """``status --format markdown``."""
    options.pop("width", None)
    return _drawn(view, tables.markdown, heading_mark="## ", **options)


def _drawn(view: Evaluation, draw, *, by: str, registry: Registry, has_file: bool,
           filters: tuple[Optional[str], Optional[str]], assessment: Optional[Assessment] = None,
           heading_mark: str = "", certifying: bool = False, certifier: str = "统计部门", **_) -> str:
    """The title, the notes and the table drawn by ``draw`` (terminal or Markdown)."""
    heading = title(view, registry)
    notes = [] if has_file else [f"注意：{view.as_of} 没有进度文件，各指标均按未报送计"]
    if by == "unit":
        heading += "——按主要责任单位" + ("（年度终了）" if view.final else "")
        notes += _year_end_rule(view, registry, certifying, certifier)
    elif by == "area":
        heading += "——分地区排名"
    if view.indicators.empty:
        body = f"没有符合条件的指标（{_filter_label(registry, *filters)}）"
    elif by == "unit":
        columns = unit_columns(view, registry.paced)
        body = draw(unit_headers(columns),
                    unit_rows(by_unit(view, assessment), view.final, columns, verdict_labels(registry)))
    elif by == "area":
        body = f"{draw(area_headers(registry), area_rows(by_area(view, registry)))}\n\n{RANK_RULE}"
    else:
        body = (f"{draw(table_headers(registry), table_rows(view, registry))}\n\n"
                f"{fmt.summary_line(view.indicators['status'].tolist(), view.indicators['label'].tolist(), registry.paced, view.counted_apart)}")
    return "\n\n".join([heading_mark + heading, *notes, body]) + "\n"


RANK_RULE = ("排名规则：滞后、严重滞后、未报送的指标合计少者在前；相同时平均完成率（各累计类指标完成率，超过100%按100%计，"
             "未报送按0计）高者在前，没有累计类指标的排在后面；仍相同时按登记表中地区的顺序。")


def _narrowed(headers: list[str], rows: list[list], width: int) -> str:
    plan = UNIT_NARROWING if headers[0] == "责任单位" else TABLE_NARROWING
    table, dropped, shortened = tables.fitted(headers, rows, width, plan)
    said = ([f"省略{'、'.join(dropped)}"] if dropped else []) + ([f"缩短{'、'.join(shortened)}"] if shortened else [])
    if not said:
        return table
    return f"{table}\n\n（为适应 {width} 列宽的终端，{'，'.join(said)}；--wide 显示全部列）"


def _filter_label(registry: Registry, level: Optional[str], unit: Optional[str]) -> str:
    parts = ([f"{registry.level_names[level]}项目"] if level else []) + ([f"主要责任单位为{unit}"] if unit else [])
    return "，".join(parts) or "全部指标"


def _year_end_rule(view: Evaluation, registry: Registry, certifying: bool = False,
                   certifier: str = "统计部门") -> list[str]:
    """At the year's end, the rule under the heading, in lines of at most 100 display columns
    (a terminal's usual width; CJK counts 2): the registry's own consequence where it words one,
    then each pending verdict the rule can give here (待补报; 待认定 where the data folder certifies,
    ``certifier`` the 认定单位), in the words core.assess declares."""
    if not view.final:
        return []
    labels = verdict_labels(registry)
    first = (f"已报送指标未完成的单位，年度综合绩效考评{labels['barred']}" if registry.default_consequence
             else f"已报送指标未完成的单位：{labels['barred']}")
    pending = [f"{VERDICT_WHEN[v].format(certifier=certifier)}的单位{labels[v]}，{VERDICT_PENDING[v]}"
               for v in verdicts_given(certifying) if v in VERDICT_PENDING]
    return ["；\n".join([first, *pending]) + "。"]


def _units_json(view: Evaluation, assessment: Assessment) -> dict:
    units = [{k: v for k, v in u.items() if k not in ("verdict", "counted")} for u in by_unit(view, assessment)]
    return {"as_of": view.as_of, "time_progress": view.time_progress, "final": view.final, "units": units}

