"""``minshi verify``: catch the slips in a hand-made progress table before it is published
(docs/verify.md).

- :mod:`.table` finds the header (title rows above it allowed) and the columns by role;
- :mod:`.cells` reads the numbers a cell prints (``6453人``, ``72%``, ``标准不低于3480元/年``);
- :mod:`.match` places each row on an indicator (or a project printed on one row);
- :mod:`.checks` compares rates, targets and figures with the registry and the data folder;
- :mod:`.arithmetic` checks each rate against its own row, :mod:`.totals` each total row against
  its parts (the whole check without a registry, and the table's own arithmetic with one).

Plain functions from data to data; the CLI only prints what :func:`verify_table` returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import numpy as np
import pandas as pd

from minshi_cli.core.kinds import KINDS, number
from minshi_cli.core.paths import absolute, display
from minshi_cli.core.problems import Problem, UsageProblem
from minshi_cli.core.grid import Separator, is_table, read_csv_records, read_records, separator_of, visible
from minshi_cli.core.model import Registry
from minshi_cli.core.records import Records, sheet_prefix
from minshi_cli.verify.arithmetic import Tally, check_rates, fill_merged, layout_of, percent_signed, row_total
from minshi_cli.verify.cells import one_number
from minshi_cli.verify.checks import Record, check_rows
from minshi_cli.verify.match import Match, Unmatched, match_rows
from minshi_cli.verify.table import (AREA, FIGURE, HEADER_SEARCH, HEADER_WANTED, PROJECT, RATE, SEQ, SHEET_TEST, TARGET,
                                    PublishedTable, role_of,
                                    Row, find_table, is_total, month_named)
from minshi_cli.verify.totals import check_totals

if TYPE_CHECKING:  # pragma: no cover
    from minshi_cli.core.year import Year

__all__ = ["Record", "Verified", "read_published", "records_for", "resolve_month", "verify_alone", "verify_table"]

@dataclass
class Verified:
    """What ``verify`` found: the table read (None when it could not be), the month checked,
    the problems, and how many rows were matched to the registry."""

    file: str
    table: Optional[PublishedTable]
    month: Optional[str]
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0  # the rows that print something to check
    matched: int = 0
    figures: int = 0  # the data folder's figures for the month (0: no figure could be compared)
    registry: bool = True  # checked against a registry (False: on the table's own numbers)
    checked: int = 0  # rates checked
    totals_checked: int = 0  # total cells checked
    unchecked: int = 0  # rate cells that are not numbers
    fractions: list[str] = field(default_factory=list)  # rate columns read as fractions
    unmatched_table: bool = False  # the table is not the registry's: checked on its own numbers
    #: the registry file compared against, absolute (None without one): the summary names it
    registry_path: Optional[str] = None

    def as_json(self) -> dict:
        """The keys docs/verify.md adds to the problems' JSON."""
        return {"registry": self.registry, "registry_path": self.registry_path, "checked": self.checked,
                "totals_checked": self.totals_checked, "unchecked": self.unchecked, "fractions": list(self.fractions)}


def without_registry(data_dir: Path, *, no_registry: bool, data_named: bool) -> bool:
    """Whether the table is checked on its own numbers: ``--no-registry``, or no data folder named
    (``--data``, ``MINSHI_DATA``) and none with a registry at ./data.  A folder named that does not
    exist stays a usage error (the registry's own message)."""
    from minshi_cli.core.paths import registry_path

    return no_registry or (not data_named and not registry_path(data_dir).is_file())


#: text a table is saved as besides .csv (Excel's 文本文件（制表符分隔）and Unicode 文本 are .txt): read as a CSV is,
#: by the separator it plainly uses (docs/verify.md)
TEXT_TABLES = (".txt", ".tsv")


