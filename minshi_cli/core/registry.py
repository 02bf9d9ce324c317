"""The registry (``data/projects.yaml``): loading it into the model's types (:mod:`minshi_cli.core.model`)
and validating it against the schema and the kinds' rules.

Nothing about any year's table is written here: the YAML is the single source of truth.
Every problem names the file and the line it is on.
"""

from __future__ import annotations

import gc
import math
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Optional

import yaml

from minshi_cli.core.kinds import KINDS, Kind
from minshi_cli.core.model import (DEFAULT_ABOVE_TARGET, DEFAULT_CONSEQUENCE, DEFAULT_DOCUMENT, DEFAULT_FUNDS_TOLERANCE,
                                   DEFAULT_LAG_TOLERANCE, DEFAULT_LEVELS, DEFAULT_MILESTONE_GRACE, DEFAULT_OFFICE,
                                   DEFAULT_POINTS, DEFAULT_TITLE, PACE_NONE, PACE_TIME, PACES, CADENCES, Escalation, Funds,
                                   Indicator, Persons, Project, Registry, Scoring, Stage)
from minshi_cli.core.months import parse_month
from minshi_cli.core.paths import display
from minshi_cli.core.problems import DataProblems, Problem, UsageProblem
from minshi_cli.core.system_errors import system_error_text
from minshi_cli.core.registry_messages import MIXED_ENCODING, explain_yaml_error, now, shown, wrong_type
from minshi_cli.core.textfile import decode

#: every key the registry knows, by where it stands (docs/kinds.md); anything else is an error
TOP_KEYS = ("year", "final_month", "projects", "notice", "title", "office", "levels", "areas", "rules", "scoring",
            "document", "consequence", "first_month", "cadence")
RULE_KEYS = ("lag_tolerance", "above_target", "milestone_grace", "escalation", "funds_tolerance", "pace")
PROJECT_KEYS = ("seq", "name", "level", "unit", "indicators", "category", "task", "lead", "persons", "related",
                "funds")
PERSON_KEYS = ("office", "unit")
FUNDS_KEYS = ("budget", "unit")
ESCALATION_KEYS = ("months", "action")
INDICATOR_KEYS = ("id", "name", "kind", "target", "unit", "due", "plan", "stages", "areas", "weight", "cadence", "start")
#: an indicator's ``areas`` written as every area of the registry (docs/areas.md)
ALL_AREAS = "all"
SCORING_KEYS = ("points", "deductions")
DEDUCTION_KEYS = ("missing_report", "lag_month")
STAGE_KEYS = ("name", "due")


def _empty(shown: str) -> Registry:
    return Registry(shown, 0, "", DEFAULT_LAG_TOLERANCE, ())


# --------------------------------------------------------------------------- loading


