"""``minshi site``: the static site of the year (docs/site.md)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from minshi_cli.views.site import file_names, link, safe_name
from tests.chromium import Session, find_chromium
from tests.conftest import DATA, REPO
from tests.test_report import HOSTILE, set_note

STAMP = "2019-12-05 09:00"
CSP = '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">'
UNITS = ["区人社局", "区教育局", "区卫健局", "区民政局", "区农业农村局", "岳阳楼公安分局", "区棚改办", "市保障性住房楼区分中心",
         "区住建局", "区商务粮食局", "区残联"]
IDS = ["1", "2", "3", "4", "5a", "5b", "6a", "6b", "7", "8", "9", "10", "11", "12", "13", "14", "15a", "15b", "16"]


@pytest.fixture(autouse=True)
def _quiet_env(monkeypatch):
    for name in ("MINSHI_DATA", "MINSHI_GENERATED_AT", "SOURCE_DATE_EPOCH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(REPO)


def site(run, out: Path, *args, data: Path | str = "data"):
    return run("--data", data, "site", "-o", out, "--generated-at", STAMP, *args)


def pages(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "href":
                self.hrefs.append(value)
            elif name in ("src", "srcset", "action", "data"):
                self.sources.append(value)


def links_of(page: Path) -> Links:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


# --------------------------------------------------------------------------- the pages


def test_site_of_the_shipped_year_has_every_page(run, tmp_path):
    out = tmp_path / "site"
    result = site(run, out)
    assert result.exit_code == 0, result.stderr
    expected = (["index.html"] + [f"indicators/{i}.html" for i in IDS] + [f"months/2019-{m:02d}.html" for m in range(1, 13)]
                + [f"units/{u}.html" for u in UNITS])
    assert pages(out) == sorted(expected)
    assert "已写入 43 个页面" in result.stderr
    assert not (out / "areas.html").exists()  # the shipped registry has no areas


def test_every_page_has_the_policy_sources_and_time_and_every_link_resolves_inside(run, tmp_path):
    out = tmp_path / "site"
    assert site(run, out).exit_code == 0
    for name in pages(out):
        page = out / name
        html = page.read_text(encoding="utf-8")
        assert CSP in html, name
        assert "数据来源（数据文件夹 data）：projects.yaml、progress/2019-01.csv" in html, name
        assert "生成时间：2019年12月5日 09:00" in html, name
        assert "<script" not in html, name
        parsed = links_of(page)
        assert parsed.sources == [], name
        for href in parsed.hrefs:
            parts = urlsplit(href)
            assert not parts.scheme and not parts.netloc and not href.startswith("/"), (name, href)
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file() and target.is_relative_to(out.resolve()), (name, href)
        # links are percent-encoded: no raw CJK or space in an href
        assert all(re.fullmatch(r"[A-Za-z0-9%._/~-]+", h) for h in parsed.hrefs), name


def test_index_counts_each_month_and_draws_them_stacked(run, tmp_path):
    out = tmp_path / "site"
    assert site(run, out, "--as-of", "2019-06").exit_code == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "<h1>2019年省、市重点民生实事全年进度一览（截至2019年6月）</h1>" in html
    # June: 4 done, 5 on track, 3 lagging, 7 behind (the June report's counts)
    assert ('<tr><td class="c">6月</td><td class="num">4</td><td class="num">5</td><td class="num">3</td>'
            '<td class="num">7</td><td class="num">0</td><td class="c"><a href="months/2019-06.html">6月通报</a></td></tr>') in html
    assert "<title>6月严重滞后7项</title>" in html and 'class="chart stacked"' in html
    assert pages(out)[-1] == "units/市保障性住房楼区分中心.html"
    assert [p for p in pages(out) if p.startswith("months/")] == [f"months/2019-0{m}.html" for m in range(1, 7)]


def test_index_counts_under_labels_as_the_report_does(run, tmp_path):
    """December of the shipped data: 3 indicators behind past their due month are 未完成 (no 严重滞后
    that month), the over-target ones (超额完成) counted as 已完成 — as the December report counts."""
    out = tmp_path / "site"
    assert site(run, out).exit_code == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    head = html[html.index('<table class="counts">'):html.index("</thead>")]
    assert [re.sub(r"<[^>]+>", "", th) for th in re.findall(r"<th[^>]*>.*?</th>", head)] == [
        "月份", "已完成", "序时推进", "滞后", "严重滞后", "未完成", "未报送", "调度通报"]
    assert ('<tr><td class="c">12月</td><td class="num">16</td><td class="num">0</td><td class="num">0</td>'
            '<td class="num">—</td><td class="num">3</td><td class="num">0</td>') in html
    assert ('<tr><td class="c">6月</td><td class="num">4</td><td class="num">5</td><td class="num">3</td>'
            '<td class="num">7</td><td class="num">—</td><td class="num">0</td>') in html
    assert "超额完成计入已完成" in html
    assert "<title>12月未完成3项</title>" in html and "12月严重滞后" not in html
    # the 未完成 segment has a style of its own, told apart from 严重滞后's cross-hatching
    segment = re.search(r"<title>12月未完成3项</title><rect [^>]*fill=\"([^\"]+)\"", html).group(1)
    behind = re.search(r"<title>11月严重滞后2项</title><rect [^>]*fill=\"([^\"]+)\"", html).group(1)
    assert segment.startswith("#") and behind == "url(#idx-behind)"


def test_month_page_is_the_report_with_links_back(run, tmp_path):
    out = tmp_path / "site"
    assert site(run, out).exit_code == 0
    june = (out / "months" / "2019-06.html").read_text(encoding="utf-8")
    report = run("--data", "data", "report", "--month", "2019-06", "--format", "html", "--generated-at", STAMP).stdout
    assert '<a href="../index.html">返回全年总览</a><a href="2019-05.html">上一期（5月）</a><a href="2019-07.html">下一期（7月）</a>' in june
    # the same report otherwise: the title, the tables and the charts
    body = report[report.index("<header>"):]
    assert june[june.index("<header>"):] == body
    first = (out / "months" / "2019-01.html").read_text(encoding="utf-8")
    assert "上一期" not in first and '<a href="2019-02.html">下一期（2月）</a>' in first


def test_indicator_page_lists_each_month_and_draws_its_kind(run, tmp_path):
    out = tmp_path / "site"
    assert site(run, out).exit_code == 0
    toilets = (out / "indicators" / "7.html").read_text(encoding="utf-8")
    assert "<h1>7 改（新）建农村户用厕所</h1>" in toilets
    assert "类型：累计；目标：3980个" in toilets and '<a href="../units/%E5%8C%BA%E5%86%9C%E4%B8%9A%E5%86%9C%E6%9D%91%E5%B1%80.html">区农业农村局</a>' in toilets
    # September: reported 2900, certified 2850, the certified figure is the one of record
    assert ('<td class="c"><a href="../months/2019-09.html">9月</a></td><td class="num">2900个</td>'
            '<td class="num">2850个</td><td class="num">2850个</td><td class="num">71.6%</td>') in toilets
    assert "<title>9月累计完成：2850个</title>" in toilets and "<title>12月按计划应完成：3980个</title>" in toilets
    standard = (out / "indicators" / "5a.html").read_text(encoding="utf-8")
    assert "各月水平与目标" in standard and "<title>目标：" in standard  # the level against its target line



def test_milestone_steps_and_qualitative_strip(run, tmp_path):
    out = tmp_path / "site"
    assert site(run, out, data=REPO / "examples" / "county-2016").exit_code == 0, "county example"
    milestone = (out / "indicators" / "5a.html").read_text(encoding="utf-8")
    assert "完成阶段与应完成阶段" in milestone and "<title>5月应完成阶段：应完成1/1个阶段</title>" in milestone
    qualitative = (out / "indicators" / "6.html").read_text(encoding="utf-8")
    assert 'class="chart strip"' in qualitative
    assert re.search(r"<title>1月：[^<]+</title>", qualitative)


def test_unit_page_has_its_indicators_months_behind_and_verdict(run, tmp_path):
    out = tmp_path / "site"
    assert site(run, out, "--as-of", "2019-09").exit_code == 0
    unit = (out / "units" / "区农业农村局.html").read_text(encoding="utf-8")
    assert "<h1>区农业农村局</h1>" in unit
    assert "2019年9月考核结论（年度终了前为暂定）：<strong>不得评为优秀</strong>" in unit
    assert unit.count('class="chart line"') == 1 and '<a href="../indicators/7.html">7 改（新）建农村户用厕所</a>' in unit
    behind = unit[unit.index("<h2>严重滞后的月份</h2>"):unit.index("<h2>督促整改</h2>")]
    assert re.findall(r'<a href="../months/2019-0\d.html">(\d月)</a>', behind) == ["6月", "7月", "8月"]


def test_unit_page_names_a_month_past_due_unfinished_not_behind(run, tmp_path):
    """At year end a behind indicator past its due month is 未完成, on the unit page as on the month's."""
    out = tmp_path / "site"
    assert site(run, out).exit_code == 0
    unit = (out / "units" / "区残联.html").read_text(encoding="utf-8")
    section = unit[unit.index("<h2>严重滞后或未完成的月份</h2>"):unit.index("<h2>督促整改</h2>")]
    assert "<th>严重滞后或未完成的指标</th>" in section
    assert re.findall(r'<tr><td class="c"><a href="../months/(2019-\d\d).html">\d+月</a></td><td>(.*?)</td></tr>', section) == [
        ("2019-12", '<a href="../indicators/15a.html">15a 残疾人享受居家服务</a>（未完成）')]


