"""`minshi verify` on any published table (docs/verify.md): without a registry, rounded figures as
intervals, several rate columns, headers of two and three rows, fractions, text rates, targets in
item names, totals, merged cells — and, with a registry, 序号 only where the name agrees and a table
that is not the registry's.  One fixture per layout, each with planted slips at known lines and rows
that must pass; exact codes, lines and messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from minshi_cli.verify import read_published, verify_alone
from tests.conftest import DATA, write

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "verify"


def alone(run, name_or_path, *args):
    """(exit code, [(line, code, column)], problems, JSON doc) of ``verify --no-registry``."""
    path = name_or_path if isinstance(name_or_path, Path) else FIXTURES / name_or_path
    r = run("verify", path, "--no-registry", *args, "--format", "json")
    doc = json.loads(r.stdout)
    return r.exit_code, [(p["line"], p["code"], p["column"]) for p in doc["problems"]], doc["problems"], doc


def against_registry(run, name, *args):
    r = run("--data", DATA, "verify", FIXTURES / name, *args, "--format", "json")
    doc = json.loads(r.stdout)
    return r.exit_code, [(p["line"], p["code"], p["column"]) for p in doc["problems"]], doc["problems"], doc


def test_units_fused_into_cells(run):
    code, found, probs, doc = alone(run, "units-fused.csv")
    assert code == 1 and found == [(4, "rate-slip", "完成率"), (7, "rate-slip", "完成率")]
    assert probs[0]["message"] == "「新建公办幼儿园」完成率「70%」有误：累计完成 13所 ÷ 目标任务 20所 = 65.00%，应为 65%"
    assert probs[1]["message"] == "「农村危房改造」完成率「85%」有误：累计完成 2800户 ÷ 目标任务 3500户 = 80.00%，应为 80%"
    assert (doc["registry"], doc["checked"], doc["totals_checked"], doc["unchecked"], doc["fractions"]) == (False, 5, 0, 0, [])


def test_ten_thousands_rounded_after_the_rate_are_no_slip(run):
    code, found, probs, _ = alone(run, "wan-rounding.csv")
    # line 3: 4.86万 of 4.2万 printed 115.8% (115.71% from 4.86 exactly): 4.86万 stands for 4.855..4.865万
    assert code == 1 and found == [(5, "rate-slip", "完成率"), (7, "rate-slip", "完成率")]
    assert probs[0]["message"] == ("「失业人员再就业」完成率「45%」有误：累计完成 0.62万人 ÷ 目标任务 1.5万人 = 41.33%"
                                   "（0.62万人 是四舍五入后的数字，代表 0.615～0.625万人），应为 41%")
    assert probs[1]["message"] == ("「农民工返乡创业」完成率「70.0%」有误：累计完成 0.57万人 ÷ 目标任务 0.8万人 = 71.250%"
                                   "（0.57万人 是四舍五入后的数字，代表 0.565～0.575万人），应为 71.3%")


def test_total_rows_subtotals_and_part_rows(run):
    code, found, probs, doc = alone(run, "totals.csv")
    assert code == 1 and found == [(11, "total-mismatch", "累计完成(人)"), (11, "total-rounding", "补贴资金(万元)"),
                                   (12, "total-rounding", "补贴资金(万元)")]
    assert probs[0]["message"] == ("「小计」的累计完成(人)「4100」与各行之和不符：2700 + 1300 = 4000（第 9—10 行共 2 行），"
                                   "相差 100，超出四舍五入可解释的 0.5：应为 4000")
    assert probs[2]["message"].startswith("「全市」的补贴资金(万元)「509.6」与各行之和不符：120.5 + 98.25 + 210.4 + 80.36 = 509.51"
                                          "（第 4—10 行共 4 行），相差 0.09，在四舍五入可解释的 0.16 以内")
    # 3 columns (targets, figures, funds) x 3 totals; the 其中 row is in none; rates (完成率(%)) are not added
    assert doc["totals_checked"] == 9 and doc["checked"] == 8


def test_two_rate_columns_each_with_its_own_pair(run):
    code, found, probs, _ = alone(run, "two-rates.csv")
    assert code == 1 and found == [(4, "rate-slip", "开工率"), (5, "rate-slip", "投资完成率")]
    assert probs[0]["message"] == "「保障性租赁住房」开工率「70%」有误：累计开工数(个) 30 ÷ 计划开工数(个) 40 = 75.00%，应为 75%"
    assert probs[1]["message"] == ("「城中村改造」投资完成率「45%」有误：累计完成投资额(亿元) 12.3 ÷ 计划投资额(亿元) 30 = 41.00%"
                                   "（12.3 是四舍五入后的数字，代表 12.25～12.35），应为 41%")


def test_areas_as_rows_under_a_two_row_header_of_triples(run):
    code, found, probs, doc = alone(run, "areas-two-row-header.csv")
    assert code == 1 and found == [(5, "rate-slip", "新增托位/完成比例(%)"), (7, "rate-slip", "新增学位/完成比例(%)")]
    assert probs[0]["message"] == "「甲区」新增托位/完成比例(%)「65」有误：进度 1200 ÷ 目标任务 2000 = 60.00%，应为 60%"
    assert probs[1]["message"] == "「丙区」新增学位/完成比例(%)「73」有误：进度 3600 ÷ 目标任务 5000 = 72.00%，应为 72%"
    assert doc["checked"] == 8 and doc["totals_checked"] == 4  # the 全市 row's four counts


def test_a_three_row_header(run, tmp_path):
    path = write(tmp_path / "三行表头.csv",
                 "地区,2024年目标任务完成情况,,,,,\n,新增托位,,,新增学位,,\n,目标任务,进度,完成比例(%),目标任务,进度,完成比例(%)\n"
                 "甲区,2000,1200,60,4000,3000,70\n乙区,1500,800,53.3,3000,2700,90\n")
    code, found, probs, doc = alone(run, path)
    assert found == [(4, "rate-slip", "新增学位/完成比例(%)")] and doc["checked"] == 4
    assert probs[0]["message"] == "「甲区」新增学位/完成比例(%)「70」有误：进度 3000 ÷ 目标任务 4000 = 75.00%，应为 75%"


def test_target_in_the_item_name(run):
    code, found, probs, doc = alone(run, "target-in-name.csv")
    assert code == 1 and found == [(4, "rate-slip", "完成率")]
    assert probs[0]["message"] == ("「改造提升农贸市场12个」完成率「80%」有误：完成情况 9个 ÷ 名称「改造提升农贸市场12个」中的目标 12"
                                   " = 75.00%，应为 75%")
    assert doc["checked"] == 4  # 第3批 is an ordinal: no target, not checked; 2024年 is a year, 10所 the target


def test_text_rates_are_counted_not_checked(run):
    code, found, probs, doc = alone(run, "text-rates.csv")
    assert found == [(6, "rate-slip", "完成率")] and (doc["checked"], doc["unchecked"]) == (2, 3)
    assert probs[0]["message"] == "「减少大班额」完成率「30.4%」有误：累计完成 15个 ÷ 目标任务 51个 = 29.412%，应为 29.4%"


def test_a_column_of_fractions(run):
    code, found, probs, doc = alone(run, "fractions.csv")
    assert found == [(6, "rate-slip", "完成率")] and doc["fractions"] == ["完成率"]
    assert probs[0]["message"] == ("「孕产妇免费产前筛查」完成率「0.598」有误：1-7月累计完成 2120人 ÷ 任务指标 3600人 = 58.889%，"
                                   "应为 0.589（58.9%）")


def test_a_column_of_fractions_against_the_registry(run):
    """Issue 16 item 5: a rate column written as fractions is read as fractions with the registry too."""
    code, found, probs, doc = against_registry(run, "fractions.csv")
    assert code == 1 and found == [(6, "rate-slip", "完成率")] and doc["fractions"] == ["完成率"]
    assert probs[0]["message"] == ("「孕产妇免费产前筛查」完成率「0.598」有误：累计完成 2120人（数据文件夹 2019-07） ÷ 目标 3600人 = 58.889%，"
                                   "应为 0.589（58.9%）")


def test_one_fraction_among_percentages(run):
    code, found, probs, doc = alone(run, "mixed-fractions.csv")
    assert found == [(4, "rate-slip", "完成率")] and doc["fractions"] == []
    assert probs[0]["message"] == ("「减少义务教育大班额」完成率「0.294」是小数，应印为 29.4%：累计完成 15个 ÷ 目标任务 51个 = 29.41176%")


def test_one_fraction_among_percentages_against_the_registry(run, tmp_path):
    path = write(tmp_path / "t.csv", "序号,项目名称,任务指标,1-7月累计完成,完成率\n1,新增城镇就业,8950人,5276人,58.9%\n"
                 "2,减少义务教育大班额,51个,12个,0.235\n")
    r = run("--data", DATA, "verify", path, "--format", "json")
    [p] = json.loads(r.stdout)["problems"]
    assert (p["line"], p["code"]) == (3, "rate-slip")
    assert p["message"] == "「减少义务教育大班额」完成率「0.235」是小数，应印为 23.5%：累计完成 12个（数据文件夹 2019-07） ÷ 目标 51个 = 23.529%"


def test_merged_seq_and_item_cells(run):
    code, found, probs, _ = alone(run, "merged-cells.csv")
    assert found == [(6, "rate-slip", "完成率")]
    # the blank item cell takes the merged value above it
    assert probs[0]["message"] == "「改善居住条件」完成率「60%」有误：累计完成 52个 ÷ 目标任务 80个 = 65.00%，应为 65%"


def test_the_target_and_figure_columns_by_header_even_where_most_cells_are_words(run, tmp_path):
    """minshi's own report of a year with ongoing items, standards and milestones (examples/county-quarterly):
    目标任务 and 累计完成 are the rate's columns by their headers though most cells are words; each row
    whose two cells are one number each is checked (docs/verify.md «完成率对哪两列»)."""
    path = write(tmp_path / "t.csv", "序号,项目名称,目标任务,1—10月累计完成,完成率\n1,新建幼儿园,2所,2所,100.0%\n"
                                     "2,农村公路,60公里,38公里（沿用9月数据）,63.3%\n3,医保补助,不低于610元/人/年,610元/人/年，达到标准,100.0%\n"
                                     "4,老旧小区改造,5月底前开工,已开工（1/2）,50.0%\n5,农村供水,20处,14处,75.0%\n"
                                     "6,临时救助,不设年度目标任务,常态化开展,—\n7,课后服务,不设年度目标任务,常态化开展,—\n")
    code, found, probs, doc = alone(run, path)
    assert code == 1 and found == [(6, "rate-slip", "完成率")]
    assert probs[0]["message"] == "「农村供水」完成率「75.0%」有误：1—10月累计完成 14处 ÷ 目标任务 20处 = 70.000%，应为 70.0%"
    # rows 1, 2 (38公里（沿用9月数据） reads one number) and 5; the two — are text
    assert (doc["checked"], doc["unchecked"]) == (3, 2)


@pytest.mark.parametrize("rows, why", [
    ("1,城乡低保,全覆盖,已完成,达到目标\n", "完成率列中的 1 个完成率都是文字；"),
    ("1,就业创业促进工程,城镇新增就业27800人,9100人,32.7%\n,,城镇登记失业率控制在4.3%以内,—,—\n", "完成率列中有 1 个完成率是文字；"),
    ("1,就业创业促进工程,城镇新增就业27800人,9100人,32.7%\n", ""),
])
def test_nothing_checked_says_why_as_it_is(run, tmp_path, rows, why):
    path = write(tmp_path / "t.csv", "序号,项目名称,目标任务,累计完成,完成率\n" + rows)
    code, found, probs, _ = alone(run, path)
    assert code == 1 and found == [(1, "nothing-checked", None)]
    assert probs[0]["message"] == (f"表中没有可核对的数字：{why}没有一行的完成率、目标和完成数都是一个数字（如 72%、8950人；"
                                   "或名称中写明目标），也没有合计行")


def test_messages_quote_names_as_typed(run, tmp_path):
    """A name is quoted as the table prints it — full-width brackets and letters kept (改（新）建, not
    改(新)建), so that a search in Excel or WPS finds it — in both modes, also where a merged cell
    passes it down, and in unmatched-row."""
    path = write(tmp_path / "t.csv", "序号,项目名称,目标任务,累计完成,完成率\n7,改（新）建农村户用厕所,3980个,1420个,37.5%\n"
                                     "20,Ａ区老旧小区改造（一期）,10个,5个,50%\n,,8个,4个,40%\n")
    code, found, probs, _ = alone(run, path)
    assert [p["message"].split("有误")[0] for p in probs] == ["「改（新）建农村户用厕所」完成率「37.5%」",
                                                             "「Ａ区老旧小区改造（一期）」完成率「40%」"]
    path = write(tmp_path / "t2.csv", "序号,项目名称,目标任务,累计完成,完成率\n1,新增城镇就业,8950人,5276人,58.9%\n"
                                      "4,孕产妇免费产前筛查,3600人,2120人,58.9%\n7,改（新）建农村户用厕所,3980个,1420个,37.5%\n"
                                      "20,Ａ区老旧小区改造（一期）,10个,5个,50%\n")
    r = run("--data", DATA, "verify", path, "--month", "2019-07", "--format", "json")
    probs = [p for p in json.loads(r.stdout)["problems"] if p["code"] != "value-mismatch"]
    assert probs[0]["message"].startswith("「改（新）建农村户用厕所」完成率「37.5%」有误：累计完成 1610个（数据文件夹 2019-07）")
    assert [p["message"] for p in probs if p["code"] == "unmatched-row"][0].startswith(
        "本行（序号「20」，项目名称「Ａ区老旧小区改造（一期）」）对不上登记表中的指标")


def test_a_row_with_its_own_seq_and_a_blank_name_is_a_new_item_not_a_merge(run, tmp_path):
    """Only blank 序号 and item cells continue the row above: a row numbered 2 under row 1 whose name
    cell is blank is a new item — still checked on its own numbers, named by its 序号 and line, and
    taking neither the name above nor a target written in it, nor its 其中."""
    path = write(tmp_path / "t.csv", "序号,项目名称,目标任务,累计完成,完成率\n1,新增城镇就业,8950人,6031人,67%\n"
                                     "2,,51个,15个,35%\n")
    code, found, probs, doc = alone(run, path)
    assert code == 1 and found == [(3, "rate-slip", "完成率")]
    assert probs[0]["message"] == "序号「2」（第 3 行，项目名称空着）的完成率「35%」有误：累计完成 15个 ÷ 目标任务 51个 = 29.41%，应为 29%"
    # no target column: the name above (新增2500个公办托位) is row 1's target, not row 2's
    path = write(tmp_path / "t2.csv", "序号,项目名称,累计完成,完成率\n1,新增2500个公办托位,1500,60%\n2,,300,30%\n")
    code, found, _, doc = alone(run, path)
    assert (code, found, doc["checked"]) == (0, [], 1)
    # under a 其中 row: row 2 is a part of the total, not of 东城区
    path = write(tmp_path / "t3.csv", "序号,地区,目标任务,累计完成\n1,东城区,3000,1800\n,其中：东城新区,1000,600\n"
                                      "2,,2500,1500\n合计,,5500,3300\n")
    code, found, _, doc = alone(run, path)
    assert (code, found, doc["totals_checked"]) == (0, [], 2)
    # the same 序号 repeated (one project, an indicator a row) still continues the merged name
    path = write(tmp_path / "t4.csv", "序号,项目名称,目标任务,累计完成,完成率\n5,提高低保标准,3480元,3480元,100%\n"
                                      "5,,185元,185元,90%\n")
    code, found, probs, _ = alone(run, path)
    assert probs[0]["message"].startswith("「提高低保标准」完成率「90%」有误")


def test_a_table_numbering_its_own_rows_is_matched_by_name(run):
    code, found, probs, doc = against_registry(run, "numbered-1-to-n.csv")
    # 序号 1 is not project 1 (新增城镇就业): each row by its name; the one slip is line 7's
    assert code == 1 and found == [(7, "rate-slip", "完成率")]
    assert probs[0]["message"] == "「完成新生儿48种遗传代谢病串联质谱筛查」完成率「55.5%」有误：累计完成 2340人（数据文件夹 2019-07） ÷ 目标 4000人 = 58.500%，应为 58.5%"
    assert doc["registry"] is True and doc["checked"] == 7


def test_a_table_that_is_not_the_registrys(run):
    code, found, probs, doc = against_registry(run, "not-this-registry.csv")
    assert code == 1 and found == [(2, "table-unmatched", None), (4, "rate-slip", "完成率")]
    assert probs[0]["message"].startswith("表中印有完成数或完成率的 4 行中有 4 行对不上登记表中的指标：这张表可能不是本登记表的表格")
    assert probs[1]["message"] == "「新建改扩建中小学校」完成率「50%」有误：1-6月累计完成 9所 ÷ 目标任务 20所 = 45.00%，应为 45%"
    assert not any(p["code"] == "unmatched-row" for p in probs)


# ------------------------------------------------------------------ which mode runs


def test_registry_free_without_a_data_folder(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no ./data here
    monkeypatch.delenv("MINSHI_DATA", raising=False)
    table = write(tmp_path / "t.csv", (FIXTURES / "units-fused.csv").read_text(encoding="utf-8"))
    r = run("verify", table)
    assert r.exit_code == 1
    assert r.stderr.strip().endswith("按表内数字核对（未对照登记表），核对完成率 5 个、合计 0 处，2 个错误，0 个警告")
    r = run("verify", table, "--month", "2024-06")  # --month is only named
    assert "t.csv（2024-06）：按表内数字核对（未对照登记表）" in r.stderr


def test_the_summary_names_the_registry_compared_against(run, tmp_path, monkeypatch):
    """A stray ./data in the working folder is used (docs/verify.md): the summary names its registry,
    absolute; JSON keeps ``registry`` a bool and adds ``registry_path`` (null without a registry)."""
    import shutil

    shutil.copytree(DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MINSHI_DATA", raising=False)
    here = (tmp_path / "data" / "projects.yaml").as_posix()
    table = FIXTURES / "numbered-1-to-n.csv"
    r = run("verify", table)
    assert r.stderr.strip() == (f"校验 {table.as_posix()}（2019-07），对照 {here}：7 行中 7 行对上登记表，1 个错误，0 个警告；"
                                "核对完成率 7 个、合计 0 处")
    r = run("--data", "data", "verify", table, "--format", "json")
    doc = json.loads(r.stdout)
    assert (doc["registry"], doc["registry_path"]) == (True, here) and f"，对照 {here}：" in r.stderr
    r = run("verify", FIXTURES / "not-this-registry.csv", "--month", "2019-06")
    assert f"（2019-06），对照 {here}：表格对不上登记表，按表内数字核对，" in r.stderr
    unreadable = write(tmp_path / "坏.csv", "只有一行标题\n")
    r = run("verify", unreadable, "--format", "json")
    assert json.loads(r.stdout)["registry_path"] == here and r.stderr.strip() == f"校验 {unreadable.as_posix()}，对照 {here}：无法读取表格，1 个错误，0 个警告"
    # without a registry: the contract's words exactly, and null
    r = run("verify", table, "--no-registry", "--format", "json")
    doc = json.loads(r.stdout)
    assert (doc["registry"], doc["registry_path"]) == (False, None)
    assert r.stderr.strip() == f"校验 {table.as_posix()}：按表内数字核对（未对照登记表），核对完成率 7 个、合计 0 处，1 个错误，0 个警告"


def test_a_data_folder_named_that_does_not_exist_stays_a_usage_error(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    table = write(tmp_path / "t.csv", "序号,项目名称,目标任务,累计完成,完成率\n1,x,10,5,50%\n")
    assert run("--data", tmp_path / "nowhere", "verify", table).exit_code == 2
    monkeypatch.setenv("MINSHI_DATA", str(tmp_path / "nowhere"))
    assert run("verify", table).exit_code == 2
    assert run("verify", table, "--no-registry").exit_code == 0


def test_no_registry_with_a_data_folder(run):
    code, found, _, doc = alone(run, "numbered-1-to-n.csv")  # run with --data unset but --no-registry
    assert found == [(7, "rate-slip", "完成率")] and doc["registry"] is False


# ------------------------------------------------------------------ bad input, never a traceback


@pytest.mark.parametrize("text,code,line", [
    ("", "empty-file", None),
    ("只有一行标题\n随便,写写\n", "header-not-found", None),
    ("序号,项目名称,目标任务,累计完成,完成率\n1,城乡低保,全覆盖,已完成,达到目标\n", "nothing-checked", 1),
])
def test_bad_input_gets_its_code(run, tmp_path, text, code, line):
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    exit_code, found, probs, doc = alone(run, path)
    assert exit_code == 1 and found == [(line, code, None)]


def test_a_workbook_without_cells(run, tmp_path):
    import openpyxl

    path = tmp_path / "图片.xlsx"
    openpyxl.Workbook().save(path)
    exit_code, found, probs, _ = alone(run, path)
    assert exit_code == 1 and found == [(None, "empty-file", None)]
    assert probs[0]["message"].startswith("工作表「Sheet」中没有任何单元格")


def test_a_workbook_of_fractions_computed_by_formulas(run, tmp_path):
    """Issue 16 item 5: =E/C in General format is saved as the full quotient (0.67385474860335...)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "项目名称", "目标任务", "累计完成", "完成率"])
    ws.append([1, "新增城镇就业", 8950, 6031, 6031 / 8950])
    ws.append([2, "减少大班额", 51, 15, 15 / 51])
    ws.append([3, "两癌检查", 2500, 1490, 1400 / 2500])  # the formula points at the wrong figure
    path = tmp_path / "t.xlsx"
    wb.save(path)
    exit_code, found, probs, doc = alone(run, path)
    assert found == [(4, "rate-slip", "完成率")] and doc["fractions"] == ["完成率"]


