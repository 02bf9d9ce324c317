"""The monthly dispatch report (调度通报) as plain data for the templates.

``build_context`` turns a :class:`Year` and its :class:`Evaluation` for one month into a
dict of strings, booleans, lists and dicts: every number is already written for people (through
:mod:`minshi_cli.views.formatting`), every difference already computed, so a template only lays the
text out and an office can rewrite a template without doing arithmetic in Jinja.
"""

from __future__ import annotations

import math
import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path, PurePosixPath
from typing import Mapping, Optional, Sequence

from minshi_cli.views import formatting as fmt
from minshi_cli.core.assess import assess
from minshi_cli.views import status_view, wording
from minshi_cli.views.kind_wording import WORDING, wording as kind_words
from minshi_cli.views.wording import programme_noun  # noqa: F401 (the report's own name for it)
from minshi_cli.views.tables import records
from minshi_cli.core.dataset import Dataset, unused_words
from minshi_cli.core.year import Year
from minshi_cli.core.months import month_number, span_label
from minshi_cli.core.paths import command
from minshi_cli.core.problems import MinshiError, Problem, UsageProblem
from minshi_cli.core import kinds
from minshi_cli.core.model import QUARTERLY, Registry
from minshi_cli.core.rules import EPSILON, Evaluation
from minshi_cli.core.statuses import (COUNTED_APART, KEYS, LABELS, MISSING, SHORTFALL, STATUSES, URGED,
                                      count_columns, counted_as)
from minshi_cli.core.statuses import labels as status_labels

#: the order the lagging items are listed in: the worst first
CN_ORDINALS = "一二三四五六七八九十"
#: SOURCE_DATE_EPOCH is seconds since 1970 UTC; the report is read in China (UTC+8, no DST)
CHINA_TIME = timezone(timedelta(hours=8))


class MonthNotReported(MinshiError):
    """The month asked for has no progress file: nothing to report on."""

    exit_code = 1


def require_month(data: Dataset, month: str) -> None:
    """Refuse a month that has no progress file (a report of all-未报送 helps nobody)."""
    if not data.has_month(month):
        raise MonthNotReported(
            f"{month} 没有进度文件：数据文件夹的 progress/ 中既没有 {month}.csv 或 {month}.xlsx，也没有放着进度文件（CSV 或 Excel 工作簿）的 {month}/ 文件夹；"
            f"请先收齐各单位 {month_number(month)} 月的进度再生成调度通报")


def report_time(given: Optional[datetime], environ: Mapping[str, str] = os.environ) -> datetime:
    """When the report says it was generated: ``--generated-at``/``MINSHI_GENERATED_AT`` (already
    parsed into ``given``), else ``SOURCE_DATE_EPOCH`` (shown in China time), else now."""
    if given is not None:
        return given
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise UsageProblem(f"环境变量 SOURCE_DATE_EPOCH 应为自 1970-01-01 起的秒数（整数），现为「{epoch}」")
        try:
            return datetime.fromtimestamp(int(epoch), CHINA_TIME)
        except (OverflowError, OSError, ValueError):  # beyond the year 9999 (or the platform's time_t)
            raise UsageProblem(f"环境变量 SOURCE_DATE_EPOCH 的值「{epoch}」超出可表示的时间范围（9999 年以前）："
                               f"应为自 1970-01-01 起的秒数，如 1562288400（2019-07-05 09:00 北京时间）") from None
    return datetime.now()


def time_label(when: datetime) -> str:
    return f"{when.year}年{when.month}月{when.day}日 {when:%H:%M}"


