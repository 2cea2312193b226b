"""Pure helpers the summary's tables share: answer categories, numbers, labels, case dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Sequence

from isu.domain.form import QType, Question
from isu.domain.text import Text
from isu.summary.data import CaseFacts

UNKNOWN = Text("Uppgift saknas", "Unknown")
YES_NO = ((True, Text("Ja", "Yes")), (False, Text("Nej", "No")))
NUMERIC_TYPES = frozenset({QType.INTEGER, QType.DECIMAL, QType.SCALE})


def text_of(label: Text | None, fallback: str = "") -> Text:
    return Text.same(fallback) if label is None else label


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_numeric(question: Question) -> bool:
    if question.type in NUMERIC_TYPES:
        return True
    return (
        question.type is QType.COMPUTED
        and question.computed is not None
        and (question.computed.kind.value != "age_band")
    )


def block_label(group: Text, row: Text) -> Text:
    """A row label inside a split's block: "group – category"."""
    return Text(f"{group.sv} – {row.sv}", f"{group.get('en')} – {row.get('en')}")


def categories_of(question: Question, seen: Iterable[Hashable]) -> list[tuple[Hashable, Text]]:
    """The question's answer categories in form order, then any other value found (a choice
    removed in a later version), so every answer has a row."""
    if question.type is QType.YESNO:
        rows: list[tuple[Hashable, Text]] = list(YES_NO)
    elif question.choices is not None:
        rows = [(c.code, text_of(c.label)) for c in question.choices.choices]
    else:
        rows = []
    known = {code for code, _ in rows}
    extra = sorted({value for value in seen if value not in known}, key=str)
    rows += [(value, Text.same(str(value))) for value in extra]
    return rows or [(None, UNKNOWN)]


def choice_label(question: Question | None, code: str) -> Text:
    if question is not None and question.choices is not None:
        label = question.choices.label_of(code)
        if label is not None:
            return text_of(label)
    return Text.same(code)


def join_texts(labels: Sequence[Text]) -> Text:
    return Text(", ".join(t.sv for t in labels), ", ".join(t.get("en") for t in labels))


def ongoing_at(case: CaseFacts, end: dt.date) -> bool:
    if case.start_date is None or case.start_date > end:
        return False
    if case.closure_date is not None:
        return case.closure_date > end
    return not case.closed


def days_between(cases: Iterable[CaseFacts], start: str, end: str) -> list[float]:
    days = []
    for case in cases:
        first, last = getattr(case, start), getattr(case, end)
        if first is not None and last is not None and last >= first:
            days.append(float((last - first).days))
    return days
