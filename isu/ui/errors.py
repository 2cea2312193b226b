"""Errors shown to the user: expected ones as a message, bugs as a copyable crash report."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from isu.errors import IsuError
from isu.log import scrub, write_crash_report

log = logging.getLogger("isu.ui")


class CrashDialog(QDialog):
    """A bug: says so plainly and shows the report so it can be copied into a ticket."""

    def __init__(self, report: str, report_path: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Unexpected error"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        intro = QLabel(
            self.tr(
                "An unexpected error occurred. Your saved data is safe. Please send the report"
                " below to your administrator."
            )
        )
        intro.setWordWrap(True)
        self.report = QPlainTextEdit(report)
        self.report.setReadOnly(True)
        self.report.setAccessibleName(self.tr("Crash report"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(self.tr("&Copy report"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_report)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if report_path is not None:
            layout.addWidget(QLabel(self.tr("Saved as: %1").replace("%1", str(report_path))))
        layout.addWidget(self.report)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report.toPlainText())


class ErrorReporter:
    """Turns any exception into the right dialog. ``IsuError`` → its own message; anything
    else → crash report written to the log folder and shown."""

    def __init__(self, lang: str, log_dir: Path):
        self.lang = lang
        self.log_dir = log_dir
        self._open: list[QWidget] = []  # non-modal dialogs must outlive the call

    def show(self, exc: BaseException, parent: QWidget | None = None) -> QWidget:
        if isinstance(exc, IsuError):
            return self._message(exc, parent)
        return self._crash(exc, parent)

    def _message(self, exc: IsuError, parent: QWidget | None) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "ISU",
            exc.message(self.lang),
            QMessageBox.StandardButton.Ok,
            parent,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._keep(box)
        box.open()
        return box

    def _crash(self, exc: BaseException, parent: QWidget | None) -> CrashDialog:
        try:
            path: Path | None = write_crash_report(self.log_dir, exc)
        except OSError:
            path = None
        report = scrub("".join(traceback.format_exception(exc)))
        dialog = CrashDialog(report, path, parent)
        self._keep(dialog)
        dialog.open()
        return dialog

    def _keep(self, widget: QWidget) -> None:
        self._open = [w for w in self._open if _alive(w)]
        self._open.append(widget)
        widget.destroyed.connect(lambda *_: self._forget(widget))

    def _forget(self, widget: QWidget) -> None:
        self._open = [w for w in self._open if w is not widget]

    def install_excepthook(self) -> None:
        """Exceptions escaping a slot reach sys.excepthook: show them, never fail silently."""
        previous = sys.excepthook

        def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
            if QApplication.instance() is None or issubclass(kind, KeyboardInterrupt):
                previous(kind, exc, tb)
                return
            log.error("uncaught exception", exc_info=(kind, exc, tb))
            self.show(exc, QApplication.activeWindow())

        sys.excepthook = hook


def _alive(widget: QWidget) -> bool:
    try:
        widget.objectName()
    except RuntimeError:
        return False
    return True
