"""A total row holding a figure (docs/formats.md): its label is recognised with trailing colons and
spaces, full- or half-width (`合计：`, `合计:`, `小计 ：`), in a CSV as in a workbook, and gets the
total row's message (clear its 累计完成) rather than an unknown id's."""

from __future__ import annotations

import json

import openpyxl
import pytest

from tests.conftest import write

CLEAR = "行不是指标，却填了数：minshi 不读合计行，请清空这一行的累计完成（或删去这一行）；合计由调度通报自己算"


def errors(run, data) -> tuple[int, list[tuple]]:
    r = run("--data", data, "check", "--format", "json")
    return r.exit_code, [(p["line"], p["column"], p["code"], p["message"])
                         for p in json.loads(r.stdout)["problems"] if p["severity"] == "error"]


@pytest.mark.parametrize("label", ["合计", "合计：", "合计:", "小计：", "合计 ： ", "总计::", "全区合计："])
def test_a_total_row_with_trailing_colons_in_a_csv(run, empty_data, label):
    write(empty_data / "progress" / "2019-06.csv", f"indicator,value\n1,4600\n{label},30000\n")
    assert errors(run, empty_data) == (1, [(3, "indicator", "unknown-indicator", f"「{label.strip()}」{CLEAR}")])


def test_a_total_row_with_a_colon_in_a_workbook(run, empty_data):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2019-06"
    for row in (["指标编号", "累计完成"], ["1", 4600], ["合计：", 30000]):
        ws.append(row)
    wb.save(empty_data / "progress" / "2019-06.xlsx")
    assert errors(run, empty_data) == (1, [(3, "指标编号", "unknown-indicator",
                                            f"工作表「2019-06」A3：「合计：」{CLEAR}")])


@pytest.mark.parametrize("label, guess", [("合计1", "：请使用登记表中的指标编号（minshi --data {data} status 可列出全部）"),
                                          (":1", "，是否应为「1」？")])
def test_other_labels_are_still_unknown_ids(run, empty_data, label, guess):
    write(empty_data / "progress" / "2019-06.csv", f"indicator,value\n1,4600\n{label},30000\n")
    assert errors(run, empty_data) == (1, [(3, "indicator", "unknown-indicator", f"指标编号「{label}」不在登记表中{guess.format(data=empty_data.as_posix())}")])
