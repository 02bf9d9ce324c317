"""Certification (指标认定, docs/assessment.md): certified files read like progress files, their problem
codes at their exact lines, and the certified figure as the figure of record everywhere."""

from __future__ import annotations

import json
import shutil

from minshi_cli.core.figures import of_record as figures_of_record
from minshi_cli.core.dataset import load
from tests.conftest import DATA, write
from tests.test_check import FULL_MONTH, HEADER, found

CERT_HEADER = "indicator,value,certifier,note\n"


def _june(empty_data, certified: str, progress: str = HEADER + FULL_MONTH, month: str = "2019-06"):
    write(empty_data / "progress" / f"{month}.csv", progress)
    write(empty_data / "certified" / f"{month}.csv", certified)
    return empty_data


def test_certified_unreported(run, empty_data):
    progress = HEADER + "".join(line + "\n" for line in FULL_MONTH.splitlines() if not line.startswith("3,"))
    _june(empty_data, CERT_HEADER + "1,8950,区统计局,\n3,2400,区统计局,\n", progress)
    exit_code, hits = found(run, empty_data, code="certified-unreported")
    assert exit_code == 0 and hits == [("2019-06.csv", 3, "value", "warning", "certified-unreported")]
    r = run("--data", empty_data, "check")
    assert "certified/2019-06.csv:3: warning certified-unreported 指标 3 2019-06 有认定值 2400，但责任单位当月没有报送" in r.stdout


def test_certified_above_reported_only_for_cumulative(run, empty_data):
    # 1: 8950 reported, 9000 certified (above: warning); 5a: a standard certified above is not a 核增
    _june(empty_data, CERT_HEADER + "5a,3500,区统计局,\n1,9000,区统计局,\n")
    exit_code, hits = found(run, empty_data, code="certified-above-reported")
    assert exit_code == 0 and hits == [("2019-06.csv", 3, "value", "warning", "certified-above-reported")]


def test_decreasing_certified_value_is_an_error_but_a_cut_is_not(run, empty_data):
    write(empty_data / "progress" / "2019-05.csv", HEADER + FULL_MONTH)
    write(empty_data / "certified" / "2019-05.csv", CERT_HEADER + "1,8900,区统计局,核减\n")  # below reported: 核减
    _june(empty_data, "指标,认定值,认定单位\n2,51,区统计局\n1,8800,区统计局\n")
    exit_code, hits = found(run, empty_data, code="decreasing-value")
    assert exit_code == 1 and hits == [("2019-06.csv", 3, "认定值", "error", "decreasing-value")]
    r = run("--data", empty_data, "check")
    assert "指标 1 的累计值 8800 低于之前认定的 8900（" in r.stdout


def test_certified_rows_share_the_progress_checks(run, empty_data):
    _june(empty_data, CERT_HEADER + "17,5,,\n1,八千,,\n2,50,,\n2,51,,\n")
    exit_code, hits = found(run, empty_data)
    certified = [h for h in hits if h[0] == "2019-06.csv" and h[4] != "not-reported"]
    assert exit_code == 1
    assert ("2019-06.csv", 2, "indicator", "error", "unknown-indicator") in certified
    assert ("2019-06.csv", 3, "value", "error", "not-a-number") in certified
    assert ("2019-06.csv", 5, "indicator", "error", "duplicate-indicator") in certified


def test_a_certified_figure_is_no_duplicate_of_the_reported_one(run, empty_data):
    """Certified rows are checked in the same pass as progress rows: a duplicate is one within
    the certified files, never a certified figure beside the unit's own."""
    _june(empty_data, CERT_HEADER + "1,8900,区统计局,\n1,8800,区统计局,\n")
    r = run("--data", empty_data, "check", "--format", "json")
    doc = json.loads(r.stdout)
    twice = [(p["file"], p["line"], p["message"]) for p in doc["problems"] if p["code"] == "duplicate-indicator"]
    assert len(twice) == 1
    file, line, message = twice[0]
    assert (file.replace("\\", "/").endswith("certified/2019-06.csv"), line) == (True, 3)
    assert message.startswith("指标 1 在 2019-06 重复报送：") and message.endswith("2019-06.csv:2 已报送过，只保留一行")
    assert "certified" in message


def test_unknown_area(run, empty_data):
    _june(empty_data, "indicator,value,area\n1,8950,\n2,51,东坡区\n")
    exit_code, hits = found(run, empty_data, code="unknown-area")
    assert exit_code == 1 and hits == [("2019-06.csv", 3, "area", "error", "unknown-area")]


def test_missing_column_names_the_certified_headers(run, empty_data):
    _june(empty_data, "indicator,certifier\n1,区统计局\n")
    r = run("--data", empty_data, "check")
    assert "certified/2019-06.csv:1: error missing-column 缺少必需的列 value（认定值）：表头第一行应含 indicator,value 或 指标,认定值" in r.stdout


