"""``minshi report --format xlsx``: the project table of the dispatch report as an Excel workbook.

The district's published layout (序号 | 项目名称 | 责任单位 | 目标任务 | 1—N月累计完成 | 完成率 | 备注),
with the status added before 备注; one section row per level, one row per indicator, a project's
序号, 项目名称 and 责任单位 merged over its indicators.  Every cell is text from
:func:`minshi_cli.views.report.build_context`, exactly as the Markdown and HTML reports show it:
this module lays it out and does no arithmetic.  Printable as it is: A4 landscape, one page wide,
the title and header rows repeated on every page, page numbers in the footer.
"""

from __future__ import annotations

import io

from minshi_cli.core.statuses import STATUSES
from minshi_cli.office.text import STATUS_SHADE, display_width, xml_text

SHEET = "调度通报"
#: (header, what each indicator row shows there, widest the column may grow to, in character units)
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
#: a status's fill (status is also written as text: the colour only helps the eye)
BOLD_STATUS = {s.key for s in STATUSES if s.bold}
TITLE_FONT = "黑体"
BODY_FONT = "宋体"
HEADER_ROW = 3
#: the height of a line of 11-point text, and of a table row, in points
LINE_POINTS = 15
MIN_ROW_POINTS = 20
#: a line of the 10-point notes under the table
NOTE_POINTS = 14


