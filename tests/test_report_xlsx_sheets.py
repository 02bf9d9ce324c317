"""``report --format xlsx`` (docs/office.md): every section of the Word report as a sheet, each
printable on its own (print area, repeated titles, A4, one page wide, breaks between blocks)."""

from __future__ import annotations

import re

import pytest

from minshi_cli.office.text import display_width
from tests.conftest import REPO
from tests.test_report_office import AREAS, STAMP, context, make


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch):
    for name in ("MINSHI_DATA", "MINSHI_GENERATED_AT", "SOURCE_DATE_EPOCH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(REPO)


def book(run, tmp_path, data="data", month="2019-06"):
    from openpyxl import load_workbook

    return load_workbook(make(run, tmp_path, f"{month}.xlsx", data=data, month=month))


def texts(sheet) -> list[str]:
    return [c.value for row in sheet.iter_rows() for c in row if c.value is not None]


@pytest.mark.parametrize("data, month, names", [
    ("data", "2019-06", ["项目进度", "总体情况", "滞后事项", "未报送情况", "资金拨付"]),
    ("data", "2019-12", ["项目进度", "总体情况", "年度考核", "滞后事项", "未报送情况", "数据认定", "资金拨付"]),
    (AREAS, "2019-04", ["项目进度", "总体情况", "地区排名", "滞后事项", "未报送情况"]),
])
def test_a_sheet_for_every_section(run, tmp_path, data, month, names):
    workbook = book(run, tmp_path, data, month)
    assert workbook.sheetnames == names
    assert workbook.active.title == "项目进度"  # it opens on the published table
    md = run("--data", data, "report", "--month", month, "--generated-at", STAMP).stdout
    headings = re.findall(r"^## (.+)$", md, flags=re.M)
    shown = {t for sheet in workbook for t in texts(sheet)}
    # every section's heading but 项目进度情况 (its sheet is the published table)
    assert [h for h in headings if h not in shown] == [next(h for h in headings if h.endswith("项目进度情况"))]
    for sheet in workbook:  # printable on its own
        rows, columns = sheet.max_row, sheet.max_column
        assert sheet.print_area == f"'{sheet.title}'!$A$1:${chr(64 + columns)}${rows}"
        assert sheet.print_title_rows  # the table's header row, or the sheet's title
        assert sheet.page_setup.paperSize == 9 and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.page_setup.orientation == ("landscape" if columns > 6 else "portrait")
        assert "&P" in sheet.oddFooter.center.text


def test_each_sheet_says_what_the_report_says(run, tmp_path):
    """滞后事项, 未报送情况 and the sources are the Markdown report's own sentences."""
    workbook = book(run, tmp_path, "data", "2019-12")
    md = run("--data", "data", "report", "--month", "2019-12", "--generated-at", STAMP).stdout
    urged = texts(workbook["滞后事项"])
    assert urged[0] == "三、进度滞后事项"
    items = [re.sub(r"\*\*", "", line) for line in md.splitlines() if re.match(r"^\d+\. \*\*", line)]
    assert [t for t in urged if re.match(r"^\d+\.", t)] == [re.sub(r"^(\d+\.) ", r"\1", i) for i in items]
    overview = texts(workbook["总体情况"])
    assert overview[0] == "2019年省、市重点民生实事工作调度通报（1—12月）" and overview[2] == "一、总体情况"
    assert any("不得评为优秀等次" in t for t in overview)  # the year-end verdict sentence
    assert overview[-1].startswith("数据来源（数据文件夹 data）：") and overview[-1].endswith("生成时间：2019年7月5日 09:00。")
    cuts = [r for r in workbook["数据认定"].iter_rows(values_only=True)]
    assert ("1", "新增城镇就业", "区人社局", "9126人", "9050人", "76人") in cuts


def test_year_end_sheet_is_the_units_verdicts(run, tmp_path):
    from datetime import datetime

    from minshi_cli.commands import report_context

    sheet = book(run, tmp_path, "data", "2019-12")["年度考核"]
    rows = list(sheet.iter_rows(values_only=True))
    ctx = report_context(REPO / "data", month="2019-12", generated_at=datetime(2019, 7, 5, 9))
    assert rows[2] == ("责任单位", "指标数", "已完成", "序时推进", "滞后", "未完成", "未报送", "年度评优")
    assert [list(r) for r in rows[3:]] == [[c or None for c in row] for row in ctx["year_end"]["rows"]]
    assert ("区残联", "2", "1", "0", "0", "1", "0", "不得评为优秀") in rows
    assert sheet.print_title_rows == "$3:$3"
    assert "year_end" in context() and context()["year_end"] == {}  # before the year's end: no sheet


def test_area_ranking_sheet(run, tmp_path):
    rows = list(book(run, tmp_path, AREAS, "2019-04")["地区排名"].iter_rows(values_only=True))
    header = rows.index(("名次", "地区", "指标数", "已完成", "序时推进", "滞后", "严重滞后", "未报送", "平均完成率"))
    assert [r[1] for r in rows[header + 1:header + 7]] == ["青神县", "东坡区", "仁寿县", "彭山区", "洪雅县", "丹棱县"]
    assert rows[header + 7][0].startswith("排名规则：")  # the rule under the table, across it


def test_page_breaks_fall_between_projects_and_never_strand_a_note(run, tmp_path):
    """Breaks are planned between blocks: a project's rows, a note with the row before it."""
    from openpyxl import load_workbook

    from minshi_cli.office import report_xlsx

    path = make(run, tmp_path, "通报.xlsx")
    sheet = load_workbook(path)["项目进度"]
    rows = [[c.value or "" for c in row] for row in sheet.iter_rows()]
    breaks = [b.id for b in sheet.row_breaks.brk]
    assert breaks, "the project table is longer than a landscape page"
    for row in breaks:  # the row after a break starts a project or a level
        after = rows[row]  # rows are 1-based: rows[row] is the row below the break
        assert after[0].isdigit() or "、" in after[0], after
    last = breaks[-1]
    assert sum(1 for r in rows[last:] if r[0].isdigit()) >= 1  # the last page holds a project, not just notes
    # planned on a page's height at the scale that fits the table's width, with a reserve
    assert 0 < report_xlsx.FILL < 1


def test_merged_text_rows_are_tall_enough_for_their_lines(run, tmp_path):
    from openpyxl import load_workbook

    sheet = load_workbook(make(run, tmp_path, "通报.xlsx"))["总体情况"]
    width = sheet.column_dimensions["A"].width
    for row in sheet.iter_rows():
        text = row[0].value
        lines = -(-display_width(text) // int((width - 2) * 0.85))
        assert sheet.row_dimensions[row[0].row].height >= 14 * lines, text


def test_rows_left_out_have_a_sheet(run, data_dir, tmp_path):
    """``--skip-invalid``: the appendix 附：数据有误未采用 is a sheet 数据有误, as the report words it."""
    from openpyxl import load_workbook

    from tests.test_report import set_note

    set_note(data_dir, "2019-06", "1", "", value="四千")
    target = tmp_path / "通报.xlsx"
    result = run("--data", data_dir, "report", "--month", "2019-06", "--skip-invalid", "--generated-at", STAMP,
                 "-o", target)
    assert result.exit_code == 0, result.stderr
    workbook = load_workbook(target)
    assert workbook.sheetnames[-1] == "数据有误"
    rows = texts(workbook["数据有误"])
    assert rows[0] == "附：数据有误未采用"
    assert rows[1].startswith("以下1处报送数据有误，未采用，相应指标按未报送计。")
    assert rows[2].startswith("1.progress/2019-06.csv:2：完成值「四千」不是数字")
