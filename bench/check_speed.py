"""Throughput benchmark: ``minshi check`` on a big data folder, against just reading the files
and against frictionless.

    python bench/check_speed.py [N] [--runs 3] [--timeout 600] [--rev REV] [--no-frictionless]

Generates a data folder with N indicators (default 20000 -> 240,000 progress rows in 12 monthly
files) with ``make_big.py`` into ``bench/out/big-N`` (gitignored), then times, interleaved (the
order rotates every round), >= 3 runs each, median:

(a) ``python -m minshi_cli --data DIR check --format json`` (stdout to /dev/null)
(b) a python script that reads the same files once: ``pandas.read_csv(f, dtype=str)`` on each
    of the 12 files + ``yaml.load(registry_text, Loader=yaml.CSafeLoader)``: the floor for
    "read everything" with the same libraries (it reports its own phase times)
(c) ``frictionless validate --trusted --schema schema.json --json`` over the 12 files in one
    call, with an equivalent-ish Table Schema (indicator string required, value number
    minimum 0, reporter string, note string); it does not read the registry

Each child's peak memory is its own ``ru_maxrss`` (``os.wait4`` on that child). Targets:
check <= 1.5x read time; frictionless >= 10x check time; check peak memory <= 2x read peak.
Exit status is always 0: this is a measurement.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import make_big
from _util import OUT, PY, child_env, code_source, machine_line, median, rotated, run, table, verdict, which

CHECK_LIMIT = 1.5
FRICTIONLESS_MIN = 10.0
MEMORY_LIMIT = 2.0

READ_SCRIPT = r"""
import sys, time, json
t0 = time.perf_counter()
import pandas, yaml
t1 = time.perf_counter()
files = sys.argv[2:]
rows = 0
for f in files:
    rows += len(pandas.read_csv(f, dtype=str))
t2 = time.perf_counter()
with open(sys.argv[1], encoding="utf-8") as fh:
    registry = fh.read()
doc = yaml.load(registry, Loader=yaml.CSafeLoader)
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "csv": t2 - t1, "yaml": t3 - t2, "rows": rows,
                  "projects": len(doc["projects"])}))
