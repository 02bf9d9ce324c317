"""Excel workbooks as progress files (docs/office.md): sheets, title rows, values, merges, lines.

The fixtures are made the way Excel and WPS make files: title rows above the header, formulas
with cached values (XlsxWriter stores the result, as Excel does), numbers stored as text, a
merged two-level header, a hidden first sheet, percent formats, dates Excel made of a typed month.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minshi_cli.core import values
from minshi_cli.core.grid import read_grid
from minshi_cli.core.progress import PROGRESS, read_table
from minshi_cli.core.workbook import choose_sheet, month_sheet, number_text
from tests.conftest import write

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
KEYS = PROGRESS.columns["indicator"]
TITLE = "区人社局 2019年6月 重点民生实事进度报送表"


def book(path: Path, sheets: dict[str, list[list]], hidden=(), merges=None, formats=None) -> Path:
    """A workbook written with openpyxl: ``sheets`` name -> rows (None = empty cell)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        if name in hidden:
            ws.sheet_state = "hidden"
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
        for ref, fmt in (formats or {}).get(name, {}).items():
            ws[ref].number_format = fmt
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def rows_of(t):
    return t.rows[["indicator", "value", "line"]].values.tolist()


# --- reading -----------------------------------------------------------------------------------

def test_title_rows_above_the_header_and_sheet_row_numbers(tmp_path):
    path = book(tmp_path / "2019-06.xlsx", {"Sheet1": [
        [TITLE], ["请于 7 月 5 日前报区实事办"], ["指标编号", "指标名称", "累计完成", "备注"],
        ["1", "新增城镇就业", 4527, None], [None], ["2", "减少义务教育大班额", 12, "校舍完工"]]},
        merges={"Sheet1": ["A1:D1", "A2:D2"]})
    t = read_table(path, "2019-06")
    assert t.problems == [] and t.sheet == "Sheet1"
    assert rows_of(t) == [["1", "4527", 4], ["2", "12", 6]]
    assert t.rows["note"].tolist() == ["", "校舍完工"]
    assert t.lines == 6


def test_formulas_read_as_their_cached_values(tmp_path):
    path = tmp_path / "2019-06.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("进度")
    ws.write_row(0, 0, ["指标编号", "上月累计", "本月新增", "累计完成"])
    ws.write_row(1, 0, ["1", 4000, 527])
    ws.write_formula(1, 3, "=B2+C2", None, 4527)
    ws.write_row(2, 0, ["11", 5, 0.6])
    ws.write_formula(2, 3, "=B3+C3", None, 5.6000000000000005)  # the binary sum Excel stores
    wb.close()
    t = read_table(path, "2019-06")
    assert rows_of(t) == [["1", "4527", 2], ["11", "5.6", 3]]
    assert [(p.code, p.line, p.column) for p in t.problems] == [("unknown-column", 1, "本月新增")]
    assert t.problems[0].message.startswith("工作表「进度」：无法识别的列「本月新增」")


def test_numbers_stored_as_text_and_numbers_as_excel_stores_them(tmp_path):
    path = book(tmp_path / "2019-06.xlsx", {"进度": [
        ["指标编号", "累计完成"], [1, "4527"], ["5a", 3480.0], [11, 5.6], ["2", " 12 "], [3, "1,300"]]})
    t = read_table(path, "2019-06")
    assert rows_of(t) == [["1", "4527", 2], ["5a", "3480", 3], ["11", "5.6", 4], ["2", " 12 ", 5], ["3", "1,300", 6]]


def test_merged_two_level_header_and_merged_cells_in_the_rows(tmp_path):
    path = book(tmp_path / "2019-06.xlsx", {"Sheet1": [
        [TITLE, None, None, None, None],
        ["指标编号", "项目", "完成情况", None, "填报单位"],
        [None, None, "上月累计", "累计完成", None],
        ["5a", "提高城乡低保标准和救助水平", 3480, 3600, "区民政局"],
        ["5b", None, 180, 185, None]]},
        merges={"Sheet1": ["A1:E1", "A2:A3", "B2:B3", "C2:D2", "E2:E3", "B4:B5", "E4:E5"]})
    grid = read_grid(path, KEYS, "2019-06")
    assert grid.header == ["指标编号", "项目", "上月累计", "累计完成", "填报单位"] and grid.header_line == 2
    t = read_table(path, "2019-06")
    assert t.problems == []
    assert rows_of(t) == [["5a", "3600", 4], ["5b", "185", 5]]
    assert t.rows["reporter"].tolist() == ["区民政局", "区民政局"]  # the merged unit cell, on each of its rows


