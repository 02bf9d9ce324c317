"""`minshi status` as a user meets it (CliRunner), and the JSON contract key for key."""

from __future__ import annotations

import csv
import io
import json
import shutil
import math
import os
import re
import subprocess
import sys

import pytest
from wcwidth import wcswidth, wcwidth

from minshi_cli.core.statuses import KEYS
from tests.conftest import DATA, REPO, write

INDICATOR_KEYS = ["id", "project", "project_name", "name", "level", "kind", "target", "unit", "value",
                  "delta", "rate", "status", "label", "responsible_unit", "lead", "due", "planned", "self_assessed",
                  "carried_from", "stage", "stages", "lag_months", "areas", "areas_missing", "action", "reported",
                  "certified"]


def test_default_is_latest_month(run):
    r = run("--data", DATA, "status", "--wide")
    assert r.exit_code == 0, r.output
    assert "截至 2019-12" in r.stdout and "时序进度 100.0%" in r.stdout
    # the final month: what is not done is behind, labelled 未完成 (docs/kinds.md); on the figures of
    # record, the statistics bureau's 核减 of 15a (256 → 248 of 250) leaves it unfinished too
    assert r.stdout.rstrip().endswith("已完成 16 项，序时推进 0 项，滞后 0 项，未完成 3 项，未报送 0 项")
    assert "1150户      90.5%     100.0%      未完成" in r.stdout


def test_json_matches_contract(run):
    r = run("--data", DATA, "status", "--as-of", "2019-06", "--format", "json")
    assert r.exit_code == 0
    doc = json.loads(r.stdout)
    assert list(doc) == ["as_of", "time_progress", "summary", "indicators", "projects"]
    assert doc["as_of"] == "2019-06" and doc["time_progress"] == 0.5
    assert doc["summary"] == {**dict.fromkeys(KEYS, 0), "done": 4, "on_track": 5, "lagging": 3, "behind": 7}
    assert len(doc["indicators"]) == 19 and len(doc["projects"]) == 16
    for ind in doc["indicators"]:
        assert list(ind) == INDICATOR_KEYS
        assert isinstance(ind["id"], str) and isinstance(ind["project"], int)
        for key in ("target", "value", "delta", "rate"):
            assert ind[key] is None or (isinstance(ind[key], (int, float)) and math.isfinite(ind[key]))
    five_a = next(i for i in doc["indicators"] if i["id"] == "5a")
    assert five_a == {"id": "5a", "project": 5, "project_name": "提高城乡低保标准和救助水平", "name": "城乡低保标准",
                      "level": "province", "kind": "threshold", "target": 3480, "unit": "元/年", "value": 3300,
                      "delta": None, "rate": 3300 / 3480, "status": "lagging", "label": "滞后",
                      "responsible_unit": "区民政局", "lead": "方正春", "due": "2019-12", "planned": None,
                      "self_assessed": False, "carried_from": None, "stage": None, "stages": None, "lag_months": 0,
                      "areas": [], "areas_missing": 0, "action": None, "reported": 3300, "certified": None}
    one = next(i for i in doc["indicators"] if i["id"] == "1")
    assert (one["planned"], one["delta"], one["label"]) == (0.5, 4527 - 3764, "序时推进")
    assert doc["projects"][0] == {"seq": 1, "name": "新增城镇就业", "level": "province", "status": "on_track",
                                  "funds": None}
    assert doc["projects"][10]["funds"] == {"budget": 560, "disbursed": 160, "rate": 160 / 560, "progress": 4.6 / 11.2}
    assert "NaN" not in r.stdout


def test_missing_report_is_null_not_nan(run):
    doc = json.loads(run("--data", DATA, "status", "--as-of", "2019-05", "--format", "json").stdout)
    row = next(i for i in doc["indicators"] if i["id"] == "15a")
    assert (row["value"], row["delta"], row["rate"], row["status"]) == (None, None, None, "missing")
    assert doc["summary"]["missing"] == 2


