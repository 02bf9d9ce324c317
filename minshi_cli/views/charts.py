"""Small inline SVG charts for the HTML report and the site (docs/site.md).

Plain functions from already-worded data to an SVG string: no pandas, no network, no script;
of minshi they read only the declared statuses (core/statuses.py: colours, and which statuses
are lagging or have no figure, for the hatching).  What every chart keeps, so that it reads on screen, on a black-and-white
printout and to a screen reader:

* every label is SVG ``<text>`` (selectable, CJK drawn by the reader's fonts, never outlines);
* every series is told apart by its dash and its marker, not by colour alone;
* every point carries its number: a ``<title>`` (``6月：4,290个``, shown on hover and read out)
  and the latest point a visible label;
* data text is escaped here (a unit's note or an area's name can hold anything).

Chosen over pygal and matplotlib by measurement (README, 图表; ``bench/charts_choice.py``):
importing this module costs ~4 ms against ~80 ms (pygal) and ~1 s (matplotlib), drawing a chart
0.3 ms against 9 ms and 80 ms, and a report's chart is ~4 KB against 20 KB and 12 KB.
"""

from __future__ import annotations

import math
from typing import NamedTuple, Optional, Sequence

from minshi_cli.core.statuses import COUNTED_APART, UNFINISHED

FONT = '"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC","SimHei",sans-serif'
INK = "#111"
GRID = "#d0d0d0"


class Style(NamedTuple):
    """How a series is drawn: colour, dash (SVG ``stroke-dasharray``, "" solid) and marker."""

    colour: str
    dash: str
    marker: str  # circle, square, triangle, diamond or "" (none)
    width: float = 1.8


#: the series the charts draw, each with its own dash and marker (black-and-white print)
ACTUAL = Style("#1f4f8f", "", "circle", 2.0)
PLANNED = Style("#555", "5 3", "square", 1.4)
TARGET = Style("#b3121b", "2 2", "", 1.4)
DUE = Style("#555", "5 3", "triangle", 1.4)


class Series(NamedTuple):
    """One line: ``values`` (None where there is none) with ``texts``, each point's number as
    people read it (``4,290个``), put in its ``<title>``."""

    name: str
    values: Sequence[Optional[float]]
    texts: Sequence[str]
    style: Style
    step: bool = False  # drawn as steps (a milestone's stages)
    label_last: bool = True  # the latest point's number written beside it


class Cell(NamedTuple):
    """A box of a label strip or a stacked bar: its text, its status (for its fill) and a
    ``<title>``."""

    text: str
    status: str
    title: str


def _tint(colour: str, white: float = 0.82) -> str:
    """``colour`` (``#rrggbb`` or ``#rgb``) mixed with white: a fill light enough to print text on."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    rgb = [int(digits[k:k + 2], 16) for k in (0, 2, 4)]
    return "#" + "".join(f"{round(c + (255 - c) * white):02x}" for c in rgb)


def _status_styles() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Each status's stroke (its colour in the declared table, core/statuses.py), fill (a tint of
    it; white where the status has no figure) and hatching, so that boxes are told apart in grey:
    the lagging statuses hatched, the worse of them cross-hatched; a status without a figure dotted."""
    from minshi_cli.core.statuses import LAGGING, STATUSES

    strokes = {s.key: s.colour for s in STATUSES}
    fills = {s.key: _tint(s.colour) if s.reported else "#ffffff" for s in STATUSES}
    patterns = {}
    for s in STATUSES:
        if s.key in LAGGING:
            worse = LAGGING.index(s.key) > 0
            patterns[s.key] = '<path d="M0 6L6 0{}" stroke="{{s}}" stroke-width=".8"/>'.format("M0 0L6 6" if worse else "")
        elif not s.reported:
            patterns[s.key] = '<circle cx="3" cy="3" r=".9" fill="{s}"/>'
    # a label counted apart from its status's word (core.statuses.COUNTED_APART: 未完成 apart from
    # 严重滞后) is drawn in its status's colour, filled solid dark: told apart from the hatched
    # status beside it in the same bar, in grey too
    for word, key in APART_STYLES.items():
        status = COUNTED_APART[word]
        strokes[key] = strokes[status]
        fills[key] = _tint(strokes[status], 0.3)
    return strokes, fills, patterns


#: the style key of each label counted apart with a style of its own (its segments and legend box in a
#: stacked chart); the others (推进中, on_track's word under rules.pace: none) are drawn as their status
APART_STYLES = {UNFINISHED: "unfinished"}


