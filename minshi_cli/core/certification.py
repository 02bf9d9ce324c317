"""Certification (指标认定, docs/assessment.md): the statistics bureau's figures and the figures of record.

``data/certified/YYYY-MM.csv`` is read by the progress reader (same encodings, headers, number
forms and lines) and checked by the progress rows' own checks (indicator ids, values, duplicates,
values going down between certified figures).  Putting a certified value in place of the reported
one — the figures of record — is :mod:`minshi_cli.core.figures`.
"""

from __future__ import annotations

from typing import Iterable, Optional

import numpy as np
import pandas as pd

from minshi_cli.core import kinds
from minshi_cli.core.model import Registry
from minshi_cli.core.problems import Problem
from minshi_cli.core.figures import KEY
from minshi_cli.core.progress import CERTIFIED
from minshi_cli.core.rowcheck import emit, history_checked, number_text
from minshi_cli.core.rules import EPSILON, facts_of

FOLDER = "certified"
#: a certified row once checked: one per (month, indicator)
CERTIFIED_COLUMNS = ["month", "indicator", "area", "value", "certifier", "note", "file", "line"]


def validate(registry: Registry, certified: pd.DataFrame, records: pd.DataFrame, warnings: bool = True,
             wrong: Optional[np.ndarray] = None, unfilled: Iterable[str] = ()
             ) -> tuple[pd.DataFrame, np.ndarray, list[Problem]]:
    """The certified figures of record from the certified rows that passed the progress rows'
    checks (``dataset.validate_rows``), checked against each other and the progress ``records``
    (``wrong``: which of them are in error, compared with nothing); returns them
    (CERTIFIED_COLUMNS), which of them are in error (below an earlier certified figure) and the
    problems. ``unfilled``: months whose progress files hold a header alone (said once a file as
    empty-file): a certified figure there is not certified-unreported."""
    problems: list[Problem] = []
    certified = certified[certified["number"].notna()]  # an empty 认定值 certifies nothing
    ind = facts_of(registry).by_id
    facts = pd.DataFrame({"kind": ind["kind"].to_numpy()[certified["row"].to_numpy()]}, index=certified.index)
    cert_wrong = history_checked(certified, facts, problems, CERTIFIED)  # between certified figures only
    if warnings:
        _against_reports(certified[~cert_wrong], facts[~cert_wrong], records,
                         np.zeros(len(records), dtype=bool) if wrong is None else wrong, problems, set(unfilled))
    out = certified.assign(value=certified["number"], certifier=certified["reporter"])
    return out[CERTIFIED_COLUMNS].reset_index(drop=True), cert_wrong, problems


def _against_reports(certified: pd.DataFrame, facts: pd.DataFrame, records: pd.DataFrame, wrong: np.ndarray,
                     problems: list[Problem], unfilled: set[str] = frozenset()) -> None:
    """A certified value where the unit reported nothing that month; a certified cumulative value
    above the reported one (certification confirms or reduces: 核减, not 核增), where the reported
    one is not in error (``wrong``: which ``records`` are)."""
    reported = records[records["value"].notna().to_numpy() & ~wrong].set_index(KEY)["value"]
    key = pd.MultiIndex.from_frame(certified[KEY])
    figure = reported.reindex(key).to_numpy(dtype=float)
    doubted = pd.MultiIndex.from_frame(records.loc[wrong, KEY]) if wrong.any() else None
    value = certified["number"].to_numpy(dtype=float)
    absent = np.isnan(figure)
    if doubted is not None:  # reported, but in error: neither absent nor to compare with
        absent &= ~key.isin(doubted)
    if unfilled:
        absent &= ~certified["month"].isin(list(unfilled)).to_numpy()
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