def test_verify_alone_returns_the_counts():
    table = read_published(FIXTURES / "totals.csv")
    found = verify_alone(table)
    assert (found.registry, found.checked, found.totals_checked, found.unchecked) == (False, 8, 9, 0)


# ------------------------------------------------------------------ areas with a registry (docs/areas.md)

CITY_AREAS = DATA.parent / "examples" / "city-areas"


def test_area_rows_are_matched_to_their_area(run):
    r = run("--data", CITY_AREAS, "verify", FIXTURES / "areas-registry.csv", "--format", "json")
    doc = json.loads(r.stdout)
    found = [(p["line"], p["code"], p["column"]) for p in doc["problems"]]
    # the block 城镇新增就业 is indicator 1a; each row is its area's (8600 is 仁寿县's target), 全市 the whole's
    assert r.exit_code == 1 and found == [(7, "rate-slip", "城镇新增就业/完成率(%)")]
    assert doc["problems"][0]["message"] == ("「仁寿县」完成率「43.0」有误：累计完成 3000人（数据文件夹 2019-04） ÷ 目标 8600人"
                                             " = 34.884%，应为 34.9%")
    assert doc["registry"] is True and doc["checked"] == 7 and doc["totals_checked"] == 2
    assert "7 行中 7 行对上登记表" in r.stderr