def style_key(status: str, word: str) -> str:
    """The style a count's column is drawn in: a label counted apart's own (``unfinished``), else
    its status's."""
    return APART_STYLES.get(word, status)


#: a status not in the table (one added later) is drawn plain grey with its label
STROKES, FILLS, _PATTERNS = _status_styles()


def _n(x: float) -> str:
    """A coordinate, to the pixel: ``12``, ``40`` (half a pixel does not show in a 460-pixel chart,
    and a province's month page carries hundreds of charts)."""
    return str(int(math.floor(x + 0.5)))


def _t(text: object) -> str:
    """Text made safe inside an SVG element or a quoted attribute (``html.escape`` without
    importing ``html``, whose entity table costs ~1 ms at start)."""
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#x27;"))


def nice_ticks(lo: float, hi: float, count: int = 4, integer: bool = False) -> list[float]:
    """Round tick values covering [lo, hi] (lo included), about ``count`` of them; ``integer``:
    whole steps only (a count of 1 个 is not drawn against 0.25, 0.5 …)."""
    if not (hi - lo > 1e-9 * max(abs(hi), 1.0)):  # one value (or none): a unit's range above it
        hi = lo + (abs(lo) * 0.2 if abs(lo) >= 1 else 1.0)
    raw = (hi - lo) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw - 1e-12)
    if integer:
        step = max(math.ceil(step), 1)
    start = math.floor(lo / step + 1e-9) * step
    ticks = []
    k = 0
    while True:
        value = start + k * step
        ticks.append(round(value, 10))
        if value >= hi - 1e-9:
            return ticks
        k += 1


def tick_text(value: float) -> str:
    """An axis label: ``4,000``, ``2.5``, ``0``."""
    if abs(value - round(value)) < 1e-9:
        return f"{int(round(value)):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _marker(kind: str, x: float, y: float, style: Style, bare: bool = False, title: str = "") -> str:
    """A marker; ``bare``: without its fill and stroke (a series' markers take them from their
    group); ``title``: the point's number, as the marker's own ``<title>``."""
    fill = "" if bare else f' fill="#fff" stroke="{style.colour}" stroke-width="1.3"'
    if kind == "circle":
        element = "circle", f'cx="{_n(x)}" cy="{_n(y)}" r="3"'
    elif kind == "square":
        element = "rect", f'x="{_n(x - 2.6)}" y="{_n(y - 2.6)}" width="5.2" height="5.2"'
    elif kind == "triangle":
        element = "path", f'd="M{_n(x)} {_n(y - 3.4)}l3.2 5.8h-6.4z"'
    elif kind == "diamond":
        element = "path", f'd="M{_n(x)} {_n(y - 3.5)}l3.5 3.5l-3.5 3.5l-3.5-3.5z"'
    elif title:  # no marker: an invisible point that carries the title
        element = "circle", f'cx="{_n(x)}" cy="{_n(y)}" r="3" fill="none" stroke="none" pointer-events="all"'
    else:
        return ""
    tag, attributes = element
    if title:
        return f"<{tag} {attributes}{fill}><title>{title}</title></{tag}>"
    return f"<{tag} {attributes}{fill}/>"


def _legend_key(style: Style, x: float, y: float) -> str:
    dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
    return (f'<line x1="{_n(x)}" y1="{_n(y)}" x2="{_n(x + 22)}" y2="{_n(y)}" stroke="{style.colour}" '
            f'stroke-width="{style.width}"{dash}/>' + _marker(style.marker, x + 11, y, style))


def _open(width: int, height: int, title: str, css: str) -> list[str]:
    # inline in HTML: the parser puts <svg> in the SVG namespace, so no xmlns (and no URL in the page)
    return [f'<svg class="chart {css}" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{_t(title)}" '
            f'font-family=\'{FONT}\' font-size="10" fill="{INK}">',
            f"<title>{_t(title)}</title>"]


