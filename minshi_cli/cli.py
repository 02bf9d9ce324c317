"""The ``minshi`` command line: parse options, call the core, print.

Only click and light modules are imported here, so ``minshi --help`` stays fast; pandas
and the core modules are imported inside the commands that need them.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from pathlib import Path
from typing import Optional

import click

from minshi_cli import __version__, formats, startup
from minshi_cli.clickzh import Choice, Command, Group
from minshi_cli.core.months import loose_month
from minshi_cli.core.paths import default_data_dir
from minshi_cli.core.problems import DataProblems, MinshiError, UsageProblem

MAX_SHOWN = 20
#: the terminal table's width where the output is not a console (a file, a pipe): a Windows console's
#: usual width, so a table saved and shown later still fits
TABLE_WIDTH = 100


class Month(click.ParamType):
    """``YYYY-MM``; ``2019-6``, ``2019/6`` and ``2019年6月`` are read as ``2019-06``."""

    name = "YYYY-MM"

    def convert(self, value, param, ctx):
        month = loose_month(str(value))
        if month is None:
            self.fail(f"「{value}」不是月份：应为 YYYY-MM，如 2019-06（也可写 2019-6、2019/6、2019年6月；年份不能省）",
                      param, ctx)
        return month


MONTH = Month()


def _fail(exc: MinshiError) -> None:
    from minshi_cli.views.diagnostics import text_line

    if isinstance(exc, DataProblems):
        from minshi_cli.core.findings import Findings

        errors = Findings(exc.problems).errors
        for p in errors[:MAX_SHOWN]:
            click.echo(text_line(p), err=True)
        more = f"（另有 {len(errors) - MAX_SHOWN} 个未列出）" if len(errors) > MAX_SHOWN else ""
        from minshi_cli.core.paths import command

        ctx = click.get_current_context(silent=True)
        data_dir = ctx.obj if ctx is not None and isinstance(ctx.obj, Path) else None
        click.echo(f"minshi：数据有 {len(errors)} 个错误{more}，请先改正；运行 {command(data_dir, 'check')} 可查看全部问题。",
                   err=True)
    else:
        click.echo(f"minshi：{exc}", err=True)
    sys.exit(exc.exit_code)


def _warn(message: str) -> None:
    click.echo(message, err=True)


def reports_problems(command):
    """Turn the core's errors into a message and the contract's exit code (never a traceback)."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except MinshiError as exc:
            _fail(exc)

    return wrapper


DATA_HELP = "数据文件夹（含 projects.yaml 和 progress/）；默认 ./data 或环境变量 MINSHI_DATA。"


def _data_here(ctx: click.Context, param, value: Optional[Path]) -> None:
    if value is not None:
        ctx.obj = value  # `minshi status --data DIR` as well as `minshi --data DIR status`


