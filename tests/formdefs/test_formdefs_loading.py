"""Loading and checking form files: the default SIG form, broken forms, line numbers."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from isu.domain.form import CASE_ROLES, PHASES, PrivacyClass, QType
from isu.errors import FormError, UserError
from isu.formdefs import check_form_file, check_form_text, load_form, load_form_text
from tests.formdefs.support import (
    BROKEN,
    FORMS,
    SCHEMA,
    SIG,
    expected_fragment,
    marked_lines,
)

BROKEN_FILES = sorted(BROKEN.glob("*.yaml"))


def schema_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_sig_form_checks_clean():
    assert check_form_file(SIG) == []


def test_sig_form_is_valid_against_the_json_schema():
    data = yaml.safe_load(SIG.read_text(encoding="utf-8"))  # the pure-Python parser, like editors
    errors = [e.message for e in schema_validator().iter_errors(data)]
    assert errors == []


def test_sig_form_has_every_case_role_and_both_groups():
    form = load_form(SIG)
    assert form.version == 2
    missing_roles = [role for role in CASE_ROLES if form.by_role(role) is None]
    assert missing_roles == []
    interventions = form.group_by_role("interventions")
    assert interventions is not None and interventions.phase == "during"
    assert form.group_by_role("meetings") is not None
    inner_roles = {q.role for q in interventions.questions if q.role}
    assert inner_roles == {
        "intervention_type",
        "intervention_focus",
        "intervention_actor",
        "intervention_status",
    }


def test_sig_form_pairs_the_status_indicators():
    form = load_form(SIG)
    pairs = form.pairs()
    assert len(pairs) == 4
    for before, after in pairs:
        assert (before.phase, after.phase) == ("before", "after")
        assert before.type is after.type and before.choice_codes == after.choice_codes


def test_sig_form_has_no_personal_identity_number_or_name_fields():
    form = load_form(SIG)
    for question in form.questions():
        text = f"{question.code} {question.label.sv} {question.label.en}".lower()
        assert "personnummer" not in text and "namn" not in text.split()
    assert form.by_role("case_number").privacy is PrivacyClass.DIRECT_IDENTIFIER
    assert form.by_role("municipality").privacy is PrivacyClass.QUASI_IDENTIFIER
    texts = [q for q in form.questions() if q.type in (QType.TEXT, QType.LONGTEXT)]
    assert all(q.privacy is not PrivacyClass.NONE or q.role == "unit" for q in texts)


def test_sig_form_lists_phases_in_order_and_defaults_missing_codes():
    form = load_form(SIG)
    assert tuple(p.name for p in form.phases) == PHASES
    assert form.description is not None and form.description.get("en") != form.description.sv
    assert [m.code for m in form.missing_codes] == [
        "uppgift_saknas",
        "ej_aktuellt",
        "vill_ej_svara",
    ]
    assert form.question("consent_youth").missing == ("uppgift_saknas",)
    assert form.question("gender").missing == tuple(m.code for m in form.missing_codes)


def test_lookups_on_the_form_spec():
    form = load_form(FORMS / "mini.yaml")
    assert [q.code for q in form.phase_questions("before")] == ["colour", "visit", "note"]
    assert form.question("note").privacy is PrivacyClass.FREE_TEXT
    assert form.current_code("colour") == "colour" and form.current_code("gone") is None
    with pytest.raises(UserError):
        form.question("gone")


@pytest.mark.parametrize("path", BROKEN_FILES, ids=lambda p: p.stem)
def test_broken_form_reports_each_problem_on_its_line(path: Path):
    problems = check_form_file(path)
    assert [p.line for p in problems] == marked_lines(path)
    for problem in problems:
        assert problem.message_sv and problem.message_en
        assert problem.message_sv != problem.message_en
    if len(problems) == 1:
        assert expected_fragment(path).lower() in problems[0].message_en.lower()


@pytest.mark.parametrize("path", BROKEN_FILES, ids=lambda p: p.stem)
def test_loading_a_broken_form_raises_form_error_with_all_problems(path: Path):
    with pytest.raises(FormError) as caught:
        load_form(path)
    assert isinstance(caught.value, UserError)
    assert caught.value.problems == check_form_file(path)
    assert f"{len(caught.value.problems)}" in caught.value.message("sv")


@pytest.mark.parametrize("name", ["unknown_type", "wrong_version", "missing_version"])
def test_the_json_schema_also_rejects_structural_mistakes(name: str):
    data = yaml.safe_load((BROKEN / f"{name}.yaml").read_text(encoding="utf-8"))
    assert list(schema_validator().iter_errors(data))


def test_unreadable_and_non_utf8_files_are_problems_not_crashes(tmp_path):
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("id: å\n".encode("latin-1"))
    assert check_form_file(latin1)[0].line == 1
    assert "UTF-8" in check_form_file(latin1)[0].message_en
    assert check_form_file(tmp_path / "missing.yaml")[0].line == 1
    with pytest.raises(FormError):
        load_form(tmp_path / "missing.yaml")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("- just\n- a list\n", "mapping"),
        ("a: &x [1]\nb: *x\n", "aliases"),
        ("a: !!python/object:os.system {}\n", "Invalid value"),
        ("[" * 200 + "]" * 200, "Nested too deeply"),
        ("id: a\n---\nid: b\n", "YAML"),
    ],
)
def test_hostile_or_odd_yaml_gives_a_problem(text: str, fragment: str):
    problems = check_form_text(text)
    assert any(fragment.lower() in p.message_en.lower() for p in problems)


def test_deep_flow_nesting_does_not_crash_the_parser():
    problems = check_form_text("a: " + "[" * 100_000)
    assert problems[0].line == 1


def test_unknown_keys_are_reported_so_typos_do_not_pass_silently():
    text = (FORMS / "mini.yaml").read_text(encoding="utf-8").replace("relevant:", "relevnt:")
    problems = check_form_text(text)
    assert len(problems) == 1 and "relevnt" in problems[0].message_en
    assert (
        problems[0].line
        == text.splitlines().index(next(line for line in text.splitlines() if "relevnt" in line))
        + 1
    )


def test_load_form_text_returns_a_form_with_its_source():
    form = load_form_text((FORMS / "mini.yaml").read_text(encoding="utf-8"), source="mini")
    assert form.source == "mini" and form.id == "mini"
