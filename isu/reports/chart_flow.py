"""How charts and notes take their place on the PDF's pages: a chart that shrinks a little
to fit the rest of a page (rather than leave most of it blank), and the notes under a
table without repeats."""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable

from isu.reports.texts import ROW_SHARES_NOTE, TOTAL_SHARES_NOTE

MIN_CHART_SCALE = 0.8  # smaller and its 7.5 pt labels drop below 6 pt: better the next page


class FitChart(Flowable):
    """A drawing that shrinks (to ``MIN_CHART_SCALE`` at most) when that lets it fit the
    space left on the page; otherwise it moves whole to the next page."""

    def __init__(self, drawing: Drawing, min_scale: float = MIN_CHART_SCALE):
        super().__init__()
        self.drawing = drawing
        self.min_scale = min_scale
        self.scale = 1.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width, height = self.drawing.width, self.drawing.height
        scale = min(1.0, avail_width / width if width else 1.0)
        if height * scale > avail_height and avail_height >= height * self.min_scale:
            scale = avail_height / height
        self.scale = scale
        self.width, self.height = width * scale, height * scale
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.scale(self.scale, self.scale)
        renderPDF.draw(self.drawing, self.canv, 0, 0)
        self.canv.restoreState()


SHARE_WORDS = ("andel", "share")
PERCENT_BASE_NOTES = frozenset(
    text for note in (ROW_SHARES_NOTE, TOTAL_SHARES_NOTE) for text in (note.sv, note.en)
)


def distinct_notes(notes: Iterable[str], table_note: str | None = None) -> tuple[str, ...]:
    """``notes`` with each line once, and without the general percent-base line when the
    table's own note already says what its shares are of."""
    own_says_shares = table_note is not None and any(
        word in table_note.lower() for word in SHARE_WORDS
    )
    kept: list[str] = []
    for note in notes:
        if note in kept or (own_says_shares and note in PERCENT_BASE_NOTES):
            continue
        kept.append(note)
    return tuple(kept)