def _cells_by_display_column(line: str) -> dict[int, str]:
    out, col = {}, 0
    for ch in line:
        out[col] = ch
        col += wcwidth(ch)
    return out


@pytest.mark.parametrize("args, columns", [(["--wide"], 9), ([], 7)])
def test_table_columns_line_up_with_chinese_text(run, args, columns):
    lines = run("--data", DATA, "status", "--as-of", "2019-06", *args, env={"COLUMNS": "100"}).stdout.splitlines()
    rule = next(line for line in lines if line.startswith("------"))
    starts = [i for i, ch in enumerate(rule) if ch == "-" and (i == 0 or rule[i - 1] == " ")]
    body = lines[lines.index(rule) + 1:lines.index(rule) + 20]
    assert len(starts) == columns and len(body) == 19
    for line in body:
        cells = _cells_by_display_column(line)
        for col in starts:  # every cell begins exactly under its column's rule
            assert cells.get(col, " ") != " " and (col == 0 or cells.get(col - 1) == " "), (line, col)


def _table(out: str) -> list[str]:
    """The table's lines: header, rule and rows (up to the blank line after them)."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("序号") or line.startswith("责任单位"))
    end = lines.index("", start)
    return lines[start:end]


@pytest.mark.parametrize("columns", [100, 80, 60])
def test_terminal_table_fits_the_terminal_by_dropping_columns(run, columns):
    out = run("--data", DATA, "status", "--as-of", "2019-06", env={"COLUMNS": str(columns)}).stdout
    table = _table(out)
    assert len(table) == 21 and max(wcswidth(line) for line in table) <= columns
    headers = table[0].split()
    assert headers[0] == "序号" and {"指标", "完成率", "状态"} <= set(headers)
    assert "项目" not in headers and "时序进度" not in headers  # the first to go: the title shows the time progress
    assert "--wide 显示全部列" in out
    assert out.rstrip().endswith("已完成 4 项，序时推进 5 项，滞后 3 项，严重滞后 7 项，未报送 0 项")


def test_terminal_table_at_100_columns(run):
    out = run("--data", DATA, "status", "--as-of", "2019-06", env={"COLUMNS": "100"}).stdout
    table = _table(out)
    assert table[0].split() == ["序号", "指标", "目标", "累计完成", "完成率", "状态", "责任单位"]
    row = next(line for line in table if line.startswith("3 "))
    assert row.split() == ["3", "农村及城镇低保适龄妇女…", "2500人", "1300人", "52.0%", "序时推进", "区卫健局"]
    assert "（为适应 100 列宽的终端，省略项目、时序进度，缩短指标、责任单位；--wide 显示全部列）" in out


def test_wide_terminal_or_wide_option_shows_every_column(run):
    narrow_wide = run("--data", DATA, "status", "--as-of", "2019-06", "--wide", env={"COLUMNS": "60"}).stdout
    assert _table(narrow_wide)[0].split() == ["序号", "项目", "指标", "目标", "累计完成", "完成率", "时序进度", "状态", "责任单位"]
    assert "--wide" not in narrow_wide and "…" not in narrow_wide
    assert run("--data", DATA, "status", "--as-of", "2019-06", env={"COLUMNS": "240"}).stdout == narrow_wide


def test_other_formats_are_never_narrowed(run):
    for fmt in ("markdown", "csv", "json"):
        narrow = run("--data", DATA, "status", "--as-of", "2019-06", "--format", fmt, env={"COLUMNS": "60"}).stdout
        wide = run("--data", DATA, "status", "--as-of", "2019-06", "--format", fmt, "--wide").stdout
        assert narrow == wide and "…" not in narrow, fmt


def test_unit_table_fits_too(run):
    out = run("--data", DATA, "status", "--by", "unit", env={"COLUMNS": "80"}).stdout
    table = _table(out)
    assert max(wcswidth(line) for line in table) <= 80
    assert table[0].split() == ["责任单位", "已完成", "序时推进", "滞后", "未完成", "未报送", "年度评优"]
    assert [line.split()[0] for line in table if line.rstrip().endswith("不得评为优秀")] == ["市保障性住房楼…", "区住建局", "区残联"]


def test_shorten_counts_terminal_columns():
    from minshi_cli.views.tables import display_width, shorten

    assert shorten("减少义务教育大班额", 18) == "减少义务教育大班额"  # 18 columns: fits
    assert shorten("减少义务教育大班额", 17) == "减少义务教育大…"  # 14 + the ellipsis (2 in a Chinese console)
    assert shorten("城市快警ABC", 9) == "城市快…"
    assert display_width("区人社局") == 8 and display_width("ab") == 2


def test_fitted_stops_as_soon_as_the_table_fits():
    from minshi_cli.views.tables import DROP, SHORTEN, fitted, terminal

    headers, rows = ["a", "名称", "b"], [["1", "一二三四五六七八九十", "x" * 20]]
    plan = [(DROP, "b", 0), (SHORTEN, "名称", 6), (DROP, "a", 0)]
    whole = terminal(headers, rows)
    assert fitted(headers, rows, 200, plan) == (whole, [], [])
    table, dropped, shortened = fitted(headers, rows, 30, plan)
    assert (dropped, shortened) == (["b"], []) and table == terminal(["a", "名称"], [["1", "一二三四五六七八九十"]])
    table, dropped, shortened = fitted(headers, rows, 12, plan)
    assert (dropped, shortened) == (["b"], ["名称"]) and table.splitlines()[2] == "1    一二…"


def test_markdown_and_csv(run):
    md = run("--data", DATA, "status", "--as-of", "2019-06", "--format", "markdown").stdout
    assert md.startswith("## 2019年") and "| 序号 " in md and "| 5a " in md


def test_csv_is_the_table_for_excel(run):
    """docs/office.md: a BOM (Excel on Chinese Windows reads CSV without one as GBK), the terminal
    table's Chinese headers, and every value and rate as shown there."""
    r = run("--data", DATA, "status", "--as-of", "2019-06", "--format", "csv")
    assert r.exit_code == 0
    raw = r.stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf\xe5\xba\x8f\xe5\x8f\xb7,")  # BOM, then 序号
    assert raw.count(b"\r\n") == 20 and raw.endswith(b"\r\n")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["序号", "项目", "指标", "目标", "累计完成", "完成率", "时序进度", "状态", "责任单位"]
    assert len(rows) == 20
    assert rows[1] == ["1", "新增城镇就业", "新增城镇就业", "8950人", "4527人", "50.6%", "50.0%", "序时推进", "区人社局"]
    assert rows[5] == ["5a", "提高城乡低保标准和救助水平", "城乡低保标准", "不低于3480元/年", "3300元/年", "94.8%", "—",
                       "滞后", "区民政局"]
    table = run("--data", DATA, "status", "--as-of", "2019-06", "--wide").stdout
    lines = table.splitlines()
    body = lines[lines.index(next(line for line in lines if line.startswith("------"))) + 1:][:19]
    assert [re.split(r"\s{2,}", line.strip()) for line in body] == rows[1:]  # the terminal table, cell for cell


