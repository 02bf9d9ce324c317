"""Reading progress files (docs/formats.md, docs/office.md) into one frame of rows with their lines.

``data/progress/YYYY-MM.csv`` (or ``.xlsx``/``.xls``) or ``data/progress/YYYY-MM/*.csv|xlsx``.
A file becomes a grid of text cells with their lines in ``core.grid`` (CSV: the encoding rule
and physical lines; workbook: ``core.workbook``, sheet rows); from the grid on, CSV and
workbooks share everything here: the header aliases, the column checks and the rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Optional

import numpy as np
import pandas as pd

from minshi_cli.core.grid import TABLE_SUFFIXES, filled, read_grid
from minshi_cli.core.months import parse_month
from minshi_cli.core.paths import display
from minshi_cli.core.problems import WARNING, Problem
from minshi_cli.core.textfile import HALF_WIDTH

@dataclass(frozen=True, eq=False)
class FileKind:
    """What one kind of monthly file holds (progress, certified, funds): a declarative spec read
    by the one reader below.  ``columns`` maps each canonical column to the headers accepted for it
    (compared after trimming, case-insensitively; the first Chinese header is the one messages
    suggest); ``required`` must all be present.  The words the row checks
    (:mod:`minshi_cli.core.rowcheck`) use for this kind: ``row``, what one row is about; ``verb``,
    how its figures came to be; ``figure``, what its value column holds."""

    name: str
    columns: dict[str, tuple[str, ...]]
    required: tuple[str, ...]
    row: str = "指标"
    verb: str = "报送"
    figure: str = "完成值"
    #: reference columns whose cells are kept all the same (canonical name, header): a fill-in
    #: form's 上月累计, checked for a figure typed into it (value-in-previous-column)
    kept: tuple[tuple[str, str], ...] = ()
    #: what stands where one of its rows is in error and not used (report --skip-invalid), and
    #: what its rows are called where rows of several kinds are left out
    unused: str = "相应指标按未报送计"
    data_word: str = "进度数据"

    @property
    def alias(self) -> dict[str, str]:
        return {a.lower(): name for name, aliases in self.columns.items() for a in aliases}

    @property
    def row_columns(self) -> list[str]:
        """A table's columns: ``month`` is the file's month (a ``month`` column's cells become
        ``month_cell``), then each column's cells untrimmed, then ``file`` and ``line``."""
        cells = ["month_cell" if c == "month" else c for c in self.columns]
        return ["month", *cells, *(c for c, _ in self.kept), "file", "line"]

    @property
    def key(self) -> str:
        """The column that finds the header row (the first required one)."""
        return self.required[0]

    @property
    def value(self) -> str:
        """The column holding the figure (the second required one)."""
        return self.required[1]

    @property
    def figures(self) -> tuple[str, ...]:
        """The columns holding figures (the value column, and the kept 上月累计): the one rule on a
        workbook's merged cells (docs/office.md) is that a cell merged over several rows is read on
        each of them — a 填报单位 shared by several indicators — except in these columns, where a
        figure merged over several rows' indicators is ``merged-figure`` and read on none of them."""
        return (self.value, *(c for c, _ in self.kept))

    @property
    def header_hint(self) -> str:
        """``indicator,value 或 指标,累计完成``"""
        return f"{','.join(self.required)} 或 {','.join(self.columns[c][1] for c in self.required)}"

    @property
    def known_headers(self) -> str:
        return ", ".join(f"{c}/{aliases[1]}" for c, aliases in self.columns.items())


PROGRESS = FileKind("progress", {
    "indicator": ("indicator", "指标", "指标编号"),
    "value": ("value", "累计完成", "完成值"),
    "month": ("month", "月份"),
    "reporter": ("reporter", "填报单位"),
    "note": ("note", "备注"),
    "area": ("area", "地区", "区域", "所属地区", "街道", "区县"),  # sub-areas (docs/areas.md)
}, ("indicator", "value"), kept=(("previous", "上月累计"),))
#: the statistics bureau's certified figures (docs/assessment.md)
CERTIFIED = FileKind("certified", {
    "indicator": ("indicator", "指标", "指标编号"),
    "value": ("value", "认定值"),
    "month": ("month", "月份"),
    "area": ("area", "地区", "区域", "所属地区", "街道", "区县"),
    "certifier": ("certifier", "认定单位"),
    "note": ("note", "备注"),
}, ("indicator", "value"), verb="认定", unused="相应指标沿用单位报送的数",
   data_word="认定数据")
