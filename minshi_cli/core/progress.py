"""Reading progress files (CONTRACT §2) into one frame of rows with their physical lines.

``data/progress/YYYY-MM.csv`` or ``data/progress/YYYY-MM/*.csv``.  The table work is pandas'
C parser; this module adds what a validator needs on top: the encoding rule, the header
aliases, the 1-based physical line of every row (CRLF, BOM, blank lines and quoted cells
that span lines included) and a typed problem for everything it cannot read.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Optional

import numpy as np
import pandas as pd

from minshi_cli.core.months import parse_month
from minshi_cli.core.paths import display
from minshi_cli.core.problems import Problem
from minshi_cli.core.textfile import HALF_WIDTH, decode

#: canonical column -> accepted headers (compared after trimming, case-insensitively)
COLUMNS: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator", "指标", "指标编号"),
    "value": ("value", "累计完成", "完成值"),
    "month": ("month", "月份"),
    "reporter": ("reporter", "填报单位"),
    "note": ("note", "备注"),
}
REQUIRED = ("indicator", "value")
_ALIAS = {alias.lower(): name for name, aliases in COLUMNS.items() for alias in aliases}
#: a file's rows as read (cells untrimmed; ``month`` is the file's month, ``month_cell`` the column)
ROW_COLUMNS = ["month", "indicator", "value", "month_cell", "reporter", "note", "file", "line"]


@dataclass
class Source:
    """One month's progress: a file, a folder of unit files, or both."""

    month: str
    files: list[Path] = field(default_factory=list)
    folder: Optional[Path] = None  # the month folder, where there is one

    @property
    def place(self) -> str:
        """Where the month's file-level problems point: its file, or its folder."""
        if len(self.files) == 1 and self.folder is None:
            return display(self.files[0])
        return display(self.folder or self.files[0].parent)


@dataclass
class Table:
    """What was read from one file."""

    file: str
    month: str
    encoding: Optional[str]
    lines: int
    columns: dict[str, np.ndarray]  # ROW_COLUMNS -> one array each (a frame is made once, for all files)
    problems: list[Problem]
    complete: bool = True  # False when the file could not be read as a table at all
    headers: dict[str, str] = field(default_factory=dict)  # canonical column -> the header as written

    @property
    def rows(self) -> pd.DataFrame:
        return pd.DataFrame(self.columns, columns=ROW_COLUMNS)


#: what ``classify_entry`` says about a path in progress/ (or given on the command line)
INPUT = "input"  # a month file, a month folder, or a unit's file inside a month folder: read
IGNORED = "ignored"  # hidden files and the ~$ lock files Office and WPS leave beside an open file
SKIPPED = "skipped"  # a copy or backup (2019-06副本.csv, 2019-09 (1).csv, 2019-12.csv.bak): not read
MISNAMED = "misnamed"  # looks like it was meant as progress but its name or type is not one: not read
#: the file types read as progress files (one place: a new input format is added here)
INPUT_SUFFIXES = (".csv",)
#: problem codes meaning "this file was not read"; status and report skip such files with a warning
NOT_READ = ("file-name", "skipped-file", "month-out-of-year")

