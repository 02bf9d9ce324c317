"""The findings object: problems in their files' words, their order, counts, validity and exit code."""

from minshi_cli.core.findings import FileWords, Findings
from minshi_cli.core.problems import Problem


def _p(file, line, code, column="value", message="完成值「x」不是数字"):
    return Problem(file, line, column, code, message)


def test_exit_code_is_read_from_the_findings():
    warning, error = _p("a.csv", 3, "missing-reason", "note"), _p("a.csv", 2, "not-a-number")
    assert Findings().exit_code() == 0 and Findings().exit_code(strict=True) == 0
    assert Findings([warning]).exit_code() == 0
    assert Findings([warning]).exit_code(strict=True) == 1
    assert Findings([error]).exit_code() == 1
    assert Findings([warning, error]).counts == (1, 1)
    assert not Findings([error]).valid() and Findings([warning]).valid() and not Findings([warning]).valid(strict=True)


def test_row_problems_in_their_files_words():
    words = {"a.xlsx": FileWords({"value": "累计完成"}, None, "进度"),
             "b.csv": FileWords({"value": "完成值"}, "GB18030", None)}
    found = Findings().add_rows([_p("a.xlsx", 4, "not-a-number"), _p("b.csv", 2, "not-a-number"),
                                 _p("b.csv", 3, "missing-reason", "note", "备注为空"), _p("c.csv", 2, "not-a-number")],
                                words, {"not-a-number"})
    assert [(p.column, p.message) for p in found.problems] == [
        ("累计完成", "工作表「进度」：完成值「x」不是数字"),
        ("完成值", "完成值「x」不是数字（本文件按 GB18030 编码读取）"),
        ("note", "备注为空"),  # no cell quoted: the encoding is not said
        ("value", "完成值「x」不是数字"),  # a file without words: as it is
    ]
    # a message that names its sheet already is not prefixed twice; a file-level problem (no line) never is
    again = Findings().add_rows([_p("a.xlsx", 4, "x", None, "工作表「进度」：某某"), _p("a.xlsx", None, "x", None, "某某")],
                                words)
    assert [p.message for p in again.problems] == ["工作表「进度」：某某", "某某"]


def test_by_place_orders_by_file_then_line_lines_first_and_keeps_the_order_found():
    a = [_p("b.csv", None, "not-reported", message="1"), _p("b.csv", 5, "x", message="2"),
         _p("a.csv", 9, "x", message="3"), _p("b.csv", 5, "x", message="4"), _p("b.csv", 1, "x", message="5")]
    assert [p.message for p in Findings(a).by_place().problems] == ["3", "5", "2", "4", "1"]
