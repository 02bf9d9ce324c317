"""``status --by unit`` at the year's end: the heading and the year-end rule under it fit a
100-column terminal (a CJK character counts 2), in the terminal and Markdown forms alike."""

from __future__ import annotations

import pytest

from minshi_cli.office.text import display_width
from tests.conftest import REPO


@pytest.mark.parametrize("form", [[], ["--format", "markdown"]])
def test_year_end_by_unit_heading_fits_100_columns(run, monkeypatch, form):
    monkeypatch.chdir(REPO)
    result = run("--data", "data", "status", "--by", "unit", "--as-of", "2019-12", *form)
    assert result.exit_code == 0, result.stderr
    head = result.stdout.split("\n\n")[:2]
    assert head[0].endswith("2019年省、市重点民生实事进度（截至 2019-12，时序进度 100.0%）——按主要责任单位（年度终了）")
    assert head[1].splitlines() == ["已报送指标未完成的单位，年度综合绩效考评不得评为优秀；", "有指标未报送的单位待补报，补报后再认定。"]
    assert max(display_width(line) for line in "\n".join(head).splitlines()) <= 100


def test_before_the_year_end_no_rule(run, monkeypatch):
    monkeypatch.chdir(REPO)
    out = run("--data", "data", "status", "--by", "unit", "--as-of", "2019-06").stdout
    assert out.split("\n\n")[0].endswith("——按主要责任单位") and "年度终了" not in out
