"""Funds (资金拨付, docs/assessment.md): disbursement files, their problem codes at their exact lines,
the rates d and g, and ``funds`` in status JSON."""

from __future__ import annotations

import json
import math

import pytest

from minshi_cli.core.year import open_year
from minshi_cli.core import funds
from tests.conftest import DATA, write
from tests.test_check import found

FUNDS_HEADER = "project,disbursed,reporter,note\n"


def test_shipped_funds_are_read(run):
    doc = json.loads(run("--data", DATA, "status", "--as-of", "2019-09", "--format", "json").stdout)
    by_seq = {p["seq"]: p["funds"] for p in doc["projects"]}
    assert by_seq[1] is None  # no budget registered
    assert by_seq[9] == {"budget": 15000, "disbursed": 7500, "rate": 0.5, "progress": 0.4}
    assert by_seq[11] == {"budget": 560, "disbursed": 200, "rate": 200 / 560, "progress": 8.1 / 11.2}


def test_shipped_funds_warn_once(run):
    exit_code, hits = found(run, DATA, code="funds-behind-progress")
    assert exit_code == 0 and hits == [("2019-09.csv", 4, "已拨付", "warning", "funds-behind-progress")]
    r = run("--data", DATA, "check")
    assert ("data/funds/2019-09.csv:4: warning funds-behind-progress 项目 11 资金拨付率 35.7% 低于实施进度 72.3%，"
            "差距超过 20个百分点：根据项目实施进度及时拨付资金") in r.stdout.replace(str(DATA), "data")


def test_unknown_project(run, data_dir):
    write(data_dir / "funds" / "2019-10.csv", FUNDS_HEADER + "9,8000,,\n1,10,,\n99,5,,\n,5,,\n")
    exit_code, hits = found(run, data_dir, code="unknown-project")
    assert exit_code == 1 and [h[1] for h in hits] == [3, 4, 5]
    out = run("--data", data_dir, "check").stdout
    assert "2019-10.csv:3: error unknown-project 项目 1 在登记表中没有 funds（预算）" in out
    assert "2019-10.csv:4: error unknown-project 项目序号「99」不在登记表中" in out


def test_decreasing_disbursement(run, data_dir):
    write(data_dir / "funds" / "2019-10.csv", "序号,拨付资金\n10,4300万元\n9,7000\n")
    exit_code, hits = found(run, data_dir, code="decreasing-value")
    assert exit_code == 1 and hits == [("2019-10.csv", 3, "拨付资金", "error", "decreasing-value")]
    assert "项目 9 的已拨付资金 7000 低于之前的 7500（" in run("--data", data_dir, "check").stdout


def test_month_column_of_a_funds_file(run, data_dir):
    """A 月份 cell padded with spaces is the file's month; another month is month-mismatch."""
    write(data_dir / "funds" / "2019-10.csv", "序号,拨付资金,月份\n9,8000, 2019-10 \n10,4400,2019-11\n")
    exit_code, hits = found(run, data_dir, code="month-mismatch")
    assert exit_code == 1 and hits == [("2019-10.csv", 3, "月份", "error", "month-mismatch")]
    assert "月份「2019-11」与文件所属月份 2019-10 不一致" in run("--data", data_dir, "check").stdout


def test_above_budget(run, data_dir):
    write(data_dir / "funds" / "2019-12.csv", FUNDS_HEADER + "12,460,,\n13,950,,\n")
    exit_code, hits = found(run, data_dir, code="above-budget")
    assert exit_code == 0 and hits == [("2019-12.csv", 3, "disbursed", "warning", "above-budget")]
    assert "项目 13 已拨付 950万元，超过预算 900万元" in run("--data", data_dir, "check").stdout