def build_context(of: Year, evaluation: Evaluation, generated_at: datetime,
                  invalid: Sequence[Problem] = (), number: str = "", issued: Optional[date] = None,
                  named_areas: Optional[int] = None) -> dict:
    """The report of ``of`` (the year, :class:`minshi_cli.core.year.Year`) as of ``evaluation``'s
    month (``of.as_of(month)``).  ``invalid``: errors whose rows were left out of ``evaluation``
    (``report --skip-invalid``), listed in the appendix 数据有误未采用.  ``number`` (期号, 第7期)
    and ``issued`` (the issue date) are shown in the header when given.  ``named_areas``: at most
    this many areas named per item (an indicator's lagging areas and their notes, an area's items),
    the rest counted (``等40个地区``): ``minshi site``'s month pages, whose indicator and area pages
    list them all."""
    data = of.data
    registry = data.registry
    ind = evaluation.indicators
    year = registry.year
    month_no = evaluation.month_no
    p = evaluation.time_progress
    shown_p = fmt.percent(p)
    names = status_labels(registry.paced)  # 推进中 for on_track where the registry compares completion only

    counts_per_project = ind["project"].value_counts().to_dict()
    span = span_label(evaluation.as_of, quarterly=registry.cadence == QUARTERLY)
    rows = [_indicator(r, registry, p, counts_per_project[r.project] > 1, span, month_no) for r in records(ind)]
    # the statistics bureau's figures (docs/assessment.md): in the final month, a figure not yet certified is marked
    uncertified_marks = evaluation.final and data.certifying
    for row, r in zip(rows, records(ind)):
        row["action"] = registry.action_for(int(r.lag_months)) or ""
        row["uncertified"] = bool(uncertified_marks and r.value == r.value and not r.figure_certified)
        if row["uncertified"]:
            row["value"] += "（待认定）"
    by_project: dict[int, list[dict]] = {}
    for row in rows:
        by_project.setdefault(row["project"], []).append(row)

    project_status = dict(zip(evaluation.projects["seq"].astype(int), evaluation.projects["status"]))
    # counted by label (core.statuses.counted_as): 未完成 apart from 严重滞后, 超额完成 as 已完成;
    # a project under its worst indicators' word
    counted = {id(r): counted_as(r["status"], r["status_label"]) for r in rows}
    project_word = {seq: _project_word(status, [counted[id(r)] for r in by_project.get(seq, []) if r["status"] == status])
                    for seq, status in project_status.items()}
    columns = count_columns(list(counted.values()), registry.paced)
    levels = []
    for key, name in registry.levels:
        projects = [pr for pr in registry.projects if pr.level == key]
        if not projects:
            continue
        level_rows = [r for pr in projects for r in by_project.get(pr.seq, [])]
        words = [project_word[pr.seq] for pr in projects]
        levels.append({
            "key": key,
            "name": name,
            "heading": wording.level_heading(name, programme_noun(registry.title)),
            "ordinal": CN_ORDINALS[len(levels)],
            "projects_count": str(len(projects)),
            "indicators_count": str(len(level_rows)),
            "counts": _counts([counted[id(r)] for r in level_rows], columns),
            "indicator_phrase": _phrase([counted[id(r)] for r in level_rows], "项", registry.paced),
            "project_phrase": _phrase(words, "件", registry.paced),
            "projects": [_project(pr, by_project.get(pr.seq, []), project_status[pr.seq], names) for pr in projects],
        })

    urged = []
    for status in URGED:
        items = [r for r in rows if r["status"] == status]
        if items:
            labels = {i["status_label"] for i in items}
            label = labels.pop() if len(labels) == 1 else names[status]  # 未完成 when all are past due
            urged.append({"status": status, "label": label, "ordinal": CN_ORDINALS[len(urged)],
                          "count": str(len(items)), "entries": items})
    for n, item in enumerate((i for group in urged for i in group["entries"]), start=1):
        item["urge_no"] = str(n)
    missing = [r for r in rows if r["status"] == MISSING]
    # the year-end verdicts come from the one rule in core.assess (as `minshi assess` and `status --by unit`)
    judged = assess(registry, evaluation, data.certifying)
    year_end_columns = status_view.unit_columns(evaluation, registry.paced)  # counted as the summary is
    final = evaluation.final
    barred_units = judged.with_verdict("barred") if final else []
    unreported_units = [u.unit for u in judged.units if u.missing] if final else []
    items = _area_items(evaluation, registry)
    areas = _areas_section(evaluation, registry, items, named_areas) if registry.areas else {}
    behind_by_id = _areas_behind(items, named_areas)
    notes_by_id = _area_notes(items, named_areas)
    for r in rows:
        r["areas_behind"] = behind_by_id.get(r["id"], "")
        if r["id"] in notes_by_id and not r["note"]:  # an indicator reported per area: the areas' accounts
            r["note"] = notes_by_id[r["id"]]
            r["note_sentence"] = _sentence(r["note"])
    # section numbers: 各地区进度 comes after the tables where the registry has areas
    certification = _certification(evaluation, registry, rows, data.certified) if data.certifying else {}
    if certification and certification["certified_count"] == "0" and not certification["uncertified"]:
        certification = {}  # nothing certified this month, nothing to mark: no section
    disbursement = _funds(of, evaluation, registry)
    chapters = (["areas"] * bool(areas) + ["urging", "unreported"] + ["certification"] * bool(certification)
                + ["funds"] * bool(disbursement))
    sections = {name: CN_ORDINALS[2 + k] for k, name in enumerate(chapters)}

    folder = PurePosixPath(registry.path).parent  # the data folder, as the person gave it
    month_folders = {PurePosixPath(s.folder.as_posix()) for s in data.sources if s.folder is not None}
    sources = [in_folder(registry.path, folder)] + folded_sources(
        [t.file for t in data.tables + data.other_tables if t.month <= evaluation.as_of], month_folders, folder)
    long_notes = _clip_notes(rows)
    used = {r["status"] for r in rows} | set(project_status.values())  # statuses counted apart styled only where used
    return {
        "year": str(year),
        "month": evaluation.as_of,
        "month_no": str(month_no),
        "span": span,
        "title": f"{year}年{registry.title}{registry.document}（{span}）",
        "programme": registry.title,
        "programme_noun": programme_noun(registry.title),
        "office": registry.office,
        "has_lead": any(pr.lead for pr in registry.projects),
        "has_persons": any(pr.persons for pr in registry.projects),
        "notice": registry.notice,
        "basis": wording.basis(registry.notice, programme_noun(registry.title)),
        "year_end_sentence": wording.year_end_sentence(registry),
        "as_of_label": f"{year}年{month_no}月底",
        "time_progress": shown_p if registry.paced else "",
        # compared with the time elapsed (rules.pace: time): the 时序进度 column, wording and marks
        "paced": registry.paced,
        "subtitle": f"（截至{year}年{month_no}月底，时序进度{shown_p}）" if registry.paced else f"（截至{year}年{month_no}月底）",
        "as_of_phrase": f"截至{year}年{month_no}月底（时序进度{shown_p}）" if registry.paced else f"截至{year}年{month_no}月底",
        "final": evaluation.final,
        "summary": {
            "projects_count": str(len(registry.projects)),
            "indicators_count": str(len(rows)),
            "counts": _counts(list(counted.values()), columns),
            "indicator_phrase": _phrase(list(counted.values()), "项", registry.paced),
            "project_phrase": _phrase(list(project_word.values()), "件", registry.paced),
        },
        "levels": levels,
        "rules": {
            "tolerance": f"{fmt.number(registry.lag_tolerance * 100)}个百分点",
            "final_month": f"{month_number(registry.final_month)}月",
            "note": rules_note(registry, span),
        },
        "areas": areas,
        "sections": sections,
        "escalation_summary": _escalation_summary(rows, registry),
        "certification": certification,
        "funds": disbursement,
        "urged": urged,
        "urged_count": str(sum(len(g["entries"]) for g in urged)),
        "missing": missing,
        "missing_count": str(len(missing)),
        "missing_units": "、".join(dict.fromkeys(r["unit"] for r in missing)),
        # the notice: a unit whose task is unfinished at the year's end may not be rated 优秀;
        # a unit that did not report cannot be judged either way and is asked to report
        "unfinished_units": "、".join(barred_units),
        # 年度考核 (the Excel report's sheet): each main responsible unit's indicators by status and its
        # verdict, as `status --by unit` shows them at the year's end; empty before it
        "year_end": {"headers": status_view.unit_headers(year_end_columns),
                     "rows": [[str(c) for c in row]
                              for row in status_view.unit_rows(status_view.by_unit(evaluation, judged), True,
                                                               year_end_columns)]}
        if final else {},
        "unreported_units": "、".join(unreported_units),
        "sources": sources,
        "generated_at": time_label(generated_at),
        "data_folder": folder.as_posix(),
        "check_command": command(Path(folder), "check"),  # the suggested command, with --data where given
        "number": number.strip(),
        "issue_date": f"{issued.year}年{issued.month}月{issued.day}日" if issued else "",
        "long_notes": long_notes,
        "invalid": [{"place": _place(p, folder), "reason": p.message} for p in invalid],
        "invalid_count": str(len(invalid)),
        "invalid_unused": unused_words(invalid),
        # each status's colour and badge style (the HTML report's CSS), best first
        "status_styles": [{"status": s.key, "css": s.css, "colour": s.colour, "badge": s.badge, "fill": s.fill}
                          for s in STATUSES if not s.apart or s.key in used],
    }