def test_a_split_indicator_without_a_figure_of_its_own_says_how_its_month_was_judged(run, tmp_path):
    """1b (a ceiling split over six areas) has no whole figure: each month's 说明 says its status is
    the worst area's and how many areas reported (洪雅县 did not in March)."""
    out = tmp_path / "site"
    assert site(run, out, data=REPO / "examples" / "city-areas").exit_code == 0
    page = (out / "indicators" / "1b.html").read_text(encoding="utf-8")
    notes = re.findall(r'<td class="c"><a href="../months/2019-0\d.html">(\d月)</a></td>.*?<td class="note">(.*?)</td></tr>', page)
    judged = "按各地区分别判断，取已报送地区中最差的状态（{}/6个地区已报送）"
    assert notes == [("1月", judged.format(6)), ("2月", judged.format(6)), ("3月", judged.format(5)), ("4月", judged.format(6))]
    whole = (out / "indicators" / "1a.html").read_text(encoding="utf-8")  # a sum of its areas: a figure of its own
    assert "按各地区分别判断" not in whole


def test_split_indicator_and_areas_page(run, tmp_path):
    out = tmp_path / "site"
    data = REPO / "examples" / "city-areas"
    result = site(run, out, data=data)
    assert result.exit_code == 0, result.stderr
    assert (out / "areas.html").is_file()
    areas = (out / "areas.html").read_text(encoding="utf-8")
    assert "<h2>逐月名次</h2>" in areas and "排名规则" in areas
    split = [p for p in pages(out) if p.startswith("indicators/")]
    texts = [(out / p).read_text(encoding="utf-8") for p in split]
    with_areas = [t for t in texts if "<h2>各地区</h2>" in t]
    assert with_areas and all('class="chart bars"' in t for t in with_areas)


