"""What each command does, as plain functions from options to text (the CLI only prints).

Kept apart from ``cli.py`` so that ``minshi --help`` never imports pandas.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional


from minshi_cli import formats
from minshi_cli.views import diagnostics, status_view
from minshi_cli.core.dataset import Dataset, load, open_registry, unused_words
from minshi_cli.core.findings import Findings
from minshi_cli.core.paths import absolute, command, registry_path
from minshi_cli.core.problems import DataProblems, UsageProblem
from minshi_cli.core.system_errors import write_error_text
from minshi_cli.core.year import Year, open_year


def status_text(data_dir: Path, *, as_of: Optional[str], fmt: str, level: Optional[str],
                unit: Optional[str], by: str, warn: Optional[Callable[[str], None]] = None,
                area: Optional[str] = None, width: Optional[int] = None) -> str:
    """``width``: the terminal's columns, which the table fits (None: the whole table)."""
    if area is not None and by == "area":
        raise UsageProblem("--area 只看一个地区的指标，不能与 --by area（各地区排名）同用：去掉其中一个")
    year, evaluation, _ = open_year(data_dir, as_of, warn, area=area)
    data = year.data
    if by == "area" and not data.registry.areas:
        raise UsageProblem("登记表没有分地区（顶层没有 areas），不能用 --by area")
    levels = data.registry.level_names
    if level is not None and level not in levels:  # the name shown (省级) stands for its key (province)
        level = next((key for key, name in levels.items() if name == level.strip()), level)
    if level is not None and level not in levels:
        raise UsageProblem(f"--level 的值不对：登记表中没有层级「{level}」；"
                           f"可选：{'、'.join(f'{k}（{v}）' for k, v in levels.items())}。运行 {command(data_dir, 'status -h')} 查看帮助")
    if unit is not None:
        units = list(dict.fromkeys(p.unit for p in data.registry.projects))
        if unit not in units:
            raise UsageProblem(f"没有名为「{unit}」的主要责任单位；可选：{'、'.join(units)}")
    from minshi_cli.core import assess, funds

    view = status_view.select(evaluation, level, unit)
    judged = assess.assess(data.registry, view, data.certifying) if by == "unit" else None
    standing = funds.standing(data.registry, data.funds, view, year.as_of) if fmt == "json" and by != "unit" else None
    verdicts = {}
    if by == "unit":  # the year-end legend names the 认定单位 (the report's module: imported only here)
        from minshi_cli.views.report import certifier

        verdicts = {"certifying": data.certifying, "certifier": certifier(data.certified)}
    return formats.STATUS[fmt].write(view, by=by, registry=data.registry, has_file=data.has_month(view.as_of),
                              filters=(level, unit), assessment=judged, funds=standing, width=width, **verdicts)


def assess_month(data: Dataset, month: Optional[str]) -> Optional[str]:
    """``minshi assess``'s default month: the final month if it has files, else (None) the latest."""
    if month is None and data.has_month(data.registry.final_month):
        return data.registry.final_month
    return month


def assess_text(data_dir: Path, *, as_of: Optional[str], fmt: str, warn: Optional[Callable[[str], None]] = None) -> str:
    """The year-end assessment (考核) of every main responsible unit, docs/assessment.md."""
    from minshi_cli.core import assess

    data = load(data_dir, warnings=False)
    year, evaluation, _ = open_year(data_dir, assess_month(data, as_of), warn, data=data)
    judged = assess.assess(year.registry, evaluation, year.certifying)
    from minshi_cli.views.report import certifier

    return formats.ASSESS[fmt].write(judged, registry=year.registry, certifying=year.certifying,
                                     certifier=certifier(year.data.certified))


