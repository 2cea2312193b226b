"""The generic readers under the form schema: one typed value (text, code, integer, label,
code list, expression) read from a YAML map, with its line remembered and a bilingual problem
added when it is wrong. `isu.formdefs.schema` builds the form from these.
"""

from __future__ import annotations

import enum
import re
import typing
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from typing import Any

from isu.domain import expr
from isu.domain.form import (
    DEFAULT_MISSING_CODES,
    ChoiceList,
    FormSpec,
    MissingCode,
)
from isu.domain.text import Text
from isu.formdefs.problems import ProblemList
from isu.formdefs.yamltree import YList, YMap

CODE_RE = re.compile(r"[a-z][a-z0-9_]{0,59}")
CHOICE_CODE_RE = re.compile(r"[a-z0-9][a-z0-9_]{0,59}")
E = typing.TypeVar("E", bound=enum.Enum)


@dataclass
class Built:
    """The form as far as it could be read, plus the line of each field for later checks."""

    form: FormSpec | None
    lines: dict[int, dict[str, int]] = field(default_factory=dict)

    def line(self, owner: object, key: str) -> int:
        fields = self.lines.get(id(owner), {})
        return fields.get(key, fields.get("", 1))

    def has(self, owner: object, key: str) -> bool:
        """Whether ``key`` was written for ``owner``, even with a value that was refused."""
        return key in self.lines.get(id(owner), {})


def describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class ValueReader:
    def __init__(self, problems: ProblemList, source: str):
        self.problems = problems
        self.source = source
        self.lines: dict[int, dict[str, int]] = {}
        self.missing_codes: tuple[MissingCode, ...] = DEFAULT_MISSING_CODES
        self.choice_lists: dict[str, ChoiceList] = {}

    # --- generic readers ----------------------------------------------------------------

    def add(self, line: int, sv: str, en: str) -> None:
        self.problems.add(line, sv, en)

    def remember(self, owner: object, data: YMap) -> None:
        self.lines[id(owner)] = {"": data.line, **data.lines}

    def as_map(self, value: Any, line: int, what: tuple[str, str]) -> YMap | None:
        kind = ("en mappning (nyckel: värde)", "a mapping (key: value)")
        return value if isinstance(value, YMap) else self._not_a(kind, value, line, what)

    def as_list(self, value: Any, line: int, what: tuple[str, str]) -> YList | None:
        kind = ("en lista", "a list")
        return value if isinstance(value, YList) else self._not_a(kind, value, line, what)

    def _not_a(self, kind: tuple[str, str], value: Any, line: int, what: tuple[str, str]) -> None:
        self.add(
            line,
            f"{what[0]} ska vara {kind[0]}, inte {describe(value)}.",
            f"{what[1]} must be {kind[1]}, not {describe(value)}.",
        )

    def maps_in(self, items: YList | None, what: tuple[str, str]) -> Iterator[YMap]:
        """The entries of a list that are mappings; each other entry is reported."""
        for index, item in enumerate(items or []):
            entry = self.as_map(item, items.line_of(index), what)  # type: ignore[union-attr]
            if entry is not None:
                yield entry

    def enum_value(
        self,
        data: YMap,
        key: str,
        kind: type[E],
        what: tuple[str, str],
        also: str = "",
        allowed: tuple[str, str] = ("Tillåtna", "Allowed"),
    ) -> E | None:
        """``data[key]`` as a member of ``kind``; None (reported) when it is not one."""
        value = data.get(key)
        if value is None:
            return None
        try:
            return kind(value)
        except ValueError:
            names = ", ".join(member.value for member in kind) + also  # type: ignore[attr-defined]
            self.add(
                data.line_of(key),
                f"Okänd {what[0]} {describe(value)}. {allowed[0]}: {names}.",
                f"Unknown {what[1]} {describe(value)}. {allowed[1]}: {names}.",
            )
            return None

    def unknown_keys(
        self,
        data: YMap,
        allowed: Collection[str],
        sv: Callable[[str], str],
        en: Callable[[str], str],
    ) -> None:
        """Report each key of ``data`` not in ``allowed`` at its line."""
        for key in data:
            if key not in allowed:
                self.add(data.line_of(key), sv(key), en(key))

    def keys(
        self, data: YMap, allowed: set[str], required: tuple[str, ...], what: str | tuple[str, str]
    ) -> None:
        sv, en = (what, what) if isinstance(what, str) else what
        names = ", ".join(sorted(allowed))
        self.unknown_keys(
            data,
            allowed,
            lambda key: f"Okänd nyckel {key!r} i {sv}. Tillåtna: {names}.",
            lambda key: f"Unknown key {key!r} in {en}. Allowed: {names}.",
        )
        for key in required:
            if data.get(key) is None:
                self.add(data.line, f"{key!r} saknas i {sv}.", f"{key!r} is missing in {en}.")

    def text(self, data: YMap, key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.add(
                data.line_of(key),
                f"{key!r} ska vara text, inte {describe(value)}.",
                f"{key!r} must be text, not {describe(value)}.",
            )
            return None
        text = str(value).strip()
        if not text:
            self.add(data.line_of(key), f"{key!r} är tom.", f"{key!r} is empty.")
            return None
        return text

    def code(self, data: YMap, key: str, pattern: re.Pattern[str] = CODE_RE) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not pattern.fullmatch(value):
            self.add(
                data.line_of(key),
                f"{describe(value)} är ingen giltig kod: använd små bokstäver a–z, siffror och"
                " _ (snake_case), högst 60 tecken.",
                f"{describe(value)} is not a valid code: use lower-case a–z, digits and _"
                " (snake_case), at most 60 characters.",
            )
            return None
        return value

    def integer(self, data: YMap, key: str) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(
                data.line_of(key),
                f"{key!r} ska vara ett heltal, inte {describe(value)}.",
                f"{key!r} must be a whole number, not {describe(value)}.",
            )
            return None
        return value

    def boolean(self, data: YMap, key: str) -> bool:
        value = data.get(key, False)
        if value is None or isinstance(value, bool):
            return bool(value)
        self.add(
            data.line_of(key),
            f"{key!r} ska vara true eller false, inte {describe(value)}.",
            f"{key!r} must be true or false, not {describe(value)}.",
        )
        return False

    def label(self, data: YMap, key: str) -> Text | None:
        """A ``{sv, en}`` label; absence is reported by ``keys()`` where the key is required."""
        value = data.get(key)
        line = data.line_of(key)
        if value is None:
            return None
        if isinstance(value, str) and value.strip():
            return Text(value.strip(), value.strip())
        labels = self.as_map(value, line, (f"{key!r}", f"{key!r}"))
        if labels is None:
            return None
        self.keys(labels, {"sv", "en"}, ("sv",), key)
        sv, en = self.text(labels, "sv"), self.text(labels, "en")
        return Text(sv, en or "") if sv else None

    def code_list(
        self, data: YMap, key: str, pattern: re.Pattern[str] = CODE_RE
    ) -> tuple[str, ...] | None:
        value = data.get(key)
        if value is None:
            return None
        items = self.as_list(value, data.line_of(key), (f"{key!r}", f"{key!r}"))
        if items is None:
            return None
        codes = []
        for index, item in enumerate(items):
            holder = YMap(items.line_of(index))
            holder["item"] = item
            holder.lines["item"] = items.line_of(index)
            code = self.code(holder, "item", pattern)
            if code:
                codes.append(code)
        return tuple(codes)

    def expression(self, data: YMap, key: str) -> tuple[str | None, Any]:
        text = self.text(data, key)
        if text is None:
            return None, None
        try:
            return text, expr.parse(text)
        except expr.ExpressionError as error:
            self.add(
                data.line_of(key),
                f"Fel i {key!r}-uttrycket {text!r}: {error.sv}",
                f"Error in the {key!r} expression {text!r}: {error.en}",
            )
            return text, None
