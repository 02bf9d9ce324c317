"""Ongoing items (docs/kinds.md, `kind: ongoing` 常态化开展): no yearly target, their own status,
counted apart, in no verdict, score, ranking or escalation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import write

REGISTRY = """\
year: 2025
final_month: 2025-12
areas: [东区, 西区]
rules:
  escalation:
    - {months: 1, action: 约谈}
scoring: {points: 100, deductions: {missing_report: 5, lag_month: 5}}
projects:
  - seq: 1
    name: 新增就业
    level: province
    unit: 人社局
    indicators:
      - {id: "1", name: 新增就业, kind: cumulative, target: 1200, unit: 人}
      - {id: 1b, name: 就业帮扶常态化开展, kind: ongoing}
  - seq: 2
    name: 临时救助
    level: city
    unit: 民政局
    indicators:
      - {id: "2", name: 临时救助应救尽救, kind: ongoing}
      - {id: 2b, name: 救助分地区开展, kind: ongoing, areas: all}
  - seq: 3
    name: 道路改造
    level: city
    unit: 住建局
    indicators:
      - {id: "3", name: 改造道路, kind: cumulative, target: 10, unit: 公里, areas: {东区: 5, 西区: 5}}
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    write(data / "projects.yaml", REGISTRY)
    write(data / "progress" / "2025-01.csv",
          "indicator,area,value,reporter,note\n1,,100,人社局,\n1b,,,人社局,开展招聘会2场\n2,,常态化开展,民政局,救助38人次\n"
          "2b,东区,严重滞后,民政局,东区\n2b,西区,,民政局,西区\n3,东区,1,住建局,\n3,西区,1,住建局,\n")
    write(data / "progress" / "2025-02.csv",
          "indicator,area,value,reporter,note\n1,,150,人社局,招聘会推迟\n1b,,滞后,人社局,开展招聘会1场\n"
          "2b,东区,,民政局,\n3,东区,2,住建局,\n3,西区,2,住建局,\n")
    return data


def _json(run, folder, *args, code=0):
    result = run("--data", folder, *args, "--format", "json")
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)


def test_an_ongoing_item_has_its_own_status_and_fields(run, folder):
    doc = _json(run, folder, "status", "--as-of", "2025-01")
    item = {i["id"]: i for i in doc["indicators"]}
    assert item["1b"] | {} == item["1b"]
    for i, value in (("1b", None), ("2", None), ("2b", None)):
        got = item[i]
        assert (got["status"], got["label"], got["value"], got["due"], got["lag_months"], got["self_assessed"]) == \
            ("ongoing", "常态化开展", value, None, 0, False)
        assert (got["target"], got["unit"], got["rate"], got["delta"], got["planned"]) == (None,) * 5
    # a status word given is its value, never its status; the streak and escalation stay empty
    doc = _json(run, folder, "status", "--as-of", "2025-02")
    item = {i["id"]: i for i in doc["indicators"]}
    assert (item["1b"]["status"], item["1b"]["value"], item["1b"]["lag_months"], item["1b"]["action"]) == \
        ("ongoing", "lagging", 0, None)
    assert item["1"]["status"] == "lagging" and item["1"]["action"] == "约谈"


def test_counted_apart_in_the_summary_and_projects(run, folder):
    doc = _json(run, folder, "status", "--as-of", "2025-01")
    assert doc["summary"] == {"done": 0, "on_track": 2, "lagging": 0, "behind": 0, "missing": 0, "ongoing": 3}
    projects = {p["seq"]: p["status"] for p in doc["projects"]}
    # a project's status is the worst of its other items; all ongoing: ongoing
    assert projects == {1: "on_track", 2: "ongoing", 3: "on_track"}
    text = run("--data", folder, "status", "--as-of", "2025-01").stdout
    assert text.rstrip().endswith("已完成 0 项，序时推进 2 项，滞后 0 项，严重滞后 0 项，未报送 0 项，常态化开展 3 项")


def test_an_ongoing_item_without_a_row_is_missing_and_warned(run, folder):
    doc = _json(run, folder, "status", "--as-of", "2025-02")
    item = {i["id"]: i for i in doc["indicators"]}
    assert item["2"]["status"] == "missing"
    # its areas: the whole is the worst of those that reported (东区 reported, 西区 did not)
    assert item["2b"]["status"] == "ongoing" and item["2b"]["areas_missing"] == 1
    assert {p["seq"]: p["status"] for p in doc["projects"]}[2] == "missing"
    found = _json(run, folder, "check")
    said = [(p["code"], p["message"]) for p in found["problems"] if p["code"] == "not-reported"]
    assert any("指标 2（临时救助应救尽救，民政局）2025-02 未报送" in m for _, m in said)
    assert not any(p["code"] == "missing-reason" and "1b" in p["message"] for p in found["problems"])


