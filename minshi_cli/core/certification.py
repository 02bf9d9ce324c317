"""Certification (指标认定, CONTRACT §9): the statistics bureau's figures and the figures of record.

``data/certified/YYYY-MM.csv`` is read by the progress reader (same encodings, headers, number
forms and lines) and checked by the progress rows' own checks (indicator ids, values, duplicates,
values going down between certified figures).  ``figures_of_record`` is the one step that puts a
certified value in place of the reported one, before :func:`minshi_cli.core.rules.evaluate` runs:
every computation after it (status, delta, assessment, escalation, funds) sees the figure of record.
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import pandas as pd

from minshi_cli.core import kinds
from minshi_cli.core.model import Registry
from minshi_cli.core.problems import Problem
from minshi_cli.core.progress import CERTIFIED
from minshi_cli.core.rowcheck import emit, history_checked, number_text, row_keys
from minshi_cli.core.rules import EPSILON, Evaluation, evaluate, facts_of

FOLDER = "certified"
#: a certified row once checked: one per (month, indicator)
CERTIFIED_COLUMNS = ["month", "indicator", "area", "value", "certifier", "note", "file", "line"]
#: the figures of record: ``value`` is the certified value where there is one, else the reported one
FIGURE_COLUMNS = ["month", "indicator", "area", "value", "reported", "certified", "note", "reporter", "file", "line"]
#: a figure's key: one per (month, indicator, area); area "" is an indicator not split by area
KEY = ["month", "indicator", "area"]


def validate(registry: Registry, certified: pd.DataFrame, records: pd.DataFrame,
             warnings: bool = True) -> tuple[pd.DataFrame, list[Problem]]:
    """The certified figures of record from the certified rows that passed the progress rows'
    checks (``dataset.validate_rows``), checked against each other and the progress ``records``;
    returns them (CERTIFIED_COLUMNS) and the problems."""
    problems: list[Problem] = []
    certified = certified[certified["number"].notna()]  # an empty 认定值 certifies nothing
    ind = facts_of(registry).by_id
    facts = pd.DataFrame({"kind": ind["kind"].to_numpy()[certified["row"].to_numpy()]}, index=certified.index)
    history_checked(certified, facts, problems, CERTIFIED)  # between certified figures only
    if warnings:
        _against_reports(certified, facts, records, problems)
    out = certified.assign(value=certified["number"], certifier=certified["reporter"])
    return out[CERTIFIED_COLUMNS].reset_index(drop=True), problems


def _against_reports(certified: pd.DataFrame, facts: pd.DataFrame, records: pd.DataFrame,
                     problems: list[Problem]) -> None:
    """A certified value where the unit reported nothing that month; a certified cumulative value
    above the reported one (certification confirms or reduces: 核减, not 核增)."""
    reported = records[records["value"].notna()].set_index(KEY)["value"]
    key = pd.MultiIndex.from_frame(certified[KEY])
    figure = reported.reindex(key).to_numpy(dtype=float)
    value = certified["number"].to_numpy(dtype=float)
    absent = np.isnan(figure)
    hit = certified[absent]
    emit(problems, hit, "certified-unreported", "value",
         (f"指标 {i} {m} 有认定值 {number_text(v)}，但责任单位当月没有报送：核对认定的月份和指标编号，并请责任单位补报"
          for i, m, v in zip(hit["indicator"].tolist(), hit["month"].tolist(), hit["number"].tolist())))
    cuts_only = kinds.flags(facts["kind"].to_numpy(dtype=object), "certified_cuts_only")
    with np.errstate(invalid="ignore"):
        above = cuts_only & ~absent & (value > figure + EPSILON * np.abs(figure))
    hit = certified[above]
    emit(problems, hit, "certified-above-reported", "value",
         (f"指标 {i} {m} 的认定值 {number_text(v)} 高于责任单位报送的 {number_text(r)}：认定一般只核减，请核对"
          for i, m, v, r in zip(hit["indicator"].tolist(), hit["month"].tolist(), value[above].tolist(),
                                figure[above].tolist())))


def figures_of_record(records: pd.DataFrame, certified: Optional[pd.DataFrame]) -> pd.DataFrame:
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


def evaluate_on_record(data, as_of: str) -> Evaluation:
    """The year evaluated up to ``as_of`` on the figures of record of a loaded dataset, with each
    indicator's ``reported`` and ``certified`` figures beside them."""
    figures = data.figures
    return annotate(evaluate(data.registry, figures, as_of), figures)


def annotate(evaluation: Evaluation, figures: pd.DataFrame) -> Evaluation:
    """The evaluation's indicators with ``reported`` and ``certified`` for its month (NaN where
    none, and for a figure carried from an earlier month, CONTRACT §6): the unit's figure and the
    statistics bureau's, shown beside the figure of record; and ``figure_certified``, whether the
    figure of record (this month's, or the carried month's) is a certified one."""
    whole = figures["area"].to_numpy(dtype=object) == ""  # an indicator split by area has no one reported figure
    month = figures["month"].to_numpy(dtype=object)
    indicator = figures["indicator"].to_numpy(dtype=object)
    ind = evaluation.indicators
    ids = ind["id"].to_numpy(dtype=object)
    now = np.flatnonzero(whole & (month == evaluation.as_of))  # at most one figure per indicator
    at = pd.Index(indicator[now]).get_indexer(ids)
    found = at >= 0

    def this_month(column: str) -> np.ndarray:
        out = np.full(len(ids), np.nan)
        out[found] = figures[column].to_numpy(dtype=float)[now[at[found]]]
        return out

    # the month each figure of record comes from: its own, or the month it is carried from
    source = ind["carried_from"].where(ind["carried_from"].notna(), evaluation.as_of).to_numpy(dtype=object) \
        if "carried_from" in ind else np.full(len(ids), evaluation.as_of, dtype=object)
    certified_at = whole & figures["certified"].notna().to_numpy()
    months = pd.Index(np.concatenate([month[certified_at], source])).unique()
    names = pd.Index(np.concatenate([indicator[certified_at], ids])).unique()
    pair = lambda m, i: months.get_indexer(m).astype(np.int64) * len(names) + names.get_indexer(i)  # noqa: E731
    evaluation.indicators = ind.assign(
        reported=this_month("reported"), certified=this_month("certified"),
        figure_certified=np.isin(pair(source, ids), pair(month[certified_at], indicator[certified_at])))
    return evaluation
