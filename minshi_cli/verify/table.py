"""A published progress table as typed by hand (docs/verify.md): title rows, then a header row in
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

import itertools
import re
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

import numpy as np

from minshi_cli.core.problems import Problem
from minshi_cli.core.records import SheetTest, column_letter, sheet_prefix
from minshi_cli.verify.cells import clean, squeeze

RATE, SEQ, PROJECT, UNIT, TARGET, FIGURE, NOTE = "rate", "seq", "project", "unit", "target", "figure", "note"
AREA = "area"
ROLES = (RATE, SEQ, PROJECT, UNIT, TARGET, FIGURE, NOTE)
ROLE_CN = {RATE: "完成率", SEQ: "序号", PROJECT: "项目名称", UNIT: "责任单位", TARGET: "目标任务", FIGURE: "累计完成",
           NOTE: "备注", AREA: "地区"}
PROJECT_HEADERS = ("项目名称", "项目内容", "项目")
#: other wordings of the item column (实事项目, 民生实事名称, 指标名称, 重点事项)
PROJECT_ENDINGS = ("项目", "事项", "实事名称", "指标名称", "事项名称", "工程名称")
#: the item column of a table whose rows are areas (a city's table by county): docs/verify.md
AREA_HEADERS = ("地区", "区域", "地方", "市州", "市(州)", "地市", "设区市", "县区", "区县", "县市区", "县(市、区)",
                "县(市区)", "县(市)区", "区(县)", "市县", "单位名称", "名称")
#: the header row is looked for among the first rows (title rows above it allowed), as in docs/office.md
HEADER_SEARCH = 10
#: what a header row must name, for the problem where none is found
HEADER_WANTED = "表头应含「序号」「项目名称」或「地区」，以及「目标任务」「累计完成」或「完成率」之一"
#: header rows below the first (five in all at most: a group, an item, a responsible unit, the
#: columns' own headers)
MORE_HEADER_ROWS = 4
#: rows that add others up rather than report an indicator
TOTALS = ("合计", "总计", "小计", "总体")
_NEVER = ("时序", "序时", "时间进度")


def is_rate_header(h: str) -> bool:
    """A rate column's own header (docs/verify.md): 率, 比例, % in it, or 占…比/计划/任务/目标 —
    but not one beginning with 目标 or 实际 (目标参保率(%) is a target)."""
    if h.startswith(("目标", "实际")):
        return False
    if "率" in h or "比例" in h or "%" in h:
        return True
    return h.startswith("占") and any(w in h for w in ("比", "计划", "任务", "目标"))


def role_of(header: str) -> Optional[str]:
    """The role of a column from its header, in docs/verify.md's order (None: ignored)."""
    h = squeeze(header)
    if not h or any(w in h for w in _NEVER):
        return None
    if h == "序号":
        return SEQ
    if h.startswith(("上月", "本月")):
        return None
    if is_rate_header(h):
        return RATE
    if h in PROJECT_HEADERS or h.endswith(PROJECT_ENDINGS):
        return PROJECT
    if h in AREA_HEADERS:
        return AREA
    if "单位" in h:
        return UNIT
    if "目标" in h or "任务" in h:
        return TARGET
    if "完成" in h or "进度" in h:
        return FIGURE
    if h == "备注":
        return NOTE
    return None


@dataclass(frozen=True)
class Column:
    """One column of the table: its own header (the lowest header row, as written), the headers
    above it (top first; empty where it has none of its own), its role, and its block."""

    index: int
    own: str
    uppers: tuple[str, ...]
    role: Optional[str]
    #: the upper header the column sits under ("" for none): columns under one are one block — the
    #: highest upper header spanning exactly one rate column (an indicator's name over its triple,
    #: not a group's over several or a responsible unit's under it), else the nearest
    block: str = ""

    @property
    def name(self) -> str:
        """The header as a message names it (``托位建设/完成比例(%)``)."""
        return f"{self.block}/{self.own}" if self.block else self.own


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
    return (SEQ in columns or PROJECT in columns or AREA in columns) and any(r in columns for r in (RATE, TARGET, FIGURE))


