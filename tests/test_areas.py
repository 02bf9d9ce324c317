"""Sub-areas (docs/areas.md): registry keys, rows per area, the whole from its areas, ranking."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from minshi_cli.core.registry import _parse
from minshi_cli.core.rules import evaluate
from minshi_cli.core.statuses import KEYS
from tests.conftest import REPO, write

CITY = REPO / "examples" / "city-areas"

REGISTRY = """\
year: 2019
final_month: 2019-12
levels: {city: 市级}
areas: [东区, 西区, 南区]
projects:
  - seq: 1
    name: 就业
    level: city
    unit: 人社局
    indicators:
      - {id: "1", name: 新增就业, kind: cumulative, target: 100, unit: 人, areas: {东区: 50, 西区: 30, 南区: 20}}
      - {id: "2", name: 失业率, kind: ceiling, target: 4.3, unit: "%", areas: all}
      - {id: "3", name: 低保标准, kind: threshold, target: 500, unit: 元, areas: [东区, 西区]}
      - {id: "4", name: 救助, kind: qualitative, target: 应保尽保, areas: all}
      - id: "5"
        name: 服务中心
        kind: milestone
        stages: [{name: 开工, due: 2019-03}, {name: 建成, due: 2019-10}]
        areas: [东区, 南区]
      - {id: "6", name: 全市项目, kind: cumulative, target: 10, unit: 个}