_BACKUP_SUFFIXES = (".bak", ".orig", ".old", ".tmp", ".swp", ".backup")
_COPY_MARKS = re.compile(r"副本|复件|[(（]\s*\d+\s*[)）]|(?:^|[\s_-])copy(?:$|[\s_.(-])|^copy of ", re.IGNORECASE)
#: a month written another way: 2019-7, 2019年7月, 2019.07, 2019_7, 201907
_LOOSE_MONTH = re.compile(r"^\s*(\d{4})\s*(?:[-_./年]\s*)?(\d{1,2})\s*月?(?:份)?\s*$")


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
    if name.endswith("~") or suffix in _BACKUP_SUFFIXES or _COPY_MARKS.search(stem):
        return Entry(SKIPPED, None, f"「{name}」是副本或备份文件，没有读取：本月数据应在"
                                    f"{'该文件夹的' if _in_month_folder(path) else ' YYYY-MM.csv 或 YYYY-MM/ 的'}正式文件中；"
                                    "副本请移出 progress/")
    if path.is_dir():
        if _in_month_folder(path):
            return Entry(MISNAMED, None, f"月份文件夹中的文件夹「{name}」没有读取：各单位的 CSV 文件直接放在月份文件夹中")
        if parse_month(name) is not None:
            return Entry(INPUT, name)
        return Entry(MISNAMED, None, f"文件夹名「{name}」不是月份，其中的文件没有读取：月度文件夹应命名为 YYYY-MM"
                                     f"{_suggest(name, '/') or '，如 2019-06'}")
    if suffix not in INPUT_SUFFIXES:
        return Entry(MISNAMED, None, f"「{name}」不是 CSV 文件，没有读取：请在 Excel/WPS 中“另存为 CSV”"
                                     + ("后放在该文件夹中" if _in_month_folder(path) else "，命名为 YYYY-MM.csv"))
    if _in_month_folder(path):
        return Entry(INPUT, path.parent.name)
    if parse_month(stem) is not None:
        return Entry(INPUT, stem)
    return Entry(MISNAMED, None, f"文件名「{name}」不是月份，没有读取：月度文件应命名为 YYYY-MM.csv"
                                 f"{_suggest(stem, '.csv') or '，如 2019-06.csv；或放在 YYYY-MM/ 文件夹中'}")


def entry_problem(path: Path, entry: Entry) -> Problem:
    """The problem for a SKIPPED (warning ``skipped-file``) or MISNAMED (error ``file-name``) entry."""
    return Problem(display(path), None, None, "skipped-file" if entry.kind == SKIPPED else "file-name", entry.message)


def _split(name: str) -> tuple[str, str]:
    """(stem, lower-case suffix); ``2019-12.csv.bak`` -> (``2019-12.csv``, ``.bak``)."""
    dot = name.rfind(".")
    return (name[:dot], name[dot:].lower()) if dot > 0 else (name, "")


def _in_month_folder(path: Path) -> bool:
    return parse_month(path.parent.name) is not None


def _suggest(stem: str, suffix: str) -> str:
    """"，是否应为 2019-07.csv？" for a month written another way (2019-7, 2019年7月)."""
    hit = _LOOSE_MONTH.match(stem)
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


@dataclass
class Grid:
    """A CSV file's records as cells: what ``read_table`` (progress files) and ``minshi verify``
    (published tables, whose header is not on the first line) both start from."""

    file: str
    text: str  # decoded, line endings normalised
    encoding: str
    lines: int  # physical lines in the file
    shape: "Shape"  # each record's first physical line, cell count and blankness
    cells: np.ndarray  # object array, one row per record, "" for a missing cell


def read_grid(path: Path) -> Grid | list[Problem]:
    """Read and decode a CSV file (CONTRACT §2's encodings) into its records, or the problems
    that stop it being read as a table at all."""
    shown = display(path)

    def fail(code: str, message: str, line: Optional[int] = None) -> list[Problem]:
        return [Problem(shown, line, None, code, message)]

    try:
        data = path.read_bytes()
    except OSError as exc:
        return fail("unreadable-file", f"无法读取文件：{exc.strerror or exc}")
    decoded = decode(data)
    if decoded.problem == "binary-file":
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return fail("binary-file", "文件含有 NUL 字节，不是文本 CSV：请在 Excel/WPS 中“另存为 CSV”后重新提交", line)
    if decoded.problem == "mixed-encoding":
        return _mixed_encoding(shown, decoded)
    if decoded.text is None:
        return fail("encoding", "文件既不是 UTF-8 也不是 GB18030（GBK）编码，无法读取：请另存为“CSV UTF-8”")
    text = decoded.text
    if not text.strip():
        return fail("empty-file", "文件为空：第一行应为表头 indicator,value（或 指标,累计完成），其后每行一个指标")

    shape = _scan(text)
    try:
        cells = _parse(text, int(shape.fields.max()))
    except pd.errors.ParserError:
        cells = None
    if cells is None or len(cells) != len(shape.lines):
        # a quote inside an unquoted cell, or one that never closes: the csv module decides
        shape = _scan_slowly(text)
        if shape is None:
            line = _unterminated_quote_line(text)
            return fail("unterminated-quote", "引号没有闭合：该行起的内容被当作一个单元格，请补全英文双引号", line)
        cells = _parse(text, int(shape.fields.max()))

    total_lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    # plain numpy from here: a file is a few array operations
    return Grid(shown, text, decoded.encoding, total_lines, shape, cells.to_numpy(dtype=object))