def line_chart(labels: Sequence[str], series: Sequence[Series], *, title: str, unit: str = "",
               width: int = 420, height: int = 150, reference: Optional[Series] = None,
               floor_zero: bool = True, ticks: Optional[Sequence[float]] = None,
               tick_labels: Optional[Sequence[str]] = None, integer: bool = False) -> str:
    """A line chart over the months ``labels`` (``1月`` …): each of ``series`` a line with its
    dash and marker, ``reference`` a horizontal line (a target) drawn across the whole width.
    The y axis starts at 0 unless ``floor_zero`` is false (a level near its target); ``ticks``
    fixes its ticks (a milestone's stages 0, 1, 2 …) and ``tick_labels`` names them (未开工, 动工 …);
    ``integer``: whole-number ticks (figures counted in whole units)."""
    values = [v for s in series for v in s.values if v is not None and not math.isnan(v)]
    if reference is not None:
        values += [v for v in reference.values if v is not None]
    lo = min(values, default=0.0)
    hi = max(values, default=1.0)
    if floor_zero or lo >= 0 and lo < hi * 0.5:
        lo = min(lo, 0.0)
    else:
        span = (hi - lo) or abs(hi) or 1.0
        lo -= span * 0.25
    ticks = list(ticks) if ticks else nice_ticks(lo, hi, integer=integer)
    y0, y1 = ticks[0], ticks[-1]
    left, right, top = 46, 58, 20
    if tick_labels:  # room for the longest name (CJK: about one em each)
        left = min(max(left, 10 * max(len(str(t)) for t in tick_labels) + 8), 130)
    legend_h = 16
    bottom = 18 + legend_h
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(labels)
    pad = 10  # the first and last months kept off the axes' labels
    step_x = (plot_w - 2 * pad) / max(n - 1, 1) if n > 1 else 0

    def px(k: int) -> float:
        return left + pad + (k * step_x if n > 1 else plot_w / 2 - pad)

    def py(v: float) -> float:
        return top + plot_h - (v - y0) / ((y1 - y0) or 1) * plot_h

    out = _open(width, height, title, "line")
    # grid and axes
    # shared attributes on groups: a province's report draws hundreds of these charts
    out.append(f'<g stroke="{GRID}" stroke-width=".6">')
    out += [f'<line x1="{left}" y1="{_n(py(t))}" x2="{_n(left + plot_w)}" y2="{_n(py(t))}"/>' for t in ticks]
    out.append('</g><g text-anchor="end">')
    names = list(tick_labels) if tick_labels and len(tick_labels) == len(ticks) else [tick_text(t) for t in ticks]
    out += [f'<text x="{left - 4}" y="{_n(py(t) + 3.5)}">{_t(name)}</text>' for t, name in zip(ticks, names)]
    out.append("</g>")
    if unit:
        out.append(f'<text x="4" y="{top - 9}" font-size="9">{_t(unit)}</text>')
    every = 1 if n <= 12 or plot_w / n >= 26 else math.ceil(n / 12)
    out.append('<g text-anchor="middle">')
    out += [f'<text x="{_n(px(k))}" y="{_n(top + plot_h + 13)}">{_t(label)}</text>'
            for k, label in enumerate(labels) if k % every == 0 or k == n - 1]
    out.append("</g>")
    out.append(f'<line x1="{left}" y1="{_n(top + plot_h)}" x2="{_n(left + plot_w)}" y2="{_n(top + plot_h)}" stroke="{INK}" stroke-width=".8"/>')
    drawn = ([reference] if reference is not None else []) + list(series)
    if reference is not None:
        v = next((x for x in reference.values if x is not None), None)
        if v is not None:
            y = py(v)
            dash = f' stroke-dasharray="{reference.style.dash}"' if reference.style.dash else ""
            text = reference.texts[0] if reference.texts else ""
            out.append(f'<g><title>{_t(reference.name)}：{_t(text)}</title>'
                       f'<line x1="{left}" y1="{_n(y)}" x2="{_n(left + plot_w)}" y2="{_n(y)}" '
                       f'stroke="{reference.style.colour}" stroke-width="{reference.style.width}"{dash}/>'
                       # above the line at its left end: the right end is where the latest figure is labelled
                       f'<text x="{left + 4}" y="{_n(y - 3)}" font-size="9" fill="{reference.style.colour}">{_t(text)}</text></g>')
    for s in series:
        points = [(px(k), py(v), k) for k, v in enumerate(s.values) if v is not None and not math.isnan(v)]
        if not points:
            continue
        dash = f' stroke-dasharray="{s.style.dash}"' if s.style.dash else ""
        path = []
        for j, (x, y, k) in enumerate(points):
            if j == 0:
                path.append(f"M{_n(x)} {_n(y)}")
            elif s.step:
                path.append(f"H{_n(x)}V{_n(y)}")
            else:
                path.append(f"L{_n(x)} {_n(y)}")
        out.append(f'<g class="series"><path d="{"".join(path)}" fill="none" stroke="{s.style.colour}" '
                   f'stroke-width="{s.style.width}"{dash} stroke-linejoin="round"/>')
        # the markers share their fill and stroke through their group (a province's report draws hundreds)
        out.append(f'<g fill="#fff" stroke="{s.style.colour}" stroke-width="1.3">')
        out += [_marker(s.style.marker, x, y, s.style, bare=True, title=f"{_t(labels[k])}{_t(s.name)}：{_t(s.texts[k])}")
                for x, y, k in points]
        out.append("</g>")
        if s.label_last:
            x, y, k = points[-1]
            out.append(f'<text x="{_n(x + 5)}" y="{_n(y + 3.5)}" font-size="9" fill="{s.style.colour}">{_t(s.texts[k])}</text>')
        out.append("</g>")
    # legend, under the axis
    x = left
    y = height - 6
    for s in drawn:
        out.append(_legend_key(s.style, x, y - 3.5))
        out.append(f'<text x="{_n(x + 26)}" y="{_n(y)}">{_t(s.name)}</text>')
        x += 34 + 11 * len(s.name)
    out.append("</svg>")
    return "".join(out)