def read_published(path: Path, month: Optional[str] = None) -> PublishedTable | list[Problem]:
    """Read a published table: a CSV in any encoding progress files may use, or an Excel workbook
    (docs/office.md's sheet choice and cell values).  A problem when the file cannot be read as a
    table or no header row is found; a usage error for a file that is neither.  ``month``
    (``--month``, where given): a workbook's sheet named after it is preferred."""
    shown = display(path)
    if not path.is_file():
        raise UsageProblem(f"找不到文件 {shown}：请检查路径")
    if not is_table(path) and path.suffix.lower() not in TEXT_TABLES:
        raise UsageProblem(f"{shown} 不是 CSV 文件或 Excel 工作簿：minshi verify 读取 .csv、.xlsx、.xlsm、.xls 表格，"
                           "以及 Excel 另存的文本文件 .txt、.tsv（制表符分隔）")
    records = read_records(path, month, table=SHEET_TEST)
    if isinstance(records, list):
        return [Problem(shown, None, None, "empty-file", "文件为空：没有可校验的表格") if p.code == "empty-file" else p
                for p in records]
    if records.cells.shape[0] == 0:
        where = f"工作表「{records.sheet}」中没有任何单元格（表格可能是贴进去的图片）" if records.sheet else "文件中没有任何内容"
        return [Problem(shown, None, None, "empty-file", f"{where}：minshi verify 只能核对单元格中的数字")]
    table = find_table(shown, records.cells, records.lines, records.sheet)
    if table is None:
        return _separated(path, records) or [Problem(shown, None, None, "header-not-found",
                                                     f"{sheet_prefix(records.sheet)}前 10 行中没有表头行：{HEADER_WANTED}")]
    return _rows_typed_otherwise(table, records)


def _rows_typed_otherwise(table: PublishedTable, records: Records) -> PublishedTable:
    """A row under the header typed with another separator than the header's (a row pasted from
    Excel into a comma CSV, or into one cell of a sheet: one cell holding the whole row, two or more
    numbers in it) is one ``wrong-separator`` error at its line and is left out — read as one cell it
    would pass for a section heading, unchecked and unseen."""
    expected = table.separator or "英文逗号「,」"
    written = {int(line): [(i, c) for i, c in enumerate(row) if c.strip()]
               for row, line in zip(records.cells.tolist(), records.lines.tolist())}
    keep = []
    for row in table.rows:
        cells = written.get(row.line, [])
        at, text = cells[0] if len(cells) == 1 else (None, "")
        sep = separator_of(text) if text else None
        if sep is None and table.separator and "," in text:
            sep = Separator(",", "英文逗号「,」")
        if sep is None or sep.name == expected or sum(one_number(c) is not None for c in text.split(sep.mark)) < 2:
            keep.append(row)
            continue
        if table.sheet:
            said = (f"{table.cell(at, row.line)}这一行键入在一个单元格中，用{sep.name}分隔：「{visible(text)}」，这一行没有核对。"
                    "请把它分到各自的单元格中（Excel/WPS：数据→分列）")
        else:
            save = "" if table.separator else "，或在 Excel/WPS 中“另存为 CSV（逗号分隔）”"
            said = (f"这一行用{sep.name}分隔，不是表头的{expected}：「{visible(text)}」，这一行没有核对。"
                    f"请把{sep.name}换成{expected}{save}")
        table.read_problems.append(Problem(table.file, row.line, None, "wrong-separator", said))
    table.rows = keep
    return table


#: the separators a CSV table is read by where its header plainly uses one (docs/verify.md): the
#: ones a program writes, quoting any cell that holds one — a tab-separated table pasted from Excel or
#: WPS, a European Excel's semicolons.  The others (，；|) are typed by hand and typed inside cells
#: too (高温影响施工，已延长…): split by them a cell could slide into the next column unseen.
READ_SEPARATORS = ("\t", ";")


