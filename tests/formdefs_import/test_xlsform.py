"""XLSForms of three shapes: every field is mapped or reported, with the reason."""

from __future__ import annotations

import pytest

from isu.formdefs import load_form_text
from isu.formdefs.document import DocumentError
from isu.formdefs.importers import import_xlsform
from tests.formdefs_import.xlsforms import XLSFORMS, write_xlsform

EXPECTED_NOTES = {
    "sig_intake": [
        ("during", "changed", "phase_requires_nothing"),
        ("after", "changed", "phase_requires_nothing"),
    ],
    "household_survey": [
        ("start", "skipped", "metadata"),
        ("end", "skipped", "metadata"),
        ("deviceid", "skipped", "metadata"),
        ("location", "skipped", "unsupported_type"),
        ("crowded", "skipped", "calculation"),
        ("districts", "changed", "choice_filter"),
        ("rooms_group", "changed", "nested_group"),
        ("visit_time", "changed", "time_dropped"),
        ("photo", "skipped", "unsupported_type"),
    ],
    "client_experience": [
        ("settings.version", "changed", "version"),
        ("choices.helped", "changed", "choice_code"),
        ("consent", "changed", "acknowledge"),
        ("priorities", "skipped", "unsupported_type"),
        ("phone", "changed", "constraint"),
        ("experience", "changed", "phase_requires_nothing"),
    ],
}


@pytest.fixture
def imported(tmp_path):
    def run(name: str):
        return import_xlsform(write_xlsform(XLSFORMS[name], tmp_path / f"{name}.xlsx"))

    return run


@pytest.mark.parametrize("name", sorted(EXPECTED_NOTES))
def test_every_field_is_mapped_or_reported(imported, name):
    document, report = imported(name)
    assert report.summary() == EXPECTED_NOTES[name]
    assert report.imported + report.texts == report.fields - len(report.skipped)
    assert document.problems() == []
    assert len(load_form_text(document.to_yaml()).questions()) == report.imported


def test_bilingual_form_keeps_languages_lists_phases_and_repeats(imported):
    document, _ = imported("sig_intake")
    spec = load_form_text(document.to_yaml())
    assert (spec.id, spec.version, spec.title.sv) == ("sig_intake", 3, "SIG-inskrivning")
    gender = spec.question("gender")
    assert (gender.label.sv, gender.label.en, gender.choices.id) == ("Kön", "Gender", "gender")
    assert gender.required and gender.phase == "before"
    year = spec.question("birth_year")
    assert year.constraint_message.en == "Implausible year" and year.help.sv == "Bara året"
    assert spec.question("reason_other").relevant == "selected(reason, 'other')"
    assert spec.question("meetings").relevant == "school = 'yes'"
    group = spec.group("interventions")
    assert group.phase == "during" and [q.code for q in group.questions] == [
        "intervention_type",
        "intervention_start",
    ]
    assert spec.question("closure_comment").type.value == "longtext"
    assert spec.question("closure_date").phase == "after"


def test_calculations_ranges_and_nested_groups(imported):
    document, _ = imported("household_survey")
    spec = load_form_text(document.to_yaml())
    size = spec.question("household_size").computed
    assert (size.kind.value, size.items) == ("sum", ("adults", "children"))
    assert spec.question("rooms").relevant == "household_size > 0"
    assert spec.question("rooms").section != spec.question("region").section
    condition = spec.question("condition")
    assert (condition.scale_min, condition.scale_max) == (1, 5)
    assert spec.question("adults").constraint == ". >= 0 and . <= 20"


def test_logic_functions_are_translated(imported):
    document, _ = imported("client_experience")
    spec = load_form_text(document.to_yaml())
    assert spec.question("helped_other").relevant == (
        "count_selected(helped_by) > 0 and selected(helped_by, 'other')"
    )
    assert spec.question("comment").relevant == "age >= 18 and not (safe = '1')"
    assert spec.question("comment").constraint == "length(.) <= 200"
    assert spec.question("phone").constraint is None
    assert spec.question("mean_score").computed.kind.value == "mean"
    assert spec.question("safe").phase == "experience"
    assert "family_member" in spec.question("helped_by").choice_codes


def test_a_file_that_is_no_workbook_is_refused(tmp_path):
    path = tmp_path / "form.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(DocumentError):
        import_xlsform(path)
    with pytest.raises(DocumentError):
        import_xlsform(write_xlsform({"choices": [["list_name", "name"]]}, tmp_path / "x.xlsx"))