def _area_items(evaluation: Evaluation, registry: Registry):
    """The areas' rows that are lagging, behind or not reported, each with its wording
    (``严重滞后，400人，完成率21.1%``), worded once for both places the report uses it."""
    import pandas as pd

    areas = evaluation.areas
    if areas is None or areas.empty:
        return pd.DataFrame(columns=["id", "area", "status", "note", "item"])
    shortfall = areas[areas["status"].isin(SHORTFALL)]
    words = []
    for i, label, value, rate in zip(shortfall["id"].tolist(), shortfall["label"].tolist(),
                                     shortfall["value"].tolist(), shortfall["rate"].tolist()):
        indicator = registry.indicator(i)
        spec = kinds.KINDS[indicator.kind]
        parts = [label]
        if value == value:
            parts.append(kind_words(indicator).value_text(indicator, value))
        if rate == rate and spec.has_plan:
            parts.append(f"完成率{fmt.percent(rate)}")
        words.append("，".join(parts))
    return shortfall.assign(item=words)


def _listed(entries: list[str], limit: Optional[int], sep: str, rest: str) -> str:
    """``entries`` joined; beyond ``limit`` of them, the first ``limit`` and ``等{n}{rest}``."""
    if limit is None or len(entries) <= limit:
        return sep.join(entries)
    return f"{sep.join(entries[:limit])}等{len(entries)}{rest}"


