"""How the report's charts are drawn, chosen by measurement (README, 图表): minshi's own
``views/charts.py`` against pygal and matplotlib (``svg.fonttype: none``, text kept as text).

    python bench/charts_choice.py [--python OTHER_PYTHON]

Draws the same chart — 改（新）建农村户用厕所's figure of record January to June against its
planned line, CJK labels — with each, and reports: import time (median of 7 fresh interpreters,
``-X importtime`` total of the top-level import), the time to draw one chart, the SVG's size, and
whether the CJK labels are SVG text (``<text>`` holding 累计完成) rather than paths.  pygal and
matplotlib are not dependencies: they are measured in ``--python``'s environment where installed
(``pip install pygal matplotlib`` into a scratch venv), and skipped otherwise.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MONTHS = ["1月", "2月", "3月", "4月", "5月", "6月"]
ACTUAL = [0, 180, 420, 780, 1100, 1420]
PLANNED = [332, 663, 995, 1327, 1658, 1990]

OWN = f"""
import sys; sys.path.insert(0, {str(REPO)!r})
from minshi_cli.views import charts
def draw():
    a = charts.Series("累计完成", ACTUAL, [f"{{v:,}}个" for v in ACTUAL], charts.ACTUAL)
    p = charts.Series("计划进度", PLANNED, [f"{{v:,}}个" for v in PLANNED], charts.PLANNED, label_last=False)
    return charts.line_chart(MONTHS, [p, a], title="改（新）建农村户用厕所：累计完成与计划进度", unit="个")
"""
PYGAL = """
import pygal
def draw():
    chart = pygal.Line(width=420, height=150, show_legend=True, legend_at_bottom=True, disable_xml_declaration=True,
                       js=[], title="改（新）建农村户用厕所：累计完成与计划进度")
    chart.x_labels = MONTHS
    chart.add("累计完成", ACTUAL)
    chart.add("计划进度", PLANNED, stroke_style={"dasharray": "5, 3"})
    return chart.render(is_unicode=True)
"""
MPL = """
import io
import matplotlib
matplotlib.use("svg")
import matplotlib.pyplot as plt
matplotlib.rcParams["svg.fonttype"] = "none"
matplotlib.rcParams["font.family"] = ["Noto Sans CJK SC", "sans-serif"]
def draw():
    fig, ax = plt.subplots(figsize=(4.2, 1.5))
    ax.plot(MONTHS, ACTUAL, marker="o", label="累计完成")
    ax.plot(MONTHS, PLANNED, linestyle="--", marker="s", label="计划进度")
    ax.set_title("改（新）建农村户用厕所：累计完成与计划进度")
    ax.legend()
    out = io.StringIO()
    fig.savefig(out, format="svg")
    plt.close(fig)
    return out.getvalue()
"""
MEASURE = """
import time
t = time.perf_counter(); svg = draw(); first = time.perf_counter() - t
t = time.perf_counter()
for _ in range(20): svg = draw()
each = (time.perf_counter() - t) / 20
import re
text_cjk = bool(re.search(r"<text[^>]*>[^<]*累计完成", svg)) or "累计完成</tspan>" in svg
print(len(svg.encode()), round(each * 1000, 2), text_cjk, "<title" in svg, "stroke-dasharray" in svg)
"""
#: what every minshi command has imported before a chart is drawn (click, jinja2 and pandas too, by then):
#: only what a library adds on top of it is counted
PREAMBLE = "import re, typing, io; "
IMPORTS = {"own": PREAMBLE + "import sys; sys.path.insert(0, %r); import minshi_cli.views.charts" % str(REPO),
           "pygal": PREAMBLE + "import pygal",
           "matplotlib": PREAMBLE + "import matplotlib; matplotlib.use('svg'); import matplotlib.pyplot"}
CODE = {"own": OWN, "pygal": PYGAL, "matplotlib": MPL}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--python", default=sys.executable, help="an interpreter with pygal and matplotlib installed")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args(argv)
    data = f"MONTHS={MONTHS!r}\nACTUAL={ACTUAL!r}\nPLANNED={PLANNED!r}\n"
    print("library     import ms   draw ms   SVG bytes   CJK as <text>   <title>   dashes")
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(REPO / "bench" / "out" / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = subprocess.run([args.python, "-X", "importtime", "-c", PREAMBLE], capture_output=True, text=True, env=env)
    already = {line.split("|")[2].strip() for line in start.stderr.splitlines() if line.startswith("import time:")}
    for name, code in CODE.items():
        times = []
        for _ in range(args.runs):
            subprocess.run([args.python, "-c", IMPORTS[name]], capture_output=True, env=env)  # writes the bytecode cache
            probe = subprocess.run([args.python, "-X", "importtime", "-c", IMPORTS[name]], capture_output=True, text=True, env=env)
            if probe.returncode != 0:
                break
            total = sum(int(line.split("|")[1]) for line in probe.stderr.splitlines()
                        if line.startswith("import time:") and line.split("|")[2].rstrip() and
                        not line.split("|")[2].startswith("  ") and line.split("|")[1].strip().isdigit()
                        and line.split("|")[2].strip() not in already)
            times.append(total / 1000)
        if not times:
            print(f"{name:<10}  not installed in {args.python}")
            continue
        out = subprocess.run([args.python, "-c", data + code + MEASURE], capture_output=True, text=True, env=env)
        if out.returncode != 0:
            print(f"{name:<10}  failed: {out.stderr.strip().splitlines()[-1]}")
            continue
        size, each, cjk, title, dash = out.stdout.split()
        print(f"{name:<10}  {statistics.median(times):9.1f}   {float(each):7.2f}   {int(size):9,}   {cjk:<14}  {title:<8}  {dash}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
