"""Shared helpers for the bench scripts (not a test module; stdlib only)."""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"  # gitignored
OUT.mkdir(parents=True, exist_ok=True)
PY = sys.executable


def console_script(name: str = "minshi") -> Optional[str]:
    """The console script installed next to this interpreter, if any."""
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.is_file() and os.access(candidate, os.X_OK) else None


def code_source(rev: Optional[str]) -> tuple[Path, str]:
    """The source tree to measure: the working tree (default), or git revision ``rev`` exported
    with ``git archive`` to ``bench/out/src-<sha>`` (a stable snapshot while others edit)."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=REPO, check=True, capture_output=True, text=True).stdout.strip()

    if not rev:
        try:
            head = git("rev-parse", "--short=12", "HEAD")
            dirty = git("status", "--porcelain", "--", "minshi_cli", "templates")
        except (OSError, subprocess.CalledProcessError):
            return REPO, f"working tree {REPO}"
        return REPO, f"working tree {REPO} (HEAD {head}{' + uncommitted changes in minshi_cli/' if dirty else ''})"
    sha = git("rev-parse", "--verify", f"{rev}^{{commit}}")
    dest = OUT / f"src-{sha[:12]}"
    if not (dest / "minshi_cli" / "__init__.py").is_file():
        import io
        import tarfile

        tmp = Path(tempfile.mkdtemp(prefix="src-", dir=OUT))
        blob = subprocess.run(["git", "archive", "--format=tar", sha], cwd=REPO, check=True, capture_output=True).stdout
        with tarfile.open(fileobj=io.BytesIO(blob)) as tar:
            tar.extractall(tmp, filter="data")
        shutil.rmtree(dest, ignore_errors=True)
        tmp.rename(dest)
    return dest, f"git {rev} = {sha[:12]}, exported to {display(dest)}"


def child_env(bytecode_cache: bool = True, src: Path = REPO) -> tuple[dict, str]:
    """Environment for measured children, and a description of it.

    With ``bytecode_cache`` (the default) children may cache bytecode, as on a user's machine,
    but the caches go to ``bench/out/pycache`` (PYTHONPYCACHEPREFIX) so nothing outside bench/
    is written.  ``PYTHONPATH`` starts with ``src`` (see ``code_source``), and children run in
    ``bench/out``, so ``python -m minshi_cli`` and the console script both import that tree.
    Without it the inherited environment is used as is (this sandbox sets
    PYTHONDONTWRITEBYTECODE=1, and minshi_cli has no __pycache__, so every run recompiles it).
    MINSHI_DATA is always removed so ``--data`` decides.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(src), *filter(None, [env.get("PYTHONPATH")])])
    env.pop("MINSHI_DATA", None)
    env.pop("GITHUB_ACTIONS", None)
    if not bytecode_cache:
        return env, ("inherited environment" + (" (PYTHONDONTWRITEBYTECODE=1: minshi_cli is recompiled on every run)"
                                                 if env.get("PYTHONDONTWRITEBYTECODE") else ""))
    prefix = OUT / "pycache"
    prefix.mkdir(parents=True, exist_ok=True)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(prefix)
    return env, f"bytecode cached in {display(prefix)} (PYTHONPYCACHEPREFIX)"


def display(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@dataclass
class Run:
    seconds: float
    maxrss_kb: int  # peak resident set size of the child (and its waited-for children)
    returncode: Optional[int]
    timed_out: bool
    stderr: str
    cpu: float = float("nan")  # user + system CPU seconds of the child (steadier than wall time under load)

    @property
    def peak_mb(self) -> float:
        return self.maxrss_kb / 1024.0


def run(cmd: Sequence[str], *, env: dict, cwd: Path = OUT, timeout: Optional[float] = None,
        stdout_path: Optional[Path] = None) -> Run:
    """Run ``cmd``; wall time from spawn to reap, and the child's own ``ru_maxrss``
    (os.wait4 returns the rusage of exactly that child, so no deltas are needed).

    stdout goes to /dev/null unless ``stdout_path`` is given; stderr is kept (last 4 kB)."""
    with tempfile.TemporaryFile() as err:
        out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
        try:
            t0 = time.perf_counter()
            proc = subprocess.Popen(list(cmd), stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env,
                                    cwd=str(cwd), start_new_session=True)
            fired = threading.Event()

            def kill() -> None:
                fired.set()
                try:
                    os.killpg(proc.pid, signal.SIGKILL)  # its own session: only what we started
                except ProcessLookupError:
                    pass

            timer = threading.Timer(timeout, kill) if timeout else None
            if timer:
                timer.start()
            try:
                _, status, usage = os.wait4(proc.pid, 0)
            finally:
                if timer:
                    timer.cancel()
            seconds = time.perf_counter() - t0
            proc.returncode = os.waitstatus_to_exitcode(status)
        finally:
            if stdout_path:
                out.close()
        err.seek(0)
        text = err.read()[-4096:].decode("utf-8", "replace")
    return Run(seconds, usage.ru_maxrss, proc.returncode, fired.is_set(), text, usage.ru_utime + usage.ru_stime)


def median(xs: Sequence[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def rotated(items: list, k: int) -> list:
    """Round k's order: rotate so no command always runs first (interleaving)."""
    k %= len(items)
    return items[k:] + items[:k]


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> str:
    """A plain fixed-width table; ``align`` gives 'l' or 'r' per column (default: first l, rest r)."""
    cols = len(headers)
    align = align or ("l" + "r" * (cols - 1))
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(cols)]

    def line(cells):
        return "  ".join(str(c).ljust(w) if a == "l" else str(c).rjust(w)
                         for c, w, a in zip(cells, widths, align)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def machine_line() -> str:
    import platform

    return (f"python {platform.python_version()} ({sys.executable}), {platform.system()} {platform.machine()}, "
            f"{os.cpu_count()} CPUs, load avg {os.getloadavg()[0]:.2f}")


def which(name: str) -> Optional[str]:
    here = Path(sys.executable).parent / name
    return str(here) if here.is_file() else shutil.which(name)
