"""Escalation (督促整改, docs/assessment.md): the action due for a streak of lagging months, in status
JSON; the streak itself (lag_months) is the rules' (tests/test_rules.py and here on the shipped data)."""

from __future__ import annotations

import json

from minshi_cli.core.model import Escalation, Registry
from tests.conftest import DATA

STEPS = (Escalation(2, "约谈"), Escalation(3, "通报批评"), Escalation(4, "挂牌督办"))


def test_the_largest_step_reached():
    registry = Registry("x", 2019, "2019-12", 0.1, (), escalation=STEPS)
    assert [registry.action_for(n) for n in (0, 1, 2, 3, 4, 9)] == [None, None, "约谈", "通报批评", "挂牌督办", "挂牌督办"]
    assert Registry("x", 2019, "2019-12", 0.1, ()).action_for(5) is None  # no rule, no action
    assert Registry("x", 2019, "2019-12", 0.1, (), escalation=(Escalation(3, "通报批评"),)).action_for(2) is None


def test_status_json_lag_months_and_action(run):
    doc = json.loads(run("--data", DATA, "status", "--as-of", "2019-06", "--format", "json").stdout)
    ind = {i["id"]: (i["lag_months"], i["action"]) for i in doc["indicators"]}
    assert ind["11"] == (6, "挂牌督办")
    assert ind["14"] == (3, "通报批评")
    assert ind["5a"] == (0, None)  # below its standard, but not due until December: not late yet
    assert ind["1"] == (0, None)


def test_a_month_without_a_figure_neither_counts_nor_breaks(run, data_dir):
    """Indicator 7 lagged in April and May and is behind in June (3 months: 通报批评); with May
    left out, April and June still make one streak of 2 (约谈)."""
    doc = json.loads(run("--data", data_dir, "status", "--as-of", "2019-06", "--format", "json").stdout)
    assert next((i["lag_months"], i["action"]) for i in doc["indicators"] if i["id"] == "7") == (3, "通报批评")
    path = data_dir / "progress" / "2019-05.csv"
    path.write_text("".join(x for x in path.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not x.startswith("7,")), encoding="utf-8")
    doc = json.loads(run("--data", data_dir, "status", "--as-of", "2019-06", "--format", "json").stdout)
    assert next((i["lag_months"], i["action"]) for i in doc["indicators"] if i["id"] == "7") == (2, "约谈")


def test_the_reports_summary_names_each_unit_once_under_its_most_severe_action():
    """区民政局 is due 约谈 for one indicator and 挂牌督办 for another: it is counted once, under
    挂牌督办 (whichever comes first in the rows); an action on an item no longer lagging is not due."""
    from minshi_cli.views.report import _escalation_summary

    registry = Registry("x", 2019, "2019-12", 0.1, (), escalation=STEPS)
    rows = [{"unit": "区民政局", "action": "约谈", "status": "lagging"},
            {"unit": "区教育局", "action": "约谈", "status": "behind"},
            {"unit": "区民政局", "action": "挂牌督办", "status": "behind"},
            {"unit": "区民政局", "action": "通报批评", "status": "lagging"},
            {"unit": "区卫健局", "action": "通报批评", "status": "on_track"},
            {"unit": "区住建局", "action": None, "status": "behind"}]
    assert _escalation_summary(rows, registry) == "本月应约谈1个单位（区教育局），应挂牌督办1个单位（区民政局）。"
    assert _escalation_summary(rows[4:], registry) == ""
