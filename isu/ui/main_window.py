"""The main window: the case list, the case view, the lock, menus and shortcuts.

Every operation's result comes back to ``report``; the window emits ``changed(Changes)``
once, and the case list, the summary page and the window itself refresh from it
(``isu.services.changes``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from isu.domain.form import FormSpec
from isu.domain.model import CaseDetail
from isu.services import cases, forms, settings
from isu.services.case_store import SaveResult
from isu.services.changes import Changes, changes_of
from isu.services.workspace import Workspace
from isu.ui.admin_menu import add_admin_menu
from isu.ui.app_settings import save_language
from isu.ui.context import UiContext
from isu.ui.dialogs.new_case import NewCaseDialog
from isu.ui.dialogs.settings_dialog import add_settings_action
from isu.ui.dialogs.unlock import UnlockDialog
from isu.ui.formview.case_view import CaseView
from isu.ui.help import add_help_actions
from isu.ui.idle import IdleWatcher
from isu.ui.import_dialog import add_import_action
from isu.ui.summary.wiring import add_summary_page
from isu.ui.views.case_list import CaseListView
from isu.ui.window_size import fit_to_screen

DEFAULT_IDLE_MINUTES = 15
Choice = Callable[[str], None]  # "save" | "discard" | "cancel"


def load_case(workspace: Workspace, case_id: int) -> tuple[CaseDetail, FormSpec]:
    detail = cases.get_case(workspace, case_id)
    return detail, forms.get_form(workspace, detail.form_id, detail.form_version)


class MainWindow(QMainWindow):
    """``locked_changed(bool)`` when the window locks or unlocks; ``changed(Changes)`` once
    after each operation that changed something (``report``)."""

    locked_changed = Signal(bool)
    changed = Signal(object)  # isu.services.changes.Changes

    def __init__(self, ctx: UiContext, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.workspace: Workspace | None = workspace
        self.db_path: Path = workspace.path
        self.user_id = workspace.user.id
        self.case_view: CaseView | None = None
        self.new_case_dialog: NewCaseDialog | None = None
        self.unlock_dialog: UnlockDialog | None = None
        self.unsaved_prompt: QMessageBox | None = None
        self.locked = False
        self._hidden_dialogs: list[QDialog] = []
        self._closing = False
        self.idle = IdleWatcher(DEFAULT_IDLE_MINUTES, self)
        self.idle.idle.connect(self.lock)
        self._build()
        self._build_menus()
        ctx.executor.busy.connect(self._show_busy)
        fit_to_screen(self, 1200, 800)
        self._start_session(workspace)

    # -- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        self.stack = QStackedWidget()
        self.case_list = CaseListView(self.ctx)
        self.case_list.open_case.connect(self.open_case)
        self.case_list.new_case.connect(self.new_case)
        self.changed.connect(self.case_list.follow_changes)
        self.changed.connect(self._follow_changes)
        self.case_holder = QWidget()
        self.case_holder_layout = QVBoxLayout(self.case_holder)
        self.case_holder_layout.setContentsMargins(0, 0, 0, 0)
        self.locked_page = QLabel(self.tr("Locked. Sign in to continue."))
        self.locked_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for page in (self.case_list, self.case_holder, self.locked_page):
            self.stack.addWidget(page)
        self.setCentralWidget(self.stack)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(self.fontMetrics().averageCharWidth() * 20)
        self.busy_bar.setAccessibleName(self.tr("Working"))
        self.busy_bar.hide()
        self.user_label = QLabel()
        self.statusBar().addPermanentWidget(self.busy_bar)
        self.statusBar().addPermanentWidget(self.user_label)

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_menus(self) -> None:
        self.new_action = self._action(self.tr("&New case…"), self.new_case, "Ctrl+N")
        self.save_action = self._action(self.tr("&Save"), self.save_case, "Ctrl+S")
        self.lock_action = self._action(self.tr("&Lock"), self.lock, "Ctrl+L")
        self.quit_action = self._action(self.tr("&Quit"), self.close, "Ctrl+Q")
        self.search_action = self._action(self.tr("&Search cases"), self.focus_search, "Ctrl+F")
        self.refresh_action = self._action(self.tr("&Refresh list"), self.case_list.refresh, "F5")
        self.close_view_action = self._action(
            self.tr("Close case &view"), self.close_case_view, "Ctrl+W"
        )
        self.close_case_action = self._action(self.tr("&Close case…"), self._close_case)
        self.reopen_action = self._action(self.tr("&Reopen case"), self._reopen_case)
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        for action in (self.new_action, self.save_action, None, self.lock_action, self.quit_action):
            file_menu.addSeparator() if action is None else file_menu.addAction(action)
        self.settings_actions = add_settings_action(self, file_menu, before=self.lock_action)
        self.import_actions = add_import_action(self, file_menu, before=self.save_action)
        case_menu = self.menuBar().addMenu(self.tr("&Case"))
        for action in (self.close_case_action, self.reopen_action, None, self.close_view_action):
            case_menu.addSeparator() if action is None else case_menu.addAction(action)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.summary_page = add_summary_page(self, view_menu)  # Ctrl+1 cases, Ctrl+2 summary
        self.summary_page.changes_made.connect(self.report)
        self.changed.connect(self.summary_page.follow_changes)
        view_menu.addAction(self.search_action)
        view_menu.addAction(self.refresh_action)
        language_menu = view_menu.addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        for code, name in (("sv", "&Svenska"), ("en", "&English")):
            action = QAction(name, group)
            action.setCheckable(True)
            action.setChecked(code == self.ctx.lang)
            action.triggered.connect(lambda _c=False, code=code: self._choose_language(code))
            language_menu.addAction(action)
        self.admin_actions = add_admin_menu(self)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self._action(self.tr("&About ISU"), self._about))
        self.help_actions = add_help_actions(self, help_menu, before=help_menu.actions()[0])
        self._update_actions()

    def _update_actions(self) -> None:
        has_case = self.case_view is not None and not self.locked
        closed = has_case and self.case_view.detail.status.value == "closed"
        for action, enabled in (
            (self.save_action, has_case),
            (self.close_view_action, has_case),
            (self.close_case_action, has_case and not closed),
            (self.reopen_action, has_case and closed),
            (self.new_action, not self.locked),
            (self.search_action, not self.locked),
            (self.refresh_action, not self.locked),
        ):
            action.setEnabled(enabled)
        self._update_title()

    def _update_title(self) -> None:
        if self.locked:
            self.setWindowTitle(self.tr("ISU – Locked"))
            return
        title = "ISU"
        if self.case_view is not None:
            title = self.tr("ISU – case %1").replace("%1", self.case_view.detail.case_number)
        self.setWindowTitle(f"{title}[*]")
        self.setWindowModified(self.case_view is not None and self.case_view.dirty)

    # -- session -------------------------------------------------------------------------------
    def _start_session(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.user_id = workspace.user.id
        self.user_label.setText(
            self.tr("Signed in: %1 (%2)")
            .replace("%1", workspace.user.name)
            .replace("%2", workspace.user.role.label(self.ctx.lang))
        )
        self.case_list.set_workspace(workspace)
        self.ctx.executor.submit(lambda: settings.load(workspace), self.apply_settings)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self.idle.restart()

    def apply_settings(self, current: settings.DatabaseSettings) -> None:
        self.idle.set_minutes(current.idle_lock_minutes)

    # -- changes -------------------------------------------------------------------------------
    def report(self, result: object) -> None:
        """Broadcast what an operation changed (a ``Changes`` or a service result carrying
        one), once; nothing when it changed nothing."""
        changes = changes_of(result)
        if changes:
            self.changed.emit(changes)

    def _follow_changes(self, changes: Changes) -> None:
        if changes.cases:
            self._update_actions()  # closing or reopening the open case

    def _show_busy(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)
        if busy:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        else:
            QApplication.restoreOverrideCursor()

    def focus_search(self) -> None:
        if self.case_view is not None:
            self.close_case_view(then=self.case_list.focus_search)
        else:
            self.case_list.focus_search()

    # -- cases ---------------------------------------------------------------------------------
    def new_case(self) -> NewCaseDialog | None:
        if self.locked or self.workspace is None:
            return None
        dialog = NewCaseDialog(self.ctx, self.workspace, self)
        dialog.created.connect(self._case_created)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.new_case_dialog = dialog
        dialog.open()
        return dialog

    def _case_created(self, result: SaveResult) -> None:
        self.report(result)
        self.open_case(result.case_id)

    def open_case(self, case_id: int) -> None:
        def go(choice: str) -> None:
            if choice == "cancel" or self.workspace is None:
                return
            workspace = self.workspace
            self.ctx.executor.submit(lambda: load_case(workspace, case_id), self._show_case)

        if self.case_view is not None and self.case_view.detail.id == case_id:
            self.stack.setCurrentWidget(self.case_holder)
            return
        self.resolve_unsaved(go)

    def _show_case(self, loaded: tuple[CaseDetail, FormSpec]) -> None:
        detail, spec = loaded
        if self.workspace is None:
            return
        if self.case_view is not None and self.case_view.can_show(spec):
            self._show_in_same_view(detail)  # rebuilding the tabs costs far more
            return
        self._drop_case_view()
        view = CaseView(self.ctx, self.workspace, detail, spec)
        view.dirty_changed.connect(lambda _d: self._update_title())
        view.saved.connect(self._case_saved)
        view.changes_made.connect(self.report)
        self.case_view = view
        self.case_holder_layout.addWidget(view)
        self.stack.setCurrentWidget(self.case_holder)
        view.tabs.setFocus()
        self._update_actions()

    def _show_in_same_view(self, detail: CaseDetail) -> None:
        view = self.case_view
        assert view is not None and self.workspace is not None
        view.set_workspace(self.workspace)
        view.show_case(detail)
        self.stack.setCurrentWidget(self.case_holder)
        view.tabs.setFocus()
        self._update_actions()
        self._update_title()

    def _case_saved(self, result: SaveResult) -> None:
        self.statusBar().showMessage(
            self.tr("Saved. Warnings: %1.").replace("%1", str(result.warnings)), 5000
        )
        self.report(result)
        self._update_title()

    def save_case(self) -> None:
        if self.case_view is not None and not self.locked:
            self.case_view.save()

    def _close_case(self) -> None:
        if self.case_view is not None:
            self.case_view.ask_close_case()

    def _reopen_case(self) -> None:
        if self.case_view is not None:
            self.case_view.reopen_case()

    def close_case_view(self, then: Callable[[], None] | None = None) -> None:
        def go(choice: str) -> None:
            if choice == "cancel":
                return
            self._drop_case_view()
            self.stack.setCurrentWidget(self.case_list)
            self.case_list.table.setFocus()
            self._update_actions()
            if then is not None:
                then()

        self.resolve_unsaved(go)

    def _drop_case_view(self) -> None:
        if self.case_view is not None:
            self.case_holder_layout.removeWidget(self.case_view)
            self.case_view.hide()
            self.case_view.deleteLater()
            self.case_view = None

    # -- unsaved changes -----------------------------------------------------------------------
    def resolve_unsaved(self, then: Choice) -> None:
        """Ask save / discard / cancel when the open case has unsaved edits, then call
        ``then`` with the choice ("save" only after the save succeeded)."""
        view = self.case_view
        if view is None or not view.dirty:
            then("discard")
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Unsaved changes"),
            self.tr("Case %1 has unsaved changes. Save them?").replace(
                "%1", view.detail.case_number
            ),
            parent=self,
        )
        save = box.addButton(self.tr("&Save"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(self.tr("&Discard"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.setEscapeButton(cancel)

        def answered(_result: int) -> None:
            clicked = box.clickedButton()
            self.unsaved_prompt = None
            box.deleteLater()
            if clicked is save:
                view.save(lambda ok: then("save") if ok else None)
            elif clicked is discard:
                then("discard")
            else:
                then("cancel")

        box.finished.connect(answered)
        self.unsaved_prompt = box
        box.open()

    # -- locking -------------------------------------------------------------------------------
    def lock(self) -> UnlockDialog | None:
        """Hide every piece of data and ask for the password again. Unsaved input stays in
        memory (the case view is only hidden) for the same user."""
        if self.locked or self.workspace is None:
            return self.unlock_dialog
        self.locked = True
        self.idle.stop()
        username = self.workspace.user.username
        self._hidden_dialogs = [d for d in self.findChildren(QDialog) if d.isVisible()]
        for dialog in self._hidden_dialogs:
            dialog.hide()
        self.case_list.set_workspace(None)
        self.stack.setCurrentWidget(self.locked_page)
        old = self.workspace
        self.workspace = None
        self.ctx.executor.submit(old.close)  # after any queued work; drops the engines
        self._update_actions()
        self.locked_changed.emit(True)
        self._ask_unlock(username)
        return self.unlock_dialog

    def _ask_unlock(self, username: str) -> None:
        dialog = UnlockDialog(
            self.ctx, self.db_path, prefill_user=username, locked_by=username, parent=self
        )
        dialog.unlocked.connect(self._unlocked)
        dialog.rejected.connect(self._quit_from_lock)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.unlock_dialog = dialog
        dialog.open()

    def _unlocked(self, workspace: Workspace) -> None:
        self.unlock_dialog = None
        if workspace.user.id == self.user_id:
            self._resume(workspace, keep_case=True)
            return
        view = self.case_view
        if view is None or not view.dirty:
            self._resume(workspace, keep_case=False)
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Another user"),
            self.tr(
                "The previous user has unsaved changes in case %1. They will"
                " be discarded. Continue?"
            ).replace("%1", view.detail.case_number),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self,
        )

        def answered(result: int) -> None:
            self.unsaved_prompt = None
            box.deleteLater()
            if result == QMessageBox.StandardButton.Discard:
                self._resume(workspace, keep_case=False)
            else:
                self.ctx.executor.submit(workspace.close)
                self._ask_unlock("")

        box.finished.connect(answered)
        self.unsaved_prompt = box
        box.open()

    def _resume(self, workspace: Workspace, *, keep_case: bool) -> None:
        self.locked = False
        if keep_case and self.case_view is not None:
            self.case_view.set_workspace(workspace)
        else:
            self._drop_case_view()
            self._hidden_dialogs = []
        self._start_session(workspace)
        self.stack.setCurrentWidget(self.case_holder if self.case_view else self.case_list)
        for dialog in self._hidden_dialogs:
            dialog.show()
        self._hidden_dialogs = []
        self._update_actions()
        self.locked_changed.emit(False)

    def _quit_from_lock(self) -> None:
        if self.locked and self.unlock_dialog is not None:
            self.unlock_dialog = None
            self._closing = True
            self.close()

    # -- leaving -------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing or self.case_view is None or not self.case_view.dirty:
            self._shut_down()
            event.accept()
            return
        event.ignore()

        def go(choice: str) -> None:
            if choice != "cancel":
                self._closing = True
                self.close()

        self.resolve_unsaved(go)

    def _shut_down(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        self.idle.stop()
        self.ctx.executor.wait_idle()
        if self.workspace is not None:
            self.workspace.close()
            self.workspace = None

    def _choose_language(self, code: str) -> None:
        save_language(self.ctx.paths.settings_file, code)
        QMessageBox.information(
            self, "ISU", self.tr("The language changes the next time the program starts.")
        )

    def _about(self) -> None:
        from isu import __version__

        QMessageBox.about(
            self,
            self.tr("About ISU"),
            self.tr(
                "ISU %1 – individual-based systematic follow-up for social intervention groups."
            ).replace("%1", __version__),
        )
