"""``minshi report --format docx``: the dispatch report as a Word document laid out as an official
document (GB/T 9704—2012《党政机关公文格式》), ready for an office's letterhead.

The text is the Markdown report itself: the built-in ``report.md.j2`` rendered from
:func:`minshi_cli.views.report.build_context`, read with markdown-it-py and laid out here.  So the
Word report has exactly the Markdown report's sections, sentences and tables — a section or a
wording added to the template appears in Word with no change here — and this module does no
arithmetic and writes no sentence of its own.

Layout (GB/T 9704): A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; the title in
2号小标宋体, centred; first-level headings (一、) in 3号黑体, second-level (（一）) in 3号楷体;
body in 3号仿宋, first line indented two characters, 22 lines a page; page numbers ``— 1 —`` in
4号宋体 at the foot, odd pages right and even pages left.  A chapter holding a table wider than a
portrait page (the project tables) is set on landscape pages (same margins); its table's header row repeats on every page,
no row breaks across pages, status is a word (已完成、滞后…) with a light shade.

Fit for filing as printed: table rows grow with their text and keep a margin inside their borders
(cell margins, no fixed height); every cell centred across and down; a project's rows (its name
merged over several indicators) kept on one page (rows never split, keep-with-next on every row
of the project but its last); a number and its unit never broken across lines (Word's no-width
non-break between their characters, and columns at least as wide as the widest of them), nor a
cell's last Chinese character left alone on its line (the same non-break before it); a note
(注：…) kept with the table or text above it and the sources with the last section, so no page
holds only them.
"""

from __future__ import annotations

import io
from copy import deepcopy

from minshi_cli.office.text import STATUS_SHADE, display_width, no_orphan, unbroken, xml_text
from minshi_cli.views.render import QUANTITY

TITLE_FONT = "方正小标宋简体"
HEADING_FONTS = {"h2": "黑体", "h3": "楷体_GB2312"}
BODY_FONT = "仿宋_GB2312"
PAGE_NUMBER_FONT = "宋体"
TITLE_PT = 22  # 二号
BODY_PT = 16  # 三号
TABLE_PT = 12  # 小四
PAGE_NUMBER_PT = 14  # 四号
#: 22 lines on the 225 mm between the margins
LINE_PT = 28.95
MARGINS_MM = {"top_margin": 37, "bottom_margin": 35, "left_margin": 28, "right_margin": 26}
A4_MM = (210, 297)
STATUS_HEADER = "状态"
#: table columns, in characters of the table's font: a cell's left and right padding; the
#: widest a column grows; what every column keeps when the page is too narrow for all
CELL_PADDING = 1.2
WIDEST = 16
FLOOR = 5.2
#: a Latin letter or digit is about this much of a Chinese character
NARROW = 0.6
#: a table cell's margin above and below its text, in points (Word's default is 0: text touches the
#: borders); left and right keep Word's 5.4 pt
CELL_MARGIN_PT = 3
#: a table of at most this many rows below its header is kept on one page (it moves whole to the
#: next page rather than leave a row or two behind)
SHORT_TABLE_ROWS = 8
#: blocks that close what comes before them and must not stand alone on a page: the note under a
#: table, a rule (---) and the sources after it
NOTE_PREFIX = "注："


def write(context: dict) -> bytes:
    """The document's bytes."""
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

    from minshi_cli.views import render

    markdown = render.render("report.md.j2", context)
    tree = SyntaxTreeNode(MarkdownIt("commonmark").enable("table").parse(markdown))
    writer = _Writer(context["title"], _status_by_label(context))
    writer.walk(tree.children)
    buffer = io.BytesIO()
    writer.doc.save(buffer)
    return buffer.getvalue()


