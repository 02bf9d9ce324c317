"""The whole of an area-split cumulative indicator against a plain oracle from docs/areas.md
("全市由各地区得出"): as of month m the whole's value is the sum over areas of each area's latest
figure at or before m (a silent area's earlier figure carried, an area that never reported adds 0);
an area that reached its own target and then fell silent counts as reported ("完成了就是完成了");
`areas_missing` counts the areas with no figure in m; the whole is missing only when none has one."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import write

AREAS = {"东区": 50, "西区": 30, "南区": 20, "北区": 40}
MONTHS = 4


def registry(names: list[str]) -> str:
    targets = ", ".join(f"{a}: {AREAS[a]}" for a in names)
    return f"""\
year: 2019
final_month: 2019-12
levels: {{city: 市级}}
areas: [{", ".join(names)}]
projects:
  - seq: 1
    name: 就业
    level: city
    unit: 人社局
    indicators:
      - {{id: "1", name: 新增就业, kind: cumulative, target: {sum(AREAS[a] for a in names)}, unit: 人, areas: {{{targets}}}}}
"""


@st.composite
def progress(draw):
    """Area names (3 or 4) and, per area, its figure in each month 1..MONTHS or None (silent);
    each area's figures never decrease."""
    names = list(AREAS)[: draw(st.integers(3, 4))]
    figures = {}
    for a in names:
        said = draw(st.lists(st.booleans(), min_size=MONTHS, max_size=MONTHS))
        steps = iter(sorted(draw(st.lists(st.integers(0, 60), min_size=sum(said), max_size=sum(said)))))
        figures[a] = [next(steps) if s else None for s in said]
    return names, figures


def oracle(names: list[str], figures: dict[str, list], m: int) -> tuple[float, bool, int]:
    """(the whole's value, whether the whole is missing, areas_missing) as of month m (1-based)."""
    total = 0
    missing_areas = 0
    for a in names:
        earlier = [v for v in figures[a][:m] if v is not None]
        latest = earlier[-1] if earlier else 0
        total += latest
        reported_now = figures[a][m - 1] is not None
        done_before = bool(earlier) and latest >= AREAS[a]
        if not (reported_now or done_before):
            missing_areas += 1
    return total, missing_areas == len(names), missing_areas


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=progress(), m=st.integers(1, MONTHS))
def test_the_whole_of_a_split_cumulative_indicator_follows_its_areas(run, drawn, m):
    names, figures = drawn
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        write(data / "projects.yaml", registry(names))
        (data / "progress").mkdir()
        for month in range(1, MONTHS + 1):
            rows = [f"1,{a},{figures[a][month - 1]}," for a in names if figures[a][month - 1] is not None]
            if rows:
                write(data / "progress" / f"2019-{month:02d}.csv", "\n".join(["指标,地区,累计完成,备注", *rows]) + "\n")
        r = run("--data", data, "status", "--as-of", f"2019-{m:02d}", "--format", "json")
        assert r.exit_code in (0, 1), r.output
        (one,) = json.loads(r.stdout)["indicators"]
    value, missing, areas_missing = oracle(names, figures, m)
    assert one["areas_missing"] == areas_missing
    assert (one["status"] == "missing") == missing
    if missing:
        assert one["value"] is None
    else:
        assert one["value"] == value