#: the finance bureau's disbursements (docs/assessment.md)
FUNDS = FileKind("funds", {
    "project": ("project", "项目", "序号"),
    "disbursed": ("disbursed", "已拨付", "拨付资金"),
    "month": ("month", "月份"),
    "reporter": ("reporter", "填报单位"),
    "note": ("note", "备注"),
}, ("project", "disbursed"), row="项目", verb="拨付", figure="拨付资金",
   unused="相应项目沿用此前的拨付数", data_word="拨付数据")
#: reference columns that fill-in forms and published tables carry: known, and ignored without a warning
REFERENCE = frozenset({"序号", "项目", "项目名称", "指标名称", "目标", "目标任务", "单位", "计量单位", "上月累计",
                       "责任单位", "主要责任单位", "完成率"})


@dataclass
class Source:
    """One month's progress: a file, a folder of unit files, or both."""

    month: str
    files: list[Path] = field(default_factory=list)
    folder: Optional[Path] = None  # the month folder, where there is one
    #: units' forms given by path from outside progress/, read as the month they state (FORM): read
    #: together as a month folder's files are, and asked only for the indicators they list
    forms: list[Path] = field(default_factory=list)

    @property
    def forms_only(self) -> bool:
        return bool(self.files) and all(f in self.forms for f in self.files)

    @property
    def place(self) -> str:
        """Where the month's file-level problems point: its file, or its folder."""
        if len(self.files) == 1 and self.folder is None:
            return display(self.files[0])
        return display(self.folder or self.files[0].parent)

    @property
    def parts(self) -> list[Path]:
        """Where the month's data was put: each month file (``2019-06.csv``, ``2019-06.xlsx``) and
        each month folder holding files that are read. More than one is a month given twice
        (docs/formats.md: one file or one folder per month)."""
        grouped = [f for f in self.files if _in_month_folder(f) or f in self.forms]
        top = sorted({f for f in self.files if f not in grouped}, key=lambda f: (f.name, f.as_posix()))
        return top + list(dict.fromkeys(f.parent for f in grouped))


def given_twice(source: Source) -> Optional[Problem]:
    """One ``duplicate-indicator`` for a month put both in a file and a folder (or in two files:
    ``2019-06.csv`` and ``2019-06.xlsx``), at the last of its parts (the folder, where there is one);
    None for a month put in one place. Neither place is read: which one holds the month's figures
    is the person's to say, and reading both would repeat every indicator."""
    parts = source.parts
    if len(parts) < 2:
        return None
    month = source.month
    folders = [p for p in parts if p not in source.files]
    files = [p for p in parts if p in source.files]

    def named(part: Path) -> str:
        if part in folders:
            return f"文件夹 {display(part)}/（{sum(f.parent == part for f in source.files)} 个文件）"
        return f"文件 {display(part)}"

    where = "、".join(named(p) for p in parts[:-1]) + f" 和{named(parts[-1])}"
    if folders:
        names = "、".join(f.name for f in files)
        fix = (f"把文件夹中各表的行并入 {names}（再删去文件夹），或把 {names} 移入 {display(folders[0])}/"
               f"（并删去其中与文件夹中各表重复的指标行）")
    else:
        fix = "把各文件的行合并到其中一个文件，删去或移走其他文件"
    return Problem(display(parts[-1]), None, None, "duplicate-indicator",
                   f"{month} 的数据放在了两处：{where}；每月只能是一个文件（{month}.csv 或 {month}.xlsx）"
                   f"或一个文件夹 {month}/，两处的数都没有读取。请只保留一处：{fix}")


@dataclass
class Table:
    """What was read from one file."""

    file: str
    month: str
    encoding: Optional[str]
    lines: int
    columns: dict[str, np.ndarray]  # its kind's row_columns -> one array each (a frame is made once, for all files)
    problems: list[Problem]
    complete: bool = True  # False when the file could not be read as a table at all
    headers: dict[str, str] = field(default_factory=dict)  # canonical column -> the header as written
    positions: dict[str, int] = field(default_factory=dict)  # canonical column -> its 0-based column in the file
    sheet: Optional[str] = None  # the sheet read, for a workbook
    kind: FileKind = PROGRESS

    @property
    def rows(self) -> pd.DataFrame:
        return pd.DataFrame(self.columns, columns=self.kind.row_columns)


