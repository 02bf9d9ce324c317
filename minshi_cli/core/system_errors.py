"""What the operating system said, in Chinese: every failed read or write is reported to a person
in Chinese (``[Errno 2] No such file or directory`` means nothing to a unit's clerk)."""

from __future__ import annotations

import errno
import os

#: errno name → what it means for the person who gave the path (names a platform lacks are left out)
_WORDING = {
    "ENOENT": "找不到该文件或文件夹",
    "EACCES": "没有访问权限（文件可能已被其他程序打开，或设为只读）",
    "EPERM": "没有操作权限",
    "EISDIR": "这是文件夹，不是文件",
    "ENOTDIR": "路径中有一级不是文件夹，而是同名文件",
    "EEXIST": "已有同名的文件或文件夹",
    "ENOSPC": "磁盘空间不足",
    "EROFS": "所在磁盘只读，不能写入",
    "ENAMETOOLONG": "文件名或路径太长",
    "EBUSY": "文件正被其他程序占用",
    "EIO": "读写磁盘时出错",
    "EINVAL": "文件名无效（可能含有不允许的字符）",
    "ELOOP": "路径中的快捷方式（符号链接）形成循环",
    "EMFILE": "同时打开的文件太多",
    "ETXTBSY": "文件正被其他程序占用",
    "EDQUOT": "磁盘配额已用完",
}
_SAID = {getattr(errno, name): text for name, text in _WORDING.items() if hasattr(errno, name)}


def system_error_text(exc: OSError) -> str:
    """``exc`` said in Chinese, e.g. 找不到该文件或文件夹 (the errno's meaning; its number where no
    wording is known, never the system's English text)."""
    said = _SAID.get(exc.errno) if exc.errno is not None else None
    if said is not None:
        return said
    if exc.errno is not None:
        return f"操作系统报告错误（错误号 {exc.errno}）"
    return "操作系统报告错误"


def write_error_text(exc: OSError) -> str:
    """A failed write said in Chinese, as :func:`system_error_text`; but "not found" where the
    folder written into is there (``/proc``, a mount that takes no new files: the system says
    ENOENT) is that the folder takes no new file, not that something is missing."""
    folder = os.path.dirname(os.fsdecode(exc.filename)) if exc.filename else ""
    if exc.errno == errno.ENOENT and folder and os.path.isdir(folder):
        return f"不能在文件夹 {folder} 中新建文件或文件夹（没有写入权限，或该文件夹不支持写入，如系统文件夹）；请换一个输出位置"
    return system_error_text(exc)
