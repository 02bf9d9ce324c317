"""`minshi check`: one fixture per problem code (code, severity, file, exact line), every
output format and exit code, path scoping, and that nothing under data/ is written."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from minshi_cli.core.problems import CODES
from minshi_cli.core.registry import load_registry
from tests.conftest import DATA, REPO, write

HEADER = "indicator,value,reporter,note\n"
# every indicator reported at its target: a month with nothing to warn about
FULL_MONTH = "".join(f"{i.id},{i.target:g},,\n" for i in load_registry(DATA / "projects.yaml").indicators)


def problems(run, data: Path, *paths) -> tuple[int, list[dict]]:
    r = run("--data", data, "check", "--format", "json", *paths)
    doc = json.loads(r.stdout)
    assert doc["errors"] == sum(p["severity"] == "error" for p in doc["problems"])
    assert doc["warnings"] == sum(p["severity"] == "warning" for p in doc["problems"])
    return r.exit_code, doc["problems"]


def found(run, data, *paths, code=None):
    """(file name, line, column, severity, code) of the problems found, or of one code only.
    Most fixtures hold a lone June file; the missing-month warnings that brings for January to
    May are left out unless asked for (test_missing_month covers them)."""
    exit_code, probs = problems(run, data, *paths)
    return exit_code, [(Path(p["file"]).name, p["line"], p["column"], p["severity"], p["code"]) for p in probs
                       if p["code"] == code or (code is None and p["code"] != "missing-month")]


def test_missing_month(run, empty_data):
    write(empty_data / "progress" / "2019-01.csv", HEADER + FULL_MONTH)
    write(empty_data / "progress" / "2019-03.csv", HEADER + FULL_MONTH)
    exit_code, hits = found(run, empty_data, code="missing-month")
    assert exit_code == 0 and hits == [("progress", None, None, "warning", "missing-month")]
    r = run("--data", empty_data, "check")
    assert "2019-02 没有进度文件" in r.stdout and "2019-04" not in r.stdout  # only months before the latest


# ------------------------------------------------------------------ one fixture per code

# (code, file name, file text, expected line, expected column)
FILE_CASES = [
    ("unterminated-quote", HEADER + '1,5,,"unclosed\n2,3,,\n', 2, None),
    ("extra-cells", HEADER + "1,5,,\n2,3,,,extra\n", 3, None),
    ("wrong-separator", HEADER + "1,5,,\n2，3，，\n", 3, None),
    ("missing-column", "indicator,reporter\n1,区人社局\n", 1, "value"),
    ("duplicate-column", "indicator,value,完成值\n1,5,5\n", 1, "完成值"),
    ("month-mismatch", "indicator,value,month\n1,5,2019-06\n2,3,2019-07\n", 3, "month"),
    ("month-format", "indicator,value,month\n1,5,2019-06\n2,3,7/1/2019\n", 3, "month"),
    ("unknown-indicator", HEADER + "1,5,,\n17,3,,\n", 3, "indicator"),
    ("not-a-number", HEADER + "\n1,八千,,\n", 3, "value"),
    ("not-finite", HEADER + "1,NaN,,\n", 2, "value"),
    ("negative-value", HEADER + "1,-5,,\n", 2, "value"),
    ("percent-value", HEADER + "1,50%,,\n", 2, "value"),
    ("wrong-unit", HEADER + "1,8950个,,\n", 2, "value"),
    ("empty-file", "", None, None),
    ("above-target", HEADER + "2,99,,\n", 2, "value"),
    ("unexpected-reporter", HEADER + "1,800,区教育局,\n", 2, "reporter"),
    ("unknown-column", "indicator,value,remark\n1,800,x\n", 1, "remark"),
    ("missing-reason", HEADER + '1,"a\nb",,\n7,10,,\n', None, "note"),
]


@pytest.mark.parametrize("value, status", [("4000", "滞后"), ("3000", "严重滞后"), ("4600", None)])
def test_missing_reason_for_lagging_and_for_behind(run, empty_data, value, status):
    """Indicator 1 (target 8950) in June (time progress 50%, tolerance 10 points): 44.7% is lagging,
    33.5% behind, 51.4% on track; a lagging indicator needs its reason as much as one behind."""
    write(empty_data / "progress" / "2019-06.csv", HEADER + f"1,{value},,\n")
    doc = json.loads(run("--data", empty_data, "check", "--format", "json").stdout)
    said = [(p["line"], p["column"], p["message"]) for p in doc["problems"] if p["code"] == "missing-reason"]
    if status is None:
        assert said == []
    else:
        assert said == [(2, "note", f"指标 1 {status}，但备注为空：请在备注中说明原因和整改措施（调度通报需要）")]
    write(empty_data / "progress" / "2019-06.csv", HEADER + f"1,{value},,进度受天气影响\n")
    doc = json.loads(run("--data", empty_data, "check", "--format", "json").stdout)
    assert not any(p["code"] == "missing-reason" for p in doc["problems"])


@pytest.mark.parametrize("code,text,line,column", FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_each_file_code(run, empty_data, code, text, line, column):
    write(empty_data / "progress" / "2019-06.csv", text)
    exit_code, hits = found(run, empty_data, code=code)
    if code == "missing-reason":  # the value error on line 2 is not the point; indicator 7 on line 4 is
        line = 4
    assert hits == [("2019-06.csv", line, column, CODES[code][0], code)]
    # a warning alone exits 0 (missing-reason's fixture also holds a value error)
    assert exit_code == (0 if CODES[code][0] == "warning" and code != "missing-reason" else 1)


@pytest.mark.parametrize("cell", ["2019/6/1", "2019-06-30", "201906", "Jun-19", "2019年6月", "2019/6/1 0:00", "6/30/2019"])
def test_month_column_changed_by_excel_is_read(run, empty_data, cell):
    write(empty_data / "progress" / "2019-06.csv", "indicator,value,month\n1,5,2019-06\n2,3," + cell + "\n")
    assert found(run, empty_data, code="month-format") == (0, []) and found(run, empty_data, code="month-mismatch")[1] == []


@pytest.mark.parametrize("cell,message", [
    ("6/1/2019", "月份「6/1/2019」看不出是哪一个月：像是 Excel 把月份列自动改成了日期或数字；请把月份列设为“文本”格式后填写 2019-06（或删除月份列）"),
    ("1-Jun", "月份「1-Jun」看不出是哪一个月：像是 Excel 把月份列自动改成了日期或数字；请把月份列设为“文本”格式后填写 2019-06（或删除月份列）"),
    ("43617", "月份「43617」看不出是哪一个月：像是 Excel 把月份列自动改成了日期或数字；请把月份列设为“文本”格式后填写 2019-06（或删除月份列）"),
    ("六月", "月份「六月」不是月份：应为 YYYY-MM，如 2019-06；请把月份列设为“文本”格式后填写 2019-06（或删除月份列）"),
    ("2019/7/1", "月份「2019/7/1」（即 2019-07）与文件所属月份 2019-06 不一致：应填 2019-06，或把该行移到 2019-07 的文件"),
])
def test_month_column_that_says_no_month(run, empty_data, cell, message):
    write(empty_data / "progress" / "2019-06.csv", "indicator,value,month\n1,5,2019-06\n2,3," + cell + "\n")
    r = run("--data", empty_data, "check", "--format", "json")
    got = [(p["line"], p["message"]) for p in json.loads(r.stdout)["problems"] if p["code"].startswith("month-")
           and p["code"] != "missing-month"]
    assert (r.exit_code, got) == (1, [(3, message)])


def test_binary_file(run, empty_data):
    (empty_data / "progress" / "2019-06.csv").write_bytes(b"indicator,value\n1,5\n\x00\x01\x02")
    assert found(run, empty_data)[1] == [("2019-06.csv", 3, None, "error", "binary-file")]


def test_unreadable_workbook(run, empty_data):
    # a CSV renamed to .xlsx, as happens when a file is "converted" by renaming it
    (empty_data / "progress" / "2019-06.xlsx").write_bytes("指标,累计完成\n1,5\n".encode("utf-8"))
    exit_code, hits = found(run, empty_data)
    assert exit_code == 1 and hits == [("2019-06.xlsx", None, None, "error", "unreadable-workbook")]


def test_undecodable_file_is_a_data_error(run, empty_data):
    (empty_data / "progress" / "2019-06.csv").write_bytes(b"indicator,value\n1,\xff\xfe\x81\x20\n")
    exit_code, hits = found(run, empty_data)
    assert exit_code == 1 and hits == [("2019-06.csv", None, None, "error", "encoding")]


def test_mixed_encoding_names_the_pasted_line(run, data_dir):
    july = data_dir / "progress" / "2019-07.csv"
    lines = july.read_bytes().split(b"\n")
    row = next(n for n, line in enumerate(lines) if line.startswith(b"7,"))
    lines[row] = lines[row].decode("utf-8").encode("gbk")  # one row pasted from a GBK file
    july.write_bytes(b"\n".join(lines))
    exit_code, hits = found(run, data_dir, july)
    assert exit_code == 1 and hits == [("2019-07.csv", row + 1, None, "error", "mixed-encoding")]
    r = run("--data", data_dir, "status", "--as-of", "2019-07")
    assert r.exit_code == 1 and f"2019-07.csv:{row + 1}: error mixed-encoding 这一行不是 UTF-8 编码" in r.stderr


def test_gbk_line_that_is_valid_utf8_by_chance_is_no_evidence(run, empty_data):
    # 元 and 亩 in GBK are valid UTF-8 that decodes to no Chinese: the file is GBK, not mixed
    write(empty_data / "progress" / "2019-06.csv", "指标,累计完成,备注\n1,8950,元亩\n", "gbk")
    exit_code, hits = found(run, empty_data)
    assert exit_code == 0 and {h[4] for h in hits} == {"not-reported"}


def test_unreadable_file(run, empty_data, monkeypatch):
    write(empty_data / "progress" / "2019-07.csv", HEADER + FULL_MONTH)
    real = Path.read_bytes

    def read_bytes(self):  # chmod 0 does not stop root, so the OS refusal is simulated
        if self.name == "2019-07.csv":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    exit_code, hits = found(run, empty_data)
    assert exit_code == 1 and hits == [("2019-07.csv", None, None, "error", "unreadable-file")]


@pytest.mark.parametrize("name", ["六月.csv", "2019-6.csv", "2019-13.csv"])
def test_file_name(run, empty_data, name):
    write(empty_data / "progress" / name, HEADER)
    assert found(run, empty_data)[1] == [(name, None, None, "error", "file-name")]


@pytest.mark.parametrize("name", ["2019-01副本.csv", "2019-01.csv~", "2019-01.csv.bak", "2019-01 (1).csv", "2019-01.csv.orig"])
def test_skipped_file(run, empty_data, name):
    write(empty_data / "progress" / "2019-01.csv", HEADER + FULL_MONTH)
    write(empty_data / "progress" / name, HEADER + "99,x,,\n")
    assert found(run, empty_data) == (0, [(name, None, None, "warning", "skipped-file")])


def test_folder_name(run, empty_data):
    write(empty_data / "progress" / "june" / "a.csv", HEADER)
    assert found(run, empty_data)[1] == [("june", None, None, "error", "file-name")]


def test_month_out_of_year(run, empty_data):
    write(empty_data / "progress" / "2020-01.csv", HEADER + "1,5,,\n")
    assert found(run, empty_data)[1] == [("2020-01.csv", None, None, "error", "month-out-of-year")]


def test_duplicate_indicator_in_one_file(run, empty_data):
    write(empty_data / "progress" / "2019-06.csv", HEADER + "1,5,,\n2,3,,\n1,6,,\n")
    r = run("--data", empty_data, "check", "--format", "json")
    dup = [p for p in json.loads(r.stdout)["problems"] if p["code"] == "duplicate-indicator"]
    assert [(p["line"], p["severity"]) for p in dup] == [(4, "error")]
    assert "2019-06.csv:2" in dup[0]["message"]


def test_duplicate_indicator_across_unit_files(run, empty_data):
    write(empty_data / "progress" / "2019-06" / "区人社局.csv", HEADER + "1,5,区人社局,\n")
    write(empty_data / "progress" / "2019-06" / "区教育局.csv", HEADER + "2,3,区教育局,\n1,5,区教育局,\n")
    r = run("--data", empty_data, "check", "--format", "json")
    dup = [p for p in json.loads(r.stdout)["problems"] if p["code"] == "duplicate-indicator"]
    assert len(dup) == 1 and dup[0]["file"].endswith("区教育局.csv") and dup[0]["line"] == 3
    assert "区人社局.csv:2" in dup[0]["message"]


def test_decreasing_value_names_both_places(run, empty_data):
    write(empty_data / "progress" / "2019-04.csv", HEADER + "7,900,,\n")
    write(empty_data / "progress" / "2019-05.csv", HEADER + "7,,,\n")  # not reported: compared with April
    write(empty_data / "progress" / "2019-06.csv", HEADER + "1,5,,\n7,850,,\n")
    r = run("--data", empty_data, "check", "--format", "json")
    down = [p for p in json.loads(r.stdout)["problems"] if p["code"] == "decreasing-value"]
    assert [(Path(p["file"]).name, p["line"]) for p in down] == [("2019-06.csv", 3)]
    assert "2019-04.csv:2" in down[0]["message"] and "900" in down[0]["message"]


def test_threshold_may_go_down_without_error(run, empty_data):
    write(empty_data / "progress" / "2019-05.csv", HEADER + "5a,3480,,\n")
    write(empty_data / "progress" / "2019-06.csv", HEADER + "5a,3400,,need\n")
    assert not found(run, empty_data, code="decreasing-value")[1]


def test_not_reported_warning_names_the_month_file(run, empty_data):
    """A row left out: the month's file; a row whose value is blank: that row's line (docs/formats.md)."""
    write(empty_data / "progress" / "2019-06.csv", HEADER + FULL_MONTH.replace("15a,250,,\n", ""))
    exit_code, hits = found(run, empty_data)
    assert exit_code == 0 and hits == [("2019-06.csv", None, "indicator", "warning", "not-reported")]
    write(empty_data / "progress" / "2019-06.csv", HEADER + FULL_MONTH.replace("15a,250,,\n", "15a,,,\n"))
    exit_code, hits = found(run, empty_data)
    assert exit_code == 0 and hits == [("2019-06.csv", 18, "value", "warning", "not-reported")]


def test_unknown_indicator_suggests(run, empty_data):
    write(empty_data / "progress" / "2019-06.csv", HEADER + "5A,3480,,\n15c,3,,\n")
    r = run("--data", empty_data, "check", "--format", "json")
    msgs = [p["message"] for p in json.loads(r.stdout)["problems"] if p["code"] == "unknown-indicator"]
    assert msgs == ["指标编号「5A」不在登记表中，是否应为「5a」？", "指标编号「15c」不在登记表中，是否应为「15b」？"]


def test_column_is_the_header_as_written(run, empty_data):
    write(empty_data / "progress" / "2019-06.csv", "指标,累计完成,填报单位\n1,八千,区人社局\n2,5,区卫健局\n")
    _, hits = found(run, empty_data)
    assert ("2019-06.csv", 2, "累计完成", "error", "not-a-number") in hits
    assert ("2019-06.csv", 3, "填报单位", "warning", "unexpected-reporter") in hits


def test_office_lock_files_are_ignored(run, empty_data):
    write(empty_data / "progress" / "2019-01.csv", HEADER + FULL_MONTH)
    write(empty_data / "progress" / "~$2019-02.xlsx", "lock")
    assert problems(run, empty_data) == (0, [])


def test_value_message_quotes_the_text(run, empty_data):
    write(empty_data / "progress" / "2019-06.csv", "指标,累计完成\n1,八千\n", )
    r = run("--data", empty_data, "check")
    assert r.exit_code == 1
    assert "2019-06.csv:2: error not-a-number 完成值「八千」不是数字" in r.stdout


def test_gbk_file_says_how_it_was_decoded(run, empty_data):
    write(empty_data / "progress" / "2019-06.csv", "指标,累计完成\r\n1,八千\r\n2,99\r\n", "gbk")
    r = run("--data", empty_data, "check", "--format", "json")
    messages = {p["code"]: p["message"] for p in json.loads(r.stdout)["problems"]}
    assert messages["not-a-number"].startswith("完成值「八千」不是数字") and messages["not-a-number"].endswith("（本文件按 GB18030 编码读取）")
    # only where a cell is quoted: a message of figures says nothing about the encoding
    assert messages["above-target"] == "指标 2 的完成值 99 超过目标 51 的 150%：核对是否多填了一位数或单位有误"


def test_a_row_of_another_month_is_not_used_for_cross_month_rules(run, empty_data):
    write(empty_data / "progress" / "2019-05.csv", HEADER + "7,900,,\n")
    write(empty_data / "progress" / "2019-06.csv", "indicator,value,month\n7,850,2019-07\n")
    assert [h[4] for h in found(run, empty_data)[1] if h[3] == "error"] == ["month-mismatch"]


def test_an_unnamed_column_with_content_is_not_silently_dropped(run, empty_data):
    write(empty_data / "progress" / "2019-06.csv", "indicator,value,\n1,5,x\n")
    r = run("--data", empty_data, "check", "--format", "json")
    hit = [p for p in json.loads(r.stdout)["problems"] if p["code"] == "unknown-column"]
    assert [(p["line"], p["column"], p["message"]) for p in hit] == [
        (1, None, "第 3 列没有表头，该列被忽略；可用的列：indicator/指标, value/累计完成, month/月份, reporter/填报单位, note/备注, area/地区")]


def test_a_row_with_full_width_commas_is_not_read(run, empty_data):
    write(empty_data / "progress" / "2019-06.csv", HEADER + "1，5，，\n")
    exit_code, hits = found(run, empty_data)
    assert exit_code == 1 and [h for h in hits if h[3] == "error"] == [("2019-06.csv", 2, None, "error", "wrong-separator")]


def test_gbk_file_from_excel_is_read(run, empty_data):
    write(empty_data / "progress" / "2019-01.csv", ("指标,累计完成,填报单位,备注\r\n" + FULL_MONTH.replace("\n", "\r\n")), "gbk")
    assert problems(run, empty_data) == (0, [])


def test_every_registry_problem_is_reported(run, data_dir):
    reg = data_dir / "projects.yaml"
    text = reg.read_text(encoding="utf-8")
    text = text.replace('{id: "5b"', '{id: "5a"').replace("target: 3980", "target: 0").replace(
        "unit: 元/人/月, kind: threshold}\n\n", "unit: 元/人/月, kind: thresh}\n\n")
    reg.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    where = lambda needle: next(n for n, line in enumerate(lines, 1) if needle in line)  # noqa: E731
    exit_code, hits = found(run, data_dir)
    assert exit_code == 1
    assert sorted((h[4], h[1]) for h in hits) == sorted([
        ("registry-duplicate-id", where('{id: "5a", name: 人均救助水平')),
        ("registry-kind", where("kind: thresh}")), ("registry-target", where("target: 0"))])


def test_registry_syntax(run, data_dir):
    (data_dir / "projects.yaml").write_text("year: 2019\nprojects: [\n", encoding="utf-8")
    exit_code, hits = found(run, data_dir)
    assert exit_code == 1 and hits[0][0] == "projects.yaml" and hits[0][4] == "registry-syntax" and hits[0][1] == 3


def test_every_code_has_a_test_and_a_docs_row():
    tests = "".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "tests").glob("test_*.py")))
    problems = (REPO / "docs" / "problems.md").read_text(encoding="utf-8")  # generated: tests/test_docs.py
    for code, (severity, _, _) in CODES.items():
        assert f'"{code}"' in tests, code
        assert f"| `{code}` | {'错误' if severity == 'error' else '警告'} {severity} |" in problems, code


# ------------------------------------------------------------------ formats and exit codes


def test_shipped_data_is_clean_with_two_warnings(run):
    r = run("--data", DATA, "check")
    assert r.exit_code == 0
    assert r.stdout.count("warning not-reported") == 2
    assert r.stdout.count("warning funds-behind-progress") == 1  # illustrative: project 11 in September
    # the registry, 12 progress, 2 certified and 4 funds files
    assert r.stderr.strip() == "检查 19 个文件、296 行：0 个错误，3 个警告"


def test_strict_makes_warnings_fail(run):
    assert run("--data", DATA, "check", "--strict").exit_code == 1


def test_text_format_line(run, empty_data):
    path = write(empty_data / "progress" / "2019-01.csv", HEADER + "1,-5,,\n")
    line = run("--data", empty_data, "check").stdout.splitlines()[0]
    assert line == f"{path.as_posix()}:2: error negative-value 完成值「-5」为负数：累计完成数和标准都不能小于 0"


def test_text_format_keeps_one_problem_per_line(run, empty_data):
    write(empty_data / "progress" / "2019-01.csv", HEADER + '1,"50%\nabc",,\n')
    out = run("--data", empty_data, "check").stdout.splitlines()
    assert any("「50%\\nabc」" in line for line in out)


def test_github_format_and_escaping(run, empty_data):
    write(empty_data / "progress" / "2019-01.csv", HEADER + "1,50%,,\n")
    r = run("--data", empty_data, "check", "--format", "github")
    first = r.stdout.splitlines()[0]
    assert first.startswith("::error file=") and ",line=2,title=percent-value::" in first
    assert "50%25" in first  # '%' in the message is escaped
    warn = [line for line in r.stdout.splitlines() if line.startswith("::warning ")]
    assert warn and all(",title=not-reported::" in w for w in warn)


def test_github_escaping_rules():
    from minshi_cli.views.diagnostics import github_line
    from minshi_cli.core.problems import Problem

    p = Problem("a:b,c%.csv", 3, None, "not-a-number", "50%\r\nnext: a,b")
    assert github_line(p) == "::error file=a%3Ab%2Cc%25.csv,line=3,title=not-a-number::50%25%0D%0Anext: a,b"


def test_github_is_the_default_in_github_actions(run, empty_data):
    write(empty_data / "progress" / "2019-01.csv", HEADER + "1,-5,,\n")
    r = run("--data", empty_data, "check", env={"GITHUB_ACTIONS": "true"})
    assert r.stdout.startswith("::error ")
    r = run("--data", empty_data, "check", "--format", "text", env={"GITHUB_ACTIONS": "true"})
    assert not r.stdout.startswith("::")


def test_usage_errors_exit_2(run, tmp_path):
    assert run("--data", DATA, "check", "--format", "xml").exit_code == 2
    assert run("--data", DATA, "check", tmp_path / "missing.csv").exit_code == 2
    assert run("--data", tmp_path / "nowhere", "check").exit_code == 2
    (tmp_path / "empty").mkdir()
    r = run("--data", tmp_path / "empty", "check")
    assert r.exit_code == 2 and "projects.yaml" in r.stderr


# ------------------------------------------------------------------ paths


def test_paths_limit_what_is_reported_but_history_is_read(run, data_dir, tmp_path):
    # a submitted July file whose cumulative value is below June's stored value
    july = (data_dir / "progress" / "2019-07.csv").read_text(encoding="utf-8").splitlines()
    row = next(n for n, line in enumerate(july) if line.startswith("7,"))
    july[row] = "7,1,区农业农村局,"
    submitted = write(tmp_path / "submit" / "2019-07.csv", "\n".join(july) + "\n")
    exit_code, hits = found(run, data_dir, submitted)
    assert exit_code == 1
    assert ("2019-07.csv", row + 1, "value", "error", "decreasing-value") in hits
    assert all(h[0] == "2019-07.csv" for h in hits)  # 2019-05's warnings are not this submission's


def test_path_inside_data_folder(run, data_dir):
    path = data_dir / "progress" / "2019-06.csv"
    path.write_text(path.read_text(encoding="utf-8") + "99,1,,\n", encoding="utf-8")
    exit_code, hits = found(run, data_dir, path)
    assert exit_code == 1 and [h[4] for h in hits] == ["unknown-indicator"]
    r = run("--data", data_dir, "check", path)
    assert "检查 1 个文件" in r.stderr


def test_month_folder_path(run, empty_data):
    folder = empty_data / "progress" / "2019-06"
    write(folder / "区人社局.csv", HEADER + "1,5,区人社局,\n")
    write(folder / "区教育局.csv", HEADER + "2,x,区教育局,\n")
    exit_code, hits = found(run, empty_data, folder)
    assert exit_code == 1 and ("区教育局.csv", 2, "value", "error", "not-a-number") in hits


def test_registry_path(run, data_dir, tmp_path):
    assert run("--data", data_dir, "check", data_dir / "projects.yaml").exit_code == 0
    other = write(tmp_path / "next-year.yaml", "year: 2020\nprojects: []\n")
    exit_code, hits = found(run, data_dir, other)
    assert (exit_code, hits) == (1, [("next-year.yaml", 1, "final_month", "error", "registry-field")])


def test_registry_path_checks_the_progress_files_against_it(run, data_dir):
    """What the pre-commit hook runs on a registry change: renaming an indicator id surfaces the
    same errors as a full check (each row of the old id is now an unknown indicator)."""
    reg = data_dir / "projects.yaml"
    reg.write_text(reg.read_text(encoding="utf-8").replace('{id: "7",', '{id: "7x",'), encoding="utf-8")
    full_exit, full = found(run, data_dir)
    exit_code, hits = found(run, data_dir, reg)
    errors = [h for h in full if h[3] == "error"]
    # 12 progress files and the 2 certification files that name indicator 7
    assert len(errors) == 14 and {h[4] for h in errors} == {"unknown-indicator"}
    assert (exit_code, hits) == (1, errors) and full_exit == 1
    r = run("--data", data_dir, "check", reg)
    assert r.stderr.strip() == "检查 19 个文件、296 行：14 个错误，0 个警告"


def test_pre_commit_hooks_run_check_on_progress_files_and_the_registry():
    import re

    import yaml

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} == {"minshi-check", "minshi-check-strict"}
    for hook in hooks:
        assert hook["entry"].startswith("minshi check")
        for name in ("data/progress/2019-06.csv", "data/progress/2019-06/区残联.csv", "data/projects.yaml",
                     "data/progress/2019-06.xlsx", "data/progress/2019-06/区残联-2019-06.xlsx", "data/progress/2019-06.xls"):
            assert re.search(hook["files"], name), name
        for name in ("README.md", "docs/office.docx", "data/progress/2019-06.xlsx.bak"):
            assert not re.search(hook["files"], name), name


def test_path_that_is_not_a_month(run, data_dir, tmp_path):
    bad = write(tmp_path / "june.csv", HEADER)
    exit_code, hits = found(run, data_dir, bad)
    assert exit_code == 1 and hits == [("june.csv", None, None, "error", "file-name")]


# ------------------------------------------------------------------ nothing is written


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        h.update(str(p.relative_to(folder)).encode())
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


def test_check_writes_nothing_under_data(run, data_dir):
    write(data_dir / "progress" / "2019-06.csv", HEADER + "1,八千,,\n")
    before = _digest(data_dir)
    for fmt in ("text", "json", "github"):
        run("--data", data_dir, "check", "--format", fmt)
        run("--data", data_dir, "check", "--format", fmt, data_dir / "progress" / "2019-06.csv")
    assert _digest(data_dir) == before


# ------------------------------------------------------------------ values of the other kinds (docs/kinds.md)

COUNTY = REPO / "examples" / "county-2016"


@pytest.fixture
def county(tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "county"
    shutil.copytree(COUNTY, target)
    return target


def _set_cell(folder: Path, month: str, indicator: str, value: str) -> int:
    """Replace one row's value in a county progress file; returns the row's line number."""
    path = folder / "progress" / f"{month}.csv"
    lines = path.read_bytes().decode("utf-8-sig").splitlines()
    for n, line in enumerate(lines, start=1):
        cells = line.split(",")
        if cells[0] == indicator:
            cells[1] = value
            lines[n - 1] = ",".join(cells)
            path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
            return n
    raise AssertionError(indicator)


def test_the_county_example_is_clean(run):
    r = run("--data", COUNTY, "check")
    assert r.exit_code == 0 and r.stdout == "" and r.stderr.strip() == "检查 7 个文件、96 行：0 个错误，0 个警告"


def test_unknown_stage(run, county):
    line = _set_cell(county, "2016-06", "4", "竣工")
    exit_code, probs = problems(run, county)
    assert exit_code == 1
    hit = [p for p in probs if p["code"] == "unknown-stage"]
    assert [(Path(p["file"]).name, p["line"], p["column"]) for p in hit] == [("2016-06.csv", line, "累计完成")]
    assert "「竣工」不是该节点指标的阶段" in hit[0]["message"] and "1=动工、2=建成" in hit[0]["message"]


def test_unknown_status_word(run, county):
    line = _set_cell(county, "2016-06", "13", "基本完成")
    exit_code, probs = problems(run, county)
    hit = [(Path(p["file"]).name, p["line"], p["severity"]) for p in probs if p["code"] == "unknown-status-word"]
    assert exit_code == 1 and hit == [("2016-06.csv", line, "error")]


def test_a_milestone_going_backwards_is_decreasing(run, county):
    line = _set_cell(county, "2016-06", "3", "未开工")
    _set_cell(county, "2016-05", "3", "启动建设")
    exit_code, probs = problems(run, county)
    hit = [p for p in probs if p["code"] == "decreasing-value"]
    assert exit_code == 1 and [(Path(p["file"]).name, p["line"]) for p in hit] == [("2016-06.csv", line)]
    assert "节点进度不应倒退" in hit[0]["message"]


def test_percent_values_for_a_percent_unit(run, county):
    _set_cell(county, "2016-06", "12", "９５.３％")
    _set_cell(county, "2016-05", "12", "94.8 %")
    exit_code, probs = problems(run, county)
    assert exit_code == 0 and probs == []
    doc = json.loads(run("--data", county, "status", "--format", "json").stdout)
    assert next(i for i in doc["indicators"] if i["id"] == "12")["value"] == 95.3


def test_above_target_follows_the_registry_rule(run, empty_data):
    write(empty_data / "progress" / "2019-06.csv", HEADER + "2,99,,\n")
    path = empty_data / "projects.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  lag_tolerance: 0.10\n", "  lag_tolerance: 0.10\n  above_target: 2\n"),
                    encoding="utf-8")
    assert found(run, empty_data, code="above-target")[1] == []
    write(empty_data / "progress" / "2019-06.csv", HEADER + "2,103,,\n")
    exit_code, probs = problems(run, empty_data)
    assert [p["message"] for p in probs if p["code"] == "above-target"] == [
        "指标 2 的完成值 103 超过目标 51 的 200%：核对是否多填了一位数或单位有误"]
    path.write_text(path.read_text(encoding="utf-8").replace("  above_target: 2\n", "  above_target: null\n"),
                    encoding="utf-8")
    assert found(run, empty_data, code="above-target")[1] == []


def test_system_errors_are_said_in_chinese(run, empty_data):
    """A file that cannot be read (here a link to nothing) is named with the system's reason in
    Chinese, never the system's English text (No such file or directory)."""
    write(empty_data / "progress" / "2019-06.csv", HEADER + FULL_MONTH)
    (empty_data / "progress" / "2019-07.csv").symlink_to(empty_data / "nowhere.csv")
    exit_code, probs = problems(run, empty_data)
    unreadable = [p for p in probs if p["code"] == "unreadable-file"]
    assert exit_code == 1 and [p["message"] for p in unreadable] == ["无法读取文件：找不到该文件或文件夹"]


