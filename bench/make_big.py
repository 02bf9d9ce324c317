"""Generate a large, valid data folder for benchmarks.

    python bench/make_big.py N OUTDIR [--seed S] [--source DATA_DIR]

Writes ``OUTDIR/projects.yaml`` (the shipped registry's 16 projects copied over and over, with
new project ``seq`` numbers and new indicator ids such as ``1-0001``, ``5a-0001``, until there are
exactly N indicators) and twelve monthly files ``OUTDIR/progress/2019-01.csv`` .. ``2019-12.csv``
with one row per indicator (``indicator,value,reporter,note``) -> 12 * N rows.

The data is plausible and deterministic (fixed seed):

* cumulative indicators: values grow month by month (never decrease) towards a per-indicator
  pace of 0.85-1.3 x the target, integers unless the target has decimals (11.2 公里 -> 0.1 steps);
* threshold indicators: ~95 % of the standard, raised to the standard in a random month (January-July);
* reporter is always the project's responsible unit (no ``unexpected-reporter`` warnings);
* notes: most rows where the indicator is behind the time progress carry a reason (about 1 in 10
  does not, so ``check`` has some ``missing-reason`` warnings to report), plus some progress notes
  elsewhere; one note in the pool contains an ASCII comma, so the CSV has quoted cells as Excel
  would write them.

So ``minshi check`` on the result finds no errors, only a realistic number of warnings.

Only the standard library, numpy (a pandas dependency) and PyYAML are used; the YAML is written
as text directly and the CSVs with the csv module (N=20000, 240,000 rows: about a second).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import yaml

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO / "data"
SEED = 20190101

NOTES_BEHIND = [
    "受天气影响进度滞后，已实行周调度",
    "资金已到位，正在加快施工",
    "已约谈责任单位，下月可赶上序时进度",
    "项目前期手续办理中，预计下月开工",
    "供货不足，已新增供货厂家",
    "材料涨价, 正在重新招标",  # an ASCII comma: the csv module quotes this cell, as Excel does
]
NOTES_OTHER = [
    "按计划推进",
    "已完成本月任务",
    "数据已经单位负责人审核",
    "本月新增较多，系集中验收",
]


def _yaml_str(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(str(text), ensure_ascii=False)


def _rule_value(v) -> str:
    """A rules value as YAML: a number, a text, or a list/mapping (escalation) in flow style."""
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)  # JSON is YAML's flow style
    return _yaml_num(v) if isinstance(v, (int, float)) else _yaml_str(v)


def _yaml_num(x) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def _decimals(target: float) -> int:
    """Decimal places a value of this indicator is reported with (11.2 -> 1, 8950 -> 0)."""
    for d in range(0, 4):
        if math.isclose(round(target, d), target, rel_tol=0, abs_tol=1e-9):
            return d
    return 3


def build_indicators(source: dict, n: int) -> tuple[list[dict], list[dict]]:
    """(projects, indicators) of the grown registry: copies of ``source``'s projects, in order,
    until there are exactly ``n`` indicators (the last copy may be cut short)."""
    base = source["projects"]
    per_set = sum(len(p["indicators"]) for p in base)
    copies = max(1, math.ceil(n / per_set))
    width = max(4, len(str(copies)))
    projects: list[dict] = []
    indicators: list[dict] = []
    seq = 0
    for k in range(1, copies + 1):
        for p in base:
            if len(indicators) >= n:
                break
            seq += 1
            inds = []
            for i in p["indicators"]:
                if len(indicators) >= n:
                    break
                new = dict(i, id=f"{i['id']}-{k:0{width}d}")
                new["_unit"] = p["unit"]
                inds.append(new)
                indicators.append(new)
            projects.append(dict(p, seq=seq, _copy=k, indicators=inds))
    return projects, indicators


def registry_text(source: dict, projects: list[dict], n: int) -> str:
    year = source["year"]
    out = [
        f"# 基准测试用登记表：由 bench/make_big.py 生成（{n} 个指标，{len(projects)} 个项目），",
        "# 为 data/projects.yaml 中 16 个项目的重复拷贝，项目序号与指标编号重新编排。",
        f"year: {year}",
        f"final_month: {source.get('final_month', f'{year}-12')}",
    ]
    rules = source.get("rules") or {}
    if rules:
        out.append("rules:")
        out.extend(f"  {k}: {_rule_value(v)}" for k, v in rules.items())
    out.append("projects:")
    for p in projects:
        persons = p.get("persons") or {}
        out.append(f"  - seq: {p['seq']}")
        out.append(f"    name: {_yaml_str(p['name'])}")
        for key in ("level", "category", "task", "lead", "unit"):
            if key in p and p[key] is not None:
                out.append(f"    {key}: {_yaml_str(p[key])}")
        out.append(f"    persons: {{office: {_yaml_str(persons.get('office', ''))}, unit: {_yaml_str(persons.get('unit', ''))}}}")
        out.append(f"    related: [{', '.join(_yaml_str(r) for r in p.get('related') or [])}]")
        out.append("    indicators:")
        for i in p["indicators"]:
            fields = [f"id: {_yaml_str(i['id'])}", f"name: {_yaml_str(i['name'])}",
                      f"target: {_yaml_num(i['target'])}", f"unit: {_yaml_str(i['unit'])}",
                      f"kind: {i['kind']}"]
            if i.get("due"):
                fields.append(f"due: {_yaml_str(i['due'])}")
            out.append(f"      - {{{', '.join(fields)}}}")
    return "\n".join(out) + "\n"


def progress_values(indicators: list[dict], rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(values as text, n x 12; behind time progress, n x 12 bool)."""
    n = len(indicators)
    target = np.array([float(i["target"]) for i in indicators])
    cumulative = np.array([i["kind"] == "cumulative" for i in indicators])
    decimals = np.array([_decimals(t) for t in target])
    scale = 10.0 ** decimals

    # cumulative: random non-negative monthly increments -> non-decreasing shares of a pace
    inc = rng.gamma(2.0, 1.0, size=(n, 12))
    share = np.cumsum(inc, axis=1) / inc.sum(axis=1, keepdims=True)
    pace = rng.uniform(0.85, 1.3, size=(n, 1))
    cum = np.floor(target[:, None] * share * pace * scale[:, None] + 1e-9) / scale[:, None]
    cum = np.maximum.accumulate(cum, axis=1)  # belt and braces: never decreasing

    # threshold: a lower level in force, raised to the standard from a random month on
    low = np.floor(target * 0.95)
    raise_at = rng.integers(1, 8, size=n)  # month number from which the standard applies
    months = np.arange(1, 13)
    thr = np.where(months[None, :] >= raise_at[:, None], target[:, None], low[:, None])

    values = np.where(cumulative[:, None], cum, thr)
    p = months / 12.0
    behind = np.where(cumulative[:, None], values / target[:, None] < p[None, :] - 1e-9,
                      values < target[:, None])

    text = np.empty((n, 12), dtype=object)
    for d in np.unique(decimals):
        rows = decimals == d
        fmt = "{:.%df}" % d
        text[rows] = np.vectorize(fmt.format, otypes=[object])(values[rows])
    return text, behind


