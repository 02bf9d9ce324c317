"""Bytes -> text for files saved by Excel, WPS or code.

Charset detectors misread short GBK text, so the rule is small and fixed: a BOM wins, then
strict UTF-8, then GB18030 (a superset of GBK and GB2312).  Anything else is not guessed.

One exception to reading a non-UTF-8 file as GB18030: a UTF-8 file with a cell pasted from a
GBK file.  Read wholly as GB18030, its UTF-8 lines would turn into garbled text that nobody
notices, so a file with lines that decode as UTF-8 to Chinese text *and* lines that are not
UTF-8 is refused (``mixed-encoding``), naming the lines that are not.  A line of GBK can be
valid UTF-8 by chance (元 and 亩 are), but it then decodes to non-Chinese junk: only lines that
decode to CJK characters count as evidence of UTF-8.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple, Optional

UTF8 = "UTF-8"
UTF8_BOM = "UTF-8 (BOM)"
GB18030 = "GB18030"

_BOMS = (
    (codecs.BOM_UTF8, "utf-8", UTF8_BOM),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16LE (BOM)"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16BE (BOM)"),
)


class Decoded(NamedTuple):
    text: Optional[str]  # None when the bytes could not be decoded
    encoding: Optional[str]
    problem: Optional[str]  # "binary-file", "encoding" or "mixed-encoding"
    bad_lines: tuple[int, ...] = ()  # mixed-encoding: the 1-based lines that are not UTF-8
    utf8_line: Optional[int] = None  # mixed-encoding: a line that is UTF-8 Chinese text (the evidence)


def decode(data: bytes) -> Decoded:
    """Decode a file's bytes; line endings are normalised to ``\\n`` (CRLF, CR)."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(_lines(data[len(bom):].decode(codec)), name, None)
            except UnicodeDecodeError:
                if codec == "utf-8":  # the file says it is UTF-8: every line that is not was pasted in
                    bad, _ = _utf8_lines(data[len(bom):])
                    return Decoded(None, None, "mixed-encoding", bad, None)
                return Decoded(None, None, "encoding")
    if b"\x00" in data:
        return Decoded(None, None, "binary-file")
    try:
        return Decoded(_lines(data.decode("utf-8")), UTF8, None)
    except UnicodeDecodeError:
        pass
    bad, evidence = _utf8_lines(data)
    if evidence is not None:
        return Decoded(None, None, "mixed-encoding", bad, evidence)
    try:
        return Decoded(_lines(data.decode("gb18030")), GB18030, None)
    except UnicodeDecodeError:
        return Decoded(None, None, "encoding")


def _utf8_lines(data: bytes) -> tuple[tuple[int, ...], Optional[int]]:
    """(the 1-based lines that are not UTF-8, the first line that decodes as UTF-8 to CJK text).
    Only for a file that is not UTF-8 as a whole."""
    bad: list[int] = []
    evidence: Optional[int] = None
    for number, line in enumerate(data.split(b"\n"), 1):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(number)
            continue
        if evidence is None and re.search(_CJK, text):
            evidence = number
    return tuple(bad), evidence


#: CJK ideographs (unified, extension A, compatibility): what a Chinese cell decodes to
#: CJK ideographs (compiled on first use by ``re``'s cache: only a file that is not UTF-8 needs it,
#: and compiling the class costs ~4 ms, a noticeable share of ``minshi status``)
_CJK = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"


def _lines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


#: Full-width ASCII variants (U+FF01..U+FF5E) -> ASCII, ideographic and no-break spaces -> space,
#: and the minus signs and dashes people paste from Word -> "-".  One table for every cell.
HALF_WIDTH = str.maketrans({cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
                           | {0x3000: 0x20, 0x00A0: 0x20, 0x2212: 0x2D, 0x2014: 0x2D, 0x2013: 0x2D})