@dataclass
class Row:
    line: int  # the file's line (a sheet's row number)
    cells: dict[str, str]  # role -> the cell as written ("" where the table has no such column)
    raw: list[str] = field(default_factory=list)  # every cell of the row, by column
    #: for a row read from one block of an area table: role -> that block's header (for messages),
    #: and the index of the block's rate column
    headers: dict[str, str] = field(default_factory=dict)
    rate_at: Optional[int] = None
    #: for such a row: role -> that block's column (a workbook's problems name the cell)
    columns: dict[str, int] = field(default_factory=dict)
    #: every cell as typed (full-width kept: 改（新）建), by column, for messages to quote; ``raw`` and
    #: ``cells`` are half-width for reading
    written: list[str] = field(default_factory=list)
    written_roles: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, role: str) -> str:
        return self.cells.get(role, "")

    def at(self, index: int) -> str:
        return self.raw[index] if index < len(self.raw) else ""

    def shown_at(self, index: int) -> str:
        """The cell at ``index`` as typed, for a message (as read where it was filled in: a merged cell)."""
        typed = self.written[index] if index < len(self.written) else ""
        return typed or self.at(index)

    def said(self, role: str) -> str:
        """The cell of ``role`` as typed, for a message."""
        return self.written_roles.get(role) or self[role]

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
    columns: list[Column] = field(default_factory=list)  # every column, with its headers
    #: the separator a CSV was read by where it is not the comma (制表符（Tab）), for the summary
    separator: Optional[str] = None
    #: role -> its column (0-based), as ``headers`` names it: a workbook's problems name the cell (G4)
    at: dict[str, int] = field(default_factory=dict)
    #: problems found reading the rows (a row typed with another separator), reported with the checks'
    read_problems: list[Problem] = field(default_factory=list)

    def cell(self, index: Optional[int], line: int) -> str:
        """A problem's opening words: in a workbook its sheet and, where the column is known, the
        cell (``工作表「2019-07」G4：``, as ``check`` names it); nothing for a CSV."""
        return sheet_prefix(self.sheet, f"{column_letter(index)}{line}" if index is not None else "")

    def header(self, role: str) -> str:
        return self.headers.get(role, ROLE_CN[role])


_BARE_NUMBER = re.compile(r"[\d.,%\s-]+")


def _new_cells(row: Sequence[str], above: Sequence[str]) -> list[tuple[int, str]]:
    """The cells of ``row`` that are not the cell above repeated (a workbook repeats a vertically
    merged header on each of its rows)."""
    return [(i, c) for i, c in enumerate(row) if c and (i >= len(above) or c != above[i])]


def _continues(grid: list[list[str]], k: int, depth: int) -> bool:
    """Whether row ``k`` is one more header row under row ``k - 1``: none of its new cells a bare
    number, and either two or more of them with a column header among them (累计完成 | 完成率) or the
    row below a header row too (托位建设 | 学位建设 over 目标任务 | 进度 | 完成比例(%); a row naming the
    responsible units; a group's name merged across the whole table)."""
    if k >= len(grid) or depth > MORE_HEADER_ROWS:
        return False
    added = _new_cells(grid[k], grid[k - 1])
    if not added or any(_BARE_NUMBER.fullmatch(c) for _, c in added):
        return False
    if len(added) >= 2 and any(role_of(c) is not None for _, c in added):
        return True
    return depth < MORE_HEADER_ROWS and _continues(grid, k + 1, depth + 1)


def _merged_header(rows: list[list[str]], width: int) -> tuple[list[list[str]], list[tuple[str, tuple[str, ...]]]]:
    """The header rows with their merges filled in, and each column's (own header, headers above
    it): a blank upper cell continues the filled one to its left where the column has a header
    below (a horizontal merge); a blank lower cell under a filled one takes its text (a vertical merge)."""
    grid = [list(r) + [""] * (width - len(r)) for r in rows]
    for r in range(len(grid) - 1):
        for i in range(1, width):
            below = any(grid[q][i] for q in range(r + 1, len(grid)))
            if not grid[r][i] and below and grid[r][i - 1]:
                grid[r][i] = grid[r][i - 1]
    out = []
    for i in range(width):
        texts = [grid[r][i] for r in range(len(grid))]
        filled = [t for t in texts if t]
        own = texts[-1] or (filled[-1] if filled else "")
        uppers: list[str] = []
        for t in texts[:-1]:
            if t and t != own and t not in uppers:
                uppers.append(t)
        out.append((own, tuple(uppers)))
    return grid, out