#: what ``classify_entry`` says about a path in progress/ (or given on the command line)
INPUT = "input"  # a month file, a month folder, or a unit's file inside a month folder: read
IGNORED = "ignored"  # hidden files and the ~$ lock files Office and WPS leave beside an open file
SKIPPED = "skipped"  # a copy or backup (2019-06副本.csv, 2019-09 (1).csv, 2019-12.csv.bak): not read
MISNAMED = "misnamed"  # looks like it was meant as progress but its name or type is not one: not read
FORM = "form"  # a unit's form given by path from outside progress/: read as the month it states (classify_given)
#: the file types read as progress files (one place: a new input format is added here)
INPUT_SUFFIXES = TABLE_SUFFIXES  # .csv, and Excel workbooks .xlsx/.xlsm/.xls (docs/office.md)
#: problem codes meaning "this file was not read"; status and report skip such files with a warning
NOT_READ = ("file-name", "skipped-file", "month-out-of-year")

_BACKUP_SUFFIXES = (".bak", ".orig", ".old", ".tmp", ".swp", ".backup")
#: what marks a copy's name (patterns compiled by re's cache on first use: a file named YYYY-MM
#: needs neither, and compiling them costs ~1 ms of every command's start)
_COPY_MARKS = r"(?i)副本|复件|[(（]\s*\d+\s*[)）]|(?:^|[\s_-])copy(?:$|[\s_.(-])|^copy of "
#: a month written another way: 2019-7, 2019年7月, 2019.07, 2019_7, 201907
_LOOSE_MONTH = r"^\s*(\d{4})\s*(?:[-_./年]\s*)?(\d{1,2})\s*月?(?:份)?\s*$"


class Entry(NamedTuple):
    kind: str  # INPUT, IGNORED, SKIPPED or MISNAMED
    month: Optional[str] = None  # the month an INPUT belongs to
    message: str = ""  # why a SKIPPED or MISNAMED entry is not read, and what to do


def classify_entry(path: Path) -> Entry:
    """What a path in ``progress/`` is: the one place that decides which files are read.

    Inside a month folder (``2019-06/``) any name of a readable type is a unit's file; at the
    top, a file must be named ``YYYY-MM`` and a folder ``YYYY-MM``.  Copies and backups are
    skipped wherever they are, lock and hidden files are ignored."""
    name = path.name
    if name.startswith((".", "~$")):
        return Entry(IGNORED)
    stem, suffix = _split(name)
    copy = parse_month(stem) is None and re.search(_COPY_MARKS, stem)
    if name.endswith("~") or suffix in _BACKUP_SUFFIXES or copy:
        official = _official(path) if copy and suffix in INPUT_SUFFIXES else None
        if official is not None and not official[1]:
            return Entry(SKIPPED, None, f"「{name}」是副本（名字带“{copy.group(0).strip()}”，浏览器重复下载或复制时加的），没有读取；"
                                        f"文件夹中没有正式的 {official[0]}：若这就是要交的文件，请改名为 {official[0]}"
                                        f"（去掉“{copy.group(0).strip()}”）")
        return Entry(SKIPPED, None, f"「{name}」是副本或备份文件，没有读取：本月数据应在"
                                    f"{'该文件夹的' if _in_month_folder(path) else ' YYYY-MM.csv 或 YYYY-MM/ 的'}正式文件中；"
                                    "副本请移出 progress/")
    if path.is_dir():
        if _in_month_folder(path):
            return Entry(MISNAMED, None, f"月份文件夹中的文件夹「{name}」没有读取：各单位的 CSV 或 Excel 文件直接放在月份文件夹中")
        if parse_month(name) is not None:
            return Entry(INPUT, name)
        return Entry(MISNAMED, None, f"文件夹名「{name}」不是月份，其中的文件没有读取：月度文件夹应命名为 YYYY-MM"
                                     f"{_suggest(name, '/') or '，如 2019-06'}")
    if suffix not in INPUT_SUFFIXES:
        return Entry(MISNAMED, None, f"「{name}」不是 CSV 或 Excel 文件，没有读取：请在 Excel/WPS 中另存为 Excel 工作簿"
                                     "（.xlsx）或 CSV" + (" 后放在该文件夹中" if _in_month_folder(path) else "，命名为 YYYY-MM.xlsx 或 YYYY-MM.csv"))
    if _in_month_folder(path):
        return Entry(INPUT, path.parent.name)
    if parse_month(stem) is not None:
        return Entry(INPUT, stem)
    return Entry(MISNAMED, None, f"文件名「{name}」不是月份，没有读取：月度文件应命名为 YYYY-MM{suffix}"
                                 f"{_suggest(stem, suffix) or f'，如 2019-06{suffix}；或放在 YYYY-MM/ 文件夹中'}")


