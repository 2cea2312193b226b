"""REDCap data dictionaries: every field is mapped or reported, with the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from isu.formdefs import load_form_text
from isu.formdefs.document import DocumentError
from isu.formdefs.importers import import_redcap_csv

DATA = Path(__file__).parent / "data"


def _import(name: str):
    return import_redcap_csv((DATA / name).read_text(encoding="utf-8"), name)


EXPECTED_NOTES = {
    "youth_followup.csv": [
        ("need_school", "changed", "matrix"),
        ("need_family", "changed", "matrix"),
        ("need_peers", "changed", "matrix"),
        ("during", "changed", "phase_requires_nothing"),
        ("after", "changed", "phase_requires_nothing"),
    ],
    "phq_screening.csv": [
        ("email", "changed", "validation"),
        ("phq1", "changed", "choices_as_scale"),
        ("phq1", "changed", "matrix"),
        ("phq2", "changed", "choices_as_scale"),
        ("phq2", "changed", "matrix"),
        ("phq3", "changed", "choices_as_scale"),
        ("phq3", "changed", "matrix"),
        ("consent_form", "skipped", "unsupported_type"),
        ("satisfied", "changed", "choice_code"),
        ("experience", "changed", "phase_requires_nothing"),
    ],
    "clinic_visits.csv": [
        ("site", "skipped", "unsupported_type"),
        ("visit_time", "changed", "time_dropped"),
        ("Visit_Type", "changed", "renamed_code"),
        ("not", "changed", "renamed_code"),
        ("bmi", "skipped", "calculation"),
        ("adult", "changed", "annotation"),
        ("remarks", "changed", "annotation"),
        ("followup_needed", "changed", "branching"),
        ("adult", "changed", "branching"),
        ("during", "changed", "phase_requires_nothing"),
        ("after", "changed", "phase_requires_nothing"),
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED_NOTES))
def test_every_field_is_mapped_or_reported(name):
    document, report = _import(name)
    assert report.summary() == EXPECTED_NOTES[name]
    skipped = {n.field for n in report.skipped}
    assert report.imported + report.texts == report.fields - len(skipped)
    assert document.problems() == []
    spec = load_form_text(document.to_yaml())
    assert len(spec.questions()) == report.imported


def test_youth_dictionary_maps_types_logic_and_phases():
    document, _ = _import("youth_followup.csv")
    spec = load_form_text(document.to_yaml())
    assert spec.by_role("case_number").code == "record_id"
    assert spec.question("referral_date").type.value == "date"
    assert spec.question("referral_date").constraint == ". >= '2015-01-01' and . <= today()"
    assert spec.question("birth_year").help.sv == "Year only"
    assert spec.question("reason_other").relevant == "selected(reason, '9')"
    assert spec.question("drug_details").relevant == "drugs = true"
    assert spec.question("closure_reason").relevant == "answered(closure_date)"
    assert spec.question("days_in_program").computed.kind.value == "days_between"
    assert spec.question("need_school").phase == "during"
    assert spec.question("closure_date").phase == "after"
    assert spec.question("gender").phase == "before"
    assert [c.id for c in spec.choice_lists] == ["needs"]  # the matrix shares one list
    assert spec.question("gender").choice_codes == ("1", "2", "3")


def test_summed_choices_become_scales_and_logic_uses_numbers():
    document, _ = _import("phq_screening.csv")
    spec = load_form_text(document.to_yaml())
    phq1 = spec.question("phq1")
    assert (phq1.type.value, phq1.scale_min, phq1.scale_max) == ("scale", 0, 3)
    assert [a.label.sv for a in phq1.anchors][-1] == "Nearly every day"
    assert spec.question("phq_total").computed.items == ("phq1", "phq2", "phq3")
    assert spec.question("referral_needed").relevant == "phq_total >= 5"
    assert spec.question("satisfied").choice_codes[-1] == "m1"
    assert spec.question("would_recommend").relevant == "satisfied != 'm1' and answered(satisfied)"
    assert spec.question("would_recommend").phase == "experience"
    assert spec.question("email").privacy.value == "direct_identifier"
    wellbeing = spec.question("wellbeing")
    assert (wellbeing.scale_min, wellbeing.scale_max) == (0, 10)


def test_reported_reasons_explain_themselves():
    _, report = _import("clinic_visits.csv")
    notes = {(n.field, n.reason): n for n in report.notes}
    assert "datediff" in notes[("followup_needed", "branching")].message.en
    assert "visit_type" in notes[("Visit_Type", "renamed_code")].message.en
    assert "not_q" in notes[("not", "renamed_code")].message.sv
    assert "@HIDDEN" in notes[("adult", "annotation")].text("en")


def test_a_file_that_is_no_data_dictionary_is_refused():
    with pytest.raises(DocumentError):
        import_redcap_csv("name,value\na,1\n")
    with pytest.raises(DocumentError):
        import_redcap_csv("")
