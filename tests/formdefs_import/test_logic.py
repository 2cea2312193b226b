"""Translating REDCap and XLSForm logic into our expression language."""

from __future__ import annotations

import pytest

from isu.formdefs.importers.logic import FieldInfo, Untranslatable, translate

FIELDS = {
    "sex": FieldInfo("sex", "single", {"1": "1", "2": "2"}),
    "drugs": FieldInfo("drugs", "yesno"),
    "age": FieldInfo("age", "integer"),
    "reason": FieldInfo("reason", "multiple", {"1": "1", "9": "9", "-1": "m1"}),
    "visit": FieldInfo("visit", "date"),
    "note": FieldInfo("note", "text"),
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[sex] = '1'", "sex = '1'"),
        ('[sex] <> "2"', "sex != '2'"),
        ("[drugs] = '1' AND [age] >= '18'", "drugs = true and age >= 18"),
        (
            "[reason(9)] = '1' or [reason(-1)] = '0'",
            "selected(reason, '9') or not selected(reason, 'm1')",
        ),
        ("[visit] > '2024-01-01'", "visit > '2024-01-01'"),
        ("[note] <> ''", "answered(note)"),
        ("18 <= [age]", "age >= 18"),
        ("(${age} > 12) and not(${sex} = '2')", "(age > 12) and not (sex = '2')"),
        ("selected(${reason}, '9')", "selected(reason, '9')"),
        ("string-length(${note}) > 3", "length(note) > 3"),
    ],
)
def test_translates(text, expected):
    assert translate(text, FIELDS.get) == expected


@pytest.mark.parametrize(
    "text",
    [
        "datediff([visit], 'today', 'd') > 3",
        "[event_1][age] > 3",
        "[sex] = '7'",
        "[reason] = '1'",
        "[drugs] = 'maybe'",
        "[age] = 'old'",
        "[unknown] = '1'",
        "regex(${note}, '[0-9]+')",
        "[sex] > '1'",
        "[age] # 3",
    ],
)
def test_refuses_what_it_cannot_translate(text):
    with pytest.raises(Untranslatable):
        translate(text, FIELDS.get)


def test_constraint_self_reference():
    own = FieldInfo("age", "integer")
    assert translate(". >= 0 and . <= '120'", FIELDS.get, own) == ". >= 0 and . <= 120"
    with pytest.raises(Untranslatable):
        translate(". > 3", FIELDS.get)
