"""Scale benchmark for sub-areas (docs/areas.md): a province-sized registry.

    python bench/areas_speed.py [--indicators 300] [--areas 130] [--runs 3] [--timeout 900] [--rev REV] [--against REV]

Generates ``bench/out/areas-I-A/`` (gitignored): a registry of I indicators, each reported over
A areas (most cumulative with a target per area that adds up to the whole's, every tenth a
ceiling over ``all`` areas), and 12 monthly files with one row per (indicator, area) — 300 × 130
× 12 = 468,000 rows (a few rows left out so that ``not-reported`` has something to say).
Then times, interleaved (the order rotates every round), median of ``--runs``:

(a) read once: ``pandas.read_csv(f, dtype=str)`` on each of the 12 files + the registry with
    ``yaml.load(..., Loader=yaml.CSafeLoader)`` — the floor for "read everything";
(b) ``minshi check --format json``;
(c) ``minshi status --by area --format json``;
(d) ``minshi report --month YYYY-12`` (Markdown).

Wall time and CPU time (user + system of the child) are both printed, with their ratios to (a);
the targets are judged on wall time, CPU time is the steadier one when the machine is shared.

Targets (issue 8): check ≤ 2× (a); status --by area and report ≤ 3× (a).  The ratios are
printed; the exit status is always 0 (a measurement, not a gate).

``--rev REV`` measures git revision REV instead of the working tree; ``--against REV`` measures
REV's (b)–(d) too, in the same rotation (the same sitting, the same load), as rows ``… @REV``.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from _util import OUT, PY, child_env, code_source, machine_line, median, rotated, run, table, verdict

READ_SCRIPT = r"""
import sys
import pandas, yaml
for f in sys.argv[2:]:
    pandas.read_csv(f, dtype=str)
with open(sys.argv[1], encoding="utf-8") as fh:
    yaml.load(fh.read(), Loader=yaml.CSafeLoader)
"""

YEAR = 2019
LIMITS = {"check": 2.0, "status --by area": 3.0, "report": 3.0}


def make(folder: Path, indicators: int, areas: int, seed: int = 8) -> list[Path]:
    """Write the registry and the 12 monthly files (skipped when already there)."""
    progress = folder / "progress"
    files = [progress / f"{YEAR}-{m:02d}.csv" for m in range(1, 13)]
    if (folder / "projects.yaml").is_file() and all(f.is_file() for f in files):
        return files
    progress.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    names = [f"地区{k:03d}" for k in range(1, areas + 1)]
    lines = [f"year: {YEAR}", f"final_month: {YEAR}-12", "title: 省级民生实事", "levels: {province: 省级}",
             f"areas: [{', '.join(names)}]", "projects:"]
    kinds = []
    for i in range(1, indicators + 1):
        ceiling = i % 10 == 0
        kinds.append(ceiling)
        lines += [f"  - seq: {i}", f"    name: 项目{i}", "    level: province", f"    unit: 省厅{i % 25}",
                  "    indicators:"]
        if ceiling:
            lines.append(f'      - {{id: "{i}", name: 指标{i}, kind: ceiling, target: 4.5, unit: "%", areas: all}}')
        else:
            split = ", ".join(f"{a}: {100 + (k % 7) * 10}" for k, a in enumerate(names))
            total = sum(100 + (k % 7) * 10 for k in range(areas))
            lines.append(f'      - {{id: "{i}", name: 指标{i}, kind: cumulative, target: {total}, unit: 个, '
                         f'areas: {{{split}}}}}')
    (folder / "projects.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pace = [[rng.uniform(0.7, 1.2) for _ in names] for _ in range(indicators)]
    for m, path in enumerate(files, start=1):
        rows = ["indicator,area,value,note"]
        for i, ceiling in enumerate(kinds, start=1):
            for k, a in enumerate(names):
                if (i * 7 + k * 3 + m) % 997 == 0:
                    continue  # a silent area now and then
                if ceiling:
                    value = f"{4.0 + ((i + k + m) % 9) / 10:.1f}"
                    note = "企业减员" if float(value) > 4.5 else ""
                else:
                    target = 100 + (k % 7) * 10
                    value = str(int(target * min(1.0, m / 12 * pace[i - 1][k])))
                    note = "进度偏慢" if pace[i - 1][k] < 1.05 else ""
                rows.append(f"{i},{a},{value},{note}")
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=300)
    parser.add_argument("--areas", type=int, default=130)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--rev", default=None, help="measure git revision REV instead of the working tree")
    parser.add_argument("--against", default=None, help="also measure git revision REV, interleaved")
    args = parser.parse_args()
    folder = OUT / f"areas-{args.indicators}-{args.areas}"
    files = make(folder, args.indicators, args.areas)
    rows = sum(f.read_text(encoding="utf-8").count("\n") - 1 for f in files)
    src, code = code_source(args.rev)
    env, how = child_env(src=src)
    envs = {}
    minshi = [PY, "-m", "minshi_cli", "--data", str(folder)]
    commands = {
        "read once": [PY, "-c", READ_SCRIPT, str(folder / "projects.yaml"), *map(str, files)],
        "check": minshi + ["check", "--format", "json"],
        "status --by area": minshi + ["status", "--by", "area", "--format", "json"],
        "report": minshi + ["report", "--month", f"{YEAR}-12"],
    }
    limits = dict(LIMITS)
    if args.against:
        other, other_code = code_source(args.against)
        code += f"; against {other_code}"
        for name in LIMITS:
            commands[f"{name} @{args.against}"] = commands[name]
            envs[f"{name} @{args.against}"] = child_env(src=other)[0]
            limits[f"{name} @{args.against}"] = LIMITS[name]
    print(f"{args.indicators} indicators × {args.areas} areas, 12 files, {rows:,} rows; {how}")
    print(f"code: {code}")
    print(machine_line())
    for name in ("status --by area", f"status --by area @{args.against}") if args.against else ("status --by area",):
        run(commands[name], env=envs.get(name, env), timeout=args.timeout)  # warm-up (bytecode, disk cache)
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, list[float]] = {name: [] for name in commands}
    for k in range(args.runs):
        for name in rotated(list(commands), k):
            result = run(commands[name], env=envs.get(name, env), timeout=args.timeout)
            if result.timed_out or result.returncode not in (0, 1):
                print(f"{name}: exit {result.returncode}{' (timed out)' if result.timed_out else ''}\n{result.stderr}")
                return 0
            times[name].append(result.seconds)
            cpus[name].append(result.cpu)
            peaks[name].append(result.peak_mb)
    base, base_cpu = median(times["read once"]), median(cpus["read once"])
    out = [["read once", f"{base:.2f} s", f"{median(peaks['read once']):.0f} MB", "1.00×", f"{base_cpu:.2f} s", "1.00×",
            ""]]
    for name, limit in limits.items():
        ratio = median(times[name]) / base
        out.append([name, f"{median(times[name]):.2f} s", f"{median(peaks[name]):.0f} MB", f"{ratio:.2f}×",
                    f"{median(cpus[name]):.2f} s", f"{median(cpus[name]) / base_cpu:.2f}×",
                    f"≤ {limit:g}× {verdict(ratio <= limit)}"])
    print(table(["command", "median", "peak", "ratio", "cpu", "cpu ratio", "target"], out))
    print("(target judged on the wall-time ratio; cpu = user + system seconds of the child, median)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