def test_an_area_rows_target_and_figure_against_the_areas_own(run, tmp_path):
    text = (FIXTURES / "areas-registry.csv").read_text(encoding="utf-8")
    text = text.replace("洪雅县,3600,900,25.0", "洪雅县,3000,900,30.0").replace("青神县,1900,700,36.8", "青神县,1900,750,39.5")
    path = write(tmp_path / "t.csv", text)
    r = run("--data", CITY_AREAS, "verify", path, "--format", "json")
    probs = json.loads(r.stdout)["problems"]
    assert [(p["line"], p["code"]) for p in probs] == [
        (4, "total-mismatch"), (4, "total-mismatch"),  # 27800 and 9100 are no longer the rows' sums
        (7, "rate-slip"), (8, "target-mismatch"), (8, "rate-slip"), (10, "value-mismatch"), (10, "rate-slip")]
    assert probs[3]["message"] == "目标「3000」与登记表不符：指标 1a（城镇新增就业·洪雅县）的目标是 3600人，表中为 3000"
    assert probs[5]["message"].startswith("完成数「750」与数据文件夹中 2019-04 的数字不符：指标 1a（城镇新增就业·青神县）为 700人")


def as_text_workbook(path: Path, text: str, sheet: str = "2019-04") -> Path:
    """A CSV's rows typed into one sheet as text cells (so each prints as in the CSV), row for row."""
    import csv

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in csv.reader(text.splitlines()):
        ws.append([c or None for c in row])
    wb.save(path)
    return path


