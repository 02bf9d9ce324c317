"""The inline SVG charts (minshi_cli/views/charts.py, docs/site.md) and the report's trend charts."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, strategies as st

from minshi_cli.views import charts
from tests.conftest import REPO

SVG = ""  # inline SVG in HTML carries no xmlns


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML, or this raises


def line(**kw) -> str:
    actual = charts.Series("累计完成", [0, 280, None, 1150], ["0个", "280个", "—", "1150个"], charts.ACTUAL)
    plan = charts.Series("按计划应完成", [332, 663, 995, 1327], ["332个", "663个", "995个", "1327个"], charts.PLANNED,
                         label_last=False)
    return charts.line_chart(["1月", "2月", "3月", "4月"], [plan, actual], title="改（新）建农村户用厕所", unit="单位：个", **kw)


def test_line_chart_carries_every_number_in_a_title_and_the_latest_as_a_label():
    root = parsed(line())
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert titles[0] == "改（新）建农村户用厕所"
    assert "1月累计完成：0个" in titles and "4月累计完成：1150个" in titles and "2月按计划应完成：663个" in titles
    assert not any("3月累计完成" in t for t in titles)  # no figure in March: a gap, no point
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "1150个" in texts  # the latest figure written beside its point
    assert "1327个" not in texts  # the planned line's last value is not labelled (label_last=False)
    assert {"1月", "2月", "3月", "4月", "累计完成", "按计划应完成", "单位：个"} <= set(texts)


def test_series_are_told_apart_by_dash_and_marker_not_colour_alone():
    root = parsed(line())
    paths = [p for p in root.iter(f"{SVG}path") if p.get("fill") == "none"]
    dashes = {p.get("stroke-dasharray") for p in paths}
    assert dashes == {None, "5 3"}  # the figure solid, the plan dashed
    assert len(list(root.iter(f"{SVG}circle"))) >= 3  # the figure's markers (plus its legend key)
    assert len(list(root.iter(f"{SVG}rect"))) >= 4  # the plan's square markers


def test_a_gap_breaks_nothing_and_a_series_without_values_draws_nothing():
    empty = charts.Series("累计完成", [None, None], ["—", "—"], charts.ACTUAL)
    root = parsed(charts.line_chart(["1月", "2月"], [empty], title="t"))
    assert [p for p in root.iter(f"{SVG}path") if p.get("fill") == "none"] == []


def test_text_from_the_data_is_escaped():
    hostile = '<script>alert(1)</script>"&\''
    svg = charts.label_strip(["1月"], [charts.Cell("滞后", "lagging", hostile)], title=hostile, chart_id="x")
    assert "<script>" not in svg
    root = parsed(svg)
    assert root.find(f"{SVG}title").text == hostile
    assert root.get("aria-label") == hostile


@pytest.mark.parametrize("lo, hi, expected", [(0, 3980, [0, 1000, 2000, 3000, 4000]), (0, 1, [0, 0.25, 0.5, 0.75, 1]),
                                              (0, 0, [0, 0.25, 0.5, 0.75, 1]), (3480, 3480, [3400, 3600, 3800, 4000, 4200]), (3000, 3480, [3000, 3200, 3400, 3600])])
def test_nice_ticks(lo, hi, expected):
    assert charts.nice_ticks(lo, hi) == expected


@given(st.floats(0, 1e7), st.floats(0, 1e7))
def test_ticks_cover_the_values(a, b):
    lo, hi = min(a, b), max(a, b)
    ticks = charts.nice_ticks(lo, hi)
    assert ticks[0] <= lo + 1e-9 and ticks[-1] >= hi - 1e-6 * max(hi, 1) and len(ticks) <= 12
    assert ticks == sorted(ticks)


def test_stacked_bars_write_each_count_and_name_each_status():
    stacks = [[charts.Cell("已完成", "done", "已完成2项"), charts.Cell("滞后", "lagging", "滞后3项")]]
    root = parsed(charts.stacked_bars(["1月"], stacks, [[2, 3]], title="各月", chart_id="i",
                                      legend=[charts.Cell("已完成", "done", ""), charts.Cell("滞后", "lagging", "")]))
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert "1月已完成2项" in titles and "1月滞后3项" in titles
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"2", "3", "已完成", "滞后"} <= set(texts)
    assert root.find(f"{SVG}defs/{SVG}pattern").get("id") == "i-lagging"  # hatching: told apart in grey


def test_bar_chart_marks_the_planned_share():
    root = parsed(charts.bar_chart(["东坡区", "彭山区"], [0.5, None], ["50.0%，滞后", "未报送"], ["lagging", "missing"],
                                   title="各地区", chart_id="a", reference=0.6, reference_text="计划进度60.0%"))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"东坡区", "彭山区", "50.0%，滞后", "未报送", "计划进度60.0%"} <= set(texts)
    assert len(root.findall(f"{SVG}g/{SVG}rect")) == 1  # no bar for an area without a figure


# --------------------------------------------------------------------------- in the HTML report


def test_report_draws_each_lagging_cumulative_indicator_against_its_plan(run):
    html = run("--data", REPO / "data", "report", "--month", "2019-06", "--format", "html",
               "--generated-at", "2019-07-05 09:00").stdout
    urging = html[html.index("、进度滞后事项</h2>"):html.index("、未报送情况</h2>")]
    charts_in = re.findall(r"<svg .*?</svg>", urging)
    # June: 10 urged indicators, of which 5a (a standard, 滞后) is not cumulative
    assert urging.count('<tbody class="entry">') == 10 and len(charts_in) == 9
    toilets = next(c for c in charts_in if "改（新）建农村户用厕所" in c)
    assert "<title>6月累计完成：1420个</title>" in toilets
    assert "<title>6月按计划应完成：1990个</title>" in toilets  # q(6)·T = 0.5 × 3980
    assert "<title>1月累计完成：0个</title>" in toilets and "7月" not in toilets
    assert "<script" not in html and "http://" not in html
    assert "<svg" not in html[:html.index("、进度滞后事项</h2>")]  # only the urging section draws


def test_markdown_report_has_no_chart(run):
    md = run("--data", REPO / "data", "report", "--month", "2019-06").stdout
    assert "<svg" not in md


def test_no_planned_line_where_the_evaluation_has_no_planned_share():
    from minshi_cli.views.kind_wording import WORDING
    from minshi_cli.core.model import Indicator
    from minshi_cli.views import trends

    class Year:
        labels = ["1月", "2月"]
        months = ["2019-01", "2019-02"]

        def of(self, _id, column):
            return {"value": [1.0, 2.0], "planned": [float("nan"), None]}[column]

    ind = Indicator("7", 1, "厕所", 10.0, "个", "cumulative", None, 1)
    svg = trends.CHARTS[WORDING[ind.kind].chart](Year(), ind, trends.SMALL, "c")
    assert "按计划应完成" not in svg and "与计划进度" not in svg and "累计完成" in svg


def test_help_and_status_do_not_import_the_charts_and_report_does():
    code = ("import sys\nfrom minshi_cli.cli import main\n"
            "for argv in ({argv}):\n"
            "    try:\n        main(argv)\n    except SystemExit:\n        pass\n"
            "print(sorted(m for m in ('minshi_cli.views.charts', 'minshi_cli.views.trends', 'minshi_cli.yearsite')"
            " if m in sys.modules))")
    quiet = (["--help"], ["--data", "data", "status"], ["site", "--help"], ["--data", "data", "report", "--month", "2019-06"])
    out = subprocess.run([sys.executable, "-c", code.format(argv=", ".join(map(repr, quiet)))],
                         capture_output=True, text=True, cwd=REPO, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
    drawn = (["--data", "data", "report", "--month", "2019-06", "--format", "html"],)
    out = subprocess.run([sys.executable, "-c", code.format(argv=", ".join(map(repr, drawn)) + ",")],
                         capture_output=True, text=True, cwd=REPO, check=True).stdout
    assert out.strip().splitlines()[-1] == "['minshi_cli.views.charts', 'minshi_cli.views.trends']"


def test_whole_number_ticks_for_counts():
    assert charts.nice_ticks(0, 1, integer=True) == [0, 1]
    assert charts.nice_ticks(0, 3, integer=True) == [0, 1, 2, 3]
    assert charts.nice_ticks(0, 3980, integer=True) == [0, 1000, 2000, 3000, 4000]


@pytest.mark.parametrize("folder, month, area", [("data", "2019-12", None), ("examples/city-areas", "2019-04", None),
                                                 ("examples/city-areas", "2019-04", "丹棱县")])
def test_report_year_from_one_evaluation_is_the_month_by_month_year(folder, month, area):
    """The report draws from one evaluation's grids; the site from each month's evaluation: the same
    figures of record and planned shares."""
    import numpy as np

    from minshi_cli.core.dataset import load
    from minshi_cli.core.year import Year
    from minshi_cli.views import trends

    year = Year.of(load(REPO / folder, warnings=False))
    year = year.for_area(area) if area is not None else year
    months = year.evaluations(month)
    one = trends.YearSoFar.as_of(months[-1], year.first_month)
    loop = trends.YearSoFar(months)
    assert one.months == loop.months and one.labels == loop.labels
    for column in ("value", "planned"):
        assert np.allclose(one.grid(column).astype(float), loop.grid(column).astype(float), equal_nan=True), column
