"""The year as of a month (minshi_cli.core.year): the one service that gives an evaluation, in its
declared shape, once per month."""

from __future__ import annotations

import math

import pytest

from minshi_cli.core.dataset import load
from minshi_cli.core.figures import FIGURE_COLUMNS
from minshi_cli.core.problems import DataProblems, UsageProblem
from minshi_cli.core.rules import PROJECT_COLUMNS, evaluate
from minshi_cli.core.year import INDICATOR_COLUMNS, Year, open_year
from tests.conftest import DATA, REPO

CITY = REPO / "examples" / "city-areas"


@pytest.fixture(scope="module")
def year():
    return Year.of(load(DATA, warnings=False))


def test_declared_shape(year):
    evaluation = year.as_of("2019-06")
    assert list(evaluation.indicators.columns) == INDICATOR_COLUMNS
    assert list(evaluation.projects.columns) == PROJECT_COLUMNS
    assert list(year.figures.columns) == FIGURE_COLUMNS


def test_each_month_evaluated_once_on_the_figures_of_record(year):
    assert year.as_of("2019-06") is year.as_of("2019-06")
    months = {m: year.as_of(m) for m in year.data.months}
    assert [e.as_of for e in months.values()] == year.data.months
    plain = evaluate(year.registry, year.figures, "2019-12").indicators
    december = months["2019-12"].indicators
    assert december["status"].tolist() == plain["status"].tolist()
    # 15a: the unit reported 256, the statistics bureau certified 248 (核减): the figure of record is 248
    row = december.set_index("id").loc["15a"]
    assert (row["reported"], row["certified"], row["value"], bool(row["figure_certified"])) == (256, 248, 248, True)


def test_month_defaults_to_the_latest_and_must_be_in_the_year(year):
    assert year.month(None) == year.data.months[-1]
    with pytest.raises(UsageProblem):
        year.month("2020-01")


def test_for_area_keeps_the_areas_own_figures():
    year = Year.of(load(CITY, warnings=False))
    area = year.for_area("青神县")
    assert area.figures["area"].eq("").all()
    ind = area.as_of("2019-04").indicators
    assert len(ind) > 0 and set(ind["id"]) <= {i.id for i in year.registry.indicators}
    with pytest.raises(UsageProblem, match="是否应为「青神县」"):
        year.for_area("青神")


def test_open_year_refuses_errors_or_leaves_their_rows_out(data_dir):
    path = data_dir / "progress" / "2019-06.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    at = next(k for k, line in enumerate(text) if line.startswith("1,"))
    text[at] = "1,很多," + ",".join(text[at].split(",")[2:])
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(DataProblems):
        open_year(data_dir, "2019-06")
    year, evaluation, invalid = open_year(data_dir, "2019-06", skip_invalid=True)
    assert [p.line for p in invalid] == [at + 1]
    row = evaluation.indicators.set_index("id").loc["1"]
    assert row["status"] == "missing" and math.isnan(row["value"])
    # an earlier month is not refused for an error in a later file
    assert open_year(data_dir, "2019-05")[1].as_of == "2019-05"


def test_in_error_names_rows_by_line_and_whole_files_or_folders():
    import pandas as pd

    from minshi_cli.core.problems import Problem
    from minshi_cli.core.year import in_error

    rows = pd.DataFrame({"file": ["progress/2019-07/a.csv", "progress/2019-07/a.csv", "progress/2019-07/b.csv",
                                  "funds/2019-07.csv", "progress/2019-07b/c.csv"], "line": [2, 3, 2, 2, 2]})
    at = lambda *ps: in_error(rows, list(ps)).tolist()  # noqa: E731
    assert at(Problem("progress/2019-07/a.csv", 3, "value", "not-a-number", "")) == [False, True, False, False, False]
    assert at(Problem("progress/2019-07/a.csv", None, None, "month-mismatch", "")) == [True, True, False, False, False]
    assert at(Problem("progress/2019-07", None, None, "duplicate-indicator", "")) == [True, True, True, False, False]
    assert at() == [False] * 5