def _separated(path: Path, records: Records) -> PublishedTable | list[Problem]:
    """A table whose header is typed with another separator than the comma (check's rule:
    :func:`minshi_cli.core.grid.separator_of`): a CSV by tabs or semicolons read so; any other one
    error naming the separator at the header's line.  Empty where no separator makes a header."""
    head = [(int(line), ",".join(c for c in row[:n]).rstrip(",")) for row, line, n in
            zip(records.cells[:HEADER_SEARCH].tolist(), records.lines.tolist(), records.fields.tolist())]
    tried = set()
    for _, text in head:
        sep = separator_of(text)
        if sep is None or sep.mark in tried:
            continue
        tried.add(sep.mark)
        rows = [text.split(sep.mark) for _, text in head]
        width = max(len(r) for r in rows)
        split = np.array([r + [""] * (width - len(r)) for r in rows], dtype=object)
        found = find_table(records.file, split, [line for line, _ in head], records.sheet)
        if found is None:
            continue
        if records.raw is not None and sep.mark in READ_SEPARATORS:
            again = read_csv_records(path, sep.mark)
            table = find_table(records.file, again.cells, again.lines) if isinstance(again, Records) else None
            if table is not None:
                table.separator = sep.name
                return _rows_typed_otherwise(table, again)
        # the header's own row (a title row typed with the same mark may have been taken in above it)
        end = found.rows[0].line if found.rows else head[-1][0] + 1
        line, header = max(((ln, t) for ln, t in head if found.header_line <= ln < end),
                           key=lambda lt: sum(role_of(c) is not None for c in lt[1].split(sep.mark)))
        how = ("请把各列分到各自的单元格中（Excel/WPS：数据→分列）" if records.sheet else
               f"请把分隔各列的{sep.name}换成英文逗号（单元格内的不要换），或在 Excel/WPS 中“另存为 CSV（逗号分隔）”")
        return [Problem(records.file, line, None, "header-not-found",
                        f"{sheet_prefix(records.sheet)}表头用{sep.name}分隔，不是英文逗号「,」：「{visible(header)}」。"
                        f"{how}后重新校验")]
    return []


def resolve_month(table: PublishedTable, registry: Registry, month: Optional[str]) -> str:
    """``--month`` where given, else the month the figure's header names (``1-7月`` -> July of the
    registry's year); a usage error where neither says.  Both errors name the registry (absolute:
    a stray ./data may be the one found) and how to check the table without it."""
    where = absolute(Path(registry.path))
    if month is None:
        month = month_named(table.headers.get(FIGURE, ""), registry.year)
        if month is None:
            shown = f"「{table.headers[FIGURE]}」" if FIGURE in table.headers else "（表中没有累计完成列）"
            raise UsageProblem(f"表格的完成情况表头{shown}没有写明月份：请用 --month YYYY-MM 指定所校验的月份，如 --month {registry.year}-07"
                               f"（对照的登记表是 {where}；不对照登记表、只按表内数字核对时加 --no-registry）")
    if not registry.in_year(month):
        raise UsageProblem(f"月份 {month} 不在登记表年度 {registry.year} 年内：应为 {registry.year}-01 至 {registry.year}-12"
                           f"（对照的登记表是 {where}；这张表若不是该登记表的，加 --no-registry 只按表内数字核对）")
    return month


def records_for(year: "Year", month: str) -> dict[str, Record]:
    """The data folder's figures of record for ``month`` by indicator, from the year's
    (:class:`minshi_cli.core.year.Year`: a certified value in place of the reported one,
    docs/assessment.md): each indicator's own row, with its file and line; for an indicator reported per area
    (docs/areas.md) whose whole is the sum of its areas, that sum — the figure a district-wide table
    prints — where some area has a figure this month.  An indicator with no figure this month has
    none (nothing to compare).  The certified rows say where each certified figure is written."""
    registry, figures, certified = year.registry, year.figures, year.data.certified
    this_month = figures[(figures["month"] == month) & figures["value"].notna()]
    mine = certified[certified["month"] == month] if certified is not None else None
    certified_at = {} if mine is None else {
        (str(i), str(a)): _at(f, ln) for i, a, f, ln in zip(mine["indicator"], mine["area"], mine["file"], mine["line"])}

    def place(row) -> str:
        where = _at(row.file, row.line)
        if row.certified != row.certified:  # NaN: the unit's reported figure stands
            return where
        cert = certified_at.get((str(row.indicator), str(row.area)), where)
        differs = row.reported == row.reported and row.reported != row.certified  # a 核减 or 核增
        reported = f"；报送值 {number(row.reported)}，{where}" if differs else ""
        return f"认定值，{cert}{reported}"

    area = this_month["area"]
    whole = this_month[area.eq("").to_numpy()]
    out = {str(r.indicator): Record(float(r.value), place(r)) for r in whole.itertuples()}
    by_area = this_month[area.ne("").to_numpy()]
    summed = {i.id for i in registry.split if KINDS[i.kind].whole_sums_areas} & set(by_area["indicator"].astype(str))
    if summed:
        values = year.as_of(month).indicators.set_index("id")["value"]
        for i in sorted(summed):
            rows = by_area[by_area["indicator"] == i]
            places = [_at(f, ln) for f, ln in zip(rows["file"], rows["line"])]
            shown = "、".join(places[:3]) + (f" 等 {len(places)} 处" if len(places) > 3 else "")
            out[i] = Record(float(values[i]), f"各地区合计，{shown}")
    out.update(_carried_records(registry, figures, month, out))
    return out


