"""docs/rules.md: every status boundary, pinned."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from minshi_cli.core.registry import load_registry
from minshi_cli.core import kinds
from minshi_cli.core.rules import Cells, evaluate, status_of
from minshi_cli.core.statuses import KEYS
from tests.conftest import DATA

TOL = 0.10


def one(kind, value, target, month, due=12, tol=TOL):
    return status_of(kind, value, target, month, due, tolerance=tol)


@pytest.mark.parametrize("value,month,expected", [
    (4475, 6, "on_track"),        # r exactly p (0.5)
    (4474, 6, "lagging"),         # just under p
    (3580, 6, "lagging"),         # r exactly p - tolerance (0.4)
    (3579, 6, "behind"),          # just under p - tolerance
    (8950, 6, "done"),            # r = 1
    (9000, 3, "done"),            # r > 1
    (8950, 12, "done"),
    (8949, 12, "behind"),         # 99.99% at the final month: due and unfinished (docs/kinds.md)
    (8054, 11, "lagging"),        # 90.0% in November: exactly p - tolerance (11/12 - 0.1 = 0.8167)
    (0, 1, "lagging"),            # 0 < 1/12 - 0.1 is false: 0 >= -0.0167
    (0, 2, "behind"),
    (math.nan, 6, "missing"),
])
def test_cumulative_boundaries(value, month, expected):
    assert one("cumulative", value, 8950, month) == expected


@pytest.mark.parametrize("value,month,expected", [
    (5.6, 6, "on_track"),   # decimal target: 5.6 / 11.2 is exactly time progress
    (4.48, 6, "lagging"),   # exactly p - tolerance (0.4) in decimals
    (4.47, 6, "behind"),
    (11.2, 12, "done"),
    (11.3, 12, "done"),
])
def test_decimal_target(value, month, expected):
    assert one("cumulative", value, 11.2, month) == expected


@pytest.mark.parametrize("value,month,due,expected", [
    (3480, 1, 12, "done"),       # met
    (3600, 6, 12, "done"),       # above the floor
    (3300, 6, 12, "lagging"),    # unmet before its due month
    (3300, 12, 12, "behind"),    # unmet in the due month
    (3300, 6, 6, "behind"),      # unmet at its own due month
    (3300, 7, 6, "behind"),      # unmet after its due month
    (3300, 5, 6, "lagging"),
    (math.nan, 6, 12, "missing"),
])
def test_threshold(value, month, due, expected):
    assert one("threshold", value, 3480, month, due) == expected


def test_tolerance_is_a_setting():
    assert one("cumulative", 3000, 8950, 6, tol=0.2) == "lagging"
    assert one("cumulative", 3000, 8950, 6, tol=0.0) == "behind"


def test_statuses_are_decided_per_kind_over_arrays():
    cells = Cells(value=np.array([1.0, 1.0, 1.0]), target=np.array([2.0, 2.0, 2.0]), month=np.array([6, 6, 6]),
                  due=np.array([12, 12, 12]), final=12, planned=np.array([0.5, 0.5, 0.5]),
                  stages=np.full((3, 1), 99), n_stages=np.zeros(3), tolerance=TOL, grace=2)
    out = kinds.statuses(np.array(["cumulative", "threshold", "ceiling"], dtype=object), cells)
    assert list(out) == ["on_track", "lagging", "done"]


def _records(rows):
    return pd.DataFrame(rows, columns=["month", "indicator", "value", "note", "reporter"])


@pytest.fixture(scope="module")
def registry():
    return load_registry(DATA / "projects.yaml")


def test_missing_month_between_two_reports(registry):
    recs = _records([("2019-03", "1", 2000.0, "", ""), ("2019-05", "1", 3800.0, "", "")])
    apr = evaluate(registry, recs, "2019-04").indicators.set_index("id").loc["1"]
    assert apr.status == "missing" and math.isnan(apr.value) and math.isnan(apr.delta)
    may = evaluate(registry, recs, "2019-05").indicators.set_index("id").loc["1"]
    assert may.delta == 1800.0  # against the latest earlier report (March), not April
    assert may.status == "on_track"


def test_month_with_no_file_at_all(registry):
    ev = evaluate(registry, _records([]), "2019-06")
    assert ev.summary() == {**dict.fromkeys(KEYS, 0), "missing": 19}
    assert set(ev.projects["status"]) == {"missing"}
    assert ev.time_progress == 0.5


def test_delta_before_first_report_is_value(registry):
    ev = evaluate(registry, _records([("2019-02", "7", 120.0, "", "")]), "2019-02")
    assert ev.indicators.set_index("id").loc["7"].delta == 120.0


def test_threshold_has_no_delta(registry):
    ev = evaluate(registry, _records([("2019-01", "5a", 3300.0, "", ""), ("2019-02", "5a", 3480.0, "", "")]), "2019-02")
    row = ev.indicators.set_index("id").loc["5a"]
    assert math.isnan(row.delta) and row.rate == 1.0 and row.status == "done"


def test_project_status_is_worst_of_indicators(registry):
    recs = _records([("2019-06", "5a", 3480.0, "", ""), ("2019-06", "5b", 170.0, "", "")])
    proj = evaluate(registry, recs, "2019-06").projects.set_index("seq")
    assert proj.loc[5, "status"] == "lagging"
    assert proj.loc[1, "status"] == "missing"


def test_lag_months_counts_the_current_streak(registry):
    recs = _records([("2019-01", "7", 0.0, "", ""), ("2019-02", "7", 0.0, "", ""),
                     ("2019-03", "7", 1000.0, "", ""), ("2019-04", "7", 1000.0, "", ""),
                     ("2019-05", "7", 1000.0, "", "")])
    row = evaluate(registry, recs, "2019-05").indicators.set_index("id").loc["7"]
    assert row.status == "behind" and row.lag_months == 2


def test_shipped_data_mid_year(registry):
    from minshi_cli.core.dataset import load

    data = load(DATA)
    ev = evaluate(data.registry, data.records, "2019-06")
    assert ev.summary() == {**dict.fromkeys(KEYS, 0), "done": 4, "on_track": 5, "lagging": 3, "behind": 7}
