"""`minshi verify` (docs/verify.md): hand-made tables in both published layouts with planted slips
at known lines, rows that round each way, the district layout's 100% standards, title rows, GBK,
every output format and exit code — and minshi's own tables verify clean."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import pytest

from minshi_cli.core.registry import load_registry
from minshi_cli.verify import Record, read_published, verify_table
from minshi_cli.verify.cells import assign, percents, quantities
from minshi_cli.verify.table import FIGURE, NOTE, PROJECT, RATE, SEQ, TARGET, UNIT, month_named, role_of
from tests.conftest import DATA, REPO, write

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "verify"
DISTRICT = FIXTURES / "district-2019-08.csv"  # integer percent, UTF-8, project rows, 100% standards
CITY = FIXTURES / "city-2019-06.csv"  # one decimal, GBK with CRLF, one row per indicator
REGISTRY = load_registry(DATA / "projects.yaml")
#: the registry a summary names (docs/verify.md: absolute, whatever the current folder)
AGAINST = f"对照 {(DATA / 'projects.yaml').as_posix()}"
HEADER = "序号,项目名称,任务指标,责任单位,1-7月累计完成,完成率,备注\n"


def problems(run, *args, data=DATA) -> tuple[int, list[tuple]]:
    r = run("--data", data, "verify", *args, "--format", "json")
    doc = json.loads(r.stdout)
    assert doc["errors"] == sum(p["severity"] == "error" for p in doc["problems"])
    assert doc["warnings"] == sum(p["severity"] == "warning" for p in doc["problems"])
    return r.exit_code, [(p["line"], p["code"], p["column"]) for p in doc["problems"]], doc["problems"]


def table_problems(tmp_path: Path, text: str, records: dict[str, float] | None = None, month: str = "2019-07",
                   encoding: str = "utf-8") -> list[tuple[int, str]]:
    """(line, code) of the problems of a table written from ``text``, against ``records``
    (indicator -> figure of record; none by default: the row's own figures stand)."""
    table = read_published(write(tmp_path / "表.csv", text, encoding))
    found = verify_table(REGISTRY, table, month, {k: Record(v, "data/progress/x.csv:2") for k, v in (records or {}).items()})
    return [(p.line, p.code) for p in found.problems], found


def codes(tmp_path, text, records=None, month="2019-07"):
    return table_problems(tmp_path, text, records, month)[0]


def messages(tmp_path, text, records=None, month="2019-07"):
    return [p.message for p in table_problems(tmp_path, text, records, month)[1].problems]


# ------------------------------------------------------------------ the two published layouts


def test_district_layout_integer_percent(run):
    exit_code, found, probs = problems(run, DISTRICT)
    assert exit_code == 1
    assert found == [
        (5, "rate-slip", "完成率"),  # 6031 / 8950 = 67.39%: printed 68%
        (6, "target-mismatch", "任务指标"),  # 50个 for 51个
        (8, "value-mismatch", "1-8月实际完成情况"),  # 2240人: the data folder has 2420人 (its 67% is right)
        (22, "unmatched-row", "项目名称"),  # project 17 is not in the registry
    ]
    assert probs[0]["message"] == ("「新增城镇就业」完成率「68%」有误：累计完成 6031人（数据文件夹 2019-08） ÷ 目标 8950人 = 67.39%，应为 67%")
    assert probs[1]["message"] == "目标「50个」与登记表不符：指标 2（减少义务教育大班额）的目标是 51个，表中为 50个"
    assert probs[2]["message"] == ("完成数「2240人」与数据文件夹中 2019-08 的数字不符：指标 4（孕产妇免费产前筛查）为 2420人"
                                   "（data/progress/2019-08.csv:5）".replace("data/", f"{DATA.as_posix()}/"))
    # the header 序  号 is named without the spaces that center it in its cell
    assert probs[3]["message"] == ("本行（序号「17」，项目名称「城区背街小巷提质改造」）对不上登记表中的指标，未校验："
                                   "请核对序号和项目名称与登记表是否一致")
    assert all(p["file"] == DISTRICT.as_posix() for p in probs)


def test_city_layout_one_decimal_gbk_crlf(run):
    raw = CITY.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the fixture really is GBK, as Excel saves it on Chinese Windows
    assert b"\r\n" in raw
    exit_code, found, probs = problems(run, CITY, "--month", "2019-06")
    assert exit_code == 1
    assert found == [
        (7, "rate-slip", "任务完成率"),  # 5a printed 100.0% while its standard 3300元/年 is below 3480
        (11, "rate-slip", "任务完成率"),  # 37.5% copied from the wrong row: 1420 / 3980 = 35.7%
        (14, "value-mismatch", "累计完成"),  # 420户 typed for 402户
        (15, "target-mismatch", "目标任务"),  # 11公里 for 11.2公里
        (22, "unmatched-row", "项目内容"),
    ]
    assert probs[0]["message"] == ("「城乡低保标准」完成率「100.0%」有误：现行标准 3300元/年（数据文件夹 2019-06） ÷ 目标 3480元/年 = 94.828%，"
                                   "应为 94.8%（未达到目标，不能印为 100%）")
    assert probs[1]["message"].endswith("= 35.678%，应为 35.7%")
    assert "最接近的是「完成公路生命安全防护工程」" in probs[4]["message"]


def test_fixtures_pass_once_the_slips_are_fixed(run, tmp_path):
    district = DISTRICT.read_text(encoding="utf-8")
    for slip, fix in [("6031人,68%", "6031人,67%"), ("50个,区教育局", "51个,区教育局"), ("2240人", "2420人")]:
        assert district.count(slip) == 1
        district = district.replace(slip, fix)
    district = "".join(line for line in district.splitlines(keepends=True) if not line.startswith("17,"))
    r = run("--data", DATA, "verify", write(tmp_path / "fixed.csv", district))
    assert r.exit_code == 0 and r.stdout == ""
    assert r.stderr.strip() == f"校验 {(tmp_path / 'fixed.csv').as_posix()}（2019-08），{AGAINST}：16 行中 16 行对上登记表，0 个错误，0 个警告；核对完成率 15 个、合计 0 处"

    city = CITY.read_bytes().decode("gbk")
    for slip, fix in [("3300元/年,100.0%", "3300元/年,94.8%"), ("1420个,37.5%", "1420个,35.7%"), ("420户", "402户"),
                      ("11公里", "11.2公里")]:
        assert city.count(slip) == 1
        city = city.replace(slip, fix)
    city = city.replace(",农村公路安保工程,30公里,区交通局,12公里,40.0%,\r\n", "")
    r = run("--data", DATA, "verify", write(tmp_path / "fixed-city.csv", city, "gbk"), "--month", "2019-06")
    assert r.exit_code == 0 and r.stdout == ""


# ------------------------------------------------------------------ the rounding rule, exactly


@pytest.mark.parametrize("value,target_row,printed,ok", [
    # 2340 / 4000 = 58.5% exactly: both directions at 0 decimals, nothing further
    ("2340", 14, "58%", True), ("2340", 14, "59%", True), ("2340", 14, "57%", False), ("2340", 14, "60%", False),
    ("2340", 14, "58.5%", True), ("2340", 14, "58.4%", False), ("2340", 14, "58.6%", False),
    # 1850 / 4000 = 46.25%: 46.2 and 46.3 at one decimal, 46.25 at two
    ("1850", 14, "46.2%", True), ("1850", 14, "46.3%", True), ("1850", 14, "46.1%", False), ("1850", 14, "46.4%", False),
    ("1850", 14, "46.25%", True), ("1850", 14, "46.24%", False), ("1850", 14, "46%", True), ("1850", 14, "47%", False),
    # 7.0 / 11.2 is 62.50000000000001% in binary: 62% is still a rounding direction, not a slip
    ("7.0", 11, "62%", True), ("7.0", 11, "63%", True), ("7.0", 11, "61%", False),
    # 5276 / 8950 = 58.95%: only 59 (and 58.9/59.0 at one decimal)
    ("5276", 1, "59%", True), ("5276", 1, "58%", False), ("5276", 1, "58.9%", True), ("5276", 1, "59.0%", False),
    ("5276", 1, "58.8%", False), ("5276", 1, "59", True), ("5276", 1, "59.1％", False),
])
def test_every_rounding_direction_and_nothing_further(tmp_path, value, target_row, printed, ok):
    targets = {14: ("完成新生儿48种遗传代谢病串联质谱筛查", "4000人", "人"), 11: ("完成公路生命安全防护工程", "11.2公里", "公里"),
               1: ("新增城镇就业", "8950人", "人")}
    name, target, unit = targets[target_row]
    text = HEADER + f"{target_row},{name},{target},x,{value}{unit},{printed},\n"
    assert codes(tmp_path, text) == ([] if ok else [(2, "rate-slip")])
    # the same against the data folder's figure when the row prints none
    text = HEADER + f"{target_row},{name},{target},x,,{printed},\n"
    assert codes(tmp_path, text, {str(target_row): float(value)}) == ([] if ok else [(2, "rate-slip")])


def test_the_message_gives_the_right_rate_at_the_printed_precision(tmp_path):
    text = HEADER + "1,新增城镇就业,8950人,x,5276人,65.00%,\n"
    assert messages(tmp_path, text) == ["「新增城镇就业」完成率「65.00%」有误：累计完成 5276人 ÷ 目标 8950人 = 58.9497%，应为 58.95%"]


def test_rate_from_the_figure_of_record_where_the_printed_figure_is_wrong(tmp_path):
    # the figure is the slip (value-mismatch); its rate agrees with the figure of record, so it stands
    assert codes(tmp_path, HEADER + "1,新增城镇就业,8950人,x,5726人,59%,\n", {"1": 5276}) == [(2, "value-mismatch")]
    # a rate computed from the wrong figure is wrong too, and the message says from what it should be
    found = messages(tmp_path, HEADER + "1,新增城镇就业,8950人,x,5726人,64%,\n", {"1": 5276})
    assert found[1] == "「新增城镇就业」完成率「64%」有误：累计完成 5276人（数据文件夹 2019-07） ÷ 目标 8950人 = 58.95%，应为 59%"


# ------------------------------------------------------------------ standards (threshold) rows


@pytest.mark.parametrize("figure,rate,note,expected", [
    ("", "100%", "现行标准3600元/年", []),  # the district layout: met, printed 100%
    ("3600元/年", "100%", "", []),
    ("3600元/年", "103%", "", []),  # or the true ratio 103.4%
    ("3600元/年", "103.4%", "", []),
    ("3600元/年", "104%", "", [(2, "rate-slip")]),
    ("3480元/年", "100.0%", "", []),
    ("3300元/年", "100%", "", [(2, "rate-slip")]),  # not met: 100% is a slip
    ("", "100%", "由3300元/年提高到3400元/年", [(2, "rate-slip")]),  # the level in force is the last one named
    ("", "100%", "由3300元/年提高到3480元/年", []),
    ("3300元/年", "94.8%", "", []),
    ("3300元/年", "95%", "", []),
    ("", "100%", "", []),  # no level printed and none on record: nothing to check the rate against
])
def test_standard_printed_as_100_percent_with_its_level_in_the_note(tmp_path, figure, rate, note, expected):
    text = HEADER + f"5,城乡低保标准,不低于3480元/年,区民政局,{figure},{rate},{note}\n"
    assert codes(tmp_path, text) == expected


def test_standard_100_percent_against_the_figure_of_record(tmp_path):
    text = HEADER + "5,城乡低保标准,不低于3480元/年,区民政局,已完成,100%,\n"
    assert codes(tmp_path, text, {"5a": 3480}) == []
    assert messages(tmp_path, text, {"5a": 3300}) == [
        "「城乡低保标准」完成率「100%」有误：现行标准 3300元/年（数据文件夹 2019-07） ÷ 目标 3480元/年 = 94.83%，应为 95%（未达到目标，不能印为 100%）"]


# ------------------------------------------------------------------ a project printed on one row


PROJECT5 = "5,提高城乡低保标准和救助水平,{target},区民政局,{figure},{rate},{note}\n"


@pytest.mark.parametrize("target,figure,rate,note,expected", [
    ("标准不低于3480元/年、人均救助水平不低于185元/月", "已完成", "100%", "城乡低保标准3480元/年，人均救助水平185元/月", []),
    ("标准不低于3480元/年、人均救助水平不低于180元/月", "已完成", "100%", "", [(2, "target-mismatch")]),
    ("标准不低于3300元/年、人均救助水平不低于185元/月", "", "", "", [(2, "target-mismatch")]),
    ("不低于185元/月", "", "", "", []),  # only 5b's target printed: it is right
    # one standard below its target: the row cannot be 100%; its right rate is the lowest (3300/3480)
    ("标准不低于3480元/年、人均救助水平不低于185元/月", "", "100%", "城乡低保标准3300元/年，人均救助水平185元/月",
     [(2, "rate-slip")]),
    ("标准不低于3480元/年、人均救助水平不低于185元/月", "", "94.8%", "城乡低保标准3300元/年，人均救助水平185元/月", []),
    ("标准不低于3480元/年、人均救助水平不低于185元/月", "3480元/年、185元/月", "100%、100%", "", []),
    ("标准不低于3480元/年、人均救助水平不低于185元/月", "3480元/年、180元/月", "100%、100%", "", [(2, "rate-slip")]),
])
def test_project_5_on_one_row(tmp_path, target, figure, rate, note, expected):
    assert codes(tmp_path, HEADER + PROJECT5.format(target=target, figure=figure, rate=rate, note=note)) == expected


def test_project_row_messages_name_the_indicator(tmp_path):
    row = PROJECT5.format(target="标准不低于3480元/年、人均救助水平不低于180元/月", figure="", rate="", note="")
    assert messages(tmp_path, HEADER + row) == [
        "目标「标准不低于3480元/年、人均救助水平不低于180元/月」与登记表不符：指标 5b（人均救助水平）的目标是 185元/月，表中为 180元/月"]


@pytest.mark.parametrize("target,expected", [
    ("困难残疾人生活补贴和重度残疾人护理补贴发放标准不低于每人每月60元", []),  # one standard for both
    ("不低于每人每月50元", [(2, "target-mismatch")]),
    ("各60元/人/月", []),
    ("60元/人/月、70元/人/月", [(2, "target-mismatch")]),
])
def test_project_6_one_standard_for_two_indicators(tmp_path, target, expected):
    text = HEADER + f"6,提高困难残疾人生活补贴和重度残疾人护理补贴发放标准,{target},区民政局,,100%,每人每月60元\n"
    assert codes(tmp_path, text) == expected


@pytest.mark.parametrize("target,figure,rate,records,expected", [
    ("居家服务250人、集中托养服务50人", "居家服务148人、集中托养服务30人", "59%、60%", None, []),
    ("居家服务250人、集中托养服务50人", "居家服务148人、集中托养服务30人", "60%、60%", None, [(2, "rate-slip")]),
    ("300人", "178人", "59%", None, []),  # the two together: 178 / 300 = 59.3%
    ("300人", "178人", "60%", None, [(2, "rate-slip")]),
    ("250人", "", "", None, [(2, "target-mismatch")]),  # one number for two counts: their sum is 300
    ("300人", "178人", "59%", {"15a": 148, "15b": 30}, []),
    ("300人", "180人", "59%", {"15a": 148, "15b": 30}, [(2, "value-mismatch")]),
    ("居家服务250人、集中托养服务50人", "居家服务148人、集中托养服务30人", "59%", None, []),  # one rate: the total's
])
def test_project_15_two_counts_on_one_row(tmp_path, target, figure, rate, records, expected):
    text = HEADER + f"15,帮助就业年龄段的残疾人享受居家服务和集中托养服务,{target},区残联,{figure},{rate},\n"
    assert codes(tmp_path, text, records) == expected


def test_merged_cells_continue_a_project_down(tmp_path):
    text = HEADER + ("15,帮助就业年龄段的残疾人享受居家服务和集中托养服务,居家服务250人,区残联,148人,59%,\n"
                     ",,集中托养服务50人,,30人,61%,\n")
    found, result = table_problems(tmp_path, text)
    assert found == [(3, "rate-slip")]
    assert "30人 ÷ 目标 50人" in result.problems[0].message


# ------------------------------------------------------------------ reading the table


@pytest.mark.parametrize("header,role", [
    ("完成率", RATE), ("任务完成率", RATE), ("完成目标(%)", RATE), ("完成目标（％）", RATE), ("完成比例%", RATE),
    ("序号", SEQ), ("序  号", SEQ),
    ("项目名称", PROJECT), ("项目内容", PROJECT), ("项目", PROJECT), ("项 目", PROJECT),
    ("责任单位", UNIT), ("市级牵头责任单位", UNIT), ("主要责任单位", UNIT),
    ("目标任务", TARGET), ("任务指标", TARGET), ("年度目标", TARGET),
    ("累计完成", FIGURE), ("1-7月实际完成情况", FIGURE), ("进度", FIGURE), ("1—7月累计完成", FIGURE),
    ("备注", NOTE),
    ("时序进度", None), ("时序进度(%)", None), ("上月累计完成", None), ("牵头领导", None), ("", None),
])
def test_header_roles_in_the_contracts_order(header, role):
    assert role_of(header) == role


@pytest.mark.parametrize("header,month", [
    ("1-7月实际完成情况", "2019-07"), ("1—12月累计完成", "2019-12"), ("截至8月底累计完成", "2019-08"),
    ("2019年1至5月完成", "2019-05"), ("累计完成", None), ("进度", None),
])
def test_month_named_in_the_figure_header(header, month):
    assert month_named(header, 2019) == month


@pytest.mark.parametrize("cell,expected", [
    ("6453人", [(6453.0, "人", 0)]),
    ("8,950人", [(8950.0, "人", 0)]),
    ("８９５０人", [(8950.0, "人", 0)]),
    ("11.2公里", [(11.2, "公里", 1)]),
    ("标准不低于3480元/年、人均救助水平不低于185元/月", [(3480.0, "元/年", 0), (185.0, "元/月", 0)]),
    ("1-7月实际完成6453人（其中7月新增500人）", [(6453.0, "人", 0), (500.0, "人", 0)]),
    ("截至2019年7月31日完成6453人", [(6453.0, "人", 0)]),
    ("0.65万人", [(0.65, "万人", 2)]),
    ("已完成", []), ("—", []), ("", []),
])
def test_quantities_in_a_cell(cell, expected):
    assert [(q.number, q.unit, q.decimals) for q in quantities(cell)] == expected


def test_percents_and_assignment_by_unit_then_order():
    assert [(q.number, q.decimals) for q in percents("83.3%、90%")] == [(83.3, 1), (90.0, 0)]
    assert [(q.number, q.decimals) for q in percents("72.0％")] == [(72.0, 1)]
    found = quantities("人均救助水平185元/月，城乡低保标准3480元/年")
    assert [q.number for q in assign(found, ["元/年", "元/月"])] == [3480.0, 185.0]
    assert [q.number for q in assign(quantities("70元、65元"), ["元/人/月", "元/人/月"])] == [70.0, 65.0]


def test_ten_thousands_and_printed_precision_of_a_figure(tmp_path):
    text = HEADER + "1,新增城镇就业,0.895万人,x,0.53万人,59%,\n"
    assert codes(tmp_path, text, {"1": 5276}) == []  # 0.53万 is 5276 at the printed precision
    assert codes(tmp_path, text.replace("59%", ""), {"1": 5376}) == [(2, "value-mismatch")]
    assert codes(tmp_path, text) == []  # no record: 0.53万 / 0.895万 = 59.2%
    # 0.53万 stands for 5250..5350 (docs/verify.md: rounded figures): 60% is 5350 / 8950 = 59.78%
    assert codes(tmp_path, text.replace("59%", "60%")) == []
    assert codes(tmp_path, text.replace("59%", "61%")) == [(2, "rate-slip")]
    assert codes(tmp_path, HEADER + "11,完成公路生命安全防护工程,11.2公里,x,4.6公里,,\n", {"11": 4.63}) == []
    assert codes(tmp_path, HEADER + "11,完成公路生命安全防护工程,11.2公里,x,4.7公里,,\n", {"11": 4.63}) == [
        (2, "value-mismatch")]


def test_targets_are_compared_exactly(tmp_path):
    assert codes(tmp_path, HEADER + "11,完成公路生命安全防护工程,11公里,x,,,\n") == [(2, "target-mismatch")]
    assert codes(tmp_path, HEADER + "1,新增城镇就业,0.895万人,x,,,\n") == []
    assert codes(tmp_path, HEADER + "1,新增城镇就业,0.9万人,x,,,\n") == [(2, "target-mismatch")]
    assert codes(tmp_path, HEADER + "8,推行“一村一辅警”全覆盖,全覆盖,x,,,\n") == []  # no number: nothing to compare


def test_title_rows_blank_lines_sections_totals_and_notes(tmp_path):
    text = ("2019年1-7月重点民生实事进度\n\n填报单位：区实事办,,,,,,\n" + HEADER + "一、省级,,,,,,\n"
            "1,新增城镇就业,8950人,x,5276人,59%,\n\n合计,,,,,50%,\n注：完成率=累计完成÷目标,,,,,,\n")
    found, result = table_problems(tmp_path, text)
    assert found == [] and result.table.header_line == 4
    assert [r.line for r in result.table.rows] == [5, 6, 8, 9]
    assert (result.rows, result.matched) == (1, 1)


def test_two_row_header_under_merged_cells(tmp_path):
    text = ("序号,项目名称,目标任务,完成情况,,备注\n,,,累计完成,完成率,\n"
            "1,新增城镇就业,8950人,5276人,58%,\n")
    found, result = table_problems(tmp_path, text)
    assert found == [(3, "rate-slip")]
    assert result.table.headers[RATE] == "完成率" and result.table.headers[FIGURE] == "累计完成"
    # a problem's column is the header as the file writes it (full-width, dashes and all)
    found, result = table_problems(tmp_path, "序号,项目名称,目标任务,１—７月累计完成,完成率（％）\n1,新增城镇就业,8950人,5276人,58\n")
    assert found == [(2, "rate-slip")] and result.problems[0].column == "完成率（％）"
    assert result.table.headers[FIGURE] == "１—７月累计完成" and month_named(result.table.headers[FIGURE], 2019) == "2019-07"
    # as a workbook reads it: the vertically merged 序号 and 项目名称 repeated on the second row
    text = ("序号,项目名称,目标任务,完成情况,,,备注\n序号,项目名称,目标任务,本月完成,累计完成,完成率,备注\n"
            "1,新增城镇就业,8950人,500人,5276人,58%,\n")
    found, result = table_problems(tmp_path, text)
    assert found == [(3, "rate-slip")] and result.table.headers[FIGURE] == "累计完成"
    assert [r.line for r in result.table.rows] == [3]


@pytest.mark.parametrize("row,indicator", [
    ("1,新增城镇就业岗位,8950人,x,5276人,59%,", "1"),  # 序号 of a one-indicator project whose name agrees
    ("1,,8950人,x,5276人,59%,", "1"),  # no name: 序号 decides
    (",新 增 城 镇 就 业,8950人,x,5276人,59%,", "1"),  # exact after removing spaces
    (",新增城镇就业人数,8950人,x,5276人,59%,", "1"),  # the closest name
    (",孕产妇产前筛查,3600人,x,2120人,59%,", "4"),
    (",人均救助水平,不低于185元/月,x,185元/月,100%,", "5b"),  # an indicator's own name
    ("5,城乡低保标准,不低于3480元/年,x,3480元/年,100%,", "5a"),  # 序号 of a project with two: by name
    ("5,提高城乡低保标准和救助水平,不低于185元/月,x,185元/月,100%,", "5b"),  # the target's unit says which
    ("15,帮助就业年龄段的残疾人享受居家服务和集中托养服务,集中托养服务50人,x,30人,60%,", "15b"),
])
def test_matching(tmp_path, row, indicator):
    from minshi_cli.verify.match import Match, match_rows

    table = read_published(write(tmp_path / "t.csv", HEADER + row + "\n"))
    [found] = match_rows(REGISTRY, table.rows)
    assert isinstance(found, Match) and [i.id for i in found.indicators] == [indicator]


@pytest.mark.parametrize("row", [
    "1,随便写的名字,8950人,x,5276人,59%,",  # 序号 1 but a name unlike project 1's: not project 1
    "4,新增城镇就业,8950人,x,5276人,59%,",  # 序号 4 names project 1: matched by name, not by 序号
])
def test_seq_only_where_the_name_agrees(tmp_path, row):
    from minshi_cli.verify.match import Match, match_rows

    table = read_published(write(tmp_path / "t.csv", HEADER + row + "\n"))
    [found] = match_rows(REGISTRY, table.rows)
    if row.startswith("1,"):
        assert not isinstance(found, Match)
    else:
        assert isinstance(found, Match) and [i.id for i in found.indicators] == ["1"]


def test_a_row_placed_by_the_closest_name_says_so(tmp_path):
    assert messages(tmp_path, HEADER + ",新增城镇就业人数,8950人,x,5276人,58%,\n") == [
        "「新增城镇就业人数」完成率「58%」有误：累计完成 5276人 ÷ 目标 8950人 = 58.95%，应为 59%（本行「新增城镇就业人数」按最接近的名称对应指标 1（新增城镇就业））"]
    assert messages(tmp_path, HEADER + ",新增城镇就业,8950人,x,5276人,58%,\n") == [
        "「新增城镇就业」完成率「58%」有误：累计完成 5276人 ÷ 目标 8950人 = 58.95%，应为 59%"]


def test_unmatched_rows_warn_and_exit_zero(run, tmp_path):
    path = write(tmp_path / "t.csv", HEADER + "1,新增城镇就业,8950人,x,5276人,59%,\n99,城区绿化,30公顷,x,12公顷,40%,\n"
                 ",,,,12个,40%,\n2,减少义务教育大班额,51个,x,12个,23.5%,\n3,农村及城镇低保家庭妇女免费“两癌”检查,2500人,x,1490人,60%,\n")
    exit_code, found, probs = problems(run, path)
    # two rows of five match nothing: warnings (more than half would be table-unmatched)
    assert exit_code == 0 and found == [(3, "unmatched-row", "项目名称"), (4, "unmatched-row", "序号")]
    assert probs[1]["message"].startswith("本行（没有序号和项目名称）对不上登记表中的指标")


# ------------------------------------------------------------------ the command


def test_text_and_github_formats(run):
    r = run("--data", DATA, "verify", DISTRICT)
    lines = r.stdout.splitlines()
    assert r.exit_code == 1 and len(lines) == 4
    assert lines[0].startswith(f"{DISTRICT.as_posix()}:5: error rate-slip 「新增城镇就业」完成率「68%」有误：")
    assert lines[3].startswith(f"{DISTRICT.as_posix()}:22: warning unmatched-row ")
    assert r.stderr.strip() == f"校验 {DISTRICT.as_posix()}（2019-08），{AGAINST}：17 行中 16 行对上登记表，3 个错误，1 个警告；核对完成率 16 个、合计 0 处"
    g = run("--data", DATA, "verify", DISTRICT, "--format", "github")
    assert g.stdout.splitlines()[0].startswith(f"::error file={DISTRICT.as_posix()},line=5,title=rate-slip::「新增城镇就业」完成率「68%25」")
    assert run("--data", DATA, "verify", DISTRICT, env={"GITHUB_ACTIONS": "true"}).stdout == g.stdout


def test_month_option_overrides_the_header(run):
    # against July's figures the August table's figures all differ from the record
    exit_code, found, _ = problems(run, DISTRICT, "--month", "2019-07")
    assert exit_code == 1 and ("value-mismatch" in {c for _, c, _ in found})


def test_month_without_data_checks_rates_and_targets_only(run, empty_data):
    exit_code, found, _ = problems(run, DISTRICT, data=empty_data)
    # row 8's 67% is right for the figure of record (2420), not for the 2240 it prints
    assert exit_code == 1 and found == [(5, "rate-slip", "完成率"), (6, "target-mismatch", "任务指标"),
                                        (8, "rate-slip", "完成率"), (22, "unmatched-row", "项目名称")]


@pytest.mark.parametrize("args,message", [
    (["--month", "2018-07"], "不在登记表年度 2019 年内"),
    (["--month", "7月"], "不是月份"),
])
def test_usage_errors_for_the_month(run, args, message):
    r = run("--data", DATA, "verify", DISTRICT, *args)
    assert r.exit_code == 2 and message in r.stderr


def test_month_required_where_the_header_names_none(run):
    r = run("--data", DATA, "verify", CITY)
    assert r.exit_code == 2 and "没有写明月份：请用 --month YYYY-MM 指定" in r.stderr and r.stdout == ""


def test_the_months_usage_errors_name_the_registry_and_the_way_out(run, tmp_path, monkeypatch):
    """A stray ./data may be the registry found (docs/verify.md): the errors that stop a table on the
    registry's month name it, absolute, and say how to check the table without it."""
    import shutil

    shutil.copytree(DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MINSHI_DATA", raising=False)
    here = (tmp_path / "data" / "projects.yaml").as_posix()
    r = run("verify", CITY)
    assert r.exit_code == 2 and r.stderr.strip() == (
        "minshi：表格的完成情况表头「累计完成」没有写明月份：请用 --month YYYY-MM 指定所校验的月份，如 --month 2019-07"
        f"（对照的登记表是 {here}；不对照登记表、只按表内数字核对时加 --no-registry）")
    r = run("verify", DISTRICT, "--month", "2024-06")
    assert r.exit_code == 2 and r.stderr.strip() == (
        "minshi：月份 2024-06 不在登记表年度 2019 年内：应为 2019-01 至 2019-12"
        f"（对照的登记表是 {here}；这张表若不是该登记表的，加 --no-registry 只按表内数字核对）")


def test_usage_errors_for_the_file(run, tmp_path):
    r = run("--data", DATA, "verify", tmp_path / "nope.csv")
    assert r.exit_code == 2 and "找不到文件" in r.stderr
    r = run("--data", DATA, "verify", write(tmp_path / "表.docx", "x"))
    assert r.exit_code == 2 and "不是 CSV 文件或 Excel 工作簿" in r.stderr
    # a .txt is text a table may be saved as (docs/verify.md): read, and here no table is found
    r = run("--data", DATA, "verify", write(tmp_path / "表.txt", "x"))
    assert r.exit_code == 1 and "header-not-found" in r.stdout


def test_no_data_folder_is_a_usage_error(run):
    r = run("--data", Path("/nonexistent/minshi-data"), "verify", DISTRICT)
    assert r.exit_code == 2 and "找不到数据文件夹" in r.stderr


@pytest.mark.parametrize("payload,code,line", [
    (b"", "empty-file", None),
    (b"\xff\xfe\xfd\x81\x30", "encoding", None),
    ("序号,项目名称\n1,新增城镇就业\n".encode(), "header-not-found", None),
    ("标题\n".encode() * 10 + HEADER.encode() + "1,新增城镇就业,8950人,x,5276人,59%,\n".encode(), "header-not-found", None),
    ('序号,项目名称,完成率\n1,"新增\n'.encode(), "unterminated-quote", 2),
    (b"\x00\x01", "binary-file", 1),
    ("序号,项目名称,完成率\n".encode() + "1,新增城镇就业,59%\n".encode("gbk"), "mixed-encoding", 2),
])
def test_unreadable_tables_are_data_errors(run, tmp_path, payload, code, line):
    path = tmp_path / "表.csv"
    path.write_bytes(payload)
    exit_code, found, _ = problems(run, path, "--month", "2019-07")
    assert exit_code == 1 and found == [(line, code, None)]


def test_utf8_bom_and_gbk_read_alike(tmp_path):
    text = "表\n" + HEADER + "1,新增城镇就业,8950人,x,5276人,58%,\n"
    for encoding in ("utf-8", "utf-8-sig", "gbk", "gb18030"):
        assert codes(tmp_path, text.replace("\n", "\r\n")) == [(3, "rate-slip")], encoding
        table = read_published(write(tmp_path / f"{encoding}.csv", text, encoding))
        assert table.headers[FIGURE] == "1-7月累计完成"


def test_verify_never_writes_and_leaves_data_alone(run, data_dir):
    before = {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    run("--data", data_dir, "verify", DISTRICT)
    assert {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()} == before


# ------------------------------------------------------------------ minshi's own tables verify clean


def published_from_report(month: str, data_dir: Path = DATA) -> str:
    """The project table of the dispatch report, written as an office publishes it: a title row,
    the report's own headers, one row per indicator (序号 and 项目名称 of its project)."""
    from minshi_cli.core.year import open_year
    from minshi_cli.views import report

    year, evaluation, _ = open_year(data_dir, month)
    context = report.build_context(year, evaluation, datetime(2019, 7, 5, 9, 0))
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow([context["title"]])
    w.writerow(["序号", "项目名称", "责任单位", "目标任务", f"{context['span']}累计完成", "本月新增", "完成率", "时序进度", "状态", "备注"])
    for level in context["levels"]:
        w.writerow([f"{level['ordinal']}、{level['name']}"])
        for project in level["projects"]:
            for i in project["indicators"]:
                w.writerow([project["seq"], project["name"], project["unit"], i["target"], i["value"], i["delta"],
                            i["rate"], i["time_progress"], i["status_label"], i["note"]])
    return out.getvalue()


@pytest.mark.parametrize("month", [f"2019-{m:02d}" for m in range(1, 13)])
def test_minshi_report_table_verifies_clean(run, tmp_path, month):
    path = write(tmp_path / f"通报-{month}.csv", published_from_report(month), "utf-8-sig")
    r = run("--data", DATA, "verify", path)
    assert (r.exit_code, r.stdout) == (0, "")
    assert f"（{month}），{AGAINST}：19 行中 19 行对上登记表，0 个错误，0 个警告" in r.stderr


@pytest.mark.parametrize("month", ["2019-06", "2019-12"])
def test_minshi_status_csv_verifies_clean(run, tmp_path, month):
    """``minshi status --format csv`` numbers each indicator (15a, 15b of project 15, whose two
    indicators share the unit 人): each row is that indicator, not the whole project."""
    text = run("--data", DATA, "status", "--as-of", month, "--format", "csv").stdout
    assert "\n15a,帮助就业年龄段的残疾人享受居家服务和集中托养服务,残疾人享受居家服务,250人," in text
    r = run("--data", DATA, "verify", write(tmp_path / "进度.csv", text), "--month", month)
    assert (r.exit_code, r.stdout) == (0, "")
    assert f"（{month}），{AGAINST}：19 行中 19 行对上登记表，0 个错误，0 个警告" in r.stderr


COUNTY = REPO / "examples" / "county-2016"


@pytest.mark.parametrize("month", ["2016-03", "2016-06"])
def test_every_kind_in_minshi_report_table_verifies_clean(run, tmp_path, month):
    """The county example's milestones, policy items, a ceiling and a percentage standard: only the
    numeric kinds' targets and figures are compared, and only cumulative and threshold rates."""
    text = published_from_report(month, COUNTY)
    assert "控制在4.5%以内" in text and "不低于95%" in text and "12月底前启动建设" in text
    r = run("--data", COUNTY, "verify", write(tmp_path / "通报.csv", text))
    assert (r.exit_code, r.stdout) == (0, "")
    assert f"（{month}），对照 {(COUNTY / 'projects.yaml').as_posix()}：15 行中 15 行对上登记表，0 个错误，0 个警告" in r.stderr
    slipped = text.replace("控制在4.5%以内", "控制在4.0%以内").replace("不低于95%", "不低于90%")
    exit_code, found, probs = problems(run, write(tmp_path / "slipped.csv", slipped), data=COUNTY)
    assert exit_code == 1 and [c for _, c, _ in found] == ["target-mismatch", "target-mismatch"]
    assert probs[0]["message"].endswith("的目标是 4.5%，表中为 4.0%以内")


CITY_AREAS = REPO / "examples" / "city-areas"


def test_the_figure_of_record_is_the_certified_one(run, tmp_path):
    """September's figure for indicator 1 was reported as 6792 and certified as 6750 (docs/assessment.md):
    the certified figure is the one a table must print, and its rate is computed from it."""
    table = tmp_path / "9月.csv"
    write(table, "序号,项目名称,任务指标,1-9月累计完成,完成率\n1,新增城镇就业,8950人,6792人,76%\n")
    exit_code, found, probs = problems(run, table)
    assert exit_code == 1 and [(ln, c) for ln, c, _ in found] == [(2, "value-mismatch"), (2, "rate-slip")]
    assert probs[0]["message"] == ("完成数「6792人」与数据文件夹中 2019-09 的数字不符：指标 1（新增城镇就业）为 6750人"
                                   f"（认定值，{DATA.as_posix()}/certified/2019-09.csv:2；报送值 6792，"
                                   f"{DATA.as_posix()}/progress/2019-09.csv:2）")
    assert probs[1]["message"].endswith("累计完成 6750人（数据文件夹 2019-09） ÷ 目标 8950人 = 75.42%，应为 75%")
    write(table, "序号,项目名称,任务指标,1-9月累计完成,完成率\n1,新增城镇就业,8950人,6750人,75%\n")
    assert run("--data", DATA, "verify", table).exit_code == 0


def test_an_indicator_reported_per_area_is_compared_as_its_areas_sum(run, tmp_path):
    """A city-wide table prints the whole of an indicator its districts report (docs/areas.md): the
    figure of record is the sum of the areas' figures (9100 = 2900 + 1200 + 3000 + 900 + 400 + 700)."""
    text = published_from_report("2019-04", CITY_AREAS)
    assert ",9100人," in text
    r = run("--data", CITY_AREAS, "verify", write(tmp_path / "通报.csv", text))
    assert (r.exit_code, r.stdout) == (0, "")
    exit_code, found, probs = problems(run, write(tmp_path / "slip.csv", text.replace(",9100人,", ",9000人,")),
                                       data=CITY_AREAS)
    assert exit_code == 1 and [(c, col) for _, c, col in found] == [("value-mismatch", "1—4月累计完成")]
    assert "指标 1a（城镇新增就业）为 9100人（各地区合计，" in probs[0]["message"]
    assert probs[0]["message"].endswith("等 6 处）")


def test_minshi_report_table_with_a_slip_is_caught(run, tmp_path):
    text = published_from_report("2019-06")
    assert text.count(",50.6%,") == 1
    path = write(tmp_path / "通报.csv", text.replace(",50.6%,", ",56.0%,"), "utf-8-sig")
    exit_code, found, probs = problems(run, path)
    assert exit_code == 1 and [c for _, c, _ in found] == ["rate-slip"]
    assert probs[0]["message"].endswith("应为 50.6%")


def xlsx_as_csv(path: Path) -> str:
    """A workbook's first sheet as Excel's “另存为 CSV” writes it: values, a merged range's value in
    its first cell only, every row as wide as the sheet."""
    import openpyxl

    sheet = openpyxl.load_workbook(path, read_only=False).worksheets[0]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    for row in sheet.iter_rows(values_only=True):
        w.writerow(["" if v is None else v for v in row])
    return out.getvalue()


@pytest.mark.parametrize("month", ["2019-06", "2019-12"])
def test_minshi_report_xlsx_saved_as_csv_verifies_clean(run, tmp_path, month):
    book = tmp_path / f"通报-{month}.xlsx"
    r = run("--data", DATA, "report", "--month", month, "--format", "xlsx", "-o", book, "--generated-at", "2019-07-05 09:00")
    assert r.exit_code == 0, r.stderr
    text = xlsx_as_csv(book)
    assert ",,,人均救助水平不低于185元/月," in text  # project 5's second row continues merged cells
    path = write(tmp_path / f"通报-{month}.csv", text, "gbk")
    r = run("--data", DATA, "verify", path)
    assert (r.exit_code, r.stdout) == (0, "")
    assert f"（{month}），{AGAINST}：19 行中 19 行对上登记表，0 个错误，0 个警告" in r.stderr


# ------------------------------------------------------------------ workbooks (docs/office.md)


def as_workbook(path: Path, rows: list[list], *, sheet: str, merges=(), percent=True, before=()) -> Path:
    """A table typed into Excel: rates such as ``68%`` as numbers in a percent format (what Excel
    makes of them), the given cells merged, and ``before``: sheets in front of the table's."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name in before:
        book.create_sheet(name).append(["填表说明：完成率保留到个位"])
    table = book.create_sheet(sheet)
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row, start=1):
            cell = table.cell(r, c)
            if percent and text.endswith("%") and text[:-1].replace(".", "").isdigit():
                cell.value = round(float(text[:-1]) / 100, 6)
                decimals = len(text[:-1].split(".")[1]) if "." in text else 0
                cell.number_format = "0%" if decimals == 0 else "0." + "0" * decimals + "%"
            else:
                cell.value = text or None
    for rng in merges:
        first = table[rng.split(":")[0]].value
        table.merge_cells(rng)
        table[rng.split(":")[0]].value = first
    book.save(path)
    return path


def csv_rows(path: Path, encoding: str) -> list[list[str]]:
    return list(csv.reader(path.read_bytes().decode(encoding).splitlines()))


def test_district_layout_as_a_workbook(run, tmp_path):
    rows = csv_rows(DISTRICT, "utf-8")
    book = as_workbook(tmp_path / "进度表.xlsx", rows, sheet="8月", merges=["A1:G1", "A2:G2"], before=["说明"])
    exit_code, found, probs = problems(run, book)
    # the same slips at the same rows: a sheet's row numbers are the CSV's line numbers here
    assert exit_code == 1 and found == [(5, "rate-slip", "完成率"), (6, "target-mismatch", "任务指标"),
                                        (8, "value-mismatch", "1-8月实际完成情况"), (22, "unmatched-row", "项目名称")]
    # each names its cell, as check does: the rate's, the target's, the figure's, the item's
    assert probs[0]["message"] == "工作表「8月」F5：「新增城镇就业」完成率「68%」有误：累计完成 6031人（数据文件夹 2019-08） ÷ 目标 8950人 = 67.39%，应为 67%"
    assert [p["message"][:p["message"].index("：")] for p in probs] == [
        "工作表「8月」F5", "工作表「8月」C6", "工作表「8月」E8", "工作表「8月」B22"]


def test_a_sheet_without_the_table_is_passed_over_whatever_its_name(run, tmp_path):
    """A cover or an instructions sheet in front (封面, not named 说明 or after a month): the first
    visible sheet that holds a table's header is read."""
    rows = csv_rows(DISTRICT, "utf-8")
    book = as_workbook(tmp_path / "进度表.xlsx", rows, sheet="Sheet2", merges=["A1:G1", "A2:G2"], before=["封面", "Sheet1"])
    exit_code, found, probs = problems(run, book)
    assert exit_code == 1 and found == [(5, "rate-slip", "完成率"), (6, "target-mismatch", "任务指标"),
                                        (8, "value-mismatch", "1-8月实际完成情况"), (22, "unmatched-row", "项目名称")]
    assert [p["message"][:p["message"].index("：")] for p in probs] == [
        "工作表「Sheet2」F5", "工作表「Sheet2」C6", "工作表「Sheet2」E8", "工作表「Sheet2」B22"]


def test_a_workbook_with_no_sheet_holding_a_table_names_the_sheets_looked_at(run, tmp_path):
    book = as_workbook(tmp_path / "进度表.xlsx", [["2019年重点民生实事"], ["区实事办 编"]], sheet="封面", before=["说明"])
    r = run("--data", DATA, "verify", book, "--format", "json")
    doc = json.loads(r.stdout)
    assert r.exit_code == 1 and [(p["code"], p["line"]) for p in doc["problems"]] == [("header-not-found", None)]
    assert doc["problems"][0]["message"] == (
        "工作簿中没有含表格的可见工作表（看过：「说明」、「封面」）：表头应含「序号」「项目名称」或「地区」，"
        "以及「目标任务」「累计完成」或「完成率」之一")


def test_city_layout_as_a_workbook_with_merged_cells(run, tmp_path):
    rows = csv_rows(CITY, "gbk")
    # 序号 of projects 5, 6 and 15 merged over their two rows, as typed in Excel
    book = as_workbook(tmp_path / "进度表.xlsx", rows, sheet="进度", merges=["A1:G1", "A7:A8", "A9:A10", "A19:A20"])
    exit_code, found, probs = problems(run, book, "--month", "2019-06")
    assert exit_code == 1 and found == [(7, "rate-slip", "任务完成率"), (11, "rate-slip", "任务完成率"),
                                        (14, "value-mismatch", "累计完成"), (15, "target-mismatch", "目标任务"),
                                        (22, "unmatched-row", "项目内容")]
    # a workbook holds the number 1 behind 100.0%: it is checked at the precision of its value
    assert probs[0]["message"].endswith("= 94.83%，应为 95%（未达到目标，不能印为 100%）")
    # the merged 序号 is read on both rows: project 15's second row is still 15b
    assert [p for p in probs if p["line"] in (19, 20)] == []


def test_a_rate_computed_by_a_formula_is_read_as_its_value(run, tmp_path):
    import xlsxwriter

    path = tmp_path / "公式.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("7月")
    percent = book.add_format({"num_format": "0.0%"})
    sheet.write_row(0, 0, ["序号", "项目名称", "目标任务", "1-7月累计完成", "完成率"])
    sheet.write_row(1, 0, ["1", "新增城镇就业", 8950, 5276])
    sheet.write_formula(1, 4, "=D2/C2", percent, 5276 / 8950)  # right: 58.9%
    sheet.write_row(2, 0, ["14", "完成新生儿48种遗传代谢病串联质谱筛查", 4000, 2340])
    sheet.write_formula(2, 4, "=D2/C2", percent, 5276 / 8950)  # copied from the row above: 59.0%, not 58.5%
    book.close()
    exit_code, found, probs = problems(run, path, data=DATA)
    assert exit_code == 1 and found == [(3, "rate-slip", "完成率")]
    assert "累计完成 2340人（数据文件夹 2019-07） ÷ 目标 4000人" in probs[0]["message"]


def test_a_broken_workbook_is_unreadable(run, tmp_path):
    r = run("--data", DATA, "verify", write(tmp_path / "表.xlsx", "x"), "--format", "json")
    doc = json.loads(r.stdout)
    assert r.exit_code == 1 and [p["code"] for p in doc["problems"]] == ["unreadable-workbook"]


@pytest.mark.parametrize("month", ["2019-06", "2019-12"])
def test_minshi_report_xlsx_verifies_clean(run, tmp_path, month):
    book = tmp_path / f"通报-{month}.xlsx"
    r = run("--data", DATA, "report", "--month", month, "--format", "xlsx", "-o", book, "--generated-at", "2019-07-05 09:00")
    assert r.exit_code == 0, r.stderr
    r = run("--data", DATA, "verify", book)
    assert (r.exit_code, r.stdout) == (0, "")
    assert f"（{month}），{AGAINST}：19 行中 19 行对上登记表，0 个错误，0 个警告" in r.stderr


def test_a_rate_slip_names_its_row_with_and_without_a_registry(run, tmp_path):
    """Both modes name the row as it prints its name (docs/verify.md); a row printing no name is
    named by its indicator in the registry (without one, by its 序号 and line)."""
    path = write(tmp_path / "进度.csv", "序号,项目名称,目标任务,累计完成,完成率\n1,,8950人,4527人,60%\n"
                                      "2,减少义务教育大班额,51个,12个,32.5%\n")
    r = run("--data", DATA, "verify", path, "--month", "2019-06")
    assert r.exit_code == 1
    assert r.stdout.replace(f"{path.as_posix()}:", "").splitlines() == [
        "2: error rate-slip 指标 1（新增城镇就业）的完成率「60%」有误：累计完成 4527人（数据文件夹 2019-06） ÷ 目标 8950人 = "
        "50.58%，应为 51%",
        "3: error rate-slip 「减少义务教育大班额」完成率「32.5%」有误：累计完成 12个（数据文件夹 2019-06） ÷ 目标 51个 = 23.529%，"
        "应为 23.5%"]
    r = run("verify", "--no-registry", path, "--month", "2019-06")
    assert r.exit_code == 1
    assert r.stdout.replace(f"{path.as_posix()}:", "").splitlines() == [
        "2: error rate-slip 序号「1」（第 2 行，项目名称空着）的完成率「60%」有误：累计完成 4527人 ÷ 目标任务 8950人 = 50.58%，应为 51%",
        "3: error rate-slip 「减少义务教育大班额」完成率「32.5%」有误：累计完成 12个 ÷ 目标任务 51个 = 23.529%，应为 23.5%"]


def test_an_area_row_is_named_by_its_area_where_the_registry_has_no_areas(run):
    """A table of one item by area, checked against a registry without areas: each row is still
    named by the area it prints (as --no-registry names it), not by the item in the header."""
    path = DISTRICT.parent / "areas-registry.csv"
    doc = json.loads(run("--data", DATA, "verify", path, "--month", "2019-04", "--format", "json").stdout)
    slips = [p["message"] for p in doc["problems"] if p["code"] == "rate-slip"]
    assert [m.split("完成率", 1)[0] for m in slips] == ["「全市」", "「东坡区」", "「彭山区」", "「仁寿县」", "「洪雅县」", "「丹棱县」",
                                                     "「青神县」"]


@pytest.mark.parametrize("body", ["", "1,不在登记表中的事项,100人\n"])
def test_a_table_with_nothing_to_check_is_nothing_checked_against_the_registry_too(run, tmp_path, body):
    """A header with no rows, or rows that match no indicator and print no rate: nothing was
    checked, with the registry as without it (exit 1, not a clean 0)."""
    path = write(tmp_path / "表.csv", "2019年民生实事进度表\n序号,项目名称,目标任务\n" + body, "gbk")
    r = run("--data", DATA, "verify", path, "--month", "2019-07", "--format", "json")
    doc = json.loads(r.stdout)
    assert r.exit_code == 1
    assert [p["code"] for p in doc["problems"]][0] == "nothing-checked"



def test_the_help_says_what_a_clerk_needs(run):
    """``minshi verify --help``: which files (the separators read), that it writes nothing, and that
    --month only names the month without a registry; the month's form said once."""
    r = run("verify", "--help")
    assert r.exit_code == 0
    text = " ".join(r.stdout.split())
    assert ("文件：.csv（英文逗号分隔；制表符、英文分号分隔的也照读）、Excel 另存的文本文件 .txt、.tsv，或 Excel 工作簿 "
            ".xlsx、.xlsm、.xls。只读，不写任何文件。") in text
    assert "所校验的月份，如 2019-07；" in text and "不对照登记表时只写在汇总行中。" in text
