"""Loading a data folder: the registry, every month's progress files, and every problem in them.

``load`` reads the registry once and each file once; the row checks are vectorised over all
rows of all months together.  The result feeds ``check`` (which prints the problems) and
``status``/``report`` (which refuse data with errors).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import numpy as np
import pandas as pd

from minshi_cli.core import values as value_rules
from minshi_cli.core.findings import FileWords, Findings
from minshi_cli.core.months import read_month_cell
from minshi_cli.core.paths import REGISTRY_NAME, absolute, argument, command, display, progress_dir, registry_path
from minshi_cli.core.problems import Problem, UsageProblem
from minshi_cli.core.progress import (CERTIFIED, FORM, FUNDS, IGNORED, INPUT, PROGRESS, FileKind, Source, Table,
                                      classify_given, discover, entry_problem, given_twice, month_folder, no_rows,
                                      read_table, rows_frame)
from minshi_cli.core.registry import Registry, load_registry
from minshi_cli.core.textfile import HALF_WIDTH, UTF8, UTF8_BOM
from minshi_cli.core import figures, kinds
from minshi_cli.core.rowcheck import cleaned, duplicates_dropped, emit, history_checked, number_text, unpadded
from minshi_cli.core.rules import Facts, facts_of
from minshi_cli.core.statuses import among, lagging

RECORD_COLUMNS = ["month", "indicator", "area", "value", "note", "reporter", "file", "line"]


@dataclass
class Dataset:
    registry: Registry
    sources: list[Source]
    tables: list[Table]
    records: pd.DataFrame  # valid rows, one per (month, indicator, area): RECORD_COLUMNS (area "" = the whole)
    problems: list[Problem] = field(default_factory=list)
    #: certified figures (core.certification.CERTIFIED_COLUMNS); None when there is no certified/ folder
    certified: Optional[pd.DataFrame] = None
    funds: Optional[pd.DataFrame] = None  # disbursements (core.funds.FUNDS_COLUMNS)
    other_tables: list[Table] = field(default_factory=list)  # the certified and funds files read

    @property
    def certifying(self) -> bool:
        """Whether the data folder has a ``certified/`` folder (then uncertified figures are 待认定)."""
        return self.certified is not None

    @property
    def months(self) -> list[str]:
        """Months of the registry's year that have progress files."""
        return [s.month for s in self.sources if self.registry.in_year(s.month)]

    def has_month(self, month: str) -> bool:
        """Whether ``month`` has a progress file (or a folder holding CSVs); without one, every
        indicator of that month counts as 未报送."""
        return any(t.month == month for t in self.tables)

    @property
    def files(self) -> list[str]:
        return [t.file for t in self.tables]

    @property
    def line_count(self) -> int:
        return sum(t.lines for t in self.tables + self.other_tables)


def open_registry(data_dir: Path) -> Registry:
    if data_dir.exists() and not data_dir.is_dir():
        raise UsageProblem(f"数据文件夹 {display(data_dir)} 是文件，不是文件夹：请用 --data {argument(data_dir.parent)} "
                           "指定它所在的文件夹")
    if not data_dir.is_dir():
        looked = "" if data_dir.is_absolute() else f"（找的是 {absolute(data_dir)}）"
        if (Path.cwd() / REGISTRY_NAME).is_file():
            # run from inside the data folder itself
            raise UsageProblem(f"找不到数据文件夹 {display(data_dir)}{looked}；当前文件夹有 {REGISTRY_NAME}，"
                               "它就是数据文件夹：请用 --data . （或回到它的上一级运行）")
        raise UsageProblem(f"找不到数据文件夹 {display(data_dir)}{looked}：请用 --data DIR 指定数据文件夹，"
                           "或设置环境变量 MINSHI_DATA")
    return load_registry(registry_path(data_dir))


