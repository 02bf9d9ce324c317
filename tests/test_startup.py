"""The collector at start-up (minshi_cli/startup.py): the console script pauses it while the
modules are imported, each command freezes what the imports made and turns it back on; a program
that calls the commands in-process keeps its collector as it was."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from minshi_cli import startup
from tests.conftest import DATA, REPO


@pytest.fixture
def collector():
    """Leave the test process's collector as it was found: on, nothing frozen."""
    assert gc.isenabled()
    yield
    startup.resume()  # a test that stopped between pause and resume
    gc.unfreeze()
    gc.enable()


def test_pause_then_resume_freezes_what_exists_and_turns_the_collector_on(collector):
    frozen = gc.get_freeze_count()
    startup.pause()
    assert gc.isenabled() is False
    startup.resume()
    assert gc.isenabled() is True
    assert gc.get_freeze_count() > frozen + 1000  # every module, class and function alive now


def test_resume_without_pause_does_nothing(collector):
    startup.resume()
    assert gc.isenabled() is True
    assert gc.get_freeze_count() == 0


def test_pause_leaves_a_collector_someone_else_turned_off(collector):
    gc.disable()
    startup.pause()
    startup.resume()
    assert gc.isenabled() is False  # not ours to turn on
    assert gc.get_freeze_count() == 0


def test_in_process_commands_leave_the_collector_alone(run, collector):
    r = run("--data", DATA, "status", "--format", "json")
    assert r.exit_code == 0
    assert gc.isenabled() is True
    assert gc.get_freeze_count() == 0


STATE = ("import gc, sys\nfrom minshi_cli.cli import run\ntry:\n    run()\nexcept SystemExit:\n    pass\n"
         "print(gc.isenabled(), gc.get_freeze_count() > 50000, 'pandas' in sys.modules, file=sys.stderr)")


def _state_after(*args: str) -> list[str]:
    r = subprocess.run([sys.executable, "-c", STATE, *args], capture_output=True, text=True, cwd=REPO)
    return r.stderr.strip().splitlines()[-1].split()


def test_the_console_script_freezes_the_imports_and_collects_the_command_s_own_work():
    # pandas and the core imported, then frozen (well over 50,000 objects), the collector on again
    assert _state_after("--data", str(DATA), "status") == ["True", "True", "True"]
    assert _state_after("--data", str(DATA), "check") == ["True", "True", "True"]


def test_help_imports_nothing_heavy_and_leaves_the_collector_paused_until_exit():
    assert _state_after("--help") == ["False", "False", "False"]
    assert _state_after("report", "--help") == ["False", "False", "False"]