def _area_notes(items, limit: Optional[int] = None) -> dict[str, str]:
    """The notes of the areas lagging or behind, per indicator (``丹棱县：县内企业减员``)."""
    hit = items[items["status"].isin(URGED) & items["note"].ne("")]
    out: dict[str, list[str]] = {}
    for i, area, note in zip(hit["id"].tolist(), hit["area"].tolist(), hit["note"].tolist()):
        out.setdefault(i, []).append(f"{area}：{note}")
    return {i: _listed(n, limit, "；", "个地区的说明") for i, n in out.items()}


def _areas_behind(items, limit: Optional[int] = None) -> dict[str, str]:
    """For each indicator reported per area: its areas lagging or behind, the worst first
    (``丹棱县（严重滞后，400人，完成率21.1%）、彭山区（滞后，…）``)."""
    out: dict[str, list[str]] = {}
    order = {s: k for k, s in enumerate(URGED)}
    lagging = items[items["status"].isin(URGED)]
    lagging = lagging.assign(order=lagging["status"].map(order)).sort_values(["id", "order"], kind="stable")
    for i, area, item in zip(lagging["id"].tolist(), lagging["area"].tolist(), lagging["item"].tolist()):
        out.setdefault(i, []).append(f"{area}（{item}）")
    return {i: _listed(entries, limit, "、", "个地区") for i, entries in out.items()}


