"""A problem found in a form definition, pointing at the YAML line that causes it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    line: int
    message_sv: str
    message_en: str

    def message(self, lang: str = "sv") -> str:
        return self.message_en if lang == "en" else self.message_sv

    def format(self, lang: str = "sv", source: str = "") -> str:
        where = "rad" if lang == "sv" else "line"
        prefix = f"{source}:" if source else ""
        return f"{prefix}{where} {self.line}: {self.message(lang)}"

    def __str__(self) -> str:
        return self.format("en")


class ProblemList:
    """Collects problems while a form is read, so all of them can be reported at once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, line: int, sv: str, en: str) -> None:
        self.items.append(Problem(max(1, int(line)), sv, en))

    def __bool__(self) -> bool:
        return bool(self.items)

    def sorted(self) -> list[Problem]:
        # Stable by line, keeping the order found within a line; drop exact duplicates.
        unique = list(dict.fromkeys(self.items))
        return sorted(unique, key=lambda p: p.line)
