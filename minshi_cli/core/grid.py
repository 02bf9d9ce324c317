"""Any table file (CSV, or an Excel workbook) as a grid of text cells with their line numbers.

Progress, certification and funds files are all read through :func:`read_grid`: it finds the
header row, and returns the header, the non-blank rows after it, and the line of each row — the
physical line of a CSV (CRLF, BOM, blank lines and quoted cells that span lines counted), or the
sheet's row number in a workbook (docs/office.md).  What the columns mean is the caller's business.

The header row is the first row, within the first :data:`HEADER_ROWS`, that holds one of the
``keys`` (the key column's accepted headers); title rows above it are allowed.  Where no row
holds a key, the first non-blank row is taken as the header, so that the caller can say which
required column is missing on that line.

The CSV work is pandas' C parser; workbooks are read by :mod:`minshi_cli.core.workbook`,
imported only when a workbook is read (so ``status`` on CSV data never loads an Excel library).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Iterable, NamedTuple, Optional

import numpy as np
import pandas as pd

from minshi_cli.core.paths import display
from minshi_cli.core.problems import Problem
from minshi_cli.core.records import Records, SheetTest, sheet_prefix
from minshi_cli.core.system_errors import system_error_text
from minshi_cli.core.textfile import HALF_WIDTH, decode

#: the header is looked for in the first this-many rows (lines) of a file or sheet
HEADER_ROWS = 10
CSV_SUFFIXES = (".csv",)
#: Excel 2007+ (.xlsx, and .xlsm with macros, read as values) and Excel 97–2003 (.xls)
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls")
TABLE_SUFFIXES = CSV_SUFFIXES + SPREADSHEET_SUFFIXES


def is_spreadsheet(path: Path) -> bool:
    return path.suffix.lower() in SPREADSHEET_SUFFIXES


def is_table(path: Path) -> bool:
    """A file :func:`read_grid` reads: ``.csv``, ``.xlsx``, ``.xlsm`` or ``.xls``."""
    return path.suffix.lower() in TABLE_SUFFIXES


class Grid(NamedTuple):
    """A table file as read: its header row and the non-blank rows below it, as text."""

    file: str  # the path as given
    header: list[str]  # the header's cells, half-width and trimmed ("" where a column has none)
    header_line: int  # 1-based line (CSV) or row number (sheet) of the header
    body: np.ndarray  # 2-D object array of str, ``len(header)`` wide: the rows after the header
    lines: np.ndarray  # int64, one per body row: its physical line / sheet row
    total_lines: int  # lines in the file (rows in the sheet)
    problems: list[Problem]
    encoding: Optional[str] = None  # how a CSV was decoded
    sheet: Optional[str] = None  # the sheet read, for a workbook
    #: CSV rows with more cells than the header (not in ``body``): (line, cells, the row's text)
    overfull: tuple[tuple[int, int, str], ...] = ()
    complete: bool = True  # False when the file could not be read as a table at all
    #: the title rows above the header: (line, the row's cells joined by spaces)
    above: tuple[tuple[int, str], ...] = ()
    #: a workbook's other visible sheets holding the header, not read (``Records.others``)
    others: tuple[str, ...] = ()
    #: a workbook's merged ranges below the header that span rows: (first line, first column, last
    #: line, last column); their value is read on each of their rows (docs/office.md)
    merged: tuple[tuple[int, int, int, int], ...] = ()

    @property
    def where(self) -> str:
        """The prefix a problem's message gets in a workbook: which sheet it is about."""
        return sheet_prefix(self.sheet)

    def extra_cells(self, value_at: Optional[int] = None, note_at: Optional[int] = None) -> list[Problem]:
        """An ``extra-cells`` error for each overfull row, saying why where the caller knows the
        value and note columns: a thousands comma in the value, an English comma in the note."""
        width = len(self.header)
        return [Problem(self.file, line, None, "extra-cells", _extra_cells(row, n, width, value_at, note_at))
                for line, n, row in self.overfull]

    def column(self, index: Optional[int]) -> np.ndarray:
        """A column of the body by position (all "" when ``index`` is None)."""
        if index is None:
            return filled(len(self.lines), "")
        return self.body[:, index]


def filled(n: int, text: str) -> np.ndarray:
    """An object array of ``n`` times ``text`` (``np.full`` of an object is ten times slower)."""
    return np.array([text], dtype=object).repeat(n)


