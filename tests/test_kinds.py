"""docs/kinds.md: every kind's status boundaries, plan interpolation, overdue stages, the final-month
rule, a target once reached staying reached, and the kinds as the one place that decides."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from minshi_cli.core import kinds
from minshi_cli.core.registry import load_registry
from minshi_cli.core.rules import Facts, evaluate, status_of
from minshi_cli.views.kind_wording import wording
from tests.conftest import REPO, write

COUNTY = REPO / "examples" / "county-2016"


# ------------------------------------------------------------------ one kind at a time


@pytest.mark.parametrize("value,month,due,expected", [
    (4.2, 6, 12, "done"),     # below the ceiling: met
    (4.3, 6, 12, "done"),     # exactly the ceiling: met (控制在4.3%以内)
    (4.31, 6, 12, "lagging"),  # above it before the due month
    (4.31, 12, 12, "behind"),  # above it in the due month
    (4.4, 7, 6, "behind"),    # above it after its own due month
    (math.nan, 6, 12, "missing"),
])
def test_ceiling(value, month, due, expected):
    assert status_of("ceiling", value, 4.3, month, due) == expected


def test_ceiling_target_may_be_zero():
    assert status_of("ceiling", 0, 0, 6) == "done" and status_of("ceiling", 1, 0, 6) == "lagging"


@pytest.mark.parametrize("value,month,expected", [
    (0, 4, "on_track"),   # nothing due yet (stages due in May and September)
    (0, 5, "lagging"),    # 动工 due this month, not reached: overdue by 0
    (0, 6, "lagging"),    # overdue by 1 < grace 2
    (0, 7, "behind"),     # overdue by 2 = grace
    (1, 7, "on_track"),   # 动工 reached; 投入使用 due in September
    (1, 9, "behind"),     # the last stage's due month: due and unfinished
    (2, 9, "done"),
    (2, 3, "done"),       # all stages reached early
    (math.nan, 6, "missing"),
])
def test_milestone_with_grace(value, month, expected):
    assert status_of("milestone", value, math.nan, month, stages=(5, 9), grace=2) == expected


def test_milestone_grace_is_a_setting():
    assert status_of("milestone", 0, math.nan, 6, stages=(5, 9), grace=1) == "behind"
    assert status_of("milestone", 0, math.nan, 5, stages=(5, 9), grace=0) == "behind"


@pytest.mark.parametrize("word,month,expected", [
    ("done", 6, "done"), ("on_track", 6, "on_track"), ("lagging", 6, "lagging"), ("behind", 6, "behind"),
    ("on_track", 12, "behind"),  # reported 序时推进 at its due month: not done, due
    ("lagging", 11, "lagging"),
])
def test_qualitative_takes_the_units_word(word, month, expected):
    assert status_of("qualitative", kinds.QUALITATIVE_CODES[word], math.nan, month) == expected


@pytest.mark.parametrize("value,month,planned,expected", [
    (0, 8, 0.0, "on_track"),    # a plan of 0 until August: a bridge not yet built is not late
    (0, 9, 1.0, "behind"),      # its due month (due defaults to 12 here, so on the plan's q = 1)
    (1, 9, 1.0, "behind"),      # 50% against a planned 100%, before due (due 12): 0.5 < 1.0 - 0.1
    (1.9, 9, 1.0, "lagging"),   # 95% against a planned 100%: within the tolerance
])
def test_cumulative_follows_the_plan(value, month, planned, expected):
    assert status_of("cumulative", value, 2, month, 12, planned=planned) == expected


def test_cumulative_due_month_is_its_own():
    # due in June: q = min(m / 6, 1); r = 0.4 in March against q = 0.5 -> lagging; June unfinished -> behind
    assert status_of("cumulative", 40, 100, 3, 6) == "lagging"
    assert status_of("cumulative", 99, 100, 6, 6) == "behind"
    assert status_of("cumulative", 100, 100, 6, 6) == "done"


def test_final_month_rule_applies_to_every_kind():
    for kind, value, target in [("cumulative", 99, 100), ("threshold", 99, 100), ("ceiling", 101, 100)]:
        assert status_of(kind, value, target, 12, 12) == "behind", kind
    assert status_of("qualitative", kinds.QUALITATIVE_CODES["on_track"], math.nan, 12) == "behind"
    # a final month before December ends the year there
    assert status_of("cumulative", 99, 100, 11, 12, final=11) == "behind"


# ------------------------------------------------------------------ the planned share q(m)


def _one_indicator(tmp_path: Path, extra: str, kind: str = "cumulative", target: str = "target: 120, unit: 个") -> Facts:
    text = f"""year: 2019
