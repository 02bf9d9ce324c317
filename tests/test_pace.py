"""rules.pace: none (docs/rules.md, 只看完成情况): completion only, never compared with the time elapsed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import write

REGISTRY = """\
year: 2010
final_month: 2010-12
title: 民生实事
levels: {{county: 县级}}
rules:
  pace: {pace}
  escalation: [{{months: 2, action: 约谈}}]
projects:
  - seq: 1
    name: 新建农村公路
    level: county
    unit: 县交通局
    indicators:
      - {{id: "1", name: 新建农村公路, kind: cumulative, target: 100, unit: 公里, due: 2010-08}}
  - seq: 2
    name: 建设养老中心
    level: county
    unit: 县民政局
    indicators:
      - {{id: "2", name: 养老中心, kind: milestone, stages: [{{name: 开工, due: 2010-03}}, {{name: 竣工, due: 2010-10}}]}}
      - {{id: "3", name: 政策落实, kind: qualitative, target: 落实到位}}
      - {{id: "4", name: 覆盖率, kind: threshold, target: 90, unit: "%"}}
"""

MONTHS = {
    "2010-06": "1,10,\n2,0,\n3,滞后,\n4,80,\n",
    "2010-07": "1,20,\n2,0,\n3,滞后,\n4,80,\n",
    "2010-08": "1,30,\n2,0,\n3,滞后,\n4,80,\n",
    "2010-09": "1,40,\n2,0,\n3,滞后,\n4,80,\n",
}


def _folder(tmp_path: Path, pace: str = "none", months=MONTHS) -> Path:
    data = tmp_path / "data"
    write(data / "projects.yaml", REGISTRY.format(pace=pace))
    for month, rows in months.items():
        write(data / "progress" / f"{month}.csv", "indicator,value,note\n" + rows)
    return data


def _text(path: Path) -> str:
    """A report's text, whatever its format."""
    if path.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path)
        return "\n".join(str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                         for c in row if c is not None)
    if path.suffix == ".docx":
        import docx

        doc = docx.Document(str(path))
        cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)
    text = path.read_text(encoding="utf-8")
    if "</style>" in text:  # what is shown, not the stylesheet's comments
        text = text[:text.index("<style")] + text[text.index("</style>"):]
    return text


def _json(run, data, *args):
    return json.loads(run("status", "--data", data, "--format", "json", *args).stdout)


def test_before_due_not_done_is_on_track_labelled_in_progress(run, tmp_path):
    doc = _json(run, _folder(tmp_path), "--as-of", "2010-07")
    by_id = {i["id"]: i for i in doc["indicators"]}
    # 20% of the road in July (7/8 of the time gone) and a centre not started past its 开工 month
    assert (by_id["1"]["status"], by_id["1"]["label"]) == ("on_track", "推进中")
    assert (by_id["2"]["status"], by_id["2"]["label"]) == ("on_track", "推进中")
    assert (by_id["4"]["status"], by_id["4"]["label"]) == ("on_track", "推进中")
    # a qualitative indicator keeps the word reported
    assert (by_id["3"]["status"], by_id["3"]["label"]) == ("lagging", "滞后")
    assert doc["summary"] == {"done": 0, "on_track": 3, "lagging": 1, "behind": 0, "missing": 0}


def test_at_due_unfinished_is_behind(run, tmp_path):
    doc = _json(run, _folder(tmp_path), "--as-of", "2010-08")
    road = doc["indicators"][0]
    assert (road["status"], road["label"]) == ("behind", "未完成")


def test_no_time_progress_in_json(run, tmp_path):
    doc = _json(run, _folder(tmp_path), "--as-of", "2010-07")
    assert doc["pace"] == "none" and doc["time_progress"] is None
    assert [i["planned"] for i in doc["indicators"]] == [None] * 4
    # a registry with pace time (or without the key) has no "pace" key and its time progress
    timed = _json(run, _folder(tmp_path / "t", "time"), "--as-of", "2010-07")
    assert "pace" not in timed and timed["time_progress"] == pytest.approx(7 / 12)
    assert timed["indicators"][0]["planned"] == pytest.approx(7 / 8)
    assert timed["indicators"][0]["status"] == "behind"  # 20% against 87.5%: the time pace judges it


def test_streaks_count_behind_months_only(run, tmp_path):
    doc = _json(run, _folder(tmp_path), "--as-of", "2010-09")
    by_id = {i["id"]: i for i in doc["indicators"]}
    assert by_id["1"]["lag_months"] == 2 and by_id["1"]["action"] == "约谈"  # August and September, past due
    assert by_id["3"]["lag_months"] == 0 and by_id["3"]["action"] is None  # lagging, never behind
    assert by_id["2"]["lag_months"] == 0  # its 开工 overdue since March: not judged


def test_missing_reason_for_behind_only(run, tmp_path):
    out = run("check", "--data", _folder(tmp_path)).output
    warned = [line for line in out.splitlines() if "missing-reason" in line]
    assert warned and all("指标 1 " in line for line in warned), warned
    assert len(warned) == 2  # August and September
    # worded with the label the status line shows: 未完成 at or past the due month, never 严重滞后
    assert [line.split(" warning ")[1] for line in warned] == [
        "missing-reason 指标 1 未完成，但备注为空：请在备注中说明原因和整改措施（调度通报需要）"] * 2
    assert _json(run, _folder(tmp_path), "--as-of", "2010-09")["indicators"][0]["label"] == "未完成"


