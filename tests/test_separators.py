"""A CSV typed with another separator than the comma (docs/formats.md): semicolons (a European
Excel's CSV), full-width semicolons and bars get what tabs and full-width commas get — a header
typed so is one error quoting it (no follow-on missing-column errors, the file is not read), a
row typed so under a comma header is wrong-separator at its line — and a labelled line under the
data (填报人：…；…, 注：…，…) is a skipped row, not a wrong separator."""

from __future__ import annotations

import json

import pytest

from tests.conftest import write

SAVE = "换成英文逗号，或在 Excel/WPS 中“另存为 CSV（逗号分隔）”"


def problems(run, data) -> tuple[int, list[tuple]]:
    r = run("--data", data, "check", "--format", "json")
    return r.exit_code, [(p["line"], p["column"], p["severity"], p["code"], p["message"])
                         for p in json.loads(r.stdout)["problems"] if p["code"] not in ("not-reported", "missing-month")]


@pytest.mark.parametrize("mark, name", [(";", "分号「;」"), ("；", "中文分号「；」"), ("|", "竖线「|」"),
                                        ("\t", "制表符（Tab）"), ("，", "中文逗号「，」")])
def test_a_header_typed_with_another_separator_is_one_error(run, empty_data, mark, name):
    header = mark.join(["indicator", "value", "reporter", "note"])
    write(empty_data / "progress" / "2019-06.csv", f"{header}\n" + mark.join(["1", "4600", "区人社局", ""]) + "\n")
    shown = header.replace("\t", "⇥")
    assert problems(run, empty_data) == (1, [(1, None, "error", "missing-column",
                                              f"表头用{name}分隔，不是英文逗号「,」：「{shown}」。请把{name}{SAVE}")])


def test_a_chinese_header_typed_with_semicolons(run, empty_data):
    write(empty_data / "progress" / "2019-06.csv", "指标；累计完成；填报单位\n1；4600；区人社局\n", "gbk")
    assert problems(run, empty_data) == (1, [(1, None, "error", "missing-column",
                                              f"表头用中文分号「；」分隔，不是英文逗号「,」：「指标；累计完成；填报单位」。"
                                              f"请把中文分号「；」{SAVE}")])


@pytest.mark.parametrize("mark, name", [(";", "分号「;」"), ("；", "中文分号「；」"), ("|", "竖线「|」")])
def test_a_row_typed_with_another_separator_under_a_comma_header(run, empty_data, mark, name):
    row = mark.join(["2", "30", "区教育局"])
    write(empty_data / "progress" / "2019-06.csv", f"indicator,value,reporter\n1,4600,区人社局\n{row}\n")
    assert problems(run, empty_data) == (1, [(3, None, "error", "wrong-separator",
                                              f"这一行用{name}分隔，不是英文逗号「,」：「{row}」。请把{name}{SAVE}")])


@pytest.mark.parametrize("line", ["填报人：张三；审核人：李四", "注：标准类指标填现行标准，其他填累计数", "填报人: 张三; 审核人: 李四",
                                  "联系人：王五\t电话：1234567"])
def test_a_labelled_line_under_the_data_is_a_skipped_row(run, empty_data, line):
    write(empty_data / "progress" / "2019-06.csv", f"indicator,value,reporter\n1,4600,区人社局\n{line}\n")
    assert problems(run, empty_data) == (0, [(3, "indicator", "warning", "skipped-row",
                                              f"数据下方的「{line}」不是指标编号，累计完成为空：这一行没有读取"
                                              "（合计、签字、注释行不用处理；若是指标，请填写指标编号和累计完成）")])