class _Map(dict):
    """A YAML mapping that remembers its line and the line of each key."""

    line: int = 0
    key_lines: dict


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe loader (the C parser where available) that keeps line numbers and
    refuses duplicate keys instead of silently keeping the last one."""

    duplicate_keys: list

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicate_keys = []
        self._plain_tags: dict[str, str] = {}

    def resolve(self, kind, value, implicit):
        """The tag of a plain scalar depends on its text alone (without path resolvers, which
        the safe loader has none of): each distinct text is matched against the implicit
        resolvers' patterns once — a province's registry writes the same 130 area names and a
        handful of targets over and over."""
        if kind is yaml.ScalarNode and implicit[0] and not self.yaml_path_resolvers:
            tag = self._plain_tags.get(value)
            if tag is None:
                tag = self._plain_tags[value] = super().resolve(kind, value, implicit)
            return tag
        return super().resolve(kind, value, implicit)


_STR_TAG = "tag:yaml.org,2002:str"
_INT_TAG = "tag:yaml.org,2002:int"


def _construct(loader: _LineLoader, node: yaml.Node) -> Any:
    """``loader.construct_object(node, deep=True)``, with the two commonest scalars built directly:
    a registry is mostly names and counts (a province's 300 indicators × 130 area targets), and the
    generic path's bookkeeping (anchors, recursion, generators) is most of its load time.  A plain
    decimal int is what ``construct_yaml_int`` returns for it; anything else takes the generic path."""
    if type(node) is yaml.ScalarNode:
        tag = node.tag
        if tag == _STR_TAG:
            return node.value
        if tag == _INT_TAG:
            text = node.value
            if text.isdecimal() and text.isascii() and (text[0] != "0" or text == "0"):
                return int(text)
    return loader.construct_object(node, deep=True)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    result = _Map()
    result.line = node.start_mark.line + 1
    key_lines = result.key_lines = {}
    duplicates = loader.duplicate_keys
    for key_node, value_node in node.value:
        key = _construct(loader, key_node)
        line = key_node.start_mark.line + 1
        if key in result:
            duplicates.append((key, line))
        result[key] = _construct(loader, value_node)
        key_lines[key] = line
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

_NAME_PADDING = re.compile(r"\s+")


def _of_year(month: str, year: Optional[int]) -> bool:
    """``month`` is a YYYY-MM month of ``year`` (of any year where ``year`` is None: the year is in
    error and already said; nothing is said about a value derived from one in error)."""
    parsed = parse_month(month)
    return parsed is not None and (year is None or parsed[0] == year)


def _within(year: Optional[int]) -> str:
    """「 2019 年内的」 for a message (its leading space included), or nothing where the year is in error."""
    return "" if year is None else f" {year} 年内的"


def _ex(year: Optional[int]) -> str:
    """The year in a message's example month (YYYY where the year is in error)."""
    return "YYYY" if year is None else str(year)


class _Checker:
    """Collects registry problems while reading fields, so one pass reports them all."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []
        #: per mapping (by id), the known keys an unknown key of it most likely meant: a key found
        #: misspelt is said once, at the typo (registry-unknown-key), not again as missing
        self._meant: dict[int, set[str]] = {}

    def misspelt(self, m: Any, key: str) -> bool:
        """Whether ``m`` lacks ``key`` because it was typed as an unknown key close to it."""
        return key in self._meant.get(id(m), ())

    def add(self, line: int, column: Optional[str], code: str, message: str) -> None:
        self.problems.append(Problem(self.path, line, column, code, message))

    def get(self, m: Any, key: str, where: str, kind: type | tuple, *, required: bool = True, default: Any = None):
        if not isinstance(m, dict):
            return default
        line = getattr(m, "line", 1)
        if key not in m or m[key] is None:
            if required and not self.misspelt(m, key):
                self.add(line, key, "registry-field", f"{_w(where)}缺少字段 {key}")
            return default
        value = m[key]
        ok = isinstance(value, kind) and not isinstance(value, bool)
        if not ok:
            message, usable = wrong_type(key, value, kind)
            self.add(m.key_lines.get(key, line), key, "registry-field", f"{_w(where)}的 {message}")
            return default if usable is None else usable
        return value

    def known_keys(self, m: Any, allowed: tuple[str, ...], where: str) -> None:
        """Every key of ``m`` must be one of ``allowed`` (registry-unknown-key, with the nearest)."""
        if not isinstance(m, dict):
            return
        for key in m:
            if key not in allowed:
                meant = _guess(key, allowed)
                if meant is not None and meant not in m:
                    self._meant.setdefault(id(m), set()).add(meant)
                hint = _nearest(key, allowed) or f"；{_w(where)}可用的键：{'、'.join(allowed)}"
                self.add(m.key_lines.get(key, m.line), str(key), "registry-unknown-key",
                         f"{_w(where)}中的键「{key}」未知，该键不会生效{hint}")

    def name(self, m: Any, key: str, where: str, *, required: bool = True, keep_spaces: bool = False) -> str:
        value = self.get(m, key, where, (str, int), required=required, default="")
        text = str(value).strip() if keep_spaces else _NAME_PADDING.sub("", str(value))
        if required and not text and isinstance(m, dict) and key in m:
            self.add(m.key_lines.get(key, m.line), key, "registry-field", f"{_w(where)}的 {key} 为空")
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
        raise UsageProblem(f"无法读取登记表 {shown}：{system_error_text(exc)}") from None
    decoded = decode(data)  # the same rule as progress files: Notepad saves GBK too
    if decoded.problem == "mixed-encoding":
        raise DataProblems([Problem(shown, line, None, "registry-syntax", MIXED_ENCODING) for line in decoded.bad_lines])
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
        return _empty(shown), [
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
        return _empty(shown)
    check.known_keys(doc, TOP_KEYS, "登记表顶层")
    before = len(check.problems)
    year = check.get(doc, "year", "登记表", int, default=0)
    # a year in error is said once: the months checked against it are then checked for form only
    known_year = year if len(check.problems) == before else None
    final_month = str(check.get(doc, "final_month", "登记表", str, default=f"{year}-12"))
    if doc.get("final_month") is not None and not _of_year(final_month, known_year):
        check.add(doc.key_lines.get("final_month", 1), "final_month", "registry-field",
                  f"final_month 应为{_within(known_year)}月份（YYYY-MM），{now(final_month)}")
    if not _of_year(final_month, year):
        final_month = f"{year}-12"
    first_month = _first_month(check, doc, known_year, final_month)
    cadence = _cadence(check, doc, "登记表顶层")
    rules = check.get(doc, "rules", "登记表", dict, required=False, default=_Map())
    check.known_keys(rules, RULE_KEYS, "rules")
    tolerance = _fraction(check, rules, "lag_tolerance", DEFAULT_LAG_TOLERANCE, "如 0.10 表示 10 个百分点")
    funds_tolerance = _fraction(check, rules, "funds_tolerance", DEFAULT_FUNDS_TOLERANCE, "如 0.20 表示 20 个百分点")
    above = DEFAULT_ABOVE_TARGET
    if isinstance(rules, dict) and "above_target" in rules:
        above = rules["above_target"]  # null turns the warning off
        if above is not None and (isinstance(above, bool) or not isinstance(above, (int, float)) or above <= 1):
            check.add(rules.key_lines["above_target"], "above_target", "registry-field",
                      f"rules.above_target 应为大于 1 的倍数（如 1.5），或 null 表示不检查，{now(above)}")
            above = DEFAULT_ABOVE_TARGET
    grace = check.get(rules, "milestone_grace", "rules", int, required=False, default=DEFAULT_MILESTONE_GRACE)
    if grace < 0:
        check.add(rules.key_lines["milestone_grace"], "milestone_grace", "registry-field",
                  f"rules.milestone_grace 应为不小于 0 的整数（月数），现为 {grace}")
    escalation = _escalation(check, rules)
    pace = _pace(check, rules)
    levels = _levels(check, doc)
    areas = _areas(check, doc)
    projects = []
    seen_ids: dict[str, int] = {}
    seen_seqs: dict[int, int] = {}
    for raw in check.get(doc, "projects", "登记表", list, default=[]):
        project = _project(raw, known_year, final_month, levels, areas, check, seen_ids)
        if project is None:
            continue
        if project.seq in seen_seqs:
            check.add(project.line, "seq", "registry-field",
                      f"项目序号 {project.seq} 重复（第 {seen_seqs[project.seq]} 行已使用）")
        seen_seqs.setdefault(project.seq, project.line)
        projects.append(project)
    if pace == PACE_NONE:
        _unpaced_plans(check, doc)
    text = lambda key, default: check.name(doc, key, "登记表", required=False, keep_spaces=True) or default  # noqa: E731
    return Registry(shown, year, final_month, float(tolerance), tuple(projects), text("notice", ""),
                    text("title", DEFAULT_TITLE), text("office", DEFAULT_OFFICE), tuple(levels.items()),
                    None if above is None else float(above), int(max(grace, 0)), escalation,
                    float(funds_tolerance), tuple(areas), _scoring(check, doc), _document(check, doc),
                    _consequence(check, doc), pace, first_month, cadence)


def _pace(check: _Checker, rules: Any) -> str:
    """``rules.pace``: ``time`` (compared with the time elapsed) or ``none`` (completion only)."""
    if not isinstance(rules, dict) or rules.get("pace") is None:
        return PACE_TIME
    value = rules["pace"]
    if value not in PACES:
        check.add(rules.key_lines["pace"], "pace", "registry-field",
                  f"rules.pace 只能是 time（与时间进度比较，默认）或 none（只看完成情况，不与时间进度比较），{now(value)}")
        return PACE_TIME
    return value


#: the keys that only shape a planned share, of no use under rules.pace: none (what each is)
_PLAN_KEYS = {"plan": "分月计划 plan", "start": "开始月份 start"}


def _unpaced_plans(check: _Checker, doc: Any) -> None:
    """Under rules.pace: none a ``plan`` or ``start`` would never be used: registry-plan at its line."""
    for raw in doc.get("projects") or []:
        for ind in (raw.get("indicators") or []) if isinstance(raw, dict) else []:
            for key, what in _PLAN_KEYS.items():
                if isinstance(ind, dict) and key in ind:
                    check.add(ind.key_lines[key], key, "registry-plan",
                              f"指标 {ind.get('id', '?')} 有{what}，但 rules.pace 为 none（只看完成情况，不与时间进度比较），"
                              f"{key} 不会被使用：删除 {key}，或把 rules.pace 改为 time")


def _document(check: _Checker, doc: Any) -> str:
    """``document``: what the report is (工作调度通报, 进展情况通报…), non-empty text."""
    if "document" not in doc:
        return DEFAULT_DOCUMENT
    value = doc["document"]
    if not isinstance(value, str) or not value.strip():
        check.add(doc.key_lines["document"], "document", "registry-field",
                  f"document 应为报告标题中的文种文字（如 document: 工作进展情况通报；不写则为{DEFAULT_DOCUMENT}），"
                  f"{now(value)}")
        return DEFAULT_DOCUMENT
    return value.strip()


def _consequence(check: _Checker, doc: Any) -> Optional[str]:
    """``consequence``: the year-end sentence's consequence as text, or null for no such sentence."""
    if "consequence" not in doc:
        return DEFAULT_CONSEQUENCE
    value = doc["consequence"]
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        check.add(doc.key_lines["consequence"], "consequence", "registry-field",
                  "consequence 应为年终一句中的后果文字（如 consequence: 年度绩效考评不得评为合格），"
                  f"或 null 表示不写这句，{now(value)}")
        return DEFAULT_CONSEQUENCE
    return value.strip().rstrip("。")



def _cadence(check: _Checker, m: Any, where: str) -> Optional[str]:
    """``cadence``: ``monthly`` or ``quarterly`` (None: not given)."""
    if not isinstance(m, dict) or "cadence" not in m:
        return None
    value = m["cadence"]
    if value in CADENCES:
        return value
    check.add(m.key_lines.get("cadence", m.line), "cadence", "registry-field",
              f"{_w(where)}的 cadence 只能是 monthly（每月报送）或 quarterly（每季度报送，如 cadence: quarterly），{now(value)}")
    return None


def _start(raw: Any, where: str, year: Optional[int], due: str, has_plan: bool, check: _Checker) -> Optional[str]:
    """A cumulative indicator's ``start`` month: within the year, not after its due month, not
    beside a ``plan`` (the plan already says when the work goes)."""
    if "start" not in raw:
        return None
    value = raw["start"]
    line = raw.key_lines.get("start", raw.line)
    text = value if isinstance(value, str) else None
    if text is None or not _of_year(text, year):
        check.add(line, "start", "registry-field",
                  f"{_w(where)}的 start 应为{_within(year)}月份 YYYY-MM（开始实施的月份，如 start: {_ex(year)}-07），{now(value)}")
        return None
    if has_plan:
        check.add(line, "start", "registry-plan",
                  f"{_w(where)}同时有 start 和 plan：分月计划已说明何时开始，请删除 start，或删除 plan 改用 start 到 due 的均匀进度")
        return None
    if parse_month(due) is not None and text > due:
        check.add(line, "start", "registry-field",
                  f"{_w(where)}的 start {text} 晚于完成期限 {due}：开始月份应不晚于 due（或 final_month）")
        return None
    return text


def _first_month(check: _Checker, doc: Any, year: Optional[int], final_month: str) -> Optional[str]:
    """``first_month``: reports expected from that month of the year (None: January), not after
    the final month."""
    if "first_month" not in doc:
        return None
    value = doc["first_month"]
    line = doc.key_lines.get("first_month", 1)
    text = str(value) if isinstance(value, str) else None
    if text is None or not _of_year(text, year):
        check.add(line, "first_month", "registry-field",
                  f"first_month 应为{_within(year)}月份（YYYY-MM，如 first_month: {_ex(year)}-04，表示从4月起报送），{now(value)}")
        return None
    if text > final_month:
        check.add(line, "first_month", "registry-field",
                  f"first_month {text} 晚于 final_month {final_month}：应为年度终了月份或之前的月份（如 {_ex(year)}-04）")
        return None
    return text


def _areas(check: _Checker, doc: Any) -> list[str]:
    """The registry's sub-areas (docs/areas.md): an ordered list of distinct names."""
    raw = check.get(doc, "areas", "登记表", list, required=False, default=[])
    line = doc.key_lines.get("areas", 1) if isinstance(doc, dict) else 1
    out: list[str] = []
    for item in raw:
        name = _NAME_PADDING.sub("", str(item)) if isinstance(item, (str, int)) and not isinstance(item, bool) else ""
        if not name:
            check.add(line, "areas", "registry-field", f"areas 的每一项应为地区名称（如 东坡区），{now(item)}")
        elif name in out:
            check.add(line, "areas", "registry-field", f"areas 中地区「{name}」重复，请删除其中一个")
        elif name == ALL_AREAS:
            check.add(line, "areas", "registry-field", f"「{ALL_AREAS}」表示全部地区，不能用作地区名称")
        else:
            out.append(name)
    return out


def _scoring(check: _Checker, doc: Any) -> Optional[Scoring]:
    """``scoring: {points: 100, deductions: {missing_report: 2, lag_month: 1}}`` (every key optional)."""
    raw = check.get(doc, "scoring", "登记表", dict, required=False, default=None)
    if raw is None:
        return None
    check.known_keys(raw, SCORING_KEYS, "scoring")
    deductions = check.get(raw, "deductions", "scoring", dict, required=False, default=_Map())
    check.known_keys(deductions, DEDUCTION_KEYS, "scoring.deductions")
    found = {}
    for where, key, default in ((raw, "points", DEFAULT_POINTS), (deductions, "missing_report", 0.0),
                                (deductions, "lag_month", 0.0)):
        value = check.get(where, key, "scoring" if where is raw else "scoring.deductions", (int, float),
                          required=False, default=default)
        if not (math.isfinite(value) and value >= 0):
            check.add(where.key_lines.get(key, where.line), key, "registry-field",
                      f"scoring 的 {key} 应为不小于 0 的数（分），现为 {value}")
            value = default
        found[key] = float(value)
    return Scoring(found["points"], found["missing_report"], found["lag_month"])


def _fraction(check: _Checker, rules: Any, key: str, default: float, example: str) -> float:
    value = check.get(rules, key, "rules", (int, float), required=False, default=default)
    if not 0 <= float(value) < 1:
        check.add(rules.key_lines.get(key, rules.line), key, "registry-field",
                  f"rules.{key} 应为 0 到 1 之间的小数（{example}），现为 {value}")
        return default
    return float(value)


def _levels(check: _Checker, doc: Any) -> dict[str, str]:
    raw = check.get(doc, "levels", "登记表", dict, required=False, default=None)
    if raw is None:
        return dict(DEFAULT_LEVELS)
    levels = {}
    for key, name in raw.items():
        if not isinstance(key, str) or not isinstance(name, str) or not name.strip():
            check.add(raw.key_lines.get(key, raw.line), "levels", "registry-field",
                      f"levels 的每一项应为 键: 显示名称（如 county: 县级），现为 {key}: {name}")
            continue
        levels[key] = _NAME_PADDING.sub("", name)
    if not levels:
        check.add(raw.line, "levels", "registry-field", "levels 至少要有一项（如 county: 县级）")
        return dict(DEFAULT_LEVELS)
    return levels


def _escalation(check: _Checker, rules: Any) -> tuple[Escalation, ...]:
    raw = check.get(rules, "escalation", "rules", list, required=False, default=[])
    steps = []
    for item in raw:
        if not isinstance(item, dict):
            check.add(rules.key_lines.get("escalation", rules.line), "escalation", "registry-field",
                      "rules.escalation 的每一项应为 {months: 月数, action: 措施}，如 {months: 2, action: 约谈}")
            continue
        check.known_keys(item, ESCALATION_KEYS, "rules.escalation 的一项")
        months = check.get(item, "months", "rules.escalation 的一项", int, default=0)
        action = check.name(item, "action", "rules.escalation 的一项")
        if months < 1 and "months" in item:
            check.add(item.key_lines["months"], "months", "registry-field",
                      f"rules.escalation 的 months 应为正整数（连续滞后的月数），现为 {months}")
        elif months >= 1 and action:
            if steps and months <= steps[-1].months:
                check.add(item.key_lines.get("months", item.line), "months", "registry-field",
                          f"rules.escalation 应按 months 从小到大排列：{months} 不大于上一项的 {steps[-1].months}")
            steps.append(Escalation(months, action))
    return tuple(steps)


def _project(raw: Any, year: Optional[int], final_month: str, levels: dict[str, str], areas: list[str], check: _Checker,
             seen_ids: dict[str, int]) -> Optional[Project]:
    if not isinstance(raw, dict):
        check.add(1, None, "registry-field", f"projects 中的每一项应为映射（键: 值），{now(raw)}")
        return None
    check.known_keys(raw, PROJECT_KEYS, "项目")
    seq = check.get(raw, "seq", "项目", int, default=0)
    where = f"项目 {seq}"
    if seq <= 0 and "seq" in raw:
        check.add(raw.line, "seq", "registry-field", f"{where}：seq 应为正整数")
    level = check.get(raw, "level", where, str, default=next(iter(levels)))
    if level not in levels:
        choices = "、".join(f"{k}（{v}）" for k, v in levels.items())
        check.add(raw.key_lines.get("level", raw.line), "level", "registry-field",
                  f"{_w(where)}的 level{shown(level)}不在 levels 中：只能是 {choices}；其他层级请在登记表顶层的 levels 中列出")
    persons = None
    persons_raw = check.get(raw, "persons", where, dict, required=False, default=None)
    if persons_raw is not None:
        check.known_keys(persons_raw, PERSON_KEYS, f"{_w(where)}的 persons")
        persons = Persons(check.name(persons_raw, "office", f"{_w(where)}的 persons", required=False),
                          check.name(persons_raw, "unit", f"{_w(where)}的 persons", required=False))
    related = check.get(raw, "related", where, list, required=False, default=[])
    indicators = []
    raw_indicators = check.get(raw, "indicators", where, list, default=[])
    for raw_ind in raw_indicators:
        indicator = _indicator(raw_ind, seq, year, final_month, where, areas, check)
        if indicator is None:
            continue
        if indicator.id in seen_ids:
            check.add(indicator.line, "id", "registry-duplicate-id",
                      f"指标编号 {indicator.id} 重复（第 {seen_ids[indicator.id]} 行已使用）")
            continue
        seen_ids[indicator.id] = indicator.line
        indicators.append(indicator)
    if not raw_indicators and "indicators" in raw:
        check.add(raw.key_lines["indicators"], "indicators", "registry-field", f"{_w(where)}没有任何指标")
    return Project(
        seq=seq,
        name=check.name(raw, "name", where),
        level=level,
        category=check.name(raw, "category", where, required=False),
        task=str(check.get(raw, "task", where, (str, int, float), required=False, default="")),
        lead=check.name(raw, "lead", where, required=False),
        unit=check.name(raw, "unit", where),
        persons=persons,
        related=tuple(_NAME_PADDING.sub("", str(r)) for r in related if r is not None),
        indicators=tuple(indicators),
        line=raw.line,
        funds=_funds(raw, where, check),
    )


def _funds(raw: Any, where: str, check: _Checker) -> Optional[Funds]:
    funds = check.get(raw, "funds", where, dict, required=False, default=None)
    if funds is None:
        return None
    check.known_keys(funds, FUNDS_KEYS, f"{_w(where)}的 funds")
    budget = check.get(funds, "budget", f"{_w(where)}的 funds", (int, float), default=None)
    unit = check.name(funds, "unit", f"{_w(where)}的 funds")
    if budget is None:
        return None
    if not (math.isfinite(budget) and budget > 0):
        check.add(funds.key_lines["budget"], "budget", "registry-field", f"{_w(where)}的 funds.budget 应大于 0，现为 {budget}")
        return None
    return Funds(float(budget), unit)


def _indicator(raw: Any, seq: int, year: Optional[int], final_month: str, where: str, areas: list[str],
               check: _Checker) -> Optional[Indicator]:
    if not isinstance(raw, dict):
        check.add(1, None, "registry-field", f"{_w(where)}的 indicators 中每一项应为映射（键: 值），{now(raw)}")
        return None
    check.known_keys(raw, INDICATOR_KEYS, "指标")
    indicator_id = check.name(raw, "id", f"{_w(where)}的指标")
    where = f"指标 {indicator_id or '?'}"
    key = check.get(raw, "kind", where, str, default="")
    kind = KINDS.get(key)
    if key and kind is None:
        check.add(raw.key_lines["kind"], "kind", "registry-kind",
                  f"{_w(where)}的类型{shown(key)}未知：只能是 {'、'.join(f'{k}（{v.label}）' for k, v in KINDS.items())}"
                  + _nearest(key, KINDS))
    if kind is None:
        return None
    for k in raw:
        if k in INDICATOR_KEYS and k not in ("id", "name", "kind") and not _applies(kind, k):
            check.add(raw.key_lines[k], k, "registry-key-not-for-kind",
                      f"{_w(where)}是 {kind.key}（{kind.label}）指标，不适用 {k}：{_why_not(kind, k)}")
    target, target_text = math.nan, ""
    if kind.target_form == "number":
        value = check.get(raw, "target", where, (int, float), default=None)
        floor_ok = kind.zero_target_allowed
        if value is not None and not (math.isfinite(value) and (value >= 0 if floor_ok else value > 0)):
            check.add(raw.key_lines["target"], "target", "registry-target",
                      f"{_w(where)}的目标值应{'不小于' if floor_ok else '大于'} 0，现为 {value}")
        target = float(value) if value is not None else math.nan
    elif kind.target_form == "text":
        target_text = check.name(raw, "target", where, keep_spaces=True)
    unit = check.name(raw, "unit", where) if kind.needs_unit else ""
    due = check.get(raw, "due", where, str, required=False, default=None) if _applies(kind, "due") else None
    if due is not None and not _of_year(due, year):
        check.add(raw.key_lines["due"], "due", "registry-field", f"{_w(where)}的 due 应为{_within(year)}月份 YYYY-MM，{now(due)}")
        due = None
    plan = _plan(raw, where, year, target, check) if _applies(kind, "plan") else ()
    stages = _stages(raw, where, year, check) if _applies(kind, "stages") else ()
    if "stages" in kind.optional_keys and "stages" not in raw and not check.misspelt(raw, "stages"):
        check.add(raw.line, "stages", "registry-stages", f"{_w(where)}是节点指标，缺少 stages（如 [{{name: 开工, due: {_ex(year)}-05}}]）")
    weight = check.get(raw, "weight", where, (int, float), required=False, default=None)
    if weight is not None and not (math.isfinite(weight) and weight > 0):
        check.add(raw.key_lines["weight"], "weight", "registry-field", f"{_w(where)}的 weight 应大于 0，现为 {weight}")
        weight = None
    split = _indicator_areas(raw, where, kind, target, areas, check) if "areas" in raw else ()
    cadence = _cadence(check, raw, where) if _applies(kind, "cadence") else None
    start = _start(raw, where, year, due or final_month, bool(plan), check) if _applies(kind, "start") else None
    if not indicator_id:
        return None
    return Indicator(id=indicator_id, project=seq, name=check.name(raw, "name", where), target=target, unit=unit,
                     kind=kind.key, due=due, line=raw.line, plan=plan, stages=stages, target_text=target_text,
                     weight=None if weight is None else float(weight), areas=split,
                     areas_line=raw.key_lines.get("areas", 0), cadence=cadence, start=start)


def _indicator_areas(raw: Any, where: str, kind: Kind, target: float, areas: list[str],
                     check: _Checker) -> tuple[tuple[str, float], ...]:
    """An indicator's ``areas`` (docs/areas.md): for a kind with area targets a mapping area -> its
    target; for the others a list of names or ``all``.  Every area must be in the top-level list."""
    value = raw["areas"]
    line = raw.key_lines["areas"]
    if not areas:
        check.add(line, "areas", "registry-field",
                  f"{_w(where)}列出了 areas，但登记表顶层没有 areas：请先在顶层列出全部地区，如 areas: [东坡区, 彭山区]")
        return ()
    at = lambda key: value.key_lines.get(key, line) if hasattr(value, "key_lines") else line  # noqa: E731
    known = {a: k for k, a in enumerate(areas)}  # a province lists 130 areas on each of 300 indicators
    if kind.area_targets:
        if not isinstance(value, dict) or not value:
            check.add(line, "areas", "registry-field",
                      f"{_w(where)}是 {kind.key}（{kind.label}）指标，areas 应为 地区: 目标 的映射，"
                      f"如 {{{areas[0]}: 100}}，{now(value)}")
            return ()
        if value.keys() <= known.keys() and all(type(t) is int and t > 0 for t in value.values()):
            # the usual registry: every key an area as written, every target a positive count
            return tuple((a, float(value[a])) for a in sorted(value, key=known.__getitem__))
        pairs = []
        for key, area_target in value.items():
            name = key if key in known else _NAME_PADDING.sub("", str(key))
            if name not in known:
                check.add(at(key), "areas", "registry-field", _not_an_area(where, name, areas))
                continue
            if isinstance(area_target, bool) or not isinstance(area_target, (int, float)) \
                    or not math.isfinite(area_target) or area_target <= 0:
                check.add(at(key), "areas", "registry-target",
                          f"{_w(where)}的地区「{name}」的目标应为大于 0 的数字，{now(area_target)}")
                continue
            pairs.append((name, float(area_target)))
        return tuple(sorted(pairs, key=lambda p: known[p[0]]))
    if value == ALL_AREAS:
        return tuple((a, target) for a in areas)
    if not isinstance(value, list) or not value:
        check.add(line, "areas", "registry-field",
                  f"{_w(where)}是 {kind.key}（{kind.label}）指标，areas 应为地区名称的列表（各地区的目标与指标相同）或 {ALL_AREAS}，"
                  f"如 [{areas[0]}]，{now(value)}")
        return ()
    names = []
    for item in value:
        name = item if isinstance(item, str) and item in known else _NAME_PADDING.sub("", str(item))
        if name not in known:
            check.add(line, "areas", "registry-field", _not_an_area(where, name, areas))
        elif name in names:
            check.add(line, "areas", "registry-field", f"{_w(where)}的 areas 中地区「{name}」重复")
        else:
            names.append(name)
    chosen = set(names)
    return tuple((a, target) for a in areas if a in chosen)


def _not_an_area(where: str, name: str, areas: list[str]) -> str:
    hint = _nearest(name, areas) or f"；登记表的地区：{'、'.join(areas)}"
    return f"{_w(where)}的 areas 中「{name}」不在登记表顶层的 areas 中{hint}"


def _applies(kind: Kind, key: str) -> bool:
    if key == "target":
        return kind.target_form is not None
    if key == "unit":
        return kind.needs_unit
    return key in kind.optional_keys


def _why_not(kind: Kind, key: str) -> str:
    if kind.key_refusal:
        return kind.key_refusal.format(key=key)
    owners = [k.key for k in KINDS.values() if _applies(k, key)]
    reasons = {
        "target": "节点指标的目标就是各阶段（stages），请删除 target",
        "unit": "该类指标的完成值不是数量，请删除 unit",
        "due": "节点指标的期限由最后一个阶段的 due 决定，请删除 due",
    }
    return reasons.get(key, f"{key} 只用于 {'、'.join(owners)} 指标，请删除")


def _plan(raw: Any, where: str, year: Optional[int], target: float, check: _Checker) -> tuple[tuple[str, float], ...]:
    plan = raw.get("plan")
    if plan is None:
        return ()
    line = raw.key_lines.get("plan", raw.line)
    if not isinstance(plan, dict) or not plan:
        check.add(line, "plan", "registry-plan", f"{_w(where)}的 plan 应为 月份: 计划累计值 的映射，如 {{{_ex(year)}-06: 40, {_ex(year)}-12: 100}}")
        return ()
    points: list[tuple[str, float]] = []
    for month, value in plan.items():
        at = plan.key_lines.get(month, line) if hasattr(plan, "key_lines") else line
        month = str(month)
        if not _of_year(month, year):
            check.add(at, "plan", "registry-plan", f"{_w(where)}的 plan 中「{month}」不是{_within(year)}月份 YYYY-MM")
            return ()
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
            check.add(at, "plan", "registry-plan", f"{_w(where)}的 plan 中 {month} 的计划累计值应为不小于 0 的数字，现为 {value}")
            return ()
        if points and month <= points[-1][0]:
            check.add(at, "plan", "registry-plan", f"{_w(where)}的 plan 月份应递增：{month} 不晚于 {points[-1][0]}")
            return ()
        if points and value < points[-1][1]:
            check.add(at, "plan", "registry-plan",
                      f"{_w(where)}的 plan 计划累计值不应减少：{month} 的 {value} 小于 {points[-1][0]} 的 {points[-1][1]:g}")
            return ()
        points.append((month, float(value)))
    if math.isfinite(target) and points[-1][1] > target * (1 + 1e-9):
        check.add(line, "plan", "registry-plan", f"{_w(where)}的 plan 最后的计划累计值 {points[-1][1]:g} 超过目标 {target:g}")
        return ()
    return tuple(points)


def _stages(raw: Any, where: str, year: Optional[int], check: _Checker) -> tuple[Stage, ...]:
    stages = raw.get("stages")
    if stages is None:
        return ()
    line = raw.key_lines.get("stages", raw.line)
    if not isinstance(stages, list) or not stages:
        check.add(line, "stages", "registry-stages",
                  f"{_w(where)}的 stages 应为阶段列表，如 [{{name: 开工, due: {_ex(year)}-05}}, {{name: 投入使用, due: {_ex(year)}-09}}]")
        return ()
    out: list[Stage] = []
    for item in stages:
        at = getattr(item, "line", line)
        if not isinstance(item, dict):
            check.add(at, "stages", "registry-stages", f"{_w(where)}的每个阶段应为 {{name: 阶段名称, due: YYYY-MM}}，现为 {item}")
            return ()
        check.known_keys(item, STAGE_KEYS, f"{_w(where)}的阶段")
        name = _NAME_PADDING.sub("", str(item.get("name") or ""))
        due = str(item.get("due") or "")
        if not name or not _of_year(due, year):
            check.add(at, "stages", "registry-stages",
                      f"{_w(where)}的阶段应有名称和{_within(year)} due（YYYY-MM），现为 name={name or '空'}、due={due or '空'}")
            return ()
        if name.isdigit() or name in ("0", "未开工"):
            check.add(at, "stages", "registry-stages", f"{_w(where)}的阶段名称「{name}」会与阶段序号或“未开工”混淆，请换一个名称")
            return ()
        if any(s.name == name for s in out):
            check.add(at, "stages", "registry-stages", f"{_w(where)}的阶段名称「{name}」重复")
            return ()
        if out and due < out[-1].due:
            check.add(at, "stages", "registry-stages", f"{_w(where)}的阶段期限不应提前：{name} 的 {due} 早于 {out[-1].name} 的 {out[-1].due}")
            return ()
        out.append(Stage(name, due))
    return tuple(out)


def _w(where: str) -> str:
    """``where`` ready to stand before Chinese text: an id or key at its end is set off by a space
    (指标 1 缺少字段, 项目 3 的 persons 中的键), as everywhere in minshi's messages."""
    return f"{where} " if where and (where[-1].isascii() and (where[-1].isalnum() or where[-1] in "?_")) else where


def _nearest(word: str, known) -> str:
    guess = _guess(word, known)
    return f"；是否应为「{guess}」？" if guess else ""


def _guess(word: str, known) -> Optional[str]:
    """The known name ``word`` most likely meant (difflib's closest, at least 0.7 alike), else None."""
    import difflib  # only when a name needs a suggestion

    guess = difflib.get_close_matches(str(word), list(known), n=1, cutoff=0.7)
    return guess[0] if guess else None
