"""`minshi assess` (docs/assessment.md): every verdict and its edge, the scoring arithmetic on a
hand-worked example, every format, and the one rule shared with `status --by unit` and the report."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from minshi_cli.core.assess import assess, round_score, verdict
from minshi_cli.core.dataset import load
from minshi_cli.core.year import Year
from tests.conftest import DATA, write


def _assess(run, data, *args) -> dict:
    r = run("--data", data, "assess", "--format", "json", *args)
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def _units(doc) -> dict:
    return {u["unit"]: u for u in doc["units"]}


def _drop(data_dir: Path, folder: str, month: str, *indicators: str) -> None:
    path = data_dir / folder / f"{month}.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [x for x in lines if x.split(",")[0] not in indicators]
    assert len(kept) == len(lines) - len(indicators)
    path.write_text("".join(kept), encoding="utf-8")


def test_verdict_rule_first_that_applies():
    assert verdict(1, 1, 1) == "barred"
    assert verdict(0, 1, 1) == "unreported"
    assert verdict(0, 0, 1) == "uncertified"
    assert verdict(0, 0, 0) == "passed"


def test_shipped_december(run):
    doc = _assess(run, DATA)
    assert list(doc) == ["as_of", "final", "units"] and doc["as_of"] == "2019-12" and doc["final"] is True
    units = _units(doc)
    assert list(units["区人社局"]) == ["unit", "indicators", "done", "unfinished", "missing", "uncertified",
                                      "verdict", "score"]
    # 区教育局: 2 done and certified, 16 done on its own figure only
    assert units["区教育局"] == {"unit": "区教育局", "indicators": 2, "done": 2, "unfinished": 0, "missing": 0,
                                "uncertified": 1, "verdict": "uncertified", "score": None}
    # 区残联: 15a reported 256 of 250 but certified 248 — the 核减 turns done into unfinished
    assert units["区残联"]["verdict"] == "barred" and units["区残联"]["unfinished"] == 1
    assert units["区人社局"]["verdict"] == "passed"
    assert [u["unit"] for u in doc["units"] if u["verdict"] == "barred"] == ["市保障性住房楼区分中心", "区住建局", "区残联"]


def test_one_unreported_december_row(run, data_dir):
    """区卫健局 leaves 3 (2330 of 2500 in November) out of December, and the bureau did not certify
    it: 待补报 — not 不得评为优秀 (nothing says it is unfinished), and before 待认定."""
    _drop(data_dir, "progress", "2019-12", "3")
    _drop(data_dir, "certified", "2019-12", "3")
    health = _units(_assess(run, data_dir))["区卫健局"]
    assert (health["missing"], health["done"], health["uncertified"], health["verdict"]) == (1, 2, 0, "unreported")


def test_a_target_reached_earlier_is_carried_and_its_figure_judged(run, data_dir):
    """区教育局 leaves 2 out of December, but reached 51 of 51 in November: the figure is carried
    (docs/kinds.md) and counts as reported; November's figure was never certified: 待认定."""
    _drop(data_dir, "progress", "2019-12", "2")
    _drop(data_dir, "certified", "2019-12", "2")
    edu = _units(_assess(run, data_dir))["区教育局"]
    assert (edu["missing"], edu["done"], edu["uncertified"], edu["verdict"]) == (0, 2, 2, "uncertified")
    # with September's certified 44 the carried figure would still be November's own: certify November
    write(data_dir / "certified" / "2019-11.csv", "indicator,value\n2,51\n16,1\n")
    edu = _units(_assess(run, data_dir))["区教育局"]
    assert (edu["uncertified"], edu["verdict"]) == (1, "uncertified")  # 16's December figure is not certified


def test_a_cut_that_turns_done_into_unfinished(run, data_dir):
    path = data_dir / "certified" / "2019-12.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("\n1,9050,", "\n1,8900,"), encoding="utf-8")
    hrss = _units(_assess(run, data_dir))["区人社局"]
    assert (hrss["done"], hrss["unfinished"], hrss["verdict"]) == (0, 1, "barred")


def test_one_uncertified_indicator(run, data_dir):
    _drop(data_dir, "certified", "2019-12", "1")
    assert _units(_assess(run, data_dir))["区人社局"]["verdict"] == "uncertified"


def test_without_a_certified_folder_nothing_waits_for_certification(run, data_dir):
    shutil.rmtree(data_dir / "certified")
    units = _units(_assess(run, data_dir))
    assert units["区教育局"]["verdict"] == "passed" and units["区教育局"]["uncertified"] == 0
    assert units["区残联"]["verdict"] == "passed"  # its own 256 of 250 stands


def test_provisional_before_the_final_month(run):
    doc = _assess(run, DATA, "--as-of", "2019-06")
    assert doc["as_of"] == "2019-06" and doc["final"] is False
    assert _units(doc)["区民政局"]["verdict"] == "barred"  # 5a below its standard so far


def test_default_month_is_the_final_month_else_the_latest(run, empty_data):
    write(empty_data / "progress" / "2019-03.csv", "indicator,value\n1,100\n")
    assert _assess(run, empty_data)["as_of"] == "2019-03"


def test_status_by_unit_uses_the_same_rule(run):
    doc = json.loads(run("--data", DATA, "status", "--by", "unit", "--format", "json").stdout)
    barred = [u["unit"] for u in doc["units"] if u["excellence_barred"]]
    judged = [u["unit"] for u in _assess(run, DATA)["units"] if u["verdict"] == "barred"]
    assert barred == judged
    table = run("--data", DATA, "status", "--by", "unit").stdout
    assert next(x for x in table.splitlines() if x.startswith("区教育局")).endswith("待认定")