class MinshiCommand(Command):
    """Every command also takes ``--data`` after its name, and runs with the core imported."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.params.append(click.Option(["--data"], type=click.Path(path_type=Path), default=None, expose_value=False,
                                        callback=_data_here, help=DATA_HELP))

    def invoke(self, ctx: click.Context):
        # The core (pandas with it) is imported before the command runs, so that under the console
        # script (``run``: the collector paused) its objects are frozen out of the collector (startup.py).
        import minshi_cli.commands  # noqa: F401

        startup.resume()
        return super().invoke(ctx)


class MinshiGroup(Group):
    command_class = MinshiCommand


@click.group(cls=MinshiGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None, help=DATA_HELP)
@click.version_option(__version__, "--version", prog_name="minshi", message="%(prog)s %(version)s",
                      help="显示版本并退出。")
@click.pass_context
def main(ctx: click.Context, data_dir: Optional[Path]) -> None:
    """minshi：重点民生实事进度跟踪。

    按登记表（data/projects.yaml）和各单位每月报送的进度文件（data/progress/），
    计算完成率与时序进度，生成调度通报，并在 CI 中校验报送文件。
    """
    ctx.obj = data_dir or default_data_dir()


@main.command(hints={"--month": "--as-of"}, argument_option="--as-of")
@click.option("--as-of", type=MONTH, default=None, help="截至月份 YYYY-MM；默认最近一个有进度文件的月份。")
@click.option("--format", "fmt", type=Choice(list(formats.STATUS)), default="table",
              help="输出格式（默认 table：终端表格）。")
@click.option("--level", default=None, help="只看某一层级的项目：登记表 levels 中的键或其名称，如 province 或 省级、city 或 市级。")
@click.option("--unit", default=None, help="只看某个主要责任单位，如 区民政局。")
@click.option("--by", "by", type=Choice(["indicator", "unit", "area"]), default="indicator",
              help="indicator：按指标逐行（默认）；unit：按主要责任单位汇总；area：各地区排名（登记表有 areas 时）。")
@click.option("--area", default=None, help="只看一个地区的指标（该地区自己的目标和报送数），如 东坡区。")
@click.option("--wide", is_flag=True, default=False,
              help="终端表格显示全部列、不缩短（默认按终端宽度省略或缩短次要的列，不折行）。")
@click.pass_obj
@reports_problems
def status(data_dir: Path, as_of, fmt, level, unit, by, area, wide) -> None:
    """全年进度总览：每个指标的目标、累计完成、完成率、时序进度和状态。"""
    import shutil

    from minshi_cli.commands import status_text

    # the console's width (or $COLUMNS); 100 where there is none (output to a file or a pipe)
    width = None if wide else shutil.get_terminal_size((TABLE_WIDTH, 24)).columns
    text = status_text(data_dir, as_of=as_of, fmt=fmt, level=level, unit=unit, by=by, warn=_warn, area=area,
                       width=width)
    # the CSV for Excel is UTF-8 bytes whatever the console's encoding (`> 进度.csv` on Chinese Windows)
    click.echo(text.encode("utf-8") if fmt == "csv" else text, nl=False)


@main.command()
@click.option("--as-of", type=MONTH, default=None,
              help="考核截至月份 YYYY-MM；默认年度终了月（有进度文件时），否则最近一个有进度文件的月份。")
@click.option("--format", "fmt", type=Choice(list(formats.ASSESS)), default="table",
              help="输出格式（默认 table：终端表格；csv 带 BOM，可直接用 Excel 打开）。")
@click.pass_obj
@reports_problems
def assess(data_dir: Path, as_of, fmt) -> None:
    """年度考核：按主要责任单位给出考核结论（不得评为优秀、待补报、待认定、完成年度任务）和可选的得分。"""
    from minshi_cli.commands import assess_text

    click.echo(assess_text(data_dir, as_of=as_of, fmt=fmt, warn=_warn), nl=False)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[路径]...")
@click.option("--format", "fmt", type=Choice(list(formats.PROBLEMS)), default=None,
              help="输出格式；默认 text，在 GitHub Actions 中（GITHUB_ACTIONS=true）默认 github。")
@click.option("--strict", is_flag=True, help="有警告也以退出码 1 结束。")
@click.pass_obj
@reports_problems
def check(data_dir: Path, paths, fmt, strict) -> None:
    """校验登记表和进度文件；给出路径时只报告这些文件（仍读取之前的月份以做跨月校验）。"""
    from minshi_cli.commands import check_output

    fmt = formats.problems_format(fmt)
    for path in paths:
        if not path.exists():
            raise UsageProblem(f"找不到 {path}：请检查路径")
    out, summary, code = check_output(data_dir, list(paths), fmt=fmt, strict=strict)
    if out:
        click.echo(out)
    if summary:
        click.echo(summary, err=True)
    sys.exit(code)


@main.command()
@click.argument("file", type=click.Path(path_type=Path), metavar="文件")
@click.option("--month", type=MONTH, default=None,
              help="所校验的月份，如 2019-07；默认取表中完成情况表头写明的月份（1-7月 即登记表年度的 7 月）。"
                   "不对照登记表时只写在汇总行中。")
@click.option("--no-registry", is_flag=True, default=False,
              help="不对照登记表，只按表内数字核对（完成率对本行的目标和完成数，合计对各行之和）；"
                   "没有 --data、MINSHI_DATA，当前目录下也没有 data/projects.yaml 时自动如此。")
@click.option("--format", "fmt", type=Choice(list(formats.PROBLEMS)), default=None,
              help="输出格式；默认 text，在 GitHub Actions 中（GITHUB_ACTIONS=true）默认 github。")
@click.pass_context
@reports_problems
def verify(ctx: click.Context, file: Path, month, no_registry, fmt) -> None:
    """校验发布的进度表（CSV 或 Excel 工作簿）：完成率是否算错、合计是否等于各行之和；有登记表时还核对目标和完成数。

    文件：.csv（英文逗号分隔；制表符、英文分号分隔的也照读）、Excel 另存的文本文件 .txt、.tsv，或 Excel 工作簿
    .xlsx、.xlsm、.xls。只读，不写任何文件。
    """
    from minshi_cli.commands import verify_output

    fmt = formats.problems_format(fmt)
    named = ctx.parent.params.get("data_dir") is not None or bool(os.environ.get("MINSHI_DATA"))
    out, summary, code = verify_output(ctx.obj, file, month=month, fmt=fmt, no_registry=no_registry,
                                       data_named=named)
    if out:
        click.echo(out)
    click.echo(summary, err=True)
    sys.exit(code)


class IssueDate(click.ParamType):
    """``2019-07-05`` (or ``2019/7/5``): the date a report is issued."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        from datetime import date

        if isinstance(value, date):
            return value
        text = str(value).strip()
        parts = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text)
        try:
            if parts is None:
                raise ValueError(text)
            return date(*map(int, parts.groups()))
        except ValueError:
            self.fail(f"「{value}」不是日期：应为 YYYY-MM-DD，如 2019-07-05", param, ctx)


