"""The export dialog on a real encrypted demo database: preview in a worker, then export."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt

from isu.export.package import verify_package
from isu.security import keyslots
from isu.services import demo, forms
from isu.services.workspace import init_database
from isu.ui.dialogs.export_dialog import ExportDialog

TIMEOUT = 20_000
TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def demo_ws(tmp_path):
    kdf = keyslots.KdfParams(memory_kib=8192, iterations=1, lanes=1)
    ws, _recovery = init_database(tmp_path / "demo.db", "admin", "admin-lösenord-1", kdf=kdf)
    forms.publish_default_form(ws)
    demo.populate(ws, demo.DemoOptions(cases=60, today=TODAY))
    yield ws
    ws.close()


def test_preview_then_export(qtbot, qtmodeltester, demo_ws, tmp_path):
    dialog = ExportDialog(demo_ws, "sv", k=5)
    qtbot.addWidget(dialog)
    dialog.show()
    progress_seen = []
    dialog.progress.valueChanged.connect(lambda value: progress_seen.append(value))
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("records"))
    dialog.from_edit.setDate(QDate(2020, 1, 1))
    dialog.to_edit.setDate(QDate(2026, 6, 1))
    assert not dialog.export_button.isEnabled()
    with qtbot.waitSignal(dialog.previewed, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
        assert dialog.progress.isVisible()
    preview = blocker.args[0]
    assert progress_seen and max(progress_seen) == 4 and not dialog.progress.isVisible()
    qtmodeltester.check(dialog.model)
    shown = [
        [dialog.model.index(r, c).data() for c in range(5)] for r in range(dialog.model.rowCount())
    ]
    assert len(shown) == len(preview.variables) + len(preview.removed)
    assert [row[0] for row in shown if row[0] == "exp_comment"] == ["exp_comment"]
    assert any("Fritext" in row[4] for row in shown if row[0] == "exp_comment")
    assert "data/wide.csv" in dialog.summary.toPlainText()
    assert dialog.export_button.isEnabled()

    out = tmp_path / "export.isux"
    dialog.out_edit.setText(str(out))
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT) as written:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert written.args[0].path == out
    assert verify_package(out).data_rows > 0
    assert written.args[0].sha256 in dialog.message.text()


def test_changing_the_request_needs_a_new_preview_and_errors_are_shown(qtbot, demo_ws):
    dialog = ExportDialog(demo_ws, "en")
    qtbot.addWidget(dialog)
    dialog.from_edit.setDate(QDate(2026, 6, 1))
    dialog.to_edit.setDate(QDate(2020, 1, 1))
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert "after its end" in dialog.message.text()
    dialog.to_edit.setDate(QDate(2026, 6, 1))
    with qtbot.waitSignal(dialog.previewed, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert dialog.export_button.isEnabled()
    dialog.k_spin.setValue(7)
    assert not dialog.export_button.isEnabled()
    dialog.export_button.setEnabled(True)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Choose an output file."
