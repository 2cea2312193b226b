"""Day bands are set in the form (``day_bands``), checked by ``isu form check`` and the JSON
schema, and drive the bands a records export writes."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from isu.domain.form import DEFAULT_DAY_BANDS
from isu.export.record_variables import REFERRAL_TO_START
from isu.export.records import layout
from isu.formdefs.loader import check_form_text, load_form, load_form_text
from isu.paths import forms_dir

FORMS = forms_dir()
FORM = (FORMS / "sig.yaml").read_text(encoding="utf-8")


def with_bands(bands: str) -> str:
    return FORM.replace("\nchoice_lists:", f"\nday_bands: {bands}\nchoice_lists:", 1)


def test_the_default_bands_and_the_sig_form():
    assert DEFAULT_DAY_BANDS == (30, 90, 180, 365)
    assert load_form(FORMS / "sig.yaml").day_bands == DEFAULT_DAY_BANDS


def test_a_form_sets_its_own_bands_and_the_export_uses_them():
    spec = load_form_text(with_bands("[14, 60, 120]"))
    assert spec.day_bands == (14, 60, 120)
    built = layout(spec)
    days = next(c for c in built.case_columns if c.name == REFERRAL_TO_START)
    assert days.bands == (14, 60, 120) and days.quasi and days.variable.type == "band"
    codes = [c.code for c in days.variable.choices]
    assert {"0-14", "15-60", "61-120", ">120", "<0"} <= set(codes)


@pytest.mark.parametrize("bands", ["[]", "[90, 30]", "[30, 30]", "[-1, 5]", "[a]", "30", "[1.5]"])
def test_bad_bands_are_reported_in_both_languages(bands):
    problems = check_form_text(with_bands(bands))
    found = [p for p in problems if "day_bands" in p.message("en")]
    assert found, bands
    assert "stigande" in found[0].message("sv") or "day_bands" in found[0].message("sv")


def test_the_json_schema_knows_day_bands():
    schema = json.loads((FORMS / "schema.json").read_text(encoding="utf-8"))
    good = yaml.safe_load(with_bands("[30, 90, 180, 365]"))
    jsonschema.validate(good, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(yaml.safe_load(with_bands("[]")), schema)