def _carried_records(registry: Registry, figures: pd.DataFrame, month: str, have: dict) -> dict[str, Record]:
    """For an indicator not expected in ``month`` (a quarterly one between quarter ends: docs/registry.md
    cadence) with no row then: its latest figure of record before it, which a table of that month
    prints (沿用N月)."""
    from minshi_cli.core.expected import all_expected, expected_grid

    if all_expected(registry):
        return {}
    m = int(month[5:7])
    asked = dict(zip((i.id for i in registry.indicators), expected_grid(registry, m)[:, m - 1].tolist()))
    earlier = figures[(figures["month"] < month) & figures["value"].notna() & figures["area"].eq("")]
    out = {}
    for row in earlier.sort_values("month", kind="stable").itertuples():
        i = str(row.indicator)
        if i not in have and not asked.get(i, True):
            out[i] = Record(float(row.value), f"沿用{int(row.month[5:7])}月数据，{_at(row.file, row.line)}")
    return out


def _at(file: object, line: object) -> str:
    """``data/progress/2019-07.csv:2`` (the file alone where the line is unknown)."""
    return f"{file}:{int(line)}" if line == line and line is not None else str(file)


def _by_line(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line or 0))


def _slips(ctx) -> int:
    return sum(p.code == "rate-slip" for p in ctx.problems)


def verify_alone(table: PublishedTable, month: Optional[str] = None) -> Verified:
    """The table on its own numbers, without a registry: each rate against its own row (a target
    in the item's name where the table has no target column), each total against its parts;
    ``nothing-checked`` where there is neither."""
    layout = layout_of(table)
    fill_merged(table, layout)
    tally = Tally()
    check_rates(layout, tally, names_give_targets=True)
    check_totals(layout, tally)
    problems = _by_line(table.read_problems + tally.problems)
    if not tally.checked and not tally.totals_checked:
        problems.insert(0, _nothing_checked(table, tally))
    rows = sum(1 for r in table.rows if any(r.raw))
    return Verified(table.file, table, month, problems, rows, 0, 0, False, tally.checked, tally.totals_checked,
                    tally.unchecked, tally.fractions)


def _nothing_checked(table: PublishedTable, tally: Tally) -> Problem:
    """Why nothing could be checked, as it is: the rates written as text are counted (all of them, or
    some), and the rows that print all three fail because one of them is no single number."""
    rates = sum(1 for row in table.rows for c in table.columns if c.role == RATE and row.at(c.index))
    why = ("" if not tally.unchecked else f"完成率列中的 {tally.unchecked} 个完成率都是文字；" if tally.unchecked == rates
           else f"完成率列中有 {tally.unchecked} 个完成率是文字；")
    return Problem(table.file, table.header_line, None, "nothing-checked",
                   f"{sheet_prefix(table.sheet)}表中没有可核对的数字：{why}没有一行的完成率、目标和完成数都是一个数字"
                   f"（如 72%、8950人；或名称中写明目标），也没有合计行")


def area_records_for(figures: pd.DataFrame, month: str) -> dict[str, dict[str, Record]]:
    """The data folder's figures of record for ``month`` of each area (docs/areas.md): area ->
    indicator -> figure, with its file and line; for a table's rows that are areas."""
    rows = figures[(figures["month"] == month) & figures["value"].notna() & figures["area"].ne("")]
    out: dict[str, dict[str, Record]] = {}
    for i, a, v, f, ln in zip(rows["indicator"], rows["area"], rows["value"], rows["file"], rows["line"]):
        out.setdefault(str(a), {})[str(i)] = Record(float(v), _at(f, ln))
    return out