def _defs(prefix: str, statuses: Sequence[str]) -> str:
    parts = []
    for s in dict.fromkeys(statuses):
        shape = _PATTERNS.get(s)
        if shape is None:
            continue
        parts.append(f'<pattern id="{prefix}-{s}" width="6" height="6" patternUnits="userSpaceOnUse">'
                     f'<rect width="6" height="6" fill="{FILLS.get(s, "#eee")}"/>{shape.format(s=STROKES.get(s, "#555"))}'
                     f"</pattern>")
    return f"<defs>{''.join(parts)}</defs>" if parts else ""


def _fill(prefix: str, status: str) -> str:
    if status in _PATTERNS:
        return f"url(#{prefix}-{status})"
    return FILLS.get(status, "#eeeeee")


def label_strip(labels: Sequence[str], cells: Sequence[Optional[Cell]], *, title: str, chart_id: str,
                width: int = 640) -> str:
    """A strip of boxes, one per month (``labels``), each with its status label written in it
    (a qualitative or ongoing indicator's months); None where the month has no page."""
    n = max(len(labels), 1)
    box_w = (width - 8) / n
    height = 52
    out = _open(width, height, title, "strip")
    out.append(_defs(chart_id, [c.status for c in cells if c is not None]))
    for k, (label, cell) in enumerate(zip(labels, cells)):
        x = 4 + k * box_w
        out.append(f'<text x="{_n(x + box_w / 2)}" y="12" text-anchor="middle">{_t(label)}</text>')
        if cell is None:
            continue
        stroke = STROKES.get(cell.status, "#555")
        out.append(f'<g><title>{_t(label)}：{_t(cell.title)}</title>'
                   f'<rect x="{_n(x + 1)}" y="17" width="{_n(box_w - 2)}" height="30" fill="{_fill(chart_id, cell.status)}" '
                   f'stroke="{stroke}" stroke-width="1"/>'
                   f'<text x="{_n(x + box_w / 2)}" y="36" text-anchor="middle" font-size="{_fit(cell.text, box_w)}" '
                   f'stroke="#fff" stroke-width="2.5" paint-order="stroke">'
                   f"{_t(cell.text)}</text></g>")
    out.append("</svg>")
    return "".join(out)


def _fit(text: str, room: float) -> str:
    """A font size at which ``text`` (CJK: one em a character) fits ``room`` pixels."""
    size = min(10.0, (room - 4) / max(len(text), 1))
    return _n(max(size, 6.0))


