"""Writing a file all at once or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, text: str | bytes, encoding: str = "utf-8", sync: bool = True) -> None:
    """Write ``text`` (or the bytes of a binary file) to ``path`` (making its missing folders) through a temporary file in the same folder and ``os.replace``:
    readers see the old file or the new one, never half of it, and a failure (disk full,
    permission, interrupt) removes the temporary file and leaves ``path`` untouched.  ``sync=False``
    skips forcing the file to disk before the replace (``minshi site``'s hundreds of pages, which
    can be written again, would otherwise wait for the disk once per page)."""
    data = text if isinstance(text, bytes) else text.encode(encoding)
    path.parent.mkdir(parents=True, exist_ok=True)  # every command that writes makes the folders
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    replaced = False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
        replaced = True
    finally:
        if not replaced:
            Path(tmp).unlink(missing_ok=True)


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones (0666 minus umask),
    not mkstemp's private 0600."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
