"""The status rules (CONTRACT §3, §6), in one place, vectorised.

Each kind (:mod:`minshi_cli.core.kinds`) decides the status of its own cells; this module lays
the registry and the progress records out as an indicator × month grid, works out what every
kind shares — the due month, the planned share q(m), a target once reached staying reached,
本月新增, how long an indicator has been lagging — and hands each kind its cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from minshi_cli.core import kinds
from minshi_cli.core.kinds import EPSILON, LAGGING, STATUS_CN, STATUSES, Cells  # noqa: F401 (re-exported)
from minshi_cli.core.months import month_number
from minshi_cli.core.registry import Registry

MONTHS_IN_YEAR = 12
#: stage due months are padded with this (never reached) where an indicator has fewer stages
_NO_STAGE = 99


def time_progress(month_no):
    return np.asarray(month_no, dtype=float) / MONTHS_IN_YEAR


@dataclass(frozen=True)
class Facts:
    """The registry's indicators as arrays, in registry order (what the rules need of them)."""

    registry: Registry

    @cached_property
    def frame(self) -> pd.DataFrame:
        return indicator_frame(self.registry)

    @cached_property
    def kind(self) -> np.ndarray:
        return self.frame["kind"].to_numpy(dtype=object)

    @cached_property
    def target(self) -> np.ndarray:
        return self.frame["target"].to_numpy(dtype=float)

    @cached_property
    def due(self) -> np.ndarray:
        return self.frame["due_no"].to_numpy(dtype=int)

    @cached_property
    def n_stages(self) -> np.ndarray:
        return self.frame["stages"].to_numpy(dtype=float)

    @cached_property
    def stages(self) -> np.ndarray:
        """Stage due months, one row per indicator, padded with a month never reached."""
        indicators = self.registry.indicators
        width = max((len(i.stages) for i in indicators), default=0) or 1
        out = np.full((len(indicators), width), _NO_STAGE, dtype=int)
        for row, i in enumerate(indicators):
            for col, stage in enumerate(i.stages):
                out[row, col] = month_number(stage.due)
        return out

    def planned(self, rows: np.ndarray, month: np.ndarray) -> np.ndarray:
        """q(m) for each (indicator row, month number): the plan interpolated through (0, 0), else
        m / D capped at 1 (CONTRACT §6)."""
        q = np.minimum(month / self.due[rows], 1.0)
        for row, indicator in enumerate(self.registry.indicators):
            if not indicator.plan:
                continue
            at = rows == row
            if at.any():
                xs = [0.0] + [float(month_number(m)) for m, _ in indicator.plan]
                ys = [0.0] + [v / indicator.target for _, v in indicator.plan]
                q[at] = np.interp(month[at], xs, ys)
        return q

    def cells(self, rows: np.ndarray, month: np.ndarray, value: np.ndarray) -> Cells:
        """The cells of (indicator row, month number, figure) triples, as the kinds see them."""
        registry = self.registry
        return Cells(value=np.asarray(value, dtype=float), target=self.target[rows], month=month,
                     due=self.due[rows], final=month_number(registry.final_month),
                     planned=self.planned(rows, month), stages=self.stages[rows], n_stages=self.n_stages[rows],
                     tolerance=registry.lag_tolerance, grace=registry.milestone_grace)

    def statuses(self, rows: np.ndarray, month: np.ndarray, value: np.ndarray) -> np.ndarray:
        return kinds.statuses(self.kind[rows], self.cells(rows, month, value))


def classify(registry: Registry, indicator_ids, value, month_no) -> np.ndarray:
    """Status of each (indicator id, figure, month number): the one entry point for a status."""
    facts = Facts(registry)
    rows = pd.Index(facts.frame["id"]).get_indexer(pd.Index(indicator_ids))
    return facts.statuses(rows, np.asarray(month_no, dtype=int), np.asarray(value, dtype=float))


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
    final = registry.final_month
    rows = [
        (i.id, p.seq, p.name, i.name, p.level, p.category, i.kind, i.target, i.unit, i.due_month(final),
         month_number(i.due_month(final)), len(i.stages), tuple(s.name for s in i.stages), p.unit, p.lead,
         p.persons.office if p.persons else "", p.persons.unit if p.persons else "")
        for p in registry.projects for i in p.indicators
    ]
    return pd.DataFrame(rows, columns=[
        "id", "project", "project_name", "name", "level", "category", "kind", "target", "unit", "due",
        "due_no", "stages", "stage_names", "responsible_unit", "lead", "office_person", "unit_person"])


