"""Arkiv → Importera ärenden… driven like a user would, offscreen on a real encrypted
database: the problems as a table, an import that succeeds, and a cancel that saves nothing."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from isu.domain.roles import Role
from isu.services import cases, users
from isu.services.sign_in import login
from tests.case_import.conftest import ENKAT_HEADER, ENKAT_ROWS, write_csv
from tests.ui.conftest import fail_on_qt_warnings, ui_ctx  # noqa: F401 (fixtures)

TIMEOUT = 20_000


@pytest.fixture
def dialog(qtbot, ui_ctx, ws):  # noqa: F811
    from isu.ui.import_dialog import ImportDialog

    widget = ImportDialog(ui_ctx, ws)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.form_combo.count() == 2, timeout=TIMEOUT)
    widget.form_combo.setCurrentIndex(widget.form_combo.findData("enkat"))
    yield widget
    ui_ctx.executor.wait_idle()


def _check(qtbot, dialog, path):
    dialog.file_edit.setText(str(path))
    with qtbot.waitSignal(dialog.checked, timeout=TIMEOUT) as signal:
        dialog.check_button.click()
    return signal.args[0]


def _cells(model) -> list[tuple[str, str, str]]:
    return [tuple(model.data(model.index(r, c)) for c in range(3)) for r in range(model.rowCount())]


def test_problems_are_shown_as_a_table_then_a_fixed_file_imports(qtbot, dialog, ws, tmp_path):
    bad = [*ENKAT_ROWS, ["K-4", "Ort", "", "1", "tolv", "", "", "", ""]]
    check = _check(qtbot, dialog, write_csv(tmp_path / "fel.csv", ENKAT_HEADER, bad))
    assert not check.ok
    rows = _cells(dialog.model)
    assert ("5", "antal", rows[0][2]) == rows[0] and "inget heltal" in rows[0][2]
    headers = [dialog.model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)]
    assert headers == ["Rad", "Kolumn", "Meddelande"]
    assert not dialog.import_button.isEnabled()
    assert "1 fel" in dialog.summary.text()
    check = _check(qtbot, dialog, write_csv(tmp_path / "ok.csv", ENKAT_HEADER, ENKAT_ROWS))
    assert check.ok and dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=TIMEOUT) as signal:
        dialog.import_button.click()
    assert signal.args[0].created == 3
    assert "3 ärenden importerade" in dialog.message.text()
    assert not dialog.import_button.isEnabled()  # the same check cannot be imported twice
    assert cases.count_cases(ws) == 3


def test_cancel_in_the_progress_dialog_saves_nothing(qtbot, dialog, ui_ctx, ws, tmp_path):  # noqa: F811
    _check(qtbot, dialog, write_csv(tmp_path / "ok.csv", ENKAT_HEADER, ENKAT_ROWS))
    gate = threading.Event()
    ui_ctx.executor.submit(gate.wait)  # the import waits behind this, so the cancel comes first
    dialog.import_button.click()
    assert dialog.progress_dialog is not None
    qtbot.mouseClick(dialog.progress_dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    gate.set()
    qtbot.waitUntil(lambda: dialog.progress_dialog is None, timeout=TIMEOUT)
    assert "Importen avbröts. Inga ärenden sparades." in dialog.message.text()
    assert cases.count_cases(ws) == 0
    assert dialog.import_button.isEnabled()  # the check still holds: import again if wanted


def test_closing_the_dialog_during_an_import_cancels_it(qtbot, dialog, ui_ctx, ws, tmp_path):  # noqa: F811
    _check(qtbot, dialog, write_csv(tmp_path / "ok.csv", ENKAT_HEADER, ENKAT_ROWS))
    gate = threading.Event()
    ui_ctx.executor.submit(gate.wait)
    dialog.import_button.click()
    dialog.reject()  # Esc or the window's close button
    assert dialog.isVisible()  # it stays until the worker has rolled back
    gate.set()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=TIMEOUT)
    assert cases.count_cases(ws) == 0


def test_the_file_menu_opens_it_and_a_unit_head_cannot(qtbot, ui_ctx, ws, tmp_path):  # noqa: F811
    path = write_csv(tmp_path / "ok.csv", ENKAT_HEADER, ENKAT_ROWS)
    from isu.ui.main_window import MainWindow

    window = MainWindow(ui_ctx, ws)
    qtbot.addWidget(window)
    window._closing = True
    action = window.import_actions.action
    assert action.text() == "I&mportera ärenden…" and action.isEnabled()
    file_menu = window.menuBar().actions()[0].menu()
    assert action in file_menu.actions()
    action.trigger()
    opened = window.import_actions.dialog
    assert opened is not None and opened.isVisible()
    assert opened.windowTitle() == "Importera ärenden"
    opened.close()
    users.add_user(ws, "chef", "chefens-lösenord-1", Role.UNIT_HEAD)
    head = MainWindow(ui_ctx, login(ws.path, "chef", "chefens-lösenord-1"))
    qtbot.addWidget(head)
    head._closing = True
    assert not head.import_actions.action.isEnabled()
    refused = head.import_actions.open()  # were it opened anyway, the service refuses
    qtbot.waitUntil(lambda: refused.form_combo.count() == 2, timeout=TIMEOUT)
    refused.file_edit.setText(str(path))
    refused.check_button.click()
    qtbot.waitUntil(lambda: "får inte" in refused.message.text(), timeout=TIMEOUT)
    assert cases.count_cases(ws) == 0
    ui_ctx.executor.wait_idle()


def test_the_dialog_survives_a_lock_by_the_same_user(qtbot, ui_ctx, ws, tmp_path):  # noqa: F811
    from isu.ui.main_window import MainWindow
    from tests.conftest import ADMIN, ADMIN_PASSWORD

    window = MainWindow(ui_ctx, login(ws.path, ADMIN, ADMIN_PASSWORD))
    qtbot.addWidget(window)
    window.show()
    dialog = window.import_actions.open()
    qtbot.waitUntil(lambda: dialog.form_combo.count() == 2, timeout=TIMEOUT)
    assert dialog.isVisible()
    unlock = window.lock()
    assert not dialog.isVisible() and not window.import_actions.action.isEnabled()
    qtbot.waitUntil(unlock.unlock_button.isEnabled, timeout=TIMEOUT)
    unlock.user_edit.setText(ADMIN)
    unlock.password_edit.insert(ADMIN_PASSWORD)
    qtbot.mouseClick(unlock.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.locked, timeout=TIMEOUT)
    assert dialog.isVisible() and dialog.workspace is window.workspace
    dialog.form_combo.setCurrentIndex(dialog.form_combo.findData("enkat"))
    check = _check(qtbot, dialog, write_csv(tmp_path / "ok.csv", ENKAT_HEADER, ENKAT_ROWS))
    assert check.ok  # the new handle on the database works
    window._closing = True
    window.close()
    ui_ctx.executor.wait_idle()
