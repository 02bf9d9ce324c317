"""Where does ``minshi check`` spend its time on a big data folder?

    python bench/profile_check.py [N] [--top 30] [--rev REV]

Generates (or regenerates) ``bench/out/big-N`` with make_big.py (default N=20000), then:

1. runs ``python -m cProfile -o bench/out/check-N.prof -m minshi_cli --data DIR check --format json``
   (stdout to /dev/null) and prints the top lines by cumulative time and by internal (self) time;
2. runs ``check`` once more without a profiler, with every module-level function of minshi_cli
   wrapped in a wall-clock timer (outermost call only, so recursion is not double counted), and
   prints each function's inclusive wall time and calls. cProfile inflates pure-Python code
   (the YAML constructors, per-row loops) relative to C (pandas, libyaml); the second table is
   the undistorted split.

Exit status is always 0.
"""

from __future__ import annotations

import argparse
import io
import json
import pstats
import sys

import make_big
from _util import OUT, PY, child_env, code_source, machine_line, run, table

TIMER_SCRIPT = r"""
import functools, importlib, json, os, pkgutil, sys, time, types
from collections import defaultdict

import minshi_cli

out_path, args = sys.argv[1], sys.argv[2:]
modules = []
for info in pkgutil.iter_modules(minshi_cli.__path__):
    if info.name == "__main__":
        continue
    try:
        modules.append(importlib.import_module(f"minshi_cli.{info.name}"))
    except Exception as exc:  # a module being edited elsewhere; time the rest
        print(f"timer: cannot import minshi_cli.{info.name}: {exc}", file=sys.stderr)

stats = defaultdict(lambda: [0, 0.0])
active = defaultdict(int)

def wrap(fn, key):
    @functools.wraps(fn)
    def timed(*a, **k):
        stats[key][0] += 1
        if active[key]:
            return fn(*a, **k)
        active[key] += 1
        t = time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            active[key] -= 1
            stats[key][1] += time.perf_counter() - t
    return timed

wrappers = {}
for mod in modules:
    for name, obj in list(vars(mod).items()):
        if isinstance(obj, types.FunctionType) and obj.__module__ == mod.__name__ and id(obj) not in wrappers:
            wrappers[id(obj)] = (obj, wrap(obj, f"{mod.__name__.removeprefix('minshi_cli.')}.{obj.__qualname__}"))
for mod in modules:
    for name, obj in list(vars(mod).items()):
        if id(obj) in wrappers and wrappers[id(obj)][0] is obj:
            setattr(mod, name, wrappers[id(obj)][1])

from minshi_cli.cli import main
t0 = time.perf_counter()
code = 0
try:
    main(args=args, prog_name="minshi")
except SystemExit as exc:
    code = exc.code
total = time.perf_counter() - t0
with open(out_path, "w", encoding="utf-8") as f:
    json.dump({"total": total, "exit": code, "functions": {k: v for k, v in stats.items()}}, f)
"""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", nargs="?", type=int, default=20000)
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--rev", default=None, help="profile git revision REV instead of the working tree")
    args = ap.parse_args(argv)

    src, src_note = code_source(args.rev)
    env, env_note = child_env(src=src)
    data = OUT / f"big-{args.n}"
    info = make_big.make_big(args.n, data)
    print(f"profile of minshi check --format json on N={args.n} ({info['rows']} rows, {info['projects']} projects) in {data}")
    print(machine_line())
    print(f"code: {src_note}; children: {env_note}")

    # warm the bytecode cache so neither measurement pays for compiling
    run([PY, "-m", "minshi_cli", "--version"], env=env)

    prof = OUT / f"check-{args.n}.prof"
    r = run([PY, "-m", "cProfile", "-o", str(prof), "-m", "minshi_cli", "--data", str(data), "check", "--format", "json"],
            env=env)
    print(f"\n== cProfile: {r.seconds:.2f} s wall under the profiler, exit {r.returncode}, peak {r.peak_mb:.0f} MB; "
          f"stats in {prof}")
    for key, title in (("cumulative", "by cumulative time"), ("tottime", "by internal (self) time")):
        buf = io.StringIO()
        stats = pstats.Stats(str(prof), stream=buf)
        stats.sort_stats(key).print_stats(args.top)
        text = buf.getvalue()
        body = text[text.index("   ncalls"):] if "   ncalls" in text else text
        print(f"\n-- top {args.top} {title}\n{body.rstrip()}")

    timer = OUT / "phase_timer.py"
    timer.write_text(TIMER_SCRIPT, encoding="utf-8")
    result = OUT / f"check-{args.n}-functions.json"
    r = run([PY, str(timer), str(result), "--data", str(data), "check", "--format", "json"], env=env)
    try:
        timed = json.loads(result.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"\nfunction timer failed ({exc}): {r.stderr.strip()[-500:]}")
        return 0
    total = timed["total"]
    rows = [[name, f"{secs:.3f}", f"{100 * secs / total:.1f}%", str(calls)]
            for name, (calls, secs) in sorted(timed["functions"].items(), key=lambda kv: -kv[1][1])
            if secs >= 0.005][: args.top]
    print(f"\n== minshi_cli functions, inclusive wall time without a profiler (check ran {total:.2f} s in-process, "
          f"{r.seconds:.2f} s with interpreter start-up; exit {timed['exit']}); nested calls overlap")
    print(table(["function", "seconds", "of check", "calls"], rows))
    if r.stderr.strip():
        print(r.stderr.strip()[-600:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