def load(data_dir: Path, registry: Optional[Registry] = None, extra: Iterable[Path] = (),
         warnings: bool = True) -> Dataset:
    """Read and validate everything under ``data_dir`` (plus ``extra`` progress files or month
    folders given by path, which stand in for the data folder's own files of their month).
    ``warnings=False`` skips the checks that can only warn (for commands that refuse errors only)."""
    from minshi_cli.core import certification, funds

    registry = registry or open_registry(data_dir)
    extra = list(extra)
    by_kind = {k.name: [p for p in extra if file_kind(p) is k] for k in (PROGRESS, CERTIFIED, FUNDS)}
    sources, tables, problems = read_folder(progress_dir(data_dir), PROGRESS, registry, by_kind[PROGRESS.name])
    rows = rows_frame(tables)
    broken = {t.month for t in tables if not t.complete}
    complete = [s for s in sources if registry.in_year(s.month) and s.month not in broken]
    other: list[Table] = []
    cert_rows = None
    folder = data_dir / certification.FOLDER
    if folder.is_dir() or by_kind[CERTIFIED.name]:
        _, cert_tables, more = read_folder(folder, CERTIFIED, registry, by_kind[CERTIFIED.name])
        problems += more
        other += cert_tables
        cert_rows = rows_frame(cert_tables, CERTIFIED)
    # progress and certified rows are checked in one pass, by the same rules (docs/assessment.md)
    # months before first_month are read and checked, but nothing in them is expected (docs/registry.md)
    # a month whose files hold a header alone is one empty-file warning a file (core.progress), no
    # per-indicator not-reported or certified-unreported derived from it (docs/problems.md)
    unfilled = {t.month for t in tables} - {t.month for t in tables if not any(p.code == "empty-file" for p in t.problems)}
    expected = [s for s in complete if (not registry.first_month or s.month >= registry.first_month)
                and s.month not in unfilled]
    records, wrong, cert_records, row_problems = validate_rows(registry, rows, expected, warnings, certified=cert_rows,
                                                               data_dir=data_dir)
    if warnings:
        problems += _months_missing(registry, sources, progress_dir(data_dir))
        problems += area_target_sums(registry)

    # the warnings derived from figures (certified above reported, funds behind progress) see only
    # the figures not in error (docs/problems.md): a wrong figure is reported once, as its error
    certified, sound_certified = None, None
    if cert_records is not None:
        certified, cert_wrong, found = certification.validate(registry, cert_records, records, warnings, wrong,
                                                              unfilled=unfilled)
        sound_certified = certified[~cert_wrong]
        row_problems += found
    disbursed = None
    folder = data_dir / funds.FOLDER
    if folder.is_dir() or by_kind[FUNDS.name]:
        _, funds_tables, more = read_folder(folder, FUNDS, registry, by_kind[FUNDS.name])
        disbursed, funds_wrong, found = funds.validate(registry, rows_frame(funds_tables, FUNDS))
        if warnings:
            found += funds.behind_progress(registry, disbursed[~funds_wrong],
                                           figures.of_record(records[~wrong], sound_certified))
        problems += more
        row_problems += found
        other += funds_tables
    # every row problem in its file's words: its column as the file writes it (累计完成, 认定值, 已拨付)
    findings = Findings(problems).add_rows(row_problems, file_words(tables + other), _QUOTES_A_CELL).by_place()
    return Dataset(registry, sources, tables, records, findings.problems, certified, disbursed, other)


def file_kind(path: Path) -> FileKind:
    """A file's kind from its folder (docs/assessment.md): under ``certified/`` or ``funds/`` (directly or
    in a month folder there), else progress."""
    for folder in (path.parent, path.parent.parent):
        for kind in (CERTIFIED, FUNDS):
            if folder.name == kind.name:
                return kind
    return PROGRESS


def unused_words(problems: Iterable[Problem]) -> str:
    """What stands where the rows ``problems`` name are not used (report --skip-invalid), in the
    order of the file kinds: 相应指标按未报送计 for progress rows; the unit's report for a certified
    row; the earlier disbursement for a funds row (docs/problems.md).  Rows of several kinds: each
    said with its kind's name (进度数据相应指标按未报送计，认定数据相应指标沿用单位报送的数)."""
    kinds = {file_kind(Path(p.file)) for p in problems}
    present = [k for k in (PROGRESS, CERTIFIED, FUNDS) if k in kinds]
    if len(present) == 1:
        return present[0].unused
    return "，".join(f"{k.data_word}{k.unused}" for k in present)


def read_folder(folder: Path, kind: FileKind, registry: Registry,
                extra: list[Path] = ()) -> tuple[list[Source], list[Table], list[Problem]]:
    """Every month file of one kind under ``folder`` (plus ``extra`` files or month folders given by
    path, which stand in for the folder's own files of their month): the month sources, the
    tables read (months of the registry's year only) and the naming and file-level problems."""
    sources, problems = discover(folder)
    sources, more = _with_extra(sources, list(extra), folder, kind, registry.year)
    problems += [p for p in more if p not in problems]  # a month folder of progress/ given by path
    tables = []
    for source in sources:
        if not registry.in_year(source.month):
            for f in source.files:
                problems.append(Problem(display(f), None, None, "month-out-of-year",
                                        f"月份 {source.month} 不在登记表年度 {registry.year} 年内：文件未读取"))
            continue
        twice = given_twice(source)
        if twice is not None:  # neither place is read (its files are listed, as not read)
            problems.append(twice)
            tables += [Table(display(f), source.month, None, 0, no_rows(kind), [], complete=False, kind=kind)
                       for f in source.files]
            continue
        for f in source.files:
            tables.append(read_table(f, source.month, kind))
    for t in tables:
        problems += t.problems
    return sources, tables, problems


def _months_missing(registry: Registry, sources: list[Source], folder: Path) -> list[Problem]:
    """A month of the year with no progress file, before the latest month that has one."""
    have = {s.month for s in sources}
    months = [m for m in registry.months() if not registry.first_month or m >= registry.first_month]
    latest = max((months.index(m) for m in have if m in months), default=-1)
    return [Problem(display(folder), None, None, "missing-month",
                    f"{m} 没有进度文件（应有 {m}.csv、{m}.xlsx 或放着各单位文件的 {m}/ 文件夹）：该月各指标均按未报送计，请补交")
            for m in months[:latest] if m not in have]


