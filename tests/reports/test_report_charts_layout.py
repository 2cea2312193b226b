"""Readable charts and a PDF that flows: enough colours and patterns for 13 need areas,
legends that stay inside the chart, split charts without walls of x, numbers in the
report's language, notes printed once and no half-empty pages before a long table."""

from __future__ import annotations

import re
from decimal import Decimal

import pypdf
import pytest
from reportlab.graphics.shapes import Group, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from isu.domain.text import Text
from isu.reports.chart_flow import FitChart, distinct_notes
from isu.reports.charts import chart_drawing
from isu.reports.pdf import report_fonts, write_summary_pdf
from isu.reports.texts import table_footnotes
from isu.summary.builders import cross_table, frequency_table
from isu.summary.charts import (
    SERIES_COLOURS,
    ChartKind,
    ChartSeries,
    ChartSpec,
    ChartUnit,
    Hatch,
    chart_series,
    omitted_note,
    series_style,
)
from isu.summary.disclosure import protect, protect_report
from isu.summary.model import PercentBase, Section, Split, SummaryReport

from .pdf_text import all_rows
from .sample_report import build_report, meta

NEED_AREAS = (
    "Brottslighet", "Skola", "Sysselsättning", "Alkohol och droger", "Kamrater", "Familj",
    "Fritid", "Psykisk hälsa", "Attityder och värderingar", "Boende", "Skulder och ekonomi",
    "Utsatthet för brott", "Koppling till kriminella nätverk",
)  # fmt: skip
GENDERS = [Text("Pojke/man", "Boy/man"), Text("Flicka/kvinna", "Girl/woman"), Text("Annat")]


def test_thirteen_need_areas_get_thirteen_colours_and_no_two_series_look_alike():
    assert len(set(SERIES_COLOURS)) >= 13
    colours = [series_style(i, ChartKind.GROUPED_BARS).colour for i in range(13)]
    assert len(set(colours)) == 13  # Brottslighet (0) and Psykisk hälsa (7) both blue before
    styles = [series_style(i, ChartKind.GROUPED_BARS) for i in range(40)]
    assert len(set(styles)) == 40  # beyond the colours, patterns tell them apart
    assert all(s.hatch is Hatch.NONE for s in styles[:7])
    assert all(s.hatch is not Hatch.NONE for s in styles[7:21])


def _strings(node, dx: float = 0.0):
    for item in getattr(node, "contents", ()):
        if isinstance(item, Group):
            yield from _strings(item, dx)
        else:
            yield item


def _extent(item, font: str) -> tuple[float, float]:
    if isinstance(item, String):
        width = stringWidth(item.text, item.fontName, item.fontSize)
        start = {"start": item.x, "middle": item.x - width / 2, "end": item.x - width}
        left = start[item.textAnchor]
        return left, left + width
    if isinstance(item, Rect):
        return item.x, item.x + item.width
    return min(item.x1, item.x2), max(item.x1, item.x2)


@pytest.mark.parametrize("width", [250.0, 480.0])
def test_pdf_legends_wrap_and_nothing_is_drawn_past_the_edge(width):
    labels = [*NEED_AREAS, "Ett mycket långt behovsområde som inte ryms på en rad " * 3]
    spec = ChartSpec(
        ChartKind.GROUPED_BARS,
        ChartUnit.PERCENT,
        ("Förbättrad", "Oförändrad"),
        tuple(ChartSeries(label, (Decimal(99), None)) for label in labels),
    )
    font = report_fonts()[0]
    drawing = chart_drawing(spec, width, font)
    texts = [item for item in _strings(drawing) if isinstance(item, String)]
    assert {t.text for t in texts} >= set(NEED_AREAS)  # every legend label, in full
    for item in _strings(drawing):
        left, right = _extent(item, font)
        assert left >= -0.01 and right <= width + 0.01, getattr(item, "text", item)


def _split_table():
    # the third group has only small counts: all of its column is hidden
    counts = [[40, 12, 1], [25, 30, 2], [18, 9, 0]]
    return frequency_table(
        "split", Text("Boende", "Housing"), [Text("a"), Text("b"), Text("c")], counts,
        col_labels=GENDERS, split=Split.GENDER,
    )  # fmt: skip


def test_a_split_chart_leaves_out_series_with_nothing_to_draw_and_says_so():
    safe = protect(_split_table(), 5)
    assert all(cell.value is None or cell.value == 0 for cell in (r[2] for r in safe.cells))
    spec = chart_series(safe, "sv")
    # the girls' shares are hidden too (their column total would give the third group away)
    assert [s.label for s in spec.series] == ["Pojke/man"]
    assert spec.omitted == ("Flicka/kvinna", "Annat")
    assert "Annat" in omitted_note(spec, "sv") and "Visas inte" in omitted_note(spec, "sv")
    assert "Not in the chart" in omitted_note(chart_series(safe, "en"), "en")


