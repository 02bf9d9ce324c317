"""One month as the office lives it: the fill-in forms go out, the units' workbooks come back as
Excel and WPS users fill them, and nothing a unit sends is lost without a word (docs/formats.md,
docs/office.md).  Each test builds its workbook with openpyxl from a real fill-in form.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

MONTH = "2019-07"


@pytest.fixture
def july(data_dir: Path) -> Path:
    """The shipped data up to June: July's files are the forms a test drops into progress/2019-07/."""
    for m in range(7, 13):
        (data_dir / "progress" / f"2019-{m:02d}.csv").unlink()
    for folder in ("certified", "funds"):
        for f in (data_dir / folder).glob("*.csv"):
            if f.stem >= MONTH:
                f.unlink()
    (data_dir / "progress" / MONTH).mkdir()
    return data_dir


def blank_form(run, data_dir: Path, tmp_path: Path, unit: str, month: str = MONTH):
    """The fill-in form minshi writes for ``unit`` (as the unit receives it), opened with openpyxl."""
    out = tmp_path / f"forms-{month}"
    result = run("--data", data_dir, "template", "--month", month, "--unit", unit, "-o", out)
    assert result.exit_code == 0, result.stderr
    path = out / f"{unit}-{month}.xlsx"
    return openpyxl.load_workbook(path), path.name


def filled(run, data_dir, tmp_path, unit, values: dict[int, object], month: str = MONTH):
    """The form with 累计完成 (column G) filled on the given sheet rows."""
    wb, name = blank_form(run, data_dir, tmp_path, unit, month)
    ws = wb.active
    for row, value in values.items():
        ws.cell(row, 7).value = value
    return wb, name


def save(wb, data_dir: Path, name: str, month: str = MONTH) -> Path:
    path = data_dir / "progress" / month / name
    wb.save(path)
    return path


def check(run, data_dir, *paths, strict=False):
    args = ["--data", data_dir, "check", "--format", "json", *(["--strict"] if strict else []), *map(str, paths)]
    result = run(*args)
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)["problems"]


def of_file(problems, name):
    return [(p["line"], p["column"], p["severity"], p["code"], p["message"]) for p in problems
            if Path(p["file"]).name == name]


# --- 1. a formula with no saved result --------------------------------------------------------

def test_formula_without_saved_result_is_named(run, july, tmp_path):
    wb, name = filled(run, july, tmp_path, "区人社局", {})
    wb.active["G4"] = "=F4+100"  # openpyxl, like any program but Excel/WPS, saves no computed result
    save(wb, july, name)
    code, problems = check(run, july)
    [(line, column, severity, what, message)] = of_file(problems, name)
    assert (line, column, severity, what) == (4, "累计完成", "error", "not-a-number")
    assert "公式「=F4+100」" in message and "没有保存计算结果" in message and "Excel/WPS" in message
    assert code == 1


def test_formula_with_saved_result_still_reads(run, july, tmp_path):
    """A recalculated formula (its result saved, as Excel and WPS save it) reads as its value."""
    import xlsxwriter

    path = july / "progress" / MONTH / "区人社局-2019-07.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet(MONTH)
    ws.write_row(0, 0, ["指标编号", "上月累计", "累计完成", "备注"])
    ws.write_row(1, 0, ["1", 4527])
    ws.write_formula(1, 2, "=B2+800", None, 5327)
    book.close()
    code, problems = check(run, july)
    assert of_file(problems, path.name) == [] and code == 0


# --- 2. a blank value cell is not-reported at its file and line --------------------------------

def test_blank_value_cell_is_not_reported_at_its_line(run, july, tmp_path):
    wb, name = filled(run, july, tmp_path, "区民政局", {4: 3600, 5: 190, 6: 70})  # 6b (row 7) left blank
    path = save(wb, july, name)
    expected = (7, "累计完成", "warning", "not-reported", "工作表「2019-07」G7：指标 6b（重度残疾人护理补贴发放标准，区民政局）2019-07 未报送")
    code, problems = check(run, july, path, strict=True)
    assert of_file(problems, name) == [expected] and code == 1  # --strict FILE fails on it
    # the same whichever way the file is named: the whole data folder, or the month folder
    for given in ((), (july / "progress" / MONTH,)):
        _, problems = check(run, july, *given)
        assert expected in of_file(problems, name)
        assert not any(p["code"] == "not-reported" and "6b" in p["message"] and p["line"] is None for p in problems)


# --- 3. the figure typed into 上月累计 ----------------------------------------------------------