def _rows(mask: np.ndarray) -> slice | np.ndarray:
    """The rows ``mask`` chooses, as a slice where they are one run (the usual case: every row
    below the header), so that taking them is a view, not a copy of a 40,000-row object array."""
    chosen = np.flatnonzero(mask)
    if len(chosen) and chosen[-1] - chosen[0] + 1 == len(chosen):
        return slice(int(chosen[0]), int(chosen[-1]) + 1)
    return mask


def failed(path: Path, code: str, message: str, line: Optional[int] = None, **extra) -> Grid:
    """A grid for a file that could not be read as a table: no rows, one problem."""
    return failed_with(path, [Problem(display(path), line, None, code, message)], **extra)


def failed_with(path: Path, problems: list[Problem], **extra) -> Grid:
    return Grid(display(path), [], 0, np.empty((0, 0), dtype=object), np.zeros(0, dtype=np.int64), 0,
                problems, complete=False, **extra)


def normal_header(cell: object) -> str:
    return str(cell).translate(HALF_WIDTH).strip()


def read_records(path: Path, month: Optional[str] = None, keys: Iterable[str] = (),
                 table: Optional[SheetTest] = None, sheet: Optional[str] = None) -> Records | list[Problem]:
    """A CSV (docs/formats.md's encodings) or a workbook (docs/office.md's sheet choice and cell values, by the
    file's suffix) as its non-blank records with their lines; or the problems that stop it being
    read as a table at all.  ``month`` (YYYY-MM): the month the file is for, if any (a workbook's
    sheet named after it is preferred); ``keys``: the key column's headers (a workbook's sheet
    holding none is passed over), or ``table``: another test of the sheet that holds the table;
    ``sheet``: a workbook's sheet to read instead (one the first reading named in ``others``)."""
    if is_spreadsheet(path):
        from minshi_cli.core.workbook import read_workbook

        return read_workbook(path, month, table or (_holding(tuple(keys)) if keys else None), sheet)
    return read_csv_records(path)


def _holding(keys: tuple[str, ...]) -> SheetTest:
    """A sheet holds the table where one of ``keys`` is a cell within its first :data:`HEADER_ROWS` rows."""
    wanted = {k.lower() for k in keys}
    header = "、".join(keys[1:] or keys)

    def holds(rows: Iterable[list[str]]) -> bool:
        return any(any(normal_header(c).lower() in wanted for c in row) for _, row in zip(range(HEADER_ROWS), rows))

    def missing(looked_at: str) -> str:
        return (f"工作簿中没有含表头「{header}」的可见工作表（看过：{looked_at}）：请把填报数据放在一个工作表中，"
                f"表头行写 {header} 等列名（可以用 minshi template 生成的填报表）")

    return SheetTest(holds, missing)


def header_index(records: Records, keys: Iterable[str]) -> int:
    """Which record is the header: the first, within the first :data:`HEADER_ROWS` lines, holding
    one of ``keys`` (case-insensitively); else the first record."""
    wanted = {k.lower() for k in keys}
    for i, (row, line) in enumerate(zip(records.cells, records.lines.tolist())):
        if line > HEADER_ROWS:
            break
        if any(normal_header(c).lower() in wanted for c in row[: records.fields[i]]):
            return i
    return 0