def _areas_section(evaluation: Evaluation, registry: Registry, items, limit: Optional[int] = None) -> dict:
    """各地区进度 (docs/areas.md): the ranking, the last places named, and each area's items that are
    lagging, behind or not reported."""
    ranking = status_view.by_area(evaluation, registry)
    rows = [dict(zip(["rank", "area", "indicators"] + list(KEYS) + ["mean_rate"], map(str, row)))
            for row in status_view.area_rows(ranking)]
    for row in rows:
        row["counts"] = [row[s] for s in KEYS]
    names = [a["area"] for a in ranking]
    last = ""
    if len(names) >= 3:
        last = f"排在末位的是{names[-1]}，倒数第二位是{names[-2]}。"
    elif names:
        last = f"排在末位的是{names[-1]}。"
    by_area: dict[str, list[str]] = {}
    for i, area, item in zip(items["id"].tolist(), items["area"].tolist(), items["item"].tolist()):
        by_area.setdefault(area, []).append(f"{registry.indicator(i).name}（{item}）")
    entries = [{"area": n, "text": _listed(by_area[n], limit, "、", "项")} for n in names if n in by_area]
    return {"rows": rows, "count": str(len(names)), "last": last, "entries": entries,
            "statuses": [{"status": s, "label": status_labels(registry.paced)[s]} for s in KEYS],
            "rule": status_view.RANK_RULE}


#: a note longer than this is clipped in the HTML tables (the full text goes to an appendix), so
#: one long note never stretches a table row across pages
NOTE_LIMIT = 80


def _clip_notes(rows: list[dict]) -> list[dict]:
    """Give each row ``note_brief`` (its note, clipped to :data:`NOTE_LIMIT` characters) and
    ``note_ref`` (注1, 注2 … where clipped); returns the appendix entries with the full text."""
    long_notes = []
    for row in rows:
        note = row["note"]
        if len(note) > NOTE_LIMIT:
            ref = f"注{len(long_notes) + 1}"
            row["note_brief"], row["note_ref"] = note[:NOTE_LIMIT].rstrip() + "…", ref
            long_notes.append({"ref": ref, "project_name": row["project_name"], "name": row["name"],
                               "unit": row["unit"], "text": note})
        else:
            row["note_brief"], row["note_ref"] = note, ""
    return long_notes


def folded_sources(files: list[str], month_folders: set[PurePosixPath], folder: PurePosixPath) -> list[str]:
    """The files read, relative to the data folder, a month folder's unit files folded into one
    entry: ``progress/2019-05.csv``, ``progress/2019-06/（3个文件）``."""
    shown: dict[str, int] = {}
    for file in files:
        parent = PurePosixPath(file).parent
        key = f"{in_folder(parent.as_posix(), folder)}/" if parent in month_folders else in_folder(file, folder)
        shown[key] = shown.get(key, 0) + 1
    return [f"{key}（{n}个文件）" if key.endswith("/") else key for key, n in shown.items()]


def in_folder(file: str, folder: PurePosixPath) -> str:
    """``data/progress/2019-06.csv`` as ``progress/2019-06.csv``: a path inside the data folder
    relative to it (a path elsewhere stays as given)."""
    path = PurePosixPath(file)
    return path.relative_to(folder).as_posix() if path.is_relative_to(folder) else file


def _place(problem: Problem, folder: PurePosixPath) -> str:
    where = in_folder(problem.file, folder)
    return f"{where}:{problem.line}" if problem.line else where


def _counts(words: list[str], columns: list[tuple[str, str]]) -> list[dict]:
    """Indicators by the word they are counted under, in ``columns`` (zeros included), best first."""
    return [{"status": s, "label": w, "count": str(words.count(w))} for s, w in columns]


def _phrase(words: list[str], measure: str, paced: bool = True) -> str:
    """``已完成4项、序时推进5项、滞后3项`` (words with none are left out)."""
    return "、".join(f"{w}{n}{measure}" for _, w in count_columns(words, paced) if (n := words.count(w)))


def _project_word(status: str, words: list[str]) -> str:
    """A project is counted under its worst indicators' word: 未完成 where one of them is labelled
    so, else its status's own word."""
    return next((w for w in words if w in COUNTED_APART), LABELS[status])


