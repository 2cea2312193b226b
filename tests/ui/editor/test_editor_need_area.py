"""The property panel's need-area field: shown where it fits, edited by undoable commands,
and written to YAML that reads back the same."""

from __future__ import annotations

from isu.formdefs import load_form_text
from isu.formdefs.document import FormDocument
from isu.paths import forms_dir

SIG_TEXT = (forms_dir() / "sig.yaml").read_text(encoding="utf-8")


def _choose(combo, value) -> None:
    combo.setCurrentIndex(combo.findData(value))
    combo.activated.emit(combo.currentIndex())


def _props(editor, code: str) -> dict:
    return editor.document.node(editor.document.find(code)).props


def test_need_area_offers_the_focus_codes_and_shows_the_current_one(editor):
    editor.select(editor.document.find("need_crime"))
    combo = editor.panel.need_area
    assert not combo.isHidden()
    assert combo.currentData() == "brottslighet"
    items = [combo.itemData(i) for i in range(combo.count())]
    focus = editor.document.node(editor.document.find("intervention_focus"))
    assert items == [None, *editor.document.choice_codes(focus)]
    assert combo.itemText(0) == "(none)"


def test_need_area_is_hidden_where_it_cannot_be_used(editor):
    for code in ("sig_meetings", "actors", "intervention_focus"):  # integer, multiple, in group
        editor.select(editor.document.find(code))
        assert editor.panel.need_area.isHidden(), code
    editor.select(editor.document.find("risk_level"))  # a case-level single question
    assert not editor.panel.need_area.isHidden()


def test_choosing_an_area_is_undoable_and_checked(editor):
    editor.select(editor.document.find("need_crime"))
    _choose(editor.panel.need_area, "skola")
    assert _props(editor, "need_crime")["need_area"] == "skola"
    editor.refresh_problems()
    texts = [editor.problems.item(i).text() for i in range(editor.problems.count())]
    assert any("already rated by need_crime" in text for text in texts)  # need_school's line
    _choose(editor.panel.need_area, None)
    assert "need_area" not in _props(editor, "need_crime")
    editor.undo_stack.undo()
    editor.undo_stack.undo()
    assert _props(editor, "need_crime")["need_area"] == "brottslighet"
    assert editor.panel.need_area.currentData() == "brottslighet"
    assert editor.document.to_yaml() == SIG_TEXT


def test_a_type_change_drops_the_need_area_in_the_same_step(editor):
    editor.select(editor.document.find("need_family"))
    panel = editor.panel
    panel.type.setCurrentIndex(panel.type.findData("multiple"))
    panel.type.activated.emit(panel.type.currentIndex())
    props = _props(editor, "need_family")
    assert props["type"] == "multiple" and "need_area" not in props
    assert panel.need_area.isHidden()
    editor.undo_stack.undo()
    props = _props(editor, "need_family")
    assert (props["type"], props["need_area"]) == ("single", "familj")


def test_an_edited_need_area_round_trips_byte_identical(editor, tmp_path):
    editor.select(editor.document.find("need_crime"))
    _choose(editor.panel.need_area, None)
    editor.select(editor.document.find("need_school"))
    _choose(editor.panel.need_area, "brottslighet")
    target = tmp_path / "edited.yaml"
    assert editor.export_yaml(str(target))
    text = target.read_text(encoding="utf-8")
    assert "rated_need_levels: [mattligt, stort]\n" in text
    reopened = FormDocument.from_yaml(text)
    assert reopened.to_yaml() == text and reopened.canonical_yaml() == text
    form = load_form_text(text)
    assert form.rated_need_levels == ("mattligt", "stort")
    areas = {question.code: area for area, question in form.need_questions()}
    assert areas["need_school"] == "brottslighet" and "need_crime" not in areas
