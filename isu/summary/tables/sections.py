"""The report's sections in order, each with its tables: question tables in form order per
phase, and each family's tables where they belong."""

from __future__ import annotations

from isu.domain.text import Text
from isu.summary import form_layout
from isu.summary.model import Section, SummaryTable
from isu.summary.tables import before_after, needs, quality, repeat_groups, scales, volume
from isu.summary.tables.batteries import battery, find_batteries
from isu.summary.tables.context import PHASES, SummaryContext
from isu.summary.tables.generic import question_table
from isu.summary.tables.uncounted import explain_uncounted

SECTION_TITLES = {
    "volume": Text("Ärenden och flöden", "Cases and flows"),
    "profile": Text("Målgrupp", "Target group"),
    "process": Text("Process och insatser", "Process and interventions"),
    "results": Text("Resultat", "Results"),
    "experience": Text("Den unges upplevelse", "Client experience"),
    "quality": Text("Datakvalitet", "Data quality"),
}


def build_sections(ctx: SummaryContext) -> tuple[Section, ...]:
    first_results = before_after.results_first(ctx)  # before phase_tables: it marks what it covers
    by_phase = phase_tables(ctx)
    dated = form_layout.is_dated(ctx.spec)
    sections = [
        ("volume", [volume.volume(ctx) if dated else None, *by_phase["admin"]]),
        ("profile", [volume.gender_by_age(ctx), *by_phase["before"], needs.rated_needs(ctx)]),
        (
            "process",
            [
                *by_phase["during"],
                *repeat_groups.repeat_group_tables(ctx),
                *needs.needs_addressed(ctx),
            ],
        ),
        ("results", [*first_results, *before_after.transitions(ctx), *by_phase["after"]]),
        ("experience", [*quality.response_rates(ctx), *by_phase["experience"]]),
        (
            "quality",
            [*quality.quality_tables(ctx), quality.open_long(ctx) if ctx.has_starts() else None],
        ),
    ]
    built = tuple(
        Section(
            key,
            form_layout.section_title(ctx.spec, key, SECTION_TITLES[key]),
            tuple(t for t in tables if t is not None),
        )
        for key, tables in sections
        if any(t is not None for t in tables)
    )
    return explain_uncounted(ctx, built)


def phase_tables(ctx: SummaryContext) -> dict[str, list[SummaryTable]]:
    """Question tables in form order, each battery's overview before its first item."""
    tables: dict[str, list[SummaryTable]] = {phase: [] for phase in PHASES}
    batteries = {items[0].code: items for items in find_batteries(ctx.spec)}
    for question in ctx.summarised_questions():
        if question.code in batteries:
            tables[question.phase].append(battery(ctx, batteries[question.code]))
        tables[question.phase] += scales.tables_before(ctx, question)
        if question.code in ctx.covered:
            continue
        table = question_table(ctx, question)
        if table is not None:
            tables.setdefault(question.phase, []).append(table)
        tables[question.phase] += scales.tables_after(ctx, question)
    return tables