def read_grid(path: Path, keys: Iterable[str], month: Optional[str] = None, sheet: Optional[str] = None) -> Grid:
    """Read a CSV or a workbook into a :class:`Grid`: the header row and the rows below it.

    ``keys`` are the accepted headers of the column that marks the header row (for progress
    files: indicator/指标/指标编号); ``month`` and ``sheet`` as for :func:`read_records`."""
    records = read_records(path, month, keys, sheet=sheet)
    if isinstance(records, list):
        return failed_with(path, records)
    if records.cells.shape[0] == 0:
        return failed(path, "empty-file", f"{sheet_prefix(records.sheet)}"
                      + ("工作表为空：应有表头行（指标编号、累计完成），其下每行一个指标" if records.sheet else
                         "文件为空：第一行应为表头 indicator,value（或 指标,累计完成），其后每行一个指标"),
                      sheet=records.sheet, encoding=records.encoding)
    shown, cells, lines = records.file, records.cells, records.lines
    at = header_index(records, keys)
    header_line = int(lines[at])
    # a header merged down over several rows (a two-level header) ends on the last of them;
    # each column is named by its lowest header cell
    last = max([header_line] + [b for a, _, b, _ in records.merged_rows if a <= header_line <= b])
    block = np.flatnonzero((lines >= header_line) & (lines <= last))
    width = int(records.fields[at]) if records.raw is not None else cells.shape[1]
    header = [""] * width
    for i in block.tolist():
        for c in range(width):
            name = normal_header(cells[i, c])
            if name:
                header[c] = name
    if records.raw is None:  # a workbook: the empty columns at the sheet's right edge are no columns
        below = cells[lines > last]
        while header and header[-1] == "" and not below[:, len(header) - 1].astype(bool).any():
            header.pop()
        width = len(header)
    separator = _separator(str(cells[at, 0])) if width == 1 else None
    if separator is not None:
        return failed(path, "missing-column", f"{sheet_prefix(records.sheet)}表头用{separator}分隔，不是英文逗号「,」："
                      f"「{visible(str(cells[at, 0]))}」。请把{separator}换成英文逗号，或在 Excel/WPS 中“另存为 CSV（逗号分隔）”",
                      header_line, sheet=records.sheet, encoding=records.encoding)

    keep = lines > last
    extra = keep & (records.fields > width)
    overfull = tuple(zip(lines[extra].tolist(), records.fields[extra].tolist(), records.raw(extra))) \
        if extra.any() and records.raw is not None else ()
    problems = []
    # a row typed with full-width commas or tabs under a comma header: one cell holding the whole row
    single = np.flatnonzero(keep & (records.fields == 1)) if width > 1 and records.raw is not None \
        else np.zeros(0, dtype=np.int64)
    wrong = [i for i in single.tolist() if _separator(str(cells[i, 0])) is not None]
    for i in wrong:
        what = _separator(str(cells[i, 0]))
        problems.append(Problem(shown, int(lines[i]), None, "wrong-separator",
                                f"这一行用{what}分隔，不是英文逗号「,」：「{visible(str(cells[i, 0]))}」。"
                                f"请把{what}换成英文逗号，或在 Excel/WPS 中“另存为 CSV（逗号分隔）”"))
    good = keep & ~extra
    good[wrong] = False
    body = cells[_rows(good), :width]
    if body.shape[1] < width:  # a header wider than every row below it
        body = np.hstack([body, np.full((body.shape[0], width - body.shape[1]), "", dtype=object)])
    above = tuple((int(line), " ".join(str(c).strip() for c in row if str(c).strip()))
                  for row, line in zip(cells[:at], lines[:at].tolist()))
    return Grid(shown, header, header_line, body, lines[good].astype(np.int64), records.total_lines,
                problems, encoding=records.encoding, sheet=records.sheet, overfull=overfull, above=above,
                merged=tuple(m for m in records.merged_rows if m[0] > last), others=records.others)


# --- CSV ---------------------------------------------------------------------------------------


def read_csv_records(path: Path, delimiter: str = ",") -> Records | list[Problem]:
    """A CSV's non-blank records (docs/formats.md's encodings, RFC 4180 quoting).  ``delimiter``:
    another mark that plainly separates the cells (a tab-separated table pasted from Excel, a
    European Excel's semicolons: ``verify`` reads those, docs/verify.md); read by the csv module."""
    shown = display(path)

    def fail(code: str, message: str, line: Optional[int] = None) -> list[Problem]:
        return [Problem(shown, line, None, code, message)]

    try:
        data = path.read_bytes()
    except OSError as exc:
        return fail("unreadable-file", f"无法读取文件：{system_error_text(exc)}")
    decoded = decode(data)
    if decoded.problem == "binary-file":
        from minshi_cli.core.filetype import misnamed  # a workbook named .csv: say so, and to rename it

        other = misnamed(path, data)
        if other is not None:
            return fail("binary-file", other)
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return fail("binary-file", "文件含有 NUL 字节，不是文本 CSV：请在 Excel/WPS 中“另存为 CSV”后重新提交", line)
    if decoded.problem == "mixed-encoding":
        return _mixed_encoding(shown, decoded)
    if decoded.text is None:
        return fail("encoding", "文件既不是 UTF-8 也不是 GB18030（GBK）编码，无法读取：请另存为“CSV UTF-8”")
    text = decoded.text
    if not text.strip():
        return fail("empty-file", "文件为空：第一行应为表头 indicator,value（或 指标,累计完成），其后每行一个指标")

    shape = _scan(text) if delimiter == "," else None
    cells = _parse(text, int(shape.fields.max()), len(shape.lines)) if shape is not None else None
    if cells is None or len(cells) != len(shape.lines):
        # a quote inside an unquoted cell, or one that never closes (or another delimiter): the csv module decides
        shape = _scan_slowly(text, delimiter)
        if shape is None:
            line = _unterminated_quote_line(text, delimiter)
            return fail("unterminated-quote", "引号没有闭合：该行起的内容被当作一个单元格，请补全英文双引号", line)
        cells = _parse(text, int(shape.fields.max()), len(shape.lines)) if delimiter == "," else None
        if cells is None:  # pandas reads a stray quote differently: the csv module's reading stands
            cells = cells_by_csv(text, int(shape.fields.max()), delimiter)

    total_lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    keep = ~shape.blank
    if not keep.any():  # only commas, quotes and spaces: a header row of empty names, no rows
        keep[0] = True
    where = np.flatnonzero(keep)

    def raw(which: np.ndarray) -> list[str]:
        chosen = np.zeros(len(shape.lines), dtype=bool)
        chosen[where[which]] = True
        return shape.text_of(text, chosen)

    # plain numpy from here: a file is a few array operations
    return Records(shown, cells[_rows(keep)], shape.lines[keep].astype(np.int64),
                   shape.fields[keep].astype(np.int64), total_lines, encoding=decoded.encoding, raw=raw)


