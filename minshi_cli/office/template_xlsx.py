"""The fill-in form as an Excel workbook (``minshi template``, docs/office.md), written with XlsxWriter.

XlsxWriter rather than openpyxl: writing one form measured 10 ms against 35 ms, and importing it
~0.3 s against ~1.1 s on the shared 2-core machine; it is a writer only, which is all a form needs
(cell protection, data validation, merged title rows, print setup).

Layout: row 1 the title (unit and month), row 2 how to fill it in and return it, row 3 the header
(:data:`~minshi_cli.views.template.COLUMNS`), then one row per indicator.  The sheet is protected
without a password: the reference columns are locked, 累计完成 and 备注 are not; 累计完成 accepts a
non-negative number, or for a kind that is reported in words (a milestone's stages, a policy item's
status words: ``kind_wording.Wording.choices``) one of them from a drop-down list.  The sheet is named after the
month, so the reader picks it (docs/office.md).
"""

from __future__ import annotations

import io
import unicodedata

import xlsxwriter

from minshi_cli.core.values import NUMBER_ONLY
from minshi_cli.views.template import Form

HEADER_ROW = 2  # 0-based: the header is the sheet's row 3
#: (least, most) width of each column, in Excel's character units (a Chinese character is 2)
WIDTHS = {"指标编号": (9, 10), "项目": (16, 36), "指标名称": (16, 36), "目标": (8, 14), "单位": (6, 12),
          "上月累计": (10, 14), "累计完成": (12, 16), "备注": (30, 50), "地区": (8, 14)}


def text_width(text: object) -> int:
    """Columns a text takes in Excel's units: 2 for a wide (Chinese) character, 1 otherwise."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def column_widths(form: Form) -> list[int]:
    widths = []
    for c, name in enumerate(form.columns):
        least, most = WIDTHS[name]
        longest = max([text_width(name)] + [text_width(r.cells[c]) for r in form.rows if r.cells[c] is not None])
        widths.append(max(least, min(most, longest + 2)))
    return widths


NUMBER_RULE = {
    "validate": "decimal", "criteria": ">=", "value": 0, "ignore_blank": True,
    "input_title": "累计完成", "input_message": f"年初至本月末的累计数（标准类填现行标准）：{NUMBER_ONLY}",
    "error_title": "累计完成只能填数字", "error_message": f"{NUMBER_ONLY}；不能小于 0",
}
#: Excel keeps a list typed into a validation to 255 characters
LIST_LIMIT = 255


def _validation(choices) -> dict:
    """累计完成's rule: a non-negative number, or one of the kind's words (a drop-down list)."""
    if choices is None:
        return NUMBER_RULE
    listed = "、".join(choices)
    rule = {"validate": "list", "source": list(choices), "ignore_blank": True,
            "input_title": "累计完成", "input_message": f"从下拉列表中选择：{listed}"[:255],
            "error_title": "请从列表中选择", "error_message": f"只能填写：{listed}"[:255]}
    if len(",".join(choices)) > LIST_LIMIT:  # too long for Excel's list: say the words, accept any text
        rule = {"validate": "any", "input_title": "累计完成", "input_message": f"填写其中之一：{listed}"[:255]}
    return rule


def _runs(form: Form) -> list[tuple[int, int, object]]:
    """(first row, last row, choices) of the runs of rows that share a validation rule."""
    runs: list[tuple[int, int, object]] = []
    for r, row in enumerate(form.rows, start=HEADER_ROW + 1):
        if runs and runs[-1][2] == row.choices and runs[-1][1] == r - 1:
            runs[-1] = (runs[-1][0], r, row.choices)
        else:
            runs.append((r, r, row.choices))
    return runs


def write(form: Form) -> bytes:
    """The workbook's bytes."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"title": form.title, "subject": f"{form.programme}进度报送", "author": "minshi"})
    sheet = book.add_worksheet(form.month)
    base = {"font_name": "宋体", "font_size": 11, "valign": "vcenter"}
    title = book.add_format({**base, "bold": True, "font_size": 16, "align": "center"})
    how_to = book.add_format({**base, "font_size": 10, "text_wrap": True, "font_color": "#404040"})
    header = book.add_format({**base, "bold": True, "align": "center", "text_wrap": True, "border": 1,
                              "bg_color": "#D9D9D9"})
    reference = book.add_format({**base, "text_wrap": True, "border": 1, "bg_color": "#F2F2F2"})
    filled = book.add_format({**base, "text_wrap": True, "border": 1, "locked": False, "bg_color": "#FFF9DB"})

    last_column = len(form.columns) - 1
    sheet.merge_range(0, 0, 0, last_column, form.title, title)
    sheet.set_row(0, 30)
    sheet.merge_range(1, 0, 1, last_column, form.how_to, how_to)
    sheet.set_row(1, 42)
    sheet.write_row(HEADER_ROW, 0, form.columns, header)
    widths = column_widths(form)
    for r, row in enumerate(form.rows, start=HEADER_ROW + 1):
        # Excel does not grow a row to its wrapped text on opening a file that sets none: say it
        lines = max(-(-text_width(v) // max(widths[c] - 1, 1)) for c, v in enumerate(row.cells) if v is not None)
        sheet.set_row(r, max(1, lines) * 15 + 3)
        for c, value in enumerate(row.cells):
            style = filled if c in form.filled else reference
            if value is None:
                sheet.write_blank(r, c, None, style)
            elif isinstance(value, str):
                sheet.write_string(r, c, value, style)
            else:
                sheet.write_number(r, c, value, style)
    for start, stop, choices in _runs(form):
        sheet.data_validation(start, form.value_index, stop, form.value_index, _validation(choices))
    for c, width in enumerate(widths):
        sheet.set_column(c, c, width)
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    sheet.protect("", {"format_columns": True, "format_rows": True, "select_locked_cells": True,
                       "select_unlocked_cells": True})
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(HEADER_ROW)
    sheet.activate()
    book.close()
    return buffer.getvalue()
