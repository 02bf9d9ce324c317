"""Indicator kinds (docs/kinds.md): each kind is one object, consulted everywhere.

A kind holds the rules of a kind: how its progress values are written and parsed (what a cell may
hold), when its target is met, its rate, how its status is decided for a month, whether its
figures only go up, whether an increment or a plan means anything for it.  How a kind is worded for
people and programs — report sentences, JSON shapes, the fill-in form's words — lives with the
views (:mod:`minshi_cli.views.kind_wording`).  Adding a kind means one class here and one wording
there (and its tests and docs); no other module asks "which kind is this?" — they call the kind.

Every progress value is held as a float, whatever the kind: a number for the numeric kinds, the
number of stages reached (k of n) for a milestone, and a status code (:data:`QUALITATIVE_CODES`)
for a qualitative item.  That keeps the records one numeric column, vectorised throughout.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, ClassVar, NamedTuple, Optional

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: boundaries count as reached despite binary fractions (5.6 of 11.2 is exactly half)
EPSILON = 1e-9

# problem codes of values, by kind
NOT_A_NUMBER = "not-a-number"
UNKNOWN_STAGE = "unknown-stage"
UNKNOWN_STATUS_WORD = "unknown-status-word"

#: qualitative status words (docs/kinds.md) -> status; the English keys are accepted too
STATUS_WORDS = {
    "已完成": "done",
    "序时推进": "on_track", "正常推进": "on_track", "按序时推进": "on_track", "达到时间进度": "on_track",
    "滞后": "lagging",
    "严重滞后": "behind", "未完成": "behind",
    **{s: s for s in ("done", "on_track", "lagging", "behind")},
}
#: how a qualitative status is held in the float value column (higher is better)
QUALITATIVE_CODES = {"behind": 0.0, "lagging": 1.0, "on_track": 2.0, "done": 3.0}
#: the statuses a kind's rules select among, in the order they are tried (object array: a take of it
#: is an array of str without building one str per cell)
_SELECTED = np.array(["missing", "done", "behind", "on_track", "lagging"], dtype=object)
#: what a milestone not yet started may be reported as, besides 0
NOT_STARTED = ("未开工", "未启动", "未开始")


class Cells(NamedTuple):
    """What the status rules see for N (indicator, month) cells, one array entry per cell.

    ``value`` NaN = no figure; ``month``/``due``/``final`` are month numbers (1–12) of the cell,
    the indicator's due month and the registry's final month; ``planned`` is q (cumulative);
    ``stages`` (N × S, padded with 99) the milestones' stage due months and ``n_stages`` their n."""

    value: np.ndarray
    target: np.ndarray
    month: np.ndarray
    due: np.ndarray
    final: int
    planned: np.ndarray
    stages: np.ndarray
    n_stages: np.ndarray
    tolerance: float
    grace: int
    #: compared with the time elapsed (rules.pace: time); False: completion only (rules.pace: none)
    paced: bool = True

    def take(self, mask: np.ndarray) -> "Cells":
        return Cells(self.value[mask], self.target[mask], self.month[mask], self.due[mask], self.final,
                     self.planned[mask], self.stages[mask], self.n_stages[mask], self.tolerance, self.grace,
                     self.paced)


