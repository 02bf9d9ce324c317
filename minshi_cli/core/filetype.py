"""What a file's bytes are, whatever its name says: the advice when a table file has the wrong extension.

An Excel workbook named ``.csv`` (a clerk who typed the name with the extension, or renamed a file
in a folder that hides extensions) is read as text and fails on its NUL bytes; a CSV named
``.xlsx`` fails as a corrupt workbook. Neither message says what happened. The bytes do: a
workbook is a zip package (``PK\\x03\\x04``) holding ``xl/workbook.xml``, or an OLE compound file
(the old ``.xls``) holding a ``Workbook`` stream; a CSV is text.

The file is not read as what it is: what a file is follows its name everywhere else — Excel and
WPS open a ``.csv`` holding a workbook as garbled text for the next person who opens it, and the
month rules (``2019-07.csv`` beside ``2019-07.xlsx`` is the month given twice) go by the name — so
the message says to rename it, which is one step and leaves the file right for everyone
(docs/formats.md, docs/office.md).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import NamedTuple, Optional

_ZIP = b"PK\x03\x04"
_OLE = bytes.fromhex("d0cf11e0a1b11ae1")


class RealType(NamedTuple):
    """What a file is: its name in messages and the extension it should have."""

    name: str
    suffix: str


XLSX = RealType("Excel 工作簿", ".xlsx")
XLSM = RealType("启用宏的 Excel 工作簿", ".xlsm")
XLS = RealType("旧版 Excel 工作簿", ".xls")
CSV = RealType("文本（CSV）文件", ".csv")
HTML = RealType("网页（HTML）或 XML 表格", ".html")
DOCX = RealType("Word 文档", ".docx")
DOC = RealType("旧版 Word 文档", ".doc")


def real_type(data: bytes) -> Optional[RealType]:
    """The type the bytes show, or None where they show none of these (a corrupt file, an
    unknown binary)."""
    if data.startswith(_ZIP):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                names = set(package.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):  # cut short: its first entries' names still show
            names = {n for n in ("xl/workbook.xml", "word/document.xml") if n.encode() in data[:65536]}
        if "xl/vbaProject.bin" in names:
            return XLSM
        if "xl/workbook.xml" in names:
            return XLSX
        return DOCX if "word/document.xml" in names else None
    if data.startswith(_OLE):
        if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
            return XLS
        return DOC if "WordDocument".encode("utf-16-le") in data else None
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml")) and b"<table" in data[:65536].lower():
        return HTML
    if b"\x00" in data[:4096]:
        return None
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < 4090:  # not a character cut at the end of the sample
            try:
                data.decode("gb18030")
            except UnicodeDecodeError:
                return None
    return CSV


#: the suffixes each real type's bytes fit (a workbook's zip fits .xlsx and .xlsm)
_FITS = {XLSX: (".xlsx", ".xlsm"), XLSM: (".xlsm", ".xlsx"), XLS: (".xls",), CSV: (".csv",)}


def misnamed(path: Path, data: bytes) -> Optional[str]:
    """The message for a file whose bytes are another type than its extension says, else None:
    what it is, and what to do — rename a table file; save anything else as a table."""
    real = real_type(data)
    if real is None or path.suffix.lower() in _FITS.get(real, ()):
        return None
    if real in _FITS:
        return (f"这个文件其实是{_spaced(real.name)}（{real.suffix}），扩展名却是 {path.suffix}：请把文件改名为 "
                f"{path.stem}{real.suffix}（只改扩展名；Windows 资源管理器中先在“查看”里勾选“文件扩展名”再改）")
    what = "网页（HTML）或 XML 表格，不是 Excel 工作簿" if real is HTML else f"{_spaced(real.name)}，不是表格文件"
    return (f"这个文件其实是{what}（扩展名却是 {path.suffix}）：请在 Excel/WPS 中打开后“另存为”"
            "Excel 工作簿（.xlsx）或 CSV 后重新提交")


def _spaced(name: str) -> str:
    """A name after a Chinese word: a space before a Latin one (是 Excel 工作簿)."""
    return f" {name}" if name[:1].isascii() else name
