"""The one Jinja environment that renders reports.

Templates are looked up first in an office's own folder (``--templates DIR``), then in the
packaged ``templates/`` (:func:`minshi_cli.core.paths.templates_dir`).  The packaged templates are
also reachable under the prefix ``default:`` (``{% extends "default:report.html.j2" %}``), so an
office's template can extend the built-in one and override a single block; a template that extends
its own name (``{% extends "report.md.j2" %}`` in ``report.md.j2``) means the built-in one too,
instead of extending itself forever.  Undefined variables are
errors (StrictUndefined); ``.html.j2`` templates are autoescaped; Markdown templates escape
user text with the ``md`` filter.  A broken template is reported, never a traceback.

The built-in templates are compiled once and kept in the user's cache folder
(:func:`minshi_cli.core.paths.cache_dir`, e.g. ``~/.cache/minshi/templates-…``): compiling
``report.html.j2`` from source costs ~50 ms a run, loading its compiled code ~1 ms.  A cached
template is used only while its source is unchanged (Jinja keeps the source's checksum with the
code), the folder is named after the minshi, Jinja and Python versions, and a cache that cannot be
read or written is simply not used.  An office's own templates (``--templates``) are compiled
from source every run, as before.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Optional

import jinja2
from markupsafe import Markup, escape

from minshi_cli.core.paths import cache_dir, display, templates_dir
from minshi_cli.core.problems import UsageProblem

#: characters with an inline meaning in GitHub-flavoured Markdown (emphasis, code, links, raw HTML,
#: entities, strikethrough, math, table cells).  User text never starts a line (newlines are folded),
#: so line-start syntax (``#``, ``-``, ``1.``, ``>``) needs no escape and the raw text stays readable.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&~|$])")
_LINE_BREAKS = re.compile(r"\s*(?:\r\n|\r|\n)\s*")


#: a number with its unit (8950人, 3480元/年, 4.6公里, 95%, 4.8个百分点, 1/2): one unit of meaning that a
#: line must not break inside.  The unit is made of the characters units are written with, so
#: "5月底前动工" keeps "5月" together and may still wrap after it.
_UNIT_CHARS = "人个户家座所张台套间辆名次项件处条月天日年元万亿千百十公里米平方吨亩%‰/点分岁周批块栋层床位册本"
QUANTITY = re.compile(rf"[-+−]?\d[\d,，.]*(?:/\d+)?[{_UNIT_CHARS}]{{0,6}}")


def nobreak(value: object) -> Markup:
    """HTML text (escaped) in which every number-unit pair is kept on one line
    (``<span class="nb">3480元/年</span>``); the text around it may still wrap."""
    text = str(value)
    out, at = [], 0
    for m in QUANTITY.finditer(text):
        out.append(escape(text[at:m.start()]))
        out.append(Markup('<span class="nb">%s</span>') % m.group())
        at = m.end()
    out.append(escape(text[at:]))
    return Markup("").join(out)


def md_cell(value: object) -> str:
    """User text made safe for a Markdown table cell or paragraph: newlines become spaces,
    ``|`` and Markdown/HTML syntax are backslash-escaped (``<script>`` shows as text)."""
    text = _LINE_BREAKS.sub(" ", str(value))
    return _MD_SPECIAL.sub(r"\\\1", text)


#: the prefix under which the built-in templates are always reachable
DEFAULT_PREFIX = "default"


class _Environment(jinja2.Environment):
    def join_path(self, template: str, parent: str) -> str:
        """A template that extends (or includes) its own name means the built-in template of that
        name: the next one down the lookup, as an office expects, not itself (endless recursion)."""
        if template == parent and ":" not in template:
            return f"{DEFAULT_PREFIX}:{template}"
        return template


class _BuiltinCache(jinja2.BytecodeCache):
    """Compiled code of the built-in templates in ``folder``; never raises for a folder that is
    missing, unwritable or holds a damaged file (the template is then compiled from source)."""

    def __init__(self, folder: Path, builtin: Path) -> None:
        self.folder = folder
        self.builtin = os.path.normpath(str(builtin))

    def get_bucket(self, environment, name, filename, source):
        if filename is None or os.path.dirname(os.path.normpath(filename)) != self.builtin:
            bucket = jinja2.bccache.Bucket(environment, "", "")
            bucket.own = False  # an office's template: neither read nor written here
            return bucket
        bucket = super().get_bucket(environment, name, filename, source)
        bucket.own = True
        return bucket

    def set_bucket(self, bucket) -> None:
        if bucket.own:
            super().set_bucket(bucket)

    def path(self, bucket) -> Path:
        return self.folder / f"{bucket.key}.cache"

    def load_bytecode(self, bucket) -> None:
        try:
            with open(self.path(bucket), "rb") as f:
                bucket.load_bytecode(f)  # a stale or foreign file resets the bucket: compiled anew
        except OSError:
            pass

    def dump_bytecode(self, bucket) -> None:
        tmp = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                bucket.write_bytecode(f)
            os.replace(tmp, self.path(bucket))  # atomic: a parallel run reads the old file or the new
        except OSError:  # read-only home, full disk, …: the report is rendered all the same
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass


def _bytecode_cache(builtin: Path) -> Optional[_BuiltinCache]:
    import sys

    from minshi_cli import __version__

    base = cache_dir()
    if base is None:
        return None
    py = f"{sys.version_info[0]}{sys.version_info[1]}"
    return _BuiltinCache(base / f"templates-{__version__}-jinja{jinja2.__version__}-py{py}", builtin)


def environment(override: Optional[Path] = None) -> jinja2.Environment:
    builtin_dir = templates_dir()
    builtin = jinja2.FileSystemLoader(str(builtin_dir), encoding="utf-8")
    chain = ([jinja2.FileSystemLoader(str(override), encoding="utf-8")] if override is not None else []) + [builtin]
    env = _Environment(
        loader=jinja2.ChoiceLoader([jinja2.PrefixLoader({DEFAULT_PREFIX: builtin}, delimiter=":"), *chain]),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2", "html", "htm"),
                                            default_for_string=False, default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(builtin_dir),
    )
    env.filters["md"] = md_cell
    env.filters["nobreak"] = nobreak
    return env


def render(name: str, context: dict, override: Optional[Path] = None) -> str:
    """Render template ``name`` (e.g. ``report.html.j2``) with ``context``."""
    env = environment(override)
    try:
        template = env.get_template(name)
    except jinja2.TemplateNotFound:
        where = f"{display(override)} 和内置模板文件夹" if override is not None else "内置模板文件夹"
        raise UsageProblem(f"找不到模板 {name}：{where}中都没有该文件") from None
    except jinja2.TemplateSyntaxError as exc:
        place = f"{exc.filename or name}:{exc.lineno}"
        raise UsageProblem(f"模板 {place} 有语法错误：{exc.message}") from None
    except UnicodeDecodeError:
        raise UsageProblem(f"模板 {name} 不是 UTF-8 编码：请另存为 UTF-8") from None
    try:
        return template.render(context)
    except RecursionError:
        # templates that extend or include each other in a circle (a.j2 → b.j2 → a.j2)
        raise UsageProblem(f"模板 {name} 循环继承或引用：要扩展内置模板请写 "
                           f'{{% extends "{DEFAULT_PREFIX}:{name}" %}}') from None
    except jinja2.UndefinedError as exc:
        raise UsageProblem(f"模板 {_place(template, exc)} 使用了通报数据中没有的内容：{undefined_words(exc.message)}；"
                           f"可用的名称见 README“自定义模板”一节") from None
    except jinja2.TemplateError as exc:
        raise UsageProblem(f"模板 {_place(template, exc)} 无法渲染：{exc.message}") from None
    except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as exc:
        # an office's template doing something the data does not support, e.g. arithmetic on text
        raise UsageProblem(f"模板 {_place(template, exc)} 无法渲染：{type(exc).__name__}: {exc}") from None


#: Jinja's words for a name the data does not have (StrictUndefined), and ours
_UNDEFINED = [
    (re.compile(r"^'(?P<name>[^']*)' is undefined$"), "没有名为「{name}」的变量"),
    (re.compile(r"^'(?P<owner>[^']*) object' has no attribute '(?P<name>[^']*)'$"), "{owner}中没有「{name}」这一项"),
    (re.compile(r"^'(?P<owner>[^']*) object' has no element (?P<name>.*)$"), "{owner}中没有第 {name} 项"),
]
_OWNERS = {"dict": "该数据", "list": "该列表", "str": "该文字"}


def undefined_words(message: Optional[str]) -> str:
    """Jinja's message for an undefined name, in Chinese (``'抄送单位' is undefined`` → 没有名为「抄送单位」的变量);
    a message of another form is kept as Jinja wrote it."""
    for pattern, words in _UNDEFINED:
        found = pattern.match(message or "")
        if found:
            parts = found.groupdict()
            if "owner" in parts:
                parts["owner"] = _OWNERS.get(parts["owner"], f"「{parts['owner']}」")
            return words.format(**parts)
    return message or ""


def _place(template: jinja2.Template, exc: BaseException) -> str:
    """``file:line`` of the template line that failed (Jinja maps its frames back to the template)."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == template.filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return f"{template.filename}:{line}" if line else str(template.filename)
