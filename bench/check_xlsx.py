"""``minshi check`` on workbooks vs the same data as CSV (issue 10: within 2x).

    python bench/check_xlsx.py [--pairs 15] [--rev REV] [--no-bytecode-cache]

The shipped year (data/progress/2019-01.csv … 2019-12.csv) is laid out the way units return it:
one file per main responsible unit per month, ``progress/YYYY-MM/{unit}-YYYY-MM.xlsx`` — each the
unit's ``minshi template`` form (title rows, locked reference columns) with 累计完成 and 备注
filled in with openpyxl — and, for comparison, the very same forms as CSV
(``minshi template --format csv``, filled the same way).  12 months x 11 units = 132 files each.

Then ``python -m minshi_cli --data D check`` is run on each folder in pairs (one CSV run and one
workbook run per pair, the order alternating), after a warm-up pair; each run a fresh subprocess.
Prints each side's median and the median of the per-pair ratios (workbook / CSV); target <= 2x.
Both folders must check clean (exit 0): the same problems, two warnings, are found in both.
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import sys
from pathlib import Path

from _util import OUT, PY, REPO, child_env, code_source, machine_line, median, rotated, run, table, verdict

TARGET = 2.0


def build(src: Path) -> tuple[Path, Path]:
    """The two data folders under bench/out (rebuilt every time: they are cheap)."""
    sys.path.insert(0, str(src))
    import openpyxl

    from minshi_cli.core.dataset import load
    from minshi_cli.office.template_xlsx import write
    from minshi_cli.views.template import csv_bytes, forms

    data = load(REPO / "data")
    registry = data.registry
    roots = {}
    for kind in ("csv", "xlsx"):
        root = OUT / f"check_xlsx-{kind}"
        shutil.rmtree(root, ignore_errors=True)
        (root / "progress").mkdir(parents=True)
        shutil.copy(REPO / "data" / "projects.yaml", root / "projects.yaml")
        roots[kind] = root
    for month in data.months:
        shipped = {r["indicator"]: r for r in csv.DictReader(io.StringIO(
            (REPO / "data" / "progress" / f"{month}.csv").read_text(encoding="utf-8-sig")))}
        for kind, root in roots.items():
            (root / "progress" / month).mkdir()
        for form in forms(registry, data.records, month):
            # csv: the template's CSV with 累计完成 and 备注 filled in
            rows = list(csv.reader(io.StringIO(csv_bytes(form).decode("utf-8-sig"))))
            for row in rows[1:]:
                got = shipped.get(row[0], {})
                row[6], row[7] = got.get("value", ""), got.get("note", "")
            with (roots["csv"] / "progress" / month / form.file_name(".csv")).open("w", encoding="utf-8-sig",
                                                                                   newline="") as out:
                csv.writer(out, lineterminator="\r\n").writerows(rows)
            # xlsx: the template's workbook, filled in with openpyxl as a unit's Excel would
            book = openpyxl.load_workbook(io.BytesIO(write(form)))
            sheet = book.active
            for r in range(4, sheet.max_row + 1):
                got = shipped.get(sheet.cell(r, 1).value)
                if got and got["value"]:
                    sheet.cell(r, 7).value = float(got["value"])
                    sheet.cell(r, 8).value = got["note"] or None
            book.save(roots["xlsx"] / "progress" / month / form.file_name(".xlsx"))
    return roots["csv"], roots["xlsx"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=int, default=15, help="measured pairs (default 15, at least 5)")
    ap.add_argument("--rev", default=None, help="measure this git revision instead of the working tree")
    ap.add_argument("--no-bytecode-cache", action="store_true", help="run children in the inherited environment")
    args = ap.parse_args(argv)
    src, what = code_source(args.rev)
    env, how = child_env(not args.no_bytecode_cache, src)
    csv_dir, xlsx_dir = build(src)
    files = {k: sum(1 for _ in d.glob("progress/*/*")) for k, d in (("csv", csv_dir), ("xlsx", xlsx_dir))}
    commands = {k: [PY, "-m", "minshi_cli", "--data", str(d), "check"] for k, d in (("csv", csv_dir), ("xlsx", xlsx_dir))}
    print(f"# check: workbooks vs CSV\n{machine_line()}\ncode: {what}; {how}\n"
          f"data: the shipped year, one file per unit per month ({files['csv']} CSV, {files['xlsx']} xlsx)\n")
    for k, cmd in commands.items():  # warm-up, and both must check clean
        r = run(cmd, env=env)
        if r.returncode != 0:
            print(f"{k}: check exited {r.returncode}:\n{r.stderr}")
            return 1
    times = {"csv": [], "xlsx": []}
    ratios = []
    for k in range(max(5, args.pairs)):
        pair = {}
        for name in rotated(["csv", "xlsx"], k):
            pair[name] = run(commands[name], env=env).seconds
            times[name].append(pair[name])
        ratios.append(pair["xlsx"] / pair["csv"])
    ratio = median(ratios)
    print(table(["command", "median", "min"],
                [[f"check, {files['csv']} CSV files", f"{median(times['csv']) * 1000:.0f} ms", f"{min(times['csv']) * 1000:.0f} ms"],
                 [f"check, {files['xlsx']} xlsx files", f"{median(times['xlsx']) * 1000:.0f} ms", f"{min(times['xlsx']) * 1000:.0f} ms"]]))
    print(f"\nmedian of {len(ratios)} paired ratios (xlsx / csv): {ratio:.2f}x  target <= {TARGET:.0f}x  {verdict(ratio <= TARGET)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
