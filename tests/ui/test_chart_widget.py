"""The summary page's chart on screen: the colours, patterns and stacked bars of the PDF,
a legend that wraps inside the widget, and the note naming series left out."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtGui import QFontMetricsF

from isu.summary.charts import ChartKind, ChartSeries, ChartSpec, ChartUnit
from isu.ui.summary.chart import MARGIN, ChartWidget

AREAS = [f"Behovsområde nummer {i}" for i in range(13)]


def grouped(omitted=()) -> ChartSpec:
    series = tuple(ChartSeries(a, (Decimal(10 + i), None)) for i, a in enumerate(AREAS))
    return ChartSpec(ChartKind.GROUPED_BARS, ChartUnit.PERCENT, ("Före", "Efter"), series, omitted)


def test_the_legend_wraps_inside_the_widget_and_every_item_is_on_a_line(qtbot):
    chart = ChartWidget(lang="sv")
    qtbot.addWidget(chart)
    chart.set_spec(grouped())
    for width in (320, 700):
        lines = chart._legend_lines(width)
        assert sorted(i for line in lines for i in line) == list(range(13))
        metrics = QFontMetricsF(chart.font())
        for line in lines:
            used = MARGIN + sum(
                chart._legend_item_width(metrics, chart.spec.series[i].label) for i in line
            )
            assert len(line) == 1 or used <= width - MARGIN + 16  # the last item's gap
    assert chart.heightForWidth(320) > chart.heightForWidth(700)


def test_the_note_for_series_left_out_is_painted_and_read_out(qtbot):
    chart = ChartWidget(lang="sv")
    qtbot.addWidget(chart)
    chart.set_spec(grouped())
    plain = chart.heightForWidth(600)
    chart.set_spec(grouped(omitted=("Uppgift saknas",)))
    assert chart.heightForWidth(600) > plain
    assert "Visas inte i diagrammet" in chart.accessibleDescription()
    assert "Uppgift saknas" in chart.accessibleDescription()
    chart.resize(600, chart.heightForWidth(600))
    chart.show()
    assert not chart.grab().isNull()


def test_stacked_bars_take_one_bar_per_category(qtbot):
    chart = ChartWidget(lang="sv")
    qtbot.addWidget(chart)
    series = tuple(
        ChartSeries(name, (Decimal(v), Decimal(100 - v))) for name, v in (("Ja", 40), ("Nej", 60))
    )
    chart.set_spec(ChartSpec(ChartKind.STACKED, ChartUnit.PERCENT, ("a", "b"), series))
    one_bar = chart._group_height()
    chart.set_spec(ChartSpec(ChartKind.GROUPED_BARS, ChartUnit.PERCENT, ("a", "b"), series))
    assert chart._group_height() > one_bar
    chart.resize(500, chart.heightForWidth(500))
    chart.show()
    assert not chart.grab().isNull()
