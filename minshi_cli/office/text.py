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


#: Unicode's WORD JOINER: no line break on either side of it, nothing shown (Word, WPS and
#: LibreOffice alike; the ZERO WIDTH JOINER, Word's own "no-width non break", makes LibreOffice drop
#: the Chinese character after it in some fonts)
NO_BREAK = "\u2060"


def unbroken(text: str) -> str:
    """``text`` with every number-and-unit (3480元/年, 15000万/元, 50.6%) held on one line: a
    no-width non-break wherever a line could otherwise break inside it — next to a Chinese
    character (3480|元/|年); digits, ``.``, ``/`` and ``%`` hold together by themselves."""
    from minshi_cli.views.render import QUANTITY

    def join(m) -> str:
        word = m.group()
        out = [word[0]]
        for before, ch in zip(word, word[1:]):
            if display_width(before) == 2 or display_width(ch) == 2:
                out.append(NO_BREAK)
            out.append(ch)
        return "".join(out)

    return QUANTITY.sub(join, text)


def no_orphan(text: str) -> str:
    """``text`` whose last two Chinese characters are held together, so a cell that wraps never
    ends on one character alone (新增城镇就|业 wraps as 新增城镇|就业, 时序进|度 as 时序|进度)."""
    if len(text) < 3 or display_width(text[-1]) != 2 or display_width(text[-2]) != 2:
        return text
    return f"{text[:-1]}{NO_BREAK}{text[-1]}"


def shown(text: str) -> str:
    """The text a reader sees: :func:`unbroken`'s joiners removed."""
    return text.replace(NO_BREAK, "")