def area_target_sums(registry: Registry) -> list[Problem]:
    """A warning where an indicator's area targets do not add up to its own target (docs/areas.md)."""
    out = []
    for i in registry.split:
        if not kinds.KINDS[i.kind].area_targets:
            continue
        total = sum(t for _, t in i.areas)
        if abs(total - i.target) > kinds.EPSILON * max(abs(i.target), 1.0):
            parts = "＋".join(f"{a} {number_text(t)}" for a, t in i.areas)
            out.append(Problem(registry.path, i.areas_line or i.line, "areas", "area-target-sum",
                               f"指标 {i.id}（{i.name}）各地区目标之和 {number_text(total)}{i.unit}（{parts}）"
                               f"不等于指标的目标 {number_text(i.target)}{i.unit}：核对各地区的目标和 target"))
    return out


def area_pairs(registry: Registry) -> pd.DataFrame:
    """Every (indicator, area) reported as one row: an indicator not split by area is one pair with
    area "", a split one a pair per area, with the target that applies (the area's own)."""
    rows = [(i.id, a, t) for i in registry.indicators for a, t in (i.areas or (("", i.target),))]
    return pd.DataFrame(rows, columns=["indicator", "area", "target"])


def file_words(tables: list[Table]) -> dict[str, FileWords]:
    """What each file's row problems are worded with: its headers as written, the encoding it was
    read in where that is not UTF-8 (a quoted cell a wrong decoding would garble), its sheet and
    where each column is in it."""
    return {t.file: FileWords(t.headers, t.encoding if t.encoding not in (None, UTF8, UTF8_BOM) else None, t.sheet,
                              t.positions if t.sheet else {})
            for t in tables}


#: problems whose message quotes the text of a cell, which a wrong decoding would garble
_QUOTES_A_CELL = {"month-mismatch", "month-format", "unknown-indicator", "unexpected-reporter", "unknown-area", value_rules.NOT_A_NUMBER,
                  value_rules.NOT_FINITE, value_rules.NEGATIVE, value_rules.PERCENT, value_rules.WRONG_UNIT,
                  kinds.UNKNOWN_STAGE, kinds.UNKNOWN_STATUS_WORD}


def _with_extra(sources: list[Source], extra: list[Path], folder: Path, kind: FileKind,
                year: int) -> tuple[list[Source], list[Problem]]:
    problems: list[Problem] = []
    by_month = {s.month: s for s in sources}
    replaced: set[str] = set()
    for path in extra:
        what = classify_given(path, folder, kind.columns[kind.key], year)
        if what.kind not in (INPUT, FORM):
            problems += [] if what.kind == IGNORED else [entry_problem(path, what)]
            continue
        month, files = what.month, [path]
        if path.is_dir():
            files, more = month_folder(path)
            problems += more
        source = by_month.setdefault(month, Source(month))
        resolved = {f.resolve() for f in source.files}
        if month not in replaced and not all(f.resolve() in resolved for f in files):
            source.files = []  # a submitted month stands in for the stored one
        replaced.add(month)
        source.files.extend(f for f in files if f.resolve() not in {g.resolve() for g in source.files})
        if what.kind == FORM:
            source.forms.append(path)
    return [by_month[m] for m in sorted(by_month)], problems