def classify_given(path: Path, folder: Path, keys, year: int) -> Entry:
    """What a path given on the command line is: as :func:`classify_entry` says, except for a file
    of a readable type that lies neither in ``folder`` (progress/, certified/, funds/) nor in a month
    folder and whose name is not a month — a filled-in form checked before it is put in place
    (``区人社局-2019-07.xlsx``, as ``minshi template`` names it). Such a file is read as the month
    the form itself states (:func:`stated_month`); where nothing in it states one month it is
    ``file-name``, as in progress/. ``keys`` are the headers of the column that marks the header
    row; ``year`` the registry's (for 1—7月 and 7月)."""
    what = classify_entry(path)
    stem, suffix = _split(path.name)
    if (what.kind != MISNAMED or suffix not in INPUT_SUFFIXES or not path.is_file() or _in_month_folder(path)
            or path.parent.resolve() == folder.resolve()):
        return what
    months = stated_month(path, keys, year)
    if len(months) == 1:
        return Entry(FORM, months[0])
    said = (f"写了 {'、'.join(months)} 几个月份，看不出是哪个月" if months
            else "文件名、工作表名和标题行都没有写明月份")
    return Entry(MISNAMED, None, f"「{path.name}」{said}，没有读取：文件名写明月份（如 {stem}-2019-06{suffix}），"
                                 f"或改名为 YYYY-MM{suffix}，或放在数据文件夹的 YYYY-MM/ 文件夹中")


def stated_month(path: Path, keys, year: int) -> list[str]:
    """The months a form states (docs/formats.md): those its file name names (``区人社局-2019-07``);
    where its name names none, those its sheet's name and its title rows above the header name
    (``2019-07``, ``区人社局 2019年7月重点民生实事进度报送表``). One month is the form's month;
    none or several state nothing."""
    from minshi_cli.core.months import months_named

    named = months_named(_split(path.name)[0], year)
    if named:
        return named
    grid = read_grid(path, keys)
    found = months_named(grid.sheet, year, bare=True) if grid.sheet else []
    for _, text in grid.above:
        found += months_named(text, year)
    return list(dict.fromkeys(found))


def entry_problem(path: Path, entry: Entry) -> Problem:
    """The problem for a SKIPPED (warning ``skipped-file``) or MISNAMED (error ``file-name``) entry."""
    return Problem(display(path), None, None, "skipped-file" if entry.kind == SKIPPED else "file-name", entry.message)


def _split(name: str) -> tuple[str, str]:
    """(stem, lower-case suffix); ``2019-12.csv.bak`` -> (``2019-12.csv``, ``.bak``)."""
    dot = name.rfind(".")
    return (name[:dot], name[dot:].lower()) if dot > 0 else (name, "")


def _official(path: Path) -> Optional[tuple[str, bool]]:
    """A copy's name without its copy mark (区残联-2019-07(1).xlsx → 区残联-2019-07.xlsx), and whether a
    file (of any table type) or a folder of that name is beside it; None where nothing is left."""
    stem, suffix = _split(path.name)
    bare = re.sub(_COPY_MARKS, "", stem).strip(" -_.")
    if not bare:
        return None
    beside = {p.name.lower() for p in path.parent.iterdir()} if path.parent.is_dir() else set()
    found = bare.lower() in beside or any((bare + s).lower() in beside for s in INPUT_SUFFIXES)
    return bare + suffix, found


def _in_month_folder(path: Path) -> bool:
    return parse_month(path.parent.name) is not None


def _suggest(stem: str, suffix: str) -> str:
    """"，是否应为 2019-07.csv？" for a month written another way (2019-7, 2019年7月)."""
    hit = re.match(_LOOSE_MONTH, stem)
    if hit is None or not 1 <= int(hit.group(2)) <= 12:
        return ""
    return f"：是否应为 {hit.group(1)}-{int(hit.group(2)):02d}{suffix}？"


