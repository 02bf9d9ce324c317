"""The year as of a month: the one service that gives an evaluation (docs/rules.md).

A :class:`Year` is a loaded, checked data folder with its figures of record
(:mod:`minshi_cli.core.figures`); :meth:`Year.as_of` gives the year evaluated up to a month, on
the figures of record, in its declared shape (:data:`INDICATOR_COLUMNS`): every command computes it
once and passes it down — status, report (and the Word/Excel writers, through the report's
context), assess and verify all take it.

Several months of one year cost one read and one check: ::

    year = Year.of(load(data_dir, warnings=False))
    for month in year.data.months:
        evaluation = year.as_of(month)      # each month evaluated once, then kept
    year.evaluations("2019-07")             # the year so far: first month to July

:func:`open_year` is what a command does first: load, refuse data with errors up to the month
(or leave the rows with errors out: ``skip_invalid``), narrow to one area, and evaluate the month.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Optional

import numpy as np
import pandas as pd

from minshi_cli.core import figures as figures_of
from minshi_cli.core.dataset import Dataset, load
from minshi_cli.core.figures import RECORD_COLUMNS
from minshi_cli.core.months import month_number
from minshi_cli.core.paths import display
from minshi_cli.core.problems import DataProblems, MinshiError, Problem, UsageProblem, errors_in
from minshi_cli.core.progress import NOT_READ
from minshi_cli.core.model import Registry
from minshi_cli.core.rules import EVALUATED_COLUMNS, Evaluation, evaluate

#: the columns of an evaluated month's indicators (``Evaluation.indicators``), declared once: the
#: registry's facts and what the rules give (:data:`minshi_cli.core.rules.EVALUATED_COLUMNS`), then
#: the figures beside the figure of record (:data:`minshi_cli.core.figures.RECORD_COLUMNS`)
INDICATOR_COLUMNS = [*EVALUATED_COLUMNS, *RECORD_COLUMNS]


@dataclass
class Year:
    """A data folder's year: its checked data and figures of record, evaluated as of any month."""

    data: Dataset
    #: the figures of record (:data:`minshi_cli.core.figures.FIGURE_COLUMNS`)
    figures: pd.DataFrame
    _evaluations: dict[str, Evaluation] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, data: Dataset) -> "Year":
        return cls(data, figures_of.of_record(data.records, data.certified))

    @property
    def registry(self) -> Registry:
        return self.data.registry

    @property
    def certifying(self) -> bool:
        return self.data.certifying

    def as_of(self, month: str) -> Evaluation:
        """The year evaluated up to ``month`` on the figures of record, with each indicator's
        ``reported`` and ``certified`` figures beside them; made once per month."""
        if month not in self._evaluations:
            evaluation = evaluate(self.registry, self.figures, month)
            evaluation.indicators = evaluation.indicators.assign(
                **figures_of.record_columns(evaluation.indicators, month, self.figures))
            self._evaluations[month] = evaluation
        return self._evaluations[month]

    @property
    def first_month(self) -> str:
        """The year's first month of reports (January until the registry says otherwise)."""
        return getattr(self.registry, "first_month", None) or f"{self.registry.year}-01"

    def evaluations(self, as_of: str) -> list[Evaluation]:
        """The year so far: every month from :attr:`first_month` to ``as_of``, each evaluated once
        (:meth:`as_of`)."""
        first = month_number(self.first_month)
        return [self.as_of(f"{self.registry.year}-{k:02d}") for k in range(first, month_number(as_of) + 1)]

    def month(self, month: Optional[str]) -> str:
        """``month`` checked against the registry's year and its first month of reports
        (docs/registry.md ``first_month``: core.expected.require_reporting); by default the latest
        month with data."""
        from minshi_cli.core.expected import require_reporting

        registry = self.registry
        if month is None:
            if not self.data.months:
                raise MinshiError("没有任何月度进度文件：请把 YYYY-MM.csv 放进数据文件夹的 progress/ 中")
            return require_reporting(registry, self.data.months[-1])
        if not registry.in_year(month):
            raise UsageProblem(f"月份 {month} 不在登记表年度 {registry.year} 年内：应为 {registry.year}-01 至 {registry.year}-12")
        return require_reporting(registry, month)

    def errors(self, month: str) -> list[Problem]:
        """The errors that concern the year up to ``month``: not those in files of later months, nor a
        file that was not read at all (a copy, a backup: :data:`minshi_cli.core.progress.NOT_READ`)."""
        data = self.data
        later = {t.file for t in data.tables + data.other_tables if t.month > month}
        later |= {display(s.folder) for s in data.sources if s.folder is not None and s.month > month}
        return [p for p in errors_in(data.problems) if p.file not in later and p.code not in NOT_READ]

    def without_rows(self, problems: list[Problem]) -> "Year":
        """The year without the rows ``problems`` name (``report --skip-invalid``), of every kind of
        file alike (:func:`in_error`): a progress row's indicator counts as 未报送 that month, a
        certified row leaves the unit's reported figure standing, a funds row leaves the project's
        latest earlier disbursement standing (docs/problems.md)."""
        if not problems:
            return self
        data = self.data
        kept = lambda frame: None if frame is None else frame[~in_error(frame, problems)]  # noqa: E731
        return Year.of(replace(data, records=kept(data.records), certified=kept(data.certified), funds=kept(data.funds)))

    def for_area(self, area: str) -> "Year":
        """The year as one area sees it (``--area``): the indicators reported per area that list it,
        with the area's own targets and figures of record, judged by the same rules (docs/areas.md)."""
        registry = self.registry
        if area not in registry.areas:
            if not registry.areas:
                raise UsageProblem(f"登记表没有分地区（顶层没有 areas），不能用 --area {area}")
            guess = difflib.get_close_matches(area, list(registry.areas), n=1, cutoff=0.5)
            hint = f"，是否应为「{guess[0]}」？" if guess else "。"
            raise UsageProblem(f"登记表中没有地区「{area}」{hint}可选：{'、'.join(registry.areas)}")
        mine = registry.for_area(area)
        figures = self.figures  # the figures of record: an area's certified figure replaces its reported one
        figures = figures[figures["area"].eq(area)].assign(area="")
        records = self.data.records[self.data.records["area"].eq(area)].assign(area="")
        return Year(replace(self.data, registry=mine, records=records), figures)


