"""Writing rows as a terminal table, Markdown, CSV or JSON text."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections import namedtuple
from functools import lru_cache
from typing import Iterator

# The terminal table is laid out here, with the standard library's East Asian widths, and not by
# tabulate: importing tabulate and the wcwidth it measures with costs ~35 ms, a fifth of what
# `minshi status` may take beyond `import pandas` (issue 7's 1.3x).  The layout is tabulate's
# "simple" format, held to it by tests/test_tables.py; Markdown tables still come from tabulate.


def terminal(headers: list[str], rows: list[list]) -> str:
    """Left-aligned columns two spaces apart under a dashed rule (tabulate's "simple" format):
    a column is as wide as its widest cell, and at least its header and two."""
    cells = [["" if c is None else str(c).strip() for c in row] for row in rows]
    if any(_has_control(t) for t in headers) or any(_has_control(t) for row in cells for t in row):
        return _tabulated(headers, rows)  # a tab or a line break in a cell: tabulate lays it out
    widths = _widths(headers, cells)
    lines = [_line(headers, widths), "  ".join("-" * w for w in widths)]
    lines += [_line(row, widths) for row in cells]
    return "\n".join(lines)


def _widths(headers: list[str], cells: list[list[str]]) -> list[int]:
    return [max([display_width(h) + 2] + [display_width(row[k]) for row in cells]) for k, h in enumerate(headers)]


def _line(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c + " " * (w - display_width(c)) for c, w in zip(cells, widths)).rstrip()


def _has_control(text: str) -> bool:
    return not text.isprintable() and any(unicodedata.category(ch) == "Cc" for ch in text)


def _tabulated(headers: list[str], rows: list[list]) -> str:
    from tabulate import tabulate

    return tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True, stralign="left")


def records(frame) -> Iterator:
    """``frame.itertuples()``, made from one conversion of the frame to Python objects instead of a
    Series per column (3 ms for the 37 columns of an evaluation; a status draws from it twice)."""
    row = namedtuple("Row", ["Index", *map(str, frame.columns)], rename=True)
    return map(row._make, ([i, *values] for i, values in zip(frame.index.tolist(),
                                                              frame.to_numpy(dtype=object).tolist())))


#: how a narrowed table is made narrower, one step at a time: drop a column, or shorten its
#: cells to at most ``width`` terminal columns
DROP = "drop"
SHORTEN = "shorten"
#: "…" is one column wide by Unicode's measure but two in a Chinese Windows console (an
#: ambiguous-width character): counted as two, a shortened cell never overflows either
ELLIPSIS, ELLIPSIS_WIDTH = "…", 2


def char_width(ch: str) -> int:
    """Terminal columns one character takes: two for an East Asian wide or full-width character
    (汉字, （）：、，), none for a combining mark or a format character, else one.  For every
    character of a Chinese table this is what wcwidth says (tests/test_tables.py)."""
    if unicodedata.category(ch) in _ZERO_WIDTH:
        return 0
    return 2 if unicodedata.east_asian_width(ch) in _WIDE else 1


_ZERO_WIDTH = frozenset({"Mn", "Me", "Cf"})
_WIDE = frozenset({"W", "F"})


@lru_cache(maxsize=4096)
def display_width(text: str) -> int:
    """Terminal columns ``text`` takes (a CJK character takes two)."""
    if text.isascii():
        return len(text)
    return sum(char_width(ch) for ch in text)


def shorten(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` terminal columns, ending in "…" where it was cut."""
    if display_width(text) <= width:
        return text
    kept, used = [], 0
    for ch in text:
        w = char_width(ch)
        if used + w > width - ELLIPSIS_WIDTH:
            break
        kept.append(ch)
        used += w
    return "".join(kept) + ELLIPSIS


def fitted(headers: list[str], rows: list[list], width: int,
           plan: list[tuple[str, str, int]]) -> tuple[str, list[str], list[str]]:
    """A terminal table no wider than ``width`` columns where the plan allows: the steps of
    ``plan`` (``(DROP, header, 0)`` or ``(SHORTEN, header, columns)``, the least needed first)
    are taken one by one until the table fits.  Returns the table and the headers dropped and
    shortened, so the caller can say so."""
    headers, rows = list(headers), [list(map(str, r)) for r in rows]
    dropped: list[str] = []
    shortened: list[str] = []
    for action, header, limit in plan:
        if table_width(headers, rows) <= width:
            break
        if header not in headers:
            continue
        at = headers.index(header)
        if action == DROP:
            del headers[at]
            rows = [r[:at] + r[at + 1:] for r in rows]
            dropped.append(header)
            shortened = [h for h in shortened if h != header]
        else:
            cut = [shorten(r[at], limit) for r in rows]
            if cut != [r[at] for r in rows]:
                for r, c in zip(rows, cut):
                    r[at] = c
                if header not in shortened:
                    shortened.append(header)
    return terminal(headers, rows), dropped, shortened


def table_width(headers: list[str], rows: list[list[str]]) -> int:
    """How wide :func:`terminal` draws these rows: its dashed rule, the widest line, spans every
    column and the gaps between them."""
    widths = _widths(headers, [[c.strip() for c in row] for row in rows])
    return sum(widths) + 2 * (len(widths) - 1)


def markdown(headers: list[str], rows: list[list]) -> str:
    from tabulate import tabulate

    escaped = [[str(c).replace("|", "\\|") for c in row] for row in rows]
    return tabulate(escaped, headers=headers, tablefmt="github", disable_numparse=True)


#: UTF-8's byte order mark: Excel and WPS on Chinese Windows read a CSV without it as GBK (mojibake)
BOM = "\ufeff"


def excel_csv(headers: list[str], rows: list[list]) -> str:
    """CSV for Excel and WPS (docs/office.md): a BOM, then the rows with CRLF line ends, every cell
    written as shown (``4527人``, ``50.6%``), so the sheet opens with the terminal table's text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return BOM + buffer.getvalue()


def json_text(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
