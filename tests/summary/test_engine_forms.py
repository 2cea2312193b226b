"""The engine on plain record-level data (as a national merge would give it): any form works,
missing roles degrade gracefully, and the engine filters exactly like the service's SQL."""

from __future__ import annotations

import datetime as dt

import pytest

from isu.errors import UserError
from isu.formdefs import load_form_text
from isu.summary.data import CaseFacts, PeriodKind, SplitBy, SummaryData, SummaryRequest
from isu.summary.engine import build_summary
from isu.summary.model import Split
from isu.summary.tables.batteries import find_batteries

TODAY = dt.date(2026, 6, 1)

BARE_FORM = """
id: bare
version: 1
title: {sv: Utan roller, en: Without roles}
phases:
  before:
    sections:
      - code: s
        title: {sv: Frågor, en: Questions}
        questions:
          - code: mood
            type: single
            label: {sv: Humör, en: Mood}
            choices:
              - {code: good, label: {sv: Bra, en: Good}}
              - {code: bad, label: {sv: Dåligt, en: Bad}}
          - {code: score, type: decimal, label: {sv: Poäng, en: Score}}
          - {code: note, type: text, label: {sv: Anteckning, en: Note}}
"""


# The same form with the case dates the period filters use (a form without them filters on
# the registration date instead: tests/summary_generic).
DATED_FORM = (
    BARE_FORM
    + """  admin:
    sections:
      - code: dates
        title: {sv: Datum, en: Dates}
        questions:
          - {code: referred, type: date, role: referral_date, label: {sv: Aktualiserad}}
          - {code: started, type: date, role: start_date, label: {sv: Start}}
          - {code: closed, type: date, role: closure_date, label: {sv: Avslut}}
"""
)


def bare_data() -> SummaryData:
    spec = load_form_text(BARE_FORM)
    facts = tuple(CaseFacts(key=str(i), status="ongoing") for i in range(6))
    answers = {
        "mood": {0: ("good", None), 1: ("good", None), 2: ("bad", None), 3: (None, "ej_aktuellt")},
        "score": {0: (1.5, None), 1: (2.5, None), 4: (4.0, None)},
        "note": {5: ("fritext", None)},
    }
    return SummaryData(spec, facts, answers)


def test_a_form_without_roles_still_gets_its_tables():
    report = build_summary(bare_data(), today=TODAY)
    tables = {t.key: t for t in report.tables()}
    assert "profile.gender_age" not in tables  # no gender or age band question
    assert [row[0] for row in tables["q.mood"].values] == [2, 1]
    assert tables["q.mood"].missing == 3
    assert tables["q.score"].values[0][:2] == (pytest.approx(8 / 3), 2.5)
    assert "q.note" not in tables  # free text is never tabulated …
    quality = tables["quality.before"]
    assert quality.values == ((3, 1, 2), (3, 0, 3), (1, 0, 5))  # … but its answer rate is
    assert "volume" not in tables  # no case dates at all: no flows to show (issue 18)


def test_split_without_a_gender_question_degrades_to_one_unknown_group():
    report = build_summary(bare_data(), SummaryRequest(split=SplitBy.GENDER), today=TODAY)
    mood = next(t for t in report.tables() if t.key == "q.mood")
    assert mood.split is Split.GENDER
    assert [label.sv for label in mood.col_labels] == ["Uppgift saknas"]
    assert mood.values == ((2,), (1,))


def test_batteries_are_runs_of_questions_sharing_a_choice_list():
    from isu.paths import forms_dir

    spec = load_form_text((forms_dir() / "sig.yaml").read_text(encoding="utf-8"))
    batteries = find_batteries(spec)
    assert [b[0].code for b in batteries] == ["need_crime", "change_crime"]
    assert all(len(b) == 13 for b in batteries)


def facts(**kw) -> CaseFacts:
    return CaseFacts(key=kw.pop("key", "x"), status=kw.pop("status", "ongoing"), **kw)


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        (SummaryRequest(), ["a", "b", "c", "d"]),
        (SummaryRequest(status="closed"), ["b"]),
        (SummaryRequest(genders=("girl",)), ["a", "c"]),
        (SummaryRequest(date_from=dt.date(2025, 3, 1)), ["a", "b", "c"]),  # active
        (SummaryRequest(period=PeriodKind.REFERRED, date_to=dt.date(2025, 1, 31)), ["a", "b"]),
        (SummaryRequest(period=PeriodKind.STARTED, date_from=dt.date(2025, 2, 1)), ["a", "c"]),
        (SummaryRequest(period=PeriodKind.CLOSED, date_to=dt.date(2025, 12, 31)), ["b"]),
        (SummaryRequest(form_versions=(2,), age_bands=("15-17",)), ["c"]),
    ],
)
def test_engine_filters_cases(request_, expected):
    d = dt.date.fromisoformat
    cases = (
        facts(key="a", gender="girl", referral_date=d("2025-01-05"), start_date=d("2025-02-01"),
              age_band="15-17", form_version=1),
        facts(key="b", status="closed", referral_date=d("2025-01-10"),
              start_date=d("2025-01-20"), closure_date=d("2025-06-01"), form_version=1),
        facts(key="c", gender="girl", referral_date=d("2025-02-10"),
              start_date=d("2025-03-01"), age_band="15-17", form_version=2),
        facts(key="d", form_version=2),  # no dates: outside every dated period
    )  # fmt: skip
    data = SummaryData(load_form_text(DATED_FORM), cases, {"mood": {2: ("good", None)}})
    filtered = data.filtered(request_)
    assert [c.key for c in filtered.cases] == expected
    if "c" in expected:  # answers follow their case to its new index
        assert filtered.answers["mood"] == {expected.index("c"): ("good", None)}


