"""A published table typed with another separator than the comma (docs/verify.md «分隔符»): check's rule
(:func:`minshi_cli.core.grid.separator_of`) names it.  Tabs (a table pasted from Excel or WPS) and
semicolons (a European Excel's CSV) are what a program writes, quoting a cell that holds one: the table
is read by them and the summary says so.  Full-width commas and semicolons and bars are typed by hand,
inside cells too: one ``header-not-found`` at the header's line names the mark and says what to do —
with and without a registry, never the bare "no header in the first 10 rows"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings

from tests.conftest import DATA, write
from tests.test_verify_properties_alone import table_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "verify"


def retyped(tmp_path: Path, name: str, mark: str) -> Path:
    """A fixture with every comma (cells hold none) typed as ``mark``."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return write(tmp_path / f"retyped-{name}", text.replace(",", mark))


def found(r) -> list[tuple]:
    return [(p["line"], p["code"], p["column"], p["message"]) for p in json.loads(r.stdout)["problems"]]


@pytest.mark.parametrize("mark, name", [("\t", "制表符（Tab）"), (";", "分号「;」")])
def test_a_table_separated_by_tabs_or_semicolons_is_read_so(run, tmp_path, mark, name):
    # the title row holds 「；」 and 「，」: the header's own mark decides
    path = retyped(tmp_path, "numbered-1-to-n.csv", mark)
    r = run("--data", DATA, "verify", path, "--format", "json")
    assert r.exit_code == 1 and found(r) == [(7, "rate-slip", "完成率",
                                             "「完成新生儿48种遗传代谢病串联质谱筛查」完成率「55.5%」有误：累计完成 2340人（数据文件夹 2019-07） "
                                             "÷ 目标 4000人 = 58.500%，应为 58.5%")]
    assert r.stderr.strip() == (f"校验 {path.as_posix()}（2019-07），对照 {(DATA / 'projects.yaml').as_posix()}：7 行中 7 行对上登记表，1 个错误，0 个警告；"
                                f"核对完成率 7 个、合计 0 处；各列用{name}分隔，已照此读取")
    r = run("verify", path, "--no-registry")
    assert r.stdout.strip() == (f"{path.as_posix()}:7: error rate-slip 「完成新生儿48种遗传代谢病串联质谱筛查」完成率「55.5%」有误："
                                "1-7月累计完成 2340人 ÷ 目标任务 4000人 = 58.500%，应为 58.5%")
    assert r.stderr.strip() == (f"校验 {path.as_posix()}：按表内数字核对（未对照登记表），核对完成率 7 个、合计 0 处，1 个错误，0 个警告；"
                                f"各列用{name}分隔，已照此读取")


def test_a_tab_separated_table_keeps_thousands_commas_and_quoted_tabs(run, tmp_path):
    path = write(tmp_path / "t.csv", "进度表\n序号\t项目名称\t目标任务\t累计完成\t完成率\n"
                                     '1\t新增城镇就业\t8,950人\t6,031人\t68%\n2\t"减少\t大班额"\t50个\t15个\t30%\n')
    r = run("verify", path, "--no-registry", "--format", "json")
    assert r.exit_code == 1 and found(r) == [(3, "rate-slip", "完成率",
                                             "「新增城镇就业」完成率「68%」有误：累计完成 6,031人 ÷ 目标任务 8,950人 = 67.39%，应为 67%")]
    assert json.loads(r.stdout)["checked"] == 2


@pytest.mark.parametrize("mark, name", [("；", "中文分号「；」"), ("，", "中文逗号「，」"), ("|", "竖线「|」")])
@pytest.mark.parametrize("registry", [True, False])
def test_a_table_typed_with_a_mark_also_typed_in_cells_is_one_error_naming_it(run, tmp_path, mark, name, registry):
    path = retyped(tmp_path, "numbered-1-to-n.csv", mark)
    args = ("--data", DATA, "verify", path) if registry else ("verify", path, "--no-registry")
    r = run(*args, "--format", "json")
    header = mark.join(["序号", "项目名称", "目标任务", "1-7月累计完成", "完成率"])
    assert r.exit_code == 1 and found(r) == [(2, "header-not-found", None,
                                             f"表头用{name}分隔，不是英文逗号「,」：「{header}」。请把分隔各列的{name}换成英文逗号"
                                             "（单元格内的不要换），或在 Excel/WPS 中“另存为 CSV（逗号分隔）”后重新校验")]


