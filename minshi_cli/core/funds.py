"""Funds (资金拨付, docs/assessment.md): the finance bureau's disbursements against each project's budget.

``data/funds/YYYY-MM.csv`` (``project``/项目/序号 = the project's seq, ``disbursed``/已拨付/拨付资金
cumulative, ``reporter``, ``note``) is read by the progress reader.  Per project as of month m:
the disbursement rate d = disbursed / budget (its latest funds row at or before m) and the
physical progress g (:func:`physical_progress`, from the evaluation of month m).  The notice asks
the finance bureau to pay as the works progress: d < g − ``rules.funds_tolerance`` is a warning.
"""

from __future__ import annotations

import math
from typing import Callable, Optional

import numpy as np
import pandas as pd

from minshi_cli.core import kinds
from minshi_cli.core import values as value_rules
from minshi_cli.core.model import Registry
from minshi_cli.core.problems import Problem
from minshi_cli.core.progress import FUNDS
from minshi_cli.core.rounding import half_up
from minshi_cli.core.rowcheck import cleaned, duplicates_dropped, emit, number_text, unpadded, went_down
from minshi_cli.core.rules import EPSILON, Evaluation, evaluate
from minshi_cli.core.textfile import HALF_WIDTH

FOLDER = "funds"
FUNDS_COLUMNS = ["month", "project", "disbursed", "reporter", "note", "file", "line"]


def _budgets(registry: Registry) -> pd.DataFrame:
    return pd.DataFrame([(p.seq, p.funds.budget, p.funds.unit) for p in registry.projects if p.funds],
                        columns=["seq", "budget", "unit"]).set_index("seq")


def validate(registry: Registry, rows: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray, list[Problem]]:
    """Check funds rows (as the reader gives them for the FUNDS kind); return one valid row per
    (month, project) with ``disbursed`` as a number, which of them are in error all the same (below
    an earlier row: no warning is derived from them), and the problems."""
    problems: list[Problem] = []
    rows = rows.reset_index(drop=True)
    budgets = _budgets(registry)
    seqs = {str(p.seq): p.seq for p in registry.projects}
    cell, _ = cleaned(rows["project"].astype(str), lambda t: t.translate(HALF_WIDTH).strip())
    at = pd.Index([str(s) for s in budgets.index]).get_indexer(cell)  # the project's budget row, or -1
    funded = at >= 0
    if not funded.all():
        emit(problems, rows[~funded], "unknown-project", "project",
             (_unknown_project(c, seqs) for c in cell[~funded].tolist()))

    month_cell = rows["month_cell"].to_numpy(dtype=object)
    bad_month = (month_cell != "") & (month_cell != rows["month"].to_numpy(dtype=object))
    if bad_month.any():  # a month cell with spaces only is as good as none
        month_cell = np.array([c.strip() for c in month_cell.tolist()], dtype=object)
        bad_month = (month_cell != "") & (month_cell != rows["month"].to_numpy(dtype=object))
        emit(problems, rows[bad_month], "month-mismatch", "month",
             (f"月份「{c}」与文件所属月份 {m} 不一致：应填 {m}，或把该行移到 {c} 的文件"
              for c, m in zip(month_cell[bad_month].tolist(), rows.loc[bad_month, "month"].tolist())))

    units = pd.Series(np.where(funded, budgets["unit"].to_numpy(dtype=object)[at], ""), index=rows.index)
    value, code = value_rules.normalise(rows["disbursed"], units)
    bad_value = funded & code.notna().to_numpy()
    for c in code[bad_value].unique():
        mask = bad_value & code.eq(c).to_numpy()
        emit(problems, rows[mask], c, FUNDS.value,
             (value_rules.explain(c, t, u, FUNDS.figure, "该项目预算") for t, u in
              zip(rows.loc[mask, "disbursed"].tolist(), units[mask].tolist())))

    usable = funded & ~bad_month
    rows = rows.assign(indicator=cell.where(funded, ""), area="", number=value, usable=usable,
                       ok=usable & code.isna().to_numpy(), reporter=cleaned(rows["reporter"], unpadded)[0],
                       note=cleaned(rows["note"], str.strip)[0])
    kept = duplicates_dropped(rows, problems, FUNDS)  # the same project twice in a month
    kept = kept[kept["number"].notna()]
    wrong = _down_or_over(kept, budgets, problems)
    out = kept.assign(project=kept["indicator"].astype(int), disbursed=kept["number"])
    return out[FUNDS_COLUMNS].reset_index(drop=True), wrong, problems


