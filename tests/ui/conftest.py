"""UI test fixtures: any Qt warning fails the test; windows on real encrypted databases."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from isu.paths import AppPaths
from tests.conftest import ADMIN, ADMIN_PASSWORD

_FAILING = (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
# Noise of the headless "offscreen" platform plugin itself, not of our code.
_PLATFORM_NOISE = (
    "This plugin does not support propagateSizeHints()",
    "This plugin does not support raise()",  # popups (e.g. a completer) on offscreen
    "This plugin does not support grabbing the keyboard",
)


@pytest.fixture(autouse=True)
def fail_on_qt_warnings(qapp):
    """The equivalent of ``qt_log_level_fail = WARNING`` for tests/ui only."""
    messages: list[str] = []

    def handler(kind: QtMsgType, _context, text: str) -> None:
        if kind in _FAILING and text not in _PLATFORM_NOISE:
            messages.append(f"{kind.name}: {text}")

    previous = qInstallMessageHandler(handler)
    yield
    qInstallMessageHandler(previous)
    assert not messages, "Qt warnings:\n" + "\n".join(messages)


@pytest.fixture
def ui_ctx(qapp, tmp_path):
    from isu.app import build_context
    from isu.ui.i18n import install_translator

    paths = AppPaths.create(tmp_path / "appdata").ensure()
    translator = install_translator(qapp, "sv", paths.data_dir / "cache")
    assert translator is not None
    ctx = build_context(paths, "sv")
    yield ctx
    ctx.executor.wait_idle()
    install_translator(qapp, "en", paths.data_dir / "cache")  # removes ours and Qt's own


@pytest.fixture
def window(qtbot, ui_ctx, new_db):
    """The main window, signed in as the administrator of a fresh database."""
    from isu.services.sign_in import login
    from isu.ui.main_window import MainWindow

    ws, _recovery = new_db
    signed_in = login(ws.path, ADMIN, ADMIN_PASSWORD)
    win = MainWindow(ui_ctx, signed_in)
    qtbot.addWidget(win)
    win.show()
    yield win
    if win.case_view is not None:
        win.case_view.dirty = False
    win._closing = True
    win.close()


def visible_message_boxes() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def close_stray_windows() -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QWidget) and widget.isVisible():
            widget.close()
