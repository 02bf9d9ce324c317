"""Property tests: whatever bytes or CSV text a unit submits, `minshi check` answers with exit 0
or 1 and well-formed JSON — never a traceback."""

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

IDS = ["1", "2", "5a", "5b", "7", "11", "15a", "16", "17", "5A", ""]
HEADERS = ["indicator", "value", "month", "reporter", "note", "指标", "累计完成", "月份", "填报单位", "备注", "extra", ""]
CELLS = st.one_of(
    st.sampled_from(IDS),
    st.sampled_from(["8950", "8,950", "８９５０", "11.2公里", "八千", "50%", "-3", "NaN", "inf", "", " ", "2019-06",
                     "2019-07", "区人社局", '"', '""', "a,b", "\r", "\n", "\x00", "\ufeff"]),
    st.text(max_size=12),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
ROW = st.lists(CELLS, min_size=0, max_size=7)
QUOTED = st.booleans()


def _cell(text: str, quote: bool) -> str:
    return '"' + text.replace('"', '""') + '"' if quote else text


@st.composite
def csv_text(draw) -> str:
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6))
    rows = draw(st.lists(ROW, max_size=8))
    eol = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    lines = [",".join(header)] + [",".join(_cell(c, draw(QUOTED)) for c in row) for row in rows]
    return eol.join(lines) + draw(st.sampled_from(["", eol]))


@pytest.fixture(scope="module")
def folder():
    root = Path(tempfile.mkdtemp(prefix="minshi-prop-"))
    (root / "progress").mkdir()
    shutil.copy(DATA / "projects.yaml", root / "projects.yaml")
    shutil.copy(DATA / "progress" / "2019-05.csv", root / "progress" / "2019-05.csv")
    yield root
    shutil.rmtree(root)


def _check(folder: Path, payload: bytes) -> dict:
    (folder / "progress" / "2019-06.csv").write_bytes(payload)
    result = CliRunner().invoke(main, ["--data", str(folder), "check", "--format", "json"], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    doc = json.loads(result.stdout)
    assert set(doc) == {"errors", "warnings", "problems"}
    assert (result.exit_code == 1) == (doc["errors"] > 0)
    for p in doc["problems"]:
        assert set(p) == {"file", "line", "column", "severity", "code", "message"}
        assert p["severity"] in ("error", "warning") and p["message"]
        assert p["line"] is None or (isinstance(p["line"], int) and p["line"] >= 1)
    return doc


PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(payload=st.binary(max_size=400))
def test_arbitrary_bytes(folder, payload):
    _check(folder, payload)


@PROPERTY
@given(text=csv_text(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_arbitrary_csv_text(folder, text, encoding):
    try:
        payload = text.encode(encoding)
    except UnicodeEncodeError:
        payload = text.encode("utf-8")
    doc = _check(folder, payload)
    lines = payload.count(b"\n") + payload.count(b"\r") - payload.count(b"\r\n") + 1
    assert all(p["line"] is None or p["line"] <= lines for p in doc["problems"])
