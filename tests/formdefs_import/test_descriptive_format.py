"""The form format's descriptive texts and arithmetic computations, as the loader, the form
check and the JSON schema see them: what is accepted, and what is refused with its line."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from isu.formdefs import check_form_text, load_form_text
from isu.formdefs.importers.detect import import_form_file
from tests.formdefs.support import SCHEMA
from tests.formdefs_import.test_import_syntax import DATA

HEAD = """id: t
version: 1
title: T
phases:
  before:
    sections:
      - code: s1
        title: S
        questions:
          - code: weight
            type: decimal
            label: Vikt
"""


def problems(items: str) -> list[str]:
    return [f"{p.line}: {p.message_en}" for p in check_form_text(HEAD + items)]


def test_a_descriptive_text_is_no_question_and_needs_only_a_code_and_text():
    spec = load_form_text(HEAD + "          - {code: intro, type: descriptive, label: Läs}\n")
    assert [q.code for q in spec.questions()] == ["weight"]
    assert spec.descriptive_items()[0].label.en == "Läs"  # English falls back to Swedish
    assert problems("          - {code: intro, type: descriptive}\n") == [
        "13: 'label' is missing in a descriptive text."
    ]
    refused = problems("          - {code: i, type: descriptive, label: L, required: true}\n")
    assert refused and "Unknown key 'required'" in refused[0]
    twice = problems("          - {code: weight, type: descriptive, label: L}\n")
    assert twice and "already used" in twice[0]
    in_group = (
        "          - code: g\n            type: repeat\n            label: G\n"
        "            questions:\n              - {code: i, type: descriptive, label: L}\n"
    )
    assert problems(in_group) == ["17: A descriptive text cannot be inside a repeat group."]


@pytest.mark.parametrize(
    ("expression", "wanted"),
    [
        ("weight * 2", None),
        ("weight > 2", "must give a number"),
        ("weight + height", "Unknown question code 'height'"),
        ("weight +", "Error in the 'expression' expression"),
    ],
)
def test_an_arithmetic_computation_must_give_a_number(expression, wanted):
    item = (
        "          - code: c\n            type: computed\n            label: C\n"
        f"            compute: {{kind: expression, expression: '{expression}', decimals: 1}}\n"
    )
    found = problems(item)
    assert (found == []) if wanted is None else (found and wanted in found[0]), found


def test_the_json_schema_knows_both():
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    text = import_form_file(DATA / "parenting_group.csv").document.to_yaml()
    assert [e.message for e in validator.iter_errors(yaml.safe_load(text))] == []
    data = yaml.safe_load(text.replace("type: descriptive", "type: descriptive\n"
                                       "            required: true", 1))  # fmt: skip
    assert list(validator.iter_errors(data))
