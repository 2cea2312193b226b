"""A small widget that paints a ``ChartSpec`` with QPainter: horizontal bars, grouped bars
(e.g. by gender) and paired before/after bars, like the PDF (``isu.reports.charts``).

Percent charts use the whole 0–100 scale, as in the PDF, so small shares look small. A
hidden figure gets no bar, only the suppression mark the tables use.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from isu.domain.text import SUPPRESSED_MARK
from isu.summary.charts import (
    ChartKind,
    ChartSpec,
    Hatch,
    SeriesStyle,
    label_colour,
    omitted_note,
    series_style,
)

# Colours and patterns come from isu.summary.charts, shared with the PDF.
HATCH_BRUSH = {
    Hatch.DIAGONAL: Qt.BrushStyle.BDiagPattern,
    Hatch.CROSS: Qt.BrushStyle.DiagCrossPattern,
}
TEXT_COLOUR = QColor("#222222")
AXIS_COLOUR = QColor("#888888")
MAX_LABEL_SHARE = 0.4  # category labels take at most this share of the width
MARGIN = 8.0


class ChartWidget(QWidget):
    """Paints one chart; its height follows the number of bars (and legend lines)."""

    def __init__(self, parent: QWidget | None = None, lang: str = "sv"):
        super().__init__(parent)
        self.lang = lang
        self.spec: ChartSpec | None = None
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMinimumWidth(240)
        self.setAutoFillBackground(False)

    def set_spec(self, spec: ChartSpec | None) -> None:
        self.spec = spec
        self.setAccessibleDescription(self._description())
        self.updateGeometry()
        self.update()

    # -- geometry ------------------------------------------------------------------------------
    def _metrics(self) -> QFontMetricsF:
        return QFontMetricsF(self.font())

    def _bar_height(self) -> float:
        return round(self._metrics().height() * 1.1)

    def _group_height(self) -> float:
        count = len(self.spec.series) if self.spec else 0
        if self.spec is not None and self.spec.kind is ChartKind.STACKED:
            count = 1
        return count * self._bar_height() + max(count - 1, 0) * 2

    def _group_gap(self) -> float:
        return round(self._metrics().height() * 0.6)

    def _legend_lines(self, width: float) -> list[list[int]]:
        """Series indexes per legend line, wrapped to ``width``."""
        if self.spec is None or (len(self.spec.series) < 2 and not self.spec.omitted):
            return []
        metrics = self._metrics()
        lines: list[list[int]] = [[]]
        x = MARGIN
        for index, series in enumerate(self.spec.series):
            item = self._legend_item_width(metrics, series.label)
            if lines[-1] and x + item > width - MARGIN:
                lines.append([])
                x = MARGIN
            lines[-1].append(index)
            x += item
        return lines

    def _legend_item_width(self, metrics: QFontMetricsF, label: str) -> float:
        return metrics.height() + 4 + metrics.horizontalAdvance(label) + 16

    def _legend_label(self, metrics: QFontMetricsF, label: str, width: float) -> str:
        """A label longer than a whole line is elided; the table has it in full."""
        room = width - 2 * MARGIN - metrics.height() - 4 - 2
        return metrics.elidedText(label, Qt.TextElideMode.ElideRight, max(room, 20.0))

    def _note(self) -> str | None:
        return None if self.spec is None else omitted_note(self.spec, self.lang)

    def _note_height(self, width: float) -> float:
        note = self._note()
        if not note:
            return 0.0
        box = QRectF(0, 0, max(width - 2 * MARGIN, 20.0), 10_000)
        flags = int(Qt.TextFlag.TextWordWrap)
        return self._metrics().boundingRect(box, flags, note).height() + 4

    def _legend_height(self, width: float) -> float:
        return len(self._legend_lines(width)) * self._metrics().height() * 1.4

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        if self.spec is None:
            return 0
        groups = len(self.spec.categories)
        body = groups * (self._group_height() + self._group_gap()) + self._group_gap()
        return int(self._legend_height(width) + body + self._note_height(width) + 2 * MARGIN)

    def sizeHint(self) -> QSize:
        width = max(self.width(), 480)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(240, self.heightForWidth(max(self.width(), 240)))

    # -- painting ------------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        if self.spec is None:
            return
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.fillRect(self.rect(), QColor("white"))
            self._paint(painter)
        finally:
            painter.end()

    def _style(self, index: int) -> SeriesStyle:
        assert self.spec is not None
        return series_style(index, self.spec.kind)

    def _fill(self, painter: QPainter, box: QRectF, style: SeriesStyle) -> None:
        painter.fillRect(box, QColor(style.colour))
        if style.hatch is not Hatch.NONE:
            painter.fillRect(box, QBrush(QColor("white"), HATCH_BRUSH[style.hatch]))

    def _paint(self, painter: QPainter) -> None:
        assert self.spec is not None
        spec, metrics = self.spec, self._metrics()
        width = float(self.width())
        top = MARGIN + self._paint_legend(painter, width)
        widest = max((metrics.horizontalAdvance(c) for c in spec.categories), default=0.0)
        label_width = min(widest, (width - 2 * MARGIN) * MAX_LABEL_SHARE)
        left = MARGIN + label_width + 6
        value_room = metrics.horizontalAdvance("100 %") + 10
        if spec.direct_labels:
            value_room += max(metrics.horizontalAdvance(f"{s.label}: ") for s in spec.series)
        bar_room = max(width - left - value_room - MARGIN, 10.0)
        bar_h, gap = self._bar_height(), self._group_gap()
        y = top + gap
        for index, category in enumerate(spec.categories):
            group_h = self._group_height()
            painter.setPen(TEXT_COLOUR)
            text = metrics.elidedText(category, Qt.TextElideMode.ElideRight, label_width)
            painter.drawText(
                QRectF(MARGIN, y, label_width, group_h),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                text,
            )
            if spec.kind is ChartKind.STACKED:
                values = [series.values[index] for series in spec.series]
                self._paint_stacked(painter, left, y, values, bar_room)
            for s_index, series in enumerate(spec.series):
                if spec.kind is ChartKind.STACKED:
                    break
                bar_y = y + s_index * (bar_h + 2)
                name = series.label if spec.direct_labels else None
                self._paint_bar(
                    painter,
                    left,
                    bar_y,
                    series.values[index],
                    bar_room,
                    self._style(s_index),
                    name,
                )
            y += group_h + gap
        painter.setPen(QPen(AXIS_COLOUR, 1))
        painter.drawLine(int(left), int(top + gap / 2), int(left), int(y - gap / 2))
        note = self._note()
        if note:
            painter.setPen(TEXT_COLOUR)
            box = QRectF(MARGIN, y, width - 2 * MARGIN, self._note_height(width))
            painter.drawText(box, int(Qt.TextFlag.TextWordWrap), note)

    def _paint_stacked(
        self, painter: QPainter, left: float, y: float, values: list, room: float
    ) -> None:
        """Shown shares end to end, labelled inside when they have room; a hidden share
        gets no part of the bar and an x after its end."""
        metrics, bar_h = self._metrics(), self._bar_height()
        x = left
        for s_index, value in enumerate(values):
            if value is None or value <= 0:
                continue
            length = float(value) / 100 * room
            style = self._style(s_index)
            box = QRectF(x, y + 1, length, bar_h - 2)
            self._fill(painter, box, style)
            label = self.spec.value_text(value, self.lang)
            if metrics.horizontalAdvance(label) + 4 <= length:
                if style.hatch is not Hatch.NONE:  # a plain ground under the figure
                    ground = metrics.horizontalAdvance(label) + 2
                    painter.fillRect(
                        QRectF(x + (length - ground) / 2, y + 2, ground, bar_h - 4),
                        QColor(style.colour),
                    )
                painter.setPen(QColor(label_colour(style.colour)))
                painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), label)
            x += length
        if any(value is None for value in values):
            painter.setPen(TEXT_COLOUR)
            align = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            painter.drawText(QRectF(x + 4, y, 30, bar_h), align, SUPPRESSED_MARK)

    def _paint_bar(
        self,
        painter: QPainter,
        left: float,
        y: float,
        value: Decimal | None,
        room: float,
        style: SeriesStyle,
        name: str | None = None,
    ) -> None:
        bar_h = self._bar_height()
        painter.setPen(TEXT_COLOUR)
        label_box = QRectF(left + 4, y, room + 200, bar_h)
        align = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        label = (f"{name}: " if name else "") + self.spec.value_text(value, self.lang)
        length = self.spec.bar_length(value, room)  # hidden: no bar, only the mark
        if length > 0:
            self._fill(painter, QRectF(left, y + 1, length, bar_h - 2), style)
            painter.setPen(TEXT_COLOUR)
        painter.drawText(label_box.translated(length, 0), align, label)

    def _paint_legend(self, painter: QPainter, width: float) -> float:
        assert self.spec is not None
        metrics = self._metrics()
        line_h = metrics.height() * 1.4
        for line_no, indexes in enumerate(self._legend_lines(width)):
            x, y = MARGIN, MARGIN + line_no * line_h
            for index in indexes:
                label = self._legend_label(metrics, self.spec.series[index].label, width)
                swatch = metrics.height() * 0.8
                self._fill(
                    painter,
                    QRectF(x, y + (metrics.height() - swatch) / 2, swatch, swatch),
                    self._style(index),
                )
                painter.setPen(TEXT_COLOUR)
                painter.drawText(
                    QRectF(
                        x + swatch + 4, y, metrics.horizontalAdvance(label) + 2, metrics.height()
                    ),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                    label,
                )
                x += self._legend_item_width(metrics, label)
        return self._legend_height(width)

    def _description(self) -> str:
        """What a screen reader hears: the figures the bars show."""
        if self.spec is None:
            return ""
        parts = []
        for index, category in enumerate(self.spec.categories):
            values = ", ".join(
                f"{series.label}: " + self.spec.value_text(series.values[index], self.lang)
                for series in self.spec.series
            )
            parts.append(f"{category} – {values}")
        note = self._note()
        return "; ".join(parts) + (f". {note}" if note else "")
