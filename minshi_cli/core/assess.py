"""The year-end assessment (考核, docs/assessment.md): one verdict rule for every place that judges a unit.

Per main responsible unit, on the figures of record: its indicators counted as ``done``,
``unfinished`` (a figure, not done), ``missing`` (no figure) and ``uncertified`` (done on a figure
the statistics bureau has not certified — only when the data folder has a ``certified/`` folder),
and the first verdict that applies:

- ``barred`` 不得评为优秀: some indicator with a figure is not done;
- ``unreported`` 待补报: some indicator has no figure (whether it was finished cannot be told);
- ``uncertified`` 待认定: some done indicator's figure is not certified;
- ``passed`` 完成年度任务.

Before the final month the same verdicts are provisional (``final`` false).  ``minshi assess``,
``minshi status --by unit`` and the final month's report all call :func:`assess`.

The optional ``scoring`` block (local policy; minshi knows no province's 计分办法) gives each unit
``points`` shared over its indicators by ``weight``; an indicator earns its share × credit
(cumulative min(r, 1), milestone k / n, the other kinds 1 when met else 0), less
``deductions.missing_report`` per indicator-month without a figure and ``deductions.lag_month``
per indicator-month lagging or behind; a unit's score is never below 0, rounded to 2 decimals.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple, Optional

import numpy as np
import pandas as pd

from minshi_cli.core import kinds
from minshi_cli.core.model import Registry
from minshi_cli.core.rounding import half_up
from minshi_cli.core.statuses import APART, DONE_KEYS, LAGGING, NOT_REPORTED, among
from minshi_cli.core.rules import Evaluation

VERDICTS = ("barred", "unreported", "uncertified", "passed")
VERDICT_CN = {"barred": "不得评为优秀", "unreported": "待补报", "uncertified": "待认定", "passed": "完成年度任务"}
#: when each verdict applies, as the legends under the tables say it ({certifier}: the 认定单位)
VERDICT_WHEN = {"barred": "有已报送（认定）但未完成的指标", "unreported": "有指标未报送",
                "uncertified": "已完成的指标尚未经{certifier}认定", "passed": "其余"}
#: what a pending verdict waits for before the unit is judged
VERDICT_PENDING = {"unreported": "补报后再认定", "uncertified": "认定后再评定"}


def verdicts_given(certifying: bool) -> tuple[str, ...]:
    """The verdicts the rule can give, in its order: ``uncertified`` only where the data folder
    has a ``certified/`` folder."""
    return tuple(v for v in VERDICTS if certifying or v != "uncertified")


class UnitResult(NamedTuple):
    unit: str
    indicators: int
    done: int
    unfinished: int
    missing: int
    uncertified: int
    verdict: str
    score: Optional[float]

    def as_dict(self) -> dict:
        return {"unit": self.unit, "indicators": self.indicators, "done": self.done,
                "unfinished": self.unfinished, "missing": self.missing, "uncertified": self.uncertified,
                "verdict": self.verdict, "score": self.score}


class Assessment(NamedTuple):
    as_of: str
    final: bool
    scored: bool
    units: tuple[UnitResult, ...]

    def as_dict(self) -> dict:
        return {"as_of": self.as_of, "final": self.final, "units": [u.as_dict() for u in self.units]}

    def with_verdict(self, verdict: str) -> list[str]:
        return [u.unit for u in self.units if u.verdict == verdict]


def verdict(unfinished: int, missing: int, uncertified: int) -> str:
    """The one rule: the first verdict that applies (see the module's docstring)."""
    if unfinished:
        return "barred"
    if missing:
        return "unreported"
    if uncertified:
        return "uncertified"
    return "passed"


def assess(registry: Registry, evaluation: Evaluation, certifying: bool) -> Assessment:
    """Every main responsible unit (registry order) judged on ``evaluation`` (figures of record).
    ``certifying``: the data folder has a ``certified/`` folder.  Items not judged against a task
    (ongoing: docs/kinds.md) count in no verdict and no score; a unit with only such items is not
    judged."""
    evaluation = judged_only(evaluation)
    ind = evaluation.indicators
    status = ind["status"].to_numpy()
    done = among(status, DONE_KEYS)
    missing = among(status, NOT_REPORTED)
    certified = ind["figure_certified"].to_numpy(dtype=bool)
    uncertified = done & ~certified if certifying else np.zeros(len(ind), dtype=bool)
    frame = pd.DataFrame({"unit": ind["responsible_unit"].to_numpy(), "done": done,
                          "unfinished": ~done & ~missing, "missing": missing, "uncertified": uncertified})
    counts = frame.groupby("unit", sort=False).sum()
    sizes = frame.groupby("unit", sort=False).size()
    scores = _scores(registry, evaluation) if registry.scoring is not None else None
    units = []
    for unit, row in counts.iterrows():
        units.append(UnitResult(
            unit=str(unit), indicators=int(sizes[unit]), done=int(row["done"]), unfinished=int(row["unfinished"]),
            missing=int(row["missing"]), uncertified=int(row["uncertified"]),
            verdict=verdict(int(row["unfinished"]), int(row["missing"]), int(row["uncertified"])),
            score=None if scores is None else float(scores[unit])))
    return Assessment(evaluation.as_of, evaluation.final, scores is not None, tuple(units))


def expected_rows(registry: Registry, ids, months: int) -> np.ndarray:
    """The expected-month grid (core.expected) of the indicators ``ids``, in their order."""
    from minshi_cli.core.expected import expected_grid

    at = pd.Index([i.id for i in registry.indicators]).get_indexer(pd.Index(ids))
    return expected_grid(registry, months)[at]


def judged_only(evaluation: Evaluation) -> Evaluation:
    """``evaluation`` without the items of a kind not judged against a task, nor those counted
    apart this month (not yet due): the same evaluation where every item is judged."""
    ind = evaluation.indicators
    judged = kinds.flags(ind["kind"].to_numpy(dtype=object), "judged") & ~among(ind["status"].to_numpy(), APART)
    if judged.all():
        return evaluation
    history = evaluation.history
    return replace(evaluation, indicators=ind[judged],
                   history=None if history is None else history[judged])


def _scores(registry: Registry, evaluation: Evaluation) -> pd.Series:
    """Each unit's score under ``registry.scoring`` (see the module's docstring)."""
    scoring = registry.scoring
    ind = evaluation.indicators
    weights = {i.id: (i.weight or 1.0) for i in registry.indicators}  # default: equal shares
    weight = ind["id"].map(weights).to_numpy(dtype=float)
    unit = ind["responsible_unit"].to_numpy()
    total = pd.Series(weight).groupby(unit).transform("sum").to_numpy()
    share = scoring.points * weight / total
    graded = kinds.flags(ind["kind"].to_numpy(dtype=object), "graded")
    rate = np.clip(np.nan_to_num(ind["rate"].to_numpy(dtype=float), nan=0.0), None, 1.0)
    credit = np.where(graded, rate, among(ind["status"].to_numpy(), DONE_KEYS).astype(float))
    history = evaluation.history if evaluation.history is not None else np.empty((len(ind), 0), dtype=object)
    # only the months each indicator is expected in count (first_month, start, cadence: core.expected)
    expected = expected_rows(registry, ind["id"], history.shape[1])
    missing_months = (among(history, NOT_REPORTED) & expected).sum(axis=1)
    late_months = (among(history, LAGGING) & expected).sum(axis=1)
    earned = share * credit - scoring.missing_report * missing_months - scoring.lag_month * late_months
    per_unit = pd.Series(earned).groupby(unit, sort=False).sum()
    return per_unit.map(lambda x: round_score(max(x, 0.0)))


def round_score(x: float) -> float:
    """Two decimals, half up (89.125 → 89.13), without binary noise."""
    return half_up(x, 2)
