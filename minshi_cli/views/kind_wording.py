"""How each indicator kind is worded in the outputs (docs/kinds.md): the report's targets, figures,
situations and rule notes, the status JSON's target/unit/value, the fill-in form's cells and
drop-down words, and what ``minshi verify`` calls a kind's figure.

The rules of a kind — what is met, the rate, the status, what a cell may hold — are the kind's own
(:mod:`minshi_cli.core.kinds`); this module only says them for people and programs.  One wording
object per kind, keyed by the kind's registry key in :data:`WORDING`: adding a kind is a class in
core/kinds.py and one here; adding an output that words kinds adds a method here, not a member to
every kind.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Optional

from minshi_cli.core import kinds
from minshi_cli.core.kinds import EPSILON, NOT_STARTED, QUALITATIVE_CODES
from minshi_cli.core.statuses import LABELS
from minshi_cli.views.formatting import json_number, number, quantity

if TYPE_CHECKING:  # pragma: no cover
    from minshi_cli.core.model import Indicator

#: a qualitative item's value code -> its status key
_QUALITATIVE_BY_CODE = {v: k for k, v in QUALITATIVE_CODES.items()}


class Wording:
    """What every kind's wording shares; subclasses say what differs."""

    #: the kind worded
    kind: type[kinds.Kind]

    #: a completion rate is shown (and drawn as a progress bar)
    has_rate: bool = False
    #: what a lagging streak is called (已连续3个月…)
    lag_word: str = "滞后"
    #: what the figure a rate is computed from is called in messages (``minshi verify``)
    figure_word: str = "完成数"
    #: the chart of its months (``minshi site``, the HTML report; views/trends.py draws each form):
    #: ``plan`` the figure against the planned line, ``target`` the level against the target line,
    #: ``stages`` stages reached against stages due, ``labels`` a strip of the months' labels
    chart: str = "labels"

    # ------------------------------------------------------------------ the report and the status table

    def target_text(self, ind: "Indicator") -> str:
        return quantity(ind.target, ind.unit)

    def value_text(self, ind: "Indicator", value: float) -> str:
        return quantity(value, ind.unit)

    def gap_text(self, ind: "Indicator", value: float) -> str:
        """How far a figure is from the target, in the indicator's own terms."""
        return ""

    def report_value(self, ind: "Indicator", value: float) -> str:
        """The figure as the dispatch report shows it (with how it compares, where that helps)."""
        return self.value_text(ind, value)

    def cut_text(self, ind: "Indicator", reported: float, certified: float) -> str:
        """How much a certified figure below the reported one takes off (the report's 核减 column),
        in the kind's own terms: an amount for the numeric kinds (个百分点 between percentages)."""
        return difference(reported - certified, ind.unit)

    def situation(self, ind: "Indicator", value: float, *, value_text: str, span: str, rate: str, gap: str,
                  planned_word: str, due: str, past_due: bool) -> str:
        """One sentence on where a lagging indicator stands (the report's 进度情况)."""
        raise NotImplementedError

    def rule_sentence(self, *, span: str, tolerance: str, final: str, grace: int) -> str:
        """How this kind is judged, for the note under the report's tables."""
        raise NotImplementedError

    # ------------------------------------------------------------------ status JSON

    def json_target(self, ind: "Indicator"):
        return json_number(ind.target)

    def json_unit(self, ind: "Indicator") -> Optional[str]:
        return ind.unit

    def json_value(self, ind: "Indicator", value: float):
        return json_number(value)

    # ------------------------------------------------------------------ the fill-in form (minshi template)

    def form_target(self, ind: "Indicator"):
        """The form's 目标 cell: the target as a number, or the kind's words for it."""
        return ind.target

    def form_value(self, ind: "Indicator", value: float):
        """A figure as the form's 上月累计 cell shows it: what the unit would type for it."""
        return value

    def choices(self, ind: "Indicator") -> Optional[tuple[str, ...]]:
        """The words the form's 累计完成 cell offers as a list (None: a non-negative number)."""
        return None