class _Writer:
    def __init__(self, title: str, status_by_label: dict[str, str]) -> None:
        from docx import Document
        from docx.shared import Mm, Pt

        self.Mm, self.Pt = Mm, Pt
        self.doc = Document()
        props = self.doc.core_properties
        props.title, props.author, props.last_modified_by = xml_text(title), "minshi", "minshi"
        props.comments = props.keywords = props.subject = ""
        normal = self.doc.styles["Normal"]
        _set_font(normal.font, normal.element, BODY_FONT, BODY_PT)
        normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
        self.doc.settings.odd_and_even_pages_header_footer = True
        self.status_by_label = status_by_label
        #: run properties (w:rPr) by (font, size, bold)
        self.formats: dict[tuple, object] = {}
        self.landscape = False
        self.page(self.doc.sections[0], landscape=False, first=True)
        self.after_title = False

    # -- pages -------------------------------------------------------------------------------

    def page(self, section, *, landscape: bool, first: bool = False) -> None:
        from docx.enum.section import WD_ORIENT

        short, long = self.Mm(A4_MM[0]), self.Mm(A4_MM[1])
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (long, short) if landscape else (short, long)
        for side, mm in MARGINS_MM.items():
            setattr(section, side, self.Mm(mm))
        section.footer_distance = self.Mm(28 - 7)  # the page number sits 7 mm below the text block
        if first:  # later sections inherit the page numbers
            self.page_number(section.footer, right=True)
            self.page_number(section.even_page_footer, right=False)
        self.landscape = landscape

    def page_number(self, footer, *, right: bool) -> None:
        """``— 1 —``: odd pages at the right, even pages at the left, one character in."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        paragraph = footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
        fmt = paragraph.paragraph_format
        if right:
            fmt.right_indent = self.Pt(PAGE_NUMBER_PT)
        else:
            fmt.left_indent = self.Pt(PAGE_NUMBER_PT)
        self.run(paragraph, "— ", PAGE_NUMBER_FONT, PAGE_NUMBER_PT)
        _page_field(lambda text: self.run(paragraph, text, PAGE_NUMBER_FONT, PAGE_NUMBER_PT))
        self.run(paragraph, " —", PAGE_NUMBER_FONT, PAGE_NUMBER_PT)

    def turn(self, landscape: bool) -> None:
        """Start a new section on a new page if the orientation changes."""
        from docx.enum.section import WD_SECTION

        if landscape != self.landscape:
            self.page(self.doc.add_section(WD_SECTION.NEW_PAGE), landscape=landscape)

    # -- text --------------------------------------------------------------------------------

    def run(self, paragraph, text: str, font: str, size: float, bold: bool = False):
        run = paragraph.add_run(xml_text(text))
        formatted = self.formats.get((font, size, bold))
        if formatted is None:  # the first run of this look: format it, keep its properties to copy
            _set_font(run.font, run._element, font, size)
            run.font.bold = bold
            self.formats[(font, size, bold)] = run._element.rPr
        else:  # a copy of the same run properties (python-docx's setters are slow run by run)
            run._element.insert(0, deepcopy(formatted))
        return run

    def inline(self, paragraph, node, font: str, size: float, bold: bool = False, *, cell: bool = False,
               wraps: bool = False) -> None:
        """A paragraph's (or cell's) inline Markdown: text, **bold**, `code`, links as text.  In a
        table cell a number and its unit are never broken across lines, nor (in a cell whose text
        ``wraps``) the last character left alone on its line."""
        for child in node.children:
            if child.type == "text" or child.type == "code_inline":
                text = unbroken(child.content) if cell else child.content
                self.run(paragraph, no_orphan(text) if wraps else text, font, size, bold)
            elif child.type == "strong":
                self.inline(paragraph, child, font, size, True, cell=cell, wraps=wraps)
            elif child.type == "hardbreak":
                paragraph.add_run().add_break()
            elif child.type == "softbreak":
                continue  # Chinese text runs on without a space
            else:  # emphasis, link, …: their text
                self.inline(paragraph, child, font, size, bold, cell=cell, wraps=wraps)

    def paragraph(self, *, indent: bool = True, align=None, line: float | None = LINE_PT):
        paragraph = self.doc.add_paragraph()
        fmt = paragraph.paragraph_format
        if line is not None:
            from docx.enum.text import WD_LINE_SPACING

            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = self.Pt(line)
        if indent:
            fmt.first_line_indent = self.Pt(BODY_PT * 2)
        if align is not None:
            paragraph.alignment = align
        return paragraph

    # -- blocks ------------------------------------------------------------------------------

    def walk(self, nodes) -> None:
        chapters_with_tables = _chapters_with_tables(nodes)
        self.same_header: dict[tuple, list[list[str]]] = {}
        for node in nodes:
            if node.type == "table":
                texts = _table_texts(node)
                self.same_header.setdefault(tuple(texts[0]), [texts[0]]).extend(texts[1:])
        #: the paragraphs of the block just written, to keep with a note or the sources that follow
        self.last: list = []
        #: the table just written, while nothing but its note, a rule and the sources followed it
        self.open_table = None
        after_rule = False
        for node in nodes:
            after_title, self.after_title = self.after_title, False
            tail = after_rule or node.type == "hr" or (node.type == "paragraph" and _plain(node).startswith(NOTE_PREFIX))
            after_rule = node.type == "hr"
            if tail and self.open_table is not None:
                # under a table, as rows of it without side borders: a word processor keeps a row with
                # the next row (LibreOffice does not keep a table with the paragraph after it)
                self.tail_row(node)
                continue
            self.close_table()
            if tail:
                for p in self.last:
                    p.paragraph_format.keep_with_next = True
            start = len(self.doc.paragraphs)
            self.block(node, after_title, chapters_with_tables)
            if node.type != "table":
                self.last = self.doc.paragraphs[start:]
            if tail:  # a note or the sources: never split over two pages
                for p in self.last:
                    p.paragraph_format.keep_together = True
        self.close_table(end=True)

    def tail_row(self, node) -> None:
        """A note, a rule (---) or the sources as a row across the table just written, borders
        only above it (the table's last line) or below it (the rule); kept with the row before."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        row = self.open_table.add_row()
        cells = row.cells
        cell = cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0]
        _row_properties(row, header=False)
        for p in self.last:
            p.paragraph_format.keep_with_next = True
        p = cell.paragraphs[0]
        p.paragraph_format.first_line_indent = self.Pt(0)
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        if node.type == "hr":
            _cell_borders(cell, top=self.first_tail, bottom=True)
        else:
            _cell_borders(cell, top=self.first_tail, bottom=False)
            self.inline(p, node.children[0], BODY_FONT, TABLE_PT)
        _middle(cell)
        self.first_tail = False
        self.last = [p]

    def close_table(self, *, end: bool = False) -> None:
        """The paragraph after a table (a table may not end the document or touch the next one):
        a line of space, or at the document's end a 1-point line that never makes a page of its own."""
        from docx.enum.text import WD_LINE_SPACING

        if self.open_table is None:
            return
        self.open_table = None
        space = self.paragraph(indent=False, line=None)
        if end:
            fmt = space.paragraph_format
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = self.Pt(1)
            self.run(space, "", BODY_FONT, 1)

    def block(self, node, after_title: bool, chapters_with_tables: set[int]) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        if node.type == "heading":
            if node.tag == "h1":
                p = self.paragraph(indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, line=None)
                p.paragraph_format.space_after = self.Pt(BODY_PT)
                self.inline(p, node.children[0], TITLE_FONT, TITLE_PT)
                self.after_title = True
                return
            if node.tag == "h2":
                self.turn(id(node) in chapters_with_tables)
            p = self.paragraph()
            p.paragraph_format.keep_with_next = True
            self.inline(p, node.children[0], HEADING_FONTS.get(node.tag, BODY_FONT), BODY_PT,
                        bold=node.tag not in HEADING_FONTS)
        elif node.type == "paragraph":
            text = _plain(node)
            subtitle = after_title and text.startswith("（") and text.endswith("）")
            if subtitle:
                p = self.paragraph(indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
                self.inline(p, node.children[0], HEADING_FONTS["h3"], BODY_PT)
            else:
                p = self.paragraph()
                self.inline(p, node.children[0], BODY_FONT, BODY_PT)
        elif node.type in ("ordered_list", "bullet_list"):
            for item in node.children:
                marker = f"{item.info}{item.markup}" if node.type == "ordered_list" else "●"
                for n, block in enumerate(item.children):
                    p = self.paragraph()
                    if n == 0:
                        self.run(p, f"{marker} " if node.type == "bullet_list" else marker, BODY_FONT, BODY_PT)
                    if block.children and block.children[0].type == "inline":
                        self.inline(p, block.children[0], BODY_FONT, BODY_PT)
                    else:
                        self.run(p, _plain(block), BODY_FONT, BODY_PT)
        elif node.type == "table":
            self.table(node)
        elif node.type == "hr":
            p = self.paragraph(indent=False, line=None)
            _border(p, "bottom")
        else:  # a block the report does not use (code, quote, html): its text as a paragraph
            text = _plain(node)
            if text.strip():
                self.run(self.paragraph(), text, BODY_FONT, BODY_PT)

    def table(self, node) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        cells = [tr.children for part in node.children for tr in part.children]  # thead, tbody → tr → cells
        texts = _table_texts(node)
        columns = len(texts[0])
        table = self.doc.add_table(rows=len(cells), cols=columns)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _cell_margins(table, self.Pt(CELL_MARGIN_PT))
        status_of = self.status_by_label
        status_column = texts[0].index(STATUS_HEADER) if STATUS_HEADER in texts[0] else None
        # the cells once (Table.cell walks the whole table each time: quadratic in its size)
        grid = [list(row.cells) for row in table.rows]
        need = self.column_chars(texts)
        for r, row in enumerate(cells):
            header = r == 0
            _row_properties(table.rows[r], header=header)
            for c, cell_node in enumerate(row):
                cell = grid[r][c]
                p = cell.paragraphs[0]
                p.paragraph_format.first_line_indent = self.Pt(0)
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                font = HEADING_FONTS["h2"] if header else BODY_FONT
                if cell_node.children:
                    wraps = _chars(texts[r][c]) > need[c] - CELL_PADDING
                    self.inline(p, cell_node.children[0], font, TABLE_PT, cell=True, wraps=wraps)
                shade = STATUS_SHADE.get(status_of.get(texts[r][c], "")) if c == status_column and not header else None
                if shade:
                    _shade(cell, shade)
                _middle(cell)
        self.widths(table, grid, need)
        # the header row and every row of a project continued below it stay with the next row; a
        # short table stays whole, and a longer table of single rows (no project over several)
        # never leaves its last row alone on a page
        short = len(texts) - 1 <= SHORT_TABLE_ROWS
        grouped = any(not row[0] for row in texts[1:])
        for r in range(len(texts) - 1):
            if short or r == 0 or (r == len(texts) - 2 and not grouped) or not texts[r + 1][0]:
                for cell in grid[r]:
                    cell.paragraphs[0].paragraph_format.keep_with_next = True
        self.merge_continued(grid, texts)
        self.open_table, self.first_tail = table, True
        self.last = [cell.paragraphs[0] for cell in grid[-1]]

    def column_chars(self, texts: list[list[str]]) -> list[float]:
        """Each column's width in characters (padding included): as wide as its text needs, up to
        WIDEST characters; when the page is narrower, every column keeps at least FLOOR characters
        (so 完成率 and 状态 never wrap) and the wider ones give up the rest in proportion.  Tables
        with the same header (the levels' project tables) get the same widths, measured over all
        their rows."""
        section = self.doc.sections[-1]
        room = (section.page_width - section.left_margin - section.right_margin) / self.Pt(TABLE_PT)
        rows = self.same_header.get(tuple(texts[0]), texts)
        body = rows[1:] or rows  # a header may wrap (本月/新增), a figure or a status may not
        need = [min(max([_chars(row[c]) for row in body] + [min(_chars(rows[0][c]), 2)]) + CELL_PADDING, WIDEST)
                for c in range(len(texts[0]))]
        # never narrower than the widest number with its unit (3480元/年 is kept on one line)
        whole = [max([_chars(q) for row in body for q in QUANTITY.findall(row[c])] + [0]) + CELL_PADDING
                 for c in range(len(texts[0]))]
        need = [max(n, w) for n, w in zip(need, whole)]
        headed = [max(n, min(_chars(rows[0][c]) + CELL_PADDING, WIDEST)) for c, n in enumerate(need)]
        if sum(headed) <= room:  # room for the headers on one line too
            need = headed
        floor = [max(min(n, FLOOR), w) for n, w in zip(need, whole)]
        if sum(need) > room and sum(need) > sum(floor):
            give = max(min((room - sum(floor)) / (sum(need) - sum(floor)), 1), 0)
            need = [f + (n - f) * give for n, f in zip(need, floor)]
        return need

    def widths(self, table, grid, need: list[float]) -> None:
        """Set each column's width (:meth:`column_chars`) on its every cell."""
        for c, chars in enumerate(need):
            width = int(chars * self.Pt(TABLE_PT))
            for row in grid:
                row[c].width = width
            table.columns[c].width = width

    @staticmethod
    def merge_continued(grid, texts: list[list[str]]) -> None:
        """A row continuing the project above (its leading cells blank, as in the Markdown table)
        has those cells merged into the project's, as the published table does."""
        for r in range(2, len(texts)):
            if texts[r][0]:
                continue
            for c, text in enumerate(texts[r]):
                if text:
                    break
                grid[r - 1][c].merge(grid[r][c])


def _status_by_label(context: dict) -> dict[str, str]:
    """Each status word the report's tables show (已完成, 滞后, a kind's own such as 未完成) and the
    status it stands for, from the context's indicators."""
    return {i["status_label"]: i["status"] for level in context["levels"] for project in level["projects"]
            for i in project["indicators"]}


def _table_texts(node) -> list[list[str]]:
    return [[_plain(cell) for cell in tr.children] for part in node.children for tr in part.children]


def _chapters_with_tables(nodes) -> set[int]:
    """The first-level headings (h2) whose chapter holds a table wider than a portrait page's text
    (at its natural widths: each column its widest text, up to WIDEST): set on landscape pages."""
    portrait = (A4_MM[0] - MARGINS_MM["left_margin"] - MARGINS_MM["right_margin"]) / 25.4 * 72 / TABLE_PT
    wide, current = set(), None
    for node in nodes:
        if node.type == "heading" and node.tag == "h2":
            current = id(node)
        elif node.type == "table" and current is not None:
            texts = _table_texts(node)
            body = texts[1:] or texts
            natural = sum(min(max([_chars(row[c]) for row in body] + [min(_chars(texts[0][c]), 2)]) + CELL_PADDING,
                              WIDEST) for c in range(len(texts[0])))
            if natural > portrait:
                wide.add(current)
    return wide


def _chars(text: str) -> float:
    """How many Chinese characters' width ``text`` takes."""
    wide = display_width(text) - len(text)  # each wide character counts 2 in display width
    return wide + (len(text) - wide) * NARROW


def _plain(node) -> str:
    if node.type in ("text", "code_inline", "code_block", "fence", "html_block", "html_inline"):
        return node.content
    return "".join(_plain(child) for child in node.children)


def _set_font(font, element, name: str, size: float) -> None:
    """A font for Chinese and Latin text alike (Word takes Chinese from w:eastAsia)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font.name = name
    font.size = Pt(size)
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _page_field(new_run) -> None:
    """A PAGE field (Word and WPS fill in the page's number), each part in a run of its own as
    Word writes it: begin, the instruction, separate, the last shown number, end."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        new_run("")._element.append(element)

    char("begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    new_run("")._element.append(instruction)
    char("separate")
    new_run("1")
    char("end")


def _row_properties(row, *, header: bool) -> None:
    """Never split a row across pages; repeat the header row at the top of every page."""
    from docx.oxml import OxmlElement

    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    if header:
        trpr.append(OxmlElement("w:tblHeader"))


def _shade(cell, colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _cell_margins(table, margin) -> None:
    """Every cell's margin above and below its text (w:tblCellMar), in twentieths of a point."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    margins = OxmlElement("w:tblCellMar")
    for side, width in (("top", margin.pt), ("left", 5.4), ("bottom", margin.pt), ("right", 5.4)):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round(width * 20)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tblpr = table._tbl.tblPr
    look = tblpr.find(qn("w:tblLook"))  # the schema's order: tblCellMar comes before tblLook
    if look is not None:
        look.addprevious(margins)
    else:
        tblpr.append(margins)


def _cell_borders(cell, *, top: bool, bottom: bool) -> None:
    """A row under the table: no side borders; the table's last line above it (``top``) or the
    rule (---) below it (``bottom``), else none."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tcBorders")
    for side, shown in (("top", top), ("left", False), ("bottom", bottom), ("right", False)):
        line = OxmlElement(f"w:{side}")
        if shown:
            for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
                line.set(qn(key), value)
        else:
            line.set(qn("w:val"), "nil")
        borders.append(line)
    tcpr = cell._tc.get_or_add_tcPr()
    following = [tcpr.find(qn(f"w:{tag}")) for tag in ("shd", "noWrap", "tcMar", "textDirection", "tcFitText",
                                                         "vAlign", "hideMark")]
    following = [e for e in following if e is not None]
    if following:  # the schema's order: tcBorders before shd … vAlign
        following[0].addprevious(borders)
    else:
        tcpr.append(borders)


def _middle(cell) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _border(paragraph, side: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{side}")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        line.set(qn(key), value)
    borders.append(line)
    ppr.append(borders)