class Timestamp(click.ParamType):
    """``2019-07-05 09:00``, ``2019-07-05T09:00:00`` or ``2019-07-05`` (ISO 8601); also
    ``2019-7-5 9:00``, ``2019/7/5 9:00``, and a time alone (``9:00``: today at 09:00)."""

    name = "YYYY-MM-DD[ HH:MM]"

    def convert(self, value, param, ctx):
        from datetime import datetime

        if isinstance(value, datetime):
            return value
        text = str(value).strip()
        alone = re.match(_TIME_ALONE, text)
        if alone and int(alone.group(1)) < 24 and int(alone.group(2)) < 60:
            return datetime.now().replace(hour=int(alone.group(1)), minute=int(alone.group(2)), second=0, microsecond=0)
        hit = re.match(_LOOSE_TIME, text)
        if hit:  # 2019-7-5 9:00, 2019/07/05 9:00: the digits people type, made ISO
            y, mo, d, h, mi, sec = hit.groups()
            text = f"{y}-{int(mo):02d}-{int(d):02d}" + (f" {int(h):02d}:{mi}:{sec or '00'}" if h else "")
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            self.fail(f"「{value}」不是时间：应为 YYYY-MM-DD HH:MM，如 2019-07-05 09:00", param, ctx)


_TIME_ALONE = r"^(\d{1,2}):(\d{2})$"
_LOOSE_TIME = r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$"


@main.command(hints={"--as-of": "--month"}, argument_option="--month")
@click.option("--month", type=MONTH, required=True, help="通报月份 YYYY-MM，如 2019-06（统计 1 月至该月）。")
@click.option("--format", "fmt", type=Choice(formats.REPORT_CHOICES), default=None,
              help="md：Markdown；html：可直接打印（A4）的单个网页文件；docx：Word 公文（须用 -o）；"
                   "xlsx：Excel 项目进度表（须用 -o）。默认按 -o 文件的扩展名（.html/.htm 为 html，"
                   ".md/.markdown 为 md，.docx 为 docx，.xlsx 为 xlsx；其他扩展名无法写出），否则为 md。")
@click.option("-o", "--output", type=click.Path(path_type=Path, allow_dash=True), default=None,
              help="写入文件（先写临时文件再替换，不会留下半个文件）；默认或 -o - 时输出到屏幕。不能写入数据文件夹。")
@click.option("--templates", type=click.Path(path_type=Path), default=None,
              help="自定义模板文件夹（report.md.j2 / report.html.j2）；其中没有的模板用内置模板。只用于 md 和 html。")
@click.option("--generated-at", type=Timestamp(), envvar="MINSHI_GENERATED_AT", default=None,
              help="通报中写明的生成时间，如 \"2019-07-05 09:00\"；也可用环境变量 MINSHI_GENERATED_AT"
                   " 或 SOURCE_DATE_EPOCH 固定。默认当前时间。")
@click.option("--area", default=None, help="只为一个地区生成通报（该地区的指标、目标和报送数），如 东坡区。")
@click.option("--number", default="", metavar="期号",
              help="通报的期号，如 \"第7期\"，写在标题下方（默认不写）。")
