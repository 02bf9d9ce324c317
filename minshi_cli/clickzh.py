"""click, in Chinese: usage errors, choice lists and the help option.

click writes its own messages in English ("Error: Invalid value for …", "Show this message and
exit.").  Users read Chinese, so the group runs click without its standalone error handling and
says the same things in Chinese, with the contract's exit code 2 for every usage error.
"""

from __future__ import annotations

import sys

import click
from click.exceptions import Abort, BadParameter, ClickException, MissingParameter, NoSuchOption, UsageError

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
        records = [r for r in (p.get_help_record(ctx) for p in self.get_params(ctx)) if r is not None]
        if records:
            with formatter.section("选项"):
                formatter.write_dl(records)


class Command(_Chinese, click.Command):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)


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
        maybe = f"，是否应为 {'、'.join(exc.possibilities)}？" if exc.possibilities else ""
        what = f"没有选项 {exc.option_name}{maybe}"
    elif isinstance(exc, MissingParameter):
        what = f"缺少{'选项' if exc.param is not None and exc.param.param_type_name == 'option' else '参数'} {_name(exc)}"
    elif isinstance(exc, BadParameter):
        what = f"{_name(exc)} 的值不对：{exc.message}"
    else:
        what = exc.message
    lines = [f"错误：{what}"]
    if ctx is not None:
        lines.append(f"用法：{ctx.command_path} {' '.join(ctx.command.collect_usage_pieces(ctx))}".rstrip())
        lines.append(f"运行 {ctx.command_path} -h 查看帮助。")
    return "\n".join(lines)


def _name(exc: BadParameter) -> str:
    if exc.param_hint:
        return exc.param_hint if isinstance(exc.param_hint, str) else " / ".join(exc.param_hint)
    if exc.param is not None:
        return " / ".join(exc.param.opts) or exc.param.name or ""
    return ""