def test_row_shares_are_drawn_as_one_stacked_bar_per_row():
    table = protect(
        cross_table(
            "rows", Text("T"), [Text("Skola"), Text("Familj")],
            [Text("Förbättrad"), Text("Oförändrad")], [[30, 10], [20, 20]],
            percent=PercentBase.ROW,
        )
    )  # fmt: skip
    spec = chart_series(table)
    assert spec.kind is ChartKind.STACKED and spec.categories == ("Skola", "Familj")
    assert spec.series[0].values == (Decimal(75), Decimal(50))
    drawing = chart_drawing(spec, 400, report_fonts()[0])
    assert "75\u00a0%" in {item.text for item in _strings(drawing) if isinstance(item, String)}


def _report(*tables) -> SummaryReport:
    return SummaryReport(meta(), (Section("s", Text("Avsnitt", "Section"), tuple(tables)),))


def _text(path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_the_pdf_prints_the_note_for_series_left_out(tmp_path):
    path = write_summary_pdf(protect_report(_report(_split_table())), tmp_path / "s.pdf")
    assert "Visas inte i diagrammet" in _text(path)


def test_the_english_pdf_writes_decimal_points_and_the_swedish_decimal_commas(tmp_path):
    report = protect_report(build_report(5))
    english = _text(write_summary_pdf(report, tmp_path / "en.pdf", "en"))
    swedish = _text(write_summary_pdf(report, tmp_path / "sv.pdf", "sv"))
    decimal_comma = re.compile(r"\d,\d(?!\d)|\d,\d\d(?!\d)")
    assert not decimal_comma.search(english), decimal_comma.search(english)
    assert re.search(r"\d\.\d", english)
    assert decimal_comma.search(swedish)


def test_n_of_a_block_of_questions_counts_answers_not_cases():
    battery = protect(
        cross_table(
            "battery.need_crime", Text("Behov"), [Text("Brott"), Text("Skola")],
            [Text("Ja"), Text("Nej")], [[30, 10], [20, 20]], percent=PercentBase.ROW,
        )
    )  # fmt: skip
    sv, en = table_footnotes(battery, "sv")[0], table_footnotes(battery, "en")[0]
    assert sv.startswith("n = 80 svar") and "inte ärenden" in sv
    assert en.startswith("n = 80 answers") and "not cases" in en


def test_notes_under_a_table_are_printed_once():
    notes = ("n = 5.", "Andelar av radens total.", "n = 5.", "x = dolt.")
    assert distinct_notes(notes) == ("n = 5.", "Andelar av radens total.", "x = dolt.")
    own = "Varje rad är en fråga; andelar av radens svar."
    assert distinct_notes((*notes, own), own) == ("n = 5.", "x = dolt.", own)


def test_a_chart_shrinks_a_little_to_fit_the_page_but_not_more():
    drawing = chart_drawing(
        ChartSpec(ChartKind.BARS, ChartUnit.PERCENT, tuple("abcdefghij"),
                  (ChartSeries("Andel", tuple(Decimal(10) for _ in range(10))),)),
        300, report_fonts()[0],
    )  # fmt: skip
    chart = FitChart(drawing)
    assert chart.wrap(400, drawing.height * 0.9) == pytest.approx(
        (drawing.width * 0.9, drawing.height * 0.9)
    )
    assert chart.wrap(400, drawing.height * 0.5)[1] == pytest.approx(drawing.height)  # next page
    assert chart.wrap(400, 1000)[1] == pytest.approx(drawing.height)


def test_a_long_table_starts_on_the_page_it_follows_instead_of_leaving_it_blank(tmp_path):
    first = frequency_table(  # all hidden: no chart
        "first", Text("Först"), [Text(f"Först {i}") for i in range(20)], [2] * 20,
        percent=PercentBase.NONE,
    )  # fmt: skip
    long = frequency_table(
        "long", Text("Lång"), [Text(f"Rad {i}") for i in range(90)], [10] * 90,
        percent=PercentBase.NONE,
    )  # fmt: skip
    path = write_summary_pdf(protect_report(_report(first, long)), tmp_path / "long.pdf")
    pages = all_rows(path)

    def page_of(label: str) -> int:
        return next(p for p, rows in enumerate(pages) for row in rows if row and row[0] == label)

    assert page_of("Rad 0") == page_of("Först 19")