# --------------------------------------------------------------------------- names and escaping


def test_safe_file_names():
    assert safe_name('a/b\\c:d*e?f"g<h>i|j#k%l\x01m') == "a_b_c_d_e_f_g_h_i_j_k_l_m"
    assert len(safe_name("长" * 100)) == 80
    assert file_names(["Unit", "unit", "UNIT", "other"]) == {"Unit": "Unit", "unit": "unit-2", "UNIT": "UNIT-3",
                                                             "other": "other"}
    assert file_names(["a/b", "a:b"]) == {"a/b": "a_b", "a:b": "a_b-2"}
    assert link("..", "units", "区 民#政.html") == "../units/%E5%8C%BA%20%E6%B0%91%23%E6%94%BF.html"


def rename_unit(data_dir: Path, old: str, new: str) -> None:
    for path in [data_dir / "projects.yaml", *data_dir.rglob("*.csv")]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_unit_named_with_slash_and_colon_gets_a_safe_file(run, data_dir, tmp_path):
    rename_unit(data_dir, "区教育局", "区教育/基建:办")
    out = tmp_path / "site"
    result = site(run, out, data=data_dir)
    assert result.exit_code == 0, result.stderr
    assert (out / "units" / "区教育_基建_办.html").is_file()
    assert not (out / "units" / "区教育").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="units/%E5%8C%BA%E6%95%99%E8%82%B2_%E5%9F%BA%E5%BB%BA_%E5%8A%9E.html">区教育/基建:办</a>' in index


