"""click, in Chinese: usage errors, choice lists and the help option.

click writes its own messages in English ("Error: Invalid value for …", "Show this message and
exit.").  Users read Chinese, so the group runs click without its standalone error handling and
says the same things in Chinese, with the contract's exit code 2 for every usage error.
"""

from __future__ import annotations

import re
import sys
from typing import Optional

import click
from click import exceptions as _exceptions
from click.exceptions import Abort, BadParameter, ClickException, MissingParameter, NoSuchOption, UsageError

#: click 8.2+ raises this for a bare group (8.1 printed the help and exited 0 itself)
_NoArgsIsHelp = getattr(_exceptions, "NoArgsIsHelpError", type("_NeverRaised", (UsageError,), {}))

HELP = "显示本帮助并退出。"


class Choice(click.Choice):
    """A choice whose refusal is in Chinese."""

    def convert(self, value, param, ctx):
        if value in self.choices:
            return value
        self.fail(f"「{value}」不是可选的值；可选：{'、'.join(self.choices)}", param, ctx)


class _Chinese:
    """Help pages with Chinese headings and help-option text (mixed into Command and Group)."""

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP
        return option

    def format_usage(self, ctx, formatter):
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix="用法：")

    def format_options(self, ctx, formatter):
        records = [(term, _translated(text)) for term, text in
                   (r for r in (p.get_help_record(ctx) for p in self.get_params(ctx)) if r is not None)]
        if records:
            with formatter.section("选项"):
                formatter.write_dl(records)


class Command(_Chinese, click.Command):
    """A command with Chinese help, and two habits answered: ``hints`` maps options people try
    to the right one (``{"--month": "--as-of"}``), ``argument_option`` is the option a bare
    argument was probably meant for (``report 2019-06`` → ``--month 2019-06``)."""

    def __init__(self, *args, hints: Optional[dict[str, str]] = None, argument_option: Optional[str] = None, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)
        self.hints = hints or {}
        self.argument_option = argument_option

    def parse_args(self, ctx, args):
        # an argument the command does not take is named before any option it misses
        if not any(isinstance(p, click.Argument) for p in self.params):
            try:
                _, extra, _ = self.make_parser(ctx).parse_args(args=list(args))
            except UsageError:
                extra = []  # an option problem: click says which, below
            if extra:
                maybe = f"：是否应为 {self.argument_option} {extra[0]}？" if self.argument_option else "：这个命令不接受参数"
                raise UsageError(f"多余的参数「{' '.join(extra)}」{maybe}", ctx)
        return super().parse_args(ctx, args)


class Group(_Chinese, click.Group):
    command_class = Command

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)

    def format_options(self, ctx, formatter):
        super().format_options(ctx, formatter)
        commands = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
        rows = [(name, cmd.get_short_help_str(formatter.width)) for name, cmd in commands if cmd and not cmd.hidden]
        if rows:
            with formatter.section("命令"):
                formatter.write_dl(rows)

    def resolve_command(self, ctx, args):
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            known = "、".join(self.list_commands(ctx))
            raise UsageError(f"没有命令「{name}」；可用的命令：{known}", ctx)
        return super().resolve_command(ctx, args)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except _NoArgsIsHelp as exc:  # bare `minshi`: the help, once, and success
            click.echo(exc.ctx.get_help() if exc.ctx is not None else "")
            sys.exit(0)
        except UsageError as exc:
            click.echo(usage_message(exc), err=True)
            sys.exit(2)
        except Abort:
            click.echo("已中止。", err=True)
            sys.exit(1)
        except ClickException as exc:  # e.g. a file click could not open
            click.echo(f"错误：{exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        sys.exit(code if isinstance(code, int) else 0)


def usage_message(exc: UsageError) -> str:
    """The Chinese text for a usage error: what is wrong, the usage line, where help is."""
    ctx = exc.ctx
    if isinstance(exc, NoSuchOption):
        hint = getattr(ctx.command, "hints", {}).get(exc.option_name) if ctx is not None else None
        possibilities = [hint] if hint else exc.possibilities
        maybe = f"，是否应为 {'、'.join(possibilities)}？" if possibilities else ""
        what = f"没有选项 {exc.option_name}{maybe}"
    elif isinstance(exc, MissingParameter) and isinstance(exc.param, click.Argument):
        what = f"缺少参数：{argument_name(exc.param)}"
    elif isinstance(exc, MissingParameter):
        what = f"缺少{'选项' if exc.param is not None and exc.param.param_type_name == 'option' else '参数'} {_name(exc)}"
    elif isinstance(exc, BadParameter):
        what = f"{_name(exc)} 的值不对：{exc.message}"
    else:
        what = _english_said(exc.message)
    lines = [f"错误：{what}"]
    if ctx is not None:
        lines.append(f"用法：{ctx.command_path} {' '.join(ctx.command.collect_usage_pieces(ctx))}".rstrip())
        lines.append(f"运行 {ctx.command_path} -h 查看帮助。")
    return "\n".join(lines)


def argument_name(param: click.Argument) -> str:
    """An argument as usage lines and messages name it: its Chinese metavar (文件, [路径]...)
    stripped of the brackets and dots that mark it optional or repeated."""
    return (param.metavar or param.name or "").strip("[].") or "参数"


#: click's own usage messages (8.1–8.x) that reach a user, in Chinese
_CLICK_SAID = (
    (re.compile(r"^Option '(.+)' requires an argument\.$"), r"选项 \1 后面缺少值"),
    (re.compile(r"^Option '(.+)' requires (\d+) arguments\.$"), r"选项 \1 后面应有 \2 个值"),
    (re.compile(r"^Option '(.+)' does not take a value\.$"), r"选项 \1 不带值：去掉 = 及其后的内容"),
    (re.compile(r"^Got unexpected extra arguments? \((.*)\)$"), r"多余的参数「\1」"),
)


def _english_said(message: str) -> str:
    for english, chinese in _CLICK_SAID:
        if english.match(message):
            return english.sub(chinese, message)
    return message


#: the notes click appends to an option's help ("[default: x; required]")
_NOTES = {"required": "必填", "default": "默认", "env var": "环境变量"}


def _translated(help_text: str) -> str:
    """click's English notes in an option's help, in Chinese: ``[required]`` → ``[必填]``."""
    def note(match: re.Match) -> str:
        parts = []
        for part in match.group(1).split("; "):
            key, sep, value = part.partition(": ")
            parts.append(f"{_NOTES.get(key, key)}{'：' if sep else ''}{value}")
        return f"[{'；'.join(parts)}]"

    return re.sub(r"\[((?:required|default: [^\]]*|env var: [^\]]*)(?:; [^\]]*)*)\]$", note, help_text)


def _name(exc: BadParameter) -> str:
    if exc.param_hint:
        return exc.param_hint if isinstance(exc.param_hint, str) else " / ".join(exc.param_hint)
    if exc.param is not None:
        return " / ".join(exc.param.opts) or exc.param.name or ""
    return ""