"""

SCHEMA = {
    "fields": [
        {"name": "indicator", "type": "string", "constraints": {"required": True}},
        {"name": "value", "type": "number", "constraints": {"minimum": 0}},
        {"name": "reporter", "type": "string"},
        {"name": "note", "type": "string"},
    ]
}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", nargs="?", type=int, default=20000, help="indicators (default 20000)")
    ap.add_argument("--runs", type=int, default=3, help="measured runs per command (>= 3; default 3)")
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds before a run is killed (default 600)")
    ap.add_argument("--rev", default=None, help="measure git revision REV instead of the working tree")
    ap.add_argument("--no-frictionless", action="store_true", help="skip (c)")
    ap.add_argument("--no-bytecode-cache", action="store_true", help="run children in the inherited environment")
    args = ap.parse_args(argv)
    runs = max(3, args.runs)

    src, src_note = code_source(args.rev)
    env, env_note = child_env(bytecode_cache=not args.no_bytecode_cache, src=src)
    data = OUT / f"big-{args.n}"
    t0 = time.perf_counter()
    info = make_big.make_big(args.n, data)
    gen = time.perf_counter() - t0
    files = sorted((data / "progress").glob("*.csv"))
    registry = data / "projects.yaml"
    csv_mb = sum(f.stat().st_size for f in files) / 2**20

    work = OUT / f"check-speed-{args.n}"
    work.mkdir(parents=True, exist_ok=True)
    schema = work / "schema.json"
    schema.write_text(json.dumps(SCHEMA, indent=2), encoding="utf-8")
    read_script = work / "read_once.py"
    read_script.write_text(READ_SCRIPT, encoding="utf-8")

    commands = {
        "(a) minshi check --format json": ([PY, "-m", "minshi_cli", "--data", str(data), "check", "--format", "json"], None),
        "(b) read: 12x read_csv + yaml.load": ([PY, str(read_script), str(registry), *map(str, files)], work / "read.json"),
    }
    frictionless = which("frictionless")
    if not args.no_frictionless:
        if frictionless:
            commands["(c) frictionless validate (12 files)"] = (
                [frictionless, "validate", "--trusted", "--schema", str(schema), "--json", *map(str, files)],
                work / "frictionless.json")
        else:
            print("frictionless not found next to the interpreter or on PATH: skipping (c)")
    names = list(commands)

    print(f"minshi check throughput: N={args.n} indicators -> {info['rows']} progress rows in {len(files)} files "
          f"({csv_mb:.1f} MB) + registry of {info['projects']} projects ({registry.stat().st_size / 2**20:.1f} MB); "
          f"generated in {gen:.1f} s into {data}")
    print(machine_line())
    print(f"code: {src_note}")
    print(f"children: {env_note}; cwd {OUT}; {runs} runs each, interleaved, timeout {args.timeout:.0f} s")

    results: dict[str, list] = {n: [] for n in names}
    skipped: set[str] = set()
    for round_no in range(runs):
        for name in rotated(names, round_no):
            if name in skipped:
                continue
            cmd, out = commands[name]
            r = run(cmd, env=env, timeout=args.timeout, stdout_path=out)
            results[name].append(r)
            print(f"  round {round_no + 1}: {name}: {'> timeout' if r.timed_out else f'{r.seconds:.2f} s'}, "
                  f"{r.peak_mb:.0f} MB, exit {r.returncode}", flush=True)
            if r.timed_out:
                skipped.add(name)  # do not spend another timeout on it

    def secs(name):
        ok = [r.seconds for r in results.get(name, []) if not r.timed_out]
        return median(ok) if ok and not any(r.timed_out for r in results[name]) else None

    def peak(name):
        return max((r.peak_mb for r in results.get(name, [])), default=None)

    rows = []
    for name in names:
        rs = results[name]
        s = secs(name)
        rows.append([name,
                     f"{s:.2f}" if s is not None else f"> {args.timeout:.0f}",
                     f"{min(r.seconds for r in rs):.2f}" if s is not None else "-",
                     f"{peak(name):.0f}",
                     f"{median([r.peak_mb for r in rs]):.0f}",
                     ",".join(sorted({str(r.returncode) for r in rs}))])
    print()
    print(table(["command", "median s", "min s", "peak MB (max)", "peak MB (median)", "exit"], rows))

    a, b, c = names[0], names[1], names[2] if len(names) > 2 else None
    ta, tb = secs(a), secs(b)
    target_rows = [[
        "check time / read time", f"{ta / tb:.2f}x", f"<= {CHECK_LIMIT}x", verdict(ta / tb <= CHECK_LIMIT)]]
    if c:
        tc = secs(c)
        if tc is None:
            target_rows.append(["frictionless time / check time", f"> {args.timeout / ta:.1f}x (timeout)",
                                f">= {FRICTIONLESS_MIN}x", verdict(args.timeout / ta >= FRICTIONLESS_MIN)])
        else:
            target_rows.append(["frictionless time / check time", f"{tc / ta:.2f}x", f">= {FRICTIONLESS_MIN}x",
                                verdict(tc / ta >= FRICTIONLESS_MIN)])
    pa, pb = peak(a), peak(b)
    target_rows.append(["check peak MB / read peak MB", f"{pa / pb:.2f}x", f"<= {MEMORY_LIMIT}x",
                        verdict(pa / pb <= MEMORY_LIMIT)])
    print()
    print(table(["target", "value", "limit", "result"], target_rows))

    # what the children said about themselves
    print()
    try:
        phases = json.loads((work / "read.json").read_text())
        print(f"(b) phases, last run: import pandas+yaml {phases['import']:.2f} s, 12x read_csv {phases['csv']:.2f} s "
              f"({phases['rows']} rows), yaml.load {phases['yaml']:.2f} s ({phases['projects']} projects)")
    except (OSError, ValueError, KeyError) as exc:
        print(f"(b) phases unavailable: {exc}")
    summary = [r.stderr.strip().splitlines()[-1] for r in results[a] if r.stderr.strip()]
    print(f"(a) minshi check said: {summary[-1] if summary else '(nothing on stderr)'}")
    if c and not any(r.timed_out for r in results[c]):
        try:
            report = json.loads((work / "frictionless.json").read_text())
            tasks = report.get("tasks", [])
            print(f"(c) frictionless said: valid={report.get('valid')}, {len(tasks)} tables, "
                  f"{sum(t.get('stats', {}).get('rows', 0) for t in tasks)} rows, "
                  f"{report.get('stats', {}).get('errors')} errors, its own timer {report.get('stats', {}).get('seconds')} s")
        except (OSError, ValueError) as exc:
            print(f"(c) frictionless report unreadable: {exc}")
    for name in names:
        bad = [r for r in results[name] if r.returncode not in (0,) and not r.timed_out]
        if bad:
            print(f"WARNING: {name} exited {bad[-1].returncode}: {bad[-1].stderr.strip()[-400:]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
