"""Problems as text for people, JSON for programs, and GitHub Actions workflow commands."""

from __future__ import annotations

import json

from minshi_cli.core.findings import Findings
from minshi_cli.core.problems import ERROR, WARNING, Problem


def text_line(p: Problem) -> str:
    """One problem, on one line (a cell quoted with its line breaks shows them as \\n)."""
    message = p.message.replace("\r", "\\r").replace("\n", "\\n")
    return f"{p.location()}: {p.severity} {p.code} {message}"


def counts(problems: list[Problem]) -> tuple[int, int]:
    """(errors, warnings), as the findings count them."""
    return Findings(problems).counts


def as_json(problems: list[Problem], extra: dict | None = None) -> str:
    """``{"errors", "warnings", ...extra, "problems"}`` (``extra``: a command's own keys)."""
    errors, warnings = counts(problems)
    return json.dumps({"errors": errors, "warnings": warnings, **(extra or {}),
                       "problems": [p.as_dict() for p in problems]}, ensure_ascii=False, indent=2)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(p: Problem) -> str:
    props = [f"file={_escape_property(p.file)}"]
    if p.line:
        props.append(f"line={p.line}")
    props.append(f"title={_escape_property(p.code)}")
    return f"::{p.severity} {','.join(props)}::{_escape_data(p.message)}"


def text(problems: list[Problem], extra: dict | None = None) -> str:
    """One line per problem (:func:`text_line`)."""
    return "\n".join(text_line(p) for p in problems)


def github(problems: list[Problem], extra: dict | None = None) -> str:
    """One GitHub Actions workflow command per problem (:func:`github_line`)."""
    return "\n".join(github_line(p) for p in problems)


#: the writer of each problem format (minshi_cli.formats.PROBLEMS): (problems, extra JSON keys) -> text
WRITERS = {"text": text, "json": as_json, "github": github}


def summary(files: int, lines: int, problems: list[Problem]) -> str:
    errors, warnings = counts(problems)
    return f"检查 {files} 个文件、{lines} 行：{errors} 个错误，{warnings} 个警告"


def verify_summary(found) -> str:
    """``校验 表.csv（2019-07），对照 /home/x/data/projects.yaml：16 行中 15 行对上登记表，1 个错误，0 个警告；核对完成率 15 个、
    合计 0 处``; without
    a registry ``校验 表.csv：按表内数字核对（未对照登记表），核对完成率 12 个、合计 6 处，…``."""
    errors, warnings = counts(found.problems)
    where = f"（{found.month}）" if found.month else ""
    # which registry, absolute: a stray ./data in the working folder is not used unseen
    where += f"，对照 {found.registry_path}" if found.registry_path else ""
    if found.table is None:
        return f"校验 {found.file}{where}：无法读取表格，{errors} 个错误，{warnings} 个警告"
    what = f"核对完成率 {found.checked} 个、合计 {found.totals_checked} 处"
    extra = ""
    if found.table.separator:
        extra += f"；各列用{found.table.separator}分隔，已照此读取"
    if found.fractions:
        extra += "；按小数读的完成率列：" + "、".join(f"「{c}」" for c in found.fractions)
    if found.unchecked:
        extra += f"；{found.unchecked} 个完成率是文字，未核对"
    if not found.registry or found.unmatched_table:
        how = "按表内数字核对（未对照登记表）" if not found.registry else "表格对不上登记表，按表内数字核对"
        return f"校验 {found.file}{where}：{how}，{what}，{errors} 个错误，{warnings} 个警告{extra}"
    unchecked = "" if found.figures else f"（数据文件夹中没有 {found.month} 的数字，完成数未核对）"
    return (f"校验 {found.file}{where}：{found.rows} 行中 {found.matched} 行对上登记表，"
            f"{errors} 个错误，{warnings} 个警告{unchecked}；{what}{extra}")


#: the generated part of docs/problems.md lies between these two lines
CODES_TABLE_START = "<!-- 下表由 minshi_cli/core/problems.py 的 CODES 生成，请勿手改；改了 CODES 后运行 MINSHI_UPDATE_DOCS=1 python -m pytest tests/test_docs.py 重新生成 -->"
CODES_TABLE_END = "<!-- 生成的表格到此为止 -->"


def codes_table() -> str:
    """The problem-code table of docs/problems.md (Markdown), built from ``CODES``: errors first,
    then warnings, each in the order CODES lists them."""
    from minshi_cli.core.problems import CODES

    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    rows = ["| 代码 code | 级别 | 含义 | 怎么改 |", "|---|---|---|---|"]
    for severity, label in ((ERROR, "错误 error"), (WARNING, "警告 warning")):
        rows += [f"| `{code}` | {label} | {cell(meaning)} | {cell(fix)} |"
                 for code, (sev, meaning, fix) in CODES.items() if sev == severity]
    return "\n".join(rows) + "\n"
