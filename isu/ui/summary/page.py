"""The summary page (Sammanställning): filters, Build (in the background, cancellable),
the report on screen, files (always protected) and saved definitions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from isu.domain.text import Text
from isu.errors import UserError
from isu.services import summaries
from isu.services.changes import Changes, changes_of
from isu.services.workspace import Workspace
from isu.summary.data import SummaryRequest
from isu.ui.context import UiContext
from isu.ui.summary.filters import FilterPanel
from isu.ui.summary.loading import PageOptions, ScreenReport, build_for_screen, load_options
from isu.ui.summary.results import ResultsView

FORMAT_LABELS = {"pdf": "PDF", "xlsx": "Excel (XLSX)", "csv": "CSV"}


class SummaryPage(QWidget):
    """``built`` after a report is shown; ``report_saved`` with the written path;
    ``definitions_changed`` after the saved definitions were listed again;
    ``changes_made(Changes)`` after the page changed the saved definitions (the main window
    broadcasts it and calls ``follow_changes``, which lists them again)."""

    built = Signal()
    report_saved = Signal(object)
    definitions_changed = Signal()
    changes_made = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.workspace: Workspace | None = None
        self.options = PageOptions()
        self.report: ScreenReport | None = None
        self._generation = 0  # bumped to cancel: a result from an older build is ignored
        self._building = False
        self._choose_after_refresh: str | None = None
        self._build()
        self._update_buttons()

    # -- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        self.filters = FilterPanel()
        self.filters.changed.connect(self._update_buttons)
        self.filters.form_changed.connect(self.choose_form)
        self.build_button = QPushButton(self.tr("&Build summary"))
        self.build_button.setDefault(True)
        self.build_button.clicked.connect(self.build)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # the service reports no stages: indeterminate
        self.progress.setAccessibleName(self.tr("Building the summary"))
        self.progress.setMaximumWidth(self.fontMetrics().averageCharWidth() * 24)
        self.progress.hide()
        self.state_label = QLabel()
        self.definition_combo = QComboBox()
        self.definition_combo.setAccessibleName(self.tr("Saved summaries"))
        self.definition_combo.setMinimumContentsLength(16)
        self.definition_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.definition_combo.currentIndexChanged.connect(lambda _i: self._update_buttons())
        self.load_button = QPushButton(self.tr("L&oad"))
        self.load_button.clicked.connect(lambda: self.load_definition(self._chosen_definition()))
        self.delete_button = QPushButton(self.tr("D&elete…"))
        self.delete_button.clicked.connect(self._ask_delete)
        self.save_definition_button = QPushButton(self.tr("Save defi&nition…"))
        self.save_definition_button.clicked.connect(self._ask_definition_name)
        actions = QHBoxLayout()
        for widget in (self.build_button, self.cancel_button, self.progress, self.state_label):
            actions.addWidget(widget)
        actions.addStretch(1)
        saved_label = QLabel(self.tr("Saved summar&ies:"))
        saved_label.setBuddy(self.definition_combo)
        for widget in (
            saved_label,
            self.definition_combo,
            self.load_button,
            self.delete_button,
            self.save_definition_button,
        ):
            actions.addWidget(widget)
        self.save_buttons: dict[str, QPushButton] = {}
        files = QHBoxLayout()
        files.addWidget(QLabel(self.tr("Save the protected summary as:")))
        for fmt, text in (
            ("pdf", self.tr("PDF…")),
            ("xlsx", self.tr("E&xcel (XLSX)…")),
            ("csv", self.tr("CSV…")),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, fmt=fmt: self._ask_save(fmt))
            self.save_buttons[fmt] = button
            files.addWidget(button)
        files.addStretch(1)
        self.results = ResultsView(self.ctx.lang)
        self.placeholder = QLabel(self.tr("Choose filters and press Build summary."))
        self.placeholder.setObjectName("missingText")
        self.result_stack = QStackedWidget()
        self.result_stack.addWidget(self.placeholder)
        self.result_stack.addWidget(self.results)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addLayout(actions)
        layout.addLayout(files)
        layout.addWidget(self.result_stack, 1)

    def _update_buttons(self) -> None:
        has_ws = self.workspace is not None
        valid = self.filters.request_or_none() is not None
        self.build_button.setEnabled(has_ws and valid and not self._building)
        self.cancel_button.setEnabled(self._building)
        self.cancel_button.setVisible(self._building)
        has_definition = self._chosen_definition() is not None
        self.load_button.setEnabled(has_ws and has_definition)
        self.delete_button.setEnabled(has_ws and has_definition)
        self.save_definition_button.setEnabled(has_ws and valid)
        for button in self.save_buttons.values():
            button.setEnabled(has_ws and self.report is not None)

    # -- session -------------------------------------------------------------------------------
    def set_workspace(self, workspace: Workspace | None) -> None:
        """None when the window locks: every figure leaves the screen."""
        self.workspace = workspace
        self.cancel()
        self.report = None
        self.results.clear()
        self.result_stack.setCurrentWidget(self.placeholder)
        self.state_label.clear()
        if workspace is not None:
            lang = self.ctx.lang
            self._submit(lambda: load_options(workspace, lang), self._apply_options)
        self._update_buttons()

    def _submit(self, work, on_done, on_error=None) -> None:
        """Run ``work`` on the database worker; its answer is dropped if the user signed out
        or locked meanwhile (the workspace it ran on is gone)."""
        workspace = self.workspace

        def done(result: object) -> None:
            if self.workspace is workspace:
                on_done(result)

        def failed(exc: BaseException) -> None:
            if self.workspace is workspace:
                (on_error or self._show_error)(exc)

        self.ctx.executor.submit(work, done, failed)

    def choose_form(self, form_id: str) -> None:
        """Load the choices of another form (its genders, age bands, versions)."""
        workspace, lang = self.workspace, self.ctx.lang
        if workspace is None:
            return
        self.report = None
        self.results.clear()
        self.result_stack.setCurrentWidget(self.placeholder)
        self._submit(lambda: load_options(workspace, lang, form_id), self._apply_options)
        self._update_buttons()

    def follow_changes(self, changes: Changes) -> None:
        """From the main window's broadcast: new settings may change k and who sees exact
        counts, so the report on screen goes and the choices are read again; new forms or
        users change the choices; saved definitions are listed again."""
        if self.workspace is None:
            return
        if changes.settings:
            self._drop_report()
        if changes.settings or changes.forms or changes.users:
            workspace, lang, form_id = self.workspace, self.ctx.lang, self.options.form_id
            self._submit(lambda: load_options(workspace, lang, form_id), self._apply_options)
        if changes.summaries_saved:
            choose, self._choose_after_refresh = self._choose_after_refresh, None
            self._refresh_definitions(choose)

    def _drop_report(self) -> None:
        self.report = None
        self.results.clear()
        self.result_stack.setCurrentWidget(self.placeholder)
        self._update_buttons()

    def _apply_options(self, options: PageOptions) -> None:
        self.options = options
        self.filters.set_options(options)
        self._fill_definitions(options.definitions)

    def _show_error(self, exc: BaseException) -> None:
        self.ctx.errors.show(exc, self)

    # -- building ------------------------------------------------------------------------------
    @property
    def is_building(self) -> bool:
        return self._building

    def _request(self) -> SummaryRequest | None:
        """What the filters ask for; None, with the reason shown, when they ask nothing valid."""
        try:
            return self.filters.request()
        except UserError as exc:
            self._show_error(exc)
            return None

    def build(self) -> None:
        if self.workspace is None or self._building:
            return
        if (request := self._request()) is None:
            return
        workspace = self.workspace
        self._generation += 1
        generation = self._generation
        self._set_building(True)
        self.state_label.setText(self.tr("Building…"))
        self._submit(
            lambda: build_for_screen(workspace, request),
            lambda result: self._built(generation, result),
            lambda exc: self._build_failed(generation, exc),
        )

    def cancel(self) -> None:
        """Stop waiting for the running build; its result, when it comes, is ignored."""
        if not self._building:
            return
        self._generation += 1
        self._set_building(False)
        self.state_label.setText(self.tr("Cancelled."))

    def _set_building(self, building: bool) -> None:
        self._building = building
        self.progress.setVisible(building)
        self._update_buttons()

    def _built(self, generation: int, result: ScreenReport) -> None:
        if generation != self._generation:
            return
        self._set_building(False)
        self.report = result
        self.results.show_report(result)
        self.result_stack.setCurrentWidget(self.results)
        meta = result.report.meta
        if meta.noun == Text("ärenden", "cases"):
            self.state_label.setText(self.tr("%1 cases.").replace("%1", str(meta.n_cases)))
        else:  # the form's own unit noun ("26 kommuner.")
            self.state_label.setText(f"{meta.n_cases} {meta.noun.get(self.ctx.lang)}.")
        self._update_buttons()
        self.built.emit()

    def _build_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._set_building(False)
        self.state_label.clear()
        self._show_error(exc)

    # -- files ---------------------------------------------------------------------------------
    def _file_request(self) -> SummaryRequest:
        """Files show what the screen shows: the request of the report on screen."""
        if self.report is not None:
            return self.report.request
        return self.filters.request()

    def _ask_save(self, fmt: str) -> None:
        stem = f"sammanstallning-{dt.date.today().isoformat()}"
        if fmt == "csv":
            folder = QFileDialog.getExistingDirectory(
                self, self.tr("Choose a folder for the CSV files")
            )
            if folder:
                self.save_report(fmt, Path(folder) / stem)
            return
        caption = self.tr("Save summary as %1").replace("%1", FORMAT_LABELS[fmt])
        name_filter = self.tr("%1 files (*.%2)").replace("%1", FORMAT_LABELS[fmt])
        path, _filter = QFileDialog.getSaveFileName(
            self, caption, f"{stem}.{fmt}", name_filter.replace("%2", fmt)
        )
        if path:
            target = Path(path)
            if target.suffix.lower() != f".{fmt}":
                target = target.with_name(target.name + f".{fmt}")
            self.save_report(fmt, target)

    def save_report(self, fmt: str, path: Path) -> None:
        """Write the protected summary (never exact counts) in the background."""
        if self.workspace is None:
            return
        try:
            request = self._file_request()
        except UserError as exc:
            self._show_error(exc)
            return
        workspace, lang = self.workspace, self.ctx.lang
        self.state_label.setText(self.tr("Saving…"))
        self._submit(
            lambda: summaries.write_report(workspace, request, path, fmt, lang=lang),
            self._saved,
            self._save_failed,
        )

    def _saved(self, path: Path) -> None:
        self.state_label.setText(self.tr("Saved: %1").replace("%1", str(path)))
        self.report_saved.emit(path)

    def _save_failed(self, exc: BaseException) -> None:
        self.state_label.clear()
        self._show_error(exc)

    # -- saved definitions ---------------------------------------------------------------------
    def _chosen_definition(self) -> str | None:
        return self.definition_combo.currentData()

    def _fill_definitions(self, names: tuple[str, ...], choose: str | None = None) -> None:
        chosen = choose or self._chosen_definition()
        self.definition_combo.blockSignals(True)
        self.definition_combo.clear()
        if not names:
            self.definition_combo.addItem(self.tr("(none saved)"), None)
        for name in names:
            self.definition_combo.addItem(name, name)
        index = self.definition_combo.findData(chosen) if chosen else -1
        self.definition_combo.setCurrentIndex(max(index, 0))
        self.definition_combo.blockSignals(False)
        self._update_buttons()
        self.definitions_changed.emit()

    @property
    def definition_names(self) -> tuple[str, ...]:
        combo = self.definition_combo
        return tuple(
            combo.itemData(i) for i in range(combo.count()) if combo.itemData(i) is not None
        )

    def _refresh_definitions(self, choose: str | None = None) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        self._submit(
            lambda: tuple(d.name for d in summaries.list_definitions(workspace)),
            lambda names: self._fill_definitions(names, choose),
        )

    def _ask_definition_name(self) -> None:
        name, ok = QInputDialog.getText(
            self,
            self.tr("Save definition"),
            self.tr("Name of the saved summary:"),
            QLineEdit.EchoMode.Normal,
            self._chosen_definition() or "",
        )
        if ok:
            self.save_definition(name)

    def save_definition(self, name: str) -> None:
        """Save the filters under ``name`` (replacing the user's own one of that name)."""
        if self.workspace is None or (request := self._request()) is None:
            return
        workspace = self.workspace
        self._submit(
            lambda: summaries.save_definition(workspace, name, request),
            self._definition_saved,
        )

    def _definition_saved(self, saved) -> None:
        self._choose_after_refresh = saved.name
        self.changes_made.emit(changes_of(saved))

    def load_definition(self, name: str | None) -> None:
        """Put a saved definition's filters on the page (Build shows its report)."""
        if self.workspace is None or not name:
            return
        workspace = self.workspace

        def apply(request: SummaryRequest) -> None:
            self.filters.set_request(request)
            self.state_label.setText(self.tr("Loaded “%1”.").replace("%1", name))

        self._submit(lambda: summaries.load_definition(workspace, name), apply)

    def _ask_delete(self) -> None:
        name = self._chosen_definition()
        if name is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Delete saved summary"),
            self.tr("Delete the saved summary “%1”?").replace("%1", name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def answered(result: int) -> None:
            box.deleteLater()
            if result == QMessageBox.StandardButton.Yes:
                self.delete_definition(name)

        box.finished.connect(answered)
        box.open()

    def delete_definition(self, name: str) -> None:
        if self.workspace is None:
            return
        workspace = self.workspace
        self._submit(
            lambda: summaries.delete_definition(workspace, name),
            self.changes_made.emit,
        )
