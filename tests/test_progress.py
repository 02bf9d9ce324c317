"""Reading progress files: encodings, headers, physical lines and structural problems."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minshi_cli.core.progress import IGNORED, INPUT, MISNAMED, SKIPPED, classify_entry, discover, read_table
from tests.conftest import write


def table(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "2019-06.csv"):
    return read_table(write(tmp_path / name, text, encoding), "2019-06")


def codes(t):
    return [(p.code, p.line) for p in t.problems]


@pytest.mark.parametrize("encoding,label", [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 (BOM)"),
                                            ("gbk", "GB18030"), ("gb18030", "GB18030")])
def test_encodings(tmp_path, encoding, label):
    t = table(tmp_path, "指标,累计完成,填报单位,备注\n1,8950,区人社局,春风行动\n", encoding)
    assert t.encoding == label and not t.problems
    assert t.rows.loc[0, ["indicator", "value", "reporter", "note"]].tolist() == ["1", "8950", "区人社局", "春风行动"]


def test_short_gbk_text_is_not_misread(tmp_path):
    t = table(tmp_path, "指标,完成值\n1,8950\n", "gbk")
    assert t.encoding == "GB18030" and list(t.rows["indicator"]) == ["1"]


@pytest.mark.parametrize("header", ["indicator,value", "指标,累计完成", "指标编号,完成值", " Indicator , VALUE "])
def test_header_aliases(tmp_path, header):
    t = table(tmp_path, f"{header}\n5a,3480\n")
    assert not t.problems and t.rows.loc[0, "value"] == "3480"


def test_physical_lines_with_crlf_blank_lines_and_multiline_cells(tmp_path):
    text = 'indicator,value,note\r\n\r\n1,100,"first\r\nsecond"\r\n\r\n2,5,\r\n3,"1,000","a\nb\nc"\r\n4,7,x\r\n'
    t = table(tmp_path, text, "utf-8-sig")
    assert list(t.rows["indicator"]) == ["1", "2", "3", "4"]
    assert list(t.rows["line"]) == [3, 6, 7, 10]
    assert t.rows.loc[2, "value"] == "1,000"


def test_header_after_blank_lines(tmp_path):
    t = table(tmp_path, "\n\nindicator,value\n1,5\n")
    assert list(t.rows["line"]) == [4] and not t.problems


def test_missing_column(tmp_path):
    t = table(tmp_path, "indicator,备注\n1,x\n")
    assert codes(t) == [("missing-column", 1)] and t.problems[0].column == "value"
    assert t.rows.empty


def test_duplicate_column(tmp_path):
    t = table(tmp_path, "indicator,value,累计完成\n1,5,6\n")
    assert codes(t) == [("duplicate-column", 1)]


def test_unknown_column_is_a_warning(tmp_path):
    t = table(tmp_path, "indicator,value,remarks\n1,5,x\n")
    assert codes(t) == [("unknown-column", 1)] and t.problems[0].severity == "warning"
    assert len(t.rows) == 1


def test_extra_cells(tmp_path):
    t = table(tmp_path, "indicator,value\n1,5\n2,6,oops\n3,7,,\n")
    assert codes(t) == [("extra-cells", 3), ("extra-cells", 4)]
    assert list(t.rows["indicator"]) == ["1"]


def test_unquoted_thousands_separator_is_not_silently_misread(tmp_path):
    t = table(tmp_path, "indicator,value,reporter,note\n5a,3,300,区民政局,\n")
    assert codes(t) == [("extra-cells", 2)]
    assert t.problems[0].message == ('完成值「3,300」中的千分位逗号被当作了列的分隔符（该行有 5 个单元格，表头只有 4 列）：'
                                     '写成 3300，或放在英文双引号内（"3,300"）')


def test_english_comma_in_a_note(tmp_path):
    t = table(tmp_path, "indicator,value,reporter,note\n7,1800,区农业农村局,汛期连续降雨,已新增供货厂家\n")
    assert codes(t) == [("extra-cells", 2)] and len(t.rows) == 0
    assert t.problems[0].message == ("备注「汛期连续降雨,已新增供货厂家」中有英文逗号「,」，被当作了列的分隔符（该行有 5 个单元格，表头只有 4 列）："
                                     "备注中请用中文逗号「，」，或给整个备注加英文双引号")


def test_extra_cells_that_are_neither_thousands_nor_note(tmp_path):
    t = table(tmp_path, "indicator,value,note,reporter\n7,1800,汛期,连续降雨,区农业农村局\n")
    assert t.problems[0].message == ("该行有 5 个单元格，表头只有 4 列：「7,1800,汛期,连续降雨,区农业农村局」。"
                                     '数字中的千分位逗号要放在英文双引号内（如 "3,300"），或删除多余的逗号')


def test_header_with_full_width_commas(tmp_path):
    t = table(tmp_path, "指标，累计完成，填报单位\n1，8950，区人社局\n")
    assert codes(t) == [("missing-column", 1)]
    assert t.problems[0].message == ("表头用中文逗号「，」分隔，不是英文逗号「,」：「指标，累计完成，填报单位」。"
                                     "请把中文逗号「，」换成英文逗号，或在 Excel/WPS 中“另存为 CSV（逗号分隔）”")


def test_rows_with_full_width_commas_or_tabs(tmp_path):
    t = table(tmp_path, "indicator,value,reporter\n1，8950，区人社局\n2,51,区教育局\n3\t2500\t区卫健局\n")
    assert codes(t) == [("wrong-separator", 2), ("wrong-separator", 4)] and list(t.rows["indicator"]) == ["2"]
    assert t.problems[0].message == ("这一行用中文逗号「，」分隔，不是英文逗号「,」：「1，8950，区人社局」。"
                                     "请把中文逗号「，」换成英文逗号，或在 Excel/WPS 中“另存为 CSV（逗号分隔）”")
    assert "「3⇥2500⇥区卫健局」" in t.problems[1].message and t.problems[1].message.startswith("这一行用制表符（Tab）分隔")


def test_excel_padding_of_a_rectangular_sheet_is_harmless(tmp_path):
    t = table(tmp_path, "indicator,value,,\n1,5,,\n2,6,,\n")
    assert not t.problems and list(t.rows["indicator"]) == ["1", "2"]


def test_whitespace_only_lines_are_blank(tmp_path):
    t = table(tmp_path, "indicator,value\n \n1,5\n\t\n,,\n2,6\n")
    assert not t.problems and list(t.rows["line"]) == [3, 6]


def test_quote_inside_an_unquoted_cell(tmp_path):
    t = table(tmp_path, 'indicator,value,note\n1,5,他说"好\n2,6,x\n')
    assert not t.problems and list(t.rows["line"]) == [2, 3] and t.rows.loc[0, "note"] == '他说"好'


def test_tab_separated_file_is_named_as_such(tmp_path):
    t = table(tmp_path, "indicator\tvalue\n1\t5\n")
    assert codes(t) == [("missing-column", 1)]
    assert t.problems[0].message == ("表头用制表符（Tab）分隔，不是英文逗号「,」：「indicator⇥value」。"
                                     "请把制表符（Tab）换成英文逗号，或在 Excel/WPS 中“另存为 CSV（逗号分隔）”")


def test_unterminated_quote(tmp_path):
    t = table(tmp_path, 'indicator,value,note\n1,5,ok\n2,6,"never closed\n3,7,x\n')
    assert codes(t) == [("unterminated-quote", 3)]


def test_binary_file(tmp_path):
    path = tmp_path / "2019-06.csv"
    path.write_bytes(b"indicator,value\n1,5\x00\x00\n")
    assert codes(read_table(path, "2019-06")) == [("binary-file", 2)]


def test_undecodable_file(tmp_path):
    path = tmp_path / "2019-06.csv"
    path.write_bytes(b"indicator,value\n1,\x81\x20\xff\xfe\n")
    assert codes(read_table(path, "2019-06")) == [("encoding", None)]


def test_empty_file(tmp_path):
    assert codes(table(tmp_path, "\n \n")) == [("empty-file", None)]


def test_discover_files_and_folders(tmp_path):
    prog = tmp_path / "progress"
    write(prog / "2019-01.csv", "indicator,value\n")
    write(prog / "2019-02" / "人社局.csv", "indicator,value\n")
    write(prog / "2019-02" / "教育局.csv", "indicator,value\n")
    write(prog / "二月.csv", "indicator,value\n")
    write(prog / "2019-03.docx", "x")
    write(prog / "2019-04.xlsx", "x")  # a workbook is an input (read, and reported there if unreadable)
    write(prog / ".gitkeep", "")
    sources, problems = discover(prog)
    assert [(s.month, len(s.files)) for s in sources] == [("2019-01", 1), ("2019-02", 2), ("2019-04", 1)]
    assert sorted(p.code for p in problems) == ["file-name", "file-name"]


@pytest.mark.parametrize("name,kind,month", [
    ("2019-06.csv", INPUT, "2019-06"), ("2019-06.CSV", INPUT, "2019-06"), ("2019-06", INPUT, "2019-06"),
    ("2019-06/区残联.csv", INPUT, "2019-06"), ("2019-06/2019年6月 区残联报送.csv", INPUT, "2019-06"),
    ("~$2019-06.xlsx", IGNORED, None), ("2019-06/~$区残联.csv", IGNORED, None), (".gitkeep", IGNORED, None),
    ("2019-12.csv.bak", SKIPPED, None), ("2019-06副本.csv", SKIPPED, None), ("2019-09 (1).csv", SKIPPED, None),
    ("2019-09（2）.csv", SKIPPED, None), ("2019-06.csv~", SKIPPED, None), ("2019-06.csv.orig", SKIPPED, None),
    ("复件 2019-06.csv", SKIPPED, None), ("2019-06 - Copy.csv", SKIPPED, None), ("2019-06/区残联 - 副本.csv", SKIPPED, None),
    ("2019-7.csv", MISNAMED, None), ("2019年7月.csv", MISNAMED, None), ("june.csv", MISNAMED, None),
    ("2019-06.xlsx", INPUT, "2019-06"), ("2019-06.xls", INPUT, "2019-06"), ("2019-06/区残联.xlsx", INPUT, "2019-06"),
    ("2019-06副本.xlsx", SKIPPED, None), ("2019年6月.xlsx", MISNAMED, None),
    ("2019-06.docx", MISNAMED, None), ("2019-06/区残联.docx", MISNAMED, None), ("六月", MISNAMED, None),
])
def test_classify_entry(tmp_path, name, kind, month):
    path = tmp_path / "progress" / name
    if "." in name or "/" in name:
        write(path, "")
    else:
        path.mkdir(parents=True)
    assert classify_entry(path)[:2] == (kind, month)


@pytest.mark.parametrize("name,advice", [
    ("2019-7.csv", "：是否应为 2019-07.csv？"), ("2019年7月.csv", "：是否应为 2019-07.csv？"),
    ("2019-8.csv", "：是否应为 2019-08.csv？"), ("2019.10.csv", "：是否应为 2019-10.csv？"),
    ("2019年7月", "：是否应为 2019-07/？"), ("2019-13.csv", "，如 2019-06.csv；或放在 YYYY-MM/ 文件夹中"),
])
def test_misnamed_month_gets_the_name_it_should_have(tmp_path, name, advice):
    path = tmp_path / "progress" / name
    write(path, "") if name.endswith(".csv") else path.mkdir(parents=True)
    assert classify_entry(path).message.endswith(advice)


# ------------------------------------------------------------------ mixed encodings (issue 11 item 3)


def test_utf8_file_with_a_line_pasted_from_gbk(tmp_path):
    data = ("indicator,value,reporter,note\n1,4527,区人社局,\n".encode("utf-8")
            + "7,1420,区农业农村局,汛期连续降雨\n".encode("gbk") + "11,4.6,区住建局,\n".encode("utf-8"))
    path = tmp_path / "2019-06.csv"
    path.write_bytes(data)
    t = read_table(path, "2019-06")
    assert not t.complete and len(t.rows) == 0
    assert [(p.line, p.code) for p in t.problems] == [(3, "mixed-encoding")]
    assert t.problems[0].message.startswith("这一行不是 UTF-8 编码，而第 2 行等是 UTF-8 编码的中文：")


def test_gbk_that_happens_to_be_valid_utf8_is_no_evidence(tmp_path):
    # 元 and 亩 in GBK are valid UTF-8 (U+052A, U+0136): not Chinese, so the file is GBK
    assert "元亩".encode("gbk").decode("utf-8") == "\u052a\u0136"
    t = table(tmp_path, "指标,累计完成,备注\n1,8950,元亩\n", "gbk")
    assert t.encoding == "GB18030" and not t.problems and list(t.rows["note"]) == ["元亩"]


def test_bom_file_with_a_gbk_line(tmp_path):
    path = tmp_path / "2019-06.csv"
    path.write_bytes(b"\xef\xbb\xbfindicator,value,note\n" + "1,5,春风行动\n".encode("gbk") + b"2,3,\n")
    assert [(p.line, p.code) for p in read_table(path, "2019-06").problems] == [(2, "mixed-encoding")]


def test_every_line_that_is_not_utf8_is_named(tmp_path):
    lines = ["indicator,value,note\n".encode(), "1,5,春风行动\n".encode(), "2,3,大班额\n".encode("gbk"),
             "3,4,两癌检查\n".encode(), "4,5,产前筛查\n".encode("gbk")]
    path = tmp_path / "2019-06.csv"
    path.write_bytes(b"".join(lines))
    assert [(p.line, p.code) for p in read_table(path, "2019-06").problems] == [(3, "mixed-encoding"), (5, "mixed-encoding")]


def test_extra_cells_in_a_row_with_a_quoted_line_break(tmp_path):
    # the row's text holds a line break inside quotes: explaining it must not trip the csv module
    t = table(tmp_path, 'indicator,value,note\n1,5,"a\r\nb",x\n2,6,\n')
    assert codes(t) == [("extra-cells", 2)] and t.problems[0].message.startswith("备注「a⏎b,x」中有英文逗号")
    assert list(t.rows["indicator"]) == ["2"]


def _records_by_hand(text: str) -> tuple[list[int], list[int], list[bool], list[tuple[int, int]]]:
    """The reference for grid._scan, byte by byte: records end at a newline outside quotes, cells
    at a comma outside quotes; a record is blank when it is only spaces, tabs, commas, quotes (and
    newlines inside quotes)."""
    raw = text.encode("utf-8")
    lines, fields, blank, spans = [], [], [], []
    start, line, quotes, commas = 0, 1, 0, 0
    for at in range(len(raw) + 1):
        byte = raw[at] if at < len(raw) else None
        if byte == 34:
            quotes += 1
        elif byte == 44 and quotes % 2 == 0:
            commas += 1
        if byte is None or (byte == 10 and quotes % 2 == 0):
            if byte is not None or start < len(raw):
                lines.append(line)
                fields.append(commas + 1)
                blank.append(all(b in b' \t,"\n' for b in raw[start:at]))
                spans.append((start, at))
            line += raw[start:at + 1].count(b"\n")
            start, commas = at + 1, 0
    return lines, fields, blank, spans


@settings(max_examples=400)
@given(st.text(alphabet=st.sampled_from(list('a1,"\n \t\r人')), min_size=1, max_size=80))
def test_csv_records_are_found_as_by_hand(text):
    from minshi_cli.core.grid import _scan

    shape = _scan(text)
    lines, fields, blank, spans = _records_by_hand(text)
    assert shape.lines.tolist() == lines
    assert shape.fields.tolist() == fields
    assert shape.blank.tolist() == blank
    assert list(zip(shape.spans[0].tolist(), shape.spans[1].tolist())) == spans
