"""The registry's model: plain types for what ``data/projects.yaml`` declares.

A :class:`Registry` of :class:`Project` s, each with its :class:`Indicator` s (a milestone's
:class:`Stage` s, an indicator's areas), the programme's rules and scoring.  Nothing here reads
YAML or checks it (that is :mod:`minshi_cli.core.registry`), nor knows what a kind of indicator
means (that is :mod:`minshi_cli.core.kinds`, which an indicator names by its ``kind`` key:
``KINDS[indicator.kind]``): these types sit below both.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import NamedTuple, Optional

from minshi_cli.core.months import parse_month

#: defaults of the general form (docs/kinds.md): the 2019 district's words live only here
DEFAULT_LEVELS = {"province": "省级", "city": "市级"}
DEFAULT_TITLE = "省、市重点民生实事"
DEFAULT_OFFICE = "区政府办"
DEFAULT_DOCUMENT = "工作调度通报"  # the report's kind of document, after the programme's title
DEFAULT_LAG_TOLERANCE = 0.10
DEFAULT_ABOVE_TARGET = 1.5
DEFAULT_MILESTONE_GRACE = 2
DEFAULT_FUNDS_TOLERANCE = 0.20
DEFAULT_POINTS = 100.0
#: ``consequence`` not given: the year-end sentence the views word themselves (不得评为优秀等次)
DEFAULT_CONSEQUENCE = ""
#: rules.pace: compared with the time elapsed (the default), or completion only
PACE_TIME, PACE_NONE = "time", "none"
PACES = (PACE_TIME, PACE_NONE)
#: cadences (docs/registry.md): reports every month, or at quarter ends
MONTHLY, QUARTERLY = "monthly", "quarterly"
CADENCES = {MONTHLY: "每月报送", QUARTERLY: "每季度报送"}


class Stage(NamedTuple):
    name: str
    due: str  # YYYY-MM


class Indicator(NamedTuple):
    id: str
    project: int
    name: str
    target: float  # NaN where the kind has no numeric target (milestone, qualitative)
    unit: str  # "" where the kind has none
    kind: str
    due: Optional[str]  # the due month as given (None: the final month, or the last stage's)
    line: int
    plan: tuple[tuple[str, float], ...] = ()  # (YYYY-MM, planned cumulative value), months increasing
    stages: tuple[Stage, ...] = ()
    target_text: str = ""  # a qualitative indicator's target, as written
    weight: Optional[float] = None
    #: sub-areas (docs/areas.md): (area, its target) in the registry's order of areas; the target is
    #: the area's own for a kind with area targets (cumulative), else the indicator's own
    areas: tuple[tuple[str, float], ...] = ()
    areas_line: int = 0  # the line of the ``areas`` key (area-target-sum points there)
    #: ``monthly`` or ``quarterly`` where the indicator sets its own (None: the registry's)
    cadence: Optional[str] = None
    #: a cumulative indicator's start month YYYY-MM (None: January): docs/kinds.md
    start: Optional[str] = None

    @property
    def area_names(self) -> tuple[str, ...]:
        return tuple(a for a, _ in self.areas)

    def due_month(self, final_month: str) -> str:
        """The due month in force: the last stage's for a milestone, else ``due``, else the final month."""
        if self.stages:
            return self.stages[-1].due
        return self.due or final_month


class Persons(NamedTuple):
    office: str  # the office's responsible person (区政府办的责任人)
    unit: str  # the main responsible unit's responsible person


class Funds(NamedTuple):
    budget: float
    unit: str  # e.g. 万元


class Project(NamedTuple):
    seq: int
    name: str
    level: str
    category: str
    task: str
    lead: str
    unit: str
    persons: Optional[Persons]
    related: tuple[str, ...]
    indicators: tuple[Indicator, ...]
    line: int
    funds: Optional[Funds] = None


class Escalation(NamedTuple):
    months: int
    action: str


class Scoring(NamedTuple):
    """The optional ``scoring`` block (docs/assessment.md): local policy, not any province's 计分办法."""

    points: float = DEFAULT_POINTS  # per unit, shared over its indicators by weight
    missing_report: float = 0.0  # points off per indicator-month without a figure
    lag_month: float = 0.0  # points off per indicator-month lagging or behind


