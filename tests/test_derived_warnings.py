"""A figure in error yields its error and no warning derived from it (README: 一个值有错时，不再报出
由它推出的其他值的问题; docs/problems.md): a cumulative figure below an earlier month's
(decreasing-value) is not also lagging (missing-reason), far above target (above-target), above
the reported one (certified-above-reported) or above budget (above-budget)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write

HEADER = "indicator,value,reporter,note\n"
CERT_HEADER = "指标,认定值,认定单位,备注\n"


def _lines(result, root: Path) -> list[str]:
    return result.stdout.replace(str(root) + "/", "").splitlines()


def _set(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_decreasing_value_is_not_also_lagging(run, data_dir):
    """The new user's case: indicator 1's June figure 3000 is below May's 3764 (and would be
    严重滞后 with an empty note): one error, no missing-reason derived from the wrong figure."""
    _set(data_dir / "progress" / "2019-06.csv", "\n1,4527,", "\n1,3000,")
    r = run("--data", data_dir, "check", data_dir / "progress" / "2019-06.csv")
    assert r.exit_code == 1
    assert _lines(r, data_dir.parent) == [
        "data/progress/2019-06.csv:2: error decreasing-value 指标 1 的累计值 3000 低于之前报送的 3764"
        "（data/progress/2019-05.csv:2）：累计值是年初至今的总数，不应减少"]
    assert r.stderr.strip() == "检查 1 个文件、20 行：1 个错误，0 个警告"


def test_a_sound_figure_beside_it_still_warns(run, empty_data):
    """Only the figure in error is spared: July (4000 of 8950, 严重滞后, no note) still warns."""
    write(empty_data / "progress" / "2019-05.csv", HEADER + "1,3764,,原因\n")
    write(empty_data / "progress" / "2019-06.csv", HEADER + "1,3000,,\n")
    write(empty_data / "progress" / "2019-07.csv", HEADER + "1,4000,,\n")
    r = run("--data", empty_data, "check")
    said = [line.split(" ", 3)[:3] for line in _lines(r, empty_data.parent) if "指标 1 " in line]
    assert said == [["data/progress/2019-06.csv:2:", "error", "decreasing-value"],
                    ["data/progress/2019-07.csv:2:", "warning", "missing-reason"]]


def test_a_decreasing_value_is_not_also_above_target(run, empty_data):
    """May 99 of 51 is far above target (its own warning); June 90, below it, is an error only."""
    write(empty_data / "progress" / "2019-05.csv", HEADER + "2,99,,\n")
    write(empty_data / "progress" / "2019-06.csv", HEADER + "2,90,,\n")
    r = run("--data", empty_data, "check")
    assert r.exit_code == 1
    said = [line for line in _lines(r, empty_data.parent) if "指标 2 " in line]
    assert said == [
        "data/progress/2019-05.csv:2: warning above-target 指标 2 的完成值 99 超过目标 51 的 150%：核对是否多填了一位数或单位有误",
        "data/progress/2019-06.csv:2: error decreasing-value 指标 2 的累计值 90 低于之前报送的 99"
        "（data/progress/2019-05.csv:2）：累计值是年初至今的总数，不应减少"]


def test_a_certified_figure_is_not_compared_with_a_wrong_report(run, empty_data):
    """June's reported 3000 is below May's 3764: the certified 3500 is neither above it nor
    certified where nothing was reported."""
    write(empty_data / "progress" / "2019-05.csv", HEADER + "1,3764,,原因\n")
    write(empty_data / "progress" / "2019-06.csv", HEADER + "1,3000,,原因\n")
    write(empty_data / "certified" / "2019-06.csv", CERT_HEADER + "1,3500,区统计局,\n")
    r = run("--data", empty_data, "check")
    codes = [line.split(" ", 3)[2] for line in _lines(r, empty_data.parent) if "指标 1 " in line]
    assert codes == ["decreasing-value"]


def test_a_wrong_certified_figure_is_not_compared_either(run, empty_data):
    """A certified figure below an earlier certified one is an error, and not also above the report."""
    write(empty_data / "progress" / "2019-05.csv", HEADER + "1,3764,,原因\n")
    write(empty_data / "progress" / "2019-06.csv", HEADER + "1,4000,,原因\n")
    write(empty_data / "certified" / "2019-05.csv", CERT_HEADER + "1,4500,区统计局,\n")
    write(empty_data / "certified" / "2019-06.csv", CERT_HEADER + "1,4400,区统计局,\n")
    r = run("--data", empty_data, "check")
    said = [line.split(" ", 3)[:3] for line in _lines(r, empty_data.parent) if "指标 1 " in line]
    assert said == [["data/certified/2019-05.csv:2:", "warning", "certified-above-reported"],
                    ["data/certified/2019-06.csv:2:", "error", "decreasing-value"],
                    # June's report is below May's figure of record, the certified 4500 (docs/assessment.md)
                    ["data/progress/2019-06.csv:2:", "error", "decreasing-value"]]


def test_a_decreasing_disbursement_is_not_also_above_budget(run, data_dir):
    """Project 13 (budget 900万元): 950 in November is above it (a warning), 920 in December, below
    November's, is an error only; project 11's wrong December figure is not said to be behind
    progress either."""
    write(data_dir / "funds" / "2019-11.csv", "项目,已拨付\n13,950\n11,500\n")
    write(data_dir / "funds" / "2019-12.csv", "项目,已拨付\n13,920\n11,100\n")
    r = run("--data", data_dir, "check")
    said = [line.split(" ", 3)[:3] for line in _lines(r, data_dir.parent)
            if line.startswith("data/funds/2019-1") and ("项目 13 " in line or "项目 11 " in line)]
    assert said == [["data/funds/2019-11.csv:2:", "warning", "above-budget"],
                    ["data/funds/2019-12.csv:2:", "error", "decreasing-value"],
                    ["data/funds/2019-12.csv:3:", "error", "decreasing-value"]]