class Shape(NamedTuple):
    """Each record of a CSV text: the physical line it starts on, its number of cells, whether
    it is blank (only spaces, tabs, commas and quotes), and its byte span (for quoting it)."""

    lines: np.ndarray
    fields: np.ndarray
    blank: np.ndarray
    spans: Optional[tuple[np.ndarray, np.ndarray]] = None
    delimiter: str = ","

    def text_of(self, text: str, which: np.ndarray) -> list[str]:
        """The raw text of the chosen records (error messages only)."""
        if self.spans is None:
            rows = list(csv.reader(io.StringIO(text), delimiter=self.delimiter))
            return [self.delimiter.join(rows[i]) for i in np.flatnonzero(which)]
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
    # positions only (a megabyte file is 40,000 lines but a million bytes): the quotes before a
    # comma or newline are counted by a search among the quotes' positions
    quotes = np.flatnonzero(raw == _QUOTE)
    newlines = np.flatnonzero(raw == _NEWLINE)
    commas = np.flatnonzero(raw == _COMMA)
    if len(quotes):
        breaks = newlines[(np.searchsorted(quotes, newlines) & 1) == 0]
        commas = commas[(np.searchsorted(quotes, commas) & 1) == 0]
    else:
        breaks = newlines
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [raw.size]))
    if starts[-1] == raw.size:  # the text ends with a newline: no record after it
        starts, ends = starts[:-1], ends[:-1]
    # records tile the text, so the commas before a record's start are those before the last one's end
    before_end = np.searchsorted(commas, ends)
    fields = np.diff(before_end, prepend=0) + 1
    # blank: every byte a space, tab, comma or quote (or a quoted newline); one starting otherwise is not
    blank = _NOT_CONTENT[raw[np.minimum(starts, raw.size - 1)]] if raw.size else np.zeros(0, dtype=bool)
    if blank.any():
        filler = np.flatnonzero(_NOT_CONTENT[raw])
        maybe = np.flatnonzero(blank)
        a, b = starts[maybe], ends[maybe]
        blank[maybe] = (np.searchsorted(filler, b) - np.searchsorted(filler, a)) == b - a
    lines = np.searchsorted(newlines, starts) + 1 if len(quotes) else np.arange(1, len(starts) + 1)
    return Shape(lines, fields, blank, (starts, ends))


def _scan_slowly(text: str, delimiter: str = ",") -> Optional[Shape]:
    """The csv module's view of the records (rare files only); None when a quote never closes."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter)
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
    return Shape(np.array(lines, dtype=np.int64), np.array(fields, dtype=np.int64), np.array(blank, dtype=bool),
                 delimiter=delimiter)


#: a file of at most this many records is split into cells by the csv module, a larger one by
#: pandas' C reader: pandas costs about 1 ms a call whatever the size, the csv module about 2 µs a
#: record.  Both read RFC 4180 text the same way (a property test holds them to it).
SMALL_FILE = 500


def _parse(text: str, width: int, records: int) -> Optional[np.ndarray]:
    """The text's records as a 2-D object array of ``width`` cells ("" for a missing cell); None
    when a record has more cells than ``width`` or a quote never closes (the caller looks again)."""
    if records <= SMALL_FILE:
        return cells_by_csv(text, width)
    return cells_by_pandas(text, width)


def cells_by_csv(text: str, width: int, delimiter: str = ",") -> Optional[np.ndarray]:
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter))
    except csv.Error:  # a stray or unclosed quote, a cell over the module's size limit: pandas decides
        return cells_by_pandas(text, width) if delimiter == "," else None
    cells = np.full((len(rows), width), "", dtype=object)
    for i, row in enumerate(rows):
        if len(row) > width:
            return None
        cells[i, :len(row)] = row
    return cells


def cells_by_pandas(text: str, width: int) -> Optional[np.ndarray]:
    try:
        frame = pd.read_csv(io.StringIO(text), header=None, names=range(width), dtype=str,
                            keep_default_na=False, skip_blank_lines=False, engine="c")
    except pd.errors.ParserError:
        return None
    return frame.to_numpy(dtype=object)


def _unterminated_quote_line(text: str, delimiter: str = ",") -> Optional[int]:
    """Error path only: find the line where the quote that never closes was opened."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter)
    start = 1
    try:
        for _ in reader:
            start = reader.line_num + 1
    except csv.Error:
        return start
    return start


