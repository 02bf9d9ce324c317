"""The built wheel, installed into a fresh virtual environment, works from another folder."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import DATA, REPO


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(work / "dist"), str(REPO)],
                   check=True, capture_output=True)
    wheel = next((work / "dist").glob("minshi-*.whl"))
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    py = bindir / "python"
    # the dependencies come from this test environment (no network needed); minshi itself only from the wheel
    purelib = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *site.getsitepackages()}
    Path(purelib, "_deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    # --ignore-installed: the test environment may hold minshi itself (pip install '.[test]'),
    # and it is visible through _deps.pth; the wheel must still land in the new venv
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index",
                    "--ignore-installed", "-q", str(wheel)], check=True, capture_output=True)
    return bindir


def run(bindir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MINSHI_DATA")}
    return subprocess.run([str(bindir / "minshi"), *args], cwd=cwd, capture_output=True, text=True, env=env)


def test_installed_package_is_the_wheel(installed, tmp_path):
    out = subprocess.run([str(installed / "python"), "-c", "import minshi_cli, sys; print(minshi_cli.__file__)"],
                         cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert str(installed.parent) in out


def test_status_from_another_folder(installed, tmp_path):
    r = run(installed, tmp_path, "--data", str(DATA), "status", "--as-of", "2019-06", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["summary"]["behind"] == 7
    r = run(installed, tmp_path, "--data", str(DATA), "status")
    assert r.returncode == 0 and "截至 2019-12" in r.stdout


def test_check_and_usage_errors_from_another_folder(installed, tmp_path):
    assert run(installed, tmp_path, "--data", str(DATA), "check").returncode == 0
    r = run(installed, tmp_path, "status")  # no ./data here
    assert r.returncode == 2 and "找不到数据文件夹" in r.stderr and "Traceback" not in r.stderr


def test_templates_ship_inside_the_wheel(installed, tmp_path):
    """The wheel carries exactly the top-level templates/ folder (the one source), byte for byte,
    and the installed package finds them there, not in the source checkout."""
    out = subprocess.run([str(installed / "python"), "-c",
                          "from minshi_cli.core.paths import templates_dir; d = templates_dir(); print(d); "
                          "print('\\n'.join(sorted(p.name for p in d.iterdir())))"],
                         cwd=tmp_path, capture_output=True, text=True, check=True).stdout.splitlines()
    where = Path(out[0])
    assert where.is_relative_to(installed.parent) and where.parts[-2:] == ("minshi_cli", "templates")
    source = sorted(p.name for p in (REPO / "templates").iterdir())
    assert out[1:] == source and "report.md.j2" in source and "report.html.j2" in source
    for name in source:
        assert (where / name).read_bytes() == (REPO / "templates" / name).read_bytes(), name


def test_installed_report_extends_the_builtin_template(installed, tmp_path):
    mine = tmp_path / "模板"
    mine.mkdir()
    (mine / "report.md.j2").write_text('{% extends "default:report.md.j2" %}{% block footer %}本单位页脚\n{% endblock %}',
                                       encoding="utf-8")
    args = ("--data", str(DATA), "report", "--month", "2019-06", "--generated-at", "2019-07-05 09:00")
    builtin = run(installed, tmp_path, *args).stdout
    r = run(installed, tmp_path, *args, "--templates", str(mine))
    assert r.returncode == 0, r.stderr
    assert r.stdout == builtin[:builtin.index("---\n\n数据来源")] + "本单位页脚\n"


def test_report_from_another_folder(installed, tmp_path):
    out = tmp_path / "通报.html"
    r = run(installed, tmp_path, "--data", str(DATA), "report", "--month", "2019-06", "--format", "html", "-o", str(out))
    assert r.returncode == 0, r.stderr
    html = out.read_text(encoding="utf-8")
    assert "2019年省、市重点民生实事工作调度通报（1—6月）" in html and "</html>" in html
    r = run(installed, tmp_path, "--data", str(DATA), "report", "--month", "2019-06")
    assert r.returncode == 0 and "进度滞后事项" in r.stdout


def test_office_reports_from_another_folder(installed, tmp_path):
    """The Word report is laid out from the packaged report.md.j2: it works from the wheel too."""
    for name, part in (("通报.docx", b"word/document.xml"), ("通报.xlsx", b"xl/worksheets/sheet1.xml")):
        r = run(installed, tmp_path, "--data", str(DATA), "report", "--month", "2019-06", "-o", str(tmp_path / name))
        assert r.returncode == 0, r.stderr
        assert part in (tmp_path / name).read_bytes()
