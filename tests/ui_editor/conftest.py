"""Form-editor UI tests: any Qt warning fails the test (as in tests/ui)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QtMsgType, qInstallMessageHandler

from isu.formdefs.document import FormDocument
from isu.paths import forms_dir

_FAILING = (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
# Noise of the headless "offscreen" platform plugin (the completer's popup), not of our code.
_PLATFORM_NOISE = (
    "This plugin does not support propagateSizeHints()",
    "This plugin does not support raise()",
    "This plugin does not support grabbing the keyboard",
)


@pytest.fixture(autouse=True)
def fail_on_qt_warnings(qapp):
    messages: list[str] = []

    def handler(kind: QtMsgType, _context, text: str) -> None:
        if kind in _FAILING and text not in _PLATFORM_NOISE:
            messages.append(f"{kind.name}: {text}")

    previous = qInstallMessageHandler(handler)
    yield
    qInstallMessageHandler(previous)
    assert not messages, "Qt warnings:\n" + "\n".join(messages)


@pytest.fixture
def sig_document() -> FormDocument:
    return FormDocument.from_yaml((forms_dir() / "sig.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def editor(qtbot, sig_document):
    """The editor without a database, showing the default SIG form."""
    from isu.ui.editor import FormEditorWindow

    window = FormEditorWindow(None, "en", sig_document)
    window.confirm_unsaved = False
    qtbot.addWidget(window)
    window.show()
    return window


from tests.ui.conftest import ui_ctx  # noqa: E402, F401  (the app context fixture)
