"""A strict structure check of the HTML the report writes (tests only).

A browser repairs bad nesting silently: a ``<p>`` opened inside a ``<p>`` closes the first one
early, so a sentence is split and the text after the inner paragraph falls out of any paragraph.
``faults(html)`` lists what a browser would have to repair: an element where its parent may not
hold it (flow content inside a paragraph or inside phrasing content, table parts outside their
table parent), an end tag that does not close the innermost open element, and tags left open.
Every non-void element must be closed explicitly (the report's templates close all of theirs).
"""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
# flow content that may not stand inside a paragraph (the HTML standard's list of elements that
# close an open <p>) nor inside phrasing content
BLOCK = {"address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset",
         "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
         "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "section", "table", "ul", "li",
         "dd", "dt", "tr", "td", "th", "thead", "tbody", "tfoot", "caption", "colgroup"}
PHRASING = {"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "dfn", "em", "i", "kbd",
            "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
            "wbr", "label", "p", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "dt", "title"}
# elements that must have one of the given parents
PARENTS = {"tr": {"table", "thead", "tbody", "tfoot"}, "td": {"tr"}, "th": {"tr"},
           "thead": {"table"}, "tbody": {"table"}, "tfoot": {"table"}, "caption": {"table"},
           "colgroup": {"table"}, "col": {"colgroup", "table"}, "li": {"ul", "ol", "menu"},
           "dt": {"dl", "div"}, "dd": {"dl", "div"}}
FOREIGN = {"svg", "math"}  # their inner elements follow XML rules: only matching end tags checked


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.faults: list[str] = []

    def _where(self) -> str:
        return f"line {self.getpos()[0]}"

    def _foreign(self) -> bool:
        return any(tag in FOREIGN for tag in self.open)

    def handle_starttag(self, tag: str, attrs) -> None:
        if not self._foreign():
            parent = self.open[-1] if self.open else None
            if tag in PARENTS and parent not in PARENTS[tag]:
                self.faults.append(f"{self._where()}: <{tag}> inside <{parent}>")
            elif parent in PHRASING and tag in BLOCK:
                self.faults.append(f"{self._where()}: <{tag}> inside <{parent}>")
            if tag in VOID:
                return
        self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs) -> None:
        if self._foreign():
            return  # <rect/>: opened and closed
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.faults.append(f"{self._where()}: <{tag}/> is not a void element")
            self.open.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID and not self._foreign():
            self.faults.append(f"{self._where()}: end tag </{tag}> of a void element")
            return
        if not self.open or self.open[-1] != tag:
            innermost = self.open[-1] if self.open else None
            self.faults.append(f"{self._where()}: </{tag}> while <{innermost}> is open")
            if tag in self.open:  # recover as a browser would: close up to it
                del self.open[len(self.open) - 1 - self.open[::-1].index(tag):]
            return
        self.open.pop()


def faults(html: str) -> list[str]:
    """What is wrong with the nesting of ``html`` ([] for a well-formed document)."""
    checker = _Checker()
    checker.feed(html)
    checker.close()
    if checker.open:
        checker.faults.append("unclosed at the end: " + " ".join(f"<{t}>" for t in checker.open))
    return checker.faults
