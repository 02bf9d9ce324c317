"""Property tests for `minshi verify --no-registry` (docs/verify.md): whatever table it is given —
headers of one to three rows, totals, rate columns of every form, cells with units, 万, fractions,
text — it answers with exit 0, 1 or 2 and well-formed JSON with its counts, never a traceback."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from minshi_cli.cli import main
from tests.test_verify_properties import CELLS

HEADERS = ["序号", "地区", "项目名称", "实事项目", "目标任务", "进度", "累计完成", "完成率", "完成比例(%)", "开工率", "计划开工数",
           "累计开工数", "投资完成率", "占全年计划", "目标参保率(%)", "时序进度", "人均", "本月完成", "新增托位", "新增2500个公办托位",
           "备注", ""]
MORE = st.sampled_from(["合计", "全市", "小计", "其中：城区", "一、城区", "4.86万人", "4.2万", "10000万", "0.674", "0.294",
                        "108", "115.8%", "- - -", "达到目标60元", "新增2500个公办托位", "第3批", "2024年", "1,300人", "1e400"])


@st.composite
def table_text(draw) -> str:
    cell = st.one_of(CELLS, MORE)
    titles = draw(st.lists(st.lists(cell, max_size=2), max_size=2))
    headers = draw(st.lists(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8), min_size=1, max_size=3))
    rows = draw(st.lists(st.lists(cell, max_size=9), max_size=10))
    return "\n".join(",".join(c.replace(",", "，").replace("\n", " ").replace('"', "") for c in row)
                     for row in titles + headers + rows) + "\n"


@settings(max_examples=250, deadline=None)
@given(text=table_text())
def test_random_tables_without_a_registry_never_traceback(text):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "表.csv"
        path.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(main, ["verify", str(path), "--no-registry", "--format", "json"],
                                    catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    doc = json.loads(result.stdout)
    assert (result.exit_code == 1) == (doc["errors"] > 0)
    assert doc["registry"] is False and min(doc["checked"], doc["totals_checked"], doc["unchecked"]) >= 0
    if doc["checked"] == doc["totals_checked"] == 0:
        assert doc["errors"] >= 1  # nothing-checked, or the table could not be read
    for p in doc["problems"]:
        assert p["line"] is None or p["line"] >= 1