def test_csv_by_unit_for_excel(run):
    raw = run("--data", DATA, "status", "--by", "unit", "--format", "csv").stdout_bytes
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    assert rows[0] == ["责任单位", "指标数", "已完成", "序时推进", "滞后", "未完成", "未报送", "年度评优"]
    assert rows[1] == ["区人社局", "1", "1", "0", "0", "0", "0", ""]
    assert [r[0] for r in rows if r[-1] == "不得评为优秀"] == ["市保障性住房楼区分中心", "区住建局", "区残联"]  # 15a 核减


def test_csv_on_a_console_that_is_not_utf8():
    """`minshi status --format csv > 进度.csv` on Chinese Windows (console code page GBK) still
    writes UTF-8 with a BOM, not a UnicodeEncodeError."""
    env = dict(os.environ, PYTHONIOENCODING="gbk")
    env.pop("PYTHONUTF8", None)
    r = subprocess.run([sys.executable, "-m", "minshi_cli", "--data", str(DATA), "status", "--format", "csv"],
                       capture_output=True, env=env, cwd=REPO)
    assert r.returncode == 0, r.stderr.decode("gbk", "replace")
    assert r.stdout.startswith("\ufeff序号,项目".encode("utf-8"))


@pytest.mark.parametrize("level,count", [("province", 10), ("city", 9)])
def test_level_filter(run, level, count):
    doc = json.loads(run("--data", DATA, "status", "--level", level, "--format", "json").stdout)
    assert len(doc["indicators"]) == count and {i["level"] for i in doc["indicators"]} == {level}
    assert sum(doc["summary"].values()) == count


