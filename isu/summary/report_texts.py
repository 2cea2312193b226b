"""The report's fixed texts as its form needs them: SIG's texts unchanged (``caveats``,
``reading_guide`` in ``isu.summary.tabular``), a form with its own unit noun or without
before/after pairs gets texts that speak of what it counts and leave out the before/after
and comparison-group caveats, which would mean nothing there."""

from __future__ import annotations

from isu.domain.text import Text
from isu.summary.model import ReportMeta
from isu.summary.tabular import SUPPRESSED_MARK, caveats, reading_guide

DEFAULT_NOUN = Text("ärenden", "cases")


def is_default(meta: ReportMeta) -> bool:
    return meta.noun == DEFAULT_NOUN and meta.before_after


def report_caveats(meta: ReportMeta, lang: str = "sv", k: int | None = None) -> tuple[str, ...]:
    k = meta.k if k is None else k
    if is_default(meta):
        return caveats(k, lang)
    noun = meta.noun.get(lang)
    if lang == "en":
        lines = [
            f"Small numbers are hidden: counts from 1 to {k - 1}, and figures based on fewer "
            f"than {k} {noun}, are shown as '{SUPPRESSED_MARK}', and some further figures are "
            "hidden so that the small ones cannot be worked out from the totals.",
        ]
        if meta.before_after:
            lines += [
                "There is no comparison group. Changes between start and closure describe the "
                "group; they are not estimates of what the intervention caused.",
                "Before/after tables cover only closed cases with both measurements; their n "
                "is shown under each table.",
            ]
        return (*lines, "The numbers are small and vary by chance between periods.")
    lines = [
        f"Små tal visas inte: antal från 1 till {k - 1}, och uppgifter som bygger på färre "
        f"än {k} {noun}, visas som '{SUPPRESSED_MARK}'. Ytterligare uppgifter döljs så att "
        "de små inte kan räknas fram ur summorna.",
    ]
    if meta.before_after:
        lines += [
            "Det finns ingen jämförelsegrupp. Förändringar mellan start och avslut beskriver "
            "gruppen; de är inte skattningar av insatsens effekt.",
            "Före/efter-tabeller omfattar bara avslutade ärenden med båda mätningarna; deras n "
            "anges under varje tabell.",
        ]
    return (*lines, "Talen är små och varierar slumpmässigt mellan perioder.")


def report_guide(meta: ReportMeta, lang: str = "sv") -> tuple[str, ...]:
    if is_default(meta):
        return reading_guide(lang)
    noun = meta.noun.get(lang)
    if lang == "en":
        lines = [
            f"Each table shows how many {noun} (n) it covers and how many lack an answer; "
            "where each row is a question of its own, n counts answers instead, as the note "
            "under the table says. Shares are whole percent, rounded half up, of those that "
            "answered, so they may not add up to exactly 100%.",
            "Tables split by gender or age band show each group's own shares. With multiple "
            "choice questions one respondent can be counted under several options.",
        ]
        if meta.before_after:
            lines.append(f"Before/after tables compare the same {noun} at start and at closure.")
        return tuple(lines)
    lines = [
        f"Varje tabell anger hur många {noun} (n) den bygger på och hur många som saknar "
        "svar; där varje rad är en egen fråga räknar n i stället svar, som noten under "
        "tabellen anger. Andelar anges i hela procent, avrundade uppåt vid jämna halvor, "
        "av dem som svarat, och summerar därför inte alltid till exakt 100 %.",
        "Tabeller uppdelade på kön eller åldersgrupp visar varje grupps egna andelar. Vid "
        "frågor med flera svarsalternativ kan samma svarande räknas under flera alternativ.",
    ]
    if meta.before_after:
        lines.append(f"Före/efter-tabeller jämför samma {noun} vid start och vid avslut.")
    return tuple(lines)


def cover_line(meta: ReportMeta) -> str:
    """ "Enhet, kommun" without a dangling comma when one of them is missing."""
    return ", ".join(part for part in (meta.unit, meta.municipality) if part)


def footer_line(meta: ReportMeta, lang: str = "sv") -> str:
    return " · ".join(part for part in (meta.title.get(lang), meta.unit) if part)


def count_label(meta: ReportMeta, lang: str = "sv") -> str:
    noun = meta.noun.get(lang)
    return f"Number of {noun} (N)" if lang == "en" else f"Antal {noun} (N)"
