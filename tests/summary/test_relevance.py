"""Which cases were asked each question: skip logic over a hand-built data set of the real
SIG form (``forms/sig.yaml``), checked flag by flag and against the per-case evaluator."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest

from isu.domain import expr
from isu.domain.answers import Answer, Value
from isu.domain.form import Choice, ChoiceList, FormSpec, QType, Question
from isu.domain.text import Text
from isu.formdefs import load_form_text
from isu.formdefs.evaluate import evaluate_case
from isu.paths import forms_dir
from isu.services import merge
from isu.summary.data import CaseFacts, SummaryData, SummaryRequest
from isu.summary.relevance import asked_cases
from tests.export_service.support import demo_db, write_exact_records

TODAY = dt.date(2026, 6, 1)
M = object()  # a missing reason instead of an answer
CLOSED = dt.date(2026, 3, 1)


@pytest.fixture(scope="module")
def sig() -> FormSpec:
    return load_form_text((forms_dir() / "sig.yaml").read_text(encoding="utf-8"))


def data_of(spec: FormSpec, rows: list[dict[str, object]], **fields) -> SummaryData:
    """One case per row; a row maps codes to stored values (``M``: a missing reason)."""
    answers: dict[str, dict[int, tuple]] = {}
    for index, row in enumerate(rows):
        for code, value in row.items():
            cell = (None, "uppgift_saknas") if value is M else (value, None)
            answers.setdefault(code, {})[index] = cell
    cases = tuple(
        CaseFacts(key=str(i), status="closed" if "closure_date" in row else "ongoing")
        for i, row in enumerate(rows)
    )
    return SummaryData(spec, cases, answers, **fields)


def test_a_question_asked_on_a_choice(sig):
    rows = [{"referred_by": "annan"}, {"referred_by": "polis"}, {}, {"referred_by": M}]
    asked = asked_cases(data_of(sig, rows), TODAY)
    assert asked["referred_by_other"] == (True, False, False, False)


def test_a_section_asked_on_a_closure_date(sig):
    rows = [{"closure_date": CLOSED}, {}, {"closure_date": M}, {"closure_date": CLOSED}]
    asked = asked_cases(data_of(sig, rows), TODAY)
    # school_status_after has no condition of its own: only its section's.
    assert asked["school_status_after"] == (True, False, False, True)
    assert asked["closure_reason"] == (True, False, False, True)


def test_questions_asked_in_every_case_are_left_out(sig):
    rows = [{"closure_date": CLOSED, "referred_by": "annan"}] * 3
    asked = asked_cases(data_of(sig, rows), TODAY)
    assert "school_status_after" not in asked and "referred_by_other" not in asked
    assert "closure_reason_other" in asked  # closure_reason unanswered: not asked


def test_a_question_whose_controlling_question_was_not_asked_is_not_asked(sig):
    rows = [
        {"closure_date": CLOSED, "closure_reason": "annat"},
        {"closure_reason": "annat"},  # stored, but closure_reason was not asked here
        {"closure_date": CLOSED, "closure_reason": "flyttat"},
        {"closure_date": CLOSED, "closure_reason": "no_longer_a_choice"},
    ]
    asked = asked_cases(data_of(sig, rows), TODAY)
    assert asked["closure_reason"] == (True, False, True, True)
    assert asked["closure_reason_other"] == (True, False, False, False)


def test_a_computed_input_is_read_as_stored(sig):
    rows = [
        {"age_at_start": 16, "consent_guardians": True},
        {"age_at_start": 19, "consent_guardians": True},  # a stale answer: not asked at 19
        {"consent_guardians": M},
        # Not recomputed from birth year and start (25 years): the stored age is what the
        # case's form computed at save time, and a national merge carries no birth year.
        {"birth_year": 2000, "start_date": dt.date(2025, 2, 1), "consent_guardians": False},
        {"age_at_start": 12, "closure_date": CLOSED},
        {"age_at_start": 13, "closure_date": CLOSED},
    ]
    asked = asked_cases(data_of(sig, rows), TODAY)
    assert asked["consent_guardians"] == (True, False, True, True, True, True)
    assert asked["consent_guardians_date"] == (True, False, False, False, False, False)
    # The experience section: closed, and not under 13 at start.
    assert asked["exp_safe"] == (False, False, False, False, False, True)


def retired_question(code: str, section: str, relevant: str | None, **kw) -> Question:
    return Question(
        code=code,
        type=kw.pop("type", QType.TEXT),
        label=Text(code),
        phase=kw.pop("phase", "after"),
        section=section,
        relevant=relevant,
        relevant_ast=expr.parse(relevant) if relevant else None,
        **kw,
    )


def test_retired_questions_use_their_own_condition_and_their_section(sig):
    choices = (Choice("sport", Text("Sport")), Choice("annat", Text("Annat")))
    hobby_choices = ChoiceList("hobby", choices)
    retired = {
        q.code: q
        for q in (
            retired_question("hobby", "result", None, type=QType.SINGLE, choices=hobby_choices),
            retired_question("hobby_other", "result", "selected(hobby, 'annat')"),
            retired_question("gone_section", "no_such_section", "selected(hobby, 'annat')"),
            retired_question("broken", "result", "hobby > 3"),  # fails to evaluate
        )
    }
    rows = [
        {"closure_date": CLOSED, "hobby": "annat"},
        {"hobby": "annat"},  # the section (answered(closure_date)) hides both
        {"closure_date": CLOSED, "hobby": "sport"},
    ]
    asked = asked_cases(data_of(sig, rows, retired=retired), TODAY)
    assert asked["hobby"] == (True, False, True)
    assert asked["hobby_other"] == (True, False, False)
    assert "gone_section" not in asked and "broken" not in asked


def test_a_choice_read_both_as_answered_and_selected(sig):
    """The condition sees which of its literals are chosen, and still whether any is."""
    relevant = "answered(actors) and not selected(actors, 'annan')"
    question = retired_question("actors_note", "background", relevant, phase="before")
    rows = [
        {"actors": ("polis",)},
        {"actors": ("polis", "annan")},
        {"actors": ()},
        {"actors": ("polis", "polis")},  # does not fit the question: read as null
        {"actors": M},
        {},
    ]
    asked = asked_cases(data_of(sig, rows, retired={"actors_note": question}), TODAY)
    assert asked["actors_note"] == (True, False, False, False, False, False)


def test_a_condition_on_a_code_not_carried_is_unknown(sig):
    rows = [
        {"age_at_start": 19, "referred_by": "annan", "closure_date": CLOSED},
        {"age_at_start": 12, "referred_by": "polis", "closure_reason": "annat"},
    ]
    everything = frozenset(q.code for q in sig.questions())
    data = data_of(sig, rows, carried=everything - {"age_at_start", "closure_reason"})
    asked = asked_cases(data, TODAY)
    assert asked["referred_by_other"] == (True, False)
    assert asked["closure_reason"] == (True, False)  # its own input, closure_date, is carried
    # Directly, through the relevance of an input, and through a section:
    for code in ("consent_guardians", "consent_guardians_date", "closure_reason_other", "exp_safe"):
        assert code not in asked
    every = asked_cases(data_of(sig, rows), TODAY)
    assert {"consent_guardians", "closure_reason_other", "exp_safe"} <= every.keys()


def test_filtering_keeps_what_is_carried(sig):
    rows = [{"gender": "pojke_man"}, {"gender": "flicka_kvinna"}]
    cases = tuple(
        dataclasses.replace(c, gender=row["gender"])
        for c, row in zip(data_of(sig, rows).cases, rows, strict=True)
    )
    data = dataclasses.replace(data_of(sig, rows), cases=cases, carried=frozenset({"gender"}))
    kept = data.filtered(SummaryRequest(genders=("pojke_man",)))
    assert len(kept.cases) == 1 and kept.carried == frozenset({"gender"})


def test_a_national_merge_carries_the_codes_its_packages_have(tmp_path):
    ws = demo_db(tmp_path / "unit.db", cases=30, seed=5)
    try:
        package = tmp_path / "unit.isux"
        write_exact_records(ws, package)
    finally:
        ws.close()
    data = merge.merge_packages([package], today=TODAY).data
    assert data is not None and data.carried is not None
    assert {"closure_date", "closure_reason", "consent_guardians", "actors"} <= data.carried
    # Ages leave a unit only as age bands, free text not at all.
    assert not {"age_at_start", "birth_year", "referred_by_other"} & data.carried
    asked = asked_cases(data, TODAY)
    assert "closure_reason" in asked and "school_status_after" in asked
    assert not {"consent_guardians", "consent_guardians_date", "exp_safe"} & asked.keys()


# --- against the per-case evaluator ----------------------------------------------------------

DATES = [dt.date(2024, 1, 15) + dt.timedelta(days=90 * n) for n in range(10)]


def random_value(question: Question, rng: random.Random) -> Value:
    """A value of the question's type, now and then one that does not fit it."""
    kind = question.type
    codes = list(question.choice_codes)
    if kind is QType.SINGLE:
        return rng.choice([*codes, *codes[:2], "no_longer_a_choice"])
    if kind is QType.MULTIPLE:
        chosen = rng.sample(codes, rng.randint(0, min(3, len(codes))))
        if rng.random() < 0.05:
            chosen.append("no_longer_a_choice")
        return tuple(chosen)
    if kind is QType.YESNO:
        return rng.random() < 0.5
    if kind is QType.SCALE:
        return rng.randint(question.scale_min - 1, question.scale_max)  # type: ignore[operator]
    if kind is QType.INTEGER:
        return 2025 - rng.randint(9, 22) if question.code == "birth_year" else rng.randint(0, 9)
    if kind is QType.DECIMAL:
        return rng.choice([0.5, 1.0, 2.5])
    if kind is QType.DATE:
        return rng.choice(DATES)
    return rng.choice(["", "text"])


