"""The Word and Excel reports printed (docs/office.md): headless LibreOffice prints each to PDF and
poppler's pdftotext reads the pages back, for the shipped data in June and at the year's end and
for the city example with areas.  Checked: the page count, no thin page (a page that begins with a
note, the sources or the generation time, after its repeated header: a page holding only them),
every section's heading printed, and a project's rows on one page.

Skipped where ``soffice`` or ``pdftotext`` is missing, unless ``CI=true``: there they fail
(``.ci/run`` installs LibreOffice, poppler-utils and fonts-noto-cjk).
"""

from __future__ import annotations

import re
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from minshi_cli.commands import report_context
from tests.conftest import REPO
from tests.test_report_office import AREAS, STAMP, _office_or_skip, _squash

CASES = {"data-2019-06": ("data", "2019-06"), "data-2019-12": ("data", "2019-12"),
         "city-areas-2019-04": (AREAS, "2019-04")}
#: pages as printed by Debian's LibreOffice 7.4 with fonts-noto-cjk (the CI's)
PAGES = {("data-2019-06", "docx"): 11, ("data-2019-12", "docx"): 9, ("city-areas-2019-04", "docx"): 5,
         ("data-2019-06", "xlsx"): 7, ("data-2019-12", "xlsx"): 8, ("city-areas-2019-04", "xlsx"): 5}
#: what may not begin a page (after the page's repeated header): the note under a table, the
#: sources, the generation time
TAILS = ("注：", "数据来源", "生成时间")
DOCX_HEADER = "序号项目名称责任单位目标任务"


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[tuple[str, str], list[str]]:
    """Each case's Word and Excel report printed in one LibreOffice run: the text of each page."""
    from click.testing import CliRunner

    from minshi_cli.cli import main

    soffice, pdftotext = _office_or_skip()
    folder = tmp_path_factory.mktemp("printed")
    files = []
    for case, (data, month) in CASES.items():
        for fmt in ("docx", "xlsx"):
            target = folder / fmt / f"{case}.{fmt}"
            target.parent.mkdir(exist_ok=True)
            result = CliRunner().invoke(main, ["--data", str(data), "report", "--month", month, "--generated-at", STAMP,
                                               "-o", str(target)], env={"MINSHI_DATA": None}, catch_exceptions=False)
            assert result.exit_code == 0, result.output
            files.append(target)
    pages = {}
    for fmt in ("docx", "xlsx"):
        out = folder / f"pdf-{fmt}"
        subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out), *[str(f) for f in files if f.suffix == f".{fmt}"]],
                       check=True, capture_output=True, timeout=300)
        for case in CASES:
            text = subprocess.run([pdftotext, "-raw", str(out / f"{case}.pdf"), "-"], check=True,
                                  capture_output=True).stdout.decode("utf-8")
            pages[(case, fmt)] = [_squash(p).replace("\u2060", "") for p in text.split("\f")[:-1]]
    return pages


def _context(case: str) -> dict:
    data, month = CASES[case]
    return report_context(REPO / data if isinstance(data, str) else data, month=month,
                          generated_at=datetime(2019, 7, 5, 9, 0))


def _body(page: str, fmt: str) -> str:
    """A page without its page number and its repeated header row (or sheet title)."""
    page = re.sub(r"—\d+—$", "", page) if fmt == "docx" else re.sub(r"第\d+页，共\d+页$", "", page)
    if page.startswith("序号"):  # the table's header row, repeated on the page
        page = re.sub(r"^序号.*?(备注|年度评优|平均完成率|核减)", "", page, count=1)
    return page


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("case", list(CASES))
def test_page_count(printed, case, fmt):
    assert len(printed[(case, fmt)]) == PAGES[(case, fmt)]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("case", list(CASES))
def test_no_page_holds_only_a_header_a_note_or_the_sources(printed, case, fmt):
    for n, page in enumerate(printed[(case, fmt)], start=1):
        body = _body(page, fmt)
        assert body, f"page {n} holds only its header"
        assert not body.startswith(TAILS), f"page {n} begins with {body[:30]}"


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("case", list(CASES))
def test_every_sections_heading_is_printed(run, printed, case, fmt, monkeypatch):
    monkeypatch.chdir(REPO)
    data, month = CASES[case]
    md = run("--data", data, "report", "--month", month, "--generated-at", STAMP).stdout
    headings = [_squash(h) for h in re.findall(r"^##+ (.+)$", md, flags=re.M)]
    text = "".join(printed[(case, fmt)])
    if fmt == "xlsx":  # the project table's sheet shows the levels in its own words; its heading is the title's
        headings = [h for h in headings if not h.endswith("项目进度情况") and not re.match(r"^（[一二三四五六]）.*件）$", h)]
        headings += [_squash(f"{lv['ordinal']}、{lv['name']}") for lv in _context(case)["levels"]]
    missing = [h for h in headings if h not in text]
    assert not missing
    assert _squash(_context(case)["title"]) in printed[(case, fmt)][0]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("case", list(CASES))
def test_a_projects_rows_are_on_one_page(printed, case, fmt):
    """Every indicator of a project printed on the page that prints the project's name."""
    pages = printed[(case, fmt)]
    checked = 0
    for level in _context(case)["levels"]:
        for project in level["projects"]:
            if len(project["indicators"]) < 2:
                continue
            name = _squash(project["name"])
            holding = [n for n, page in enumerate(pages) if name in page and DOCX_HEADER in page]
            assert holding, project["name"]
            page = pages[holding[0]]
            for indicator in project["indicators"]:
                assert _squash(indicator["target"]) in page, (project["name"], indicator["target"], holding[0] + 1)
            checked += 1
    assert checked >= 1


@pytest.mark.parametrize("case", ["data-2019-06", "data-2019-12"])
def test_a_short_table_is_printed_whole_on_one_page(printed, case):
    """The 资金拨付 table (five rows) moves whole to the next page rather than leave a row behind:
    in December it did not fit below 数据认定 and printed four rows on page 8, one on page 9."""
    pages = printed[(case, "docx")]
    holding = [n for n, page in enumerate(pages) if "资金拨付情况" in page]
    assert len(holding) == 1
    page = pages[holding[0]]
    rows = _context(case)["funds"]
    assert len(rows) == 5
    assert [r["seq"] for r in rows if _squash(f"{r['seq']}{r['name']}") not in page] == []
