"""A table file's records: the common shape of the reading layer.

CSV text (:mod:`minshi_cli.core.grid`) and Excel workbooks (:mod:`minshi_cli.core.workbook`) are
both read into :class:`Records`, the non-blank records of a file with their lines, before any
header is chosen; :func:`~minshi_cli.core.grid.read_grid` finds the header of a progress,
certification or funds file in them, ``minshi verify`` that of a published table.
"""

from __future__ import annotations

from typing import Callable, Iterable, NamedTuple, Optional

import numpy as np


class Records(NamedTuple):
    """A table file's non-blank records, before any header is chosen: what :func:`read_grid`
    (progress, certification, funds files) and ``minshi verify`` (published tables, whose header
    is found by other columns) both start from."""

    file: str
    cells: np.ndarray  # 2-D object array of str, as wide as the widest record ("" for a missing cell)
    lines: np.ndarray  # int64: each record's first physical line (CSV) or row number (sheet)
    fields: np.ndarray  # int64: the cells each record holds (a CSV record may be wider than its header)
    total_lines: int  # lines in the file (rows in the sheet)
    encoding: Optional[str] = None  # how a CSV was decoded
    sheet: Optional[str] = None  # the sheet read, for a workbook
    #: a workbook's merged ranges that span rows: (first line, first column, last line, last column),
    #: lines as ``lines`` numbers them, columns 0-based
    merged_rows: tuple[tuple[int, int, int, int], ...] = ()
    raw: Optional[Callable[[np.ndarray], list[str]]] = None  # CSV: the text of chosen records (messages)
    #: a workbook's other visible sheets holding the table's header (not read: a copied sheet)
    others: tuple[str, ...] = ()


class SheetTest(NamedTuple):
    """Which of a workbook's sheets holds the table: ``holds`` tells it from a sheet's rows (as
    text, top down; it reads only as many as it needs), ``missing`` words the problem (``code``)
    where no visible sheet does, given the sheets looked at (「说明」、「Sheet2」)."""

    holds: Callable[[Iterable[list[str]]], bool]
    missing: Callable[[str], str]
    code: str = "missing-column"


def sheet_prefix(sheet: Optional[str], cell: str = "") -> str:
    """What a problem's message starts with in a workbook: its sheet, and its cell where known
    (``工作表「2019-07」G4：``); nothing for a CSV."""
    return f"工作表「{sheet}」{cell}：" if sheet else ""


def column_letter(index: int) -> str:
    """A sheet column's letters from its 0-based index, as Excel and WPS show them (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
