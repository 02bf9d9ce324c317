"""The registry (``data/projects.yaml``): loading it into typed objects and validating it.

Nothing about any year's table is written here: the YAML is the single source of truth.
Every problem names the file and the line it is on.
"""

from __future__ import annotations

import gc
import math
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import yaml

from minshi_cli.core.months import parse_month
from minshi_cli.core.paths import display
from minshi_cli.core.problems import DataProblems, Problem, UsageProblem
from minshi_cli.core.registry_messages import explain_yaml_error, now, shown, wrong_type
from minshi_cli.core.textfile import decode

LEVELS = {"province": "省级", "city": "市级"}
KINDS = {"cumulative": "累计", "threshold": "标准"}
DEFAULT_LAG_TOLERANCE = 0.10


@dataclass(frozen=True)
class Indicator:
    id: str
    project: int
    name: str
    target: float
    unit: str
    kind: str
    due: Optional[str]
    line: int


@dataclass(frozen=True)
class Persons:
    office: str  # 区政府办的责任人
    unit: str  # 主要责任单位的责任人


@dataclass(frozen=True)
class Project:
    seq: int
    name: str
    level: str
    category: str
    task: str
    lead: str
    unit: str
    persons: Persons
    related: tuple[str, ...]
    indicators: tuple[Indicator, ...]
    line: int

    @property
    def level_name(self) -> str:
        return LEVELS[self.level]


@dataclass(frozen=True)
class Registry:
    path: str
    year: int
    final_month: str
    lag_tolerance: float
    projects: tuple[Project, ...]
    notice: str = ""  # the title of the notice that sets the targets (cited in reports)

    @property
    def indicators(self) -> list[Indicator]:
        return [i for p in self.projects for i in p.indicators]

    def project(self, seq: int) -> Project:
        return next(p for p in self.projects if p.seq == seq)

    def months(self) -> list[str]:
        return [f"{self.year}-{m:02d}" for m in range(1, 13)]

    def in_year(self, month: str) -> bool:
        parsed = parse_month(month)
        return parsed is not None and parsed[0] == self.year


# --------------------------------------------------------------------------- loading


class _Map(dict):
    """A YAML mapping that remembers its line and the line of each key."""

    line: int = 0
    key_lines: dict


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe loader (the C parser where available) that keeps line numbers and
    refuses duplicate keys instead of silently keeping the last one."""

    duplicate_keys: list


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    result = _Map()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in result:
            loader.duplicate_keys.append((key, line))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

_NAME_PADDING = re.compile(r"\s+")


class _Checker:
    """Collects registry problems while reading fields, so one pass reports them all."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []

    def add(self, line: int, column: Optional[str], code: str, message: str) -> None:
        self.problems.append(Problem(self.path, line, column, code, message))

    def get(self, m: Any, key: str, where: str, kind: type | tuple, *, required: bool = True, default: Any = None):
        if not isinstance(m, dict):
            return default
        line = getattr(m, "line", 1)
        if key not in m or m[key] is None:
            if required:
                self.add(line, key, "registry-field", f"{where}缺少字段 {key}")
            return default
        value = m[key]
        ok = isinstance(value, kind) and not isinstance(value, bool)
        if not ok:
            message, usable = wrong_type(key, value, kind)
            self.add(m.key_lines.get(key, line), key, "registry-field", f"{where}的 {message}")
            return default if usable is None else usable
        return value

    def name(self, m: Any, key: str, where: str, *, required: bool = True) -> str:
        value = self.get(m, key, where, (str, int), required=required, default="")
        text = _NAME_PADDING.sub("", str(value))
        if required and not text and isinstance(m, dict) and key in m:
            self.add(m.key_lines.get(key, m.line), key, "registry-field", f"{where}的 {key} 为空")
        return text


