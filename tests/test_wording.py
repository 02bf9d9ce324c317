"""The registry's own words (docs/registry.md, 文字): ``document``, ``consequence``, the assess title
with the programme's noun, level headings not doubled, the fill-in form's title and 报送 line, and
no 转为滞后 for an indicator lagging in its first reported month."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import write

REGISTRY = """\
year: 2010
final_month: 2010-12
title: 为民办实事
office: 省政府办公厅
notice: 关于2010年为民办实事的通知
levels: {{province: 省为民办实事, county: 县级}}
{extra}projects:
  - seq: 1
    name: 新建农村公路
    level: province
    unit: 省交通厅
    indicators:
      - {{id: "1", name: 新建农村公路, kind: cumulative, target: 100, unit: 公里}}
  - seq: 2
    name: 城镇新增就业
    level: county
    unit: 省人社厅
    indicators:
      - {{id: "2", name: 城镇新增就业, kind: cumulative, target: 50, unit: 万人}}
"""


def _folder(tmp_path: Path, extra: str = "", months=None) -> Path:
    data = tmp_path / "data"
    write(data / "projects.yaml", REGISTRY.format(extra=extra))
    months = months or {"2010-06": "1,10\n2,40\n", "2010-12": "1,80\n2,50\n"}
    for month, rows in months.items():
        write(data / "progress" / f"{month}.csv", "indicator,value\n" + rows)
    return data


def test_document_names_the_report(run, tmp_path):
    data = _folder(tmp_path, "document: 工作进展情况通报\n")
    out = run("report", "--data", data, "--month", "2010-06", "-o", tmp_path / "r.md").exit_code
    assert out == 0
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# 2010年为民办实事工作进展情况通报（1—6月）"
    # without the key: 工作调度通报
    data = _folder(tmp_path / "b")
    run("report", "--data", data, "--month", "2010-06", "-o", tmp_path / "b.md")
    assert (tmp_path / "b.md").read_text(encoding="utf-8").splitlines()[0] == "# 2010年为民办实事工作调度通报（1—6月）"


def _year_end(run, tmp_path, extra: str) -> str:
    data = _folder(tmp_path, extra)
    assert run("report", "--data", data, "--month", "2010-12", "-o", tmp_path / "r.md").exit_code == 0
    return (tmp_path / "r.md").read_text(encoding="utf-8")


def test_consequence_words_the_year_end_sentence(run, tmp_path):
    text = _year_end(run, tmp_path, "consequence: 年度绩效考评不得评为合格\n")
    assert "按照《关于2010年为民办实事的通知》，年度绩效考评不得评为合格。年度任务未全部完成的单位：省交通厅。" in text
    assert "优秀等次" not in text


def test_default_consequence_unchanged(run, tmp_path):
    text = _year_end(run, tmp_path, "")
    assert ("按照《关于2010年为民办实事的通知》，为民办实事项目任务未完成的单位，该年度综合绩效考评不得评为优秀等次。"
            "年度任务未全部完成的单位：省交通厅。") in text


def test_null_consequence_keeps_the_list_only(run, tmp_path):
    text = _year_end(run, tmp_path, "consequence: null\n")
    assert "按照《" not in text and "优秀" not in text
    assert "年度任务未全部完成的单位：省交通厅。" in text


def test_consequence_without_notice(run, tmp_path):
    data = _folder(tmp_path, "consequence: 年度绩效考评不得评为合格\n")
    path = data / "projects.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("notice: 关于2010年为民办实事的通知\n", ""), encoding="utf-8")
    run("report", "--data", data, "--month", "2010-12", "-o", tmp_path / "r.md")
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "\n年度绩效考评不得评为合格。年度任务未全部完成的单位：省交通厅。" in text


@pytest.mark.parametrize("extra, label", [("", "不得评为优秀"), ("consequence: 年度绩效考评不得评为合格\n", "任务未完成"),
                                          ("consequence: null\n", "任务未完成")])
def test_barred_label_follows_the_consequence(run, tmp_path, extra, label):
    data = _folder(tmp_path, extra)
    out = run("assess", "--data", data).output
    assert out.splitlines()[0] == "2010年为民办实事年度考核（截至 2010-12）"
    assert f"{label} 1 个单位" in out and f"有已报送（认定）但未完成的指标：{label}" in out
    unit = run("status", "--data", data, "--by", "unit", "--format", "csv").output
    assert f"省交通厅,1,0,0,0,1,0,{label}" in unit
    # JSON keeps the key
    judged = json.loads(run("assess", "--data", data, "--format", "json").output)
    assert [u["verdict"] for u in judged["units"]] == ["barred", "passed"]


def test_assess_titled_with_the_programme_noun(run, tmp_path):
    data = _folder(tmp_path, months={"2010-06": "1,10\n2,40\n"})
    assert run("assess", "--data", data).output.splitlines()[0] == \
        "2010年为民办实事考核预评（截至 2010-06，年度终了前结论为预评）"


def test_level_heading_not_doubled(run, tmp_path):
    data = _folder(tmp_path)
    for suffix in ("md", "html"):
        run("report", "--data", data, "--month", "2010-06", "-o", tmp_path / f"r.{suffix}")
        text = (tmp_path / f"r.{suffix}").read_text(encoding="utf-8")
        assert "为民办实事为民办实事" not in text
        assert "（一）省为民办实事（1件）" in text and "（二）县级为民办实事（1件）" in text
        assert "其中，省为民办实事1件" in text


def test_form_takes_title_and_office(run, tmp_path):
    data = _folder(tmp_path)
    assert run("template", "--data", data, "--month", "2010-07", "--format", "xlsx", "-o", tmp_path / "f").exit_code == 0
    import openpyxl

    ws = openpyxl.load_workbook(tmp_path / "f" / "省交通厅-2010-07.xlsx").active
    assert ws["A1"].value == "省交通厅 2010年7月为民办实事进度报送表"
    assert ws["A2"].value.endswith("将本文件报送省政府办公厅。")


@pytest.mark.parametrize("line, fix", [("document: 123\n", "document 应为报告标题中的文种文字"),
                                       ("document: ''\n", "document 应为报告标题中的文种文字"),
                                       ("consequence: [a]\n", "consequence 应为年终一句中的后果文字"),
                                       ("consequence: ''\n", "或 null 表示不写这句")])
def test_bad_wording_is_registry_field_at_its_line(run, tmp_path, line, fix):
    data = _folder(tmp_path, line)
    result = run("check", "--data", data, "--format", "json")
    problems = json.loads(result.stdout)["problems"]
    found = [p for p in problems if p["code"] == "registry-field"]
    assert found and found[0]["line"] == 7 and fix in found[0]["message"], problems


def test_no_turned_lagging_in_the_first_reported_month(run, tmp_path):
    # 1 first reported in June, already lagging; 2 on track in May, lagging in June
    data = _folder(tmp_path, months={"2010-05": "2,21\n", "2010-06": "1,45\n2,22.5\n"})
    run("report", "--data", data, "--month", "2010-06", "-o", tmp_path / "r.md")
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    road = next(line for line in text.splitlines() if "新建农村公路" in line and "滞后" in line and "完成率" in line)
    jobs = next(line for line in text.splitlines() if "城镇新增就业" in line and "滞后" in line and "完成率" in line)
    assert "转为滞后" not in road
    assert "本月转为滞后" in jobs
