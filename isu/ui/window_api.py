"""What the menus and pages built onto the main window may use of it.

``isu.ui.main_window`` builds the Administration menu, Settings, Import, Help and the
summary page by handing itself to them; they name this Protocol instead of ``MainWindow``,
so the window imports them and none of them imports the window back (no import circle, not
even a type-only one). The object they get is the main window, a ``QMainWindow``: they also
use it as the parent of their actions and dialogs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenuBar, QStackedWidget, QWidget

    from isu.services.settings import DatabaseSettings
    from isu.services.workspace import Workspace
    from isu.ui.context import UiContext
    from isu.ui.dialogs.unlock import UnlockDialog
    from isu.ui.formview.case_view import CaseView
    from isu.ui.views.case_list import CaseListView


class WindowApi(Protocol):
    """The main window as its menus and pages see it."""

    ctx: UiContext
    workspace: Workspace | None  # None while locked
    locked: bool
    locked_changed: SignalInstance  # (bool) when the window locks or unlocks
    # the pages of the window's stack
    stack: QStackedWidget
    case_list: CaseListView
    case_holder: QWidget
    case_view: CaseView | None  # the open case, if any
    close_case_action: QAction  # marks the Case menu

    def report(self, result: object) -> None:
        """Broadcast what an operation changed (``isu.services.changes``)."""

    def apply_settings(self, current: DatabaseSettings) -> None:
        """Use saved database settings at once (e.g. the idle lock's time)."""

    def lock(self) -> UnlockDialog | None:
        """Hide every piece of data and ask for the password again."""

    def close_case_view(self, then: Callable[[], None] | None = None) -> None:
        """Close the open case (asking about unsaved edits), then call ``then``."""

    def menuBar(self) -> QMenuBar:
        """The window's menu bar (Qt's own method)."""


__all__ = ["WindowApi"]