def discover(progress_dir: Path) -> tuple[list[Source], list[Problem]]:
    """The month sources under ``progress_dir`` (sorted by month) and the problems of the
    entries that are not read (see ``classify_entry``)."""
    problems: list[Problem] = []
    sources: dict[str, Source] = {}
    if not progress_dir.is_dir():
        return [], problems
    for entry in sorted(progress_dir.iterdir()):
        what = classify_entry(entry)
        if what.kind == IGNORED:
            continue
        if what.kind != INPUT:
            problems.append(entry_problem(entry, what))
        elif entry.is_dir():
            files, more = month_folder(entry)
            problems += more
            source = sources.setdefault(what.month, Source(what.month))
            source.folder = entry
            source.files.extend(files)
        else:
            sources.setdefault(what.month, Source(what.month)).files.insert(0, entry)
    return [sources[m] for m in sorted(sources)], problems


def month_folder(folder: Path) -> tuple[list[Path], list[Problem]]:
    """The files read from a month folder, and the problems of those that are not."""
    files, problems = [], []
    for f in sorted(folder.iterdir()):
        what = classify_entry(f)
        if what.kind == INPUT:
            files.append(f)
        elif what.kind != IGNORED:
            problems.append(entry_problem(f, what))
    return files, problems


def read_table(path: Path, month: str, kind: FileKind = PROGRESS) -> Table:
    """One file of a kind (progress, certified, funds; CSV or workbook) read into rows with their
    lines (docs/formats.md, docs/assessment.md, docs/office.md)."""
    grid = read_grid(path, kind.columns[kind.key], month)
    shown, where = grid.file, grid.where
    named = other_month(path, month, grid)
    if not grid.complete:
        return Table(shown, month, grid.encoding, grid.total_lines, no_rows(kind), named + grid.problems,
                     complete=False, sheet=grid.sheet, kind=kind)
    problems: list[Problem] = named
    header, body, header_line = grid.header, grid.body, grid.header_line
    alias = kind.alias
    named = max((i + 1 for i, h in enumerate(header) if h), default=0)
    columns: dict[str, int] = {}
    names: dict[str, str] = {}
    for i, name in enumerate(header):
        canonical = alias.get(name.lower())
        kept = next((c for c, header in kind.kept if header == name), None)
        if kept is not None and kept not in columns:
            columns[kept] = i
            names[kept] = name
            continue
        if canonical is None:
            if name in REFERENCE or (i >= named and not (body[:, i] != "").any()):
                continue  # a form's reference column, or Excel's padding to a rectangle
            what = f"第 {i + 1} 列没有表头" if name == "" else f"无法识别的列「{name}」"
            problems.append(Problem(shown, header_line, name or None, "unknown-column",
                                    f"{where}{what}，该列被忽略；可用的列：{kind.known_headers}"))
        elif canonical in columns:
            problems.append(Problem(shown, header_line, name, "duplicate-column",
                                    f"{where}列「{name}」与第 {columns[canonical] + 1} 列「{header[columns[canonical]]}」重复：删除其中一列"))
        else:
            columns[canonical] = i
            names[canonical] = name
    missing = [c for c in kind.required if c not in columns]
    for c in missing:
        problems.append(Problem(shown, header_line, c, "missing-column",
                                f"{where}缺少必需的列 {c}（{'/'.join(kind.columns[c][1:])}）：表头第一行应含 {kind.header_hint}"))
    problems += grid.extra_cells(columns.get(kind.value), columns.get("note")) + grid.problems
    if missing or any(p.code == "duplicate-column" for p in problems):
        return Table(shown, month, grid.encoding, grid.total_lines, no_rows(kind), problems, complete=False,
                     sheet=grid.sheet, kind=kind)

    grid, merged = merged_figures(grid, columns, names, kind)
    problems += merged
    problems += figures_elsewhere(path, grid, columns, kind, month)
    n = len(grid.lines)
    if n == 0 and not grid.overfull and not any(p.line and p.line > header_line for p in problems):
        # a header alone (no row below it, not even one in error): one warning for the file, none
        # for each indicator (core.dataset.load)
        problems.append(Problem(shown, header_line, None, "empty-file", empty_table(kind, month, where), WARNING))
    rows = {"month": filled(n, month)}
    rows.update(("month_cell" if c == "month" else c, grid.column(columns.get(c))) for c in kind.columns)
    rows.update((c, grid.column(columns.get(c))) for c, _ in kind.kept)
    rows.update(file=filled(n, shown), line=grid.lines.astype(np.int64))
    return Table(shown, month, grid.encoding, grid.total_lines, rows, problems, headers=names, positions=columns,
                 sheet=grid.sheet, kind=kind)


