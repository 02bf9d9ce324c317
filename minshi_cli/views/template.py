"""The fill-in form a unit gets each month (docs/office.md): what it holds, as plain data.

One form per main responsible unit: each of its indicators with id, project, name, target, unit
and the latest figure of record before the month (the certified one where there is one), an empty value column and a note column.  The
workbook is laid out by :mod:`minshi_cli.office.template_xlsx`; the CSV form is written here.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Optional, Union

import pandas as pd

from minshi_cli.core.expected import expected_grid
from minshi_cli.core.kinds import KINDS
from minshi_cli.core.model import DEFAULT_OFFICE, DEFAULT_TITLE, Registry
from minshi_cli.views.kind_wording import wording
from minshi_cli.views.wording import programme_noun

#: the form's columns, in order (docs/office.md); 指标编号 and 累计完成/备注 are the progress file's
COLUMNS = ("指标编号", "项目", "指标名称", "目标", "单位", "上月累计", "累计完成", "备注")
VALUE = COLUMNS.index("累计完成")
NOTE = COLUMNS.index("备注")
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|]')
#: the columns a unit fills in; the others are reference columns (locked in the workbook)
FILLED = (VALUE, NOTE)
#: where the registry has sub-areas (docs/areas.md) the form has this column after 指标名称: one row per
#: (indicator, area) of an indicator reported per area, "" for the others
AREA = "地区"
AREA_AT = COLUMNS.index("指标名称") + 1


@dataclass(frozen=True)
class FormRow:
    id: str
    project: str
    name: str
    target: Union[float, str]  # a number, or the kind's words (a milestone's stages, a policy item's aim)
    unit: str
    previous: Union[float, str, None]  # the latest figure of record before the form's month (None: none yet)
    choices: Optional[tuple[str, ...]] = None  # the words 累计完成 takes (None: a non-negative number)
    area: Optional[str] = None  # None: the registry has no areas (no 地区 column); "": not split

    @property
    def cells(self) -> list:
        """The row's cells in the form's column order (value and note empty)."""
        cells = [self.id, self.project, self.name, _plain(self.target), self.unit, _plain(self.previous), None, None]
        if self.area is not None:
            cells.insert(AREA_AT, self.area)
        return cells


@dataclass(frozen=True)
class Form:
    unit: str
    month: str  # YYYY-MM
    rows: tuple[FormRow, ...]
    programme: str = programme_noun(DEFAULT_TITLE)  # the registry's programme noun (重点民生实事)
    office: str = DEFAULT_OFFICE  # who the form is returned to (the registry's ``office``)

    @property
    def columns(self) -> tuple[str, ...]:
        """:data:`COLUMNS`, with 地区 after 指标名称 where the registry has areas."""
        if any(r.area is not None for r in self.rows):
            return COLUMNS[:AREA_AT] + (AREA,) + COLUMNS[AREA_AT:]
        return COLUMNS

    @property
    def value_index(self) -> int:
        return self.columns.index(COLUMNS[VALUE])

    @property
    def filled(self) -> tuple[int, ...]:
        return tuple(self.columns.index(COLUMNS[c]) for c in FILLED)

    @property
    def title(self) -> str:
        return f"{self.unit} {self.month[:4]}年{int(self.month[5:])}月{self.programme}进度报送表"

    @property
    def how_to(self) -> str:
        """The line on how to fill the form in and return it."""
        m = int(self.month[5:])
        span = "1月末" if m == 1 else f"1—{m}月末"
        words = "；节点、定性指标从下拉列表中选已达到的阶段或状态" if any(r.choices for r in self.rows) else ""
        return (f"填写说明：只填“累计完成”（{self.month[:4]}年{span}的累计数，只填数字；标准类指标填现行标准{words}）和“备注”"
                f"（进度滞后的写明原因和整改措施），其他列和文件名不要改动；填好后保存，将本文件报送{self.office}。")

    def file_name(self, suffix: str) -> str:
        """``{unit}-{month}.xlsx`` (a character a file name cannot hold becomes ``_``)."""
        return f"{_NOT_IN_NAMES.sub('_', self.unit)}-{self.month}{suffix}"


def units(registry: Registry) -> list[str]:
    """The main responsible units, in the registry's order."""
    return list(dict.fromkeys(p.unit for p in registry.projects))


def forms(registry: Registry, records: pd.DataFrame, month: str, unit: Optional[str] = None) -> list[Form]:
    """The forms for ``month`` (every unit's, or one unit's); ``records`` are the figures of record
    of the data folder (:func:`minshi_cli.core.figures.of_record`: the certified figure where there is
    one), from which each indicator's latest earlier value (上月累计) comes."""
    earlier = records[(records["month"] < month) & records["value"].notna()].sort_values("month", kind="stable")
    if "area" not in earlier:
        earlier = earlier.assign(area="")
    previous = earlier.groupby(["indicator", "area"])["value"].last().to_dict()
    # the indicators expected in the month (first_month, start, cadence), and every ongoing item
    month_no = int(month[5:7])
    asked = {i.id for i, yes in zip(registry.indicators, expected_grid(registry, month_no)[:, month_no - 1])
             if yes or not KINDS[i.kind].judged}
    out = []
    for name in units(registry):
        if unit is not None and name != unit:
            continue
        rows = []
        for p in registry.projects:
            if p.unit != name:
                continue
            for i in p.indicators:
                if i.id not in asked:
                    continue
                # an indicator reported per area: a row per area, with the area's own target
                for area, target in i.areas or ((None if not registry.areas else "", None),):
                    shown = i._replace(target=target) if area and KINDS[i.kind].area_targets else i
                    before = previous.get((i.id, area or ""))
                    rows.append(FormRow(i.id, p.name, i.name, wording(i).form_target(shown), i.unit,
                                        None if before is None else wording(i).form_value(i, before), wording(i).choices(i),
                                        area))
        if rows:  # a unit with nothing expected this month gets no form
            out.append(Form(name, month, tuple(rows), programme_noun(registry.title), registry.office))
    return out


def csv_bytes(form: Form) -> bytes:
    """The form as CSV: UTF-8 with a BOM (so Excel on Chinese Windows opens it without mojibake),
    CRLF, the header on the first line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(form.columns)
    for row in form.rows:
        writer.writerow(["" if c is None else c for c in row.cells])
    return buffer.getvalue().encode("utf-8-sig")


def _plain(x):
    """A number as the form shows it: 8950, not 8950.0 (words and None as they are)."""
    return int(x) if isinstance(x, float) and x.is_integer() else x
