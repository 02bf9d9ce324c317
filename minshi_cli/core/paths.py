"""The one place that knows where things are: packaged templates and the data folder."""

from __future__ import annotations

import os
from pathlib import Path

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


def default_data_dir() -> Path:
    return Path(os.environ.get("MINSHI_DATA") or "data")


def registry_path(data_dir: Path) -> Path:
    return data_dir / REGISTRY_NAME


def progress_dir(data_dir: Path) -> Path:
    return data_dir / PROGRESS_NAME


def display(path: Path) -> str:
    """A path as the person gave it (relative stays relative, absolute stays absolute)."""
    return path.as_posix()