def read_table(path: Path, month: str) -> Table:
    shown = display(path)
    problems: list[Problem] = []

    def fail(code: str, message: str, line: Optional[int] = None) -> Table:
        problems.append(Problem(shown, line, None, code, message))
        return Table(shown, month, None, 0, no_rows(), problems, complete=False)

    read = read_grid(path)
    if isinstance(read, list):
        return Table(shown, month, None, 0, no_rows(), read, complete=False)
    text, shape, grid, total_lines = read.text, read.shape, read.cells, read.lines
    nonblank = ~shape.blank
    header_at = int(np.argmax(nonblank))
    width = int(shape.fields[header_at])
    header = [str(h).translate(HALF_WIDTH).strip() for h in grid[header_at, :width]]
    header_line = int(shape.lines[header_at])
    separator = _separator(str(grid[header_at, 0])) if len(header) == 1 else None
    if separator is not None:
        return fail("missing-column", f"表头用{separator}分隔，不是英文逗号「,」：「{_visible(str(grid[header_at, 0]))}」。"
                    f"请把{separator}换成英文逗号，或在 Excel/WPS 中“另存为 CSV（逗号分隔）”", header_line)

    keep = nonblank.copy()
    keep[: header_at + 1] = False
    body, lines = grid[keep], shape.lines[keep]
    named = max((i + 1 for i, h in enumerate(header) if h), default=0)
    columns: dict[str, int] = {}
    names: dict[str, str] = {}
    for i, name in enumerate(header):
        canonical = _ALIAS.get(name.lower())
        if canonical is None:
            if i >= named and not (body[:, i] != "").any():
                continue  # Excel pads a sheet to a rectangle with empty, unnamed columns
            what = f"第 {i + 1} 列没有表头" if name == "" else f"无法识别的列「{name}」"
            problems.append(Problem(shown, header_line, name or None, "unknown-column",
                                    f"{what}，该列被忽略；可用的列：indicator/指标, value/累计完成, month/月份, reporter/填报单位, note/备注"))
        elif canonical in columns:
            problems.append(Problem(shown, header_line, name, "duplicate-column",
                                    f"列「{name}」与第 {columns[canonical] + 1} 列「{header[columns[canonical]]}」重复：删除其中一列"))
        else:
            columns[canonical] = i
            names[canonical] = name
    missing = [c for c in REQUIRED if c not in columns]
    for c in missing:
        problems.append(Problem(shown, header_line, c, "missing-column",
                                f"缺少必需的列 {c}（{'/'.join(COLUMNS[c][1:])}）：表头第一行应含 indicator,value 或 指标,累计完成"))

    extra = shape.fields[keep] > width
    for line, n, row in zip(lines[extra].tolist(), shape.fields[keep][extra].tolist(), shape.text_of(text, keep & (shape.fields > width))):
        problems.append(Problem(shown, int(line), None, "extra-cells", _extra_cells(row, n, width, columns)))
    # a row typed with full-width commas or tabs under a comma header: one cell holding the whole row
    single = np.flatnonzero(shape.fields[keep] == 1) if width > 1 else np.zeros(0, dtype=np.int64)
    wrong = [i for i in single.tolist() if _separator(str(body[i, 0])) is not None]
    for i in wrong:
        what = _separator(str(body[i, 0]))
        problems.append(Problem(shown, int(lines[i]), None, "wrong-separator",
                                f"这一行用{what}分隔，不是英文逗号「,」：「{_visible(str(body[i, 0]))}」。"
                                f"请把{what}换成英文逗号，或在 Excel/WPS 中“另存为 CSV（逗号分隔）”"))
    if missing or any(p.code == "duplicate-column" for p in problems):
        return Table(shown, month, read.encoding, total_lines, no_rows(), problems, complete=False)

    good = ~extra
    good[wrong] = False
    blank = np.full(int(good.sum()), "", dtype=object)

    def cell(name: str) -> np.ndarray:
        return body[good, columns[name]] if name in columns else blank

    n = len(blank)
    rows = {"month": np.full(n, month, dtype=object), "indicator": cell("indicator"), "value": cell("value"),
            "month_cell": cell("month"), "reporter": cell("reporter"), "note": cell("note"),
            "file": np.full(n, shown, dtype=object), "line": lines[good].astype(np.int64)}
    return Table(shown, month, read.encoding, total_lines, rows, problems, headers=names)




