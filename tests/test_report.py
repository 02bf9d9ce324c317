"""``minshi report``: the monthly dispatch report (调度通报), docs/rules.md, docs/json.md.

The golden files ``tests/golden/report-2019-06.md`` and ``.html`` are the reports of the shipped
data for 2019-06 with the generation time fixed.  After an intended change, regenerate them with

    MINSHI_UPDATE_GOLDEN=1 python -m pytest tests/test_report.py

and review the diff before committing.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from minshi_cli.views import report as report_module
from minshi_cli.views.kind_wording import wording
from minshi_cli.views.render import md_cell
from tests.chromium import find_chromium, open_page
from tests.conftest import DATA, REPO

GOLDEN = Path(__file__).resolve().parent / "golden"
STAMP = "2019-07-05 09:00"
STAMP_SHOWN = "2019年7月5日 09:00"
UPDATE = os.environ.get("MINSHI_UPDATE_GOLDEN") == "1"
HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)> a|b *强调* [链接](http://example.com) `代码`'
TITLE = "2019年省、市重点民生实事工作调度通报（1—6月）"
PROJECT_NAMES = [p["name"] for p in yaml.safe_load((DATA / "projects.yaml").read_text(encoding="utf-8"))["projects"]]


@pytest.fixture(autouse=True)
def _quiet_env(monkeypatch):
    """Reports are compared byte for byte: no inherited data folder or timestamp, and paths in
    the closing line are shown relative to the repository (as `minshi` run there shows them)."""
    for name in ("MINSHI_DATA", "MINSHI_GENERATED_AT", "SOURCE_DATE_EPOCH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(REPO)


def report(run, *args, data: Path | str = "data", env=None):
    return run("--data", data, "report", *args, env=env)


def fixed(run, *args, **kwargs):
    return report(run, "--generated-at", STAMP, *args, **kwargs)


def matches_golden(text: str, golden: Path) -> None:
    """``text`` is the golden file's content byte for byte (MINSHI_UPDATE_GOLDEN=1 rewrites it)."""
    if UPDATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8", newline="")
    assert golden.is_file(), f"{golden} missing: run MINSHI_UPDATE_GOLDEN=1 python -m pytest tests/test_report.py"
    assert text == golden.read_text(encoding="utf-8"), \
        "report changed: review, then MINSHI_UPDATE_GOLDEN=1 python -m pytest tests/test_report.py"


def set_note(data_dir: Path, month: str, indicator: str, note: str, value: str | None = None) -> None:
    """Change one row of a progress file in a private copy of the data (never data/ itself)."""
    path = data_dir / "progress" / f"{month}.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    header = rows[0]
    for row in rows[1:]:
        if row and row[header.index("indicator")] == indicator:
            row[header.index("note")] = note
            if value is not None:
                row[header.index("value")] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def drop_rows(data_dir: Path, month: str, *indicators: str) -> Path:
    """Delete indicators' rows from a month's file in a private copy of the data: not reported."""
    path = data_dir / "progress" / f"{month}.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if line.split(",")[0] not in indicators]
    assert len(kept) == len(lines) - len(indicators)
    path.write_text("".join(kept), encoding="utf-8")
    shutil.rmtree(data_dir / "certified", ignore_errors=True)  # Part one's rule: the units' own figures
    return data_dir


def set_notice(data_dir: Path, notice: str | None) -> Path:
    """Change (or, with None, remove) the registry's ``notice:`` line in a private copy."""
    path = data_dir / "projects.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [line for line in lines if not line.startswith("notice:")]
    if notice is not None:
        lines.insert(0, f"notice: {notice}\n")
    path.write_text("".join(lines), encoding="utf-8")
    return data_dir


def year_end(text: str) -> str:
    """The year-end verdict paragraph of a Markdown report (section 一, after the summary)."""
    return next(line for line in text.splitlines() if "不得评为优秀等次" in line)


# --------------------------------------------------------------------------- golden files


