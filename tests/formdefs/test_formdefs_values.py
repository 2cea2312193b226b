"""Typing answers as text and showing them again."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from isu.domain.answers import Answer
from isu.formdefs import AnswerFormatError, format_value, load_form, parse_answer, parse_value
from tests.formdefs.support import FORMS, SIG

FORM = load_form(SIG)
Q = FORM.question


@pytest.mark.parametrize(
    ("code", "raw", "value"),
    [
        ("gender", "flicka_kvinna", "flicka_kvinna"),
        ("gender", "  Flicka/kvinna ", "flicka_kvinna"),
        ("gender", "girl/woman", "flicka_kvinna"),
        ("actors", "Polisen; skolan", ("polis", "skola")),
        ("actors", "skola, polis", ("polis", "skola")),
        ("consent_youth", "Ja", True),
        ("consent_youth", "nej", False),
        ("birth_year", "2008", 2008),
        ("sig_meetings", "1 200", 1200),
        ("referral_date", "2024-02-29", dt.date(2024, 2, 29)),
        ("exp_overall", "Mycket nöjd", 5),
        ("exp_overall", "3", 3),
        ("unit", "  Norr  ", "  Norr  "),
        ("unit", "   ", None),
    ],
)
def test_parse_value(code, raw, value):
    assert parse_value(Q(code), raw) == value


def test_parse_value_accepts_a_swedish_decimal_comma():
    calc = load_form(FORMS / "calc.yaml")  # the SIG form has no decimal question
    assert parse_value(calc.question("s3"), "2,5") == 2.5
    assert parse_value(calc.question("s3"), "-3.25") == -3.25
    assert format_value(calc.question("s3"), 2.5, "sv") == "2,5"
    assert format_value(calc.question("s3"), 2.5, "en") == "2.5"


@pytest.mark.parametrize(
    ("code", "raw"),
    [
        ("gender", "kanske"),
        ("consent_youth", "kanske"),
        ("birth_year", "2008.5"),
        ("referral_date", "2024-02-30"),
        ("referral_date", "29/2/2024"),
        ("exp_overall", "6"),
        ("age_at_start", "15"),
    ],
)
def test_parse_value_rejects_with_a_user_error(code, raw):
    with pytest.raises(AnswerFormatError) as caught:
        parse_value(Q(code), raw)
    assert code in caught.value.sv and code in caught.value.en


def test_format_value_uses_labels_in_the_language():
    assert format_value(Q("gender"), "pojke_man", "sv") == "Pojke/man"
    assert format_value(Q("gender"), "pojke_man", "en") == "Boy/man"
    assert format_value(Q("consent_youth"), True, "sv") == "Ja"
    assert format_value(Q("actors"), ("polis", "skola"), "en") == "Police; School"
    assert format_value(Q("referral_date"), dt.date(2024, 1, 2)) == "2024-01-02"
    assert format_value(Q("unit"), None) == ""


def test_parse_answer_reads_allowed_missing_reasons():
    assert parse_answer(FORM, Q("gender"), "Uppgift saknas") == Answer(None, "uppgift_saknas")
    # consent_youth allows only uppgift_saknas, so "Declined" is not a missing reason there.
    with pytest.raises(AnswerFormatError):
        parse_answer(FORM, Q("consent_youth"), "Declined")


ROUND_TRIP_CODES = [
    q.code for q in FORM.questions() if q.type.value not in ("computed", "text", "longtext")
]


def values_for(code: str):
    question = Q(code)
    kind = question.type.value
    if kind == "single":
        return st.sampled_from(question.choice_codes)
    if kind == "multiple":
        return st.sets(st.sampled_from(question.choice_codes), min_size=1).map(
            lambda chosen: tuple(c for c in question.choice_codes if c in chosen)
        )
    if kind == "yesno":
        return st.booleans()
    if kind == "scale":
        return st.integers(question.scale_min, question.scale_max)
    if kind == "date":
        return st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
    return st.integers(-(10**12), 10**12)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), lang=st.sampled_from(["sv", "en"]))
def test_format_then_parse_gives_the_value_back(data, lang):
    code = data.draw(st.sampled_from(ROUND_TRIP_CODES))
    value = data.draw(values_for(code))
    assert parse_value(Q(code), format_value(Q(code), value, lang)) == value