def _blocks(grid: list[list[str]], merged: list[tuple[str, tuple[str, ...]]]) -> list[str]:
    """Each column's block: the highest upper header whose span (the run of columns carrying the
    same text on that header row) holds exactly one rate column — the indicator's name, not the
    responsible unit named under it; else the nearest upper header."""
    rates = [role_of(own) == RATE for own, _ in merged]
    out = []
    for i, (own, uppers) in enumerate(merged):
        chosen = uppers[-1] if uppers else ""
        for r in range(len(grid) - 1):
            text = grid[r][i]
            if not text or text == own:
                continue
            lo = i
            while lo > 0 and grid[r][lo - 1] == text:
                lo -= 1
            hi = i
            while hi + 1 < len(grid[r]) and grid[r][hi + 1] == text:
                hi += 1
            if sum(rates[lo:hi + 1]) == 1:
                chosen = text
                break
        out.append(chosen)
    return out


def find_table(file: str, cells: np.ndarray, lines: Sequence[int], sheet: Optional[str] = None) -> Optional[PublishedTable]:
    """The table in a grid of cells (one row per record, with its line): the header row is the
    first of the first rows that names 序号, the project or the area column and a rate, target or
    figure column (with the header rows under it, up to three in all).  None when there is no such row."""
    grid = [[clean(c) for c in row] for row in cells.tolist()]
    written_grid = [[str(c).strip() if c is not None else "" for c in row] for row in cells.tolist()]
    for k in range(min(HEADER_SEARCH, len(grid))):
        if sum(1 for c in grid[k] if c) < 2:
            continue  # a title row
        end = k + 1
        while _continues(grid, end, end - k):
            end += 1
        width = max(len(r) for r in grid[k:end])
        filled, merged = _merged_header(grid[k:end], width)
        columns = _columns([own for own, _ in merged])
        if _is_header(columns):
            break
    else:
        return None
    written_filled, written = _merged_header(written_grid[k:end], width)
    blocks = _blocks(written_filled, written)
    table = PublishedTable(file, int(lines[k]), {role: written[i][0] for role, i in columns.items()}, sheet=sheet,
                           columns=[Column(i, written[i][0], written[i][1], role_of(own), blocks[i])
                                    for i, (own, _) in enumerate(merged)], at=dict(columns))
    for row, typed, line in zip(grid[end:], written_grid[end:], list(lines)[end:]):
        cells_by_role = {role: (row[i] if i < len(row) else "") for role, i in columns.items()}
        if not any(row):
            continue
        table.rows.append(Row(int(line), cells_by_role, list(row), written=list(typed),
                              written_roles={role: (typed[i] if i < len(typed) else "") for role, i in columns.items()}))
    return table


def _holds_table(rows: Iterable[list[str]]) -> bool:
    """Whether a sheet's first non-blank rows hold a table's header, as :func:`find_table` finds it."""
    head = [row for row in itertools.islice((r for r in rows if any(c.strip() for c in r)), HEADER_SEARCH + 5)]
    if not head:
        return False
    width = max(len(r) for r in head)
    cells = np.array([list(r) + [""] * (width - len(r)) for r in head], dtype=object)
    return find_table("", cells, range(1, len(head) + 1)) is not None


#: a workbook's sheet that holds the table is read; one before it that does not (说明, 封面) is passed over
SHEET_TEST = SheetTest(_holds_table, lambda looked_at: f"工作簿中没有含表格的可见工作表（看过：{looked_at}）：{HEADER_WANTED}",
                       "header-not-found")


_MONTH_IN_HEADER = re.compile(r"(\d{1,2})\s*月")


def month_named(header: str, year: int) -> Optional[str]:
    """The month a figure header names: ``1-7月实际完成情况`` -> the registry year's July; the last
    month named wins (``1—7月``); None when it names none."""
    months = [int(m) for m in _MONTH_IN_HEADER.findall(clean(header))]
    months = [m for m in months if 1 <= m <= 12]
    return f"{year}-{months[-1]:02d}" if months else None


def is_total(row: Row) -> bool:
    return any(squeeze(row[r]).startswith(TOTALS) for r in (SEQ, PROJECT))


_WHOLES = ("全市", "全省", "全县", "全区", "全州", "全国")


def total_kind(text: str) -> Optional[str]:
    """``小计``, ``合计`` (any other total: 合计, 总计, 全市…) or None, from a 序号 or first text
    cell (docs/verify.md)."""
    h = squeeze(text)
    if "小计" in h:
        return "小计"
    if "合计" in h or "总计" in h or h in _WHOLES:
        return "合计"
    return None
