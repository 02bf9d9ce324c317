"""The status rules (CONTRACT §3), in one place, vectorised.

``classify`` is the only function that decides a status.  ``evaluate`` applies it to a
registry and its progress records for one month, and also to every earlier month of the
year (for 本月新增 and for how long an indicator has been lagging).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from minshi_cli.core.months import month_number
from minshi_cli.core.registry import Registry

#: from best to worst; a project's status is the worst of its indicators'
STATUSES = ("done", "on_track", "lagging", "behind", "missing")
STATUS_CN = {"done": "已完成", "on_track": "序时推进", "lagging": "滞后", "behind": "严重滞后", "missing": "未报送"}
LAGGING = ("lagging", "behind")
MONTHS_IN_YEAR = 12
#: boundaries count as reached despite binary fractions (5.6 of 11.2 is exactly half)
EPSILON = 1e-9


def time_progress(month_no):
    return np.asarray(month_no, dtype=float) / MONTHS_IN_YEAR


def classify(kind, value, target, month_no, due_no, tolerance: float) -> np.ndarray:
    """Status of each (indicator, month): arrays of equal length (or scalars), first match wins.

    ``kind`` is "cumulative" or "threshold"; ``value`` NaN means not reported;
    ``due_no`` is the due month's number (threshold indicators)."""
    kind = np.asarray(kind)
    value = np.asarray(value, dtype=float)
    target = np.asarray(target, dtype=float)
    month_no = np.asarray(month_no)
    due_no = np.asarray(due_no)
    rate = value / target
    p = time_progress(month_no)
    cumulative = kind == "cumulative"
    with np.errstate(invalid="ignore"):
        conditions = [
            np.isnan(value),
            np.where(cumulative, rate >= 1 - EPSILON, value >= target - EPSILON * target),
            cumulative & (rate >= p - EPSILON),
            np.where(cumulative, rate >= p - tolerance - EPSILON, month_no < due_no),
        ]
    return np.select(conditions, ["missing", "done", "on_track", "lagging"], default="behind")



@dataclass
class Evaluation:
    as_of: str
    month_no: int
    time_progress: float
    final: bool  # as_of is the registry's final month
    indicators: pd.DataFrame  # one row per indicator, registry order
    projects: pd.DataFrame  # one row per project, registry order

    def summary(self) -> dict[str, int]:
        counts = self.indicators["status"].value_counts()
        return {s: int(counts.get(s, 0)) for s in STATUSES}


def indicator_frame(registry: Registry) -> pd.DataFrame:
    """The registry's indicators with their project's facts, one row each, in registry order."""
    rows = [
        (i.id, p.seq, p.name, i.name, p.level, p.category, i.kind, i.target, i.unit,
         month_number(i.due or registry.final_month), p.unit, p.lead, p.persons.office, p.persons.unit)
        for p in registry.projects for i in p.indicators
    ]
    return pd.DataFrame(rows, columns=[
        "id", "project", "project_name", "name", "level", "category", "kind", "target", "unit",
        "due_no", "responsible_unit", "lead", "office_person", "unit_person"])


def evaluate(registry: Registry, records: pd.DataFrame, as_of: str) -> Evaluation:
    """Evaluate the year up to ``as_of``.

    ``records`` holds valid progress rows: ``month`` (YYYY-MM), ``indicator`` (id), ``value``
    (float, NaN = not reported), ``note``, ``reporter``; at most one row per (month, indicator)."""
    m = month_number(as_of)
    ind = indicator_frame(registry)
    months = [f"{registry.year}-{k:02d}" for k in range(1, m + 1)]
    in_range = records[records["month"].isin(months)]
    # indicator x month matrix of reported values (NaN = none)
    n = len(ind)
    row = pd.Index(ind["id"]).get_indexer(in_range["indicator"])
    col = pd.Index(months).get_indexer(in_range["month"])
    values = np.full((n, m), np.nan)
    values[row[row >= 0], col[row >= 0]] = in_range["value"].to_numpy(dtype=float)[row >= 0]
    month_nos = np.broadcast_to(np.arange(1, m + 1), (n, m))
    wide = lambda c: np.repeat(ind[c].to_numpy()[:, None], m, axis=1)  # noqa: E731
    status = classify(wide("kind"), values, wide("target"), month_nos, wide("due_no"),
                      registry.lag_tolerance).reshape(n, m)

    value = values[:, -1]
    earlier = pd.DataFrame(values[:, :-1]).ffill(axis=1).iloc[:, -1].to_numpy() if m > 1 else np.full(n, np.nan)
    cumulative = ind["kind"].to_numpy() == "cumulative"
    delta = np.where(cumulative, value - np.nan_to_num(earlier, nan=0.0), np.nan)
    lagging = np.isin(status, LAGGING)
    lag_months = np.cumprod(lagging[:, ::-1], axis=1).sum(axis=1)

    current = (in_range[in_range["month"] == as_of].drop_duplicates("indicator", keep="last")
               .set_index("indicator").reindex(ind["id"]))
    out = ind.assign(
        value=value,
        delta=delta,
        rate=value / ind["target"].to_numpy(),
        status=status[:, -1],
        lag_months=lag_months,
        note=current["note"].fillna("").to_numpy() if "note" in current else "",
        reporter=current["reporter"].fillna("").to_numpy() if "reporter" in current else "",
    )
    rank = out["status"].map(STATUSES.index)
    worst_rank = rank.groupby(out["project"], sort=False).max()
    projects = pd.DataFrame(
        [(p.seq, p.name, p.level, p.category, p.unit, STATUSES[int(worst_rank.get(p.seq, 4))])
         for p in registry.projects],
        columns=["seq", "name", "level", "category", "responsible_unit", "status"])
    return Evaluation(as_of, m, float(time_progress(m)), as_of == registry.final_month, out, projects)