@pytest.mark.parametrize("name,level", [("省级", "province"), ("市级", "city")])
def test_level_filter_by_the_name_shown(run, name, level):
    """The level's name in the tables (省级) picks the same indicators as its key (province)."""
    by_name = run("--data", DATA, "status", "--level", name, "--format", "json")
    assert by_name.exit_code == 0
    assert by_name.stdout == run("--data", DATA, "status", "--level", level, "--format", "json").stdout
    assert {i["level"] for i in json.loads(by_name.stdout)["indicators"]} == {level}


def test_unit_filter(run):
    doc = json.loads(run("--data", DATA, "status", "--unit", "区民政局", "--format", "json").stdout)
    assert [i["id"] for i in doc["indicators"]] == ["5a", "5b", "6a", "6b"]
    assert [p["seq"] for p in doc["projects"]] == [5, 6]


def test_unknown_unit_is_a_usage_error(run):
    r = run("--data", DATA, "status", "--unit", "区财政局")
    assert r.exit_code == 2 and "区财政局" in r.stderr and "区民政局" in r.stderr


def test_by_unit_at_final_month_bars_excellence(run):
    out = run("--data", DATA, "status", "--by", "unit").stdout
    barred = [line for line in out.splitlines() if "不得评为优秀" in line and not line.startswith(("2019", "已报送"))]
    # 区残联: 15a reported 256 of 250, certified 248 (核减): unfinished on the figure of record
    assert [line.split()[0] for line in barred] == ["市保障性住房楼区分中心", "区住建局", "区残联"]
    doc = json.loads(run("--data", DATA, "status", "--by", "unit", "--format", "json").stdout)
    assert doc["final"] is True and sum(u["excellence_barred"] for u in doc["units"]) == 3
    assert not any(u["unreported_at_final"] for u in doc["units"])
    assert list(doc["units"][0]) == ["unit", "indicators", *KEYS, "excellence_barred", "unreported_at_final"]


def _drop_december_rows(data_dir, *indicators):
    """Leave indicators out of December in a private copy of the data (never data/ itself), and
    take away the statistics bureau's December figures so that Part one's rule is what is tested."""
    path = data_dir / "progress" / "2019-12.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if line.split(",")[0] not in indicators]
    assert len(kept) == len(lines) - len(indicators)
    path.write_text("".join(kept), encoding="utf-8")
    shutil.rmtree(data_dir / "certified")


