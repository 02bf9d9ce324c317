"""The registry: the notice's table exactly, and every problem named by file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minshi_cli.core.problems import DataProblems, UsageProblem
from minshi_cli.core.registry import load_registry
from tests.conftest import DATA, write

TABLE_2019 = [
    ("1", 1, "新增城镇就业", 8950, "人", "cumulative"),
    ("2", 2, "减少义务教育大班额", 51, "个", "cumulative"),
    ("3", 3, "农村及城镇低保适龄妇女“两癌”免费检查", 2500, "人", "cumulative"),
    ("4", 4, "孕产妇免费产前筛查", 3600, "人", "cumulative"),
    ("5a", 5, "城乡低保标准", 3480, "元/年", "threshold"),
    ("5b", 5, "人均救助水平", 185, "元/月", "threshold"),
    ("6a", 6, "困难残疾人生活补贴发放标准", 60, "元/人/月", "threshold"),
    ("6b", 6, "重度残疾人护理补贴发放标准", 60, "元/人/月", "threshold"),
    ("7", 7, "改（新）建农村户用厕所", 3980, "个", "cumulative"),
    ("8", 8, "推行“一村一辅警”全覆盖", 18, "个", "cumulative"),
    ("9", 9, "完成棚改项目", 5, "个", "cumulative"),
    ("10", 10, "改善棚户区居民住房条件", 1271, "户", "cumulative"),
    ("11", 11, "完成公路生命安全防护工程", 11.2, "公里", "cumulative"),
    ("12", 12, "建成“城市快警”平台", 4, "个", "cumulative"),
    ("13", 13, "标准化建设改造农贸市场", 2, "家", "cumulative"),
    ("14", 14, "完成新生儿48种遗传代谢病串联质谱筛查", 4000, "人", "cumulative"),
    ("15a", 15, "残疾人享受居家服务", 250, "人", "cumulative"),
    ("15b", 15, "残疾人享受集中托养服务", 50, "人", "cumulative"),
    ("16", 16, "建设义务教育标准化教学点", 1, "个", "cumulative"),
]


@pytest.fixture(scope="module")
def registry():
    return load_registry(DATA / "projects.yaml")


def test_indicators_match_the_contract(registry):
    got = [(i.id, i.project, i.name, i.target, i.unit, i.kind) for i in registry.indicators]
    assert got == [(a, b, c, float(d), e, f) for a, b, c, d, e, f in TABLE_2019]


def test_registry_settings(registry):
    assert (registry.year, registry.final_month, registry.lag_tolerance) == (2019, "2019-12", 0.10)
    assert [p.level for p in registry.projects] == ["province"] * 8 + ["city"] * 8


def test_people_and_units_from_the_notice(registry):
    p = {x.seq: x for x in registry.projects}
    assert (p[1].lead, p[1].unit, p[1].persons.office, p[1].persons.unit) == ("徐平", "区人社局", "隋颁材", "李和平")
    assert p[10].unit == "市保障性住房楼区分中心"  # one name, not two cells
    assert p[2].persons.unit == "邱岗" and p[8].lead == "余昕" and p[8].persons.unit == "易霄"
    # row 4's blank cells are merged cells continuing row 3
    assert (p[4].lead, p[4].unit, p[4].persons) == (p[3].lead, p[3].unit, p[3].persons)
    assert p[6].related == ("区残联",) and p[12].related == () and p[7].related == ("相关街道（乡）",)
    assert all(x.category for x in registry.projects)


def _yaml(tmp_path: Path, text: str) -> Path:
    return write(tmp_path / "projects.yaml", text)


GOOD = """\
year: 2020
final_month: 2020-12
projects:
  - seq: 1
    name: 测试项目
    level: city
    category: 教育
    task: 3个
    lead: 张三
    unit: 区教育局
    persons: {office: 李四, unit: 王五}
    indicators:
      - {id: "x1", name: 测试指标, target: 3, unit: 个, kind: cumulative}