# ------------------------------------------------------------------ scoring

SCORING_REGISTRY = """\
year: 2019
final_month: 2019-12
scoring:
  points: 100
  deductions: {missing_report: 1, lag_month: 0.5}
projects:
  - seq: 1
    name: 甲项目
    level: city
    unit: 甲局
    category: 测试
    task: 测试
    lead: 张三
    persons: {office: 李四, unit: 王五}
    indicators:
      - {id: A, name: 甲一, target: 100, unit: 个, kind: cumulative, weight: 2}
      - {id: B, name: 甲二, target: 10, unit: 个, kind: cumulative}
      - {id: C, name: 甲三, target: 60, unit: 元, kind: threshold}
  - seq: 2
    name: 乙项目
    level: city
    unit: 乙局
    category: 测试
    task: 测试
    lead: 张三
    persons: {office: 李四, unit: 王五}
    indicators:
      - {id: D, name: 乙一, target: 3, unit: 个, kind: cumulative}
  - seq: 3
    name: 丙项目
    level: city
    unit: 丙局
    category: 测试
    task: 测试
    lead: 张三
    persons: {office: 李四, unit: 王五}
    indicators:
      - {id: E, name: 丙一, target: 100, unit: 个, kind: cumulative}
"""


@pytest.fixture
def scored(tmp_path):
    data = tmp_path / "data"
    write(data / "projects.yaml", SCORING_REGISTRY)
    write(data / "progress" / "2019-01.csv", "indicator,value\nA,10\nB,1\nC,50\nD,0\n")
    write(data / "progress" / "2019-02.csv", "indicator,value\nB,2\nC,50\nD,0\n")
    write(data / "progress" / "2019-03.csv", "indicator,value\nA,20\nB,3\nC,60\nD,1\n")
    return data


def test_scoring_hand_worked(run, scored):
    """As of March (p = 1/4), 甲局's 100 points shared 2:1:1 over A, B, C → 50, 25, 25.
    A: 20 of 100 → credit 0.2 → 10; missed February (−1); lagging in March (20% < 25%; −0.5).
    B: 3 of 10 → 7.5; on track every month.  C (a standard): met in March → 25; below it in
    January and February (lagging, −0.5 each).  10 + 7.5 + 25 − 1 − 1.5 = 40.
    乙局: D 1 of 3 → 100 / 3 = 33.333…; lagging in January (0 ≥ 1/12 − 0.1), behind in February:
    −1 → 32.33.  丙局: E never reported: credit 0, three months missing −3 → floored at 0."""
    units = _units(_assess(run, scored))
    assert units["甲局"]["score"] == 40.0
    assert units["乙局"]["score"] == 32.33
    assert units["丙局"]["score"] == 0
    assert units["丙局"]["verdict"] == "unreported" and units["甲局"]["verdict"] == "barred"


def test_score_shown_with_two_decimals(run, scored):
    out = run("--data", scored, "assess").stdout
    assert out.splitlines()[2].split()[-1] == "得分"
    assert next(x for x in out.splitlines() if x.startswith("乙局")).split()[-2:] == ["不得评为优秀", "32.33"]
    assert next(x for x in out.splitlines() if x.startswith("甲局")).endswith("40.00")


def test_round_score_half_up():
    assert round_score(89.125) == 89.13 and round_score(33.333333) == 33.33 and round_score(0.005) == 0.01


def test_assess_in_core_without_cli():
    data = load(DATA)
    judged = assess(data.registry, Year.of(data).as_of("2019-12"), data.certifying)
    assert judged.with_verdict("uncertified") == ["区教育局"]
    assert judged.scored is False


# ------------------------------------------------------------------ formats

def test_table(run):
    r = run("--data", DATA, "assess")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0] == "2019年重点民生实事年度考核（截至 2019-12）"
    assert lines[2].split() == ["责任单位", "指标数", "已完成", "未完成", "未报送", "待认定", "考核结论"]
    assert next(x for x in lines if x.startswith("区残联")).split() == ["区残联", "2", "1", "1", "0", "0", "不得评为优秀"]
    assert "不得评为优秀 3 个单位，待认定 1 个单位，完成年度任务 7 个单位" in lines


def test_markdown(run):
    out = run("--data", DATA, "assess", "--format", "markdown", "--as-of", "2019-06").stdout
    assert out.startswith("## 2019年重点民生实事考核预评（截至 2019-06，年度终了前结论为预评）")
    assert "| 区人社局 " in out and "| 考核结论 " in out


def test_csv(run):
    raw = run("--data", DATA, "assess", "--format", "csv").stdout_bytes
    assert raw.startswith("\ufeff责任单位,指标数,已完成,未完成,未报送,待认定,考核结论\r\n".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[2] == ["区教育局", "2", "2", "0", "0", "1", "待认定"] and len(rows) == 12


def test_bad_month_and_errors(run, data_dir):
    r = run("--data", DATA, "assess", "--as-of", "2020-12")
    assert r.exit_code == 2 and "不在登记表年度" in r.stderr
    write(data_dir / "certified" / "2019-12.csv", "indicator,value\n1,八千\n")
    r = run("--data", data_dir, "assess")
    assert r.exit_code == 1 and "not-a-number" in r.stderr
