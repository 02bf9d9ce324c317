"""verify benchmark: a published table of 200 rows verified, against ``python -c "import pandas"``.

    python bench/bench_verify.py [--runs 15] [--rows 200]

Generates its table under bench/out/ (a title row, a header with two rate columns, 200 area rows
with figures in 万 printed to two decimals, a few planted slips, 小计 rows and a 全市 total), then
in every round runs, right beside each other (which goes first alternating):

* ``minshi verify TABLE --no-registry --format json``  vs  ``python -c "import pandas"``
* ``minshi --data data verify TABLE --month 2019-07``  (the registry mode, on the shipped data)
  vs  ``python -c "import pandas"``

Target (issue 18): the 200-row table verified within 1.5x of import pandas, judged on the median
of the paired ratios.  Reports median/min/max wall time and median CPU time.  Exit status is
always 0: this is a measurement.
"""

from __future__ import annotations

import argparse
import random

from _util import OUT, PY, REPO, child_env, machine_line, median, run, table, verdict

LIMIT = 1.5


def make_table(rows: int, seed: int = 7) -> str:
    """A published table in the layouts verify reads: units fused into cells, 万 rounding, two
    rate columns, 小计 every 20 rows and a 全市 total; roughly one row in 25 carries a slip."""
    rnd = random.Random(seed)
    lines = ["2024年民生实事分地区进度表（基准测试生成）,,,,,,,,",
             "序号,地区,目标任务,累计完成,完成率,计划投资额(亿元),累计完成投资额(亿元),投资完成率,备注"]
    section = [0, 0, 0.0, 0.0]
    whole = [0, 0, 0.0, 0.0]
    for k in range(1, rows + 1):
        target = rnd.randint(20, 900) * 100  # targets are taken as printed: whole hundreds print exactly in 万
        done = rnd.randint(target // 3, target)
        invest = round(rnd.uniform(1, 20), 2)
        spent = round(invest * rnd.uniform(0.3, 1.0), 2)
        rate = f"{100 * done / target:.1f}%"
        if k % 25 == 0:
            rate = f"{100 * done / target + 3:.1f}%"  # a planted slip
        lines.append(f"{k},第{k}片区,{target / 1e4:.2f}万人,{done / 1e4:.2f}万人,{rate},{invest:.2f},{spent:.2f},"
                     f"{100 * spent / invest:.1f}%,")
        for acc in (section, whole):
            acc[0] += target
            acc[1] += done
            acc[2] += invest
            acc[3] += spent
        if k % 20 == 0:
            lines.append(f"小计,,,,,{section[2]:.2f},{section[3]:.2f},,")
            section = [0, 0, 0.0, 0.0]
    lines.append(f"全市,,,,,{whole[2]:.2f},{whole[3]:.2f},{100 * whole[3] / whole[2]:.1f}%,")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15, help="measured runs per command (>= 5; default 15)")
    ap.add_argument("--rows", type=int, default=200, help="rows of the generated table (default 200)")
    args = ap.parse_args(argv)
    runs = max(5, args.runs)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"verify-{args.rows}.csv"
    path.write_text(make_table(args.rows), encoding="utf-8")
    env, env_note = child_env()
    data = str(REPO / "data")
    commands = {
        'python -c "import pandas"': [PY, "-c", "import pandas"],
        "minshi verify --no-registry": [PY, "-m", "minshi_cli", "verify", str(path), "--no-registry", "--format", "json"],
        "minshi verify (registry)": [PY, "-m", "minshi_cli", "--data", data, "verify", str(path), "--month", "2019-07"],
    }
    base = 'python -c "import pandas"'
    pairs = ["minshi verify --no-registry", "minshi verify (registry)"]
    print(f"verify benchmark: a {args.rows}-row table ({path}), {runs} runs each after 1 warm-up, paired")
    print(machine_line())
    print(f"children: {env_note}")
    times = {n: [] for n in commands}
    cpu = {n: [] for n in commands}
    paired = {n: [] for n in pairs}
    failures = {}
    for round_no in range(runs + 1):
        for name in pairs:
            got = {}
            for n in ((name, base) if round_no % 2 else (base, name)):
                r = run(commands[n], env=env)
                if r.returncode not in (0, 1):
                    failures.setdefault(n, f"exit {r.returncode}: {r.stderr.strip()[-300:]}")
                got[n] = r
                if round_no:
                    times[n].append(r.seconds * 1000)
                    cpu[n].append(r.cpu * 1000)
            if round_no:
                paired[name].append(got[name].seconds / got[base].seconds)
    print()
    print(table(["command", "median ms", "min ms", "max ms", "median CPU ms"],
                [[n, f"{median(t):.1f}", f"{min(t):.1f}", f"{max(t):.1f}", f"{median(cpu[n]):.1f}"]
                 for n, t in times.items()]))
    print()
    print(table(["target", "median paired ratio", "CPU ratio", "limit", "result"],
                [[f"{n} / {base}", f"{median(paired[n]):.2f}x", f"{median(cpu[n]) / median(cpu[base]):.2f}x",
                  f"<= {LIMIT}x", verdict(median(paired[n]) <= LIMIT)] for n in pairs]))
    for n, why in failures.items():
        print(f"WARNING: {n} failed ({why})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
