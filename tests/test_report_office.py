"""``minshi report --format xlsx|docx -o FILE`` (docs/office.md): the dispatch report as Excel and
Word, read back with openpyxl and python-docx, and printed to PDF by headless LibreOffice.

The LibreOffice tests skip where ``soffice`` (Debian's libreoffice-writer-nogui and
libreoffice-calc-nogui) or ``pdftotext`` (poppler-utils) is missing, unless ``CI=true``: there
they fail (``.ci/run`` installs both).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from minshi_cli.commands import report_context
from minshi_cli.office.text import shown
from tests.conftest import DATA, REPO

STAMP = "2019-07-05 09:00"
TITLE = "2019年省、市重点民生实事工作调度通报（1—6月）"
EXAMPLE = REPO / "examples" / "county-2016"  # milestones, a plan, a ceiling, percentages, policy items
AREAS = REPO / "examples" / "city-areas"  # sub-areas: the report's 各地区进度 with its ranking table
PROJECT_NAMES = [p["name"] for p in yaml.safe_load((DATA / "projects.yaml").read_text(encoding="utf-8"))["projects"]]
XLSX_HEADERS = ["序号", "项目名称", "责任单位", "目标任务", "1—6月累计完成", "完成率", "状态", "备注"]
STATUS_WORDS = {"已完成", "序时推进", "滞后", "严重滞后", "未报送"}


@pytest.fixture(autouse=True)
def _quiet_env(monkeypatch):
    for name in ("MINSHI_DATA", "MINSHI_GENERATED_AT", "SOURCE_DATE_EPOCH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(REPO)


def make(run, tmp_path: Path, name: str, *args, data: Path | str = "data", month: str = "2019-06") -> Path:
    target = tmp_path / name
    result = run("--data", data, "report", "--month", month, "--generated-at", STAMP, "-o", target, *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and f"已写入 {target}" in result.stderr
    return target


def context(month: str = "2019-06", data: Path = DATA) -> dict:
    from datetime import datetime

    return report_context(data, month=month, generated_at=datetime(2019, 7, 5, 9, 0))


def indicators(ctx: dict):
    for level in ctx["levels"]:
        for project in level["projects"]:
            for indicator in project["indicators"]:
                yield level, project, indicator


# --------------------------------------------------------------------------- Excel


def sheet_rows(path: Path, name: str = "项目进度") -> tuple[object, list[list[str]]]:
    from openpyxl import load_workbook

    sheet = load_workbook(path)[name]
    return sheet, [[c.value if c.value is not None else "" for c in row] for row in sheet.iter_rows()]


def test_xlsx_is_the_published_table_with_every_figure(run, tmp_path):
    sheet, rows = sheet_rows(make(run, tmp_path, "通报.xlsx"))
    assert sheet.title == "项目进度"
    assert rows[0][0] == TITLE
    assert rows[1][0] == "（截至2019年6月底，时序进度50.0%）"
    assert rows[2] == XLSX_HEADERS
    assert rows[3][0] == "一、省级重点民生实事（8件）"
    assert rows[4] == ["1", "新增城镇就业", "区人社局", "8950人", "4527人", "50.6%", "序时推进", ""]
    # project 5 has two indicators: its 序号, name and unit are merged over both rows
    five = next(i for i, r in enumerate(rows) if r[0] == "5")
    assert rows[five][3:7] == ["城乡低保标准不低于3480元/年", "3300元/年，低于标准180元", "94.8%", "滞后"]
    assert rows[five + 1][:3] == ["", "", ""]
    assert rows[five + 1][3:7] == ["人均救助水平不低于185元/月", "185元/月，达到标准", "100.0%", "已完成"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {f"A{five + 1}:A{five + 2}", f"B{five + 1}:B{five + 2}", f"C{five + 1}:C{five + 2}"} <= merged
    city = rows.index(next(r for r in rows if r[0] == "二、市级重点民生实事（8件）"))
    assert rows[city + 1][:3] == ["9", "完成棚改项目", "区棚改办"]
    assert rows[-2][0].startswith("注：累计类指标完成率＝1—6月累计完成÷目标任务")  # the report's note on the rules
    assert rows[-1][0] == "生成时间：2019年7月5日 09:00"
    # every project once, every indicator's figures, rate, status and note on a row of its own
    assert [r[1] for r in rows[3:] if r[0].isdigit()] == PROJECT_NAMES
    table = [tuple(r[3:8]) for r in rows]
    expected = [(i["target"], i["value"], i["rate"], i["status_label"], i["note"]) for _, _, i in indicators(context())]
    assert len(expected) == 19 and all(e in table for e in expected)
    assert sum(1 for r in rows if r[6] in STATUS_WORDS) == 19


def test_xlsx_of_another_registry_with_every_kind(run, tmp_path):
    """The county example: its own title, level and programme names, and every kind's figures
    and status words as the report writes them."""
    sheet, rows = sheet_rows(make(run, tmp_path, "通报.xlsx", data=EXAMPLE, month="2016-06"))
    assert rows[0][0] == "2016年民生实事工作调度通报（1—6月）"
    assert [r[0] for r in rows if "、" in r[0] and r[0].endswith("件）")] == ["一、县级民生实事（13件）"]
    by_seq = {r[0]: r for r in rows if r[0].isdigit()}
    assert by_seq["3"] == ["3", "启动县图书馆新馆建设", "县文体广新局", "12月底前启动建设", "已启动建设（1/1）", "100.0%",
                           "已完成", "6月20日举行开工仪式"]
    assert by_seq["11"] == ["11", "城镇登记失业率控制在4.5%以内（示例）", "县人社局", "控制在4.5%以内",
                            "4.2%，低于上限0.3个百分点", "—", "已完成", ""]
    assert by_seq["13"][3:7] == ["应保尽保", "序时推进", "—", "序时推进"]
    ctx = context("2016-06", EXAMPLE)
    assert [r[1] for r in by_seq.values()] == [p["name"] for level in ctx["levels"] for p in level["projects"]]
    assert len(by_seq) == 13
    table = [tuple(r[3:8]) for r in rows]
    assert all((i["target"], i["value"], i["rate"], i["status_label"], i["note"]) in table for _, _, i in indicators(ctx))
    assert rows[-2][0] == ctx["rules"]["note"] and "节点类指标" in rows[-2][0]


def test_xlsx_prints_on_a4_landscape_with_repeated_headers(run, tmp_path):
    sheet, rows = sheet_rows(make(run, tmp_path, "通报.xlsx"))
    assert sheet.print_title_rows == "$3:$3"  # the header row on every printed page
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)  # one page wide
    assert sheet.print_area == f"'项目进度'!$A$1:$H${len(rows)}"
    assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
    assert sheet.freeze_panes == "A4"
    widths = {c: sheet.column_dimensions[c].width for c in "ABCDEFGH"}
    # a Chinese character takes two units; a column fits its widest text plus 2, or wraps at its widest
    assert widths == {"A": 6, "B": 26, "C": 16, "D": 24, "E": 22, "F": 8, "G": 10, "H": 40}
    assert sheet["A1"].font.name == "黑体" and sheet["A1"].font.b
    assert sheet["B5"].alignment.wrap_text and sheet["B5"].font.name == "宋体"
    # a row grows for its wrapped text: 项目 3's name takes two lines of the 26-unit column
    three = next(n for n, r in enumerate(rows, start=1) if r[0] == "3")
    assert sheet.row_dimensions[three].height == 34
    assert sheet.row_dimensions[5].height == 20  # 项目 1: every cell on one line


def test_xlsx_status_cells_are_text_and_shaded(run, tmp_path):
    sheet, rows = sheet_rows(make(run, tmp_path, "通报.xlsx"))
    behind = next(n for n, r in enumerate(rows, start=1) if r[6] == "严重滞后")
    lagging = next(n for n, r in enumerate(rows, start=1) if r[6] == "滞后")
    assert sheet[f"G{behind}"].fill.fgColor.rgb == "00F8CBAD" and sheet[f"G{behind}"].font.b
    assert sheet[f"G{lagging}"].fill.fgColor.rgb == "00FFF2CC" and not sheet[f"G{lagging}"].font.b


def test_xlsx_writes_user_text_as_text_never_a_formula(run, data_dir, tmp_path):
    from openpyxl import load_workbook

    _set_note(data_dir, "2019-06", "2", '=HYPERLINK("http://example.com","点击")\x07 招生')
    book = load_workbook(make(run, tmp_path, "通报.xlsx", data=data_dir))
    cell = next(c for row in book["项目进度"].iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value))
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://example.com","点击") 招生'  # the bell character dropped
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert {c.data_type for c in cells} == {"s"}  # every sheet: text as shown
    assert sum("HYPERLINK" in c.value for c in cells) == 2  # the table, and 滞后事项's 单位说明


# --------------------------------------------------------------------------- Word


def docx_text(document) -> tuple[list[str], list[list[list[str]]]]:
    """The paragraphs' and the table cells' text as a reader sees it (without the word joiners that
    keep a number and its unit on one line)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from minshi_cli.office.text import shown

    paragraphs, tables = [], []
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            paragraphs.append(shown(Paragraph(element, document).text))
        elif element.tag.endswith("}tbl"):
            rows = []
            for row in Table(element, document).rows:
                cells = row.cells
                if len(cells) > 1 and len({id(c._tc) for c in cells}) == 1:  # a note or the sources under it
                    paragraphs.append(shown(cells[0].text))
                else:
                    rows.append([shown(c.text) for c in cells])
            tables.append(rows)
    return paragraphs, tables