def notes(behind: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    n, m = behind.shape
    pick_behind = np.array(NOTES_BEHIND, dtype=object)[rng.integers(0, len(NOTES_BEHIND), size=(n, m))]
    pick_other = np.array(NOTES_OTHER, dtype=object)[rng.integers(0, len(NOTES_OTHER), size=(n, m))]
    u = rng.random((n, m))
    out = np.full((n, m), "", dtype=object)
    out[behind & (u < 0.9)] = pick_behind[behind & (u < 0.9)]
    out[~behind & (u < 0.2)] = pick_other[~behind & (u < 0.2)]
    return out


def make_big(n: int, outdir: Path, seed: int = SEED, source_dir: Path = DEFAULT_SOURCE) -> dict:
    """Write the data folder; return a small summary."""
    if n < 1:
        raise ValueError("N must be at least 1")
    outdir = Path(outdir)
    if outdir.resolve() == source_dir.resolve() or outdir.resolve() == DEFAULT_SOURCE.resolve():
        raise ValueError(f"refusing to write into the source data folder {outdir}")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    source = yaml.load((source_dir / "projects.yaml").read_text(encoding="utf-8-sig"), Loader=loader)
    year = int(source["year"])

    projects, indicators = build_indicators(source, n)
    ids = [i["id"] for i in indicators]
    assert len(set(ids)) == len(ids), "indicator ids must be unique"
    assert len({p["seq"] for p in projects}) == len(projects), "project seq must be unique"

    progress = outdir / "progress"
    progress.mkdir(parents=True, exist_ok=True)
    for old in progress.glob(f"{year}-*.csv"):
        old.unlink()
    (outdir / "projects.yaml").write_text(registry_text(source, projects, n), encoding="utf-8")

    rng = np.random.default_rng(seed)
    values, behind = progress_values(indicators, rng)
    note = notes(behind, rng)
    units = [i["_unit"] for i in indicators]
    rows = 0
    for m in range(12):
        path = progress / f"{year}-{m + 1:02d}.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["indicator", "value", "reporter", "note"])
            w.writerows(zip(ids, values[:, m], units, note[:, m]))
        rows += n
    return {"indicators": n, "projects": len(projects), "rows": rows,
            "behind_rows": int(behind.sum()), "behind_without_note": int((behind & (note == "")).sum())}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="number of indicators (rows per monthly file)")
    ap.add_argument("outdir", type=Path, help="data folder to write (projects.yaml, progress/)")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="data folder whose projects.yaml is copied")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    try:
        info = make_big(args.n, args.outdir, args.seed, args.source)
    except ValueError as exc:
        print(f"make_big: {exc}", file=sys.stderr)
        return 2
    dt = time.perf_counter() - t0
    print(f"make_big: {info['indicators']} indicators in {info['projects']} projects, "
          f"{info['rows']} progress rows in 12 files -> {args.outdir} ({dt:.2f} s); "
          f"{info['behind_rows']} rows behind time progress, {info['behind_without_note']} of them without a note")
    return 0


if __name__ == "__main__":
    sys.exit(main())
