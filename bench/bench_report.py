"""Report benchmark: what does ``minshi report`` cost on top of importing pandas?

    python bench/bench_report.py [--runs 11] [--no-bytecode-cache]

In one run, interleaved (the order alternates every round), after one warm-up round, each a fresh
subprocess of this interpreter:

* ``python -m minshi_cli --data data report --month 2019-06 --format html``
* ``python -c "import pandas"``
* ``python -c "import gc; gc.disable(); import pandas; gc.freeze(); gc.enable()"``: pandas imported
  as the ``minshi`` process imports it (the collector paused, then frozen: minshi_cli/startup.py)

Prints the median (and min) wall time of each, the median of the paired ratios (each round's report
over the same round's ``import pandas``, as bench/startup.py judges) and the ratio of the medians;
target <= 1.3x on the paired ratio.  The
third line tells how much of that is the collector: the report's ratio to pandas imported the same
way is what minshi's own work (its imports, reading, checking, rendering) costs on top of pandas.  The built-in templates' compiled code is cached in the user's
cache folder (docs/office.md): the warm-up round fills it, as a user's first report does.
Children may cache bytecode, as on a user's machine, but the caches go to ``bench/out/pycache``
(PYTHONPYCACHEPREFIX, gitignored) so nothing else is written; ``--no-bytecode-cache`` runs them in
the inherited environment instead.  The report goes to /dev/null.  Exit status is always 0 unless
the report command fails: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET = 1.3


def child_env(bytecode_cache: bool) -> dict:
    env = dict(os.environ)
    for name in ("MINSHI_DATA", "MINSHI_GENERATED_AT", "SOURCE_DATE_EPOCH"):
        env.pop(name, None)
    if bytecode_cache:
        prefix = REPO / "bench" / "out" / "pycache"
        prefix.mkdir(parents=True, exist_ok=True)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(prefix)
    return env


def timed(cmd: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system) of one run."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed with exit code {proc.returncode}:\n{proc.stderr.decode(errors='replace')}")
    return seconds, cpu


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=11, help="measured runs per command (default 11, at least 5)")
    ap.add_argument("--no-bytecode-cache", action="store_true", help="run children in the inherited environment")
    args = ap.parse_args(argv)
    runs = max(5, args.runs)
    env = child_env(not args.no_bytecode_cache)
    commands = {
        "minshi report --month 2019-06 --format html": [
            sys.executable, "-m", "minshi_cli", "--data", str(REPO / "data"), "report", "--month", "2019-06",
            "--format", "html", "--generated-at", "2019-07-05 09:00"],
        'python -c "import pandas"': [sys.executable, "-c", "import pandas"],
        "import pandas, collector as minshi's": [
            sys.executable, "-c", "import gc; gc.disable(); import pandas; gc.freeze(); gc.enable()"],
    }
    names = list(commands)
    times: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, list[float]] = {n: [] for n in names}
    paired: list[float] = []
    paired_same: list[float] = []
    for round_no in range(runs + 1):  # round 0 warms the caches and is not counted
        got = {}
        for name in (names if round_no % 2 else names[::-1]):
            got[name] = timed(commands[name], env)
        if round_no:
            for name in names:
                times[name].append(got[name][0] * 1000)
                cpu[name].append(got[name][1] * 1000)
            got = {name: wall * 1000 for name, (wall, _) in got.items()}
            paired.append(got[names[0]] / got[names[1]])
            paired_same.append(got[names[0]] / got[names[2]])

    print(f"minshi report benchmark: {runs} runs each after 1 warm-up, interleaved; python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}; "
          f"{'bytecode cached in bench/out/pycache' if not args.no_bytecode_cache else 'inherited environment'}")
    width = max(map(len, names))
    for name in names:
        print(f"  {name:<{width}}  median {statistics.median(times[name]):7.1f} ms   min {min(times[name]):7.1f} ms   "
              f"CPU median {statistics.median(cpu[name]):7.1f} ms")
    ratio = statistics.median(times[names[0]]) / statistics.median(times[names[1]])
    ratio_min = min(times[names[0]]) / min(times[names[1]])
    pair = statistics.median(paired)
    verdict = "PASS" if pair <= TARGET else "MISS"
    print(f"paired ratio (median of {len(paired)} rounds): {pair:.2f}x; target <= {TARGET}x: {verdict}")
    cpu_ratio = statistics.median(cpu[names[0]]) / statistics.median(cpu[names[1]])
    print(f"ratio of the medians {ratio:.2f}x (min/min {ratio_min:.2f}x); of the median CPU times {cpu_ratio:.2f}x")
    print(f"against pandas imported as minshi imports it (paired): {statistics.median(paired_same):.2f}x "
          f"(what the report adds on top of pandas)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