@pytest.mark.parametrize("month", ["2019-06", "2019-12"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden_report_2019_06(run, fmt, month):
    """June, and December: the year's end with certification (核减), escalation and funds (docs/assessment.md)."""
    result = fixed(run, "--month", month, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    golden = GOLDEN / f"report-{month}.{fmt}"
    matches_golden(result.stdout, golden)


COUNTY = "examples/county-2016"  # relative: the report names its sources as given, and tests run in REPO


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden_report_county_2016_06(run, fmt):
    """The second example (docs/kinds.md): milestones, a ceiling, percentages, policy items, a plan,
    no leaders or persons, and wording (title, office, levels) from its registry."""
    result = fixed(run, "--month", "2016-06", "--format", fmt, data=COUNTY)
    assert result.exit_code == 0, result.stderr
    golden = GOLDEN / f"report-county-2016-06.{fmt}"
    matches_golden(result.stdout, golden)
    for word in ("省级", "市级", "区政府办", "省、市", "牵头领导"):
        assert word not in result.stdout, word


QUARTERLY = "examples/county-quarterly"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden_report_county_quarterly_10(run, fmt):
    """The fourth example (docs/rules.md, docs/kinds.md): ongoing items, rules.pace: none and two
    quarterly indicators together, with its own document word and office."""
    result = fixed(run, "--month", "2023-10", "--format", fmt, data=QUARTERLY)
    assert result.exit_code == 0, result.stderr
    golden = GOLDEN / f"report-county-quarterly-2023-10.{fmt}"
    matches_golden(result.stdout, golden)
    text = result.stdout
    assert "2023年民生实事项目进展情况通报（1—10月）" in text
    for word in ("时序", "计划进度", "序时推进1", "省级", "区政府办"):  # no time pace anywhere
        assert word not in text.split("</style>")[-1], word
    assert "常态化开展" in text and "推进中" in text and "沿用" in text and "未完成" in text


CITY = "examples/city-areas"


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("area", [None, "丹棱县"])
def test_golden_report_city_areas_04(run, fmt, area):
    """The third example (docs/areas.md): a target split over six districts; the 各地区进度 section,
    the lagging list naming the areas behind; and the report for one area (report --area)."""
    extra = ("--area", area) if area else ()
    result = fixed(run, "--month", "2019-04", "--format", fmt, *extra, data=CITY)
    assert result.exit_code == 0, result.stderr
    golden = GOLDEN / f"report-city-areas-2019-04{'-' + area if area else ''}.{fmt}"
    matches_golden(result.stdout, golden)


def test_county_report_wording(run):
    out = fixed(run, "--month", "2016-06", data=COUNTY).stdout
    assert out.startswith("# 2016年民生实事工作调度通报（1—6月）\n")
    assert "### （一）县级民生实事（13件）" in out
    assert "| 4 | 建成县残疾人综合服务中心 | 县残联 | 5月底前动工、12月底前建成 | 已动工（1/2） | — | 50.0% | — | 序时推进 |" in out
    assert "|  |  |  | 开工建设老年大学：12月底前开工 | 未开工 |" in out
    assert "| 控制在4.5%以内 | 4.2%，低于上限0.3个百分点 | — | — | — | 已完成 |" in out
    assert "| 2座 | 0座 | 0座 | 0.0% | 计划0.0% | 序时推进 |" in out  # the plan: nothing due before September
    assert ("1. **县民政局：开工建设县老年养护楼、老年大学（开工建设县老年养护楼）**。目前未开工，已过最后期限（2016年5月），"
            "尚未动工，已连续2个月滞后。单位说明：") in out
    assert "### （一）未完成（1项）" in out


def test_markdown_report_content(run):
    out = fixed(run, "--month", "2019-06").stdout
    assert out.startswith(f"# {TITLE}\n")
    assert "（截至2019年6月底，时序进度50.0%）" in out
    assert "按指标计，已完成4项、序时推进5项、滞后3项、严重滞后7项" in out
    assert "省级重点民生实事8件、10项指标，已完成4项、序时推进3项、滞后1项、严重滞后2项" in out
    assert "市级重点民生实事8件、9项指标，序时推进2项、滞后2项、严重滞后5项" in out
    assert "| 序号 | 项目名称 | 责任单位 | 目标任务 | 1—6月累计完成 | 本月新增 | 完成率 | 时序进度 | 状态 | 备注 |" in out
    assert out.index("（一）省级重点民生实事（8件）") < out.index("（二）市级重点民生实事（8件）")
    for name in PROJECT_NAMES:
        assert name in out
    # threshold indicators: the level in force against the floor, the difference computed in Python
    assert "3300元/年，低于标准180元" in out
    assert "185元/月，达到标准" in out
    # a lagging indicator: rate, gap in points as shown (50.0% − 35.7%), leaders, persons, note, streak
    assert ("**区农业农村局：改（新）建农村户用厕所**。1—6月累计完成1420个，完成率35.7%，低于时序进度14.3个百分点，距全年目标尚差2560个，"
            "已连续3个月滞后。应予通报批评。牵头领导：方正春；责任人：王勇（区政府办）、李大汉（区农业农村局）。"
            "单位说明：汛期连续降雨且化粪池供货不足，已新增供货厂家并实行周调度。") in out
    assert "本月各项指标均已按时报送。" in out
    assert out.rstrip().endswith(
        "数据来源（数据文件夹 data）：projects.yaml、progress/2019-01.csv、progress/2019-02.csv、progress/2019-03.csv、"
        "progress/2019-04.csv、progress/2019-05.csv、progress/2019-06.csv、funds/2019-03.csv、funds/2019-06.csv。"
        f"生成时间：{STAMP_SHOWN}。")


def test_html_report_is_self_contained_and_printable(run):
    out = fixed(run, "--month", "2019-06", "--format", "html").stdout
    assert out.startswith("<!DOCTYPE html>")
    lower = out.lower()
    for forbidden in ("<script", "http://", "https://", "src=", "<link", "@import", "url("):
        assert forbidden not in lower, forbidden
    for needed in ("@page", "size: A4", "thead { display: table-header-group; }", "break-inside: avoid",
                   '"SimSun"', '"Noto Serif CJK SC"', "default-src 'none'"):
        assert needed in out, needed
    # every status as text, and a bar per indicator whose width comes from Python
    assert out.count('<span class="fill" style="width: ') >= 19
    assert 'style="width: 35.7%"' in out and 'style="left: 50.0%"' in out


# --------------------------------------------------------------------------- user text is text


def hostile_data(data_dir: Path) -> Path:
    set_note(data_dir, "2019-06", "7", HOSTILE + "\n第二行")
    return data_dir


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [name for name, _ in attrs]

    def handle_data(self, data):
        self.text.append(data)


def test_hostile_note_is_text_in_html(run, data_dir):
    result = fixed(run, "--month", "2019-06", "--format", "html", data=hostile_data(data_dir))
    assert result.exit_code == 0, result.stderr
    parsed = _Elements()
    parsed.feed(result.stdout)
    assert "script" not in parsed.tags and "img" not in parsed.tags and "a" not in parsed.tags
    assert "onerror" not in parsed.attrs
    text = "".join(parsed.text)
    # shown, literally: clipped in the table and in the lagging list (it is longer than NOTE_LIMIT),
    # whole in the appendix
    assert len(HOSTILE) > report_module.NOTE_LIMIT
    assert text.count(HOSTILE) == 1 and text.count(HOSTILE[:report_module.NOTE_LIMIT]) == 3


def test_hostile_note_is_text_in_markdown(run, data_dir):
    result = fixed(run, "--month", "2019-06", data=hostile_data(data_dir))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert re.search(r"(?<!\\)<(script|img)", out) is None  # every < of the note is escaped
    row = next(line for line in out.splitlines() if line.startswith("| 7 |"))
    cells = _md_cells(row)
    assert len(cells) == 10, cells  # the | in the note did not add a column, the newline did not end the row
    assert cells[-1] == md_cell(HOSTILE + "\n第二行")
    assert r"\<script\>alert(1)\</script\>\<img src=x onerror=alert(2)\> a\|b \*强调\* \[链接\](http://example.com) \`代码\` 第二行" == cells[-1]


def test_hostile_note_renders_as_text_through_a_markdown_renderer(run, data_dir):
    import markdown_it  # a real CommonMark renderer (test extra), with raw HTML enabled

    out = fixed(run, "--month", "2019-06", data=hostile_data(data_dir)).stdout
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(out)  # raw HTML on
    parsed = _Elements()
    parsed.feed(html)
    assert "script" not in parsed.tags and "img" not in parsed.tags and "a" not in parsed.tags
    assert "em" not in parsed.tags and "code" not in parsed.tags
    assert HOSTILE in "".join(parsed.text)
    assert parsed.tags.count("table") == 3  # two levels and the funds table (docs/assessment.md)


def _md_cells(row: str) -> list[str]:
    """Cells of a Markdown table row, honouring backslash-escaped pipes."""
    cells, cell, escaped = [], "", False
    for ch in row.strip()[1:]:
        if escaped:
            cell += ch
            escaped = False
        elif ch == "\\":
            cell += ch
            escaped = True
        elif ch == "|":
            cells.append(cell.strip())
            cell = ""
        else:
            cell += ch
    return cells


def test_md_cell_escapes_markdown_and_folds_lines():
    assert md_cell("a|b") == r"a\|b"
    assert md_cell("一\r\n二\n  三") == "一 二 三"
    assert md_cell("*x* _y_ `z` [l](u) <b> &amp; ~s~ $m$ \\") == r"\*x\* \_y\_ \`z\` \[l\](u) \<b\> \&amp; \~s\~ \$m\$ \\"
    assert md_cell("2019-07 提标（11.2公里）") == "2019-07 提标（11.2公里）"  # ordinary text stays readable


# --------------------------------------------------------------------------- content rules


def test_lagging_items_worst_first_with_streak_and_persons(run):
    out = fixed(run, "--month", "2019-06").stdout
    lagging = out[out.index("## 三、进度滞后事项"):out.index("## 四、未报送情况")]
    assert lagging.index("### （一）严重滞后（7项）") < lagging.index("### （二）滞后（3项）")
    # a standard short of its target before its due month is lagging, but not yet late: no streak
    assert ("8. **区民政局：提高城乡低保标准和救助水平（城乡低保标准）**。现行3300元/年，低于标准180元，"
            "须于2019年12月底前达到3480元/年。牵头领导：方正春；") in lagging
    assert "10. **区卫健局：完成新生儿48种遗传代谢病串联质谱筛查**。1—6月累计完成1850人，完成率46.3%，低于时序进度3.7个百分点，距全年目标尚差2150人，已连续3个月滞后" in lagging


def test_missing_reports_are_listed(run, data_dir):
    set_note(data_dir, "2019-06", "15a", "", value="")
    set_note(data_dir, "2019-06", "15b", "", value="")
    out = fixed(run, "--month", "2019-06", data=data_dir).stdout
    section = out[out.index("## 四、未报送情况"):]
    assert "以下2项指标本月未报送进度，涉及区残联，请尽快补报" in section
    assert ("1. 区残联：帮助就业年龄段的残疾人享受居家服务和集中托养服务（残疾人享受居家服务），指标编号15a。"
            "责任人：王勇（区政府办）、袁潜龙（区残联）。") in section
    assert "| 未报送 |" in out
    html = fixed(run, "--month", "2019-06", "--format", "html", data=data_dir).stdout
    assert '<tr class="st-missing">' in html and "涉及区残联" in html


def test_a_lagging_indicator_without_a_note_is_called_out(run, data_dir):
    set_note(data_dir, "2019-06", "16", "")
    out = fixed(run, "--month", "2019-06", data=data_dir).stdout
    assert "（区教育局）。单位说明：未说明滞后原因及整改措施。" in out


def test_year_end_report_names_units_barred_from_excellence(run):
    for fmt in ("md", "html"):
        out = fixed(run, "--month", "2019-12", "--format", fmt).stdout
        assert "2019年省、市重点民生实事工作调度通报（1—12月）" in out
        assert ("按照《关于认真做好2019年省、市重点民生实事工作的通知》，重点民生实事项目任务未完成的单位，"
                "该年度综合绩效考评不得评为优秀等次。") in out
        assert "市保障性住房楼区分中心、区住建局、区残联" in out  # 区残联: 15a certified 248 of 250 (核减)
        assert "年末有指标未报送" not in out and "年末未报送" not in out
        assert "下月调度" not in out
    assert year_end(fixed(run, "--month", "2019-12").stdout).endswith(
        "年度任务未全部完成的单位：市保障性住房楼区分中心、区住建局、区残联。")
    june = fixed(run, "--month", "2019-06").stdout
    assert "不得评为优秀" not in june and "下月调度时报告整改情况" in june


def test_year_end_unreported_unit_is_asked_to_report_not_barred(run, data_dir):
    """区卫健局 reported 2330/2500 and 3320/3600 in November and left them out of December: nothing
    says its tasks are unfinished, so it is not barred from 优秀; it is named as having to report."""
    drop_rows(data_dir, "2019-12", "3", "4")
    md = fixed(run, "--month", "2019-12", data=data_dir)
    assert md.exit_code == 0, md.stderr
    verdict = year_end(md.stdout)
    assert "年度任务未全部完成的单位：市保障性住房楼区分中心、区住建局。" in verdict
    assert verdict.endswith("区卫健局年末有指标未报送，暂无法认定年度任务完成情况，请尽快补报。")
    assert "完成的单位：" in verdict and "区卫健局" not in verdict.split("。")[1]  # not in the barred list
    # the other sections agree: the lagging section lists only the two unfinished indicators,
    # the unreported section says why reporting matters now
    lagging = md.stdout[md.stdout.index("## 三、进度滞后事项"):md.stdout.index("## 四、未报送情况")]
    assert "以下2项指标未完成年度目标任务" in lagging and "区卫健局" not in lagging
    missing = md.stdout[md.stdout.index("## 四、未报送情况"):]
    assert "以下2项指标年末未报送进度，涉及区卫健局，暂无法认定是否完成年度目标任务，请尽快补报" in missing
    assert ("1. 区卫健局：农村及城镇低保适龄妇女“两癌”免费检查，指标编号3。"
            "责任人：李泽峰（区政府办）、徐铭喜（区卫健局）。") in missing
    assert "2. 区卫健局：孕产妇免费产前筛查，指标编号4。" in missing
    html = fixed(run, "--month", "2019-12", "--format", "html", data=data_dir).stdout
    assert "年度任务未全部完成的单位：<strong>市保障性住房楼区分中心、区住建局</strong>。" in html
    assert "<strong>区卫健局</strong>年末有指标未报送，暂无法认定年度任务完成情况，请尽快补报。" in html
    assert "年末未报送进度，涉及区卫健局" in html


def test_year_end_target_reached_earlier_is_carried_not_unreported(run, data_dir):
    """区教育局 reported 51/51 and 1/1 in November and left December out (docs/kinds.md: a target once
    reached stays reached): done, shown as carried from November, and nobody is asked to report."""
    drop_rows(data_dir, "2019-12", "2", "16")
    md = fixed(run, "--month", "2019-12", data=data_dir).stdout
    assert "年末有指标未报送" not in md and "本月各项指标均已按时报送" in md
    assert "| 51个（沿用11月数据） | 0个 | 100.0% | 100.0% | 已完成 |" in md


def test_year_end_unit_both_unfinished_and_unreported(run, data_dir):
    """区卫健局 leaves one indicator unreported and another short of its target: barred for the
    unfinished one, and still asked to report the other."""
    drop_rows(data_dir, "2019-12", "3")
    set_note(data_dir, "2019-12", "14", "", value="3900")
    verdict = year_end(fixed(run, "--month", "2019-12", data=data_dir).stdout)
    assert "年度任务未全部完成的单位：区卫健局、市保障性住房楼区分中心、区住建局。" in verdict
    assert "区卫健局年末有指标未报送" in verdict


def test_year_end_all_reported_and_done(run, data_dir):
    shutil.rmtree(data_dir / "certified")  # the units' own figures: Part one's rule
    set_note(data_dir, "2019-12", "10", "", value="1271")
    set_note(data_dir, "2019-12", "11", "", value="11.2")
    out = fixed(run, "--month", "2019-12", data=data_dir).stdout
    assert year_end(out).endswith("不得评为优秀等次。各单位年度任务均已完成。")
    assert "各项指标均已完成年度目标任务。" in out and "本月没有进度滞后的指标" not in out
    drop_rows(data_dir, "2019-12", "14")  # 3720 of 4000 in November: unknown whether it was finished
    out = fixed(run, "--month", "2019-12", data=data_dir).stdout
    assert year_end(out).endswith("不得评为优秀等次。区卫健局年末有指标未报送，暂无法认定年度任务完成情况，请尽快补报。")
    assert "已报送的指标均已完成年度目标任务。" in out


def test_year_end_cites_the_registry_notice(run, data_dir):
    templates = (REPO / "templates" / "report.md.j2").read_text(encoding="utf-8") + \
        (REPO / "templates" / "report.html.j2").read_text(encoding="utf-8")
    assert "关于认真做好" not in templates  # the notice is a registry fact, not template text
    set_notice(data_dir, "关于做好2019年民生实事工作的通知")
    for fmt in ("md", "html"):
        out = fixed(run, "--month", "2019-12", "--format", fmt, data=data_dir).stdout
        assert "按照《关于做好2019年民生实事工作的通知》，重点民生实事项目任务未完成的单位" in out
    set_notice(data_dir, None)
    for fmt in ("md", "html"):
        out = fixed(run, "--month", "2019-12", "--format", fmt, data=data_dir).stdout
        assert "按照重点民生实事工作有关要求，重点民生实事项目任务未完成的单位" in out
        assert "《" not in out


def test_threshold_level_in_force_wording():
    from minshi_cli.core.kinds import KINDS
    from minshi_cli.core.registry import load_registry

    registry = load_registry(DATA / "projects.yaml")
    five_a, six_a = registry.indicator("5a"), registry.indicator("6a")
    level = wording(five_a).report_value
    assert level(five_a, 3600.0) == "3600元/年，高于标准120元"
    assert level(five_a, 3300.0) == "3300元/年，低于标准180元"
    assert level(five_a, 3480.0) == "3480元/年，达到标准"
    assert level(six_a, 62.5) == "62.5元/人/月，高于标准2.5元"
    assert level(six_a, float("nan")) == "—"


def _streak(months, since=0, gaps="", past_due=False, first=1):
    from types import SimpleNamespace

    return SimpleNamespace(lag_months=months, lag_since=since, lag_gaps=gaps, past_due=past_due, first_figure=first)


def test_lag_streak_wording():
    from minshi_cli.views.kind_wording import WORDING

    lag, cumulative, threshold = report_module._lag, WORDING["cumulative"], WORDING["threshold"]
    assert lag(_streak(3, 4), cumulative, 6) == "已连续3个月滞后"
    assert lag(_streak(3, 10, past_due=True), threshold, 12) == "已连续3个月未达到标准"
    assert lag(_streak(1, 6), cumulative, 6) == "本月转为滞后"
    # lagging in the first month it is reported: nothing to have turned from (docs/rules.md)
    assert lag(_streak(1, 6, first=6), cumulative, 6) == ""
    assert lag(_streak(1, 6, first=5), cumulative, 6) == "本月转为滞后"
    assert lag(_streak(1, 12, past_due=True), threshold, 12) == ""  # the situation says the standard is unmet
    assert lag(_streak(1, 1), cumulative, 1) == "" and lag(_streak(0), cumulative, 6) == ""
    # a streak across an unreported month counts the reported months and says which was silent
    assert lag(_streak(2, 4, "5月"), cumulative, 6) == "自4月起连续2个报送月滞后（5月未报送）"


#: a space between a Chinese character (or full-width punctuation) and a digit or %, either way
_CJK_SPACE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef] +[0-9%]|[0-9%] +[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.mark.parametrize("month", ["2019-01", "2019-05", "2019-06", "2019-12"])
def test_report_prose_sets_numbers_without_spaces(run, month):
    """Government style: 时序进度50.0%, 完成率达到100%, not 时序进度 50.0% (the time stamp
    2019年7月5日 09:00 excepted)."""
    for fmt in ("md", "html"):
        out = fixed(run, "--month", month, "--format", fmt).stdout
        assert "本月出现" not in out
        prose = out.replace(STAMP_SHOWN, "")
        if fmt == "html":
            parsed = _Elements()
            parsed.feed(prose[prose.index("<body>"):])
            prose = "".join(parsed.text)
        assert _CJK_SPACE.search(prose) is None, _CJK_SPACE.search(prose)


def test_bar_width_is_clamped():
    assert report_module._bar(0.356784) == "35.7%"
    assert report_module._bar(1.3) == "100.0%"
    assert report_module._bar(-0.2) == "0.0%"


@pytest.mark.parametrize("folder, month", [(DATA, "2019-06"), (REPO / "examples" / "city-areas", "2019-04")])
def test_context_is_plain_data(folder, month):
    from minshi_cli.core.year import open_year

    year, evaluation, _ = open_year(folder, month)
    context = report_module.build_context(year, evaluation, datetime(2019, 7, 5))

    def check(value, where="context"):
        if isinstance(value, dict):
            for k, v in value.items():
                assert isinstance(k, str), where
                check(v, f"{where}.{k}")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                check(v, f"{where}[{i}]")
        else:
            assert type(value) in (str, bool, int), f"{where} is {type(value).__name__}"

    check(context)


# --------------------------------------------------------------------------- timestamp


def test_generated_at_from_option_env_or_source_date_epoch(run):
    by_option = fixed(run, "--month", "2019-06").stdout
    by_env = report(run, "--month", "2019-06", env={"MINSHI_GENERATED_AT": STAMP}).stdout
    by_epoch = report(run, "--month", "2019-06", env={"SOURCE_DATE_EPOCH": "1562288400"}).stdout  # 01:00 UTC
    assert by_option == by_env == by_epoch
    assert f"生成时间：{STAMP_SHOWN}。" in by_option
    both = report(run, "--month", "2019-06", "--generated-at", "2019-08-01T10:30",
                  env={"MINSHI_GENERATED_AT": STAMP, "SOURCE_DATE_EPOCH": "1562288400"}).stdout
    assert "生成时间：2019年8月1日 10:30。" in both


@pytest.mark.parametrize("args, env", [
    (["--generated-at", "昨天"], None),
    ([], {"MINSHI_GENERATED_AT": "2019-13-01"}),
    ([], {"SOURCE_DATE_EPOCH": "soon"}),
    ([], {"SOURCE_DATE_EPOCH": "99999999999999"}),
    ([], {"SOURCE_DATE_EPOCH": "9" * 400}),
])
def test_bad_timestamp_is_a_usage_error(run, args, env):
    result = report(run, "--month", "2019-06", *args, env=env)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() and "Traceback" not in result.stderr


def test_out_of_range_source_date_epoch_says_so(run):
    result = report(run, "--month", "2019-06", env={"SOURCE_DATE_EPOCH": "99999999999999"})
    assert result.exit_code == 2
    assert "SOURCE_DATE_EPOCH" in result.stderr and "「99999999999999」超出可表示的时间范围" in result.stderr


# --------------------------------------------------------------------------- options and exit codes


@pytest.mark.parametrize("args, says", [
    ([], "缺少选项 --month"),
    (["--month", "19-06"], "「19-06」不是月份：应为 YYYY-MM"),
    (["--month", "六月"], "「六月」不是月份：应为 YYYY-MM"),
    (["--month", "2020-01"], "月份 2020-01 不在登记表年度 2019 年内"),
    (["--month", "2019-06", "--format", "pdf"], "「pdf」不是可选的值"),
])
def test_bad_options_exit_2(run, args, says):
    result = report(run, *args)
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and says in result.stderr


def test_month_without_progress_file_exits_1(run, data_dir):
    (data_dir / "progress" / "2019-07.csv").unlink()
    result = fixed(run, "--month", "2019-07", data=data_dir)
    assert result.exit_code == 1
    assert "2019-07 没有进度文件" in result.stderr
    assert "2019-07.xlsx" in result.stderr and "Excel 工作簿" in result.stderr  # workbooks count too
    assert "含 CSV" not in result.stderr
    assert "Traceback" not in result.output


def test_data_errors_exit_1_through_the_usual_path(run, data_dir):
    set_note(data_dir, "2019-06", "1", "", value="四千")
    result = fixed(run, "--month", "2019-06", data=data_dir)
    assert result.exit_code == 1
    assert "2019-06.csv:2" in result.stderr and "请先改正" in result.stderr
    assert result.stdout == ""


# --------------------------------------------------------------------------- the HTML report as a document


def test_numbers_keep_their_units_on_one_line():
    from minshi_cli.views.render import nobreak

    assert nobreak("不低于3480元/年") == '不低于<span class="nb">3480元/年</span>'
    assert nobreak("完成率45.2%，低于时序进度4.8个百分点") == \
        '完成率<span class="nb">45.2%</span>，低于时序进度<span class="nb">4.8个百分点</span>'
    assert nobreak("4527人（沿用5月数据）") == '<span class="nb">4527人</span>（沿用<span class="nb">5月</span>数据）'
    assert nobreak("12月底前动工（1/2）") == '<span class="nb">12月</span>底前动工（<span class="nb">1/2</span>）'
    assert nobreak("<b>&") == "&lt;b&gt;&amp;" and nobreak("—") == "—"


def test_html_cells_and_headers_do_not_break_inside_words(run):
    html = fixed(run, "--month", "2019-06", "--format", "html").stdout
    assert ".nb { white-space: nowrap; }" in html and "th { word-break: keep-all; }" in html
    assert '<td><span class="nb">8950人</span></td>\n<td><span class="nb">4527人</span></td>\n' \
           '<td class="num"><span class="nb">763人</span></td>' in html
    assert '<td>城乡低保标准不低于<span class="nb">3480元/年</span></td>' in html
    assert '低于时序进度<span class="nb">26.5个百分点</span>' in html


def test_a_long_note_is_clipped_in_the_html_tables_with_the_full_text_in_an_appendix(run, data_dir):
    long_note = "汛期连续降雨，化粪池供货不足" + "，已协调新增供货厂家并实行周调度" * 12 + "。"
    assert len(long_note) > 150
    set_note(data_dir, "2019-06", "7", long_note)
    html = fixed(run, "--month", "2019-06", "--format", "html", data=data_dir).stdout
    brief = long_note[:80].rstrip() + "…"
    assert html.count(f'{brief}<span class="ref">（全文见附录注1）</span></td>') == 2  # progress table and lagging items
    appendix = html[html.index("<h2>附：单位说明全文</h2>"):html.index("<footer>")]
    assert f"<dt>注1　改（新）建农村户用厕所，区农业农村局</dt>\n<dd>{long_note}</dd>" in appendix
    assert html.count(long_note) == 1
    md = fixed(run, "--month", "2019-06", data=data_dir).stdout
    assert md.count(long_note) == 2 and "全文见附录" not in md  # Markdown does not paginate: the note stays whole


def test_short_notes_are_not_clipped(run):
    html = fixed(run, "--month", "2019-06", "--format", "html").stdout
    assert "全文见附录" not in html and "单位说明全文" not in html


def test_sources_are_relative_to_the_data_folder_and_folded_per_month_folder(run, data_dir):
    md = fixed(run, "--month", "2019-06").stdout
    assert ("数据来源（数据文件夹 data）：projects.yaml、progress/2019-01.csv、progress/2019-02.csv、progress/2019-03.csv、"
            "progress/2019-04.csv、progress/2019-05.csv、progress/2019-06.csv、funds/2019-03.csv、funds/2019-06.csv。") in md
    lines = (data_dir / "progress" / "2019-06.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (data_dir / "progress" / "2019-06.csv").unlink()
    (data_dir / "progress" / "2019-06").mkdir()
    (data_dir / "progress" / "2019-06" / "区人社局.csv").write_text("".join(lines[:2]), encoding="utf-8")
    (data_dir / "progress" / "2019-06" / "其他单位.csv").write_text("".join(lines[:1] + lines[2:]), encoding="utf-8")
    html = fixed(run, "--month", "2019-06", "--format", "html", data=data_dir).stdout
    line = next(x for x in html.splitlines() if x.startswith("<p>数据来源"))
    assert line == (f"<p>数据来源（数据文件夹 {data_dir.as_posix()}）：projects.yaml、progress/2019-01.csv、"
                    "progress/2019-02.csv、progress/2019-03.csv、progress/2019-04.csv、progress/2019-05.csv、"
                    "progress/2019-06/（2个文件）、funds/2019-03.csv、funds/2019-06.csv。</p>")


def test_issue_number_and_date_in_the_header(run):
    args = ("--month", "2019-06", "--number", "第7期", "--date", "2019-07-05")
    md = fixed(run, *args).stdout
    assert md.startswith(f"# {TITLE}\n\n（截至2019年6月底，时序进度50.0%）\n\n第7期　2019年7月5日\n\n## 一、总体情况")
    html = fixed(run, *args, "--format", "html").stdout
    assert '<p class="issue-line"><span>第7期</span><span>2019年7月5日</span></p>\n</header>' in html
    only_number = fixed(run, "--month", "2019-06", "--number", "第7期").stdout
    assert "\n\n第7期\n\n## 一" in only_number
    assert "<p class=\"issue-line\">" not in fixed(run, "--month", "2019-06", "--format", "html").stdout


@pytest.mark.parametrize("value", ["2019-13-05", "七月五日", "2019-07"])
def test_bad_issue_date_is_a_usage_error(run, value):
    result = fixed(run, "--month", "2019-06", "--date", value)
    assert result.exit_code == 2 and f"「{value}」不是日期" in result.stderr and result.stdout == ""


# --------------------------------------------------------------------------- --skip-invalid


def test_skip_invalid_counts_broken_rows_as_unreported_and_lists_them(run, data_dir):
    set_note(data_dir, "2019-06", "1", "", value="四千")
    set_note(data_dir, "2019-06", "7", "", value="1000")  # below May's 1300: decreasing-value
    result = fixed(run, "--month", "2019-06", "--skip-invalid", data=data_dir)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    unreported = text[text.index("## 四、未报送情况"):text.index("## 附：数据有误未采用")]
    assert "以下2项指标本月未报送进度，涉及区人社局、区农业农村局" in unreported
    assert "1. 区人社局：新增城镇就业，指标编号1。" in unreported
    assert "2. 区农业农村局：改（新）建农村户用厕所，指标编号7。" in unreported
    appendix = text[text.index("## 附：数据有误未采用"):text.index("---\n\n数据来源")]
    place = "progress/2019-06.csv"  # relative to the data folder
    assert appendix.splitlines()[2] == (
        "以下2处报送数据有误，未采用，相应指标按未报送计。"
        f"请有关单位改正后重新报送（运行 minshi --data {data_dir.as_posix()} check 可查看全部问题）：")
    assert appendix.splitlines()[4].startswith(f"1. {place}:2：完成值「四千」不是数字")
    assert appendix.splitlines()[5].startswith(f"2. {place}:10：指标 7 的累计值 1000 低于之前报送的 1300（")
    assert "2 处数据有误未采用" in result.stderr
    summary = text[text.index("## 一、总体情况"):text.index("## 二、项目进度情况")]
    assert "未报送2项" in summary


def test_skip_invalid_in_html_lists_the_rows_in_an_appendix_table(run, data_dir):
    set_note(data_dir, "2019-06", "1", "", value="四千")
    html = fixed(run, "--month", "2019-06", "--format", "html", "--skip-invalid", data=data_dir).stdout
    appendix = html[html.index('<section class="appendix">'):html.index("<footer>")]
    assert "<h2>附：数据有误未采用</h2>" in appendix
    assert '<td class="place">progress/2019-06.csv:2</td><td>完成值「四千」不是数字' in appendix
    assert appendix.count("<tr><td") == 1


def test_skip_invalid_with_clean_data_is_the_usual_report(run):
    assert fixed(run, "--month", "2019-06", "--skip-invalid").stdout == fixed(run, "--month", "2019-06").stdout


def test_skip_invalid_leaves_out_an_unreadable_unit_file(run, data_dir):
    """A month folder: one unit's file cannot be read at all; the other units' rows are used."""
    month = data_dir / "progress" / "2019-06"
    month.mkdir()
    lines = (data_dir / "progress" / "2019-06.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (data_dir / "progress" / "2019-06.csv").unlink()
    (month / "其他单位.csv").write_text("".join(lines[:1] + lines[2:]), encoding="utf-8")
    (month / "区人社局.csv").write_bytes(b"indicator,value\n1,4527\x00\n")
    assert fixed(run, "--month", "2019-06", data=data_dir).exit_code == 1
    result = fixed(run, "--month", "2019-06", "--skip-invalid", data=data_dir)
    assert result.exit_code == 0, result.stderr
    assert "以下1项指标本月未报送进度，涉及区人社局" in result.stdout
    assert "1. progress/2019-06/区人社局.csv:2：文件含有 NUL 字节" in result.stdout


def test_skip_invalid_lists_an_earlier_months_broken_row(run, data_dir):
    set_note(data_dir, "2019-05", "1", "", value="3,76４.5.0")
    result = fixed(run, "--month", "2019-06", "--skip-invalid", data=data_dir)
    assert result.exit_code == 0, result.stderr
    assert "1. progress/2019-05.csv:2：" in result.stdout
    assert "以下1处报送数据有误" in result.stdout
    # June's own row stands; its increment counts from April, the latest month that reported
    row = next(line for line in result.stdout.splitlines() if line.startswith("| 1 | 新增城镇就业"))
    april = fixed(run, "--month", "2019-04").stdout
    april_value = next(line for line in april.splitlines() if line.startswith("| 1 | 新增城镇就业")).split(" | ")[4]
    assert row.split(" | ")[5] == f"{4527 - int(april_value.rstrip('人'))}人（5—6月）"  # May's row was not used


def _row(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(start))


def test_skip_invalid_leaves_out_a_funds_row_in_error(run, data_dir):
    """A disbursement below last month's is not used: the project's June figure stands."""
    (data_dir / "funds" / "2019-07.csv").write_text("项目,已拨付,填报单位\n11,20,区财政局\n", encoding="utf-8")
    result = fixed(run, "--month", "2019-07", "--skip-invalid", data=data_dir)
    assert result.exit_code == 0, result.stderr
    assert _row(result.stdout, "| 11 | 完成公路生命安全防护工程 | 区住建局 | 560万元").split(" | ")[4:6] == [
        "160万元（截至6月）", "28.6%"]
    assert "1. funds/2019-07.csv:2：项目 11 的已拨付资金 20 低于之前的 160" in result.stdout
    assert "以下1处报送数据有误，未采用，相应项目沿用此前的拨付数。" in result.stdout
    assert result.stderr.startswith("警告：1 处数据有误未采用，相应项目沿用此前的拨付数，已列在通报的附录中")


def test_skip_invalid_leaves_out_a_certified_row_in_error(run, data_dir):
    """A certified value below an earlier certified one is not used: the unit's report stands, and
    it is no 核减."""
    (data_dir / "certified" / "2019-10.csv").write_text("指标,认定值,认定单位\n1,6000,区统计局\n", encoding="utf-8")
    result = fixed(run, "--month", "2019-10", "--skip-invalid", data=data_dir)
    assert result.exit_code == 0, result.stderr
    assert _row(result.stdout, "| 1 | 新增城镇就业 | 区人社局 | 8950人 |") == (
        "| 1 | 新增城镇就业 | 区人社局 | 8950人 | 7548人 | 798人 | 84.3% | 83.3% | 序时推进 |  |")
    assert "6000人" not in result.stdout and "核减" not in result.stdout.split("## 附：数据有误未采用")[0]
    assert "1. certified/2019-10.csv:2：指标 1 的累计值 6000 低于之前认定的 6750" in result.stdout
    assert "以下1处报送数据有误，未采用，相应指标沿用单位报送的数。" in result.stdout


def test_skip_invalid_says_what_stands_for_each_kind_of_row_left_out(run, data_dir):
    """Rows of several kinds left out: the appendix says what stands for each, progress first."""
    (data_dir / "certified" / "2019-10.csv").write_text("指标,认定值,认定单位\n1,6000,区统计局\n", encoding="utf-8")
    (data_dir / "progress" / "2019-10.csv").write_text(
        (data_dir / "progress" / "2019-10.csv").read_text(encoding="utf-8").replace("\n12,", "\n12,八", 1), encoding="utf-8")
    result = fixed(run, "--month", "2019-10", "--skip-invalid", data=data_dir)
    assert result.exit_code == 0, result.stderr
    assert "以下2处报送数据有误，未采用，进度数据相应指标按未报送计，认定数据相应指标沿用单位报送的数。" in result.stdout


def test_skip_invalid_leaves_out_a_file_of_another_month(run, data_dir):
    """A unit's file named for June in July's folder (month-mismatch, with no line: the whole file)
    is not used, as the appendix says."""
    folder = data_dir / "progress" / "2019-07"
    folder.mkdir()
    lines = (data_dir / "progress" / "2019-07.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (data_dir / "progress" / "2019-07.csv").unlink()
    (folder / "其他单位.csv").write_text("".join(l for l in lines if not l.startswith("12,")), encoding="utf-8")
    (folder / "岳阳楼公安分局-2019-06.csv").write_text("indicator,value\n12,3\n", encoding="utf-8")
    result = fixed(run, "--month", "2019-07", "--skip-invalid", data=data_dir)
    assert result.exit_code == 0, result.stderr
    assert _row(result.stdout, "| 12 | 建成“城市快警”平台 | 岳阳楼公安分局 | 4个 |") == (
        "| 12 | 建成“城市快警”平台 | 岳阳楼公安分局 | 4个 | — | — | — | 58.3% | 未报送 |  |")
    assert "1. progress/2019-07/岳阳楼公安分局-2019-06.csv：文件名「岳阳楼公安分局-2019-06.csv」写的是 2019-06" in result.stdout


def test_missing_data_folder_exits_2(run, tmp_path):
    result = fixed(run, "--month", "2019-06", data=tmp_path / "nowhere")
    assert result.exit_code == 2 and "找不到数据文件夹" in result.stderr


def test_output_file_is_written_whole(run, tmp_path):
    target = tmp_path / "通报.html"
    result = fixed(run, "--month", "2019-06", "--format", "html", "-o", target)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == fixed(run, "--month", "2019-06", "--format", "html").stdout
    assert [p.name for p in tmp_path.iterdir()] == ["通报.html"]  # no temporary file left
    assert target.stat().st_mode & 0o777 != 0o600  # not mkstemp's private mode


@pytest.mark.parametrize("name, fmt", [
    ("通报.html", "html"), ("通报.htm", "html"), ("通报.HTML", "html"),
    ("通报.md", "md"), ("通报.markdown", "md"), ("通报.MD", "md"),
])
def test_output_format_follows_the_file_extension(run, tmp_path, name, fmt):
    target = tmp_path / name
    result = fixed(run, "--month", "2019-06", "-o", target)
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8") == fixed(run, "--month", "2019-06", "--format", fmt).stdout


@pytest.mark.parametrize("name, says", [("通报.pdf", "扩展名 .pdf"), ("通报.txt", "扩展名 .txt"),
                                         ("通报", "没有扩展名"), ("通报.2019-06", "扩展名 .2019-06")])
@pytest.mark.parametrize("fmt", [[], ["--format", "md"], ["--format", "html"]])
def test_an_extension_the_report_cannot_write_exits_2(run, tmp_path, name, says, fmt):
    target = tmp_path / name
    result = fixed(run, "--month", "2019-06", "-o", target, *fmt)
    assert result.exit_code == 2
    assert f"{target}：{says}" in result.stderr
    assert "通报只能写成 .html、.htm（HTML）；.md、.markdown（Markdown）" in result.stderr
    assert result.stdout == "" and list(tmp_path.iterdir()) == []


def test_writable_extensions_come_from_the_one_table(monkeypatch):
    from minshi_cli import commands, formats

    assert commands.writable_suffixes() == ".html、.htm（HTML）；.md、.markdown（Markdown）；.docx（Word）；.xlsx（Excel）"
    assert commands.report_format(None, Path("通报.DOCX")) == "docx"
    monkeypatch.setitem(formats.REPORT, "odt", formats.Format("odt", "OpenDocument", lambda context, templates: b"",
                                                              (".odt",), binary=True))
    assert commands.writable_suffixes().endswith("；.xlsx（Excel）；.odt（OpenDocument）")
    assert commands.report_format(None, Path("通报.ODT")) == "odt"


@pytest.mark.parametrize("fmt, name", [("md", "通报.html"), ("md", "通报.htm"), ("html", "通报.md")])
def test_format_contradicting_the_extension_exits_2(run, tmp_path, fmt, name):
    target = tmp_path / name
    result = fixed(run, "--month", "2019-06", "--format", fmt, "-o", target)
    assert result.exit_code == 2
    assert "不一致" in result.stderr and f"--format {fmt}" in result.stderr and name in result.stderr
    assert not target.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args, start", [([], "# "), (["--format", "html"], "<!DOCTYPE html>")])
def test_output_dash_is_stdout(run, tmp_path, args, start):
    result = fixed(run, "--month", "2019-06", "-o", "-", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(start) and "已写入" not in result.stderr
    assert result.stdout == fixed(run, "--month", "2019-06", *args).stdout


def test_output_refuses_the_data_folder(run, data_dir):
    before = sorted(p.relative_to(data_dir) for p in data_dir.rglob("*"))
    for target in (data_dir / "report.md", data_dir / "progress" / "2019-06.csv", data_dir):
        result = fixed(run, "--month", "2019-06", "-o", target, data=data_dir)
        assert result.exit_code == 2, target
        assert "数据文件夹" in result.stderr
    assert sorted(p.relative_to(data_dir) for p in data_dir.rglob("*")) == before
    assert (data_dir / "progress" / "2019-06.csv").read_bytes() == (DATA / "progress" / "2019-06.csv").read_bytes()


@pytest.mark.parametrize("fmt", ["html", "md", "docx", "xlsx"])
def test_output_into_missing_folders_makes_them(run, tmp_path, fmt):
    """`report -o "输出 文件/通报.html"` makes the folders it needs, as `template -o` does."""
    target = tmp_path / "输出 文件" / "六月" / f"通报.{fmt}"
    result = fixed(run, "--month", "2019-06", "-o", target)
    assert result.exit_code == 0, result.stderr
    assert target.is_file() and [p.name for p in target.parent.iterdir()] == [target.name]


def test_output_to_a_folder_or_under_a_file_exits_2(run, tmp_path):
    folder = fixed(run, "--month", "2019-06", "-o", tmp_path)
    assert folder.exit_code == 2 and f"{tmp_path} 是文件夹" in folder.stderr
    (tmp_path / "输出").write_text("", encoding="utf-8")
    under_file = fixed(run, "--month", "2019-06", "-o", tmp_path / "输出" / "六月" / "r.md")
    assert under_file.exit_code == 2
    assert f"{tmp_path / '输出'} 是文件，不是文件夹" in under_file.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["输出"]


def test_failed_write_leaves_no_partial_file(run, tmp_path, monkeypatch):
    target = tmp_path / "report.md"
    target.write_text("上月的通报", encoding="utf-8")

    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    result = fixed(run, "--month", "2019-06", "-o", target)
    assert result.exit_code == 2
    assert f"无法写入 {target}：磁盘空间不足" in result.stderr  # the system's error said in Chinese
    assert "No space" not in result.stderr
    assert target.read_text(encoding="utf-8") == "上月的通报"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


# --------------------------------------------------------------------------- templates


def test_office_template_overrides_one_format_only(run, tmp_path):
    (tmp_path / "report.md.j2").write_text("{{ title }}｜{{ time_progress }}｜{{ levels[0].projects[0].name|md }}\n",
                                           encoding="utf-8")
    md = fixed(run, "--month", "2019-06", "--templates", tmp_path)
    assert md.exit_code == 0, md.stderr
    assert md.stdout == f"{TITLE}｜50.0%｜新增城镇就业\n"
    html = fixed(run, "--month", "2019-06", "--format", "html", "--templates", tmp_path)
    assert html.stdout == fixed(run, "--month", "2019-06", "--format", "html").stdout  # packaged fallback


@pytest.mark.parametrize("source, expected", [
    ("{% for x in levels %}\n{{ x.name }\n", "语法错误"),
    ("ok\n{{ no_such_field }}\n", "使用了通报数据中没有的内容：没有名为「no_such_field」的变量；可用的名称见 README“自定义模板”一节"),
    ("ok\n{{ 抄送单位 }}\n", "没有名为「抄送单位」的变量"),
    ("ok\n{{ levels[0].no_such_key }}\n", "该数据中没有「no_such_key」这一项"),
    ("ok\n{{ time_progress - 1 }}\n", "无法渲染"),
])
def test_broken_office_template_exits_2_with_its_line(run, tmp_path, source, expected):
    (tmp_path / "report.md.j2").write_text(source, encoding="utf-8")
    result = fixed(run, "--month", "2019-06", "--templates", tmp_path)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "report.md.j2:2" in result.stderr
    assert "Traceback" not in result.output


#: the named blocks of both built-in templates, and text each block's default content holds
BLOCKS = {"letterhead": TITLE, "title": TITLE, "summary": "一、总体情况", "tables": "二、项目进度情况",
          "urging": "三、进度滞后事项", "unreported": "四、未报送情况", "footer": "生成时间"}


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("block", sorted(BLOCKS))
def test_office_template_extends_the_builtin_and_overrides_one_block(run, tmp_path, fmt, block):
    (tmp_path / f"report.{fmt}.j2").write_text(
        f'{{% extends "default:report.{fmt}.j2" %}}{{% block {block} %}}【本单位{block}】{{% endblock %}}\n',
        encoding="utf-8")
    result = fixed(run, "--month", "2019-06", "--format", fmt, "--templates", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count(f"【本单位{block}】") == 1
    assert BLOCKS[block] not in result.stdout.replace(f"<title>{TITLE}</title>", "")
    others = [text for name, text in BLOCKS.items() if name not in (block, "title", "letterhead")]
    assert all(text in result.stdout for text in others), others


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_block_override_keeps_the_builtin_content_with_super(run, tmp_path, fmt):
    (tmp_path / f"report.{fmt}.j2").write_text(
        f'{{% extends "default:report.{fmt}.j2" %}}{{% block footer %}}{{{{ super() }}}}印发：区实事办\n{{% endblock %}}',
        encoding="utf-8")
    builtin = fixed(run, "--month", "2019-06", "--format", fmt).stdout
    result = fixed(run, "--month", "2019-06", "--format", fmt, "--templates", tmp_path)
    assert result.exit_code == 0, result.stderr
    end = builtin.index("</footer>") + len("</footer>\n") if fmt == "html" else len(builtin)
    assert result.stdout == builtin[:end] + "印发：区实事办\n" + builtin[end:]


def test_template_extending_its_own_name_extends_the_builtin(run, tmp_path):
    """The habit the issue reported: ``{% extends "report.md.j2" %}`` inside report.md.j2 recursed forever."""
    (tmp_path / "report.md.j2").write_text('{% extends "report.md.j2" %}{% block footer %}完{% endblock %}',
                                           encoding="utf-8")
    builtin = fixed(run, "--month", "2019-06").stdout
    result = fixed(run, "--month", "2019-06", "--templates", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == builtin[:builtin.index("---\n\n数据来源")] + "完"


def test_readme_template_example_works(run, tmp_path):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```jinja\n(.*?)```", readme, re.S).group(1)
    assert example.startswith('{% extends "default:report.html.j2" %}')
    (tmp_path / "report.html.j2").write_text(example, encoding="utf-8")
    result = fixed(run, "--month", "2019-06", "--format", "html", "--templates", tmp_path)
    assert result.exit_code == 0, result.stderr
    head, tail = result.stdout.split(f"<h1>{TITLE}</h1>")
    assert "XX区重点民生实事工作领导小组办公室</p>\n<header>" in head
    assert tail.endswith("</footer>\n\n<p>抄送：区委办、区人大办、区政协办。</p>\n</main>\n</body>\n</html>\n")


def test_templates_extending_each_other_exit_2(run, tmp_path):
    (tmp_path / "report.md.j2").write_text('{% extends "other.md.j2" %}', encoding="utf-8")
    (tmp_path / "other.md.j2").write_text('{% extends "report.md.j2" %}', encoding="utf-8")
    result = fixed(run, "--month", "2019-06", "--templates", tmp_path)
    assert result.exit_code == 2
    assert "循环继承" in result.stderr and 'default:report.md.j2' in result.stderr
    assert "Traceback" not in result.output


def test_extending_a_builtin_that_does_not_exist_exits_2(run, tmp_path):
    (tmp_path / "report.md.j2").write_text('{% extends "default:通报.md.j2" %}', encoding="utf-8")
    result = fixed(run, "--month", "2019-06", "--templates", tmp_path)
    assert result.exit_code == 2
    assert "default:通报.md.j2" in result.stderr


def test_missing_templates_folder_exits_2(run, tmp_path):
    result = fixed(run, "--month", "2019-06", "--templates", tmp_path / "nope")
    assert result.exit_code == 2 and f"找不到模板文件夹 {tmp_path / 'nope'}" in result.stderr


def test_html_template_autoescapes_and_markdown_does_not(tmp_path):
    from minshi_cli.views.render import render

    (tmp_path / "t.html.j2").write_text("{{ x }}", encoding="utf-8")
    (tmp_path / "t.md.j2").write_text("{{ x|md }}", encoding="utf-8")
    assert render("t.html.j2", {"x": "<b>&"}, tmp_path) == "&lt;b&gt;&amp;"
    assert render("t.md.j2", {"x": "<b>&"}, tmp_path) == r"\<b\>\&"


def test_help_imports_neither_pandas_nor_jinja2():
    code = ("import sys\nfrom minshi_cli.cli import main\n"
            "for argv in (['--help'], ['report', '--help']):\n"
            "    try:\n        main(argv)\n    except SystemExit:\n        pass\n"
            "print(sorted(m for m in ('pandas', 'numpy', 'jinja2') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True).stdout
    assert out.strip().endswith("[]")
    assert "--month" in out and "--generated-at" in out


# --------------------------------------------------------------------------- in a real browser


def _browser_or_skip() -> str:
    browser = find_chromium()
    if browser is None:
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail("CI is set but chromium was not found: install Debian's chromium (see .ci/run) "
                        "or set MINSHI_CHROMIUM")
        pytest.skip("chromium not found (install Debian's chromium or set MINSHI_CHROMIUM); "
                    "this test is required when CI=true")
    return browser


def test_html_report_in_headless_chromium(run, tmp_path):
    browser = _browser_or_skip()
    page = tmp_path / "report-2019-06.html"
    assert fixed(run, "--month", "2019-06", "--format", "html", "-o", page).exit_code == 0
    result = open_page(browser, page, tmp_path / "shots")
    keep = os.environ.get("MINSHI_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for shot in (result.screenshot, result.print_screenshot, result.screenshot.parent / "report.pdf"):
            shutil.copy(shot, Path(keep) / shot.name)
    assert result.console_errors == []
    assert result.requests == []
    assert TITLE in result.text
    for name in PROJECT_NAMES:
        assert name in result.text, name
    assert "严重滞后" in result.text and "时序进度50.0%" in result.text
    png = result.screenshot.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 50_000
    assert result.pdf_pages >= 2  # A4 pages; a shorter report would mean the tables were lost


def test_hostile_note_shows_as_text_in_chromium(run, data_dir, tmp_path):
    browser = _browser_or_skip()
    page = tmp_path / "hostile.html"
    assert fixed(run, "--month", "2019-06", "--format", "html", "-o", page, data=hostile_data(data_dir)).exit_code == 0
    result = open_page(browser, page, tmp_path / "shots")
    assert result.console_errors == []
    assert result.requests == []  # the <img src=x> never became a request
    assert "<script>alert(1)</script><img src=x onerror=alert(2)> a|b" in result.text


# --------------------------------------------------------------------------- docs/assessment.md in the report


def test_report_names_the_escalation_and_counts_it(run):
    out = fixed(run, "--month", "2019-09").stdout
    assert "按照督促整改规定，本月应挂牌督办5个单位（区农业农村局、区棚改办、市保障性住房楼区分中心、区住建局、区商务粮食局）。" in out
    assert "已连续9个月滞后。应予挂牌督办。" in out
    june = fixed(run, "--month", "2019-06").stdout
    # each unit once, under its most severe action: 区卫健局's 14 lagged April to June (three months)
    assert "本月应通报批评2个单位（区农业农村局、区卫健局），应挂牌督办6个单位（" in june


def test_report_lists_every_cut_and_marks_what_is_not_certified(run):
    dec = fixed(run, "--month", "2019-12").stdout
    assert "本月经区统计局认定的指标18项，以认定值为准；核减4项：" in dec
    assert "| 15a | 残疾人享受居家服务 | 区残联 | 256人 | 248人 | 8人 |" in dec
    assert "| 1个（待认定） |" in dec  # 16's December figure is the unit's own
    assert "以下1项指标的年末数据尚未经认定（表中标“待认定”），请区统计局尽快认定：区教育局（指标16）。" in dec
    sept = fixed(run, "--month", "2019-09").stdout
    assert "待认定" not in sept  # only the final month's report marks figures not yet certified
    assert "| 7 | 改（新）建农村户用厕所 | 区农业农村局 | 2900个 | 2850个 | 50个 |" in sept


def test_report_funds_table(run):
    sept = fixed(run, "--month", "2019-09").stdout
    assert ("| 11 | 完成公路生命安全防护工程 | 区住建局 | 560万元 | 200万元 | 35.7% | 72.3% | "
            "拨付进度低于实施进度，请区财政局根据项目实施进度及时拨付资金 |") in sept
    assert "| 9 | 完成棚改项目 | 区棚改办 | 15000万元 | 7500万元 | 50.0% | 40.0% |  |" in sept


@pytest.mark.parametrize("reporter, urged", [("市财政局", "请市财政局"), ("", "请财政部门")])
def test_report_urges_the_body_the_funds_rows_name(run, data_dir, reporter, urged):
    """The funds note urges whoever the funds files name as their 填报单位 (区财政局 in the shipped
    data), not a district's own word; where none is named, 财政部门."""
    for path in (data_dir / "funds").glob("*.csv"):
        path.write_text(path.read_text(encoding="utf-8").replace("区财政局", reporter), encoding="utf-8")
    sept = fixed(run, "--month", "2019-09", data=data_dir).stdout
    assert (f"| 11 | 完成公路生命安全防护工程 | 区住建局 | 560万元 | 200万元 | 35.7% | 72.3% | "
            f"拨付进度低于实施进度，{urged}根据项目实施进度及时拨付资金 |") in sept
    assert "区财政局" not in sept


def test_report_without_certification_or_funds_has_neither_section(run, data_dir):
    shutil.rmtree(data_dir / "certified")
    shutil.rmtree(data_dir / "funds")
    out = fixed(run, "--month", "2019-12", data=data_dir).stdout
    assert "数据认定情况" not in out and "待认定" not in out
    # the budgets are registered but no funds file came: 未报送, never 拨付进度低于实施进度
    assert "资金拨付情况" in out and "| 9 | 完成棚改项目 | 区棚改办 | 15000万元 | 未报送 | — | 100.0% | 未报送拨付情况 |" in out
    assert "拨付进度低于实施进度" not in out


# --------------------------------------------------------------------------- HTML structure


def test_html_check_finds_nesting_faults():
    """The checker itself: each fault a browser would repair silently is named."""
    from tests.html_check import faults
    assert faults("<section><p>a<strong>b</strong><br>c</p></section>") == []
    assert faults("<p>请<p>按照</p>主要</p>") == ["line 1: <p> inside <p>"]
    assert faults("<p>a<span><div>b</div></span></p>") == ["line 1: <div> inside <span>"]
    assert faults("<table><td>1</td></table>") == ["line 1: <td> inside <table>"]
    assert faults("<section><p>a</section>") == ["line 1: </section> while <p> is open"]
    assert faults("<section><p>a</p>") == ["unclosed at the end: <section>"]
    assert faults("<svg><rect/><g><text>1</text></g></svg>") == []


@pytest.mark.parametrize("golden", sorted(GOLDEN.glob("*.html")), ids=lambda p: p.name)
def test_html_goldens_are_well_formed(golden):
    """Every HTML golden: no element where its parent may not hold it, no unclosed tag (a golden
    approved with a fault in it would keep the fault)."""
    from tests.html_check import faults
    assert faults(golden.read_text(encoding="utf-8")) == []


def test_site_pages_are_well_formed(run, tmp_path):
    """Every page `minshi site` writes passes the same structure check as the report's goldens."""
    from tests.html_check import faults
    result = run("--data", DATA, "site", "-o", tmp_path / "网站")
    assert result.exit_code == 0, result.stderr
    pages = sorted((tmp_path / "网站").rglob("*.html"))
    assert len(pages) > 10
    found = {str(p.relative_to(tmp_path)): faults(p.read_text(encoding="utf-8")) for p in pages}
    assert found == {name: [] for name in found}


def test_site_under_a_file_says_why_in_chinese(run, tmp_path):
    (tmp_path / "输出").write_text("", encoding="utf-8")
    result = run("--data", DATA, "site", "-o", tmp_path / "输出" / "网站")
    assert result.exit_code == 2 and "路径中有一级不是文件夹" in result.stderr and "directory" not in result.stderr
