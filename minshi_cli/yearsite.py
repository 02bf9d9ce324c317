"""``minshi site``: the static site of the year written into a folder (docs/site.md).

The data is loaded and checked once, every month from the year's first to ``--as-of`` evaluated
once (:meth:`minshi_cli.core.year.Year.evaluations`), and every page rendered from those
evaluations by one Jinja environment: no page loads or evaluates anything itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

from minshi_cli.core.dataset import unused_words
from minshi_cli.core.paths import absolute, command
from minshi_cli.core.problems import UsageProblem
from minshi_cli.core.system_errors import write_error_text

#: the pages' folders inside the output folder
FOLDERS = ("months", "indicators", "units")
#: a month page names at most this many areas per item (the rest counted: 等40个地区); the indicator
#: pages and areas.html list them all, and a province's month page stays printable (docs/site.md)
NAMED_AREAS = 5


def check_site_dir(data_dir: Path, out_dir: Path) -> Path:
    """The output folder, resolved; refused (exit 2) inside the data folder or where it is a file."""
    target = out_dir.resolve()
    if target.is_relative_to(data_dir.resolve()):
        raise UsageProblem(f"不能把网站写入数据文件夹 {absolute(data_dir)}：请用 -o 指定数据文件夹以外的文件夹")
    if target.exists() and not target.is_dir():
        raise UsageProblem(f"{out_dir} 是文件：-o 应为文件夹，如 -o 进度网站")
    return target


def build(data_dir: Path, out_dir: Path, *, as_of: Optional[str] = None, skip_invalid: bool = False,
          generated_at=None, warn: Optional[Callable[[str], None]] = None) -> list[Path]:
    """Write the site of the year up to ``as_of`` into ``out_dir``; returns the pages written."""
    return write(out_dir, pages(data_dir, out_dir, as_of=as_of, skip_invalid=skip_invalid,
                                generated_at=generated_at, warn=warn))


def pages(data_dir: Path, out_dir: Path, *, as_of: Optional[str] = None, skip_invalid: bool = False,
          generated_at=None, warn: Optional[Callable[[str], None]] = None) -> dict[str, str]:
    """Every page of the site: its path inside the output folder (``units/区民政局.html``) and its HTML."""
    from minshi_cli.core.months import month_number
    from minshi_cli.core.year import open_year
    from minshi_cli.views import render, report, trends
    from minshi_cli.views import site as views

    check_site_dir(data_dir, out_dir)
    when = report.report_time(generated_at)
    of, evaluation, invalid = open_year(data_dir, as_of, warn, skip_invalid=skip_invalid)
    data, month = of.data, evaluation.as_of
    registry = data.registry
    first = getattr(registry, "first_month", None)
    if first and month < first:
        raise UsageProblem(f"--as-of {month} 早于登记表的 first_month {first}：应为 {first} 至 {registry.final_month}")
    evaluations = of.evaluations(month)
    year = trends.YearSoFar(evaluations)
    month_pages = [m for m in year.months if data.has_month(m)]
    if not month_pages:
        report.require_month(data, month)
    file_month = {t.file: t.month for t in data.tables + data.other_tables}

    env = render.environment()
    out: dict[str, str] = {}
    last_context: dict = {}
    for k, evaluation in enumerate(evaluations):
        m = evaluation.as_of
        if m not in month_pages:
            continue
        mine = [p for p in invalid if file_month.get(p.file, m) <= m]
        context = report.build_context(of, evaluation, when, invalid=mine, named_areas=NAMED_AREAS)
        trends.add_to_report(context, trends.YearSoFar(evaluations[:k + 1]), registry)
        at = month_pages.index(m)
        context["site"] = {
            "home": views.link("..", "index.html"),
            "previous": views.link(f"{month_pages[at - 1]}.html") if at > 0 else "",
            "previous_label": f"{month_number(month_pages[at - 1])}月" if at > 0 else "",
            "next": views.link(f"{month_pages[at + 1]}.html") if at + 1 < len(month_pages) else "",
            "next_label": f"{month_number(month_pages[at + 1])}月" if at + 1 < len(month_pages) else "",
        }
        out[f"months/{m}.html"] = env.get_template("site-month.html.j2").render(context)
        last_context = context
    if invalid and warn is not None:
        warn(f"警告：{len(invalid)} 处数据有误未采用，{unused_words(invalid)}，已列在各月通报的附录中；"
             f"运行 {command(data_dir, 'check')} 查看，改正后重新生成")

    site = views.Site(registry, year, month_pages, data.certifying, last_context["sources"],
                      last_context["data_folder"], last_context["generated_at"])
    out["index.html"] = env.get_template("site-index.html.j2").render(site.index())
    indicator_page = env.get_template("site-indicator.html.j2")
    by_month = views.areas_by_month(year) if registry.split else {m: {} for m in year.months}
    for i in registry.indicators:
        out[f"indicators/{site.indicator_files[i.id]}.html"] = indicator_page.render(site.indicator(i.id, by_month))
    unit_page = env.get_template("site-unit.html.j2")
    verdicts = site.verdicts()
    for unit in site.units:
        out[f"units/{site.unit_files[unit]}.html"] = unit_page.render(site.unit(unit, verdicts))
    if registry.areas:
        out["areas.html"] = env.get_template("site-areas.html.j2").render(site.areas())
    return out


def write(out_dir: Path, pages: dict[str, str]) -> list[Path]:
    """Write ``pages`` into ``out_dir`` (created if missing), each atomically; the folder's other
    files are left alone, and nothing is written outside it (a page folder that is a link to
    elsewhere is refused)."""
    from minshi_cli.output import write_atomically

    root = out_dir.resolve()
    written = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for folder in FOLDERS:
            path = out_dir / folder
            path.mkdir(exist_ok=True)
            if not path.resolve().is_relative_to(root):
                raise UsageProblem(f"{path} 指向 {out_dir} 以外的位置：网站只写入 {out_dir}，请删去该链接或换一个输出文件夹")
        for name, html in pages.items():
            path = out_dir / name
            write_atomically(path, html, sync=False)
            written.append(path)
    except OSError as exc:
        raise UsageProblem(f"无法写入 {out_dir}：{write_error_text(exc)}") from None
    return written
