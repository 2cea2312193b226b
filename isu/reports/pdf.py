"""The group summary as a PDF (ReportLab platypus): title page, reading guide and caveats,
then each section's tables (headers repeated across pages, hidden cells marked) with
their charts. Accepts only a ``ProtectedReport``.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from isu.reports.charts import chart_drawing
from isu.summary.charts import chart_series
from isu.summary.disclosure import ProtectedReport, ProtectedTable, require_protected
from isu.summary.fmt import format_period
from isu.summary.tabular import (
    Role,
    TableGrid,
    caveats,
    metadata_rows,
    output_error,
    reading_guide,
    table_footnotes,
    table_grid,
)

MARGIN = 18 * mm
FRAME_WIDTH = A4[0] - 2 * MARGIN
TABLE_FONT_SIZE = 8
MAX_CHART_HEIGHT = (A4[1] - 2 * MARGIN) * 0.6  # taller (very long lists): the table suffices
HEADER_FILL = colors.HexColor("#E6EBF0")
RULE = colors.HexColor("#9AA5B1")

# Fonts with Swedish glyphs, best first; Helvetica (Latin-1: å ä ö, always there) last.
_FONT_CANDIDATES = (
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu"),
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "/usr/share/fonts/dejavu"),
    ("arial.ttf", "arialbd.ttf", "C:/Windows/Fonts"),
    ("Arial.ttf", "Arial Bold.ttf", "/System/Library/Fonts/Supplemental"),
    ("Arial.ttf", "Arial Bold.ttf", "/Library/Fonts"),
)


@cache
def report_fonts() -> tuple[str, str]:
    """(regular, bold) font names, registering a TrueType pair when one is installed."""
    for regular, bold, folder in _FONT_CANDIDATES:
        regular_path, bold_path = Path(folder) / regular, Path(folder) / bold
        if regular_path.is_file() and bold_path.is_file():
            try:
                pdfmetrics.registerFont(TTFont("IsuSans", str(regular_path)))
                pdfmetrics.registerFont(TTFont("IsuSans-Bold", str(bold_path)))
            except Exception:  # a damaged font file: try the next one
                continue
            return "IsuSans", "IsuSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def _t(lang: str, sv: str, en: str) -> str:
    return en if lang == "en" else sv


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = report_fonts()
    base = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=13, spaceAfter=5)
    return {
        "body": base,
        "title": ParagraphStyle(
            "title", base, fontName=bold, fontSize=22, leading=27, spaceAfter=10
        ),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=13, leading=17, spaceAfter=18),
        "h1": ParagraphStyle(
            "h1",
            base,
            fontName=bold,
            fontSize=15,
            leading=19,
            spaceBefore=16,
            spaceAfter=8,
            keepWithNext=True,
        ),
        "h2": ParagraphStyle(
            "h2",
            base,
            fontName=bold,
            fontSize=10.5,
            leading=13,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=True,
        ),
        "note": ParagraphStyle(
            "note",
            base,
            fontSize=7.5,
            leading=9.5,
            spaceAfter=1,
            textColor=colors.HexColor("#333333"),
        ),
        "cell": ParagraphStyle("cell", base, fontSize=TABLE_FONT_SIZE, leading=9.5, spaceAfter=0),
        "head": ParagraphStyle(
            "head",
            base,
            fontName=bold,
            fontSize=TABLE_FONT_SIZE - 0.5,
            leading=9,
            spaceAfter=0,
            alignment=TA_CENTER,
        ),
        "meta": ParagraphStyle("meta", base, fontSize=10, leading=13, spaceAfter=0),
        "meta_label": ParagraphStyle(
            "meta_label", base, fontName=bold, fontSize=10, leading=13, spaceAfter=0
        ),
    }


def write_summary_pdf(report: ProtectedReport, path: str | os.PathLike, lang: str = "sv") -> Path:
    report = require_protected(report)
    path = Path(path)
    styles = _styles()
    meta = report.meta
    document = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=meta.title.get(lang),
        author=meta.unit,
        subject=f"{meta.municipality}, {format_period(meta.period_from, meta.period_to)}",
        creator="isu",
    )
    story = [*_title_page(report, lang, styles), PageBreak(), *_guide(report, lang, styles)]
    story.append(PageBreak())
    for section in report.sections:
        # a new section starts on a new page unless most of the page is still free
        story += [
            CondPageBreak(A4[1] * 0.3),
            Paragraph(escape(section.title.get(lang)), styles["h1"]),
        ]
        if section.intro is not None:
            story.append(Paragraph(escape(section.intro.get(lang)), styles["body"]))
        for table in section.tables:
            story.append(_table_block(table, lang, styles))
    footer = f"{meta.title.get(lang)} · {meta.unit}"
    try:
        document.build(story, canvasmaker=_numbered_canvas(footer, lang))
    except OSError as exc:
        raise output_error(exc, path) from exc
    return path


def _title_page(report: ProtectedReport, lang: str, styles) -> list[Flowable]:
    meta = report.meta
    rows = [
        [Paragraph(escape(label), styles["meta_label"]), Paragraph(escape(value), styles["meta"])]
        for label, value in metadata_rows(meta, lang)
    ]
    details = Table(rows, colWidths=[60 * mm, FRAME_WIDTH - 60 * mm], hAlign="LEFT")
    details.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    where = escape(f"{meta.unit}, {meta.municipality}")
    subtitle = f"{where}<br/>{format_period(meta.period_from, meta.period_to)}"
    return [
        Spacer(1, 40 * mm),
        Paragraph(escape(meta.title.get(lang)), styles["title"]),
        Paragraph(subtitle, styles["subtitle"]),
        details,
    ]


def _guide(report: ProtectedReport, lang: str, styles) -> list[Flowable]:
    story: list[Flowable] = [Paragraph(_t(lang, "Läsanvisning", "How to read"), styles["h1"])]
    story += [Paragraph(escape(text), styles["body"]) for text in reading_guide(lang)]
    story.append(Spacer(1, 6 * mm))
    story.append(Paragraph(_t(lang, "Att tänka på", "Caveats"), styles["h1"]))
    story += [
        Paragraph(escape(text), styles["body"], bulletText="•")
        for text in caveats(report.meta.k, lang)
    ]
    return story


def _table_block(table: ProtectedTable, lang: str, styles) -> Flowable:
    grid = table_grid(table, lang)
    parts: list[Flowable] = [
        Paragraph(escape(table.title.get(lang)), styles["h2"]),
        _grid_table(grid, styles),
        Spacer(1, 2),
        *(Paragraph(escape(note), styles["note"]) for note in table_footnotes(table, lang)),
    ]
    spec = chart_series(table, lang)
    if spec is not None:
        drawing = chart_drawing(spec, FRAME_WIDTH * 0.9, report_fonts()[0], lang)
        if drawing.height <= MAX_CHART_HEIGHT:  # a drawing cannot break across pages
            parts += [Spacer(1, 4), drawing]
    return KeepTogether(parts)


def _column_widths(grid: TableGrid) -> list[float]:
    """Numbers get what their longest word needs (within limits); the labels get the rest."""
    regular, bold = report_fonts()
    needs = [11 * mm] * (grid.width - 1)
    plain_rows = len(grid.header) + len(grid.body)
    for r, row in enumerate(grid.rows()):
        font = bold if r < len(grid.header) or r >= plain_rows else regular
        for c, cell in enumerate(row[1:]):
            if cell.span > 1 or cell.role is Role.EMPTY:
                continue
            words = cell.text().split(" ") or [""]
            need = max(pdfmetrics.stringWidth(w, font, TABLE_FONT_SIZE) for w in words) + 10
            needs[c] = min(max(needs[c], need), 24 * mm)
    label = min(max(FRAME_WIDTH - sum(needs), 35 * mm), 80 * mm)
    squeeze = min(1.0, (FRAME_WIDTH - label) / sum(needs)) if needs else 1.0
    return [label, *(need * squeeze for need in needs)]


def _grid_table(grid: TableGrid, styles) -> Table:
    regular, bold = report_fonts()
    rows = grid.rows()
    n_header, n_footer = len(grid.header), len(grid.footer)
    data = []
    for r, row in enumerate(rows):
        line = []
        for c, cell in enumerate(row):
            if cell.role is Role.HEADER and cell.value:
                style = styles["head"] if c else ParagraphStyle("h", styles["head"], alignment=0)
                line.append(Paragraph(escape(str(cell.value)), style))
            elif cell.role is Role.LABEL and r < len(rows) - n_footer:
                line.append(Paragraph(escape(str(cell.value)), styles["cell"]))
            else:
                line.append(cell.text())
        data.append(line)
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), regular),
        ("FONTSIZE", (0, 0), (-1, -1), TABLE_FONT_SIZE),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),  # MIDDLE sets strings and paragraphs unevenly
        ("VALIGN", (0, 0), (-1, n_header - 1), "BOTTOM"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("BACKGROUND", (0, 0), (-1, n_header - 1), HEADER_FILL),
        ("LINEBELOW", (0, n_header - 1), (-1, n_header - 1), 0.6, RULE),
        ("LINEBELOW", (0, -1), (-1, -1), 0.6, RULE),
    ]
    if n_footer:
        first_footer = len(rows) - n_footer
        commands += [
            ("LINEABOVE", (0, first_footer), (-1, first_footer), 0.6, RULE),
            ("FONTNAME", (0, first_footer), (-1, -1), bold),
        ]
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell.span > 1:
                commands.append(("SPAN", (c, r), (c + cell.span - 1, r)))
    table = Table(
        data,
        colWidths=_column_widths(grid),
        repeatRows=n_header,
        hAlign="LEFT",
    )
    table.setStyle(TableStyle(commands))
    return table


def _numbered_canvas(footer: str, lang: str) -> type[Canvas]:
    """A canvas that holds pages back until the end so it can print "Sida 3 av 12"."""
    regular = report_fonts()[0]

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # ReportLab calls it by this name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._draw_footer(total)
                super().showPage()
            super().save()

        def _draw_footer(self, total: int) -> None:
            self.saveState()
            self.setFont(regular, 7.5)
            self.setFillColor(colors.HexColor("#555555"))
            y = MARGIN - 4 * mm
            self.drawString(MARGIN, y, footer)
            page = _t(
                lang, f"Sida {self._pageNumber} av {total}", f"Page {self._pageNumber} of {total}"
            )
            self.drawRightString(A4[0] - MARGIN, y, page)
            self.restoreState()

    return NumberedCanvas
