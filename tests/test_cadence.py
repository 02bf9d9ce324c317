"""Quarterly reporting (docs/registry.md ``cadence``) and late starts (docs/kinds.md ``start``):
expected months, figures carried between them, not_due before the first, quarter spans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import write

REGISTRY = """\
year: 2025
final_month: 2025-12
title: 为民办实事
cadence: quarterly
rules:
  escalation:
    - {months: 2, action: 约谈}
projects:
  - seq: 1
    name: 新增就业
    level: province
    unit: 人社局
    indicators:
      - {id: "1", name: 新增就业, kind: cumulative, target: 1200, unit: 人}
      - {id: "2", name: 职业培训, kind: cumulative, target: 120, unit: 个, cadence: monthly}
  - seq: 2
    name: 养老服务
    level: city
    unit: 民政局
    indicators:
      - {id: "3", name: 新建养老院, kind: cumulative, target: 10, unit: 个, start: 2025-07, cadence: monthly}
      - {id: "4", name: 改造敬老院, kind: cumulative, target: 4, unit: 个, due: 2025-08}
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    write(data / "projects.yaml", REGISTRY)
    rows = {1: "2,10", 2: "2,20", 3: "1,100\n2,30", 4: "2,40", 5: "2,50", 6: "1,300\n2,60", 7: "2,70\n3,1",
            8: "2,80\n3,2\n4,4"}
    for m, text in rows.items():
        write(data / "progress" / f"2025-{m:02d}.csv", f"indicator,value,note\n{text}\n".replace("\n", ",说明\n")
              .replace("indicator,value,note,说明", "indicator,value,note"))
    return data


def _json(run, folder, *args, code=0):
    result = run("--data", folder, *args, "--format", "json")
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)


def _items(run, folder, month):
    return {i["id"]: i for i in _json(run, folder, "status", "--as-of", month)["indicators"]}


def test_not_due_before_the_first_figure_and_counted_apart(run, folder):
    doc = _json(run, folder, "status", "--as-of", "2025-02")
    item = {i["id"]: i for i in doc["indicators"]}
    assert (item["1"]["status"], item["1"]["label"], item["1"]["value"]) == ("not_due", "未到报送期", None)
    assert item["3"]["status"] == "not_due"  # before its start
    assert doc["summary"]["not_due"] == 3 and doc["summary"]["missing"] == 0
    text = run("--data", folder, "status", "--as-of", "2025-02").stdout
    assert text.rstrip().endswith("未报送 0 项，未到报送期 3 项")
    units = {u["unit"]: u for u in _json(run, folder, "assess", "--as-of", "2025-02")["units"]}
    assert "民政局" not in units and units["人社局"]["indicators"] == 1  # not due: in no verdict


def test_a_figure_is_carried_to_months_not_expected(run, folder):
    item = _items(run, folder, "2025-05")["1"]
    # March's 100 of 1200 with March's status (8.3% against q = 3/12: behind) and planned share
    assert (item["status"], item["value"], item["delta"], item["carried_from"], item["planned"]) == \
        ("behind", 100, 0, "2025-03", 0.25)
    assert item["cadence"] == "quarterly" and _items(run, folder, "2025-05")["2"]["cadence"] == "monthly"
    found = _json(run, folder, "check")["problems"]
    assert not [p for p in found if p["code"] == "not-reported" and "指标 1" in p["message"]]


def test_an_expected_month_without_a_row_is_missing(run, folder):
    write(folder / "progress" / "2025-09.csv", "indicator,value,note\n2,90,\n3,3,说明\n")
    item = _items(run, folder, "2025-09")
    assert item["1"]["status"] == "missing"
    found = _json(run, folder, "check")["problems"]
    silent = [p["message"] for p in found if p["code"] == "not-reported"]
    assert any("指标 1（" in m and "2025-09" in m for m in silent)


def test_the_due_month_is_expected(run, folder):
    # indicator 4 is due in August: expected then, though not a quarter end
    item = _items(run, folder, "2025-08")["4"]
    assert (item["status"], item["carried_from"]) == ("done", None)
    assert _items(run, folder, "2025-07")["4"]["status"] == "not_due"


def test_the_increment_spans_the_months_since_the_previous_figure(run, folder):
    item = _items(run, folder, "2025-06")["1"]
    assert item["delta"] == 200
    md = run("--data", folder, "report", "--month", "2025-06", "--generated-at", "2025-07-05 09:00").stdout
    assert "200人（4—6月）" in md


def test_streaks_count_expected_months_only(run, folder):
    # indicator 1 behind in March and June: two expected months in a row (April and May carry March's)
    item = _items(run, folder, "2025-06")["1"]
    assert (item["status"], item["lag_months"], item["action"]) == ("behind", 2, "约谈")
    assert _items(run, folder, "2025-05")["1"]["lag_months"] == 1


def test_quarter_spans_in_titles(run, folder):
    for month, span in (("2025-03", "一季度"), ("2025-06", "上半年"), ("2025-05", "1—5月")):
        md = run("--data", folder, "report", "--month", month, "--generated-at", "2025-07-05 09:00").stdout
        assert md.startswith(f"# 2025年为民办实事工作调度通报（{span}）")