def test_missing_reason_says_the_label_status_shows_under_time_pace(run, tmp_path):
    """Before its due month a behind indicator is 严重滞后; at or past it, 未完成: check says the same."""
    data = _folder(tmp_path, "time", {"2010-07": "1,20,\n2,2,\n3,序时推进,\n4,95,\n",
                                      "2010-08": "1,30,\n2,2,\n3,序时推进,\n4,95,\n"})
    out = run("check", "--data", data).output
    warned = [line.split(": warning ")[1] for line in out.splitlines() if "missing-reason" in line]
    assert warned == ["missing-reason 指标 1 严重滞后，但备注为空：请在备注中说明原因和整改措施（调度通报需要）",
                      "missing-reason 指标 1 未完成，但备注为空：请在备注中说明原因和整改措施（调度通报需要）"]
    labels = [_json(run, data, "--as-of", m)["indicators"][0]["label"] for m in ("2010-07", "2010-08")]
    assert labels == ["严重滞后", "未完成"]


@pytest.mark.parametrize("args", [(), ("--format", "csv"), ("--format", "markdown"), ("--by", "unit"),
                                  ("--by", "unit", "--format", "csv")])
def test_status_shows_no_time_progress(run, tmp_path, args):
    out = run("status", "--data", _folder(tmp_path), "--as-of", "2010-07", "--wide", *args).stdout
    assert "时序进度" not in out and "计划" not in out
    assert "推进中" in out and "序时推进" not in out


def test_status_counts_read_in_progress(run, tmp_path):
    out = run("status", "--data", _folder(tmp_path), "--as-of", "2010-07").stdout
    assert "已完成 0 项，推进中 3 项，滞后 1 项，严重滞后 0 项，未报送 0 项" in out


@pytest.mark.parametrize("suffix", ["md", "html", "docx", "xlsx"])
def test_report_shows_no_time_progress(run, tmp_path, suffix):
    data = _folder(tmp_path)
    out = tmp_path / f"r.{suffix}"
    assert run("report", "--data", data, "--month", "2010-09", "-o", out).exit_code == 0
    text = _text(out)
    for word in ("时序", "计划进度", "低于时序进度", "序时推进"):
        assert word not in text, word
    assert "推进中" in text
    if suffix == "md":
        assert "（截至2010年9月底）" in text
        assert "按指标计，推进中2项、滞后1项、未完成1项" in text
        # the urging section: the unfinished road and the lagging policy, no time wording
        assert "**县交通局：新建农村公路**。1—9月累计完成40公里，完成率40.0%，已到完成期限（2010年8月）仍未完成，尚差60公里" in text
        assert "**县民政局：建设养老中心（政策落实）**。责任单位报送“滞后”" in text
        assert "养老中心）**" not in text  # the centre is not urged


def test_timed_report_keeps_its_column(run, tmp_path):
    data = _folder(tmp_path, "time")
    run("report", "--data", data, "--month", "2010-07", "-o", tmp_path / "r.md")
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "| 完成率 | 时序进度 | 状态 |" in text and "（截至2010年7月底，时序进度58.3%）" in text


@pytest.mark.parametrize("value", ["None", "无", "'no'"])
def test_bad_pace_is_registry_field(run, tmp_path, value):
    data = _folder(tmp_path, value)
    result = run("check", "--data", data, "--format", "json")
    problems = [p for p in json.loads(result.stdout)["problems"] if p["code"] == "registry-field"]
    assert len(problems) == 1 and problems[0]["line"] == 6
    assert "rules.pace 只能是 time" in problems[0]["message"] and "或 none" in problems[0]["message"]


def test_plan_under_pace_none_is_registry_plan(run, tmp_path):
    data = _folder(tmp_path)
    path = data / "projects.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "unit: 公里, due: 2010-08}", "unit: 公里, due: 2010-08,\n         plan: {2010-06: 10, 2010-08: 100}}"),
        encoding="utf-8")
    result = run("check", "--data", data, "--format", "json")
    problems = json.loads(result.stdout)["problems"]
    assert [(p["code"], p["line"]) for p in problems] == [("registry-plan", 15)], problems
    assert "删除 plan，或把 rules.pace 改为 time" in problems[0]["message"]


def test_start_under_pace_none_is_registry_plan(run, tmp_path):
    data = _folder(tmp_path)
    path = data / "projects.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "unit: 公里, due: 2010-08}", "unit: 公里, due: 2010-08,\n         start: 2010-04}"), encoding="utf-8")
    result = run("check", "--data", data, "--format", "json")
    problems = [p for p in json.loads(result.stdout)["problems"] if p["code"] == "registry-plan"]
    assert [p["line"] for p in problems] == [15], problems
    assert "删除 start，或把 rules.pace 改为 time" in problems[0]["message"]