def test_system_error_text_never_english():
    import errno

    from minshi_cli.core.system_errors import system_error_text
    assert system_error_text(PermissionError(errno.EACCES, "Permission denied")).startswith("没有访问权限")
    assert system_error_text(IsADirectoryError(errno.EISDIR, "Is a directory")) == "这是文件夹，不是文件"
    assert system_error_text(OSError(9999, "Weird")) == "操作系统报告错误（错误号 9999）"
    assert system_error_text(OSError("no errno")) == "操作系统报告错误"


def test_unreadable_registry_said_in_chinese(run, empty_data, monkeypatch):
    import errno
    real = Path.read_bytes

    def locked(self):
        if self.name == "projects.yaml":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", locked)
    result = run("--data", empty_data, "check")
    assert result.exit_code == 2
    assert "无法读取登记表" in result.stderr and "没有访问权限" in result.stderr
    assert "Permission" not in result.stderr


# ------------------------------------------------------------------ a header alone (docs/formats.md)


@pytest.mark.parametrize("header", ["indicator,value\n", "指标编号,项目,指标名称,目标,单位,上月累计,累计完成,备注\r\n"])
def test_a_header_alone_is_one_warning_at_the_file_not_one_per_indicator(run, data_dir, header):
    (data_dir / "progress" / "2019-09.csv").write_text(header, encoding="utf-8")  # a month with certified figures
    exit_code, probs = problems(run, data_dir, data_dir / "progress" / "2019-09.csv")
    assert exit_code == 0
    assert [(Path(p["file"]).name, p["line"], p["column"], p["severity"], p["code"]) for p in probs] == [
        ("2019-09.csv", 1, None, "warning", "empty-file")]
    assert probs[0]["message"] == ("只有表头，没有数据行：2019-09 的各指标在这个文件中都没有报送（不再逐项提示）；"
                                   "请在表头下每行填写一个指标的编号和累计完成，本月不报送的删去这个文件")
    _, everything = problems(run, data_dir)
    assert not [p for p in everything if p["code"] in ("not-reported", "certified-unreported") and "2019-09" in p["message"]]