def write(context: dict) -> bytes:
    """The workbook's bytes."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    book.properties.title = xml_text(context["title"])
    book.properties.creator = "minshi"
    _Table(sheet, context).fill()
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class _Table:
    def __init__(self, sheet, context: dict) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.sheet = sheet
        self.context = context
        self.headers = [h.format(span=context["span"]) for h, _, _ in COLUMNS]
        self.widths = [display_width(h) for h in self.headers]
        thin = Side(style="thin", color="000000")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.wrap = Alignment(wrap_text=True, vertical="center")
        self.center = Alignment(wrap_text=True, vertical="center", horizontal="center")
        self.Font, self.PatternFill = Font, PatternFill
        self.row = 1
        #: the text of each table row's cells, to size the row (Excel and LibreOffice do not grow
        #: a row for wrapped text written by a program): {row: [(column, text, rows it spans)]}
        self.texts: dict[int, list[tuple[int, str, int]]] = {}
        #: lines under the table, across all its columns: {row: text}
        self.notes: dict[int, str] = {}

    # -- cells -------------------------------------------------------------------------------

    def put(self, column: int, value: str, *, font=None, align=None, fill=None, border=True, measure=True):
        cell = self.sheet.cell(row=self.row, column=column)
        cell.value = xml_text(value)
        cell.data_type = "s"  # text as shown, never a formula (a note may begin with "=")
        cell.font = font or self.Font(name=BODY_FONT, size=11)
        cell.alignment = align or self.wrap
        if fill:
            cell.fill = self.PatternFill("solid", fgColor=fill)
        if border:
            cell.border = self.border
        if measure:
            self.widths[column - 1] = max(self.widths[column - 1], display_width(cell.value))
            self.texts.setdefault(self.row, []).append((column, cell.value, 1))
        return cell

    def banner(self, text: str, *, size: int, height: float, bold: bool, border: bool = False) -> None:
        """A row of one cell across the table (title, subtitle, a level's heading, a closing note)."""
        align = self.center if not border else self.wrap
        self.put(1, text, font=self.Font(name=TITLE_FONT, size=size, bold=bold), align=align, border=border,
                 measure=False)
        if border:
            for column in range(2, len(COLUMNS) + 1):
                self.sheet.cell(row=self.row, column=column).border = self.border
        self.sheet.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=len(COLUMNS))
        self.sheet.row_dimensions[self.row].height = height
        self.row += 1

    # -- the table ---------------------------------------------------------------------------

    def fill(self) -> None:
        c = self.context
        self.banner(c["title"], size=18, height=36, bold=True)
        self.banner(f"（截至{c['as_of_label']}，时序进度{c['time_progress']}）", size=12, height=22, bold=False)
        assert self.row == HEADER_ROW
        header_font = self.Font(name=TITLE_FONT, size=11, bold=True)
        for column, header in enumerate(self.headers, start=1):
            self.put(column, header, font=header_font, align=self.center, fill="F2F2F2")
        self.sheet.row_dimensions[self.row].height = 30
        self.row += 1
        for level in c["levels"]:
            self.banner(f"{level['ordinal']}、{level['name']}{c['programme_noun']}（{level['projects_count']}件）",
                        size=12, height=24, bold=True, border=True)
            for project in level["projects"]:
                self.project(project)
        for line in (c["rules"]["note"], f"生成时间：{c['generated_at']}"):  # under the table, as the report has
            self.notes[self.row] = line
            self.banner(line, size=10, height=NOTE_POINTS, bold=False)
            self.sheet.cell(row=self.row - 1, column=1).alignment = self.wrap
        self.page_setup()

    def project(self, project: dict) -> None:
        first = self.row
        indicators = project["indicators"] or [None]
        for indicator in indicators:
            self.put(1, project["seq"], align=self.center)
            self.put(2, project["name"])
            self.put(3, project["unit"], align=self.center)
            for column, (_, key, _) in enumerate(COLUMNS[3:], start=4):
                value = indicator[key] if indicator else ""
                status = indicator["status"] if indicator else ""
                if key == "status_label":
                    self.put(column, value, align=self.center, fill=STATUS_SHADE.get(status),
                             font=self.Font(name=BODY_FONT, size=11, bold=status in BOLD_STATUS))
                elif key == "rate":
                    self.put(column, value, align=self.center)
                else:
                    self.put(column, value)
            self.row += 1
        if self.row - first > 1:
            span = self.row - first
            self.texts[first] = [(col, text, span if col <= len(PROJECT_CELLS) else 1)
                                 for col, text, _ in self.texts[first]]
            for row in range(first + 1, self.row):
                self.texts[row] = [t for t in self.texts[row] if t[0] > len(PROJECT_CELLS)]
            for column in range(1, len(PROJECT_CELLS) + 1):
                self.sheet.merge_cells(start_row=first, start_column=column, end_row=self.row - 1, end_column=column)

    def heights(self, widths: list[float]) -> dict[int, float]:
        """Each table row's height in points: enough lines for its most wrapped cell (a merged
        cell's lines shared among the rows it spans)."""
        lines = {row: 1 for row in self.texts}
        for row in sorted(self.texts):
            for column, text, span in self.texts[row]:
                need = -(-display_width(text) // max(int(widths[column - 1]) - 1, 1))
                short = need - sum(lines.get(r, 1) for r in range(row, row + span))
                if short > 0:
                    lines[row + span - 1] = lines.get(row + span - 1, 1) + short
        return {row: max(LINE_POINTS * n + 4, MIN_ROW_POINTS) for row, n in lines.items() if row > HEADER_ROW}

    def page_setup(self) -> None:
        from openpyxl.utils import get_column_letter

        sheet = self.sheet
        widths = [min(self.widths[i] + 2, widest) for i, (_, _, widest) in enumerate(COLUMNS)]
        for column, width in enumerate(widths, start=1):
            # a Chinese character is two units of Excel's width; wrap beyond the column's widest
            sheet.column_dimensions[get_column_letter(column)].width = width
        for row, height in self.heights(widths).items():
            sheet.row_dimensions[row].height = height
        for row, text in self.notes.items():  # 10-point text across the whole table
            lines = -(-display_width(text) * 10 // (11 * max(int(sum(widths)) - 2, 1)))
            sheet.row_dimensions[row].height = max(NOTE_POINTS * lines, NOTE_POINTS)
        end = get_column_letter(len(COLUMNS))
        sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"  # the header row on every printed page
        sheet.print_area = f"A1:{end}{self.row - 1}"
        sheet.freeze_panes = f"A{HEADER_ROW + 1}"
        setup = sheet.page_setup
        setup.paperSize = sheet.PAPERSIZE_A4
        setup.orientation = sheet.ORIENTATION_LANDSCAPE
        setup.fitToWidth = 1
        setup.fitToHeight = 0  # as many pages down as it takes
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_options.horizontalCentered = True
        margins = sheet.page_margins  # inches
        margins.left = margins.right = 0.5
        margins.top, margins.bottom = 0.6, 0.7
        margins.header, margins.footer = 0.3, 0.3
        sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
        sheet.oddFooter.center.font = BODY_FONT
        sheet.oddFooter.center.size = 10
