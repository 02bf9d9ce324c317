"""``minshi report --format xlsx``: the dispatch report as an Excel workbook, one sheet per section.

Sheets: 项目进度 first (the workbook opens on it and Excel's 另存为 CSV saves it; ``minshi verify``
reads the sheet that holds the table), then the others in the report's order: 总体情况 (the title, the summary and, at the year's end, the verdict
sentence; the sources and the generation time at its foot), 年度考核 (at the year's end: each main
responsible unit's indicators by status and its verdict), 项目进度 (the district's published layout:
序号 | 项目名称 | 责任单位 | 目标任务 | 1—N月累计完成 | 完成率 | 状态 | 备注, one section row per level,
a project's 序号, 项目名称 and 责任单位 merged over its indicators), 地区排名 (where the registry has
areas), 滞后事项, 未报送情况, 数据认定 (where figures are certified), 资金拨付 (where projects have
funds), 数据有误 (``--skip-invalid``).  Every section but 项目进度 and 年度考核 is the Markdown report's
own text — the built-in ``report.md.j2`` rendered from :func:`minshi_cli.views.report.build_context`
and read with markdown-it-py, as the Word report is — so the workbook says what the Word report says;
this module lays it out, does no arithmetic and writes no sentence of its own.

Printable as it is: A4 (landscape for a table of more than six columns), one page wide, the table's
header row (or the sheet's title) repeated on every page, page numbers in the footer; rows are as
tall as their wrapped text; page breaks are set between projects (a project's rows on one page) and
never leave a page holding only the repeated header, a note or the generation time.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from minshi_cli.core.statuses import STATUSES
from minshi_cli.office.text import STATUS_SHADE, display_width, xml_text

#: the sheet each of the report's sections becomes, by its heading (without its ordinal 一、)
SHEET_NAMES = {"总体情况": "总体情况", "项目进度情况": "项目进度", "各地区进度": "地区排名", "进度滞后事项": "滞后事项",
               "未报送情况": "未报送情况", "数据认定情况": "数据认定", "资金拨付情况": "资金拨付", "附：数据有误未采用": "数据有误"}
OVERVIEW, PROGRESS, YEAR_END = "总体情况", "项目进度", "年度考核"
#: the project table: (header, what each indicator row shows there, widest the column may grow to)
COLUMNS = [
    ("序号", None, 6),
    ("项目名称", None, 26),
    ("责任单位", None, 16),
    ("目标任务", "target", 24),
    ("{span}累计完成", "value", 22),
    ("完成率", "rate", 10),
    ("状态", "status_label", 10),
    ("备注", "note", 40),
]
#: the project's own cells, merged over its indicator rows
PROJECT_CELLS = ("seq", "name", "unit")
BOLD_STATUS = {s.key for s in STATUSES if s.bold}
TITLE_FONT = "黑体"
BODY_FONT = "宋体"
#: the height of a line of 11-point text, and the least height of a table row, in points
LINE_POINTS = 15
MIN_ROW_POINTS = 20
#: a line of the 10-point notes under a table
NOTE_POINTS = 14
#: a sheet of text only: one column this wide (in Excel's units: a Chinese character is two), which
#: fits A4 portrait unscaled (LibreOffice's unit is wider than Excel's, and it does not scale a
#: sheet of one column to the page's width)
TEXT_WIDTH = 64
#: widest a column of a section's table grows to
WIDEST = 40
#: a table with more columns than this is printed landscape
PORTRAIT_COLUMNS = 6
#: the page (A4) and margins in points, as page_setup sets them
A4_POINTS = (595.3, 841.9)
MARGIN_INCHES = {"left": 0.5, "right": 0.5, "top": 0.6, "bottom": 0.7, "header": 0.3, "footer": 0.3}
#: a page is filled to this share of its height when breaks are planned (the rest is a reserve for
#: the difference between this module's estimate of column widths and the spreadsheet's)
FILL = 0.9
#: the share of a row's width its wrapped text is reckoned to fill
WRAP_SHARE = 0.85


def write(context: dict) -> bytes:
    """The workbook's bytes."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    book.properties.title = xml_text(context["title"])
    book.properties.creator = "minshi"
    sheets = _sheets(context)
    # the published table first: the workbook opens on it and Excel's 另存为 CSV saves it
    # (`minshi verify` reads whichever sheet holds the table, docs/verify.md)
    sheets.sort(key=lambda sheet: sheet.name != PROGRESS)
    for sheet in sheets:
        sheet.write(book.create_sheet(sheet.name))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- what each sheet holds


