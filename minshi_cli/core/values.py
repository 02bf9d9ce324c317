"""Normalising reported values, vectorised over a whole column.

Accepted, unambiguous human forms (CONTRACT §2): surrounding spaces, full-width digits and
punctuation (``８９５０``), thousands separators in groups of three (``8,950``), and a trailing
unit equal to the indicator's own (``8950人``).  Anything else is classified with a problem code
(``not-a-number``, ``not-finite``, ``negative-value``, ``percent-value``, ``wrong-unit``); nothing
is guessed.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from minshi_cli.core.textfile import HALF_WIDTH

_SPACE = r"[\s\u200b\ufeff]"
_PLAIN = r"-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"
_GROUPED = r"-?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?"
_NUMBER = rf"(?P<num>{_GROUPED}|{_PLAIN})"
_SPLIT = rf"^{_SPACE}*[+]?{_NUMBER}{_SPACE}*(?P<suffix>.*?){_SPACE}*$"
_NOT_FINITE = r"^[+-]?(?:nan|inf|infinity)$"

NOT_A_NUMBER = "not-a-number"
NOT_FINITE = "not-finite"
NEGATIVE = "negative-value"
PERCENT = "percent-value"
WRONG_UNIT = "wrong-unit"


def normalise_unit(unit: str) -> str:
    return unit.translate(HALF_WIDTH).strip()


def normalise(text: pd.Series, unit: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse reported values.

    ``text`` holds the cells as read (strings; empty = not reported); ``unit`` the unit of each
    row's indicator.  Returns ``(value, code)``: ``value`` is float (NaN where empty or invalid);
    ``code`` is None for a good or empty cell, else the problem code.
    """
    # the common case, a plain number as code or Excel writes it: each distinct text read once
    # (a missing cell is read as "", any other cell as its text)
    codes, uniques = pd.factorize(text.to_numpy(dtype=object))
    distinct = np.array([u if isinstance(u, str) else str(u) for u in uniques.tolist()] + [""], dtype=object)
    codes = np.where(codes < 0, len(distinct) - 1, codes)
    plain_u = np.array([_PLAIN_FAST.fullmatch(u) is not None for u in distinct.tolist()], dtype=bool)
    numbers = np.full(len(distinct), np.nan)
    if plain_u.any():
        numbers[plain_u] = pd.to_numeric(distinct[plain_u]).astype(float)
    value = pd.Series(numbers[codes], index=text.index, dtype=float)
    rest = (~plain_u & (distinct != ""))[codes]
    code = pd.Series(np.empty(len(codes), dtype=object), index=text.index, dtype=object)  # all None
    if not rest.any():
        return value, code
    rest = pd.Series(rest, index=text.index)
    value[rest], code[rest] = _human_forms(text[rest].fillna("").astype(str), unit.reindex(text.index)[rest])
    return value, code.where(code.notna(), None)


_PLAIN_FAST = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def _human_forms(text: pd.Series, unit: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Everything but a plain number: full-width forms, separators, units, and the errors."""
    index = text.index
    cleaned = text.str.translate(HALF_WIDTH).str.strip()
    empty = cleaned.eq("")
    parts = cleaned.str.extract(_SPLIT)
    number = parts["num"]
    suffix = parts["suffix"].fillna("")
    units = unit.fillna("").astype(str).map(normalise_unit)

    parsed = number.notna()
    bare = parsed & suffix.eq("")
    own_unit = parsed & suffix.ne("") & suffix.eq(units)
    percent = parsed & suffix.isin(["%", "％"]) & ~own_unit  # 95% is a value for a % indicator
    good_form = bare | own_unit
    looks_like_unit = suffix.str.fullmatch(r"[^0-9.,+\-]+")
    wrong_unit = parsed & ~good_form & ~percent & looks_like_unit

    value = pd.to_numeric(number.where(good_form).str.replace(",", "", regex=False), errors="coerce")
    negative = good_form & value.lt(0)

    code = pd.Series(None, index=index, dtype=object)
    code[~empty & ~good_form] = NOT_A_NUMBER
    code[~empty & ~parsed & cleaned.str.lower().str.fullmatch(_NOT_FINITE)] = NOT_FINITE
    code[percent] = PERCENT
    code[wrong_unit] = WRONG_UNIT
    code[negative] = NEGATIVE
    return value.where(code.isna() & good_form).astype(float), code


def explain(code: str, text: str, unit: str) -> str:
    """The Chinese message for a value problem, quoting the text found."""
    shown = text.strip()
    if code == NOT_FINITE:
        return f"完成值「{shown}」不是有效数字（NaN 或无穷大）：请填写实际完成数"
    if code == NEGATIVE:
        return f"完成值「{shown}」为负数：累计完成数和标准都不能小于 0"
    if code == PERCENT:
        return f"完成值「{shown}」带百分号：请填写完成的数量（单位：{unit}），不是完成率"
    if code == WRONG_UNIT:
        return f"完成值「{shown}」的单位与该指标的单位「{unit}」不符：去掉单位或改用「{unit}」"
    return f"完成值「{shown}」不是数字：请只填写阿拉伯数字，如 8950 或 11.2（可带单位「{unit}」）"