def test_a_figure_merged_over_two_indicators_rows_is_read_on_neither(tmp_path):
    """A merged 累计完成 over two indicators' rows is merged-figure naming the range; neither row takes
    the figure (the second indicator took the first's when it was filled down like a 填报单位)."""
    path = book(tmp_path / "2019-07.xlsx", {"2019-07": [
        ["指标编号", "累计完成", "填报单位"],
        ["3", 2200, "区卫健局"], ["4", None, None], ["5a", 2340, "区卫健局"]]},
        merges={"2019-07": ["B2:B3", "C2:C3"]})
    t = read_table(path, "2019-07")
    assert [(p.line, p.column, p.code) for p in t.problems] == [(2, "累计完成", "merged-figure")]
    assert t.problems[0].message == (
        "工作表「2019-07」B2:B3：累计完成单元格合并在指标 3、4 的行（第 2—3 行）上，只有一个数「2200」，看不出是哪个指标的，"
        "这几行都没有读取：请取消合并，为每个指标分别填写自己的累计完成")
    assert rows_of(t) == [["3", "", 2], ["4", "", 3], ["5a", "2340", 4]]
    assert t.rows["reporter"].tolist() == ["区卫健局"] * 3  # a text column's merged cell: on each of its rows


def test_a_figure_merged_over_one_row_and_a_blank_one_stays_on_its_row(tmp_path):
    path = book(tmp_path / "2019-07.xlsx", {"2019-07": [
        ["指标编号", "累计完成"], ["3", 2200], [None, None], ["4", 2340]]}, merges={"2019-07": ["B2:B3"]})
    t = read_table(path, "2019-07")
    assert t.problems == []
    assert rows_of(t) == [["3", "2200", 2], ["4", "2340", 4]]


@pytest.mark.parametrize("kind, header, key, word", [
    ("funds", ["项目", "已拨付"], ["9", "10"], "项目 9、10 的行（第 2—3 行）上，只有一个数「3000」，看不出是哪个项目的"),
    ("certified", ["指标编号", "认定值"], ["1", "2"], "指标 1、2 的行（第 2—3 行）上，只有一个数「3000」，看不出是哪个指标的")])
def test_a_merged_figure_in_funds_and_certified_workbooks(tmp_path, kind, header, key, word):
    from minshi_cli.core.progress import CERTIFIED, FUNDS

    path = book(tmp_path / "2019-07.xlsx", {"2019-07": [header, [key[0], 3000], [key[1], None]]},
                merges={"2019-07": ["B2:B3"]})
    t = read_table(path, "2019-07", FUNDS if kind == "funds" else CERTIFIED)
    assert [p.code for p in t.problems] == ["merged-figure"]
    assert t.problems[0].message.startswith(f"工作表「2019-07」B2:B3：{header[1]}单元格合并在{word}")
    assert t.rows["disbursed" if kind == "funds" else "value"].tolist() == ["", ""]


def test_a_figure_on_a_copied_sheet_is_not_lost_without_a_word(tmp_path):
    """The sheet named for the month is read; a copy (2019-07 (2)) holding a figure the sheet read
    leaves blank is an error, one that differs a warning, each naming the copy's cell; a blank on
    the copy, or a sheet named after another month (a workbook of a sheet a month), is nothing."""
    header = ["指标编号", "上月累计", "累计完成"]
    path = book(tmp_path / "2019-07.xlsx", {
        "2019-06": [header, ["1", None, 3000], ["2", None, 10]],
        "2019-07": [header, ["1", 4000, None], ["2", 10, 12], ["3", 1, 2]],
        "2019-07 (2)": [["区人社局"], header, ["1", 4000, 5276], ["2", 10, 13], ["3", 1, None], ["5a", 1, 7]]})
    t = read_table(path, "2019-07")
    assert t.sheet == "2019-07"
    assert [(p.line, p.column, p.code, p.severity) for p in t.problems] == [
        (2, "累计完成", "figure-on-other-sheet", "error"), (3, "累计完成", "figure-on-other-sheet", "warning"),
        (1, "累计完成", "figure-on-other-sheet", "error")]  # a row missing: at the header, not the whole file
    assert [p.message for p in t.problems] == [
        "工作表「2019-07 (2)」C3 填了指标 1 的累计完成「5276」，读取的工作表「2019-07」C2 却空着：这个数没有读取（一个文件只读一个工作表）。"
        "请把数填进工作表「2019-07」，再删去工作表「2019-07 (2)」，只保留一个填报的工作表",
        "工作表「2019-07 (2)」C4 填的指标 2 累计完成「13」与读取的工作表「2019-07」C3 的「12」不同：读取的是「12」（一个文件只读一个工作表）。"
        "请核对哪个数对，把对的数填在工作表「2019-07」，再删去工作表「2019-07 (2)」，只保留一个填报的工作表",
        "工作表「2019-07 (2)」C6 填了指标 5a 的累计完成「7」，读取的工作表「2019-07」中没有指标 5a 这一行：这个数没有读取"
        "（一个文件只读一个工作表）。请把数填进工作表「2019-07」，再删去工作表「2019-07 (2)」，只保留一个填报的工作表"]
    assert rows_of(t) == [["1", "", 2], ["2", "12", 3], ["3", "2", 4]]  # the sheet read, as it stands