def test_by_unit_unreported_at_final_month_is_pending_not_barred(run, data_dir):
    """区卫健局 reported 2330/2500 and 3320/3600 in November and left them out of December: it has
    to report, and is not barred from 优秀 on the strength of a missing row."""
    _drop_december_rows(data_dir, "3", "4")
    out = run("--data", data_dir, "status", "--by", "unit").stdout
    rows = {line.split()[0]: line.split() for line in out.splitlines()[3:] if line.strip()}
    assert rows["区卫健局"][-1] == "待补报"
    assert rows["市保障性住房楼区分中心"][-1] == "不得评为优秀" and rows["区住建局"][-1] == "不得评为优秀"
    assert len(rows["区人社局"]) == 7  # unit, count and 5 statuses; no verdict: reported and done
    doc = json.loads(run("--data", data_dir, "status", "--by", "unit", "--format", "json").stdout)
    health = next(u for u in doc["units"] if u["unit"] == "区卫健局")
    assert health["missing"] == 2 and health["excellence_barred"] is False and health["unreported_at_final"] is True
    assert [u["unit"] for u in doc["units"] if u["excellence_barred"]] == ["市保障性住房楼区分中心", "区住建局"]
    csv_text = run("--data", data_dir, "status", "--by", "unit", "--format", "csv").stdout
    assert "区卫健局,3,1,0,0,0,2,待补报" in csv_text
    md = run("--data", data_dir, "status", "--by", "unit", "--format", "markdown").stdout
    assert "有指标未报送的单位待补报" in md.split("\n\n")[1]  # the year-end rule under the heading


def test_a_target_reached_stays_reached_when_december_is_left_out(run, data_dir):
    """区教育局 reported 51/51 and 1/1 in November and left December out (docs/kinds.md): done, carried
    from November, counted as reported; the unit is neither barred nor asked to report."""
    _drop_december_rows(data_dir, "2", "16")
    doc = json.loads(run("--data", data_dir, "status", "--format", "json").stdout)
    two = next(i for i in doc["indicators"] if i["id"] == "2")
    assert (two["status"], two["value"], two["delta"], two["carried_from"]) == ("done", 51, 0, "2019-11")
    units = json.loads(run("--data", data_dir, "status", "--by", "unit", "--format", "json").stdout)["units"]
    edu = next(u for u in units if u["unit"] == "区教育局")
    assert (edu["done"], edu["missing"], edu["excellence_barred"], edu["unreported_at_final"]) == (2, 0, False, False)
    out = run("--data", data_dir, "status").stdout
    assert "51个（沿用11月数据）" in out


def test_by_unit_unfinished_and_unreported_is_barred(run, data_dir):
    _drop_december_rows(data_dir, "3")
    path = data_dir / "progress" / "2019-12.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("\n14,4030,", "\n14,3900,"), encoding="utf-8")
    doc = json.loads(run("--data", data_dir, "status", "--by", "unit", "--format", "json").stdout)
    health = next(u for u in doc["units"] if u["unit"] == "区卫健局")
    assert health["excellence_barred"] is True and health["unreported_at_final"] is True
    out = run("--data", data_dir, "status", "--by", "unit").stdout
    assert next(line for line in out.splitlines() if line.startswith("区卫健局")).endswith("不得评为优秀")


def test_by_unit_mid_year_bars_nobody(run):
    doc = json.loads(run("--data", DATA, "status", "--by", "unit", "--as-of", "2019-06", "--format", "json").stdout)
    assert doc["final"] is False and not any(u["excellence_barred"] for u in doc["units"])
    doc = json.loads(run("--data", DATA, "status", "--by", "unit", "--as-of", "2019-05", "--format", "json").stdout)
    assert not any(u["unreported_at_final"] for u in doc["units"])  # 区残联 missed May: not the year's end
    md = run("--data", DATA, "status", "--by", "unit", "--format", "markdown").stdout
    assert "| 区人社局" in md


@pytest.mark.parametrize("as_of", ["2019-13", "June", "19-06", "2019-0"])
def test_bad_as_of_is_a_usage_error(run, as_of):
    r = run("--data", DATA, "status", "--as-of", as_of)
    assert r.exit_code == 2 and "YYYY-MM" in r.stderr


