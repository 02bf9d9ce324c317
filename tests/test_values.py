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