class Cumulative(Wording):
    kind = kinds.Cumulative
    chart = "plan"
    has_rate = True
    figure_word = "累计完成"

    def gap_text(self, ind, value):
        return f"距目标尚差{quantity(ind.target - value, ind.unit)}"

    def situation(self, ind, value, *, value_text, span, rate, gap, planned_word, due, past_due):
        remaining = quantity(ind.target - value, ind.unit)
        if past_due:
            return f"{span}累计完成{value_text}，完成率{rate}，已到完成期限（{due}）仍未完成，尚差{remaining}"
        below = f"，低于{planned_word}{gap}" if gap else ""
        return f"{span}累计完成{value_text}，完成率{rate}{below}，距全年目标尚差{remaining}"

    def rule_sentence(self, *, span, tolerance, final, grace):
        return (f"累计类指标完成率＝{span}累计完成÷目标任务，时序进度＝已过月数÷12（另定完成期限或分月计划的，按计划进度）；"
                f"完成率达到100%为“已完成”（超过100%为“超额完成”），不低于时序进度为“序时推进”，"
                f"低于时序进度不超过{tolerance}为“滞后”，超过{tolerance}为“严重滞后”，"
                f"到完成期限（未另定的为{final}）仍未完成为“未完成”。")


class Threshold(Wording):
    kind = kinds.Threshold
    chart = "target"
    has_rate = True
    lag_word = "未达到标准"
    figure_word = "现行标准"

    def target_text(self, ind):
        return f"不低于{quantity(ind.target, ind.unit)}"

    def gap_text(self, ind, value):
        return _level_gap(ind, value, "标准", "达到标准")

    def report_value(self, ind, value):
        return _with_gap(self, ind, value)

    def situation(self, ind, value, *, value_text, span, rate, gap, planned_word, due, past_due):
        if past_due:
            return f"现行{value_text}，已过达标期限（{due}）"
        return f"现行{value_text}，须于{due}底前达到{quantity(ind.target, ind.unit)}"

    def rule_sentence(self, *, span, tolerance, final, grace):
        return (f"标准类指标（“不低于”）以现行标准是否达到目标衡量，达到为“已完成”，达标期限（未另定的为{final}）前未达到为“滞后”，"
                f"到期仍未达到为“未完成”；其完成率仅供参考，不适用时序进度。")


class Ceiling(Wording):
    kind = kinds.Ceiling
    chart = "target"
    lag_word = "超过上限"
    figure_word = "现行水平"

    def target_text(self, ind):
        return f"控制在{quantity(ind.target, ind.unit)}以内"

    def gap_text(self, ind, value):
        return _level_gap(ind, value, "上限", "等于上限")

    def report_value(self, ind, value):
        return _with_gap(self, ind, value)

    def situation(self, ind, value, *, value_text, span, rate, gap, planned_word, due, past_due):
        if past_due:
            return f"现行{value_text}，已过期限（{due}）"
        return f"现行{value_text}，须于{due}底前控制在{quantity(ind.target, ind.unit)}以内"

    def rule_sentence(self, *, span, tolerance, final, grace):
        return (f"上限类指标（“控制在……以内”）以现行水平是否不超过上限衡量，不超过为“已完成”，期限（未另定的为{final}）前超过为“滞后”，"
                f"到期仍超过为“未完成”；不计完成率。")


class Milestone(Wording):
    kind = kinds.Milestone
    chart = "stages"
    has_rate = True

    def target_text(self, ind):
        return "、".join(f"{month_label(s.due)}底前{s.name}" for s in ind.stages)

    def value_text(self, ind, value):
        if value is None or math.isnan(value):
            return "—"
        k = int(value)
        if k == 0:
            return "未开工"
        return f"已{ind.stages[k - 1].name}（{k}/{len(ind.stages)}）"

    def cut_text(self, ind, reported, certified):
        return f"{int(reported) - int(certified)}个阶段"

    def gap_text(self, ind, value):
        k = 0 if value is None or math.isnan(value) else int(value)
        if k >= len(ind.stages):
            return ""
        nxt = ind.stages[k]
        return f"下一节点：{month_label(nxt.due)}底前{nxt.name}"

    def situation(self, ind, value, *, value_text, span, rate, gap, planned_word, due, past_due):
        k = 0 if value != value else int(value)
        nxt = ind.stages[min(k, len(ind.stages) - 1)]
        if past_due:
            return f"目前{value_text}，已过最后期限（{due}），尚未{nxt.name}"
        return f"目前{value_text}，应于{month_label(nxt.due)}底前{nxt.name}"

    def rule_sentence(self, *, span, tolerance, final, grace):
        return (f"节点类指标按各阶段的完成期限衡量：全部阶段完成为“已完成”，到期阶段均已完成为“序时推进”，有阶段逾期为“滞后”，"
                f"逾期{grace}个月及以上为“严重滞后”，到最后期限仍未完成为“未完成”。")

    def json_target(self, ind):
        return None

    def json_unit(self, ind):
        return None

    def form_target(self, ind):
        return self.target_text(ind)

    def form_value(self, ind, value):
        k = int(value)
        return NOT_STARTED[0] if k == 0 else ind.stages[k - 1].name

    def choices(self, ind):
        return (NOT_STARTED[0], *(s.name for s in ind.stages))