def test_problems_in_a_workbook_name_the_cell(run, tmp_path):
    """Each problem names its sheet and cell as check's do (工作表「2019-04」D7：): the rate cell of a
    rate-slip, the target's of a target-mismatch, the figure's of a value-mismatch, the total's of a
    total-mismatch; JSON's line stays the row and its column the header."""
    text = (FIXTURES / "areas-registry.csv").read_text(encoding="utf-8")
    text = text.replace("洪雅县,3600,900,25.0", "洪雅县,3000,900,30.0").replace("青神县,1900,700,36.8", "青神县,1900,750,39.5")
    path = as_text_workbook(tmp_path / "分地区.xlsx", text)
    r = run("--data", CITY_AREAS, "verify", path, "--format", "json")
    probs = json.loads(r.stdout)["problems"]
    assert [(p["line"], p["code"], p["column"], p["message"][:p["message"].index("：")]) for p in probs] == [
        (4, "total-mismatch", "城镇新增就业/目标任务(人)", "工作表「2019-04」B4"),
        (4, "total-mismatch", "城镇新增就业/1-4月累计完成(人)", "工作表「2019-04」C4"),
        (7, "rate-slip", "城镇新增就业/完成率(%)", "工作表「2019-04」D7"),
        (8, "target-mismatch", "城镇新增就业/目标任务(人)", "工作表「2019-04」B8"),
        (8, "rate-slip", "城镇新增就业/完成率(%)", "工作表「2019-04」D8"),
        (10, "value-mismatch", "城镇新增就业/1-4月累计完成(人)", "工作表「2019-04」C10"),
        (10, "rate-slip", "城镇新增就业/完成率(%)", "工作表「2019-04」D10")]
    assert probs[3]["message"] == "工作表「2019-04」B8：目标「3000」与登记表不符：指标 1a（城镇新增就业·洪雅县）的目标是 3600人，表中为 3000"
    r = run("--data", CITY_AREAS, "verify", path, "--format", "github")
    assert r.stdout.splitlines()[3] == (f"::error file={path.as_posix()},line=8,title=target-mismatch::工作表「2019-04」B8："
                                        "目标「3000」与登记表不符：指标 1a（城镇新增就业·洪雅县）的目标是 3600人，表中为 3000")
    r = run("--data", CITY_AREAS, "verify", path)
    assert r.stdout.splitlines()[2] == (f"{path.as_posix()}:7: error rate-slip 工作表「2019-04」D7：「仁寿县」完成率「43.0」有误："
                                        "累计完成 3000人（数据文件夹 2019-04） ÷ 目标 8600人 = 34.884%，应为 34.9%")


