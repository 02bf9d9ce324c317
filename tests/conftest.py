from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from minshi_cli.cli import main

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of the shipped data folder that a test may change."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture
def empty_data(tmp_path: Path) -> Path:
    """The shipped registry with no progress files."""
    target = tmp_path / "data"
    (target / "progress").mkdir(parents=True)
    shutil.copy(DATA / "projects.yaml", target / "projects.yaml")
    return target


@pytest.fixture
def run():
    """Run the CLI in-process; returns the click Result (stdout and stderr kept apart)."""
    runner = CliRunner()

    def invoke(*args: str, env: dict | None = None):
        # the terminal is 100 columns wide unless a test says otherwise (pytest-xdist's workers
        # have COLUMNS=80, a developer's console anything): `status` fits its table to it
        env = {"COLUMNS": "100", **(env or {})}
        result = runner.invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)
        return result

    return invoke


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


# The suite runs on a 2-core machine, often beside other work: hypothesis's per-example deadline
# (200 ms) measures the machine's load, not the code.  Examples are still bounded by max_examples.
from hypothesis import settings  # noqa: E402

settings.register_profile("minshi", deadline=None)
settings.load_profile("minshi")