class Separator(NamedTuple):
    """A mark a header or row read as one cell is separated by instead of commas, and its name in messages."""

    mark: str
    name: str


#: what a header or row read as one cell may be separated by instead of commas, as messages name it
#: (a European Excel's CSV uses semicolons; a table pasted from a chat or a web page, bars)
_SEPARATORS = (Separator("，", "中文逗号「，」"), Separator("\t", "制表符（Tab）"), Separator(";", "分号「;」"),
               Separator("；", "中文分号「；」"), Separator("|", "竖线「|」"))


def separator_of(cell: str) -> Optional[Separator]:
    """What separates a header or row read as one cell instead of commas (else None). A cell with a
    colon before that mark is a labelled line under the data (填报人：张三；审核人：李四, 注：…，…),
    not a row: an indicator id holds no colon.  ``check`` names it for progress files, ``verify``
    for published tables (docs/formats.md, docs/verify.md)."""
    for sep in _SEPARATORS:
        if sep.mark in cell:
            return None if re.search("[:：]", cell.split(sep.mark, 1)[0]) else sep
    return None


def _separator(cell: str) -> Optional[str]:
    sep = separator_of(cell)
    return sep.name if sep else None


def visible(text: str) -> str:
    """A cell quoted in a message, its tabs shown (⇥)."""
    return text.replace("\t", "⇥")


_THOUSANDS = (re.compile(r"^\s*\d{1,3}\s*$"), re.compile(r"^\d{3}(?:\.\d*)?\s*$"))


def _extra_cells(row: str, n: int, width: int, at: Optional[int], note: Optional[int]) -> str:
    """Why a row has more cells than the header: a thousands comma in the value, or an English
    comma in the note (the last column), else just the count."""
    # the record as one CSV record (a quoted cell may hold a line break: read from a stream, not a line)
    cells = [c for record in csv.reader(io.StringIO(row.replace("⏎", "\n"))) for c in record]
    if at is not None and at + 1 < len(cells) and all(p.match(c) for p, c in zip(_THOUSANDS, cells[at:at + 2])):
        return (f"完成值「{cells[at]},{cells[at + 1]}」中的千分位逗号被当作了列的分隔符（该行有 {n} 个单元格，表头只有 {width} 列）："
                f"写成 {cells[at]}{cells[at + 1]}，或放在英文双引号内（\"{cells[at]},{cells[at + 1]}\"）")
    if note is not None and note == width - 1 and len(cells) > width:
        return (f"备注「{','.join(cells[note:]).replace(chr(10), '⏎')}」中有英文逗号「,」，被当作了列的分隔符（该行有 {n} 个单元格，表头只有 {width} 列）："
                "备注中请用中文逗号「，」，或给整个备注加英文双引号")
    return (f"该行有 {n} 个单元格，表头只有 {width} 列：「{row}」。数字中的千分位逗号要放在英文双引号内（如 \"3,300\"），"
            "或删除多余的逗号")


def _mixed_encoding(shown: str, decoded) -> list[Problem]:
    """One error per line that is not UTF-8 in a file that otherwise is: the file is not read
    (read as GB18030, its UTF-8 lines would be garbled without anyone noticing)."""
    rest = f"第 {decoded.utf8_line} 行等是 UTF-8 编码的中文" if decoded.utf8_line else "文件以 UTF-8 的 BOM 开头"
    return [Problem(shown, line, None, "mixed-encoding",
                    f"这一行不是 UTF-8 编码，而{rest}：这一行可能是从 GBK（ANSI）编码的文件粘贴来的，"
                    "按任何一种编码读都会有乱码；请在原文件中重新输入这一行，或从原始表格整个另存为“CSV UTF-8”")
            for line in decoded.bad_lines]