def test_monthly_registry_spans_stay(run, folder):
    write(folder / "projects.yaml", REGISTRY.replace("cadence: quarterly\nrules", "rules"))
    md = run("--data", folder, "report", "--month", "2025-06", "--generated-at", "2025-07-05 09:00").stdout
    assert md.startswith("# 2025年为民办实事工作调度通报（1—6月）")
    doc = _json(run, folder, "status", "--as-of", "2025-06")
    assert "not_due" in doc["summary"]  # indicator 3 still starts in July
    assert {i["id"]: i.get("cadence") for i in doc["indicators"]}["1"] == "monthly"


def test_the_form_lists_the_indicators_expected(run, folder, tmp_path):
    out = tmp_path / "forms"
    assert run("--data", folder, "template", "--month", "2025-05", "--format", "csv", "-o", out).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["人社局-2025-05.csv"]  # 民政局: nothing asked in May
    rows = (out / "人社局-2025-05.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    assert [r.split(",")[0] for r in rows] == ["2"]
    assert run("--data", folder, "template", "--month", "2025-06", "--format", "csv", "-o", out).exit_code == 0
    rows = (out / "人社局-2025-06.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    assert [r.split(",")[0] for r in rows] == ["1", "2"]


def test_start_shapes_the_planned_share(run, folder):
    # start 2025-07, due 2025-12: q(7) = 1/6, q(8) = 2/6
    assert _items(run, folder, "2025-07")["3"]["planned"] == pytest.approx(1 / 6)
    assert _items(run, folder, "2025-08")["3"]["planned"] == pytest.approx(2 / 6)


def test_start_q_formula(tmp_path):
    import numpy as np

    from minshi_cli.core.registry import load_registry
    from minshi_cli.core.rules import facts_of

    text = REGISTRY.replace("start: 2025-07, cadence: monthly", "start: 2025-04, due: 2025-09")
    registry = load_registry(write(tmp_path / "projects.yaml", text))

    facts = facts_of(registry)
    row = [i.id for i in registry.indicators].index("3")
    q = facts.planned(np.full(12, row), np.arange(1, 13))
    assert q.tolist() == pytest.approx([0, 0, 0, 1 / 6, 2 / 6, 3 / 6, 4 / 6, 5 / 6, 1, 1, 1, 1])


@pytest.mark.parametrize("old,new,code,said", [
    ("cadence: quarterly\nrules", "cadence: 季度\nrules", "registry-field", "cadence 只能是 monthly（每月报送）或 quarterly"),
    ("target: 120, unit: 个, cadence: monthly", "target: 120, unit: 个, cadence: weekly", "registry-field",
     "只能是 monthly"),
    ("start: 2025-07, cadence: monthly", "start: 2025-13", "registry-field", "start 应为 2025 年内的月份"),
    ("target: 4, unit: 个, due: 2025-08}", "target: 4, unit: 个, due: 2025-08, start: 2025-09}", "registry-field",
     "start 2025-09 晚于完成期限 2025-08"),
    ("start: 2025-07, cadence: monthly", "start: 2025-07, plan: {2025-09: 5}", "registry-plan", "同时有 start 和 plan"),
])
def test_bad_values_are_errors_at_their_line(run, folder, old, new, code, said):
    text = REGISTRY.replace(old, new)
    write(folder / "projects.yaml", text)
    problems = _json(run, folder, "check", code=1)["problems"]
    assert [p["code"] for p in problems] == [code]
    line = next(k for k, t in enumerate(text.splitlines(), 1) if new.split("\n")[0] in t)
    assert problems[0]["line"] == line and said in problems[0]["message"]


def test_start_on_another_kind_is_not_for_the_kind(run, folder):
    text = REGISTRY.replace("{id: \"4\", name: 改造敬老院, kind: cumulative, target: 4, unit: 个, due: 2025-08}",
                            "{id: \"4\", name: 改造敬老院, kind: qualitative, target: 应改尽改, start: 2025-03}")
    write(folder / "projects.yaml", text)
    problems = _json(run, folder, "check", code=1)["problems"]
    assert [p["code"] for p in problems] == ["registry-key-not-for-kind"]


def test_the_due_and_final_months_are_expected_without_a_row(run, folder):
    write(folder / "progress" / "2025-08.csv", "indicator,value,note\n2,80,\n3,2,说明\n")
    assert _items(run, folder, "2025-08")["4"]["status"] == "missing"  # due in August: asked for, not sent
    write(folder / "projects.yaml", REGISTRY.replace("final_month: 2025-12", "final_month: 2025-11"))
    write(folder / "progress" / "2025-10.csv", "indicator,value,note\n2,100,\n3,3,说明\n")
    write(folder / "progress" / "2025-11.csv", "indicator,value,note\n2,110,\n3,4,说明\n")
    assert _items(run, folder, "2025-10")["1"]["status"] == "behind"  # carried from June
    assert _items(run, folder, "2025-11")["1"]["status"] == "missing"  # the final month is expected
    assert _items(run, folder, "2025-11")["4"]["status"] == "missing"  # also after an earlier due month


def test_verify_compares_a_carried_figure(run, folder, tmp_path):
    table = write(tmp_path / "published.csv", "序号,项目名称,目标任务,累计完成,完成率,责任单位\n"
                  "1,新增就业,1200人,100人,8.3%,人社局\n")
    assert run("--data", folder, "verify", table, "--month", "2025-05").exit_code == 0
    write(table, "序号,项目名称,目标任务,累计完成,完成率,责任单位\n1,新增就业,1200人,150人,12.5%,人社局\n")
    result = run("--data", folder, "verify", table, "--month", "2025-05")
    assert result.exit_code == 1 and "为 100人（沿用3月数据" in result.stdout