def test_a_note_holding_markup_is_escaped_on_every_page(run, data_dir, tmp_path):
    set_note(data_dir, "2019-06", "7", HOSTILE)
    rename_unit(data_dir, "区农业农村局", "<b>局</b>")
    out = tmp_path / "site"
    assert site(run, out, data=data_dir).exit_code == 0
    for name in pages(out):
        html = (out / name).read_text(encoding="utf-8")
        assert "<script>" not in html and "<img" not in html and "<b>局" not in html, name
    toilets = (out / "indicators" / "7.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in toilets
    assert (out / "units" / "_b_局__b_.html").is_file()


# --------------------------------------------------------------------------- the output folder and bad input


def test_folder_inside_the_data_folder_is_a_usage_error(run, data_dir):
    result = site(run, data_dir / "site", data=data_dir)
    assert result.exit_code == 2 and "不能把网站写入数据文件夹" in result.stderr
    assert not (data_dir / "site").exists()
    result = site(run, data_dir, data=data_dir)
    assert result.exit_code == 2


def test_folder_that_is_a_file_is_a_usage_error(run, tmp_path):
    target = tmp_path / "site"
    target.write_text("x", encoding="utf-8")
    result = site(run, target)
    assert result.exit_code == 2 and "是文件" in result.stderr


def test_other_files_are_left_alone_and_pages_replaced(run, tmp_path):
    out = tmp_path / "site"
    (out / "months").mkdir(parents=True)
    (out / "README.txt").write_text("mine", encoding="utf-8")
    (out / "months" / "notes.html").write_text("mine too", encoding="utf-8")
    (out / "index.html").write_text("old", encoding="utf-8")
    assert site(run, out).exit_code == 0
    assert (out / "README.txt").read_text(encoding="utf-8") == "mine"
    assert (out / "months" / "notes.html").read_text(encoding="utf-8") == "mine too"
    assert (out / "index.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in out.iterdir()) == ["README.txt", "index.html", "indicators", "months", "units"]


def test_a_page_folder_linked_outside_is_refused_and_nothing_written_there(run, tmp_path):
    out = tmp_path / "site"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out.mkdir()
    (out / "units").symlink_to(elsewhere)
    result = site(run, out)
    assert result.exit_code == 2 and "以外的位置" in result.stderr
    assert list(elsewhere.iterdir()) == []


def test_errors_in_the_data_stop_the_site_and_skip_invalid_lists_them(run, data_dir, tmp_path):
    set_note(data_dir, "2019-06", "1", "", value="四千")
    out = tmp_path / "site"
    result = site(run, out, data=data_dir)
    assert result.exit_code == 1 and "完成值「四千」不是数字" in result.stderr
    assert not out.exists()
    result = site(run, out, "--skip-invalid", data=data_dir)
    assert result.exit_code == 0, result.stderr
    assert "1 处数据有误未采用" in result.stderr
    june = (out / "months" / "2019-06.html").read_text(encoding="utf-8")
    assert '<td class="place">progress/2019-06.csv:2</td><td>完成值「四千」不是数字' in june
    may = (out / "months" / "2019-05.html").read_text(encoding="utf-8")
    assert "数据有误未采用" not in may  # an error of June is not May's
    # errors of a later month do not stop an earlier picture
    assert site(run, tmp_path / "may", "--as-of", "2019-05", data=data_dir).exit_code == 0


def test_as_of_outside_the_year_is_a_usage_error(run, tmp_path):
    result = site(run, tmp_path / "s", "--as-of", "2020-01")
    assert result.exit_code == 2 and "不在登记表年度" in result.stderr


def test_no_progress_file_is_an_error(run, empty_data, tmp_path):
    result = site(run, tmp_path / "s", data=empty_data)
    assert result.exit_code == 1 and "没有任何月度进度文件" in result.stderr


# --------------------------------------------------------------------------- in a real browser


def _browser_or_skip() -> str:
    browser = find_chromium()
    if browser is None:
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail("CI is set but chromium was not found: install Debian's chromium or set MINSHI_CHROMIUM")
        pytest.skip("chromium not found (install Debian's chromium or set MINSHI_CHROMIUM)")
    return browser


PROBE = ("JSON.stringify({charts: document.querySelectorAll('svg.chart').length,"
         " texts: document.querySelectorAll('svg.chart text').length,"
         " links: Array.from(document.links).map(a => a.href)})")


def test_site_in_headless_chromium(run, tmp_path):
    import json

    browser = _browser_or_skip()
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed (poppler-utils): the printed pages' text cannot be read")
    out = tmp_path / "site"
    assert site(run, out).exit_code == 0
    root = out.resolve().as_uri() + "/"
    keep = os.environ.get("MINSHI_SCREENSHOT_DIR")
    with Session(browser) as chromium:
        for name in pages(out):
            visit = chromium.visit(out / name, PROBE)
            assert visit.console_errors == [], name
            assert visit.requests == [], name
            found = json.loads(visit.probe)
            for href in found["links"]:  # as the browser resolved them
                assert href.startswith(root), (name, href)
                assert Path(unquote(urlsplit(href).path)).is_file(), (name, href)
            if name.startswith(("indicators/", "units/")) or name == "index.html":
                assert found["charts"] >= 1 and found["texts"] >= 5, name
        pdf = tmp_path / "june.pdf"
        assert chromium.pdf(out / "months" / "2019-06.html", pdf) >= 3
        if keep:
            for name in ("index.html", "indicators/7.html", "units/区农业农村局.html"):
                chromium.screenshot(out / name, Path(keep) / f"site-{name.replace('/', '-')}.png")
    # no chart cut across pages: each chart's top (its unit) and bottom (its legend) on the same A4 page
    for number in range(1, 20):
        text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), pdf, "-"],
                              capture_output=True, text=True).stdout
        if not text.strip():
            break
        assert text.count("单位：") == text.count("按计划应完成"), f"page {number}"
    assert number > 3


