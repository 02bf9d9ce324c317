"""The one place that knows where things are: packaged templates and the data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

_PACKAGE = Path(__file__).resolve().parent.parent  # minshi_cli/

REGISTRY_NAME = "projects.yaml"
PROGRESS_NAME = "progress"


def templates_dir() -> Path:
    """Packaged templates: inside the wheel they sit in ``minshi_cli/templates``;
    in a source checkout they are the top-level ``templates/``."""
    installed = _PACKAGE / "templates"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "templates"


def cache_dir() -> Optional[Path]:
    """The user's cache folder for minshi (compiled report templates): ``$XDG_CACHE_HOME/minshi``
    or ``~/.cache/minshi``; ``~/Library/Caches/minshi`` on macOS; ``%LOCALAPPDATA%\\minshi`` on
    Windows.  None where there is no home folder to put it in (then nothing is cached)."""
    try:
        if os.name == "nt":
            base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        elif sys.platform == "darwin":
            base = str(Path.home() / "Library" / "Caches")
        else:
            xdg = os.environ.get("XDG_CACHE_HOME", "")
            base = xdg if os.path.isabs(xdg) else str(Path.home() / ".cache")  # a relative one is ignored
    except RuntimeError:  # Path.home(): no HOME and no password entry
        return None
    return Path(base) / "minshi"


def default_data_dir() -> Path:
    return Path(os.environ.get("MINSHI_DATA") or "data")


#: what needs quoting in a path a suggested command carries (spaces, and what a shell reads itself)
_SHELL_SPECIAL = frozenset(' \t"\'$`&|;<>()*?!#~{}[]\\')


def command(data_dir: Optional[Path], args: str) -> str:
    """A command a message suggests (``minshi check``), as the user can copy and run it: with
    ``--data DIR`` where the data folder is not the plain default ``data`` (given by ``--data``
    or ``MINSHI_DATA``). The one place every suggested command is written (README.md, 全局选项)."""
    if data_dir is None or data_dir == Path("data"):
        return f"minshi {args}"
    folder = display(data_dir)
    if any(ch in _SHELL_SPECIAL for ch in folder):
        folder = '"' + folder.replace('"', '\\"') + '"'
    return f"minshi --data {folder} {args}"


def registry_path(data_dir: Path) -> Path:
    return data_dir / REGISTRY_NAME


def progress_dir(data_dir: Path) -> Path:
    return data_dir / PROGRESS_NAME


def display(path: Path) -> str:
    """A path as the person gave it (relative stays relative, absolute stays absolute)."""
    return path.as_posix()


def absolute(path: Path) -> str:
    """A path as the folder it is, whatever the current folder: ``/home/x/data`` for ``data``
    or ``.`` (``..`` folded, links left as they are)."""
    return Path(os.path.abspath(path)).as_posix()
