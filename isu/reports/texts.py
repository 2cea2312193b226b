"""The report's fixed texts: footnotes under a table, the reading guide, the caveats and
the metadata rows, as every writer (PDF, XLSX, CSV) and the summary page print them.
SIG's texts are ``caveats`` and ``reading_guide``; a form with its own unit noun or
without before/after pairs gets texts that speak of what it counts and leave out the
before/after and comparison-group caveats, which would mean nothing there
(``report_caveats``, ``report_guide``)."""

from __future__ import annotations

from isu.domain.text import SUPPRESSED_MARK, Text
from isu.summary.disclosure import ProtectedTable
from isu.summary.fmt import format_date, format_number, format_period
from isu.summary.model import PercentBase, ReportMeta, TableKind


def suppression_footnote(k: int, lang: str = "sv") -> str:
    if lang == "en":
        return (
            f"{SUPPRESSED_MARK} = not shown to protect individuals: fewer than {k}, or hidden "
            "so that other hidden figures cannot be worked out from the totals."
        )
    return (
        f"{SUPPRESSED_MARK} = visas inte för att skydda enskilda: färre än {k}, eller dold "
        "för att andra dolda uppgifter inte ska kunna räknas fram ur summorna."
    )


def withheld_footnote(lang: str = "sv") -> str:
    if lang == "en":
        return (
            f"Min and max ({SUPPRESSED_MARK}) are never published, however many values there"
            " are: each is one person's exact value."
        )
    return (
        f"Min och max ({SUPPRESSED_MARK}) publiceras aldrig, oavsett antal värden: vart och"
        " ett är en enskild persons exakta värde."
    )


def figure_text(value: int | None, lang: str = "sv", grouping: bool = True) -> str:
    """A published count, or the suppression mark for a hidden one (None)."""
    return SUPPRESSED_MARK if value is None else format_number(value, lang, grouping=grouping)


ROW_SHARES_NOTE = Text("Andelar av radens total.", "Shares of the row total.")
TOTAL_SHARES_NOTE = Text("Andelar av totalen.", "Shares of the grand total.")


def table_footnotes(table: ProtectedTable, lang: str = "sv") -> tuple[str, ...]:
    """Lines printed under a table: n and missing answers, how to read it, the marks."""
    notes = [_count_note(table, figure_text(table.n, lang), figure_text(table.missing, lang))]
    if table.percent is PercentBase.ROW:
        notes.append(ROW_SHARES_NOTE)
    elif table.percent is PercentBase.TOTAL:
        notes.append(TOTAL_SHARES_NOTE)
    if table.note is not None:
        notes.append(table.note)
    lines = [note.get(lang) for note in notes]
    if table.has_small_number_suppression:
        lines.append(suppression_footnote(table.k, lang))
    if table.has_withheld:
        lines.append(withheld_footnote(lang))
    return tuple(lines)


def _count_note(table: ProtectedTable, n: str, missing: str) -> Text:
    """What n counts in ``table``, and how many lack an answer."""
    if table.kind is TableKind.MULTIPLE_CHOICE:
        return Text(
            f"n = {n} svarande; {missing} har inte besvarat frågan. Flera svar möjliga: "
            "andelarna avser de svarande och summeras inte till 100 %.",
            f"n = {n} respondents; {missing} did not answer. Several answers possible: "
            "shares are of respondents and do not add up to 100%.",
        )
    if table.kind is TableKind.TRANSITION:
        return Text(
            f"n = {n} avslutade ärenden med både före- och eftermätning; "
            f"{missing} avslutade ärenden saknar någon av dem.",
            f"n = {n} closed cases with both a before and an after measurement; "
            f"{missing} closed cases lack one of them.",
        )
    if table.kind is TableKind.VOLUME:
        return Text(
            "Mediantid: från aktualisering till start (påbörjade) och från start till "
            "avslut (avslutade), i dagar.",
            "Median time: referral to start (started) and start to closure (closed), in days.",
        )
    if table.kind is TableKind.STATISTICS:
        return Text(
            f"n = antal värden ({n}). Uppgift saknas: {missing}.",
            f"n = number of values ({n}). Missing: {missing}.",
        )
    if table.key.startswith("battery."):  # rows are questions: n counts answers
        return Text(
            f"n = {n} svar (ett per ärende och fråga), inte ärenden. Uppgift saknas: {missing}.",
            f"n = {n} answers (one per case and question), not cases. Missing: {missing}.",
        )
    if table.key.startswith("topbox."):  # rows are scale items: n counts answers
        return Text(
            f"n = {n} svar (ett per svarande och fråga). Uppgift saknas: {missing}.",
            f"n = {n} answers (one per respondent and item). Missing: {missing}.",
        )
    return Text(f"n = {n}. Uppgift saknas: {missing}.", f"n = {n}. Missing: {missing}.")


