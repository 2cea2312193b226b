"""Unlock: user name and password. Nothing from the database is shown before it succeeds.

When server profiles are saved on this computer (``isu.services.profiles``), a "Database"
choice offers the local database file or one of them; a profile holds no password."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from isu.ui.context import UiContext
from isu.ui.dialog_parts import show_failure, wrapped_label

if TYPE_CHECKING:  # the database layer loads when a password is tried, not to show the dialog
    from isu.db.target import ServerTarget
    from isu.services.workspace import Workspace


class UnlockDialog(QDialog):
    """Emits ``unlocked(workspace)`` and accepts; ``other_database`` asks for another file."""

    unlocked = Signal(object)
    other_database = Signal()

    def __init__(
        self,
        ctx: UiContext,
        db_path: Path | ServerTarget,
        *,
        prefill_user: str = "",
        locked_by: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.db_path = db_path
        self.workspace: Workspace | None = None
        self.is_lock_screen = bool(locked_by)
        self._wait_left = 0
        self.setWindowTitle(self.tr("ISU – Locked") if locked_by else self.tr("ISU – Unlock"))
        self.setModal(True)
        self._build(prefill_user, locked_by)
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)

    def _build(self, prefill_user: str, locked_by: str) -> None:
        heading = wrapped_label(
            self.tr("The program is locked. Sign in again to continue.")
            if locked_by
            else self.tr("Sign in to open the database.")
        )
        where = wrapped_label(self.tr("Database: %1").replace("%1", str(self.db_path)))
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.database_choice = self._database_choice(locked_by)
        where.setVisible(self.database_choice is None)
        self.user_edit = QLineEdit(prefill_user)
        self.user_edit.setAccessibleName(self.tr("User name"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Password"))
        self.message = wrapped_label()
        self.message.setAccessibleName(self.tr("Message"))
        self.message.setObjectName("errorText")
        self.message.hide()
        form = QFormLayout()
        if self.database_choice is not None:
            form.addRow(self.tr("&Database:"), self.database_choice)
        form.addRow(self.tr("&User name:"), self.user_edit)
        form.addRow(self.tr("&Password:"), self.password_edit)
        buttons = QDialogButtonBox()
        self.unlock_button = buttons.addButton(
            self.tr("&Unlock"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.unlock_button.setDefault(True)
        self.other_button = QPushButton(self.tr("&Other database…"))
        buttons.addButton(self.other_button, QDialogButtonBox.ButtonRole.ActionRole)
        quit_button = buttons.addButton(self.tr("&Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.clicked.connect(self.reject)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.other_button.clicked.connect(self._choose_other)
        self.other_button.setVisible(not locked_by)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(where)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        (self.password_edit if prefill_user else self.user_edit).setFocus()

    def _database_choice(self, locked_by: str) -> QComboBox | None:
        """The local database file and the saved server profiles; None when there is nothing
        to choose (no profiles) or on the lock screen (the open database stays)."""
        if locked_by:
            return None
        from isu.services.profiles import list_profiles

        profiles = list_profiles(self.ctx.paths.settings_file)
        if not profiles:
            return None
        choice = QComboBox()
        choice.setAccessibleName(self.tr("Database"))
        local = self.db_path if isinstance(self.db_path, Path) else self.ctx.paths.default_db
        choice.addItem(self.tr("Local database file"), local)
        choice.setItemData(0, str(local), Qt.ItemDataRole.ToolTipRole)
        for profile in profiles:
            choice.addItem(self.tr("Server: %1").replace("%1", profile.name), profile.target)
            choice.setItemData(choice.count() - 1, profile.target.url, Qt.ItemDataRole.ToolTipRole)
            if profile.target == self.db_path:
                choice.setCurrentIndex(choice.count() - 1)
        choice.currentIndexChanged.connect(lambda _i: self._chosen())
        return choice

    def _chosen(self) -> None:
        assert self.database_choice is not None
        self.db_path = self.database_choice.currentData()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # On the lock screen Escape must not quit and lose the unsaved input behind it.
        if self.is_lock_screen and event.key() == Qt.Key.Key_Escape:
            event.ignore()
            return
        super().keyPressEvent(event)

    def _choose_other(self) -> None:
        self.other_database.emit()
        self.reject()

    def try_unlock(self) -> None:
        if not self.unlock_button.isEnabled():
            return
        user, password = self.user_edit.text().strip(), self.password_edit.text()
        if not user or not password:
            self._say(self.tr("Enter your user name and password."))
            return
        self._set_working(True)
        backup_dir = self.ctx.paths.backup_dir
        self.ctx.executor.submit(
            lambda: _login(self.db_path, user, password, backup_dir),
            self._on_unlocked,
            self._on_failed,
        )

    def _set_working(self, working: bool) -> None:
        for widget in (self.user_edit, self.password_edit, self.unlock_button):
            widget.setEnabled(not working)
        if working:
            self._say(self.tr("Unlocking…"), error=False)

    def _on_unlocked(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.password_edit.clear()
        self.message.hide()
        self.unlocked.emit(workspace)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._set_working(False)
        self.password_edit.clear()
        self.password_edit.setFocus()
        from isu.services.workspace import LoginThrottled

        if isinstance(exc, LoginThrottled):
            self._start_countdown(exc.seconds)
        show_failure(self.ctx, self, exc, self._say, self.message)

    def _start_countdown(self, seconds: int) -> None:
        self._wait_left = seconds
        self.unlock_button.setEnabled(False)
        self._update_countdown()
        self._countdown.start()

    def _tick(self) -> None:
        self._wait_left -= 1
        if self._wait_left <= 0:
            self._countdown.stop()
            self.unlock_button.setText(self.tr("&Unlock"))
            self.unlock_button.setEnabled(True)
            return
        self._update_countdown()

    def _update_countdown(self) -> None:
        self.unlock_button.setText(self.tr("Wait %1 s").replace("%1", str(self._wait_left)))

    def _say(self, text: str, *, error: bool = True) -> None:
        self.message.setProperty("error", error)
        self.message.setText(text)
        self.message.show()


def _login(db_path: Path | ServerTarget, user: str, password: str, backup_dir: Path) -> Workspace:
    """In the worker: the database layer is imported there, off the screen's thread."""
    from isu.services.sign_in import login

    return login(db_path, user, password, backup_dir=backup_dir)
