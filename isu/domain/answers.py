"""Plain answer values, shared by forms, services, summaries and the UI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# What a question's value may be once parsed: a choice code (single), a tuple of codes
# (multiple), a bool (yes/no), an int or float (integer, decimal, scale, computed), a date,
# or text. ``None`` means "no value" (then ``missing`` may say why).
Value = str | tuple[str, ...] | bool | int | float | dt.date | None


@dataclass(frozen=True, slots=True)
class Answer:
    """One question's answer: a value, or a missing reason, or neither (unanswered)."""

    value: Value = None
    missing: str | None = None

    @property
    def is_answered(self) -> bool:
        return self.value is not None or self.missing is not None

    @property
    def has_value(self) -> bool:
        return self.value is not None and self.value != ()


EMPTY = Answer()
