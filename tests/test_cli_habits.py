"""CLI habits people bring along (issue 11 item 13): each is understood or answered with the
right spelling, in Chinese, with the contract's exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import DATA, REPO


@pytest.mark.parametrize("cmd", [["status", "--as-of", "2019-06", "--format", "json"], ["check"]])
def test_data_after_the_subcommand(run, empty_data, cmd):
    before = run("--data", DATA, *cmd)
    after = run(*cmd, "--data", DATA)
    assert (after.exit_code, after.stdout, after.stderr) == (before.exit_code, before.stdout, before.stderr)
    assert after.exit_code == 0 and after.stdout
    # the subcommand's --data wins over the group's (the last one given)
    assert run("--data", empty_data, *cmd, "--data", DATA).stdout == before.stdout


@pytest.mark.parametrize("args,expected", [
    (["status", "--month", "2019-06"], "错误：没有选项 --month，是否应为 --as-of？"),
    (["report", "--as-of", "2019-06"], "错误：没有选项 --as-of，是否应为 --month？"),
    (["report", "2019-06"], "错误：多余的参数「2019-06」：是否应为 --month 2019-06？"),
    (["status", "2019-06"], "错误：多余的参数「2019-06」：是否应为 --as-of 2019-06？"),
])
def test_the_option_meant_is_suggested(run, args, expected):
    r = run("--data", DATA, *args)
    assert r.exit_code == 2 and r.stderr.splitlines()[0] == expected


@pytest.mark.parametrize("typed", ["2019-6", "2019/6", "2019年6月"])
def test_a_month_without_its_zero(run, typed):
    assert run("--data", DATA, "status", "--as-of", typed).stdout == run("--data", DATA, "status", "--as-of", "2019-06").stdout
    r = run("--data", DATA, "report", "--month", typed, "--generated-at", "2019-07-05 09:00")
    assert r.exit_code == 0 and r.stdout.startswith("# 2019年省、市重点民生实事工作调度通报（1—6月）")


@pytest.mark.parametrize("typed", ["2019-07-05 9:00", "2019-7-5 9:00", "2019/7/5 09:00", "2019-07-05T9:00"])
def test_generated_at_with_a_one_digit_hour(run, typed):
    r = run("--data", DATA, "report", "--month", "2019-06", "--generated-at", typed)
    assert r.exit_code == 0 and "生成时间：2019年7月5日 09:00" in r.stdout


def test_generated_at_as_a_time_alone_is_today(run):
    from datetime import date

    r = run("--data", DATA, "report", "--month", "2019-06", "--generated-at", "9:00")
    today = date.today()
    assert r.exit_code == 0 and f"生成时间：{today.year}年{today.month}月{today.day}日 09:00" in r.stdout
    assert run("--data", DATA, "report", "--month", "2019-06", "--generated-at", "25:00").exit_code == 2


def test_bare_minshi_prints_the_help_once_and_succeeds():
    r = subprocess.run([sys.executable, "-m", "minshi_cli"], cwd=REPO, capture_output=True, text=True)
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout.startswith("用法：") and r.stdout.count("用法：") == 1 and "命令" in r.stdout


def test_no_untranslated_click_notes_in_help(run):
    for cmd in (["report"], ["status"], ["check"], []):
        out = run(*cmd, "-h").stdout
        assert "[required]" not in out and "[default" not in out and "env var" not in out
    assert "[必填]" in run("report", "-h").stdout
    assert "--data PATH" in run("status", "-h").stdout  # --data is listed where it is accepted


def test_no_argument_commands_refuse_arguments_in_chinese(run):
    r = run("--data", DATA, "status", "extra", "words")
    assert r.exit_code == 2 and r.stderr.startswith("错误：多余的参数「extra words」：是否应为 --as-of extra？")
    assert "Got unexpected" not in r.stderr


def test_every_argument_is_named_in_chinese(run):
    """A missing argument, and the usage line, name it in Chinese (文件, 路径), never click's FILE."""
    import click

    from minshi_cli.cli import main
    from minshi_cli.clickzh import argument_name

    arguments = {name: [p for p in cmd.params if isinstance(p, click.Argument)] for name, cmd in main.commands.items()}
    named = {name: [argument_name(p) for p in ps] for name, ps in arguments.items() if ps}
    assert named == {"check": ["路径"], "verify": ["文件"]}
    for words in named.values():
        assert all(all("\u4e00" <= ch <= "\u9fff" for ch in w) for w in words)
    r = run("verify")
    assert r.exit_code == 2
    assert r.stderr.splitlines()[:2] == ["错误：缺少参数：文件", "用法：main verify [选项] 文件"]  # CliRunner names the program main
    assert run("check", "-h").stdout.splitlines()[0] == "用法：main check [选项] [路径]..."


@pytest.mark.parametrize("args,expected", [
    (["status", "--as-of"], "错误：选项 --as-of 后面缺少值"),
    (["status", "--wide=1"], "错误：选项 --wide 不带值：去掉 = 及其后的内容"),
    (["verify", "a.csv", "b.csv"], "错误：多余的参数「b.csv」"),
])
def test_click_own_usage_errors_are_in_chinese(run, args, expected):
    r = run(*args)
    assert r.exit_code == 2 and r.stderr.splitlines()[0] == expected