def test_a_copied_sheet_with_the_same_figures_is_nothing(tmp_path):
    rows = [["指标编号", "累计完成"], ["1", 4000], ["2", None]]
    path = book(tmp_path / "2019-07.xlsx", {"Sheet1": rows, "Sheet1 (2)": rows[:2] + [["2", None]]})
    assert read_table(path, "2019-07").problems == []


def test_hidden_first_sheet_is_not_read(tmp_path):
    path = book(tmp_path / "2019-06.xlsx", {
        "填表说明": [["指标编号", "累计完成"], ["1", 1]],
        "Sheet2": [["指标编号", "累计完成"], ["1", 4527]]}, hidden=("填表说明",))
    t = read_table(path, "2019-06")
    assert t.sheet == "Sheet2" and rows_of(t) == [["1", "4527", 2]]


def test_sheet_named_for_the_month_or_progress_is_chosen(tmp_path):
    sheets = {"封面": [["x"]], "5月": [["指标编号", "累计完成"], ["1", 4000]],
              "6月": [["指标编号", "累计完成"], ["1", 4527]], "进度": [["指标编号", "累计完成"], ["1", 1]]}
    assert read_table(book(tmp_path / "a" / "2019-06.xlsx", sheets), "2019-06").sheet == "6月"
    del sheets["6月"]
    assert read_table(book(tmp_path / "b" / "2019-06.xlsx", sheets), "2019-06").sheet == "进度"
    del sheets["进度"]
    assert read_table(book(tmp_path / "c" / "2019-06.xlsx", sheets), "2019-06").sheet == "5月"
    sheets["5月"] = [["说明"]]
    t = read_table(book(tmp_path / "d" / "2019-06.xlsx", sheets), "2019-06")
    assert [(p.code, p.line) for p in t.problems] == [("missing-column", None)]  # no sheet holds the header:
    assert "看过：「5月」、「封面」" in t.problems[0].message  # the sheets looked at are named
    del sheets["5月"]
    assert read_table(book(tmp_path / "e" / "2019-06.xlsx", sheets), "2019-06").sheet == "封面"  # a lone sheet is read


def test_a_sheet_named_for_another_year_is_not_the_month(tmp_path):
    sheets = {"2018年6月": [["指标编号", "累计完成"], ["1", 1]], "2019年6月": [["指标编号", "累计完成"], ["1", 2]]}
    assert read_table(book(tmp_path / "2019-06.xlsx", sheets), "2019-06").sheet == "2019年6月"


def test_sheet_names_that_are_months():
    assert [month_sheet(n) for n in ["2019-06", "6月", "06月", "６月", "6月份", "2019年6月", "13月", "进度", "Sheet1"]] \
        == [6, 6, 6, 6, 6, 6, None, None, None]


def test_percent_formatted_cell_reads_as_the_percentage_shown(tmp_path):
    path = book(tmp_path / "2019-06.xlsx", {"进度": [["指标编号", "累计完成"], ["1", 0.95], ["2", 0.125], ["3", 0.5]]},
                formats={"进度": {"B2": "0%", "B3": "0.0%", "B4": "0.00"}})
    grid = read_grid(path, KEYS, "2019-06")
    assert grid.body[:, 1].tolist() == ["95%", "12.5%", "0.5"]
    # a % indicator takes 95% as 95; any other unit calls it a rate, not a value
    value, code = values.normalise(pd_series(["95%", "95%"]), pd_series(["%", "人"]))
    assert value.tolist()[0] == 95.0 and code.tolist() == [None, "percent-value"]


