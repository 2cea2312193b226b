"""Build a small form in the editor, publish it, register a case, then publish version 2
with a renamed and a removed question: old answers are still shown and summarised."""

from __future__ import annotations

import yaml
from PySide6.QtWidgets import QComboBox, QLineEdit

from isu.domain.answers import Answer
from isu.services import cases, forms, summaries
from isu.ui.editor import FormEditorWindow


def _type(edit: QLineEdit, text: str) -> None:
    edit.setText(text)
    edit.editingFinished.emit()


def _choose(combo: QComboBox, data: object) -> None:
    combo.setCurrentIndex(combo.findData(data))
    combo.activated.emit(combo.currentIndex())


def _add_question(window: FormEditorWindow, qtype: str, code: str, label: str) -> None:
    window.select((1, 0))  # the empty form's only section
    window.add_question(qtype)
    panel = window.panel
    _type(panel.code, code)
    _type(panel.label_sv, label)
    _type(panel.label_en, label)


def _build_form(window: FormEditorWindow) -> None:
    window.new_empty()
    window.settings.form_id.setText("youth")
    window.settings.form_id.editingFinished.emit()
    window.lists.new_list("school_status")
    table = window.lists.table
    table.item(0, 0).setText("in_school")
    table.item(0, 1).setText("Går i skolan")
    window.lists.add_choice()
    table.item(1, 0).setText("no_school")
    table.item(1, 1).setText("Går inte i skolan")
    _add_question(window, "single", "school", "Skola")
    _choose(window.panel.choices, "school_status")
    _add_question(window, "integer", "absence_days", "Frånvarodagar")
    relevant = window.panel.relevant
    relevant.line.setText("schol = 'in_school'")  # a typo is caught while typing
    assert not relevant.status.isHidden() and "schol" in relevant.status.text()
    relevant.line.setText("school = 'in_school'")
    assert relevant.status.isHidden()
    relevant.line.editingFinished.emit()
    _add_question(window, "text", "comment", "Kommentar")


def _register_in_the_registration_view(qtbot, ctx, ws) -> int:
    """The coordinator's path: New case → choose the new form → answer → save."""
    from PySide6.QtCore import Qt

    from isu.services.sign_in import login
    from isu.ui.main_window import MainWindow
    from tests.conftest import ADMIN, ADMIN_PASSWORD
    from tests.ui.helpers import answer

    window = MainWindow(ctx, login(ws.path, ADMIN, ADMIN_PASSWORD))
    qtbot.addWidget(window)
    window.show()
    dialog = window.new_case()
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=20_000)
    dialog.form_combo.setCurrentIndex(dialog.form_combo.findData("youth"))
    dialog.number_edit.setText("2024-0001")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.case_view is not None, timeout=20_000)
    view = window.case_view
    view.show_phase("before")
    assert view.rows["absence_days"].isHidden()  # the skip rule built in the editor
    answer(qtbot, view.rows["school"], "in_school")
    assert not view.rows["absence_days"].isHidden()
    answer(qtbot, view.rows["absence_days"], 12)
    answer(qtbot, view.rows["comment"], "Bra start")
    window.save_action.trigger()
    qtbot.waitUntil(lambda: not window.case_view.dirty, timeout=20_000)
    case_id = view.detail.id
    window._closing = True
    window.close()
    return case_id


def test_build_publish_register_and_upgrade(qtbot, admin_ws, ui_ctx):
    ws = admin_ws
    window = FormEditorWindow(ws, "en")
    window.confirm_unsaved = False
    qtbot.addWidget(window)
    window.show()
    _build_form(window)
    window.refresh_problems()
    assert window.document.problems() == []
    data = yaml.safe_load(window.document.to_yaml())
    questions = data["phases"]["before"]["sections"][0]["questions"]
    assert [q["code"] for q in questions] == ["school", "absence_days", "comment"]
    assert questions[1]["relevant"] == "school = 'in_school'"
    assert data["choice_lists"]["school_status"][1]["code"] == "no_school"

    # The live preview follows the skip rule with test answers.
    window.preview.rebuild()
    assert "absence_days" not in window.preview.visible_codes()
    window.preview.rows["school"].set_answer(Answer("in_school"))
    window.preview.refresh()
    assert "absence_days" in window.preview.visible_codes()

    dialog = window.publish()
    assert dialog.publish_button.isEnabled()
    dialog.publish_now()
    assert forms.get_form(ws, "youth").version == 1

    case_id = _register_in_the_registration_view(qtbot, ui_ctx, ws)

    # Version 2: absence_days is renamed, comment is removed.
    window.select(window.document.find("absence_days"))
    _type(window.panel.code, "days_absent")
    assert "absence_days" in window.panel.code_note.text()
    window.select(window.document.find("comment"))
    window.remove()
    dialog = window.publish()
    assert [(o.new_code, o.old_code) for o in dialog.offers] == [("days_absent", "absence_days")]
    assert dialog.chosen_version() == 2
    report = dialog.report.toPlainText()
    assert "comment" in report and "absence_days → days_absent" in report
    box = dialog.offer_boxes[0][0]
    box.setChecked(False)  # without the rename mapping the old answers would be orphaned
    assert not dialog.publish_button.isEnabled()
    assert "days_absent" in dialog.report.toPlainText()
    box.setChecked(True)
    assert dialog.publish_button.isEnabled()
    dialog.publish_now()
    latest = forms.get_form(ws, "youth")
    assert latest.version == 2
    assert latest.question("days_absent").renamed_from == ("absence_days",)
    assert not latest.has_question("comment")

    detail = cases.get_case(ws, case_id)
    assert detail.form_version == 1
    assert detail.answers["absence_days"] == Answer(12)
    assert detail.answers["comment"] == Answer("Bra start")

    data = summaries.load_summary_data(ws)
    assert data.spec.version == 2
    assert list(data.answers["days_absent"].values()) == [(12, None)]
    assert list(data.answers["comment"].values()) == [("Bra start", None)]
    assert "comment" in data.retired

    # Undo takes back the whole preparation (version and rename) in one step.
    window.undo_stack.undo()
    assert window.document.header["version"] == 1
