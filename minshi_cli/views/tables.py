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
