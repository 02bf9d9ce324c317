"""Writing rows as a terminal table, Markdown, CSV or JSON text."""

from __future__ import annotations

import csv
import io
import json

# tabulate (~30 ms to import) is imported where a table is drawn, not by every command that
# imports this module: `minshi report` and `minshi check` never draw one.


def terminal(headers: list[str], rows: list[list]) -> str:
    from tabulate import tabulate

    # tabulate measures East Asian wide characters with wcwidth (installed with tabulate[widechars])
    return tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True, stralign="left")


#: how a narrowed table is made narrower, one step at a time: drop a column, or shorten its
#: cells to at most ``width`` terminal columns
DROP = "drop"
SHORTEN = "shorten"
#: "…" is one column wide by Unicode's measure but two in a Chinese Windows console (an
#: ambiguous-width character): counted as two, a shortened cell never overflows either
ELLIPSIS, ELLIPSIS_WIDTH = "…", 2


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes (a CJK character takes two)."""
    from wcwidth import wcswidth

    width = wcswidth(text)
    return width if width >= 0 else len(text)  # control characters: count them as one each


def shorten(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` terminal columns, ending in "…" where it was cut."""
    if display_width(text) <= width:
        return text
    from wcwidth import wcwidth

    kept, used = [], 0
    for ch in text:
        w = max(wcwidth(ch), 0)
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
    table = terminal(headers, rows)
    for action, header, limit in plan:
        if _widest(table) <= width:
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
        table = terminal(headers, rows)
    return table, dropped, shortened


def _widest(table: str) -> int:
    return max((display_width(line) for line in table.splitlines()), default=0)


def markdown(headers: list[str], rows: list[list]) -> str:
    from tabulate import tabulate

    escaped = [[str(c).replace("|", "\\|") for c in row] for row in rows]
    return tabulate(escaped, headers=headers, tablefmt="github", disable_numparse=True)


#: UTF-8's byte order mark: Excel and WPS on Chinese Windows read a CSV without it as GBK (mojibake)
BOM = "\ufeff"


def excel_csv(headers: list[str], rows: list[list]) -> str:
    """CSV for Excel and WPS (CONTRACT §10): a BOM, then the rows with CRLF line ends, every cell
    written as shown (``4527人``, ``50.6%``), so the sheet opens with the terminal table's text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return BOM + buffer.getvalue()


def json_text(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