def random_case(spec: FormSpec, rng: random.Random) -> dict[str, Answer]:
    """Answers to any top-level question, asked or not (stale answers stay stored)."""
    answers = {}
    for question in spec.questions():
        if question.group is not None or question.computed is not None:
            continue
        draw = rng.random()
        if draw < 0.3:
            continue
        if draw < 0.4:
            answers[question.code] = Answer(missing="uppgift_saknas")
        else:
            answers[question.code] = Answer(random_value(question, rng))
    return answers


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_agrees_with_the_case_evaluator(sig, seed):
    rng = random.Random(seed)
    cases = [random_case(sig, rng) for _ in range(50)]
    evaluations = [evaluate_case(sig, answers, today=TODAY) for answers in cases]
    stored: dict[str, dict[int, tuple]] = {}
    for index, (answers, evaluation) in enumerate(zip(cases, evaluations, strict=True)):
        for code, answer in answers.items():
            stored.setdefault(code, {})[index] = (answer.value, answer.missing)
        for code, value in evaluation.computed.items():
            if value is not None:  # as saving a case stores them
                stored.setdefault(code, {})[index] = (value, None)
    facts = tuple(CaseFacts(key=str(i), status="ongoing") for i in range(len(cases)))
    asked = asked_cases(SummaryData(sig, facts, stored), TODAY)
    top = [q.code for q in sig.questions() if q.group is None]
    for code in top:
        expected = tuple(evaluation.is_relevant(code) for evaluation in evaluations)
        assert asked.get(code, (True,) * len(cases)) == expected, code
    # The random cases reach both sides of every condition worth checking.
    assert {"consent_guardians_date", "closure_reason_other", "exp_safe", "change_crime"} <= set(
        asked
    )