@dataclass
class _Block:
    """Rows kept on one page: ``kind`` is "title", "text", "heading", "note", "header" or "table";
    ``rows`` the cells' text (one string for a row across the sheet)."""

    kind: str
    rows: list = field(default_factory=list)
    #: table blocks: the status of each row (for its shade), rows merged down (start, end, columns)
    shades: list = field(default_factory=list)
    merges: list = field(default_factory=list)


@dataclass
class _Sheet:
    name: str
    columns: int = 1
    #: the widest each column may grow to (else WIDEST)
    widest: list = field(default_factory=list)
    blocks: list = field(default_factory=list)

    def write(self, sheet) -> None:
        _Writer(sheet, self).fill()


def _sheets(context: dict) -> list[_Sheet]:
    """The report's sections as sheets, in its order (年度考核 after 总体情况)."""
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

    from minshi_cli.views import render

    tree = SyntaxTreeNode(MarkdownIt("commonmark").enable("table").parse(render.render("report.md.j2", context)))
    sections: list[tuple[str, list]] = [(OVERVIEW, [])]
    footer: list = []
    after_rule = False
    for node in tree.children:
        if node.type == "heading" and node.tag == "h2":
            heading = _plain(node)
            title = heading.split("、", 1)[1] if "、" in heading[:4] else heading
            name = SHEET_NAMES.get(title, _sheet_name(title))
            if name == OVERVIEW and len(sections) == 1:  # the title above it belongs to it
                sections[0][1].append(node)
            else:
                sections.append((name, [node]))
        elif node.type == "hr":
            after_rule = True
        elif after_rule:
            footer.append(node)  # the sources and the generation time: at the foot of 总体情况
        else:
            sections[-1][1].append(node)
    sheets = []
    for name, nodes in sections:
        if name == PROGRESS:
            sheets.append(_progress(context))
            continue
        sheet = _from_markdown(name, nodes + (footer if name == OVERVIEW else []))
        sheets.append(sheet)
        if name == OVERVIEW and context.get("year_end"):
            sheets.append(_year_end(context))
    return sheets


def _sheet_name(text: str) -> str:
    """A heading as a sheet's name: at most 31 characters, none of []:*?/\\."""
    return "".join(ch for ch in text if ch not in "[]:*?/\\：")[:31] or "通报"


def _from_markdown(name: str, nodes) -> _Sheet:
    sheet = _Sheet(name)
    tables = [n for n in nodes if n.type == "table"]
    if tables:
        sheet.columns = max(len(_table_texts(t)[0]) for t in tables)
    previous = None
    for node in nodes:
        if node.type == "heading":
            kind = "title" if node.tag == "h1" else "heading"
            sheet.blocks.append(_Block(kind, [_plain(node)]))
        elif node.type == "paragraph":
            text = _plain(node)
            kind = "note" if previous == "table" or text.startswith("注：") else "text"
            if sheet.blocks and sheet.blocks[0].kind == "title" and len(sheet.blocks) == 1:
                kind = "subtitle"
            sheet.blocks.append(_Block(kind, [text]))
        elif node.type in ("ordered_list", "bullet_list"):
            for item in node.children:
                marker = f"{item.info}{item.markup}" if node.type == "ordered_list" else "●"
                sheet.blocks.append(_Block("text", [marker + "".join(_plain(b) for b in item.children)]))
        elif node.type == "table":
            texts = _table_texts(node)
            sheet.blocks.append(_Block("header", [texts[0]]))
            sheet.blocks.extend(_Block("table", [row]) for row in texts[1:])
        previous = node.type
    return sheet