def test_check_path_takes_the_kind_from_the_folder(run, empty_data):
    _june(empty_data, CERT_HEADER + "1,9000,区统计局,\n")
    path = empty_data / "certified" / "2019-06.csv"
    r = run("--data", empty_data, "check", "--format", "json", path)
    doc = json.loads(r.stdout)
    assert [(p["code"], p["line"]) for p in doc["problems"]] == [("certified-above-reported", 2)]
    assert r.stderr.strip() == "检查 1 个文件、2 行：0 个错误，1 个警告"


def test_figure_of_record_replaces_the_reported_one(run, data_dir):
    """The shipped December certification: 1 reported 9126, certified 9050; 15a 256 → 248 (核减
    below the target: not done); 16 not certified (the unit's figure stands)."""
    doc = json.loads(run("--data", data_dir, "status", "--format", "json").stdout)
    ind = {i["id"]: i for i in doc["indicators"]}
    assert (ind["1"]["reported"], ind["1"]["certified"], ind["1"]["value"], ind["1"]["status"]) == (9126, 9050, 9050, "done")
    assert ind["1"]["delta"] == 9050 - 8305  # between figures of record (November had no certification)
    assert (ind["15a"]["value"], ind["15a"]["rate"], ind["15a"]["status"]) == (248, 248 / 250, "behind")
    assert ind["15a"]["label"] == "未完成"
    assert (ind["16"]["reported"], ind["16"]["certified"], ind["16"]["value"]) == (1, None, 1)


def test_delta_between_figures_of_record_may_be_negative(run, data_dir):
    """October's reported 3380 stands; November's 3720 is certified down to 3350: 本月新增 −30."""
    write(data_dir / "certified" / "2019-11.csv", CERT_HEADER + "14,3350,区统计局,核减370人\n")
    doc = json.loads(run("--data", data_dir, "status", "--as-of", "2019-11", "--format", "json").stdout)
    row = next(i for i in doc["indicators"] if i["id"] == "14")
    assert (row["reported"], row["certified"], row["value"], row["delta"]) == (3720, 3350, 3350, -30)
    assert run("--data", data_dir, "check").exit_code == 0  # a 核减 below an earlier report is no error


def test_certified_value_counts_where_the_unit_did_not_report(run, empty_data):
    progress = HEADER + "".join(line + "\n" for line in FULL_MONTH.splitlines() if not line.startswith("3,"))
    _june(empty_data, CERT_HEADER + "3,1300,区统计局,\n", progress)
    doc = json.loads(run("--data", empty_data, "status", "--format", "json").stdout)
    three = next(i for i in doc["indicators"] if i["id"] == "3")
    assert (three["value"], three["reported"], three["certified"], three["status"]) == (1300, None, 1300, "on_track")


def test_figures_of_record_unit():
    data = load(DATA)
    figures = figures_of_record(data.records, data.certified)
    dec = figures[figures["month"] == "2019-12"].set_index("indicator")
    assert (dec.loc["10", "reported"], dec.loc["10", "certified"], dec.loc["10", "value"]) == (1180.0, 1150.0, 1150.0)
    assert dec.loc["10", "note"].startswith("剩余91户")  # the unit's note stays with its figure
    assert len(figures) == len(data.records)  # every certified figure has a report in the shipped data
    assert figures_of_record(data.records, None)["value"].equals(data.records["value"])


def test_figures_of_record_adds_a_certified_figure_nobody_reported_in_month_order():
    import pandas as pd

    records = pd.DataFrame({"month": ["2019-05", "2019-06", "2019-06"], "indicator": ["1", "1", "2"],
                            "area": ["", "", ""], "value": [10.0, 20.0, 5.0], "note": ["a", "b", "c"],
                            "reporter": ["甲", "甲", "乙"], "file": ["p5", "p6", "p6"], "line": [2, 2, 3]})
    certified = pd.DataFrame({"month": ["2019-06", "2019-05"], "indicator": ["1", "2"], "area": ["", ""],
                              "value": [18.0, 4.0], "certifier": ["局", "局"], "note": ["", ""],
                              "file": ["c6", "c5"], "line": [4, 7]})
    out = figures_of_record(records, certified)
    assert out[["month", "indicator", "value", "note", "file", "line"]].values.tolist() == [
        ["2019-05", "1", 10.0, "a", "p5", 2],
        ["2019-05", "2", 4.0, "", "c5", 7],  # certified only: the bureau's file and line
        ["2019-06", "1", 18.0, "b", "p6", 2],  # 核减 18 < 20
        ["2019-06", "2", 5.0, "c", "p6", 3],
    ]
    assert out["reported"].isna().tolist() == [False, True, False, False]
    assert out["certified"].fillna(-1).tolist() == [-1, 4.0, 18.0, -1]


