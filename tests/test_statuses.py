"""The statuses table (minshi_cli.core.statuses): its order, what each status counts as, the
labels that vary by situation, and the outputs that read it."""

from __future__ import annotations

import re

import numpy as np

from minshi_cli.core import statuses
from minshi_cli.core.statuses import KEYS, LABELS, STATUSES
from tests.conftest import DATA


def test_order_and_labels():
    assert KEYS == ("done", "on_track", "lagging", "behind", "missing")
    assert [LABELS[k] for k in KEYS] == ["已完成", "序时推进", "滞后", "严重滞后", "未报送"]
    assert statuses.RANK["missing"] > statuses.RANK["behind"] > statuses.RANK["lagging"] > statuses.RANK["done"]


def test_what_each_status_counts_as():
    assert statuses.DONE_KEYS == ("done",)
    assert statuses.NOT_REPORTED == ("missing",)
    assert statuses.LAGGING == ("lagging", "behind")
    assert statuses.URGED == ("behind", "lagging")  # worst first
    assert statuses.SHORTFALL == ("lagging", "behind", "missing")
    assert statuses.NO_FIGURE == "missing"


def test_labels_that_vary_by_situation():
    assert statuses.label("done", over_target=True, past_due=False) == "超额完成"
    assert statuses.label("done", over_target=False, past_due=True) == "已完成"
    assert statuses.label("behind", over_target=False, past_due=True) == "未完成"
    assert statuses.label("behind", over_target=False, past_due=False) == "严重滞后"
    assert statuses.label("lagging", over_target=True, past_due=True) == "滞后"


def test_statuses_counted_apart():
    assert statuses.APART == ("ongoing", "not_due")
    assert [LABELS[k] for k in statuses.APART] == ["常态化开展", "未到报送期"]
    # first in rank: worst-of picks a judged status over them
    assert max(statuses.RANK[k] for k in statuses.APART) < min(statuses.RANK[k] for k in KEYS)
    assert statuses.shown_keys(["done", "ongoing"]) == KEYS + ("ongoing",)
    assert statuses.shown_keys([]) == KEYS
    assert "ongoing" not in statuses.REPORTED + statuses.LAGGING + statuses.SHORTFALL + statuses.DONE_KEYS


def test_among():
    grid = np.array([["done", "behind"], ["missing", "lagging"]], dtype=object)
    assert statuses.among(grid, statuses.LAGGING).tolist() == [[False, True], [False, True]]
    assert statuses.among(grid, ()).tolist() == [[False, False], [False, False]]


def test_office_shading_reads_the_table():
    from minshi_cli.office import report_xlsx
    from minshi_cli.office.text import STATUS_SHADE

    assert STATUS_SHADE == {s.key: s.shade for s in STATUSES}
    assert report_xlsx.BOLD_STATUS == {"behind", "missing"}


def test_html_styles_and_area_headers_read_the_table(run):
    html = run("--data", DATA.parent / "examples" / "city-areas", "report", "--month", "2019-04", "--format", "html",
               "--generated-at", "2019-05-05 09:00").stdout
    for s in STATUSES:
        if s.apart:  # a registry without ongoing or not-yet-due items gets no style for them
            assert f"--{s.key}:" not in html
            continue
        assert f"--{s.key}: {s.colour};" in html
        assert f".{s.css} .badge {{ color: var(--{s.key});{s.badge} }}" in html
        assert (f".{s.css} .fill {{" in html) == s.fill
    header = re.search(r"<tr><th>名次</th>.*?</tr>", html).group(0)
    assert re.findall(r'<th class="st-(\w+)"><span class="badge">(.*?)</span>', header) == [(k, LABELS[k]) for k in KEYS]
