"""Form-editor UI tests: any Qt warning fails the test (as in tests/ui)."""

from __future__ import annotations

import pytest

from isu.formdefs.document import FormDocument
from isu.paths import forms_dir

# The same rule as tests/ui: any Qt warning fails the test.
from tests.ui.conftest import fail_on_qt_warnings  # noqa: F401


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
