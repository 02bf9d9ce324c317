"""Startup benchmark: how much does minshi cost on top of the libraries it stands on?

    python bench/startup.py [--runs 15] [--rev REV] [--no-bytecode-cache]

Paired runs, after one warm-up round: in every round each minshi command runs right beside its
baseline (which goes first alternates from round to round):

* ``minshi --help``   vs ``python -c "import click"``   target: --help <= 2x import click
* ``minshi status``   vs ``python -c "import pandas"``  target: status <= 1.3x import pandas
  (status on the shipped ``data/``)

minshi is run both as ``python -m minshi_cli`` and as the console script next to the
interpreter (when installed). Every command is a fresh subprocess of the same interpreter.
Reports median, min and max wall time and the median CPU time (user + system) in ms; per target
the median of the paired ratios (PASS/MISS is judged on it), the ratio of the medians and the
ratio of the median CPU times (steadier when other work shares the machine).  Also checks, with
``python -X importtime -m minshi_cli --help``, that ``--help`` does not import pandas.  Exit
status is always 0: this is a measurement.
"""

from __future__ import annotations

import argparse
import sys

from _util import OUT, PY, child_env, code_source, console_script, machine_line, median, rotated, run, table, verdict

HELP_LIMIT = 2.0
STATUS_LIMIT = 1.3


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15, help="measured runs per command (>= 10; default 15)")
    ap.add_argument("--no-bytecode-cache", action="store_true",
                    help="run children in the inherited environment (see _util.child_env)")
    ap.add_argument("--rev", default=None,
                    help="measure git revision REV (exported to bench/out/src-<sha>) instead of the working tree")
    args = ap.parse_args(argv)
    runs = max(10, args.runs)
    src, src_note = code_source(args.rev)
    env, env_note = child_env(bytecode_cache=not args.no_bytecode_cache, src=src)
    data = str(src / "data")
    script = console_script()

    commands: dict[str, list[str]] = {
        'python -c "import click"': [PY, "-c", "import click"],
        "python -m minshi_cli --help": [PY, "-m", "minshi_cli", "--help"],
        'python -c "import pandas"': [PY, "-c", "import pandas"],
        "python -m minshi_cli status": [PY, "-m", "minshi_cli", "--data", data, "status"],
    }
    if script:
        commands["minshi --help (console script)"] = [script, "--help"]
        commands["minshi status (console script)"] = [script, "--data", data, "status"]
    names = list(commands)

    print(f"minshi startup benchmark: {runs} runs each after 1 warm-up, interleaved")
    print(machine_line())
    print(f"code: {src_note}")
    print(f"children: {env_note}; cwd {OUT}; status on {data}")
    if not script:
        print("console script `minshi` not found next to the interpreter: measuring `python -m minshi_cli` only")

    pairs = [("python -m minshi_cli --help", 'python -c "import click"', HELP_LIMIT),
             ("python -m minshi_cli status", 'python -c "import pandas"', STATUS_LIMIT)]
    if script:
        pairs.insert(1, ("minshi --help (console script)", 'python -c "import click"', HELP_LIMIT))
        pairs.append(("minshi status (console script)", 'python -c "import pandas"', STATUS_LIMIT))

    times: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, list[float]] = {n: [] for n in names}
    paired: dict[str, list[float]] = {a: [] for a, _, _ in pairs}
    failures: dict[str, str] = {}
    for round_no in range(runs + 1):  # round 0 is the warm-up
        for a, b, _ in rotated(pairs, round_no):
            got = {}
            for name in ((a, b) if round_no % 2 else (b, a)):  # each command beside its baseline
                r = run(commands[name], env=env)
                if r.returncode != 0:
                    failures.setdefault(name, f"exit {r.returncode}: {r.stderr.strip()[-300:]}")
                got[name] = r
                if round_no:
                    times[name].append(r.seconds * 1000)
                    cpu[name].append(r.cpu * 1000)
            if round_no:
                paired[a].append(got[a].seconds / got[b].seconds)

    rows = [[n, f"{median(times[n]):.1f}", f"{min(times[n]):.1f}", f"{max(times[n]):.1f}", f"{median(cpu[n]):.1f}"]
            for n in names]
    print()
    print(table(["command", "median ms", "min ms", "max ms", "median CPU ms"], rows))

    target_rows = []
    for a, b, limit in pairs:
        ratio = median(times[a]) / median(times[b])
        ratio_cpu = median(cpu[a]) / median(cpu[b])
        target_rows.append([f"{a} / {b}", f"{median(paired[a]):.2f}x", f"{ratio:.2f}x", f"{ratio_cpu:.2f}x",
                            f"<= {limit}x", verdict(median(paired[a]) <= limit)])
    print()
    print(table(["target", "median paired ratio", "ratio of medians", "CPU ratio", "limit", "result"], target_rows))
    print("(PASS/MISS on the median of the paired ratios; the CPU ratio is steadier on a busy machine)")

    # --help must not import pandas
    modules = _importtime_modules(env)
    heavy = sorted({m.split(".")[0] for m in modules if m.split(".")[0] in ("pandas", "numpy", "yaml", "jinja2", "tabulate")})
    pandas_hits = [m for m in modules if m == "pandas" or m.startswith("pandas.")]
    print()
    print(f"python -X importtime -m minshi_cli --help: {len(modules)} modules imported; "
          f"pandas imported: {'YES (' + str(len(pandas_hits)) + ' pandas modules)' if pandas_hits else 'no'} -> "
          f"{verdict(not pandas_hits)}")
    print(f"  heavy packages imported by --help: {', '.join(heavy) if heavy else 'none'}")

    _status_imports(env, data)

    if failures:
        print()
        for name, why in failures.items():
            print(f"WARNING: {name} failed ({why})")
    return 0


