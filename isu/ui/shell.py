"""The start of a session: first run or unlock, then the main window."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from isu.ui.context import UiContext
from isu.ui.dialog_parts import ask_database_file
from isu.ui.dialogs.unlock import UnlockDialog

if TYPE_CHECKING:  # the database, services and main window load after the unlock dialog shows
    from isu.db.target import ServerTarget
    from isu.services.workspace import Workspace
    from isu.ui.dialogs.first_run import FirstRunDialog
    from isu.ui.main_window import MainWindow


class AppShell(QObject):
    """Shows exactly one of: the first-run dialog, the unlock dialog, the main window.
    ``quit_requested`` when the user leaves before signing in."""

    quit_requested = Signal()
    window_shown = Signal(object)

    def __init__(self, ctx: UiContext, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.first_run_dialog: FirstRunDialog | None = None
        self.unlock_dialog: UnlockDialog | None = None
        self.window: MainWindow | None = None

    def start(self, db_path: Path | ServerTarget | None = None, prefill_user: str = "") -> None:
        from isu.db.target import parse_db
        from isu.services.profiles import list_profiles

        path = parse_db(db_path) if db_path else self.ctx.paths.default_db
        if (
            not isinstance(path, Path)
            or path.is_file()
            or list_profiles(self.ctx.paths.settings_file)
        ):
            self.ask_unlock(path, prefill_user)
        else:
            self.first_run(path)

    def first_run(self, path: Path) -> FirstRunDialog:
        from isu.ui.dialogs.first_run import FirstRunDialog

        dialog = FirstRunDialog(self.ctx, path)
        dialog.created.connect(lambda workspace: self._after_first_run(dialog, workspace))
        dialog.open_existing.connect(lambda chosen: self.ask_unlock(chosen, ""))
        dialog.rejected.connect(self.quit_requested.emit)
        self.first_run_dialog = dialog
        dialog.show()
        return dialog

    def _after_first_run(self, dialog: FirstRunDialog, workspace: Workspace) -> None:
        window = self.show_main(workspace)
        if dialog.wants_form_editor:  # chosen in the guided set-up: adapt the form now
            window.admin_actions.form_editor()

    def ask_unlock(self, path: Path | ServerTarget, prefill_user: str = "") -> UnlockDialog:
        dialog = UnlockDialog(self.ctx, path, prefill_user=prefill_user)
        dialog.unlocked.connect(self.show_main)
        dialog.other_database.connect(self._other_database)
        dialog.rejected.connect(lambda: self._unlock_rejected(dialog))
        self.unlock_dialog = dialog
        dialog.show()
        return dialog

    def _unlock_rejected(self, dialog: UnlockDialog) -> None:
        if self.unlock_dialog is dialog and self.window is None:
            self.quit_requested.emit()

    def _other_database(self) -> None:
        self.unlock_dialog = None
        path = ask_database_file(None, self.ctx.paths.data_dir)
        if path:
            self.ask_unlock(path)
        else:
            self.first_run(self.ctx.paths.default_db)

    def show_main(self, workspace: Workspace) -> MainWindow:
        from isu.ui.main_window import MainWindow

        window = MainWindow(self.ctx, workspace)
        self.window = window
        window.show()
        self.window_shown.emit(window)
        self._daily_backup(workspace)
        return window

    def _daily_backup(self, workspace: Workspace) -> None:
        """The day's first unlock takes a backup when the database asks for it (in the
        worker, so the window is usable at once)."""
        from isu.services.backup import daily_backup_if_due

        backup_dir = self.ctx.paths.backup_dir
        self.ctx.executor.submit(lambda: daily_backup_if_due(workspace, backup_dir))
