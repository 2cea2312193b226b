"""Help → User guide (F1): the Markdown guide in the UI language, in a QTextBrowser window.

The guides live in ``isu/resources/docs`` and ship inside the package. Images are referenced
relative to the guide, so the browser searches the guide's folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QTextBrowser, QWidget

from isu.paths import resource_dir

if TYPE_CHECKING:
    from isu.ui.window_api import WindowApi

GUIDE_FILES = {"sv": "anvandarhandbok.md", "en": "user-guide.md"}
GUIDE_SIZE = (900, 700)


def docs_dir() -> Path:
    """The user guides, shipped inside the package (``isu/resources/docs``)."""
    return resource_dir("docs")


def guide_path(lang: str, folder: Path | None = None) -> Path:
    return (folder or docs_dir()) / GUIDE_FILES.get(lang, GUIDE_FILES["en"])


class UserGuideWindow(QMainWindow):
    """The guide, read-only; links to web pages open in the browser."""

    def __init__(self, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("ISU – User guide"))
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setAccessibleName(self.tr("User guide"))
        folder = path.resolve().parent
        self.browser.setSearchPaths([str(folder)])
        # The base URL makes relative image and link paths resolve next to the guide.
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(folder) + "/"))
        self.browser.setMarkdown(path.read_text(encoding="utf-8"))
        self.setCentralWidget(self.browser)
        self.resize(*GUIDE_SIZE)


class HelpActions(QObject):
    """Help → User guide (F1). ``folder`` is where the guides are looked for."""

    def __init__(self, window: WindowApi, menu: QMenu, before: QAction | None = None):
        super().__init__(window)
        self.window = window
        self.folder = docs_dir()
        self.guide_window: UserGuideWindow | None = None
        self.missing_message: QMessageBox | None = None
        self.action = QAction(self.tr("&User guide"), window)
        self.action.setShortcut(QKeySequence("F1"))
        self.action.triggered.connect(lambda _checked=False: self.open_guide())
        menu.insertAction(before, self.action)

    def open_guide(self) -> QWidget:
        path = guide_path(self.window.ctx.lang, self.folder)
        if not path.is_file():
            return self._missing(path)
        if self.guide_window is None:
            # A window of its own beside the main window, closed with it.
            self.guide_window = UserGuideWindow(path, self.window)
            self.guide_window.destroyed.connect(self._forget_guide)
        self.guide_window.show()
        self.guide_window.raise_()
        return self.guide_window

    def _forget_guide(self) -> None:
        self.guide_window = None

    def _missing(self, path: Path) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("User guide"),
            self.tr("The user guide was not found. It should be at:\n%1").replace("%1", str(path)),
            QMessageBox.StandardButton.Ok,
            self.window,
        )
        box.finished.connect(lambda _r: box.deleteLater())
        self.missing_message = box
        box.open()
        return box

    def close_guide(self) -> None:
        if self.guide_window is not None:
            self.guide_window.close()


def add_help_actions(window: WindowApi, menu: QMenu, before: QAction | None = None) -> HelpActions:
    return HelpActions(window, menu, before)


__all__ = ["HelpActions", "UserGuideWindow", "add_help_actions", "docs_dir", "guide_path"]