def test_a_header_alone_beside_other_files_of_the_month_leaves_their_warnings(run, empty_data):
    write(empty_data / "progress" / "2019-06" / "区残联.csv", "indicator,value\n")
    write(empty_data / "progress" / "2019-06" / "其他.csv", "indicator,value\n1,4600\n")
    _, probs = problems(run, empty_data)
    codes = [(Path(p["file"]).name, p["code"]) for p in probs if p["code"] != "missing-month"]
    assert ("区残联.csv", "empty-file") in codes
    assert sum(c == "not-reported" for _, c in codes) == 18  # every indicator but 1, at the month folder


# ------------------------------------------------------------------ a fraction of a person (docs/formats.md)


def test_a_fraction_of_a_unit_counted_whole_is_a_warning_naming_the_cell(run, empty_data):
    write(empty_data / "progress" / "2019-06.csv", "indicator,value\n1,8950.5\n11,5.6\n5a,3480.5\n2,51.0\n")
    _, probs = problems(run, empty_data)
    hits = [p for p in probs if p["code"] == "fractional-count"]
    assert [(Path(p["file"]).name, p["line"], p["column"], p["severity"]) for p in hits] == [
        ("2019-06.csv", 2, "value", "warning")]  # 公里 and 元/年 take decimals; 51.0 is whole
    assert hits[0]["message"] == "指标 1 的完成值 8950.5人 带小数，但人只计整数：请填写整数，如 8950 或 8951（以实际数为准）"