def _separator(cell: str) -> Optional[str]:
    """What separates a header or row read as one cell: full-width commas or tabs (else None)."""
    if "，" in cell:
        return "中文逗号「，」"
    if "\t" in cell:
        return "制表符（Tab）"
    return None


def _visible(text: str) -> str:
    """A cell quoted in a message, its tabs shown (⇥)."""
    return text.replace("\t", "⇥")


_THOUSANDS = (re.compile(r"^\s*\d{1,3}\s*$"), re.compile(r"^\d{3}(?:\.\d*)?\s*$"))


def _extra_cells(row: str, n: int, width: int, columns: dict[str, int]) -> str:
    """Why a row has more cells than the header: a thousands comma in the value, or an English
    comma in the note (the last column), else just the count."""
    cells = next(csv.reader([row.replace("⏎", "\n")]), [])
    at = columns.get("value")
    if at is not None and at + 1 < len(cells) and all(p.match(c) for p, c in zip(_THOUSANDS, cells[at:at + 2])):
        return (f"完成值「{cells[at]},{cells[at + 1]}」中的千分位逗号被当作了列的分隔符（该行有 {n} 个单元格，表头只有 {width} 列）："
                f"写成 {cells[at]}{cells[at + 1]}，或放在英文双引号内（\"{cells[at]},{cells[at + 1]}\"）")
    note = columns.get("note")
    if note is not None and note == width - 1 and len(cells) > width:
        return (f"备注「{','.join(cells[note:])}」中有英文逗号「,」，被当作了列的分隔符（该行有 {n} 个单元格，表头只有 {width} 列）："
                "备注中请用中文逗号「，」，或给整个备注加英文双引号")
    return (f"该行有 {n} 个单元格，表头只有 {width} 列：「{row}」。数字中的千分位逗号要放在英文双引号内（如 \"3,300\"），"
            "或删除多余的逗号")


def _mixed_encoding(shown: str, decoded) -> list[Problem]:
    """One error per line that is not UTF-8 in a file that otherwise is: the file is not read
    (read as GB18030, its UTF-8 lines would be garbled without anyone noticing)."""
    rest = f"第 {decoded.utf8_line} 行等是 UTF-8 编码的中文" if decoded.utf8_line else "文件以 UTF-8 的 BOM 开头"
    problems = [Problem(shown, line, None, "mixed-encoding",
                        f"这一行不是 UTF-8 编码，而{rest}：这一行可能是从 GBK（ANSI）编码的文件粘贴来的，"
                        "按任何一种编码读都会有乱码；请在原文件中重新输入这一行，或从原始表格整个另存为“CSV UTF-8”")
                for line in decoded.bad_lines]
    return problems