def stacked_bars(labels: Sequence[str], stacks: Sequence[Sequence[Cell]], counts: Sequence[Sequence[int]], *,
                 title: str, chart_id: str, legend: Sequence[Cell], width: int = 640, height: int = 240) -> str:
    """Vertical bars, one per month (``labels``), each a stack of ``counts`` (bottom first) with
    the count written in every part tall enough to hold it and in its ``<title>``; ``legend``
    names each status once."""
    total = max((sum(c) for c in counts), default=1) or 1
    left, right, top, bottom = 34, 8, 10, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(labels), 1)
    slot = plot_w / n
    bar_w = min(slot * 0.7, 42)
    out = _open(width, height, title, "stacked")
    out.append(_defs(chart_id, [c.status for c in legend]))
    ticks = nice_ticks(0, total)
    scale = plot_h / ticks[-1]
    for t in ticks:
        y = top + plot_h - t * scale
        out.append(f'<line x1="{left}" y1="{_n(y)}" x2="{_n(left + plot_w)}" y2="{_n(y)}" stroke="{GRID}" stroke-width=".6"/>')
        out.append(f'<text x="{left - 4}" y="{_n(y + 3.5)}" text-anchor="end">{_t(tick_text(t))}</text>')
    for k, (label, cells, nums) in enumerate(zip(labels, stacks, counts)):
        x = left + k * slot + (slot - bar_w) / 2
        y = top + plot_h
        for cell, count in zip(cells, nums):
            if count <= 0:
                continue
            h = count * scale
            y -= h
            out.append(f'<g><title>{_t(label)}{_t(cell.title)}</title>'
                       f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(bar_w)}" height="{_n(h)}" '
                       f'fill="{_fill(chart_id, cell.status)}" stroke="{STROKES.get(cell.status, "#555")}" stroke-width=".8"/>')
            if h >= 11:
                out.append(f'<text x="{_n(x + bar_w / 2)}" y="{_n(y + h / 2 + 3.5)}" text-anchor="middle" '
                           f'font-size="9" stroke="#fff" stroke-width="2.5" paint-order="stroke">{count}</text>')
            out.append("</g>")
        out.append(f'<text x="{_n(x + bar_w / 2)}" y="{_n(top + plot_h + 13)}" text-anchor="middle">{_t(label)}</text>')
    out.append(f'<line x1="{left}" y1="{_n(top + plot_h)}" x2="{_n(left + plot_w)}" y2="{_n(top + plot_h)}" stroke="{INK}" stroke-width=".8"/>')
    x = left
    for cell in legend:
        out.append(f'<rect x="{_n(x)}" y="{height - 14}" width="14" height="10" fill="{_fill(chart_id, cell.status)}" '
                   f'stroke="{STROKES.get(cell.status, "#555")}" stroke-width=".8"/>'
                   f'<text x="{_n(x + 18)}" y="{height - 5}">{_t(cell.text)}</text>')
        x += 30 + 11 * len(cell.text)
    out.append("</svg>")
    return "".join(out)


def bar_chart(names: Sequence[str], values: Sequence[Optional[float]], texts: Sequence[str], statuses: Sequence[str], *,
              title: str, chart_id: str, reference: Optional[float] = None, reference_text: str = "",
              width: int = 640) -> str:
    """Horizontal bars, one per name (an area's rate), with each value written at the bar's end
    and in its ``<title>``, filled by status; ``reference`` a vertical dashed line (the planned
    share), labelled ``reference_text``."""
    row = 15
    name_w = min(12 * max((len(n) for n in names), default=2) + 8, 160)
    left, right, top = name_w, 60, 18
    height = top + row * len(names) + 8
    plot_w = width - left - right
    finite = [v for v in values if v is not None and not math.isnan(v)]
    hi = max(finite + [reference or 0.0, 1.0])
    out = _open(width, height, title, "bars")
    out.append(_defs(chart_id, statuses))
    if reference is not None:  # under the bars and their labels, which are haloed over it
        x = left + reference / hi * plot_w
        out.append(f'<g><title>{_t(reference_text)}</title><line x1="{_n(x)}" y1="{top - 4}" x2="{_n(x)}" '
                   f'y2="{height - 6}" stroke="{INK}" stroke-width="1.2" stroke-dasharray="4 3"/>'
                   f'<text x="{_n(x)}" y="{top - 7}" text-anchor="middle" font-size="9">{_t(reference_text)}</text></g>')
    for k, (name, value, text, status) in enumerate(zip(names, values, texts, statuses)):
        y = top + k * row
        out.append(f'<g><title>{_t(name)}：{_t(text)}</title>'
                   f'<text x="{left - 4}" y="{_n(y + 10)}" text-anchor="end">{_t(name)}</text>')
        if value is not None and not math.isnan(value):
            w = max(value, 0.0) / hi * plot_w
            out.append(f'<rect x="{left}" y="{_n(y + 2)}" width="{_n(w)}" height="{row - 4}" '
                       f'fill="{_fill(chart_id, status)}" stroke="{STROKES.get(status, "#555")}" stroke-width=".8"/>')
            out.append(f'<text x="{_n(left + w + 3)}" y="{_n(y + 10)}" font-size="9" stroke="#fff" stroke-width="2.5" '
                       f'paint-order="stroke">{_t(text)}</text>')
        else:
            out.append(f'<text x="{left + 3}" y="{_n(y + 10)}" font-size="9">{_t(text)}</text>')
        out.append("</g>")
    out.append(f'<line x1="{left}" y1="{top - 2}" x2="{left}" y2="{height - 6}" stroke="{INK}" stroke-width=".8"/>')
    out.append("</svg>")
    return "".join(out)
