"""Form-editor UI tests: the default SIG form in an editor without a database."""

from __future__ import annotations

import pytest

from isu.formdefs.document import FormDocument
from isu.paths import forms_dir


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