"""


def problems_of(text: str):
    return [(p.line, p.code, p.message) for p in _parse(text, "projects.yaml")[1]]


def registry_of(text: str = REGISTRY):
    registry, problems = _parse(text, "projects.yaml")
    assert problems == []
    return registry


def folder(tmp_path: Path, files: dict[str, str], registry: str = REGISTRY) -> Path:
    data = tmp_path / "data"
    write(data / "projects.yaml", registry)
    for name, text in files.items():
        write(data / "progress" / name, text)
    return data


def checked(run, data: Path):
    r = run("--data", data, "check", "--format", "json")
    doc = json.loads(r.stdout)
    return r.exit_code, [(Path(p["file"]).name, p["line"], p["column"], p["code"], p["message"])
                         for p in doc["problems"]]


# ------------------------------------------------------------------ registry


def test_registry_areas_are_read_in_order_with_area_targets():
    registry = registry_of()
    assert registry.areas == ("东区", "西区", "南区")
    by = registry.by_id
    assert by["1"].areas == (("东区", 50.0), ("西区", 30.0), ("南区", 20.0))
    assert by["2"].areas == (("东区", 4.3), ("西区", 4.3), ("南区", 4.3))  # all: the indicator's own target
    assert by["3"].area_names == ("东区", "西区")
    assert by["5"].area_names == ("东区", "南区")
    assert by["6"].areas == ()
    assert [i.id for i in registry.split] == ["1", "2", "3", "4", "5"]


@pytest.mark.parametrize("targets", ["{南区: 20, 东区: 50, 西区: 30}", "{南区: 20.0, 东区: 50, 西区: 30}",
                                     "{南区: 20, 东 区: 50, 西区: 30}"])
def test_area_targets_come_in_the_registry_order_of_areas_whatever_order_they_are_written_in(targets):
    registry = registry_of(REGISTRY.replace("{东区: 50, 西区: 30, 南区: 20}", targets))
    assert registry.by_id["1"].areas == (("东区", 50.0), ("西区", 30.0), ("南区", 20.0))
    assert all(type(t) is float for _, t in registry.by_id["1"].areas)


def test_registry_area_not_listed_names_the_nearest():
    text = REGISTRY.replace("{东区: 50, 西区: 30, 南区: 20}", "{东区: 50, 西 区: 30, 西城区: 20}")
    assert problems_of(text) == [
        (11, "registry-field", "指标 1 的 areas 中「西城区」不在登记表顶层的 areas 中；是否应为「西区」？")]
    text = REGISTRY.replace("{东区: 50, 西区: 30, 南区: 20}", "{东区: 50, 西区: 30, 北区: 20}")
    assert problems_of(text) == [
        (11, "registry-field", "指标 1 的 areas 中「北区」不在登记表顶层的 areas 中；登记表的地区：东区、西区、南区")]


def test_registry_cumulative_areas_must_be_a_mapping_and_others_a_list():
    text = REGISTRY.replace("areas: [东区, 西区]}", "areas: {东区: 1}}").replace("{东区: 50, 西区: 30, 南区: 20}", "[东区, 南区]")
    assert [(line, code) for line, code, _ in problems_of(text)] == [(11, "registry-field"), (13, "registry-field")]
    messages = [m for _, _, m in problems_of(text)]
    assert messages[0].startswith("指标 1 是 cumulative（累计）指标，areas 应为 地区: 目标 的映射，如 {东区: 100}")
    assert messages[1].startswith("指标 3 是 threshold（标准（不低于））指标，areas 应为地区名称的列表")


def test_registry_area_target_must_be_positive():
    text = REGISTRY.replace("西区: 30,", "西区: 0,")
    assert problems_of(text) == [(11, "registry-target", "指标 1 的地区「西区」的目标应为大于 0 的数字，现为 0")]


def test_registry_indicator_areas_need_top_level_areas():
    text = REGISTRY.replace("areas: [东区, 西区, 南区]\n", "")
    found = problems_of(text)
    assert found[0] == (10, "registry-field", "指标 1 列出了 areas，但登记表顶层没有 areas：请先在顶层列出全部地区，如 areas: [东坡区, 彭山区]")
    assert len(found) == 5


def test_registry_unknown_key_near_areas():
    text = REGISTRY.replace("areas: all}", "area: all}")
    assert problems_of(text) == [(12, "registry-unknown-key", "指标中的键「area」未知，该键不会生效；是否应为「areas」？"),
                                 (14, "registry-unknown-key", "指标中的键「area」未知，该键不会生效；是否应为「areas」？")]


def test_area_target_sum_warns_on_the_areas_line(run, tmp_path):
    text = REGISTRY.replace("西区: 30,", "西区: 25,")
    data = folder(tmp_path, {"2019-01.csv": "indicator,value\n6,1\n"}, text)
    code, hits = checked(run, data)
    assert ("projects.yaml", 11, "areas", "area-target-sum",
            "指标 1（新增就业）各地区目标之和 95人（东区 50＋西区 25＋南区 20）不等于指标的目标 100人：核对各地区的目标和 target") in hits
    assert code == 0


# ------------------------------------------------------------------ rows per area


def test_area_problems_with_exact_lines(run, tmp_path):
    data = folder(tmp_path, {"2019-01.csv": "指标,地区,累计完成\n"
                                            "1,东区,10\n"       # 2 ok
                                            "1,,5\n"            # 3 area-missing
                                            "1,东城区,3\n"      # 4 unknown-area (did-you-mean)
                                            "3,南区,500\n"      # 5 unknown-area: in the registry, not for 3
                                            "6,东区,1\n"        # 6 unknown-area: 6 is not split
                                            "1,东 区,12\n"      # 7 duplicate (padding removed)
                                            })
    code, hits = checked(run, data)
    assert code == 1
    errors = [h for h in hits if h[3] in ("area-missing", "unknown-area", "duplicate-indicator")]
    assert errors == [
        ("2019-01.csv", 3, "地区", "area-missing", "指标 1 分地区报送，但该行没有填写地区：请在 area（地区）列填写 东区、西区、南区 之一"
         "（累计类指标的合计是各地区之和，不单独填报）"),
        ("2019-01.csv", 4, "地区", "unknown-area", "地区「东城区」不在登记表中，是否应为「东区」？"),
        ("2019-01.csv", 5, "地区", "unknown-area", "地区「南区」不在登记表为指标 3 列出的地区中：该指标的地区为 东区、西区"),
        ("2019-01.csv", 6, "地区", "unknown-area",
         "指标 6 不分地区报送（登记表中该指标没有 areas），该行却填了地区「东区」：删去地区，或在登记表中为该指标列出 areas"),
        ("2019-01.csv", 7, "指标", "duplicate-indicator", f"指标 1（东区） 在 2019-01 重复报送：{data / 'progress' / '2019-01.csv'}:2 已报送过，只保留一行"),
    ]


def test_not_reported_names_the_silent_area(run, tmp_path):
    rows = "indicator,area,value\n1,东区,10\n1,西区,5\n6,,1\n"
    data = folder(tmp_path, {"2019-01.csv": rows})
    code, hits = checked(run, data)
    silent = [h[4] for h in hits if h[3] == "not-reported" and h[4].startswith("指标 1（")]
    assert silent == ["指标 1（新增就业，人社局）南区 2019-01 未报送"]


def test_area_column_in_a_month_folder_of_area_files(run, tmp_path):
    data = folder(tmp_path, {"2019-02/东区.csv": "指标,街道,累计完成\n1,东区,20\n",
                             "2019-02/西区.csv": "指标,区县,累计完成\n1,西区,10\n1,东区,1\n"})
    code, hits = checked(run, data)
    dup = [h for h in hits if h[3] == "duplicate-indicator"]
    assert dup == [("西区.csv", 3, "指标", "duplicate-indicator",
                    f"指标 1（东区） 在 2019-02 重复报送：{data / 'progress' / '2019-02' / '东区.csv'}:2 已报送过，只保留一行")]


def test_decreasing_value_is_per_area(run, tmp_path):
    data = folder(tmp_path, {"2019-01.csv": "指标,地区,累计完成\n1,东区,10\n1,西区,8\n",
                             "2019-02.csv": "指标,地区,累计完成\n1,东区,12\n1,西区,9\n"})
    code, hits = checked(run, data)
    assert [h for h in hits if h[3] == "decreasing-value"] == []


# ------------------------------------------------------------------ the whole from its areas


def records(rows):
    frame = pd.DataFrame(rows, columns=["month", "indicator", "area", "value"])
    return frame.assign(note="", reporter="", file="f", line=1)


def test_cumulative_whole_sums_latest_figures_and_carries_a_silent_area():
    registry = registry_of()
    ev = evaluate(registry, records([
        ("2019-01", "1", "东区", 5.0), ("2019-01", "1", "西区", 3.0),
        ("2019-02", "1", "东区", 9.0),  # 西区 silent: its 3 is carried; 南区 never reported: adds 0
    ]), "2019-02")
    one = ev.indicators.set_index("id").loc["1"]
    assert one["value"] == 12.0 and one["rate"] == 0.12 and one["areas_missing"] == 2
    assert one["delta"] == 4.0  # 12 now, 8 in January
    assert one["status"] == "lagging"  # 0.12 vs q = 2/12 = 0.1667: within 0.10
    areas = ev.areas[ev.areas["id"] == "1"].set_index("area")
    assert areas["target"].tolist() == [50.0, 30.0, 20.0]
    assert areas.loc["东区", "rate"] == 9 / 50 and areas.loc["东区", "status"] == "on_track"
    assert np.isnan(areas.loc["西区", "value"]) and areas.loc["西区", "status"] == "missing"


def test_cumulative_whole_is_missing_only_when_no_area_reported():
    registry = registry_of()
    ev = evaluate(registry, records([("2019-01", "1", "东区", 5.0)]), "2019-02")
    one = ev.indicators.set_index("id").loc["1"]
    assert one["status"] == "missing" and np.isnan(one["value"]) and one["areas_missing"] == 3


def test_a_done_area_counts_as_reported():
    registry = registry_of()
    ev = evaluate(registry, records([("2019-01", "1", "南区", 20.0), ("2019-02", "1", "东区", 10.0)]), "2019-02")
    one = ev.indicators.set_index("id").loc["1"]
    assert one["areas_missing"] == 1 and one["value"] == 30.0
    south = ev.areas.set_index(["id", "area"]).loc[("1", "南区")]
    assert south["status"] == "done" and south["carried_from"] == "2019-01"


@pytest.mark.parametrize("kind_id, figures, expected", [
    ("2", {"东区": 4.0, "西区": 4.5}, "lagging"),  # ceiling: one area above it
    ("2", {"东区": 4.0, "西区": 4.1, "南区": 4.2}, "done"),
    ("3", {"东区": 500.0, "西区": 480.0}, "lagging"),  # threshold
    ("4", {"东区": "严重滞后", "西区": "已完成"}, "behind"),  # qualitative: worst
    ("5", {"东区": 1.0}, "on_track"),  # milestone: 南区 silent does not count
    ("5", {}, "missing"),
])
def test_other_kinds_whole_is_the_worst_of_reporting_areas(kind_id, figures, expected):
    from minshi_cli.core.kinds import QUALITATIVE_CODES, STATUS_WORDS

    registry = registry_of()
    rows = [("2019-04", kind_id, a, QUALITATIVE_CODES[STATUS_WORDS[v]] if isinstance(v, str) else v)
            for a, v in figures.items()]
    ev = evaluate(registry, records(rows), "2019-04")
    whole = ev.indicators.set_index("id").loc[kind_id]
    assert whole["status"] == expected
    assert np.isnan(whole["value"]) and np.isnan(whole["rate"])
    listed = len(registry.by_id[kind_id].areas)
    assert whole["areas_missing"] == listed - len(figures)


def test_status_json_areas(run):
    r = run("--data", CITY, "status", "--as-of", "2019-03", "--format", "json")
    assert r.exit_code == 0
    doc = json.loads(r.stdout)
    one, rate = doc["indicators"]
    assert one["value"] == 6770 and one["areas_missing"] == 1 and one["status"] == "lagging"
    assert one["areas"][3] == {"area": "洪雅县", "target": 3600, "value": None, "rate": None, "status": "missing"}
    assert one["areas"][0] == {"area": "东坡区", "target": 8000, "value": 2200, "rate": 0.275, "status": "on_track"}
    assert rate["value"] is None and rate["rate"] is None and rate["status"] == "lagging"
    assert rate["areas"][4] == {"area": "丹棱县", "target": 4.3, "value": 4.5, "rate": None, "status": "lagging"}


# ------------------------------------------------------------------ ranking (status --by area)

RANKED = """\
year: 2019
final_month: 2019-12
levels: {city: 市级}
areas: [东区, 西区, 南区]
projects:
  - seq: 1
    name: 就业
    level: city
    unit: 人社局
    indicators:
      - {id: "1", name: 新增就业, kind: cumulative, target: 80, unit: 人, areas: {东区: 50, 西区: 30}}
      - {id: "2", name: 失业率, kind: ceiling, target: 4.3, unit: "%", areas: all}