final_month: 2019-12
projects:
  - seq: 1
    name: 测试
    level: city
    unit: 区教育局
    indicators:
      - {{id: x, name: 测试, kind: {kind}, {target}{extra}}}
"""
    return Facts(load_registry(write(tmp_path / "projects.yaml", text)))


def test_plan_is_interpolated_through_zero_and_flat_after_the_last_point(tmp_path):
    facts = _one_indicator(tmp_path, ", plan: {2019-03: 30, 2019-06: 90}")
    q = facts.planned(np.zeros(8, dtype=int), np.array([1, 2, 3, 4, 5, 6, 7, 12]))
    assert q.tolist() == pytest.approx([10 / 120, 20 / 120, 30 / 120, 50 / 120, 70 / 120, 90 / 120, 90 / 120, 90 / 120])


def test_without_a_plan_q_is_m_over_the_due_month(tmp_path):
    facts = _one_indicator(tmp_path, ", due: 2019-08")
    q = facts.planned(np.zeros(3, dtype=int), np.array([2, 8, 11]))
    assert q.tolist() == pytest.approx([2 / 8, 1.0, 1.0])


# ------------------------------------------------------------------ values of each kind


def test_percent_values_accept_the_sign(tmp_path):
    spec = kinds.KINDS["threshold"]
    facts = pd.DataFrame({"unit": ["%"] * 4})
    value, code = spec.parse(pd.Series(["95%", "95 %", "95", "９５％"]), facts)
    assert value.tolist() == [95.0, 95.0, 95.0, 95.0] and code.isna().all()
    value, code = spec.parse(pd.Series(["95%"]), pd.DataFrame({"unit": ["人"]}))
    assert math.isnan(value[0]) and code[0] == "percent-value"


def test_milestone_values(tmp_path):
    spec = kinds.KINDS["milestone"]
    names = ("动工", "投入使用")
    text = pd.Series(["动工", "已投入使用", "2", "0", "未开工", " 1 ", "竣工", "3", ""])
    value, code = spec.parse(text, pd.DataFrame({"stage_names": [names] * len(text)}))
    assert value.tolist()[:6] == [1.0, 2.0, 2.0, 0.0, 0.0, 1.0]
    assert code.tolist()[6:8] == ["unknown-stage", "unknown-stage"] and math.isnan(value[8]) and code[8] is None


def test_qualitative_words():
    spec = kinds.KINDS["qualitative"]
    text = pd.Series(["已完成", "正常推进", "按序时推进", "达到时间进度", "滞后", "未完成", "behind", "差不多"])
    value, code = spec.parse(text, pd.DataFrame(index=text.index))
    assert value.tolist()[:7] == [3.0, 2.0, 2.0, 2.0, 1.0, 0.0, 0.0]
    assert code.tolist() == [None] * 7 + ["unknown-status-word"]


def test_differences_between_percentages_are_points():
    registry = load_registry(COUNTY / "projects.yaml")
    ceiling = registry.indicator("11")
    assert wording(ceiling).report_value(ceiling, 4.2) == "4.2%，低于上限0.3个百分点"
    assert wording(ceiling).target_text(ceiling) == "控制在4.5%以内"
    stage = registry.indicator("4")
    assert wording(stage).target_text(stage) == "5月底前动工、12月底前建成"
    assert wording(stage).value_text(stage, 1.0) == "已动工（1/2）" and wording(stage).value_text(stage, 0.0) == "未开工"


# ------------------------------------------------------------------ evaluate: carried figures, labels


def _records(rows):
    return pd.DataFrame(rows, columns=["month", "indicator", "value", "note", "reporter"])


def test_a_target_once_reached_stays_reached(tmp_path):
    registry = load_registry(COUNTY / "projects.yaml")
    recs = _records([("2016-05", "9", 2900.0, "", ""), ("2016-05", "4", 2.0, "", ""), ("2016-05", "8b", 1.0, "", "")])
    rows = evaluate(registry, recs, "2016-07").indicators.set_index("id")
    nine, four, eight = rows.loc["9"], rows.loc["4"], rows.loc["8b"]
    assert (nine.status, nine.value, nine.delta, nine.carried_from, nine.label) == ("done", 2900.0, 0.0, "2016-05", "超额完成")
    assert (four.status, four.carried_from, four.stage) == ("done", "2016-05", "建成")
    assert eight.status == "missing" and eight.carried_from is None  # 1 of 2 is not a target reached


def test_only_cumulative_and_milestone_figures_are_carried():
    """A level in force (threshold, ceiling) or a unit's word (qualitative) is this month's or nothing:
    met in May and not reported in July is 未报送, not carried (docs/kinds.md)."""
    registry = load_registry(COUNTY / "projects.yaml")
    done = float(kinds.QUALITATIVE_CODES["done"])
    recs = _records([("2016-05", "12", 95.3, "", ""), ("2016-05", "11", 4.2, "", ""), ("2016-05", "13", done, "", "")])
    rows = evaluate(registry, recs, "2016-07").indicators.set_index("id")
    for indicator in ("11", "12", "13"):
        assert (rows.loc[indicator, "status"], rows.loc[indicator, "carried_from"]) == ("missing", None), indicator


def test_labels_past_due_and_over_target():
    registry = load_registry(COUNTY / "projects.yaml")
    recs = _records([("2016-06", "5a", 0.0, "", ""), ("2016-06", "11", 4.2, "", ""), ("2016-06", "9", 1250.0, "", "")])
    rows = evaluate(registry, recs, "2016-06").indicators.set_index("id")
    assert (rows.loc["5a", "status"], rows.loc["5a", "label"]) == ("behind", "未完成")  # 动工 due in May
    assert (rows.loc["9", "status"], rows.loc["9", "label"]) == ("lagging", "滞后")
    assert math.isnan(rows.loc["11", "rate"]) and rows.loc["11", "label"] == "已完成"


def test_streak_skips_unreported_months_and_thresholds_before_due():
    registry = load_registry(REPO / "data" / "projects.yaml")
    recs = _records([("2019-04", "14", 1000.0, "", ""), ("2019-06", "14", 1500.0, "", ""),
                     ("2019-03", "5a", 3000.0, "", ""), ("2019-06", "5a", 3000.0, "", "")])
    rows = evaluate(registry, recs, "2019-06").indicators.set_index("id")
    assert (rows.loc["14", "lag_months"], rows.loc["14", "lag_since"], rows.loc["14", "lag_gaps"]) == (2, 4, "5月")
    assert rows.loc["14", "delta_since"] == 5  # 本月新增 covers May and June
    assert rows.loc["5a", "lag_months"] == 0  # a standard short of its target before December is not late


# ------------------------------------------------------------------ one place decides


def test_no_module_but_kinds_asks_which_kind_it_is():
    """Kinds, not branches: no comparison with a kind's name outside core/kinds.py."""
    # a kind's key in quotes anywhere else is a branch or a table keyed by kind waiting to happen
    pattern = re.compile(r"""["'](cumulative|threshold|ceiling|milestone|qualitative)["']""")
    offenders = []
    for path in (REPO / "minshi_cli").rglob("*.py"):
        if path.name == "kinds.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(REPO)}:{n}: {line.strip()}")
    for path in (REPO / "templates").glob("*.j2"):
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.name}: {m.group(0)}" for m in pattern.finditer(text)]
    assert offenders == []


def test_every_kind_is_worded():
    """Each kind has its wording for the views (views/kind_wording.py), and nothing else is worded."""
    from minshi_cli.views.kind_wording import WORDING

    assert list(WORDING) == list(kinds.KINDS)
    assert all(type(kinds.KINDS[key]) is w.kind for key, w in WORDING.items())


def test_every_kind_is_documented():
    docs = (REPO / "README.md").read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in (REPO / "docs").glob("*.md"))
    for key in kinds.KINDS:
        assert f"`{key}`" in docs, key
