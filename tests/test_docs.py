"""The project documents its own formats, rules, JSON shapes and problem codes in docs/ (and README.md).

The problem-code table of docs/problems.md is generated from ``CODES``; after changing CODES run

    MINSHI_UPDATE_DOCS=1 python -m pytest tests/test_docs.py

and review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from minshi_cli.core.problems import CODES
from minshi_cli.views.diagnostics import CODES_TABLE_END, CODES_TABLE_START, codes_table
from tests.conftest import REPO

DOCS = REPO / "docs"
PROBLEMS = DOCS / "problems.md"
UPDATE = os.environ.get("MINSHI_UPDATE_DOCS") == "1"
LINK = re.compile(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)")


def generated_part(text: str) -> str:
    start = text.index(CODES_TABLE_START) + len(CODES_TABLE_START) + 1
    return text[start:text.index(CODES_TABLE_END)]


def test_problem_table_is_generated_from_codes():
    text = PROBLEMS.read_text(encoding="utf-8")
    if UPDATE:
        text = text.replace(generated_part(text), codes_table())
        PROBLEMS.write_text(text, encoding="utf-8", newline="\n")
    assert generated_part(text) == codes_table(), \
        "docs/problems.md disagrees with CODES: run MINSHI_UPDATE_DOCS=1 python -m pytest tests/test_docs.py"


def test_problem_table_has_every_code_once_with_its_severity():
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `([a-z-]+)` \| \S+ (error|warning) \|",
                                                        PROBLEMS.read_text(encoding="utf-8"), re.M)}
    assert rows == {code: severity for code, (severity, _, _) in CODES.items()}
    table = codes_table().splitlines()
    assert len(table) == 2 + len(CODES)
    assert table[2] == "| `registry-syntax` | 错误 error | 登记表不是合法的 YAML | 按提示的行修正缩进、引号或冒号 |"
    severities = [line.split(" | ")[1] for line in table[2:]]
    assert severities == sorted(severities, key=lambda s: s != "错误 error")  # errors first, then warnings


def test_codes_table_escapes_pipes(monkeypatch):
    monkeypatch.setitem(CODES, "x-test", ("warning", "a|b", "c"))
    assert codes_table().splitlines()[-1] == r"| `x-test` | 警告 warning | a\|b | c |"


@pytest.mark.parametrize("name", sorted({"README.md", "registry.md", "formats.md", "rules.md", "json.md", "problems.md"}
                                         | {p.name for p in DOCS.glob("*.md")}))
def test_docs_exist_and_their_links_resolve(name):
    path = DOCS / name
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# ")
    for target in LINK.findall(text):
        assert (path.parent / target).is_file(), f"{name} links to {target}"


def test_index_lists_every_doc():
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    for path in DOCS.glob("*.md"):
        if path.name != "README.md":
            assert f"]({path.name})" in index, path.name


def test_readme_links_resolve_and_cite_nothing_outside_the_repository():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "CONTRACT" not in readme and "shared folder" not in readme
    for target in LINK.findall(readme):
        assert (REPO / target).is_file(), target
    assert "](docs/README.md)" in readme


def test_readme_has_windows_install_commands_beside_linux():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    install = readme[:readme.index("## ")]
    assert r".venv\Scripts\pip install ." in install and r".venv\Scripts\minshi status" in install
    assert ".venv/bin/pip install ." in install


def test_code_tests_and_docs_cite_the_repositorys_docs_not_the_contract():
    """A citation names the docs/ page that says it (readers of the repository have no contract)."""
    cited = re.compile(r"CONTRACT\s*§|(?<![\w/])§\d")
    found = [f"{path.relative_to(REPO)}:{n}" for folder in ("minshi_cli", "tests", "docs", "bench", "templates", "examples")
             for path in (REPO / folder).rglob("*") if path.suffix in (".py", ".md", ".j2", ".yaml")
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if cited.search(line)]
    assert found == []
    for page in set(re.findall(r"docs/(\w+\.md)", " ".join(
            p.read_text(encoding="utf-8") for p in (REPO / "minshi_cli").rglob("*.py")))):
        assert (DOCS / page).is_file(), page
