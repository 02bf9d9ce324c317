"""Property test of `minshi verify --no-registry`'s rate check against an oracle written here from
docs/verify.md's rule: a printed rate p with d decimals is a `rate-slip` exactly when it differs from
100·v/T by more than 0.5·10^−d (+1e-9).  Figures and targets are integers printed without a
multiplier, so no rounding interval widens the band; rates carry a % sign, so the column is never
read as fractions."""

from __future__ import annotations

import json
import math
import tempfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from minshi_cli.cli import main


def is_slip(printed: str, value: int, target: int) -> bool:
    """The oracle: docs/verify.md's `rate-slip` rule, plainly."""
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    return abs(float(printed) - 100 * value / target) > 0.5 * 10.0 ** -decimals + 1e-9


@st.composite
def row(draw) -> tuple[int, int, str]:
    """(target, value, printed rate without %): printed right, rounded down or up (both ways at a
    half), or off by one or more steps of its last decimal, or anywhere near."""
    target = draw(st.integers(10, 5000))
    value = draw(st.integers(math.ceil(target / 10), target + target // 5))  # rates 10%–120%
    decimals = draw(st.integers(0, 2))
    exact = Fraction(100 * value * 10 ** decimals, target)  # the true rate in steps of 10^−d
    down, up = math.floor(exact), math.ceil(exact)
    half_up = math.floor(exact + Fraction(1, 2))
    k = draw(st.integers(1, 3))
    steps = draw(st.sampled_from([half_up, down, up, down - k, up + k, half_up + k, half_up - k,
                                  draw(st.integers(down - 20, up + 20))]))
    return target, value, str(Decimal(steps).scaleb(-decimals))


UNITS = st.sampled_from(["", "个", "人", "所", "户"])


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(row(), min_size=1, max_size=8), unit=UNITS)
def test_rate_slips_are_exactly_the_oracles(rows, unit):
    lines = ["序号,项目名称,目标任务,累计完成,完成率"]
    lines += [f"{i},民生项目{i},{t}{unit},{v}{unit},{p}%" for i, (t, v, p) in enumerate(rows, 1)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "表.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = CliRunner().invoke(main, ["verify", str(path), "--no-registry", "--format", "json"],
                                    catch_exceptions=False)
    doc = json.loads(result.stdout)
    flagged = {p["line"] for p in doc["problems"] if p["code"] == "rate-slip"}
    expected = {line for line, (t, v, p) in enumerate(rows, 2) if is_slip(p, v, t)}
    assert flagged == expected, "\n".join(lines) + "\n" + json.dumps(doc["problems"], ensure_ascii=False)
    assert doc["checked"] == len(rows) and doc["fractions"] == []
    assert result.exit_code == (1 if expected else 0)