@click.option("--date", "issued", type=IssueDate(), default=None,
              help="印发日期，如 2019-07-05，写在标题下方（默认不写；与生成时间无关）。")
@click.option("--skip-invalid", is_flag=True, default=False,
              help="有错误的行不采用（进度行的指标按未报送计，认定、资金行沿用报送的数和此前的拨付数），在通报附录“数据有误未采用”中列出文件、行号和原因，照常生成通报。"
                   "默认数据有错误时不生成（退出码 1）。")
@click.pass_obj
@reports_problems
def report(data_dir: Path, month, fmt, output, templates, generated_at, area, number, issued, skip_invalid) -> None:
    """月度调度通报：各项目进度表（按登记表的层级分列）、进度滞后事项（督促整改）和未报送情况。"""
    from minshi_cli.commands import check_report_path, report_content, report_format, report_output, save_report

    output = report_output(output)
    if output is not None:
        check_report_path(data_dir, output)
    fmt = report_format(fmt, output, templates)
    content = report_content(data_dir, month=month, fmt=fmt, templates=templates, generated_at=generated_at,
                             warn=_warn, area=area, skip_invalid=skip_invalid, number=number, issued=issued)
    if output is None:
        click.echo(content, nl=False)
    else:
        save_report(output, content)
        click.echo(f"已写入 {output}", err=True)


@main.command()
@click.option("--month", type=MONTH, required=True, help="填报月份 YYYY-MM，如 2019-07。")
@click.option("--unit", default=None, help="只生成某个主要责任单位的填报表，如 区民政局；默认每个主要责任单位一份。")
@click.option("--format", "fmt", type=Choice(["xlsx", "csv"]), default="xlsx",
              help="xlsx：Excel 填报表（默认；只有“累计完成”“备注”可填，累计完成只能填数字）；csv：带 BOM 的 UTF-8 CSV。")
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), required=True,
              help="写入的文件夹（没有时新建）；不能在数据文件夹内。")
@click.pass_obj
@reports_problems
def template(data_dir: Path, month, unit, fmt, out_dir) -> None:
    """生成各单位的月度填报表 {单位}-{月份}.xlsx：预填指标编号、项目、指标名称、目标、单位和上月累计，单位只填累计完成和备注。"""
    from minshi_cli.commands import template_files, where_forms_go

    written = template_files(data_dir, month=month, unit=unit, fmt=fmt, out_dir=out_dir)
    for path in written:
        click.echo(path.as_posix())
    click.echo(f"已写入 {len(written)} 个填报表到 {out_dir.as_posix()}；{where_forms_go(data_dir, month)}", err=True)


@main.command(hints={"--month": "--as-of"})
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), required=True,
              help="写入的文件夹（没有时新建；其中同名的页面被替换，其他文件不动）；不能在数据文件夹内。")
@click.option("--as-of", type=MONTH, default=None, help="截至月份 YYYY-MM；默认最近一个有进度文件的月份。")
@click.option("--generated-at", type=Timestamp(), envvar="MINSHI_GENERATED_AT", default=None,
              help="页面中写明的生成时间，如 \"2019-07-05 09:00\"；也可用环境变量 MINSHI_GENERATED_AT"
                   " 或 SOURCE_DATE_EPOCH 固定。默认当前时间。")
@click.option("--skip-invalid", is_flag=True, default=False,
              help="有错误的行不采用（进度行的指标按未报送计，认定、资金行沿用报送的数和此前的拨付数），在各月通报的附录中列出，照常生成网站。"
                   "默认数据有错误时不生成（退出码 1）。")
@click.pass_obj
@reports_problems
def site(data_dir: Path, out_dir: Path, as_of, generated_at, skip_invalid) -> None:
    """全年进度网站：总览、各月调度通报、每个指标、每个主要责任单位和各地区排名的静态网页（含趋势图），可直接用浏览器打开。"""
    from minshi_cli.yearsite import build

    written = build(data_dir, out_dir, as_of=as_of, skip_invalid=skip_invalid, generated_at=generated_at, warn=_warn)
    click.echo(f"已写入 {len(written)} 个页面到 {out_dir.as_posix()}；用浏览器打开 {(out_dir / 'index.html').as_posix()}",
               err=True)


def run() -> None:
    """The ``minshi`` console script and ``python -m minshi_cli``: the command line, with the
    garbage collector paused while modules are imported (:mod:`minshi_cli.startup`)."""
    startup.pause()
    main()
