"""``minshi template``: the monthly fill-in forms (docs/office.md), and their round trip through ``check``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest

from minshi_cli.core.dataset import load
from minshi_cli.views.template import COLUMNS
from tests.conftest import DATA

JULY = {row["indicator"]: row for row in csv.DictReader(io.StringIO(
    (DATA / "progress" / "2019-07.csv").read_text(encoding="utf-8-sig")))}
JUNE = {row["indicator"]: row["value"] for row in csv.DictReader(io.StringIO(
    (DATA / "progress" / "2019-06.csv").read_text(encoding="utf-8-sig")))}
UNITS = ["区人社局", "区教育局", "区卫健局", "区民政局", "区农业农村局", "岳阳楼公安分局", "区棚改办",
         "市保障性住房楼区分中心", "区住建局", "区商务粮食局", "区残联"]


def make(run, data_dir, out, *args):
    r = run("--data", data_dir, "template", "--month", "2019-07", "-o", out, *args)
    assert r.exit_code == 0, r.stderr
    return [Path(line) for line in r.stdout.splitlines()]


def test_one_workbook_per_unit_prefilled(run, data_dir, tmp_path):
    files = make(run, data_dir, tmp_path / "forms")
    assert [f.name for f in files] == [f"{u}-2019-07.xlsx" for u in UNITS]
    ws = openpyxl.load_workbook(tmp_path / "forms" / "区民政局-2019-07.xlsx").active
    assert ws.title == "2019-07"
    assert ws["A1"].value == "区民政局 2019年7月重点民生实事进度报送表"
    assert ws["A2"].value.startswith("填写说明：只填“累计完成”（2019年1—7月末的累计数") and "报送区政府办" in ws["A2"].value  # the registry's office
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    assert rows[0] == list(COLUMNS)
    assert rows[1:] == [
        ["5a", "提高城乡低保标准和救助水平", "城乡低保标准", 3480, "元/年", float(JUNE["5a"]), None, None],
        ["5b", "提高城乡低保标准和救助水平", "人均救助水平", 185, "元/月", float(JUNE["5b"]), None, None],
        ["6a", "提高困难残疾人生活补贴和重度残疾人护理补贴发放标准", "困难残疾人生活补贴发放标准", 60, "元/人/月",
         float(JUNE["6a"]), None, None],
        ["6b", "提高困难残疾人生活补贴和重度残疾人护理补贴发放标准", "重度残疾人护理补贴发放标准", 60, "元/人/月",
         float(JUNE["6b"]), None, None],
    ]


def test_reference_columns_locked_value_and_note_open_and_validated(run, data_dir, tmp_path):
    make(run, data_dir, tmp_path, "--unit", "区残联")
    ws = openpyxl.load_workbook(tmp_path / "区残联-2019-07.xlsx").active
    assert ws.protection.sheet is True and not ws.protection.password
    locked = {c.column_letter: c.protection.locked for c in ws[4]}
    assert locked == {"A": True, "B": True, "C": True, "D": True, "E": True, "F": True, "G": False, "H": False}
    [rule] = ws.data_validations.dataValidation
    assert (rule.type, rule.operator, rule.formula1, str(rule.sqref)) == ("decimal", "greaterThanOrEqual", "0", "G4:G5")
    assert ws.merged_cells.ranges and {str(r) for r in ws.merged_cells.ranges} == {"A1:H1", "A2:H2"}
    widths = {k: round(v.width) for k, v in ws.column_dimensions.items() if k in "BCH"}
    assert widths["B"] >= 16 and widths["C"] >= 2 * len("残疾人享受集中托养服务") and widths["H"] >= 30


def test_previous_value_is_the_latest_earlier_report(run, data_dir, tmp_path):
    # 15b skipped May (shipped data): June's form shows April's figure
    make_june = run("--data", data_dir, "template", "--month", "2019-06", "--unit", "区残联", "-o", tmp_path)
    assert make_june.exit_code == 0
    ws = openpyxl.load_workbook(tmp_path / "区残联-2019-06.xlsx").active
    april = {r["indicator"]: float(r["value"]) for r in csv.DictReader(io.StringIO(
        (DATA / "progress" / "2019-04.csv").read_text(encoding="utf-8-sig")))}
    assert [(ws.cell(r, 1).value, ws.cell(r, 6).value) for r in (4, 5)] == [("15a", april["15a"]), ("15b", april["15b"])]
    r = run("--data", data_dir, "template", "--month", "2019-01", "--unit", "区残联", "-o", tmp_path / "jan")
    assert r.exit_code == 0
    ws = openpyxl.load_workbook(tmp_path / "jan" / "区残联-2019-01.xlsx").active
    assert ws.cell(4, 6).value is None  # nothing before January


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_round_trip_every_unit(run, data_dir, tmp_path, fmt):
    """template -> fill the value (and note) column -> progress/2019-07/ -> check clean -> status shows it."""
    (data_dir / "progress" / "2019-07.csv").unlink()
    (data_dir / "progress" / "2019-08.csv").unlink()  # keep July the latest month
    for later in range(9, 13):
        (data_dir / "progress" / f"2019-{later:02d}.csv").unlink()
    files = make(run, data_dir, tmp_path / "forms", "--format", fmt)
    assert len(files) == len(UNITS)
    month = data_dir / "progress" / "2019-07"
    month.mkdir()
    for f in files:
        if fmt == "xlsx":
            wb = openpyxl.load_workbook(f)
            ws = wb.active
            for r in range(4, ws.max_row + 1):
                row = JULY[ws.cell(r, 1).value]
                ws.cell(r, 7).value = float(row["value"]) if "." in row["value"] else int(row["value"])
                ws.cell(r, 8).value = row["note"] or None
            wb.save(month / f.name)
        else:
            text = f.read_bytes().decode("utf-8-sig")
            assert f.read_bytes().startswith(b"\xef\xbb\xbf")
            rows = list(csv.reader(io.StringIO(text)))
            assert rows[0] == list(COLUMNS)
            for row in rows[1:]:
                row[6], row[7] = JULY[row[0]]["value"], JULY[row[0]]["note"]
            with (month / f.name).open("w", encoding="utf-8-sig", newline="") as out:
                csv.writer(out, lineterminator="\r\n").writerows(rows)
    r = run("--data", data_dir, "check", "--format", "json")
    problems = json.loads(r.stdout)["problems"]
    assert r.exit_code == 0 and [p for p in problems if p["file"].startswith(month.as_posix())] == []
    data = load(data_dir)
    july = data.records[data.records["month"] == "2019-07"].set_index("indicator")
    assert {i: july.loc[i, "value"] for i in july.index} == {i: float(row["value"]) for i, row in JULY.items()}
    assert {i: july.loc[i, "note"] for i in july.index} == {i: row["note"] for i, row in JULY.items()}
    status = json.loads(run("--data", data_dir, "status", "--format", "json").stdout)
    assert status["as_of"] == "2019-07"
    shown = {i["id"]: i["value"] for i in status["indicators"]}
    assert shown == {i: float(row["value"]) for i, row in JULY.items()}


def test_usage_errors(run, data_dir, tmp_path):
    r = run("--data", data_dir, "template", "--month", "2019-07", "-o", data_dir / "forms")
    assert r.exit_code == 2 and "不能把填报文件写入数据文件夹" in r.stderr and not (data_dir / "forms").exists()
    r = run("--data", data_dir, "template", "--month", "2018-07", "-o", tmp_path)
    assert r.exit_code == 2 and "不在登记表年度 2019 年内" in r.stderr
    r = run("--data", data_dir, "template", "--month", "2019-07", "--unit", "区外事办", "-o", tmp_path)
    assert r.exit_code == 2 and "没有名为「区外事办」的主要责任单位" in r.stderr
    (tmp_path / "a-file").write_text("x")
    r = run("--data", data_dir, "template", "--month", "2019-07", "-o", tmp_path / "a-file")
    assert r.exit_code == 2 and "是文件：-o 应为文件夹" in r.stderr
    assert list(tmp_path.glob("*.xlsx")) == []


def test_unit_names_that_cannot_be_file_names():
    from minshi_cli.views.template import Form

    assert Form("区住建局/城管", "2019-07", ()).file_name(".xlsx") == "区住建局_城管-2019-07.xlsx"


COUNTY = Path(__file__).resolve().parent.parent / "examples" / "county-2016"


def test_round_trip_with_every_kind(run, tmp_path):
    """The 2016 county example (milestones, policy items, percentages, a ceiling): the form lists the
    stages and status words, and a form filled the way Excel stores what a clerk types checks clean
    and reads the same figures as the month's CSV."""
    import shutil

    import openpyxl

    data_dir = tmp_path / "county"
    shutil.copytree(COUNTY, data_dir)
    shipped = {r["指标编号"]: r for r in csv.DictReader(io.StringIO(
        (COUNTY / "progress" / "2016-06.csv").read_text(encoding="utf-8-sig")))}
    (data_dir / "progress" / "2016-06.csv").unlink()
    r = run("--data", data_dir, "template", "--month", "2016-06", "-o", tmp_path / "forms")
    assert r.exit_code == 0
    month = data_dir / "progress" / "2016-06"
    month.mkdir()
    lists = {}
    for f in (tmp_path / "forms").glob("*.xlsx"):
        wb = openpyxl.load_workbook(f)
        ws = wb.active
        for row in range(4, ws.max_row + 1):
            [rule] = [v for v in ws.data_validations.dataValidation if f"G{row}" in v.sqref]
            lists[ws.cell(row, 1).value] = (rule.type, rule.formula1)
            got = shipped[ws.cell(row, 1).value]["累计完成"]
            cell = ws.cell(row, 7)
            if got.endswith("%"):  # typed as 4.2% into Excel: stored 0.042, formatted as a percentage
                cell.value, cell.number_format = float(got[:-1]) / 100, "0.0%"
            else:
                try:
                    cell.value = float(got)
                except ValueError:
                    cell.value = got
            ws.cell(row, 8).value = shipped[ws.cell(row, 1).value]["备注"] or None
        wb.save(month / f.name)
    assert lists["4"] == ("list", '"未开工,动工,建成"') and lists["6"] == ("list", '"已完成,序时推进,滞后,严重滞后"')
    assert lists["9"] == ("decimal", "0")
    r = run("--data", data_dir, "check", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["errors"] == 0
    filled, original = load(data_dir).records, load(COUNTY).records
    june = [df[df["month"] == "2016-06"].set_index("indicator").sort_index()[["value", "note"]] for df in (filled, original)]
    assert june[0].to_dict() == june[1].to_dict()


def test_says_where_the_filled_forms_go_in_the_data_folder(run, data_dir, tmp_path):
    (data_dir / "progress" / "2019-07.csv").unlink()  # a month with a file: tests/test_month_twice.py
    r = run("--data", data_dir, "template", "--month", "2019-07", "-o", tmp_path / "forms", "--unit", "区残联")
    assert r.exit_code == 0
    assert f"填好后放入 {(data_dir / 'progress' / '2019-07').as_posix()}/ 即可校验（minshi --data {data_dir.as_posix()} check）" in r.stderr


def test_the_form_and_check_say_alike_what_to_type_in_the_value_cell(run, data_dir, tmp_path):
    """The form's cell rule and check's not-a-number give the same advice (docs/office.md)."""
    import zipfile

    from minshi_cli.core.values import NUMBER_ONLY, NOT_A_NUMBER, explain

    assert NUMBER_ONLY == "只填阿拉伯数字，如 8950 或 11.2，不用写单位"
    r = run("--data", data_dir, "template", "--month", "2019-07", "--unit", "区人社局", "-o", tmp_path)
    assert r.exit_code == 0
    with zipfile.ZipFile(tmp_path / "区人社局-2019-07.xlsx") as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert f'error="{NUMBER_ONLY}；不能小于 0"' in sheet
    assert f'prompt="年初至本月末的累计数（标准类填现行标准）：{NUMBER_ONLY}"' in sheet
    assert explain(NOT_A_NUMBER, "四千", "人") == f"完成值「四千」不是数字：请{NUMBER_ONLY}"