def test_request_round_trips_through_json():
    request = SummaryRequest(period="closed", date_from=dt.date(2025, 1, 1), genders=["girl"],
                             split="age_band", k=3, coordinator_id=7)  # fmt: skip
    assert request.period is PeriodKind.CLOSED
    assert SummaryRequest.from_json_dict(request.to_json_dict()) == request
    assert SummaryRequest.from_json_dict({"split": "gender", "future_field": 1}).split is (
        SplitBy.GENDER
    )


@pytest.mark.parametrize(
    "bad",
    [
        {"period": "yesterday"},
        {"split": "hair"},
        {"status": "lost"},
        {"date_from": dt.date(2025, 2, 1), "date_to": dt.date(2025, 1, 1)},
    ],
)
def test_bad_requests_are_user_errors(bad):
    with pytest.raises(UserError) as caught:
        SummaryRequest(**bad)
    assert caught.value.sv and caught.value.en


def test_unreadable_saved_request_is_a_user_error():
    with pytest.raises(UserError):
        SummaryRequest.from_json_dict({"date_from": "not a date"})


SKIP_FORM = """
id: skip
version: 1
title: {sv: Villkor, en: Conditions}
phases:
  before:
    sections:
      - code: s
        title: {sv: Frågor, en: Questions}
        questions:
          - {code: smokes, type: yesno, label: {sv: Röker, en: Smokes}}
          - {code: per_day, type: integer, relevant: smokes = true,
             label: {sv: Cigaretter per dag, en: Cigarettes per day}}
"""


def test_questions_skipped_by_the_form_are_neither_answers_nor_missing():
    spec = load_form_text(SKIP_FORM)
    facts = tuple(CaseFacts(key=str(i), status="ongoing") for i in range(6))
    answers = {
        # 0–2 smoke, 3–4 do not, 5 unanswered (so per_day was not asked either)
        "smokes": {i: (i < 3, None) for i in range(5)},
        # case 2 smokes but has no count; case 3's stale count was not asked: not counted
        "per_day": {0: (10, None), 1: (5, None), 3: (20, None)},
    }
    report = build_summary(SummaryData(spec, facts, answers), today=TODAY)
    tables = {t.key: t for t in report.tables()}
    assert (tables["q.per_day"].n, tables["q.per_day"].missing) == (2, 1)
    assert tables["q.per_day"].values[0][0] == 7.5
    quality = dict(zip((r.sv for r in tables["quality.before"].row_labels),
                       tables["quality.before"].values, strict=True))  # fmt: skip
    assert quality["Cigaretter per dag"] == (2, 0, 1)
    assert quality["Röker"] == (5, 0, 1)


PAIR_FORM = """
id: pairs
version: 1
title: {sv: Par, en: Pairs}
choice_lists:
  state:
    - {code: good, label: {sv: Bra, en: Good}}
    - {code: bad, label: {sv: Dåligt, en: Bad}}
phases:
  before:
    sections:
      - code: s
        title: {sv: Före, en: Before}
        questions:
          - {code: st, type: single, choices: state, label: {sv: Läge, en: State}}
  after:
    sections:
      - code: a
        title: {sv: Efter, en: After}
        questions:
          - {code: st_after, type: single, choices: state, pair: st,
             relevant: "selected(st, 'bad')", label: {sv: Läge efter, en: State after}}
"""


def test_a_pair_counts_missing_only_where_both_questions_were_asked():
    spec = load_form_text(PAIR_FORM)
    facts = tuple(CaseFacts(key=str(i), status="closed") for i in range(10))
    # 0–5 start "bad" and are asked again (5 has no answer after); 6–9 start "good"
    answers = {
        "st": {i: ("bad" if i < 6 else "good", None) for i in range(10)},
        "st_after": {i: ("good", None) for i in range(5)},
    }
    report = build_summary(SummaryData(spec, facts, answers), today=TODAY)
    pair = {t.key: t for t in report.tables()}["pair.st.st_after"]
    assert pair.values == ((0, 0), (5, 0))  # before good: none asked; before bad: 5 → good
    assert (pair.n, pair.missing) == (5, 1)