def test_figure_typed_into_previous_column(run, july, tmp_path):
    wb, name = filled(run, july, tmp_path, "区人社局", {})
    ws = wb.active
    assert ws["A4"].value == "1" and ws["F4"].value == 4527  # June's figure, written by minshi
    ws["F4"] = 5100  # the unit typed July's total over it, 累计完成 left blank
    save(wb, july, name)
    code, problems = check(run, july)
    found = of_file(problems, name)
    assert [(line, column, severity, what) for line, column, severity, what, _ in found] == [
        (4, "上月累计", "error", "value-in-previous-column"), (4, "累计完成", "warning", "not-reported")]
    assert "5100" in found[0][4] and "4527" in found[0][4] and "累计完成" in found[0][4]
    assert code == 1


def test_previous_column_changed_beside_a_figure_is_ignored(run, july, tmp_path):
    """累计完成 filled: a different 上月累计 is not the unit's to keep right (a later certification
    may have changed it)."""
    wb, name = filled(run, july, tmp_path, "区人社局", {4: 5300})
    wb.active["F4"] = 4000
    save(wb, july, name)
    code, problems = check(run, july)
    assert of_file(problems, name) == [] and code == 0


# --- 4. last month's form in this month's folder -----------------------------------------------

def test_last_months_form_in_this_months_folder(run, july, tmp_path):
    wb, name = filled(run, july, tmp_path, "区人社局", {4: 4527}, month="2019-06")
    path = july / "progress" / MONTH / name  # progress/2019-07/区人社局-2019-06.xlsx
    wb.save(path)
    code, problems = check(run, july)
    found = of_file(problems, name)
    errors = [f for f in found if f[3] == "month-mismatch" and f[2] == "error"]
    assert errors and all("2019-06" in m and "2019-07" in m for *_, m in errors)
    assert code == 1


def test_sheet_named_for_another_month(run, july, tmp_path):
    wb, name = filled(run, july, tmp_path, "区人社局", {4: 5300})
    wb.active.title = "2019-06"
    save(wb, july, name)
    code, problems = check(run, july)
    found = of_file(problems, name)
    assert [(f[2], f[3]) for f in found] == [("error", "month-mismatch")]
    assert "2019-06" in found[0][4] and "2019-07" in found[0][4] and code == 1


def test_title_naming_another_month_is_a_warning(run, july, tmp_path):
    wb, name = filled(run, july, tmp_path, "区人社局", {4: 5300})
    wb.active["A1"] = "区人社局 2019年6月重点民生实事进度报送表"
    save(wb, july, name)
    code, problems = check(run, july)
    found = of_file(problems, name)
    assert [(f[0], f[2], f[3]) for f in found] == [(1, "warning", "month-mismatch")]
    assert "6月" in found[0][4] and "2019-07" in found[0][4] and code == 0


def test_the_forms_own_title_and_dates_in_it_are_no_mismatch(run, july, tmp_path):
    """The form's title (2019年7月), its 1—7月末 and a deadline such as 8月5日前 name no other month."""
    wb, name = filled(run, july, tmp_path, "区人社局", {4: 5300})
    wb.active["A2"] = wb.active["A2"].value + "请于8月5日前报送。"
    save(wb, july, name)
    code, problems = check(run, july)
    assert of_file(problems, name) == [] and code == 0


# --- 9. 万 and 亿 ---------------------------------------------------------------------------------

def test_ten_thousands_read_as_a_multiplier(run, july, tmp_path):
    wb, name = filled(run, july, tmp_path, "区人社局", {4: "0.55万"})
    save(wb, july, name)
    code, problems = check(run, july)
    assert of_file(problems, name) == [] and code == 0
    doc = json.loads(run("--data", july, "status", "--as-of", MONTH, "--format", "json").stdout)
    assert next(i for i in doc["indicators"] if i["id"] == "1")["value"] == 5500


def test_ten_thousands_that_give_a_fraction_say_the_number_to_type(run, july, tmp_path):
    wb, name = filled(run, july, tmp_path, "区人社局", {4: "0.55555万人"})
    save(wb, july, name)
    code, problems = check(run, july)
    [(line, _, severity, what, message)] = of_file(problems, name)
    assert (line, severity) == (4, "error") and code == 1
    assert "5555.5" in message and "人" in message and "去掉单位" not in message


# --- 10. an instructions sheet placed first -----------------------------------------------------

def test_instructions_sheet_first_is_passed_over(run, july, tmp_path):
    wb, name = filled(run, july, tmp_path, "区人社局", {4: 5300})
    wb.active.title = "Sheet1"  # a sheet named after no month and not 进度
    notes = wb.create_sheet("填报说明", 0)
    notes["A1"] = "填报说明：只填累计完成和备注"
    wb.active = 0
    save(wb, july, name)
    code, problems = check(run, july)
    assert of_file(problems, name) == [] and code == 0


