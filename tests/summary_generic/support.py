"""The generic test form (kommunenkat.yaml) and its 26 respondents, as plain engine data and
registered in a real encrypted database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from isu.domain.answers import Answer
from isu.formdefs import load_form_text
from isu.summary.data import CaseFacts, SummaryData

FORM_PATH = Path(__file__).with_name("kommunenkat.yaml")
FORM_ID = "kommunenkat"
N = 26
TODAY = dt.date(2026, 6, 1)
FIRST_DAY = dt.date(2026, 3, 2)  # respondent i registered FIRST_DAY + i days
LEADS = ("soc", "soc", "skola", "annan")
PARTNERS = (("polis", "skola"), ("polis",), ("skola", "fritid"), ("polis", "skola", "region"))


def respondent(i: int) -> dict[str, object]:
    """The answers of respondent ``i`` (0..25), deterministic."""
    answers: dict[str, object] = {
        "lead": LEADS[i % 4],
        "partners": PARTNERS[i % 4],
        "has_plan": i % 3 != 0,
        "sat_police": (5, 4, 4, 3, 2, 5, 4)[i % 7],
        "sat_school": (5, 5, 3, 4)[i % 4],
        "overall": (4, 5, 3, 4, 2)[i % 5],
        "followed_up": i % 2 == 0,
    }
    if i < 20:  # six municipalities skipped the leisure item
        answers["sat_leisure"] = (1, 2, 3, 4, 5)[i % 5]
    return answers


def form_text() -> str:
    return FORM_PATH.read_text(encoding="utf-8")


def engine_data() -> SummaryData:
    spec = load_form_text(form_text())
    cases = tuple(
        CaseFacts(key=str(i), status="ongoing", registered=FIRST_DAY + dt.timedelta(days=i))
        for i in range(N)
    )
    answers: dict[str, dict[int, tuple]] = {}
    for i in range(N):
        for code, value in respondent(i).items():
            answers.setdefault(code, {})[i] = (value, None)
    return SummaryData(spec, cases, answers)


def register_all(ws) -> None:
    """Publish the form and register the 26 respondents (case numbers K01..K26)."""
    from isu.services import cases, forms

    forms.publish_text(ws, form_text(), "kommunenkat.yaml")
    for i in range(N):
        answers = {code: Answer(value) for code, value in respondent(i).items()}
        cases.register_case(ws, f"K{i + 1:02d}", form_id=FORM_ID, answers=answers)


def expected_top_box(code: str) -> tuple[int, int]:
    """(answers 4 or 5, answers) of one scale item, counted by hand from ``respondent``."""
    values = [respondent(i)[code] for i in range(N) if code in respondent(i)]
    return sum(1 for v in values if v in (4, 5)), len(values)