def test_total_problems_in_a_workbook_name_the_total_cell(run, tmp_path):
    path = as_text_workbook(tmp_path / "合计.xlsx", (FIXTURES / "totals.csv").read_text(encoding="utf-8"), "汇总")
    code, found, probs, _ = alone(run, path)
    assert found == [(11, "total-mismatch", "累计完成(人)"), (11, "total-rounding", "补贴资金(万元)"),
                     (12, "total-rounding", "补贴资金(万元)")]
    assert [p["message"][:p["message"].index("：")] for p in probs] == ["工作表「汇总」D11", "工作表「汇总」F11", "工作表「汇总」F12"]
    assert probs[0]["message"] == ("工作表「汇总」D11：「小计」的累计完成(人)「4100」与各行之和不符：2700 + 1300 = 4000（第 9—10 行共 2 行），"
                                   "相差 100，超出四舍五入可解释的 0.5：应为 4000")


def test_a_project_table_with_an_area_column(run, tmp_path):
    path = write(tmp_path / "t.csv", "序号,项目名称,地区,目标任务,1-4月累计完成,完成率\n"
                 "1,城镇新增就业,东坡区,8000人,2900人,36.3%\n1,城镇新增就业,彭山区,3800人,1200人,30%\n")
    r = run("--data", CITY_AREAS, "verify", path, "--format", "json")
    [p] = json.loads(r.stdout)["problems"]
    assert (p["line"], p["code"]) == (3, "rate-slip")
    assert p["message"] == "「彭山区」完成率「30%」有误：累计完成 1200人（数据文件夹 2019-04） ÷ 目标 3800人 = 31.58%，应为 32%"


