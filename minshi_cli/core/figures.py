"""The figures of record (docs/assessment.md, 数据认定): in one place.

A figure of record is, for each (month, indicator, area), the statistics bureau's certified value
where there is one — also where the unit reported nothing that month — else the unit's reported one.
:func:`of_record` is the one step that makes them, before :func:`minshi_cli.core.rules.evaluate`
runs: every computation after it (status, delta, assessment, escalation, funds, verify) sees the
figure of record.  :func:`record_columns` gives an evaluated month the figures beside it: the unit's
``reported``, the bureau's ``certified``, and whether the figure of record is a certified one.

This module reads no file and imports nothing of the project but the row keys: the loader
(:mod:`minshi_cli.core.dataset`), certification and the year (:mod:`minshi_cli.core.year`) use it.
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import pandas as pd

from minshi_cli.core.rowcheck import row_keys

#: the figures of record: ``value`` is the certified value where there is one, else the reported one
FIGURE_COLUMNS = ["month", "indicator", "area", "value", "reported", "certified", "note", "reporter", "file", "line"]
#: a figure's key: one per (month, indicator, area); area "" is an indicator not split by area
KEY = ["month", "indicator", "area"]
#: what an evaluated month carries of its figures, beside the figure of record (``value``), one per
#: indicator: the unit's reported figure and the certified one this month (NaN where none, and for a
#: figure carried from an earlier month), and whether the figure of record is a certified one
RECORD_COLUMNS = ["reported", "certified", "figure_certified"]


def of_record(records: pd.DataFrame, certified: Optional[pd.DataFrame]) -> pd.DataFrame:
    """Progress records with the certified figures merged in, one row per (month, indicator) that
    has either: ``reported`` and ``certified`` as given (NaN where none), ``value`` the figure of
    record (the certified one where present, also where the unit reported nothing)."""
    base = records.assign(reported=records["value"], certified=np.nan)
    if certified is None or certified.empty:
        return base[FIGURE_COLUMNS].reset_index(drop=True)
    key = row_keys(records, certified)
    at = pd.Index(key[:len(records)]).get_indexer(key[len(records):])  # each certified row's record, or -1
    matched = at >= 0
    figure = certified["value"].to_numpy(dtype=float)
    cert = np.full(len(records), np.nan)
    cert[at[matched]] = figure[matched]
    base = base.assign(certified=cert)
    only = certified[~matched]  # certified where the unit reported nothing that month
    extra = pd.DataFrame({"month": only["month"], "indicator": only["indicator"], "area": only["area"],
                          "reported": np.nan, "certified": only["value"], "note": "", "reporter": "",
                          "file": only["file"], "line": only["line"]})
    merged = pd.concat([base, extra], ignore_index=True) if len(extra) else base.reset_index(drop=True)
    certified_value = merged["certified"].to_numpy(dtype=float)
    merged["value"] = np.where(np.isnan(certified_value), merged["reported"].to_numpy(dtype=float), certified_value)
    month = merged["month"].to_numpy(dtype=object)
    if len(extra) or not (month[:-1] <= month[1:]).all():  # in month order (the records are, as read)
        merged = merged.iloc[np.argsort(month, kind="stable")].reset_index(drop=True)
    return merged[FIGURE_COLUMNS]


def record_columns(indicators: pd.DataFrame, as_of: str, figures: pd.DataFrame) -> dict[str, np.ndarray]:
    """:data:`RECORD_COLUMNS` for an evaluated month's ``indicators`` (in their order): ``reported``
    and ``certified`` for the month (NaN where none, and for a figure carried from an earlier month):
    the unit's figure and the statistics bureau's, shown beside the figure of record; and
    ``figure_certified``, whether the figure of record (this month's, or the carried month's) is a
    certified one."""
    whole = figures["area"].to_numpy(dtype=object) == ""  # an indicator split by area has no one reported figure
    month = figures["month"].to_numpy(dtype=object)
    indicator = figures["indicator"].to_numpy(dtype=object)
    ids = indicators["id"].to_numpy(dtype=object)
    now = np.flatnonzero(whole & (month == as_of))  # at most one figure per indicator
    at = pd.Index(indicator[now]).get_indexer(ids)
    found = at >= 0

    def this_month(column: str) -> np.ndarray:
        out = np.full(len(ids), np.nan)
        out[found] = figures[column].to_numpy(dtype=float)[now[at[found]]]
        return out

    # the month each figure of record comes from: its own, or the month it is carried from
    carried_from = indicators["carried_from"]
    source = carried_from.where(carried_from.notna(), as_of).to_numpy(dtype=object)
    certified_at = whole & figures["certified"].notna().to_numpy()
    months = pd.Index(np.concatenate([month[certified_at], source])).unique()
    names = pd.Index(np.concatenate([indicator[certified_at], ids])).unique()
    pair = lambda m, i: months.get_indexer(m).astype(np.int64) * len(names) + names.get_indexer(i)  # noqa: E731
    return {"reported": this_month("reported"), "certified": this_month("certified"),
            "figure_certified": np.isin(pair(source, ids), pair(month[certified_at], indicator[certified_at]))}
