"""The row-check toolkit: the checks every kind of monthly file's rows share.

Progress, certified and funds rows (:mod:`minshi_cli.core.dataset`, :mod:`minshi_cli.core.certification`,
:mod:`minshi_cli.core.funds`) are frames with ``file`` and ``line`` columns; these functions clean
their cells, turn a mask of rows into problems, drop duplicates and find figures that go down,
each worded for the file kind (:class:`~minshi_cli.core.progress.FileKind`: what a row is about,
its key column, how its figures came to be).  All of it is vectorised over the rows.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Optional

import numpy as np
import pandas as pd

from minshi_cli.core import kinds
from minshi_cli.core.problems import Problem
from minshi_cli.core.progress import PROGRESS, FileKind


def emit(problems: list[Problem], hit: pd.DataFrame, code: str, column: Optional[str], messages: Iterable[str]) -> None:
    for file, line, message in zip(hit["file"].tolist(), hit["line"].tolist(), messages):
        problems.append(Problem(file, int(line), column, code, message))


def cleaned(column: pd.Series, clean: Callable[[str], str], index: Optional[pd.Index] = None,
             all_rows: bool = False) -> tuple[pd.Series, Optional[np.ndarray]]:
    """``column`` with ``clean`` applied to its non-empty texts, each distinct text cleaned once
    (a column of 130 area names over 470,000 rows is 130 cleanings); given ``index``, also each
    row's position in it (-1: not there), and a text already in ``index`` is left as it is
    unless ``all_rows`` (an area name is cleaned even when it is one: the same text)."""
    cells = column.to_numpy(dtype=object)
    if index is None and not (cells != "").any():
        return column, None
    codes, uniques = pd.factorize(cells, use_na_sentinel=False)
    uniques = np.asarray(uniques, dtype=object)
    todo = uniques != ""
    if index is not None and not all_rows:
        todo &= index.get_indexer(uniques) < 0
    cleaned = uniques.copy()
    if todo.any():
        cleaned[todo] = np.array([clean(text) for text in uniques[todo].tolist()], dtype=object)
        if (cleaned[todo] != uniques[todo]).any():
            column = pd.Series(cleaned[codes], index=column.index, name=column.name)
    return column, None if index is None else index.get_indexer(cleaned)[codes]


_SPACES = re.compile(r"\s+")


def unpadded(name: str) -> str:
    """A name without its spaces: "区 民政局" is 区民政局."""
    return _SPACES.sub("", name)


def row_keys(*frames: pd.DataFrame, columns: tuple[str, ...] = ("month", "indicator", "area")) -> np.ndarray:
    """``columns`` as one integer per row, over the rows of ``frames`` in turn (equal rows, equal
    keys): hashing and sorting one int64 column beats several string columns."""
    key = np.zeros(sum(len(f) for f in frames), dtype=np.int64)
    for column in columns:
        codes, uniques = pd.factorize(np.concatenate([f[column].to_numpy(dtype=object) for f in frames]))
        key = key * (len(uniques) + 1) + codes
    return key


def duplicates_dropped(rows: pd.DataFrame, problems: list[Problem], kind: FileKind = PROGRESS) -> pd.DataFrame:
    """The same indicator (and area) twice in one month (also across a month folder's unit files):
    the first stands, each later one is an error naming the first, worded for the file ``kind``
    (the row's key column: an indicator, or a funds file's project).  Returns the good rows.
    (month, indicator, area) is keyed as one integer: three string columns hashed as one is what
    keeps 470,000 rows fast."""
    usable = rows["usable"].to_numpy()
    if "pair" in rows and "month_code" in rows:  # keyed already (a usable row has a listed pair)
        pair = rows["pair"].to_numpy()
        key = rows["month_code"].to_numpy().astype(np.int64) * (int(np.max(pair, initial=0)) + 1) + pair
        if "certified" in rows:  # a certified figure stands beside the reported one
            key = key * 2 + rows["certified"].to_numpy()
    else:
        key = row_keys(rows)
    key = pd.Series(np.where(usable, key, -1), index=rows.index)
    later = usable & key.duplicated(keep="first").to_numpy()
    later = pd.Series(later, index=rows.index)
    if later.any():
        first = rows[usable & ~later].assign(key=key[usable & ~later]).set_index("key")
        where = first.reindex(key[later])
        hit = rows[later]
        emit(problems, hit, "duplicate-indicator", kind.key,
             (f"{kind.row} {i}{f'（{a}）' if a else ''} 在 {m} 重复报送：{f}:{ln} 已报送过，只保留一行"
              for i, a, m, f, ln in zip(hit["indicator"].tolist(), hit["area"].tolist(), hit["month"].tolist(),
                                        where["file"].tolist(), where["line"].tolist())))
    return rows[rows["ok"] & ~later]


def history_checked(records: pd.DataFrame, facts: pd.DataFrame, problems: list[Problem],
                    kind: FileKind = PROGRESS, record: Optional[pd.DataFrame] = None) -> np.ndarray:
    """Figures of kinds that only go up (cumulative totals, stages reached) never go down: each
    is compared with the latest earlier one of the same file ``kind`` — or, given ``record`` (the
    certified figures, with ``kind`` and ``monotone`` columns of their own), with the latest earlier
    figure of record: the certified one where its month has one, else the reported one; the message
    says which (之前认定的 / 之前报送的).  Returns which of ``records`` are in error: no warning is
    derived from their figures."""
    kind_of_row = facts["kind"].to_numpy(dtype=object)
    monotone = facts["monotone"].to_numpy() if "monotone" in facts else kinds.flags(kind_of_row, "monotone")
    wrong = np.zeros(len(records), dtype=bool)
    if record is not None and len(record):
        at, before = went_down(records, monotone, record, record["monotone"].to_numpy())
    else:
        at, before = went_down(records, monotone)
        record = records.iloc[:0]
    wrong[at] = True
    if not len(at):
        return wrong
    number, ids = (records[c].to_numpy() for c in ("number", "indicator"))
    # what each row is compared with: a row of ``records`` (its position), or of ``record`` (after them)
    earlier = {c: np.concatenate([records[c].to_numpy(dtype=object), record[c].to_numpy(dtype=object)])[before]
               for c in ("number", "file", "line")}
    verb = np.where(before >= len(records), CERTIFIED_VERB, kind.verb)
    emit(problems, records.iloc[at], "decreasing-value", "value",
         (kinds.KINDS[k].decreasing(i, v, pv, f"{pf}:{int(pl)}", w) for i, k, v, pv, pf, pl, w in
          zip(ids[at].tolist(), kind_of_row[at].tolist(), number[at].tolist(), earlier["number"].tolist(),
              earlier["file"].tolist(), earlier["line"].tolist(), verb.tolist())))
    return wrong


#: how a certified figure came to be, in a message that compares with one (之前认定的)
CERTIFIED_VERB = "认定"


def went_down(records: pd.DataFrame, among: Optional[np.ndarray] = None, record: Optional[pd.DataFrame] = None,
              record_among: Optional[np.ndarray] = None) -> tuple[np.ndarray, np.ndarray]:
    """Where a figure (``number``) is below the latest earlier one of its (indicator, area): the
    positions of those rows and of the rows they are compared with.  ``among``: the rows that take
    part (default all); a row without a figure never does.  ``record``: figures that stand in place
    of ``records`` of their month (the certified ones: the figures of record, docs/assessment.md;
    ``record_among`` the ones that take part): a row is compared with the latest earlier of them
    and of the ``records`` they do not replace; a position at or past ``len(records)`` is
    ``record``'s (minus ``len(records)``)."""
    number = records["number"].to_numpy(dtype=float)
    which = np.flatnonzero(~np.isnan(number) if among is None else among & ~np.isnan(number))
    if record is not None:
        return _below_record(records, which, record, record_among)
    # one integer per (indicator, area): sorting and grouping by it beats two string columns
    if "pair" in records and "month_code" in records:
        key = records["pair"].to_numpy()[which]
        month = records["month_code"].to_numpy()[which]
    else:
        valued = records.iloc[which]
        key = row_keys(valued, columns=("indicator", "area"))
        month = valued["month"].to_numpy()
    order = np.lexsort((month, key))
    which, key = which[order], key[order]
    down = np.flatnonzero((key[1:] == key[:-1]) & (number[which[1:]] < number[which[:-1]]))
    return which[down + 1], which[down]


def _below_record(records: pd.DataFrame, which: np.ndarray, record: pd.DataFrame,
                  record_among: Optional[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """:func:`went_down` against the figures of record: ``records`` at ``which`` compared with the
    latest earlier figure among ``record`` and the ``records`` of months ``record`` has no figure for."""
    number = np.concatenate([records["number"].to_numpy(dtype=float), record["number"].to_numpy(dtype=float)])
    n = len(records)
    theirs = np.arange(len(record)) if record_among is None else np.flatnonzero(record_among)
    theirs = n + theirs[~np.isnan(number[n + theirs])]
    if all(c in f for f in (records, record) for c in ("pair", "month_code")):  # keyed in one pass already
        key = np.concatenate([records["pair"].to_numpy(), record["pair"].to_numpy()]).astype(np.int64)
        month = np.concatenate([records["month_code"].to_numpy(), record["month_code"].to_numpy()]).astype(np.int64)
    else:
        key = row_keys(records, record, columns=("indicator", "area"))
        month, _ = pd.factorize(np.concatenate([records["month"].to_numpy(dtype=object),
                                                record["month"].to_numpy(dtype=object)]), sort=True)
    at_month = key * (int(month.max(initial=0)) + 1) + month
    replaced = np.isin(at_month[which], at_month[theirs])  # a month with a certified figure: it stands
    base = np.concatenate([which[~replaced], theirs])
    # every base figure and every row to check, by (indicator and area, month); in one month the rows
    # to check come before the base figures, so each sees only earlier months' figures
    pos = np.concatenate([base, which])
    is_base = np.r_[np.ones(len(base), dtype=bool), np.zeros(len(which), dtype=bool)]
    order = np.lexsort((is_base, month[pos], key[pos]))
    pos, is_base = pos[order], is_base[order]
    latest = np.maximum.accumulate(np.where(is_base, np.arange(len(pos)), -1))
    previous = np.r_[-1, latest[:-1]]  # the latest base figure strictly before each position
    probe = np.flatnonzero(~is_base & (previous >= 0))
    prior = pos[previous[probe]]
    probe_at = pos[probe]
    down = (key[prior] == key[probe_at]) & (number[probe_at] < number[prior])
    return probe_at[down], prior[down]


def number_text(x: float) -> str:
    """A figure in a message: as written, without a thousands separator or a trailing .0."""
    return f"{x:,.10g}".replace(",", "") if float(x).is_integer() else f"{x:.10g}"