def test_rows_printing_only_a_target_do_not_decide_table_unmatched(run, tmp_path):
    """Only rows carrying a figure or a rate count (docs/verify.md): two target-only rows that match
    nothing beside one matched row with figures are unmatched rows, not an unmatched table."""
    path = write(tmp_path / "t.csv", "序号,项目名称,任务指标,1-7月累计完成,完成率\n1,新增城镇就业,8950人,5276人,59%\n"
                 "98,城区绿化,30公顷,,\n99,城区亮化,20处,,\n")
    r = run("--data", DATA, "verify", path, "--format", "json")
    assert [(p["line"], p["code"]) for p in json.loads(r.stdout)["problems"]] == [(3, "unmatched-row"), (4, "unmatched-row")]
    assert r.exit_code == 0


def test_the_area_table_as_a_workbook_with_merged_header_cells(run, tmp_path):
    """The same table as Excel saves it: the title merged across, 地区 merged down, each block's
    name merged over its three columns (its value in the first column only)."""
    import csv

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    with open(FIXTURES / "areas-two-row-header.csv", encoding="utf-8") as f:
        for row in csv.reader(f):
            ws.append([float(c) if c.replace(".", "", 1).isdigit() else (c or None) for c in row])
    for span in ("A1:G1", "A2:A3", "B2:D2", "E2:G2"):
        ws.merge_cells(span)
    path = tmp_path / "分地区.xlsx"
    wb.save(path)
    code, found, probs, doc = alone(run, path)
    assert found == [(5, "rate-slip", "新增托位/完成比例(%)"), (7, "rate-slip", "新增学位/完成比例(%)")]
    # each names its block's rate cell: 新增托位's (B–D) D5, 新增学位's (E–G) G7
    assert probs[0]["message"].startswith("工作表「Sheet」D5：「甲区」新增托位/完成比例(%)「65」有误")
    assert probs[1]["message"].startswith("工作表「Sheet」G7：「丙区」新增学位/完成比例(%)「73」有误")
    assert doc["checked"] == 8 and doc["totals_checked"] == 4