def _unknown_project(cell: str, seqs: dict[str, int]) -> str:
    if cell == "":
        return "项目序号为空：请填写登记表中的项目序号（seq），如 9"
    if cell in seqs:
        return f"项目 {cell} 在登记表中没有 funds（预算）：需要跟踪拨付的项目须在登记表中填写 funds: {{budget, unit}}"
    return f"项目序号「{cell}」不在登记表中：请填写登记表中的项目序号（seq），如 9"


def _down_or_over(kept: pd.DataFrame, budgets: pd.DataFrame, problems: list[Problem]) -> np.ndarray:
    """Disbursed is cumulative: never down from the latest earlier row; above budget is a warning
    (not on a row in error). Returns which rows are in error."""
    project, number, file, line = (kept[c].to_numpy() for c in ("indicator", "number", "file", "line"))
    at, before = went_down(kept)
    wrong = np.zeros(len(kept), dtype=bool)
    wrong[at] = True
    if len(at):
        emit(problems, kept.iloc[at], "decreasing-value", "disbursed",
             (f"项目 {p} 的已拨付资金 {number_text(v)} 低于之前的 {number_text(pv)}（{pf}:{int(pl)}）："
              "已拨付资金是年初至今的累计数，不应减少"
              for p, v, pv, pf, pl in zip(project[at].tolist(), number[at].tolist(), number[before].tolist(),
                                          file[before].tolist(), line[before].tolist())))
    where = pd.Index([str(s) for s in budgets.index]).get_indexer(project)
    budget = budgets["budget"].to_numpy(dtype=float)[where]
    over = np.flatnonzero((number.astype(float) > budget * (1 + EPSILON)) & ~wrong)
    if len(over):
        unit = budgets["unit"].to_numpy(dtype=object)[where]
        emit(problems, kept.iloc[over], "above-budget", "disbursed",
             (f"项目 {p} 已拨付 {number_text(v)}{u}，超过预算 {number_text(b)}{u}：核对拨付金额和单位"
              for p, v, b, u in zip(project[over].tolist(), number[over].tolist(), budget[over].tolist(),
                                    unit[over].tolist())))
    return wrong


def physical_progress(evaluation: Evaluation, earlier: Optional[Callable[[str], Evaluation]] = None) -> pd.DataFrame:
    """Per project seq: ``progress`` g, the mean of min(r, 1) over its cumulative indicators and
    k / n over its milestones, each taken at its latest figure of record at or before the month
    (``earlier(month)`` evaluates an earlier month; without it only this month's figures count);
    an indicator with no figure yet is left out, and g is NaN where none has one (or the project
    has no such indicator). ``since``: the earliest month of the figures taken where it is earlier
    than the evaluation's month, else "" (the table names it: 截至6月)."""
    ind = evaluation.indicators
    graded = kinds.flags(ind["kind"].to_numpy(dtype=object), "graded")
    rate = ind["rate"].to_numpy(dtype=float)
    share = np.where(graded, np.minimum(rate, 1.0), np.nan)
    since = np.full(len(ind), "", dtype=object)
    pending = graded & np.isnan(rate)
    if earlier is not None:
        for number in range(evaluation.month_no - 1, 0, -1):
            if not pending.any():
                break
            month = f"{evaluation.as_of[:4]}-{number:02d}"
            then_ind = earlier(month).indicators
            then = then_ind["rate"].set_axis(then_ind["id"]).reindex(ind["id"]).to_numpy(dtype=float)
            found = pending & ~np.isnan(then)
            share[found] = np.minimum(then[found], 1.0)
            since[found] = month
            pending &= ~found
    table = pd.DataFrame({"project": ind["project"].to_numpy(), "progress": share,
                          "since": np.where(np.isnan(share), "", since).astype(object)})
    grouped = table.groupby("project", sort=False)
    return pd.DataFrame({"progress": grouped["progress"].mean(),
                         "since": grouped["since"].agg(lambda m: min((x for x in m.tolist() if x), default=""))})


