"""Property tests: whatever table an office hands to `minshi verify` — random headers, title rows,
cells with units, percent signs, dates, full-width forms, bytes that are no text at all — it
answers with exit 0, 1 or 2 and well-formed JSON (or a usage message), never a traceback."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minshi_cli.cli import main
from tests.conftest import DATA

HEADERS = ["序号", "序  号", "项目名称", "项目内容", "项目", "责任单位", "市级牵头责任单位", "目标任务", "任务指标", "累计完成",
           "1-7月实际完成情况", "1—13月完成", "0月完成", "进度", "完成率", "任务完成率", "完成目标(%)", "备注", "时序进度",
           "完成情况", "", "标题"]
CELLS = st.one_of(
    st.sampled_from(["1", "5", "15", "17", "0", "-1", "1.", "(3)", "１", "99999999999999999999", "5a"]),
    st.sampled_from(["新增城镇就业", "提高城乡低保标准和救助水平", "城乡低保标准", "人均救助水平", "帮助就业年龄段的残疾人享受居家服务和集中托养服务",
                     "集中托养服务50人", "合计", "一、省级", "注：", ""]),
    st.sampled_from(["8950人", "6453人", "72%", "72.0％", "100%", "0%", "0.0%", "-5%", "1e308%", "1e-320", "nan%", "inf",
                     "标准不低于3480元/年、人均救助水平不低于185元/月", "不低于每人每月60元", "0.65万人", "0万人", "11.2公里",
                     "3300元/年，低于标准180元", "由3300元/年提高到3480元/年", "83.3%、90%、1%", "1-7月", "2019年7月31日",
                     "已完成", "—", "８９５０", "8,950", ",", '"', "\n", "0", "0.000000000000000001%", "9" * 400 + "人",
                     "9" * 307 + "人", "1" + "0" * 306 + "%"]),
    st.text(max_size=10),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(lambda x: f"{x}%"),
)


def _cell(text: str, quote: bool) -> str:
    return '"' + text.replace('"', '""') + '"' if quote else text


@st.composite
def table_text(draw) -> str:
    titles = draw(st.lists(st.lists(CELLS, max_size=2), max_size=3))
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8))
    rows = draw(st.lists(st.lists(CELLS, max_size=9), max_size=8))
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    lines = [",".join(_cell(c, draw(st.booleans())) for c in row) for row in titles + [header] + rows]
    return eol.join(lines) + eol


@pytest.fixture(scope="module")
def folder():
    root = Path(tempfile.mkdtemp(prefix="minshi-verify-prop-"))
    shutil.copytree(DATA, root / "data")
    yield root
    shutil.rmtree(root)


def _verify(folder: Path, payload: bytes, *month: str) -> None:
    path = folder / "表.csv"
    path.write_bytes(payload)
    result = CliRunner().invoke(main, ["--data", str(folder / "data"), "verify", str(path), "--format", "json", *month],
                                catch_exceptions=False)
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code == 2:
        assert result.stdout == "" and result.stderr.startswith("minshi：")
        return
    doc = json.loads(result.stdout)
    assert (result.exit_code == 1) == (doc["errors"] > 0)
    for p in doc["problems"]:
        assert set(p) == {"file", "line", "column", "severity", "code", "message"}
        assert p["line"] is None or p["line"] >= 1


PROPERTY = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(text=table_text(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
       month=st.sampled_from([(), ("--month", "2019-07"), ("--month", "2019-01")]))
def test_random_tables_never_traceback(folder, text, encoding, month):
    try:
        payload = text.encode(encoding)
    except UnicodeEncodeError:
        payload = text.encode("utf-8")
    _verify(folder, payload, *month)


@PROPERTY
@given(payload=st.binary(max_size=300))
def test_random_bytes_never_traceback(folder, payload):
    _verify(folder, payload, "--month", "2019-07")
