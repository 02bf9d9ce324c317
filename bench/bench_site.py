"""``minshi site``: the year's site against one month's report (issue 20).

    python bench/bench_site.py [--runs 7] [--province] [--province-runs 1] [--rev REV] [--no-bytecode-cache]

1. **Shipped data**, paired: in every round ``minshi site -o bench/out/site-shipped`` (the year's
   site: 12 month reports, 19 indicator pages, 11 unit pages, the index) runs right beside
   ``minshi report --month 2019-12 --format html`` (which goes first alternates), after one
   warm-up pair.  Judged on the median of the paired ratios: target ≤ 4×.
2. **Province** (``--province``): the sub-areas bench's data (``areas_speed.make``: 300
   indicators × 130 areas × 12 months, 467,555 rows, in ``bench/out/areas-300-130``): the site
   built once or ``--province-runs`` times; target under 60 s, and its largest page under 2 MB.

Wall and CPU time (user + system of the child) are printed; pages go to ``bench/out/`` only.
Exit status 0: a measurement, not a test.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from _util import OUT, PY, REPO, child_env, code_source, machine_line, median, run, table, verdict

SHIPPED_LIMIT = 4.0
PROVINCE_SECONDS = 60.0
PAGE_LIMIT = 2 * 1024 * 1024
STAMP = ["--generated-at", "2019-12-05 09:00"]


def site_cmd(data: Path, out: Path) -> list[str]:
    return [PY, "-m", "minshi_cli", "--data", str(data), "site", "-o", str(out), *STAMP]


def largest(folder: Path) -> tuple[int, str, int, int]:
    pages = list(folder.rglob("*.html"))
    biggest = max(pages, key=lambda p: p.stat().st_size)
    return biggest.stat().st_size, biggest.relative_to(folder).as_posix(), len(pages), sum(p.stat().st_size for p in pages)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7, help="measured pairs on the shipped data (default 7)")
    ap.add_argument("--province", action="store_true", help="also build the province bench's site")
    ap.add_argument("--province-runs", type=int, default=1)
    ap.add_argument("--rev", default=None, help="measure git revision REV instead of the working tree")
    ap.add_argument("--no-bytecode-cache", action="store_true")
    args = ap.parse_args(argv)
    src, described = code_source(args.rev)
    env, how = child_env(not args.no_bytecode_cache, src)
    print(f"minshi site benchmark — {described}; {how}\n{machine_line()}")

    data = REPO / "data"
    out = OUT / "site-shipped"
    commands = {
        "site (year, shipped data)": site_cmd(data, out),
        "report --month 2019-12 --format html": [PY, "-m", "minshi_cli", "--data", str(data), "report", "--month",
                                                 "2019-12", "--format", "html", *STAMP],
    }
    names = list(commands)
    wall: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, list[float]] = {n: [] for n in names}
    ratios, cpu_ratios = [], []
    for round_no in range(max(3, args.runs) + 1):  # round 0 warms the caches
        order = names if round_no % 2 else names[::-1]
        got = {}
        for name in order:
            r = run(commands[name], env=env)
            if r.returncode != 0:
                sys.exit(f"{name} failed ({r.returncode}):\n{r.stderr}")
            got[name] = r
        if round_no:
            for name in names:
                wall[name].append(got[name].seconds)
                cpu[name].append(got[name].cpu)
            ratios.append(got[names[0]].seconds / got[names[1]].seconds)
            cpu_ratios.append(got[names[0]].cpu / got[names[1]].cpu)
    rows = [[n, f"{median(wall[n]) * 1000:.0f} ms", f"{min(wall[n]) * 1000:.0f} ms", f"{median(cpu[n]) * 1000:.0f} ms"]
            for n in names]
    print(table(["command", "median", "min", "CPU"], rows))
    size, page, count, total = largest(out)
    print(f"site: {count} pages, {total / 1024:.0f} KB, largest {page} {size / 1024:.0f} KB")
    ratio = median(ratios)
    print(f"median of {len(ratios)} paired ratios (site / report): {ratio:.2f}x (CPU {median(cpu_ratios):.2f}x); "
          f"target <= {SHIPPED_LIMIT}x: {verdict(ratio <= SHIPPED_LIMIT)}")

    if args.province:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from areas_speed import make

        folder = OUT / "areas-300-130"
        make(folder, 300, 130)
        target = OUT / "site-province"
        times = []
        for _ in range(max(1, args.province_runs)):
            shutil.rmtree(target, ignore_errors=True)
            r = run(site_cmd(folder, target), env=env, timeout=900)
            if r.returncode != 0:
                sys.exit(f"province site failed ({r.returncode}):\n{r.stderr}")
            times.append(r)
        seconds = median([t.seconds for t in times])
        size, page, count, total = largest(target)
        print(f"province (300 indicators x 130 areas x 12 months): site {seconds:.1f} s wall, "
              f"{median([t.cpu for t in times]):.1f} s CPU, peak {max(t.peak_mb for t in times):.0f} MB; "
              f"{count} pages, {total / 1024 / 1024:.1f} MB; largest {page} {size / 1024:.0f} KB")
        print(f"  under {PROVINCE_SECONDS:.0f} s: {verdict(seconds < PROVINCE_SECONDS)}; "
              f"largest page under 2 MB: {verdict(size < PAGE_LIMIT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
