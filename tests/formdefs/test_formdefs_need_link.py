"""Need-rating questions linked to intervention focus codes (``need_area``,
``rated_need_levels``): the SIG form's links, and each broken variant's message and line."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from isu.cli import main
from isu.formdefs import check_form_text, load_form, load_form_text
from isu.formdefs.document import FormDocument
from tests.formdefs.support import MARKER, SCHEMA, SIG

SIG_AREAS = {
    "need_crime": "brottslighet",
    "need_school": "skola",
    "need_occupation": "sysselsattning",
    "need_drugs": "droger",
    "need_peers": "kamrater",
    "need_family": "familj",
    "need_leisure": "fritid",
    "need_mental_health": "psykisk_halsa",
    "need_attitudes": "attityder",
    "need_housing": "boende",
    "need_debts": "skulder",
    "need_victimisation": "utsatthet",
    "need_networks": "natverk",
}

# A small valid form; the variants below replace {levels}, {needs} and {inner}.
TEMPLATE = """\
id: needs
version: 1
title: {{sv: Behov, en: Needs}}
{levels}
choice_lists:
  level:
    - {{code: inget, label: Inget}}
    - {{code: mattligt, label: Måttligt}}
    - {{code: stort, label: Stort}}
  area:
    - {{code: skola, label: Skola}}
    - {{code: familj, label: Familj}}
