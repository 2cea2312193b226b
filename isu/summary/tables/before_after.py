"""Results: goal attainment first, then each before/after pair (``pair`` in the form) as a
transition table (categories) or the change from start to closure (numbers)."""

from __future__ import annotations

from collections import Counter

from isu.domain.form import QType, Question
from isu.domain.text import Text
from isu.summary.builders import transition_table
from isu.summary.model import SummaryTable
from isu.summary.tables.common import block_label, categories_of, is_number, is_numeric, text_of
from isu.summary.tables.context import SummaryContext
from isu.summary.tables.generic import frequency, statistics_from

_EMPTY = (None, None)


def results_first(ctx: SummaryContext) -> list[SummaryTable]:
    goal = ctx.spec.by_role("goal_attainment")
    if goal is None or goal.type is not QType.SINGLE:
        return []
    ctx.covered.add(goal.code)
    return [frequency(ctx, goal)]


def transitions(ctx: SummaryContext) -> list[SummaryTable]:
    tables = []
    for before, after in ctx.spec.pairs():
        if before.type in (QType.SINGLE, QType.YESNO) and after.type == before.type:
            tables.append(transition(ctx, before, after))
        elif is_numeric(before) and is_numeric(after):
            tables.append(numeric_change(ctx, before, after))
    return tables


def pair_population(ctx: SummaryContext, before: Question, after: Question) -> list[bool]:
    """Closed cases asked both questions (phase, form version and skip logic)."""
    return list(
        map(
            all,
            zip(
                ctx.closed.member,
                ctx.population_of(before).member,
                ctx.population_of(after).member,
                strict=True,
            ),
        )
    )


def transition(ctx: SummaryContext, before: Question, after: Question) -> SummaryTable:
    """Before × after on closed cases with both answers. Split, the rows come in one
    block per group ("group – before"), so the table stays two-dimensional and its own
    margins are all it publishes (no group-less table whose cells would be sums)."""
    groups = ctx.groups
    firsts, seconds = ctx.cells(before.code), ctx.cells(after.code)
    pairs = []
    asked = pair_population(ctx, before, after)
    for index, inside in enumerate(asked):
        if inside:
            first = firsts.get(index, _EMPTY)[0]
            second = seconds.get(index, _EMPTY)[0]
            if first is not None and second is not None:
                pairs.append((groups.of_case[index], first, second))
    befores = categories_of(before, (a for _, a, _ in pairs))
    columns = categories_of(after, (b for _, _, b in pairs))
    tally = Counter(pairs)
    parts = [(group, row) for group in groups.blocks() for row in befores]
    label = text_of(after.label)
    return transition_table(
        f"pair.{before.code}.{after.code}",
        Text(f"Före och efter: {label.sv}", f"Before and after: {label.get('en')}"),
        [row_label if g is None else block_label(g, row_label) for (_, g), (_, row_label) in parts],
        [label for _, label in columns],
        [[tally[(j, r, c)] for c, _ in columns] for (j, _), (r, _) in parts],
        missing=sum(asked) - len(pairs),
        row_parts=[(g, row) for (_, g), (_, row) in parts] if groups.is_split else (),
        split=groups.split,
    )


def numeric_change(ctx: SummaryContext, before: Question, after: Question) -> SummaryTable:
    firsts, seconds = ctx.cells(before.code), ctx.cells(after.code)
    changes = []
    asked = pair_population(ctx, before, after)
    for index, inside in enumerate(asked):
        first = firsts.get(index, _EMPTY)[0]
        second = seconds.get(index, _EMPTY)[0]
        if inside and is_number(first) and is_number(second):
            changes.append((index, float(second) - float(first)))  # type: ignore[arg-type]
    label = text_of(after.label)
    return statistics_from(
        ctx,
        f"pair.{before.code}.{after.code}",
        Text(
            f"Förändring från start till avslut: {label.sv}",
            f"Change from start to closure: {label.en or label.sv}",
        ),
        changes,
        sum(asked),
    )