def _progress(context: dict) -> _Sheet:
    """项目进度: the district's published layout, with the status added before 备注."""
    c = context
    sheet = _Sheet(PROGRESS, columns=len(COLUMNS))
    sheet.blocks.append(_Block("title", [c["title"]]))
    sheet.blocks.append(_Block("subtitle", [c["subtitle"]]))
    sheet.blocks.append(_Block("header", [[h.format(span=c["span"]) for h, _, _ in COLUMNS]]))
    for level in c["levels"]:
        sheet.blocks.append(_Block("level", [
            f"{level['ordinal']}、{level['heading']}（{level['projects_count']}件）"]))
        for project in level["projects"]:
            indicators = project["indicators"] or [None]
            block = _Block("table")
            for n, indicator in enumerate(indicators):
                own = [project["seq"], project["name"], project["unit"]]
                block.rows.append(own + [indicator[key] if indicator else "" for _, key, _ in COLUMNS[3:]])
                block.shades.append(indicator["status"] if indicator else "")
            if len(indicators) > 1:
                block.merges = [(0, len(indicators) - 1, range(len(PROJECT_CELLS)))]
            sheet.blocks.append(block)
    sheet.blocks.append(_Block("note", [c["rules"]["note"]]))  # under the table, as the report has
    sheet.blocks.append(_Block("note", [f"生成时间：{c['generated_at']}"]))
    sheet.widest = [widest for _, _, widest in COLUMNS]
    return sheet


def _year_end(context: dict) -> _Sheet:
    """年度考核: each main responsible unit's indicators by status and its verdict (年度评优)."""
    c, table = context, context["year_end"]
    sheet = _Sheet(YEAR_END, columns=len(table["headers"]))
    sheet.blocks.append(_Block("title", [c["title"]]))
    sheet.blocks.append(_Block("subtitle", [f"年度考核（截至{c['as_of_label']}，年度终了）"]))
    sheet.blocks.append(_Block("header", [table["headers"]]))
    sheet.blocks.extend(_Block("table", [row]) for row in table["rows"])
    return sheet


def _table_texts(node) -> list[list[str]]:
    return [[_plain(cell) for cell in tr.children] for part in node.children for tr in part.children]


def _plain(node) -> str:
    if node.type in ("text", "code_inline", "code_block", "fence", "html_block", "html_inline"):
        return node.content
    if node.type == "softbreak":
        return ""
    return "".join(_plain(child) for child in node.children)


# --------------------------------------------------------------------------- laying a sheet out