def test_a_five_row_header_with_a_responsible_unit_row(run):
    """The layout of a city's published year-end table (眉山 2019): a group, a sub-group, the
    indicators, the responsible units, then (目标任务, 进度, 完成比例(%)) under each indicator."""
    code, found, probs, doc = alone(run, "areas-five-row-header.csv")
    assert code == 1 and found == [(7, "total-mismatch", "下岗失业人员再就业(人)/进度"),
                                   (12, "rate-slip", "就业困难人员就业(人)/完成比例(%)")]
    assert probs[0]["message"] == ("「全市」的下岗失业人员再就业(人)/进度「700」与各行之和不符：400 + 150 + 90 + 70 = 710"
                                   "（第 8—12 行共 4 行），相差 10，超出四舍五入可解释的 0.5：应为 710")
    assert probs[1]["message"] == ("「丙区」就业困难人员就业(人)/完成比例(%)「135」有误：进度 500 ÷ 目标任务 400 = 125.00%，"
                                   "应为 125%")
    # 13 rates (市本级's 800 among them); 6 total cells: the 失业率低于(%) block is no count to add up
    assert (doc["checked"], doc["totals_checked"]) == (13, 6)


def test_fractions_decided_by_the_registrys_figures_where_the_rows_print_none(run, tmp_path):
    """Issue 16 item 5 with a table that prints no figures of its own: the data folder's figures
    decide that the column is fractions; only the wrong one is reported, at its precision."""
    path = write(tmp_path / "t.csv", "序号,项目名称,任务指标,1-7月累计完成,完成率\n1,新增城镇就业,8950人,已完成,0.589\n"
                 "2,减少义务教育大班额,51个,,0.235\n3,农村及城镇低保适龄妇女“两癌”免费检查,2500人,,0.596\n"
                 "4,孕产妇免费产前筛查,3600人,,0.598\n")
    r = run("--data", DATA, "verify", path, "--format", "json")
    doc = json.loads(r.stdout)
    assert [(p["line"], p["code"]) for p in doc["problems"]] == [(5, "rate-slip")] and doc["fractions"] == ["完成率"]
    assert doc["problems"][0]["message"] == ("「孕产妇免费产前筛查」完成率「0.598」有误：累计完成 2120人（数据文件夹 2019-07） ÷ 目标 3600人 = 58.889%，"
                                             "应为 0.589（58.9%）")


