"""Notes on tables whose question has answers its phase does not count, so a 0 is never
shown without saying why."""

from __future__ import annotations

import dataclasses

from isu.domain.text import Text
from isu.summary.form_layout import phase_title, requirement_text
from isu.summary.model import Section, SummaryTable
from isu.summary.tables.context import SummaryContext, base_population


def explain_uncounted(
    builder: SummaryContext, sections: tuple[Section, ...]
) -> tuple[Section, ...]:
    """Notes on every question table (and data-quality table) whose question has answers
    the phase does not count, so a 0 is never shown without saying why. The note says no
    number: how many were left out could be a small count."""
    left_out = _phases_leaving_out(builder)
    if not left_out:
        return sections
    return tuple(
        dataclasses.replace(
            section,
            tables=tuple(_with_note(builder, table, left_out) for table in section.tables),
        )
        for section in sections
    )


def _phases_leaving_out(builder: SummaryContext) -> dict[str, set[str]]:
    """Phase → codes of its questions with answers outside the cases the phase counts."""
    found: dict[str, set[str]] = {}
    for question in builder.summarised_questions():
        base = base_population(builder, question, question.phase)
        if base is builder.everyone:
            continue
        cells = builder.cells(question.code)
        answered = builder.answered(question)  # computed once; the tables need it anyway
        if len(cells) == answered.count + answered.reasons:
            continue  # every stored answer lies in the question's population
        member = base.member
        if any(not member[i] for i, (value, _) in cells.items() if value is not None):
            found.setdefault(question.phase, set()).add(question.code)
    return found


def _with_note(
    builder: SummaryContext, table: SummaryTable, left_out: dict[str, set[str]]
) -> SummaryTable:
    spec = builder.spec
    phase = None
    if table.key.startswith("quality."):
        candidate = table.key.removeprefix("quality.")
        phase = candidate if candidate in left_out else None
    else:
        code = table.key.split(".", 1)[-1]
        phase = next((p for p, codes in left_out.items() if code in codes), None)
        if not table.key.startswith(("q.", "scale.", "topbox.")):
            phase = None
    if phase is None:
        return table
    who = requirement_text(spec, phase)
    if who is None:
        return table
    title = phase_title(spec, phase)
    extra = Text(
        f"Svar finns som inte räknas här: frågor i fasen {title.sv} räknas bara på {who.sv}.",
        f"Some answers are not counted here: questions in the phase {title.en} are counted "
        f"only on {who.en}.",
    )
    if table.note is None:
        return dataclasses.replace(table, note=extra)
    note = Text(f"{table.note.sv} {extra.sv}", f"{table.note.get('en')} {extra.en}")
    return dataclasses.replace(table, note=note)