def standing(registry: Registry, disbursed: Optional[pd.DataFrame], evaluation: Evaluation,
             earlier: Optional[Callable[[str], Evaluation]] = None) -> pd.DataFrame:
    """Per funded project (registry order) as of the evaluation's month: ``budget``, ``unit``,
    ``disbursed`` (its latest row at or before the month; NaN before the first: 未报送) and that
    row's ``disbursed_month``, ``rate`` (d), ``progress`` (g, each indicator at its latest figure of
    record at or before the month: ``earlier``, e.g. ``Year.as_of``, evaluates an earlier month) and
    ``progress_since``, ``behind`` (d < g − funds_tolerance, only where both are known)."""
    budgets = _budgets(registry)
    latest = pd.DataFrame(columns=["disbursed", "month"])
    if disbursed is not None and not disbursed.empty:
        upto = disbursed[disbursed["month"] <= evaluation.as_of].sort_values("month", kind="stable")
        latest = upto.groupby("project")[["disbursed", "month"]].last()
    g = physical_progress(evaluation, earlier).reindex(budgets.index)
    found = latest.reindex(budgets.index)
    out = budgets.assign(disbursed=found["disbursed"].to_numpy(dtype=float),
                         disbursed_month=found["month"].to_numpy(dtype=object))
    out["rate"] = out["disbursed"] / out["budget"]
    out["progress"] = g["progress"].to_numpy(dtype=float)
    out["progress_since"] = g["since"].fillna("").to_numpy(dtype=object)
    with np.errstate(invalid="ignore"):  # NaN on either side compares False: never behind
        out["behind"] = (out["rate"] < out["progress"] - registry.funds_tolerance - EPSILON).to_numpy()
    return out


def _earlier(registry: Registry, figures: pd.DataFrame) -> Callable[[str], Evaluation]:
    """Evaluations of earlier months, each made once and only when asked for."""
    made: dict[str, Evaluation] = {}

    def of(month: str) -> Evaluation:
        if month not in made:
            made[month] = evaluate(registry, figures, month)
        return made[month]

    return of


def behind_progress(registry: Registry, disbursed: Optional[pd.DataFrame], figures: pd.DataFrame) -> list[Problem]:
    """``funds-behind-progress`` on each funds row whose rate d is below the project's physical
    progress g in that row's month by more than ``rules.funds_tolerance`` (g as in the report:
    each indicator at its latest figure of record at or before the month)."""
    if disbursed is None or disbursed.empty:
        return []
    problems = []
    budgets = _budgets(registry)
    tolerance = registry.funds_tolerance
    of = _earlier(registry, figures)
    for month, rows in disbursed.groupby("month", sort=True):
        g = physical_progress(of(month), of)["progress"]
        for r in rows.itertuples():
            budget = float(budgets.at[r.project, "budget"])
            d, progress = r.disbursed / budget, float(g.get(r.project, math.nan))
            if not math.isnan(progress) and d < progress - tolerance - EPSILON:
                problems.append(Problem(
                    r.file, int(r.line), "disbursed", "funds-behind-progress",
                    f"项目 {r.project} 资金拨付率 {_pct(d)} 低于实施进度 {_pct(progress)}，差距超过 "
                    f"{_points(tolerance)}：根据项目实施进度及时拨付资金"))
    return problems


def _pct(x: float) -> str:
    return f"{half_up(x * 100, 1):.1f}%"


def _points(x: float) -> str:
    return f"{half_up(x * 100, 1):g}个百分点"
