"""The README's CI recipe (issue 11 item 8): its command, run as written in a git repository
holding the shipped data, passes when a clean month is submitted and fails on a bad one."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, REPO

#: xargs exits 123 when the command it ran exited 1–125: the step fails, as minshi check exit 1 would
XARGS_FAILED = 123

pytestmark = pytest.mark.skipif(shutil.which("git") is None or shutil.which("xargs") is None,
                                reason="needs git and xargs")


def recipe() -> tuple[str, str]:
    """The ``run:`` command of the README's workflow that checks with --strict, and its BASE."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    workflow = readme.split("GitHub Actions（`.github/workflows/minshi.yml`", 1)[1].split("```yaml", 1)[1].split("```", 1)[0]
    command = next(m.group(1) for m in re.finditer(r"- run: (.*)", workflow) if "check --strict" in m.group(1))
    base = re.search(r"BASE: (.*)", workflow).group(1)
    return command, base


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path):
    """A data repository whose last commit submits December (the shipped file); returns (repo, base)."""
    repo = tmp_path / "repo"
    shutil.copytree(DATA, repo / "data")
    december = (repo / "data" / "progress" / "2019-12.csv").read_bytes()
    (repo / "data" / "progress" / "2019-12.csv").unlink()
    git(repo, "init", "-q")
    git(repo, "add", "data")
    git(repo, "commit", "-q", "-m", "January to November")
    base = git(repo, "rev-parse", "HEAD")
    (repo / "data" / "progress" / "2019-12.csv").write_bytes(december)
    git(repo, "add", "data")
    git(repo, "commit", "-q", "-m", "December")
    return repo, base


def run_recipe(repo: Path, base: str, tmp_path: Path) -> subprocess.CompletedProcess:
    command, base_expr = recipe()
    assert base_expr == "${{ github.event.pull_request.base.sha || github.event.before }}"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    shim = bin_dir / "minshi"  # `minshi` as pip installs it: this checkout's code
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m minshi_cli "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "BASE": base,
           "PYTHONPATH": str(REPO), "GITHUB_ACTIONS": "true"}
    return subprocess.run(["bash", "-c", command], cwd=repo, env=env, capture_output=True, text=True)


def test_the_recipe_passes_on_the_shipped_data(repo, tmp_path):
    repo, base = repo
    plain = subprocess.run([sys.executable, "-m", "minshi_cli", "check", "--strict"], cwd=repo, capture_output=True,
                           text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert plain.returncode == 1  # what the README recommended before: fails all year on May's warnings
    r = run_recipe(repo, base, tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stderr.strip() == "检查 1 个文件、20 行：0 个错误，0 个警告"


def test_the_recipe_fails_on_a_bad_submission(repo, tmp_path):
    repo, base = repo
    december = repo / "data" / "progress" / "2019-12.csv"
    december.write_text(december.read_text(encoding="utf-8").replace("\n1,", "\n1,八千", 1), encoding="utf-8")
    git(repo, "commit", "-q", "-a", "-m", "December, mistyped")
    r = run_recipe(repo, base, tmp_path)
    assert r.returncode == XARGS_FAILED and r.stdout.startswith("::error file=data/progress/2019-12.csv,line=2,title=not-a-number::")


def test_the_recipe_checks_the_progress_files_on_a_registry_change(repo, tmp_path):
    repo, _ = repo
    base = git(repo, "rev-parse", "HEAD")
    registry = repo / "data" / "projects.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace('{id: "7",', '{id: "7x",'), encoding="utf-8")
    git(repo, "commit", "-q", "-a", "-m", "rename 7")
    r = run_recipe(repo, base, tmp_path)
    assert r.returncode == XARGS_FAILED and r.stdout.count("title=unknown-indicator::") == 14  # 12 progress, 2 certified files


def test_the_recipe_does_nothing_without_a_data_change(repo, tmp_path):
    repo, _ = repo
    r = run_recipe(repo, git(repo, "rev-parse", "HEAD"), tmp_path)
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
