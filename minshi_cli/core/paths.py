"""The one place that knows where things are: packaged templates and the data folder."""

from __future__ import annotations

import os
import shlex
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


def command(data_dir: Optional[Path], args: str) -> str:
    """A command a message suggests (``minshi check``), as the user can copy and run it: with
    ``--data DIR`` where the data folder is not the plain default ``data`` (given by ``--data``
    or ``MINSHI_DATA``). The one place every suggested command is written (README.md, 全局选项)."""
    if data_dir is None or data_dir == Path("data"):
        return f"minshi {args}"
    return f"minshi --data {argument(data_dir)} {args}"


def registry_path(data_dir: Path) -> Path:
    return data_dir / REGISTRY_NAME


def progress_dir(data_dir: Path) -> Path:
    return data_dir / PROGRESS_NAME


def display(path: Path) -> str:
    """A path as the person gave it (relative stays relative, absolute stays absolute)."""
    return path.as_posix()


#: characters a shell (POSIX, cmd.exe, PowerShell) splits on or expands in an unquoted word
_SHELL_SPECIAL = frozenset("'\"$`\\!*?[](){}<>|&;#~%^")


def argument(path: Path) -> str:
    """A path as typed on a command line, quoted where a shell would split it (``"我的 数据"``), so
    that a command a message suggests can be copied and run as it is: in double quotes, which the
    Windows command prompt, PowerShell and POSIX shells all read alike, unless the path holds a
    character a POSIX shell treats specially inside them (then in the POSIX shell's single quotes)."""
    text = display(path)
    if text and not any(c in _SHELL_SPECIAL or c.isspace() for c in text):
        return text  # 数据, data/2019: nothing a shell would split or expand (CJK needs no quotes)
    if os.name == "nt" or not any(c in text for c in '"$`\\!'):
        return f'"{text}"'
    return shlex.quote(text)


def absolute(path: Path) -> str:
    """A path as the folder it is, whatever the current folder: ``/home/x/data`` for ``data``
    or ``.`` (``..`` folded, links left as they are)."""
    return Path(os.path.abspath(path)).as_posix()