"""


def test_another_year_works(tmp_path):
    reg = load_registry(_yaml(tmp_path, GOOD))
    assert reg.year == 2020 and reg.months()[0] == "2020-01" and reg.lag_tolerance == 0.10
    assert reg.project(1).related == ()


def problems(tmp_path, text):
    with pytest.raises(DataProblems) as info:
        load_registry(_yaml(tmp_path, text))
    return [(p.code, p.line) for p in info.value.problems], info.value.problems


def test_yaml_syntax_error_has_a_line(tmp_path):
    codes, probs = problems(tmp_path, GOOD.replace("    lead: 张三", "    lead: [张三"))
    assert codes[0][0] == "registry-syntax" and codes[0][1] is not None
    assert probs[0].file.endswith("projects.yaml")


def test_missing_field(tmp_path):
    codes, probs = problems(tmp_path, GOOD.replace("    unit: 区教育局\n", ""))
    assert ("registry-field", 4) in codes
    assert "unit" in probs[0].message


def test_duplicate_id(tmp_path):
    text = GOOD + '      - {id: "x1", name: 另一指标, target: 3, unit: 个, kind: cumulative}\n'
    codes, _ = problems(tmp_path, text)
    assert codes == [("registry-duplicate-id", 14)]


def test_non_positive_target(tmp_path):
    codes, _ = problems(tmp_path, GOOD.replace("target: 3,", "target: 0,"))
    assert codes == [("registry-target", 13)]


def test_unknown_kind(tmp_path):
    codes, _ = problems(tmp_path, GOOD.replace("kind: cumulative", "kind: percent"))
    assert codes == [("registry-kind", 13)]


def test_duplicate_key(tmp_path):
    codes, _ = problems(tmp_path, GOOD.replace("    lead: 张三\n", "    lead: 张三\n    lead: 赵六\n"))
    assert codes == [("registry-duplicate-key", 10)]


def test_bad_level_and_year_month(tmp_path):
    codes, _ = problems(tmp_path, GOOD.replace("level: city", "level: county").replace("final_month: 2020-12", "final_month: 2019-12"))
    assert {c for c, _ in codes} == {"registry-field"} and len(codes) == 2


def test_not_a_mapping(tmp_path):
    codes, _ = problems(tmp_path, "- just a list\n")
    assert codes == [("registry-field", 1)]


def test_missing_file_is_a_usage_problem(tmp_path):
    with pytest.raises(UsageProblem):
        load_registry(tmp_path / "nope.yaml")


def test_names_are_cleaned_of_padding(tmp_path):
    reg = load_registry(_yaml(tmp_path, GOOD.replace("lead: 张三", "lead: 张  三")))
    assert reg.project(1).lead == "张三"


def test_large_registry_loads(tmp_path):
    head, _, tail = GOOD.partition("projects:\n")
    block = tail
    body = "".join(block.replace("seq: 1", f"seq: {n}").replace('"x1"', f'"x{n}"') for n in range(1, 2001))
    reg = load_registry(_yaml(tmp_path, head + "projects:\n" + body))
    assert len(reg.indicators) == 2000 and reg.indicators[-1].id == "x2000"


def test_registry_saved_as_gbk_is_read(tmp_path):
    path = tmp_path / "projects.yaml"
    path.write_bytes(GOOD.encode("gbk"))
    assert load_registry(path).project(1).lead == "张三"


def test_binary_registry(tmp_path):
    path = tmp_path / "projects.yaml"
    path.write_bytes(b"\x00\x01year: 2019")
    with pytest.raises(DataProblems) as info:
        load_registry(path)
    assert info.value.problems[0].code == "registry-syntax"


# ------------------------------------------------------------------ messages a clerk can act on


def _shipped_with(tmp_path, old, new):
    text = (DATA / "projects.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "projects.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataProblems) as info:
        load_registry(path)
    return [(p.line, p.code, p.message) for p in info.value.problems]


def test_full_width_colon_is_named_at_its_line(tmp_path):
    # PyYAML gives up on line 16; the mistake is on line 15
    assert _shipped_with(tmp_path, "    lead: 徐平\n", "    lead：徐平\n") == [
        (15, "registry-syntax", "「lead：徐平」用了中文冒号「：」：键和值之间应为英文冒号加空格，如 lead: 徐平")]


def test_tab_indentation_is_named(tmp_path):
    assert _shipped_with(tmp_path, "    lead: 徐平\n", "\tlead: 徐平\n") == [
        (15, "registry-syntax", "这一行用制表符（Tab）缩进：YAML 只能用空格缩进，请把 Tab 换成空格（与上一层对齐）")]


def test_unclosed_quote_is_named_where_it_opens(tmp_path):
    # the quote runs on to the next quote character, several lines below
    assert _shipped_with(tmp_path, "    name: 新增城镇就业\n", '    name: "新增城镇就业\n') == [
        (11, "registry-syntax", '引号 " 没有闭合：「name: "新增城镇就业」，请在值的末尾补上另一半英文引号 "（或去掉这个引号）')]
    # a quote left open in a flow mapping: YAML itself says where it started
    assert _shipped_with(tmp_path, '{id: "1", name: 新增城镇就业', '{id: "1, name: 新增城镇就业') == [
        (20, "registry-syntax", '引号 " 没有闭合：「- {id: "1, name: 新增城镇就业, target: 8950, unit: 人, kind: cumulative}」，'
                                '请在值的末尾补上另一半英文引号 "（或去掉这个引号）')]


def test_other_yaml_errors_are_explained_in_chinese(tmp_path):
    assert _shipped_with(tmp_path, "    lead: 徐平\n", "    lead: 徐平\n   x: 1\n") == [
        (16, "registry-syntax", "登记表不是合法的 YAML：缩进没有对齐：同一层的键（或以「- 」开头的列表项）应左对齐，用空格缩进")]


def test_quoted_year_without_repr(tmp_path):
    # one error, not a second one about final_month's year
    assert _shipped_with(tmp_path, "year: 2019\n", 'year: "2019"\n') == [
        (5, "registry-field", "登记表的 year 应为整数，现为「2019」（带引号的文字）：去掉引号，写成 year: 2019")]


def test_final_month_written_as_a_date(tmp_path):
    assert _shipped_with(tmp_path, "final_month: 2019-12\n", "final_month: 2019-12-31\n") == [
        (6, "registry-field", "登记表的 final_month 应为月份 YYYY-MM，现为日期 2019-12-31：只写年月，即 final_month: 2019-12")]


def test_unit_in_the_target_goes_to_unit(tmp_path):
    assert _shipped_with(tmp_path, "target: 8950,", "target: 8950人,") == [
        (20, "registry-field", "指标 1 的 target 应为数字，现为「8950人」：target 只写数字，把单位「人」移到 unit，"
                               "即 target: 8950、unit: 人")]


def test_no_python_repr_in_value_messages(tmp_path):
    probs = _shipped_with(tmp_path, "level: province\n", "level: [province]\n")
    assert probs == [(12, "registry-field", "项目 1 的 level 应为文字，现为列表 [province]")]
    probs = _shipped_with(tmp_path, "final_month: 2019-12\n", "final_month: 2018-12\n")
    assert probs == [(6, "registry-field", "final_month 应为 2019 年内的月份（YYYY-MM），现为「2018-12」")]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("ab: -\"'\t\n：{}[]#,1人")), max_size=60))
def test_any_text_gives_a_registry_or_problems_with_lines(tmp_path, text):
    path = tmp_path / "projects.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_registry(path)
    except DataProblems as exc:
        lines = text.split("\n")
        for p in exc.problems:
            assert p.line is None or 1 <= p.line <= len(lines)
            assert "datetime" not in p.message and "\\u" not in p.message  # no Python reprs
            assert any("\u4e00" <= ch <= "\u9fff" for ch in p.message)  # said in Chinese


def test_unclosed_bracket_is_named_where_it_opens(tmp_path):
    assert _shipped_with(tmp_path, "persons: {office: 隋颁材, unit: 李和平}", "persons: {office: 隋颁材, unit: 李和平") == [
        (17, "registry-syntax", "登记表不是合法的 YAML：花括号 { } 没有闭合，或各项之间缺少英文逗号")]


# ------------------------------------------------------------------ the general form (docs/kinds.md)


def test_unknown_key_names_the_line_and_the_nearest_key(tmp_path):
    text = GOOD.replace("    lead: 张三\n", "    lead: 张三\n    direction: up\n").replace("unit: 个, kind", "unit: 个, taget: 4, kind")
    codes, probs = problems(tmp_path, text)
    assert codes == [("registry-unknown-key", 10), ("registry-unknown-key", 14)]
    assert "「direction」未知" in probs[0].message and "项目可用的键" in probs[0].message
    assert "「taget」未知" in probs[1].message and "是否应为「target」" in probs[1].message


def test_unknown_top_level_and_rules_keys(tmp_path):
    text = GOOD.replace("final_month: 2020-12\n", "final_month: 2020-12\ntitel: 区民生实事\nrules: {lag_tolerence: 0.2}\n")
    codes, probs = problems(tmp_path, text)
    assert codes == [("registry-unknown-key", 3), ("registry-unknown-key", 4)]
    assert "是否应为「title」" in probs[0].message and "是否应为「lag_tolerance」" in probs[1].message


def test_key_not_for_kind(tmp_path):
    text = GOOD.replace("{id: \"x1\", name: 测试指标, target: 3, unit: 个, kind: cumulative}",
                        "{id: \"x1\", name: 测试指标, kind: milestone, target: 3, due: 2020-06, "
                        "stages: [{name: 开工, due: 2020-05}]}")
    codes, probs = problems(tmp_path, text)
    assert codes == [("registry-key-not-for-kind", 13), ("registry-key-not-for-kind", 13)]
    assert {p.column for p in probs} == {"target", "due"}
    assert "最后一个阶段" in next(p.message for p in probs if p.column == "due")
    codes, _ = problems(tmp_path, GOOD.replace("kind: cumulative}", "kind: cumulative, stages: []}"))
    assert codes == [("registry-key-not-for-kind", 13)]


def test_plan_errors(tmp_path):
    for plan, why in [("{2020-06: 2, 2020-03: 1}", "递增"), ("{2020-03: 2, 2020-06: 1}", "不应减少"),
                      ("{2020-06: 4}", "超过目标"), ("{2019-06: 1}", "不是 2020 年内"), ("[1, 2]", "映射")]:
        codes, probs = problems(tmp_path, GOOD.replace("kind: cumulative}", f"kind: cumulative, plan: {plan}}}"))
        assert codes == [("registry-plan", 13)], plan
        assert why in probs[0].message, (plan, probs[0].message)


def test_stages_errors(tmp_path):
    milestone = '{id: "x1", name: 测试指标, kind: milestone, stages: %s}'
    base = GOOD.replace('{id: "x1", name: 测试指标, target: 3, unit: 个, kind: cumulative}', milestone)
    for stages, why in [("[{name: 建成, due: 2020-09}, {name: 开工, due: 2020-05}]", "不应提前"),
                        ("[{name: 开工, due: 2020-05}, {name: 开工, due: 2020-09}]", "重复"),
                        ("[{name: 开工}]", "due"), ("[]", "阶段列表"), ("[{name: '1', due: 2020-05}]", "混淆")]:
        codes, probs = problems(tmp_path, base % stages)
        assert codes == [("registry-stages", 13)], stages
        assert why in probs[0].message, (stages, probs[0].message)
    codes, _ = problems(tmp_path, base.replace(", stages: %s", ""))
    assert codes == [("registry-stages", 13)]


def test_levels_title_office_and_optional_people(tmp_path):
    text = GOOD.replace("final_month: 2020-12\n", "final_month: 2020-12\ntitle: 县政府十件民生实事\noffice: 县政府督查室\n"
                        "levels: {county: 县级, npc: 人大票决}\n").replace("level: city", "level: npc")
    text = text.replace("    lead: 张三\n", "").replace("    persons: {office: 李四, unit: 王五}\n", "")
    reg = load_registry(_yaml(tmp_path, text))
    assert (reg.title, reg.office, reg.levels) == ("县政府十件民生实事", "县政府督查室", (("county", "县级"), ("npc", "人大票决")))
    assert reg.project(1).lead == "" and reg.project(1).persons is None and reg.project(1).level == "npc"
    codes, probs = problems(tmp_path, text.replace("level: npc", "level: city"))
    assert codes == [("registry-field", 9)] and "county（县级）、npc（人大票决）" in probs[0].message


def test_every_kind_loads_with_its_own_keys():
    from tests.conftest import REPO

    reg = load_registry(REPO / "examples" / "county-2016" / "projects.yaml")
    kinds = {i.kind for i in reg.indicators}
    assert kinds == {"cumulative", "threshold", "ceiling", "milestone", "qualitative"}
    four = reg.indicator("4")
    assert [(s.name, s.due) for s in four.stages] == [("动工", "2016-05"), ("建成", "2016-12")]
    assert four.due_month(reg.final_month) == "2016-12" and reg.indicator("12").due_month(reg.final_month) == "2016-06"
    assert reg.indicator("2").plan == (("2016-08", 0.0), ("2016-09", 2.0))
    assert reg.indicator("13").target_text == "应保尽保" and reg.indicator("13").unit == ""

def test_registry_with_a_line_pasted_from_gbk(tmp_path):
    text = (DATA / "projects.yaml").read_text(encoding="utf-8")
    lines = text.split("\n")
    data = "\n".join(lines[:14]).encode("utf-8") + b"\n" + lines[14].encode("gbk") + b"\n" + "\n".join(lines[15:]).encode("utf-8")
    path = tmp_path / "projects.yaml"
    path.write_bytes(data)
    with pytest.raises(DataProblems) as info:
        load_registry(path)
    assert [(p.line, p.code) for p in info.value.problems] == [(15, "registry-syntax")]
    assert info.value.problems[0].message.startswith("这一行不是 UTF-8 编码，而登记表其他行是 UTF-8 的中文")


# every plain or quoted scalar the registry could hold: the line-keeping loader's quick path for
# strings and decimal ints must build exactly what PyYAML's safe loader builds (type and value)
SCALARS = ["0", "7", "100", "0100", "007", "0x1F", "0b101", "0o17", "1_000", "+5", "-3", "-0", "12:30", "190:20:30",
           "4.5", "-4.5", "1e3", ".inf", "-.Inf", ".nan", "true", "no", "~", "null", "2019-06", "2019-06-01", "'12'",
           '"7"', "１２", "٣", "²", "abc", "地区001", "0.", "1_0.5"]


@given(st.lists(st.sampled_from(SCALARS) | st.from_regex(r"[-+]?[0-9_]{1,6}(\.[0-9]{0,3})?", fullmatch=True),
                min_size=1, max_size=8))
def test_scalars_are_built_as_pyyaml_builds_them(items):
    import yaml

    from minshi_cli.core.registry import _LineLoader

    text = "m: {" + ", ".join(f"k{n}: {v}" for n, v in enumerate(items)) + "}\nl: [" + ", ".join(items) + "]\n"
    try:
        expected = yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return
    loader = _LineLoader(text)
    loader.duplicate_keys = []
    try:
        got = loader.get_single_data()
    finally:
        loader.dispose()
    assert [(type(v), v) for v in got["m"].values()] == [(type(v), v) for v in expected["m"].values()]
    assert got == expected


def test_year_in_error_is_said_once(tmp_path):
    """No error about a value derived from one already in error: with `year: 二〇一九` the
    final month, due months, plans and stages are not said to lie outside「0 年」."""
    text = (GOOD.replace("year: 2020", "year: 二〇一九")
            .replace("kind: cumulative}", "kind: cumulative, due: 2020-10, plan: {2020-06: 1, 2020-12: 3}}"))
    codes, probs = problems(tmp_path, text)
    assert codes == [("registry-field", 1)]
    assert probs[0].message == "登记表的 year 应为整数，现为「二〇一九」"
    # a month malformed in itself is still said, without a year in the message
    codes, probs = problems(tmp_path, text.replace("final_month: 2020-12", "final_month: 十二月"))
    assert codes == [("registry-field", 1), ("registry-field", 2)]
    assert probs[1].message.startswith("final_month 应为月份（YYYY-MM）") and " 0 年" not in probs[1].message


# ------------------------------------------------------------------ one typo, one error (docs/registry.md)


@pytest.mark.parametrize("typed, line, key", [
    ("final_mnoth: 2020-12", 2, "final_month"),
    ("      - {id: \"x1\", name: 测试指标, target: 3, unit: 个, knid: cumulative}", 13, "kind"),
    ("      - {id: \"x1\", name: 测试指标, target: 3, unti: 个, kind: cumulative}", 13, "unit"),
    ("    nmae: 测试项目", 5, "name"),
])
def test_a_misspelt_key_is_one_error_at_the_typo_naming_the_key_meant(tmp_path, typed, line, key):
    original = {"final_month": "final_month: 2020-12",
                "name": "    name: 测试项目"}.get(key, "      - {id: \"x1\", name: 测试指标, target: 3, unit: 个, kind: cumulative}")
    codes, probs = problems(tmp_path, GOOD.replace(original, typed))
    assert codes == [("registry-unknown-key", line)]
    assert probs[0].message.endswith(f"未知，该键不会生效；是否应为「{key}」？")


def test_a_missing_field_after_an_id_is_set_off_by_a_space(tmp_path):
    codes, probs = problems(tmp_path, GOOD.replace("unit: 个, kind: cumulative", "kind: cumulative"))
    assert [(p.code, p.line, p.message) for p in probs] == [("registry-field", 13, "指标 x1 缺少字段 unit")]
    codes, probs = problems(tmp_path, GOOD.replace("    unit: 区教育局\n", ""))
    assert [(p.code, p.line, p.message) for p in probs] == [("registry-field", 4, "项目 1 缺少字段 unit")]
