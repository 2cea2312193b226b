"""The guided first run sets the municipality, the unit and (when chosen) demo cases, and can
open the form editor; F1 opens the user guide with its images."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from isu.domain.model import CaseQuery
from isu.services import cases, forms, settings
from isu.services.sign_in import login
from isu.ui.dialogs.first_run import DEMO_CASES
from isu.ui.help import GUIDE_FILES, docs_dir
from isu.ui.shell import AppShell

TIMEOUT = 30_000
PASSWORD = "ett-långt-lösenord"


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def walk_to_the_last_step(qtbot, dialog) -> None:
    click(qtbot, dialog.next_button)
    dialog.admin_edit.setText("anna")
    dialog.password_edit.setText(PASSWORD)
    dialog.repeat_edit.setText(PASSWORD)
    click(qtbot, dialog.next_button)
    dialog.unit_edit.setText("Stadsdel Norr")
    dialog.municipality_edit.setText("12")
    click(qtbot, dialog.next_button)
    assert dialog.pages.currentWidget() is dialog.place_page
    assert "fyra siffror" in dialog.message.text()
    dialog.municipality_edit.setText("1480")
    click(qtbot, dialog.next_button)
    assert dialog.pages.currentWidget() is dialog.form_page
    assert dialog.create_button.isVisible() and not dialog.next_button.isVisible()


def finish(qtbot, shell, dialog):
    click(qtbot, dialog.create_button)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.recovery_page, timeout=TIMEOUT)
    assert not dialog.back_button.isVisible()
    dialog.stored_check.setChecked(True)
    click(qtbot, dialog.continue_button)
    qtbot.waitUntil(lambda: shell.window is not None, timeout=TIMEOUT)
    window = shell.window
    qtbot.addWidget(window)
    return window


def test_guided_first_run_with_demo_cases_and_the_form_editor(qtbot, ui_ctx):
    shell = AppShell(ui_ctx)
    shell.start()
    dialog = shell.first_run_dialog
    qtbot.addWidget(dialog)
    walk_to_the_last_step(qtbot, dialog)
    dialog.demo_check.setChecked(True)
    dialog.editor_check.setChecked(True)
    window = finish(qtbot, shell, dialog)
    editor = window.admin_actions.editor_window
    assert editor is not None and editor.isVisible()
    editor.close()
    window._closing = True
    window.close()
    ws = login(ui_ctx.paths.default_db, "anna", PASSWORD)
    try:
        current = settings.load(ws)
        assert (current.municipality, current.unit) == ("1480", "Stadsdel Norr")
        assert cases.list_cases(ws, CaseQuery(limit=500)).total == DEMO_CASES
        assert [f.form_id for f in forms.list_forms(ws)] == ["sig"]
    finally:
        ws.close()


def test_guided_first_run_without_demo_cases(qtbot, ui_ctx):
    shell = AppShell(ui_ctx)
    shell.start()
    dialog = shell.first_run_dialog
    qtbot.addWidget(dialog)
    click(qtbot, dialog.next_button)
    click(qtbot, dialog.back_button)  # back to the file, then on again
    walk_to_the_last_step(qtbot, dialog)
    dialog.password_edit.setText("kort")  # checked again before creating: back to the step
    click(qtbot, dialog.create_button)
    assert dialog.pages.currentWidget() is dialog.admin_page
    assert "minst 8 tecken" in dialog.message.text()
    dialog.password_edit.setText(PASSWORD)
    click(qtbot, dialog.next_button)
    click(qtbot, dialog.next_button)
    window = finish(qtbot, shell, dialog)
    assert window.admin_actions.__dict__.get("editor_window") is None
    window._closing = True
    window.close()
    ws = login(ui_ctx.paths.default_db, "anna", PASSWORD)
    try:
        assert settings.load(ws).municipality == "1480"
        assert cases.list_cases(ws, CaseQuery(limit=10)).total == 0
    finally:
        ws.close()


def test_f1_opens_the_user_guide_with_its_images(qtbot, window, tmp_path):
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkGreen)
    (tmp_path / "bilder").mkdir()
    assert image.save(str(tmp_path / "bilder" / "bild.png"))
    guide = tmp_path / GUIDE_FILES["sv"]
    guide.write_text("# Användarhandbok\n\nText.\n\n![Bild](bilder/bild.png)\n", encoding="utf-8")
    window.help_actions.folder = tmp_path
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_F1)
    guide_window = window.help_actions.guide_window
    assert guide_window is not None and guide_window.isVisible()
    document = guide_window.browser.document()
    assert document.toPlainText().startswith("Användarhandbok")
    resource = document.resource(3, "bilder/bild.png")  # 3: QTextDocument.ImageResource
    assert resource is not None and resource.width() == 40
    guide_window.close()


def test_a_missing_guide_says_where_it_should_be(qtbot, window, tmp_path):
    window.help_actions.folder = tmp_path
    box = window.help_actions.open_guide()
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert str(tmp_path / GUIDE_FILES["sv"]) in box.text()
    box.close()


def test_the_docs_folder_is_the_repository_docs_when_not_frozen():
    assert (docs_dir() / "screenshots").is_dir()