def validate_rows(registry: Registry, rows: pd.DataFrame, sources: list[Source], warnings: bool = True,
                  certified: Optional[pd.DataFrame] = None, data_dir: Optional[Path] = None
                  ) -> tuple[pd.DataFrame, np.ndarray, Optional[pd.DataFrame], list[Problem]]:
    """Row and cross-month checks over all rows at once; returns the valid records, which of them
    are in error all the same (a figure below an earlier one: decreasing-value), the certified
    rows that pass the same checks (None without ``certified``) and the problems.  ``sources`` are
    the months whose files were all readable (checked for indicators not reported).  ``certified``
    (the certified/ folder's rows) goes through the same cell, area and duplicate checks in the
    same pass; a certified figure and a reported one for the same month are not duplicates.
    ``data_dir`` (the data folder as given) goes into the commands messages suggest."""
    problems: list[Problem] = []
    facts = facts_of(registry)
    ind = facts.by_id
    pairs = area_pairs(registry)
    codes = _Codes(ind.index, registry.areas)
    reported = len(rows)
    if certified is not None:
        certified = certified.rename(columns={"certifier": "reporter"})
        certified = certified.assign(**{c: "" for c in rows.columns if c not in certified})  # 上月累计: forms only
        rows = pd.concat([rows, certified[rows.columns]], ignore_index=True)
    rows = _cells_checked(rows.reset_index(drop=True), ind, problems, codes, data_dir)
    rows["certified"] = np.arange(len(rows)) >= reported
    # the month as an integer that sorts as the text does, and its number (1-12)
    month_code, month_names = pd.factorize(rows["month"].to_numpy(dtype=object), sort=True)
    rows["month_code"] = month_code
    rows["month_no"] = np.array([int(m[5:]) for m in month_names] + [0], dtype=int)[month_code]
    pairs["pair"] = codes.pair(pairs["indicator"], pairs["area"])
    rows = _areas_checked(rows, registry, pairs, problems)
    checked = duplicates_dropped(rows, problems)
    is_cert = checked["certified"].to_numpy()
    records = checked[~is_cert]
    at = records["row"].to_numpy()  # every record's indicator is known
    known = pd.DataFrame({c: ind[c].to_numpy()[at] for c in ("kind", "target", "responsible_unit", "unit")},
                         index=records.index)
    for flag in ("monotone", "warns_above_target"):  # a kind's flag looked up per indicator, not per row
        known[flag] = kinds.flags(ind["kind"].to_numpy(dtype=object), flag)[at]
    if registry.areas:  # the target that applies to each row: its area's own
        where = np.full(codes.pairs, -1, dtype=np.int64)
        where[pairs["pair"].to_numpy()] = np.arange(len(pairs))
        known["target"] = pairs["target"].to_numpy()[where[records["pair"].to_numpy()]]
    # a report is compared with the latest earlier figure of record: the certified one where there is one
    certified_rows = checked[is_cert]
    certified_rows = certified_rows.assign(monotone=kinds.flags(ind["kind"].to_numpy(dtype=object), "monotone")[
        certified_rows["row"].to_numpy()])
    wrong = history_checked(records, known, problems, record=certified_rows)
    _previous_column_checked(records, ind, checked[is_cert], problems)
    if warnings:  # a figure in error yields no warning derived from it (above target, lagging)
        _plausibility_checked(records[~wrong], known[~wrong], facts, problems)
        _reports_counted(rows[~rows["certified"].to_numpy()], ind, pairs, codes, sources, month_names, problems,
                         registry)
    cert_records = checked[is_cert] if certified is not None else None
    records = records.assign(value=records["number"])[RECORD_COLUMNS].reset_index(drop=True)
    return records, wrong, cert_records, problems


