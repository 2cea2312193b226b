"""Repeat groups: how many items per case, and for the interventions group its type, focus,
actor and status (counted in interventions, not cases) and type × status."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from isu.domain.form import QType, Question, RepeatGroup
from isu.domain.text import Text
from isu.summary.model import SummaryTable
from isu.summary.tables.common import categories_of, text_of
from isu.summary.tables.context import SummaryContext, base_population
from isu.summary.tables.generic import (
    block_table,
    count_matrix,
    frequency_from,
    multiple_from,
    statistics_from,
)

INTERVENTION_ROLES = (
    "intervention_type",
    "intervention_focus",
    "intervention_actor",
    "intervention_status",
)
_EMPTY = (None, None)


def repeat_group_tables(ctx: SummaryContext) -> list[SummaryTable]:
    tables: list[SummaryTable] = []
    for group in ctx.spec.repeat_groups():
        if group.role == "interventions":
            tables += interventions(ctx, group)
        tables.append(items_per_case(ctx, group))
    return tables


def items_per_case(ctx: SummaryContext, group: RepeatGroup) -> SummaryTable:
    population = base_population(ctx, None, group.phase)
    per_case = Counter(index for index, _ in ctx.data.items.get(group.code, ()))
    values = [(i, float(per_case[i])) for i, inside in enumerate(population.member) if inside]
    return statistics_from(
        ctx,
        f"group.{group.code}.per_case",
        Text(
            f"Antal per ärende: {group.label.sv}",
            f"Number per case: {group.label.en or group.label.sv}",
        ),
        values,
        population.size,
    )


def interventions(ctx: SummaryContext, group: RepeatGroup) -> list[SummaryTable]:
    items = ctx.data.items.get(group.code, ())
    by_role = {q.role: q for q in group.questions if q.role}
    note = Text("Räknat i insatser, inte ärenden.", "Counted in interventions, not cases.")
    tables = [
        item_table(ctx, by_role[role], items, note)
        for role in INTERVENTION_ROLES
        if role in by_role
    ]
    kind, status = by_role.get("intervention_type"), by_role.get("intervention_status")
    if kind is not None and status is not None and kind.type is not QType.MULTIPLE:
        tables.append(type_by_status(ctx, kind, status, items))
    return tables


def item_table(
    ctx: SummaryContext, question: Question, items: Sequence, note: Text
) -> SummaryTable:
    key = f"interventions.{question.role.removeprefix('intervention_')}"  # type: ignore[union-attr]
    values = [(index, item.get(question.code, _EMPTY)[0]) for index, item in items]
    if question.type is QType.MULTIPLE:
        chosen = [(index, tuple(value)) for index, value in values if value]
        return multiple_from(ctx, key, question, chosen, len(items), note)
    answered = [(index, value) for index, value in values if value is not None]
    rows, counts = count_matrix(
        ctx, question, [index for index, _ in answered], [value for _, value in answered]
    )
    return frequency_from(ctx, key, text_of(question.label), rows, counts, len(items), note)


def type_by_status(
    ctx: SummaryContext, kind: Question, status: Question, items: Sequence
) -> SummaryTable:
    groups = ctx.groups
    of_case = groups.of_case
    triples = [
        (of_case[index], item.get(kind.code, _EMPTY)[0], item.get(status.code, _EMPTY)[0])
        for index, item in items
    ]
    complete = [(j, k, s) for j, k, s in triples if k is not None and s is not None]
    rows = categories_of(kind, (k for _, k, _ in complete))
    columns = categories_of(status, (s for _, _, s in complete))
    tally = Counter(complete)
    return block_table(
        ctx,
        "interventions.type_status",
        Text("Insatser efter typ och status", "Interventions by type and status"),
        [label for _, label in rows],
        [label for _, label in columns],
        [[tally[(j, r, c)] for c, _ in columns] for j, _ in groups.blocks() for r, _ in rows],
        row_header=text_of(kind.label),
        col_header=text_of(status.label),
        missing=len(triples) - len(complete),
        note=Text(
            "Räknat i insatser; andelar av radens insatser.",
            "Counted in interventions; shares of the row's interventions.",
        ),
    )
