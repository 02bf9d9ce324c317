"""The registry's problems in words a clerk can act on: YAML syntax errors at the line to fix,
and values shown as written in the file (「2019」, 2019-12-31), never as Python reprs.

Only wording lives here; what is valid is decided by ``core/registry.py``.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any, Optional

import yaml

#: a key written with a full-width colon: ``lead：徐平`` (no ASCII colon before the ``：``)
_FULL_WIDTH_KEY = r"^\s*(?:-\s+)?([^:#\"'{}\[\]]+?)\s*：\s*(.*)$"
#: a number followed by a unit: ``8950人``, ``3,480 元/年``
_NUMBER_AND_UNIT = r"^\s*([+-]?\d[\d,]*(?:\.\d+)?)\s*([^\d\s.,][^\d]*?)\s*$"
_NUMBER = r"^\s*[+-]?\d+(?:\.\d+)?\s*$"
_MONTH_KEYS = ("final_month", "due")

_FLOW = ("while parsing a flow sequence", "while parsing a flow mapping")
_ALIGN = "缩进没有对齐：同一层的键（或以「- 」开头的列表项）应左对齐，用空格缩进"
#: PyYAML's English (``problem``) -> what to do, for the errors that remain after the three
#: habits below (full-width colon, tab, unclosed quote) are recognised
_PROBLEMS = {
    "could not find expected ':'": "这一行缺少英文冒号「:」：每个键后应为英文冒号加空格，如 lead: 徐平",
    "mapping values are not allowed in this context": "这一行出现了多余的冒号「:」：检查缩进是否与上一行对齐；"
                                                     "值中含有冒号时，给整个值加英文引号",
    "did not find expected key": _ALIGN,
    "did not find expected '-' indicator": _ALIGN,
    "did not find expected ',' or ']'": "方括号 [ ] 没有闭合，或各项之间缺少英文逗号",
    "did not find expected ',' or '}'": "花括号 { } 没有闭合，或各项之间缺少英文逗号",
    "found character that cannot start any token": "这一行有 YAML 不能识别的字符（如 @、` 或制表符）：去掉它，或给整个值加英文引号",
}


#: a line of the registry that is not UTF-8 where the rest is (pasted from a GBK document)
MIXED_ENCODING = ("这一行不是 UTF-8 编码，而登记表其他行是 UTF-8 的中文：这一行可能是从 GBK（ANSI）编码的文档粘贴来的，"
                  "读出来会是乱码；请重新输入这一行，并以 UTF-8 编码保存")


def explain_yaml_error(exc: yaml.YAMLError, text: str) -> tuple[Optional[int], str]:
    """(1-based line to fix, Chinese message) for a YAML syntax error in ``text``.

    PyYAML reports where it gave up, which is often the line after the mistake: a key with a
    full-width colon (``lead：徐平``) fails on the next line, a quote that never closes at the
    end of the file.  The lines between where it started (``context_mark``) and where it gave
    up (``problem_mark``) are searched for the habit that caused it."""
    lines = text.split("\n")
    context = getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem_mark", None)
    marks = [m.line + 1 for m in (context, problem) if m is not None]
    if not marks:
        return None, f"登记表不是合法的 YAML：{_english(exc)}"
    first, last = min(marks), max(marks)
    span = range(first, min(last, len(lines)) + 1)

    def at(n: int) -> str:
        return lines[n - 1] if 0 < n <= len(lines) else ""

    for n in span:
        hit = re.match(_FULL_WIDTH_KEY, at(n))
        if hit:
            key, value = hit.group(1).strip(), hit.group(2).strip()
            return n, (f"「{at(n).strip()}」用了中文冒号「：」：键和值之间应为英文冒号加空格，"
                       f"如 {key}: {value}".rstrip())
    for n in span:
        indent = at(n)[: len(at(n)) - len(at(n).lstrip())]
        if "\t" in indent:
            return n, "这一行用制表符（Tab）缩进：YAML 只能用空格缩进，请把 Tab 换成空格（与上一层对齐）"
    if getattr(exc, "context", None) == "while scanning a quoted scalar" and context is not None:
        n = context.line + 1
        return n, _unclosed(at(n), at(n)[context.column: context.column + 1] or '"')
    # a quote left open runs on to the next quote in the file, and YAML fails somewhere below
    opened = next((n for n in range(1, last + 1) if _odd_quotes(at(n))), None)
    if opened is not None:
        return opened, _unclosed(at(opened), '"')
    what = _PROBLEMS.get(getattr(exc, "problem", None) or "")
    n = problem.line + 1 if problem is not None else first
    if getattr(exc, "context", None) in _FLOW and context is not None:
        n = context.line + 1  # where the bracket opened, not where the file ran out
    n = min(n, len(lines))
    if what is None:
        what = f"请检查这一行和上一行的缩进、冒号和引号（YAML 的原话：{_english(exc)}）"
    return n, f"登记表不是合法的 YAML：{what}"


def _unclosed(line: str, quote: str) -> str:
    return f"引号 {quote} 没有闭合：「{line.strip()}」，请在值的末尾补上另一半英文引号 {quote}（或去掉这个引号）"


def _odd_quotes(line: str) -> bool:
    """A line with an odd number of double quotes outside a comment (a quote left open)."""
    body = line.split(" #", 1)[0] if not line.lstrip().startswith("#") else ""
    return body.replace('\\"', "").count('"') % 2 == 1


def _english(exc: yaml.YAMLError) -> str:
    return getattr(exc, "problem", None) or str(exc).splitlines()[0]


def shown(value: Any) -> str:
    """A registry value as the file writes it, for a message: 「区人社局」, 2019-12-31, 3.5,
    a list or a mapping in YAML's flow form.  Never a Python repr."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "空值"
    if isinstance(value, str):
        return f"「{value}」"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return "映射 {" + ", ".join(f"{k}: {_plain(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "列表 [" + ", ".join(_plain(v) for v in value) + "]"
    return str(value)


def now(value: Any) -> str:
    """「现为…」 for a message: 现为「2019」, 现为 2019-12-31, 现为列表 [city]."""
    text = shown(value)
    return f"现为{text}" if text.startswith(("「", "映射", "列表", "空值")) else f"现为 {text}"


def _plain(value: Any) -> str:
    return value if isinstance(value, str) else shown(value)


def _expected(kind: type | tuple) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if kinds == (int,):
        return "整数"
    if float in kinds and str not in kinds:
        return "数字"
    if kinds == (dict,):
        return "映射（键: 值）"
    if kinds == (list,):
        return "列表（[…] 或每行「- 」开头）"
    return "文字"


def wrong_type(key: str, value: Any, kind: type | tuple) -> tuple[str, Any]:
    """The message for ``key: value`` where ``kind`` was expected ("year 应为整数…"), and the
    value the checks that follow may use (None: none).  The message is always an error; the
    usable value only spares the person a second, consequential error on another field."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    wants_number = (int in kinds or float in kinds) and str not in kinds
    head = f"{key} 应为{_expected(kind)}，{now(value)}"
    if wants_number and isinstance(value, str):
        if re.match(_NUMBER, value):
            number = float(value) if "." in value else int(value)
            if float in kinds or isinstance(number, int):
                return f"{head}（带引号的文字）：去掉引号，写成 {key}: {value.strip()}", number
        unit = re.match(_NUMBER_AND_UNIT, value)
        if unit:
            digits, word = unit.group(1).replace(",", ""), unit.group(2)
            return (f"{head}：{key} 只写数字，把单位「{word}」移到 unit，即 {key}: {digits}、unit: {word}",
                    float(digits) if float in kinds else None)
    if str in kinds and isinstance(value, (_dt.date, _dt.datetime)):
        if key in _MONTH_KEYS:
            month = f"{value.year}-{value.month:02d}"
            return f"{key} 应为月份 YYYY-MM，现为日期 {value.isoformat()}：只写年月，即 {key}: {month}", month
        return f"{head}：给这个值加英文引号", value.isoformat()
    return head, None
