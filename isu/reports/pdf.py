"""The group summary as a PDF (ReportLab platypus): title page, reading guide and caveats,
then each section's tables (headers repeated across pages, hidden cells marked) with
their charts. Accepts only a ``ProtectedReport``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import BinaryIO
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

from isu.domain.text import Text
from isu.reports.chart_flow import FitChart, distinct_notes
from isu.reports.charts import chart_drawing
from isu.reports.files import output_file
from isu.reports.grid import Role, TableGrid, table_grid
from isu.reports.texts import (
    cover_line,
    footer_line,
    metadata_rows,
    report_caveats,
    report_guide,
    table_footnotes,
)
from isu.summary.charts import chart_series, omitted_note
from isu.summary.disclosure import ProtectedReport, ProtectedTable, require_protected
from isu.summary.fmt import format_period
from isu.summary.model import ReportMeta

MARGIN = 18 * mm
FRAME_WIDTH = A4[0] - 2 * MARGIN
TABLE_FONT_SIZE = 8
HEAD_FONT_SIZE = TABLE_FONT_SIZE - 0.5
CELL_PADDING = 3  # points, left and right of every table cell
_SPARE = 1.0  # a point in hand, so rounding never pushes a word onto a line of its own
MIN_NUMBER_WIDTH = 11 * mm  # a column of numbers, however short the numbers are
PREFERRED_LABEL_WIDTH = 35 * mm
MAX_LABEL_WIDTH = 80 * mm
_VOWELS = frozenset("aeiouyåäöéüAEIOUYÅÄÖÉÜ")
_BREAK_AFTER = "/-–"  # a word may break after these without an added hyphen
_BEFORE_JOINING_S = "dgkt"  # Fritids-, Tvångs-, Arbets-: after these an s mostly ends a part
FRAME_HEIGHT = A4[1] - 2 * MARGIN - 4 * mm - 12  # less the frame's own padding
MAX_CHART_HEIGHT = FRAME_HEIGHT * 0.9  # taller (very long lists): the table suffices
KEEP_TOGETHER_ROWS = 15  # a table this short moves whole to the next page rather than split
LONG_TABLE_START = 40 * mm  # a longer one starts where its title, header and some rows fit
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


GUIDE_HEADING = Text("Läsanvisning", "How to read")
CAVEATS_HEADING = Text("Att tänka på", "Caveats")


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = report_fonts()
    base = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=13, spaceAfter=5)
    h1 = ParagraphStyle("h1", base, fontName=bold, fontSize=15, leading=19, spaceBefore=16)
    h1.spaceAfter, h1.keepWithNext = 8, True  # h2 inherits both, and the bold font
    return {
        "body": base,
        "title": ParagraphStyle(
            "title", base, fontName=bold, fontSize=22, leading=27, spaceAfter=10
        ),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=13, leading=17, spaceAfter=18),
        "h1": h1,
        "h2": ParagraphStyle("h2", h1, fontSize=10.5, leading=13, spaceBefore=10, spaceAfter=4),
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
            fontSize=HEAD_FONT_SIZE,
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
    canvas = _numbered_canvas(footer_line(meta, lang), lang)
    with output_file(path) as stream:
        _document(stream, meta, lang).build(_story(report, lang, styles), canvasmaker=canvas)
    return path


def _document(stream: BinaryIO, meta: ReportMeta, lang: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        stream,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=meta.title.get(lang),
        author=meta.unit,
        subject=", ".join(
            p for p in (meta.municipality, format_period(meta.period_from, meta.period_to)) if p
        ),
        creator="isu",
    )


def _story(report: ProtectedReport, lang: str, styles) -> list[Flowable]:
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
            story += _table_block(table, lang, styles)
    return story


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
    where = escape(cover_line(meta))
    period = format_period(meta.period_from, meta.period_to)
    subtitle = f"{where}<br/>{period}" if where else period
    return [
        Spacer(1, 40 * mm),
        Paragraph(escape(meta.title.get(lang)), styles["title"]),
        Paragraph(subtitle, styles["subtitle"]),
        details,
    ]


def _guide(report: ProtectedReport, lang: str, styles) -> list[Flowable]:
    story: list[Flowable] = [Paragraph(GUIDE_HEADING.get(lang), styles["h1"])]
    story += [Paragraph(escape(text), styles["body"]) for text in report_guide(report.meta, lang)]
    story.append(Spacer(1, 6 * mm))
    story.append(Paragraph(CAVEATS_HEADING.get(lang), styles["h1"]))
    story += [
        Paragraph(escape(text), styles["body"], bulletText="•")
        for text in report_caveats(report.meta, lang)
    ]
    return story


def _table_block(table: ProtectedTable, lang: str, styles) -> list[Flowable]:
    """Title, table and notes, then the chart. A short table stays in one piece; a long one
    splits across pages (header repeated). The chart follows on its own, shrunk a little
    when that lets it fit the rest of the page, so it never leaves most of a page blank."""
    grid = table_grid(table, lang)
    notes = distinct_notes(
        table_footnotes(table, lang), table.note.get(lang) if table.note else None
    )
    short = len(grid.body) <= KEEP_TOGETHER_ROWS
    # keepWithNext would bind the title to the whole of a long table: a page break before
    # it unless the title, the header and a few rows fit, then the table flows on.
    title_style = styles["h2"] if short else ParagraphStyle("h2_flow", styles["h2"], keepWithNext=0)
    parts: list[Flowable] = [
        Paragraph(escape(table.title.get(lang)), title_style),
        _grid_table(grid, styles, lang),
        Spacer(1, 2),
        *(Paragraph(escape(note), styles["note"]) for note in notes),
    ]
    block: list[Flowable] = (
        [KeepTogether(parts)] if short else [CondPageBreak(LONG_TABLE_START), *parts]
    )
    spec = chart_series(table, lang)
    if spec is not None:
        drawing = chart_drawing(spec, FRAME_WIDTH * 0.9, report_fonts()[0], lang)
        if drawing.height <= MAX_CHART_HEIGHT:  # a drawing cannot break across pages
            note = omitted_note(spec, lang)
            if note is None:  # a spacer at a page's top is dropped: no need to keep them
                block += [Spacer(1, 4), FitChart(drawing)]
            else:
                note_line = Paragraph(escape(note), styles["note"])
                block.append(KeepTogether([Spacer(1, 4), FitChart(drawing), note_line]))
    return block


def _need(text_width: float) -> float:
    """The column width that holds ``text_width`` of text between the cell paddings."""
    return text_width + 2 * CELL_PADDING + _SPARE


def _room(column_width: float) -> float:
    """The text width a column holds: the inverse of ``_need``."""
    return column_width - 2 * CELL_PADDING - _SPARE


def _widest_word(text: str, font: str, size: float) -> float:
    return max((pdfmetrics.stringWidth(w, font, size) for w in text.split(" ")), default=0.0)


def _column_needs(grid: TableGrid, lang: str = "sv") -> tuple[list[float], list[float]]:
    """Per column: the width its plain strings need (numbers and totals rows never wrap) and
    the width its widest wrapping word needs (headers and row labels wrap between words)."""
    regular, bold = report_fonts()
    fixed, words = [0.0] * grid.width, [0.0] * grid.width
    spans = []
    for row in grid.header:
        for c, cell in enumerate(row):
            if cell.role is Role.HEADER and cell.value:
                need = _need(_widest_word(str(cell.value), bold, HEAD_FONT_SIZE))
                if cell.span > 1:
                    spans.append((c, cell.span, need))
                else:
                    words[c] = max(words[c], need)
    for font, rows in ((regular, grid.body), (bold, grid.footer)):
        for row in rows:
            for c, cell in enumerate(row):
                if cell.role is Role.LABEL and rows is grid.body:  # a Paragraph (_grid_table)
                    words[c] = max(
                        words[c], _need(_widest_word(cell.text(lang), font, TABLE_FONT_SIZE))
                    )
                else:
                    text_width = pdfmetrics.stringWidth(cell.text(lang), font, TABLE_FONT_SIZE)
                    fixed[c] = max(fixed[c], _need(text_width))
    for first, span, need in spans:  # a group label shares its shortfall among its columns
        covered = range(first, first + span)
        short = need - sum(max(fixed[c], words[c]) for c in covered)
        if short > 0:
            for c in covered:
                words[c] = max(fixed[c], words[c]) + short / span
    return fixed, words


def _cap_widest(widths: list[float], lows: list[float], excess: float) -> list[float]:
    """``widths`` less ``excess`` in all, taken from the widest first (one common cap) and
    none below its ``low``; when the lows leave too little, the lows."""
    if excess <= 0 or not widths:
        return widths

    def capped(cap: float) -> list[float]:
        return [max(min(w, cap), low) for w, low in zip(widths, lows, strict=True)]

    target = sum(widths) - excess
    fits, too_wide = 0.0, max(widths)
    for _ in range(40):  # bisection: 40 halvings of a page width end far below a point
        cap = (fits + too_wide) / 2
        if sum(capped(cap)) <= target:
            fits = cap
        else:
            too_wide = cap
    return capped(fits)


def _column_widths(grid: TableGrid, lang: str = "sv") -> list[float]:
    """Label column first. Every column is at least as wide as its widest word, so text wraps
    only between words; number columns get at least 11 mm and the row labels the rest
    (35-80 mm). A table too wide for the page takes the room from the number columns' slack,
    then from the labels (down to their widest word), and only then from the widest header
    words, which ``_header_markup`` then hyphenates."""
    fixed, words = _column_needs(grid, lang)
    floors = [max(f, w) for f, w in zip(fixed, words, strict=True)]
    data = [max(floor, MIN_NUMBER_WIDTH) for floor in floors[1:]]
    label = min(max(FRAME_WIDTH - sum(data), PREFERRED_LABEL_WIDTH), MAX_LABEL_WIDTH)
    label = max(label, floors[0])
    data = _cap_widest(data, floors[1:], label + sum(data) - FRAME_WIDTH)
    label = max(min(label, FRAME_WIDTH - sum(data)), floors[0])
    data = _cap_widest(data, fixed[1:], label + sum(data) - FRAME_WIDTH)
    # Only more columns of numbers than a page holds get here; they then overflow their cells.
    squeeze = min(1.0, FRAME_WIDTH / (label + sum(data)))
    return [width * squeeze for width in (label, *data)]


def _header_markup(text: str, style: ParagraphStyle, width: float) -> str:
    """Paragraph markup for a header cell ``width`` wide: the words wrap between themselves,
    and a word wider than the cell (a table too wide for the page) is hyphenated."""
    room = _room(width)
    return " ".join(
        "<br/>".join(escape(piece) for piece in _hyphenate(word, style, room))
        for word in text.split(" ")
    )


def _hyphenate(word: str, style: ParagraphStyle, room: float) -> list[str]:
    """``word`` as lines no wider than ``room``: whole when it fits."""

    def fits(piece: str) -> bool:
        return pdfmetrics.stringWidth(piece, style.fontName, style.fontSize) <= room

    pieces = []
    while len(word) > 1 and not fits(word):
        cut, mark = _break_point(word, fits)
        pieces.append(word[:cut] + mark)
        word = word[cut:]
    return [*pieces, word]


def _break_point(word: str, fits: Callable[[str], bool]) -> tuple[int, str]:
    """Where to break an over-wide word, as far right as fits: after a slash or dash already
    in it; else a hyphen at a compound joint, else where a syllable starts, else wherever the
    line is full."""
    cuts = range(len(word) - 1, 0, -1)
    for i in cuts:
        if word[i - 1] in _BREAK_AFTER and fits(word[:i]):
            return i, ""
    for sensible in (_after_joining_s, _opens_syllable):
        for i in cuts:
            if sensible(word, i) and fits(word[:i] + "-"):
                return i, "-"
    return next((i for i in cuts if fits(word[:i] + "-")), 1), "-"


def _consonant(letter: str) -> bool:
    return letter.isalpha() and letter not in _VOWELS


def _after_joining_s(word: str, i: int) -> bool:
    """A compound joined by an s before a consonant: Fritids-verksamhet, Tvångs-vård (but
    not An-svar, Kun-skap: hence only after d, g, k or t)."""
    return (
        3 <= i <= len(word) - 2
        and word[i - 1] == "s"
        and word[i - 2] in _BEFORE_JOINING_S
        and _consonant(word[i])
        and any(letter in _VOWELS for letter in word[i:])
    )


def _opens_syllable(word: str, i: int) -> bool:
    """Språkrådet's rule for simple words: one consonant goes to the next line (ta-la, kas-ta,
    Sysselsätt-ning), though not a joining s (not Behandling-sinsatser); two letters at least
    on either side."""
    return (
        2 <= i <= len(word) - 2
        and _consonant(word[i])
        and word[i + 1] in _VOWELS
        and any(letter in _VOWELS for letter in word[:i])
        and not (word[i] == "s" and word[i - 1] in _BEFORE_JOINING_S)
    )


def _grid_table(grid: TableGrid, styles, lang: str = "sv") -> Table:
    regular, bold = report_fonts()
    rows = grid.rows()
    n_header, n_footer = len(grid.header), len(grid.footer)
    widths = _column_widths(grid, lang)
    data = []
    for r, row in enumerate(rows):
        line = []
        for c, cell in enumerate(row):
            if cell.role is Role.HEADER and cell.value:
                style = styles["head"] if c else ParagraphStyle("h", styles["head"], alignment=0)
                markup = _header_markup(str(cell.value), style, sum(widths[c : c + cell.span]))
                line.append(Paragraph(markup, style))
            elif cell.role is Role.LABEL and r < len(rows) - n_footer:
                line.append(Paragraph(escape(str(cell.value)), styles["cell"]))
            else:
                line.append(cell.text(lang))
        data.append(line)
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), regular),
        ("FONTSIZE", (0, 0), (-1, -1), TABLE_FONT_SIZE),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),  # MIDDLE sets strings and paragraphs unevenly
        ("VALIGN", (0, 0), (-1, n_header - 1), "BOTTOM"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
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
        colWidths=widths,
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
            number = self._pageNumber
            page = Text(f"Sida {number} av {total}", f"Page {number} of {total}").get(lang)
            self.drawRightString(A4[0] - MARGIN, y, page)
            self.restoreState()

    return NumberedCanvas