"""


def ranking(rows, month="2019-06"):
    from minshi_cli.views.status_view import by_area

    registry = registry_of(RANKED)
    ev = evaluate(registry, records(rows), month)
    return [(a["area"], a["rank"], a["mean_rate"]) for a in by_area(ev, registry)]


CEILINGS = [("2019-06", "2", a, 4.0) for a in ("东区", "西区", "南区")]


def test_rank_ties_fall_to_the_registry_order_and_no_cumulative_goes_last():
    rows = [("2019-06", "1", "东区", 25.0), ("2019-06", "1", "西区", 15.0)] + CEILINGS
    # 东区 and 西区 tie (nothing short, both 0.5): registry order; 南区 has no cumulative: last
    assert ranking(rows) == [("东区", 1, 0.5), ("西区", 2, 0.5), ("南区", 3, None)]


def test_rank_by_mean_rate_capped_at_one():
    rows = [("2019-06", "1", "东区", 60.0), ("2019-06", "1", "西区", 18.0)] + CEILINGS
    # 东区 120% counts as 100%
    assert ranking(rows) == [("东区", 1, 1), ("西区", 2, 0.6), ("南区", 3, None)]
    rows = [("2019-06", "1", "东区", 26.0), ("2019-06", "1", "西区", 18.0)] + CEILINGS
    assert ranking(rows) == [("西区", 1, 0.6), ("东区", 2, 0.52), ("南区", 3, None)]


def test_rank_fewer_shortfalls_first_and_a_missing_rate_counts_zero():
    rows = [("2019-06", "1", "西区", 18.0)] + CEILINGS
    # 东区 did not report indicator 1: missing (counts against it) and its rate counts 0
    assert ranking(rows) == [("西区", 1, 0.6), ("南区", 2, None), ("东区", 3, 0)]
    rows = [("2019-06", "1", "东区", 25.0), ("2019-06", "1", "西区", 15.0),
            ("2019-06", "2", "东区", 4.0), ("2019-06", "2", "西区", 4.5), ("2019-06", "2", "南区", 4.6)]
    # 西区 and 南区 each have one lagging ceiling: 西区's rate puts it before 南区 (none)
    assert ranking(rows) == [("东区", 1, 0.5), ("西区", 2, 0.5), ("南区", 3, None)]


def test_status_by_area_formats(run):
    r = run("--data", CITY, "status", "--by", "area", "--format", "json")
    assert r.exit_code == 0
    doc = json.loads(r.stdout)
    assert list(doc) == ["as_of", "areas"] and doc["as_of"] == "2019-04"
    assert doc["areas"][0] == {"area": "青神县", "rank": 1, "indicators": 2, **dict.fromkeys(KEYS, 0), "done": 1,
                               "on_track": 1, "mean_rate": 700 / 1900}
    assert [(a["area"], a["rank"]) for a in doc["areas"]] == [
        ("青神县", 1), ("东坡区", 2), ("仁寿县", 3), ("彭山区", 4), ("洪雅县", 5), ("丹棱县", 6)]
    r = run("--data", CITY, "status", "--by", "area", "--format", "csv")
    lines = r.stdout_bytes.decode("utf-8-sig").splitlines()
    assert lines[0] == "名次,地区,指标数,已完成,序时推进,滞后,严重滞后,未报送,平均完成率"
    assert lines[6] == "6,丹棱县,2,0,0,1,1,0,21.1%"
    r = run("--data", CITY, "status", "--by", "area", "--format", "markdown")
    assert "| 1      | 青神县 | 2        | 1        | 1          | 0      | 0          | 0        | 36.8%        |" in r.stdout
    assert r.stdout.startswith("## 2019年十大民生工程进度（截至 2019-04，时序进度 33.3%）——分地区排名")
    r = run("--data", CITY, "status", "--by", "area", "--as-of", "2019-03")
    assert "6       洪雅县  2         0         0           0       0           2         0.0%" in r.stdout


def test_status_one_area(run):
    r = run("--data", CITY, "status", "--area", "丹棱县", "--format", "json")
    doc = json.loads(r.stdout)
    assert [(i["id"], i["target"], i["value"], i["status"]) for i in doc["indicators"]] == [
        ("1a", 1900, 400, "behind"), ("1b", 4.3, 4.5, "lagging")]
    r = run("--data", CITY, "status", "--area", "丹陵县")
    assert r.exit_code == 2
    assert "登记表中没有地区「丹陵县」，是否应为「丹棱县」？可选：东坡区、彭山区、仁寿县、洪雅县、丹棱县、青神县" in r.stderr
    r = run("--data", CITY, "status", "--area", "丹棱县", "--by", "area")
    assert r.exit_code == 2


def test_by_area_without_areas_is_a_usage_error(run):
    r = run("--data", REPO / "data", "status", "--by", "area")
    assert r.exit_code == 2 and "登记表没有分地区" in r.stderr


def test_report_section_and_lagging_areas():
    text = (REPO / "tests" / "golden" / "report-city-areas-2019-04.md").read_text(encoding="utf-8")
    assert "## 三、各地区进度" in text and "## 四、进度滞后事项" in text and "## 五、未报送情况" in text
    assert "排在末位的是丹棱县，倒数第二位是洪雅县。" in text
    assert "3. 丹棱县：城镇新增就业（严重滞后，400人，完成率21.1%）、城镇登记失业率（滞后，4.5%）。" in text
    assert ("滞后的地区：丹棱县（严重滞后，400人，完成率21.1%）、彭山区（滞后，1200人，完成率31.6%）、"
            "洪雅县（滞后，900人，完成率25.0%）。") in text


def test_report_docx_has_the_areas_section(tmp_path, run):
    docx = pytest.importorskip("docx")
    out = tmp_path / "通报.docx"
    r = run("--data", CITY, "report", "--month", "2019-04", "-o", out, "--generated-at", "2019-05-05 09:00")
    assert r.exit_code == 0, r.stderr
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    assert "三、各地区进度" in texts
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["6", "丹棱县", "2", "0", "0", "1", "1", "0", "21.1%"] in cells


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_template_has_a_row_per_area_and_passes_check_when_filled(run, tmp_path, form):
    data = tmp_path / "data"
    shutil.copytree(CITY, data)
    out = tmp_path / "forms"
    out.mkdir()
    r = run("--data", data, "template", "--month", "2019-05", "--format", form, "-o", out)
    assert r.exit_code == 0, r.stderr
    path = out / f"市人社局-2019-05.{form}"
    target = data / "progress" / "2019-05" / path.name
    target.parent.mkdir()
    if form == "csv":
        lines = path.read_bytes().decode("utf-8-sig").splitlines()
        assert lines[0] == "指标编号,项目,指标名称,地区,目标,单位,上月累计,累计完成,备注"
        assert lines[5] == "1a,就业创业促进工程,城镇新增就业,丹棱县,1900,人,400,,"
        rows = [line.split(",") for line in lines[1:]]
        filled = [lines[0]] + [",".join(r[:7] + [str(int(r[6]) + 1000) if r[0] == "1a" else "4.2", "按计划推进"])
                               for r in rows]
        target.write_text("\n".join(filled) + "\n", encoding="utf-8")
    else:
        import openpyxl

        book = openpyxl.load_workbook(path)
        sheet = book.active
        header = [c.value for c in sheet[3]]
        assert header == ["指标编号", "项目", "指标名称", "地区", "目标", "单位", "上月累计", "累计完成", "备注"]
        for row in sheet.iter_rows(min_row=4):
            row[7].value = row[6].value + 1000 if row[0].value == "1a" else 4.2
            row[8].value = "按计划推进"
        book.save(target)
    code, hits = checked(run, data)
    assert [h for h in hits if h[0] == path.name] == [] and code == 0


def test_certified_rows_carry_the_area(run, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(CITY, data)
    write(data / "certified" / "2019-04.csv", "指标,地区,认定值\n1a,丹棱县,380\n1a,丹陵县,1\n1a,,9000\n")
    code, hits = checked(run, data)
    assert [h[1:4] for h in hits if h[0] == "2019-04.csv"] == [(3, "地区", "unknown-area"), (4, "地区", "area-missing")]
    write(data / "certified" / "2019-04.csv", "指标,地区,认定值\n1a,丹棱县,380\n")
    doc = json.loads(run("--data", data, "status", "--format", "json").stdout)
    one = doc["indicators"][0]
    assert one["value"] == 9080  # 9100 reported, 丹棱县's 400 certified as 380
    assert one["areas"][4] == {"area": "丹棱县", "target": 1900, "value": 380, "rate": 0.2, "status": "behind"}


def test_one_area_sees_its_certified_figure(run, tmp_path):
    """`status --area` is judged on the figures of record too (docs/assessment.md): the area's certified
    figure replaces its reported one, and both are shown beside it."""
    data = tmp_path / "data"
    shutil.copytree(CITY, data)
    write(data / "certified" / "2019-04.csv", "指标,地区,认定值\n1a,丹棱县,380\n")
    doc = json.loads(run("--data", data, "status", "--area", "丹棱县", "--format", "json").stdout)
    one = next(i for i in doc["indicators"] if i["id"] == "1a")
    assert (one["value"], one["reported"], one["certified"]) == (380, 400, 380)
