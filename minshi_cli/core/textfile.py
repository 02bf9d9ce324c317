"""Bytes -> text for files saved by Excel, WPS or code.

Charset detectors misread short GBK text, so the rule is small and fixed: a BOM wins, then
strict UTF-8, then GB18030 (a superset of GBK and GB2312).  Anything else is not guessed.
"""

from __future__ import annotations

import codecs
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
    problem: Optional[str]  # "binary-file" or "encoding"


def decode(data: bytes) -> Decoded:
    """Decode a file's bytes; line endings are normalised to ``\\n`` (CRLF, CR)."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(_lines(data[len(bom):].decode(codec)), name, None)
            except UnicodeDecodeError:
                return Decoded(None, None, "encoding")
    if b"\x00" in data:
        return Decoded(None, None, "binary-file")
    try:
        return Decoded(_lines(data.decode("utf-8")), UTF8, None)
    except UnicodeDecodeError:
        pass
    try:
        return Decoded(_lines(data.decode("gb18030")), GB18030, None)
    except UnicodeDecodeError:
        return Decoded(None, None, "encoding")


def _lines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


#: Full-width ASCII variants (U+FF01..U+FF5E) -> ASCII, ideographic and no-break spaces -> space,
#: and the minus signs and dashes people paste from Word -> "-".  One table for every cell.
HALF_WIDTH = str.maketrans({cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
                           | {0x3000: 0x20, 0x00A0: 0x20, 0x2212: 0x2D, 0x2014: 0x2D, 0x2013: 0x2D})

