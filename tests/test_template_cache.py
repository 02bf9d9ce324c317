"""The built-in report templates compiled once into the user's cache folder (docs/office.md,
"模板缓存"): used while their source is unchanged, compiled anew when it changes, never in the way
when the folder cannot be written, and never holding an office's own ``--templates``."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest

from minshi_cli.core import paths
from minshi_cli.views import render
from tests.conftest import REPO

STAMP = "2019-07-05 09:00"


@pytest.fixture(autouse=True)
def _in_the_repo(monkeypatch):
    monkeypatch.chdir(REPO)
    for name in ("MINSHI_DATA", "MINSHI_GENERATED_AT", "SOURCE_DATE_EPOCH"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(paths.sys, "platform", "linux")
    monkeypatch.setattr(paths.os, "name", "posix")
    return tmp_path / "cache" / "minshi"


@pytest.fixture
def builtin(tmp_path, monkeypatch) -> Path:
    """A private copy of the built-in templates that a test may change."""
    folder = tmp_path / "builtin"
    shutil.copytree(REPO / "templates", folder)
    monkeypatch.setattr(render, "templates_dir", lambda: folder)
    return folder


def cached(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.cache"))


def report(run, *args) -> str:
    result = run("--data", "data", "report", "--month", "2019-06", "--generated-at", STAMP, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_cache_folder_follows_the_platform(monkeypatch, tmp_path):
    monkeypatch.setattr(paths.os, "name", "posix")
    monkeypatch.setattr(paths.sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert paths.cache_dir() == tmp_path / "minshi"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # relative: ignored, as XDG says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert paths.cache_dir() == tmp_path / "home" / ".cache" / "minshi"
    monkeypatch.setattr(paths.sys, "platform", "darwin")
    assert paths.cache_dir() == tmp_path / "home" / "Library" / "Caches" / "minshi"


def test_a_built_in_template_is_compiled_once_then_loaded(run, cache, monkeypatch):
    html = report(run, "--format", "html")
    files = cached(cache)
    assert len(files) == 1 and files[0].parent.name.startswith("templates-")
    assert jinja2.__version__ in files[0].parent.name

    def no_compiling(*args, **kwargs):
        raise AssertionError("compiled from source although the cache holds it")

    monkeypatch.setattr(jinja2.Environment, "compile", no_compiling)
    assert report(run, "--format", "html") == html  # the same report, from the cached code


def test_a_changed_template_is_compiled_anew(run, cache, builtin):
    before = report(run)
    assert len(cached(cache)) == 1
    source = builtin / "report.md.j2"
    source.write_text(source.read_text(encoding="utf-8").replace("## 一、总体情况", "## 一、总的情况"), encoding="utf-8")
    after = report(run)
    assert "## 一、总的情况" in after and "## 一、总体情况" not in after
    assert after.replace("总的情况", "总体情况") == before
    assert len(cached(cache)) == 1  # the same template's entry, overwritten


@pytest.mark.parametrize("damage", [b"", b"not marshal data at all", None])
def test_a_damaged_cache_file_is_compiled_anew(run, cache, damage):
    before = report(run)
    [entry] = cached(cache)
    if damage is None:  # a folder where the file should be
        entry.unlink()
        entry.mkdir()
    else:
        entry.write_bytes(damage)
    assert report(run) == before


@pytest.mark.parametrize("how", ["file in the way", "no home"])
def test_an_unwritable_cache_still_renders(run, tmp_path, monkeypatch, how):
    expected = (REPO / "tests" / "golden" / "report-2019-06.md").read_text(encoding="utf-8")
    if how == "file in the way":  # the cache folder cannot be made: a file holds its place
        (tmp_path / "cache").write_text("", encoding="utf-8")
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
        monkeypatch.setattr(paths.sys, "platform", "linux")
    else:
        monkeypatch.setattr(render, "cache_dir", lambda: None)
    assert report(run) == expected
    assert [p.name for p in tmp_path.iterdir()] == (["cache"] if how == "file in the way" else [])


def test_an_offices_templates_are_not_cached(run, cache, tmp_path):
    own = tmp_path / "tpl"
    own.mkdir()
    (own / "report.md.j2").write_text('{% extends "default:report.md.j2" %}{% block footer %}本局自定{% endblock %}',
                                      encoding="utf-8")
    out = report(run, "--templates", own)
    assert out.rstrip().endswith("本局自定")
    assert len(cached(cache)) == 1  # the built-in one it extends; the office's own is compiled each run
    (own / "report.md.j2").write_text('{% extends "default:report.md.j2" %}{% block footer %}改了{% endblock %}',
                                      encoding="utf-8")
    assert report(run, "--templates", own).rstrip().endswith("改了")
    assert len(cached(cache)) == 1