class Kind:
    """The behaviour every kind shares; subclasses say what differs."""

    key: ClassVar[str]
    label: ClassVar[str]  # the kind's Chinese name (docs, messages)
    #: "number", "text" or None: what ``target`` is in the registry
    target_form: ClassVar[Optional[str]] = "number"
    needs_unit: ClassVar[bool] = True
    #: a target of 0 makes sense (a ceiling: 零事故)
    zero_target_allowed: ClassVar[bool] = False
    #: optional indicator keys that apply to this kind (docs/kinds.md)
    optional_keys: ClassVar[frozenset] = frozenset({"due", "weight", "areas", "cadence"})
    #: sub-areas (docs/areas.md): ``areas`` maps each area to its own target (else a list of names,
    #: each area with the indicator's own target)
    area_targets: ClassVar[bool] = False
    #: the whole of an indicator reported per area is the sum of the areas' latest figures (else its
    #: status is the worst of the reporting areas' statuses, with no value or rate of its own)
    whole_sums_areas: ClassVar[bool] = False
    #: counts in an area's mean rate (the ranking of areas, docs/areas.md)
    ranks_by_rate: ClassVar[bool] = False
    #: figures only go up: a lower one than an earlier month's is an error (decreasing-value)
    monotone: ClassVar[bool] = False
    #: a target once reached stays reached: an unreported month after it is done (carried)
    carries: ClassVar[bool] = False
    #: 本月新增 means something (value minus the latest earlier figure)
    has_delta: ClassVar[bool] = False
    #: a planned share q(m) (计划进度) applies
    has_plan: ClassVar[bool] = False
    #: done above the target is labelled 超额完成
    labels_over_target: ClassVar[bool] = False
    #: `check` warns far above target (rules.above_target)
    warns_above_target: ClassVar[bool] = False
    #: a month before the due month counts towards an escalation streak when not met
    lag_counts_before_due: ClassVar[bool] = True
    #: the status is the unit's own word until certified
    self_assessed: ClassVar[bool] = False
    #: progress is a share of the work (min(r, 1), k / n): physical progress g and scoring credit
    #: (docs/assessment.md); the other kinds are met or not
    graded: ClassVar[bool] = False
    #: a certified figure above the reported one is unexpected (certification cuts: 核减, docs/assessment.md)
    certified_cuts_only: ClassVar[bool] = False
    #: judged against the time elapsed before its due month (planned share, stage due months,
    #: lagging before due); under rules.pace: none such a kind is on_track until due.  A kind whose
    #: status is the unit's reported word keeps it.
    follows_pace: ClassVar[bool] = True
    #: judged against a task: counted in the statuses' counts, a project's worst-of, the verdicts,
    #: scores, rankings and escalation (an item with no yearly target is not: docs/kinds.md)
    judged: ClassVar[bool] = True
    #: has a due month (status JSON ``due``)
    has_due: ClassVar[bool] = True
    #: why the registry keys that do not apply to the kind are refused (None: each key's own reason)
    key_refusal: ClassVar[Optional[str]] = None

    # published tables (``minshi verify``, docs/verify.md)
    #: a printed completion rate is checked against 100 × :meth:`rate` (cumulative and threshold)
    checks_printed_rate: ClassVar[bool] = False
    #: a met target may be printed as 100% (the district layout prints a standard met as 100%)
    met_prints_as_full: ClassVar[bool] = False
    #: several indicators' figures in one unit add up to a project's total (counts, not levels)
    adds_up: ClassVar[bool] = False

    # ------------------------------------------------------------------ values

    def parse(self, text: "pd.Series", facts: "pd.DataFrame") -> tuple["pd.Series", "pd.Series"]:
        """Cells as written -> (float values, problem code or None); ``facts`` holds each row's
        indicator facts (``unit``, ``stage_names``)."""
        raise NotImplementedError

    def explain(self, code: str, text: str, facts: dict) -> str:
        """The message for a value problem of this kind, quoting the cell."""
        from minshi_cli.core import values as value_rules

        return value_rules.explain(code, text, facts.get("unit", ""))

    def decreasing(self, indicator: str, value: float, earlier: float, where: str, verb: str = "报送") -> str:
        """The message for a figure lower than an earlier one (kinds that only go up); ``verb``: how
        the figures came to be (报送 by the unit, 认定 by the statistics bureau)."""
        return (f"指标 {indicator} 的累计值 {number(value)} 低于之前{verb}的 {number(earlier)}（{where}）："
                "累计值是年初至今的总数，不应减少")

    # ------------------------------------------------------------------ rules

    def met(self, value: np.ndarray, target: np.ndarray, n_stages: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return value >= target - EPSILON * np.abs(target)

    def rate(self, value: np.ndarray, target: np.ndarray, n_stages: np.ndarray) -> np.ndarray:
        """The rate shown and given in JSON (NaN where the kind has none)."""
        return np.full(np.shape(value), np.nan)

    def statuses(self, c: Cells) -> np.ndarray:
        """Status of each cell, first match wins (docs/kinds.md)."""
        with np.errstate(invalid="ignore"):
            missing = np.isnan(c.value)
            done = self.met(c.value, c.target, c.n_stages)
            due = (c.month >= c.due) | (c.month >= c.final)
            extra_behind, on_track, lagging = self._progress(c)
            if not c.paced and self.follows_pace:  # completion only: not done and not due is on track
                extra_behind, on_track = np.zeros(c.value.shape, dtype=bool), np.ones(c.value.shape, dtype=bool)
            first = np.select([missing, done, due | extra_behind, on_track, lagging], [0, 1, 2, 3, 4], default=2)
            return _SELECTED[first]

    def _progress(self, c: Cells) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(behind before the due month, on_track, lagging) for cells not done and not due."""
        none = np.zeros(c.value.shape, dtype=bool)
        return none, none, ~none  # met or not: not met before its due month is lagging


# ---------------------------------------------------------------------- numeric kinds


class _Numeric(Kind):
    def parse(self, text, facts):
        from minshi_cli.core import values as value_rules

        return value_rules.normalise(text, facts["unit"])


class Cumulative(_Numeric):
    key = "cumulative"
    label = "累计"
    optional_keys = frozenset({"due", "plan", "start", "weight", "areas", "cadence"})
    area_targets = True
    whole_sums_areas = True
    ranks_by_rate = True
    monotone = True
    carries = True
    has_delta = True
    has_plan = True
    labels_over_target = True
    warns_above_target = True
    checks_printed_rate = True
    adds_up = True
    graded = True
    certified_cuts_only = True

    def rate(self, value, target, n_stages):
        return value / target

    def met(self, value, target, n_stages):
        with np.errstate(invalid="ignore", divide="ignore"):
            return value / target >= 1 - EPSILON

    def _progress(self, c):
        r = c.value / c.target
        none = np.zeros(c.value.shape, dtype=bool)
        return none, r >= c.planned - EPSILON, r >= c.planned - c.tolerance - EPSILON


class Threshold(_Numeric):
    """A floor (标准不低于…): the level in force must reach the target."""

    key = "threshold"
    label = "标准（不低于）"
    warns_above_target = True
    lag_counts_before_due = False
    checks_printed_rate = True
    met_prints_as_full = True

    def rate(self, value, target, n_stages):
        return value / target


class Ceiling(_Numeric):
    """A ceiling (控制在…以内, 低于…): lower is better; the target may be 0."""

    key = "ceiling"
    label = "上限（控制在…以内）"
    zero_target_allowed = True
    lag_counts_before_due = False

    def met(self, value, target, n_stages):
        with np.errstate(invalid="ignore"):
            return value <= target + EPSILON * np.abs(target)


# ---------------------------------------------------------------------- milestone


class Milestone(Kind):
    """Stages with due months (5月底前动工、9月投入使用); the value is the stage reached."""

    key = "milestone"
    label = "节点"
    target_form = None
    needs_unit = False
    optional_keys = frozenset({"stages", "weight", "areas", "cadence"})
    monotone = True
    carries = True
    graded = True

    def parse(self, text, facts):
        import pandas as pd

        from minshi_cli.core.textfile import HALF_WIDTH

        cleaned = text.fillna("").astype(str).str.translate(HALF_WIDTH).str.replace(r"\s+", "", regex=True)
        value = pd.Series(np.nan, index=text.index, dtype=float)
        code = pd.Series(None, index=text.index, dtype=object)
        for i, (word, names) in enumerate(zip(cleaned.tolist(), facts["stage_names"].tolist())):
            if word == "":
                continue
            k = stage_number(word, names)
            if k is None:
                code.iloc[i] = UNKNOWN_STAGE
            else:
                value.iloc[i] = float(k)
        return value, code.where(code.notna(), None)

    def explain(self, code, text, facts):
        names = facts.get("stage_names") or ()
        listed = "、".join(f"{i}={n}" for i, n in enumerate(names, start=1))
        return (f"「{text.strip()}」不是该节点指标的阶段：请填写已达到的阶段名称或序号（{listed}），"
                f"尚未开工填 0 或 未开工")

    def decreasing(self, indicator, value, earlier, where, verb="报送"):
        return (f"指标 {indicator} 报送的阶段（{int(value)}）早于之前{verb}的阶段（{int(earlier)}，{where}）："
                "节点进度不应倒退，核对本月或之前月份的数据")

    def met(self, value, target, n_stages):
        with np.errstate(invalid="ignore"):
            return value >= n_stages

    def rate(self, value, target, n_stages):
        return value / n_stages

    def _progress(self, c):
        with np.errstate(invalid="ignore"):
            k = np.nan_to_num(c.value, nan=0).astype(int)
            expected = (c.stages <= c.month[:, None]).sum(axis=1)
            nxt = np.take_along_axis(c.stages, np.minimum(k, c.stages.shape[1] - 1)[:, None], axis=1)[:, 0]
            overdue = (k < c.n_stages) & (c.month - nxt >= c.grace)
            return overdue, k >= expected, np.ones(c.value.shape, dtype=bool)


# ---------------------------------------------------------------------- qualitative


class Qualitative(Kind):
    """A policy item (应补尽补): the unit reports a status word; the note carries its account."""

    key = "qualitative"
    label = "定性"
    target_form = "text"
    needs_unit = False
    optional_keys = frozenset({"due", "weight", "areas", "cadence"})
    self_assessed = True
    follows_pace = False  # the word reported stands (滞后 stays lagging)

    def parse(self, text, facts):
        import pandas as pd

        from minshi_cli.core.textfile import HALF_WIDTH

        cleaned = text.fillna("").astype(str).str.translate(HALF_WIDTH).str.replace(r"\s+", "", regex=True)
        status = cleaned.str.lower().map(lambda w: STATUS_WORDS.get(w) or STATUS_WORDS.get(w.strip("。.")))
        value = status.map(QUALITATIVE_CODES).astype(float)
        code = pd.Series(np.where(cleaned.ne("") & status.isna(), UNKNOWN_STATUS_WORD, None), index=text.index,
                         dtype=object)
        return value, code

    def explain(self, code, text, facts):
        return (f"「{text.strip()}」不是状态词：定性指标请填 已完成、序时推进、滞后 或 严重滞后"
                f"（也可填 正常推进、未完成），并在备注中说明情况")

    def met(self, value, target, n_stages):
        return value == QUALITATIVE_CODES["done"]

    def _progress(self, c):
        return (c.value == QUALITATIVE_CODES["behind"], c.value == QUALITATIVE_CODES["on_track"],
                c.value == QUALITATIVE_CODES["lagging"])


# ---------------------------------------------------------------------- ongoing


#: an ongoing item's row with no status word (empty, or 常态化开展), in the float value column
ONGOING_CODE = -1.0
#: what an ongoing item's row may say besides a status word (docs/kinds.md)
ONGOING_WORD = "常态化开展"


class Ongoing(Kind):
    """An item with no yearly target (不设年度目标任务，常态化开展): the unit reports that it goes on,
    with a status word or none, and its account in the note.  Its status is ``ongoing`` for a month
    with a row (``missing`` without one); it is counted apart, never behind, in no verdict."""

    key = "ongoing"
    label = "常态化开展"
    target_form = None
    needs_unit = False
    optional_keys = frozenset({"areas", "cadence"})
    judged = False
    follows_pace = False
    has_due = False
    lag_counts_before_due = False
    key_refusal = "常态化开展事项不设年度目标任务，没有目标、单位、完成期限、计划、开始月份、阶段和权重，请删除 {key}"

    def parse(self, text, facts):
        import pandas as pd

        from minshi_cli.core.textfile import HALF_WIDTH

        cleaned = text.fillna("").astype(str).str.translate(HALF_WIDTH).str.replace(r"\s+", "", regex=True)
        word = cleaned.str.strip("。.")
        status = word.str.lower().map(STATUS_WORDS.get)
        value = status.map(QUALITATIVE_CODES).astype(float)
        plain = (word == "") | (word == ONGOING_WORD)
        value = value.where(~plain, ONGOING_CODE)
        code = pd.Series(np.where(value.isna(), UNKNOWN_STATUS_WORD, None), index=text.index, dtype=object)
        return value, code

    def explain(self, code, text, facts):
        return (f"「{text.strip()}」不是状态词：常态化开展事项可不填，或填 常态化开展、已完成、序时推进、滞后、严重滞后，"
                f"并在备注中说明开展情况")

    def met(self, value, target, n_stages):
        return np.zeros(np.shape(value), dtype=bool)

    def statuses(self, c):
        return np.where(np.isnan(c.value), "missing", "ongoing").astype(object)


#: every kind, by its registry key, in the order the docs list them
KINDS: dict[str, Kind] = {k.key: k for k in (Cumulative(), Threshold(), Ceiling(), Milestone(), Qualitative(),
                                             Ongoing())}


# ---------------------------------------------------------------------- shared rules


def _by_kind(kinds: np.ndarray) -> list[tuple[str, np.ndarray]]:
    """(kind key, mask) for each kind present: one hashing pass (np.unique would sort the strings)."""
    import pandas as pd

    codes, uniques = pd.factorize(np.asarray(kinds, dtype=object))
    if len(uniques) == 1 and (codes == 0).all():
        return [(uniques[0], np.ones(len(codes), dtype=bool))]
    return [(key, codes == k) for k, key in enumerate(uniques)]


def statuses(kinds: np.ndarray, cells: Cells, groups: Optional[list[tuple[str, np.ndarray]]] = None) -> np.ndarray:
    """Status of every cell: each kind decides for its own cells (vectorised within a kind).
    ``groups``: (kind key, mask) for each kind among ``kinds``, where the caller knows them already."""
    groups = _by_kind(kinds) if groups is None else groups
    if len(groups) == 1 and groups[0][1].all():
        return KINDS[groups[0][0]].statuses(cells)
    out = _SELECTED[np.zeros(kinds.shape, dtype=np.intp)]  # "missing" (a take: np.full of an object is slower)
    for key, mask in groups:
        out[mask] = KINDS[key].statuses(cells if mask.all() else cells.take(mask))
    return out


def met(kinds: np.ndarray, value: np.ndarray, target: np.ndarray, n_stages: np.ndarray,
        groups: Optional[list[tuple[str, np.ndarray]]] = None) -> np.ndarray:
    out = np.zeros(np.shape(value), dtype=bool)
    for key, mask in _by_kind(kinds) if groups is None else groups:
        out[mask] = KINDS[key].met(value[mask], target[mask], n_stages[mask])
    return out


def rates(kinds: np.ndarray, value: np.ndarray, target: np.ndarray, n_stages: np.ndarray) -> np.ndarray:
    out = np.full(np.shape(value), np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        for key, mask in _by_kind(kinds):
            out[mask] = KINDS[key].rate(value[mask], target[mask], n_stages[mask])
    return out


def flags(kinds: np.ndarray, attribute: str) -> np.ndarray:
    """A kind attribute (``carries``, ``monotone`` …) for each entry of ``kinds``."""
    if not len(kinds):
        return np.zeros(0, dtype=bool)
    import pandas as pd

    codes, uniques = pd.factorize(np.asarray(kinds, dtype=object))
    table = np.array([bool(getattr(KINDS[k], attribute)) for k in uniques], dtype=bool)
    return table[codes]


def stage_number(word: str, names) -> Optional[int]:
    """The stage a reported word names: its name (or 已+name), its 1-based number, 0 or 未开工."""
    names = list(names or ())
    if word in NOT_STARTED:
        return 0
    bare = word[1:] if word.startswith("已") else word
    for i, name in enumerate(names, start=1):
        if bare == name or word == name:
            return i
    if word.isdigit() and int(word) <= len(names):
        return int(word)
    return None


# ---------------------------------------------------------------------- numbers in words


def number(x: Optional[float]) -> str:
    """``8950.0`` -> ``8950``; ``11.2`` -> ``11.2``; no binary noise (``0.1+0.2`` -> ``0.3``)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    text = f"{x:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def quantity(x: Optional[float], unit: str) -> str:
    shown = number(x)
    return shown if shown == "—" else f"{shown}{unit or ''}"


def json_number(x):
    """A JSON number: integral floats as ints, NaN as null."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    x = float(x)
    return int(x) if x.is_integer() else x