class _Writer:
    def __init__(self, sheet, spec: _Sheet) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.sheet, self.spec = sheet, spec
        thin = Side(style="thin", color="000000")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.left = Alignment(wrap_text=True, vertical="center")
        self.center = Alignment(wrap_text=True, vertical="center", horizontal="center")
        self.Font, self.PatternFill = Font, PatternFill
        self.row = 1
        #: each row's height in points, and the first row of each block (rows kept on one page)
        self.heights: dict[int, float] = {}
        self.starts: list[tuple[int, str]] = []
        self.header_row = None
        self.progress = spec.name == PROGRESS

    def fill(self) -> None:
        spec = self.spec
        self.widths = self.measure()
        for block in spec.blocks:
            self.starts.append((self.row, block.kind))
            if block.kind in ("title", "subtitle", "heading", "level", "text", "note"):
                self.across(block.kind, block.rows[0])
            elif block.kind == "header":
                self.header_row = self.row
                self.cells(block.rows[0], header=True)
            else:
                self.table(block)
        self.page_setup()

    def measure(self) -> list[float]:
        """Each column as wide as its table text needs (a Chinese character is two units), up to
        WIDEST; one wide column for a sheet of text only."""
        if self.spec.columns == 1:
            return [TEXT_WIDTH]
        widest = self.spec.widest or [WIDEST] * self.spec.columns
        widths = [0] * self.spec.columns
        for block in self.spec.blocks:
            if block.kind in ("header", "table"):
                for row in block.rows:
                    for c, text in enumerate(row):
                        widths[c] = max(widths[c], display_width(text))
        # a Chinese character is two units; text beyond the column's widest wraps
        return [min(w + 2, most) for w, most in zip(widths, widest)]

    # -- rows ------------------------------------------------------------------------------

    def across(self, kind: str, text: str) -> None:
        """A row of one cell across the sheet: the title, a heading, a paragraph, a note."""
        size, bold, font = {"title": (16, True, TITLE_FONT), "subtitle": (12, False, TITLE_FONT),
                            "heading": (12, True, TITLE_FONT), "level": (12, True, TITLE_FONT),
                            "text": (11, False, BODY_FONT), "note": (10, False, BODY_FONT)}[kind]
        cell = self.put(1, text, font=self.Font(name=font, size=size, bold=bold),
                        align=self.center if kind in ("title", "subtitle") else self.left,
                        border=kind == "level")
        last = self.spec.columns
        if kind == "level":
            for column in range(2, last + 1):
                self.sheet.cell(row=self.row, column=column).border = self.border
        if last > 1:
            self.sheet.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=last)
        # the lines it wraps to, with a reserve: LibreOffice's column unit is wider than Excel's, and
        # Latin text (file names) wraps at word ends
        room = (sum(self.widths) - 2) * WRAP_SHARE
        lines = max(-(-display_width(cell.value) * size // int(11 * max(room, 1))), 1)
        line = {16: 24, 12: 18, 11: LINE_POINTS, 10: NOTE_POINTS}[size]
        least = {"title": 36, "subtitle": 22, "heading": 24, "level": 24}.get(kind, line)
        self.heights[self.row] = max(line * lines + (4 if lines > 1 else 0), least)
        self.row += 1

    def cells(self, texts: list[str], *, header: bool = False, status: str = "", shared: int = 0) -> None:
        """A table row; its first ``shared`` cells are merged down over the rows below (their lines
        are counted in :meth:`table`)."""
        font = self.Font(name=TITLE_FONT if header else BODY_FONT, size=11, bold=header)
        for c, text in enumerate(texts, start=1):
            align = self.center
            if not header and self.progress and c in (2, 4, 5, 8):  # names, figures and notes: as written
                align = self.left
            fill = "F2F2F2" if header else None
            cell_font = font
            if self.progress and c == 7 and not header:  # the status: text and a light shade
                fill = STATUS_SHADE.get(status)
                cell_font = self.Font(name=BODY_FONT, size=11, bold=status in BOLD_STATUS)
            self.put(c, text, font=cell_font, align=align, fill=fill, border=True)
        self.heights[self.row] = 30 if header else self.height(texts[shared:], shared)
        self.row += 1

    def table(self, block: _Block) -> None:
        first = self.row
        shared = max([max(c) + 1 for _, _, c in block.merges] + [0])
        for n, texts in enumerate(block.rows):
            self.cells(texts, status=block.shades[n] if block.shades else "", shared=shared)
        for start, end, columns in block.merges:
            for c in columns:
                self.sheet.merge_cells(start_row=first + start, start_column=c + 1, end_row=first + end,
                                       end_column=c + 1)
            # a merged cell's lines are shared among the rows it spans
            for c in columns:
                text = block.rows[start][c]
                need = self.lines(text, c) * LINE_POINTS + 4
                have = sum(self.heights[r] for r in range(first + start, first + end + 1))
                if need > have:
                    self.heights[first + end] += need - have

    def lines(self, text: str, column: int) -> int:
        return max(-(-display_width(text) // max(int(self.widths[column]) - 1, 1)), 1)

    def height(self, texts: list[str], first: int = 0) -> float:
        """A table row's height in points: enough lines for its most wrapped cell (``texts`` are
        the row's cells from column ``first`` on)."""
        lines = max([1] + [self.lines(text, c) for c, text in enumerate(texts, start=first)])
        return max(LINE_POINTS * lines + 4, MIN_ROW_POINTS)

    def put(self, column: int, value: str, *, font, align, fill=None, border=True):
        cell = self.sheet.cell(row=self.row, column=column)
        cell.value = xml_text(value)
        cell.data_type = "s"  # text as shown, never a formula (a note may begin with "=")
        cell.font = font
        cell.alignment = align
        if fill:
            cell.fill = self.PatternFill("solid", fgColor=fill)
        if border:
            cell.border = self.border
        return cell

    # -- printing --------------------------------------------------------------------------

    def page_setup(self) -> None:
        from openpyxl.utils import get_column_letter

        sheet, spec = self.sheet, self.spec
        for column, width in enumerate(self.widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        for row, height in self.heights.items():
            # set, not left to the spreadsheet: LibreOffice keeps a row one line high however its
            # text wraps, and neither sizes a merged cell's row
            sheet.row_dimensions[row].height = height
        end = get_column_letter(spec.columns)
        repeat = self.header_row or 1  # the table's header row, else the sheet's title
        sheet.print_title_rows = f"{repeat}:{repeat}"
        sheet.print_area = f"A1:{end}{self.row - 1}"
        if self.header_row:
            sheet.freeze_panes = f"A{self.header_row + 1}"
        landscape = spec.columns > PORTRAIT_COLUMNS
        setup = sheet.page_setup
        setup.paperSize = sheet.PAPERSIZE_A4
        setup.orientation = sheet.ORIENTATION_LANDSCAPE if landscape else sheet.ORIENTATION_PORTRAIT
        setup.fitToWidth = 1
        setup.fitToHeight = 0  # as many pages down as it takes
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_options.horizontalCentered = True
        margins = sheet.page_margins  # inches
        for side, inches in MARGIN_INCHES.items():
            setattr(margins, side, inches)
        sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
        sheet.oddFooter.center.font = BODY_FONT
        sheet.oddFooter.center.size = 10
        self.breaks(landscape, repeat)

    def breaks(self, landscape: bool, repeat: int) -> None:
        """Page breaks between blocks: a block (a project's rows, a paragraph) never split, a note
        or the generation time kept with the block before it, a heading with the block after it,
        so that no page holds only the repeated header or a note."""
        from openpyxl.worksheet.pagebreak import Break

        short, long = A4_POINTS
        width, height = (long, short) if landscape else (short, long)
        m = MARGIN_INCHES
        room_w = width - 72 * (m["left"] + m["right"])
        room_h = height - 72 * (m["top"] + m["bottom"])
        wide = sum(w * 7 + 5 for w in self.widths) * 0.75  # Excel's column width unit: a digit (7 px) + 5 px
        scale = min(room_w / wide, 1.0)
        page = room_h / scale * FILL
        # blocks: (first row, last row); notes join the block before, headings the block after
        spans: list[list[int]] = []
        starts = self.starts + [(self.row, "end")]
        glue_next = False
        for (first, kind), (nxt, _) in zip(starts, starts[1:]):
            if kind == "note" and spans:
                spans[-1][1] = nxt - 1
            elif glue_next and spans:
                spans[-1][1] = nxt - 1
            else:
                spans.append([first, nxt - 1])
            glue_next = kind in ("title", "subtitle", "heading", "level", "header")
        repeated = self.heights.get(repeat, 0)
        used, breaks = 0.0, []
        for first, last in spans:
            tall = sum(self.heights.get(r, 15) for r in range(first, last + 1))
            if used and used + tall > page:
                breaks.append(first - 1)
                used = repeated
            used += tall
        for row in breaks:
            self.sheet.row_breaks.append(Break(id=row))