def check_output(data_dir: Path, paths: list[Path], *, fmt: str, strict: bool) -> tuple[str, str, int]:
    """Validate; return (stdout text, stderr summary line, exit code).

    With ``paths``, only their problems are reported (earlier months are still read for the
    cross-month rules); a ``.yaml``/``.yml`` path is checked as a registry.  The data folder's
    own registry among the paths checks every progress file against it: a renamed indicator
    id surfaces the same errors as a full check (warnings stay with the files they are in)."""
    registries = [p for p in paths if p.suffix.lower() in (".yaml", ".yml")]
    progress = [p for p in paths if p not in registries]
    problems, files, lines = _other_registries(data_dir, registries)
    own_registry = any(r.resolve() == registry_path(data_dir).resolve() for r in registries)
    try:
        registry = open_registry(data_dir)
    except DataProblems as exc:
        problems, files = problems + exc.problems, files + 1
    else:
        data = load(data_dir, registry, extra=progress)
        if paths:
            chosen = _chosen(progress)
            # a month given twice is said once, at its folder (or last file): said for any of its files
            chosen |= {s.parts[-1].resolve() for s in data.sources
                       if len(s.parts) > 1 and any(p.resolve() in chosen for p in s.files + s.parts)}
            picked = [t for t in data.tables + data.other_tables if own_registry or Path(t.file).resolve() in chosen]
            problems += [p for p in data.problems if p.file == registry.path or Path(p.file).resolve() in chosen
                         or (own_registry and p.severity == "error")]
            files, lines = files + len(picked) + own_registry, lines + sum(t.lines for t in picked)
        else:
            problems, files, lines = data.problems, len(data.tables) + len(data.other_tables) + 1, data.line_count
    code = Findings(problems).exit_code(strict)
    return formats.PROBLEMS[fmt].write(problems), diagnostics.summary(files, lines, problems), code


def _other_registries(data_dir: Path, registries: list[Path]) -> tuple[list, int, int]:
    """Registries named on the command line other than the data folder's own (checked anyway)."""
    from minshi_cli.core.registry import load_registry

    own = registry_path(data_dir).resolve()
    problems: list = []
    others = [r for r in registries if r.resolve() != own]
    for path in others:
        try:
            load_registry(path)
        except DataProblems as exc:
            problems += exc.problems
    return problems, len(others), 0


def _chosen(paths: list[Path]) -> set[Path]:
    chosen = set()
    for path in paths:
        chosen.add(path.resolve())
        if path.is_dir():
            chosen.update(f.resolve() for f in path.iterdir())
    return chosen


def verify_output(data_dir: Path, path: Path, *, month: Optional[str], fmt: str, no_registry: bool = False,
                  data_named: bool = True) -> tuple[str, str, int]:
    """Verify a published table against the registry and the data folder's figures for the month,
    or on its own numbers where there is no registry (``--no-registry``, or no data folder named
    and none at ./data); return (stdout text, stderr summary line, exit code) as ``check`` does."""
    from minshi_cli import verify

    alone = verify.without_registry(data_dir, no_registry=no_registry, data_named=data_named)
    registry = None if alone else open_registry(data_dir)
    read = verify.read_published(path, month)
    if isinstance(read, list):
        found = verify.Verified(read[0].file, None, None, read, registry=not alone,
                                registry_path=None if registry is None else absolute(Path(registry.path)))
    elif alone:
        found = verify.verify_alone(read, month)
    else:
        month = verify.resolve_month(read, registry, month)
        year = Year.of(load(data_dir, registry, warnings=False))
        found = verify.verify_table(registry, read, month, verify.records_for(year, month),
                                    verify.area_records_for(year.figures, month))
    problems = found.problems
    out = formats.PROBLEMS[fmt].write(problems, found.as_json())
    return out, diagnostics.verify_summary(found), Findings(problems).exit_code()


def writable_suffixes() -> str:
    """``.html、.htm（HTML），.md、.markdown（Markdown）``: the extensions ``-o`` accepts, per format."""
    return "；".join(f"{'、'.join(f.suffixes)}（{f.name}）" for f in formats.REPORT.values())


def report_output(output: Optional[Path]) -> Optional[Path]:
    """``-o -`` means the screen (stdout), as does no ``-o`` at all."""
    return None if output is None or str(output) == "-" else output


