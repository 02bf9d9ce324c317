"""`minshi assess` against `python -c "import pandas"` (docs/assessment.md / issue 9: within 1.3x).

    python bench/bench_assess.py [--runs 15] [--rev REV] [--no-bytecode-cache]

Paired runs: each round runs both commands back to back (the order alternates), one warm-up
round first; every command is a fresh subprocess of the same interpreter, on the shipped data
(which has certified/ and funds/ folders).  Reports the median and min wall times, the median of
the per-round ratios and the ratio of medians, and PASS/MISS against 1.3x (judged on the median
of the paired ratios).  Exit status is always 0: this is a measurement.
"""

from __future__ import annotations

import argparse
import sys

from _util import PY, child_env, code_source, machine_line, median, run, table, verdict

LIMIT = 1.3


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15, help="measured rounds (>= 10; default 15)")
    ap.add_argument("--no-bytecode-cache", action="store_true", help="run children in the inherited environment")
    ap.add_argument("--rev", default=None, help="measure git revision REV instead of the working tree")
    args = ap.parse_args(argv)
    runs = max(10, args.runs)
    src, src_note = code_source(args.rev)
    env, env_note = child_env(bytecode_cache=not args.no_bytecode_cache, src=src)
    data = str(src / "data")
    commands = {
        'python -c "import pandas"': [PY, "-c", "import pandas"],
        "python -m minshi_cli assess": [PY, "-m", "minshi_cli", "--data", data, "assess"],
    }
    names = list(commands)
    print(f"minshi assess benchmark: {runs} paired rounds after 1 warm-up")
    print(machine_line())
    print(f"code: {src_note}")
    print(f"children: {env_note}; assess on {data}")
    times = {n: [] for n in names}
    cpu = {n: [] for n in names}
    ratios = []
    failures = {}
    for round_no in range(runs + 1):
        order = names if round_no % 2 else names[::-1]
        got, got_cpu = {}, {}
        for name in order:
            r = run(commands[name], env=env)
            if r.returncode != 0:
                failures.setdefault(name, f"exit {r.returncode}: {r.stderr.strip()[-300:]}")
            got[name] = r.seconds * 1000
            got_cpu[name] = r.cpu * 1000
        if round_no:
            for name in names:
                times[name].append(got[name])
                cpu[name].append(got_cpu[name])
            ratios.append(got[names[1]] / got[names[0]])
    rows = [[n, f"{median(times[n]):.1f}", f"{min(times[n]):.1f}", f"{max(times[n]):.1f}", f"{median(cpu[n]):.1f}"]
            for n in names]
    print()
    print(table(["command", "median ms", "min ms", "max ms", "median CPU ms"], rows))
    paired = median(ratios)
    of_medians = median(times[names[1]]) / median(times[names[0]])
    of_cpu = median(cpu[names[1]]) / median(cpu[names[0]])
    print()
    print(table(["target", "median paired ratio", "ratio of medians", "CPU ratio", "limit", "result"],
                [["assess / import pandas", f"{paired:.2f}x", f"{of_medians:.2f}x", f"{of_cpu:.2f}x", f"<= {LIMIT}x",
                  verdict(paired <= LIMIT)]]))
    for name, why in failures.items():
        print(f"WARNING: {name} failed ({why})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
