"""Files in progress/ that are not progress files (issue 11, items 5 and 14): copies and backups
are skipped with a warning, misnamed months are errors in ``check`` only, lock files are ignored
everywhere; ``status`` and ``report`` name what they skipped and are never blocked by it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import DATA, write

HEADER = "indicator,value,reporter,note\n"
#: (path under progress/, what check says about it)
STRAY = [
    ("2019-12.csv.bak", "skipped-file"),
    ("2019-06副本.csv", "skipped-file"),
    ("2019-09 (1).csv", "skipped-file"),
    ("2019-08.csv~", "skipped-file"),
    ("2019-07.csv.orig", "skipped-file"),
    ("2019-06/区人社局 - 副本.csv", "skipped-file"),
    ("2019-7.csv", "file-name"),
    ("2019-06/区人社局.docx", "file-name"),
]


def _copy_with_strays(data_dir: Path) -> list[str]:
    """Each stray holds rows that would be errors if they were read (a copy of a real file
    holds the same indicators again: duplicate-indicator).  2019-06/ holds only strays."""
    june = (data_dir / "progress" / "2019-06.csv").read_text(encoding="utf-8")
    for name, _ in STRAY:
        write(data_dir / "progress" / name, june + "99,1,,\n")
    return [name for name, _ in STRAY]


def _check(run, data_dir, *paths):
    r = run("--data", data_dir, "check", "--format", "json", *paths)
    return r.exit_code, [(p["file"].split("progress/", 1)[-1], p["severity"], p["code"], p["message"])
                         for p in json.loads(r.stdout)["problems"] if p["code"] in ("skipped-file", "file-name")]


def test_check_warns_about_copies_and_errs_on_misnamed_months(run, data_dir):
    _copy_with_strays(data_dir)
    exit_code, hits = _check(run, data_dir)
    assert exit_code == 1  # 2019-7.csv's figures are not read: an error
    assert sorted((f, s, c) for f, s, c, _ in hits) == sorted(
        (name, "error" if code == "file-name" else "warning", code) for name, code in STRAY)
    messages = {f: m for f, _, _, m in hits}
    assert messages["2019-12.csv.bak"] == ("「2019-12.csv.bak」是副本或备份文件，没有读取：本月数据应在 YYYY-MM.csv 或 YYYY-MM/ 的"
                                           "正式文件中；副本请移出 progress/")
    assert messages["2019-7.csv"] == "文件名「2019-7.csv」不是月份，没有读取：月度文件应命名为 YYYY-MM.csv：是否应为 2019-07.csv？"
    assert messages["2019-06/区人社局.docx"] == ("「区人社局.docx」不是 CSV 或 Excel 文件，没有读取：请在 Excel/WPS 中另存为 Excel 工作簿"
                                                "（.xlsx）或 CSV 后放在该文件夹中")
    # nothing else: the copies' rows were not read (no duplicate-indicator, no unknown-indicator 99)
    r = run("--data", data_dir, "check", "--format", "json")
    codes = {p["code"] for p in json.loads(r.stdout)["problems"]}
    assert codes == {"skipped-file", "file-name", "not-reported", "funds-behind-progress"}  # the shipped funds warning


def test_check_passes_with_only_copies(run, data_dir):
    write(data_dir / "progress" / "2019-12.csv.bak", "garbage\n")
    write(data_dir / "progress" / "2019-06副本.csv", "garbage\n")
    exit_code, hits = _check(run, data_dir)
    assert exit_code == 0 and [(f, s) for f, s, _, _ in hits] == [("2019-06副本.csv", "warning"), ("2019-12.csv.bak", "warning")]


@pytest.mark.parametrize("args", [["status"], ["status", "--as-of", "2019-06"], ["report", "--month", "2019-06"],
                                  ["report", "--month", "2019-12"]])
def test_status_and_report_skip_stray_files_with_a_warning(run, data_dir, args):
    expected = run("--data", data_dir, *args, env={"MINSHI_GENERATED_AT": "2019-07-05 09:00"})
    assert expected.exit_code == 0 and expected.stderr == ""
    _copy_with_strays(data_dir)
    r = run("--data", data_dir, *args, env={"MINSHI_GENERATED_AT": "2019-07-05 09:00"})
    assert r.exit_code == 0, r.stderr
    assert r.stdout == expected.stdout
    warned = [line for line in r.stderr.splitlines() if line.startswith("警告：已跳过 ")]
    assert len(warned) == len(STRAY)
    for name, _ in STRAY:
        assert any(f"{Path(name).name}」" in w and f"progress/{name}：" in w for w in warned), name


def test_lock_files_are_ignored_everywhere(run, data_dir):
    folder = data_dir / "progress" / "2019-06"
    june = data_dir / "progress" / "2019-06.csv"
    write(folder / "全部.csv", june.read_text(encoding="utf-8"))
    june.unlink()
    write(folder / "~$全部.csv", "\x00lock")
    write(data_dir / "progress" / "~$2019-07.xlsx", "\x00lock")
    clean = run("--data", DATA, "check", "--format", "json", DATA / "progress" / "2019-06.csv")
    for paths in ([], [folder], [folder / "~$全部.csv"]):
        r = run("--data", data_dir, "check", "--format", "json", *paths)
        assert "~$" not in r.stdout and r.exit_code == 0
    r = run("--data", data_dir, "check", "--format", "json", folder)
    assert len(json.loads(r.stdout)["problems"]) == len(json.loads(clean.stdout)["problems"])
    assert run("--data", data_dir, "status").stderr == ""


def test_a_copy_inside_a_month_folder_given_by_path(run, data_dir):
    folder = data_dir / "progress" / "2019-06"
    june = data_dir / "progress" / "2019-06.csv"
    write(folder / "全部.csv", june.read_text(encoding="utf-8"))
    write(folder / "全部(1).csv", june.read_text(encoding="utf-8"))
    june.unlink()
    exit_code, hits = _check(run, data_dir, folder)
    assert exit_code == 0 and [(f, c) for f, _, c, _ in hits] == [("2019-06/全部(1).csv", "skipped-file")]


@pytest.mark.parametrize("name,suggestion", [("2019年7月.csv", "2019-07.csv"), ("2019-8.csv", "2019-08.csv")])
def test_misnamed_month_gets_advice(run, data_dir, name, suggestion):
    write(data_dir / "progress" / name, HEADER)
    r = run("--data", data_dir, "check")
    assert f"error file-name 文件名「{name}」不是月份，没有读取：月度文件应命名为 YYYY-MM.csv：是否应为 {suggestion}？" in r.stdout


def test_any_csv_name_is_fine_inside_a_month_folder(run, empty_data):
    from tests.test_check import FULL_MONTH

    write(empty_data / "progress" / "2019-01" / "2019年1月 区人社局报送（定稿）.csv", HEADER + FULL_MONTH)
    r = run("--data", empty_data, "check", "--format", "json")
    assert (r.exit_code, json.loads(r.stdout)["problems"]) == (0, [])


def test_last_years_files_do_not_block_status(run, data_dir):
    write(data_dir / "progress" / "2018-12.csv", HEADER + "1,8950,,\n")
    r = run("--data", data_dir, "status")
    assert r.exit_code == 0 and "截至 2019-12" in r.stdout
    assert r.stderr.startswith("警告：已跳过 ") and "progress/2018-12.csv：月份 2018-12 不在登记表年度 2019 年内" in r.stderr
    assert run("--data", data_dir, "check").exit_code == 1


def test_a_copy_that_is_the_only_file_of_its_name_says_to_rename_it(run, data_dir):
    """A browser download copy (区残联-2019-07(1).xlsx) with no file of its name without the mark: the
    data is in no official file, so the message says to rename the copy; beside one, as before."""
    folder = data_dir / "progress" / "2019-07"
    write(folder / "区残联-2019-07(1).csv", "indicator,value\n15a,120\n")
    write(folder / "区民政局 - 副本.csv", "indicator,value\n5a,3480\n")
    write(folder / "区民政局.xlsx", "")
    write(folder / "其他.csv", "indicator,value\n1,5276\n")
    (data_dir / "progress" / "2019-07.csv").unlink()
    _, hits = _check(run, data_dir)
    messages = {f: m for f, _, _, m in hits}
    assert messages["2019-07/区残联-2019-07(1).csv"] == (
        "「区残联-2019-07(1).csv」是副本（名字带“(1)”，浏览器重复下载或复制时加的），没有读取；文件夹中没有正式的 "
        "区残联-2019-07.csv：若这就是要交的文件，请改名为 区残联-2019-07.csv（去掉“(1)”）")
    assert messages["2019-07/区民政局 - 副本.csv"] == (  # the official file is there (as .xlsx)
        "「区民政局 - 副本.csv」是副本或备份文件，没有读取：本月数据应在该文件夹的正式文件中；副本请移出 progress/")