def test_as_of_outside_the_year(run):
    r = run("--data", DATA, "status", "--as-of", "2020-01")
    assert r.exit_code == 2 and "月份 2020-01 不在登记表年度 2019 年内" in r.stderr


NO_FILE_NOTE = "注意：2019-03 没有进度文件，各指标均按未报送计"


def test_month_without_a_file_shows_all_missing(run, empty_data):
    write(empty_data / "progress" / "2019-01.csv", "indicator,value\n1,700\n")
    r = run("--data", empty_data, "status", "--as-of", "2019-03", "--format", "json")
    doc = json.loads(r.stdout)
    assert r.exit_code == 0 and doc["summary"]["missing"] == 19  # the JSON shape is the contract's, no note


@pytest.mark.parametrize("fmt", ["table", "markdown"])
@pytest.mark.parametrize("by", ["indicator", "unit"])
def test_month_without_a_file_says_so(run, empty_data, fmt, by):
    write(empty_data / "progress" / "2019-01.csv", "indicator,value\n1,700\n")
    r = run("--data", empty_data, "status", "--as-of", "2019-03", "--format", fmt, "--by", by)
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[2] == NO_FILE_NOTE  # right under the title, before the table
    if by == "indicator":
        assert lines[-1] == "已完成 0 项，序时推进 0 项，滞后 0 项，严重滞后 0 项，未报送 19 项"
    ok = run("--data", empty_data, "status", "--as-of", "2019-01", "--format", fmt, "--by", by).stdout
    assert "没有进度文件" not in ok


@pytest.mark.parametrize("fmt", ["table", "markdown"])
@pytest.mark.parametrize("by", ["indicator", "unit"])
def test_empty_filter_says_so(run, fmt, by):
    r = run("--data", DATA, "status", "--level", "province", "--unit", "区残联", "--format", fmt, "--by", by)
    assert r.exit_code == 0
    assert r.stdout.rstrip().endswith("没有符合条件的指标（省级项目，主要责任单位为区残联）")
    assert "---" not in r.stdout and "未报送 0 项" not in r.stdout  # no empty table, no all-zero summary
    doc = json.loads(run("--data", DATA, "status", "--level", "province", "--unit", "区残联",
                         "--format", "json").stdout)
    assert doc["indicators"] == [] and doc["projects"] == []


def test_no_progress_files(run, empty_data):
    r = run("--data", empty_data, "status")
    assert r.exit_code == 1 and "没有任何月度进度文件" in r.stderr


def test_missing_data_folder(run, tmp_path):
    r = run("--data", tmp_path / "nowhere", "status")
    assert r.exit_code == 2 and "找不到数据文件夹" in r.stderr


def test_missing_registry(run, tmp_path):
    (tmp_path / "progress").mkdir()
    r = run("--data", tmp_path, "status")
    assert r.exit_code == 2 and "projects.yaml" in r.stderr


def test_broken_registry_names_file_and_line(run, data_dir):
    reg = data_dir / "projects.yaml"
    reg.write_text(reg.read_text(encoding="utf-8").replace("target: 8950", "target: -1"), encoding="utf-8")
    r = run("--data", data_dir, "status")
    assert r.exit_code == 1
    assert "projects.yaml:" in r.stderr and "registry-target" in r.stderr and "Traceback" not in r.output


def test_data_errors_stop_status(run, data_dir):
    write(data_dir / "progress" / "2019-06.csv", "indicator,value\n1,八千\n")
    r = run("--data", data_dir, "status")
    assert r.exit_code == 1
    assert "2019-06.csv:2: error not-a-number" in r.stderr and "「八千」" in r.stderr
    assert r.stderr.endswith(f"请先改正；运行 minshi --data {data_dir.as_posix()} check 可查看全部问题。\n")


