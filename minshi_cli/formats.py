"""Output formats, registered once: for each command, its formats and the writer of each.

``status`` and ``assess`` print a terminal table, Markdown, JSON or CSV; ``check`` and ``verify``
list problems as text, JSON or GitHub Actions workflow commands; ``report`` writes Markdown,
HTML, Word or Excel.  The command line's ``--format`` choices, the defaults, the extensions
``report -o`` accepts and the writer that makes each format's output are all read from the
tables here.  Adding a format is one entry here and its writer in the view that draws it.

Only the standard library is imported at start (``minshi --help`` must not load pandas): a
writer imports its view when it is called.
"""

from __future__ import annotations

import os
from typing import Callable, NamedTuple


class Format(NamedTuple):
    key: str  # the --format value
    name: str  # how messages name it
    write: Callable  # makes the output (its arguments are the command's: see the table)
    suffixes: tuple[str, ...] = ()  # report: the -o extensions that mean this format
    binary: bool = False  # report: a file's bytes (needs -o FILE), not text for the screen
    templated: bool = False  # report: laid out by a Jinja template (--templates applies)
    charts: bool = False  # report: the urging section's indicators drawn month by month


def _status(form: str) -> Callable:
    """A ``status`` writer: views.status_view's ``{form}_text`` (imported when called)."""
    def write(*args, **kwargs) -> str:
        from minshi_cli.views import status_view

        return getattr(status_view, f"{form}_text")(*args, **kwargs)
    return write


def _assess(form: str) -> Callable:
    """An ``assess`` writer: views.assess_view's ``{form}_text`` (imported when called)."""
    def write(*args, **kwargs) -> str:
        from minshi_cli.views import assess_view

        return getattr(assess_view, f"{form}_text")(*args, **kwargs)
    return write


def _problems(form: str) -> Callable:
    """A ``check``/``verify`` writer: problems (and a command's own JSON keys) as text."""
    def write(problems: list, extra: dict | None = None) -> str:
        from minshi_cli.views import diagnostics

        return diagnostics.WRITERS[form](problems, extra)
    return write


def _template(form: str) -> Callable:
    def write(context: dict, templates=None) -> str:
        from minshi_cli.views import render

        return render.render(f"report.{form}.j2", context, templates)
    return write


def _docx(context: dict, templates=None) -> bytes:
    from minshi_cli.office import report_docx

    return report_docx.write(context)


def _xlsx(context: dict, templates=None) -> bytes:
    from minshi_cli.office import report_xlsx

    return report_xlsx.write(context)


def _by_key(*formats: Format) -> dict[str, Format]:
    return {f.key: f for f in formats}


_TABLES = (("table", "终端表格"), ("markdown", "Markdown"), ("json", "JSON"), ("csv", "CSV"))
#: ``minshi status``: write(view, by=…, registry=…, has_file=…, filters=…, …) -> text
STATUS = _by_key(*(Format(k, n, _status(k)) for k, n in _TABLES))
#: ``minshi assess``: write(assessment, year=…, certifying=…) -> text
ASSESS = _by_key(*(Format(k, n, _assess(k)) for k, n in _TABLES))
#: ``minshi check`` and ``minshi verify``: write(problems, extra JSON keys) -> text
PROBLEMS = _by_key(*(Format(k, n, _problems(k)) for k, n in
                     (("text", "文本"), ("json", "JSON"), ("github", "GitHub Actions"))))
#: ``minshi report``: write(context, templates) -> text or bytes; the one table of what -o can
#: write (an extension not listed here is refused, never written as something else)
REPORT = _by_key(
    Format("html", "HTML", _template("html"), (".html", ".htm"), templated=True, charts=True),
    Format("md", "Markdown", _template("md"), (".md", ".markdown"), templated=True),
    Format("docx", "Word", _docx, (".docx",), binary=True),
    Format("xlsx", "Excel", _xlsx, (".xlsx",), binary=True),
)

#: the report's format on the screen (no -o), listed first among --format's choices
SCREEN_REPORT = "md"
REPORT_CHOICES = [SCREEN_REPORT, *(k for k in REPORT if k != SCREEN_REPORT)]


def problems_format(given: str | None) -> str:
    """``check``/``verify``'s format: the one given, else ``github`` in GitHub Actions
    (``GITHUB_ACTIONS=true``), else ``text``."""
    if given is not None:
        return given
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
