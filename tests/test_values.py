"""The value normaliser: accepted human forms, and nothing guessed."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minshi_cli.core.values import normalise


def parse(text, unit="人"):
    value, code = normalise(pd.Series([text], dtype=object), pd.Series([unit]))
    return (None if math.isnan(value[0]) else value[0]), code[0]


@pytest.mark.parametrize("text,unit,expected", [
    ("8950", "人", 8950), (" 8950 ", "人", 8950), ("8,950", "人", 8950), ("８９５０", "人", 8950),
    ("８，９５０", "人", 8950), ("8950人", "人", 8950), ("8950 人", "人", 8950), ("11.2公里", "公里", 11.2),
    ("3480元/年", "元/年", 3480), ("3480元／年", "元/年", 3480), ("1,234,567.5", "个", 1234567.5),
    ("+7", "个", 7), ("0", "个", 0), (".5", "公里", 0.5), ("\u30008950\u3000", "人", 8950),
])
def test_accepted_forms(text, unit, expected):
    assert parse(text, unit) == (expected, None)


@pytest.mark.parametrize("text,unit,code", [
    ("八千", "人", "not-a-number"), ("٣٤", "人", "not-a-number"), ("8,95", "人", "not-a-number"), ("1e3", "人", "not-a-number"),
    ("5.", "人", "not-a-number"), ("about 9000", "人", "not-a-number"), ("89 50", "人", "not-a-number"),
    ("NaN", "人", "not-finite"), ("inf", "人", "not-finite"), ("-Infinity", "人", "not-finite"),
    ("-3", "人", "negative-value"), ("－３", "人", "negative-value"),
    ("50%", "人", "percent-value"), ("50％", "人", "percent-value"),
    ("8950个", "人", "wrong-unit"), ("11.2 km", "公里", "wrong-unit"), ("3480元/月", "元/年", "wrong-unit"),
])
def test_rejected_forms(text, unit, code):
    assert parse(text, unit) == (None, code)


def test_empty_means_not_reported():
    assert parse("") == (None, None)
    assert parse("   ") == (None, None)


@given(st.integers(min_value=0, max_value=10**12))
def test_integers_in_every_accepted_spelling(n):
    plain = str(n)
    grouped = f"{n:,}"
    full = plain.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    for text in (plain, grouped, full, f" {plain}人 "):
        assert parse(text) == (n, None)


@given(st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False))
def test_decimals_round_trip(d):
    assert parse(f"{d}公里", "公里")[0] == pytest.approx(float(d))


@settings(max_examples=300)
@given(st.text(max_size=30), st.sampled_from(["人", "个", "元/年", "公里", ""]))
def test_any_text_is_either_a_number_or_a_coded_problem(text, unit):
    value, code = parse(text, unit)
    assert (value is None) or (code is None)
    if value is not None:
        assert value >= 0 and math.isfinite(value)
    assert code in (None, "not-a-number", "not-finite", "negative-value", "percent-value", "wrong-unit")


@pytest.mark.parametrize("text,unit,expected", [
    ("0.27万", "人", 2700), ("0.27万人", "人", 2700), ("0.27 万 人", "人", 2700), ("１.２万", "个", 12000),
    ("1.5亿", "元", 150000000), ("1,234.5万", "人", 12345000), ("0.00112万公里", "公里", 11.2),
    ("0.00003万元/人/月", "元/人/月", 0.3),
])
def test_ten_thousands_and_hundred_millions_as_multipliers(text, unit, expected):
    """万/亿 multiply where the result is a whole number of the unit or the unit takes decimals
    (docs/formats.md; no float error: 0.27万 is exactly 2700, not 2700.0000000000005)."""
    assert parse(text, unit) == (expected, None)


@pytest.mark.parametrize("unit, decimals", [("人", False), ("个", False), ("户", False), ("所", False), (" 人 ", False),
                                            ("公里", True), ("元/年", True), ("万元", True), ("%", True), ("吨", True)])
def test_which_units_take_decimals(unit, decimals):
    from minshi_cli.core.values import takes_decimals

    assert takes_decimals(unit) is decimals


@pytest.mark.parametrize("text,unit", [("3万元", "人"), ("0.27万个", "人"), ("0.00015万", "人"), ("2600元", "万元"),
                                       ("2600亿", "万元")])
def test_multipliers_that_do_not_apply(text, unit):
    assert parse(text, unit) == (None, "wrong-unit")


@pytest.mark.parametrize("text,unit,value", [("2600万", "万元", 2600.0), ("0.27万", "万元", 0.27), ("3亿", "亿元", 3.0),
                                             ("2600万元", "万元", 2600.0), ("12万", "万人次", 12.0)])
def test_the_multiplier_alone_in_a_column_of_its_unit_is_the_unit(text, unit, value):
    """万 in a 万元 column is 万元 cut short (as a multiplier it would be 万万元, written 亿元)."""
    assert parse(text, unit) == (value, None)


@pytest.mark.parametrize("text,code,message", [
    ("52OO", "not-a-number", "完成值「52OO」中有像数字的字母（O 像 0）：看起来是 5200，请改成阿拉伯数字（以实际数为准）"),
    ("l2o0", "not-a-number", "完成值「l2o0」中有像数字的字母（l 像 1、o 像 0）：看起来是 1200，请改成阿拉伯数字（以实际数为准）"),
    ("52OO人", "wrong-unit", "完成值「52OO人」的单位与该指标的单位「人」不符：去掉单位或改用「人」")])
def test_a_letter_that_looks_like_a_digit_is_said_and_not_read(text, code, message):
    from minshi_cli.core.values import explain

    assert parse(text, "人") == (None, code)
    assert explain(code, text, "人") == message


def test_messages_say_what_to_type():
    from minshi_cli.core.values import explain
    assert explain("wrong-unit", "0.00015万", "人") == (
        "完成值「0.00015万」折合 1.5人，不是整数：请直接填写人数（阿拉伯数字，不用“万”），如 2（以实际数为准）")
    assert explain("wrong-unit", "3万元", "人") == "完成值「3万元」的单位与该指标的单位「人」不符：去掉单位或改用「人」"
    assert explain("not-a-number", "1900-02-28", "元/人/月").startswith("完成值「1900-02-28」是日期：单元格被设成了日期格式")
    assert "“常规”或“数值”" in explain("not-a-number", "1900-02-28", "元/人/月")
    assert explain("not-a-number", "=F4+100", "人").startswith("完成值是公式「=F4+100」，文件中没有保存计算结果")
