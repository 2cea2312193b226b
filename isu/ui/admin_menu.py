"""The Administration menu: export, the form editor, users, backup, restore, retention; and
Case → Erase case for administrators.

Shown to everyone but enabled only for roles that may use it; every action asks the services,
which check the role again. Long work (backup, restore, retention) runs in the worker."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox

from isu.domain.roles import Permission
from isu.errors import IsuError
from isu.services import settings
from isu.services.changes import USERS

if TYPE_CHECKING:
    from isu.ui.window_api import WindowApi


class AdminActions(QObject):
    def __init__(self, window: WindowApi):
        super().__init__(window)
        self.window = window
        menu = window.menuBar().addMenu(self.tr("&Administration"))
        self.export_action = self._add(menu, self.tr("&Export to Socialstyrelsen…"), self.export)
        self.editor_action = self._add(menu, self.tr("&Form editor…"), self.form_editor)
        self.users_action = self._add(menu, self.tr("&Users…"), self.users)
        menu.addSeparator()
        self.backup_action = self._add(menu, self.tr("&Back up database…"), self.backup)
        self.restore_action = self._add(menu, self.tr("&Restore from backup…"), self.restore)
        self.retention_action = self._add(menu, self.tr("Apply re&tention rule…"), self.retention)
        self.erase_action = self._add_erase_to_case_menu()
        window.locked_changed.connect(self.follow_lock)
        window.locked_changed.connect(self._close_users_on_lock)
        self.follow_lock(window.locked)

    def _add(self, menu, text: str, slot) -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def follow_lock(self, locked: bool) -> None:
        ws = self.window.workspace
        for action, permission in (
            (self.export_action, Permission.EXPORT),
            (self.editor_action, Permission.MANAGE_FORMS),
            (self.backup_action, Permission.MAINTAIN),
            (self.restore_action, Permission.MAINTAIN),
            (self.retention_action, Permission.MAINTAIN),
            (self.users_action, Permission.MANAGE_USERS),
        ):
            action.setEnabled(not locked and ws is not None and ws.can(permission))
        self.follow_case()

    # -- actions --------------------------------------------------------------------------------
    def export(self) -> None:
        from isu.ui.dialogs.export_dialog import ExportDialog

        ws = self.window.workspace
        if ws is None:
            return
        k = settings.load(ws).k
        self.export_dialog = ExportDialog(ws, self.window.ctx.lang, self.window, k=k)
        self.export_dialog.open()

    def form_editor(self) -> None:
        try:
            from isu.ui.editor import open_form_editor
        except ImportError:
            return
        if self.window.workspace is not None:
            self.editor_window = open_form_editor(self.window.workspace, self.window)
            self.editor_window.publish_done.connect(self.window.report)

    def backup(self) -> None:
        ws = self.window.workspace
        if ws is None:
            return
        suggestion = str(self.window.ctx.paths.backup_dir / f"{ws.path.stem}.isubackup")
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            self.tr("Back up database"),
            suggestion,
            self.tr("ISU backup (*.isubackup)"),
        )
        if path:
            self.run_backup(Path(path))

    def run_backup(self, out: Path) -> None:
        from isu.services.backup import backup

        ws = self.window.workspace
        self.window.ctx.executor.submit(
            lambda: backup(ws, out),
            on_done=lambda written: self._inform(
                self.tr("The backup was written to %1.").replace("%1", str(written))
            ),
            on_error=self._error,
        )

    def restore(self) -> None:
        ws = self.window.workspace
        if ws is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Restore from backup"),
            str(self.window.ctx.paths.backup_dir),
            self.tr("ISU backup (*.isubackup)"),
        )
        if not path:
            return
        password, ok = QInputDialog.getText(
            self.window,
            self.tr("Restore from backup"),
            self.tr(
                "The backup is checked before anything is replaced, and the current database is"
                " kept beside it.\nYour password in the backup:"
            ),
            QLineEdit.EchoMode.Password,
        )
        if ok and password:
            self.run_restore(Path(path), password)

    def run_restore(self, backup_file: Path, password: str) -> None:
        from isu.services.backup import restore

        ws = self.window.workspace
        target, username = ws.path, ws.user.username
        # The window locks first: the database is replaced under it, so nothing may stay open.
        self.window.lock()
        ws.close()
        self.window.ctx.executor.submit(
            lambda: restore(backup_file, target, username=username, password=password),
            on_done=lambda result: self._inform(
                self.tr(
                    "The database was restored. The previous one is kept as %1. Unlock again"
                    " to continue."
                ).replace("%1", str(result.previous or "-"))
            ),
            on_error=self._error,
        )

    def retention(self) -> None:
        from isu.services.retention import apply_retention, preview_retention

        ws = self.window.workspace
        if ws is None:
            return
        try:
            due = preview_retention(ws)
        except IsuError as exc:
            self._error(exc)
            return
        if not due:
            self._inform(self.tr("No closed case is due for deletion under the retention rule."))
            return
        answer = QMessageBox.question(
            self.window,
            self.tr("Apply retention rule"),
            self.tr(
                "%1 closed cases are due for deletion under the retention rule. Delete them now?"
                " This cannot be undone (older backups keep them until they are rotated out)."
            ).replace("%1", str(len(due))),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.window.ctx.executor.submit(
                lambda: apply_retention(ws),
                on_done=self._retention_applied,
                on_error=self._error,
            )

    def _retention_applied(self, count) -> None:
        self.window.report(count)
        self._inform(self.tr("%1 cases were deleted.").replace("%1", str(count)))

    def _inform(self, text: str) -> None:
        # Non-modal: the message arrives from the worker while the user may be typing.
        box = QMessageBox(
            QMessageBox.Icon.Information, "ISU", text, QMessageBox.StandardButton.Ok, self.window
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _error(self, exc: BaseException) -> None:
        self.window.ctx.errors.show(exc, self.window)

    # -- users and erasure (isu.ui.dialogs.users_dialog, isu.ui.dialogs.erase_case) ----------------
    users_dialog = None

    def users(self):
        from isu.ui.dialogs.users_dialog import UsersDialog

        ws = self.window.workspace
        if ws is None or self.window.locked or not ws.can(Permission.MANAGE_USERS):
            return None
        if self.users_dialog is not None and self.users_dialog.isVisible():
            self.users_dialog.raise_()
            self.users_dialog.activateWindow()
            return self.users_dialog
        self.users_dialog = UsersDialog(self.window.ctx, ws, self.window)
        self.users_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.users_dialog.destroyed.connect(lambda *_: setattr(self, "users_dialog", None))
        self.users_dialog.changed.connect(lambda _message: self.window.report(USERS))
        self.users_dialog.show()
        return self.users_dialog

    def _close_users_on_lock(self, locked: bool) -> None:
        if locked and self.users_dialog is not None:
            self.users_dialog.close()

    def _add_erase_to_case_menu(self) -> QAction:
        """Erase case goes last in the Case menu (built by the main window), after a line."""
        action = QAction(self.tr("&Erase case…"), self.window)
        action.triggered.connect(lambda _checked=False: self.erase_case())
        case_menu = next(
            (
                entry.menu()
                for entry in self.window.menuBar().actions()
                if entry.menu() is not None
                and self.window.close_case_action in entry.menu().actions()
            ),
            None,
        )
        if case_menu is not None:
            case_menu.addSeparator()
            case_menu.addAction(action)
            case_menu.aboutToShow.connect(self.follow_case)
        return action

    def follow_case(self) -> None:
        """Erasure needs an open case and an administrator (the service checks again)."""
        ws, view = self.window.workspace, self.window.case_view
        self.erase_action.setEnabled(
            not self.window.locked
            and ws is not None
            and ws.can(Permission.MAINTAIN)
            and view is not None
        )

    def erase_case(self) -> None:
        from isu.services.retention import preview_erasure

        ws, view = self.window.workspace, self.window.case_view
        if ws is None or view is None or self.window.locked or not ws.can(Permission.MAINTAIN):
            return
        case_id = view.detail.id
        self.window.ctx.executor.submit(
            lambda: preview_erasure(ws, case_id),
            on_done=self._confirm_erasure,
            on_error=self._error,
        )

    def _confirm_erasure(self, preview) -> None:
        from isu.ui.dialogs.erase_case import EraseCaseDialog

        view = self.window.case_view
        if view is None or view.detail.id != preview.case_id:
            return  # the case view changed while the preview was read
        dialog = EraseCaseDialog(preview, self.window)
        dialog.accepted.connect(lambda: self._erase(preview))
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.erase_dialog = dialog
        dialog.open()

    def _erase(self, preview) -> None:
        from isu.services.retention import erase_case

        ws = self.window.workspace
        if ws is None:
            return
        self.window.ctx.executor.submit(
            lambda: erase_case(ws, preview.case_id),
            on_done=lambda result: self._erased(preview, result),
            on_error=self._error,
        )

    def _erased(self, preview, result) -> None:
        view = self.window.case_view
        if view is not None and view.detail.id == preview.case_id:
            view.dirty = False  # its answers no longer exist; nothing to save
            self.window.close_case_view()
        self.window.report(result)
        text = self.tr(
            "Case %1 was erased. Older backups still hold it until they are rotated out."
        ).replace("%1", preview.case_number)
        if not result.wal_emptied:
            text += " " + self.tr(
                "Another program is reading the database; the last traces go when it closes."
            )
        self._inform(text)


def add_admin_menu(window: WindowApi) -> AdminActions:
    return AdminActions(window)