def _project(project, indicators: list[dict], status: str, names: Mapping[str, str] = LABELS) -> dict:
    return {
        "seq": str(project.seq),
        "name": project.name,
        "unit": project.unit,
        "lead": project.lead,
        "status": status,
        "status_label": names[status],
        "rowspan": str(max(len(indicators), 1)),
        "indicators": indicators,
    }


def _indicator(r, registry: Registry, p: float, several: bool, span: str, month_no: int) -> dict:
    indicator = registry.indicator(r.id)
    spec = kinds.KINDS[indicator.kind]
    words = kind_words(indicator)
    planned = None if r.planned != r.planned else float(r.planned)
    shown = status_view.shown_figures(r, indicator, registry.lag_tolerance)
    reported = r.value == r.value
    target = words.target_text(indicator)
    value = words.report_value(indicator, r.value)
    if r.carried_from:
        value += f"（沿用{int(r.carried_from[5:7])}月数据）"
    delta = "—"
    if spec.has_delta:
        delta = fmt.quantity(r.delta, r.unit)
        if reported and int(r.delta_since) < month_no:  # the latest earlier figure is older than last month
            delta += f"（{int(r.delta_since)}—{month_no}月）"
    row = {
        "id": r.id,
        "project": int(r.project),
        "project_name": r.project_name,
        "name": r.name,
        "kind": r.kind,
        # a project's second target is told apart by its indicator's name: 残疾人享受居家服务250人, 开工建设老年大学：12月底前开工
        "target": (f"{r.name}{target}" if spec.target_form == "number" else f"{r.name}：{target}") if several else target,
        "value": value,
        "delta": delta,
        "rate": shown.rate,
        # 计划进度 where the indicator's own schedule (due, plan) differs from the time progress
        "time_progress": ("—" if planned is None else
                          f"计划{shown.progress}" if abs(planned - p) > 1e-9 else shown.progress),
        "planned_differs": planned is not None and abs(planned - p) > 1e-9,
        "bar": _bar(r.rate) if reported and r.rate == r.rate else "0%",
        "has_rate": bool(words.has_rate),  # a progress bar only where the kind has a rate
        "mark": fmt.percent(planned) if planned is not None else "",
        "status": r.status,
        "status_label": r.label,
        "note": r.note,
        "reporter": r.reporter,
        "unit": r.responsible_unit,
        "lead": r.lead,
        "office_person": r.office_person,
        "unit_person": r.unit_person,
        "responsibility": _responsibility(r, registry.office),
        "persons_sentence": _persons(r, registry.office),
        "lag_months": str(int(r.lag_months)),
        "lag": _lag(r, words, month_no),
        "situation": _situation(r, indicator, value, shown, span, planned is not None and abs(planned - p) > 1e-9)
        if r.status in URGED else "",
        "note_sentence": _sentence(r.note),
    }
    return row


def _persons(r, office: str) -> str:
    """``责任人：隋颁材（区政府办）、李和平（区人社局）。`` — only the persons the registry names."""
    named = [f"{name}（{where}）" for name, where in ((r.office_person, office), (r.unit_person, r.responsible_unit))
             if name]
    return f"责任人：{'、'.join(named)}。" if named else ""


def _responsibility(r, office: str) -> str:
    """``牵头领导：徐平；责任人：…。`` for the lagging list (what the registry names)."""
    lead = f"牵头领导：{r.lead}" if r.lead else ""
    persons = _persons(r, office)
    if lead and persons:
        return f"{lead}；{persons}"
    return f"{lead}。" if lead else persons


#: the note under the tables where the registry compares completion only (rules.pace: none)
UNPACED_NOTE = ("注：只比较完成情况，不与时间进度比较：达到年度目标任务为“已完成”，完成期限（未另定的为{final}）前尚未完成为“推进中”，"
                "到期仍未完成为“未完成”。")
UNPACED_WORDS = "定性类指标以责任单位报送的状态为准（经统计部门认定前为单位自评）。"


