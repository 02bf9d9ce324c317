"""A filled-in form checked before it is put in place (docs/formats.md): read as the month the form
states — its file name's, else its sheet's and title's; where nothing states one, ``file-name``
with an example of the file's own type."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from minshi_cli.core.progress import MISNAMED, classify_entry


def _form(run, data_dir: Path, tmp_path: Path) -> Path:
    r = run("--data", data_dir, "template", "--month", "2019-07", "--unit", "区人社局", "-o", tmp_path / "forms")
    assert r.exit_code == 0, r.output
    return tmp_path / "forms" / "区人社局-2019-07.xlsx"


def _problems(run, data_dir: Path, *paths: Path) -> list[dict]:
    r = run("--data", data_dir, "check", "--format", "json", *paths)
    return json.loads(r.stdout)["problems"]


def test_a_form_outside_progress_is_read_as_the_month_its_name_states(run, data_dir, tmp_path):
    form = _form(run, data_dir, tmp_path)
    book = openpyxl.load_workbook(form)
    book.active["G4"] = "abc"  # a wrong value: found only where the form is read
    book.save(form)
    found = _problems(run, data_dir, form)
    assert [p["code"] for p in found if p["severity"] == "error"] == ["not-a-number"]
    assert not any(p["code"] == "file-name" for p in found)
    assert [(p["line"], p["column"]) for p in found if p["code"] == "not-a-number"] == [(4, "累计完成")]


def test_a_form_renamed_without_a_month_is_read_as_its_sheet_and_title_state(run, data_dir, tmp_path):
    form = _form(run, data_dir, tmp_path)
    book = openpyxl.load_workbook(form)
    book.active["G4"] = "abc"
    renamed = tmp_path / "人社局报表.xlsx"
    book.save(renamed)
    assert [p["code"] for p in _problems(run, data_dir, renamed) if p["severity"] == "error"] == ["not-a-number"]
    book.active.title = "Sheet1"  # the title row alone still says 2019年7月
    book.save(renamed)
    assert [p["code"] for p in _problems(run, data_dir, renamed) if p["severity"] == "error"] == ["not-a-number"]


def test_a_form_that_states_no_month_is_a_file_name_error_with_an_xlsx_example(run, data_dir, tmp_path):
    form = _form(run, data_dir, tmp_path)
    book = openpyxl.load_workbook(form)
    sheet = book.active
    sheet.title, sheet["A1"], sheet["A2"] = "Sheet1", "进度报送表", "填写说明"
    bare = tmp_path / "报表.xlsx"
    book.save(bare)
    found = _problems(run, data_dir, bare)
    assert [(p["code"], p["line"]) for p in found] == [("file-name", None)]
    assert found[0]["message"] == ("「报表.xlsx」文件名、工作表名和标题行都没有写明月份，没有读取：文件名写明月份"
                                   "（如 报表-2019-06.xlsx），或改名为 YYYY-MM.xlsx，或放在数据文件夹的 YYYY-MM/ 文件夹中")
    sheet["A1"] = "2019年7月 2019年8月 进度"  # two months: states none
    book.save(bare)
    found = _problems(run, data_dir, bare)
    assert [p["code"] for p in found] == ["file-name"]
    assert "写了 2019-07、2019-08 几个月份，看不出是哪个月" in found[0]["message"]


def test_a_misnamed_file_in_progress_gets_an_example_of_its_own_type(tmp_path):
    path = tmp_path / "progress" / "区人社局-2019-07.xlsx"
    what = classify_entry(path)
    assert what.kind == MISNAMED
    assert what.message == "文件名「区人社局-2019-07.xlsx」不是月份，没有读取：月度文件应命名为 YYYY-MM.xlsx，如 2019-06.xlsx；或放在 YYYY-MM/ 文件夹中"


def test_a_form_put_at_the_top_of_progress_is_still_a_file_name_error(run, data_dir, tmp_path):
    form = _form(run, data_dir, tmp_path)
    placed = data_dir / "progress" / form.name
    placed.write_bytes(form.read_bytes())
    assert [p["code"] for p in _problems(run, data_dir, placed)] == ["file-name"]


def test_forms_checked_together_are_one_month_asked_only_for_what_they_list(run, data_dir, tmp_path):
    r = run("--data", data_dir, "template", "--month", "2019-07", "-o", tmp_path / "forms")
    assert r.exit_code == 0
    first, second = tmp_path / "forms" / "区人社局-2019-07.xlsx", tmp_path / "forms" / "区教育局-2019-07.xlsx"
    for form, value in ((first, 5000), (second, 40)):
        book = openpyxl.load_workbook(form)
        book.active["G4"], book.active["H4"] = value, "按计划推进"
        book.save(form)
    found = _problems(run, data_dir, first, second)
    # 区教育局's second indicator (16) is left blank: said at its row; no other unit's indicator is asked for
    assert [(Path(p["file"]).name, p["line"], p["code"]) for p in found] == [
        ("区教育局-2019-07.xlsx", 5, "not-reported")]
    assert _problems(run, data_dir, first) == []  # alone: nothing of the 18 indicators it does not list
