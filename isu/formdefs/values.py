"""Answers as text, for the CLI and for text fields in the UI.

``parse_value`` accepts what a Swedish coordinator would type: choice codes or labels (in
either language), ja/nej, ISO dates, decimals with a comma; and what the records export
writes (multiple choice as ``a|b``, yes/no as 1/0). ``format_value`` writes a value
back so that ``parse_value`` reads it again unchanged.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal

from isu.domain.answers import Answer, Value
from isu.domain.expr import parse_date
from isu.domain.form import FormSpec, QType, Question
from isu.errors import UserError

_YES = {"ja", "j", "yes", "y", "true", "sant", "1"}
_NO = {"nej", "n", "no", "false", "falskt", "0"}
_INTEGER_RE = re.compile(r"[+-]?\d{1,18}")
_DECIMAL_RE = re.compile(r"[+-]?\d{1,18}(?:[.,]\d{1,12})?")
MULTIPLE_SEPARATOR = "; "


class AnswerFormatError(UserError):
    """Text that cannot be read as an answer to the question."""


def _fail(question: Question, raw: str, sv: str, en: str) -> AnswerFormatError:
    shown = raw if len(raw) <= 40 else raw[:37] + "..."
    return AnswerFormatError(
        f"{question.code}: {shown!r} – {sv}", f"{question.code}: {shown!r} – {en}"
    )


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _choice(question: Question, raw: str) -> str:
    wanted = _fold(raw)
    for choice in question.choices.choices if question.choices else ():
        names = {choice.code.casefold(), _fold(choice.label.sv), _fold(choice.label.en)}
        if wanted in names:
            return choice.code
    codes = ", ".join(question.choice_codes)
    raise _fail(question, raw, f"inget av svarsalternativen ({codes}).",
                f"not one of the choices ({codes}).")  # fmt: skip


def _multiple(question: Question, raw: str) -> tuple[str, ...]:
    # "|" as the records export writes codes, ";" as format_value does, "," as people type
    separator = next((s for s in "|;" if s in raw), ",")
    parts = [part for part in (p.strip() for p in raw.split(separator)) if part]
    if separator == "," and len(parts) > 1:
        try:  # a single label that itself contains a comma
            return (_choice(question, raw),)
        except AnswerFormatError:
            pass
    chosen = [_choice(question, part) for part in parts]
    order = question.choice_codes
    return tuple(code for code in order if code in chosen)


def _yesno(question: Question, raw: str) -> bool:
    folded = _fold(raw)
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise _fail(question, raw, "skriv ja eller nej.", "write yes or no.")


def _integer(question: Question, raw: str) -> int:
    compact = raw.replace(" ", "").replace("\u00a0", "")
    if not _INTEGER_RE.fullmatch(compact):
        raise _fail(question, raw, "inget heltal.", "not a whole number.")
    return int(compact)


def _scale(question: Question, raw: str) -> int:
    folded = _fold(raw)
    for anchor in question.anchors:
        if folded in (_fold(anchor.label.sv), _fold(anchor.label.en)):
            return anchor.value
    value = _integer(question, raw)
    low, high = question.scale_min, question.scale_max
    if low is None or high is None or not low <= value <= high:
        raise _fail(question, raw, f"ska vara {low}–{high}.", f"must be {low}–{high}.")
    return value


def _decimal(question: Question, raw: str) -> float:
    compact = raw.replace(" ", "").replace("\u00a0", "")
    if not _DECIMAL_RE.fullmatch(compact):
        raise _fail(question, raw, "inget tal (decimalkomma går bra).",
                    "not a number (a decimal comma is fine).")  # fmt: skip
    return float(compact.replace(",", "."))


def _date(question: Question, raw: str) -> dt.date:
    value = parse_date(raw)
    if value is None:
        raise _fail(question, raw, "inget datum på formen ÅÅÅÅ-MM-DD.",
                    "not a date of the form YYYY-MM-DD.")  # fmt: skip
    return value


_PARSERS = {
    QType.SINGLE: _choice,
    QType.MULTIPLE: _multiple,
    QType.YESNO: _yesno,
    QType.INTEGER: _integer,
    QType.SCALE: _scale,
    QType.DECIMAL: _decimal,
    QType.DATE: _date,
}


def parse_value(question: Question, raw: str) -> Value:
    """Read typed text as a value for ``question``; empty text is no value (None)."""
    if not isinstance(raw, str):
        raise AnswerFormatError("Svaret måste vara text.", "The answer must be text.")
    text = raw.strip()
    if not text:
        return None
    if question.type is QType.COMPUTED:
        raise _fail(question, raw, "frågan beräknas och kan inte fyllas i.",
                    "the question is computed and cannot be filled in.")  # fmt: skip
    parser = _PARSERS.get(question.type)
    if parser is None:  # text and longtext keep the user's own line breaks and spacing
        return raw
    return parser(question, text)


def parse_answer(form: FormSpec, question: Question, raw: str) -> Answer:
    """Like ``parse_value`` but also accepts an allowed missing reason (code or label)."""
    folded = _fold(raw) if isinstance(raw, str) else ""
    for missing in form.missing_codes:
        names = {missing.code, _fold(missing.label.sv), _fold(missing.label.en)}
        if folded and folded in names and missing.code in question.missing:
            return Answer(None, missing.code)
    return Answer(parse_value(question, raw))


def format_value(question: Question, value: Value, lang: str = "sv") -> str:
    """Text for a value: choice labels, ja/nej, ISO dates, decimal comma in Swedish."""
    if value is None or value == ():
        return ""
    if isinstance(value, bool):
        return ("Ja" if value else "Nej") if lang == "sv" else ("Yes" if value else "No")
    if isinstance(value, tuple):
        return MULTIPLE_SEPARATOR.join(_choice_label(question, code, lang) for code in value)
    if isinstance(value, str) and question.type.has_choices:
        return _choice_label(question, value, lang)
    if isinstance(value, float):
        return _format_float(value, lang)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _choice_label(question: Question, code: str, lang: str) -> str:
    label = question.choices.label_of(code) if question.choices else None
    return label.get(lang) if label else code


def _format_float(value: float, lang: str) -> str:
    if not math.isfinite(value):
        return ""
    text = format(Decimal(repr(value)), "f")  # repr's digits, never an exponent
    if text.endswith(".0"):
        text = text[:-2]
    return text.replace(".", ",") if lang == "sv" else text