class _Codes:
    """(indicator, area) and (month, indicator, area) as single integers: hashing, sorting and
    comparing one int64 column is what keeps 470,000 rows fast (three string columns are not)."""

    def __init__(self, ids: pd.Index, areas: tuple[str, ...]):
        self.ids = pd.Index(ids)
        self.areas = pd.Index(["", *areas])
        self.pairs = len(self.ids) * len(self.areas)

    def pair(self, indicator: pd.Series, area: pd.Series) -> np.ndarray:
        """-1 where the indicator or the area is unknown."""
        i = self.ids.get_indexer(indicator)
        a = _indexer(self.areas, area)
        return np.where((i >= 0) & (a >= 0), i.astype(np.int64) * len(self.areas) + a, -1)

    def decode(self, pair: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self.ids.to_numpy()[pair // len(self.areas)], self.areas.to_numpy()[pair % len(self.areas)]


def _indexer(index: pd.Index, values: pd.Series) -> np.ndarray:
    """``index.get_indexer(values)`` hashing each distinct value once."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    return index.get_indexer(uniques)[codes] if len(codes) else np.zeros(0, dtype=np.int64)


def _cells_checked(rows: pd.DataFrame, ind: pd.DataFrame, problems: list[Problem], codes: _Codes,
                   data_dir: Optional[Path] = None) -> pd.DataFrame:
    """Trim what needs trimming; check the month column, the indicator ids and the values.
    Adds ``number`` (the parsed value), ``reported``, ``known`` and ``usable`` (``ok`` = no problem),
    ``row`` (the indicator's row in ``ind``, -1 if unknown) and ``pair`` (see ``_Codes``)."""
    as_typed = rows["indicator"]  # quoted in messages as typed (full-width colons kept)
    rows["indicator"], row = cleaned(rows["indicator"], lambda t: t.translate(HALF_WIDTH).strip(), index=ind.index)
    rows["month_cell"], _ = cleaned(rows["month_cell"], str.strip)
    # names are compared without their padding ("区 民政局" is 区民政局), as in the registry
    rows["reporter"], _ = cleaned(rows["reporter"], unpadded)
    rows["note"], _ = cleaned(rows["note"], str.strip)
    rows["area"], area = cleaned(rows["area"], unpadded, index=codes.areas, all_rows=True)

    bad_month = _months_checked(rows, problems)

    known = pd.Series(row >= 0, index=rows.index)
    if not known.all():
        ids = ind.index.tolist()
        skipped = ~known & _under_the_data(rows, known)
        emit(problems, rows[skipped], "skipped-row", "indicator",
              (_skipped_row(t) for t in as_typed[skipped].tolist()))
        unknown = ~known & ~skipped
        emit(problems, rows[unknown], "unknown-indicator", "indicator",
              (_unknown_id(t, ids, shown, data_dir) for t, shown in zip(rows.loc[unknown, "indicator"].tolist(),
                                                              as_typed[unknown].tolist())))

    # what the kinds' parsers and messages read of each row's indicator (NaN where unknown)
    facts = pd.DataFrame({c: pd.api.extensions.take(ind[c].to_numpy(dtype=object), row, allow_fill=True)
                          for c in ("kind", "unit", "stage_names")}, index=rows.index, dtype=object)
    value, code = _values_parsed(rows["value"], facts, row, ind["kind"].to_numpy(dtype=object))
    bad_value = known & code.notna()
    if bad_value.any():
        for (c, kind), hit in rows[bad_value].groupby([code[bad_value], facts.loc[bad_value, "kind"]], sort=False):
            spec = kinds.KINDS[kind]
            emit(problems, hit, c, "value", (spec.explain(c, t, f) for t, f in
                                             zip(hit["value"].tolist(), facts.loc[hit.index].to_dict("records"))))
    known, bad_month, coded = known.to_numpy(), np.asarray(bad_month, dtype=bool), code.notna().to_numpy()
    number = value.to_numpy(dtype=float)
    rows = rows.assign(number=number, reported=~np.isnan(number) | coded, known=known,
                       ok=known & ~bad_month & ~coded, usable=known & ~bad_month, row=row)
    rows["pair"] = np.where((row >= 0) & (area >= 0), row.astype(np.int64) * len(codes.areas) + area, -1)
    return rows


def _areas_checked(rows: pd.DataFrame, registry: Registry, pairs: pd.DataFrame,
                   problems: list[Problem]) -> pd.DataFrame:
    """The area of each row of a known indicator (docs/areas.md): required for an indicator reported
    per area and one of its areas; an indicator not split by area takes no area (unknown-area)."""
    given = pd.Series(rows["area"].to_numpy(dtype=object) != "", index=rows.index)
    if not registry.areas and not given.any():
        return rows
    split_ids = {i.id: i for i in registry.split}
    # whether each row's indicator is split and sums its areas (cumulative: the whole is their sum, every
    # row needs an area), looked up by its indicator row (-1, unknown: the last entry); a row with no area
    # of another split kind is the whole's own figure (a city's rate beside its districts', docs/areas.md)
    summed = np.array([bool(i.areas) and kinds.KINDS[i.kind].whole_sums_areas for i in registry.indicators])
    split = pd.Series(np.append(summed, False)[rows["row"].to_numpy()], index=rows.index)
    missing = rows["known"] & split & ~given
    hit = rows[missing]
    emit(problems, hit, "area-missing", "area",
         (f"指标 {i} 分地区报送，但该行没有填写地区：请在 area（地区）列填写 {'、'.join(split_ids[i].area_names)} 之一"
          f"（累计类指标的合计是各地区之和，不单独填报）" for i in hit["indicator"].tolist()))
    pair, listed_pairs = rows["pair"].to_numpy(), pairs["pair"].to_numpy()
    listed = np.zeros(int(np.max(np.concatenate([pair, listed_pairs]), initial=0)) + 2, dtype=bool)
    listed[listed_pairs] = True  # the last entry stands for -1 (an unknown pair): never listed
    wrong = rows["known"] & given & ~listed[pair]
    hit = rows[wrong]
    emit(problems, hit, "unknown-area", "area",
         (_unknown_area(a, split_ids.get(i), i, registry.areas)
          for i, a in zip(hit["indicator"].tolist(), hit["area"].tolist())))
    bad = missing | wrong
    return rows.assign(ok=rows["ok"] & ~bad, usable=rows["usable"] & ~bad)


def _unknown_area(area: str, indicator, indicator_id: str, areas: tuple[str, ...]) -> str:
    import difflib  # only when a name needs a suggestion

    if indicator is None:
        return (f"指标 {indicator_id} 不分地区报送（登记表中该指标没有 areas），该行却填了地区「{area}」："
                "删去地区，或在登记表中为该指标列出 areas")
    names = indicator.area_names
    guess = next(iter(difflib.get_close_matches(area, names, n=1, cutoff=0.6)), None)
    if area in areas:
        why = f"地区「{area}」不在登记表为指标 {indicator_id} 列出的地区中"
    else:
        why = f"地区「{area}」不在登记表中"
    hint = f"，是否应为「{guess}」？" if guess else f"：该指标的地区为 {'、'.join(names)}"
    return why + hint


def _months_checked(rows: pd.DataFrame, problems: list[Problem]) -> pd.Series:
    """The month column, where there is one, read also in the forms Excel turns ``2019-07``
    into (``2019/7/1``, ``201907``, ``Jul-19``); returns the rows whose month is not the file's."""
    cells = rows["month_cell"].to_numpy(dtype=object)
    given = pd.Series((cells != "") & (cells != rows["month"].to_numpy(dtype=object)), index=rows.index)
    if not given.any():
        return given
    read = {c: read_month_cell(c) for c in rows.loc[given, "month_cell"].unique().tolist()}
    month = rows["month_cell"].map({c: m for c, (m, _) in read.items() if m is not None})
    unreadable = given & month.isna()
    hit = rows[unreadable]
    emit(problems, hit, "month-format", "month", (_month_format(c, m, read[c][1])
                                                  for c, m in zip(hit["month_cell"].tolist(), hit["month"].tolist())))
    other = given & ~unreadable & month.ne(rows["month"])
    hit = rows[other]
    emit(problems, hit, "month-mismatch", "month",
         (f"月份「{c}」{'' if c == n else f'（即 {n}）'}与文件所属月份 {m} 不一致：应填 {m}，或把该行移到 {n} 的文件"
          for c, n, m in zip(hit["month_cell"].tolist(), month[other].tolist(), hit["month"].tolist())))
    return unreadable | other


def _month_format(cell: str, month: str, excel: bool) -> str:
    fix = f"请把月份列设为“文本”格式后填写 {month}（或删除月份列）"
    if excel:
        return f"月份「{cell}」看不出是哪一个月：像是 Excel 把月份列自动改成了日期或数字；{fix}"
    return f"月份「{cell}」不是月份：应为 YYYY-MM，如 {month}；{fix}"


def _values_parsed(text: pd.Series, facts: pd.DataFrame, row: np.ndarray,
                   kind_of_row: np.ndarray) -> tuple[pd.Series, pd.Series]:
    """Each row's value in its indicator's kind's value form (docs/kinds.md), and its problem code
    (``row``: each row's indicator's row, -1 if unknown; ``kind_of_row``: each indicator row's kind).
    Kinds that read values the same way (the numeric ones) parse their rows in one call."""
    kind = facts["kind"]
    groups: dict = {}
    present = np.bincount(row[row >= 0], minlength=len(kind_of_row)) > 0
    for key in dict.fromkeys(kind_of_row[present].tolist()):
        parse = type(kinds.KINDS[key]).parse
        groups.setdefault(parse, (kinds.KINDS[key], []))[1].append(key)
    if len(groups) == 1 and (row >= 0).all():
        spec, _ = next(iter(groups.values()))
        value, code = spec.parse(text, facts)
        return value, code.where(code.notna(), None)
    value = pd.Series(np.nan, index=text.index, dtype=float)
    code = pd.Series(None, index=text.index, dtype=object)
    for spec, keys in groups.values():
        mask = kind.isin(keys)
        value[mask], code[mask] = spec.parse(text[mask], facts[mask])
    return value, code.where(code.notna(), None)


def _plausibility_checked(records: pd.DataFrame, known: pd.DataFrame, facts: Facts,
                          problems: list[Problem]) -> None:
    """Warnings: a fraction of a unit counted whole, far above target, an unexpected reporter, a
    lagging indicator with no reason."""
    registry = facts.registry
    target = known["target"].to_numpy()
    number = records["number"].to_numpy()
    unit = known["unit"].fillna("").to_numpy(dtype=object)
    whole_unit = {u: u != "" and not value_rules.takes_decimals(u) for u in set(unit.tolist())}
    with np.errstate(invalid="ignore"):
        fraction = np.array([whole_unit[u] for u in unit.tolist()], dtype=bool) & (np.abs(number - np.round(number)) > 1e-9)
    emit(problems, records[fraction], "fractional-count", "value",
         (_fraction_of_a_count(i, a, v, u) for i, a, v, u in zip(records.loc[fraction, "indicator"].tolist(),
                                                                  records.loc[fraction, "area"].tolist(),
                                                                  number[fraction].tolist(), unit[fraction].tolist())))
    if registry.above_target is not None:
        with np.errstate(invalid="ignore"):
            over = known["warns_above_target"].to_numpy() & (number > registry.above_target * target)
        factor = number_text(registry.above_target * 100)
        emit(problems, records[over], "above-target", "value",
             (f"指标 {i} 的完成值 {number_text(v)} 超过目标 {number_text(t)} 的 {factor}%：核对是否多填了一位数或单位有误"
              for i, v, t in zip(records.loc[over, "indicator"].tolist(), number[over].tolist(), target[over].tolist())))

    expected = known["responsible_unit"].to_numpy()
    reporter = records["reporter"].to_numpy(dtype=object)
    odd = (reporter != "") & (reporter != expected)
    emit(problems, records[odd], "unexpected-reporter", "reporter",
         (f"填报单位「{r}」不是指标 {i} 的主要责任单位「{e}」：核对单位名称"
          for r, i, e in zip(records.loc[odd, "reporter"].tolist(), records.loc[odd, "indicator"].tolist(),
                             expected[odd].tolist())))

    rows, month = records["row"].to_numpy(), records["month_no"].to_numpy()
    status = facts.statuses(rows, month, number, target=target)
    silent = among(status, lagging(registry.paced))  # behind only under rules.pace: none
    silent &= records["note"].to_numpy(dtype=object) == ""
    # worded with the label the status line shows (未完成 behind at or past the due month)
    said = facts.labels(rows[silent], month[silent], status[silent].tolist(), np.full(int(silent.sum()), np.nan))
    emit(problems, records[silent], "missing-reason", "note",
         (f"指标 {i}{f'（{a}）' if a else ''} {word}，但备注为空：请在备注中说明原因和整改措施（调度通报需要）"
          for i, a, word in zip(records.loc[silent, "indicator"].tolist(), records.loc[silent, "area"].tolist(), said)))


def _fraction_of_a_count(indicator: str, area: str, value: float, unit: str) -> str:
    """``fractional-count``: 8950.5 人 — what was typed, why it is odd, and the two whole numbers near it."""
    low, high = math.floor(value), math.ceil(value)
    return (f"指标 {indicator}{f'（{area}）' if area else ''} 的完成值 {number_text(value)}{unit} 带小数，"
            f"但{unit}只计整数：请填写整数，如 {low} 或 {high}（以实际数为准）")


def _reports_counted(rows: pd.DataFrame, ind: pd.DataFrame, pairs: pd.DataFrame, codes: "_Codes",
                     sources: list[Source], month_names, problems: list[Problem], registry: Registry) -> None:
    """A warning for each indicator (or each area of one reported per area) with no value in a
    month that has files and that it is expected in (core.expected: first_month, start, cadence;
    ``month_names``: the months that ``rows["month_code"]`` numbers)."""
    from minshi_cli.core.expected import all_expected, expected_grid

    months = [s.month for s in sources]
    month = np.append(pd.Index(months).get_indexer(pd.Index(month_names, dtype=object)), -1)[rows["month_code"].to_numpy()]
    answered = (rows["known"] & rows["reported"]).to_numpy() & (month >= 0) & (rows["pair"].to_numpy() >= 0)
    got = month[answered].astype(np.int64) * codes.pairs + rows["pair"].to_numpy()[answered]
    want = (np.arange(len(months), dtype=np.int64)[:, None] * codes.pairs + pairs["pair"].to_numpy()[None, :]).ravel()
    silent = want[~pd.Series(want).isin(got).to_numpy()]
    ids, areas = codes.decode(silent % codes.pairs)
    if len(silent) and not all_expected(registry):
        month_no = np.array([int(months[k][5:7]) for k in (silent // codes.pairs).tolist()], dtype=int)
        asked = expected_grid(registry, 12)[ind.index.get_indexer(pd.Index(ids)), month_no - 1]
        silent, ids, areas = silent[asked], ids[asked], areas[asked]
    places = {s.month: s.place for s in sources}
    forms_only = {s.month for s in sources if s.forms_only}  # units' forms checked in place of the month
    # a blank value cell (a form's 累计完成 left empty) is said at its file and line
    blank = (rows["known"] & ~rows["reported"]).to_numpy() & (month >= 0) & (rows["pair"].to_numpy() >= 0)
    blank_key = month[blank].astype(np.int64) * codes.pairs + rows["pair"].to_numpy()[blank]
    at_line = dict(zip(reversed(blank_key.tolist()), reversed(list(zip(rows["file"].to_numpy()[blank].tolist(),
                                                                           rows["line"].to_numpy()[blank].tolist())))))
    names, units = ind["name"].to_dict(), ind["responsible_unit"].to_dict()
    form_of = _unit_forms(rows, ind, sources)
    for key, month_at, i, area in zip(silent.tolist(), [months[k] for k in (silent // codes.pairs).tolist()],
                                      ids.tolist(), areas.tolist()):
        where = f"{area} " if area else ""
        file, line = at_line.get(key, (places[month_at], None))
        if line is None and month_at in forms_only:
            continue  # an indicator a unit's form does not list is another unit's to report
        missing = ""
        if line is None and form_of(month_at, units[i]) is not None:  # its row deleted from the unit's form
            file = form_of(month_at, units[i])
            missing = f"：{units[i]}的这个文件中没有指标 {i} 这一行，请补上这一行并填写累计完成"
        problems.append(Problem(file, None if line is None else int(line), "indicator" if line is None else "value",
                                "not-reported", f"指标 {i}（{names[i]}，{units[i]}）{where}{month_at} 未报送{missing}"))


def _unit_forms(rows: pd.DataFrame, ind: pd.DataFrame, sources: list[Source]):
    """``form(month, unit)``: the one file of a month folder that is ``unit``'s form — the one whose
    name holds the unit's name (区卫健局-2019-07.xlsx, as minshi template names it), else the one
    holding rows of the unit's other indicators — or None (a month file, no such file, or several).
    A not-reported indicator whose row is missing from it is said at that file (docs/formats.md)."""
    folders = {s.month: s.files for s in sources if s.folder is not None}
    made: dict[tuple[str, str], Optional[str]] = {}

    def form(month: str, unit: str) -> Optional[str]:
        if month not in folders or not unit:
            return None
        if (month, unit) not in made:
            named = [display(f) for f in folders[month] if unpadded(unit) in unpadded(f.stem)]
            if not named:
                known = rows[(rows["month"] == month).to_numpy() & (rows["row"].to_numpy() >= 0)]
                mine = ind["responsible_unit"].to_numpy(dtype=object)[known["row"].to_numpy()] == unit
                named = list(dict.fromkeys(known["file"].to_numpy(dtype=object)[mine].tolist()))
            made[month, unit] = named[0] if len(named) == 1 else None
        return made[month, unit]

    return form


def _unknown_id(text: str, ids: list[str], shown: Optional[str] = None, data_dir: Optional[Path] = None) -> str:
    """``text``: the cell made half-width (what is matched); ``shown``: the cell as typed (quoted)."""
    import difflib  # only when a name needs a suggestion

    if text == "":
        return "指标编号为空：请填写登记表中的指标编号，如 1、5a"
    if "".join(text.split()).rstrip(":") in _TOTALS:  # 合计：, 小计: (text is half-width: ： is :)
        return (f"「{(shown or text).strip()}」行不是指标，却填了数：minshi 不读合计行，请清空这一行的累计完成"
                "（或删去这一行）；合计由调度通报自己算")
    folded = {i.lower().replace(" ", ""): i for i in ids}
    guess = folded.get(text.lower().replace(" ", "")) or next(iter(difflib.get_close_matches(text, ids, n=1)), None)
    hint = f"，是否应为「{guess}」？" if guess else f"：请使用登记表中的指标编号（{command(data_dir, 'status')} 可列出全部）"
    return f"指标编号「{(shown or text).strip()}」不在登记表中{hint}"


#: what a total row's first cell says
_TOTALS = frozenset({"合计", "小计", "总计", "累计", "全区合计", "总合计"})


def _under_the_data(rows: pd.DataFrame, known: pd.Series) -> pd.Series:
    """Rows below the last row of a known indicator in their file whose value cell is empty: a
    合计 row, a signature line (填报人：…), a 注：… line (docs/formats.md: skipped-row)."""
    line = rows["line"].to_numpy(dtype=np.int64)
    last = rows.loc[known, ["file", "line"]].groupby("file")["line"].max()
    below = line > rows["file"].map(last).fillna(np.inf).to_numpy(dtype=float)  # no known row: nothing is below
    empty = np.array([str(v).strip() == "" for v in rows["value"].tolist()], dtype=bool) if below.any() else below
    return pd.Series(below & empty, index=rows.index)


def _skipped_row(text: str) -> str:
    what = f"「{text.strip()}」" if text.strip() else "没有指标编号的一行"
    return f"数据下方的{what}不是指标编号，累计完成为空：这一行没有读取（合计、签字、注释行不用处理；若是指标，请填写指标编号和累计完成）"


def _previous_column_checked(records: pd.DataFrame, ind: pd.DataFrame, certified: pd.DataFrame,
                             problems: list[Problem]) -> None:
    """A fill-in form's 上月累计 is minshi's own figure: where 累计完成 is blank and 上月累计 is
    not the latest earlier figure (reported, or certified), the month's figure was typed into the
    wrong column (``value-in-previous-column``). Where 累计完成 is filled, 上月累计 is not looked at."""
    if "previous" not in records:
        return
    number = records["number"].to_numpy(dtype=float)
    previous = records["previous"].to_numpy(dtype=object)
    typed = np.isnan(number) & (previous != "")
    if not typed.any():
        return
    hit = records[typed]
    facts = pd.DataFrame({c: ind[c].to_numpy(dtype=object)[hit["row"].to_numpy()] for c in ("kind", "unit", "stage_names")},
                         index=hit.index, dtype=object)
    given, _ = _values_parsed(hit["previous"].str.strip(), facts, hit["row"].to_numpy(), ind["kind"].to_numpy(dtype=object))
    figures = pd.concat([records[~np.isnan(number)], certified[certified["number"].notna()]])[["month", "pair", "number"]]
    figures = figures[figures["pair"].isin(set(hit["pair"].tolist()))]
    by_pair = {pair: (group["month"].tolist(), group["number"].tolist())
               for pair, group in figures.sort_values("month", kind="stable").groupby("pair", sort=False)}
    for at, (month, pair, shown, value) in enumerate(zip(hit["month"].tolist(), hit["pair"].tolist(),
                                                        hit["previous"].tolist(), given.tolist())):
        months, numbers = by_pair.get(pair, ([], []))
        earlier = [m for m in months if m < month]
        # the latest earlier month's figures: the reported one (what the form shows) and a certified one
        candidates = {n for m, n in zip(months, numbers) if earlier and m == earlier[-1]}
        if any(abs(value - c) <= 1e-9 * max(1.0, abs(c)) for c in candidates):
            continue
        was = "、".join(number_text(c) for c in sorted(candidates)) if candidates else "空白（之前没有报送过）"
        problems.append(Problem(hit["file"].iat[at], int(hit["line"].iat[at]), "previous", "value-in-previous-column",
                                f"累计完成为空，上月累计却是「{str(shown).strip()}」（minshi 填的是 {was}）：本月的累计数像是填在了"
                                f"上月累计列；请把本月累计数填在“累计完成”列，上月累计改回原来的数"))