def report_format(fmt: Optional[str], output: Optional[Path], templates: Optional[Path] = None) -> str:
    """The report's format: ``--format`` if given, else what ``-o``'s extension says
    (``formats.REPORT``), else md on the screen.  An extension the report cannot write
    (``通报.pdf``, ``通报.txt``, none) and a ``--format`` that contradicts the extension
    (``--format md -o 通报.html``) are refused rather than guessed; so is a Word or Excel report
    without ``-o FILE`` (a binary file, not text for the screen) and ``--templates`` with one
    (templates lay out md and html)."""
    if output is None:
        fmt = fmt or formats.SCREEN_REPORT
    else:
        implied = next((f.key for f in formats.REPORT.values() if output.suffix.lower() in f.suffixes), None)
        if implied is None:
            what = f"扩展名 {output.suffix}" if output.suffix else "没有扩展名"
            raise UsageProblem(f"无法写出输出文件 {output}：{what}，通报只能写成 {writable_suffixes()}；"
                               f"请把文件名改为以其中之一结尾，如 {output.stem or '通报'}.html")
        if fmt is not None and implied != fmt:
            raise UsageProblem(
                f"--format {fmt}（{formats.REPORT[fmt].name}）与输出文件 {output} 的扩展名 {output.suffix}"
                f"（{formats.REPORT[implied].name}）不一致：去掉 --format 即按扩展名输出 {formats.REPORT[implied].name}，"
                f"或把文件名改为以 .{fmt} 结尾")
        fmt = implied
    form = formats.REPORT[fmt]
    if form.binary and output is None:
        raise UsageProblem(
            f"{form.name} 通报是 .{fmt} 文件，不能输出到屏幕：请用 -o 指定文件，如 -o 调度通报.{fmt}")
    if not form.templated and templates is not None:
        raise UsageProblem(
            f"--templates 只用于 md 和 html 通报；{form.name} 通报按内置版式生成，请去掉 --templates")
    return fmt


def report_content(data_dir: Path, *, month: str, fmt: str, templates: Optional[Path] = None,
                   generated_at=None, warn: Optional[Callable[[str], None]] = None, area: Optional[str] = None,
                   skip_invalid: bool = False, number: str = "", issued=None) -> str | bytes:
    """The dispatch report (调度通报) for ``month`` in the format ``fmt``, written by its writer
    (``formats.REPORT``): Markdown or HTML text from the templates, or a Word or Excel file's bytes
    (python-docx and openpyxl are imported only then)."""
    form = formats.REPORT[fmt]
    if templates is not None and not templates.is_dir():
        raise UsageProblem(f"找不到模板文件夹 {templates}：--templates 应为含 report.md.j2 或 report.html.j2 的文件夹")
    context = report_context(data_dir, month=month, generated_at=generated_at, warn=warn, area=area,
                             skip_invalid=skip_invalid, number=number, issued=issued, charts=form.charts)
    return form.write(context, templates)


def report_context(data_dir: Path, *, month: str, generated_at=None,
                   warn: Optional[Callable[[str], None]] = None, area: Optional[str] = None,
                   skip_invalid: bool = False, number: str = "", issued=None, charts: bool = False) -> dict:
    """What every form of the report is made from (:func:`minshi_cli.views.report.build_context`);
    with ``area``, the report for that one area (its indicators, its own targets and figures).

    ``skip_invalid``: rows with errors are not used (their indicators count as 未报送) and are
    listed in the report's appendix (数据有误未采用), rather than refusing the report.
    ``charts``: the urging section's entries get their months drawn (the HTML report)."""
    from minshi_cli.views import report

    when = report.report_time(generated_at)
    year, evaluation, invalid = open_year(data_dir, month, warn, area=area, skip_invalid=skip_invalid)
    report.require_month(year.data, evaluation.as_of)
    context = report.build_context(year, evaluation, when, invalid=invalid, number=number, issued=issued)
    if charts:
        from minshi_cli.views import trends

        trends.add_to_report(context, trends.YearSoFar.as_of(evaluation, year.first_month), year.registry)
    if invalid and warn is not None:
        warn(f"警告：{len(invalid)} 处数据有误未采用，{unused_words(invalid)}，已列在通报的附录中；"
             f"运行 {command(data_dir, 'check')} 查看，改正后重新生成")
    return context