def _block_rows(table: PublishedTable) -> Optional[list[Row]]:
    """An area table read block by block (docs/verify.md): for each upper header over a rate
    column (two or more of them, or one in a table whose rows are areas), one row per table row,
    named by the block and the row's area — so that the block is matched to its indicator and the
    row to the area.  None for a table without blocks."""
    items = [c for c in table.columns if c.role in (AREA, PROJECT)]
    blocks = list(dict.fromkeys(c.block for c in table.columns if c.block and c.role == RATE))
    if not items or not blocks or (len(blocks) == 1 and items[0].role != AREA):
        return None  # one upper header over the columns of a project table (完成情况 over 累计完成 | 完成率)
    item = items[0]
    out = []
    for row in table.rows:
        if row_total(row, table) == "小计":
            continue
        for block in blocks:
            mine = {}
            for c in table.columns:
                if c.block == block and c.role in (RATE, TARGET, FIGURE) and c.role not in mine:
                    mine[c.role] = c
            cells = {PROJECT: block, AREA: row.at(item.index), **{r: row.at(c.index) for r, c in mine.items()}}
            out.append(Row(row.line, cells, row.raw, {r: c.name for r, c in mine.items()},
                           mine[RATE].index if RATE in mine else None,
                           {AREA: item.index, **{r: c.index for r, c in mine.items()}}, row.written,
                           {AREA: row.shown_at(item.index)}))
    return out


def verify_table(registry: Registry, table: PublishedTable, month: str, records: dict[str, Record],
                 area_records: Optional[dict[str, dict[str, Record]]] = None) -> Verified:
    """The table against the registry (and the data folder's figures of record for ``month``;
    ``area_records`` for rows that are an area's), then on its own arithmetic: other rate columns,
    rows no indicator fits, totals.  Where more than half the rows match nothing the table is not
    this registry's: ``table-unmatched``, and the table is checked as without a registry."""
    blocks = _block_rows(table)
    if blocks is not None:
        rows = [r for r in blocks if r.figures]
    else:
        rows = [r for r in table.rows if not is_total(r) and not row_total(r, table) and (r[SEQ] or r[PROJECT] or r.figures)]
    matches = match_rows(registry, rows)
    checked = [m for m in matches if m.row.figures]
    # the rows that carry a figure or a rate decide whether the table is this registry's
    carrying = [m for m in checked if m.row[FIGURE] or m.row[RATE]]
    missed = [m for m in carrying if isinstance(m, Unmatched)]
    if carrying and 2 * len(missed) > len(carrying):
        alone = verify_alone(table, month)
        said = Problem(table.file, table.header_line, None, "table-unmatched",
                       f"{sheet_prefix(table.sheet)}表中印有完成数或完成率的 {len(carrying)} 行中有 {len(missed)} 行对不上登记表中的指标："
                       f"这张表可能不是本登记表的表格，已按表内数字核对（完成率对本行的目标和完成数，合计对各行之和）")
        problems = [p for p in alone.problems if p.code != "nothing-checked"]
        alone.problems = [said] + problems
        alone.rows, alone.registry, alone.unmatched_table = len(checked), True, True
        alone.registry_path = absolute(Path(registry.path))
        return alone
    layout = layout_of(table)
    tally = Tally()
    rate_at = next((c.index for c in table.columns if c.role == RATE), None)
    skip = {(m.row.line, m.row.rate_at if m.row.rate_at is not None else rate_at)
            for m in matches if isinstance(m, Match)}
    check_rates(layout, tally, names_give_targets=False, skip=skip)
    ctx = check_rows(table, matches, month, records, frozenset(layout.fractions), rate_at, area_records)
    column = next((c for c in table.columns if c.index == rate_at), None)
    if column is not None and rate_at not in layout.fractions and not percent_signed(table, column):
        # the rows print no figures of their own to decide by: the registry's figures decide —
        # fractions where more rows agree read so (fewer slips) than as percentages
        as_fractions = check_rows(table, matches, month, records, frozenset(layout.fractions | {rate_at}), rate_at,
                                  area_records)
        if _slips(as_fractions) < _slips(ctx):
            ctx = as_fractions
            layout.fractions.add(rate_at)
            tally.fractions.append(column.name)
    check_totals(layout, tally)
    problems = _by_line(table.read_problems + ctx.problems + tally.problems)
    matched = sum(isinstance(m, Match) for m in checked)
    if not matched and not ctx.checked + tally.checked and not tally.totals_checked:
        problems.insert(0, _nothing_checked(table, tally))  # no row of the registry's, no rate, no total
    return Verified(table.file, table, month, problems, len(checked), matched,
                    len(records), True, ctx.checked + tally.checked, tally.totals_checked, tally.unchecked,
                    tally.fractions, registry_path=absolute(Path(registry.path)))