def test_a_fraction_in_a_form_names_its_sheet_cell(run, empty_data, tmp_path):
    import openpyxl

    r = run("--data", empty_data, "template", "--month", "2019-06", "--unit", "区人社局", "-o", tmp_path)
    assert r.exit_code == 0
    book = openpyxl.load_workbook(tmp_path / "区人社局-2019-06.xlsx")
    book.active["G4"] = 4527.5
    placed = empty_data / "progress" / "2019-06" / "区人社局.xlsx"
    placed.parent.mkdir()
    book.save(placed)
    hits = [p for p in problems(run, empty_data)[1] if p["code"] == "fractional-count"]
    assert [(p["line"], p["column"]) for p in hits] == [(4, "累计完成")]
    assert hits[0]["message"].startswith("工作表「2019-06」G4：指标 1 的完成值 4527.5人 带小数")


# ------------------------------------------------------------------ a row deleted from a unit's form (docs/formats.md)


def test_a_row_missing_from_a_units_file_in_a_month_folder_is_said_at_that_file(run, empty_data):
    write(empty_data / "progress" / "2019-06" / "区卫健局-2019-06.csv", "indicator,value\n3,2200\n14,1000\n")
    write(empty_data / "progress" / "2019-06" / "其他.csv", "indicator,value\n1,4600\n5a,3480\n")
    _, probs = problems(run, empty_data)
    said = {p["message"].split("（")[0]: (Path(p["file"]).name, p["line"], p["column"], p["message"])
            for p in probs if p["code"] == "not-reported"}
    # by its name: the unit's form (minshi template names it 区卫健局-2019-06.xlsx)
    assert said["指标 4"] == ("区卫健局-2019-06.csv", None, "indicator",
                            "指标 4（孕产妇免费产前筛查，区卫健局）2019-06 未报送：区卫健局的这个文件中没有指标 4 这一行，"
                            "请补上这一行并填写累计完成")
    # by its rows: the file holding the unit's other indicators
    assert said["指标 5b"][:2] == ("其他.csv", None) and said["指标 5b"][3].endswith("区民政局的这个文件中没有指标 5b 这一行，请补上这一行并填写累计完成")
    # a unit with no file in the folder: the folder, as before
    assert said["指标 2"] == ("2019-06", None, "indicator", "指标 2（减少义务教育大班额，区教育局）2019-06 未报送")