def test_in_no_verdict_or_score(run, folder):
    doc = _json(run, folder, "assess", "--as-of", "2025-02")
    units = {u["unit"]: u for u in doc["units"]}
    assert "民政局" not in units  # only ongoing items: nothing to judge
    assert (units["人社局"]["indicators"], units["人社局"]["missing"]) == (1, 0)
    # 100 × 150/1200, less 5 for indicator 1's one lagging month (January is on time): an ongoing
    # item's missing month (2) or its 滞后 word (1b) takes nothing off
    assert units["人社局"]["score"] == 7.5
    by_unit = _json(run, folder, "status", "--by", "unit", "--as-of", "2025-02")
    entry = {u["unit"]: u for u in by_unit["units"]}["民政局"]
    assert (entry["ongoing"], entry["missing"], entry["excellence_barred"]) == (1, 1, False)
    table = run("--data", folder, "status", "--by", "unit", "--as-of", "2025-02", "--wide").stdout
    assert "常态化开展" in table.splitlines()[2]


def test_in_no_ranking_of_areas(run, folder):
    doc = _json(run, folder, "status", "--by", "area", "--as-of", "2025-02")
    west = {a["area"]: a for a in doc["areas"]}["西区"]
    # 西区 did not report 2b this month: it does not count against it (only indicator 3 does)
    assert (west["indicators"], west["missing"]) == (1, 0)


def test_report_counts_them_apart(run, folder):
    md = run("--data", folder, "report", "--month", "2025-01", "--generated-at", "2025-02-05 09:00").stdout
    assert "按指标计，序时推进2项、常态化开展3项；按项目计，序时推进2件、常态化开展1件。" in md
    assert "不设年度目标任务" in md
    html = run("--data", folder, "report", "--month", "2025-01", "--format", "html",
               "--generated-at", "2025-02-05 09:00").stdout
    assert '<th class="st-ongoing"><span class="badge">常态化开展</span></th>' in html
    assert "--ongoing:" in html and "--not_due:" not in html


def test_the_form_gives_a_status_word_cell_and_a_note(run, folder, tmp_path):
    out = tmp_path / "forms"
    assert run("--data", folder, "template", "--month", "2025-03", "--format", "csv", "-o", out).exit_code == 0
    text = (out / "民政局-2025-03.csv").read_text(encoding="utf-8-sig")
    assert "2,临时救助,临时救助应救尽救,,不设年度目标任务,,常态化开展,," in text
    from openpyxl import load_workbook

    assert run("--data", folder, "template", "--month", "2025-03", "-o", out).exit_code == 0
    sheet = load_workbook(out / "民政局-2025-03.xlsx").active
    lists = [v.formula1 for v in sheet.data_validations.dataValidation]
    assert any("常态化开展" in (f or "") for f in lists)
    # the form sent back as it is (values empty) is a month of ongoing rows
    target = folder / "progress" / "2025-03"
    target.mkdir()
    (target / "民政局-2025-03.csv").write_bytes((out / "民政局-2025-03.csv").read_bytes())
    doc = _json(run, folder, "status", "--as-of", "2025-03")
    assert {i["id"]: i["status"] for i in doc["indicators"]}["2"] == "ongoing"


@pytest.mark.parametrize("key,value", [("target", "100"), ("unit", "人"), ("due", "2025-06"), ("weight", "2"),
                                       ("plan", "{2025-06: 1}"), ("stages", "[{name: 开工, due: 2025-05}]")])
def test_registry_refuses_a_key_an_ongoing_item_cannot_have(run, folder, key, value):
    text = REGISTRY.replace("{id: \"2\", name: 临时救助应救尽救, kind: ongoing}",
                            f"{{id: \"2\", name: 临时救助应救尽救, kind: ongoing, {key}: {value}}}")
    write(folder / "projects.yaml", text)
    doc = _json(run, folder, "check", code=1)
    found = [p for p in doc["problems"] if p["code"] == "registry-key-not-for-kind"]
    assert len(found) == 1
    assert found[0]["line"] == text.splitlines().index(
        next(line for line in text.splitlines() if "临时救助应救尽救" in line)) + 1
    assert "常态化开展事项不设年度目标任务" in found[0]["message"] and f"请删除 {key}" in found[0]["message"]


def test_a_missing_ongoing_item_does_not_make_its_project_missing(run, folder):
    write(folder / "progress" / "2025-03.csv", "indicator,area,value,reporter,note\n1,,300,人社局,\n")
    doc = _json(run, folder, "status", "--as-of", "2025-03")
    assert {i["id"]: i["status"] for i in doc["indicators"]}["1b"] == "missing"
    assert {p["seq"]: p["status"] for p in doc["projects"]}[1] == "on_track"  # 300 of 1200 in March


def test_none_counted_apart_none_shown(run, folder):
    text = run("--data", folder, "status", "--as-of", "2025-01", "--unit", "住建局").stdout
    assert text.rstrip().endswith("已完成 0 项，序时推进 1 项，滞后 0 项，严重滞后 0 项，未报送 0 项")