def test_errors_in_later_months_do_not_stop_an_earlier_picture(run, data_dir):
    write(data_dir / "progress" / "2019-09.csv", "indicator,value\n1,八千\n")
    assert run("--data", data_dir, "status", "--as-of", "2019-06").exit_code == 0
    assert run("--data", data_dir, "report", "--month", "2019-06").exit_code == 0
    r = run("--data", data_dir, "status", "--as-of", "2019-09")
    assert r.exit_code == 1 and "2019-09.csv:2" in r.stderr
    assert run("--data", data_dir, "status").exit_code == 1  # the latest month is 2019-12


def test_environment_variable_sets_the_data_folder(run):
    r = run("status", "--format", "json", env={"MINSHI_DATA": str(DATA)})
    assert r.exit_code == 0 and json.loads(r.stdout)["as_of"] == "2019-12"


def test_version_and_help(run):
    assert run("--version").stdout.strip() == "minshi 0.1.0"
    for args in (["-h"], ["--help"], ["status", "-h"], ["check", "--help"]):
        r = run(*args)
        assert r.exit_code == 0 and r.stdout.startswith("用法：") and "显示本帮助并退出" in r.stdout
        assert "Usage" not in r.stdout and "Show this message" not in r.stdout


@pytest.mark.parametrize("month", ["6月", "201906", "2019-13"])
def test_a_month_option_not_read_names_the_forms_that_are(run, month):
    r = run("--data", DATA, "report", "--month", month)
    assert r.exit_code == 2
    assert (f"错误：--month 的值不对：「{month}」不是月份：应为 YYYY-MM，如 2019-06（也可写 2019-6、2019/6、2019年6月；"
            "年份不能省）") in r.stderr


@pytest.mark.parametrize("args,expected", [
    (["status", "--as-of", "2019-13"], "错误：--as-of 的值不对：「2019-13」不是月份"),
    (["status", "--level", "区级"], "minshi：--level 的值不对：登记表中没有层级「区级」；可选：province（省级）、city（市级）"),
    (["report"], "错误：缺少选项 --month"),
    (["stat"], "错误：没有命令「stat」；可用的命令：assess、check、report、site、status"),
    (["status", "--formt", "json"], "错误：没有选项 --formt，是否应为 --format？"),
])
def test_usage_errors_are_in_chinese_and_exit_2(run, args, expected):
    r = run("--data", DATA, *args)
    assert r.exit_code == 2 and r.stderr.startswith(expected)
    assert "运行 " in r.stderr and "-h 查看帮助" in r.stderr and "Error" not in r.stderr


def test_help_does_not_import_pandas():
    code = "import sys; from minshi_cli.cli import main; print('pandas' in sys.modules, 'jinja2' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO).stdout
    assert out.split() == ["False", "False"]
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "minshi_cli", "--help"], capture_output=True,
                       text=True, cwd=REPO)
    assert r.returncode == 0 and "pandas" not in r.stderr


def test_status_table_does_not_import_tabulate():
    """The terminal table is laid out without tabulate and wcwidth (~35 ms to import; issue 7's
    start-up target); ``--format markdown`` still draws with tabulate."""
    code = ("import sys\nfrom minshi_cli.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('tabulate', 'wcwidth') if m in sys.modules), file=sys.stderr)")

    def loaded(*args):
        r = subprocess.run([sys.executable, "-c", code, "--data", str(DATA), *args], capture_output=True, text=True,
                           cwd=REPO)
        return r.stderr.strip().splitlines()[-1]

    assert loaded("status") == "[]"
    assert loaded("status", "--by", "unit") == "[]"
    assert loaded("status", "--format", "markdown") == "['tabulate', 'wcwidth']"


def test_status_does_not_import_the_report():
    """status (by indicator) imports neither the report's module nor Jinja: start-up time."""
    code = ("import sys\nfrom minshi_cli.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('minshi_cli.views.report', 'jinja2') if m in sys.modules), file=sys.stderr)")

    def loaded(*args):
        r = subprocess.run([sys.executable, "-c", code, "--data", str(DATA), *args], capture_output=True, text=True,
                           cwd=REPO)
        return r.stderr.strip().splitlines()[-1]

    assert loaded("status") == "[]"
    assert loaded("status", "--format", "json") == "[]"
    assert loaded("status", "--by", "unit", "--as-of", "2019-12") == "['minshi_cli.views.report']"


