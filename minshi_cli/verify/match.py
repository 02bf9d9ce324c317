"""Which indicator (or project) each row of a published table is about (docs/verify.md).

By 序号 when that project has one indicator, or when it is an indicator's own number (``15a``)
and the row's name agrees; else by name — the indicator's or the project's,
exact after removing spaces, then the closest (difflib).  A row naming a project with several
indicators (the district layout prints project 5 as one row: 标准不低于3480元/年、人均救助水平不低于
185元/月) stands for all of them, unless its text names one of them (``城乡低保标准不低于3480元/年``,
or a row continuing a merged 序号/项目 cell) or its target's unit is one indicator's alone.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Optional

from minshi_cli.core.model import Indicator, Project, Registry
from minshi_cli.verify.cells import quantities, squeeze
from minshi_cli.verify.table import AREA, FIGURE, PROJECT, SEQ, TARGET, Row

CUTOFF = 0.6  # difflib's own default: below it a name is not "close"
SEQ_MATCH, NAME_MATCH, CLOSE_MATCH = "seq", "name", "close"


@dataclass(frozen=True)
class Match:
    row: Row
    project: Project
    indicators: tuple[Indicator, ...]  # one, or all of a project's printed on one row
    how: str  # SEQ_MATCH, NAME_MATCH or CLOSE_MATCH (a close name is said in the row's messages)
    area: Optional[str] = None  # the area whose row it is (its indicator then carries the area's target)


@dataclass(frozen=True)
class Unmatched:
    row: Row
    guess: Optional[str]  # the closest name, where there is one below the cutoff


def seq_of(text: str) -> Optional[int]:
    """``1``, ``1.``, ``01``, ``１``, ``(1)`` -> 1; anything else None."""
    m = re.fullmatch(r"[(]?0*(\d{1,4})[).、]?", squeeze(text))
    return int(m.group(1)) if m else None


def match_rows(registry: Registry, rows: list[Row]) -> list[Match | Unmatched]:
    projects = {p.seq: p for p in registry.projects}
    ids = {i.id: i for i in registry.indicators}
    out: list[Match | Unmatched] = []
    previous: Optional[Match] = None
    for row in rows:
        seq_text, name = row[SEQ], squeeze(row[PROJECT])
        if not seq_text and not name and previous is not None and len(previous.project.indicators) > 1:
            # a merged 序号/项目 cell continues down: the row is another of that project's indicators
            found = _narrowed(previous.project, row, previous.how)
        elif seq_of(seq_text) is None and squeeze(seq_text) in ids and (
                not name or _agrees(registry, projects[ids[squeeze(seq_text)].project], name)):
            # an indicator's own number (15a, as minshi status prints it) where the name agrees
            found = _one(projects, row, ids[squeeze(seq_text)], SEQ_MATCH)
        else:
            found = _match(registry, projects, row, seq_of(seq_text), name)
        if isinstance(found, Match):
            found = _area_of(found)
        out.append(found)
        previous = found if isinstance(found, Match) and found.area is None else None
    return out


def _area_of(m: Match) -> Match:
    """A row matched to one indicator reported per area (docs/areas.md) whose area cell (or item
    cell) names one of its areas is that area's row: the indicator with the area's target."""
    if len(m.indicators) != 1 or not m.indicators[0].areas:
        return m
    indicator = m.indicators[0]
    targets = dict(indicator.areas)
    for cell in (m.row[AREA], m.row[PROJECT]):
        name = squeeze(cell)
        if name in targets:
            own = indicator._replace(name=f"{indicator.name}·{name}", target=targets[name], areas=(), areas_line=0)
            return Match(m.row, m.project, (own,), m.how, name)
    return m


def _match(registry: Registry, projects: dict[int, Project], row: Row, seq: Optional[int],
           name: str) -> Match | Unmatched:
    project = projects.get(seq) if seq is not None else None
    if project is not None and name and not _agrees(registry, project, name):
        project = None  # a table numbering its own rows 1…N: 序号 7 is not project 7 unless the name says so
    if project is not None and len(project.indicators) == 1:
        return Match(row, project, project.indicators, SEQ_MATCH)
    pool = list(project.indicators) if project is not None else registry.indicators
    owners = [project] if project is not None else list(registry.projects)
    if not name:
        return _narrowed(project, row, SEQ_MATCH) if project is not None else Unmatched(row, None)
    by_indicator = {squeeze(i.name): i for i in pool}
    by_project = {squeeze(p.name): p for p in owners}
    if name in by_indicator:
        return _one(projects, row, by_indicator[name], NAME_MATCH)
    if name in by_project:
        return _narrowed(by_project[name], row, NAME_MATCH)
    close = difflib.get_close_matches(name, list(by_indicator) + list(by_project), n=1, cutoff=CUTOFF)
    if close:
        if close[0] in by_indicator:
            return _one(projects, row, by_indicator[close[0]], CLOSE_MATCH)
        return _narrowed(by_project[close[0]], row, CLOSE_MATCH)
    if project is not None:
        return _narrowed(project, row, SEQ_MATCH)
    guess = difflib.get_close_matches(name, list(by_indicator) + list(by_project), n=1, cutoff=0.3)
    return Unmatched(row, guess[0] if guess else None)


def _agrees(registry: Registry, project: Project, name: str) -> bool:
    """Whether the row's name is closest (≥ :data:`CUTOFF`, over every name in the registry) to the
    project's name or one of its indicators' (docs/verify.md: 序号 only where the name agrees)."""
    names = [squeeze(p.name) for p in registry.projects] + [squeeze(i.name) for i in registry.indicators]
    own = {squeeze(project.name)} | {squeeze(i.name) for i in project.indicators}
    if name in own:
        return True
    close = difflib.get_close_matches(name, names, n=1, cutoff=CUTOFF)
    return bool(close) and close[0] in own


def _one(projects: dict[int, Project], row: Row, indicator: Indicator, how: str) -> Match:
    return Match(row, projects[indicator.project], (indicator,), how)


def _narrowed(project: Project, row: Row, how: str) -> Match:
    """A project's row: one of its indicators where the row prints at most one target and its words
    or its target's unit say which; else all of them (the district layout's project row)."""
    whole = Match(row, project, project.indicators, how)
    if len(project.indicators) == 1:
        return whole
    targets = quantities(row[TARGET])
    if len(targets) > 1:
        return whole
    own = squeeze(row[PROJECT])
    words = [squeeze(row[TARGET]), squeeze(row[FIGURE])] + ([own] if own != squeeze(project.name) else [])
    named = [i for i in project.indicators if squeeze(i.name) and any(squeeze(i.name) in w for w in words)]
    if len(named) == 1:
        return Match(row, project, (named[0],), how)
    for label in (_label(row[TARGET]), _label(row[PROJECT]) if own != squeeze(project.name) else ""):
        inside = [i for i in project.indicators if len(label) >= 2 and label in squeeze(i.name)]
        if len(inside) == 1:
            return Match(row, project, (inside[0],), how)
    if len(targets) == 1:
        owning = [i for i in project.indicators if i.unit == targets[0].unit]
        if len(owning) == 1:
            return Match(row, project, (owning[0],), how)
    return whole


_NOT_A_NAME = re.compile(r"标准|不低于|不少于|达到|完成|累计|以上|以内|每人每月|[、,;:()]")


def _label(text: str) -> str:
    """The words of a cell once its numbers (with their units) and the words around them are
    taken out: ``集中托养服务50人`` -> ``集中托养服务``."""
    words = squeeze(text)
    for q in quantities(text):
        words = words.replace(q.text, "", 1)
    return _NOT_A_NAME.sub("", words)