def _importtime(args: list[str], env: dict) -> list[tuple[int, int, int, str]]:
    """(self us, cumulative us, depth, module) for each line of ``python -X importtime``."""
    import subprocess

    proc = subprocess.run([PY, "-X", "importtime", *args], env=env, cwd=str(OUT),
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    out = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "imported package" in line:
            continue
        own, cumulative, name = line[len("import time:"):].split("|", 2)
        depth = (len(name) - len(name.lstrip(" "))) // 2
        out.append((int(own), int(cumulative), depth, name.strip()))
    return out


def _importtime_modules(env: dict) -> list[str]:
    return [m for _, _, _, m in _importtime(["-m", "minshi_cli", "--help"], env)]


def _third_party(name: str) -> bool:
    import importlib.util
    import sysconfig

    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return False
    origin = (spec.origin or "") if spec else ""
    return bool(origin) and origin.startswith(sysconfig.get_paths()["purelib"]) or name == "minshi_cli"


def _status_imports(env: dict, data: str) -> None:
    """Where ``minshi status`` spends its import time: each top-level third-party package's
    cumulative import time (at its first, shallowest import), and the total."""
    lines = _importtime(["-m", "minshi_cli", "--data", data, "status"], env)
    total = sum(own for own, _, _, _ in lines)
    first: dict[str, int] = {}
    for own, cumulative, _, name in lines:
        if "." not in name and name not in first and _third_party(name):
            first[name] = cumulative
    print()
    print(f"python -X importtime -m minshi_cli status: {len(lines)} modules, {total / 1000:.0f} ms importing in all "
          f"(importtime inflates this); per top-level package, cumulative at first import "
          f"(nested: a package imported inside another counts there):")
    first.pop("minshi_cli", None)
    own_code = sum(own for own, _, _, name in lines if name.split(".")[0] == "minshi_cli")
    shown = [f"{name} {us / 1000:.0f} ms" for name, us in sorted(first.items(), key=lambda kv: -kv[1]) if us >= 1000]
    print("  " + ", ".join(shown) + f"; minshi_cli's own modules (self time) {own_code / 1000:.0f} ms")


if __name__ == "__main__":
    sys.exit(main())
