"""Text as an Office file can hold it (shared by the Word and Excel writers)."""

from __future__ import annotations

import re

#: characters XML 1.0 cannot hold (C0 controls other than tab, newline and return; lone
#: surrogates; U+FFFE/U+FFFF): openpyxl and python-docx refuse them, Word refuses the file
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


from minshi_cli.core.statuses import STATUSES

#: a status's light shade in a Word or Excel table (the status word is always written too)
STATUS_SHADE = {s.key: s.shade for s in STATUSES}


def xml_text(value: object) -> str:
    """``value`` as text an .xlsx or .docx can hold: characters XML 1.0 forbids are dropped
    (a note pasted with a stray control character still gets into the report)."""
    return _NOT_XML.sub("", str(value))


def display_width(text: str) -> int:
    """Columns ``text`` takes in a fixed-width font: 2 for a Chinese (wide) character, else 1."""
    from wcwidth import wcwidth

    return sum(max(wcwidth(ch), 0) for ch in text)