def rules_note(registry: Registry, span: str) -> str:
    """The note under the progress tables: how each kind in the registry is judged."""
    present = {i.kind for i in registry.indicators}
    if not registry.paced:
        final = f"{month_number(registry.final_month)}月"
        words = [UNPACED_WORDS for key in present if not kinds.KINDS[key].follows_pace]
        return UNPACED_NOTE.format(final=final) + "".join(words[:1])
    tol = f"{fmt.number(registry.lag_tolerance * 100)}个百分点"
    final = f"{month_number(registry.final_month)}月"
    parts = []
    for key, words in WORDING.items():
        if key in present:
            parts.append(words.rule_sentence(span=span, tolerance=tol, final=final, grace=registry.milestone_grace))
    return "注：" + "".join(parts)


def _bar(rate: float) -> str:
    """The width of a progress bar: the rate clamped to 0–100%."""
    return fmt.percent(min(max(rate, 0.0), 1.0))


def _situation(r, indicator, value: str, shown: fmt.Figures, span: str, planned_differs: bool) -> str:
    """Where a lagging indicator stands and how far it is from where it should be."""
    due = f"{int(r.due[:4])}年{int(r.due[5:7])}月"
    if r.split and r.value != r.value:  # judged from its areas (docs/areas.md): no figure of its own
        return wording.judged_from_areas(len(indicator.areas), int(r.areas_missing))
    return kind_words(indicator).situation(indicator, r.value, value_text=value, span=span, rate=shown.rate,
                                        gap=shown.gap, planned_word="计划进度" if planned_differs else "时序进度",
                                        due=due, past_due=bool(r.past_due))


def _sentence(text: str) -> str:
    """A note as a sentence: ends with 。 unless it already ends with punctuation."""
    return text if not text or text[-1] in "。！？；….!?;" else f"{text}。"


def _lag(r, words, month_no: int) -> str:
    """How long an indicator has been lagging (docs/assessment.md counts reported months): ``已连续3个月滞后``;
    ``本月转为滞后`` when it was not lagging the month it last reported before (nothing where this
    is its first figure: it had no earlier month to turn from); a streak across an
    unreported month says so.  Nothing in the year's first month, nor at or past the due month of a
    kind that is judged there (its situation already says it is unmet)."""
    months = int(r.lag_months)
    if months <= 0 or month_no <= 1:
        return ""
    if months == 1:
        if int(r.first_figure) == int(r.lag_since):  # lagging from its first figure: it turned from nothing
            return ""
        return "" if r.past_due and not words.kind.lag_counts_before_due else "本月转为滞后"
    if r.lag_gaps:
        return f"自{int(r.lag_since)}月起连续{months}个报送月{words.lag_word}（{r.lag_gaps}未报送）"
    return f"已连续{months}个月{words.lag_word}"


def _escalation_summary(rows: list[dict], registry: Registry) -> str:
    """``本月应约谈2个单位（…），应通报批评1个单位（…）``: each main responsible unit counted once,
    under the most severe action one of its indicators is due (docs/assessment.md); "" without any."""
    order = [e.action for e in registry.escalation]
    worst: dict[str, int] = {}
    for r in rows:
        if r["action"] and r["status"] in URGED:
            worst[r["unit"]] = max(worst.get(r["unit"], -1), order.index(r["action"]))
    parts = []
    for k, action in enumerate(order):
        units = [u for u, w in worst.items() if w == k]
        if units:
            parts.append(f"应{action}{len(units)}个单位（{'、'.join(units)}）")
    return f"本月{'，'.join(parts)}。" if parts else ""


#: who certifies, where the certified rows up to the month name no 认定单位 (docs/assessment.md)
NEUTRAL_CERTIFIER = "统计部门"
#: who pays, where the funds rows name no 填报单位
NEUTRAL_PAYER = "财政部门"


def certifier(certified) -> str:
    """Who certifies the data folder's figures: the 认定单位 its certified rows name (several joined
    by 、, in the order first named; any month's, so that a month before the first certification
    names the same body), else 统计部门."""
    return _bodies_named(certified, "certifier", NEUTRAL_CERTIFIER)