def test_wrong_unit_and_duplicate(run, data_dir):
    write(data_dir / "funds" / "2019-10.csv", FUNDS_HEADER + "12,300元,,\n13,500,,\n13,600,,\n")
    _, hits = found(run, data_dir)
    ours = [h for h in hits if h[0] == "2019-10.csv"]
    assert ours == [("2019-10.csv", 2, "disbursed", "error", "wrong-unit"),
                    ("2019-10.csv", 4, "project", "error", "duplicate-indicator")]
    assert "项目 13 在 2019-10 重复报送" in run("--data", data_dir, "check").stdout


def test_rates_d_and_g():
    year, ev, _ = open_year(DATA, "2019-12")
    table = funds.standing(year.registry, year.data.funds, ev)
    assert list(table.index) == [9, 10, 11, 12, 13]
    assert table.loc[10, "rate"] == 6100 / 6800
    assert table.loc[10, "progress"] == 1150 / 1271  # on the certified figure
    assert not table["behind"].any()
    g = funds.physical_progress(ev)["progress"]
    assert math.isnan(g[5])  # standards only: no physical progress
    assert g[15] == (1.0 + 248 / 250) / 2  # min(r, 1): 15b's 50 of 50, 15a's certified 248 of 250


def test_before_the_first_funds_row(run):
    doc = json.loads(run("--data", DATA, "status", "--as-of", "2019-02", "--format", "json").stdout)
    assert doc["projects"][8]["funds"] == {"budget": 15000, "disbursed": None, "rate": None, "progress": 0}


def _funds_rows(text: str) -> dict[str, str]:
    """The 资金拨付 table of a Markdown report: seq -> its row."""
    return {line.split(" | ")[0].removeprefix("| "): line for line in text.splitlines()
            if line.startswith("| ") and "万元" in line}


def test_funds_figures_of_an_earlier_month_are_named(run):
    """August's report: the latest funds file is June's, so the disbursements are named 截至6月."""
    rows = _funds_rows(run("--data", DATA, "report", "--month", "2019-08").stdout)
    assert rows["9"] == "| 9 | 完成棚改项目 | 区棚改办 | 15000万元 | 4500万元（截至6月） | 30.0% | 20.0% |  |"


def test_project_silent_this_month_takes_its_latest_figure(run, data_dir):
    """A project that did not report this month is not 0.0%: its indicator's latest figure is
    taken, with its month; one that never reported is 未报送 and is compared with nothing."""
    path = data_dir / "progress" / "2019-08.csv"
    path.write_text("".join(line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not line.startswith(("9,", "11,"))), encoding="utf-8")
    rows = _funds_rows(run("--data", data_dir, "report", "--month", "2019-08").stdout)
    assert rows["9"] == "| 9 | 完成棚改项目 | 区棚改办 | 15000万元 | 4500万元（截至6月） | 30.0% | 20.0%（截至7月） |  |"
    assert rows["11"].startswith("| 11 | 完成公路生命安全防护工程 | 区住建局 | 560万元 | 160万元（截至6月） | 28.6% | 51.8%（截至7月） |")
    for month in ("2019-01", "2019-02"):
        path = data_dir / "progress" / f"{month}.csv"
        path.write_text("".join(line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
                                if not line.startswith("13,")), encoding="utf-8")
    write(data_dir / "funds" / "2019-02.csv", FUNDS_HEADER + "13,0,,\n")
    rows = _funds_rows(run("--data", data_dir, "report", "--month", "2019-02").stdout)
    assert rows["13"] == "| 13 | 标准化建设改造农贸市场 | 区商务粮食局 | 900万元 | 0万元 | 0.0% | 未报送 |  |"
    doc = json.loads(run("--data", data_dir, "status", "--as-of", "2019-02", "--format", "json").stdout)
    assert doc["projects"][12]["funds"] == {"budget": 900, "disbursed": 0, "rate": 0, "progress": None}


