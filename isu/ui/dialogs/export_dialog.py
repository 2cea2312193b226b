"""The export dialog: choose what leaves the unit, preview it, then write the package.

Preview and export run on a worker thread (a one-thread ``QThreadPool``); results and
progress come back through queued signals, so the dialog never blocks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from isu.errors import IsuError
from isu.export.kanon import DEFAULT_L
from isu.export.labels import privacy_label, type_label
from isu.services import export_preview, exports
from isu.services.workspace import Workspace
from isu.ui.dialog_parts import action_row, push_button, wrapped_label


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    """Runs ``work(progress)`` off the GUI thread and reports through ``signals``."""

    def __init__(self, work: Callable[[Callable[[int, int], None]], Any], signals: _Signals):
        super().__init__()
        self.setAutoDelete(True)
        self._work, self._signals = work, signals

    def run(self) -> None:
        try:
            result = self._work(self._signals.progress.emit)
        except BaseException as exc:  # handed to the GUI thread, never swallowed
            self._signals.failed.emit(exc)
        else:
            self._signals.done.emit(result)


class PreviewModel(QAbstractTableModel):
    """Variables leaving the unit, then those removed, with the reason."""

    def __init__(self, lang: str, parent: QObject | None = None):
        super().__init__(parent)
        self._lang = lang
        self._rows: list[tuple[str, str, str, str, str]] = []

    def set_preview(self, preview: exports.ExportPreview | None) -> None:
        self.beginResetModel()
        self._rows = []
        if preview is not None:
            sv = self._lang == "sv"
            leaves = self.tr("Leaves")
            lang = self._lang
            self._rows += [
                (
                    v.code,
                    v.label_sv if sv else v.label_en,
                    type_label(v.type, lang),
                    privacy_label(v.privacy, lang),
                    leaves,
                )
                for v in preview.variables
            ]
            self._rows += [
                (r.code, r.label_sv if sv else r.label_en, "", "", r.reason_text(self._lang))
                for r in preview.removed
            ]
        self.endResetModel()

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Code"), self.tr("Label"), self.tr("Type"), self.tr("Privacy"),
                self.tr("What happens"))  # fmt: skip

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._rows[index.row()][index.column()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < 5:
            return self.headers()[section]
        return None


class ExportDialog(QDialog):
    previewed = Signal(object)  # ExportPreview
    exported = Signal(object)  # WrittenPackage

    def __init__(
        self, ws: Workspace, lang: str = "sv", parent: QWidget | None = None, *, k: int = 5
    ):
        super().__init__(parent)
        self.ws, self.lang = ws, lang
        self.setWindowTitle(self.tr("Export data"))
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.progress.connect(self._on_progress)
        self._signals.failed.connect(self._on_failed)
        self._on_done: Callable[[Any], None] = lambda _result: None
        self._signals.done.connect(lambda result: self._on_done(result))
        self._build(k)

    # -- layout
    def _build(self, k: int) -> None:
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(self.tr("Aggregated tables"), "aggregate")
        self.kind_combo.addItem(self.tr("Record level (anonymised)"), "records")
        today = dt.date.today()
        self.from_edit = QDateEdit(QDate(today.year - 1, 1, 1))
        self.to_edit = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.k_spin = QSpinBox()
        self.k_spin.setRange(1, 100)
        self.k_spin.setValue(k)
        self.l_spin = QSpinBox()
        self.l_spin.setRange(exports.MIN_L, exports.MAX_L)
        self.l_spin.setValue(DEFAULT_L)
        self.stable_check = QCheckBox(self.tr("Same export id for a case in every export"))
        self.key_edit = QLineEdit()
        self.key_edit.setPlaceholderText(self.tr("None: the package is not sealed"))
        self.out_edit = QLineEdit()
        form = QFormLayout()
        form.addRow(self.tr("&Kind:"), self.kind_combo)
        form.addRow(self.tr("&From:"), self.from_edit)
        form.addRow(self.tr("&To:"), self.to_edit)
        form.addRow(self.tr("&k (smallest group):"), self.k_spin)
        form.addRow(self.tr("&l (different sensitive values per group):"), self.l_spin)
        form.addRow("", self.stable_check)
        form.addRow(self.tr("&Recipient's public key:"), self._with_browse(self.key_edit, False))
        form.addRow(self.tr("&Output file:"), self._with_browse(self.out_edit, True))
        self.preview_button = push_button(self.tr("&Preview"), self.start_preview)
        self.export_button = push_button(self.tr("&Export"), self.start_export)
        self.export_button.setEnabled(False)
        close_button = push_button(self.tr("Close"), self.reject)
        buttons = action_row(self.preview_button, self.export_button, close_button)
        self.progress = QProgressBar()
        self.progress.setRange(0, 4)
        self.progress.hide()
        self.model = PreviewModel(self.lang, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        self.summary.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.summary.setMinimumHeight(120)
        self.message = wrapped_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(QLabel(self.tr("Preview")))
        layout.addWidget(self.table, 3)
        layout.addWidget(self.summary, 2)
        layout.addWidget(self.message)
        self._fit_to_screen()

    def _fit_to_screen(self) -> None:
        """Open large enough for the preview's columns, yet inside the screen (1024×768 up)."""
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 1180, 760
        if screen is not None:
            width = min(width, screen.width() - 40)
            height = min(height, screen.height() - 60)
        self.resize(width, height)

    def _fit_columns(self) -> None:
        """Code, type and privacy class as wide as their text; the label and what happens
        share the rest (the last column stretches), never narrower than their headers."""
        header = self.table.horizontalHeader()
        self.table.resizeColumnsToContents()
        room = self.table.viewport().width()
        fixed = sum(header.sectionSize(c) for c in (0, 2, 3))
        label = max(header.sectionSizeHint(1), min(header.sectionSize(1), (room - fixed) // 2))
        header.resizeSection(1, label)
        for signal in (
            self.kind_combo.currentIndexChanged,
            self.from_edit.dateChanged,
            self.to_edit.dateChanged,
            self.k_spin.valueChanged,
            self.l_spin.valueChanged,
            self.stable_check.toggled,
        ):
            signal.connect(self._invalidate)

    def _with_browse(self, edit: QLineEdit, saving: bool) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        button = push_button(self.tr("Browse…"), lambda: self._browse(edit, saving))
        row.addWidget(button)
        return box

    def _browse(self, edit: QLineEdit, saving: bool) -> None:
        if saving:
            name, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save export"), edit.text(), self.tr("Export package (*.isux)")
            )
        else:
            name, _ = QFileDialog.getOpenFileName(
                self, self.tr("Recipient's public key"), edit.text(), self.tr("Key (*.pem *.pub)")
            )
        if name:
            edit.setText(name)

    # -- the request
    def request(self) -> exports.ExportRequest:
        return exports.ExportRequest(
            self.kind_combo.currentData(),
            self.from_edit.date().toPython(),
            self.to_edit.date().toPython(),
            k=self.k_spin.value(),
            stable_ids=self.stable_check.isChecked(),
            l=self.l_spin.value(),
        )

    def _invalidate(self, *_args: object) -> None:
        self.export_button.setEnabled(False)

    # -- preview and export
    def start_preview(self) -> None:
        try:
            request = self.request()
        except IsuError as exc:
            self._show_error(exc)
            return
        self._run(lambda progress: exports.preview_export(self.ws, request, progress), self._shown)

    def start_export(self) -> None:
        out = self.out_edit.text().strip()
        if not out:
            self.message.setText(self.tr("Choose an output file."))
            return
        try:
            request = self.request()
            key_path = self.key_edit.text().strip()
            key = Path(key_path).read_bytes() if key_path else None
        except IsuError as exc:
            self._show_error(exc)
            return
        except OSError:
            self.message.setText(self.tr("The key file cannot be read."))
            return
        self._run(
            lambda progress: exports.write_export(self.ws, request, Path(out), key, progress),
            self._written,
        )

    def _run(self, work: Callable, on_done: Callable[[Any], None]) -> None:
        self._on_done = on_done
        self.preview_button.setEnabled(False)
        self.export_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        self.message.setText(self.tr("Working…"))
        self.pool.start(_Task(work, self._signals))

    def _finish(self) -> None:
        self.progress.hide()
        self.preview_button.setEnabled(True)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _shown(self, preview: exports.ExportPreview) -> None:
        self._finish()
        self.model.set_preview(preview)
        self._fit_columns()
        self.summary.setPlainText("\n".join(self._summary_lines(preview)))
        self.export_button.setEnabled(preview.exportable)
        self.message.setText(
            self.tr("Check the preview, then export.")
            if preview.exportable
            else self.tr("Nothing to export: too few cases in the period.")
        )
        self.previewed.emit(preview)

    def _summary_lines(self, preview: exports.ExportPreview) -> list[str]:
        lines = [self.tr("k = %1; cases in the period: %2").replace("%1", str(preview.k))
                 .replace("%2", str(preview.cases_in))]  # fmt: skip
        lines += [self.tr("%1: %2 rows").replace("%1", n).replace("%2", str(c))
                  for n, c in preview.rows]  # fmt: skip
        if preview.kind == "records":
            lines.append(self.tr("Generalised records: %1").replace("%1", str(preview.generalised)))
            lines.append(self.tr("Suppressed records: %1").replace("%1", str(preview.suppressed)))
            lines += [
                self.tr("%1 generalised to level %2 of %3")
                .replace("%1", g.column)
                .replace("%2", str(g.level))
                .replace("%3", str(g.height))
                + f" – {g.what.get(self.lang)}"
                for g in preview.generalisations
                if g.level
            ]
            lines += export_preview.stats_lines(preview, self.lang)
        else:
            lines.append(self.tr("Hidden cells: %1").replace("%1", str(preview.suppressed)))
        rules = export_preview.rule_lines(preview, self.lang)
        lines += [self.tr("Rule: %1").replace("%1", rule) for rule in rules]
        return lines

    def _written(self, written) -> None:
        self._finish()
        self.export_button.setEnabled(True)
        sealed = self.tr(" (sealed)") if written.sealed else ""
        self.message.setText(
            self.tr("Written to %1%2. SHA-256: %3")
            .replace("%1", str(written.path))
            .replace("%2", sealed)
            .replace("%3", written.sha256)
        )
        self.exported.emit(written)

    def _on_failed(self, exc: BaseException) -> None:
        self._finish()
        if isinstance(exc, IsuError):
            self._show_error(exc)
        else:
            self.message.setText(self.tr("Unexpected error: %1").replace("%1", repr(exc)))

    def _show_error(self, exc: IsuError) -> None:
        self.message.setText(exc.message(self.lang))

    def done(self, result: int) -> None:  # closing waits for a running export to finish
        self.pool.waitForDone()
        super().done(result)