def pd_series(items):
    import pandas as pd

    return pd.Series(items, dtype=object)


def test_a_date_typed_in_the_month_column_is_its_month(run, data_dir):
    (data_dir / "progress" / "2019-06.csv").unlink()
    path = book(data_dir / "progress" / "2019-06.xlsx", {"进度": [
        ["指标编号", "累计完成", "月份"], ["1", 4527, dt.datetime(2019, 6, 1)], ["2", 12, dt.datetime(2019, 5, 1)]]},
        formats={"进度": {"C2": "yyyy-mm", "C3": "yyyy-mm"}})
    assert read_table(path, "2019-06").rows["month_cell"].tolist() == ["2019-06-01", "2019-05-01"]
    problems = json.loads(run("--data", data_dir, "check", "--format", "json", path).stdout)["problems"]
    assert [(p["line"], p["code"]) for p in problems if p["severity"] == "error"] == [(3, "month-mismatch")]


def test_old_xls_workbook_made_by_an_office_suite():
    # tests/fixtures/legacy-2019-06.xls: an Excel 97–2003 workbook saved by LibreOffice (sheet 6月, a title row)
    t = read_table(FIXTURES / "legacy-2019-06.xls", "2019-06")
    assert t.sheet == "6月" and t.problems == []
    assert rows_of(t) == [["1", "4527", 3], ["2", "12", 4], ["3", "一千", 5]]


def test_number_text():
    assert [number_text(x) for x in [4527.0, 11.2, 5.6000000000000005, 0.1 + 0.2, 1e-05, 3480, 95.00000000000001]] \
        == ["4527", "11.2", "5.6", "0.3", "0.00001", "3480", "95"]


def test_choose_sheet_never_picks_a_hidden_one():
    from python_calamine import SheetMetadata, SheetTypeEnum, SheetVisibleEnum

    meta = [SheetMetadata("6月", SheetTypeEnum.WorkSheet, SheetVisibleEnum.Hidden),
            SheetMetadata("Sheet1", SheetTypeEnum.WorkSheet, SheetVisibleEnum.Visible)]
    assert choose_sheet(meta, "2019-06") == "Sheet1"
    assert choose_sheet(meta[:1], "2019-06") is None


# --- check on workbooks: problems name the sheet and the row ------------------------------------

def test_check_reports_sheet_and_row(run, data_dir):
    (data_dir / "progress" / "2019-06.csv").unlink()
    book(data_dir / "progress" / "2019-06" / "区人社局.xlsx", {"说明": [["x"]], "6月": [
        [TITLE], ["指标编号", "指标名称", "累计完成", "备注"],
        ["1", "新增城镇就业", "四千", None], ["99", "?", 5, None], ["1", "新增城镇就业", 4527, None]]},
        hidden=("说明",))
    result = run("--data", data_dir, "check", "--format", "json")
    problems = json.loads(result.stdout)["problems"]

    shown = (data_dir / "progress" / "2019-06" / "区人社局.xlsx").as_posix()
    found = [(p["line"], p["code"], p["column"], p["message"]) for p in problems if p["file"] == shown]
    assert found == [
        (3, "not-a-number", "累计完成", "工作表「6月」C3：完成值「四千」不是数字：请只填阿拉伯数字，如 8950 或 11.2，不用写单位"),
        (4, "unknown-indicator", "指标编号", "工作表「6月」A4：指标编号「99」不在登记表中，是否应为「9」？"),
        (5, "duplicate-indicator", "指标编号", f"工作表「6月」A5：指标 1 在 2019-06 重复报送：{shown}:3 已报送过，只保留一行"),
    ]
    assert result.exit_code == 1


def test_missing_column_names_the_sheet_and_header_row(tmp_path):
    path = book(tmp_path / "2019-06.xlsx", {"进度": [[TITLE], ["指标编号", "完成数"], ["1", 5]]})
    t = read_table(path, "2019-06")
    assert [(p.code, p.line, p.column) for p in t.problems] == [("unknown-column", 2, "完成数"), ("missing-column", 2, "value")]
    assert t.problems[1].message.startswith("工作表「进度」：缺少必需的列 value")


