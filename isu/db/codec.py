"""How answer values are laid out in the typed columns of the ``answers`` table."""

from __future__ import annotations

import datetime as dt

from isu.domain.answers import Answer, Value
from isu.domain.form import ComputedKind, QType, Question

_NUMERIC = {QType.INTEGER, QType.DECIMAL, QType.SCALE}


def encode(question: Question, value: Value) -> tuple[str | None, float | None]:
    """(value_text, value_num) for a value of this question's type."""
    if value is None or value == ():
        return None, None
    qtype = question.type
    if qtype is QType.MULTIPLE:
        codes = (value,) if isinstance(value, str) else tuple(value)
        return " ".join(codes), float(len(codes))
    if qtype is QType.YESNO:
        return None, 1.0 if value else 0.0
    if qtype is QType.DATE:
        return (value.isoformat() if isinstance(value, dt.date) else str(value)), None
    if qtype in _NUMERIC or (
        qtype is QType.COMPUTED and isinstance(value, int | float) and not isinstance(value, bool)
    ):
        return None, float(value)
    return str(value), None


def decode(question: Question | None, text: str | None, num: float | None) -> Value:
    if text is None and num is None:
        return None
    if question is None:
        return text if text is not None else num
    qtype = question.type
    if qtype is QType.MULTIPLE:
        return tuple(text.split()) if text else ()
    if qtype is QType.YESNO:
        return bool(num)
    if qtype is QType.DATE:
        try:
            return dt.date.fromisoformat(text) if text else None
        except ValueError:
            return None
    if qtype is QType.INTEGER or qtype is QType.SCALE:
        return int(num) if num is not None else None
    if qtype is QType.DECIMAL:
        return num
    if qtype is QType.COMPUTED:
        if question.computed and question.computed.kind is ComputedKind.AGE_BAND:
            return text
        if num is not None:
            return int(num) if float(num).is_integer() else num
        return text
    return text


def answer_from_row(
    question: Question | None, text: str | None, num: float | None, missing: str | None
) -> Answer:
    return Answer(decode(question, text, num), missing)