def check_report_path(data_dir: Path, output: Path) -> None:
    """Refuse an output file the report may not be written to (exit 2): a folder, a folder that
    is a file, or anywhere inside the data folder (no command ever writes into data/). Missing
    folders are fine: they are made when the report is written."""
    target = output.resolve()
    if target.is_relative_to(data_dir.resolve()):
        raise UsageProblem(f"不能把通报写入数据文件夹 {absolute(data_dir)}：请用 -o 指定数据文件夹以外的文件")
    if target.is_dir():
        raise UsageProblem(f"{output} 是文件夹：-o 应为文件名，如 通报-2019-06.html")
    blocking = next((folder for folder in target.parents if folder.exists()), None)
    if blocking is not None and not blocking.is_dir():
        raise UsageProblem(f"无法写入 {output}：{blocking} 是文件，不是文件夹；请换一个输出位置")


def save_report(output: Path, text: str | bytes) -> None:
    """Write the report atomically (its missing folders made first): a temporary file in the same
    folder, then os.replace, so a failure never leaves a partial report behind."""
    from minshi_cli.output import write_atomically

    try:
        write_atomically(output, text)
    except OSError as exc:
        raise UsageProblem(f"无法写入 {output}：{write_error_text(exc)}") from None


#: the fill-in form's formats: file suffix
TEMPLATE_SUFFIXES = {"xlsx": ".xlsx", "csv": ".csv"}


def where_forms_go(data_dir: Path, month: str) -> str:
    """What ``minshi template`` says to do with the filled-in forms: put them in the month's folder,
    or, where the month already has a file (``2019-07.csv``: one file or one folder per month,
    docs/formats.md), merge them into it or move the file into the folder first."""
    from minshi_cli.core.paths import display, progress_dir
    from minshi_cli.core.progress import discover

    folder = f"{display(progress_dir(data_dir) / month)}/"
    source = next((s for s in discover(progress_dir(data_dir))[0] if s.month == month), None)
    files = [p for p in (source.parts if source else []) if p in source.files]
    if not files:
        return f"填好后放入 {folder} 即可校验（{command(data_dir, 'check')}）"
    names = "、".join(display(f) for f in files)
    return (f"{month} 已有进度文件 {names}（每月只能有一个文件或一个文件夹）：填好后把各表的累计完成和备注并入该文件，"
            f"或先把该文件移入 {folder}（删去其中与填报表重复的指标行）再放入填报表，然后校验（{command(data_dir, 'check')}）")


def template_files(data_dir: Path, *, month: str, unit: Optional[str], fmt: str, out_dir: Path) -> list[Path]:
    """Write the fill-in forms for ``month`` (every main responsible unit's, or ``unit``'s) into
    ``out_dir`` (created if missing; never inside the data folder); returns the files written."""
    from minshi_cli.core.figures import of_record
    from minshi_cli.output import write_atomically
    from minshi_cli.views import template

    registry = open_registry(data_dir)
    if not registry.in_year(month):
        raise UsageProblem(f"月份 {month} 不在登记表年度 {registry.year} 年内：应为 {registry.year}-01 至 {registry.year}-12")
    names = template.units(registry)
    if unit is not None and unit not in names:
        raise UsageProblem(f"没有名为「{unit}」的主要责任单位；可选：{'、'.join(names)}")
    target = out_dir.resolve()
    if target.is_relative_to(data_dir.resolve()):
        raise UsageProblem(f"不能把填报文件写入数据文件夹 {absolute(data_dir)}：请用 -o 指定数据文件夹以外的文件夹")
    if target.exists() and not target.is_dir():
        raise UsageProblem(f"{out_dir} 是文件：-o 应为文件夹，如 -o 填报表-{month}")
    data = load(data_dir, registry, warnings=False)
    # 上月累计 is the figure of record: the certified figure where the month has one (docs/office.md)
    forms = template.forms(registry, of_record(data.records, data.certified), month, unit)
    if fmt == "xlsx":
        from minshi_cli.office.template_xlsx import write as content
    else:
        content = template.csv_bytes
    written = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for form in forms:
            path = out_dir / form.file_name(TEMPLATE_SUFFIXES[fmt])
            write_atomically(path, content(form))
            written.append(path)
    except OSError as exc:
        raise UsageProblem(f"无法写入 {out_dir}：{write_error_text(exc)}") from None
    return written
