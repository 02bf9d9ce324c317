"""``first_month`` (docs/registry.md): reports are expected from that month; the months before it
are not expected (no 未报送, no missing month, no streak), though their figures still count."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import write

REGISTRY = """\
year: 2025
final_month: 2025-12
first_month: 2025-04
scoring: {points: 100, deductions: {missing_report: 10, lag_month: 1}}
rules:
  escalation:
    - {months: 2, action: 约谈}
projects:
  - seq: 1
    name: 新增就业
    level: province
    unit: 人社局
    indicators:
      - {id: "1", name: 新增就业, kind: cumulative, target: 1200, unit: 人}
      - {id: "2", name: 职业培训, kind: cumulative, target: 1200, unit: 人}
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    write(data / "projects.yaml", REGISTRY)
    # an early file (February: lagging, indicator 2 silent), none for January and March
    write(data / "progress" / "2025-02.csv", "indicator,value,note\n1,50,早报\n")
    write(data / "progress" / "2025-04.csv", "indicator,value,note\n1,250,推进中\n2,400,\n")
    write(data / "progress" / "2025-05.csv", "indicator,value,note\n1,300,推进中\n2,500,\n")
    return data


def _json(run, folder, *args):
    result = run("--data", folder, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_months_before_it_are_not_expected(run, folder):
    found = _json(run, folder, "check")["problems"]
    codes = [(p["code"], p["file"].rsplit("/", 1)[-1]) for p in found]
    assert ("missing-month", "progress") not in codes  # no January, no March: neither asked for
    assert not [p for p in found if p["code"] == "not-reported"]  # indicator 2 silent in February


def test_early_figures_count_but_start_no_streak(run, folder):
    doc = _json(run, folder, "status", "--as-of", "2025-05")
    item = {i["id"]: i for i in doc["indicators"]}
    # 1: behind in February (50 of 1200 against 2/12), April and May: the streak starts in April
    assert (item["1"]["status"], item["1"]["lag_months"], item["1"]["action"]) == ("behind", 2, "约谈")
    april = _json(run, folder, "status", "--as-of", "2025-04")
    first = {i["id"]: i for i in april["indicators"]}["1"]
    assert (first["lag_months"], first["delta"]) == (1, 200)  # February's figure counts for 本月新增


def test_no_score_taken_off_for_months_not_expected(run, folder):
    units = _json(run, folder, "assess", "--as-of", "2025-05")["units"]
    # 100 shared by two: 50 × 300/1200 + 50 × 500/1200, less 1 per month lagging or behind (1: April, May;
    # February not counted either); no month before April counts as missing
    assert units[0]["score"] == pytest.approx(round(12.5 + 50 * 500 / 1200 - 2, 2))


@pytest.mark.parametrize("args", [("status", "--as-of", "2025-03"), ("report", "--month", "2025-02"),
                                  ("assess", "--as-of", "2025-03")])
def test_a_picture_before_it_is_a_usage_error(run, folder, args):
    result = run("--data", folder, *args)
    assert result.exit_code == 2
    assert "早于登记表的 first_month 2025-04" in result.stderr and "请指定 2025-04 或之后的月份" in result.stderr


def test_the_shared_check(folder):
    from minshi_cli.core.expected import require_reporting
    from minshi_cli.core.problems import UsageProblem
    from minshi_cli.core.registry import load_registry

    registry = load_registry(folder / "projects.yaml")
    assert require_reporting(registry, "2025-04") == "2025-04"
    with pytest.raises(UsageProblem):
        require_reporting(registry, "2025-03")


@pytest.mark.parametrize("value,said", [("2024-04", "应为 2025 年内的月份"), ("四月", "应为 2025 年内的月份"),
                                        ("2025-13", "应为 2025 年内的月份")])
def test_a_bad_first_month_is_a_registry_field_error_at_its_line(run, folder, value, said):
    write(folder / "projects.yaml", REGISTRY.replace("first_month: 2025-04", f"first_month: {value}"))
    result = run("--data", folder, "check", "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    assert [(p["code"], p["line"]) for p in problems] == [("registry-field", 3)]
    assert said in problems[0]["message"] and "first_month: 2025-04" in problems[0]["message"]


def test_first_month_after_the_final_month(run, folder):
    write(folder / "projects.yaml", REGISTRY.replace("final_month: 2025-12", "final_month: 2025-03"))
    problems = json.loads(run("--data", folder, "check", "--format", "json").stdout)["problems"]
    assert [(p["code"], p["line"]) for p in problems] == [("registry-field", 3)]
    assert "晚于 final_month 2025-03" in problems[0]["message"]


def test_the_year_so_far_says_not_due_before_it(folder):
    from minshi_cli.core.year import open_year

    _, evaluation, _ = open_year(folder, "2025-05")
    # indicator 2: nothing before April, and not asked for (the site's and the charts' months)
    assert evaluation.history[1].tolist() == ["not_due", "not_due", "not_due", "on_track", "on_track"]
    # indicator 1: February's figure shown in March (not expected), with February's status
    assert evaluation.history[0].tolist()[:3] == ["not_due", "behind", "behind"]
