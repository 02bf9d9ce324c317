"""A whole's own figure for a split indicator that is not cumulative (docs/areas.md): a row with no
area is the whole's figure (a city's unemployment rate beside each district's)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO

CITY = REPO / "examples" / "city-areas"


@pytest.fixture
def city(tmp_path: Path) -> Path:
    data = tmp_path / "city"
    shutil.copytree(CITY, data)
    return data


def _add(data: Path, month: str, rows: str, folder: str = "progress") -> None:
    path = data / folder / f"{month}.csv"
    if path.exists():
        with path.open("a", encoding="utf-8") as f:
            f.write(rows)
    else:
        path.parent.mkdir(exist_ok=True)
        path.write_text("指标,地区,认定值\n" + rows, encoding="utf-8")


def _rate(run, data: Path, month: str) -> dict:
    doc = json.loads(run("status", "--data", data, "--as-of", month, "--format", "json").stdout)
    return next(i for i in doc["indicators"] if i["id"] == "1b")


def test_the_whole_figure_is_the_indicators(run, city):
    before = _rate(run, city, "2019-03")
    assert (before["value"], before["status"]) == (None, "lagging")  # 丹棱县 4.5%: the worst area's
    _add(city, "2019-03", "1b,,4.1,全市城镇登记失业率\n")
    assert run("check", "--data", city).exit_code == 0
    now = _rate(run, city, "2019-03")
    assert (now["value"], now["status"], now["label"], now["reported"]) == (4.1, "done", "已完成", 4.1)
    assert [a["area"] for a in now["areas"]] == ["东坡区", "彭山区", "仁寿县", "洪雅县", "丹棱县", "青神县"]
    assert [a["status"] for a in now["areas"]] == before_areas(before)
    assert now["areas_missing"] == 1


def before_areas(indicator: dict) -> list[str]:
    return [a["status"] for a in indicator["areas"]]


def test_not_carried_to_a_later_month(run, city):
    _add(city, "2019-03", "1b,,4.1,\n")
    april = _rate(run, city, "2019-04")
    assert (april["value"], april["status"], april["carried_from"]) == (None, "lagging", None)


def test_areas_still_warn_when_silent(run, city):
    _add(city, "2019-03", "1b,,4.1,\n")
    out = run("check", "--data", city).output
    assert "warning not-reported 指标 1b（城镇登记失业率，市人社局）洪雅县 2019-03 未报送" in out
    assert "1b（城镇登记失业率，市人社局） 2019-03" not in out  # nobody is asked for the whole's row


def test_by_area_ranks_areas_only(run, city):
    before = run("status", "--data", city, "--as-of", "2019-03", "--by", "area", "--format", "json").stdout
    _add(city, "2019-03", "1b,,4.1,\n")
    after = run("status", "--data", city, "--as-of", "2019-03", "--by", "area", "--format", "json").stdout
    assert after == before


def test_assessment_judges_the_whole(run, city):
    def done(data):
        doc = json.loads(run("assess", "--data", data, "--as-of", "2019-03", "--format", "json").stdout)
        return doc["units"][0]["done"]

    assert done(city) == 0
    _add(city, "2019-03", "1b,,4.1,\n")
    assert done(city) == 1


def test_a_cumulative_split_indicator_needs_an_area(run, city):
    _add(city, "2019-03", "1a,,3000,\n")
    result = run("check", "--data", city, "--format", "json")
    problems = [p for p in json.loads(result.stdout)["problems"] if p["severity"] == "error"]
    assert [(p["code"], p["line"]) for p in problems] == [("area-missing", 12)]
    assert "累计类指标的合计是各地区之和" in problems[0]["message"]


def test_a_certified_whole_figure(run, city):
    _add(city, "2019-03", "1b,,4.1,\n")
    _add(city, "2019-03", "1b,,4.6\n", folder="certified")
    rate = _rate(run, city, "2019-03")
    assert (rate["value"], rate["reported"], rate["certified"], rate["status"]) == (4.6, 4.1, 4.6, "lagging")