def test_budgeted_project_without_funds_row_is_unreported(run, data_dir):
    """No funds row at all: 未报送, never 拨付进度低于实施进度 (nothing is known to compare)."""
    (data_dir / "funds" / "2019-03.csv").unlink()
    rows = _funds_rows(run("--data", data_dir, "report", "--month", "2019-05").stdout)
    assert rows["11"] == "| 11 | 完成公路生命安全防护工程 | 区住建局 | 560万元 | 未报送 | — | 26.8% | 未报送拨付情况 |"
    assert all("低于" not in row for row in rows.values())


def test_progress_of_a_project_mixing_unreported_and_earlier_figures(run, tmp_path):
    """One indicator never reported (left out), one taken from an earlier month (named)."""
    registry = {"year": 2020, "final_month": "2020-12", "projects": [
        {"seq": 1, "name": "项目1", "level": "city", "unit": "单位1", "funds": {"budget": 100, "unit": "万元"},
         "indicators": [{"id": "a", "name": "甲", "kind": "cumulative", "target": 10, "unit": "个"},
                        {"id": "b", "name": "乙", "kind": "cumulative", "target": 10, "unit": "个"}]}]}
    write(tmp_path / "projects.yaml", json.dumps(registry, ensure_ascii=False))
    write(tmp_path / "progress" / "2020-01.csv", "指标编号,累计完成\na,4\n")
    write(tmp_path / "progress" / "2020-02.csv", "指标编号,累计完成\n")
    write(tmp_path / "funds" / "2020-02.csv", FUNDS_HEADER + "1,10,,\n")
    doc = json.loads(run("--data", tmp_path, "status", "--format", "json").stdout)
    assert doc["projects"][0]["funds"] == {"budget": 100, "disbursed": 10, "rate": 0.1, "progress": 0.4}
    out = run("--data", tmp_path, "report", "--month", "2020-02").stdout
    assert "| 1 | 项目1 | 单位1 | 100万元 | 10万元 | 10.0% | 40.0%（截至1月） | 拨付进度低于实施进度" in out


def test_physical_progress_caps_each_rate_at_100_percent():
    """g is the mean of min(r, 1) over a project's cumulative indicators and k / n over its
    milestones: 150% of one target does not make up for 50% of another (g = 2/3, not 5/6); a
    project with no figure yet, or with neither kind, has no g."""
    from types import SimpleNamespace

    import pandas as pd

    ind = pd.DataFrame({"id": ["a", "b", "c", "d", "e", "f"],
                        "kind": ["cumulative", "cumulative", "milestone", "cumulative", "qualitative", "threshold"],
                        "rate": [1.5, 0.5, 0.5, math.nan, math.nan, 1.2], "project": [9, 9, 9, 11, 10, 10]})
    g = funds.physical_progress(SimpleNamespace(indicators=ind, month_no=6, as_of="2019-06"))["progress"]
    assert g[9] == pytest.approx(2 / 3) and math.isnan(g[11]) and math.isnan(g[10])
    # a rate taken from an earlier month is capped too
    earlier = pd.DataFrame({"id": ["d"], "rate": [1.25]})
    g = funds.physical_progress(SimpleNamespace(indicators=ind, month_no=6, as_of="2019-06"),
                                lambda month: SimpleNamespace(indicators=earlier))["progress"]
    assert g[11] == 1.0


def test_wan_in_a_wanyuan_budget_is_wanyuan_and_a_wrong_unit_names_the_budget(run, data_dir):
    """2600万 in a funds file whose budget is in 万元 is 2600 (万元 cut short); another unit's message
    names the project's budget, not an indicator (docs/formats.md)."""
    write(data_dir / "funds" / "2019-10.csv", FUNDS_HEADER + "9,8000万,,\n12,300元,,\n")
    out = run("--data", data_dir, "check").stdout
    _, hits = found(run, data_dir)
    assert [h for h in hits if h[0] == "2019-10.csv"] == [("2019-10.csv", 3, "disbursed", "error", "wrong-unit")]
    assert "2019-10.csv:3: error wrong-unit 拨付资金「300元」的单位与该项目预算的单位「万元」不符：去掉单位或改用「万元」" in out