def in_error(rows: pd.DataFrame, problems: list[Problem]) -> np.ndarray:
    """Which of ``rows`` (progress, certified or funds rows: ``file`` and ``line`` columns) the
    ``problems`` name: a problem at a line names that row; one without a line (a file named for
    another month, a month given twice) names every row of its file, or of its folder."""
    if rows.empty or not problems:
        return np.zeros(len(rows), dtype=bool)
    file = rows["file"].to_numpy(dtype=object)
    at = pd.MultiIndex.from_arrays([file, rows["line"].astype(int)])
    hit = at.isin([(p.file, p.line) for p in problems if p.line is not None])
    whole = {p.file for p in problems if p.line is None}
    if whole:
        folders = tuple(f.rstrip("/") + "/" for f in whole)
        hit |= np.array([f in whole or f.startswith(folders) for f in file.tolist()], dtype=bool)
    return hit


def open_year(data_dir: Path, month: Optional[str], warn: Optional[Callable[[str], None]] = None, *,
              area: Optional[str] = None, skip_invalid: bool = False, data: Optional[Dataset] = None,
              ) -> tuple[Year, Evaluation, list[Problem]]:
    """What a command works on: the year of ``data_dir`` (or of ``data``, loaded already) and its
    evaluation as of ``month`` (default: the latest month with data), on the figures of record.

    Data with errors is refused (warnings are for ``minshi check``); errors in files of later
    months do not stop a picture of an earlier month.  With ``skip_invalid`` a row with an error is
    left out instead (its indicator counts as 未报送 that month) and the errors are returned so they
    can be listed; a file that could not be read at all contributes no rows.  A file that is not
    read (a copy, a backup, a misnamed file in progress/) never blocks: ``warn`` is told it was
    skipped.  ``area``: the year as that area sees it (:meth:`Year.for_area`)."""
    year = Year.of(data or load(data_dir, warnings=False))
    month = year.month(month)
    errors = year.errors(month)
    for p in year.data.problems:
        if p.code in NOT_READ and warn is not None:
            warn(f"警告：已跳过 {p.file}：{p.message}")
    if skip_invalid:
        year = year.without_rows(errors)
    elif errors:
        raise DataProblems(errors)
    if area is not None:
        year = year.for_area(area)
    return year, year.as_of(month), errors if skip_invalid else []
