"""ReportLab drawings of ``isu.summary.charts.ChartSpec``: horizontal bars, grouped bars
(e.g. by gender) and paired before/after bars. Drawn with plain shapes rather than
ReportLab's chart widgets: fewer objects (fast with ~150 charts) and full control over
labels, legends that wrap within the page, hatching and the marks for hidden values.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from isu.domain.text import SUPPRESSED_MARK
from isu.summary.charts import (
    ChartKind,
    ChartSpec,
    Hatch,
    SeriesStyle,
    label_colour,
    series_style,
)

TEXT_COLOUR = colors.HexColor("#222222")
AXIS_COLOUR = colors.HexColor("#888888")
HATCH_COLOUR = colors.white

FONT_SIZE = 7.5
BAR_HEIGHT = 9.0
BAR_GAP = 1.5
GROUP_GAP = 6.0
LEGEND_LINE = 11.0  # height of one legend line
LEGEND_GAP = 3.0  # below the legend
SWATCH = 8.0
SWATCH_PAD = 3.0  # between a swatch and its label
ITEM_GAP = 12.0  # between legend items
LABEL_PAD = 4.0
VALUE_ROOM = 30.0  # room right of the longest bar for its value label
HATCH_STEP = 3.0


def chart_drawing(spec: ChartSpec, width: float, font: str, lang: str = "sv") -> Drawing:
    """A drawing ``width`` points wide; its height follows the number of bars and legend
    lines. Nothing is drawn outside it: the legend wraps, a label too long for a line wraps
    between its words."""
    series_count = len(spec.series)
    stacked = spec.kind is ChartKind.STACKED
    bars = 1 if stacked else series_count
    group_height = bars * BAR_HEIGHT + (bars - 1) * BAR_GAP
    # one series needs no legend, unless others were left out (whose figures are these?)
    named = series_count > 1 or bool(spec.omitted)
    legend_lines = legend_layout(spec, width, font) if named else []
    legend = len(legend_lines) * LEGEND_LINE + LEGEND_GAP if legend_lines else 0.0
    height = legend + len(spec.categories) * (group_height + GROUP_GAP) + GROUP_GAP
    drawing = Drawing(width, height)
    label_width = _label_width(spec.categories, font, width)
    left = label_width + LABEL_PAD
    name_room = min(_widest_series(spec, font), width * 0.3) if spec.direct_labels else 0.0
    bar_room = max(width - left - VALUE_ROOM - name_room, 10.0)

    top = height - legend - GROUP_GAP
    for index, category in enumerate(spec.categories):
        group_top = top - index * (group_height + GROUP_GAP)
        label_y = group_top - group_height / 2 - FONT_SIZE / 3
        drawing.add(
            _text(left - LABEL_PAD, label_y, _fit(category, font, label_width), font, "end")
        )
        if stacked:
            values = [series.values[index] for series in spec.series]
            _stacked_bar(drawing, left, group_top - BAR_HEIGHT, values, bar_room, spec, font, lang)
            continue
        for s_index, series in enumerate(spec.series):
            y = group_top - (s_index + 1) * BAR_HEIGHT - s_index * BAR_GAP
            style = series_style(s_index, spec.kind)
            name = _fit(series.label, font, name_room) if spec.direct_labels else None
            _bar(
                drawing,
                left,
                y,
                series.values[index],
                bar_room,
                style,
                spec,
                font,
                lang,
                name,
            )
    drawing.add(
        Line(
            left, GROUP_GAP / 2, left, top + GROUP_GAP / 2, strokeColor=AXIS_COLOUR, strokeWidth=0.5
        )
    )
    for line_no, items in enumerate(legend_lines):
        y = height - (line_no + 1) * LEGEND_LINE + 2
        for x, s_index, text in items:
            if s_index >= 0:
                drawing.add(_swatch(x, y, SWATCH, SWATCH, series_style(s_index, spec.kind)))
            text_x = x + SWATCH + SWATCH_PAD if s_index >= 0 else x
            drawing.add(_text(text_x, y + 1, text, font))
    return drawing


def legend_layout(spec: ChartSpec, width: float, font: str) -> list[list[tuple[float, int, str]]]:
    """Legend lines of (x, series index, text) within ``width``: items flow left to right and
    wrap; a label wider than a whole line wraps between its words onto lines of its own
    (its continuation lines carry index -1: text without a swatch)."""
    lines: list[list[tuple[float, int, str]]] = [[]]
    x = 0.0
    room = width - SWATCH - SWATCH_PAD
    for s_index, series in enumerate(spec.series):
        label_width = stringWidth(series.label, font, FONT_SIZE)
        item = SWATCH + SWATCH_PAD + label_width
        if lines[-1] and x + item > width:
            lines.append([])
            x = 0.0
        if item <= width:
            lines[-1].append((x, s_index, series.label))
            x += item + ITEM_GAP
            continue
        pieces = _wrap_words(series.label, font, room)
        if lines[-1]:
            lines.append([])
        lines[-1].append((0.0, s_index, pieces[0]))
        for piece in pieces[1:]:
            lines.append([(SWATCH + SWATCH_PAD, -1, piece)])
        lines.append([])
        x = 0.0
    return [line for line in lines if line]


def _wrap_words(text: str, font: str, room: float) -> list[str]:
    lines: list[str] = []
    for word in text.split(" "):
        if lines and stringWidth(lines[-1] + " " + word, font, FONT_SIZE) <= room:
            lines[-1] += " " + word
        else:
            lines.append(_fit(word, font, room))
    return lines or [""]


def _text(x: float, y: float, text: str, font: str, anchor: str = "start") -> String:
    return String(
        x, y, text, fontName=font, fontSize=FONT_SIZE, fillColor=TEXT_COLOUR, textAnchor=anchor
    )


def _swatch(x: float, y: float, width: float, height: float, style: SeriesStyle) -> Rect | Group:
    """A filled box, with white hatching drawn inside it when the series has a pattern (a
    plain box stays one shape: ~150 charts render fast)."""
    box = Rect(x, y, width, height, fillColor=_colour(style.colour), strokeColor=None)
    if style.hatch is Hatch.NONE or width <= 0:
        return box
    group = Group(box)
    directions = (1,) if style.hatch is Hatch.DIAGONAL else (1, -1)
    for direction in directions:
        for x0, y0, x1, y1 in _hatch_lines(x, y, width, height, direction):
            group.add(Line(x0, y0, x1, y1, strokeColor=HATCH_COLOUR, strokeWidth=0.8))
    return group


@cache
def _colour(hex_colour: str) -> colors.Color:
    return colors.HexColor(hex_colour)


def _hatch_lines(
    x: float, y: float, width: float, height: float, direction: int
) -> list[tuple[float, float, float, float]]:
    """45° lines across the box, clipped to it (rising for direction 1, falling for -1)."""
    lines = []
    offset = -height
    while offset < width:
        # the line y' = y + (x' - (x + offset)) for rising lines, clipped to the box
        start = max(0.0, offset)
        end = min(width, offset + height)
        if end > start:
            if direction == 1:
                lines.append((x + start, y + start - offset, x + end, y + end - offset))
            else:
                lines.append(
                    (x + start, y + height - (start - offset), x + end, y + height - (end - offset))
                )
        offset += HATCH_STEP * 1.5
    return lines


def _bar(
    drawing: Drawing,
    left: float,
    y: float,
    value: Decimal | None,
    room: float,
    style: SeriesStyle,
    spec: ChartSpec,
    font: str,
    lang: str,
    name: str | None,
) -> None:
    label = (f"{name}: " if name else "") + spec.value_text(value, lang)
    length = spec.bar_length(value, room)  # hidden: no bar, only the mark the tables use
    if length > 0:
        drawing.add(_swatch(left, y, length, BAR_HEIGHT, style))
    drawing.add(_text(left + length + 3, y + 2, label, font))


def _stacked_bar(
    drawing: Drawing,
    left: float,
    y: float,
    values: list[Decimal | None],
    room: float,
    spec: ChartSpec,
    font: str,
    lang: str,
) -> None:
    """The shown shares end to end, each labelled inside when it has room; hidden shares
    get no part of the bar, and the mark after its end says some are hidden."""
    x = left
    for s_index, value in enumerate(values):
        if value is None or value <= 0:
            continue
        length = float(value) / 100 * room
        style = series_style(s_index, spec.kind)
        drawing.add(_swatch(x, y, length, BAR_HEIGHT, style))
        label = spec.value_text(value, lang)
        if stringWidth(label, font, FONT_SIZE) + 3 <= length:
            colour = label_colour(style.colour)
            text = _text(x + length / 2, y + 2, label, font, "middle")
            text.fillColor = colors.HexColor(colour)
            if style.hatch is not Hatch.NONE:  # a plain ground under the figure
                width = stringWidth(label, font, FONT_SIZE) + 2
                ground = Rect(x + (length - width) / 2, y + 1, width, BAR_HEIGHT - 2)
                ground.fillColor, ground.strokeColor = colors.HexColor(style.colour), None
                drawing.add(ground)
            drawing.add(text)
        x += length
    if any(value is None for value in values):
        drawing.add(_text(x + 3, y + 2, SUPPRESSED_MARK, font))


def _widest_series(spec: ChartSpec, font: str) -> float:
    return max((stringWidth(s.label + ": ", font, FONT_SIZE) for s in spec.series), default=0.0)


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
