"""Typed data problems and the exceptions that carry them.

Every data problem is a :class:`Problem` with a stable ``code`` (see ``CODES``), the
file, the 1-based physical line and the column it concerns, so that the person who
typed the file can find and fix it.  Commands turn problems into exit codes:
errors -> 1, a command that could not run as asked -> 2 (:class:`UsageProblem`).
"""

from __future__ import annotations

from typing import Iterable, NamedTuple, Optional

ERROR = "error"
WARNING = "warning"

#: code -> (severity, what it means, how to fix it).  The README's table is built from this.
CODES: dict[str, tuple[str, str, str]] = {
    # registry
    "registry-syntax": (ERROR, "登记表不是合法的 YAML", "按提示的行修正缩进、引号或冒号"),
    "registry-field": (ERROR, "登记表缺少字段或字段取值不合法", "按登记表说明（docs/registry.md）补全或改正该字段"),
    "registry-duplicate-key": (ERROR, "登记表同一层级出现重复的键", "删除重复的键"),
    "registry-duplicate-id": (ERROR, "两个指标使用了同一个编号", "为每个指标分配唯一编号"),
    "registry-target": (ERROR, "目标值不是正数", "填写大于 0 的目标值"),
    "registry-kind": (ERROR, "指标类型未知",
                      "kind 只能是 cumulative（累计）、threshold（标准）、ceiling（上限）、milestone（节点）或 qualitative（定性）"),
    "registry-unknown-key": (ERROR, "登记表中有未知的键（拼写错误或放错了位置）", "按提示改成已知的键，或删除该键"),
    "registry-key-not-for-kind": (ERROR, "该键不适用于这一类指标（如节点指标的 due、累计指标的 stages）", "删除该键，或改正 kind"),
    "registry-plan": (ERROR, "分月计划 plan 不合法", "plan 写成 YYYY-MM: 计划累计值，月份递增、数值不减、最后不超过目标"),
    "registry-stages": (ERROR, "节点 stages 不合法", "stages 写成 [{name: 开工, due: YYYY-MM}, …]，名称不重复、期限不提前"),
    # files
    "file-name": (ERROR, "文件或文件夹名不是月份（或不是 CSV、Excel 文件），没有读取",
                  "改名为 YYYY-MM.csv、YYYY-MM.xlsx 或 YYYY-MM/；月份文件夹中的文件可以任意命名"),
    "month-out-of-year": (ERROR, "月份不在登记表年度内", "只提交登记表年度 1—12 月的数据"),
    "unreadable-file": (ERROR, "文件无法读取（权限或磁盘错误）", "检查文件权限后重新提交"),
    "binary-file": (ERROR, "文件含有 NUL 字节，不是文本 CSV", "在 Excel/WPS 中“另存为 CSV”后重新提交"),
    "unreadable-workbook": (ERROR, "Excel 工作簿已损坏、设置了打开密码或没有可见的工作表",
                            "在 Excel/WPS 中去掉密码、取消隐藏工作表，或重新“另存为”.xlsx 后提交"),
    "encoding": (ERROR, "文件既不是 UTF-8 也不是 GB18030 编码", "另存为“CSV UTF-8”或“CSV（逗号分隔）”"),
    "mixed-encoding": (ERROR, "UTF-8 文件中有几行不是 UTF-8（从 GBK 文件粘贴的单元格）", "在原文件中重新输入这些行，或从原始表格整个另存为“CSV UTF-8”"),
    "empty-file": (ERROR, "文件为空或没有表头行（只有表头、没有数据行时为警告，在表头行报一次，该月各指标不再逐项报 not-reported、certified-unreported）",
                   "第一行填写表头：indicator,value（或 指标,累计完成），其下每行一个指标；本月不报送的删去这个文件"),
    "unterminated-quote": (ERROR, "引号没有闭合", "补全该行单元格两端的英文双引号"),
    "extra-cells": (ERROR, "该行单元格数多于表头", "删除多余的单元格，或给含逗号的内容加双引号"),
    "wrong-separator": (ERROR, "该行用中文逗号「，」、制表符、分号「;」「；」或竖线「|」分隔，不是英文逗号",
                        "把这些分隔符换成英文逗号，或“另存为 CSV（逗号分隔）”"),
    "missing-column": (ERROR, "缺少必需的列", "表头须含 indicator（指标）和 value（累计完成）两列"),
    "duplicate-column": (ERROR, "表头中同一列出现两次", "删除重复的列"),
    "month-mismatch": (ERROR, "month 列、文件名或工作表名写的月份与文件所属月份不一致（标题行写的月份不一致时为警告）",
                       "改正月份，或把该行（该文件）移到对应月份的文件（文件夹）"),
    "merged-figure": (ERROR, "工作簿中累计完成（认定值、已拨付、上月累计）单元格合并在几个指标（项目）的行上：一个数看不出是哪一个的，这几行都没有读取",
                      "取消合并，为每个指标（项目）分别填写自己的数"),
    "figure-on-other-sheet": (ERROR, "工作簿另一个含表头的可见工作表（复制的工作表，如「2019-07 (2)」）填了读取的工作表没有的数，这个数没有读取"
                                     "（两个工作表的数不同时为警告，读取的工作表为准）",
                              "只保留一个填报的工作表：把数填进读取的工作表，删去另一个"),
    "value-in-previous-column": (ERROR, "填报表的累计完成为空，上月累计却与 minshi 填的数不同：本月的数填在了上月累计列",
                                 "把本月累计数填在“累计完成”列，上月累计改回原来的数"),
    "month-format": (ERROR, "month 列的值不是月份（Excel 把月份改成了日期或数字，而看不出是哪个月）", "把月份列设为“文本”格式后填写 YYYY-MM，或删除月份列"),
    "unknown-indicator": (ERROR, "指标编号不在登记表中", "使用登记表中的指标编号（见 minshi status）"),
    "not-a-number": (ERROR, "完成值不是数字", "只填阿拉伯数字，如 8950 或 11.2，不用写单位"),
    "not-finite": (ERROR, "完成值是 NaN 或无穷大", "填写实际完成的数字"),
    "negative-value": (ERROR, "完成值为负数", "填写大于或等于 0 的数字"),
    "percent-value": (ERROR, "完成值带百分号", "填写完成的数量，而不是完成率"),
    "wrong-unit": (ERROR, "完成值带的单位不是该指标的单位", "去掉单位，或改用该指标自己的单位"),
    "unknown-stage": (ERROR, "节点指标的完成值不是它的阶段", "填写已达到的阶段名称或序号，未开工填 0"),
    "unknown-status-word": (ERROR, "定性指标的完成值不是状态词", "填写 已完成、序时推进、滞后 或 严重滞后，并在备注中说明"),
    "duplicate-indicator": (ERROR, "同一指标在同一月份报送了两次（分地区的指标：同一地区两次）；同一月份的数据放在了两处"
                                   "（YYYY-MM.csv 和 YYYY-MM/ 文件夹，或 .csv 和 .xlsx）时整月报一次，两处都不读取",
                            "只保留一行；一个月的数据只放在一个文件或一个文件夹中（把填报表的行并入文件，或把文件移入文件夹）"),
    "area-missing": (ERROR, "分地区报送的指标没有填写地区", "在 area（地区）列填写登记表中该指标的地区"),
    "unknown-area": (ERROR, "地区不是登记表为该指标列出的地区（或该指标不分地区却填了地区）",
                     "按提示改正地区名称；不分地区的指标请留空地区列"),
    "decreasing-value": (ERROR, "报送的累计值（或节点阶段）低于之前最近一个月的数——有认定值的是认定值（核减后不低于认定值即可），"
                                "没有的是报送值，说明写明是“之前认定的”还是“之前报送的”；认定值低于之前的认定值（低于之前的报送值是核减，"
                                "不是错误）；已拨付资金低于之前的",
                         "累计值应为年初至今的总数，节点不应倒退；核对本月或之前月份的数据"),
    # funds (docs/assessment.md)
    "unknown-project": (ERROR, "资金文件中的项目序号不在登记表中，或该项目没有登记 funds",
                        "使用登记表中的项目序号；需要跟踪拨付的项目在登记表中填写 funds: {budget, unit}"),
    # minshi verify: a published table (docs/verify.md)
    "header-not-found": (ERROR, "表格前 10 行中找不到表头行", "表头行须含 序号 或 项目名称，以及 目标任务、累计完成 或 完成率 之一；表头用中文逗号、中文分号或竖线分隔的，换成英文逗号"),
    "rate-slip": (ERROR, "印出的完成率与 完成数 ÷ 目标 不符（完成数以数据文件夹中该月的数字为准；四舍五入的差别不算）", "按提示改为正确的完成率"),
    "target-mismatch": (ERROR, "印出的目标与登记表不符", "按登记表改正目标（可能抄了去年的目标）"),
    "value-mismatch": (ERROR, "印出的完成数与数据文件夹中该月的数字不符", "核对后改正表中的数字，或改正报送的进度文件"),
    "total-mismatch": (ERROR, "合计行（合计、全市、小计……）与各分项之和不符，差距超出四舍五入可解释的范围", "按提示改正合计或分项"),
    "table-unmatched": (ERROR, "表中一半以上的行对不上登记表：这张表可能不是本登记表的（已按表内数字核对）",
                        "用 --data 指定这张表所属的数据文件夹，或用 --no-registry 只按表内数字核对"),
    "nothing-checked": (ERROR, "表中没有可核对的数字：没有同时印有完成率、目标和完成数的行，也没有合计行",
                        "确认表格的表头（完成率、目标任务、累计完成等列），或这张表本来就无可核对"),
    # warnings
    "not-reported": (WARNING, "该指标本月未报送（分地区的指标：该地区未报送）", "请责任单位（地区）补报"),
    "area-target-sum": (WARNING, "各地区目标之和不等于指标的目标", "核对登记表中各地区的目标和指标的 target"),
    "missing-month": (WARNING, "最近一个月之前，有月份没有任何进度文件", "补交该月的 YYYY-MM.csv"),
    "fractional-count": (WARNING, "完成值带小数，而指标的单位只计整数（人、个、户、所、家……）",
                         "填写整数（以实际数为准）；若确实带小数，核对单位是否填错"),
    "above-target": (WARNING, "完成值超过目标的 150%（rules.above_target 可调整或关闭）", "核对是否多填了一位数或单位有误"),
    "unexpected-reporter": (WARNING, "填报单位不是该指标的主要责任单位", "核对填报单位名称"),
    "unknown-column": (WARNING, "表头中有无法识别的列，该列被忽略", "删除该列或改用约定的列名"),
    "missing-reason": (WARNING, "指标滞后但备注为空（说明中的状态与 status、调度通报显示的相同：到期仍未完成的为“未完成”，不说“严重滞后”）", "在 note（备注）列说明滞后原因和整改措施"),
    "skipped-file": (WARNING, "progress/ 中的副本或备份文件（.bak、.orig、副本、(1)、~），没有读取", "把副本移出 progress/；正式数据放在 YYYY-MM.csv 或 YYYY-MM/ 中"),
    "total-rounding": (WARNING, "合计与各分项之和不完全相等，但差距在四舍五入可解释的范围内", "核对合计是否按原始数字计算；一般无须改正"),
    "unmatched-row": (WARNING, "表格中的一行对不上登记表中的指标，未校验", "核对序号和项目名称与登记表是否一致"),
    "certified-unreported": (WARNING, "有认定值，但责任单位该月没有报送", "核对认定的月份和指标编号；请责任单位补报"),
    "certified-above-reported": (WARNING, "累计类指标的认定值高于责任单位报送的值", "核对认定值；认定一般只核减，不核增"),
    "above-budget": (WARNING, "已拨付资金超过项目预算", "核对拨付金额和单位（万元/元）"),
    "skipped-row": (WARNING, "数据下方的合计、填报人/审核人、注：等行（第一格不是指标编号、累计完成为空），没有读取",
                    "不用处理；若这一行是指标，请填写指标编号和累计完成"),
    "funds-behind-progress": (WARNING, "资金拨付率低于项目实施进度超过 funds_tolerance",
                              "根据项目实施进度及时拨付资金"),
}


class Problem(NamedTuple):
    """One data problem: where it is and what to do about it."""

    file: str
    line: Optional[int]
    column: Optional[str]
    code: str
    message: str
    #: the severity where it is not the code's own (a title row naming another month: a warning)
    level: Optional[str] = None

    @property
    def severity(self) -> str:
        return self.level or CODES[self.code][0]

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "column": self.column, "severity": self.severity,
                "code": self.code, "message": self.message}

    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]


class MinshiError(Exception):
    """Base of the errors a command reports to a person (never a traceback)."""

    exit_code = 1


class UsageProblem(MinshiError):
    """The command could not run as asked: bad option, registry or data folder not found."""

    exit_code = 2


class DataProblems(MinshiError):
    """The data has errors; carries the problems found."""

    exit_code = 1

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"数据有 {len(errors_in(problems))} 个错误")
