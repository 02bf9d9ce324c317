"""Normalising reported values, vectorised over a whole column.

Accepted, unambiguous human forms (docs/formats.md): surrounding spaces, full-width digits and
punctuation (``８９５０``), thousands separators in groups of three (``8,950``), a trailing
unit equal to the indicator's own (``8950人``; in a unit that starts with 万 or 亿, that word alone:
``2600万`` in a 万元 column is 2600), and 万/亿 as multipliers where the result is a
whole number of the indicator's unit (``0.27万`` or ``0.27万人`` in a 人 indicator is 2700) or the
unit takes decimals (:func:`takes_decimals`: ``0.00112万公里`` is 11.2).
Anything else is classified with a problem code (``not-a-number``, ``not-finite``,
``negative-value``, ``percent-value``, ``wrong-unit``); nothing is guessed, and the message says
what to type (a 万 that gives a fraction: the number it gives; a date: the cell's format).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

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
#: what to type in a value cell, said alike by check's not-a-number and the fill-in form's own cell
#: rule (office/template_xlsx.py): a number alone; a trailing unit equal to the indicator's is
#: accepted all the same (8950人), but a clerk needs to write none (docs/formats.md)
NUMBER_ONLY = "只填阿拉伯数字，如 8950 或 11.2，不用写单位"


def normalise_unit(unit: str) -> str:
    return unit.translate(HALF_WIDTH).strip()


#: units that count whole things (量词): a figure in one of them has no fraction (docs/formats.md)
WHOLE_UNITS = frozenset({
    "人", "名", "位", "人次", "户", "户次", "个", "所", "家", "座", "处", "间", "套", "栋", "幢", "辆", "台", "艘",
    "架", "件", "项", "条", "张", "册", "本", "只", "头", "匹", "株", "棵", "口", "眼", "盏", "部", "块", "宗",
    "起", "例", "对", "床", "村", "场", "次", "批", "班", "校", "站",
})


def takes_decimals(unit: str) -> bool:
    """Whether a figure in ``unit`` may have a fraction: every unit but one counting whole things
    (人, 个, 户, 所 …: :data:`WHOLE_UNITS`); 公里, 元, 万元, %, 吨 and 元/人/月 do. The one decision
    the 万/亿 rule (0.00112万公里 is 11.2) and the fraction-of-a-count warning both take."""
    return normalise_unit(unit) not in WHOLE_UNITS


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
    # 万 in a 万元 column is the column's own unit cut short (2600万 is 2600万元): read as a multiplier
    # it would be 万万元, which is written 亿元 — so the reading is unambiguous (docs/formats.md)
    own_unit = parsed & suffix.ne("") & (suffix.eq(units) | (suffix.isin(tuple(_MULTIPLIERS)) & units.str.len().gt(1)
                                                            & units.str[:1].eq(suffix)))
    percent = parsed & suffix.isin(["%", "％"]) & ~own_unit  # 95% is a value for a % indicator
    good_form = bare | own_unit
    looks_like_unit = suffix.str.fullmatch(r"[^0-9.,+\-]+")
    wrong_unit = parsed & ~good_form & ~percent & looks_like_unit

    value = pd.to_numeric(number.where(good_form).str.replace(",", "", regex=False), errors="coerce")
    # 万/亿 as a multiplier (0.27万, 0.27万人), where it gives a whole number of the unit
    scaled = parsed & ~good_form & ~percent & suffix.str.match(_MULTIPLIED)
    if scaled.any():
        for at in scaled[scaled].index:
            whole = _multiplied(number[at], suffix[at], units[at])
            if whole is not None:
                value[at] = whole
                good_form[at] = True
    negative = good_form & value.lt(0)
    wrong_unit &= ~good_form & ~cleaned.str.fullmatch(_LOOKALIKE)  # 52OO: a letter O typed for 0, not a unit

    code = pd.Series(None, index=index, dtype=object)
    code[~empty & ~good_form] = NOT_A_NUMBER
    code[~empty & ~parsed & cleaned.str.lower().str.fullmatch(_NOT_FINITE)] = NOT_FINITE
    code[percent] = PERCENT
    code[wrong_unit] = WRONG_UNIT
    code[negative] = NEGATIVE
    return value.where(code.isna() & good_form).astype(float), code


#: digits with letters that look like them (O/o for 0, l/I for 1: 52OO, l200): not a number, said so
_LOOKALIKE = r"(?=.*[0-9])(?=.*[OoIl])[0-9OoIl.,]+"
_LOOKS_LIKE = str.maketrans("OoIl", "0011")
_LETTERS = {"O": "O 像 0", "o": "o 像 0", "I": "I 像 1", "l": "l 像 1"}

_MULTIPLIED = r"^[万亿]"
_MULTIPLIERS = {"万": Decimal(10000), "亿": Decimal(100000000)}


def _scaled(number: str, suffix: str, unit: str) -> Decimal | None:
    """``number`` times the 万/亿 that ``suffix`` starts with, where the rest of ``suffix`` is
    nothing or the indicator's own ``unit`` (and the unit is not itself in 万 or 亿: in a 万元 column 万 is
    the unit cut short, and 2600亿 is 亿元 or 亿 of 万元 — not guessed); else None."""
    word, rest = suffix[:1], suffix[1:].strip()
    if word not in _MULTIPLIERS or unit[:1] in _MULTIPLIERS or rest not in ("", unit):
        return None
    try:
        return Decimal(number.replace(",", "")) * _MULTIPLIERS[word]
    except InvalidOperation:
        return None


def _multiplied(number: str, suffix: str, unit: str) -> float | None:
    """The value 0.27万 stands for (2700), where it is a whole number of the unit or the unit takes
    decimals (:func:`takes_decimals`: 0.00112万公里 is 11.2); else None."""
    scaled = _scaled(number, suffix, unit)
    if scaled is None or not (scaled == scaled.to_integral_value() or takes_decimals(unit)):
        return None
    return float(scaled)


_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?|\d{2}:\d{2}:\d{2}")


def is_date_text(text: str) -> bool:
    """A cell that reads as a date or a time (``1900-02-28``): a number in a cell formatted as a
    date shows so (60 in a date cell is 1900-02-28)."""
    return _DATE_TEXT.fullmatch(text.strip()) is not None


DATE_CELL = "单元格被设成了日期格式（数字按日期显示）：请把该单元格的格式设为“常规”或“数值”，再填写数字"


def explain(code: str, text: str, unit: str, what: str = "完成值", owner: str = "该指标") -> str:
    """The Chinese message for a value problem, quoting the text found; ``what``: what the cell
    holds, in the file kind's words (完成值, 拨付资金); ``owner``: whose unit it is (该指标, 该项目预算)."""
    shown = text.strip()
    cleaned = shown.translate(HALF_WIDTH).strip()
    if re.fullmatch(_LOOKALIKE, cleaned):
        letters = "、".join(_LETTERS[c] for c in dict.fromkeys(cleaned) if c in _LETTERS)
        return (f"{what}「{shown}」中有像数字的字母（{letters}）：看起来是 {cleaned.translate(_LOOKS_LIKE)}，"
                f"请改成阿拉伯数字（以实际数为准）")
    if shown.startswith("="):
        return (f"{what}是公式「{shown}」，文件中没有保存计算结果（用 Excel/WPS 以外的程序写入，或保存前没有重新计算）："
                "请在 Excel/WPS 中打开该文件，确认数字正确后重新保存")
    if is_date_text(shown):
        return f"{what}「{shown}」是日期：{DATE_CELL}"
    if code == NOT_FINITE:
        return f"{what}「{shown}」不是有效数字（NaN 或无穷大）：请填写实际完成数"
    if code == NEGATIVE:
        return f"{what}「{shown}」为负数：累计完成数和标准都不能小于 0"
    if code == PERCENT:
        return f"{what}「{shown}」带百分号：请填写完成的数量（单位：{unit}），不是完成率"
    if code == WRONG_UNIT:
        cleaned = shown.translate(HALF_WIDTH).strip()
        parts = re.match(_SPLIT, cleaned)
        scaled = _scaled(parts["num"], parts["suffix"], normalise_unit(unit)) if parts else None
        if scaled is not None:  # 0.55555万人: a fraction of a person
            figure = f"{scaled.normalize():f}"
            return (f"{what}「{shown}」折合 {figure}{unit}，不是整数：请直接填写{unit}数"
                    f"（阿拉伯数字，不用“{parts['suffix'][0]}”），如 {round(scaled)}（以实际数为准）")
        return f"{what}「{shown}」的单位与{owner}的单位「{unit}」不符：去掉单位或改用「{unit}」"
    return f"{what}「{shown}」不是数字：请{NUMBER_ONLY}"
