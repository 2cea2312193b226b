"""File → Import cases…: choose a CSV or XLSX file and a form, see every problem as row,
column and message, then import all cases in one go (with a progress dialog that can cancel:
a cancel saves nothing).

The check and the import run on the database worker; the services decide who may import.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressDialog,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from isu.domain.roles import Permission
from isu.errors import IsuError
from isu.services import case_import, forms
from isu.services.workspace import Workspace
from isu.ui.context import UiContext
from isu.ui.dialog_parts import action_row, push_button, stretch_row, wrapped_label
from isu.ui.dialogs.new_case import latest_versions

if TYPE_CHECKING:
    from isu.ui.window_api import WindowApi

PROGRESS_DELAY_MS = 500


class ProblemsModel(QAbstractTableModel):
    """The check's problems: row, column, message (warnings say so)."""

    def __init__(self, lang: str, parent: QObject | None = None):
        super().__init__(parent)
        self._lang = lang
        self._rows: list[tuple[str, str, str]] = []

    def set_check(self, check: case_import.ImportCheck | None) -> None:
        self.beginResetModel()
        warning = self.tr("Warning: ")
        self._rows = [
            (
                str(p.row) if p.row else "",
                p.column,
                (warning if p.warning else "") + p.message.get(self._lang),
            )
            for p in (check.problems if check is not None else ())
        ]
        self.endResetModel()

    def headers(self) -> tuple[str, str, str]:
        return self.tr("Row"), self.tr("Column"), self.tr("Message")

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        return self._rows[index.row()][index.column()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return self.headers()[section] if 0 <= section < 3 else None


class _Relay(QObject):
    """Progress from the worker thread, delivered (queued) on the GUI thread."""

    step = Signal(int, int)


class ImportDialog(QDialog):
    checked = Signal(object)  # ImportCheck
    imported = Signal(object)  # ImportResult

    def __init__(self, ctx: UiContext, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.workspace = ctx, workspace
        self.check: case_import.ImportCheck | None = None
        self.progress_dialog: QProgressDialog | None = None
        self._cancel = threading.Event()
        self._close_when_done: int | None = None
        self.closed = False  # results of work still queued when the dialog closed are dropped
        self._relay = _Relay(self)
        self._relay.step.connect(self._on_step)
        self.setWindowTitle(self.tr("Import cases"))
        self._build()
        ctx.executor.submit(lambda: forms.list_forms(workspace), self._forms_loaded, self._failed)

    # -- layout ---------------------------------------------------------------------------------
    def _build(self) -> None:
        self.file_edit = QLineEdit()
        self.file_edit.setAccessibleName(self.tr("File"))
        self.file_edit.setPlaceholderText(self.tr("A CSV or XLSX file, one row per case"))
        browse = push_button(self.tr("&Browse…"), self.browse)
        file_row = stretch_row(self.file_edit, browse)
        self.form_combo = QComboBox()
        self.form_combo.setAccessibleName(self.tr("Form"))
        form = QFormLayout()
        form.addRow(self._buddy(self.tr("&File:"), self.file_edit), file_row)
        form.addRow(self._buddy(self.tr("F&orm:"), self.form_combo), self.form_combo)
        hint = wrapped_label(
            self.tr(
                "Row 1 holds the form's question codes (and case_number; numbers are suggested"
                " where it is empty). Values as in the records export: choice codes, several"
                " joined by |, dates as YYYY-MM-DD, a missing reason by its code."
            )
        )
        self.check_button = push_button(self.tr("&Check file"), self.start_check)
        self.import_button = push_button(self.tr("&Import"), self.start_import)
        self.import_button.setEnabled(False)
        close_button = push_button(self.tr("Close"), self.reject)
        buttons = action_row(self.check_button, self.import_button, close_button)
        self.model = ProblemsModel(self.ctx.lang, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Problems found"))
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.summary = wrapped_label()
        self.message = wrapped_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.resize(self.fontMetrics().averageCharWidth() * 130, 560)

    def _buddy(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(widget)
        return label

    def _forms_loaded(self, published: list[forms.PublishedForm]) -> None:
        if self.closed:
            return
        for item in latest_versions(published):
            title = item.title_sv if self.ctx.lang == "sv" else item.title_en
            self.form_combo.addItem(f"{title} ({item.form_id} v{item.version})", item.form_id)
        if self.form_combo.count() == 0:
            self.message.setText(self.tr("No form is published yet."))
            self.check_button.setEnabled(False)

    def browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import cases"),
            self.file_edit.text(),
            self.tr("Tables (*.csv *.xlsx)"),
        )
        if name:
            self.file_edit.setText(name)

    def set_workspace(self, workspace: Workspace) -> None:
        """After the same user unlocks again: the new handle on the database."""
        self.workspace = workspace

    # -- checking -------------------------------------------------------------------------------
    def start_check(self) -> None:
        path, form_id = self.file_edit.text().strip(), self.form_combo.currentData()
        if not path:
            self.message.setText(self.tr("Choose a file."))
            return
        self._set_check(None)
        self.check_button.setEnabled(False)
        self.message.setText(self.tr("Checking…"))
        workspace = self.workspace
        self.ctx.executor.submit(
            lambda: case_import.check_import(workspace, path, form_id), self._checked, self._failed
        )

    def _checked(self, check: case_import.ImportCheck) -> None:
        if self.closed:
            return
        self.check_button.setEnabled(True)
        self._set_check(check)
        self.summary.setText(self._summary_text(check))
        if not check.ok:
            self.message.setText(self.tr("Fix the errors in the file and check it again."))
        elif not check.cases:
            self.message.setText(self.tr("The file has no rows to import."))
        else:
            self.message.setText(self.tr("Nothing has been saved yet."))
        self.checked.emit(check)

    def _set_check(self, check: case_import.ImportCheck | None) -> None:
        self.check = check
        self.model.set_check(check)
        self.import_button.setEnabled(check is not None and check.ok and bool(check.cases))
        if check is None:
            self.summary.clear()

    def _summary_text(self, check: case_import.ImportCheck) -> str:
        return (
            self.tr("%1 rows checked: %2 errors, %3 warnings. %4 case numbers will be suggested.")
            .replace("%1", str(check.rows))
            .replace("%2", str(len(check.errors)))
            .replace("%3", str(len(check.warnings)))
            .replace("%4", str(check.generated_numbers))
        )

    # -- importing ------------------------------------------------------------------------------
    def start_import(self) -> None:
        check = self.check
        if check is None or not check.ok or not check.cases:
            return
        self.import_button.setEnabled(False)
        self.check_button.setEnabled(False)
        self._cancel.clear()
        dialog = QProgressDialog(
            self.tr("Importing %1 cases…").replace("%1", str(len(check.cases))),
            self.tr("Cancel"),
            0,
            len(check.cases),
            self,
        )
        dialog.setWindowTitle(self.tr("Import cases"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._cancel.set)
        dialog.setValue(0)
        self.progress_dialog = dialog
        workspace, cancel, relay = self.workspace, self._cancel, self._relay

        def progress(done: int, total: int) -> bool:  # on the worker thread
            relay.step.emit(done, total)
            return not cancel.is_set()

        self.ctx.executor.submit(
            lambda: case_import.write_import(workspace, check, progress=progress),
            self._imported,
            self._import_failed,
        )

    def _on_step(self, done: int, total: int) -> None:
        if self.closed:
            return
        if self.progress_dialog is not None and not self._cancel.is_set():
            self.progress_dialog.setMaximum(total)
            self.progress_dialog.setValue(done)

    def _close_progress(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.disconnect(self._cancel.set)
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None
        self.check_button.setEnabled(True)
        if self._close_when_done is not None:
            result, self._close_when_done = self._close_when_done, None
            self.closed = True
            super().done(result)

    def _imported(self, result: case_import.ImportResult) -> None:
        if self.closed:
            return
        self._close_progress()
        self._set_check(None)
        self.message.setText(
            self.tr("%1 cases imported (%2 closed, %3 with warnings).")
            .replace("%1", str(result.created))
            .replace("%2", str(result.closed))
            .replace("%3", str(result.with_warnings))
        )
        self.imported.emit(result)

    def _import_failed(self, exc: BaseException) -> None:
        if self.closed:
            return
        self._close_progress()
        self.import_button.setEnabled(self.check is not None and self.check.ok)
        self._failed(exc)

    def _failed(self, exc: BaseException) -> None:
        if self.closed:
            return
        self.check_button.setEnabled(self.form_combo.count() > 0)
        if isinstance(exc, IsuError):
            self.message.setText(exc.message(self.ctx.lang))
        else:
            self.ctx.errors.show(exc, self)

    def done(self, result: int) -> None:
        """Closing during an import cancels it (nothing is saved); the dialog closes when
        the worker has rolled back."""
        if self.progress_dialog is not None:
            self._cancel.set()
            self._close_when_done = result
            return
        self.closed = True
        super().done(result)


class ImportActions(QObject):
    """File → Import cases… on the main window: one dialog at a time, which follows the
    lock (the same user gets it back after unlocking; for another user it is closed)."""

    def __init__(self, window: WindowApi, menu: QMenu, before: QAction | None = None):
        super().__init__(window)
        self.window = window
        self.dialog: ImportDialog | None = None
        self.action = QAction(self.tr("&Import cases…"), window)
        self.action.triggered.connect(lambda _checked=False: self.open())
        menu.insertAction(before, self.action)
        window.locked_changed.connect(self.follow_lock)
        self.follow_lock(window.locked)

    def open(self) -> ImportDialog | None:
        window = self.window
        if window.locked or window.workspace is None:
            return None
        if self.dialog is None:
            dialog = ImportDialog(window.ctx, window.workspace, window)
            dialog.imported.connect(window.report)  # an ImportResult, with its changes
            dialog.finished.connect(lambda _result: self._forget(dialog))
            self.dialog = dialog
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def _forget(self, dialog: ImportDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def follow_lock(self, locked: bool) -> None:
        workspace = self.window.workspace
        allowed = workspace is not None and workspace.can(Permission.REGISTER_CASES)
        self.action.setEnabled(not locked and allowed)
        dialog = self.dialog
        if locked or dialog is None or workspace is None:
            return
        if workspace.user.id == dialog.workspace.user.id:
            dialog.set_workspace(workspace)
            dialog.show()
        else:  # another user signed in: the previous user's file and problems are dropped
            self.dialog = None
            dialog.hide()
            dialog.deleteLater()


def add_import_action(
    window: WindowApi, menu: QMenu, before: QAction | None = None
) -> ImportActions:
    return ImportActions(window, menu, before)