def test_figures_of_record_are_in_month_order_whatever_the_records_order():
    import pandas as pd

    records = pd.DataFrame({"month": ["2019-06", "2019-05"], "indicator": ["1", "1"], "area": ["", ""],
                            "value": [20.0, 10.0], "note": ["", ""], "reporter": ["", ""], "file": ["p6", "p5"],
                            "line": [2, 2]})
    certified = pd.DataFrame({"month": ["2019-06"], "indicator": ["1"], "area": [""], "value": [18.0],
                              "certifier": ["局"], "note": [""], "file": ["c6"], "line": [2]})
    out = figures_of_record(records, certified)
    assert out[["month", "value", "reported"]].values.tolist() == [["2019-05", 10.0, 10.0], ["2019-06", 18.0, 20.0]]


def test_no_certified_folder_is_fine(run, data_dir):
    shutil.rmtree(data_dir / "certified")
    doc = json.loads(run("--data", data_dir, "status", "--format", "json").stdout)
    assert all(i["certified"] is None for i in doc["indicators"])
    assert next(i for i in doc["indicators"] if i["id"] == "15a")["status"] == "done"


def _july_cut(data_dir, august: str, september: str | None = None, june_cut: str | None = None, july_cut: str = "5200"):
    """The shipped data up to July (区人社局 reported 5276 for indicator 1), July certified 5200 (核减76)."""
    for path in [*(data_dir / "progress").glob("2019-0[89].csv"), *(data_dir / "progress").glob("2019-1?.csv"),
                 *(data_dir / "certified").iterdir()]:
        path.unlink()
    write(data_dir / "certified" / "2019-07.csv", f"指标,认定值,认定单位,备注\n1,{july_cut},区统计局,核减：重复登记\n")
    if june_cut is not None:
        write(data_dir / "certified" / "2019-06.csv", f"指标,认定值,认定单位\n1,{june_cut},区统计局\n")
    write(data_dir / "progress" / "2019-08.csv", f"indicator,value\n1,{august}\n")
    if september is not None:
        write(data_dir / "progress" / "2019-09.csv", f"indicator,value\n1,{september}\n")
    return data_dir


def _decreasing(run, data):
    out = run("--data", data, "check").stdout
    return [line.split(" decreasing-value ")[1] for line in out.splitlines() if " decreasing-value " in line]


def test_a_report_after_a_cut_is_compared_with_the_certified_figure(run, data_dir):
    """The figure of record replaces the reported one in every computation (docs/assessment.md): after
    a 核减 to 5200, August's 5250 is right (it was an error against the reported 5276)."""
    assert _decreasing(run, _july_cut(data_dir, "5250")) == []
    # compared with earlier months only: August's own certified figure (above it) is not an earlier one
    write(data_dir / "certified" / "2019-08.csv", "指标,认定值,认定单位\n1,5300,区统计局\n")
    assert _decreasing(run, data_dir) == []
    (data_dir / "certified" / "2019-08.csv").unlink()
    assert _decreasing(run, _july_cut(data_dir, "5180")) == [
        f"指标 1 的累计值 5180 低于之前认定的 5200（{(data_dir / 'certified' / '2019-07.csv').as_posix()}:2）："
        "累计值是年初至今的总数，不应减少"]


def test_the_latest_earlier_figure_of_record_is_the_one_compared(run, data_dir):
    # August silent: September is compared with July's certified figure
    assert _decreasing(run, _july_cut(data_dir, "", "5190")) == [
        f"指标 1 的累计值 5190 低于之前认定的 5200（{(data_dir / 'certified' / '2019-07.csv').as_posix()}:2）："
        "累计值是年初至今的总数，不应减少"]
    # September is compared with August's report, not with July's certified figure below it
    assert _decreasing(run, _july_cut(data_dir, "5300", "5250")) == [
        f"指标 1 的累计值 5250 低于之前报送的 5300（{(data_dir / 'progress' / '2019-08.csv').as_posix()}:2）："
        "累计值是年初至今的总数，不应减少"]


def test_a_certified_figure_is_still_checked_against_certified_ones_only(run, data_dir):
    """A certified figure below an earlier certified one is an error; below an earlier reported one
    (June's 4527), a 核减."""
    data = _july_cut(data_dir, "5250", june_cut="5250")
    assert _decreasing(run, data) == [
        f"指标 1 的累计值 5200 低于之前认定的 5250（{(data_dir / 'certified' / '2019-06.csv').as_posix()}:2）："
        "累计值是年初至今的总数，不应减少"]
    assert _decreasing(run, _july_cut(data_dir, "5250", july_cut="4500")) == []


def test_the_form_shows_the_figure_of_record_as_last_months(run, data_dir, tmp_path):
    data = _july_cut(data_dir, "5250")
    (data / "progress" / "2019-08.csv").unlink()
    result = run("--data", data, "template", "--month", "2019-08", "--unit", "区人社局", "--format", "csv",
                 "-o", tmp_path / "forms")
    assert result.exit_code == 0, result.output
    rows = (tmp_path / "forms" / "区人社局-2019-08.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[1] == "1,新增城镇就业,新增城镇就业,8950,人,5200,,"