def test_month_pages_name_a_few_areas_per_item_and_count_the_rest(run, tmp_path, monkeypatch):
    from minshi_cli import yearsite

    data = REPO / "examples" / "city-areas"
    out = tmp_path / "site"
    assert site(run, out, data=data).exit_code == 0
    report = run("--data", data, "report", "--month", "2019-04", "--format", "html", "--generated-at", STAMP).stdout
    april = (out / "months" / "2019-04.html").read_text(encoding="utf-8")
    assert april[april.index("<header>"):] == report[report.index("<header>"):]  # few areas: the report itself
    monkeypatch.setattr(yearsite, "NAMED_AREAS", 1)
    assert site(run, out, data=data).exit_code == 0
    april = (out / "months" / "2019-04.html").read_text(encoding="utf-8")
    lagging = re.findall(r"滞后的地区：([^<]*)", april)
    assert lagging and any(re.search(r"^[^、]+（[^）]+）等\d+个地区$", t) for t in lagging), lagging
    assert "等" not in "".join(re.findall(r"滞后的地区：([^<]*)", report))


from hypothesis import given, strategies as st  # noqa: E402


@given(st.lists(st.text(min_size=1, max_size=120), max_size=12))
def test_file_names_are_safe_and_unique_ignoring_case(texts):
    names = file_names(texts)
    assert set(names) == set(texts)
    shown = list(names.values())
    assert len({n.casefold() for n in shown}) == len(shown)
    for text, name in names.items():
        base = name.rsplit("-", 1)[0] if name != safe_name(text) else name
        assert base == safe_name(text) and len(base) <= 80
        assert not re.search(r'[/\\:*?"<>|#%\x00-\x1f\x7f]', name)


def test_month_option_is_pointed_to_as_of(run, tmp_path):
    result = site(run, tmp_path / "s", "--month", "2019-06")
    assert result.exit_code == 2 and "没有选项 --month，是否应为 --as-of？" in result.stderr