def merged_figures(grid, columns: dict[str, int], names: dict[str, str],
                   kind: FileKind):
    """A workbook's figure cells merged over several rows (:attr:`FileKind.figures`): the reader read
    the figure on each row, so that the second indicator would take the first's. Each such range over
    the rows of two or more keys (indicators, projects) is ``merged-figure`` at its first row, naming the range; none of
    its rows keeps the figure (whose it is, only the unit can say). A range over one row of data and
    rows without a key (a blank row under it) keeps the figure on its first row only (a row left
    blank is no row). Returns the grid (its body a copy, where a cell is taken back) and the problems."""
    from minshi_cli.core.records import column_letter, sheet_prefix

    body, problems = grid.body, []
    where_figure = {columns[c]: c for c in kind.figures if c in columns}
    key = columns.get(kind.key)
    for first, c0, last, _ in grid.merged:
        if c0 not in where_figure:
            continue
        rows = np.flatnonzero((grid.lines >= first) & (grid.lines <= last))
        if len(rows) < 2:
            continue
        if body is grid.body:
            body = body.copy()
        text = str(body[rows[0], c0]).strip()
        keyed = [str(body[r, key]).strip() for r in rows.tolist()] if key is not None else []
        named = list(dict.fromkeys(k for k in keyed if k))
        body[rows[1:], c0] = ""
        if len(named) < 2 or not text:
            continue
        body[rows[0], c0] = ""
        cell = f"{column_letter(c0)}{first}:{column_letter(c0)}{last}"
        header = names.get(where_figure[c0], where_figure[c0])
        problems.append(Problem(grid.file, first, header, "merged-figure",
                                f"{sheet_prefix(grid.sheet, cell)}{header}单元格合并在{kind.row} {'、'.join(named)} 的行"
                                f"（第 {first}—{last} 行）上，只有一个数「{text}」，看不出是哪个{kind.row}的，这几行都没有读取："
                                f"请取消合并，为每个{kind.row}分别填写自己的{header}"))
    if body is grid.body:
        return grid, problems
    kept = (body != "").any(axis=1)
    return grid._replace(body=body[kept], lines=grid.lines[kept]), problems


def figures_elsewhere(path: Path, grid, columns: dict[str, int], kind: FileKind, month: str) -> list[Problem]:
    """A workbook's other visible sheets holding the header (``Grid.others``: a copied sheet, 2019-07 (2))
    compared with the sheet read, cell by cell of the figure column (docs/office.md): a figure there
    whose row in the sheet read is blank or missing is ``figure-on-other-sheet`` (an error: the
    unit's figure would be lost), a figure that differs from the sheet read's is the same code as a
    warning (the sheet read stands; which is right, only the unit knows). What to do: keep one sheet."""
    from minshi_cli.core.records import column_letter

    if not grid.others or kind.value not in columns:
        return []
    alias = kind.alias

    def figures(g, at: dict[str, int]) -> dict[tuple[str, str], tuple[int, str]]:
        key, area = g.column(at[kind.key]), g.column(at.get("area"))
        value = g.column(at[kind.value])
        out: dict[tuple[str, str], tuple[int, str]] = {}
        for k, a, v, line in zip(key.tolist(), area.tolist(), value.tolist(), g.lines.tolist()):
            k = str(k).translate(HALF_WIDTH).strip()
            if k:
                out.setdefault((k, str(a).strip()), (int(line), str(v).strip()))
        return out

    read = figures(grid, columns)
    letter = column_letter(columns[kind.value])
    header = grid.header[columns[kind.value]]
    problems = []
    for name in grid.others:
        other = read_grid(path, kind.columns[kind.key], month, sheet=name)
        at = {}
        for i, h in enumerate(other.header):
            at.setdefault(alias.get(h.lower(), ""), i)
        if not other.complete or kind.key not in at or kind.value not in at:
            continue
        there = column_letter(at[kind.value])
        keep = f"，再删去工作表「{name}」，只保留一个填报的工作表"
        for (key, area), (line, value) in figures(other, at).items():
            if not value:
                continue
            what = f"{kind.row} {key}{f'（{area}）' if area else ''}"
            mine = read.get((key, area))
            cell = f"工作表「{name}」{there}{line}"
            if mine is None or not mine[1]:
                said = (f"读取的工作表「{grid.sheet}」中没有{what} 这一行" if mine is None
                        else f"读取的工作表「{grid.sheet}」{letter}{mine[0]} 却空着")
                # a row missing from the sheet read: at its header (a problem with no line is the whole file's)
                problems.append(Problem(grid.file, grid.header_line if mine is None else mine[0], header,
                                        "figure-on-other-sheet",
                                        f"{cell} 填了{what} 的{header}「{value}」，{said}：这个数没有读取"
                                        f"（一个文件只读一个工作表）。请把数填进工作表「{grid.sheet}」{keep}"))
            elif mine[1] != value:
                problems.append(Problem(grid.file, mine[0], header, "figure-on-other-sheet",
                                        f"{cell} 填的{what} {header}「{value}」与读取的工作表「{grid.sheet}」"
                                        f"{letter}{mine[0]} 的「{mine[1]}」不同：读取的是「{mine[1]}」（一个文件只读一个工作表）。"
                                        f"请核对哪个数对，把对的数填在工作表「{grid.sheet}」{keep}", WARNING))
    return problems