@dataclass(frozen=True)
class Registry:
    path: str
    year: int
    final_month: str
    lag_tolerance: float
    projects: tuple[Project, ...]
    notice: str = ""  # the title of the notice that sets the targets (cited in reports)
    title: str = DEFAULT_TITLE  # the programme's name in report titles
    office: str = DEFAULT_OFFICE  # who issues the dispatch; heads the office responsible-person column
    levels: tuple[tuple[str, str], ...] = tuple(DEFAULT_LEVELS.items())  # ordered key -> display name
    above_target: Optional[float] = DEFAULT_ABOVE_TARGET  # None: no above-target warning
    milestone_grace: int = DEFAULT_MILESTONE_GRACE
    escalation: tuple[Escalation, ...] = ()  # by months, increasing
    funds_tolerance: float = DEFAULT_FUNDS_TOLERANCE
    areas: tuple[str, ...] = ()  # sub-areas (docs/areas.md), in the registry's order
    scoring: Optional[Scoring] = None  # None: assess gives no score
    document: str = DEFAULT_DOCUMENT  # the report's title: {year}年{title}{document}（{span}）
    #: the year-end sentence's consequence (docs/registry.md): the text given, None where the
    #: registry writes ``consequence: null`` (no such sentence), or DEFAULT_CONSEQUENCE (not given)
    consequence: Optional[str] = DEFAULT_CONSEQUENCE
    #: rules.pace (docs/rules.md): "time" compares completion with the time elapsed, "none" completion only
    pace: str = PACE_TIME
    #: reports are expected from this month (YYYY-MM; None: January): docs/registry.md
    first_month: Optional[str] = None
    #: how often reports are expected where an indicator does not say: ``monthly`` or ``quarterly``
    #: (None: not set, monthly)
    cadence: Optional[str] = None

    def cadence_of(self, indicator: Indicator) -> str:
        """The cadence in force for ``indicator``."""
        return indicator.cadence or self.cadence or MONTHLY

    @property
    def sets_cadence(self) -> bool:
        """The registry says a cadence somewhere (status JSON then gives each indicator's)."""
        return self.cadence is not None or any(i.cadence for i in self.indicators)

    @property
    def indicators(self) -> list[Indicator]:
        return [i for p in self.projects for i in p.indicators]

    @property
    def level_names(self) -> dict[str, str]:
        return dict(self.levels)

    @cached_property
    def by_id(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.indicators}

    def indicator(self, indicator_id: str) -> Indicator:
        return self.by_id[indicator_id]

    def project(self, seq: int) -> Project:
        return next(p for p in self.projects if p.seq == seq)

    def months(self) -> list[str]:
        return [f"{self.year}-{m:02d}" for m in range(1, 13)]

    @property
    def first_month_no(self) -> int:
        """The number (1–12) of the first month reports are expected in."""
        return int(self.first_month[5:7]) if self.first_month else 1

    def in_year(self, month: str) -> bool:
        parsed = parse_month(month)
        return parsed is not None and parsed[0] == self.year

    @property
    def split(self) -> list[Indicator]:
        """The indicators reported per area (docs/areas.md)."""
        return [i for i in self.indicators if i.areas]

    def for_area(self, area: str) -> "Registry":
        """The registry as one area sees it: the indicators reported per area that list ``area``,
        each with the area's own target and no areas of its own (``status --area``, ``report --area``)."""
        projects = []
        for p in self.projects:
            mine = tuple(i._replace(target=dict(i.areas)[area], areas=(), areas_line=0)
                         for i in p.indicators if area in i.area_names)
            if mine:
                projects.append(p._replace(indicators=mine))
        return replace(self, projects=tuple(projects), areas=(), title=f"{area}{self.title}")

    @property
    def paced(self) -> bool:
        """Compared with the time elapsed (rules.pace: time): 时序进度, planned shares, 序时推进."""
        return self.pace == PACE_TIME

    @property
    def default_consequence(self) -> bool:
        """The registry gives no ``consequence``: the year-end sentence and the 不得评为优秀 verdict as before."""
        return self.consequence == DEFAULT_CONSEQUENCE

    def action_for(self, lag_months: int) -> Optional[str]:
        """The escalation due after ``lag_months`` consecutive lagging months (None: none)."""
        reached = [e.action for e in self.escalation if lag_months >= e.months]
        return reached[-1] if reached else None
