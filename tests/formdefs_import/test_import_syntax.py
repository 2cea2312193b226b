"""REDCap's API metadata export, descriptive fields, calculations, and the older XLSForm
spellings (select one from, select all that apply from, list name, or_other, notes): each
becomes what the form format has, or is reported with the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from isu.domain.answers import Answer
from isu.domain.form import Descriptive
from isu.formdefs import evaluate_case, load_form_text
from isu.formdefs.document import DocumentError
from isu.formdefs.importers import import_xlsform
from isu.formdefs.importers.detect import detect_format, import_form_file
from isu.formdefs.importers.redcap import import_redcap_csv, import_redcap_json
from tests.formdefs_import.old_syntax_forms import MUNICIPALITY_SURVEY
from tests.formdefs_import.xlsforms import write_xlsform

DATA = Path(__file__).parent / "data"
PARENTING = ("parenting_group.csv", "parenting_group_api.csv", "parenting_group_api.json")

PARENTING_NOTES = [
    ("stress1", "changed", "choices_as_scale"),
    ("stress1", "changed", "matrix"),
    ("stress2", "changed", "choices_as_scale"),
    ("stress2", "changed", "matrix"),
    ("stress_flag", "skipped", "calculation"),
    ("logo", "skipped", "descriptive_empty"),
    ("closing_note", "changed", "descriptive_branching"),
    # The form records no start or closure date: its during and after phases require none.
    ("during", "changed", "phase_requires_nothing"),
    ("after", "changed", "phase_requires_nothing"),
]
SURVEY_NOTES = [
    ("reason", "changed", "or_other"),
    ("more_actors", "changed", "or_other"),
    ("sig_text", "skipped", "calculation"),
    ("meeting_note", "changed", "note_in_repeat"),
    ("picture", "skipped", "note_empty"),
    ("thanks", "changed", "note_relevant"),
    ("thanks", "changed", "note_reference"),
]


def test_the_download_and_the_api_metadata_as_csv_and_json_give_the_same_form():
    texts = [(DATA / name).read_text(encoding="utf-8") for name in PARENTING]
    download = import_redcap_csv(texts[0], "parenting.csv")
    api_csv = import_redcap_csv(texts[1], "parenting.csv")
    api_json = import_redcap_json(texts[2], "parenting.csv")
    assert download[0].to_yaml() == api_csv[0].to_yaml() == api_json[0].to_yaml()
    assert download[1] == api_csv[1] == api_json[1]
    kinds = [detect_format((DATA / name).read_bytes(), name) for name in PARENTING]
    assert kinds == ["redcap", "redcap_api", "redcap_api_json"]


def test_redcap_descriptive_fields_become_texts_and_calculations_expressions():
    result = import_form_file(DATA / "parenting_group_api.csv")
    report = result.report
    assert report.summary() == PARENTING_NOTES
    assert (report.fields, report.imported, report.texts) == (15, 11, 2)
    assert report.imported + report.texts == report.fields - len(report.skipped)
    assert result.document.problems() == []
    spec = load_form_text(result.document.to_yaml())
    from isu.formdefs.phase_check import phase_warnings

    assert phase_warnings(spec) == []  # every imported question can count in a summary
    texts = spec.descriptive_items()
    assert [(t.code, t.label.sv, t.phase) for t in texts] == [
        ("intro_baseline", "Fyll i före första träffen.", "before"),  # HTML removed
        ("closing_note", "Fylls i vid sista träffen.", "after"),
    ]
    assert not any(spec.has_question(t.code) for t in texts)  # no answer, no question
    bmi = spec.question("bmi").computed
    assert (bmi.kind.value, bmi.expression, bmi.decimals) == (
        "expression",
        "weight / (height * height)",
        1,
    )
    assert spec.question("stress_total").computed.expression == "stress1 + stress2"
    stress = spec.question("stress1")
    assert (stress.type.value, stress.scale_min, stress.scale_max) == ("scale", 1, 4)
    why = {n.field: n.text("sv") for n in report.notes}
    assert "if finns inte i vårt uttrycksspråk" in why["stress_flag"]
    answers = {"weight": Answer(81.0), "height": Answer(1.8), "stress1": Answer(3)}
    values = evaluate_case(spec, {**answers, "stress2": Answer(4)}).computed
    assert (values["bmi"], values["stress_total"]) == (25.0, 7)
    assert evaluate_case(spec, answers).computed["stress_total"] is None  # an input missing
    assert (
        evaluate_case(spec, {"weight": Answer(81.0), "height": Answer(0.0)}).computed["bmi"] is None
    )  # division by zero: no value, no error


def test_xlsform_old_spellings_or_other_and_notes(tmp_path):
    document, report = import_xlsform(write_xlsform(MUNICIPALITY_SURVEY, tmp_path / "k.xlsx"))
    assert report.summary() == SURVEY_NOTES
    assert (report.fields, report.imported, report.texts, report.added) == (14, 11, 3, 2)
    assert report.imported - report.added + report.texts == report.fields - len(report.skipped)
    assert document.problems() == []
    spec = load_form_text(document.to_yaml())
    assert spec.question("has_sig").choice_codes == ("yes", "no")  # select one from
    actors = spec.question("actors")  # select all that apply from, no or_other
    assert (actors.type.value, actors.choice_codes) == ("multiple", ("police", "school"))
    assert spec.question("more_actors").choice_codes == ("police", "school", "other")
    assert spec.question("reason").choice_codes == ("crime", "recruitment", "other")
    assert spec.question("reason_other").relevant == "reason = 'other'"
    assert spec.question("more_actors_other").relevant == "selected(more_actors, 'other')"
    items = spec.phase("before").sections[0].items
    shown = [(type(i).__name__, i.code) for i in items]
    assert shown[0] == ("Descriptive", "intro")
    at = shown.index(("RepeatGroup", "meetings"))
    assert shown[at - 1] == ("Descriptive", "meeting_note")  # a note in a repeat: just before
    assert isinstance(items[-1], Descriptive) and "${has_sig}" in items[-1].label.sv
    per_staff = spec.question("per_staff").computed
    assert (per_staff.expression, per_staff.decimals) == ("cases / staff", 2)
    assert spec.question("weighted").computed.expression == "staff + cases * 2"
    values = evaluate_case(spec, {"cases": Answer(10), "staff": Answer(3)}).computed
    assert (values["per_staff"], values["weighted"]) == (3.33, 23)
    assert "concat" in next(n for n in report.notes if n.field == "sig_text").text("en")


def test_an_unknown_file_is_refused_with_a_message(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("name;value\na;1\n", encoding="utf-8")
    with pytest.raises(DocumentError) as refused:
        import_form_file(path)
    assert "ingen REDCap-datadictionary" in refused.value.message("sv")
    path = tmp_path / "list.json"
    for text in ('{"field_name": "x"}', "[" * 100_000, '[{"field_name": "x"}]'):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(DocumentError):
            import_form_file(path)
