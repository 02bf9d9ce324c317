"""The terminal table (views.tables) is laid out without tabulate, for start-up time; these
tests hold it to tabulate's "simple" format and its widths to wcwidth's."""

from __future__ import annotations

from pathlib import Path

import wcwidth
from hypothesis import given, settings
from hypothesis import strategies as st
from tabulate import tabulate

from minshi_cli.views.tables import char_width, display_width, shorten, table_width, terminal

ROOT = Path(__file__).resolve().parent.parent


def _shipped_text() -> str:
    """Every character a Chinese table of ours can show: the registries, data and templates."""
    files = [*ROOT.glob("data/**/*.csv"), *ROOT.glob("data/*.yaml"), *ROOT.glob("examples/**/*.yaml"),
             *ROOT.glob("examples/**/*.csv"), *ROOT.glob("templates/*.j2"), *ROOT.glob("minshi_cli/**/*.py")]
    return "".join(f.read_text(encoding="utf-8-sig") for f in files)


#: CJK punctuation (less two Hangul tone marks), ideographs, full-width forms, general punctuation, circled numbers, Latin-1
BLOCKS = [(0x3000, 0x302D), (0x3030, 0x303D), (0x4E00, 0x9FFF), (0xFF01, 0xFF60), (0xFFE0, 0xFFE6), (0x2010, 0x2027),
          (0x2030, 0x205E), (0x2460, 0x24FF), (0x00A0, 0x00AC), (0x00AE, 0x00FF), (0x0020, 0x007E)]


def test_widths_are_wcwidths_for_chinese_tables():
    chars = {ch for ch in _shipped_text() if ch.isprintable()}
    chars |= {chr(o) for a, b in BLOCKS for o in range(a, b + 1)}
    differ = {ch: (char_width(ch), wcwidth.wcwidth(ch)) for ch in chars if char_width(ch) != wcwidth.wcwidth(ch)}
    assert differ == {}
    assert len(chars) > 21000


def test_widths_of_mixed_text():
    assert display_width("区人社局（8950人）") == 18
    assert display_width("50.6%") == 5
    assert display_width("") == 0


ALPHABET = "ab1 .%-—…中文（）、：，人①é"
CELL = st.text(alphabet=ALPHABET, max_size=8)


@settings(max_examples=200)
@given(st.integers(1, 5).flatmap(lambda n: st.tuples(st.lists(CELL, min_size=n, max_size=n),
                                                     st.lists(st.lists(CELL, min_size=n, max_size=n), max_size=5))))
def test_terminal_table_is_tabulates_simple_format(table):
    headers, rows = table
    drawn = terminal(headers, rows)
    assert drawn == tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True, stralign="left")
    assert table_width(headers, rows) == max(display_width(line) for line in drawn.splitlines())


def test_terminal_table_lines_up_chinese_text():
    assert terminal(["指标", "完成率"], [["城镇新增就业", "50.6%"], ["改厕", None]]).splitlines() == [
        "指标          完成率",
        "------------  --------",
        "城镇新增就业  50.6%",
        "改厕",
    ]


def test_a_cell_with_a_line_break_is_laid_out_by_tabulate():
    rows = [["第一行\n第二行", "x"]]
    assert terminal(["备注", "值"], rows) == tabulate(rows, headers=["备注", "值"], tablefmt="simple",
                                                    disable_numparse=True, stralign="left")


def test_shorten_counts_columns_not_characters():
    assert shorten("城镇新增就业人数", 10) == "城镇新增…"
    assert shorten("abcdefghijkl", 10) == "abcdefgh…"
    assert shorten("城镇新增", 8) == "城镇新增"


def test_records_are_itertuples():
    import math

    import pandas as pd

    from minshi_cli.views.tables import records

    frame = pd.DataFrame({"id": ["1", "5a"], "value": [8950.0, float("nan")], "lag_months": [0, 2],
                          "carried_from": [None, "2019-06"], "split": [False, True], "stage_names": [(), ("动工",)]},
                         index=[3, 7])
    got, want = list(records(frame)), list(frame.itertuples())
    assert [r._fields for r in got] == [r._fields for r in want]
    assert [[type(v) for v in r] for r in got] == [[type(v) for v in r] for r in want]
    assert got[0] == want[0]
    assert got[1][:2] == want[1][:2]
    assert math.isnan(got[1].value)
    assert got[1][3:] == want[1][3:]