def empty_table(kind: FileKind, month: str, where: str = "") -> str:
    """What ``empty-file`` (a warning) says of a file with a header row and nothing under it."""
    value = kind.columns[kind.value][1]
    return (f"{where}只有表头，没有数据行：{month} 的各{kind.row}在这个文件中都没有{kind.verb}"
            f"（不再逐项提示）；请在表头下每行填写一个{kind.row}的编号和{value}，本月不{kind.verb}的删去这个文件")


def other_month(path: Path, month: str, grid) -> list[Problem]:
    """``month-mismatch`` where a file names another month than the one it is read as: its name
    (in a month folder) or its sheet's name — an error, its figures would be read as the wrong
    month — or a title row above the header (a warning: a title may be left over)."""
    from minshi_cli.core.grid import sheet_prefix
    from minshi_cli.core.months import months_named

    year = int(month[:4])
    shown = display(path)
    problems = []

    def wrong(text: str, bare: bool) -> list[str]:
        named = months_named(text, year, bare=bare)
        return [] if not named or month in named else named

    stem = _split(path.name)[0]
    if _in_month_folder(path) and wrong(stem, True):
        others = "、".join(wrong(stem, True))
        problems.append(Problem(shown, None, None, "month-mismatch",
                                f"文件名「{path.name}」写的是 {others}，文件却在 {month} 的文件夹中，会按 {month} 读取："
                                f"是 {others} 的数请移到 progress/{wrong(stem, True)[0]}/；是 {month} 的数请改正文件名"))
    if grid.sheet and wrong(grid.sheet, True):
        others = "、".join(wrong(grid.sheet, True))
        problems.append(Problem(shown, None, None, "month-mismatch",
                                f"{sheet_prefix(grid.sheet)}工作表名写的是 {others}，文件却属于 {month}，会按 {month} 读取："
                                f"是 {others} 的数请放到该月的文件或文件夹中；是 {month} 的数请把工作表改名为 {month}"))
    for line, text in grid.above:
        if wrong(text, False):
            others = "、".join(wrong(text, False))
            problems.append(Problem(shown, line, None, "month-mismatch",
                                    f"{sheet_prefix(grid.sheet)}标题「{text}」写的是 {others}，文件却属于 {month}："
                                    f"核对是否放错了月份，或把标题改为 {month} 的", WARNING))
            break  # one title row said is enough
    return problems


def no_rows(kind: FileKind = PROGRESS) -> dict[str, np.ndarray]:
    return {c: np.zeros(0, dtype=np.int64 if c == "line" else object) for c in kind.row_columns}


def rows_frame(tables: list[Table], kind: FileKind = PROGRESS) -> pd.DataFrame:
    """All tables' rows as one frame (built once: a frame per file costs more than its parse)."""
    parts = [t.columns for t in tables] or [no_rows(kind)]
    return pd.DataFrame({c: np.concatenate([p[c] for p in parts]) for c in kind.row_columns})