class Qualitative(Wording):
    kind = kinds.Qualitative
    def target_text(self, ind):
        return ind.target_text

    def value_text(self, ind, value):
        if value is None or math.isnan(value):
            return "—"
        return LABELS[_QUALITATIVE_BY_CODE[float(value)]]

    def cut_text(self, ind, reported, certified):
        """A status certified lower (已完成 → 滞后): how many steps of 已完成、序时推进、滞后、严重滞后."""
        return f"降{int(reported - certified)}档"

    def situation(self, ind, value, *, value_text, span, rate, gap, planned_word, due, past_due):
        late = f"，已过完成期限（{due}）" if past_due else ""
        return f"责任单位报送“{value_text}”{late}"

    def rule_sentence(self, *, span, tolerance, final, grace):
        return "定性类指标以责任单位报送的状态为准（经统计部门认定前为单位自评），到完成期限仍未完成为“未完成”。"

    def json_target(self, ind):
        return ind.target_text

    def json_unit(self, ind):
        return None

    def json_value(self, ind, value):
        if value is None or math.isnan(value):
            return None
        return _QUALITATIVE_BY_CODE[float(value)]

    def form_target(self, ind):
        return ind.target_text

    def form_value(self, ind, value):
        return LABELS[_QUALITATIVE_BY_CODE[float(value)]]

    def choices(self, ind):
        return tuple(LABELS[s] for s in ("done", "on_track", "lagging", "behind"))


#: each kind's wording, by the kind's registry key (the same keys as core.kinds.KINDS)
class Ongoing(Wording):
    """An item with no yearly target (不设年度目标任务，常态化开展): a status word or none."""

    kind = kinds.Ongoing

    def target_text(self, ind):
        return "不设年度目标任务"

    def value_text(self, ind, value):
        if value is None or math.isnan(value):
            return "—"
        if value == kinds.ONGOING_CODE:
            return kinds.ONGOING_WORD
        return LABELS[_QUALITATIVE_BY_CODE[float(value)]]

    def cut_text(self, ind, reported, certified):
        return ""

    def situation(self, ind, value, *, value_text, span, rate, gap, planned_word, due, past_due):
        return f"责任单位报送“{value_text}”"

    def rule_sentence(self, *, span, tolerance, final, grace):
        return "常态化开展事项不设年度目标任务，只报送开展情况，不计入各状态的统计，也不参加考核、排名和督办。"

    def json_target(self, ind):
        return None

    def json_unit(self, ind):
        return None

    def json_value(self, ind, value):
        if value is None or math.isnan(value) or value == kinds.ONGOING_CODE:
            return None
        return _QUALITATIVE_BY_CODE[float(value)]

    def form_target(self, ind):
        return self.target_text(ind)

    def form_value(self, ind, value):
        return self.value_text(ind, value)

    def choices(self, ind):
        return (kinds.ONGOING_WORD, *(LABELS[s] for s in ("done", "on_track", "lagging", "behind")))


WORDING: dict[str, Wording] = {w.kind.key: w for w in (Cumulative(), Threshold(), Ceiling(), Milestone(), Qualitative(),
                                                       Ongoing())}


def wording(indicator: "Indicator") -> Wording:
    """The wording of an indicator's kind."""
    return WORDING[indicator.kind]


# ---------------------------------------------------------------------- small wording helpers


def difference(x: float, unit: str) -> str:
    """A difference in the indicator's unit; between percentages it is in 个百分点 (docs/kinds.md)."""
    if unit == "%":
        return f"{number(x)}个百分点"
    return quantity(x, unit.split("/")[0] if "/" in unit else unit)


def _level_gap(ind: "Indicator", value: float, what: str, equal: str) -> str:
    if value is None or math.isnan(value):
        return ""
    diff = value - ind.target
    if abs(diff) <= EPSILON * max(abs(ind.target), 1.0):
        return equal
    side = "高于" if diff > 0 else "低于"
    return f"{side}{what}{difference(abs(diff), ind.unit)}"


def _with_gap(wording: Wording, ind: "Indicator", value: float) -> str:
    """``3300元/年，低于标准180元`` (a level and how it compares)."""
    if value is None or math.isnan(value):
        return "—"
    return f"{wording.value_text(ind, value)}，{wording.gap_text(ind, value)}"


def month_label(month: str) -> str:
    """``2016-05`` -> ``5月``."""
    return f"{int(month[5:7])}月"
