"""Puts the summary page into the main window: a page of its stack, and View menu entries
"Case list" (Ctrl+1) and "Summary" (Ctrl+2). Follows the window's lock through its
``locked_changed`` signal, so no figure stays on screen while the window is locked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from isu.domain.roles import Permission
from isu.ui.summary.page import SummaryPage

if TYPE_CHECKING:
    from isu.ui.window_api import WindowApi


def add_summary_page(window: WindowApi, view_menu: QMenu) -> SummaryPage:
    page = SummaryPage(window.ctx)
    window.stack.addWidget(page)

    def show_cases() -> None:
        window.stack.setCurrentWidget(
            window.case_holder if window.case_view is not None else window.case_list
        )

    def show_summary() -> None:
        if not window.locked and window.workspace is not None:
            window.stack.setCurrentWidget(page)

    cases_action = QAction(QCoreApplication.translate("SummaryPage", "&Case list"), window)
    cases_action.setShortcut(QKeySequence("Ctrl+1"))
    cases_action.triggered.connect(lambda _checked=False: show_cases())
    summary_action = QAction(QCoreApplication.translate("SummaryPage", "S&ummary"), window)
    summary_action.setShortcut(QKeySequence("Ctrl+2"))
    summary_action.triggered.connect(lambda _checked=False: show_summary())
    first = view_menu.actions()[0] if view_menu.actions() else None
    view_menu.insertActions(first, [cases_action, summary_action])
    view_menu.insertSeparator(first)

    def follow_lock(locked: bool) -> None:
        page.set_workspace(None if locked else window.workspace)
        allowed = not locked and window.workspace is not None
        summary_action.setEnabled(allowed and window.workspace.can(Permission.READ_SUMMARIES))
        cases_action.setEnabled(not locked)

    window.locked_changed.connect(follow_lock)
    follow_lock(window.locked)
    return page
