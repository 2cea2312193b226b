"""Editing in the form editor: keyboard, undo/redo, expressions, choice lists, files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTextBrowser

from isu.formdefs import load_form_text
from isu.paths import forms_dir
from tests.formdefs_import.xlsforms import XLSFORMS, write_xlsform

DATA = Path(__file__).parents[2] / "formdefs_import" / "data"


def _codes_in_section(window, code):
    section = window.document.node(window.document.find(code, ("section",)))
    return [child.code for child in section.children]


def test_keyboard_moves_and_undo_redo(qtbot, editor):
    editor.select(editor.document.find("municipality"))
    editor.tree.setFocus()
    qtbot.keyClick(editor.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert _codes_in_section(editor, "case") == ["case_number", "unit", "municipality"]
    assert editor.selected_path() == editor.document.find("municipality")
    qtbot.keyClick(editor.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    # At the end of its section it moves on into the next section.
    assert _codes_in_section(editor, "referral")[0] == "municipality"
    qtbot.keyClick(editor.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _codes_in_section(editor, "case") == ["case_number", "municipality", "unit"]
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(editor.tree, Qt.Key.Key_Z, redo)
    assert _codes_in_section(editor, "case") == ["case_number", "unit", "municipality"]
    qtbot.keyClick(editor.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert _codes_in_section(editor, "case") == ["case_number", "municipality", "unit"]
    assert editor.document.problems() == []
    # Delete removes in the tree, but in a text field it only deletes text.
    editor.panel.label_sv.setFocus()
    editor.panel.label_sv.setCursorPosition(0)
    qtbot.keyClick(editor.panel.label_sv, Qt.Key.Key_Delete)
    assert editor.document.find("municipality") is not None
    editor.tree.setFocus()
    qtbot.keyClick(editor.tree, Qt.Key.Key_Delete)
    assert editor.document.find("municipality") is None


def test_add_duplicate_remove_are_undoable(editor):
    original = editor.document.canonical_yaml()
    editor.select(editor.document.find("gender"))
    added = editor.add_question("single")
    assert editor.document.node(added).props["choices"] == "gender"
    editor.duplicate()
    editor.add_group()
    editor.add_section()
    editor.select(editor.document.find("birth_year"))
    editor.remove()
    assert editor.document.find("birth_year") is None
    editor.refresh_problems()
    assert editor.problems.count() >= 1  # age_at_start now needs a missing question
    assert "birth_year" in editor.problems.item(0).text()
    while editor.undo_stack.canUndo():
        editor.undo_stack.undo()
    assert editor.document.canonical_yaml() == original
    assert editor.document.to_yaml() == (forms_dir() / "sig.yaml").read_text(encoding="utf-8")


def test_drag_and_drop_is_one_undoable_move(editor):
    model = editor.model
    source = editor.document.find("drug_use")
    data = model.mimeData([model.index_for(source)])
    target = model.index_for(editor.document.find("background", ("section",)))
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, target)
    assert _codes_in_section(editor, "background")[0] == "drug_use"
    editor.undo_stack.undo()
    assert editor.document.find("drug_use") == source


def test_type_change_adjusts_dependent_properties_in_one_step(editor):
    editor.select(editor.document.find("sig_meetings"))
    panel = editor.panel
    panel.type.setCurrentIndex(panel.type.findData("scale"))
    panel.type.activated.emit(panel.type.currentIndex())
    node = editor.document.node(editor.document.find("sig_meetings"))
    assert (node.props["type"], node.props["min"], node.props["max"]) == ("scale", 1, 5)
    assert not panel.minimum.isHidden()
    editor.undo_stack.undo()
    assert node.props["type"] == "integer" and "min" not in node.props


def test_expressions_are_checked_as_you_type_with_completion(editor):
    editor.select(editor.document.find("living_situation_other"))
    edit = editor.panel.relevant
    assert edit.text() == "selected(living_situation, 'annat')"
    edit.line.setText("selected(living_situation, 'nope')")
    assert not edit.status.isHidden() and "nope" in edit.status.text()
    edit.line.setText("selected(living_situation, 'annat') and ag")
    edit.line.setCursorPosition(len(edit.line.text()))
    edit.line.textEdited.emit(edit.line.text())
    completer = edit.line.completer_
    assert completer.completionPrefix() == "ag"
    suggestions = [
        completer.completionModel().index(row, 0).data()
        for row in range(completer.completionModel().rowCount())
    ]
    assert suggestions == ["age_at_start", "age_band"]
    edit.line.insert_completion("age_at_start")
    assert edit.line.text() == "selected(living_situation, 'annat') and age_at_start"
    assert "true/false" in edit.status.text()  # a number is no condition
    edit.line.setText("selected(living_situation, 'annat') and age_at_start < 18")
    assert edit.status.isHidden()
    edit.line.editingFinished.emit()
    node = editor.document.node(editor.document.find("living_situation_other"))
    assert node.props["relevant"].endswith("age_at_start < 18")


def test_choice_lists_are_edited_once_and_renamed_with_their_users(editor):
    lists = editor.lists
    lists.select("risk_level")
    assert "risk_level" in lists.usage.text()
    lists.add_choice()
    assert editor.document.choice_lists["risk_level"][-1]["code"] == "4"
    lists.rename_list("risk")
    assert editor.document.node(editor.document.find("risk_level")).props["choices"] == "risk"
    editor.undo_stack.undo()
    editor.undo_stack.undo()
    assert len(editor.document.choice_lists["risk_level"]) == 3
    assert editor.document.node(editor.document.find("risk_level")).props["choices"] == (
        "risk_level"
    )


def test_yaml_export_and_import(editor, tmp_path):
    target = tmp_path / "mine.yaml"
    editor.select(editor.document.find("unit"))
    editor.panel.label_en.setText("Unit or district")
    editor.panel.label_en.editingFinished.emit()
    assert editor.export_yaml(str(target))
    assert editor.undo_stack.isClean()
    editor.new_empty()
    assert editor.import_yaml(str(target))
    assert editor.document.to_yaml() == target.read_text(encoding="utf-8")
    assert load_form_text(target.read_text()).question("unit").label.en == "Unit or district"


def test_imports_show_their_report(qtbot, editor, tmp_path):
    dialog = editor.import_redcap(str(DATA / "clinic_visits.csv"))
    assert dialog is not None and dialog.isVisible()
    assert dialog.report.summary()[0] == ("site", "skipped", "unsupported_type")
    assert editor.document.header["id"] == "clinic_visits"
    dialog.close()
    path = write_xlsform(XLSFORMS["sig_intake"], tmp_path / "sig_intake.xlsx")
    dialog = editor.import_xlsform(str(path))
    assert dialog is not None  # the note is a text now; only the dateless phase is reported
    assert dialog.report.summary() == [
        ("during", "changed", "phase_requires_nothing"),
        ("after", "changed", "phase_requires_nothing"),
    ]
    note = editor.document.node(editor.document.find("school_note"))
    assert note.props["type"] == "descriptive"
    assert editor.document.find("interventions") is not None
    dialog.close()
    broken = tmp_path / "broken.csv"
    broken.write_text("a,b\n1,2\n")
    assert editor.import_redcap(str(broken)) is None


def test_open_form_editor_shows_the_published_form(qtbot, admin_ws):
    from isu.ui.editor import open_form_editor

    window = open_form_editor(admin_ws, None)
    try:
        assert window.isVisible()
        assert window.document.header["id"] == "sig"
        assert window.published is not None and window.published.version == 2
        assert window.document.to_yaml() == (forms_dir() / "sig.yaml").read_text(encoding="utf-8")
    finally:
        window.confirm_unsaved = False
        window.close()


def test_a_descriptive_text_shows_only_its_text_and_can_be_edited(qtbot, editor):
    dialog = editor.import_redcap(str(DATA / "parenting_group_api.json"))
    assert dialog is not None and dialog.report.texts == 2
    shown = dialog.findChild(QTextBrowser).toPlainText()
    assert "2 descriptive texts (no answer) imported." in shown
    dialog.close()
    editor.select(editor.document.find("intro_baseline"))
    panel = editor.panel
    shown = {key for key, widget in panel.fields.items() if panel.form.isRowVisible(widget)}
    assert shown == {"code", "type", "label_sv", "label_en"}
    panel.label_en.setText("Fill in before the first meeting.")
    panel.label_en.editingFinished.emit()
    spec = load_form_text(editor.document.to_yaml())
    assert spec.descriptive_items()[0].label.en == "Fill in before the first meeting."
    editor.select(editor.document.find("children"))
    panel.type.setCurrentIndex(panel.type.findData("descriptive"))
    panel.type.activated.emit(panel.type.currentIndex())
    node = editor.document.node(editor.document.find("children"))
    assert node.props["type"] == "descriptive" and "constraint" not in node.props
    assert editor.document.problems() == []


def test_file_actions_are_swedish_though_written_in_a_mixin(qapp, editor, tmp_path):
    # The file actions live in FormFileActions, a base of the window; Qt must find their
    # Swedish texts through the window's class hierarchy, and the window's own texts too.
    from isu.ui.i18n import install_translator

    assert install_translator(qapp, "sv", tmp_path) is not None
    try:
        assert editor.tr("Save form") == "Spara formulär"
        assert editor.tr("Move (drag and drop)") == "Flytta (dra och släpp)"
    finally:
        install_translator(qapp, "en", tmp_path)
