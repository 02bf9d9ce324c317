"""核减 of every kind (docs/assessment.md): a certified figure below the reported one is listed in
the report's 数据认定情况 whatever the indicator's kind, each figure in the kind's own form — an
amount, a level (个百分点 between percentages), a stage, a status word — in every format."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO

STAMP = "2016-07-05 09:00"
COUNTY = REPO / "examples" / "county-2016"
CERTIFIED = """指标,认定值,认定单位,备注
3,未开工,县统计局,未见开工
6,严重滞后,县统计局,
9,1200,县统计局,
11,4.0%,县统计局,
12,94%,县统计局,
13,序时推进,县统计局,
2,0,县统计局,
"""
#: (指标编号, 指标, 责任单位, 报送值, 认定值, 核减): milestone, qualitative, cumulative, ceiling, threshold;
#: 13 (qualitative, certified as reported) and 2 (cumulative, 0 as reported) are no cut
CUTS = [
    ("3", "启动县图书馆新馆建设", "县文体广新局", "已启动建设（1/1）", "未开工", "1个阶段"),
    ("6", "迁建县政务服务中心", "县政务服务中心", "滞后", "严重滞后", "降1档"),
    ("9", "完成棚户区改造", "县住建局", "1250户", "1200户", "50户"),
    ("11", "城镇登记失业率", "县人社局", "4.2%", "4%", "0.2个百分点"),
    ("12", "城乡居民基本医疗保险参保率", "县人社局", "95.3%", "94%", "1.3个百分点"),
]


@pytest.fixture
def county(tmp_path) -> Path:
    folder = tmp_path / "county"
    shutil.copytree(COUNTY, folder)
    (folder / "certified").mkdir()
    (folder / "certified" / "2016-06.csv").write_text(CERTIFIED, encoding="utf-8")
    return folder


def report(run, county: Path, *args) -> str:
    result = run("--data", county, "report", "--month", "2016-06", "--generated-at", STAMP, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_markdown_lists_a_cut_of_every_kind(run, county):
    md = report(run, county)
    assert "本月经县统计局认定的指标7项，以认定值为准；核减5项：" in md
    start = md.index("| 指标编号 | 指标 | 责任单位 | 报送值 | 认定值 | 核减 |")
    table = md[start:].split("\n\n")[0].splitlines()[2:]
    assert table == [f"| {' | '.join(c)} |" for c in CUTS]


def test_html_lists_a_cut_of_every_kind(run, county):
    import re

    html = report(run, county, "--format", "html")
    start = html.index("<th>核减</th>")
    body = html[start:html.index("</tbody>", start)]
    rows = [tuple(re.findall(r"<td[^>]*>(.*?)</td>", tr)) for tr in re.findall(r"<tr>(.*?)</tr>", body)]
    assert rows == CUTS


def test_word_lists_a_cut_of_every_kind(run, county, tmp_path):
    from docx import Document

    report(run, county, "-o", tmp_path / "通报.docx")
    from tests.test_report_office import docx_text

    _, tables = docx_text(Document(tmp_path / "通报.docx"))
    cuts = next(t for t in tables if t[0][-1] == "核减")
    assert [tuple(row) for row in cuts[1:]] == CUTS


def test_excel_lists_a_cut_of_every_kind(run, county, tmp_path):
    from openpyxl import load_workbook

    report(run, county, "-o", tmp_path / "通报.xlsx")
    sheet = load_workbook(tmp_path / "通报.xlsx")["数据认定"]
    rows = [tuple(c.value or "" for c in row) for row in sheet.iter_rows()]
    header = rows.index(("指标编号", "指标", "责任单位", "报送值", "认定值", "核减"))
    assert rows[header + 1:header + 1 + len(CUTS)] == CUTS


def test_a_kinds_cut_in_its_own_terms():
    from minshi_cli.core.registry import load_registry
    from minshi_cli.views.kind_wording import WORDING

    registry = load_registry(COUNTY / "projects.yaml")
    assert WORDING["milestone"].cut_text(registry.indicator("4"), 2.0, 0.0) == "2个阶段"
    assert WORDING["qualitative"].cut_text(registry.indicator("13"), 3.0, 0.0) == "降3档"
    assert WORDING["threshold"].cut_text(registry.indicator("12"), 95.25, 95.0) == "0.25个百分点"
    assert WORDING["cumulative"].cut_text(registry.indicator("9"), 1250.0, 1249.5) == "0.5户"
