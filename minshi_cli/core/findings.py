"""Findings: the problems a command found, their counts and whether the data is valid.

Modelled on frictionless-py's ``Report``: one object owns the problems (in the order they are
shown: by file, then line), counts them by severity and says whether the data is valid, and the
exit code is read from it (docs/problems.md: 1 with an error, or with a warning under
``--strict``; else 0).  Row problems enter in their file's words (:meth:`Findings.add_rows`): a
column named as the file's header writes it (累计完成, not value), a quoted cell of a GB18030
file says how it was read, a workbook's row names its sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Collection, Iterable, Optional

from minshi_cli.core.problems import ERROR, WARNING, Problem
from minshi_cli.core.records import column_letter, sheet_prefix


@dataclass(frozen=True)
class FileWords:
    """What a problem on one file's rows is worded with: its headers as written (canonical column
    -> header), how it was decoded (where not UTF-8), the sheet read (a workbook)."""

    headers: dict[str, str] = field(default_factory=dict)
    encoding: Optional[str] = None  # a legacy encoding (GB18030) the file was read in, else None
    sheet: Optional[str] = None
    #: a workbook's columns: canonical column -> its 0-based column in the sheet (the cell is named)
    positions: dict[str, int] = field(default_factory=dict)

    def word(self, p: Problem, quoting: Collection[str]) -> Problem:
        """``p`` in this file's words (``quoting``: the codes whose message quotes a cell); in a
        workbook the message starts with the sheet and, where the column is known, the cell (G4)."""
        at = self.positions.get(p.column) if p.column else None
        if p.column:
            p = p._replace(column=self.headers.get(p.column, p.column))
        if self.encoding and p.code in quoting:
            p = p._replace(message=f"{p.message}（本文件按 {self.encoding} 编码读取）")
        if self.sheet and p.line is not None:
            cell = f"{column_letter(at)}{p.line}" if at is not None else ""
            plain = sheet_prefix(self.sheet)
            rest = p.message[len(plain):] if p.message.startswith(plain) else p.message
            p = p._replace(message=sheet_prefix(self.sheet, cell) + rest)
        return p


class Findings:
    """The problems found, with their counts and validity."""

    def __init__(self, problems: Iterable[Problem] = ()):
        self.problems: list[Problem] = list(problems)

    def add(self, problems: Iterable[Problem]) -> "Findings":
        """Problems as they are (a file's or a folder's own, a registry's)."""
        self.problems.extend(problems)
        return self

    def add_rows(self, problems: Iterable[Problem], words: dict[str, FileWords],
                 quoting: Collection[str] = ()) -> "Findings":
        """Problems on the rows of files, each in its file's words (``words``: file -> its words;
        ``quoting``: the codes whose message quotes a cell's text)."""
        none = FileWords()
        self.problems.extend(words.get(p.file, none).word(p, quoting) for p in problems)
        return self

    def by_place(self) -> "Findings":
        """The same findings by file, then line (those without a line after the lines; at one
        place, in the order they were found)."""
        return Findings(sorted(self.problems, key=lambda p: (p.file, p.line is None, p.line or 0)))

    def where(self, keep: Callable[[Problem], bool]) -> "Findings":
        return Findings(p for p in self.problems if keep(p))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def counts(self) -> tuple[int, int]:
        """(errors, warnings)"""
        return len(self.errors), len(self.warnings)

    def valid(self, strict: bool = False) -> bool:
        """No error (and, ``strict``, no warning either)."""
        errors, warnings = self.counts
        return not errors and not (strict and warnings)

    def exit_code(self, strict: bool = False) -> int:
        """The command's exit code for what was found: 0 valid, 1 not (docs/problems.md)."""
        return 0 if self.valid(strict) else 1