def no_rows() -> dict[str, np.ndarray]:
    return {c: np.zeros(0, dtype=np.int64 if c == "line" else object) for c in ROW_COLUMNS}


def rows_frame(tables: list[Table]) -> pd.DataFrame:
    """All tables' rows as one frame (built once: a frame per file costs more than its parse)."""
    parts = [t.columns for t in tables] or [no_rows()]
    return pd.DataFrame({c: np.concatenate([p[c] for p in parts]) for c in ROW_COLUMNS})


@dataclass
class Shape:
    """Each record of a CSV text: the physical line it starts on, its number of cells, whether
    it is blank (only spaces, tabs, commas and quotes), and its byte span (for quoting it)."""

    lines: np.ndarray
    fields: np.ndarray
    blank: np.ndarray
    spans: Optional[tuple[np.ndarray, np.ndarray]] = None

    def text_of(self, text: str, which: np.ndarray) -> list[str]:
        """The raw text of the chosen records (error messages only)."""
        if self.spans is None:
            rows = list(csv.reader(io.StringIO(text)))
            return [",".join(rows[i]) for i in np.flatnonzero(which)]
        raw = text.encode("utf-8")
        starts, ends = self.spans
        return [raw[a:b].decode("utf-8").replace("\n", "⏎") for a, b in zip(starts[which], ends[which])]


_QUOTE, _COMMA, _NEWLINE = 34, 44, 10
_NOT_CONTENT = np.zeros(256, dtype=bool)
_NOT_CONTENT[[9, 10, 32, _QUOTE, _COMMA]] = True


def _scan(text: str) -> Shape:
    """Records, cells and lines from the bytes, vectorised: a comma or newline separates only
    outside quotes, i.e. where the count of quote characters before it is even (RFC 4180;
    an escaped quote "" counts twice).  Checked against pandas' own count by the caller."""
    raw = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    outside = (np.cumsum(raw == _QUOTE) & 1) == 0
    newlines = np.flatnonzero(raw == _NEWLINE)
    breaks = np.flatnonzero((raw == _NEWLINE) & outside)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [raw.size]))
    if starts[-1] == raw.size:  # the text ends with a newline: no record after it
        starts, ends = starts[:-1], ends[:-1]
    commas = np.flatnonzero((raw == _COMMA) & outside)
    fields = np.searchsorted(commas, ends) - np.searchsorted(commas, starts) + 1
    content = np.concatenate(([0], np.cumsum(~_NOT_CONTENT[raw])))
    blank = (content[ends] - content[starts]) == 0
    lines = np.searchsorted(newlines, starts) + 1
    return Shape(lines, fields, blank, (starts, ends))


def _scan_slowly(text: str) -> Optional[Shape]:
    """The csv module's view of the records (rare files only); None when a quote never closes."""
    reader = csv.reader(io.StringIO(text), strict=True)
    lines, fields, blank = [], [], []
    start = 1
    try:
        for row in reader:
            lines.append(start)
            fields.append(max(len(row), 1))
            blank.append(all(not c.strip() for c in row))
            start = reader.line_num + 1
    except csv.Error:
        return None
    return Shape(np.array(lines, dtype=np.int64), np.array(fields, dtype=np.int64), np.array(blank, dtype=bool))


def _parse(text: str, width: int) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), header=None, names=range(width), dtype=str,
                       keep_default_na=False, skip_blank_lines=False, engine="c")


def _unterminated_quote_line(text: str) -> Optional[int]:
    """Error path only: find the line where the quote that never closes was opened."""
    reader = csv.reader(io.StringIO(text), strict=True)
    start = 1
    try:
        for _ in reader:
            start = reader.line_num + 1
    except csv.Error:
        return start
    return start