def reading_guide(lang: str = "sv") -> tuple[str, ...]:
    if lang == "en":
        return (
            "Each table shows how many cases (n) it covers and how many lack an answer; "
            "where each row is a question of its own, n counts answers instead, as the "
            "note under the table says. "
            "Shares are whole percent, rounded half up, of the cases that answered, so they "
            "may not add up to exactly 100%.",
            "Tables split by gender or age band show each group's own shares. With multiple "
            "choice questions a case can be counted under several options.",
            "Before/after tables compare the same cases at start and at closure.",
        )
    return (
        "Varje tabell anger hur många ärenden (n) den bygger på och hur många som saknar "
        "svar; där varje rad är en egen fråga räknar n i stället svar, som noten under "
        "tabellen anger. Andelar anges i hela procent, avrundade uppåt vid jämna halvor, "
        "av dem som svarat, och summerar därför inte alltid till exakt 100 %.",
        "Tabeller uppdelade på kön eller åldersgrupp visar varje grupps egna andelar. Vid "
        "frågor med flera svarsalternativ kan ett ärende räknas under flera alternativ.",
        "Före/efter-tabeller jämför samma ärenden vid start och vid avslut.",
    )


def caveats(k: int, lang: str = "sv") -> tuple[str, ...]:
    if lang == "en":
        return (
            f"Small numbers are hidden: counts from 1 to {k - 1}, and figures based on fewer "
            f"than {k} cases, are shown as '{SUPPRESSED_MARK}', and some further figures are "
            "hidden so that the small ones cannot be worked out from the totals.",
            "There is no comparison group. Changes between start and closure describe the "
            "group; they are not estimates of what the intervention caused.",
            "Before/after tables cover only closed cases with both measurements; their n is "
            "shown under each table.",
            "The numbers are small and vary by chance between periods.",
        )
    return (
        f"Små tal visas inte: antal från 1 till {k - 1}, och uppgifter som bygger på färre "
        f"än {k} ärenden, visas som '{SUPPRESSED_MARK}'. Ytterligare uppgifter döljs så att "
        "de små inte kan räknas fram ur summorna.",
        "Det finns ingen jämförelsegrupp. Förändringar mellan start och avslut beskriver "
        "gruppen; de är inte skattningar av insatsens effekt.",
        "Före/efter-tabeller omfattar bara avslutade ärenden med båda mätningarna; deras n "
        "anges under varje tabell.",
        "Talen är små och varierar slumpmässigt mellan perioder.",
    )


SECTION_LABEL = Text("Avsnitt", "Section")
TABLE_LABEL = Text("Tabell", "Table")
MISSING_LABEL = Text("Uppgift saknas", "Missing")


def metadata_rows(meta: ReportMeta, lang: str = "sv") -> tuple[tuple[str, str], ...]:
    rows = [
        (Text("Titel", "Title"), meta.title.get(lang)),
        *(((Text("Enhet", "Unit"), meta.unit),) if meta.unit else ()),
        *(((Text("Kommun", "Municipality"), meta.municipality),) if meta.municipality else ()),
        (Text("Period", "Period"), format_period(meta.period_from, meta.period_to)),
        *((label, value.get(lang)) for label, value in meta.filters),
        (None, format_number(meta.n_cases, lang)),
        (Text("Skapad", "Created"), format_date(meta.created)),
        (Text("Formulär", "Form"), meta.form_id),
        (Text("Formulärversioner", "Form versions"), ", ".join(meta.form_versions) or "–"),
        (Text("Gräns för små tal (k)", "Small-number threshold (k)"), str(meta.k)),
    ]
    return tuple(
        (count_label(meta, lang) if label is None else label.get(lang), value)
        for label, value in rows
    )


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
