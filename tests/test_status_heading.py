"""``status --by unit`` at the year's end: the heading and the year-end rule under it fit a
100-column terminal (a CJK character counts 2), in the terminal and Markdown forms alike."""

from __future__ import annotations

import pytest

from minshi_cli.office.text import display_width
from tests.conftest import REPO


@pytest.mark.parametrize("form", [[], ["--format", "markdown"]])
def test_year_end_by_unit_heading_fits_100_columns(run, monkeypatch, form):
    monkeypatch.chdir(REPO)
    result = run("--data", "data", "status", "--by", "unit", "--as-of", "2019-12", *form)
    assert result.exit_code == 0, result.stderr
    head = result.stdout.split("\n\n")[:2]
    assert head[0].endswith("2019年省、市重点民生实事进度（截至 2019-12，时序进度 100.0%）——按主要责任单位（年度终了）")
    # the data folder certifies (certified/): 待认定 is a verdict the table can show, and is explained
    assert head[1].splitlines() == ["已报送指标未完成的单位，年度综合绩效考评不得评为优秀；", "有指标未报送的单位待补报，补报后再认定；",
                                    "已完成的指标尚未经区统计局认定的单位待认定，认定后再评定。"]
    assert max(display_width(line) for line in "\n".join(head).splitlines()) <= 100


def test_before_the_year_end_no_rule(run, monkeypatch):
    monkeypatch.chdir(REPO)
    out = run("--data", "data", "status", "--by", "unit", "--as-of", "2019-06").stdout
    assert out.split("\n\n")[0].endswith("——按主要责任单位") and "年度终了" not in out


def test_year_end_by_unit_counts_under_labels(run, monkeypatch):
    """The unit table counts as the summary line does: in December the three unfinished indicators
    are 未完成 (no 严重滞后 column), in CSV and JSON alike the JSON keeps its status keys."""
    monkeypatch.chdir(REPO)
    csv = run("--data", "data", "status", "--by", "unit", "--as-of", "2019-12", "--format", "csv").stdout
    lines = csv.lstrip("\ufeff").splitlines()
    assert lines[0] == "责任单位,指标数,已完成,序时推进,滞后,未完成,未报送,年度评优"
    rows = {line.split(",")[0]: line.split(",") for line in lines[1:]}
    assert rows["区残联"][2:7] == ["1", "0", "0", "1", "0"]
    assert sum(int(r[5]) for r in rows.values()) == 3
    units = __import__("json").loads(run("--data", "data", "status", "--by", "unit", "--as-of", "2019-12",
                                         "--format", "json").stdout)["units"]
    assert sorted(units[0]) == sorted(["unit", "indicators", "done", "on_track", "lagging", "behind", "missing",
                                       "excellence_barred", "unreported_at_final"])
    assert sum(u["behind"] for u in units) == 3


def test_by_unit_counts_unfinished_beside_behind(run, monkeypatch):
    """Before the year's end an indicator past its due month is counted 未完成 in its own column
    (examples/county-2016 in June: 县民政局's item due in May)."""
    monkeypatch.chdir(REPO)
    csv = run("--data", "examples/county-2016", "status", "--by", "unit", "--as-of", "2016-06", "--format", "csv").stdout
    lines = csv.lstrip("\ufeff").splitlines()
    assert lines[0] == "责任单位,指标数,已完成,序时推进,滞后,未完成,未报送,年度评优"
    assert [line for line in lines if line.startswith("县民政局,")] == ["县民政局,3,0,2,0,1,0,—"]


def test_the_year_end_rule_explains_every_verdict_the_table_shows(run, data_dir):
    """区教育局 is 待认定 in December (a done figure not certified): the rule under the heading says
    what 待认定 means, in the words the assessment declares (core.assess), as minshi assess does."""
    out = run("--data", data_dir, "status", "--by", "unit", "--as-of", "2019-12").stdout
    table = out.split("\n\n")[2].splitlines()
    shown = {line.split()[-1] for line in table[2:] if not line.split()[-1].isdigit()}
    assert shown == {"待认定", "不得评为优秀"}
    rule = out.split("\n\n")[1]
    assert all(f"单位{v}" in rule or f"考评{v}" in rule for v in shown)
    assert "已完成的指标尚未经区统计局认定的单位待认定，认定后再评定。" in rule
    assert "已完成的指标尚未经区统计局认定：待认定" in run("--data", data_dir, "assess").stdout


def test_without_certified_figures_there_is_no_pending_certification(run, data_dir):
    import shutil

    shutil.rmtree(data_dir / "certified")
    out = run("--data", data_dir, "status", "--by", "unit", "--as-of", "2019-12").stdout
    assert out.split("\n\n")[1].splitlines() == ["已报送指标未完成的单位，年度综合绩效考评不得评为优秀；",
                                                "有指标未报送的单位待补报，补报后再认定。"]
    assert "待认定" not in out