def test_docx_has_every_section_project_figure_and_status(run, tmp_path):
    from docx import Document

    paragraphs, tables = docx_text(Document(make(run, tmp_path, "通报.docx")))
    assert paragraphs[0] == TITLE
    assert paragraphs[1] == "（截至2019年6月底，时序进度50.0%）"
    headings = [p for p in paragraphs if re.match(r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）", p)]
    assert headings == ["一、总体情况", "二、项目进度情况", "（一）省级重点民生实事（8件）", "（二）市级重点民生实事（8件）",
                        "三、进度滞后事项", "（一）严重滞后（7项）", "（二）滞后（3项）", "四、未报送情况", "五、资金拨付情况"]
    assert paragraphs[3].startswith("截至2019年6月底（时序进度50.0%），2019年省、市重点民生实事共16件、19项指标。")
    assert any(p.startswith("注：累计类指标完成率＝1—6月累计完成÷目标任务") for p in paragraphs)
    assert any(p.startswith("1.区教育局：减少义务教育大班额。1—6月累计完成12个，完成率23.5%，低于时序进度26.5个百分点")
               for p in paragraphs)
    assert "本月各项指标均已按时报送。" in paragraphs
    sources = [p for p in paragraphs if p][-1]  # under the funds table, as rows of it
    assert sources.startswith("数据来源（数据文件夹 data）：projects.yaml、progress/2019-01.csv")
    assert sources.endswith("生成时间：2019年7月5日 09:00。")
    assert len(tables) == 3  # the two levels' progress tables and the funds table (docs/assessment.md)
    header = ["序号", "项目名称", "责任单位", "目标任务", "1—6月累计完成", "本月新增", "完成率", "时序进度", "状态", "备注"]
    assert [t[0] for t in tables[:2]] == [header, header]
    assert tables[2][0] == ["序号", "项目名称", "责任单位", "预算", "已拨付", "拨付率", "实施进度", "备注"]
    rows = [r for t in tables[:2] for r in t[1:]]
    assert rows[0] == ["1", "新增城镇就业", "区人社局", "8950人", "4527人", "763人", "50.6%", "50.0%", "序时推进", ""]
    # project 5's two indicators: its 序号, name and unit merged over both rows
    five = next(n for n, r in enumerate(rows) if r[0] == "5")
    assert rows[five + 1][:3] == ["5", "提高城乡低保标准和救助水平", "区民政局"]  # a merged cell reads the same
    assert rows[five + 1][3:] == ["人均救助水平不低于185元/月", "185元/月，达到标准", "—", "100.0%", "—", "已完成", ""]
    assert list(dict.fromkeys(r[1] for r in rows)) == PROJECT_NAMES
    got = [tuple(r[3:]) for r in rows]
    expected = [(i["target"], i["value"], i["delta"], i["rate"], i["time_progress"], i["status_label"], i["note"])
                for _, _, i in indicators(context())]
    assert got == expected


def test_docx_layout_follows_gb_t_9704(run, tmp_path):
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(make(run, tmp_path, "通报.docx"))
    sections = document.sections
    # 二、项目进度情况 (the tables) on landscape pages between portrait ones; 五、资金拨付情况 (a table, docs/assessment.md) too
    assert len(sections) == 4
    assert [s.orientation for s in sections] == [0, 1, 0, 1]
    for section in sections:
        assert sorted(round(x.mm) for x in (section.page_width, section.page_height)) == [210, 297]
        assert round(section.top_margin.mm) == 37 and round(section.bottom_margin.mm) == 35
        assert round(section.left_margin.mm) == 28 and round(section.right_margin.mm) == 26
    assert round(sections[0].page_width.mm) == 210 and round(sections[1].page_width.mm) == 297

    def fonts(paragraph):
        return {(r._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")), r.font.size.pt) for r in paragraph.runs}

    by_text = {p.text: p for p in document.paragraphs}
    assert fonts(by_text[TITLE]) == {("方正小标宋简体", 22)}
    assert fonts(by_text["一、总体情况"]) == {("黑体", 16)}
    assert fonts(by_text["（一）严重滞后（7项）"]) == {("楷体_GB2312", 16)}
    body = next(p for p in document.paragraphs if p.text.startswith("截至2019年6月底（时序进度"))
    assert fonts(body) == {("仿宋_GB2312", 16)}
    assert body.paragraph_format.first_line_indent.pt == 32  # two characters
    assert body.paragraph_format.line_spacing.pt == pytest.approx(28.95, abs=0.05)
    # the page number: — PAGE — in 4号宋体, odd pages right and even pages left
    assert document.settings.odd_and_even_pages_header_footer
    odd, even = sections[0].footer.paragraphs[0], sections[0].even_page_footer.paragraphs[0]
    assert odd.alignment == 2 and even.alignment == 0  # RIGHT, LEFT
    for footer in (odd, even):
        assert footer.text.startswith("— ") and footer.text.endswith(" —")
        assert "PAGE" in footer._p.xml and fonts(footer) == {("宋体", 14)}


def test_docx_tables_repeat_their_header_and_keep_rows_whole(run, tmp_path):
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(make(run, tmp_path, "通报.docx"))
    for n, table in enumerate(document.tables):
        flags = [(row._tr.trPr.find(qn("w:tblHeader")) is not None, row._tr.trPr.find(qn("w:cantSplit")) is not None)
                 for row in table.rows]
        assert flags[0] == (True, True) and all(f == (False, True) for f in flags[1:])
        if n >= 2:  # the funds table (docs/assessment.md) has no status column
            continue
        status = [c for c in table.rows[1].cells][8]
        shade = status._tc.tcPr.find(qn("w:shd"))
        assert status.text in STATUS_WORDS and shade is not None
    behind = next(c for t in document.tables for row in t.rows for c in row.cells if c.text == "严重滞后")
    assert behind._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == "F8CBAD"


def test_docx_rows_grow_keep_a_margin_and_are_centred(run, tmp_path):
    """Rows are as tall as their text (no fixed height) with 3 pt inside the borders above and
    below; every cell centred across and down, the header's too."""
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(make(run, tmp_path, "通报.docx"))
    assert "w:trHeight" not in document.element.xml
    for table in document.tables:
        margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
        assert {m.tag.split("}")[1]: m.get(qn("w:w")) for m in margins} == {"top": "60", "left": "108", "bottom": "60",
                                                                            "right": "108"}
        for row in table.rows:
            cells = row.cells
            if len({id(c._tc) for c in cells}) == 1:  # the note, rule or sources under the table
                continue
            for cell in cells:
                assert cell.vertical_alignment == 1  # CENTER
                assert all(p.alignment == 1 for p in cell.paragraphs)  # CENTER


def test_docx_keeps_a_projects_rows_and_a_tables_note_together(run, tmp_path):
    """Each row of a project but its last, and the header row, keep with the next row; the note
    under the project tables is a row of the last one, kept with the row above; so are the rule
    and the sources under the funds table."""
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(make(run, tmp_path, "通报.docx"))

    def kept(row) -> bool:
        from docx.text.paragraph import Paragraph

        # the row's own cells (a cell merged down from the row above belongs to that row)
        flags = {Paragraph(p, None).paragraph_format.keep_with_next for tc in row._tr.tc_lst for p in tc.p_lst}
        assert len(flags) == 1
        return flags.pop() is True

    provincial, city, funds = document.tables
    texts = [[c.text for c in row.cells] for row in provincial.rows]
    five = next(n for n, r in enumerate(texts) if r[0] == "5")
    assert kept(provincial.rows[0]) and kept(provincial.rows[five]) and not kept(provincial.rows[five + 1])
    assert [kept(r) for r in provincial.rows] == [n == 0 or n in (five, five + 2) for n in range(len(texts))]
    note = city.rows[-1]
    assert note.cells[0].text.startswith("注：累计类指标完成率＝") and len({id(c._tc) for c in note.cells}) == 1
    assert kept(city.rows[-2]) and not kept(note)
    borders = note.cells[0]._tc.tcPr.find(qn("w:tcBorders"))
    assert [(b.tag.split("}")[1], b.get(qn("w:val"))) for b in borders] == [
        ("top", "single"), ("left", "nil"), ("bottom", "nil"), ("right", "nil")]
    *_, last, note, rule, sources = funds.rows
    assert note.cells[0].text.startswith("注：拨付率＝已拨付÷预算") and rule.cells[0].text == ""
    assert sources.cells[0].text.startswith("数据来源（数据文件夹 data）")
    assert [kept(r) for r in (last, note, rule, sources)] == [True, True, True, False]
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in (note, rule, sources))  # never split


def test_docx_never_leaves_a_cell_s_last_character_alone_on_its_line(run, tmp_path):
    """A word joiner before a table cell's last Chinese character: 新增城镇就|业 wraps as 新增城镇|就业."""
    from docx import Document

    from minshi_cli.office.text import NO_BREAK, no_orphan

    assert no_orphan("新增城镇就业") == f"新增城镇就{NO_BREAK}业"
    assert no_orphan("8950人") == "8950人"  # a number before it: unbroken's business
    assert no_orphan("就业") == "就业"  # two characters: nothing to leave alone
    assert no_orphan("50.6%") == "50.6%"
    document = Document(make(run, tmp_path, "通报.docx"))
    header = [c.text for c in document.tables[0].rows[0].cells]
    # only where the text is wider than its column: 本月新增 and the status words stay as typed
    # (Word's Find still finds them)
    assert header[4:8] == [f"1—6{NO_BREAK}月累计完{NO_BREAK}成", "本月新增", "完成率", f"时序进{NO_BREAK}度"]
    assert [c.text for c in document.tables[0].rows[1].cells][1:3] == [f"新增城镇就{NO_BREAK}业", "区人社局"]
    assert document.tables[0].rows[1].cells[8].text == "序时推进"
    assert NO_BREAK not in document.paragraphs[0].text  # the title and the prose are left as they are


def test_docx_never_breaks_a_number_from_its_unit(run, tmp_path):
    """A word joiner wherever a line could break inside a number and its unit (3480元/年), in table
    cells; the column is at least as wide as the widest such number."""
    from docx import Document

    from minshi_cli.office.text import NO_BREAK, unbroken

    assert unbroken("不低于3480元/年，50.6%") == f"不低于3480{NO_BREAK}元{NO_BREAK}/{NO_BREAK}年，50.6%"
    assert unbroken("15000万/元") == f"15000{NO_BREAK}万{NO_BREAK}/{NO_BREAK}元"
    assert unbroken("新增城镇就业") == "新增城镇就业"
    document = Document(make(run, tmp_path, "通报.docx"))
    cell = next(c for row in document.tables[0].rows for c in row.cells if c.text.startswith("城乡低保标准"))
    assert cell.text == unbroken("城乡低保标准不低于3480元/年")
    assert cell.width.pt >= 12 * (4 * 0.6 + 3)  # 3480 and 元/年 in 12-point characters
    assert NO_BREAK not in document.paragraphs[0].text  # the title and the prose are left as they are


def test_docx_has_the_markdown_reports_text(run, tmp_path):
    """Sentence for sentence the Markdown report: every paragraph and list item of it is a
    paragraph of the Word document, every table row a table row (at the year's end too)."""
    from docx import Document
    from markdown_it import MarkdownIt

    for data, month in (("data", "2019-06"), ("data", "2019-12"), (EXAMPLE, "2016-06"), (AREAS, "2019-04")):
        md = run("--data", data, "report", "--month", month, "--generated-at", STAMP).stdout
        tokens = MarkdownIt("commonmark").enable("table").parse(md)
        blocks = [t.content for i, t in enumerate(tokens) if t.type == "inline" and tokens[i - 1].type in (
            "paragraph_open", "heading_open")]
        cells = [t.content for i, t in enumerate(tokens) if t.type == "inline" and tokens[i - 1].type in (
            "td_open", "th_open")]
        paragraphs, tables = docx_text(Document(make(run, tmp_path, f"{month}.docx", data=data, month=month)))
        words = {c for t in tables for row in t for c in row}
        plain = [re.sub(r"\*\*|\\", "", b) for b in blocks]
        listed = [p.split(".", 1)[1] if re.match(r"^\d+\.", p) else p for p in paragraphs]
        assert all(b in paragraphs or b in listed for b in plain), [b for b in plain if b not in paragraphs + listed]
        assert {re.sub(r"\\", "", c) for c in cells if c} <= words


def test_docx_keeps_hostile_text_as_text(run, data_dir, tmp_path):
    from docx import Document

    note = '<script>alert(1)</script> a|b *强调* `代码`\x0b 结束'
    _set_note(data_dir, "2019-06", "2", note)
    paragraphs, tables = docx_text(Document(make(run, tmp_path, "通报.docx", data=data_dir)))
    shown = note.replace("\x0b", "")
    assert any(row[9] == shown for t in tables for row in t)
    assert any(p.endswith(f"单位说明：{shown}。") for p in paragraphs)


# --------------------------------------------------------------------------- the command line


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_office_formats_need_a_file(run, tmp_path, fmt):
    for extra in ([], ["-o", "-"]):
        result = run("report", "--month", "2019-06", "--format", fmt, *extra)
        assert result.exit_code == 2 and result.stdout == ""
        assert f"不能输出到屏幕：请用 -o 指定文件，如 -o 调度通报.{fmt}" in result.stderr


@pytest.mark.parametrize("name, magic", [("通报.xlsx", b"PK\x03\x04"), ("通报.DOCX", b"PK\x03\x04")])
def test_office_format_from_the_extension(run, tmp_path, name, magic):
    path = make(run, tmp_path, name)
    assert path.read_bytes().startswith(magic)
    assert ("xl/workbook.xml" if name.endswith("xlsx") else "word/document.xml").encode() in path.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == [name]  # written atomically: no temporary file left


@pytest.mark.parametrize("fmt, name", [("docx", "通报.xlsx"), ("xlsx", "通报.docx"), ("md", "通报.docx"),
                                       ("html", "通报.xlsx")])
def test_office_format_contradicting_the_extension_exits_2(run, tmp_path, fmt, name):
    result = run("report", "--month", "2019-06", "--format", fmt, "-o", tmp_path / name)
    assert result.exit_code == 2 and "不一致" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_office_formats_refuse_templates(run, tmp_path):
    (tmp_path / "tpl").mkdir()
    result = run("report", "--month", "2019-06", "--templates", tmp_path / "tpl", "-o", tmp_path / "通报.docx")
    assert result.exit_code == 2 and "--templates 只用于 md 和 html 通报" in result.stderr
    assert not (tmp_path / "通报.docx").exists()


def test_office_report_never_written_into_the_data_folder(run, data_dir):
    before = sorted(p.relative_to(data_dir) for p in data_dir.rglob("*"))
    for name in ("通报.xlsx", "progress/通报.docx"):
        result = run("--data", data_dir, "report", "--month", "2019-06", "-o", data_dir / name)
        assert result.exit_code == 2 and "数据文件夹" in result.stderr
    assert sorted(p.relative_to(data_dir) for p in data_dir.rglob("*")) == before


def test_office_report_refuses_data_with_errors(run, data_dir, tmp_path):
    (data_dir / "progress" / "2019-06.csv").write_text("indicator,value\n1,八千\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    for name in ("通报.docx", "通报.xlsx"):
        result = run("--data", data_dir, "report", "--month", "2019-06", "-o", tmp_path / "out" / name)
        assert result.exit_code == 1 and "not-a-number" in result.stderr
    assert list((tmp_path / "out").iterdir()) == []


def test_help_and_status_do_not_import_office_libraries(tmp_path):
    """openpyxl, python-docx and markdown-it-py load only when an office report is written."""
    code = ("import sys\nfrom minshi_cli.cli import main\n"
            "for argv in sys.argv[1:]:\n"
            "    try:\n        main(argv.split('|'))\n    except SystemExit:\n        pass\n"
            "print(sorted(m for m in ('openpyxl', 'docx', 'markdown_it', 'lxml', 'python_calamine') if m in sys.modules), file=sys.stderr)")

    def loaded(*argvs):
        r = subprocess.run([sys.executable, "-c", code, *argvs], capture_output=True, text=True, cwd=REPO)
        return r.stderr.strip().splitlines()[-1]

    data = str(DATA)
    assert loaded("--help", "report|--help", f"--data|{data}|status", f"--data|{data}|status|--format|csv",
                  f"--data|{data}|status|--by|unit|--format|csv", f"--data|{data}|check") == "[]"
    out = tmp_path / "r.xlsx"
    assert loaded(f"--data|{data}|report|--month|2019-06|-o|{out}") == "['lxml', 'markdown_it', 'openpyxl']"
    out = tmp_path / "r.docx"
    assert loaded(f"--data|{data}|report|--month|2019-06|-o|{out}") == "['docx', 'lxml', 'markdown_it']"


# --------------------------------------------------------------------------- printed by LibreOffice


def _office_or_skip() -> tuple[str, str]:
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if soffice and pdftotext:
        return soffice, pdftotext
    missing = "soffice (libreoffice-writer-nogui, libreoffice-calc-nogui)" if not soffice else "pdftotext (poppler-utils)"
    if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
        pytest.fail(f"CI is set but {missing} was not found: see .ci/run")
    pytest.skip(f"{missing} not found; this test is required when CI=true")


def pdf_pages(path: Path, tmp_path: Path) -> list[str]:
    """``path`` printed to PDF by headless LibreOffice (a private profile, so parallel runs do
    not collide), the text of each page without spaces, line breaks or quotation marks (a PDF's
    text may break a wrapped cell's line anywhere and moves full-width quotes)."""
    soffice, pdftotext = _office_or_skip()
    profile = tmp_path / "lo-profile"
    out = tmp_path / "pdf"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=180)
    pdf = out / (path.stem + ".pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = subprocess.run([pdftotext, "-raw", str(pdf), "-"], check=True, capture_output=True).stdout.decode("utf-8")
    return [_squash(page) for page in text.split("\f") if page.strip()]  # pdftotext ends a page with a form feed


def _squash(text: str) -> str:
    return re.sub(r"[\s“”‘’\"]", "", text)


@pytest.mark.parametrize("name", ["通报.xlsx", "通报.docx"])
def test_libreoffice_prints_every_project_figure_and_status(run, tmp_path, name):
    pages = pdf_pages(make(run, tmp_path, name), tmp_path)
    text = "".join(pages)
    assert _squash(TITLE) in text and "时序进度50.0%" in text
    for project_name in PROJECT_NAMES:
        assert _squash(project_name) in text, project_name
    for _, project, indicator in indicators(context()):
        for figure in (indicator["value"], indicator["rate"]):
            assert _squash(figure) in text, (project["name"], figure)
    for status in ("已完成", "序时推进", "滞后", "严重滞后"):
        assert status in text
    header = "序号项目名称责任单位目标任务"
    if name.endswith(".docx"):
        assert "三、进度滞后事项" in text and "四、未报送情况" in text
        assert [f"—{n}—" in page for n, page in enumerate(pages, start=1)] == [True] * len(pages)  # page numbers
        # two tables (省级, 市级) longer than a landscape page: the header row is printed again on each page
        start = next(n for n, page in enumerate(pages) if "二、项目进度情况" in page)
        end = next(n for n, page in enumerate(pages) if "三、进度滞后事项" in page)  # on a page of its own
        table_pages = pages[start:end]
        assert len(table_pages) > 2 and all(header in page for page in table_pages)
    else:
        assert all(re.search(r"第\d+页，共\d+页", page) for page in pages)  # each sheet numbers its pages
        # print titles: the project table's header row on each of its pages
        start = next(n for n, page in enumerate(pages) if header in page)
        end = next(n for n, page in enumerate(pages) if "生成时间：2019年7月5日09:00" in page and header in page)
        assert end > start and all(header in page for page in pages[start:end + 1])


def _set_note(data_dir: Path, month: str, indicator: str, note: str) -> None:
    import csv
    import io

    path = data_dir / "progress" / f"{month}.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    column = rows[0].index("note")
    for row in rows[1:]:
        if row and row[0] == indicator:
            row[column] = note
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def test_certification_names_the_certifier_the_data_gives(run, data_dir, tmp_path):
    """The 认定单位 comes from the certified rows' certifier column (a county's 县统计局), else the
    neutral 统计部门 — in every format; the shipped files name 区统计局 (its goldens unchanged)."""
    from docx import Document

    for csv in (data_dir / "certified").glob("*.csv"):
        csv.write_text(csv.read_text(encoding="utf-8").replace("区统计局", "县统计局"), encoding="utf-8")
    md = run("--data", data_dir, "report", "--month", "2019-12", "--generated-at", STAMP).stdout
    assert "本月经县统计局认定的指标18项" in md and "请县统计局尽快认定：区教育局（指标16）。" in md
    assert "区统计局" not in md
    html = make(run, tmp_path, "12.html", data=data_dir, month="2019-12").read_text(encoding="utf-8")
    assert "<p>本月经县统计局认定的指标18项" in html and "区统计局" not in html
    paragraphs, _ = docx_text(Document(make(run, tmp_path, "12.docx", data=data_dir, month="2019-12")))
    assert any(p.startswith("本月经县统计局认定的指标18项") for p in paragraphs)
    _, cells = sheet_rows(make(run, tmp_path, "12.xlsx", data=data_dir, month="2019-12"), "数据认定")
    assert any("经县统计局认定" in str(c) for row in cells for c in row)
    assert "已完成的指标尚未经县统计局认定：待认定" in run("--data", data_dir, "assess").stdout
    for csv in (data_dir / "certified").glob("*.csv"):  # no 认定单位 column: the neutral wording
        rows = [line.rsplit(",", 2) for line in csv.read_text(encoding="utf-8").splitlines()]
        csv.write_text("\n".join(f"{r[0]},{r[2]}" for r in rows) + "\n", encoding="utf-8")
    md = run("--data", data_dir, "report", "--month", "2019-12", "--generated-at", STAMP).stdout
    assert "本月经统计部门认定的指标18项" in md and "请统计部门尽快认定：" in md and "统计局" not in md
    assert "已完成的指标尚未经统计部门认定：待认定" in run("--data", data_dir, "assess").stdout