@pytest.mark.parametrize("header", ["实事项目", "民生实事项目", "重点事项", "指标名称"])
def test_item_columns_worded_otherwise_without_a_seq_column(run, tmp_path, header):
    path = write(tmp_path / "t.csv", f"{header},责任单位,完成情况,完成率\n新增2500个公办托位,市卫健委,1800个,70%\n")
    code, found, probs, _ = alone(run, path)
    assert found == [(2, "rate-slip", "完成率")] and "应为 72%" in probs[0]["message"]


def test_a_total_over_parts_in_different_units_is_not_added_up(run, tmp_path):
    path = write(tmp_path / "t.csv", "序号,项目名称,目标任务,累计完成,完成率\n1,新增城镇就业,8950人,6031人,67.4%\n"
                 "2,减少大班额,51个,15个,29.4%\n合计,,9001,6046,\n")
    code, found, probs, doc = alone(run, path)
    assert found == [] and doc["totals_checked"] == 0  # 人 and 个 are not summed
    path.write_text(path.read_text(encoding="utf-8").replace("51个,15个", "51人,15人").replace("6046", "6050"), encoding="utf-8")
    code, found, probs, doc = alone(run, path)
    assert found == [(4, "total-mismatch", "累计完成")] and doc["totals_checked"] == 2


@pytest.mark.parametrize("month", ["2019-03", "2019-12"])
def test_minshi_report_table_verifies_clean_without_a_registry(run, tmp_path, month):
    from tests.test_verify import published_from_report

    path = write(tmp_path / f"通报-{month}.csv", published_from_report(month), "utf-8-sig")
    code, found, _, doc = alone(run, path)
    # 13 rates have their target and figure on the row (standards and milestones print words)
    assert (code, found, doc["checked"]) == (0, [], 13)


def test_figures_too_large_to_divide_or_add_are_no_traceback(run, tmp_path):
    """Found by the property test: a 308-digit figure made the right rate infinite."""
    huge = "9" * 308
    path = write(tmp_path / "t.csv", f"序号,项目名称,目标任务,累计完成,完成率\n1,甲,1,{huge}人,1\n2,乙,{huge},{huge},1\n合计,,{huge},{huge},\n")
    code, found, _, doc = alone(run, path)
    # row 2 (1 as a fraction: 100%) and the targets' total are checked; the infinite rate and the
    # figures' sum, too large to hold, are not
    assert (code, found, doc["checked"], doc["totals_checked"]) == (0, [], 2, 1)
