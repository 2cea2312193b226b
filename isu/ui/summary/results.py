"""The built summary on screen: what it covers and its caveats (collapsible), a list of
sections → tables, and the chosen table with its figures, notes and chart."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from isu.domain.text import Text
from isu.reports.texts import (
    count_label,
    figure_text,
    report_caveats,
    report_guide,
    table_footnotes,
)
from isu.summary.charts import chart_series
from isu.summary.disclosure import ProtectedTable
from isu.summary.fmt import format_number, format_period
from isu.summary.model import TableKind
from isu.ui.summary.chart import ChartWidget
from isu.ui.summary.loading import ScreenReport
from isu.ui.summary.table_model import SummaryTableModel

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
# Kinds whose first footnote only repeats n and the missing count shown above the table.
_PLAIN_FIRST_NOTE = (TableKind.FREQUENCY, TableKind.CROSS, TableKind.STATISTICS)
# Widest columns, in average characters; longer labels wrap onto more lines.
LABEL_COLUMN_CHARS = 48
VALUE_COLUMN_CHARS = 16


class GridView(QTableView):
    """A summary table as tall and wide as its content: the page scrolls, not the table."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def fit_to_content(self) -> None:
        """Columns as wide as their content, long labels wrapped; then the view takes its
        whole size, so only the page around it scrolls."""
        model = self.model()
        self.clearSpans()
        rows = model.rowCount() if model else 0
        columns = model.columnCount() if model else 0
        if isinstance(model, SummaryTableModel):
            for row, column, span in model.spans():
                self.setSpan(row, column, 1, span)
        self.resizeColumnsToContents()
        char = self.fontMetrics().averageCharWidth()
        padding = char * 2
        words = self._longest_header_words(model) if isinstance(model, SummaryTableModel) else {}
        for column in range(columns):
            cap = char * (LABEL_COLUMN_CHARS if column == 0 else VALUE_COLUMN_CHARS)
            cap = max(cap, words.get(column, 0))  # wrap between words, never inside one
            width = min(self.columnWidth(column), cap)
            self.setColumnWidth(column, width + (padding if column else 0))
        if isinstance(model, SummaryTableModel):
            self._widen_for_spans(model, padding)
        self.resizeRowsToContents()
        frame = 2 * self.frameWidth()
        self.setFixedHeight(sum(self.rowHeight(r) for r in range(rows)) + frame)
        self.setFixedWidth(sum(self.columnWidth(c) for c in range(columns)) + frame)

    def _bold_metrics(self) -> QFontMetrics:
        bold = self.font()
        bold.setBold(True)
        return QFontMetrics(bold)

    def _longest_header_words(self, model: SummaryTableModel) -> dict[int, int]:
        metrics = self._bold_metrics()
        widest: dict[int, int] = {}
        for row in range(model.header_rows):
            for column in range(model.columnCount()):
                if model.cell(row, column).span > 1:
                    continue
                for word in model.text(row, column).split():
                    width = metrics.horizontalAdvance(word) + 8
                    widest[column] = max(widest.get(column, 0), width)
        return widest

    def _widen_for_spans(self, model: SummaryTableModel, padding: int) -> None:
        """Qt sizes columns without the headers spanning them: widen the spanned columns
        evenly until each such header fits."""
        metrics = self._bold_metrics()
        for row, column, span in model.spans():
            needed = metrics.horizontalAdvance(model.text(row, column)) + 2 * padding
            have = sum(self.columnWidth(c) for c in range(column, column + span))
            if have < needed:
                extra = -(-(needed - have) // span)  # rounded up
                for c in range(column, column + span):
                    self.setColumnWidth(c, self.columnWidth(c) + extra)


class ResultsView(QWidget):
    def __init__(self, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = lang
        self.screen_report: ScreenReport | None = None
        self.tables: dict[str, ProtectedTable] = {}
        self.model = SummaryTableModel(self, lang)
        self._build()

    def _build(self) -> None:
        self.exact_banner = QLabel()
        self.exact_banner.setObjectName("warningSummary")
        self.exact_banner.setWordWrap(True)
        self.exact_banner.hide()
        self.about_button = QToolButton()
        self.about_button.setText(self.tr("About this summary: coverage, caveats, how to read"))
        self.about_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.about_button.setCheckable(True)
        self.about_button.setChecked(True)
        self.about_button.setArrowType(Qt.ArrowType.DownArrow)
        self.about_button.toggled.connect(self._toggle_about)
        self.about_label = QLabel()
        self.about_label.setObjectName("summaryAbout")
        self.about_label.setWordWrap(True)
        self.about_label.setTextFormat(Qt.TextFormat.RichText)
        self.about_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.about_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.about_scroll = QScrollArea()
        self.about_scroll.setWidgetResizable(True)
        self.about_scroll.setFrameShape(QFrame.Shape.StyledPanel)
        self.about_scroll.setWidget(self.about_label)
        # About eight lines: the caveats stay in view without pushing the tables away.
        self.about_scroll.setMaximumHeight(self.fontMetrics().lineSpacing() * 9)
        self.about_scroll.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(self.tr("Sections and tables"))
        self.tree.currentItemChanged.connect(self._current_changed)
        self.title_label = QLabel()
        self.title_label.setObjectName("groupTitle")
        self.title_label.setWordWrap(True)
        self.count_label = QLabel()
        self.count_label.setAccessibleName(self.tr("Number of cases and missing answers"))
        self.table_view = GridView()
        self.table_view.setModel(self.model)
        self.table_view.setAccessibleName(self.tr("Summary table"))
        self.notes_label = QLabel()
        self.notes_label.setWordWrap(True)
        self.notes_label.setObjectName("anchorText")
        self.chart = ChartWidget(lang=self.lang)
        self.chart.setAccessibleName(self.tr("Chart"))
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.title_label)
        detail_layout.addWidget(self.count_label)
        detail_layout.addWidget(self.table_view)
        detail_layout.addWidget(self.notes_label)
        detail_layout.addWidget(self.chart)
        detail_layout.addStretch(1)
        self.detail_scroll = QScrollArea()
        self.detail_scroll.setWidgetResizable(True)
        self.detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.detail_scroll.setWidget(detail)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.detail_scroll)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        tree_width = self.fontMetrics().averageCharWidth() * 42
        self.splitter.setSizes([tree_width, tree_width * 3])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.exact_banner)
        layout.addWidget(self.about_button)
        layout.addWidget(self.about_scroll)
        layout.addWidget(self.splitter, 1)

    # -- content -------------------------------------------------------------------------------
    def show_report(self, screen: ScreenReport) -> None:
        self.screen_report = screen
        report = screen.report
        self.tables = {table.key: table for table in report.tables()}
        self._fill_about(screen)
        self.tree.blockSignals(True)
        self.tree.clear()
        first: QTreeWidgetItem | None = None
        for section in report.sections:
            parent = QTreeWidgetItem([section.title.get(self.lang)])
            parent.setData(0, KEY_ROLE, None)
            self.tree.addTopLevelItem(parent)
            for table in section.tables:
                item = QTreeWidgetItem([table.title.get(self.lang)])
                item.setData(0, KEY_ROLE, table.key)
                item.setToolTip(0, table.title.get(self.lang))
                parent.addChild(item)
                first = first or item
        self.tree.expandAll()
        self.tree.blockSignals(False)
        if first is not None:
            self.tree.setCurrentItem(first)
        else:
            self.show_table(None)

    def clear(self) -> None:
        self.screen_report = None
        self.tables = {}
        self.tree.clear()
        self.about_label.clear()
        self.exact_banner.hide()
        self.show_table(None)

    def select_table(self, key: str) -> None:
        for index in range(self.tree.topLevelItemCount()):
            section = self.tree.topLevelItem(index)
            for child in range(section.childCount()):
                item = section.child(child)
                if item.data(0, KEY_ROLE) == key:
                    self.tree.setCurrentItem(item)
                    return
        raise KeyError(key)

    @property
    def current_table(self) -> ProtectedTable | None:
        return self.model.table

    def show_table(self, table: ProtectedTable | None) -> None:
        self.model.set_table(table)
        if table is None:
            for label in (self.title_label, self.count_label, self.notes_label):
                label.clear()
            self.chart.set_spec(None)
            self.chart.hide()
            self.table_view.hide()
            return
        self.title_label.setText(table.title.get(self.lang))
        self.count_label.setText(
            self.tr("n = %1 · missing answers: %2")
            .replace("%1", figure_text(table.n, self.lang))
            .replace("%2", figure_text(table.missing, self.lang))
        )
        notes = table_footnotes(table, self.lang)
        if table.kind in _PLAIN_FIRST_NOTE:
            notes = notes[1:]
        self.notes_label.setText("\n".join(notes))
        self.notes_label.setVisible(bool(notes))
        self.table_view.show()
        self.table_view.fit_to_content()
        spec = chart_series(table, self.lang)
        self.chart.set_spec(spec)
        self.chart.setVisible(spec is not None)
        self.detail_scroll.verticalScrollBar().setValue(0)

    def _current_changed(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        if item is None:
            return
        key = item.data(0, KEY_ROLE)
        if key is None and item.childCount():  # a section: show its first table
            key = item.child(0).data(0, KEY_ROLE)
        self.show_table(self.tables.get(key))

    def _toggle_about(self, shown: bool) -> None:
        self.about_scroll.setVisible(shown)
        self.about_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def _fill_about(self, screen: ScreenReport) -> None:
        meta = screen.report.meta
        if screen.exact:
            self.exact_banner.setText(
                self.tr(
                    "Exact counts: small numbers are not hidden on this screen (database"
                    " setting). Files you save are always protected (k = %1)."
                ).replace("%1", str(screen.k))
            )
        self.exact_banner.setVisible(screen.exact)
        facts = [
            meta.title.get(self.lang),
            self.tr("Period: %1").replace("%1", format_period(meta.period_from, meta.period_to)),
            *(f"{label.get(self.lang)}: {value.get(self.lang)}" for label, value in meta.filters),
            self._count_fact(meta),
        ]
        if not screen.exact:
            facts.append(self.tr("Small-number threshold (k): %1").replace("%1", str(meta.k)))
        warnings = report_caveats(meta, self.lang, screen.k)
        if screen.exact:
            warnings = warnings[1:]  # the first explains hidden small numbers: none here
        parts = [
            _P + "<b>" + html.escape(facts[0]) + "</b><br>"
            + " · ".join(html.escape(f) for f in facts[1:]) + "</p>",
            _P + "<b>" + html.escape(self.tr("Caveats")) + "</b></p>",
            _bullets(warnings),
            _P + "<b>" + html.escape(self.tr("How to read the tables")) + "</b></p>",
            _bullets(report_guide(meta, self.lang)),
        ]  # fmt: skip
        self.about_label.setText("".join(parts))

    def _count_fact(self, meta) -> str:
        count = format_number(meta.n_cases, self.lang)
        if meta.noun == Text("ärenden", "cases"):
            return self.tr("Number of cases (N): %1").replace("%1", count)
        return f"{count_label(meta, self.lang)}: {count}"


_P = '<p style="margin-top:2px; margin-bottom:2px">'


def _bullets(lines: tuple[str, ...]) -> str:
    return (
        '<ul style="margin-top:0; margin-bottom:4px">'
        + "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        + "</ul>"
    )