@contextmanager
def _collector_paused():
    """A large registry is hundreds of thousands of YAML nodes, none of them cyclic garbage:
    the cyclic collector would run hundreds of times for nothing (half the load time at
    20,000 indicators).  Reference counting still frees everything."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_registry(path: Path) -> Registry:
    """Read and validate the registry; raise :class:`DataProblems` listing every problem,
    or :class:`UsageProblem` when the file does not exist."""
    shown = display(path)
    if not path.is_file():
        raise UsageProblem(f"找不到登记表 {shown}：请用 --data 指定数据文件夹（其中应有 projects.yaml）")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageProblem(f"无法读取登记表 {shown}：{exc.strerror or exc}") from None
    decoded = decode(data)  # the same rule as progress files: Notepad saves GBK too
    if decoded.text is None:
        raise DataProblems([Problem(shown, None, None, "registry-syntax",
                                    "登记表既不是 UTF-8 也不是 GB18030（GBK）编码的文本：请用 UTF-8 编码保存")])
    text = decoded.text
    with _collector_paused():
        registry, problems = _parse(text, shown)
    if problems:
        raise DataProblems(problems)
    return registry


def _parse(text: str, shown: str) -> tuple[Registry, list[Problem]]:
    loader = _LineLoader(text)
    loader.duplicate_keys = []
    try:
        doc = loader.get_single_data()
    except yaml.YAMLError as exc:
        line, message = explain_yaml_error(exc, text)
        return Registry(shown, 0, "", DEFAULT_LAG_TOLERANCE, ()), [
            Problem(shown, line, None, "registry-syntax", message)]
    finally:
        loader.dispose()
    check = _Checker(shown)
    for key, line in loader.duplicate_keys:
        check.add(line, str(key), "registry-duplicate-key", f"键 {key} 重复出现，请删除其中一个")
    return _build(doc, shown, check), check.problems


def _build(doc: Any, shown: str, check: _Checker) -> Registry:
    if not isinstance(doc, dict):
        check.add(1, None, "registry-field", "登记表顶层应为映射，含 year、final_month、projects 等字段")
        return Registry(shown, 0, "", DEFAULT_LAG_TOLERANCE, ())
    year = check.get(doc, "year", "登记表", int, default=0)
    final_month = str(check.get(doc, "final_month", "登记表", str, default=f"{year}-12"))
    parsed = parse_month(final_month)
    if parsed is None or parsed[0] != year:
        check.add(doc.key_lines.get("final_month", 1), "final_month", "registry-field",
                  f"final_month 应为 {year} 年内的月份（YYYY-MM），{now(final_month)}")
    rules = check.get(doc, "rules", "登记表", dict, required=False, default=_Map())
    tolerance = check.get(rules, "lag_tolerance", "rules", (int, float), required=False,
                          default=DEFAULT_LAG_TOLERANCE)
    if not 0 <= float(tolerance) < 1:
        check.add(rules.key_lines.get("lag_tolerance", rules.line), "lag_tolerance", "registry-field",
                  f"lag_tolerance 应为 0 到 1 之间的小数（如 0.10 表示 10 个百分点），现为 {tolerance}")
    raw_projects = check.get(doc, "projects", "登记表", list, default=[])
    projects = []
    seen_ids: dict[str, int] = {}
    seen_seqs: dict[int, int] = {}
    for raw in raw_projects:
        project = _project(raw, year, check, seen_ids)
        if project is None:
            continue
        if project.seq in seen_seqs:
            check.add(project.line, "seq", "registry-field",
                      f"项目序号 {project.seq} 重复（第 {seen_seqs[project.seq]} 行已使用）")
        seen_seqs.setdefault(project.seq, project.line)
        projects.append(project)
    notice = str(check.get(doc, "notice", "登记表", str, required=False, default=""))
    return Registry(shown, year, final_month, float(tolerance), tuple(projects), notice.strip())


def _project(raw: Any, year: int, check: _Checker, seen_ids: dict[str, int]) -> Optional[Project]:
    if not isinstance(raw, dict):
        check.add(1, None, "registry-field", f"projects 中的每一项应为映射（键: 值），{now(raw)}")
        return None
    seq = check.get(raw, "seq", "项目", int, default=0)
    where = f"项目 {seq}"
    if seq <= 0 and "seq" in raw:
        check.add(raw.line, "seq", "registry-field", f"{where}：seq 应为正整数")
    level = check.get(raw, "level", where, str, default="province")
    if level not in LEVELS:
        check.add(raw.key_lines.get("level", raw.line), "level", "registry-field",
                  f"{where}的 level 只能是 province（省级）或 city（市级），{now(level)}")
    persons_raw = check.get(raw, "persons", where, dict, default=_Map())
    related = check.get(raw, "related", where, list, required=False, default=[])
    indicators = []
    for raw_ind in check.get(raw, "indicators", where, list, default=[]):
        indicator = _indicator(raw_ind, seq, year, where, check)
        if indicator is None:
            continue
        if indicator.id in seen_ids:
            check.add(indicator.line, "id", "registry-duplicate-id",
                      f"指标编号 {indicator.id} 重复（第 {seen_ids[indicator.id]} 行已使用）")
            continue
        seen_ids[indicator.id] = indicator.line
        indicators.append(indicator)
    if not indicators and "indicators" in raw:
        check.add(raw.key_lines["indicators"], "indicators", "registry-field", f"{where}没有任何指标")
    return Project(
        seq=seq,
        name=check.name(raw, "name", where),
        level=level,
        category=check.name(raw, "category", where),
        task=str(check.get(raw, "task", where, (str, int, float), default="")),
        lead=check.name(raw, "lead", where),
        unit=check.name(raw, "unit", where),
        persons=Persons(check.name(persons_raw, "office", f"{where}的 persons"),
                        check.name(persons_raw, "unit", f"{where}的 persons")),
        related=tuple(_NAME_PADDING.sub("", str(r)) for r in related if r is not None),
        indicators=tuple(indicators),
        line=raw.line,
    )


def _indicator(raw: Any, seq: int, year: int, where: str, check: _Checker) -> Optional[Indicator]:
    if not isinstance(raw, dict):
        check.add(1, None, "registry-field", f"{where}的 indicators 中每一项应为映射（键: 值），{now(raw)}")
        return None
    indicator_id = check.name(raw, "id", f"{where}的指标")
    where = f"指标 {indicator_id or '?'}"
    target = check.get(raw, "target", where, (int, float), default=None)
    if target is not None and not (math.isfinite(target) and target > 0):
        check.add(raw.key_lines["target"], "target", "registry-target", f"{where}的目标值应大于 0，现为 {target}")
    kind = check.get(raw, "kind", where, str, default="")
    if kind and kind not in KINDS:
        check.add(raw.key_lines["kind"], "kind", "registry-kind",
                  f"{where}的类型{shown(kind)}未知：只能是 cumulative（累计）或 threshold（标准）")
    due = check.get(raw, "due", where, str, required=False, default=None)
    if due is not None and (parse_month(due) or (0, 0))[0] != year:
        check.add(raw.key_lines["due"], "due", "registry-field", f"{where}的 due 应为 {year} 年内的月份 YYYY-MM，{now(due)}")
    if not indicator_id:
        return None
    return Indicator(
        id=indicator_id,
        project=seq,
        name=check.name(raw, "name", where),
        target=float(target) if target is not None else math.nan,
        unit=check.name(raw, "unit", where),
        kind=kind,
        due=due,
        line=raw.line,
    )
