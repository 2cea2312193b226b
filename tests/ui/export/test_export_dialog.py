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


def test_preview_speaks_swedish_and_fits_small_screens(qtbot, demo_ws, tmp_path):
    """Types, privacy classes and rules as words in the UI's language, uniqueness before
    and after in the summary, and columns that are not clipped at 1024×768."""
    dialog = ExportDialog(demo_ws, "sv", k=5)
    qtbot.addWidget(dialog)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("records"))
    dialog.from_edit.setDate(QDate(2020, 1, 1))
    dialog.to_edit.setDate(QDate(2026, 6, 1))
    dialog.resize(1000, 700)  # what fits a 1024×768 screen
    dialog.show()
    with qtbot.waitSignal(dialog.previewed, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    model = dialog.model
    types = {model.index(r, 2).data() for r in range(model.rowCount())} - {""}
    privacy = {model.index(r, 3).data() for r in range(model.rowCount())} - {""}
    raw = {"single", "integer", "computed", "quasi_identifier", "pseudonym", "none"}
    assert not (types | privacy) & raw
    assert {"Enkelval", "Intervall"} <= types
    assert {"Indirekt identifierare", "Pseudonym (export-id)", "Känslig"} <= privacy
    text = dialog.summary.toPlainText()
    for english in ("direct identifiers removed", "generalise gender", "suppress records"):
        assert english not in text
    assert "direkta identifierare borttagna" in text and "Före (exakta värden)" in text
    assert "Efter (det som lämnar enheten)" in text and "minsta grupp" in text
    header = dialog.table.horizontalHeader()
    for column in (0, 2, 3):  # code, type and privacy class are never cut
        widest = max(dialog.table.sizeHintForColumn(column), header.sectionSizeHint(column))
        assert header.sectionSize(column) >= widest
    assert header.sectionSize(1) >= header.sectionSizeHint(1)
    dialog.grab().save(str(tmp_path / "export-dialog.png"))


def test_dialog_opens_inside_small_screens(qtbot, demo_ws):
    dialog = ExportDialog(demo_ws, "sv")
    qtbot.addWidget(dialog)
    available = dialog.screen().availableGeometry()
    assert dialog.width() <= max(available.width(), 1024) and dialog.height() <= 768
    assert dialog.width() >= min(1000, available.width() - 40)