def _bodies_named(rows, column: str, neutral: str) -> str:
    """The bodies ``rows`` name in ``column`` (several joined by 、, in the order first named),
    else ``neutral``: who certifies (认定单位), who pays (填报单位 of the funds files)."""
    if rows is None or not len(rows):
        return neutral
    names = [n for n in dict.fromkeys(str(v).strip() for v in rows[column].dropna().tolist()) if n]
    return "、".join(names) or neutral


def _certification(evaluation: Evaluation, registry: Registry, rows: list[dict], certified_rows=None) -> dict:
    """数据认定情况: every 核减 of the month — a certified figure below the reported one, of any kind —
    (indicator, unit, reported, certified, difference, each in the kind's own form: an amount, a
    level, a stage, a status word), and in the final month the figures not yet certified."""
    ind = evaluation.indicators
    cuts = []
    for r in records(ind):
        if r.certified == r.certified and r.reported == r.reported and r.certified < r.reported - EPSILON * abs(r.reported):
            indicator = registry.indicator(r.id)
            words = kind_words(indicator)
            cuts.append({"id": r.id, "name": r.name, "unit": r.responsible_unit,
                         "reported": words.value_text(indicator, r.reported),
                         "certified": words.value_text(indicator, r.certified),
                         "difference": words.cut_text(indicator, r.reported, r.certified)})
    certified = int(ind["certified"].notna().sum())
    pending = [f"{r['unit']}（指标{r['id']}）" for r in rows if r.get("uncertified")]
    return {"certifier": certifier(certified_rows),
            "cuts": cuts, "cuts_count": str(len(cuts)), "certified_count": str(certified),
            "uncertified": "、".join(pending), "uncertified_count": str(len(pending))}


def payer(funds) -> str:
    """Who pays the projects' funds: the 填报单位 the data folder's funds rows name (several joined
    by 、, in the order first named), else 财政部门."""
    return _bodies_named(funds, "reporter", NEUTRAL_PAYER)


def _funds(of: Year, evaluation: Evaluation, registry: Registry) -> list[dict]:
    """资金拨付: each funded project's budget, disbursed, rate d and physical progress g (docs/assessment.md).
    A project with no funds row yet is 未报送 (never 0); a figure from a month earlier than the
    report's is named with its month (截至6月); funds and progress are compared only where both
    are known."""
    from minshi_cli.core.funds import standing

    if not any(p.funds for p in registry.projects):
        return []
    table = standing(registry, of.data.funds, evaluation, of.as_of)
    urged = payer(of.data.funds)
    out = []
    for seq, row in table.iterrows():
        project = registry.project(int(seq))
        unreported = math.isnan(row["disbursed"])
        out.append({"seq": str(seq), "name": project.name, "unit": project.unit,
                    "budget": fmt.quantity(row["budget"], row["unit"]),
                    "disbursed": "未报送" if unreported else
                    fmt.quantity(row["disbursed"], row["unit"]) + _as_of(row["disbursed_month"], evaluation.as_of),
                    "rate": fmt.percent(row["rate"]),
                    "progress": "未报送" if math.isnan(row["progress"]) and _graded(project) else
                    fmt.percent(row["progress"]) + _as_of(row["progress_since"], evaluation.as_of),
                    "behind": bool(row["behind"]),
                    "note": f"拨付进度低于实施进度，请{urged}根据项目实施进度及时拨付资金" if row["behind"] else
                    "未报送拨付情况" if unreported else ""})
    return out


def _as_of(month, as_of: str) -> str:
    """（截至6月） where a figure is from a month earlier than the report's, else nothing."""
    return f"（截至{month_number(month)}月）" if month and month < as_of else ""


def _graded(project) -> bool:
    """Whether the project has an indicator that physical progress is made of (cumulative,
    milestone): without one its progress is —, not 未报送."""
    return any(kinds.KINDS[i.kind].graded for i in project.indicators)
