"""The two ways a CSV text becomes cells (core.grid): the csv module for small files, pandas' C
reader for large ones.  They must read every text alike, or a file would read differently as it
grows past ``SMALL_FILE`` records."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minshi_cli.core import grid
from minshi_cli.core.grid import SMALL_FILE, cells_by_csv, cells_by_pandas, read_csv_records

#: what CSV cells are made of, and what breaks them: quotes, separators, line breaks, full-width
#: commas.  No "\r": textfile.decode turns CRLF and CR into "\n" before a text is parsed (and
#: pandas' C reader fails on some texts with a lone CR, "\r,": "Buffer overflow caught").
ALPHABET = 'a1,"\n \t中，'


def _width(text: str) -> int:
    return max((len(r) for r in csv.reader(io.StringIO(text, newline=""))), default=1) or 1


def _listed(cells):
    return None if cells is None else cells.tolist()


@settings(max_examples=400, suppress_health_check=list(HealthCheck))
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=40))
def test_csv_module_and_pandas_read_the_same_cells(text):
    width = _width(text)
    assert _listed(cells_by_csv(text, width)) == _listed(cells_by_pandas(text, width))


def test_a_quote_left_open_is_for_the_caller_to_report():
    assert cells_by_csv('a,b\n1,"never closed\n2,3\n', 2) is None


def test_a_file_reads_the_same_either_side_of_the_small_file_limit(tmp_path, monkeypatch):
    rows = [f'{i},"{i},5",单位{i},"备注\n第二行"' for i in range(SMALL_FILE + 1)]
    path = tmp_path / "2019-06.csv"
    path.write_text("indicator,value,reporter,note\r\n" + "\r\n".join(rows) + "\r\n", encoding="utf-8")
    large = read_csv_records(path)  # SMALL_FILE + 2 records: pandas
    monkeypatch.setattr(grid, "SMALL_FILE", SMALL_FILE + 10)
    small = read_csv_records(path)  # the csv module
    assert small.cells.tolist() == large.cells.tolist()
    assert small.lines.tolist() == large.lines.tolist()
    assert large.cells[2].tolist() == ["1", "1,5", "单位1", "备注\n第二行"]
    assert large.lines[:3].tolist() == [1, 2, 4]  # each record starts two physical lines after the last


def test_a_cell_over_the_csv_modules_size_limit_is_read_by_pandas():
    text = "indicator,note\n1," + "长" * (csv.field_size_limit() + 1) + "\n"
    cells = cells_by_csv(text, 2)
    assert cells[1, 0] == "1"
    assert len(cells[1, 1]) == csv.field_size_limit() + 1


def test_a_record_wider_than_asked_is_not_cut():
    assert cells_by_csv("a,b,c\n", 2) is None