phases:
  before:
    sections:
      - code: needs
        title: {{sv: Behov, en: Needs}}
        questions:
{needs}
  during:
    sections:
      - code: work
        title: {{sv: Insatser, en: Interventions}}
        questions:
          - code: interventions
            type: repeat
            role: interventions
            label: {{sv: Insats, en: Intervention}}
            questions:
{inner}
"""
LEVELS = "rated_need_levels: [mattligt, stort]"
SCHOOL = "          - {code: need_school, type: single, choices: level, need_area: skola, label: S}"
FAMILY = (
    "          - {code: need_family, type: single, choices: level, need_area: familj, label: F}"
)
FOCUS = (
    "              - {code: focus, type: single, role: intervention_focus, choices: area,"
    " label: Fokus}"
)


def form_text(levels: str = LEVELS, needs: str = f"{SCHOOL}\n{FAMILY}", inner: str = FOCUS) -> str:
    return TEMPLATE.format(levels=levels, needs=needs, inner=inner)


def marked(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), start=1) if MARKER in line]


# --- the SIG form ---------------------------------------------------------------------------


def test_sig_form_links_thirteen_need_questions_to_the_focus_areas():
    form = load_form(SIG)
    assert form.rated_need_levels == ("mattligt", "stort")
    linked = {question.code: area for area, question in form.need_questions()}
    assert linked == SIG_AREAS
    assert [q.code for _, q in form.need_questions()] == list(SIG_AREAS)  # form order
    focus = form.by_role("intervention_focus")
    assert set(linked.values()) == set(focus.choice_codes)
    for _, question in form.need_questions():
        assert question.phase == "before" and question.group is None
        assert set(form.rated_need_levels) <= set(question.choice_codes)


def test_the_small_form_is_valid_and_keeps_its_links():
    form = load_form_text(form_text())
    assert [(area, q.code) for area, q in form.need_questions()] == [
        ("skola", "need_school"),
        ("familj", "need_family"),
    ]
    assert form.rated_need_levels == ("mattligt", "stort")


# --- broken variants: each its own message, on its line -------------------------------------

MULTIPLE = (
    "          - {code: need_school, type: multiple, choices: level, need_area: skola,"
    f" label: S}}  {MARKER}"
)
IN_GROUP = (
    f"{FOCUS}\n              - {{code: inner_need, type: single, choices: level,"
    f" need_area: skola, label: I}}  {MARKER}"
)
UNKNOWN_AREA = (
    "          - {code: need_school, type: single, choices: level, need_area: skolan,"
    f" label: S}}  {MARKER}"
)
TWICE = f"{SCHOOL}\n{FAMILY}\n{SCHOOL.replace('need_school', 'need_school_2')}  {MARKER}"
NO_FOCUS = "              - {code: what, type: text, label: Vad}"
SHORT_LEVELS = (
    "          - {code: need_school, type: single, choices: [{code: inget, label: I},"
    f" {{code: stort, label: S}}], need_area: skola, label: S}}  {MARKER}"
)

BROKEN = {
    "not_single": (form_text(needs=f"{MULTIPLE}\n{FAMILY}"), "needs type single"),
    "in_repeat_group": (form_text(inner=IN_GROUP), "cannot be used inside a repeat group"),
    "area_not_in_focus_list": (
        form_text(needs=f"{UNKNOWN_AREA}\n{FAMILY}"),
        "'skolan' is not a choice of focus",
    ),
    "area_rated_twice": (form_text(needs=TWICE), "already rated by need_school"),
    "no_focus_question": (
        form_text(needs=f"{SCHOOL}  {MARKER}\n{FAMILY}", inner=NO_FOCUS),
        "needs a question with role intervention_focus",
    ),
    "levels_missing": (
        form_text(levels="", needs=f"{SCHOOL}  {MARKER}\n{FAMILY}"),
        "need 'rated_need_levels'",
    ),
    "levels_empty": (
        form_text(levels=f"rated_need_levels: []  {MARKER}"),
        "'rated_need_levels' is empty",
    ),
    "levels_null": (
        form_text(levels=f"rated_need_levels:  {MARKER}"),
        "'rated_need_levels' is empty",
    ),
    "level_in_no_need_question": (
        form_text(levels=f"rated_need_levels: [mattligt, stora]  {MARKER}"),
        "'stora' in 'rated_need_levels' is not a choice of any",
    ),
    "level_missing_in_one_question": (
        form_text(needs=f"{SHORT_LEVELS}\n{FAMILY}"),
        "need_school lacks the choice 'mattligt'",
    ),
    "levels_without_need_questions": (
        form_text(
            levels=f"rated_need_levels: [stort]  {MARKER}",
            needs="          - {code: plain, type: single, choices: level, label: P}",
        ),
        "'rated_need_levels' is unused",
    ),
    "levels_not_a_list": (
        form_text(levels=f"rated_need_levels: stort  {MARKER}"),
        "'rated_need_levels' must be a list",
    ),
    "area_not_a_code": (
        form_text(needs=f"{SCHOOL.replace('need_area: skola', 'need_area: Skola')}  {MARKER}"),
        "'Skola' is not a valid code",
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_each_broken_link_gives_its_own_message_on_its_line(name: str):
    text, fragment = BROKEN[name]
    problems = check_form_text(text)
    assert [p.line for p in problems] == marked(text)
    assert len(problems) == 1
    assert fragment.lower() in problems[0].message_en.lower()
    assert problems[0].message_sv and problems[0].message_sv != problems[0].message_en


def test_every_broken_variant_has_a_different_message():
    messages = {check_form_text(text)[0].message_en for text, _ in BROKEN.values()}
    # levels_empty and levels_null are the same mistake, said the same way.
    assert len(messages) == len(BROKEN) - 1


def test_the_form_check_command_prints_the_problem_with_its_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ISU_LANG", "en")
    text, _ = BROKEN["area_rated_twice"]
    path = tmp_path / "twice.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["form", "check", str(path)]) == 2
    output = capsys.readouterr().out
    assert f"{path}:{marked(text)[0]}:" in output and "already rated by need_school" in output


# --- the JSON schema --------------------------------------------------------------------------


def schema_errors(text: str) -> list[str]:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    return [e.message for e in validator.iter_errors(yaml.safe_load(text))]


def test_the_json_schema_knows_both_keys():
    assert schema_errors(form_text()) == []


@pytest.mark.parametrize(
    "name", ["not_single", "in_repeat_group", "levels_not_a_list", "levels_empty"]
)
def test_the_json_schema_rejects_structural_link_mistakes(name: str):
    assert schema_errors(BROKEN[name][0])


# --- the editor's document round trip -----------------------------------------------------------


def test_both_keys_survive_the_canonical_round_trip_byte_identical():
    canonical = FormDocument.from_yaml(SIG.read_text(encoding="utf-8")).canonical_yaml()
    assert "rated_need_levels: [mattligt, stort]\n" in canonical
    assert canonical.count("need_area: ") == len(SIG_AREAS)
    again = FormDocument.from_yaml(canonical)
    assert again.to_yaml() == canonical and again.canonical_yaml() == canonical
    form = load_form_text(canonical)
    assert form.rated_need_levels == ("mattligt", "stort")
    assert {q.code: area for area, q in form.need_questions()} == SIG_AREAS