def test_no_sheet_with_the_header_names_the_sheets_looked_at(run, july, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "填报说明"
    wb.active["A1"] = "填报说明"
    data = wb.create_sheet("数据")
    data.append(["编号", "数值"])
    data.append(["1", 5100])
    hidden = wb.create_sheet("旧表")
    hidden.sheet_state = "hidden"
    name = "区人社局-2019-07.xlsx"
    save(wb, july, name)
    code, problems = check(run, july)
    [(line, _, severity, what, message)] = of_file(problems, name)
    assert severity == "error" and code == 1
    assert "填报说明" in message and "数据" in message and "旧表" not in message and "指标编号" in message


# --- 11. rows under the data ---------------------------------------------------------------------

def test_total_signature_and_note_rows_are_skipped_with_a_warning(run, july, tmp_path):
    wb, name = filled(run, july, tmp_path, "区民政局", {4: 3600, 5: 190, 6: 70, 7: 80})
    ws = wb.active
    ws["A8"] = "合计"
    ws["A10"] = "填报人：张三  审核人：李四  联系电话：1234567"
    ws["A11"] = "注：标准类指标填现行标准。"
    save(wb, july, name)
    code, problems = check(run, july)
    found = of_file(problems, name)
    assert [(f[0], f[2], f[3]) for f in found] == [(8, "warning", "skipped-row"), (10, "warning", "skipped-row"),
                                                    (11, "warning", "skipped-row")]
    assert "「合计」" in found[0][4]
    assert "「填报人：张三  审核人：李四  联系电话：1234567」" in found[1][4]  # full-width colons kept
    assert "「注：标准类指标填现行标准。」" in found[2][4]
    assert code == 0


def test_an_unknown_id_with_a_figure_is_still_an_error(run, july, tmp_path):
    wb, name = filled(run, july, tmp_path, "区民政局", {4: 3600, 5: 190, 6: 70, 7: 80})
    wb.active["A8"] = "5c"
    wb.active["G8"] = 12
    save(wb, july, name)
    code, problems = check(run, july)
    assert [(f[0], f[3]) for f in of_file(problems, name)] == [(8, "unknown-indicator")] and code == 1


# --- 12. a date-formatted value cell ---------------------------------------------------------------

def test_date_formatted_value_cell_is_named_as_a_date(run, july, tmp_path):
    wb, name = filled(run, july, tmp_path, "区民政局", {4: 3600, 5: 190, 6: 60, 7: 80})
    wb.active["G6"].number_format = "yyyy-mm-dd"  # 60 shows as 1900-02-28 (or 1900-02-29 in Excel)
    save(wb, july, name)
    code, problems = check(run, july)
    [(line, column, severity, what, message)] = of_file(problems, name)
    assert (line, severity) == (6, "error") and code == 1
    assert "日期" in message and "常规" in message and "数值" in message and "不是数字" not in message


@pytest.mark.parametrize("previous,error", [(4527, False), (4500, False), (4400, True)])
def test_previous_column_against_reported_and_certified(run, july, tmp_path, previous, error):
    """上月累计 may hold the unit's June figure (what the form shows) or the certified one; any other
    figure with 累计完成 blank is one typed into the wrong column, and the message names both."""
    (july / "certified" / "2019-06.csv").write_text("indicator,value\n1,4500\n", encoding="utf-8")
    wb, name = filled(run, july, tmp_path, "区人社局", {})
    wb.active["F4"] = previous
    save(wb, july, name)
    _, problems = check(run, july)
    found = [f for f in of_file(problems, name) if f[3] == "value-in-previous-column"]
    assert bool(found) == error
    if error:
        assert "minshi 填的是 4500、4527" in found[0][4]


def test_a_total_row_holding_a_sum_says_to_clear_it(run, july, tmp_path):
    """A 合计 row whose value cell holds a sum is not skipped (its value is not empty: an error), but
    the message says what the row is and what to do."""
    wb, name = filled(run, july, tmp_path, "区民政局", {4: 3600, 5: 190, 6: 70, 7: 80})
    wb.active["A8"] = "合 计"
    wb.active["G8"] = 3940
    save(wb, july, name)
    code, problems = check(run, july)
    [(line, _, severity, what, message)] = of_file(problems, name)
    assert (line, severity, what) == (8, "error", "unknown-indicator") and code == 1
    assert message.startswith("工作表「2019-07」A8：「合 计」行不是指标，却填了数") and "清空" in message