def test_no_header_within_ten_rows(tmp_path):
    path = book(tmp_path / "2019-06.xlsx", {"进度": [[f"说明第 {i} 行"] for i in range(1, 11)]
                                          + [["指标编号", "累计完成"], ["1", 5]]})
    t = read_table(path, "2019-06")
    # the header must be within the first 10 rows: the first row is taken, and found wanting
    assert [(p.code, p.line, p.column) for p in t.problems] == [
        ("unknown-column", 1, "说明第 1 行"), ("unknown-column", 1, None),
        ("missing-column", 1, "indicator"), ("missing-column", 1, "value")]
    # empty rows above the header do not count as rows that hold something
    path = book(tmp_path / "b" / "2019-06.xlsx", {"进度": [[None]] * 10 + [["指标编号", "累计完成"], ["1", 5]]})
    t = read_table(path, "2019-06")
    assert t.problems == [] and rows_of(t) == [["1", "5", 12]]


def test_empty_sheet(tmp_path):
    path = book(tmp_path / "2019-06.xlsx", {"进度": []})
    t = read_table(path, "2019-06")
    assert [(p.code, p.line) for p in t.problems] == [("empty-file", None)] and "工作表「进度」" in t.problems[0].message


# --- unreadable workbooks ----------------------------------------------------------------------

def test_corrupt_workbook(tmp_path, run, data_dir):
    good = book(tmp_path / "good.xlsx", {"进度": [["指标编号", "累计完成"], ["1", 5]]})
    bad = data_dir / "progress" / "2019-07.xlsx"
    bad.write_bytes(good.read_bytes()[:600])  # cut short, as a failed copy leaves it
    (data_dir / "progress" / "2019-07.csv").unlink()
    result = run("--data", data_dir, "check", bad)
    assert result.exit_code == 1
    assert result.stdout.strip() == (f"{bad.as_posix()}: error unreadable-workbook 文件已损坏或不是 Excel 工作簿，无法读取："
                                     "请在 Excel/WPS 中打开后“另存为”Excel 工作簿（.xlsx），或另存为 CSV 后重新提交")


RENAME = "（只改扩展名；Windows 资源管理器中先在“查看”里勾选“文件扩展名”再改）"


def test_a_workbook_named_csv_and_a_csv_named_xlsx_say_to_rename_them(tmp_path):
    """The bytes say what the file is (a zip holding xl/workbook.xml, an OLE .xls, text): the message
    says to rename it, not that it holds NUL bytes or is a corrupt workbook (docs/office.md)."""
    from minshi_cli.core.progress import read_table as read

    good = book(tmp_path / "good.xlsx", {"进度": [["指标编号", "累计完成"], ["1", 5]]})
    cases = [("区卫健局.csv", good.read_bytes(), "binary-file",
              f"这个文件其实是 Excel 工作簿（.xlsx），扩展名却是 .csv：请把文件改名为 区卫健局.xlsx{RENAME}"),
             ("2019-07.csv", (FIXTURES / "legacy-2019-06.xls").read_bytes(), "binary-file",
              f"这个文件其实是旧版 Excel 工作簿（.xls），扩展名却是 .csv：请把文件改名为 2019-07.xls{RENAME}"),
             ("其他.xlsx", "指标,累计完成\n1,5\n".encode("gbk"), "unreadable-workbook",
              f"这个文件其实是文本（CSV）文件（.csv），扩展名却是 .xlsx：请把文件改名为 其他.csv{RENAME}"),
             ("其他.xls", b"<html><body><table><tr><td>1</td></tr></table></body></html>", "unreadable-workbook",
              "这个文件其实是网页（HTML）或 XML 表格，不是 Excel 工作簿（扩展名却是 .xls）：请在 Excel/WPS 中打开后“另存为”"
              "Excel 工作簿（.xlsx）或 CSV 后重新提交")]
    for name, data, code, message in cases:
        path = tmp_path / name
        path.write_bytes(data)
        t = read(path, "2019-07")
        assert [(p.code, p.line, p.message) for p in t.problems] == [(code, None, message)], name


