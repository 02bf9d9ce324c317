"""Random registries of every kind with random progress never crash `check`, `status` or `report`:
each run exits 0 or 1 (never a traceback), `check --format json` is well formed, and data that
`check` passes is accepted by `status` and `report`."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minshi_cli.core.kinds import KINDS
from tests.conftest import write

YEAR = 2020
STAGE_NAMES = ["立项", "开工", "主体完工", "投入使用"]
WORDS = ["已完成", "序时推进", "正常推进", "滞后", "严重滞后", "未完成", "on_track"]


@st.composite
def indicator(draw, n: int) -> tuple[dict, str]:
    kind = draw(st.sampled_from(sorted(KINDS)))
    spec = {"id": f"i{n}", "name": f"指标{n}", "kind": kind}
    if kind in ("cumulative", "threshold", "ceiling"):
        spec["target"] = draw(st.sampled_from([1, 2, 4.3, 95, 100, 2836]))
        spec["unit"] = draw(st.sampled_from(["个", "%", "人", "元/年"]))
        if draw(st.booleans()):
            spec["due"] = f"{YEAR}-{draw(st.integers(1, 12)):02d}"
        if kind == "cumulative" and draw(st.booleans()):
            months = sorted(draw(st.sets(st.integers(1, 12), min_size=1, max_size=3)))
            values = sorted(draw(st.lists(st.integers(0, 100), min_size=len(months), max_size=len(months))))
            spec["plan"] = {f"{YEAR}-{m:02d}": spec["target"] * v / 100 for m, v in zip(months, values)}
    elif kind == "milestone":
        count = draw(st.integers(1, 3))
        dues = sorted(draw(st.lists(st.integers(1, 12), min_size=count, max_size=count)))
        spec["stages"] = [{"name": STAGE_NAMES[i], "due": f"{YEAR}-{d:02d}"} for i, d in enumerate(dues)]
    elif kind == "qualitative":
        spec["target"] = "应保尽保"
        if draw(st.booleans()):
            spec["due"] = f"{YEAR}-{draw(st.integers(1, 12)):02d}"
    return spec, kind


def value_for(draw, kind: str) -> str:
    valid = {
        "cumulative": st.integers(0, 3000).map(str), "threshold": st.sampled_from(["94.5", "95%", "3480"]),
        "ceiling": st.sampled_from(["4.2", "4.5%", "0"]), "milestone": st.sampled_from(["0", "未开工", "1", "开工", "已立项"]),
        "qualitative": st.sampled_from(WORDS), "ongoing": st.sampled_from(["", "常态化开展", *WORDS]),
    }[kind]
    junk = st.sampled_from(["", "八千", "-1", "竣工", "差不多", "1,2", "NaN", "９５％"])
    return draw(st.one_of(valid, valid, junk))


@st.composite
def dataset(draw):
    indicators = []
    projects = []
    for p in range(1, draw(st.integers(1, 3)) + 1):
        inds = [draw(indicator(len(indicators) + k)) for k in range(draw(st.integers(1, 3)))]
        indicators += inds
        projects.append({"seq": p, "name": f"项目{p}", "level": "county", "unit": f"单位{p}",
                         "indicators": [spec for spec, _ in inds]})
    registry = {"year": YEAR, "final_month": f"{YEAR}-12", "title": "民生实事", "levels": {"county": "县级"},
                "projects": projects}
    months = sorted(draw(st.sets(st.integers(1, 12), min_size=1, max_size=4)))
    files = {}
    for m in months:
        rows = ["指标编号,累计完成,备注"]
        for spec, kind in indicators:
            if draw(st.integers(0, 4)):
                rows.append(f"{spec['id']},{value_for(draw, kind)},")
        files[f"{YEAR}-{m:02d}"] = "\n".join(rows) + "\n"
    return registry, files


@settings(max_examples=int(__import__("os").environ.get("MINSHI_PROPERTY_EXAMPLES", "40")), suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(dataset())
def test_random_registries_and_progress_never_crash(run, case):
    registry, files = case
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        write(data / "projects.yaml", json.dumps(registry, ensure_ascii=False))  # JSON is YAML
        for month, text in files.items():
            write(data / "progress" / f"{month}.csv", text)
        checked = run("--data", data, "check", "--format", "json")
        assert checked.exit_code in (0, 1), checked.output
        doc = json.loads(checked.stdout)
        assert doc["errors"] == sum(p["severity"] == "error" for p in doc["problems"])
        latest = max(files)
        for args in (["status", "--format", "json"], ["status"], ["report", "--month", latest],
                     ["report", "--month", latest, "--format", "html"]):
            r = run("--data", data, *args)
            assert r.exit_code in (0, 1), (args, r.output)
            if doc["errors"] == 0:
                assert r.exit_code == 0, (args, r.stderr)
        if doc["errors"] == 0:
            status = json.loads(run("--data", data, "status", "--format", "json").stdout)
            assert sum(status["summary"].values()) == len(status["indicators"])


# --- values against an oracle -------------------------------------------------------------------
# The rules of docs/kinds.md written again, plainly, one indicator at a time: the status and the
# rate that `status --format json` gives must be these.  Figures near a boundary (within 1e-6)
# are left out: which side an exact tie falls on is pinned by tests/test_rules.py.

ORACLE_STAGES = ["立项", "开工", "投入使用"]


def oracle(kind: str, value: float, target: float, m: int, due: int, tol: float, stages: list[int],
           grace: int) -> tuple[str, float | None]:
    """(status, rate) by docs/kinds.md's table, first match wins."""
    if kind == "milestone":
        n, k = len(stages), int(value)
        rate = k / n
        if k == n:
            return "done", rate
        nxt = stages[k]
        if m >= stages[-1] or m - nxt >= grace:
            return "behind", rate
        expected = sum(1 for d in stages if d <= m)
        return ("on_track" if k >= expected else "lagging"), rate
    rate = value / target
    if value >= target:
        return "done", rate
    if m >= due:
        return "behind", rate
    if kind == "threshold":
        return "lagging", rate
    planned = min(m / due, 1.0)
    if rate >= planned:
        return "on_track", rate
    return ("lagging" if rate >= planned - tol else "behind"), rate