def evaluate(registry: Registry, records: pd.DataFrame, as_of: str) -> Evaluation:
    """Evaluate the year up to ``as_of``.

    ``records`` holds valid progress rows: ``month`` (YYYY-MM), ``indicator`` (id), ``value``
    (float in the kind's value form, NaN = not reported), ``note``, ``reporter``; at most one row
    per (month, indicator)."""
    m = month_number(as_of)
    facts = Facts(registry)
    ind = facts.frame
    n = len(ind)
    months = [f"{registry.year}-{k:02d}" for k in range(1, m + 1)]
    in_range = records[records["month"].isin(months)]
    row = pd.Index(ind["id"]).get_indexer(in_range["indicator"])
    col = pd.Index(months).get_indexer(in_range["month"])
    known = row >= 0
    reported = np.full((n, m), np.nan)
    reported[row[known], col[known]] = in_range["value"].to_numpy(dtype=float)[known]

    # the latest figure at or before each month, and where it came from
    have = ~np.isnan(reported)
    latest_col = np.maximum.accumulate(np.where(have, np.arange(m), -1), axis=1)
    latest = np.where(latest_col >= 0, reported[np.arange(n)[:, None], np.maximum(latest_col, 0)], np.nan)
    # a target once reached stays reached (CONTRACT §6): an unreported month after it is done
    rows = np.repeat(np.arange(n), m)
    month_grid = np.tile(np.arange(1, m + 1), n)
    kind_grid = facts.kind[rows]
    latest_met = kinds.met(kind_grid, latest.ravel(), facts.target[rows], facts.n_stages[rows]).reshape(n, m)
    carried = ~have & kinds.flags(facts.kind, "carries")[:, None] & latest_met
    figure = np.where(carried, latest, reported)
    status = facts.statuses(rows, month_grid, figure.ravel()).reshape(n, m)

    value = figure[:, -1]
    earlier_col = latest_col[:, -2] if m > 1 else np.full(n, -1)
    earlier = np.where(earlier_col >= 0, latest[:, -2] if m > 1 else np.nan, 0.0)
    has_delta = kinds.flags(facts.kind, "has_delta")
    delta = np.where(has_delta, value - earlier, np.nan)
    lag_months, lag_since, lag_gaps = _lag_streaks(status, figure, facts, m)
    rate = kinds.rates(facts.kind, value, facts.target, facts.n_stages)
    carried_now = carried[:, -1]
    carried_from = [months[c] if carried_now[i] else None for i, c in enumerate(latest_col[:, -1].tolist())]
    final_no = month_number(registry.final_month)
    past_due = (m >= facts.due) | (m >= final_no)
    over = kinds.flags(facts.kind, "labels_over_target") & (rate > 1 + EPSILON)
    current = (in_range[in_range["month"] == as_of].drop_duplicates("indicator", keep="last")
               .set_index("indicator").reindex(ind["id"]))
    names = ind["stage_names"].tolist()
    out = ind.assign(
        value=value,
        delta=delta,
        delta_since=np.where(earlier_col >= 0, earlier_col + 2, 1),  # 本月新增 covers these months
        rate=rate,
        planned=np.where(kinds.flags(facts.kind, "has_plan"), facts.planned(np.arange(n), np.full(n, m)), np.nan),
        status=status[:, -1],
        label=[kinds.label(s, o, d) for s, o, d in zip(status[:, -1].tolist(), over.tolist(), past_due.tolist())],
        past_due=past_due,
        carried_from=pd.Series(carried_from, index=ind.index, dtype=object),  # None stays None, not NaN
        stage=pd.Series([_stage_name(v, s) for v, s in zip(value.tolist(), names)], index=ind.index, dtype=object),
        lag_months=lag_months,
        lag_since=lag_since,
        lag_gaps=pd.Series(lag_gaps, index=ind.index, dtype=object),
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


def _lag_streaks(status: np.ndarray, figure: np.ndarray, facts: Facts, m: int):
    """How long each indicator has been lagging, ending at month m (CONTRACT §9): consecutive
    months with a figure in which it was lagging or behind.  A month without a figure neither
    counts nor breaks the streak; nor does a month before its due month of a kind for which being
    short then is not yet late (threshold, ceiling).  Returns (months, first month of the streak,
    the months without a figure inside the streak as text, e.g. "5月")."""
    month = np.arange(1, m + 1)[None, :]
    not_yet_late = ~kinds.flags(facts.kind, "lag_counts_before_due")[:, None] & (month < facts.due[:, None])
    neutral = np.isnan(figure) | not_yet_late
    counts = np.isin(status, LAGGING) & ~neutral
    breaks = ~neutral & ~counts
    cols = np.arange(m)[None, :]
    last_break = np.where(breaks, cols, -1).max(axis=1)
    in_streak = cols > last_break[:, None]
    lag_months = (counts & in_streak).sum(axis=1)
    first = np.where(counts & in_streak, cols, m).min(axis=1)
    since = np.where(lag_months > 0, first + 1, 0)
    gaps = [""] * len(lag_months)
    silent = np.isnan(figure) & in_streak & (cols > first[:, None])
    for i in np.flatnonzero(silent.any(axis=1) & (lag_months > 0)):
        gaps[i] = "、".join(f"{c + 1}月" for c in np.flatnonzero(silent[i]))
    return lag_months, since, gaps


def _stage_name(value: float, names: tuple[str, ...]):
    """The name of the last stage reached (None before the first, or for other kinds)."""
    if not names or np.isnan(value) or int(value) < 1:
        return None
    return names[int(value) - 1]


def status_of(kind: str, value: float, target: float, month: int, due: int = 12, *, final: int = 12,
              tolerance: float = 0.10, planned: float | None = None, stages: tuple[int, ...] = (),
              grace: int = 2) -> str:
    """The status of one figure, without a registry (for people and tests exploring the rules).
    ``planned`` defaults to min(month / due, 1); ``stages`` are a milestone's stage due months."""
    width = max(len(stages), 1)
    padded = np.full((1, width), _NO_STAGE, dtype=int)
    padded[0, :len(stages)] = stages
    cells = Cells(value=np.array([value], dtype=float), target=np.array([target], dtype=float),
                  month=np.array([month]), due=np.array([stages[-1] if stages else due]), final=final,
                  planned=np.array([min(month / due, 1.0) if planned is None else planned]),
                  stages=padded, n_stages=np.array([float(len(stages))]), tolerance=tolerance, grace=grace)
    return str(kinds.KINDS[kind].statuses(cells)[0])
