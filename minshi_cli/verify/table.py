"""A published progress table as typed by hand (CONTRACT §11): title rows, then a header row in
one of many wordings, then one row per project or indicator.

The columns are found by header, each header cell tried against the roles in the contract's
order — the rate first (a header containing 率, % or ％), then 序号, the project, the unit, the
target, the figure, 备注 — so ``任务完成率`` is the rate, not the target, and ``完成目标(%)`` is the
rate, not the figure.  Where two columns take one role, the first stands, except that the figure
is the cumulative one (``累计完成`` before ``本月完成``; ``上月累计完成`` is never the figure) and a
time-progress column (``时序进度``) is never read as either.  Two-row headers (a merged
``完成情况`` over ``累计完成 | 完成率``) are read as one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional, Sequence

import numpy as np

from minshi_cli.verify.cells import clean, squeeze

RATE, SEQ, PROJECT, UNIT, TARGET, FIGURE, NOTE = "rate", "seq", "project", "unit", "target", "figure", "note"
ROLES = (RATE, SEQ, PROJECT, UNIT, TARGET, FIGURE, NOTE)
ROLE_CN = {RATE: "完成率", SEQ: "序号", PROJECT: "项目名称", UNIT: "责任单位", TARGET: "目标任务", FIGURE: "累计完成",
           NOTE: "备注"}
PROJECT_HEADERS = ("项目名称", "项目内容", "项目")
#: the header row is looked for among the first rows (title rows above it allowed), as in CONTRACT §10
HEADER_SEARCH = 10
#: rows that add others up rather than report an indicator
TOTALS = ("合计", "总计", "小计", "总体")


def role_of(header: str) -> Optional[str]:
    """The role of a column from its header, in CONTRACT §11's order (None: ignored)."""
    h = squeeze(header)
    if not h or "时序" in h:
        return None
    if "率" in h or "%" in h:
        return RATE
    if h == "序号":
        return SEQ
    if h in PROJECT_HEADERS:
        return PROJECT
    if "单位" in h:
        return UNIT
    if "目标" in h or "任务" in h:
        return TARGET
    if ("完成" in h or "进度" in h) and "上月" not in h:
        return FIGURE
    if h == "备注":
        return NOTE
    return None


def _columns(header: Sequence[str]) -> dict[str, int]:
    """Role -> column index for one header row (the first column of a role stands; for the figure,
    the first cumulative one)."""
    found: dict[str, list[int]] = {}
    for i, h in enumerate(header):
        role = role_of(h)
        if role is not None:
            found.setdefault(role, []).append(i)
    columns = {role: idx[0] for role, idx in found.items()}
    if FIGURE in found:
        cumulative = [i for i in found[FIGURE] if "累计" in squeeze(header[i]) or re.search(r"\d-\d", squeeze(header[i]))]
        columns[FIGURE] = (cumulative or found[FIGURE])[0]
    return columns


def _is_header(columns: dict[str, int]) -> bool:
    return (SEQ in columns or PROJECT in columns) and any(r in columns for r in (RATE, TARGET, FIGURE))


@dataclass
class Row:
    line: int  # the file's line (a sheet's row number)
    cells: dict[str, str]  # role -> the cell as written ("" where the table has no such column)

    def __getitem__(self, role: str) -> str:
        return self.cells.get(role, "")

    @property
    def figures(self) -> bool:
        """Whether the row prints anything to check (a rate, a target or a figure)."""
        return any(self[r] for r in (RATE, TARGET, FIGURE))


@dataclass
class PublishedTable:
    file: str
    header_line: int
    headers: dict[str, str]  # role -> the header as written
    rows: list[Row] = field(default_factory=list)
    sheet: Optional[str] = None  # the sheet read, for a workbook

    def header(self, role: str) -> str:
        return self.headers.get(role, ROLE_CN[role])


def find_table(file: str, cells: np.ndarray, lines: Sequence[int], sheet: Optional[str] = None) -> Optional[PublishedTable]:
    """The table in a grid of cells (one row per record, with its line): the header row is the
    first of the first rows that names 序号 or the project and a rate, target or figure column.
    None when there is no such row."""
    grid = [[clean(c) for c in row] for row in cells.tolist()]
    at = None
    for k, row in enumerate(grid[:HEADER_SEARCH]):
        if _is_header(_columns(row)):
            at = k
            break
    if at is None:
        return None
    header = list(grid[at])
    written = [str(c).strip() for c in cells[at].tolist()]  # the headers as the file writes them (columns of problems)
    columns = _columns(header)
    body_from = at + 1
    # a second header row under merged cells (上行“完成情况”，下行“累计完成 | 完成率”): the cells it
    # adds are all headers; a workbook repeats a vertically merged header (序号) on it, which adds nothing
    if body_from < len(grid):
        below = grid[body_from]
        added = [(i, c) for i, c in enumerate(below) if c and (i >= len(header) or c != header[i])]
        if added and all(role_of(c) is not None for _, c in added):
            header += [""] * (len(below) - len(header))
            written += [""] * (len(below) - len(written))
            for i, cell in added:
                header[i] = cell
                written[i] = str(cells[body_from][i]).strip()
            columns = _columns(header)
            body_from += 1
    table = PublishedTable(file, int(lines[at]), {role: written[i] for role, i in columns.items()}, sheet=sheet)
    for row, line in zip(grid[body_from:], list(lines)[body_from:]):
        cells_by_role = {role: (row[i] if i < len(row) else "") for role, i in columns.items()}
        if not any(cells_by_role.values()):
            continue
        table.rows.append(Row(int(line), cells_by_role))
    return table


_MONTH_IN_HEADER = re.compile(r"(\d{1,2})\s*月")


def month_named(header: str, year: int) -> Optional[str]:
    """The month a figure header names: ``1-7月实际完成情况`` -> the registry year's July; the last
    month named wins (``1—7月``); None when it names none."""
    months = [int(m) for m in _MONTH_IN_HEADER.findall(clean(header))]
    months = [m for m in months if 1 <= m <= 12]
    return f"{year}-{months[-1]:02d}" if months else None


def is_total(row: Row) -> bool:
    return any(squeeze(row[r]).startswith(TOTALS) for r in (SEQ, PROJECT))