def test_a_markdown_table_pasted_from_a_chat(run, tmp_path):
    path = write(tmp_path / "t.csv", "| 序号 | 项目名称 | 目标任务 | 累计完成 | 完成率 |\n|---|---|---|---|---|\n"
                                     "| 1 | 新增城镇就业 | 8950人 | 6031人 | 67% |\n")
    r = run("verify", path, "--no-registry", "--format", "json")
    assert r.exit_code == 1 and [p[:2] for p in found(r)] == [(1, "header-not-found")]
    assert found(r)[0][3].startswith("表头用竖线「|」分隔，不是英文逗号「,」：「| 序号 | 项目名称 |")


def test_a_workbook_with_the_header_typed_into_one_cell(run, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "进度"
    ws.append(["2019年民生实事进度表"])
    ws.append(["序号\t项目名称\t目标任务\t累计完成\t完成率"])
    ws.append(["1\t新增城镇就业\t8950人\t6031人\t67%"])
    path = tmp_path / "t.xlsx"
    wb.save(path)
    r = run("verify", path, "--no-registry", "--format", "json")
    assert r.exit_code == 1 and found(r) == [(2, "header-not-found", None,
                                             "工作表「进度」：表头用制表符（Tab）分隔，不是英文逗号「,」：「序号⇥项目名称⇥目标任务⇥累计完成⇥完成率」。"
                                             "请把各列分到各自的单元格中（Excel/WPS：数据→分列）后重新校验")]


def test_no_header_whatever_the_separator_is_still_the_plain_message(run, tmp_path):
    path = write(tmp_path / "t.csv", "只有一行标题；没有表头\n随便\t写写\n")
    r = run("verify", path, "--no-registry", "--format", "json")
    assert found(r) == [(None, "header-not-found", None,
                         "前 10 行中没有表头行：表头应含「序号」「项目名称」或「地区」，以及「目标任务」「累计完成」或「完成率」之一")]


MIXED = ("序号,项目名称,目标任务,累计完成,完成率\n1,新增城镇就业,8950人,6031人,67%\n2\t减少大班额\t51个\t15个\t35%\n"
         "3；两癌检查；2500人；1490人；70%\n一、市级实事（8件），共16项\n4,孕产妇筛查,3600人,2420人,67%\n填报人：张三；审核人：李四\n")


@pytest.mark.parametrize("registry", [True, False])
def test_a_row_typed_with_another_separator_is_named_not_skipped_unseen(run, tmp_path, registry):
    """Read as one cell such a row passed for a section heading: unchecked, and its slip (35%, 70%)
    unseen.  A heading with a full-width comma (no numbers) and a labelled line (a colon) are not it."""
    path = write(tmp_path / "t.csv", MIXED)
    args = ("--data", DATA, "verify", path, "--month", "2019-07") if registry else ("verify", path, "--no-registry")
    r = run(*args, "--format", "json")
    assert r.exit_code == 1
    assert [p for p in found(r) if p[1] == "wrong-separator"] == [
        (3, "wrong-separator", None, "这一行用制表符（Tab）分隔，不是表头的英文逗号「,」：「2⇥减少大班额⇥51个⇥15个⇥35%」，这一行没有核对。"
                                     "请把制表符（Tab）换成英文逗号「,」，或在 Excel/WPS 中“另存为 CSV（逗号分隔）”"),
        (4, "wrong-separator", None, "这一行用中文分号「；」分隔，不是表头的英文逗号「,」：「3；两癌检查；2500人；1490人；70%」，这一行没有核对。"
                                     "请把中文分号「；」换成英文逗号「,」，或在 Excel/WPS 中“另存为 CSV（逗号分隔）”")]
    if not registry:
        assert [p[:2] for p in found(r)] == [(3, "wrong-separator"), (4, "wrong-separator")]
        assert json.loads(r.stdout)["checked"] == 2


def test_a_comma_row_in_a_tab_separated_table(run, tmp_path):
    text = (FIXTURES / "mixed-fractions.csv").read_text(encoding="utf-8").replace(",", "\t") + "5,新增学位,100个,50个,40%\n"
    r = run("verify", write(tmp_path / "t.csv", text), "--no-registry", "--format", "json")
    assert found(r)[-1] == (7, "wrong-separator", None, "这一行用英文逗号「,」分隔，不是表头的制表符（Tab）：「5,新增学位,100个,50个,40%」，"
                                                        "这一行没有核对。请把英文逗号「,」换成制表符（Tab）")


def test_a_workbook_row_typed_into_one_cell(run, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "进度"
    ws.append(["序号", "项目名称", "目标任务", "累计完成", "完成率"])
    ws.append([1, "新增城镇就业", "8950人", "6031人", "67%"])
    ws.append(["2\t减少大班额\t51个\t15个\t35%"])
    path = tmp_path / "t.xlsx"
    wb.save(path)
    r = run("verify", path, "--no-registry", "--format", "json")
    assert found(r) == [(3, "wrong-separator", None, "工作表「进度」A3：这一行键入在一个单元格中，用制表符（Tab）分隔：「2⇥减少大班额⇥51个⇥15个⇥35%」，"
                                                    "这一行没有核对。请把它分到各自的单元格中（Excel/WPS：数据→分列）")]


def _json(path: Path) -> dict:
    from click.testing import CliRunner

    from minshi_cli.cli import main

    result = CliRunner().invoke(main, ["verify", str(path), "--no-registry", "--format", "json"], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


@settings(max_examples=120, deadline=None)
@given(text=table_text())
def test_a_table_typed_with_tabs_reads_as_the_same_table_with_commas(text):
    """Whatever the table, typed with tabs it gives the problems it gives typed with commas (the
    cells hold neither), where the comma table's header is found at all."""
    import tempfile

    text = text.replace("\t", " ")
    with tempfile.TemporaryDirectory() as tmp:
        commas = _json(write(Path(tmp) / "逗号.csv", text))
        tabs = _json(write(Path(tmp) / "制表符.csv", text.replace(",", "\t")))
    if any(p["code"] == "header-not-found" for p in commas["problems"]):
        return

    def shape(doc):
        return [(p["line"], p["code"], p["column"], p["message"] if p["code"] != "wrong-separator" else "")
                for p in doc["problems"]]

    assert shape(tabs) == shape(commas)
    assert [tabs[k] for k in ("checked", "totals_checked", "unchecked", "fractions")] == \
        [commas[k] for k in ("checked", "totals_checked", "unchecked", "fractions")]


@pytest.mark.parametrize("name, encoding", [("表.txt", "utf-16"), ("表.tsv", "gb18030"), ("表.TXT", "utf-8")])
def test_excel_text_saved_as_txt_or_tsv_is_read(run, tmp_path, name, encoding):
    """Excel's “文本文件（制表符分隔）” (ANSI: GBK) and “Unicode 文本” (UTF-16 with a BOM) are .txt."""
    text = (FIXTURES / "numbered-1-to-n.csv").read_text(encoding="utf-8").replace(",", "\t").replace("\n", "\r\n")
    path = write(tmp_path / name, text, encoding)
    r = run("verify", path, "--no-registry", "--format", "json")
    assert r.exit_code == 1 and [p[:2] for p in found(r)] == [(7, "rate-slip")]
    assert r.stderr.strip().endswith("；各列用制表符（Tab）分隔，已照此读取")


def test_other_files_stay_a_usage_error(run, tmp_path):
    r = run("verify", write(tmp_path / "表.doc", "x"), "--no-registry")
    assert r.exit_code == 2 and r.stderr.strip() == (
        f"minshi：{(tmp_path / '表.doc').as_posix()} 不是 CSV 文件或 Excel 工作簿：minshi verify 读取 .csv、.xlsx、.xlsm、.xls 表格，"
        "以及 Excel 另存的文本文件 .txt、.tsv（制表符分隔）")
