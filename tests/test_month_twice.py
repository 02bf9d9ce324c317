"""A month put in two places (docs/formats.md: one file or one folder per month): `2019-06.csv`
beside `2019-06.xlsx`, or a unit's form dropped into `2019-07/` beside `2019-07.csv`. One
`duplicate-indicator` error for the month, naming both places and what to do; neither is read;
status, report and assess refuse the month as check does; `minshi template` says where the forms
go when the month already has a file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl

from tests.conftest import DATA, write


def check(run, data: Path, *paths) -> tuple[int, list[tuple]]:
    r = run("--data", data, "check", "--format", "json", *paths)
    return r.exit_code, [(p["file"], p["line"], p["column"], p["severity"], p["code"], p["message"])
                         for p in json.loads(r.stdout)["problems"]]


def as_workbook(csv_path: Path, xlsx_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for line in csv_path.read_text(encoding="utf-8-sig").splitlines():
        ws.append(line.split(","))
    wb.save(xlsx_path)


def test_a_file_and_a_workbook_of_one_month_are_one_error(run, data_dir):
    progress = data_dir / "progress"
    as_workbook(progress / "2019-06.csv", progress / "2019-06.xlsx")
    exit_code, found = check(run, data_dir)
    p = progress.as_posix()
    assert exit_code == 1 and [f for f in found if f[3] == "error"] == [(
        f"{p}/2019-06.xlsx", None, None, "error", "duplicate-indicator",
        f"2019-06 的数据放在了两处：文件 {p}/2019-06.csv 和文件 {p}/2019-06.xlsx；每月只能是一个文件"
        "（2019-06.csv 或 2019-06.xlsx）或一个文件夹 2019-06/，两处的数都没有读取。"
        "请只保留一处：把各文件的行合并到其中一个文件，删去或移走其他文件")]
    r = run("--data", data_dir, "check")
    assert r.stdout.count("duplicate-indicator") == 1
    assert f"{p}/2019-06.xlsx: error duplicate-indicator 2019-06 的数据放在了两处" in r.stdout


def a_blank_form(run, data_dir: Path, tmp_path: Path) -> Path:
    """区残联's July form from `minshi template`, dropped into progress/2019-07/ unfilled."""
    r = run("--data", data_dir, "template", "--month", "2019-07", "--unit", "区残联", "--format", "csv",
            "-o", tmp_path / "forms")
    assert r.exit_code == 0, r.stderr
    form = data_dir / "progress" / "2019-07" / "区残联-2019-07.csv"
    form.parent.mkdir()
    shutil.copy(tmp_path / "forms" / form.name, form)
    return form


def test_a_form_dropped_beside_the_month_file_is_one_error(run, data_dir, tmp_path):
    form = a_blank_form(run, data_dir, tmp_path)
    p = (data_dir / "progress").as_posix()
    want = (f"{p}/2019-07", None, None, "error", "duplicate-indicator",
            f"2019-07 的数据放在了两处：文件 {p}/2019-07.csv 和文件夹 {p}/2019-07/（1 个文件）；每月只能是一个文件"
            "（2019-07.csv 或 2019-07.xlsx）或一个文件夹 2019-07/，两处的数都没有读取。请只保留一处："
            f"把文件夹中各表的行并入 2019-07.csv（再删去文件夹），或把 2019-07.csv 移入 {p}/2019-07/"
            "（并删去其中与文件夹中各表重复的指标行）")
    exit_code, found = check(run, data_dir)
    # neither place is read: no blank-form not-reported warnings for July, no per-indicator duplicates
    assert exit_code == 1 and [f for f in found if f[3] == "error"] == [want]
    assert [f for f in found if "2019-07" in f[0]] == [want]
    # pre-commit passes only the file that changed: the month's error is said for it too
    for given in (form, data_dir / "progress" / "2019-07.csv", form.parent):
        exit_code, found = check(run, data_dir, given)
        assert (exit_code, found) == (1, [want]), given


def test_status_report_and_assess_refuse_the_month(run, data_dir, tmp_path):
    a_blank_form(run, data_dir, tmp_path)
    for args in (["status"], ["status", "--as-of", "2019-07"], ["status", "--as-of", "2019-09"],
                 ["report", "--month", "2019-07"], ["assess"]):
        r = run("--data", data_dir, *args)
        assert r.exit_code == 1, args
        assert "error duplicate-indicator 2019-07 的数据放在了两处" in r.stderr, args
    # a month before it is not concerned
    r = run("--data", data_dir, "status", "--as-of", "2019-06", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["as_of"] == "2019-06"


def test_one_folder_of_unit_files_is_one_place(run, empty_data):
    """Several unit files in one month folder are the month's one place, as before."""
    write(empty_data / "progress" / "2019-06" / "区人社局.csv", "indicator,value\n1,4600\n")
    write(empty_data / "progress" / "2019-06" / "区教育局.csv", "indicator,value\n2,30\n")
    exit_code, found = check(run, empty_data)
    assert exit_code == 0 and not [f for f in found if f[4] == "duplicate-indicator"]


def test_template_says_where_the_forms_go_when_the_month_has_a_file(run, data_dir, tmp_path):
    p = (data_dir / "progress").as_posix()
    r = run("--data", data_dir, "template", "--month", "2019-07", "--unit", "区残联", "-o", tmp_path / "f")
    assert r.exit_code == 0
    assert r.stderr == (f"已写入 1 个填报表到 {(tmp_path / 'f').as_posix()}；2019-07 已有进度文件 {p}/2019-07.csv"
                        "（每月只能有一个文件或一个文件夹）：填好后把各表的累计完成和备注并入该文件，"
                        f"或先把该文件移入 {p}/2019-07/（删去其中与填报表重复的指标行）再放入填报表，然后校验（minshi --data {data_dir.as_posix()} check）\n")
    (data_dir / "progress" / "2019-07.csv").unlink()
    r = run("--data", data_dir, "template", "--month", "2019-07", "--unit", "区残联", "-o", tmp_path / "g")
    assert r.stderr == f"已写入 1 个填报表到 {(tmp_path / 'g').as_posix()}；填好后放入 {p}/2019-07/ 即可校验（minshi --data {data_dir.as_posix()} check）\n"
