"""A command a message suggests carries the data folder the user gave (--data or MINSHI_DATA), so
that it can be copied and run as is (README.md, 全局选项); every one is written by core.paths.command."""

from __future__ import annotations

import re
from pathlib import Path

from minshi_cli.core.paths import command

from tests.conftest import REPO, write


def test_the_default_folder_needs_no_data_option():
    assert command(Path("data"), "check") == "minshi check"
    assert command(Path("./data"), "check") == "minshi check"
    assert command(None, "status -h") == "minshi status -h"


def test_another_folder_is_carried_and_quoted_where_a_shell_needs_it():
    assert command(Path("/srv/民生/data"), "check") == "minshi --data /srv/民生/data check"
    assert command(Path("my data"), "check") == 'minshi --data "my data" check'
    assert command(Path("../2020"), "status") == "minshi --data ../2020 status"


def test_refused_data_names_check_with_the_data_given_by_the_environment(run, data_dir):
    write(data_dir / "progress" / "2019-06.csv", "indicator,value\n1,八千\n")
    r = run("status", env={"MINSHI_DATA": str(data_dir)})
    assert r.exit_code == 1
    assert r.stderr.splitlines()[-1] == f"minshi：数据有 1 个错误，请先改正；运行 minshi --data {data_dir.as_posix()} check 可查看全部问题。"


def test_an_unknown_level_points_to_help_with_the_data_given(run, data_dir):
    r = run("--data", data_dir, "status", "--level", "国家级")
    assert r.exit_code == 2
    assert r.stderr.rstrip().endswith(f"运行 minshi --data {data_dir.as_posix()} status -h 查看帮助")


def test_no_message_writes_a_minshi_command_by_hand():
    """A literal ``minshi check`` in a Chinese message or a report template would drop --data.
    (core/problems.py's 怎么改 column is docs/problems.md's reference table, read with no data folder:
    its 见 minshi status is not matched; nor is grid.py's 可以用 minshi template 生成的填报表, a name.)"""
    said = re.compile(r"(运行|校验（)\s*minshi [a-z]|（minshi [a-z]+ ?[^)）]*）")
    found = []
    for path in list((REPO / "minshi_cli").rglob("*.py")) + list((REPO / "templates").glob("*.j2")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if said.search(line) and not line.lstrip().startswith(("#", "{#")):
                found.append(f"{path.relative_to(REPO)}:{n}")
    assert found == []