def test_python_dash_m_works():
    r = subprocess.run([sys.executable, "-m", "minshi_cli", "--data", str(DATA), "status", "--format", "json"],
                       capture_output=True, text=True)
    assert r.returncode == 0 and json.loads(r.stdout)["as_of"] == "2019-12"


def test_status_writes_nothing_under_data(run, data_dir):
    before = sorted((p.relative_to(data_dir), p.read_bytes()) for p in data_dir.rglob("*") if p.is_file())
    for fmt in ("table", "markdown", "json", "csv"):
        run("--data", data_dir, "status", "--format", fmt)
    after = sorted((p.relative_to(data_dir), p.read_bytes()) for p in data_dir.rglob("*") if p.is_file())
    assert before == after


def test_december_counts_by_label(run):
    """The footer counts by the label every row shows: 未完成 for the indicators labelled 未完成 (not
    严重滞后), 超额完成 under 已完成 (5 of the 16 done are above target); JSON keeps the status keys."""
    out = run("--data", DATA, "status", "--as-of", "2019-12").stdout
    assert out.rstrip().endswith("已完成 16 项，序时推进 0 项，滞后 0 项，未完成 3 项，未报送 0 项")
    assert "严重滞后" not in out.rstrip().splitlines()[-1]
    doc = json.loads(run("--data", DATA, "status", "--as-of", "2019-12", "--format", "json").stdout)
    assert doc["summary"] == {"done": 16, "on_track": 0, "lagging": 0, "behind": 3, "missing": 0}
    assert sum(i["label"] == "超额完成" for i in doc["indicators"]) == 5


def test_count_columns_keep_both_words_where_both_occur():
    from minshi_cli.core.statuses import count_columns, counted_as
    words = [counted_as(s, label) for s, label in [("behind", "严重滞后"), ("behind", "未完成"), ("done", "超额完成")]]
    assert words == ["严重滞后", "未完成", "已完成"]
    assert [w for _, w in count_columns(words)] == ["已完成", "序时推进", "滞后", "严重滞后", "未完成", "未报送"]
    assert [w for _, w in count_columns(["未完成"])] == ["已完成", "序时推进", "滞后", "未完成", "未报送"]


@pytest.mark.parametrize("args, line", [
    ((), "已完成 16 项，序时推进 0 项，滞后 0 项，未完成 3 项，未报送 0 项"),
    (("--level", "province"), "已完成 10 项，序时推进 0 项，滞后 0 项，未完成 0 项，未报送 0 项"),
    (("--level", "省级"), "已完成 10 项，序时推进 0 项，滞后 0 项，未完成 0 项，未报送 0 项"),
    (("--unit", "区人社局"), "已完成 1 项，序时推进 0 项，滞后 0 项，未完成 0 项，未报送 0 项"),
])
def test_a_filtered_year_end_counts_by_the_same_words_as_the_whole(run, args, line):
    """At the year's end an unfinished indicator is counted as 未完成, and a count over one level
    or unit has the columns of the count over all (the report's), not 严重滞后 0 项 (docs/rules.md)."""
    r = run("--data", DATA, "status", "--as-of", "2019-12", *args)
    assert r.exit_code == 0
    assert r.stdout.rstrip("\n").splitlines()[-1] == line
    units = run("--data", DATA, "status", "--as-of", "2019-12", "--by", "unit", *args).stdout
    header = next(h for h in units.splitlines() if h.startswith("责任单位"))
    assert header.split() == ["责任单位", "指标数", "已完成", "序时推进", "滞后", "未完成", "未报送", "年度评优"]
