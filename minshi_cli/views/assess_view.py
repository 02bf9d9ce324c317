"""What ``minshi assess`` shows: the units judged by core.assess, as a table, Markdown, JSON or CSV."""

from __future__ import annotations

from minshi_cli.core.assess import VERDICT_WHEN, Assessment, verdicts_given
from minshi_cli.core.model import Registry
from minshi_cli.views import tables
from minshi_cli.views.wording import programme_noun, verdict_labels

HEADERS = ["责任单位", "指标数", "已完成", "未完成", "未报送", "待认定", "考核结论"]
SCORE_HEADER = "得分"


def title(assessment: Assessment, registry: Registry) -> str:
    """Titled with the programme's noun, as the report's year-end sentence (2010年为民办实事考核预评…)."""
    named = f"{registry.year}年{programme_noun(registry.title)}"
    if assessment.final:
        return f"{named}年度考核（截至 {assessment.as_of}）"
    return f"{named}考核预评（截至 {assessment.as_of}，年度终了前结论为预评）"


def rows(assessment: Assessment, labels: dict[str, str]) -> list[list[str]]:
    out = []
    for u in assessment.units:
        row = [u.unit, str(u.indicators), str(u.done), str(u.unfinished), str(u.missing), str(u.uncertified),
               labels[u.verdict]]
        if assessment.scored:
            row.append(score(u.score))
        out.append(row)
    return out


def score(x) -> str:
    """A score as shown: two decimals (89.50)."""
    return "—" if x is None else f"{x:.2f}"


def headers(assessment: Assessment) -> list[str]:
    return HEADERS + ([SCORE_HEADER] if assessment.scored else [])


def legend(certifying: bool, labels: dict[str, str], certifier: str = "统计部门") -> str:
    """How the verdicts are reached, under the table; ``certifier`` the 认定单位 the certified rows
    name (views.report.certifier)."""
    steps = [f"{VERDICT_WHEN[v].format(certifier=certifier)}：{labels[v]}" for v in verdicts_given(certifying)]
    return "考核结论依次判断，先满足者为准：" + "；".join(steps) + "。"


def json_text(assessment: Assessment, **_) -> str:
    return tables.json_text(assessment.as_dict()) + "\n"


def csv_text(assessment: Assessment, *, registry: Registry, **_) -> str:
    """The form for Excel (docs/office.md, as ``status --format csv``): a BOM, the table's Chinese headers."""
    return tables.excel_csv(headers(assessment), rows(assessment, verdict_labels(registry)))


def table_text(assessment: Assessment, *, registry: Registry, certifying: bool, certifier: str = "统计部门") -> str:
    return _drawn(assessment, tables.terminal, title(assessment, registry), registry, certifying, certifier)


def markdown_text(assessment: Assessment, *, registry: Registry, certifying: bool, certifier: str = "统计部门") -> str:
    return _drawn(assessment, tables.markdown, f"## {title(assessment, registry)}", registry, certifying, certifier)


def _drawn(assessment: Assessment, draw, heading: str, registry: Registry, certifying: bool, certifier: str) -> str:
    labels = verdict_labels(registry)
    counts = {v: sum(u.verdict == v for u in assessment.units) for v in labels}
    line = "，".join(f"{labels[v]} {n} 个单位" for v, n in counts.items() if n)
    return "\n\n".join([heading, draw(headers(assessment), rows(assessment, labels)), line,
                        legend(certifying, labels, certifier)]) + "\n"
