"""The status rules (docs/rules.md, docs/kinds.md), in one place, vectorised.

Each kind (:mod:`minshi_cli.core.kinds`) decides the status of its own cells; this module lays
the registry and the progress records out as an indicator × month grid, works out what every
kind shares — the due month, the planned share q(m), a target once reached staying reached,
本月新增, how long an indicator has been lagging — and hands each kind its cells.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

import numpy as np
import pandas as pd

from minshi_cli.core import kinds, statuses
from minshi_cli.core.kinds import EPSILON, Cells  # noqa: F401 (re-exported)
from minshi_cli.core.statuses import ALL_KEYS, NO_FIGURE, NOT_DUE, ONGOING, RANK, shown_keys
from minshi_cli.core.expected import all_expected, expected_grid, uses_not_due
from minshi_cli.core.months import month_number
from minshi_cli.core.model import Registry

MONTHS_IN_YEAR = 12
#: stage due months are padded with this (never reached) where an indicator has fewer stages
_NO_STAGE = 99


def time_progress(month_no):
    return np.asarray(month_no, dtype=float) / MONTHS_IN_YEAR


class Facts:
    """The registry's indicators as arrays, in registry order (what the rules need of them)."""

    def __init__(self, registry: Registry):
        self.registry = registry

    @cached_property
    def frame(self) -> pd.DataFrame:
        return indicator_frame(self.registry)

    @cached_property
    def by_id(self) -> pd.DataFrame:
        """The indicator frame indexed by indicator id."""
        return self.frame.set_index("id")

    @cached_property
    def kind(self) -> np.ndarray:
        return self.frame["kind"].to_numpy(dtype=object)

    @cached_property
    def _kind_codes(self) -> tuple[np.ndarray, list[str]]:
        codes, keys = pd.factorize(self.kind)
        return codes, list(keys)

    def by_kind(self, rows: np.ndarray) -> list[tuple[str, np.ndarray]]:
        """(kind key, mask over ``rows``) for each kind among the indicators at ``rows``: looked up by
        integer per indicator (hashing the kind's text in every cell is most of the cost at 470,000)."""
        codes, keys = self._kind_codes
        of_rows = codes[rows]
        present = np.flatnonzero(np.bincount(of_rows, minlength=len(keys)))
        if len(present) == 1:
            return [(keys[present[0]], np.ones(len(of_rows), dtype=bool))]
        return [(keys[k], of_rows == k) for k in present]

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
        m / D capped at 1 (docs/kinds.md)."""
        q = np.minimum(month / self.due[rows], 1.0)
        for row, indicator in enumerate(self.registry.indicators):
            if indicator.start:  # work begins in month s: q = (m − s + 1) / (D − s + 1), 0 before s, 1 after D
                at = rows == row
                if at.any():
                    s, d = month_number(indicator.start), self.due[row]
                    q[at] = np.clip((month[at] - s + 1) / (d - s + 1), 0.0, 1.0)
                continue
            if not indicator.plan:
                continue
            at = rows == row
            if at.any():
                xs = [0.0] + [float(month_number(m)) for m, _ in indicator.plan]
                ys = [0.0] + [v / indicator.target for _, v in indicator.plan]
                q[at] = np.interp(month[at], xs, ys)
        return q

    def cells(self, rows: np.ndarray, month: np.ndarray, value: np.ndarray, target=None) -> Cells:
        """The cells of (indicator row, month number, figure) triples, as the kinds see them
        (``target``: each cell's own where it is not its indicator's — an area's, docs/areas.md)."""
        registry = self.registry
        target = self.target[rows] if target is None else np.asarray(target, dtype=float)
        return Cells(value=np.asarray(value, dtype=float), target=target, month=month,
                     due=self.due[rows], final=month_number(registry.final_month),
                     planned=self.planned(rows, month), stages=self.stages[rows], n_stages=self.n_stages[rows],
                     tolerance=registry.lag_tolerance, grace=registry.milestone_grace, paced=registry.paced)

    def statuses(self, rows: np.ndarray, month: np.ndarray, value: np.ndarray, target=None) -> np.ndarray:
        return kinds.statuses(self.kind[rows], self.cells(rows, month, value, target), self.by_kind(rows))

    def past_due(self, rows: np.ndarray, month) -> np.ndarray:
        """Whether each (indicator row, month number) is at or past the indicator's due month (or the
        final month): a ``behind`` indicator is 未完成 there."""
        return (month >= self.due[rows]) | (month >= month_number(self.registry.final_month))

    def labels(self, rows: np.ndarray, month, status, rate) -> list[str]:
        """The label each status is shown with (:func:`minshi_cli.core.statuses.label`): 超额完成 above the
        target, 未完成 behind at or past the due month, 推进中 under rules.pace: none — what the status
        line, the report and ``check``'s messages all say."""
        with np.errstate(invalid="ignore"):
            over = kinds.flags(self.kind[rows], "labels_over_target") & (np.asarray(rate, dtype=float) > 1 + EPSILON)
        past = np.broadcast_to(self.past_due(rows, month), np.shape(rows))
        paced = self.registry.paced
        return [statuses.label(s, o, d, paced) for s, o, d in zip(list(status), over.tolist(), past.tolist())]


#: the Facts of the registries seen last (a command judges one registry several times: the row
#: checks, the certified rows, the evaluation; its indicator frame is built once, not each time)
_RECENT: list[Facts] = []


def facts_of(registry: Registry) -> Facts:
    """The :class:`Facts` of ``registry``, built once per registry object."""
    for facts in _RECENT:
        if facts.registry is registry:
            return facts
    facts = Facts(registry)
    _RECENT[:] = [facts, *_RECENT[:3]]
    return facts


@dataclass
class Evaluation:
    as_of: str
    month_no: int
    time_progress: float
    final: bool  # as_of is the registry's final month
    indicators: pd.DataFrame  # one row per indicator, registry order: EVALUATED_COLUMNS (core.year: INDICATOR_COLUMNS)
    projects: pd.DataFrame  # one row per project, registry order: PROJECT_COLUMNS
    #: one row per (indicator, area) of the indicators reported per area (docs/areas.md): AREA_COLUMNS
    areas: pd.DataFrame = None  # type: ignore[assignment]
    #: status codes, indicators (registry order) x months 1..month_no (assessment: months without a figure, late)
    history: "np.ndarray | None" = field(default=None, repr=False)
    #: the figures of record, indicators x months 1..month_no (NaN: none; a trend chart's line)
    figures: "np.ndarray | None" = field(default=None, repr=False)
    #: the planned share q(k) of each month k, indicators x months (NaN where the kind has none)
    planned: "np.ndarray | None" = field(default=None, repr=False)
    #: the statuses counted apart that the registry can give (``ongoing`` where it has an ongoing
    #: item): shown in the summary (and its JSON) even at 0; none for a registry without such items
    apart: tuple[str, ...] = ()
    #: the labels counted apart (core.statuses.COUNTED_APART: 未完成) that occur among the indicators
    #: an evaluation was selected from (views.status_view.select: --level, --unit): a count over some
    #: of them has the columns the count over all has (the report's: 未完成 0 项, not 严重滞后 0 项)
    counted_apart: tuple[str, ...] = ()

    def summary(self) -> dict[str, int]:
        counts = Counter(self.indicators["status"].tolist())
        return {s: counts[s] for s in shown_keys(self.apart)}


def indicator_frame(registry: Registry) -> pd.DataFrame:
    """The registry's indicators with their project's facts, one row each, in registry order."""
    final = registry.final_month
    rows = [
        (i.id, p.seq, p.name, i.name, p.level, p.category, i.kind, i.target, i.unit, i.due_month(final),
         month_number(i.due_month(final)), len(i.stages), tuple(s.name for s in i.stages), p.unit, p.lead,
         p.persons.office if p.persons else "", p.persons.unit if p.persons else "")
        for p in registry.projects for i in p.indicators
    ]
    return pd.DataFrame(rows, columns=FACT_COLUMNS)


#: the registry's facts of each indicator (:func:`indicator_frame`)
FACT_COLUMNS = ["id", "project", "project_name", "name", "level", "category", "kind", "target", "unit", "due",
                "due_no", "stages", "stage_names", "responsible_unit", "lead", "office_person", "unit_person"]
#: what the rules give each indicator as of a month (:func:`evaluate`), after its facts
RULE_COLUMNS = ["value", "delta", "delta_since", "rate", "planned", "status", "label", "past_due", "carried_from",
                "stage", "lag_months", "lag_since", "lag_gaps", "first_figure", "note", "reporter", "split",
                "areas_missing"]
#: an evaluation's indicators: one row per indicator, registry order (the year service adds the
#: figures beside the figure of record: core.year.INDICATOR_COLUMNS)
EVALUATED_COLUMNS = FACT_COLUMNS + RULE_COLUMNS
#: an evaluation's projects: one row per project, registry order
PROJECT_COLUMNS = ["seq", "name", "level", "category", "responsible_unit", "status"]
AREA_COLUMNS = ["id", "area", "target", "value", "rate", "status", "label", "carried_from", "lag_months", "note"]


def _carried(facts: Facts, rows: np.ndarray, reported: np.ndarray, target: np.ndarray):
    """For a grid of figures (one row per indicator or area, one column per month): the column of
    the latest figure at or before each month, that figure, where an unreported month is carried
    because the latest figure met the target (docs/kinds.md), the figure of record and the status."""
    n, m = reported.shape
    have = ~np.isnan(reported)
    latest_col = np.maximum.accumulate(np.where(have, np.arange(m), -1), axis=1)
    latest = np.where(latest_col >= 0, reported[np.arange(n)[:, None], np.maximum(latest_col, 0)], np.nan)
    flat_rows = np.repeat(rows, m)
    flat_target = np.repeat(target, m)
    month_grid = np.tile(np.arange(1, m + 1), n)
    latest_met = kinds.met(facts.kind[flat_rows], latest.ravel(), flat_target, facts.n_stages[flat_rows],
                           facts.by_kind(flat_rows)).reshape(n, m)
    carried = ~have & kinds.flags(facts.kind[rows], "carries")[:, None] & latest_met
    figure = np.where(carried, latest, reported)
    status = facts.statuses(flat_rows, month_grid, figure.ravel(), target=flat_target).reshape(n, m)
    registry = facts.registry
    before = np.zeros((n, m), dtype=bool)
    if not all_expected(registry):
        # a month the indicator is not expected in, without a row (docs/registry.md cadence, first_month;
        # docs/kinds.md start): its latest figure with that month's status, carried; none yet: not_due
        quiet = ~have & ~expected_grid(registry, m)[rows]
        before = quiet & (latest_col >= 0)
        cols = np.maximum(latest_col, 0)
        status = np.where(before, status[np.arange(n)[:, None], cols], status)
        status[quiet & (latest_col < 0)] = NOT_DUE
        carried = carried | before
        figure = np.where(before, latest, figure)
    return latest_col, latest, carried, figure, status, before


def _current(records: pd.DataFrame, now: np.ndarray, at: np.ndarray, n: int, column: str) -> np.ndarray:
    """A text column of this month's records (at positions ``now`` of ``records``, each for the key
    at position ``at``, -1: none), one entry per key ("" where none)."""
    if column not in records:
        return np.full(n, "", dtype=object)
    out = np.full(n, "", dtype=object)
    ok = at >= 0
    out[at[ok]] = records[column].iloc[now].fillna("").to_numpy(dtype=object)[ok]
    return out


def positions(index: pd.Index, values) -> np.ndarray:
    """``index.get_indexer(values)`` hashing each distinct value once (-1: not in ``index``)."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    return index.get_indexer(uniques)[codes] if len(codes) else np.zeros(0, dtype=np.intp)


def _pair_rows(n_ids: int, a_rows: np.ndarray, a_names) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """For the (indicator, area) pairs (``a_rows``: each pair's indicator row of ``n_ids``, ``a_names``
    its area): a function giving records' pair positions (-1: none) from their indicator rows
    (-1: none) and areas, by integer codes."""
    areas = pd.Index(pd.unique(np.asarray(a_names, dtype=object)))
    width = len(areas)
    where = np.full(n_ids * width + 1, -1, dtype=np.intp)  # the last entry: an unknown pair
    where[a_rows * width + areas.get_indexer(a_names)] = np.arange(len(a_rows))

    def row_of(i: np.ndarray, area: np.ndarray) -> np.ndarray:
        a = positions(areas, area)
        return where[np.where((i >= 0) & (a >= 0), i * width + a, len(where) - 1)]
    return row_of


def _grid(n: int, m: int, row: np.ndarray, col: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Figures laid out as an (n keys × m months) grid (NaN = no figure): ``value`` of the key at
    ``row`` (-1: not a key) in the month at ``col``."""
    grid = np.full((n, m), np.nan)
    known = row >= 0
    grid[row[known], col[known]] = value[known]
    return grid


def evaluate(registry: Registry, records: pd.DataFrame, as_of: str) -> Evaluation:
    """Evaluate the year up to ``as_of``.

    ``records`` holds valid progress rows: ``month`` (YYYY-MM), ``indicator`` (id), ``area`` ("" for
    an indicator not reported per area; optional), ``value`` (float in the kind's value form, NaN =
    not reported), ``note``, ``reporter``; at most one row per (month, indicator, area).

    An indicator reported per area (docs/areas.md) is made from its areas: each area is judged by the
    same rules with its own target; the whole of a kind that sums its areas (cumulative) is the sum
    of the areas' latest figures, of the others the worst status of the areas with a figure."""
    m = month_number(as_of)
    facts = facts_of(registry)
    ind = facts.frame
    n = len(ind)
    months = [f"{registry.year}-{k:02d}" for k in range(1, m + 1)]
    # each record's month, indicator row and area looked up once, by integer from here on
    col = positions(pd.Index(months), records["month"])
    in_range = records[col >= 0]
    col = col[col >= 0]
    area = in_range["area"].to_numpy(dtype=object) if "area" in in_range else np.full(len(in_range), "", dtype=object)
    whole = area == ""
    whole_records = in_range[whole]
    ids = pd.Index(ind["id"])
    at = positions(ids, in_range["indicator"])
    figures = in_range["value"].to_numpy(dtype=float)
    reported = _grid(n, m, at[whole], col[whole], figures[whole])
    override = np.full((n, m), None, dtype=object)  # a whole's status from its areas' (worst-status kinds)
    has_area_figure = np.zeros((n, m), dtype=bool)
    split = np.zeros(n, dtype=bool)
    areas_missing = np.zeros(n, dtype=int)
    area_frame = pd.DataFrame(columns=AREA_COLUMNS)
    if registry.split:
        pairs = [(i.id, a, t) for i in registry.indicators for a, t in i.areas]
        a_ids = pd.Index([p[0] for p in pairs])
        a_rows = ids.get_indexer(a_ids)
        a_target = np.array([p[2] for p in pairs], dtype=float)
        a_names = [p[1] for p in pairs]
        by_area = np.flatnonzero(~whole)
        a_at = _pair_rows(n, a_rows, a_names)(at[by_area], area[by_area])
        a_reported = _grid(len(pairs), m, a_at, col[by_area], figures[by_area])
        this_month = in_range["month"].to_numpy(dtype=object)[by_area] == as_of
        a_latest_col, a_latest, a_carried, a_figure, a_status, a_quiet = _carried(facts, a_rows, a_reported, a_target)
        a_has = ~np.isnan(a_figure)
        # pairs are grouped by indicator in registry order: reduce each indicator's block of areas
        starts = np.flatnonzero(np.r_[True, a_rows[1:] != a_rows[:-1]])
        rows_of = a_rows[starts]
        split[rows_of] = True
        count = np.add.reduceat(a_has.astype(int), starts, axis=0)
        # a month no area was expected in and none reported: the sum is carried as the whole's own
        fresh = np.add.reduceat((a_has & ~a_quiet).astype(int), starts, axis=0)
        has_area_figure[rows_of] = count > 0
        areas_missing[rows_of] = np.add.reduceat((a_status[:, -1] == NO_FIGURE).astype(int), starts)
        sums = kinds.flags(facts.kind[rows_of], "whole_sums_areas")
        total = np.add.reduceat(np.nan_to_num(a_latest, nan=0.0), starts, axis=0)
        reported[rows_of[sums]] = np.where(fresh[sums] > 0, total[sums], np.nan)
        rank = np.full(a_status.shape, -1)
        for s, k in RANK.items():  # a comparison per status word, not a Python call per cell
            rank[a_has & (a_status == s)] = k
        worst = np.maximum.reduceat(rank, starts, axis=0)
        worst_rows = rows_of[~sums]
        override[worst_rows] = np.where(worst[~sums] >= 0, np.array(ALL_KEYS, dtype=object)[np.maximum(worst[~sums], 0)],
                                        NO_FIGURE)
        if not all_expected(registry):  # a whole not expected, with no area's figure yet
            idle = (worst[~sums] < 0) & ~expected_grid(registry, m)[worst_rows]
            override[worst_rows] = np.where(idle, NOT_DUE, override[worst_rows])
        a_value = a_figure[:, -1]
        a_rate = kinds.rates(facts.kind[a_rows], a_value, a_target, facts.n_stages[a_rows])
        a_lag, _, _ = _lag_streaks(a_status, a_has, facts, a_rows, m)
        area_frame = pd.DataFrame({
            "id": a_ids, "area": pd.Index(a_names), "target": a_target, "value": a_value, "rate": a_rate,
            "status": a_status[:, -1],
            "label": facts.labels(a_rows, m, a_status[:, -1].tolist(), a_rate),
            "carried_from": pd.Series([months[c] if a_carried[i, -1] else None
                                       for i, c in enumerate(a_latest_col[:, -1].tolist())], dtype=object),
            "lag_months": a_lag,
            "note": _current(in_range, by_area[this_month], a_at[this_month], len(pairs), "note"),
        })

    latest_col, latest, carried, figure, status, quiet = _carried(facts, np.arange(n), reported, facts.target)
    quiet_now = quiet[:, -1]
    worst_split = split & ~kinds.flags(facts.kind, "whole_sums_areas")
    # a split indicator that does not sum its areas may have the whole's own figure (a row with no area:
    # a city's rate beside its districts'); where it has one for the month, it is judged as unsplit,
    # elsewhere it is the worst of its areas (docs/areas.md)
    own = ~np.isnan(figure)
    from_areas = worst_split[:, None] & ~own
    status = np.where(from_areas, override, status)
    has = np.where(from_areas, has_area_figure, own)

    value = figure[:, -1]
    earlier_col = latest_col[:, -2] if m > 1 else np.full(n, -1)
    earlier = np.where(earlier_col >= 0, latest[:, -2] if m > 1 else np.nan, 0.0)
    has_delta = kinds.flags(facts.kind, "has_delta")
    delta = np.where(has_delta & ~worst_split, value - earlier, np.nan)
    lag_months, lag_since, lag_gaps = _lag_streaks(status, has, facts, np.arange(n), m)
    rate = kinds.rates(facts.kind, value, facts.target, facts.n_stages)
    carried_now = carried[:, -1]
    carried_from = [months[c] if carried_now[i] else None for i, c in enumerate(latest_col[:, -1].tolist())]
    past_due = facts.past_due(np.arange(n), m)
    # this month's note and reporter of each indicator (one record each at most)
    now = np.flatnonzero((col[whole] == m - 1) & (at[whole] >= 0))
    now_rows = at[whole][now]

    def this_month(column: str) -> np.ndarray:
        out = np.full(n, "", dtype=object)
        if column in whole_records:
            out[now_rows] = whole_records[column].fillna("").to_numpy(dtype=object)[now]
        return out

    names = ind["stage_names"].tolist()
    out = ind.assign(
        value=value,
        delta=delta,
        delta_since=np.where(earlier_col >= 0, earlier_col + 2, 1),  # 本月新增 covers these months
        rate=rate,
        # none where the registry does not compare with the time elapsed (rules.pace: none); q of the
        # figure's own month where it is carried from a month the indicator was not expected in
        planned=np.where(kinds.flags(facts.kind, "has_plan") & registry.paced,
                         facts.planned(np.arange(n), np.where(quiet_now, latest_col[:, -1] + 1, m)), np.nan),
        status=status[:, -1],
        label=facts.labels(np.arange(n), m, status[:, -1].tolist(), rate),
        past_due=past_due,
        carried_from=pd.Series(carried_from, index=ind.index, dtype=object),  # None stays None, not NaN
        stage=pd.Series([_stage_name(v, s) for v, s in zip(value.tolist(), names)], index=ind.index, dtype=object),
        lag_months=lag_months,
        lag_since=lag_since,
        lag_gaps=pd.Series(lag_gaps, index=ind.index, dtype=object),
        first_figure=np.where(has.any(axis=1), has.argmax(axis=1) + 1, 0),  # month number of the first figure (0: none)
        note=this_month("note"),
        reporter=this_month("reporter"),
        split=split,
        areas_missing=areas_missing,
    )
    # a project's status: its worst judged indicator's (an item counted apart only where all are)
    rank = pd.Index(ALL_KEYS).get_indexer(status[:, -1])
    judged = kinds.flags(facts.kind, "judged")
    project, seqs = pd.factorize(ind["project"])
    worst = np.full(len(seqs), -1)
    np.maximum.at(worst, project, np.where(judged, rank, -1))
    if not judged.all():
        unjudged = np.full(len(seqs), -1)
        np.maximum.at(unjudged, project, np.where(judged, -1, rank))
        worst = np.where(worst >= 0, worst, unjudged)
    worst_rank = dict(zip(seqs.tolist(), worst.tolist()))
    projects = pd.DataFrame(
        [(p.seq, p.name, p.level, p.category, p.unit,
          ALL_KEYS[worst_rank[p.seq]] if worst_rank.get(p.seq, -1) >= 0 else NO_FIGURE)
         for p in registry.projects],
        columns=PROJECT_COLUMNS)
    month_grid = np.tile(np.arange(1, m + 1), n)
    planned = facts.planned(np.repeat(np.arange(n), m), month_grid).reshape(n, m)
    planned = np.where(kinds.flags(facts.kind, "has_plan")[:, None] & registry.paced, planned, np.nan)  # rules.pace: none has none
    apart = apart_statuses(registry)
    return Evaluation(as_of, m, float(time_progress(m)), as_of == registry.final_month, out, projects, area_frame,
                      status, figure, planned, apart)

def apart_statuses(registry: Registry) -> tuple[str, ...]:
    """The statuses counted apart that ``registry`` can give: ``ongoing`` where it has an item of a
    kind not judged against a task, ``not_due`` where an indicator is quarterly or starts late
    (docs/rules.md)."""
    ongoing = any(not kinds.KINDS[i.kind].judged for i in registry.indicators)
    return (ONGOING,) * ongoing + (NOT_DUE,) * uses_not_due(registry)


def _lag_streaks(status: np.ndarray, has: np.ndarray, facts: Facts, rows: np.ndarray, m: int):
    """How long each indicator has been lagging, ending at month m (docs/assessment.md): consecutive
    months with a figure in which it was lagging or behind (behind only under rules.pace: none).  A month without a figure neither
    counts nor breaks the streak; nor does a month before its due month of a kind for which being
    short then is not yet late (threshold, ceiling).  Returns (months, first month of the streak,
    the months without a figure inside the streak as text, e.g. "5月")."""
    month = np.arange(1, m + 1)[None, :]
    kind = facts.kind[rows]
    not_yet_late = ~kinds.flags(kind, "lag_counts_before_due")[:, None] & (month < facts.due[rows][:, None])
    neutral = ~has | not_yet_late
    if not all_expected(facts.registry):  # streaks count expected months only (the others break nothing)
        neutral = neutral | ~expected_grid(facts.registry, m)[rows]
    counts = statuses.among(status, statuses.lagging(facts.registry.paced)) & ~neutral
    breaks = ~neutral & ~counts
    cols = np.arange(m)[None, :]
    last_break = np.where(breaks, cols, -1).max(axis=1)
    in_streak = cols > last_break[:, None]
    lag_months = (counts & in_streak).sum(axis=1)
    first = np.where(counts & in_streak, cols, m).min(axis=1)
    since = np.where(lag_months > 0, first + 1, 0)
    gaps = [""] * len(lag_months)
    silent = ~has & in_streak & (cols > first[:, None])
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
