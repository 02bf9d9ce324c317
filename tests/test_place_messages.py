"""Messages about places (README: 退出码 2; docs/problems.md): a data folder named by a file, a
data folder that is not there, an output inside the data folder, a folder that takes no new file.
Each names the place so that the person can find it, and says what to do."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from minshi_cli.core.paths import argument
from minshi_cli.core.system_errors import write_error_text


def test_a_data_folder_named_by_its_registry_file(run, data_dir, monkeypatch):
    monkeypatch.chdir(data_dir.parent)
    r = run("--data", "data/projects.yaml", "status")
    assert r.exit_code == 2
    assert r.stderr.strip() == "minshi：数据文件夹 data/projects.yaml 是文件，不是文件夹：请用 --data data 指定它所在的文件夹"
    monkeypatch.chdir(data_dir)
    r = run("--data", "projects.yaml", "check")
    assert r.exit_code == 2
    assert r.stderr.strip() == "minshi：数据文件夹 projects.yaml 是文件，不是文件夹：请用 --data . 指定它所在的文件夹"


def test_no_data_folder_says_where_it_looked(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run("status", env={"MINSHI_DATA": ""})
    assert r.exit_code == 2
    assert r.stderr.strip() == (f"minshi：找不到数据文件夹 data（找的是 {tmp_path.as_posix()}/data）："
                                "请用 --data DIR 指定数据文件夹，或设置环境变量 MINSHI_DATA")
    r = run("--data", tmp_path / "nowhere", "status")  # an absolute path is said once
    assert r.stderr.strip() == (f"minshi：找不到数据文件夹 {(tmp_path / 'nowhere').as_posix()}："
                                "请用 --data DIR 指定数据文件夹，或设置环境变量 MINSHI_DATA")


def test_run_from_inside_the_data_folder_is_told_to_use_dot(run, data_dir, monkeypatch):
    monkeypatch.chdir(data_dir)
    r = run("status", env={"MINSHI_DATA": ""})
    assert r.exit_code == 2
    assert r.stderr.strip() == (f"minshi：找不到数据文件夹 data（找的是 {data_dir.as_posix()}/data）；当前文件夹有 "
                                "projects.yaml，它就是数据文件夹：请用 --data . （或回到它的上一级运行）")


def test_a_suggested_folder_with_a_space_is_quoted_to_be_pasted(run, data_dir, tmp_path, monkeypatch):
    spaced = tmp_path / "我的 数据"
    data_dir.rename(spaced)
    monkeypatch.chdir(tmp_path)
    r = run("--data", "我的 数据/projects.yaml", "status")
    assert r.exit_code == 2
    assert r.stderr.strip() == 'minshi：数据文件夹 我的 数据/projects.yaml 是文件，不是文件夹：请用 --data "我的 数据" 指定它所在的文件夹'


@pytest.mark.parametrize("path, typed", [("data", "data"), ("数据/2019", "数据/2019"), ("我的 数据", '"我的 数据"'),
                                         ("a$b c", "'a$b c'"), ("x&y", '"x&y"')])
def test_a_path_as_typed_on_a_command_line(path, typed):
    assert argument(Path(path)) == typed


@pytest.mark.parametrize("args, what, fix", [
    (("report", "--month", "2019-06", "-o", "通报.docx"), "通报", "文件"),
    (("template", "--month", "2019-07", "-o", "填报"), "填报文件", "文件夹"),
    (("site", "-o", "网站"), "网站", "文件夹"),
])
def test_the_data_folder_refused_as_output_is_named_in_full(run, data_dir, monkeypatch, args, what, fix):
    """``--data .`` from inside the data folder: the message names the folder, not ``.``."""
    monkeypatch.chdir(data_dir)
    r = run("--data", ".", *args)
    assert r.exit_code == 2
    assert r.stderr.strip() == f"minshi：不能把{what}写入数据文件夹 {data_dir.as_posix()}：请用 -o 指定数据文件夹以外的{fix}"
    assert sorted(p.name for p in data_dir.iterdir()) == ["certified", "funds", "progress", "projects.yaml"]


def test_not_found_where_the_folder_is_there_is_a_folder_taking_no_file(tmp_path):
    """The system says ENOENT for a new file in /proc: the folder is there, it takes no file."""
    said = write_error_text(OSError(errno.ENOENT, "No such file or directory", str(tmp_path / "x.html")))
    assert said == (f"不能在文件夹 {tmp_path} 中新建文件或文件夹（没有写入权限，或该文件夹不支持写入，如系统文件夹）；"
                    "请换一个输出位置")
    gone = OSError(errno.ENOENT, "No such file or directory", str(tmp_path / "gone" / "x.html"))
    assert write_error_text(gone) == "找不到该文件或文件夹"
    assert write_error_text(OSError(errno.ENOSPC, "No space left on device")) == "磁盘空间不足"


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="a /proc file system (Linux)")
@pytest.mark.parametrize("args, shown", [
    (("report", "--month", "2019-06", "-o", "/proc/x.html"), "/proc/x.html"),
    (("template", "--month", "2019-07", "-o", "/proc/填报"), "/proc/填报"),
])
def test_writing_into_proc(run, data_dir, args, shown):
    r = run("--data", data_dir, *args)
    assert r.exit_code == 2
    assert r.stderr.strip() == (f"minshi：无法写入 {shown}：不能在文件夹 /proc 中新建文件或文件夹（没有写入权限，"
                                "或该文件夹不支持写入，如系统文件夹）；请换一个输出位置")
    assert not Path(shown).exists()
