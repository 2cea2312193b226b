"""ReportLab drawings of ``isu.summary.charts.ChartSpec``: horizontal bars, grouped bars
(e.g. by gender) and paired before/after bars. Drawn with plain shapes rather than
ReportLab's chart widgets: fewer objects (fast with ~150 charts) and full control over
labels and the marks for hidden values.
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from isu.summary.charts import ChartKind, ChartSpec, ChartUnit
from isu.summary.fmt import format_number, format_percent
from isu.summary.tabular import SUPPRESSED_MARK

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
BEFORE_AFTER_COLOURS = ("#9DB4CC", "#0072B2")  # before pale, after strong
TEXT_COLOUR = colors.HexColor("#222222")
AXIS_COLOUR = colors.HexColor("#888888")

FONT_SIZE = 7.5
BAR_HEIGHT = 9.0
BAR_GAP = 1.5
GROUP_GAP = 6.0
LEGEND_HEIGHT = 14.0
LABEL_PAD = 4.0
VALUE_ROOM = 30.0  # room right of the longest bar for its value label


def chart_drawing(spec: ChartSpec, width: float, font: str, lang: str = "sv") -> Drawing:
    """A drawing ``width`` points wide; its height follows the number of bars."""
    series_count = len(spec.series)
    group_height = series_count * BAR_HEIGHT + (series_count - 1) * BAR_GAP
    legend = LEGEND_HEIGHT if series_count > 1 else 0.0
    height = legend + len(spec.categories) * (group_height + GROUP_GAP) + GROUP_GAP
    drawing = Drawing(width, height)
    label_width = _label_width(spec.categories, font, width)
    left = label_width + LABEL_PAD
    scale_max = _scale_max(spec)
    bar_room = max(width - left - VALUE_ROOM, 10.0)
    palette = BEFORE_AFTER_COLOURS if spec.kind is ChartKind.BEFORE_AFTER else PALETTE

    top = height - legend - GROUP_GAP
    for index, category in enumerate(spec.categories):
        group_top = top - index * (group_height + GROUP_GAP)
        label_y = group_top - group_height / 2 - FONT_SIZE / 3
        text = _fit(category, font, label_width)
        drawing.add(
            String(
                left - LABEL_PAD,
                label_y,
                text,
                fontName=font,
                fontSize=FONT_SIZE,
                fillColor=TEXT_COLOUR,
                textAnchor="end",
            )
        )
        for s_index, series in enumerate(spec.series):
            y = group_top - (s_index + 1) * BAR_HEIGHT - s_index * BAR_GAP
            value = series.values[index]
            colour = colors.HexColor(palette[s_index % len(palette)])
            _bar(drawing, left, y, value, scale_max, bar_room, colour, spec.unit, font, lang)
    drawing.add(
        Line(
            left, GROUP_GAP / 2, left, top + GROUP_GAP / 2, strokeColor=AXIS_COLOUR, strokeWidth=0.5
        )
    )
    if series_count > 1:
        _legend(drawing, spec, left, height - LEGEND_HEIGHT + 3, font, palette)
    return drawing


def _bar(
    drawing: Drawing,
    left: float,
    y: float,
    value: Decimal | None,
    scale_max: Decimal,
    room: float,
    colour,
    unit: ChartUnit,
    font: str,
    lang: str,
) -> None:
    if value is None:  # hidden: no bar, only the mark the tables use
        drawing.add(
            String(
                left + 3,
                y + 2,
                SUPPRESSED_MARK,
                fontName=font,
                fontSize=FONT_SIZE,
                fillColor=TEXT_COLOUR,
            )
        )
        return
    length = float(value / scale_max) * room if scale_max else 0.0
    if length > 0:
        drawing.add(Rect(left, y, length, BAR_HEIGHT, fillColor=colour, strokeColor=None))
    label = format_percent(value, lang) if unit is ChartUnit.PERCENT else format_number(value, lang)
    drawing.add(
        String(
            left + length + 3,
            y + 2,
            label,
            fontName=font,
            fontSize=FONT_SIZE,
            fillColor=TEXT_COLOUR,
        )
    )


def _legend(
    drawing: Drawing, spec: ChartSpec, left: float, y: float, font: str, palette: tuple[str, ...]
) -> None:
    x = left
    for s_index, series in enumerate(spec.series):
        colour = colors.HexColor(palette[s_index % len(palette)])
        drawing.add(Rect(x, y, 8, 8, fillColor=colour, strokeColor=None))
        drawing.add(
            String(
                x + 11,
                y + 1,
                series.label,
                fontName=font,
                fontSize=FONT_SIZE,
                fillColor=TEXT_COLOUR,
            )
        )
        x += 11 + stringWidth(series.label, font, FONT_SIZE) + 12


def _scale_max(spec: ChartSpec) -> Decimal:
    if spec.unit is ChartUnit.PERCENT:
        return Decimal(100)  # the whole scale, so small shares look small
    return max(spec.max_value, Decimal(1))


def _label_width(categories: tuple[str, ...], font: str, width: float) -> float:
    widest = max((stringWidth(c, font, FONT_SIZE) for c in categories), default=0.0)
    return min(widest, width * 0.38)


def _fit(text: str, font: str, room: float) -> str:
    """Shorten a label that would run into the bars; the table above has it in full."""
    if stringWidth(text, font, FONT_SIZE) <= room:
        return text
    while text and stringWidth(text + "…", font, FONT_SIZE) > room:
        text = text[:-1]
    return text.rstrip() + "…"
