"""Bilingual text and the suppression mark: one home for both, used by forms, summaries,
reports and exports alike."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Text:
    """A text in Swedish and English; English falls back to Swedish when empty."""

    sv: str
    en: str = ""

    def get(self, lang: str = "sv") -> str:
        if lang == "en" and self.en:
            return self.en
        return self.sv

    def __str__(self) -> str:
        return self.sv

    @classmethod
    def same(cls, text: str) -> Text:
        return cls(text, text)


# As SCB and Socialstyrelsen print a hidden cell; "–" would read as zero.
SUPPRESSED_MARK = "x"
