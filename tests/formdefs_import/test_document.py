"""The editable form document: round trips, edits, expression checks, problem locations."""

from __future__ import annotations

import dataclasses

import pytest

from isu.formdefs import load_form_text
from isu.formdefs.document import DocumentError, FormDocument, new_question
from isu.paths import forms_dir

SIG_TEXT = (forms_dir() / "sig.yaml").read_text(encoding="utf-8")


def _without_lines(form):
    return [dataclasses.replace(q, line=0) for q in form.questions()]


def test_hand_written_file_is_written_back_unchanged():
    assert FormDocument.from_yaml(SIG_TEXT).to_yaml() == SIG_TEXT


def test_canonical_layout_is_byte_identical_after_a_round_trip():
    canonical = FormDocument.from_yaml(SIG_TEXT).canonical_yaml()
    assert canonical != SIG_TEXT  # the hand-written layout differs (comments, spacing)
    again = FormDocument.from_yaml(canonical)
    assert again.to_yaml() == canonical
    assert again.canonical_yaml() == canonical


def test_canonical_layout_means_the_same_form():
    canonical = FormDocument.from_yaml(SIG_TEXT).canonical_yaml()
    original, rewritten = load_form_text(SIG_TEXT), load_form_text(canonical)
    assert _without_lines(rewritten) == _without_lines(original)
    assert rewritten.choice_lists == original.choice_lists
    assert rewritten.age_bands == original.age_bands


def test_an_edit_is_saved_and_loaded_back():
    document = FormDocument.from_yaml(SIG_TEXT)
    path = document.find("birth_year")
    document.set_property(path, "label", {"sv": "Födelseår (ÅÅÅÅ)", "en": "Year of birth"})
    text = document.to_yaml()
    assert text != SIG_TEXT and "# ISU-formulär" not in text  # comments are not kept
    loaded = FormDocument.from_yaml(text)
    assert loaded.node(loaded.find("birth_year")).props["label"]["sv"] == "Födelseår (ÅÅÅÅ)"
    assert load_form_text(text).question("birth_year").label.sv == "Födelseår (ÅÅÅÅ)"
    assert loaded.to_yaml() == text


def test_undoing_an_edit_by_hand_gives_the_original_text_again():
    document = FormDocument.from_yaml(SIG_TEXT)
    path = document.find("unit")
    old = document.set_property(path, "required", True)
    assert document.is_modified
    document.set_property(path, "required", old)
    assert not document.is_modified
    assert document.to_yaml() == SIG_TEXT


def test_structure_edits_keep_the_form_valid():
    document = FormDocument.from_yaml(SIG_TEXT)
    group_path = document.find("interventions")
    copy_path, twin = document.duplicate(group_path)
    assert copy_path == (*group_path[:-1], group_path[-1] + 1)
    assert twin.code == "interventions_copy" and "role" not in twin.props
    assert [c.code for c in twin.children][:2] == [
        "intervention_type_copy",
        "intervention_type_other_copy",
    ]
    end = next(c for c in twin.children if c.code == "intervention_end_copy")
    assert end.props["constraint"] == ". >= intervention_start_copy"
    document.insert((1, 0, 0), new_question("nickname_year", "integer", "År"))
    document.move(document.find("nickname_year"), (1, 1, 0))
    assert document.find("nickname_year") == (1, 1, 0)
    removed = document.remove(document.find("unit"))
    assert removed.code == "unit" and document.find("unit") is None
    assert document.problems() == []
    with pytest.raises(ValueError):
        document.insert((1, 0, 0, 0), new_question("x"))  # a question is not a container


def test_renaming_a_choice_list_renames_its_users():
    document = FormDocument.from_yaml(SIG_TEXT)
    users = document.rename_choice_list("change", "change_level")
    assert len(users) == 13
    assert document.choice_list_users("change_level")[0] == "change_crime"
    assert document.problems() == []


def test_expressions_are_checked_against_the_current_document():
    document = FormDocument.from_yaml(SIG_TEXT)
    path = document.find("sig_reason_other")
    assert document.check_expression(path, "relevant", "selected(sig_reason, 'annan')") is None
    unknown = document.check_expression(path, "relevant", "selected(sig_reson, 'annan')")
    assert unknown is not None and "sig_reson" in unknown.en
    wrong_type = document.check_expression(path, "relevant", "birth_year = 'x'")
    assert wrong_type is not None
    inside = document.find("intervention_end")
    assert document.check_expression(inside, "constraint", ". >= intervention_start") is None
    outside = document.check_expression(path, "relevant", "answered(intervention_start)")
    assert outside is not None  # group questions are out of scope at case level
    assert "intervention_start" in document.visible_codes(inside)
    assert "intervention_start" not in document.visible_codes(path)


def test_problems_point_at_their_node():
    document = FormDocument.from_yaml(SIG_TEXT)
    path = document.find("drug_use")
    document.set_property(path, "relevant", "selected(school_status, 'nope')")
    problems = document.problems()
    assert len(problems) == 1
    assert document.path_for_line(problems[0].line) == path


def test_empty_document_is_a_valid_form():
    document = FormDocument.empty()
    assert document.problems() == []
    assert FormDocument.from_yaml(document.to_yaml()).to_yaml() == document.to_yaml()


@pytest.mark.parametrize("text", ["id: [unclosed", "- just\n- a list\n", "phases: 3\n"])
def test_text_that_is_no_form_is_refused(text):
    with pytest.raises(DocumentError):
        FormDocument.from_yaml(text)