def _near_a_boundary(kind, value, target, m, due, tol) -> bool:
    if kind == "milestone":
        return False
    r, q = value / target, min(m / due, 1.0)
    return any(abs(x) < 1e-6 for x in (value - target, r - q, r - (q - tol)))


@st.composite
def one_indicator(draw):
    kind = draw(st.sampled_from(["cumulative", "threshold", "milestone"]))
    m = draw(st.integers(1, 12))
    tol = draw(st.sampled_from([0.05, 0.10, 0.2]))
    grace = draw(st.integers(1, 3))
    if kind == "milestone":
        n = draw(st.integers(1, 3))
        stages = sorted(draw(st.lists(st.integers(1, 12), min_size=n, max_size=n)))
        value = draw(st.integers(0, n))
        return kind, float(value), float("nan"), m, stages[-1], tol, stages, grace
    target = draw(st.sampled_from([4.0, 95.0, 100.0, 2836.0, 8950.0]))
    due = draw(st.one_of(st.integers(1, 12), st.integers(m, 12)))
    # anywhere, or near the planned line (where on_track, lagging and behind part)
    near = st.sampled_from([-0.4, -0.3, -0.22, -0.17, -0.12, -0.08, -0.04, -0.02, 0.01, 0.05]).map(
        lambda d: int(target * max(min(m / due, 1.0) + d, 0.0)))
    value = draw(st.one_of(st.integers(0, int(target * 1.3)), near))
    return kind, float(value), target, m, due, tol, [], grace


@settings(max_examples=int(__import__("os").environ.get("MINSHI_PROPERTY_EXAMPLES", "40")),
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], deadline=None)
@given(one_indicator())
def test_status_and_rate_agree_with_the_rules_written_plainly(run, case):
    from hypothesis import assume

    kind, value, target, m, due, tol, stages, grace = case
    assume(not _near_a_boundary(kind, value, target, m, due, tol))
    spec = {"id": "x", "name": "指标", "kind": kind}
    if kind == "milestone":
        spec["stages"] = [{"name": ORACLE_STAGES[i], "due": f"{YEAR}-{d:02d}"} for i, d in enumerate(stages)]
    else:
        spec.update(target=target, unit="个", due=f"{YEAR}-{due:02d}")
    registry = {"year": YEAR, "final_month": f"{YEAR}-12", "levels": {"county": "县级"},
                "rules": {"lag_tolerance": tol, "milestone_grace": grace},
                "projects": [{"seq": 1, "name": "项目", "level": "county", "unit": "单位", "indicators": [spec]}]}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        write(data / "projects.yaml", json.dumps(registry, ensure_ascii=False))
        write(data / "progress" / f"{YEAR}-{m:02d}.csv", f"指标编号,累计完成,备注\nx,{value:g},说明\n")
        r = run("--data", data, "status", "--as-of", f"{YEAR}-{m:02d}", "--format", "json")
        assert r.exit_code == 0, r.output
        got = json.loads(r.stdout)["indicators"][0]
    status, rate = oracle(kind, value, target, m, due, tol, stages, grace)
    assert got["status"] == status, (case, got)
    assert got["rate"] == pytest.approx(rate, rel=1e-9), (case, got)