def test_password_protected_workbook(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = book(tmp_path / "plain.xlsx", {"进度": [["指标编号", "累计完成"], ["1", 5]]})
    locked = tmp_path / "2019-06.xlsx"
    with plain.open("rb") as source, locked.open("wb") as out:
        OOXMLFile(source).encrypt("123456", out)
    assert locked.read_bytes()[:8] == bytes.fromhex("d0cf11e0a1b11ae1")  # an OLE file with an EncryptedPackage
    t = read_table(locked, "2019-06")
    assert [(p.code, p.line) for p in t.problems] == [("unreadable-workbook", None)] and not t.complete
    assert t.problems[0].message.startswith("工作簿设置了打开密码，无法读取")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=2048), st.sampled_from([".xlsx", ".xls", ".xlsm"]), st.sampled_from([b"", b"PK\x03\x04",
                                                                                                 bytes.fromhex("d0cf11e0a1b11ae1")]))
def test_random_bytes_named_as_a_workbook_never_traceback(tmp_path, data, suffix, magic):
    path = tmp_path / f"2019-06{suffix}"
    path.write_bytes(magic + data)
    t = read_table(path, "2019-06")  # no exception of any kind
    assert not t.complete
    assert [p.code for p in t.problems] == ["unreadable-workbook"]


# --- office libraries stay out of CSV-only runs -------------------------------------------------

def test_csv_runs_do_not_import_office_libraries(tmp_path):
    code = ("import sys; from click.testing import CliRunner; from minshi_cli.cli import main; r = CliRunner();"
            "[r.invoke(main, a) for a in (['--help'], ['--data', 'data', 'status'], ['--data', 'data', 'check'])];"
            "print(sorted(m for m in ('openpyxl', 'python_calamine', 'xlsxwriter', 'docx', 'minshi_cli.office', 'minshi_cli.core.workbook')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True).stdout
    assert out.strip() == "[]"
    # and the same run with a workbook does import the reader (the test can fail)
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    (data / "progress" / "2019-06.csv").unlink()
    book(data / "progress" / "2019-06.xlsx", {"进度": [["指标编号", "累计完成"], ["1", 4527]]})
    code2 = code.replace("'data'", repr(str(data)))
    out = subprocess.run([sys.executable, "-c", code2], capture_output=True, text=True, cwd=REPO, check=True).stdout
    assert out.strip() == "['minshi_cli.core.workbook', 'python_calamine']"


@pytest.mark.parametrize("index, letters", [(0, "A"), (6, "G"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")])
def test_column_letters_as_excel_shows_them(index, letters):
    from minshi_cli.core.records import column_letter

    assert column_letter(index) == letters


def test_a_problem_in_a_workbook_names_its_cell_and_in_a_csv_its_line(run, data_dir):
    """A filled-in form's 累计完成 is column G: 八千 typed there is named as G4 (the user finds it
    at once in Excel or WPS); the same row in a CSV keeps file and line."""
    forms = data_dir.parent / "forms"
    assert run("--data", data_dir, "template", "--month", "2019-07", "--unit", "区人社局", "-o", forms).exit_code == 0
    import openpyxl

    workbook = openpyxl.load_workbook(forms / "区人社局-2019-07.xlsx")
    workbook.active["G4"] = "八千"
    (data_dir / "progress" / "2019-07.csv").unlink()  # one file per month (beside it: tests/test_month_twice.py)
    workbook.save(data_dir / "progress" / "2019-07.xlsx")
    r = run("--data", data_dir, "check", data_dir / "progress" / "2019-07.xlsx")
    assert r.exit_code == 1
    assert [line for line in r.stdout.splitlines() if " error " in line] == [
        f"{(data_dir / 'progress' / '2019-07.xlsx').as_posix()}:4: error not-a-number 工作表「2019-07」G4：完成值「八千」不是数字："
        "请只填阿拉伯数字，如 8950 或 11.2，不用写单位"]
    write(data_dir / "progress" / "2019-07.csv", "指标编号,累计完成\n1,八千\n")
    (data_dir / "progress" / "2019-07.xlsx").unlink()
    r = run("--data", data_dir, "check", data_dir / "progress" / "2019-07.csv")
    assert [line for line in r.stdout.splitlines() if " error " in line] == [
        f"{(data_dir / 'progress' / '2019-07.csv').as_posix()}:2: error not-a-number 完成值「八千」不是数字："
        "请只填阿拉伯数字，如 8950 或 11.2，不用写单位"]

